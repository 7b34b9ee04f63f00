"""`dockdeck stats`: what the deck holds, and what changed since the last build."""

from __future__ import annotations

import json
from collections import Counter

from conftest import SETTINGS, import_apkg

A = """\
deck: {ko: 컨테이너, en: Containers}
tags: [containers]
cards:
  - id: stop-signal
    front: {ko: 신호?, en: Which signal?}
    back: SIGTERM
    tags: [stop]
  - id: exec-shell
    command: docker exec -it <container> sh
    blanks: [-it, sh]
    meaning: {ko: 셸 열기, en: Open a shell}
    tags: [exec]
"""

B = """\
deck: {ko: 이미지, en: Images}
cards:
  - id: layers
    cloze: "An image is made of [[layers]], each one [[read-only]]."
"""


def stats_json(run_cli, cards, *extra):
    result = run_cli("stats", "--cards", cards, "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_stats_counts_notes_and_cards_per_deck_tag_and_language(run_cli, make_cards):
    data = stats_json(run_cli, make_cards({"a.yaml": A, "b.yaml": B}))
    assert (data["cards"], data["files"]) == (3, 2)
    en = next(lang for lang in data["langs"] if lang["lang"] == "en")
    # exec-shell: a cloze note with 2 blanks (-it, sh) and a recall note
    assert en["total"] == {"notes": 4, "cards": 6}
    assert en["decks"] == {"Docker::01 Containers": {"notes": 3, "cards": 4},
                           "Docker::02 Images": {"notes": 1, "cards": 2}}
    assert en["tags"] == {"containers": {"notes": 3, "cards": 4}, "exec": {"notes": 2, "cards": 3},
                          "stop": {"notes": 1, "cards": 1}}
    assert [lang["lang"] for lang in data["langs"]] == ["ko", "en"]


def test_stats_card_counts_are_what_anki_imports(run_cli, make_cards, collection):
    cards = make_cards({"a.yaml": A, "b.yaml": B})
    data = stats_json(run_cli, cards, "--lang", "en")
    assert run_cli("build", "--cards", cards, "--lang", "en").exit_code == 0
    import_apkg(collection, cards.parent / "dist" / "docker-en.apkg")
    per_deck = Counter(collection.decks.name(collection.get_card(cid).did) for cid in collection.find_cards(""))
    assert {name: count["cards"] for name, count in data["langs"][0]["decks"].items()} == dict(per_deck)


def test_stats_before_any_build_says_so(run_cli, make_cards):
    cards = make_cards({"a.yaml": A})
    result = run_cli("stats", "--cards", cards)
    assert result.exit_code == 0
    assert f"no build yet ({cards / 'note-times.json'} does not exist)" in result.output


def test_stats_lists_cards_added_changed_and_removed_since_the_last_build(run_cli, make_cards):
    cards = make_cards({"a.yaml": A, "b.yaml": B})
    assert run_cli("build", "--cards", cards, "--out", cards.parent / "dist").exit_code == 0
    edited = A.replace("back: SIGTERM", "back: SIGTERM, then SIGKILL") + (
        "  - id: kill\n    front: kill?\n    back: SIGKILL\n")
    (cards / "a.yaml").write_text(edited, encoding="utf-8")
    (cards / "b.yaml").write_text("deck: {ko: 이미지, en: Images}\ncards: []\n", encoding="utf-8")
    data = stats_json(run_cli, cards)
    for lang in data["langs"]:
        assert lang["since_last_build"] == {"added": ["kill"], "changed": ["stop-signal"], "removed": ["layers"],
                                            "moved": [], "kind_changed": [], "blanks_removed": []}


def test_stats_after_a_build_reports_nothing_changed_and_the_decks_in_dist_up_to_date(run_cli, make_cards):
    cards = make_cards({"a.yaml": A})
    assert run_cli("build", "--cards", cards).exit_code == 0
    result = run_cli("stats", "--cards", cards)
    assert f"nothing: {cards / 'note-times.json'} is up to date with the cards" in result.output
    assert f"decks in {cards.parent / 'dist'}/: up to date" in result.output


def test_stats_and_build_check_agree_that_dist_is_stale_after_a_build_into_another_folder(run_cli, make_cards,
                                                                                          tmp_path):
    cards = make_cards({"a.yaml": A})
    dist = cards.parent / "dist"
    assert run_cli("build", "--cards", cards).exit_code == 0
    (cards / "a.yaml").write_text(A.replace("back: SIGTERM", "back: SIGTERM, then SIGKILL"), encoding="utf-8")
    assert run_cli("build", "--cards", cards, "--out", tmp_path / "elsewhere").exit_code == 0

    check = run_cli("build", "--check", "--cards", cards)
    stats = run_cli("stats", "--cards", cards)
    data = stats_json(run_cli, cards)

    assert check.exit_code == 1 and f"{dist / 'docker-en.apkg'}:1: out of date" in check.output
    assert "the decks in the output folder are up to date" not in stats.output
    assert f"decks in {dist}/: out of date: docker-en.apkg, docker-ko.apkg" in stats.output
    assert data["output"] == {"folder": str(dist), "stale": ["docker-en.apkg", "docker-ko.apkg"], "blocked": ""}
    elsewhere = run_cli("stats", "--cards", cards, "--out", tmp_path / "elsewhere").output
    assert f"decks in {tmp_path / 'elsewhere'}/: up to date" in elsewhere


def test_stats_writes_nothing(run_cli, make_cards):
    cards = make_cards({"a.yaml": A})
    before = sorted(p.name for p in cards.parent.rglob("*"))
    stats_json(run_cli, cards)
    assert sorted(p.name for p in cards.parent.rglob("*")) == before


def test_stats_on_invalid_cards_exits_1_with_the_problem_on_stderr(make_cards):
    from click.testing import CliRunner

    from generator.cli import cli

    cards = make_cards({"a.yaml": A.replace("back: SIGTERM", "bak: SIGTERM")})
    result = CliRunner().invoke(cli, ["stats", "--cards", str(cards)])
    assert result.exit_code == 1
    assert "unknown key 'bak'" in result.stderr
    assert result.stdout == ""


def test_stats_counts_the_typing_cards_when_the_deck_has_them(run_cli, make_cards):
    cards = make_cards({"a.yaml": A, "b.yaml": B}, settings=SETTINGS % "a.yaml, b.yaml" + "typing: true\n")
    en = next(lang for lang in stats_json(run_cli, cards)["langs"] if lang["lang"] == "en")
    assert en["typing"] == {"notes": 1, "cards": 1}  # exec-shell's
    assert en["total"] == {"notes": 5, "cards": 7}
    text = run_cli("stats", "--cards", cards).output
    assert "en: 5 notes, 7 Anki cards, 1 of them typing cards" in text


ONE_COMMAND = "deck: {ko: 가, en: A}\ncards:\n  - id: exec-shell\n    command: docker exec -it <c> sh\n" \
              "    meaning: {ko: 셸, en: shell}\n"


def test_stats_says_one_card_and_one_file_in_the_singular(run_cli, make_cards):
    cards = make_cards({"a.yaml": ONE_COMMAND})
    result = run_cli("stats", "--cards", cards, "--lang", "en")
    assert result.output.startswith("docker: 1 card in 1 file\n")


def test_build_and_stats_count_a_new_command_card_the_same_way(run_cli, make_cards):
    cards = make_cards({"a.yaml": A})
    out = cards.parent / "dist"
    assert run_cli("build", "--cards", cards, "--out", out, "--lang", "en").exit_code == 0
    (cards / "a.yaml").write_text(A + ONE_COMMAND.split("cards:\n")[1].replace("exec-shell", "exec-two"),
                                  encoding="utf-8")
    stats = run_cli("stats", "--cards", cards, "--lang", "en").output
    build = run_cli("build", "--cards", cards, "--out", out, "--lang", "en").output
    assert "  en: 1 card added, 0 changed, 0 removed" in stats
    assert "  since the last build: 1 card added, 0 changed (2 notes)" in build
