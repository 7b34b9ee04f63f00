"""Append to a list in a YAML file a person wrote, changing no byte of what is there.

Round-trip libraries re-emit the whole document and so normalise spacing,
indentation or line width somewhere; instead we find where the list ends
(from PyYAML's node positions) and splice the new item's text in, written
in the indentation the list already uses.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from ..sources.load import Loader


def flow(value: Any) -> str:
    """One value as inline YAML, quoted only where YAML needs it."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, sort_keys=False, width=math.inf)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _value_node(text: str, key: str) -> tuple[yaml.Node | None, yaml.Node | None, str | None]:
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError as err:
        return None, None, f"cannot be read as YAML ({str(err).splitlines()[0]}); run `dockdeck check`"
    if not isinstance(root, yaml.MappingNode):
        return None, None, "is not a mapping; run `dockdeck check`"
    for key_node, value_node in root.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node, None
    return None, None, f"has no {key!r} list"


def _last_end(node: yaml.Node) -> int:
    """Where the text of a node's last value ends (block collections end at the next token)."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _last_end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _last_end(node.value[-1])
    return node.end_mark.index


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _after_line(text: str, index: int) -> int:
    """The index just past the line that holds ``text[index - 1]``."""
    if index > 0 and text[index - 1] == "\n":
        return index  # a block scalar's end already includes its line break
    end = text.find("\n", index)
    return len(text) if end == -1 else end + 1


def _indent(lines: list[str], dash: int, content: int) -> str:
    first = " " * dash + "-" + " " * (content - dash - 1) + lines[0]
    return "".join([first + "\n"] + [" " * content + line + "\n" for line in lines[1:]])


def _splice(text: str, pos: int, insert: str) -> tuple[str, None, tuple[int, int]]:
    if "\r\n" in text:  # a file written on Windows keeps its line ends
        insert = insert.replace("\n", "\r\n")
    return text[:pos] + insert + text[pos:], None, (pos, pos + len(insert))


def append_item(text: str, key: str, item: list[str]) -> tuple[str, str | None, tuple[int, int]]:
    """Append ``item`` (its lines, unindented, as under a '- ') to the list under the top-level ``key``.

    Returns the new text (empty, with an error saying why not) and the span of the
    inserted text. Everything outside that span is the original, byte for
    byte (an empty ``[]`` or an empty value is the one thing replaced).
    """
    key_node, node, error = _value_node(text, key)
    if error:
        return "", error, (0, 0)
    assert key_node is not None and node is not None
    is_empty_flow = isinstance(node, yaml.SequenceNode) and node.flow_style and not node.value
    is_nothing = isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and node.value in ("", "~", "null")
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        items = node.value
        last = items[-1]
        content = last.start_mark.column
        line = text[_line_start(text, last.start_mark.index):last.start_mark.index]
        dash = line.rfind("-")
        pos = _after_line(text, _last_end(last))
        gap = ""
        if len(items) > 1:
            # Keep the list's rhythm: a blank line between items if it has them.
            between = text[_after_line(text, _last_end(items[-2])):_line_start(text, last.start_mark.index)]
            gap = "\n" if re.search(r"^[ \t]*$", between, re.M) and between else ""
        prefix = "" if text[:pos].endswith("\n") or not pos else "\n"
        return _splice(text, pos, prefix + gap + _indent(item, dash, content))
    if isinstance(node, yaml.SequenceNode) and node.flow_style and node.value and len(item) == 1:
        pos = node.value[-1].end_mark.index
        return _splice(text, pos, ", " + item[0])
    if is_empty_flow or is_nothing:
        # `key: []` or `key:` becomes a block list starting on the next line.
        start, end = (node.start_mark.index, node.end_mark.index) if is_empty_flow else (0, 0)
        if is_empty_flow:
            while start > key_node.end_mark.index + 1 and text[start - 1] in " \t":
                start -= 1
            text = text[:start] + text[end:]
        pos = _after_line(text, key_node.end_mark.index)
        prefix = "" if text[:pos].endswith("\n") else "\n"
        dash = key_node.start_mark.column + 2
        return _splice(text, pos, prefix + _indent(item, dash, dash + 2))
    return "", f"has {key!r} in a form that cannot be appended to automatically; add it by hand", (0, 0)
