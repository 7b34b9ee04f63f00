"""The deletions of a cloze text, and the ``[[...]]`` forms that would build a broken card.

A deletion is ``[[`` up to the next ``]]``. Anki hides a deletion by wrapping the HTML
between its marks, so a deletion must hide something, must not hold another one, and
must open and close inside the same piece of markup: ``**bo[[ld** text]]`` would wrap
half of the bold and show the rest of the card garbled. Each problem is a message and
a hint, for the validator to locate.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain

from markdown_it import MarkdownIt

from .markdown import card_markdown

Span = tuple[int, int]  # where a deletion stands in its text: from its "[[" to just past its "]]"

# Private-use characters stand in for a deletion's brackets while Markdown runs, so
# "[[word]](gloss)" cannot turn into a link; a text may use some of them itself (icon
# fonts do), so each text gets two it does not contain. A text holds at most 20,000
# characters, far fewer than the candidates.
_PRIVATE_USE = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE))


def marks_for(text: str) -> tuple[str, str]:
    """Two characters that do not occur in ``text``: the stand-ins for ``[[`` and ``]]``."""
    if "\ue000" not in text and "\ue001" not in text:
        return "\ue000", "\ue001"
    used = set(text)
    free = (chr(c) for c in chain(*_PRIVATE_USE) if chr(c) not in used)
    return next(free), next(free)


def shown(text: str, span: Span, limit: int = 40) -> str:
    """A deletion as its author wrote it, on one line, shortened if long, for messages."""
    inner = text[span[0] + 2:span[1] - 2]
    inner = re.sub(r"\s+", " ", inner) if inner.strip() else inner
    if len(inner) > limit:
        inner = inner[:limit - 1] + "…"
    return f"[[{inner}]]"


Issue = tuple[str, str]  # what is wrong, how to fix it


_BRACKETS = re.compile(r"\[\[|\]\]")


def deletions(text: str) -> tuple[list[Span], list[Issue]]:
    """Each deletion of ``text``, in order, and what is wrong with their brackets."""
    spans: list[Span] = []
    opened = -1
    for bracket in _BRACKETS.finditer(text):  # left to right, each bracket pair once: "[[[" opens at its first
        i = bracket.start()
        if bracket.group() == "[[":
            if opened >= 0:
                return spans, [(f"deletion {len(spans) + 1} holds another [[: deletions cannot be nested",
                                "close the first deletion with ]] before the next [[, e.g. [[a]] [[b]]")]
            opened = i
        else:
            if opened < 0:
                before = text[max(0, i - 20):i + 2].replace("\n", " ")
                return spans, [(f"]] with no [[ before it: {before!r}", "open the deletion with [[, or remove the ]]")]
            spans.append((opened, i + 2))
            opened = -1
    if opened >= 0:
        rest = text[opened:opened + 30].replace("\n", " ")
        return spans, [(f"deletion {len(spans) + 1} {rest} is never closed with ]]", "end what to hide with ]]")]
    issues = []
    for n, span in enumerate(spans, 1):
        inner = text[span[0] + 2:span[1] - 2]
        if not inner.strip():
            what = "hides nothing" if not inner else "hides only spaces"
            issues.append((f"deletion {n} {shown(text, span)} {what}",
                           "write what to hide between [[ and ]], or remove the brackets"))
    return spans, issues


# Anki's own deletion, {{c1::text}} or {{c1::text::hint}}; quoted as `code`, it is text like any other.
_ANKI_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::.*?)?\}\}", re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)


def anki_syntax(text: str) -> list[Issue]:
    """Anki's ``{{c1::...}}`` written in a cloze text, which dockdeck would show as it stands."""
    return [(f"{m.group(0)} is Anki's own cloze syntax, which a card shows as written",
             f"write [[{m.group(1)}]]: dockdeck numbers the deletions itself")
            for m in _ANKI_CLOZE.finditer(_CODE_SPAN.sub("", text))]


def mark(text: str, spans: list[Span], marks: tuple[str, str]) -> str:
    """``text`` with each deletion's brackets replaced by the two marks."""
    out, pos = [], 0
    for start, end in spans:
        out += [text[pos:start], marks[0], text[start + 2:end - 2], marks[1]]
        pos = end
    out.append(text[pos:])
    return "".join(out)


