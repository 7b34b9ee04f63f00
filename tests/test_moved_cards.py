"""A card moved to another topic file, or a sub-deck renamed: an .apkg import updates the notes but never
moves their cards, so `build` and `stats` say which cards moved and give the search that finds them."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import build_into, import_apkg

CONTAINERS = """\
deck: {ko: 컨테이너, en: Containers}
cards:
  - id: stop-signal
    front: {ko: 신호?, en: Which signal?}
    back: SIGTERM
  - id: exec-shell
    command: docker exec -it <container> sh
    meaning: {ko: 셸 열기, en: Open a shell}
"""

IMAGES = """\
deck: {ko: 이미지, en: Images}
cards:
  - id: layers
    cloze: "An image is made of [[layers]], each one [[read-only]]."
"""

MOVED_OUT = CONTAINERS.replace("""  - id: exec-shell
    command: docker exec -it <container> sh
    meaning: {ko: 셸 열기, en: Open a shell}
""", "")
MOVED_IN = IMAGES + """\
  - id: exec-shell
    command: docker exec -it <container> sh
    meaning: {ko: 셸 열기, en: Open a shell}
"""


def first_build(run_cli: Any, cards: Path, out: Path, collection: Any) -> None:
    build_into(run_cli, cards, out)
    for lang in ("ko", "en"):
        import_apkg(collection, out / f"docker-{lang}.apkg")


def moved_searches(output: str) -> dict[str, str]:
    """Each 'moved' line of a build's or stats's report, by the deck it names, with the search below it."""
    lines = output.splitlines()
    return {line.split(" to ", 1)[1].split(" (", 1)[0]: lines[i + 1].strip()
            for i, line in enumerate(lines) if line.strip().startswith("moved ") and " to " in line}


def deck_names(col: Any, cids: list[int]) -> set[str]:
    return {col.decks.name(col.get_card(cid).did) for cid in cids}


@pytest.fixture
def moved_and_imported(run_cli, make_cards, collection, tmp_path) -> str:
    """exec-shell built and imported in Containers, moved to Images, built and imported again: the build's report."""
    cards, out = make_cards({"a.yaml": CONTAINERS, "b.yaml": IMAGES}), tmp_path / "dist"
    first_build(run_cli, cards, out, collection)
    (cards / "a.yaml").write_text(MOVED_OUT, encoding="utf-8")
    (cards / "b.yaml").write_text(MOVED_IN, encoding="utf-8")
    result = build_into(run_cli, cards, out)
    for lang in ("ko", "en"):
        import_apkg(collection, out / f"docker-{lang}.apkg")
    return result.output


def test_a_card_moved_to_another_file_is_reported_with_a_search_that_finds_exactly_its_cards(
        moved_and_imported, collection):
    output = moved_and_imported
    searches = moved_searches(output)
    assert set(searches) == {"도커::02 이미지", "Docker::02 Images"}, output
    assert "Change Deck" in output
    for deck, search in searches.items():
        found = collection.find_cards(search)
        lang = "ko" if deck.startswith("도커") else "en"
        expected = collection.find_cards(f'"Id:exec-shell/*" "note:dockdeck docker * ({lang})"')
        assert sorted(found) == sorted(expected) and len(found) == 2  # the blank (-it, by default) and the recall card
        assert deck_names(collection, found) == {deck.replace("02 이미지", "01 컨테이너").replace("02 Images",
                                                                                          "01 Containers")}


def test_moving_the_found_cards_with_change_deck_leaves_nothing_for_the_search(moved_and_imported, collection):
    searches = moved_searches(moved_and_imported)
    assert len(searches) == 2, moved_and_imported
    for deck, search in searches.items():
        assert collection.find_cards(search)
        collection.set_deck(collection.find_cards(search), collection.decks.id_for_name(deck))  # Change Deck
        assert collection.find_cards(search) == []


