"""The browser's Sort Field column tells the notes apart, and changing what it shows loses nothing.

The Sort Field is the first column of Anki's card browser and what it sorts by. A typing note's front
starts "Type the command" on every note, so the typing note type sorts by its command. Changing a note
type's sort field is not a change of its fields or templates: an import over decks that users already
have updates the note type in place and skips no note as conflicting. ``tests/data/shipped/`` holds the
Docker decks as shipped before this change (commit 7d17f74, with the typing note type sorting by its
front), to import the current build over.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import import_apkg, visible_text

from generator.pipeline import package_deck

SHIPPED = Path(__file__).parent / "data" / "shipped"
TYPE_NOTES = '"note:dockdeck docker type (ko)" OR "note:dockdeck docker type (en)"'


def sort_field_column(col, card_ids) -> list[tuple[str, str]]:
    """What the card browser shows in its Sort Field column for each card, with the note's Id, sorted."""
    col.set_browser_card_columns(["noteFld"])
    shown = []
    for cid in card_ids:
        cells, *_ = col.browser_row_for_id(cid)
        (text, _, _), = cells
        shown.append((col.get_card(cid).note()["Id"], text))
    return sorted(shown)


def commands_of(real_build) -> list[tuple[str, str]]:
    """Every typing note of both languages, with the command it asks for, sorted."""
    return sorted((note.spec.key, note.spec.fields[1].text) for built in real_build.langs.values()
                  for note in built.notes if note.spec.notetype == "type")


def test_the_browser_shows_each_typing_notes_command_in_the_sort_field_column(real_collection, real_build):
    shown = sort_field_column(real_collection, real_collection.find_cards(TYPE_NOTES))
    assert len(shown) == 2 * sum(card.kind == "command" for card in real_build.deck.cards)
    assert shown == commands_of(real_build)


def test_basic_and_cloze_notes_still_sort_by_their_front_and_text(real_collection):
    for name, first in (("basic", "Front"), ("cloze", "Text")):
        for lang in ("ko", "en"):
            model = real_collection.models.by_name(f"dockdeck docker {name} ({lang})")
            assert model["flds"][model["sortf"]]["name"] == first


@pytest.fixture(scope="module")
def shipped_then_current(real_build, tmp_path_factory) -> Iterator[dict]:
    """The shipped decks imported with Anki's default options and every card reviewed; then the current
    build imported over them. What each import did, and what the collection holds before and after."""
    from anki.collection import Collection

    tmp = tmp_path_factory.mktemp("shipped")
    col: Any = Collection(str(tmp / "collection.anki2"))
    first = [import_apkg(col, SHIPPED / f"docker-{lang}.apkg").log for lang in ("ko", "en")]
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        card.start_timer()
        col.sched.answerCard(card, 3)

    def progress() -> dict:
        return {cid: (col.get_card(cid).ivl, col.get_card(cid).due, col.get_card(cid).note()["Id"])
                for cid in col.find_cards("")}

    before = {"progress": progress(), "revlog": col.db.scalar("select count() from revlog"),
              "sort": sort_field_column(col, col.find_cards(TYPE_NOTES))}
    output = package_deck(real_build, tmp / "dist")
    logs = []
    for path, data in output.files.items():
        if path.suffix == ".apkg":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            logs.append(import_apkg(col, path).log)
    after = {"progress": progress(), "revlog": col.db.scalar("select count() from revlog"),
             "sort": sort_field_column(col, col.find_cards(TYPE_NOTES)),
             "notes": col.note_count()}
    yield {"first": first, "logs": logs, "before": before, "after": after}
    col.close()


def test_the_shipped_decks_sorted_typing_notes_by_their_front(shipped_then_current):
    # What the issue saw, so the import below really changes the sort field.
    fronts = [text for _, text in shipped_then_current["before"]["sort"]]
    assert len(fronts) == 2 * 86
    assert all(text.startswith(("Type the command", "명령어를 입력하세요")) for text in fronts)


def test_importing_the_current_decks_over_the_shipped_ones_skips_no_note_as_conflicting(shipped_then_current):
    logs = shipped_then_current["logs"]
    assert len(logs) == 2
    assert all(not log.conflicting and not log.missing_notetype for log in logs)


def test_importing_the_current_decks_over_the_shipped_ones_keeps_every_review(shipped_then_current):
    before, after = shipped_then_current["before"], shipped_then_current["after"]
    assert after["revlog"] == before["revlog"] == len(before["progress"])
    assert {cid: p for cid, p in after["progress"].items() if cid in before["progress"]} == before["progress"]
    added = shipped_then_current["first"] + shipped_then_current["logs"]
    assert after["notes"] == sum(len(log.new) for log in added)  # every note updated in place, none twice


def test_importing_the_current_decks_over_the_shipped_ones_sorts_typing_notes_by_command(shipped_then_current,
                                                                                         real_build):
    assert shipped_then_current["after"]["sort"] == commands_of(real_build)


def test_a_typing_notes_sort_field_is_its_command_as_plain_text(real_collection):
    (nid, *_) = real_collection.find_notes('"note:dockdeck docker type (en)" "Id:exec-shell/type"')
    note = real_collection.get_note(nid)
    assert visible_text(note["Command"]) == "docker exec -it <container> sh"
    assert sort_field_column(real_collection, note.card_ids()) == [("exec-shell/type", "docker exec -it <container> sh")]
