"""Messages say what is really wrong, where it is, and what kind of error it is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTAINERS, build_into, without_root_powers

DOCKDECK = Path(sys.executable).parent / "dockdeck"
ENGLISH = "name: notes\nlanguages: [en]\nroot_deck: Notes\nfiles: [a.yaml]\n"


def _problem_lines(result, exit_code: int = 1) -> list[str]:
    assert result.exit_code == exit_code, result.output
    return result.stderr.splitlines()


def test_a_tab_in_the_indentation_is_called_a_tab_with_its_line(make_cards, run_cli):
    cards = make_cards({"a.yaml": "deck: A\ncards:\n  - id: q\n    front:\n\ten: What?\n    back: This\n"},
                       settings=ENGLISH)
    (line, _) = _problem_lines(run_cli("check", "--cards", cards))
    assert line == (f"{cards}/a.yaml:5: a tab at the start of the line: YAML indents with spaces only "
                    "(replace the tab with spaces)")


def test_a_blank_listed_twice_is_called_a_duplicate(make_cards, run_cli):
    cards = make_cards({"a.yaml": "deck: A\ncards:\n  - id: log\n    command: git log --oneline -n <count>\n"
                                  "    blanks: [--oneline, -n, -n]\n    meaning: Show a few commits\n"},
                       settings=ENGLISH)
    (line, _) = _problem_lines(run_cli("check", "--cards", cards))
    assert line == (f"{cards}/a.yaml:5: blank '-n' is listed twice, but the command 'git log --oneline -n <count>' "
                    "has it once (list each blank once: each one is a card of its own)")


def test_a_blank_listed_as_often_as_the_command_has_it_is_fine(make_cards, run_cli):
    cards = make_cards({"a.yaml": "deck: A\ncards:\n  - id: verbose\n    command: ssh -v -v <host>\n"
                                  "    blanks: [-v, -v]\n    meaning: Connect and say twice as much\n"},
                       settings=ENGLISH)
    assert run_cli("check", "--cards", cards).exit_code == 0


@pytest.mark.parametrize(("written", "key", "kept", "cut"), [
    ("    front: What does C # mean?\n    back: A language\n", "front", "What does C", "# mean?"),
    ("    front: Which one?\n    back:\n      en: C # and F #\n", "back (en)", "C", "# and F #"),
], ids=["front", "in-a-language"])
def test_a_text_cut_short_by_an_unquoted_hash_is_a_warning_that_says_to_quote_it(make_cards, run_cli, written, key,
                                                                                  kept, cut):
    cards = make_cards({"a.yaml": "deck: A\ncards:\n  - id: q\n" + written}, settings=ENGLISH)
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 0, result.output
    (warning,) = result.stderr.splitlines()
    line = 4 if key == "front" else 6
    assert warning == (f"{cards}/a.yaml:{line}: {key} reads {kept!r}: YAML takes the ' {cut}' after it for a comment "
                       "(quote the whole text to keep it, or put a comment on a line of its own)")
    assert run_cli("check", "--strict", "--cards", cards).exit_code == 1


COMMAND_CARD = "deck: A\ncards:\n  - id: q\n    command: cc -O2 <file>\n    meaning: Compile fast code\n"


@pytest.mark.parametrize(("settings", "card", "line", "key", "kept", "cut"), [
    (ENGLISH, "    typing_hint: the short form, not C # long\n", 6, "typing_hint", "the short form, not C", "# long"),
    (ENGLISH + "typing_hint:\n  en: the short form # not the long one\n", "", 6, "typing_hint (en)", "the short form",
     "# not the long one"),
    (ENGLISH + "labels:\n  en:\n    recall: Which C # command?\n", "", 7, "labels (en: recall)", "Which C",
     "# command?"),
], ids=["card-typing-hint", "deck-typing-hint", "label"])
def test_a_typing_hint_or_a_label_cut_short_by_an_unquoted_hash_is_a_warning_too(make_cards, run_cli, settings,
                                                                                  card, line, key, kept, cut):
    cards = make_cards({"a.yaml": COMMAND_CARD + card}, settings=settings)
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 0, result.output
    file = "a.yaml" if card else "dockdeck.yaml"
    assert result.stderr.splitlines() == [
        f"{cards}/{file}:{line}: {key} reads {kept!r}: YAML takes the ' {cut}' after it for a comment "
        "(quote the whole text to keep it, or put a comment on a line of its own)"]


def test_a_comment_after_a_quoted_text_or_a_mapping_is_no_warning(make_cards, run_cli):
    cards = make_cards({"a.yaml": "deck: {en: A}   # the sub-deck\ncards:\n  - id: q  # never changes\n"
                                  '    front: "What does C # mean?"   # quoted\n    back: A language\n'},
                       settings=ENGLISH)
    result = run_cli("check", "--cards", cards)
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize(("folder", "file"), [("cards", "cards/note-times.json"), ("dist", "dist/docker-en.apkg")])
def test_a_file_that_cannot_be_written_is_named_not_its_temporary_copy(make_cards, run_cli, folder, file):
    cards = make_cards({"a.yaml": CONTAINERS})
    build_into(run_cli, cards, cards.parent / "dist")
    (cards / "a.yaml").write_text(CONTAINERS.replace("Open a shell", "Open one shell"), encoding="utf-8")
    (cards.parent / folder).chmod(0o555)
    try:
        done = subprocess.run([*without_root_powers(), str(DOCKDECK), "build"], cwd=cards.parent,
                              capture_output=True, text=True, timeout=120)
    finally:
        (cards.parent / folder).chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [f"{file}:1: cannot be written: Permission denied (the previous files are "
                                        "untouched)", "1 problem in 1 file; nothing was written."]


def test_a_fifo_in_place_of_the_settings_is_called_what_it_is(make_cards, run_cli):
    cards = make_cards({"a.yaml": CONTAINERS})
    (cards / "dockdeck.yaml").unlink()
    os.mkfifo(cards / "dockdeck.yaml")
    for command in (["check"], ["new", "networks"]):
        (line, _) = _problem_lines(run_cli(*command, "--cards", cards))
        assert line == f"{cards}/dockdeck.yaml:1: is not a regular file (a FIFO, device or socket), so it is not read"


@pytest.mark.parametrize("command", [["check"], ["build"], ["stats"], ["preview"], ["build", "--check"]],
                         ids=" ".join)
def test_a_language_the_deck_does_not_have_is_wrong_usage(make_cards, run_cli, command):
    cards = make_cards({"a.yaml": CONTAINERS})
    result = run_cli(*command, "--cards", cards, "--lang", "de")
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1] == ("Error: Invalid value for '--lang': 'de' is not one of this deck's "
                                              f"languages (ko, en; see {cards}/dockdeck.yaml)")
    assert not (cards.parent / "dist").exists()


def test_problems_in_no_file_are_not_counted_as_files(make_cards, run_cli, monkeypatch):
    cards = make_cards({"a.yaml": CONTAINERS})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    lines = _problem_lines(run_cli("build", "--cards", cards))
    assert lines[-1] == "1 problem; nothing was written."


def test_a_missing_cards_folder_is_no_file_either(run_cli, tmp_path):
    lines = _problem_lines(run_cli("check", "--cards", tmp_path / "nope"))
    assert lines[0].startswith(f"{tmp_path}/nope: no such cards folder")
    assert lines[-1] == "1 problem."
