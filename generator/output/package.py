"""Write one language's notes into an ``.apkg`` with genanki, byte for byte reproducibly.

genanki writes the collection; this module pins everything it would take from
the clock (note and card ids, modification times) and zips the result with
fixed entry dates, so the same sources give the same bytes.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import genanki

from ..report import DeckCount
from .manifest import BASE_TIME
from .notetypes import NoteType, stable_id
from .render import RenderedNote

# zlib's fastest level, not its default: for a deck file a little bigger, deflating
# stops being the slowest step of packaging. genanki stores the collection uncompressed.
_ZIP_LEVEL = 1
# Every entry gets this date, so the bytes do not depend on when the deck was built.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def deck_id(deck_name: str, lang: str, path: tuple[str, ...]) -> int:
    return stable_id(deck_name, "deck", lang, *path)


def genanki_models(types: dict[str, NoteType]) -> dict[str, genanki.Model]:
    """Our note types as genanki's: what the collection stores, and what decides a note's cards."""
    return {
        kind: genanki.Model(
            t.id, t.name, fields=[{"name": f} for f in t.fields],
            templates=[{"name": t.template, "qfmt": t.qfmt, "afmt": t.afmt}],
            css=t.css, model_type=genanki.Model.CLOZE if kind == "cloze" else genanki.Model.FRONT_BACK,
        )
        for kind, t in types.items()
    }


def card_ords(notes: list[RenderedNote], models: dict[str, genanki.Model]) -> list[tuple[int, ...]]:
    """The template ordinals of the cards Anki makes of each note, as genanki works them out."""
    return [tuple(card.ord for card in genanki.Note(models[n.spec.notetype], list(n.fields)).cards)
            for n in notes]


def build_apkg(notes: list[RenderedNote], types: dict[str, NoteType], mods: dict[str, int],
               media: dict[str, bytes], deck_name: str, lang: str, description: str) -> tuple[bytes, list[DeckCount]]:
    """The ``.apkg`` bytes and the notes and cards per deck, in deck order."""
    with tempfile.TemporaryDirectory(prefix="dockdeck-") as tmp:
        db_path = Path(tmp) / "collection.anki2"
        counts = _write_collection(db_path, notes, types, mods, deck_name, lang, description)
        names = sorted(media)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=_ZIP_LEVEL) as archive:
            # The collection is deflated from its file: a big deck's is hundreds of MB, never held in memory.
            # zipfile dates an entry written from a file by the file's local time and takes its mode.
            os.chmod(db_path, 0o644)
            stamp = time.mktime((*_ZIP_DATE, 0, 1, -1))
            os.utime(db_path, (stamp, stamp))
            archive.write(db_path, "collection.anki2")
            for name, data in [("media", json.dumps({str(i): name for i, name in enumerate(names)}).encode()),
                               *((str(i), media[name]) for i, name in enumerate(names))]:
                info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data, compresslevel=_ZIP_LEVEL)
    per_deck = [DeckCount("::".join(path), n, c) for path, (n, c) in counts.items()]
    return buffer.getvalue(), per_deck


def _write_collection(db_path: Path, notes: list[RenderedNote], types: dict[str, NoteType], mods: dict[str, int],
                      deck_name: str, lang: str, description: str) -> dict[tuple[str, ...], list[int]]:
    """Write the Anki collection; return [notes, cards] per deck path, in deck order."""
    models = genanki_models(types)
    cards = card_ords(notes, models)
    decks: dict[tuple[str, ...], genanki.Deck] = {}
    root_path = notes[0].spec.deck[:1] if notes else ()
    if root_path:
        decks[root_path] = genanki.Deck(deck_id(deck_name, lang, root_path), "::".join(root_path), description)
    counts: dict[tuple[str, ...], list[int]] = {}
    # A note's cards are due in teaching order: its place in ``notes``.
    per_deck: dict[tuple[str, ...], list[tuple[int, RenderedNote, tuple[int, ...]]]] = {}
    for due, (note, ords) in enumerate(zip(notes, cards, strict=True), 1):
        spec = note.spec
        if spec.deck not in decks:
            decks[spec.deck] = genanki.Deck(deck_id(deck_name, lang, spec.deck), "::".join(spec.deck))
        decks[spec.deck].add_model(models[spec.notetype])
        per_deck.setdefault(spec.deck, []).append((due, note, ords))
        counts.setdefault(spec.deck, [0, 0])

    conn = sqlite3.connect(db_path)
    try:
        cursor = conn.cursor()
        # SQLite's largest page: fewer pages to fill for fields of a kilobyte or more.
        cursor.execute("PRAGMA page_size = 65536")
        # A scratch file: no journal, no waiting for the disk; a crash only loses the scratch.
        cursor.execute("PRAGMA journal_mode = OFF")
        cursor.execute("PRAGMA synchronous = OFF")
        genanki.Package(list(decks.values())).write_to_db(cursor, BASE_TIME, itertools.count())
        # Building each index once, after the rows, costs less than keeping it up to date row by row.
        indexes = cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                 "ORDER BY rowid").fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        placed = [(decks[path].deck_id, due, note, ords) for path, deck in decks.items()
                  for due, note, ords in per_deck.get(path, [])]
        for _, _, note, ords in placed:
            count = counts[note.spec.deck]
            count[0] += 1
            count[1] += len(ords)
        cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)", note_rows(placed, models, mods))
        cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows(placed, mods))
        for _, sql in indexes:
            cursor.execute(sql)
        (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
        stored = json.loads(models_json)
        for kind, t in types.items():
            if str(t.id) in stored:
                stored[str(t.id)]["mod"] = mods[f"notetype:{kind}"]
        cursor.execute("UPDATE col SET models = ?", (json.dumps(stored, sort_keys=True),))
        conn.commit()
    finally:
        conn.close()
    # A file's header records how often it was written and by which SQLite
    # version; an in-memory collection (what genanki writes) has zeros there.
    # Zeros keep the bytes independent of the SQLite on the building machine.
    with db_path.open("r+b") as db:
        db.seek(24)
        db.write(bytes(4))  # file change counter
        db.seek(92)
        db.write(bytes(8))  # version-valid-for number, SQLite version
    return counts


def _ids(placed: list[tuple[int, int, RenderedNote, tuple[int, ...]]]) -> Iterator[tuple[int, list[int]]]:
    """Each note's id and its cards' ids, as genanki hands them out: the note's, then its cards', in turn.

    Ids only need to be unique inside the package (Anki matches notes by guid): counting from a
    fixed start keeps them reproducible."""
    ids = itertools.count(BASE_TIME * 1000)
    for _, _, _, ords in placed:
        note_id = next(ids)
        yield note_id, [next(ids) for _ in ords]


def note_rows(placed: list[tuple[int, int, RenderedNote, tuple[int, ...]]], models: dict[str, genanki.Model],
              mods: dict[str, int]) -> Iterator[tuple[object, ...]]:
    """The rows of Anki's ``notes`` table, one per (deck id, due, note, card ordinals) in ``placed``, as
    genanki's ``Note.write_to_db`` writes them, but each note with its own time from the note times:
    genanki stamps every row with one package time, and Anki only updates a note whose time is newer
    than its own. Rows are made as SQLite takes them, so no second copy of every field is held.
    ``tests/test_package.py`` holds these rows, and ``card_rows``, equal to genanki's own."""
    for (_, _, note, _), (note_id, _) in zip(placed, _ids(placed), strict=True):
        spec, fields = note.spec, note.fields
        model = models[spec.notetype]
        # notes: id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data
        yield (note_id, spec.guid, model.model_id, mods[spec.key], -1, " " + " ".join(spec.tags) + " ",
               "\x1f".join(fields), fields[model.sort_field_index], 0, 0, "")


def card_rows(placed: list[tuple[int, int, RenderedNote, tuple[int, ...]]],
              mods: dict[str, int]) -> Iterator[tuple[object, ...]]:
    """The rows of Anki's ``cards`` table for the notes of ``note_rows``, in the same id order."""
    for (deck_id_, due, note, ords), (note_id, card_ids) in zip(placed, _ids(placed), strict=True):
        mod = mods[note.spec.key]
        # cards: id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid,
        # flags, data
        for card_id, ord_ in zip(card_ids, ords, strict=True):
            yield (card_id, note_id, deck_id_, ord_, mod, -1, 0, 0, due, 0, 0, 0, 0, 0, 0, 0, 0, "")
