"""The words a card shows besides the deck's texts ("Which command?", "Type the command", "Placeholders:",
"Source"): dockdeck has them in English and Korean, and `labels:` in dockdeck.yaml gives a deck's own, in
any of its languages. Checked like every setting, shown by Anki (real collections), and changed in place."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from conftest import build_into, import_apkg, visible_text

SPANISH = """\
name: spanish
languages: [en, es]
root_deck: {en: Spanish, es: Español}
typing: true
%sfiles: [a.yaml]
"""
LABELS = """\
labels:
  es: {source: Fuente, recall: "¿Qué comando?", type: Escribe el comando, placeholders: "Marcadores:"}
"""
TOPIC = """\
deck: {en: Branches, es: Ramas}
cards:
  - id: switch-create
    command: git switch -c <branch>
    meaning: {en: Create a branch and switch to it, es: Crear una rama y cambiar a ella}
    source: https://git-scm.com/docs/git-switch
"""


def deck(make_cards: Any, labels: str = LABELS, settings: str = SPANISH) -> Path:
    return make_cards({"a.yaml": TOPIC}, settings=settings % labels)


def built_cards(run_cli: Any, cards: Path, collection: Any, lang: str = "es") -> dict[str, tuple[str, str]]:
    """Each card's question and answer as a person reads them, by note Id and card number."""
    out = cards.parent / "dist"
    build_into(run_cli, cards, out, "--lang", lang)
    import_apkg(collection, out / f"spanish-{lang}.apkg")
    found = {}
    for cid in collection.find_cards(f'"note:dockdeck spanish * ({lang})"'):
        card = collection.get_card(cid)
        found[f"{card.note()['Id']}#{card.ord + 1}"] = (visible_text(card.question()), visible_text(card.answer()))
    return found


def test_a_deck_s_own_labels_show_on_its_cards_in_anki(run_cli, make_cards, collection):
    cards = built_cards(run_cli, deck(make_cards), collection)
    assert "¿Qué comando?" in cards["switch-create/recall#1"][0]
    assert "Escribe el comando" in cards["switch-create/type#1"][0]
    assert "Marcadores: <branch>" in cards["switch-create/type#1"][0]
    assert "Fuente: git-scm.com/docs/git-switch" in cards["switch-create/cloze#1"][1]
    everything = " ".join(q + a for q, a in cards.values())
    assert not re.search(r"Which command|Type the command|Placeholders|Source", everything), everything


def test_labels_given_for_english_replace_only_the_words_given(run_cli, make_cards, collection):
    labels = 'labels:\n  en: {recall: "Which command is it?"}\n' + LABELS.removeprefix("labels:\n")
    cards = built_cards(run_cli, deck(make_cards, labels), collection, lang="en")
    assert "Which command is it?" in cards["switch-create/recall#1"][0]
    assert "Type the command" in cards["switch-create/type#1"][0]
    assert "Source: git-scm.com" in cards["switch-create/cloze#1"][1]


def test_a_label_is_plain_text_shown_as_written(run_cli, make_cards, collection):
    labels = 'labels:\n  es: {recall: "<b>¿Qué?</b> **no**", source: Fuente, type: Escribe, placeholders: "M:"}\n'
    cards = built_cards(run_cli, deck(make_cards, labels), collection)
    assert "<b>¿Qué?</b> **no**" in cards["switch-create/recall#1"][0]


def test_changing_a_label_updates_the_cards_in_place_and_no_note_conflicts(run_cli, make_cards, collection):
    cards_dir = deck(make_cards)
    built_cards(run_cli, cards_dir, collection)
    settings = cards_dir / "dockdeck.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("Fuente", "Origen")
                        .replace("¿Qué comando?", "¿Cuál es el comando?"), encoding="utf-8")
    out = cards_dir.parent / "dist"
    build_into(run_cli, cards_dir, out, "--lang", "es")
    log = import_apkg(collection, out / "spanish-es.apkg").log
    assert not log.conflicting and not log.new
    questions = {collection.get_card(cid).note()["Id"]: collection.get_card(cid)
                 for cid in collection.find_cards("")}
    assert "¿Cuál es el comando?" in visible_text(questions["switch-create/recall"].question())
    assert "Origen: git-scm.com" in visible_text(questions["switch-create/cloze"].answer())


def problems_of(run_cli: Any, cards: Path) -> list[str]:
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 1, result.output
    return re.findall(r"dockdeck\.yaml:\d+: [^\n]*", result.stderr)


def test_an_unknown_label_is_refused_at_its_line_with_a_did_you_mean(run_cli, make_cards):
    cards = deck(make_cards, "labels:\n  es:\n    sorce: Fuente\n")
    assert problems_of(run_cli, cards) == ["dockdeck.yaml:7: unknown key 'sorce' in labels (es) (did you mean "
                                           "'source'?)"]


def test_labels_of_a_language_the_deck_does_not_have_are_refused(run_cli, make_cards):
    cards = deck(make_cards, "labels:\n  fr: {source: Source}\n")
    assert problems_of(run_cli, cards) == ["dockdeck.yaml:6: labels: unknown language 'fr' (languages are set in "
                                           "dockdeck.yaml: en, es)"]


