"""Texts left for the author: a text that starts with TODO builds as written, and `check` lists each one.

`init` marks the example texts of a language it has no words for, and a new topic file's examples
work when uncommented.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ENGLISH_ONLY, build_and_import, field_of, import_apkg, rendered_cards, visible_lines


def warnings_of(result, cards: Path) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(str(cards))]


def test_init_with_a_language_it_has_no_words_for_leaves_those_texts_marked_for_check(run_cli, tmp_path):
    assert run_cli("init", tmp_path / "spanish", "--lang", "en", "--lang", "es").exit_code == 0
    cards = tmp_path / "spanish" / "cards"
    strict = run_cli("check", "--cards", cards, "--strict")
    assert strict.exit_code == 1, strict.output
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 0, result.output
    topic = (cards / "first-steps.yaml").read_text(encoding="utf-8").splitlines()
    reported = [line for line in warnings_of(result, cards) if "first-steps.yaml:" in line]
    # The deck name and the four texts of the three example cards, each at its line.
    assert len(reported) == 5, result.stderr
    for line in reported:
        path, number, message = line.split(":", 2)
        assert path.endswith("first-steps.yaml") and "(es) still starts with TODO" in message, line
        assert re.search(r"""es: ["']TODO translate: """, topic[int(number) - 1]), line
    # And the four words on the cards (labels: in dockdeck.yaml), all on the line of es:.
    labels = [line for line in warnings_of(result, cards) if "dockdeck.yaml:" in line]
    assert len(labels) == 4 and all("labels (es)" in line and "still starts with TODO" in line for line in labels)
    assert "9 warnings" in result.stdout


def test_init_says_which_texts_are_left_to_translate(run_cli, tmp_path):
    result = run_cli("init", tmp_path / "spanish", "--lang", "en", "--lang", "es")
    assert "the es texts are copies of the English examples, marked TODO: `dockdeck check` lists them" \
        in result.output


def test_init_in_languages_it_has_words_for_marks_nothing(run_cli, tmp_path):
    assert run_cli("init", tmp_path / "d", "--lang", "ko", "--lang", "en").exit_code == 0
    result = run_cli("check", "--cards", tmp_path / "d" / "cards", "--strict")
    assert result.exit_code == 0, result.output


def test_a_text_marked_todo_builds_and_shows_as_written(run_cli, make_cards, collection):
    topic = 'deck: {en: A}\ncards:\n  - id: q\n    front: "TODO: ask about volumes"\n    back: Volumes\n'
    (card, question, answer), = build_and_import(run_cli, make_cards({"a.yaml": topic}, settings=ENGLISH_ONLY),
                                                 collection)
    assert visible_lines(question) == ["TODO: ask about volumes"]


def test_check_lists_every_text_that_still_starts_with_todo_at_its_line(run_cli, make_cards):
    topic = ("deck: {en: A}\ncards:\n  - id: q\n    front: \"TODO: ask about volumes\"\n    back: Volumes\n"
             "  - id: cmd\n    command: docker volume ls\n    meaning:\n      en: TODO say what it does\n"
             "  - id: fine\n    front: What does `TODO` mean in a comment?\n    back: Work left to do\n")
    cards = make_cards({"a.yaml": topic}, settings=ENGLISH_ONLY)
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 0, result.output
    assert warnings_of(result, cards) == [
        f"{cards}/a.yaml:4: q: front still starts with TODO: 'TODO: ask about volumes' (finish the text and take "
        "the TODO out; until then the card shows it as written)",
        f"{cards}/a.yaml:9: cmd: meaning still starts with TODO: 'TODO say what it does' (finish the text and "
        "take the TODO out; until then the card shows it as written)",
    ]
    assert run_cli("check", "--cards", cards, "--strict").exit_code == 1


def test_every_commented_example_of_a_new_topic_works_when_uncommented(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: A\ncards: []\n"})
    assert run_cli("new", "--cards", cards, "networks").exit_code == 0
    file = cards / "networks.yaml"
    # Uncommenting as an editor does it: the comment mark taken off each line of the examples.
    text = re.sub(r"^  # ([ -] )", r"  \1", file.read_text(encoding="utf-8"), flags=re.M)
    file.write_text(text, encoding="utf-8")
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 0, result.output
    # The one warning: the sub-deck's Korean name, which new has no words for (the examples have).
    assert result.stdout.startswith("3 cards in 2 files: no problems; 1 warning"), result.output


def test_a_new_topic_without_cards_yet_passes_check_and_strict_fails_only_on_its_untranslated_name(
        run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: A\ncards: []\n"})
    assert run_cli("new", "--cards", cards, "networks").exit_code == 0
    assert run_cli("check", "--cards", cards).exit_code == 0
    result = run_cli("check", "--cards", cards, "--strict")
    assert result.exit_code == 1
    assert re.findall(r"networks\.yaml:\d+: [^\n]*", result.stderr) == [
        "networks.yaml:7: deck (ko) still starts with TODO: 'TODO translate: Networks' (finish the text and take "
        "the TODO out; until then the card shows it as written)"]
    topic = cards / "networks.yaml"
    topic.write_text(topic.read_text(encoding="utf-8").replace("TODO translate: Networks", "네트워크"), encoding="utf-8")
    assert run_cli("check", "--cards", cards, "--strict").exit_code == 0


def test_items_after_an_empty_list_get_a_hint_to_delete_the_brackets(run_cli, make_cards):
    topic = "deck: {en: A}\ncards: []\n\n  # my first card\n  - id: q\n    front: Q\n    back: A\n"
    cards = make_cards({"a.yaml": topic}, settings=ENGLISH_ONLY)
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 1
    (line,) = warnings_of(result, cards)
    assert line.startswith(f"{cards}/a.yaml:5: YAML syntax error")
    assert "'cards: []' on line 2 is an empty list, so the items below it are not in it: delete the []" in line


def test_the_first_example_card_of_a_new_deck_shows_the_todo_a_learner_would_see(run_cli, tmp_path, collection):
    assert run_cli("init", tmp_path / "spanish", "--lang", "en", "--lang", "es").exit_code == 0
    result = run_cli("build", "--cards", tmp_path / "spanish" / "cards", "--lang", "es")
    assert result.exit_code == 0, result.output
    import_apkg(collection, tmp_path / "spanish" / "dist" / "spanish-es.apkg")
    (question,) = [q for card, q, _ in rendered_cards(collection) if field_of(card, "Id") == "http-404"]
    assert visible_lines(question) == ["TODO translate: What does the HTTP status code 404 mean?"]
