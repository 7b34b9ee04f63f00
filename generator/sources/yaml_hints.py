"""Hints for YAML syntax errors that have a cause a person can be told about."""

from __future__ import annotations

import re

_EMPTY_LIST = re.compile(r"^\s*([\w-]+):\s*\[\s*\]\s*(?:#.*)?$")
_ITEM = re.compile(r"^\s*- ")


def empty_list_before_items(text: str, line: int) -> str | None:
    """A hint when the error at ``line`` (1-based) follows ``key: []`` and items meant for it."""
    lines = text.splitlines()
    for n in range(min(line, len(lines)) - 1, -1, -1):
        match = _EMPTY_LIST.match(lines[n])
        if not match:
            continue
        after = [other for other in lines[n + 1:line] if other.strip() and not other.strip().startswith("#")]
        if after and _ITEM.match(after[0]):
            return (f"'{match.group(1)}: []' on line {n + 1} is an empty list, so the items below it are not "
                    "in it: delete the []")
        return None
    return None


def _comment_at(lines: list[str], line: int, column: int, last: int) -> int | None:
    """The 0-based line, from ``line``:``column`` (just inside a flow collection) to ``last``, where an
    unquoted ' #' starts a comment; None if none does. A quote opens a text only where a value or key
    starts (after a bracket, ',' or ':'), so the apostrophe of "it's" is no quote."""
    quote, before = "", "{"
    for n in range(line, min(last, len(lines) - 1) + 1):
        text, i = lines[n], column if n == line else 0
        while i < len(text):
            ch = text[i]
            if quote:
                escaped = ch == "\\" if quote == '"' else text[i:i + 2] == "''"  # \" in "...", '' in '...'
                if escaped:
                    i += 1
                elif ch == quote:
                    quote, before = "", ch
            elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
                return n
            elif ch in "'\"" and before in "{[,:":
                quote = ch
            elif not ch.isspace():
                before = ch
            i += 1
    return None


def comment_in_flow(text: str, context: str, start: tuple[int, int], end: int) -> tuple[int, str, str] | None:
    """For a syntax error in a flow collection (``context``, opened at 0-based ``start``, the error at
    0-based line ``end``) that an unquoted ' #' caused: its 1-based line, what happened and the fix."""
    if not context.startswith("while parsing a flow"):
        return None
    found = _comment_at(text.splitlines(), start[0], start[1] + 1, end)
    if found is None:
        return None
    opening, closing = ("{", "}") if "mapping" in context else ("[", "]")
    return (found + 1, f"' #' inside {opening}...{closing} starts a comment, so the rest of line {found + 1} is cut "
            f"off, the closing '{closing}' with it",
            "quote the text that holds ' #', e.g. {en: \"What does C # mean?\"}")
