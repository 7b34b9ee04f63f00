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
from pathlib import Path

from markdown_it import MarkdownIt
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from ..problems import Problem
from ..sources.cloze import deletions, mark, marks_for, wraps_whole
from ..sources.command import Token
from ..sources.links import link_label
from ..sources.markdown import card_markdown
from ..sources.media import MediaStore
from .fields import ClozeMarkdown, Command, FieldSource, Link, Markdown, Plain, Recall, Typed, TypePrompt
from .linebreaks import TAG_OR_TEXT, break_hints, url_label
from .notes import NoteSpec

_SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.I)


@dataclass(frozen=True, slots=True)
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
    return card_markdown(_highlight)


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
        return break_hints(simple)
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
    return break_hints(md.renderer.render(tokens, md.options, {}).strip())


class _NoPictures(MediaStore):
    """Media for a text shown outside every card: Anki keeps no picture that no note uses."""

    def resolve(self, ref: str) -> tuple[str | None, str | None]:
        return None, (f"shows a picture ({ref!r}), which Anki would not keep: its media check deletes files no "
                      "card uses")


def render_description(text: str, lang: str, where: tuple[str, int], problems: list[Problem]) -> str:
    """The deck's description as the HTML Anki shows above the deck: Markdown-lite, escaped like every text."""
    if not text:
        return ""
    found: list[Problem] = []
    rendered = markdown_to_html(text, _NoPictures(Path()), found, where)
    problems += [Problem(p.path, p.line, f"description ({lang}) {p.message}", "leave the picture out of the description")
                 if p.message.startswith("shows a picture") else p for p in found]
    return rendered


def shield(fragment: str) -> str:
    """Write braces and colons in text (not in tags) as character references."""
    parts = TAG_OR_TEXT.split(fragment)
    for i in range(0, len(parts), 2):
        parts[i] = parts[i].replace("{", "&#123;").replace("}", "&#125;").replace(":", "&#58;")
    return "".join(parts)


# html.escape(quote=False) followed by shield(), in one pass: the two touch
# disjoint characters and neither's output contains the other's input.
_ESCAPE_SHIELD = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;",
                                "{": "&#123;", "}": "&#125;", ":": "&#58;"})


def _command_html(command: str, tokens: tuple[Token, ...], spans: tuple[tuple[int, int], ...],
                  numbers: tuple[int, ...] = ()) -> str:
    opening = {span[0]: (numbers[i] if numbers else i + 1, span[1]) for i, span in enumerate(spans)}
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
    return break_hints(f'<pre class="cmd"><code>{"".join(out)}</code></pre>')


def _cloze_markdown(text: str, numbers: tuple[int, ...], media: MediaStore, problems: list[Problem],
                    where: tuple[str, int]) -> str:
    # Each deletion's brackets become two characters the text does not hold before Markdown runs,
    # so "[[word]](gloss)" can't turn into a link and swallow the deletion, and the text's own
    # characters all arrive (validation has refused the forms that would not survive).
    spans, _ = deletions(text)
    marks = marks_for(text)
    rendered = shield(markdown_to_html(mark(text, spans, marks), media, problems, where))
    # A highlighter may give a mark a span of its own ("err"): the deletion then still wraps whole tokens.
    for m in marks:
        rendered = rendered.replace(f'<span class="err">{m}</span>', m)
    # Each deletion's card number, in order (a fixed range ran out at 1,000 deletions).
    counter = itertools.chain(numbers, itertools.count(max(numbers, default=0) + 1))
    pattern = re.compile(f"{marks[0]}([^{marks[0]}{marks[1]}]*){marks[1]}")
    inside = pattern.findall(rendered)
    result = pattern.sub(lambda m: f"{{{{c{next(counter)}::{m.group(1)}}}}}", rendered)
    if marks[0] in result or marks[1] in result or len(inside) != len(spans) or not all(map(wraps_whole, inside)):
        problems.append(Problem(where[0], where[1], "a [[deletion]] could not be placed in the rendered text",
                                "in a code block with a language, keep each [[...]] within one highlighted word, "
                                "or leave the language out"))
    return result.replace(marks[0], "[[").replace(marks[1], "]]")


@lru_cache(maxsize=4096)  # a card's link is on each of its notes, in every language
def _link(url: str) -> str:
    if not url:
        return ""
    label = link_label(url)
    return f'<a href="{html.escape(url)}">{url_label(shield(html.escape(label)))}</a>'


def anki_proof(fragment: str) -> str:
    """Keep Anki from reading field text as anything but text.

    Anki turns ``[$]..[/$]`` and ``[latex]..[/latex]`` into LaTeX images (the
    text vanishes), and stores fields in NFC, which would fuse a combining
    mark at the start of a text run with the ``>`` of the tag before it.
    """
    if "[" not in fragment and fragment.isascii():
        return fragment  # most English fields: nothing to change
    parts = TAG_OR_TEXT.split(fragment)
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
        return _cloze_markdown(source.text, source.numbers, media, problems, where)
    if isinstance(source, Command):
        return _command_html(source.text, source.tokens, source.blanks, source.numbers)
    if isinstance(source, Link):
        return _link(source.url)
    if isinstance(source, Plain):
        return shield(html.escape(source.text))
    raise TypeError(f"unknown field source {source!r}")


def _ask(label: str) -> str:
    return f'<div class="dd-ask">{html.escape(label)}</div>'


def _placeholder_hint(placeholders: tuple[str, ...], caption: str) -> str:
    if not placeholders:
        return ""
    codes = ", ".join(f"<code>{shield(html.escape(p))}</code>" for p in placeholders)
    return f'<div class="dd-hint">{html.escape(caption)} {codes}</div>'


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
            done[source] = anki_proof(_ask(source.ask)) + _rendered(Markdown(source.text), spec, media, problems, done)
        elif isinstance(source, TypePrompt):
            hint = _rendered(Markdown(source.hint), spec, media, problems, done) if source.hint else ""
            # Without the "Type the command" prompt, which the typing note type's template shows.
            done[source] = (_rendered(Markdown(source.text), spec, media, problems, done)
                            + (f'<div class="dd-hint dd-form">{hint}</div>' if hint else "")
                            + anki_proof(_placeholder_hint(source.placeholders, source.caption)))
        else:
            done[source] = render_field(source, spec.lang, media, problems, (spec.path, spec.line))
    return done[source]
