"""Each language of a deck in a deck of its own in Anki: `init` names each language's root deck apart,
`new` marks a sub-deck name it has no words for, and `check` warns when two languages share a root deck
(their cards would land in one deck, and Study would interleave them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from conftest import import_apkg


def init_with_a_topic(run_cli: Any, folder: Path) -> Path:
    assert run_cli("init", folder, "--lang", "en", "--lang", "de").exit_code == 0
    cards = folder / "cards"
    assert run_cli("new", "--cards", cards, "verbs").exit_code == 0
    added = run_cli("add", "--cards", cards, "verbs", "--command", "git switch -c <branch>",
                    "--meaning", "en", "Create a branch and switch to it",
                    "--meaning", "de", "Einen Zweig anlegen und zu ihm wechseln")
    assert added.exit_code == 0, added.output
    return cards


def test_init_gives_each_language_a_root_deck_of_its_own(run_cli, tmp_path):
    assert run_cli("init", tmp_path / "demo", "--lang", "en", "--lang", "de").exit_code == 0
    settings = yaml.safe_load((tmp_path / "demo" / "cards" / "dockdeck.yaml").read_text(encoding="utf-8"))
    assert settings["root_deck"] == {"en": "Demo", "de": "Demo (de)"}


def test_the_cards_of_two_languages_from_init_and_new_sit_in_different_decks_in_anki(run_cli, tmp_path, collection):
    cards = init_with_a_topic(run_cli, tmp_path / "demo")
    result = run_cli("build", "--cards", cards)
    assert result.exit_code == 0, result.output
    for lang in ("en", "de"):
        import_apkg(collection, tmp_path / "demo" / "dist" / f"demo-{lang}.apkg")
    langs_by_deck: dict[str, set[str]] = {}
    for cid in collection.find_cards(""):
        card = collection.get_card(cid)
        lang = card.note().note_type()["name"].rsplit("(", 1)[1].rstrip(")")
        langs_by_deck.setdefault(collection.decks.name(card.did), set()).add(lang)
    assert all(len(langs) == 1 for langs in langs_by_deck.values()), langs_by_deck
    assert {deck.split("::")[0] for deck in langs_by_deck} == {"Demo", "Demo (de)"}


def test_new_marks_the_sub_deck_name_of_a_language_it_has_no_words_for(run_cli, tmp_path):
    cards = init_with_a_topic(run_cli, tmp_path / "demo")
    topic = yaml.safe_load((cards / "verbs.yaml").read_text(encoding="utf-8"))
    assert topic["deck"] == {"en": "Verbs", "de": "TODO translate: Verbs"}
    result = run_cli("check", "--cards", cards)
    assert "verbs.yaml:" in result.stderr and "deck (de) still starts with TODO" in result.stderr, result.stderr


SHARED = ("name: demo\nlanguages: [en, de]\nroot_deck: {en: Demo, de: demo}\n"
          "labels: {de: {source: Quelle, recall: Welcher Befehl?}}\nfiles: [a.yaml]\n")
TOPIC = "deck: {en: Words, de: Wörter}\ncards:\n  - id: go\n    front: {en: to go, de: gehen}\n    back: {en: go, de: geh}\n"


def test_check_warns_when_two_languages_share_a_root_deck_name(run_cli, make_cards):
    cards = make_cards({"a.yaml": TOPIC}, settings=SHARED)
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 0, result.output
    assert ("dockdeck.yaml:3: root_deck (de) 'demo' is the root deck of en too (Anki ignores case): both "
            "languages' cards go into one deck") in result.stderr, result.stderr
    assert "1 warning" in result.output


def test_checking_one_language_of_a_shared_root_deck_warns_of_nothing(run_cli, make_cards):
    cards = make_cards({"a.yaml": TOPIC}, settings=SHARED)
    result = run_cli("check", "--cards", cards, "--lang", "de")
    assert result.exit_code == 0 and "warning" not in result.output + result.stderr, result.output


def test_building_both_languages_of_a_shared_root_deck_warns_once(run_cli, make_cards, tmp_path):
    cards = make_cards({"a.yaml": TOPIC}, settings=SHARED)
    result = run_cli("build", "--cards", cards, "--out", tmp_path / "dist")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("is the root deck of en too") == 1, result.stderr
