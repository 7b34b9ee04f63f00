"""Render field sources to the HTML that goes into Anki notes.

Author text is Markdown-lite; raw HTML in it is escaped, so it shows as
written and never runs. Commands keep every character as written. Braces and
colons in text are written as character references, so ``{{.Names}}``, ``}}``
and ``::`` can never be read as Anki template or cloze syntax.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from ..problems import Problem
from ..sources.command import Token
from ..sources.format import CLOZE_RE
from ..sources.media import MediaStore
from .fields import ClozeMarkdown, Command, FieldSource, Link, Markdown, Plain, Recall, Typed, TypePrompt
from .notes import NoteSpec
from .notetypes import labels

# Deletion marks are swapped for private-use characters before Markdown runs,
# so "[[word]](gloss)" can't turn into a link and swallow the deletion.
_OPEN, _CLOSE = "\ue000", "\ue001"
_PRIVATE_MARK = re.compile(f"{_OPEN}(.+?){_CLOSE}", re.S)
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.I)


@dataclass(frozen=True)
class RenderedNote:
    spec: NoteSpec
    fields: tuple[str, ...]


def _lexer(lang: str) -> Lexer | None:
    try:
        return get_lexer_by_name(lang)
    except ClassNotFound:
        return None


def _highlight(code: str, lang: str, _attrs: object) -> str:
    lexer = _lexer(lang) if lang else None
    lang_class = f' class="language-{html.escape(lang)}"' if lang else ""
    body = html.escape(code) if lexer is None else pygments_highlight(code, lexer, _FORMATTER)
    return f'<pre class="hl"><code{lang_class}>{body}</code></pre>\n'


_FORMATTER = HtmlFormatter(nowrap=True)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False,
                                   "highlight": _highlight})
    md.enable(["table", "strikethrough"])
    # A "[label]: target" line would vanish as a link reference definition.
    md.disable("reference")
    return md


# A one-line text of plain words and `code` (most card texts) renders to one
# paragraph; writing it directly skips markdown-it's block and inline machinery,
# which halves rendering a deck. Anything that could start a block (#, >, -, +,
# *, 1.) or an inline construct other than a single-backtick code span
# (\\ * _ [ ] ! < & ~ ``) takes the full parser. tests/test_properties.py holds
# the two paths to the same output.
_SIMPLE = re.compile(r"(?![#>+*=_-]|\d{1,9}[.)])(?:[^`\\*_\[\]!<&~\n\r\0]|`[^`\n\r\0]+`)*")
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def simple_markdown(text: str) -> str | None:
    """The HTML of a one-line text of words and code spans, or None for anything else."""
    if not text or text != text.strip() or "``" in text or not _SIMPLE.fullmatch(text):
        return None
    out = []
    for i, part in enumerate(text.split("`")):
        if i % 2:
            if part.startswith(" ") and part.endswith(" ") and part.strip(" "):
                part = part[1:-1]
            out.append(f"<code>{part.translate(_ESCAPE)}</code>")
        else:
            out.append(part.translate(_ESCAPE))
    return f"<p>{''.join(out)}</p>"


def markdown_to_html(text: str, media: MediaStore, problems: list[Problem], where: tuple[str, int]) -> str:
    simple = simple_markdown(text)
    if simple is not None:
        return simple
    md = _markdown()
    tokens = md.parse(text)
    for token in tokens:
        for child in token.children or ():
            if child.type == "image":
                src = str(child.attrGet("src") or "")
                name, error = media.resolve(src)
                if error:
                    problems.append(Problem(where[0], where[1], error))
                    child.attrSet("src", "")
                else:
                    child.attrSet("src", name or "")
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if not _SAFE_LINK.match(href):
                    # Anki has no page to go to for a relative link: say so
                    # rather than drop the target silently.
                    problems.append(Problem(where[0], where[1], f"link target {href!r} is not a full "
                                            "http(s) address, so Anki cannot open it",
                                            "write https://... or leave the link out"))
                    child.attrs.pop("href", None)
    return md.renderer.render(tokens, md.options, {}).strip()


def shield(fragment: str) -> str:
    """Write braces and colons in text (not in tags) as character references."""
    parts = _TAG_OR_TEXT.split(fragment)
    for i in range(0, len(parts), 2):
        parts[i] = parts[i].replace("{", "&#123;").replace("}", "&#125;").replace(":", "&#58;")
    return "".join(parts)


# html.escape(quote=False) followed by shield(), in one pass: the two touch
# disjoint characters and neither's output contains the other's input.
_ESCAPE_SHIELD = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;",
                                "{": "&#123;", "}": "&#125;", ":": "&#58;"})


def _command_html(command: str, tokens: tuple[Token, ...], spans: tuple[tuple[int, int], ...]) -> str:
    opening = {span[0]: (i + 1, span[1]) for i, span in enumerate(spans)}
    out: list[str] = []
    pos = 0
    open_end = None
    for token in tokens:
        out.append(command[pos:token.start].translate(_ESCAPE_SHIELD))
        start = opening.get(token.start)
        if start:
            out.append(f"{{{{c{start[0]}::")
            open_end = start[1]
        out.append(f'<span class="tok-{token.kind}">{token.text.translate(_ESCAPE_SHIELD)}</span>')
        pos = token.end
        if open_end is not None and token.end == open_end:
            out.append("}}")
            open_end = None
    out.append(command[pos:].translate(_ESCAPE_SHIELD))
    return f'<pre class="cmd"><code>{"".join(out)}</code></pre>'


def _cloze_markdown(text: str, media: MediaStore, problems: list[Problem], where: tuple[str, int]) -> str:
    marked = CLOZE_RE.sub(lambda m: f"{_OPEN}{m.group(1)}{_CLOSE}",
                             text.replace(_OPEN, "").replace(_CLOSE, ""))
    rendered = shield(markdown_to_html(marked, media, problems, where))
    counter = itertools.count(1)  # a fixed range ran out at 1,000 deletions
    result = _PRIVATE_MARK.sub(lambda m: f"{{{{c{next(counter)}::{m.group(1)}}}}}", rendered)
    if _OPEN in result or _CLOSE in result or "{{c1::" not in result:
        problems.append(Problem(where[0], where[1], "a [[deletion]] could not be placed in the rendered text",
                                "keep each [[...]] within one line and outside fenced code blocks"))
    return result.replace(_OPEN, "[[").replace(_CLOSE, "]]")


def _link(url: str) -> str:
    if not url:
        return ""
    parts = urlsplit(url)
    label = (parts.netloc + parts.path).rstrip("/")
    return f'<a href="{html.escape(url)}">{shield(html.escape(label))}</a>'


def anki_proof(fragment: str) -> str:
    """Keep Anki from reading field text as anything but text.

    Anki turns ``[$]..[/$]`` and ``[latex]..[/latex]`` into LaTeX images (the
    text vanishes), and stores fields in NFC, which would fuse a combining
    mark at the start of a text run with the ``>`` of the tag before it.
    """
    if "[" not in fragment and fragment.isascii():
        return fragment  # most English fields: nothing to change
    parts = _TAG_OR_TEXT.split(fragment)
    for i in range(0, len(parts), 2):
        text = parts[i].replace("[", "&#91;")
        if text and unicodedata.combining(text[0]):
            text = f"&#{ord(text[0])};{text[1:]}"
        parts[i] = text
    return "".join(parts)


def render_field(source: FieldSource, lang: str, media: MediaStore, problems: list[Problem],
                 where: tuple[str, int]) -> str:
    return anki_proof(_render_source(source, lang, media, problems, where))


def _render_source(source: FieldSource, lang: str, media: MediaStore, problems: list[Problem],
                   where: tuple[str, int]) -> str:
    if isinstance(source, Typed):
        # Plain text, entities only: Anki decodes them before comparing, and no tag can creep in.
        return shield(html.escape(source.text, quote=False))
    if isinstance(source, Markdown):
        return shield(markdown_to_html(source.text, media, problems, where)) if source.text else ""
    if isinstance(source, ClozeMarkdown):
        return _cloze_markdown(source.text, media, problems, where)
    if isinstance(source, Command):
        return _command_html(source.text, source.tokens, source.blanks)
    if isinstance(source, Link):
        return _link(source.url)
    if isinstance(source, Plain):
        return shield(html.escape(source.text))
    raise TypeError(f"unknown field source {source!r}")


def _ask(lang: str, label: str = "recall") -> str:
    return f'<div class="dd-ask">{html.escape(labels(lang)[label])}</div>'


def _placeholder_hint(placeholders: tuple[str, ...], lang: str) -> str:
    if not placeholders:
        return ""
    codes = ", ".join(f"<code>{shield(html.escape(p))}</code>" for p in placeholders)
    return f'<div class="dd-hint">{html.escape(labels(lang)["placeholders"])} {codes}</div>'


def render_notes(specs: list[NoteSpec], media: MediaStore) -> tuple[list[RenderedNote], list[Problem]]:
    """Every note's fields as HTML, and the problems found on the way (a missing picture, a bad link)."""
    problems: list[Problem] = []
    rendered = []
    # A command card's meaning is on both its notes (the context of the cloze, the front of
    # the recall): each card's texts are rendered once and their problems reported once.
    card: tuple[str, int] | None = None
    done: dict[FieldSource, str] = {}
    for spec in specs:
        if (spec.path, spec.line) != card:
            card, done = (spec.path, spec.line), {}
        rendered.append(RenderedNote(spec, tuple(_rendered(source, spec, media, problems, done)
                                                 for source in spec.fields)))
    return rendered, problems


def _rendered(source: FieldSource, spec: NoteSpec, media: MediaStore, problems: list[Problem],
              done: dict[FieldSource, str]) -> str:
    """One field, rendered once per card: a prompt (recall, typing) reuses its card's rendered meaning."""
    if source not in done:
        if isinstance(source, Recall):
            done[source] = anki_proof(_ask(spec.lang)) + _rendered(Markdown(source.text), spec, media, problems, done)
        elif isinstance(source, TypePrompt):
            # Without the "Type the command" prompt, which the typing note type's template shows.
            done[source] = (_rendered(Markdown(source.text), spec, media, problems, done)
                            + anki_proof(_placeholder_hint(source.placeholders, spec.lang)))
        else:
            done[source] = render_field(source, spec.lang, media, problems, (spec.path, spec.line))
    return done[source]
