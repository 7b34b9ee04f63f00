"""All problems in one run: a missing picture comes with the problems of other cards, and a settings
typo neither hides what can be known without it nor brings lines that only follow from it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

TOPIC = """\
deck: {en: Words, de: Wörter}
cards:
  - id: broken
    front: {en: A question without an answer, de: Eine Frage}
  - id: pictured
    front: {en: "What is this? ![it](media/nothere.png)", de: "Was ist das? ![es](media/nothere.png)"}
    back: {en: A picture, de: Ein Bild}
"""
SETTINGS = "name: demo\nlanguages: [en, de]\nroot_deck: {en: Demo, de: Demo (de)}\nfiles: [a.yaml]\n"


def problem_lines(result: Any, cards: Path) -> list[str]:
    return [line.removeprefix(f"{cards}/") for line in result.stderr.splitlines() if line.startswith(str(cards))]


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_missing_picture_is_reported_with_the_problems_of_other_cards(run_cli, make_cards, command):
    cards = make_cards({"a.yaml": TOPIC}, settings=SETTINGS)
    result = run_cli(command, "--cards", cards)
    assert result.exit_code == 1
    lines = problem_lines(result, cards)
    assert any(line.startswith("a.yaml:3: basic card needs 'back'") for line in lines), lines
    assert any(re.match(r"a\.yaml:\d+: media file 'media/nothere.png' does not exist", line) for line in lines), lines
    assert "2 problems in 1 file" in result.stderr, result.stderr


def test_a_misspelt_languages_key_brings_no_lines_that_only_follow_from_it(run_cli, make_cards):
    cards = make_cards({"a.yaml": TOPIC}, settings=SETTINGS.replace("languages:", "lanugages:"))
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 1
    assert problem_lines(result, cards) == [
        "dockdeck.yaml:1: the settings file needs 'languages'",
        "dockdeck.yaml:2: unknown key 'lanugages' in the settings file (did you mean 'languages'?)",
    ]


def test_a_misspelt_languages_key_does_not_hide_a_topic_file_that_is_not_there(run_cli, make_cards):
    settings = SETTINGS.replace("languages:", "lanugages:").replace("[a.yaml]", "[a.yaml, mistake.yaml]")
    cards = make_cards({"a.yaml": TOPIC}, settings=settings)
    result = run_cli("check", "--cards", cards)
    assert "dockdeck.yaml:4: topic file 'mistake.yaml' is listed but does not exist" in result.stderr, result.stderr
    assert "unknown language" not in result.stderr
