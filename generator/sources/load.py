"""Load YAML card files into plain Python values that remember their source line.

Only the YAML *composer* runs: no Python object is ever constructed from a
tag, and aliases are refused, which rules out alias ("billion laughs") bombs.
Mappings keep the line of every key, so later stages can report
``path:line`` for any value.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..problems import Problem
from ..safe_read import TooBig, Unreadable, read_limited
from .yaml_hints import comment_in_flow, empty_list_before_items

try:  # libyaml composes the same nodes as the pure-Python parser, in a fraction of its time.
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

# Far above any topic file a person writes (the Docker deck's largest is about
# 20 KiB): composing a file much larger would look like a hang, so it is
# refused before it is parsed.
MAX_FILE_BYTES = 1024 * 1024

# A card file nests five levels deep (files, cards, a card, a text, its languages); libyaml
# stops at 1000, but converting even that deep would exhaust Python's recursion limit.
MAX_DEPTH = 32

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str": "text",
    "tag:yaml.org,2002:int": "number",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:null": "nothing",
    "tag:yaml.org,2002:timestamp": "date",
}


class YStr(str):
    """A YAML string scalar and the line it starts on (1-based)."""

    line: int
    # The rest of the line after an unquoted scalar when it is a comment: ``front: C # rocks`` is "C".
    comment: str = ""

    def __new__(cls, value: str, line: int) -> YStr:
        obj = super().__new__(cls, value)
        obj.line = line
        return obj


@dataclass(frozen=True)
class YScalar:
    """A non-string scalar (number, bool, null, date), kept as written."""

    text: str
    kind: str
    line: int


class YMap(dict):
    """A YAML mapping with string keys; ``key_lines`` holds each key's line."""

    line: int
    key_lines: dict[str, int]

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines = {}


class YList(list):
    """A YAML sequence and the line it starts on."""

    line: int

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line


def line_of(value: Any, default: int = 1) -> int:
    return getattr(value, "line", default)


def describe(value: Any) -> str:
    """A person's word for the kind of a loaded value, for error messages."""
    if isinstance(value, YStr):
        return "text"
    if isinstance(value, YScalar):
        return value.kind
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    return "nothing"


def load_text(text: str, path: str) -> tuple[Any, list[Problem]]:
    """Compose one YAML document into located values, or report why not."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        tab = _tab_problem(text, mark, path)
        if tab is not None:
            return None, [tab]
        what = err.problem or str(err)
        start = err.context_mark
        flow = comment_in_flow(text, err.context or "", (start.line, start.column), line - 1) if start else None
        if flow is not None:
            return None, [Problem(path, flow[0], f"YAML syntax error: {flow[1]}", flow[2])]
        if err.context:
            what = f"{err.context}, {what}"
        hint = empty_list_before_items(text, line) or \
            "check indentation and quote texts that contain ': ' or ' #' or start with a backtick"
        return None, [Problem(path, line, f"YAML syntax error: {what}", hint)]
    except yaml.reader.ReaderError as err:
        # libyaml counts the position in UTF-8 bytes; the message spans lines and names no line.
        line = text.encode("utf-8", "surrogatepass")[:err.position].count(b"\n") + 1
        return None, [Problem(path, line, f"contains the character U+{err.character:04X}, which YAML does not allow",
                              "delete it; write it out in words if a card needs it")]
    except yaml.YAMLError as err:
        return None, [Problem(path, 1, "YAML error: " + " ".join(str(err).split()))]
    if node is None:
        return None, []
    problems: list[Problem] = []
    value = _convert(node, path, problems, set(), 0, text.splitlines())
    return value, problems


def _tab_problem(text: str, mark: Any, path: str) -> Problem | None:
    """YAML's words for a tab where it allows none ("found character that cannot start any token"), in plain words."""
    if mark is None:
        return None
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    if line[mark.column:mark.column + 1] != "\t":
        return None
    if line[:mark.column].strip():
        return Problem(path, mark.line + 1, "a tab where YAML allows none", "replace it with spaces, or quote the text")
    where = "at the start of the line" if mark.column == 0 else "in the indentation"
    return Problem(path, mark.line + 1, f"a tab {where}: YAML indents with spaces only", "replace the tab with spaces")


