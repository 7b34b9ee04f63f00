"""The card format's Markdown dialect: what a text's marks mean.

Validation (a cloze deletion must not cross the edge of **bold** or a link) and
rendering (``output/render.py``, which adds highlighting) parse texts with this one
definition, so the two can never read a text differently.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt


def card_markdown(highlight: Callable[[str, str, str], str] | None = None) -> MarkdownIt:
    """A new parser of the dialect: CommonMark with tables and ~~strikethrough~~, raw HTML as text;
    ``highlight`` renders the code of a fenced block from its code, language and attributes."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False, "highlight": highlight})
    md.enable(["table", "strikethrough"])
    # A "[label]: target" line would vanish as a link reference definition.
    md.disable("reference")
    return md
