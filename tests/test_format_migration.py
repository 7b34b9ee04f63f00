"""Note times of format 1 (a hash and a time per note) migrate to format 2 (also each note's deck, kind
and blank numbers) with no time lost, and a learner who imported a deck built before gets the new
build's updates, keeps every review, and is told how to move the cards into the renumbered sub-decks.

``tests/data/format-1`` is a deck as dockdeck built it before: its cards, its note times and its
English .apkg.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from conftest import REPO, build_into, build_lang, cards_of, hidden, import_apkg, review_all

OLD = REPO / "tests" / "data" / "format-1"
TIMES = "note-times.json"


def old_deck(tmp_path: Path, collection: Any) -> tuple[Path, int]:
    """The old deck's cards in a folder of their own, and its old .apkg imported and reviewed in Anki."""
    cards = tmp_path / "cards"
    shutil.copytree(OLD / "cards", cards)
    import_apkg(collection, OLD / "docker-en.apkg")
    review_all(collection)
    return cards, collection.db.scalar("select count() from revlog")


def test_a_deck_imported_before_updates_in_place_and_keeps_every_review(run_cli, collection, tmp_path):
    cards, reviews = old_deck(tmp_path, collection)
    log = import_apkg(collection, build_lang(run_cli, cards, tmp_path / "dist")).log
    assert not log.conflicting and not log.new and len(log.updated) == 4
    assert collection.db.scalar("select count() from revlog") == reviews
    assert collection.find_cards("is:new") == []


def test_the_moved_searches_find_every_card_in_the_old_sub_decks(run_cli, collection, tmp_path):
    cards, _ = old_deck(tmp_path, collection)
    result = build_into(run_cli, cards, tmp_path / "dist", "--lang", "en")
    import_apkg(collection, tmp_path / "dist" / "docker-en.apkg")
    lines = result.output.splitlines()
    moved = {line.strip().split(" to ", 1)[1].split(" (", 1)[0]: lines[i + 1].strip()
             for i, line in enumerate(lines) if line.strip().startswith("moved to ")}
    assert list(moved) == ["Docker::01 Containers", "Docker::02 Images"], result.output
    for deck, search in moved.items():
        old = deck.replace("01 ", "").replace("02 ", "")
        assert sorted(collection.find_cards(search)) == sorted(collection.find_cards(f'"deck:{old}"'))
        collection.set_deck(collection.find_cards(search), collection.decks.id_for_name(deck))
    assert not collection.find_cards('"deck:Docker::Containers" OR "deck:Docker::Images"')


def test_blank_numbers_migrate_from_the_order_so_a_later_inserted_blank_moves_no_card(run_cli, collection, tmp_path):
    cards, _ = old_deck(tmp_path, collection)
    oneline = cards_of(collection, "git-graph/cloze")["--oneline"]
    import_apkg(collection, build_lang(run_cli, cards, tmp_path / "dist"))
    topic = cards / "containers.yaml"
    topic.write_text(topic.read_text(encoding="utf-8").replace("git log --oneline", "git log --decorate --oneline"),
                     encoding="utf-8")
    import_apkg(collection, build_lang(run_cli, cards, tmp_path / "dist"))
    assert hidden(collection.get_card(oneline.id)) == "--oneline"
    assert collection.get_card(oneline.id).reps == 1


def test_format_1_note_times_migrate_keeping_every_time(run_cli, make_cards, tmp_path):
    cards = make_cards({"a.yaml": (OLD / "cards" / "containers.yaml").read_text(encoding="utf-8"),
                        "b.yaml": (OLD / "cards" / "images.yaml").read_text(encoding="utf-8")})
    out = tmp_path / "dist"
    build_into(run_cli, cards, out)
    decks = {name: (out / name).read_bytes() for name in ("docker-en.apkg", "docker-ko.apkg")}
    current = json.loads((cards / TIMES).read_text(encoding="utf-8"))
    # The same times written as format 1 wrote them.
    old = {**current, "format": 1, "langs": {
        lang: {key: [e["hash"], e["mod"], *(["removed"] if e.get("removed") else [])] for key, e in entries.items()}
        for lang, entries in current["langs"].items()}}
    (cards / TIMES).write_text(json.dumps(old), encoding="utf-8")

    build_into(run_cli, cards, out)

    assert json.loads((cards / TIMES).read_text(encoding="utf-8")) == current
    assert {name: (out / name).read_bytes() for name in decks} == decks
