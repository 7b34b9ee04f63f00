"""`dockdeck new` starts a topic file; `dockdeck add` appends a command card without touching the rest."""

from __future__ import annotations

import re

from conftest import field_of, import_apkg, rendered_cards, visible_lines

from generator.sources.load import load_text
from generator.sources.schema import MODELINE

SETTINGS_WITH_COMMENTS = """\
# yaml-language-server: $schema=schema.json
# The deck's settings.
name: docker
languages: [ko, en]
root_deck: {ko: 도커, en: Docker}   # root
files:
  - a.yaml      # first things first

# end of settings
"""

# Written the way people write: odd spacing, comments everywhere, a block text.
HANDWRITTEN = """\
# yaml-language-server: $schema=schema.json
deck:   { ko: 컨테이너,  en: Containers }   # spaced out
tags: [ containers ]
cards:
  # --- first section ---
  - id: stop-signal
    front: { ko: "신호?",   en: 'Which signal?' }
    back: "`SIGTERM`"    # quoted because of the backtick

  - id: long-text
    extra: |
      Line one.
        Indented line two.
    front: q
    back:   a
  # trailing comment about future cards
"""


def inserted_part(old: str, new: str) -> tuple[str, str]:
    """(what was inserted, what the rest became): the rest equals ``old`` iff only an insertion happened."""
    k = 0
    while k < min(len(old), len(new)) and old[k] == new[k]:
        k += 1
    extra = len(new) - len(old)
    return new[k:k + extra], new[:k] + new[k + extra:]


