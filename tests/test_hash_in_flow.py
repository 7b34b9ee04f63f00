"""An unquoted ' #' inside a {...} or [...] on one line: YAML takes the rest of the line, the closing bracket
included, for a comment. The error names the line with the ' #' and says so, as the warning for a block
text cut short does."""

from __future__ import annotations

import re

import pytest

SETTINGS = "name: demo\nlanguages: [en, de]\nroot_deck: {en: Demo, de: Demo (de)}\nfiles: [a.yaml]\n"


def error_lines(run_cli, make_cards, topic: str) -> list[str]:
    result = run_cli("check", "--cards", make_cards({"a.yaml": topic}, settings=SETTINGS))
    assert result.exit_code == 1, result.output
    return re.findall(r"a\.yaml:\d+: [^\n]*", result.stderr)


@pytest.mark.parametrize("value, line", [
    ("{en: What does C # mean?, de: Was heißt C#?}", 4),
    ("{en: 'it''s C', de: Was heißt C #?}", 4),
    ("[one, two # three]", 4),
], ids=["mapping", "after-a-quoted-text", "list"])
def test_a_hash_in_a_one_line_flow_collection_is_named_at_its_line(run_cli, make_cards, value, line):
    key = "tags" if value.startswith("[") else "front"
    topic = (f"deck: {{en: A, de: A}}\ncards:\n  - id: c\n    {key}: {value}\n"
             + ("    front: {en: Q, de: F}\n" if key == "tags" else "") + "    back: {en: B, de: B}\n")
    (message,) = error_lines(run_cli, make_cards, topic)
    assert message.startswith(f"a.yaml:{line}: YAML syntax error: ' #' inside {value[0]}...{value[-1]} starts a "
                              f"comment, so the rest of line {line} is cut off, the closing '{value[-1]}' with it"), \
        message
    assert "quote the text that holds ' #'" in message


def test_a_hash_inside_quotes_in_a_flow_collection_is_no_error(run_cli, make_cards):
    topic = ('deck: {en: A, de: A}\ncards:\n  - id: c\n    front: {en: "What does C # mean?", de: \'C # ?\'}\n'
             "    back: {en: B, de: B}\n")
    result = run_cli("check", "--cards", make_cards({"a.yaml": topic}, settings=SETTINGS))
    assert result.exit_code == 0, result.output


def test_another_error_in_a_flow_collection_keeps_the_general_hint(run_cli, make_cards):
    topic = "deck: {en: A, de: A}\ncards:\n  - id: c\n    front: {en: Q, de: F\n    back: {en: B, de: B}\n"
    (message,) = error_lines(run_cli, make_cards, topic)
    assert "starts a comment" not in message and "check indentation" in message, message
