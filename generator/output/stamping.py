"""What a build changes against the note times: each note's time, and what Anki will not do by itself.

A note that changed gets the build's new time, so that Anki updates it; an unchanged one keeps its
time. An import updates notes but never moves a card to another deck, never changes a note's type and
never deletes a card, so this also finds the cards a build moved to another sub-deck, the cards whose
kind changed (they come as new notes and leave the old ones behind), and the blanks removed from a
note (their cards are empty in Anki): the build and ``stats`` report them with what to do in Anki.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..report import KindChanged
from .decks import unnumbered
from .entries import Entry
from .manifest import Manifest
from .notes import left_key


@dataclass(frozen=True)
class Move:
    key: str
    was: str  # the deck the note's cards are in, in a collection that imported the last build
    now: str  # the deck this build puts them in


@dataclass(frozen=True)
class Emptied:
    key: str
    blank: str
    number: int  # the card's number in its note: Anki's "card:N"


@dataclass(frozen=True)
class Stamped:
    mods: dict[str, int]
    changed: list[str]
    added: list[str]
    removed: list[str]  # every key no longer in the cards, removed by this build or an earlier one
    gone: list[str]  # the keys this build removed
    moved: list[Move] = field(default_factory=list)
    kinds: list[KindChanged] = field(default_factory=list)
    emptied: list[Emptied] = field(default_factory=list)
    # The notes the note times had in each deck before this build ("": decks not recorded, by format 1)
    placed: dict[str, set[str]] = field(default_factory=dict)


def stamp(manifest: Manifest, lang: str, proposed: dict[str, Entry],
          tick: int) -> tuple[dict[str, Entry], Stamped]:
    """Give every key its modification time: the old one if unchanged, else ``tick``.

    ``proposed`` holds what this build makes of each note and note type (any time): its hash, and for
    a note its kind, deck and blanks."""
    old = manifest.langs.get(lang, {})
    entries: dict[str, Entry] = {}
    changed: list[str] = []
    added: list[str] = []
    moved: list[Move] = []
    kinds: list[KindChanged] = []
    emptied: list[Emptied] = []
    left: dict[str, Entry] = {}
    back: set[str] = set()
    placed: dict[str, set[str]] = {}
    for key, entry in old.items():
        if not key.startswith("notetype:"):
            placed.setdefault(_shipped_deck(entry, proposed.get(key)), set()).add(key)
    for key, new in proposed.items():
        before = old.get(key)
        if before is not None and before.kind and new.kind and before.kind != new.kind:
            # Another note type, so another note: the old one stays in Anki, as a removed card does.
            kinds.append(KindChanged(key, before.kind, new.kind))
            left[left_key(key, before.kind)] = before._replace(removed=True)
            before = old.get(left_key(key, new.kind))  # the card's note of this kind, from before
            if before is not None:
                back.add(left_key(key, new.kind))
        if before is not None and before.hash == new.hash:
            entries[key] = new._replace(mod=before.mod)
        else:
            entries[key] = new._replace(mod=tick)
            (changed if before is not None else added).append(key)
        if before is not None and new.kind:
            was = _shipped_deck(before, new)
            if was and was != new.deck:
                moved.append(Move(key, was, new.deck))
            emptied += [Emptied(key, text, number) for text, number in before.blanks
                        if (text, number) not in new.blanks]
    for key, entry in old.items():
        if key not in proposed and key not in back:
            entries[key] = entry._replace(removed=True)
    entries.update(left)
    mods = {k: e.mod for k, e in entries.items()}
    removed = [key for key, entry in entries.items() if entry.removed]
    gone = [key for key in removed if not (key in old and old[key].removed)]
    return entries, Stamped(mods, changed, added, removed, gone, moved, kinds, emptied, placed)


def _shipped_deck(entry: Entry, new: Entry | None) -> str:
    """The deck the cards of a recorded note are in ("": not known). Note times from before sub-decks were
    numbered did not record decks: a note still in the cards (``new``) is in its sub-deck's old name."""
    return entry.deck if entry.kind or entry.deck or new is None else unnumbered(new.deck)
