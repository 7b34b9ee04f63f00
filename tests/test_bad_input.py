"""Bad card sources: every problem as path:line, all at once, exit code 1, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD_CARD = """\
  - id: good
    front: {ko: 앞, en: front}
    back: {ko: 뒤, en: back}
"""


def check_fails(run_cli, cards: Path, *expected: str) -> list[str]:
    """Run check and build; both must exit 1 with exactly these problem lines, and build must write nothing."""
    out = cards.parent / "dist"
    for args in (("check", "--cards", cards), ("build", "--cards", cards, "--out", out)):
        result = run_cli(*args)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith(str(cards))]
    for want in expected:
        assert any(line.startswith(want) for line in lines), (want, result.output)
    assert len(lines) == len(expected), result.output
    assert not out.exists() or not list(out.iterdir())
    return lines


def test_yaml_syntax_error_names_its_line(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n  - id: x\n    front: [unclosed\n    back: b\n"})
    (line,) = check_fails(run_cli, cards, f"{cards}/a.yaml:5: YAML syntax error")
    assert "quote" in line  # says how to fix it


def test_wrong_type_names_the_key_and_what_it_got(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n  - id: x\n    front: [a, b]\n    back: b\n"})
    (line,) = check_fails(run_cli, cards, f"{cards}/a.yaml:4: front must be text or a mapping")
    assert "not a list" in line


def test_cards_that_is_not_a_list_is_reported(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards: {id: x}\n"})
    check_fails(run_cli, cards, f"{cards}/a.yaml:2: cards must be a list, not a mapping")


def test_unknown_key_suggests_the_key_meant(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n  - id: x\n    fornt: {ko: 앞, en: f}\n"
                                  "    back: b\n"})
    lines = check_fails(run_cli, cards, f"{cards}/a.yaml:4: unknown key 'fornt' in a card",
                        f"{cards}/a.yaml:3: basic card needs 'front'")
    assert "did you mean 'front'?" in lines[1]


def test_missing_translation_names_the_language(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n  - id: x\n    front: {ko: 앞}\n    back: b\n"})
    check_fails(run_cli, cards, f"{cards}/a.yaml:4: front: missing translation 'en'")


def test_missing_translation_is_fine_when_that_language_is_not_built(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n  - id: x\n    front: {ko: 앞}\n    back: b\n"})
    assert run_cli("check", "--cards", cards, "--lang", "ko").exit_code == 0
    result = run_cli("build", "--cards", cards, "--out", cards.parent / "dist", "--lang", "ko")
    assert result.exit_code == 0, result.output
    assert (cards.parent / "dist" / "docker-ko.apkg").is_file()


def test_duplicate_id_across_files_points_at_both(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n" + GOOD_CARD,
                        "b.yaml": "deck: {ko: 나, en: B}\ncards:\n" + GOOD_CARD})
    (line,) = check_fails(run_cli, cards, f"{cards}/b.yaml:3: id 'good' is already used at {cards}/a.yaml:3")


def test_a_blank_not_in_the_command_is_reported_at_the_blanks_line(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n  - id: x\n    command: docker exec -it <c> sh\n"
                                  "    blanks: [-it, bash]\n    meaning: {ko: 셸, en: shell}\n"})
    check_fails(run_cli, cards, f"{cards}/a.yaml:5: blank 'bash' is not a whole part of the command")


def test_a_blank_must_be_whole_words_of_the_command(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n  - id: x\n    command: docker exec -it <c> sh\n"
                                  "    blanks: [xec]\n    meaning: {ko: 셸, en: shell}\n"})
    check_fails(run_cli, cards, f"{cards}/a.yaml:5: blank 'xec' is not a whole part of the command")


def test_a_missing_media_file_is_reported_at_its_card(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n  - id: x\n    front: f\n"
                                  "    back: '![pic](media/nope.svg)'\n"})
    check_fails(run_cli, cards, f"{cards}/a.yaml:3: media file 'media/nope.svg' does not exist")


def test_media_outside_the_cards_folder_is_refused(run_cli, make_cards, tmp_path):
    (tmp_path / "secret.svg").write_text("<svg/>")
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n  - id: x\n    front: f\n"
                                  "    back: '![pic](../secret.svg)'\n"})
    check_fails(run_cli, cards, f"{cards}/a.yaml:3: media '../secret.svg' points outside the cards folder")


def test_python_object_tag_is_refused_and_never_runs(run_cli, make_cards, tmp_path):
    marker = tmp_path / "pwned"
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n  - id: x\n"
                                  f"    front: !!python/object/apply:os.system ['touch {marker}']\n    back: b\n"})
    check_fails(run_cli, cards, f"{cards}/a.yaml:4: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
                                "is not allowed")
    assert not marker.exists()


def test_all_problems_of_all_files_are_reported_in_one_run(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n  - id: x\n    fornt: f\n    back: b\n",
                        "b.yaml": "deck: {ko: 나}\ncards:\n  - id: Bad Id\n    front: f\n    back: b\n"})
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 1
    assert [line.split(": ")[0] for line in result.output.splitlines()[:-1]] == [
        f"{cards}/a.yaml:3", f"{cards}/a.yaml:4", f"{cards}/b.yaml:1", f"{cards}/b.yaml:3"]
    assert result.output.splitlines()[-1] == "4 problems in 2 files."  # check never writes: nothing to say of it


def test_topic_file_not_listed_in_settings_is_reported(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n" + GOOD_CARD},
                       settings="name: docker\nlanguages: [ko, en]\nroot_deck: {ko: 도커, en: Docker}\nfiles: []\n")
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 1
    assert "a.yaml:1: topic file is not listed in dockdeck.yaml" in result.output


def test_missing_cards_folder_is_a_clear_error(run_cli, tmp_path):
    result = run_cli("check", "--cards", tmp_path / "nope")
    assert result.exit_code == 1
    assert "no such cards folder" in result.output


def test_a_failed_build_leaves_the_previous_decks_untouched(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n" + GOOD_CARD})
    out = cards.parent / "dist"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (cards / "a.yaml").write_text("deck: {ko: 가, en: A}\ncards:\n  - id: good\n    front: [\n", encoding="utf-8")
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.parametrize("args", [("build", "--lang", "fr"), ("check", "--lang", "fr")])
def test_unknown_language_is_reported(run_cli, make_cards, args):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n" + GOOD_CARD})
    result = run_cli(*args, "--cards", cards)
    assert result.exit_code == 2  # wrong usage: the option names no language of the deck
    assert "'fr' is not one of this deck's languages (ko, en" in result.output


ENGLISH_ONLY = "name: notes\nlanguages: [en]\nroot_deck: Notes\nfiles: [%s]\n"


def one_problem(run_cli, *args) -> str:
    """The one problem line of a command that must fail with exit code 1."""
    result = run_cli(*args)
    assert result.exit_code == 1, result.output
    (line, summary) = result.output.splitlines()
    assert summary.startswith("1 problem in 1 file")
    return line


@pytest.mark.parametrize(("written", "read_as"), [("123", "a number"), ("yes", "true/false"),
                                                   ("2024-01-01", "a date")])
def test_an_id_yaml_reads_as_something_else_says_to_quote_it(written, read_as, run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n" + GOOD_CARD.replace("good", written)})
    check_fails(run_cli, cards, f'{cards}/a.yaml:3: id {written} was read by YAML as {read_as}, not text '
                                f'(quote it: id: "{written}")')


def test_a_malformed_id_gets_an_example_slug(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n" + GOOD_CARD.replace("good", "Stop Signal")})
    (line,) = check_fails(run_cli, cards, f"{cards}/a.yaml:3: id 'Stop Signal' is not a lowercase slug")
    assert "e.g. stop-signal" in line


def test_a_missing_deck_hint_speaks_the_decks_own_languages(run_cli, make_cards):
    cards = make_cards({"a.yaml": "cards:\n  - id: x\n    front: f\n    back: b\n"}, settings=ENGLISH_ONLY % "a.yaml")
    (line,) = check_fails(run_cli, cards, f"{cards}/a.yaml:1: a topic file needs 'deck'")
    assert "deck: {en: ...}" in line and "ko" not in line


TOPIC_A = "deck: A\ncards:\n  - id: x\n    front: f\n    back: b\n"


def test_add_points_at_a_line_inside_the_file(run_cli, make_cards):
    cards = make_cards({"a.yaml": TOPIC_A}, settings=ENGLISH_ONLY % "a.yaml")
    line = one_problem(run_cli, "add", "--cards", cards, "a.yaml", "--command", "ls -l", "--meaning-en", "List",
                       "--blanks", "-x")
    assert line.startswith(f"{cards}/a.yaml:5: the card to add: blank '-x' is not a whole part of the command")


def test_add_without_blanks_hides_the_action_of_a_command_without_options(run_cli, make_cards):
    cards = make_cards({"a.yaml": TOPIC_A}, settings=ENGLISH_ONLY % "a.yaml")
    result = run_cli("add", "--cards", cards, "a.yaml", "--command", "docker stop <container>",
                     "--meaning-en", "Halt it gracefully")
    assert result.exit_code == 0, result.output
    assert "blanks: [stop]" in (cards / "a.yaml").read_text(encoding="utf-8")
    assert run_cli("check", "--strict", "--cards", cards).exit_code == 0


def test_add_of_an_empty_command_is_a_usage_error(run_cli, make_cards):
    cards = make_cards({"a.yaml": TOPIC_A}, settings=ENGLISH_ONLY % "a.yaml")
    result = run_cli("add", "--cards", cards, "a.yaml", "--command", " ", "--meaning-en", "Nothing")
    assert result.exit_code == 2
    assert "the command is empty" in result.output


def test_add_with_a_malformed_id_suggests_a_slug(run_cli, make_cards):
    cards = make_cards({"a.yaml": TOPIC_A}, settings=ENGLISH_ONLY % "a.yaml")
    line = one_problem(run_cli, "add", "--cards", cards, "a.yaml", "--command", "ls -l", "--meaning-en", "List",
                       "--id", "Bad Id")
    assert "id 'Bad Id' is not a lowercase slug" in line and "e.g. --id bad-id" in line


def test_add_of_a_command_that_already_has_a_card_points_at_it(run_cli, make_cards):
    cards = make_cards({"a.yaml": TOPIC_A}, settings=ENGLISH_ONLY % "a.yaml")
    args = ("add", "--cards", cards, "a.yaml", "--command", "docker network create <name>", "--meaning-en", "Make")
    assert run_cli(*args).exit_code == 0
    before = (cards / "a.yaml").read_text(encoding="utf-8")
    line = one_problem(run_cli, *args)
    assert line.startswith(f"{cards}/a.yaml:6: the command 'docker network create <name>' already has a card, "
                           "'network-create'")
    assert (cards / "a.yaml").read_text(encoding="utf-8") == before


def test_add_with_a_taken_id_says_where_it_is_used(run_cli, make_cards):
    cards = make_cards({"a.yaml": TOPIC_A}, settings=ENGLISH_ONLY % "a.yaml")
    line = one_problem(run_cli, "add", "--cards", cards, "a.yaml", "--command", "ls -l", "--meaning-en", "List",
                       "--id", "x")
    assert f"id 'x' is already used at {cards}/a.yaml:3" in line


def test_new_in_an_english_deck_about_something_else_speaks_neither_docker_nor_korean(run_cli, make_cards):
    cards = make_cards({"a.yaml": TOPIC_A}, settings=ENGLISH_ONLY % "a.yaml")
    assert run_cli("new", "--cards", cards, "birds").exit_code == 0
    text = (cards / "birds.yaml").read_text(encoding="utf-8").lower()
    assert "docker" not in text and not any("\uac00" <= ch <= "\ud7a3" for ch in text)
