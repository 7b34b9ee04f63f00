"""One rule for a path on the command line that names nothing or the wrong kind of thing: dockdeck names
it and says what to pass instead, exit code 1, as for every file it cannot use (README, Commands). Exit
code 2 is for the command line itself: an unknown option, a missing argument, a value of the wrong form."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTES = Path(__file__).resolve().parent / "data" / "compose-notes.ko.md"


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "topic.yaml"
    path.write_text("deck: A\ncards: []\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["build"], ["check"], ["stats"], ["schema"], ["verify"], ["preview"],
                                     ["new", "x"], ["add", "x", "--command", "ls", "--meaning", "en", "List"]])
def test_a_file_given_as_the_cards_folder_is_named_with_exit_code_1(run_cli, a_file, command):
    result = run_cli(command[0], "--cards", a_file, *command[1:])
    assert result.exit_code == 1, result.output
    assert f"{a_file}: is a file, not a cards folder (pass the folder that holds dockdeck.yaml" in result.stderr, \
        result.stderr


@pytest.mark.parametrize("command", [["build"], ["check"]])
def test_a_cards_folder_that_is_not_there_has_exit_code_1_too(run_cli, tmp_path, command):
    result = run_cli(*command, "--cards", tmp_path / "nowhere")
    assert result.exit_code == 1 and "no such cards folder" in result.stderr, result.output


def test_an_output_folder_that_is_a_file_is_named_with_exit_code_1(run_cli, make_cards, a_file):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards: []\n"})
    result = run_cli("build", "--cards", cards, "--out", a_file)
    assert result.exit_code == 1, result.output
    assert f"{a_file}:1: is not a folder" in result.stderr


def test_extract_notes_that_are_not_there_are_named_with_exit_code_1(run_cli, tmp_path):
    result = run_cli("extract", tmp_path / "nothere.md")
    assert result.exit_code == 1, result.output
    assert "nothere.md:1: cannot read file: No such file or directory" in result.stderr


def test_extract_into_a_folder_is_named_with_exit_code_1(run_cli, tmp_path):
    for args in ([], ["--force"]):
        result = run_cli("extract", NOTES, "-o", tmp_path, *args)
        assert result.exit_code == 1, result.output
        assert f"{tmp_path}:1: is a folder, not a file to write the draft to (name the file" in result.stderr


def test_extract_for_a_cards_folder_that_is_a_file_is_named_with_exit_code_1(run_cli, a_file):
    result = run_cli("extract", NOTES, "--cards", a_file)
    assert result.exit_code == 1, result.output
    assert f"{a_file}: is a file, not a cards folder" in result.stderr
