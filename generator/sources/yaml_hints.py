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
