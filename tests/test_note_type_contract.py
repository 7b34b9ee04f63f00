"""The note types' fields, template counts and sort fields are a contract with every collection that imported a deck.

Anki matches an incoming note type to the one a collection has by id. If its fields or its number of
templates differ, an import with default options skips every note of that type as "conflicting" (and
the learner gets none of the updates). Its sort field (the field the browser sorts by) is part of Anki's
schema too: a change rewrites every note of the type with the time of the import, which drops their
updates, and needs a full sync (tests/test_sort_field.py). Only a template's text and the CSS may change.
The snapshot in tests/data/note-types.json holds what every deck shipped so far has. A new kind of card comes as a new
note type, added to the snapshot; an existing entry never changes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SNAPSHOT = Path(__file__).parent / "data" / "note-types.json"
RULE = ("Anki would skip every note of this type as conflicting in collections that imported an earlier deck. "
        "Keep the fields and templates of an existing note type; give a new kind of card a new note type.")


@pytest.fixture(scope="module")
def imported(real_collection) -> dict[str, dict]:
    """The note types as real Anki holds them after importing both Docker decks."""
    return {m["name"]: {"id": m["id"], "fields": [f["name"] for f in m["flds"]], "templates": len(m["tmpls"]),
                        "sort_field": m["flds"][m["sortf"]]["name"]}
            for m in real_collection.models.all() if m["name"].startswith("dockdeck ")}


def test_every_note_type_shipped_before_keeps_its_id_fields_template_count_and_sort_field(imported):
    pinned = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    for name, contract in pinned.items():
        assert name in imported, f"note type {name!r} is gone. {RULE}"
        assert imported[name] == contract, f"note type {name!r} changed: {imported[name]} != {contract}. {RULE}"


def test_every_note_type_the_deck_ships_is_pinned(imported):
    pinned = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    new = sorted(set(imported) - set(pinned))
    assert not new, f"add {new} to {SNAPSHOT.name}: from now on their fields and templates are a contract"
