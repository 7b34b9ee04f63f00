"""Searches for Anki's browser that find exactly the notes and cards a build names."""

from __future__ import annotations

from .entries import KINDS
from .notetypes import note_type_name


def _quote(term: str) -> str:
    # In Anki's search, _ and * are wildcards: "Id:my_card" would also find
    # "my-card", and a person deleting what it finds would lose that note.
    escaped = "".join("\\" + ch if ch in '\\"*_' else ch for ch in term)
    return f'"{escaped}"'


def notes_search(deck_name: str, lang: str, notes: list[tuple[str, str]]) -> str:
    """A search finding the notes of this deck and language with these (Id, kind) pairs; a kind of ""
    means any of the deck's note types (a note recorded before kinds were).

    The kind matters where a card's kind changed: its old note and its new one have the same Id."""
    if not notes:
        return ""
    # Every kind of note, typing included: the notes a build removes may be typing notes left over
    # from when the deck had typing on.
    by_kind: dict[str, list[str]] = {}
    for key, kind in notes:
        by_kind.setdefault(kind, []).append(key)
    parts = []
    for kind, keys in by_kind.items():
        names = [note_type_name(deck_name, k, lang) for k in ((kind,) if kind else KINDS)]
        parts.append(f"({' OR '.join(_quote(f'note:{name}') for name in names)}) "
                     f"({' OR '.join(_quote(f'Id:{key}') for key in keys)})")
    return parts[0] if len(parts) == 1 else " OR ".join(f"({part})" for part in parts)


def moved_search(deck_name: str, lang: str, notes: list[tuple[str, str]], deck: str) -> str:
    """A search finding the cards of these notes that are not in ``deck``: the cards to move there."""
    return f"({notes_search(deck_name, lang, notes)}) -{_quote(f'deck:{deck}')}"


def empty_cards_search(deck_name: str, lang: str, cards: list[tuple[str, int]]) -> str:
    """A search finding these cards, each given as a cloze note's Id and the card's number."""
    if not cards:
        return ""
    cloze = _quote("note:" + note_type_name(deck_name, "cloze", lang))
    each = [f"({_quote('Id:' + key)} card:{number})" for key, number in cards]
    return f"{cloze} ({' OR '.join(each)})"


def cards_in_decks_search(deck_name: str, lang: str, decks: list[str]) -> str:
    """A search finding the cards of this deck and language that are in these decks."""
    types = " OR ".join(_quote(f"note:{note_type_name(deck_name, kind, lang)}") for kind in KINDS)
    return f"({types}) ({' OR '.join(_quote(f'deck:{deck}') for deck in decks)})"


def deck_search(deck: str) -> str:
    """A search finding every card in ``deck`` and the decks under it."""
    return _quote(f"deck:{deck}")
