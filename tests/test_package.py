"""The collection inside each .apkg: the note and card rows dockdeck writes are genanki's own."""

from __future__ import annotations

import io
import itertools
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest

from generator.output.manifest import BASE_TIME
from generator.output.package import build_apkg, card_ords, deck_id, genanki_models
from generator.pipeline import build_deck

NOTE_COLUMNS = "id, guid, mid, usn, tags, flds, sfld, csum, flags, data"
CARD_COLUMNS = "id, nid, did, ord, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data"


def _rows(db: Path) -> tuple[list[tuple], list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return (conn.execute(f"SELECT {NOTE_COLUMNS} FROM notes ORDER BY id").fetchall(),
                conn.execute(f"SELECT {CARD_COLUMNS} FROM cards ORDER BY id").fetchall())
    finally:
        conn.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_note_and_card_rows_are_the_rows_genanki_writes_for_the_same_notes(real_build, lang, tmp_path):
    built = real_build.langs[lang]
    settings = real_build.deck.settings
    mods = {note.spec.key: BASE_TIME + i for i, note in enumerate(built.notes)}
    mods.update({f"notetype:{kind}": BASE_TIME for kind in built.types})
    data, _ = build_apkg(built.notes, built.types, mods, built.media, settings.name, lang, "")
    ours = tmp_path / "ours.anki2"
    ours.write_bytes(zipfile.ZipFile(io.BytesIO(data)).read("collection.anki2"))

    # The same notes through genanki's own writer (whose warnings about invalid HTML are errors here).
    models = genanki_models(built.types)
    decks: dict[tuple[str, ...], genanki.Deck] = {}
    for due, note in enumerate(built.notes, 1):
        spec = note.spec
        for path in (spec.deck[:1], spec.deck):
            decks.setdefault(path, genanki.Deck(deck_id(settings.name, lang, path), "::".join(path)))
        decks[spec.deck].add_note(genanki.Note(models[spec.notetype], list(note.fields), guid=spec.guid,
                                               tags=list(spec.tags), due=due))
    theirs = tmp_path / "theirs.anki2"
    conn = sqlite3.connect(theirs)
    genanki.Package(list(decks.values())).write_to_db(conn.cursor(), BASE_TIME, itertools.count(BASE_TIME * 1000))
    conn.commit()
    conn.close()

    assert _rows(ours) == _rows(theirs)
    conn = sqlite3.connect(ours)
    stored = dict(conn.execute("SELECT guid, mod FROM notes").fetchall())
    conn.close()
    assert stored == {note.spec.guid: mods[note.spec.key] for note in built.notes}


def test_a_command_note_gets_one_card_per_blank_and_its_recall_note_one(make_cards):
    cards = make_cards({"a.yaml": """\
        deck: {ko: 컨테이너, en: Containers}
        cards:
          - id: exec-shell
            command: docker exec -it <container> sh
            blanks: ["exec", "-it", "<container>"]
            meaning: {ko: 셸 열기, en: Open a shell}
        """})
    built = build_deck(cards, ("en",)).langs["en"]
    ords = dict(zip((n.spec.key for n in built.notes), card_ords(built.notes, genanki_models(built.types)), strict=False))
    assert sorted(ords["exec-shell/cloze"]) == [0, 1, 2]
    assert ords["exec-shell/recall"] == (0,)