def test_new_writes_a_topic_file_that_passes_check(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: A\ncards: []\n"})
    assert run_cli("new", "--cards", cards, "networks").exit_code == 0
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 0, result.output


def test_new_topic_file_starts_with_the_schema_line(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: A\ncards: []\n"})
    run_cli("new", "--cards", cards, "networks")
    assert (cards / "networks.yaml").read_text(encoding="utf-8").splitlines()[0] == MODELINE
    assert (cards / "schema.json").is_file()


def test_new_topic_file_has_a_working_commented_example_of_each_kind(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: A\ncards: []\n"})
    run_cli("new", "--cards", cards, "networks")
    file = cards / "networks.yaml"
    text = file.read_text(encoding="utf-8").replace("cards: []", "cards:")
    file.write_text(re.sub(r"^  # ([ -] )", r"  \1", text, flags=re.M), encoding="utf-8")
    tree, problems = load_text(file.read_text(encoding="utf-8"), "networks.yaml")
    assert not problems
    kinds = sorted(next(k for k in ("front", "command", "cloze") if k in card) for card in tree["cards"])
    assert kinds == ["cloze", "command", "front"]
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 0, result.output
    # The one warning: the sub-deck's Korean name, which new has no words for (the examples have).
    assert "3 cards in 2 files: no problems; 1 warning" in result.output, result.output
    assert "networks.yaml:7: deck (ko) still starts with TODO" in result.stderr


def test_new_lists_the_topic_last_in_dockdeck_yaml_keeping_its_comments(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: A\ncards: []\n"}, settings=SETTINGS_WITH_COMMENTS)
    run_cli("new", "--cards", cards, "networks")
    new = (cards / "dockdeck.yaml").read_text(encoding="utf-8")
    assert inserted_part(SETTINGS_WITH_COMMENTS, new) == ("  - networks.yaml\n", SETTINGS_WITH_COMMENTS)


def test_new_appends_to_a_one_line_files_list(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: A\ncards: []\n"})
    run_cli("new", "--cards", cards, "networks")
    assert "files: [a.yaml, networks.yaml]\n" in (cards / "dockdeck.yaml").read_text(encoding="utf-8")


def test_new_refuses_a_topic_that_exists(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: A\ncards: []\n"})
    result = run_cli("new", "--cards", cards, "a")
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert (cards / "a.yaml").read_text(encoding="utf-8") == "deck: A\ncards: []\n"


def add(run_cli, cards, *extra: str):
    return run_cli("add", "--cards", cards, "a.yaml", "--command", "docker exec -it <container> sh",
                   "--meaning-en", "Open a shell in a running container", "--meaning-ko", "컨테이너 안에서 셸 열기", *extra)


def test_add_leaves_every_byte_outside_the_new_card_unchanged(run_cli, make_cards):
    cards = make_cards({"a.yaml": HANDWRITTEN})
    result = add(run_cli, cards, "--blanks=-it", "--source", "https://docs.docker.com/reference/cli/docker/container/exec/")
    assert result.exit_code == 0, result.output
    card, rest = inserted_part(HANDWRITTEN, (cards / "a.yaml").read_text(encoding="utf-8"))
    assert rest == HANDWRITTEN
    assert card == (
        "\n"
        "  - id: exec-it-sh\n"
        "    command: docker exec -it <container> sh\n"
        "    blanks: [-it]\n"
        "    meaning: {ko: 컨테이너 안에서 셸 열기, en: Open a shell in a running container}\n"
        "    source: https://docs.docker.com/reference/cli/docker/container/exec/\n"
    )


def test_added_card_passes_check(run_cli, make_cards):
    cards = make_cards({"a.yaml": HANDWRITTEN})
    add(run_cli, cards, "--blanks", "exec", "--blanks", "-it")
    result = run_cli("check", "--strict", "--cards", cards)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 cards")


def test_add_gives_an_id_unique_across_all_files(run_cli, make_cards):
    other = "deck: B\ncards:\n  - id: exec-it-sh\n    front: q\n    back: a\n"
    cards = make_cards({"a.yaml": HANDWRITTEN, "b.yaml": other})
    result = add(run_cli, cards)
    assert result.output == f"added exec-it-sh-2 to {cards}/a.yaml\n"
    assert run_cli("check", "--cards", cards).exit_code == 0


def test_add_to_a_topic_file_with_no_cards_yet(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: A\ncards: []\n"})
    add(run_cli, cards)
    tree, _ = load_text((cards / "a.yaml").read_text(encoding="utf-8"), "a.yaml")
    assert [card["id"] for card in tree["cards"]] == ["exec-it-sh"]


def test_add_keeps_texts_exactly_even_where_yaml_needs_quotes(run_cli, make_cards):
    cards = make_cards({"a.yaml": HANDWRITTEN})
    tricky = "`docker exec`: run a command # in a container, {really} [yes]"
    run_cli("add", "--cards", cards, "a.yaml", "--command", "docker exec -it <c> sh -c 'echo: #hi'",
            "--meaning-en", tricky, "--meaning-ko", "yes")
    tree, problems = load_text((cards / "a.yaml").read_text(encoding="utf-8"), "a.yaml")
    assert not problems
    card = tree["cards"][-1]
    assert (card["command"], card["meaning"]["en"], card["meaning"]["ko"]) == (
        "docker exec -it <c> sh -c 'echo: #hi'", tricky, "yes")


def test_add_refuses_a_blank_that_is_not_in_the_command_and_writes_nothing(run_cli, make_cards):
    cards = make_cards({"a.yaml": HANDWRITTEN})
    result = add(run_cli, cards, "--blanks", "--rm")
    assert result.exit_code == 1
    assert re.search(r"a\.yaml:\d+: the card to add: blank '--rm' is not a whole part of the command", result.output)
    assert (cards / "a.yaml").read_text(encoding="utf-8") == HANDWRITTEN


def test_add_refuses_a_missing_translation(run_cli, make_cards):
    cards = make_cards({"a.yaml": HANDWRITTEN})
    result = run_cli("add", "--cards", cards, "a.yaml", "--command", "docker ps -a", "--meaning-en", "List all")
    assert result.exit_code == 1
    assert "missing translation 'ko'" in result.output


def test_add_without_a_meaning_is_a_usage_error(run_cli, make_cards):
    cards = make_cards({"a.yaml": HANDWRITTEN})
    result = run_cli("add", "--cards", cards, "a.yaml", "--command", "docker ps -a")
    assert result.exit_code == 2


def test_add_keeps_windows_line_ends(run_cli, make_cards):
    crlf = HANDWRITTEN.replace("\n", "\r\n").encode("utf-8")
    cards = make_cards({"a.yaml": crlf})
    add(run_cli, cards)
    card, rest = inserted_part(crlf.decode("utf-8"), (cards / "a.yaml").read_bytes().decode("utf-8"))
    assert rest == crlf.decode("utf-8")
    assert card.count("\n") == card.count("\r\n") == 5  # id, command, blanks, meaning, and the line before


def test_added_card_reaches_anki_as_a_recall_card(run_cli, make_cards, collection):
    cards = make_cards({"a.yaml": HANDWRITTEN})
    add(run_cli, cards)
    out = cards.parent / "dist"
    assert run_cli("build", "--cards", cards, "--out", out, "--lang", "en").exit_code == 0
    import_apkg(collection, out / "docker-en.apkg")
    recall = [q for card, q, a in rendered_cards(collection) if field_of(card, "Id") == "exec-it-sh/recall"]
    assert visible_lines(recall[0]) == ["Which command?", "Open a shell in a running container"]


def test_add_keeps_the_topic_file_s_permissions_and_its_link(run_cli, make_cards, tmp_path):
    cards = make_cards({"a.yaml": HANDWRITTEN})
    kept = cards / "shared" / "a.yaml"  # a link inside the cards folder; one leading outside is refused
    kept.parent.mkdir()
    (cards / "a.yaml").rename(kept)
    (cards / "a.yaml").symlink_to(kept)
    kept.chmod(0o600)
    add(run_cli, cards, "--blanks", "exec")
    assert (cards / "a.yaml").is_symlink()
    assert "exec-it-sh" in kept.read_text(encoding="utf-8")
    assert kept.stat().st_mode & 0o777 == 0o600
