"""The browser's Sort Field column tells the typing notes apart, and getting there changed no note type's schema.

Anki's card browser shows each note's sort field (the first field here) in its first column and sorts by
it. The typing notes' Front field used to start with the "Type the command" prompt, so the column read the
same for all of them; the prompt now comes from the typing note type's template, and the column shows each
note's meaning. The sort field itself stays: to Anki, sorting a note type by another field is a change of
its schema. Importing such a change rewrites every note of the type with the time of the import, which drops
the updates to those notes that come with the import (and any later one built before it), and the
collection then needs a full sync. ``tests/data/shipped/`` holds the Docker decks as shipped before this
change (commit 7d17f74), to import the current build over with Anki's default options.
"""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import import_apkg, review_all, visible_text, write_decks

from generator.pipeline import package_deck
from generator.sources.labels import LABELS

SHIPPED = Path(__file__).parent / "data" / "shipped"
# The prompt as the shipped decks have it, and as the current ones do.
SHIPPED_PROMPTS = {"en": "Type the command", "ko": "명령어를 입력하세요"}
PROMPTS = (*SHIPPED_PROMPTS.values(), *(LABELS[lang]["type"] for lang in ("ko", "en")))


def type_notes(lang: str) -> str:
    return f'"note:dockdeck docker type ({lang})"'


def sort_field_column(col, card_ids) -> list[tuple[str, str]]:
    """What the card browser shows in its Sort Field column for each card, with the note's Id, sorted."""
    col.set_browser_card_columns(["noteFld"])
    shown = []
    for cid in card_ids:
        cells, *_ = col.browser_row_for_id(cid)
        (text, _, _), = cells
        shown.append((col.get_card(cid).note()["Id"], text))
    return sorted(shown)


def told_apart(shown: list[tuple[str, str]]) -> bool:
    """Whether no entry starts with the typing prompt and no two read the same."""
    texts = [text for _, text in shown]
    return not any(text.startswith(PROMPTS) for text in texts) and len(set(texts)) == len(texts)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_browser_shows_a_different_meaning_for_every_typing_note(real_collection, real_build, lang):
    shown = sort_field_column(real_collection, real_collection.find_cards(type_notes(lang)))
    assert len(shown) == sum(card.kind == "command" for card in real_build.deck.cards)
    assert told_apart(shown)


def test_the_sort_field_column_starts_with_the_meaning_of_the_command(real_collection, real_build):
    (nid,) = real_collection.find_notes(f'{type_notes("en")} "Id:exec-shell/type"')
    (shown,) = sort_field_column(real_collection, real_collection.get_note(nid).card_ids())
    (note,) = [n for n in real_build.langs["en"].notes if n.spec.key == "exec-shell/type"]
    meaning = note.spec.fields[0].text.replace("`", "")  # as written in cards/, without its code marks
    assert meaning.startswith("Open ") and shown[1].startswith(meaning)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_typing_card_still_shows_the_prompt_once_above_the_meaning(real_collection, lang):
    (nid,) = real_collection.find_notes(f'{type_notes(lang)} "Id:exec-shell/type"')
    card = real_collection.get_card(real_collection.get_note(nid).card_ids()[0])
    front = visible_text(card.question())
    assert front.count(LABELS[lang]["type"]) == 1
    assert front.index(LABELS[lang]["type"]) < front.index(LABELS[lang]["placeholders"])


def test_every_note_type_keeps_its_first_field_as_sort_field(real_collection):
    for model in real_collection.models.all():
        if model["name"].startswith("dockdeck "):
            assert model["sortf"] == 0, model["name"]


