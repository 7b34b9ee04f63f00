"""What WebKit, the engine AnkiMobile shows cards in, does to each card on a 360 px phone screen.

``dockdeck preview --engine webkit`` lays every side out in WebKitGTK with the phone tests' own
measuring script and lists what a learner on an iPhone would notice: a side that scrolls sideways,
a word broken across two lines, a picture that does not load.
"""

from __future__ import annotations

from ..problems import Problem
from .collection import AnkiRendering, RenderedCard, card_document
from .measure import MEASURE
from .typebox import as_typed
from .webkit import PHONE, WebKitPhone

_WIDE = "something on it is wider than the phone: a long line in a code block, a table, or the deck's css: style"
_BROKEN = "a css: style that sets word-break or overflow-wrap can do this; dockdeck's own keeps words whole"
_PICTURE = "check the picture's file in cards/media/"


def side_layout_problems(found: dict, side: str) -> list[tuple[str, str]]:
    """What is wrong with one measured side (``MEASURE``'s result): (what, how to fix it)."""
    problems = []
    width = found["light"]["scrollWidth"]
    if width > PHONE[0]:
        problems.append((f"the {side} is {width} px wide in WebKit, so it scrolls sideways on a {PHONE[0]} px phone",
                         _WIDE))
    broken = [b["word"] for b in found["breaks"] if b["fits"]]
    if broken:
        shown = ", ".join(repr(word) for word in broken[:3]) + (" ..." if len(broken) > 3 else "")
        problems.append((f"WebKit breaks a word across two lines on the {side} (at |): {shown}", _BROKEN))
    for picture in found["light"]["images"]:
        if not picture["loaded"]:
            problems.append((f"the picture {picture['src']!r} on the {side} does not load in WebKit", _PICTURE))
    return problems


def webkit_problems(rendering: AnkiRendering, phone: WebKitPhone) -> dict[tuple[str, int], list[Problem]]:
    """The problems of each card (by note key and card number) as WebKit lays it out; cards without any left out."""
    found: dict[tuple[str, int], list[Problem]] = {}
    for card in rendering.cards:
        problems = []
        for side, markup in (("front", card.question), ("back", card.answer)):
            phone.load(card_document(markup, card.number), rendering.media_uri)
            problems += side_layout_problems(phone.call(MEASURE, as_typed(card.expected)), side)
        if problems:
            found[(card.key, card.number)] = [_problem(card, what, hint) for what, hint in problems]
    return found


def _problem(card: RenderedCard, what: str, hint: str) -> Problem:
    return Problem(card.path, card.line, f"{card.key} card {card.number}: {what}", hint)
