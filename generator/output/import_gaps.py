"""What an import of the new deck will not do by itself, as ``build`` and ``stats`` report it.

Anki's importer updates notes in place, but it never moves an existing card to another deck, never
gives a note another note type, and never deletes a card. So the report names the cards a build moved
to another sub-deck, the cards whose kind changed, and the blanks removed from notes, each with the
browser search that finds exactly those cards.
"""

from __future__ import annotations

from ..report import Emptied, KindChanged, Moved, card_of
from .entries import Entry
from .removed import cards_in_decks_search, empty_cards_search, moved_search
from .stamping import Move, Stamped


def import_gaps(deck_name: str, lang: str, stamped: Stamped,
                entries: dict[str, Entry]) -> tuple[list[Moved], list[KindChanged], Emptied | None]:
    """The moved cards by the deck they now belong in (in deck order), the kind changes, and the
    emptied blanks, of one language's build."""
    by_deck: dict[str, list[Move]] = {}
    for move in stamped.moved:
        by_deck.setdefault(move.now, []).append(move)
    moved = [Moved(deck=deck, was=sorted({m.was for m in moves}), cards=list(dict.fromkeys(card_of(m.key) for m in moves)),
                   search=_search(deck_name, lang, moves, deck, stamped.placed, entries))
             for deck, moves in by_deck.items()]
    emptied = Emptied(blanks=[f"{card_of(e.key)}: {e.blank}" for e in stamped.emptied],
                      search=empty_cards_search(deck_name, lang, [(e.key, e.number) for e in stamped.emptied])
                      ) if stamped.emptied else None
    return moved, stamped.kinds, emptied


def _search(deck_name: str, lang: str, moves: list[Move], deck: str, placed: dict[str, set[str]],
            entries: dict[str, Entry]) -> str:
    """The cards of these moved notes that are not in ``deck`` yet. Where every note the last build had in
    a deck moves, as when a sub-deck is renamed, the search names that deck rather than every note."""
    was = sorted({m.was for m in moves})
    keys = {m.key for m in moves}
    if "" not in placed and all(placed.get(w, set()) <= keys for w in was):
        return cards_in_decks_search(deck_name, lang, was)
    return moved_search(deck_name, lang, [(m.key, entries[m.key].kind) for m in moves], deck)
