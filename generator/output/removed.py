"""Searches for Anki's browser that find exactly the notes a build names."""

from __future__ import annotations

from .notetypes import note_types


def _quote(term: str) -> str:
    # In Anki's search, _ and * are wildcards: "Id:my_card" would also find
    # "my-card", and a person deleting what it finds would lose that note.
    escaped = "".join("\\" + ch if ch in '\\"*_' else ch for ch in term)
    return f'"{escaped}"'


def removed_search(deck_name: str, lang: str, keys: list[str]) -> str:
    """A search finding the notes of this deck and language whose Id is one of ``keys``."""
    if not keys:
        return ""
    # Every kind of note, typing included: the notes a build removes may be typing notes left over
    # from when the deck had typing on.
    types = " OR ".join(_quote(f"note:{t.name}") for t in note_types(deck_name, lang, typing=True).values())
    ids = " OR ".join(_quote(f"Id:{key}") for key in keys)
    return f"({types}) ({ids})"
