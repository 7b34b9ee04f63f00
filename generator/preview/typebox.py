"""Anki's answer box, put into a typing card the way Anki's reviewer does it.

Where a template says ``{{type:Field}}``, ``card.question()`` and ``card.answer()`` leave the marker
``[[type:Field]]``; the reviewer replaces it, on the front with a text box (``<input id="typeans">``)
and on the back with the typed text checked against the field by ``col.compare_answer``. The
functions here follow Anki desktop's reviewer (``qt/aqt/reviewer.py``, ``typeAnsQuestionFilter`` and
``typeAnsAnswerFilter``), so the preview, the phone tests and the screenshots show what a learner sees.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

# The reviewer's own pattern.
TYPE_MARKER = re.compile(r"\[\[type:(.+?)\]\]")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class TypeBox:
    """The box a card's front asks for: the expected answer as Anki works it out, and the field's font."""

    expected: str  # as stored: HTML, entities and all; compare_answer strips and decodes it
    font: str
    size: int


def type_box(col: Any, card: Any) -> TypeBox | None:
    """The answer box on ``card``'s front, or None when it has none (or names no field of the note)."""
    found = TYPE_MARKER.search(card.question())
    if not found:
        return None
    name = found.group(1)
    cloze = name.startswith("cloze:")
    if cloze:
        name = name.split(":")[1]
    for field in card.note_type()["flds"]:
        if field["name"] == name:
            expected = card.note()[name]
            if cloze:  # a cloze card's answer is its own deletion only
                expected = col.extract_cloze_for_typing(expected, card.ord + 1)
            return TypeBox(expected, field["font"], field["size"]) if expected else None
    return None


def as_typed(expected: str) -> str:
    """The expected answer as a person types it: what is left once tags go and entities are decoded."""
    return html.unescape(_TAG.sub("", expected))


def front_with_box(question: str, box: TypeBox) -> str:
    """The front as the reviewer shows it: the text box in place of the marker."""
    markup = (f'\n<center>\n<input type=text id=typeans\n   style="font-family: \'{box.font}\'; '
              f'font-size: {box.size}px;">\n</center>\n')
    return TYPE_MARKER.sub(lambda _: markup, question)


def back_with_comparison(answer: str, box: TypeBox, comparison: str) -> str:
    """The back as the reviewer shows it: ``comparison`` (from ``col.compare_answer``) in place of the marker."""
    markup = f'\n<div style="font-family: \'{box.font}\'; font-size: {box.size}px">{comparison}</div>'
    return TYPE_MARKER.sub(lambda _: markup, answer)


_COMPARISON = re.compile(r"<code id=typeans>.*?</code>", re.S)


def with_other_comparison(answer: str, comparison: str) -> str:
    """A typing card's back (as ``back_with_comparison`` made it) with another ``col.compare_answer`` in place:
    the back after something else was typed."""
    return _COMPARISON.sub(lambda _: comparison, answer)


def slip(typed: str) -> str:
    """``typed`` with one slip of the finger: its last character changed."""
    last = typed[-1:] or " "
    return typed[:-1] + ("x" if last != "x" else "y")
