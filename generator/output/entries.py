"""One note's line in the note times: what the last build shipped of it, as JSON and back.

Besides its content hash and modification time, each note keeps what Anki cannot be told again later:
the sub-deck its cards were put in (an import never moves a card, so a build must know where they
are to say which moved), its kind (Anki cannot change a note's type on import, so a new kind needs a
new note), and for a cloze note the card number of each blank (so that a blank keeps its card when
blanks are added, removed or reordered). Format 1 had only the hash and time.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from typing import NamedTuple

KINDS = ("basic", "cloze", "type")
REMOVED = "removed"
# Anki keeps a card's template number in 16 bits: cloze numbers go up to 65535.
MAX_CLOZE = 65_535

Blanks = tuple[tuple[str, int], ...]  # (blank text, cloze number)


class Entry(NamedTuple):
    hash: str
    mod: int
    # No longer in the cards; kept, and reported by every build, until the card comes back: Anki keeps
    # the note in every collection that imported it until its learner deletes it.
    removed: bool = False
    kind: str = ""  # "basic", "cloze" or "type"; "" for a note type, or a note recorded by format 1
    deck: str = ""  # the Anki deck the last build put the note's new cards in
    blanks: Blanks = ()  # a cloze note's blanks, in order, each with its card number
    gone: Blanks = ()  # blanks no longer there: their cards are empty in Anki, and their numbers never reused
    origin: str = ""  # the kind the note's first GUID was made for, where that is not ``kind``


def entry_json(entry: Entry) -> str:
    """The entry as one line of JSON: what a person diffs in the committed file."""
    parts = [f'"hash": {_dump(entry.hash)}, "mod": {entry.mod}']
    for name, value in (("kind", entry.kind), ("deck", entry.deck), ("origin", entry.origin)):
        if value:
            parts.append(f'"{name}": {_dump(value)}')
    for name, blanks in (("blanks", entry.blanks), ("gone", entry.gone)):
        if blanks:
            parts.append(f'"{name}": [' + ", ".join(f"[{_dump(text)}, {number}]" for text, number in blanks) + "]")
    if entry.removed:
        parts.append(f'"{REMOVED}": true')
    return "{" + ", ".join(parts) + "}"


@lru_cache(maxsize=4096)
def _dump(text: str) -> str:
    # Kinds and decks repeat on every line of a big deck's file.
    return json.dumps(text, ensure_ascii=False)


def entry_of(value: object) -> Entry | None:
    """The entry a note's JSON value holds, in format 1 (``[hash, time]`` or ``[hash, time, "removed"]``)
    or format 2 (an object); None if it is neither. ``manifest`` checks that its time is one a note may have."""
    if isinstance(value, list):
        if (len(value) in (2, 3) and isinstance(value[0], str) and type(value[1]) is int
                and value[2:] in ([], [REMOVED])):
            return Entry(value[0], value[1], len(value) == 3)
        return None
    if not isinstance(value, dict) or set(value) - {"hash", "mod", "kind", "deck", "blanks", "gone", "origin",
                                                    REMOVED}:
        return None
    hash_, mod = value.get("hash"), value.get("mod")
    texts = [value.get(name, "") for name in ("kind", "deck", "origin")]
    if not (isinstance(hash_, str) and type(mod) is int and all(isinstance(t, str) for t in texts)):
        return None
    kind, deck, origin = map(sys.intern, texts)  # the same few names on every line: one copy each
    if kind not in ("", *KINDS) or origin not in ("", *KINDS) or value.get(REMOVED, True) is not True:
        return None
    blanks, gone = _blanks(value.get("blanks", [])), _blanks(value.get("gone", []))
    if blanks is None or gone is None:
        return None
    return Entry(hash_, mod, REMOVED in value, kind, deck, blanks, gone, origin)


def _blanks(value: object) -> Blanks | None:
    if not isinstance(value, list):
        return None
    pairs = []
    for pair in value:
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
                and type(pair[1]) is int and 1 <= pair[1] <= MAX_CLOZE):
            return None
        pairs.append((pair[0], pair[1]))
    if len({number for _, number in pairs}) != len(pairs):
        return None  # two blanks with one card
    return tuple(pairs)