def test_a_label_must_be_one_line_of_text(run_cli, make_cards):
    cards = deck(make_cards, 'labels:\n  es:\n    source: ""\n    recall: "a\\nb"\n    type: [x]\n'
                             '    placeholders: 3\n')
    assert problems_of(run_cli, cards) == [
        "dockdeck.yaml:7: labels (es) source is empty (write the word or remove the key)",
        "dockdeck.yaml:8: labels (es) recall must be one line (a card shows it as a heading)",
        "dockdeck.yaml:9: labels (es) type must be text, not a list",
        "dockdeck.yaml:10: labels (es) placeholders must be text, not a number (quote it to keep it as written)",
    ]


def test_labels_must_map_each_language_to_its_words(run_cli, make_cards):
    assert problems_of(run_cli, deck(make_cards, "labels: Fuente\n")) == [
        "dockdeck.yaml:5: labels must be a mapping of languages to words, not text (e.g. labels: {es: {source: "
        "Fuente, recall: ..., type: ..., placeholders: ...}})"]
    assert problems_of(run_cli, deck(make_cards, "labels:\n  es: Fuente\n")) == [
        "dockdeck.yaml:6: labels (es) must be a mapping of label names to words, not text (labels: source, recall, "
        "type, placeholders)"]


def test_a_language_without_words_falls_back_to_english_and_check_says_which(run_cli, make_cards):
    cards = deck(make_cards, 'labels:\n  es: {source: Fuente}\n')
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 0, result.output
    assert ("dockdeck.yaml:5: labels (es): no words for recall, type, placeholders, so the cards show the English "
            "ones ('Which command?', 'Type the command', 'Placeholders:') (add them under labels: es: in "
            "dockdeck.yaml)") in result.stderr, result.stderr
    assert run_cli("check", "--cards", cards, "--strict").exit_code == 1
    assert "labels" not in run_cli("check", "--cards", deck(make_cards)).output


def test_the_typing_labels_are_not_asked_for_without_typing_cards(run_cli, make_cards):
    settings = SPANISH.replace("typing: true\n", "")
    result = run_cli("check", "--cards", deck(make_cards, 'labels:\n  es: {source: Fuente, recall: "¿Qué?"}\n',
                                              settings=settings))
    assert result.exit_code == 0 and "warning" not in result.output, result.output


def test_a_build_says_which_words_of_a_language_are_english(run_cli, make_cards, tmp_path):
    result = run_cli("build", "--cards", deck(make_cards, ""), "--out", tmp_path / "dist", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert "labels (es): no words for source, recall, type, placeholders" in result.stderr


def test_init_writes_labels_marked_todo_for_a_language_it_has_no_words_for(run_cli, tmp_path):
    assert run_cli("init", tmp_path / "d", "--lang", "en", "--lang", "es").exit_code == 0
    cards = tmp_path / "d" / "cards"
    settings = yaml.safe_load((cards / "dockdeck.yaml").read_text(encoding="utf-8"))
    assert settings["labels"] == {"es": {"source": "TODO translate: Source", "recall": "TODO translate: Which command?",
                                         "type": "TODO translate: Type the command",
                                         "placeholders": "TODO translate: Placeholders:"}}
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 0, result.output
    assert "labels (es) recall still starts with TODO: 'TODO translate: Which command?'" in result.stderr


def test_init_writes_no_labels_for_languages_it_has_words_for(run_cli, tmp_path):
    assert run_cli("init", tmp_path / "d", "--lang", "ko", "--lang", "en").exit_code == 0
    settings = yaml.safe_load((tmp_path / "d" / "cards" / "dockdeck.yaml").read_text(encoding="utf-8"))
    assert "labels" not in settings


def test_the_editor_schema_takes_labels_and_refuses_an_unknown_one(run_cli, make_cards):
    import jsonschema

    from generator.sources.schema import build_schema

    schema = build_schema(("en", "es"))
    good = yaml.safe_load(SPANISH % LABELS)
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(good))
    for bad in ({"es": {"sorce": "Fuente"}}, {"fr": {"source": "Source"}}, {"es": {"source": ""}},
                {"es": {"source": "a\nb"}}, {"es": "Fuente"}):
        assert list(jsonschema.Draft7Validator(schema).iter_errors({**good, "labels": bad})), bad


def test_a_label_in_a_template_is_not_read_as_template_markup(run_cli, make_cards, collection):
    labels = 'labels:\n  es: {source: "{{Id}}", recall: "{{Back}}", type: "{{Front}}", placeholders: "M:"}\n'
    cards = built_cards(run_cli, deck(make_cards, labels), collection)
    assert "{{Id}}: git-scm.com" in cards["switch-create/cloze#1"][1]
    assert "{{Front}}" in cards["switch-create/type#1"][0]
    assert cards["switch-create/recall#1"][0].split() == ["{{Back}}", "Crear", "una", "rama", "y", "cambiar", "a", "ella"]
