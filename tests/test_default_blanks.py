"""A command card without `blanks`: what it hides, and that every place that describes the default says the same."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ENGLISH_ONLY, REPO, build_and_import, field_of, visible_text

from generator.sources.format import DEFAULT_BLANKS, KEY_HELP


def command_deck(make_cards, command: str, meaning: str) -> Path:
    topic = f"deck: {{en: A}}\ncards:\n  - id: cmd\n    command: {command}\n    meaning: {{en: {json.dumps(meaning)}}}\n"
    return make_cards({"a.yaml": topic}, settings=ENGLISH_ONLY)


def hidden_parts(cards) -> list[str]:
    """What each cloze card of the command hides, in card order, read from Anki's front and back."""
    found = []
    for _card, question, answer in sorted((c for c in cards if field_of(c[0], "Id") == "cmd/cloze"),
                                         key=lambda c: c[0].ord):
        front = next(line for line in visible_text(question).split("\n") if "[...]" in line)
        before, after = front.split("[...]")
        back = next(line for line in visible_text(answer).split("\n") if line.startswith(before))
        found.append(back[len(before):len(back) - len(after)])
    return found


def test_the_default_hides_every_option_and_no_placeholder(run_cli, make_cards, collection):
    cards = command_deck(make_cards, "docker exec -it <container> sh", "Open a shell inside a running container")
    assert hidden_parts(build_and_import(run_cli, cards, collection)) == ["-it"]


def test_without_options_the_default_hides_the_action_word(run_cli, make_cards, collection):
    cards = command_deck(make_cards, "docker volume rm <volume>", "Delete a volume no container uses")
    assert hidden_parts(build_and_import(run_cli, cards, collection)) == ["rm"]


def test_a_command_of_plain_words_hides_its_last_word(run_cli, make_cards, collection):
    cards = command_deck(make_cards, "docker ps", "List the running containers")
    assert hidden_parts(build_and_import(run_cli, cards, collection)) == ["ps"]


def test_strict_check_passes_on_the_default_of_a_command_with_a_placeholder(run_cli, make_cards):
    cards = command_deck(make_cards, "docker stop <container>", "Send SIGTERM, then SIGKILL after a grace period")
    result = run_cli("check", "--cards", cards, "--strict")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output


def test_a_default_blank_that_the_meaning_shows_is_a_warning_that_says_how_to_choose_blanks(run_cli, make_cards):
    cards = command_deck(make_cards, "docker stop <container>", "Stop a running container")
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.stderr.splitlines() if line.startswith(str(cards))]
    assert line.startswith(f"{cards}/a.yaml:3: cmd: blank 1 hides 'stop', but the front (en) shows 'stop'")
    assert "the card has no 'blanks', so it hides the default" in line and "list the parts to hide" in line


def test_readme_schema_add_and_new_all_state_the_one_default(run_cli, make_cards):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    add_help = " ".join(run_cli("add", "--help").output.split())
    cards = make_cards({"a.yaml": "deck: A\ncards: []\n"}, settings=ENGLISH_ONLY)
    run_cli("new", "--cards", cards, "networks")
    template = (cards / "networks.yaml").read_text(encoding="utf-8")
    for where, text in {"README.md": readme, "schema": KEY_HELP["blanks"], "add --help": add_help,
                        "new's template": template}.items():
        assert DEFAULT_BLANKS in text, where
        assert not re.search(r"default: every option and (every )?<?placeholder", text), where
