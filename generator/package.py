"""Write one language's notes into an ``.apkg`` with genanki, byte for byte reproducibly.

genanki writes the collection; this module pins everything it would take from
the clock (note and card ids, modification times) and zips the result with
fixed entry dates, so the same sources give the same bytes.
"""

from __future__ import annotations

import io
import itertools
import json
import sqlite3
import zipfile
from dataclasses import dataclass

import genanki

from .manifest import BASE_TIME
from .notetypes import NoteType, stable_id
from .render import RenderedNote

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class DeckCount:
    name: str
    notes: int
    cards: int


def card_count(note: genanki.Note) -> int:
    return len(note.cards)


def deck_id(deck_name: str, lang: str, path: tuple[str, ...]) -> int:
    return stable_id(deck_name, "deck", lang, *path)


def build_apkg(notes: list[RenderedNote], types: dict[str, NoteType], mods: dict[str, int], media: dict[str, bytes],
               deck_name: str, lang: str, description: str) -> tuple[bytes, list[DeckCount]]:
    """The ``.apkg`` bytes and the notes and cards per deck, in deck order."""
    models = {
        kind: genanki.Model(
            t.id, t.name, fields=[{"name": f} for f in t.fields],
            templates=[{"name": "Cloze" if kind == "cloze" else "Card 1", "qfmt": t.qfmt, "afmt": t.afmt}],
            css=t.css, model_type=genanki.Model.CLOZE if kind == "cloze" else genanki.Model.FRONT_BACK,
        )
        for kind, t in types.items()
    }
    decks: dict[tuple[str, ...], genanki.Deck] = {}
    root_path = notes[0].spec.deck[:1] if notes else ()
    if root_path:
        decks[root_path] = genanki.Deck(deck_id(deck_name, lang, root_path), "::".join(root_path), description)
    counts: dict[tuple[str, ...], list[int]] = {}
    genanki_notes: dict[str, genanki.Note] = {}
    for note in notes:
        spec = note.spec
        deck = decks.get(spec.deck)
        if deck is None:
            deck = decks[spec.deck] = genanki.Deck(deck_id(deck_name, lang, spec.deck), "::".join(spec.deck))
        gnote = genanki.Note(model=models[spec.notetype], fields=list(note.fields), tags=list(spec.tags),
                             guid=spec.guid, due=spec.order + 1)
        deck.add_note(gnote)
        genanki_notes[spec.key] = gnote
        count = counts.setdefault(spec.deck, [0, 0])
        count[0] += 1
        count[1] += card_count(gnote)

    conn = sqlite3.connect(":memory:")
    cursor = conn.cursor()
    # Ids only need to be unique inside the package (Anki matches notes by
    # guid), so a fixed start keeps them reproducible.
    genanki.Package(list(decks.values())).write_to_db(cursor, BASE_TIME, itertools.count(BASE_TIME * 1000))
    # notes.guid has no index: update by the primary key, or this is quadratic.
    ids = dict(cursor.execute("SELECT guid, id FROM notes"))
    cursor.executemany("UPDATE notes SET mod = ? WHERE id = ?",
                       [(mods[key], ids[gnote.guid]) for key, gnote in genanki_notes.items()])
    cursor.execute("UPDATE cards SET mod = (SELECT notes.mod FROM notes WHERE notes.id = cards.nid)")
    (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
    stored = json.loads(models_json)
    for kind, t in types.items():
        if str(t.id) in stored:
            stored[str(t.id)]["mod"] = mods[f"notetype:{kind}"]
    cursor.execute("UPDATE col SET models = ?", (json.dumps(stored, sort_keys=True),))
    conn.commit()
    db = conn.serialize()
    conn.close()

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        names = sorted(media)
        _add(archive, "collection.anki2", db)
        _add(archive, "media", json.dumps({str(i): name for i, name in enumerate(names)}).encode())
        for i, name in enumerate(names):
            _add(archive, str(i), media[name])
    per_deck = [DeckCount("::".join(path), n, c) for path, (n, c) in counts.items()]
    return buffer.getvalue(), per_deck


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    archive.writestr(info, data, compresslevel=6)
