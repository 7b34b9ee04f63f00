"""Split a one-line shell command into tokens and find its blanks.

Tokens keep their exact source text and offsets: what the learner sees is
the command exactly as written. Quotes, backticks, ``$(...)`` and
``<placeholders with spaces>`` each stay one token.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple


class Token(NamedTuple):
    # A named tuple, not a dataclass: a big deck makes millions of these.
    text: str
    start: int
    end: int
    kind: str  # "option", "placeholder" or "word"


def _closing(command: str, i: int) -> int:
    """Index just past the group that starts at ``command[i]``, or i + 1."""
    ch = command[i]
    if ch in "'\"`":
        j = command.find(ch, i + 1)
        return j + 1 if j != -1 else len(command)
    if command.startswith("$(", i):
        depth, j = 0, i + 1
        while j < len(command):
            if command[j] == "(":
                depth += 1
            elif command[j] == ")":
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        return len(command)
    if ch == "<":
        j = command.find(">", i + 1)
        # Only a real placeholder: something inside and no nested '<'.
        if j > i + 1 and "<" not in command[i + 1:j]:
            return j + 1
    return i + 1


# The groups _closing knows, as one pattern: a quoted run (to its closing quote,
# or the end), a placeholder, or any other non-space character. ``$(...)``
# nests, which a pattern cannot count, so commands with it take the loop below;
# tests/test_properties.py holds the two to the same tokens.
_TOKEN_RE = re.compile(r"""(?:'[^']*'?|"[^"]*"?|`[^`]*`?|<[^<>]+>|\S)+""")


@lru_cache(maxsize=4096)
def tokenize(command: str) -> tuple[Token, ...]:
    """The command's tokens; cached because validation and both notes of a card ask for them."""
    if "$(" not in command:
        return tuple(Token(m.group(), m.start(), m.end(), token_kind(m.group())) for m in _TOKEN_RE.finditer(command))
    return tokenize_by_hand(command)


def tokenize_by_hand(command: str) -> tuple[Token, ...]:
    """``tokenize`` one character at a time: the only way through a nested ``$(...)``."""
    tokens: list[Token] = []
    i, n = 0, len(command)
    while i < n:
        if command[i].isspace():
            i += 1
            continue
        start = i
        while i < n and not command[i].isspace():
            i = _closing(command, i)
        text = command[start:i]
        tokens.append(Token(text, start, i, token_kind(text)))
    return tuple(tokens)


def token_kind(text: str) -> str:
    if text.startswith("-") and len(text) > 1 and not text[1].isdigit():
        return "option"
    if "<" in text and ">" in text and text.index("<") < text.rindex(">"):
        return "placeholder"
    return "word"


def default_blanks(tokens: Sequence[Token]) -> list[str]:
    """The blanks of a card whose author names none (format.DEFAULT_BLANKS): every option, else the last
    plain word (the action: `stop` in `docker stop <container>`, `create` in `docker volume create <name>`).
    Never a placeholder alone, which teaches nothing to recall. `dockdeck add` and `extract` write these
    out; a card without `blanks` gets them when it is read."""
    options = [t.text for t in tokens if t.kind == "option"]
    if options:
        return options
    words = [t.text for t in tokens[1:] if t.kind == "word" and t.text[:1].isalpha()]
    return words[-1:] or [t.text for t in tokens[:1]]


def locate_blanks(command: str, tokens: Sequence[Token], blanks: list[str]) -> tuple[list[tuple[int, int]], list[str]]:
    """Find each blank as a run of whole tokens, left to right, without overlap.

    Returns the (start, end) offsets of the blanks found, in the order given,
    and the blanks that could not be placed.
    """
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    taken: list[tuple[int, int]] = []
    spans: list[tuple[int, int]] = []
    missing: list[str] = []
    for blank in blanks:
        text = blank.strip()
        found = None
        pos = command.find(text) if text else -1
        while pos != -1:
            span = (pos, pos + len(text))
            if span[0] in starts and span[1] in ends and not any(a < span[1] and span[0] < b for a, b in taken):
                found = span
                break
            pos = command.find(text, pos + 1)
        if found is None:
            missing.append(blank)
        else:
            taken.append(found)
            spans.append(found)
    return spans, missing