_INLINE = {
    "strong": ("**bold**", "[[**bold**]] or **[[bold]]**"),
    "em": ("*italic*", "[[*italic*]] or *[[italic]]*"),
    "code": ("`code`", "[[`code`]] or `[[code]]`"),
    "s": ("~~strikethrough~~", "[[~~struck~~]] or ~~[[struck]]~~"),
    "a": ("a link", "[[[text](url)]] hides the whole link, [text [[word]]](url) a word of its text"),
}
_BLOCK = {"p": "a paragraph", "li": "a list item", "td": "a table cell", "th": "a table cell", "tr": "a table row",
          "pre": "a code block", "blockquote": "a quote", "ul": "a list", "ol": "a list", "table": "a table",
          **{f"h{n}": "a heading" for n in range(1, 7)}}
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)[^>]*>")
# Elements without an end tag, which open nothing: rendering itself adds <wbr> where a line may break.
_VOID = {"br", "hr", "img", "input", "wbr"}


def wraps_whole(fragment: str) -> bool:
    """Whether rendered HTML closes every element it opens, and only those: what a deletion hides in a card."""
    open_tags: list[str] = []
    for tag in _TAG.finditer(fragment):
        if tag.group(2) in _VOID or tag.group(0).endswith("/>"):
            continue
        if not tag.group(1):
            open_tags.append(tag.group(2))
        elif not open_tags or open_tags.pop() != tag.group(2):
            return False
    return not open_tags


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return card_markdown()


def _crossing(tag: str, starts_inside: bool) -> tuple[str, str]:
    """What a deletion that crosses the edge of ``tag`` does, and the fix."""
    if tag in _INLINE:
        what, fix = _INLINE[tag]
        where = f"starts inside {what} and ends outside it" if starts_inside else \
            f"starts outside {what} and ends inside it"
        return where, f"put all of it inside the deletion, or the deletion inside it: {fix}"
    what = _BLOCK.get(tag, f"<{tag}>")
    return (f"runs across the end of {what}",
            "keep a deletion within one paragraph, list item or table cell; make one deletion per part")


def _unhideable(text: str, spans: list[Span], index: int, picture: bool) -> Issue:
    if picture:
        return (f"deletion {index + 1} {shown(text, spans[index])} is inside a picture's description, which Anki "
                "cannot hide", "hide the whole picture: [[![description](media/picture.svg)]]")
    return (f"deletion {index + 1} {shown(text, spans[index])} is inside a link's address, which Anki cannot hide",
            "hide the whole link, [[[text](url)]], or a word of its text, [text [[word]]](url)")


def markup_issues(text: str, spans: list[Span]) -> list[Issue]:
    """Deletions that would not wrap a whole piece of the rendered text: Anki would show them garbled."""
    marks = marks_for(text)
    rendered = _parser().render(mark(text, spans, marks))
    issues: list[Issue] = []
    stack: list[str] = []
    n = 0  # deletions opened so far
    base = -1  # the depth of markup at the open deletion's [[, or -1 outside a deletion
    bad = False  # the open deletion is reported already
    for part in re.split(r"(<[^>]*>)", rendered):
        if part.startswith("<"):
            if marks[0] in part or marks[1] in part:
                return issues + [_unhideable(text, spans, n if marks[0] in part else n - 1, part.startswith("<img"))]
            tag = _TAG.match(part)
            if tag is None or tag.group(2) in _VOID or part.endswith("/>"):
                continue
            if not tag.group(1):
                stack.append(tag.group(2))
                continue
            closed = stack.pop() if stack else tag.group(2)
            if base >= 0 and len(stack) < base and not bad:
                where, fix = _crossing(closed, True)
                issues.append((f"deletion {n} {shown(text, spans[n - 1])} {where}", fix))
                bad = True
                base = len(stack)
            continue
        for ch in part:
            if ch == marks[0]:
                n, base, bad = n + 1, len(stack), False
            elif ch == marks[1]:
                if len(stack) > base and not bad:
                    where, fix = _crossing(stack[base], False)
                    issues.append((f"deletion {n} {shown(text, spans[n - 1])} {where}", fix))
                base = -1
    if n != len(spans) and not issues:  # a mark went into a link's address, where it is %-encoded
        issues.append(_unhideable(text, spans, n, False))
    return issues


def cloze_issues(text: str) -> list[Issue]:
    """Everything wrong with the deletions of one cloze text; none means every card shows as written."""
    spans, issues = deletions(text)
    issues = anki_syntax(text) + issues
    if not spans and not issues:
        issues.append(("no [[deletion]] marks what to hide", "mark it with [[...]]"))
    if issues or not spans:
        return issues
    return markup_issues(text, spans)