def load_file(file: Path, path: str, digests: dict[Path, str] | None = None) -> tuple[Any, list[Problem]]:
    """Read and compose a card file; ``path`` is how problems name it.

    ``digests`` records the SHA-256 of the bytes read, for the record of the build (``cache.py``)."""
    try:
        raw = read_limited(file, MAX_FILE_BYTES)
    except Unreadable as err:
        hint = "split it into several topic files" if isinstance(err, TooBig) else ""
        return None, [Problem(path, 1, str(err), hint)]
    if digests is not None:
        digests[file] = hashlib.sha256(raw).hexdigest()
    text, problem = decode(raw, path)
    if problem:
        return None, [problem]
    return load_text(text, path)


def decode(raw: bytes, path: str) -> tuple[str, Problem | None]:
    """UTF-8 with an optional byte-order mark; anything else is a located problem."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        return "", Problem(path, line, f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})",
                           "save the file as UTF-8")


def _tag_refused(node: yaml.Node, path: str, line: int) -> Problem:
    return Problem(path, line, f"YAML tag {node.tag!r} is not allowed",
                   "card files hold only texts, lists and mappings; remove the tag")


def _comment_after(node: yaml.ScalarNode, lines: list[str]) -> str:
    """The comment that ends the line of an unquoted scalar, if any: YAML's ``' #'`` cuts such a text short."""
    end = node.end_mark
    plain = not node.style  # libyaml says "", the Python parser None
    rest = lines[end.line][end.column:] if plain and end.line < len(lines) else ""
    return rest.strip() if rest[:1] in (" ", "\t") and rest.lstrip().startswith("#") else ""


def _convert(node: yaml.Node, path: str, problems: list[Problem], seen: set[int], depth: int,
             lines: list[str]) -> Any:
    line = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        problems.append(Problem(path, line, f"lists and mappings are nested over {MAX_DEPTH} deep here",
                                "a card file nests a few levels at most: check the brackets and indentation"))
        return None
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        # The composer returns the very same node object for every alias of
        # an anchor; seeing a collection twice means an alias.
        if id(node) in seen:
            problems.append(Problem(path, line, "YAML aliases (*name) are not supported",
                                    "write the value out in full"))
            return None
        seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        kind = _PLAIN_TAGS.get(node.tag)
        if kind is None:
            problems.append(_tag_refused(node, path, line))
            return None
        if kind == "text":
            # Anki stores every field in NFC; normalising here means blanks match
            # their command and the deck holds exactly what Anki will show.
            text = YStr(unicodedata.normalize("NFC", node.value), line)
            comment = _comment_after(node, lines)
            if comment:
                text.comment = comment
            return text
        return YScalar(node.value, kind, line)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            problems.append(_tag_refused(node, path, line))
            return None
        result = YList(line)
        for item in node.value:
            result.append(_convert(item, path, problems, seen, depth + 1, lines))
        return result
    if node.tag != "tag:yaml.org,2002:map":
        problems.append(_tag_refused(node, path, line))
        return None
    mapping = YMap(line)
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(path, key_line, "YAML merge keys (<<) are not supported",
                                        "write the keys out in full"))
            else:
                problems.append(Problem(path, key_line, "a key must be a plain word",
                                        "quote it if it looks like a number or true/false"))
            continue
        key = key_node.value
        if key in mapping.key_lines:
            first = mapping.key_lines[key]
            problems.append(Problem(path, key_line, f"key {key!r} is written twice in one mapping "
                                    f"(lines {first} and {key_line})", "keep one of them"))
            continue
        mapping.key_lines[key] = key_line
        mapping[key] = _convert(value_node, path, problems, seen, depth + 1, lines)
    return mapping
