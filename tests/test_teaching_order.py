"""A newcomer who imports a deck and presses Study on its root deck gets the new cards in teaching order:
the order of ``files:`` in dockdeck.yaml and of the cards in each file, with Anki's default options.

Anki's v3 scheduler is the judge: it gathers a day's new cards deck by deck in the order of the decks'
names, each deck's cards by position, and shows the first card of every note before the later blanks
of that day's notes. The expected order here is read from the YAML with plain PyYAML, not from the
tool's own reading of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REAL_CARDS, import_apkg, write_decks

from generator.pipeline import package_deck


def teaching_order(cards_dir: Path) -> tuple[list[str], dict[str, int]]:
    """Every note's Id in the order the files list them, and the position in ``files:`` of each note's file."""
    settings = yaml.safe_load((cards_dir / "dockdeck.yaml").read_text(encoding="utf-8"))
    notes: list[str] = []
    topic_of: dict[str, int] = {}
    for position, name in enumerate(settings["files"]):
        topic = yaml.safe_load((cards_dir / name).read_text(encoding="utf-8"))
        for card in topic["cards"]:
            if "command" in card:
                parts = ["cloze", "recall"] + (["type"] if settings.get("typing") else [])
                keys = [f"{card['id']}/{part}" for part in parts]
            else:
                keys = [card["id"]]
            notes += keys
            topic_of.update(dict.fromkeys(keys, position))
    return notes, topic_of


def next_day(col: Any) -> Any:
    """The same collection, a day later: Anki counts days from the collection's creation time, and works
    out today's date when a collection is opened."""
    from anki.collection import Collection

    path = col.path
    col.crt -= 86_400
    col.close()
    return Collection(path)


def study_every_new_card(col: Any) -> list[list[tuple[str, int]]]:
    """Press Study on the root deck and answer every card, day after day with Anki's default options,
    until no new card is left: the new cards each day showed, as (note Id, card number)."""
    (root,) = [d for d in col.decks.all_names_and_ids() if "::" not in d.name and d.id != 1]
    col.decks.select(root.id)
    days: list[list[tuple[str, int]]] = []
    while col.find_cards("is:new"):
        assert len(days) < 100, "new cards stopped coming"
        shown: list[tuple[str, int]] = []
        while (card := col.sched.getCard()) is not None:
            if card.type == 0:  # new; reviews of earlier days come in between
                shown.append((card.note()["Id"], card.ord + 1))
            col.sched.answerCard(card, 4)  # Easy: straight to review, out of today's learning queue
        days.append(shown)
        col = next_day(col)
    col.close()
    return days


@pytest.fixture(scope="module")
def studied(real_build: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[list[tuple[str, int]]]]:
    """Each language's Docker deck, imported into a fresh collection of its own and studied to the end."""
    from anki.collection import Collection

    tmp = tmp_path_factory.mktemp("teaching-order")
    days = {}
    for lang, path in write_decks(package_deck(real_build, tmp / "dist")).items():
        col = Collection(str(tmp / f"{path.stem}.anki2"))
        import_apkg(col, path)
        days[lang] = study_every_new_card(col)
    return days


LANGS = ["ko", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_card_of_every_note_comes_in_the_order_of_files_and_cards(studied, lang):
    expected, _ = teaching_order(REAL_CARDS)
    first_seen = list(dict.fromkeys(key for day in studied[lang] for key, _ in day))
    assert first_seen == expected


@pytest.mark.parametrize("lang", LANGS)
def test_topics_come_one_after_another_in_the_order_of_files(studied, lang):
    _, topic_of = teaching_order(REAL_CARDS)
    topics = [topic_of[key] for day in studied[lang] for key, _ in day]
    # Each day starts where the day before ended: a topic, once left, never comes back.
    starts = [topic_of[day[0][0]] for day in studied[lang] if day]
    assert starts == sorted(starts)
    assert sorted(set(topics)) == list(range(len(set(topic_of.values()))))


@pytest.mark.parametrize("lang", LANGS)
def test_a_day_brings_twenty_new_cards_first_cards_first_and_each_notes_blanks_in_number_order(studied, lang):
    days = studied[lang]
    assert all(len(day) == 20 for day in days[:-1])  # Anki's default: 20 new cards a day
    for day in days:
        # Anki's default sort, "card type, then order gathered": the day's card 1s, then its card 2s, ...
        numbers = [number for _, number in day]
        assert numbers == sorted(numbers)
    for key in {key for day in days for key, _ in day}:
        mine = [number for day in days for k, number in day if k == key]
        assert mine == sorted(mine), key


@pytest.mark.parametrize("lang", LANGS)
def test_every_card_of_the_deck_comes_once(studied, lang, real_collection):
    shown = [card for day in studied[lang] for card in day]
    assert len(shown) == len(set(shown))
    root = {"ko": "도커", "en": "Docker"}[lang]
    assert len(shown) == len(real_collection.find_cards(f'"deck:{root}"'))
