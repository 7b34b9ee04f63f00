"""Which cards Anki makes of a note: genanki's Note.cards, worked out once per note type.

Worked out when a topic file is built (in a worker, or kept in the file cache),
not when the deck is packaged: a regular expression per cloze note was 30 ms
of packaging 20,000 notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import genanki

from .notetypes import NoteType

_CLOZE_REF = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)


def models(types: dict[str, NoteType]) -> dict[str, genanki.Model]:
    """Our note types as genanki's: what the collection stores, and what the card rules come from."""
    return {
        kind: genanki.Model(
            t.id, t.name, fields=[{"name": f} for f in t.fields],
            templates=[{"name": "Cloze" if kind == "cloze" else "Card 1", "qfmt": t.qfmt, "afmt": t.afmt}],
            css=t.css, model_type=genanki.Model.CLOZE if kind == "cloze" else genanki.Model.FRONT_BACK,
        )
        for kind, t in types.items()
    }


def card_rules(types: dict[str, NoteType]) -> dict[str, Callable[[tuple[str, ...]], tuple[int, ...]]]:
    """Per note type, the cards a note of it gets, as template ordinals."""
    return {kind: _card_ords(model) for kind, model in models(types).items()}


def _card_ords(model: genanki.Model) -> Callable[[tuple[str, ...]], tuple[int, ...]]:
    if model.model_type == genanki.Model.CLOZE:
        qfmt = model.templates[0]["qfmt"]
        names = set(re.findall(r"{{[^}]*?cloze:(?:[^}]?:)*(.+?)}}", qfmt) + re.findall("<%cloze:(.+?)%>", qfmt))
        indexes = [next((i for i, f in enumerate(model.fields) if f["name"] == name), -1) for name in names]

        def cloze(fields: tuple[str, ...]) -> tuple[int, ...]:
            ords: set[int] = set()
            for index in indexes:
                ords.update(int(m) - 1 for m in _CLOZE_REF.findall(fields[index] if index >= 0 else "") if int(m) > 0)
            return tuple(ords)  # a set's order, as genanki writes them
        return cloze
    req = model._req

    if all(len(needed) == 1 for _, _, needed in req):  # ours: each card needs one field
        single = [(ord_, needed[0]) for ord_, _, needed in req]

        def one_field(fields: tuple[str, ...]) -> tuple[int, ...]:
            return tuple(ord_ for ord_, i in single if fields[i])
        return one_field

    def front_back(fields: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(ord_ for ord_, any_or_all, needed in req
                     if (any if any_or_all == "any" else all)(fields[i] for i in needed))
    return front_back