@pytest.fixture(scope="module")
def shipped_then_current(real_build, tmp_path_factory) -> Iterator[dict]:
    """The shipped decks imported with Anki's default options and every card reviewed; then the current
    build imported over them. What each import did, and what the collection holds before and after."""
    from anki.collection import Collection

    tmp = tmp_path_factory.mktemp("shipped")
    col: Any = Collection(str(tmp / "collection.anki2"))
    first = [import_apkg(col, SHIPPED / f"docker-{lang}.apkg").log for lang in ("ko", "en")]
    review_all(col)

    def state() -> dict:
        cards = {cid: col.get_card(cid) for cid in col.find_cards("")}
        return {"progress": {cid: (c.ivl, c.due, c.note()["Id"]) for cid, c in cards.items()},
                "revlog": col.db.scalar("select count() from revlog"), "schema": col.db.scalar("select scm from col"),
                "notes": col.note_count(),
                "typing": {lang: {col.get_note(nid)["Id"]: col.get_note(nid).mod for nid in col.find_notes(type_notes(lang))}
                           for lang in ("ko", "en")},
                "sort": {lang: sort_field_column(col, col.find_cards(type_notes(lang))) for lang in ("ko", "en")}}

    before = state()
    output = package_deck(real_build, tmp / "dist")
    logs = {lang: import_apkg(col, path).log for lang, path in write_decks(output).items()}
    times = {report.lang: report for report in output.reports}
    yield {"first": first, "logs": logs, "before": before, "after": state(), "times": times, "output": output}
    col.close()


def test_the_shipped_decks_showed_the_prompt_for_every_typing_note(shipped_then_current):
    # What the issue saw, so the import below really changes what the column shows.
    for lang in ("ko", "en"):
        shown = shipped_then_current["before"]["sort"][lang]
        assert len(shown) == 86 and all(text.startswith(SHIPPED_PROMPTS[lang]) for _, text in shown)


def test_importing_the_current_decks_over_the_shipped_ones_skips_no_note_as_conflicting(shipped_then_current):
    assert all(not log.conflicting and not log.missing_notetype for log in shipped_then_current["logs"].values())


def test_importing_the_current_decks_over_the_shipped_ones_changes_no_note_types_schema(shipped_then_current):
    # A changed schema would make the next sync a full one, up or down: one side's reviews lost.
    assert shipped_then_current["after"]["schema"] == shipped_then_current["before"]["schema"]


def file_times(apkg: Path) -> dict[str, int]:
    """Each note's modification time in an .apkg, by its Id field (the last one)."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        db.write_bytes(zipfile.ZipFile(apkg).read("collection.anki2"))
        with contextlib.closing(sqlite3.connect(db)) as conn:
            return {flds.rsplit("\x1f", 1)[1]: mod for flds, mod in conn.execute("select flds, mod from notes")}


def test_importing_the_current_decks_over_the_shipped_ones_updates_every_typing_note_in_place(shipped_then_current):
    before, after = shipped_then_current["before"], shipped_then_current["after"]
    for lang, log in shipped_then_current["logs"].items():
        assert set(before["typing"][lang]) <= {note.fields[-1] for note in log.updated}  # the Id field
        # Each holds the time the file gave it, not the import's, so a later build's update is newer again.
        times = file_times(Path(shipped_then_current["times"][lang].file))
        assert after["typing"][lang] == {key: times[key] for key in after["typing"][lang]}


def test_importing_the_current_decks_over_the_shipped_ones_keeps_every_review(shipped_then_current):
    before, after = shipped_then_current["before"], shipped_then_current["after"]
    assert after["revlog"] == before["revlog"] == len(before["progress"])
    assert {cid: p for cid, p in after["progress"].items() if cid in before["progress"]} == before["progress"]
    added = shipped_then_current["first"] + list(shipped_then_current["logs"].values())
    assert after["notes"] == sum(len(log.new) for log in added)  # every note updated in place, none twice


def test_importing_the_current_decks_over_the_shipped_ones_tells_the_typing_notes_apart(shipped_then_current):
    for lang in ("ko", "en"):
        assert told_apart(shipped_then_current["after"]["sort"][lang])