def test_a_renamed_sub_deck_is_reported_as_moved_cards(run_cli, make_cards, collection, tmp_path):
    cards, out = make_cards({"a.yaml": CONTAINERS}), tmp_path / "dist"
    first_build(run_cli, cards, out, collection)
    (cards / "a.yaml").write_text(CONTAINERS.replace("en: Containers", "en: Running containers"), encoding="utf-8")
    result = build_into(run_cli, cards, out)
    import_apkg(collection, out / "docker-en.apkg")

    searches = moved_searches(result.output)
    assert list(searches) == ["Docker::01 Running containers"], result.output  # Korean kept its name
    found = collection.find_cards(searches["Docker::01 Running containers"])
    assert sorted(found) == sorted(collection.find_cards('"note:dockdeck docker * (en)"'))
    assert deck_names(collection, found) == {"Docker::01 Containers"}


def test_stats_lists_the_cards_a_build_would_move(run_cli, make_cards, tmp_path):
    cards, out = make_cards({"a.yaml": CONTAINERS, "b.yaml": IMAGES}), tmp_path / "dist"
    build_into(run_cli, cards, out)
    (cards / "a.yaml").write_text(MOVED_OUT, encoding="utf-8")
    (cards / "b.yaml").write_text(MOVED_IN, encoding="utf-8")

    text = run_cli("stats", "--cards", cards).output
    data = json.loads(run_cli("stats", "--cards", cards, "--json").output)

    assert set(moved_searches(text)) == {"도커::02 이미지", "Docker::02 Images"}, text
    en = next(lang for lang in data["langs"] if lang["lang"] == "en")
    assert en["since_last_build"]["moved"] == [
        {"card": "exec-shell", "from": "Docker::01 Containers", "to": "Docker::02 Images"}]


def test_an_edit_that_leaves_cards_in_their_decks_reports_no_move(run_cli, make_cards, tmp_path):
    cards, out = make_cards({"a.yaml": CONTAINERS, "b.yaml": IMAGES}), tmp_path / "dist"
    build_into(run_cli, cards, out)
    (cards / "a.yaml").write_text(CONTAINERS.replace("Which signal?", "Which signal first?"), encoding="utf-8")
    assert moved_searches(build_into(run_cli, cards, out).output) == {}


def test_renaming_a_sub_deck_keeps_an_edit_made_in_anki_and_reports_the_move(run_cli, make_cards, collection,
                                                                             tmp_path, monkeypatch):
    cards, out = make_cards({"a.yaml": CONTAINERS}), tmp_path / "dist"
    first_build(run_cli, cards, out, collection)
    (nid,) = collection.find_notes('"Id:exec-shell/recall" "note:dockdeck docker * (en)"')
    note = collection.get_note(nid)
    note["Extra"] = "my own note"
    collection.update_note(note)
    (cards / "a.yaml").write_text(CONTAINERS.replace("en: Containers", "en: Running containers"), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) + 60))  # the rebuild comes after the edit

    result = build_into(run_cli, cards, out, "-v")
    log = import_apkg(collection, out / "docker-en.apkg")

    assert collection.get_note(nid)["Extra"] == "my own note"
    assert not log.log.updated, result.output  # nothing in the notes changed: Anki keeps them as they are
    assert "  (changed)" not in result.output, result.output  # build -v lists every note as unchanged
    assert list(moved_searches(result.output)) == ["Docker::01 Running containers"], result.output


def test_a_card_that_moved_and_changed_is_updated_and_reported_as_moved(run_cli, make_cards, collection, tmp_path):
    cards, out = make_cards({"a.yaml": CONTAINERS}), tmp_path / "dist"
    first_build(run_cli, cards, out, collection)
    (cards / "a.yaml").write_text(CONTAINERS.replace("en: Containers", "en: Running containers")
                                  .replace("en: Which signal?", "en: Which signal first?"), encoding="utf-8")

    result = build_into(run_cli, cards, out)
    import_apkg(collection, out / "docker-en.apkg")

    (nid,) = collection.find_notes('"Id:stop-signal" "note:dockdeck docker * (en)"')
    assert "Which signal first?" in collection.get_note(nid)["Front"]
    assert "stop-signal" in result.output.split("moved", 1)[1], result.output
