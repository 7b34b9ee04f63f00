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
import tempfile
from collections.abc import Iterator
from pathlib import Path

import genanki

from .cardrules import models as note_models
from .cores import cores
from .model import DeckCount
from .manifest import BASE_TIME
from .notetypes import NoteType, stable_id
from .render import RenderedNote
from .zipwrite import write_zip

# zlib's fastest level, not its default 6: on a 20,000-note collection (34 MB) it
# deflates in a third of the time (0.07 s against 0.20 s, on one core) to a file a
# sixth bigger (2.4 MB against 2.0 MB). genanki stores the collection uncompressed.
_ZIP_LEVEL = 1
# Threads that deflate: each holds two 1 MiB pieces at a time, and past a few
# the disk and SQLite take longer than deflating anyway.
_ZIP_THREADS = 8


def deck_id(deck_name: str, lang: str, path: tuple[str, ...]) -> int:
    return stable_id(deck_name, "deck", lang, *path)


def build_apkg(notes: list[RenderedNote], cards: list[tuple[int, ...]], types: dict[str, NoteType],
               mods: dict[str, int], media: dict[str, bytes], deck_name: str, lang: str,
               description: str) -> tuple[bytes, list[DeckCount]]:
    """The ``.apkg`` bytes and the notes and cards per deck, in deck order.

    ``cards[i]``: the cards of ``notes[i]``, as ``cardrules.card_rules`` gives them."""
    with tempfile.TemporaryDirectory(prefix="dockdeck-") as tmp:
        # The collection goes to a file and from there into the zip in chunks:
        # held in memory (and serialized, and compressed) it was two thirds of
        # a big build's peak memory.
        db_path = Path(tmp) / "collection.anki2"
        counts = _write_collection(db_path, notes, cards, types, mods, deck_name, lang, description)
        buffer = io.BytesIO()
        names = sorted(media)
        with db_path.open("rb") as db:
            write_zip(buffer, [("collection.anki2", db),
                               ("media", io.BytesIO(json.dumps({str(i): name for i, name in enumerate(names)}).encode())),
                               *((str(i), io.BytesIO(media[name])) for i, name in enumerate(names))], _ZIP_LEVEL,
                      min(cores(), _ZIP_THREADS))
    per_deck = [DeckCount("::".join(path), n, c) for path, (n, c) in counts.items()]
    return buffer.getvalue(), per_deck


def _write_collection(db_path: Path, notes: list[RenderedNote], cards: list[tuple[int, ...]],
                      types: dict[str, NoteType], mods: dict[str, int], deck_name: str, lang: str,
                      description: str) -> dict[tuple[str, ...], list[int]]:
    """Write the Anki collection; return [notes, cards] per deck path, in deck order."""
    models = note_models(types)
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
        # SQLite's largest page: fewer pages to fill for fields of a kilobyte or more (0.04 s less at
        # 20,000 notes). A small deck's collection grows to 1 MiB before deflating (the Docker deck's
        # .apkg from 44 to 47 KB, with level 1 it was 39 KB); a big one shrinks by a sixth.
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
        # genanki writes one INSERT per note and per card through Note objects; for
        # big decks that is most of the build. It still writes the collection, the
        # decks and the note types; the rows below are the ones Note.write_to_db
        # would write, with our pinned modification times instead of the clock.
        # Ids only need to be unique inside the package (Anki matches notes by
        # guid), so a fixed start keeps them reproducible.
        ids = itertools.count(BASE_TIME * 1000)
        card_rows: list[tuple] = []

        # Per note type: its id and its sort field.
        kinds = {kind: (model.model_id, model.sort_field_index) for kind, model in models.items()}
        tag_strings: dict[tuple[str, ...], str] = {}  # notes of one card or file share their tags

        def note_rows() -> Iterator[tuple]:
            # Made one at a time as SQLite takes them: a list of them all held a second copy of every field.
            for path, deck in decks.items():
                if path not in per_deck:  # the root deck, when it holds no notes of its own
                    continue
                did, count = deck.deck_id, counts[path]
                for due, note, ords in per_deck[path]:
                    spec, fields = note.spec, note.fields
                    model_id, sort_index = kinds[spec.notetype]
                    mod = mods[spec.key]
                    nid = next(ids)
                    for ord_ in ords:
                        card_rows.append((next(ids), nid, did, ord_, mod, due))
                    count[0] += 1
                    count[1] += len(ords)
                    tags = tag_strings.get(spec.tags)
                    if tags is None:
                        tags = tag_strings[spec.tags] = " " + " ".join(spec.tags) + " "
                    yield (nid, spec.guid, model_id, mod, tags, "\x1f".join(fields), fields[sort_index])

        # The columns every row shares are written into the statements: binding
        # 18 values for each of 40,000 cards took a third longer than binding 6.
        # notes: id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data
        cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,-1,?,?,?,0,0,'')", note_rows())
        # cards: id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid,
        # flags, data
        cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,-1,0,0,?,0,0,0,0,0,0,0,0,'')", card_rows)
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
