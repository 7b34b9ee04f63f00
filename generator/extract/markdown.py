"""Read Markdown study notes into a small tree of blocks, with a real parser.

``extract`` decides what becomes a card; this module only says what the
notes contain: headings, paragraphs, code blocks, lists and tables, each with
its 1-based line and its Markdown source. Block quotes are flattened into the
surrounding blocks: people quote their own notes for looks, not for meaning.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

_QUOTE_MARK = re.compile(r"^ {0,3}> ?")


@dataclass
class Block:
    """One block of the notes; which fields are set depends on ``kind``."""

    kind: str  # "heading", "paragraph", "fence", "list", "table" or "other"
    line: int
    text: str = ""  # heading/paragraph: inline Markdown; fence: the code
    plain: str = ""  # heading/paragraph: the text without Markdown marks
    source: str = ""  # the block's Markdown source, quote marks and indentation removed
    level: int = 0  # heading level
    info: str = ""  # fence: its language word, lowercase
    image: bool = False  # paragraph: a picture and no text
    strong_only: bool = False  # paragraph: nothing but one **bold** run
    items: list[Item] = field(default_factory=list)  # list
    header: list[str] = field(default_factory=list)  # table
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # table: (line, cells)


@dataclass
class Item:
    """One list item: its blocks (usually a paragraph, then maybe a nested list)."""

    line: int
    source: str
    blocks: list[Block]


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # HTML on: an HTML block (a comment, a <details>) is then its own block, skipped, not a paragraph.
    return MarkdownIt("commonmark", {"html": True}).enable(["table"])


def read_notes(text: str) -> list[Block]:
    """The notes as a flat sequence of top-level blocks (lists keep their items)."""
    lines = text.splitlines()
    root = SyntaxTreeNode(_parser().parse(text))
    return _blocks(root.children, lines, 0)


def fenced_lines(text: str) -> set[int] | None:
    """None when the text holds no picture; else the 0-based lines inside its code blocks."""
    tokens = _parser().parse(text)
    if not any(child.type == "image" for token in tokens for child in token.children or ()):
        return None
    return {n for token in tokens if token.type in ("fence", "code_block") and token.map
            for n in range(*token.map)}


def _blocks(nodes: list[SyntaxTreeNode], lines: list[str], quotes: int) -> list[Block]:
    out: list[Block] = []
    for node in nodes:
        if node.type == "blockquote":
            out += _blocks(node.children, lines, quotes + 1)
        else:
            out.append(_block(node, lines, quotes))
    return out


def _source(node: SyntaxTreeNode, lines: list[str], quotes: int) -> str:
    if not node.map:
        return ""
    start, end = node.map
    chunk = []
    for raw in lines[start:end]:
        for _ in range(quotes):
            raw = _QUOTE_MARK.sub("", raw, count=1)
        chunk.append(raw.rstrip())
    return textwrap.dedent("\n".join(chunk)).strip("\n")


def _line(node: SyntaxTreeNode) -> int:
    return node.map[0] + 1 if node.map else 1


def _inline(node: SyntaxTreeNode) -> SyntaxTreeNode | None:
    return next((child for child in node.children if child.type == "inline"), None)


def plain_text(inline: SyntaxTreeNode | None) -> str:
    """What a reader sees of an inline run: text and code, without marks."""
    if inline is None:
        return ""
    parts: list[str] = []

    def walk(node: SyntaxTreeNode) -> None:
        if node.type in ("text", "code_inline"):
            parts.append(node.content)
        elif node.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif node.type == "image":
            return  # its alt text is not something the reader sees
        for child in node.children:
            walk(child)

    walk(inline)
    return "".join(parts).strip()


def _has(node: SyntaxTreeNode, kind: str) -> bool:
    return node.type == kind or any(_has(child, kind) for child in node.children)


def _block(node: SyntaxTreeNode, lines: list[str], quotes: int) -> Block:
    line = _line(node)
    source = _source(node, lines, quotes)
    if node.type == "heading":
        inline = _inline(node)
        return Block("heading", line, text=inline.content.strip() if inline else "", plain=plain_text(inline),
                     source=source, level=int(node.tag[1]))
    if node.type == "paragraph":
        inline = _inline(node)
        kids = [c for c in (inline.children if inline else []) if not (c.type == "text" and not c.content.strip())]
        strong_only = len(kids) == 1 and kids[0].type == "strong"
        plain = plain_text(inline)
        return Block("paragraph", line, text=_clean(inline.content if inline else ""), plain=plain,
                     source=source, image=not plain and inline is not None and _has(inline, "image"),
                     strong_only=strong_only)
    if node.type in ("fence", "code_block"):
        info = node.info.strip().split()[0].lower() if node.type == "fence" and node.info.strip() else ""
        return Block("fence", line, text=node.content, source=source, info=info)
    if node.type in ("bullet_list", "ordered_list"):
        items = [Item(_line(item), _source(item, lines, quotes), _blocks(item.children, lines, quotes))
                 for item in node.children]
        return Block("list", line, source=source, items=items)
    if node.type == "table":
        header: list[str] = []
        rows: list[tuple[int, list[str]]] = []
        for part in node.children:
            for row in part.children:
                cells = [_clean(inline.content) if (inline := _inline(cell)) else "" for cell in row.children]
                if part.type == "thead":
                    header = cells
                else:
                    rows.append((_line(row), cells))
        return Block("table", line, source=source, header=header, rows=rows)
    return Block("other", line, source=source, info=node.type)


def _clean(text: str) -> str:
    """Inline Markdown with the trailing spaces of each line dropped (they only make hard breaks)."""
    return "\n".join(part.rstrip() for part in text.strip().splitlines())
