"""What can be wrong with a card once Anki has rendered it, seen from the learner's side.

These are things validation of the sources cannot see: a side that shows
nothing, a cloze blank that did not survive into the page, template or cloze
markup that shows as text.
"""

from __future__ import annotations

import html.parser
import re

from ..problems import Problem
from .collection import RenderedCard

# Cloze syntax that Anki left in the page. It is looked for in the markup, not in the text a
# learner sees: rendering writes the braces of author text as character references, so a card
# that teaches Anki's syntax ("{{c1::Paris}}", shown as text, which `check` accepts) is fine,
# while markup that reached Anki unconsumed means a broken template or deletion.
_LEFTOVER = re.compile(r"\{\{c\d+::")
_INVISIBLE = " \t\r\n\f\v\u00a0\u200b\u200c\u200d\u2060\ufeff"


class _Page(html.parser.HTMLParser):
    """Visible text, pictures, and the text of each active cloze span."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.images = 0
        self.blanks: list[str] = []
        self._skip = 0
        self._spans: list[int | None] = []  # for each open span: index into blanks, or None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        elif tag == "img":
            self.images += 1
        elif tag == "span":
            classes = (dict(attrs).get("class") or "").split()
            if "cloze" in classes:
                self.blanks.append("")
                self._spans.append(len(self.blanks) - 1)
            else:
                self._spans.append(None)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1
        elif tag == "span" and self._spans:
            self._spans.pop()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        for index in self._spans:
            if index is not None:
                self.blanks[index] += data


def _parse(markup: str) -> _Page:
    page = _Page()
    page.feed(markup)
    page.close()
    return page


def visible_text(markup: str) -> str:
    return "".join(_parse(markup).text)


def side_problems(markup: str, side: str, cloze: bool) -> list[str]:
    """What is wrong with one side ("front" or "back") of a rendered card, in words."""
    page = _parse(markup)
    text = "".join(page.text)
    found = []
    if not text.strip(_INVISIBLE) and not page.images:
        found.append(f"the {side} is empty")
    leftover = _LEFTOVER.search(markup)
    if leftover:
        found.append(f"the {side} shows cloze markup {leftover.group(0)!r}")
    if cloze:
        if side == "front" and not any(blank == "[...]" for blank in page.blanks):
            found.append("the front has no [...] blank: the deletion vanished")
        if side == "back" and not any(blank.strip(_INVISIBLE) for blank in page.blanks):
            found.append("the back does not show the hidden text")
    return found


def card_problems(card: RenderedCard) -> list[Problem]:
    cloze = card.kind == "cloze"
    messages = side_problems(card.question, "front", cloze) + side_problems(card.answer, "back", cloze)
    if card.kind == "type" and not card.expected:
        messages.append("the front has no box to type the answer in")
    return [Problem(card.path, card.line, f"{card.key} card {card.number}: {message}") for message in messages]
