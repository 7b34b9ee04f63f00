"""Note times written while a note's sub-deck was part of its content hash: the first build after that
changed keeps every note's time, so Anki keeps what a learner edited, and only a real change updates.

``tests/data/deck-in-hash`` is a deck as dockdeck built it then: its cards, its note times and its
English .apkg.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

from conftest import REPO, build_into, build_lang, import_apkg, note_by_id

OLD = REPO / "tests" / "data" / "deck-in-hash"
TIMES = "note-times.json"


def old_deck(tmp_path: Path, collection: Any) -> Path:
    cards = tmp_path / "cards"
    shutil.copytree(OLD / "cards", cards)
    import_apkg(collection, OLD / "docker-en.apkg")
    return cards


def mods(cards: Path) -> dict[str, int]:
    entries = json.loads((cards / TIMES).read_text(encoding="utf-8"))["langs"]["en"]
    return {key: entry["mod"] for key, entry in entries.items() if not key.startswith("notetype:")}


def edit_in_anki(collection: Any, key: str) -> int:
    note = note_by_id(collection, key)
    note["Extra"] = "my own note"
    collection.update_note(note)
    return note.id


def test_the_first_build_after_the_deck_left_the_hash_keeps_every_note_time(run_cli, tmp_path, collection):
    cards = old_deck(tmp_path, collection)
    before = mods(cards)
    build_into(run_cli, cards, tmp_path / "dist", "--lang", "en")
    assert mods(cards) == before


def test_an_edit_made_in_anki_survives_the_first_build_after_the_deck_left_the_hash(
        run_cli, tmp_path, collection, monkeypatch):
    cards = old_deck(tmp_path, collection)
    nid = edit_in_anki(collection, "exec-shell/recall")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) + 60))  # the rebuild comes after the edit
    log = import_apkg(collection, build_lang(run_cli, cards, tmp_path / "dist")).log
    assert not log.updated and not log.new and not log.conflicting
    assert collection.get_note(nid)["Extra"] == "my own note"


def test_a_card_changed_since_the_old_build_still_updates(run_cli, tmp_path, collection, monkeypatch):
    cards = old_deck(tmp_path, collection)
    topic = cards / "containers.yaml"
    topic.write_text(topic.read_text(encoding="utf-8").replace("Which signal?", "Which signal first?"),
                     encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) + 60))
    result = build_into(run_cli, cards, tmp_path / "dist", "--lang", "en")
    log = import_apkg(collection, tmp_path / "dist" / "docker-en.apkg").log
    assert [note.fields[-1] for note in log.updated] == ["stop-signal"], result.output
    assert "0 cards added, 1 changed" in result.output
