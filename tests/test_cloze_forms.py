"""Cloze texts: a broken [[...]] form is a located error, and every form dockdeck accepts shows in Anki as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ENGLISH_ONLY, build_and_import, field_of, visible_lines


def cloze_deck(make_cards, text: str) -> Path:
    """A deck of one cloze card whose English text, written as a YAML double-quoted string, is on line 5."""
    topic = f"deck: {{en: A}}\ncards:\n  - id: fact\n    cloze:\n      en: {text}\n"
    return make_cards({"a.yaml": topic}, settings=ENGLISH_ONLY)


def strict_check_fails(run_cli, cards: Path) -> list[str]:
    """``check --strict`` and ``build`` both exit 1 with no traceback; the problem lines of check."""
    result = run_cli("build", "--cards", cards, "--out", cards.parent / "dist")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    result = run_cli("check", "--cards", cards, "--strict")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return [line for line in result.stderr.splitlines() if line.startswith(str(cards))]


@pytest.mark.parametrize(("text", "what"), [
    ('"a [[]] b [[x]]"', "deletion 1 [[]] hides nothing"),
    ('"[[ ]] is a space"', "deletion 1 [[ ]] hides only spaces"),
    ('"[[a [[b]] c]]"', "deletion 1 holds another [[: deletions cannot be nested"),
    ('"one [[two"', "deletion 1 [[two is never closed with ]]"),
    ('"one]] [[two]]"', "]] with no [[ before it"),
])
def test_a_malformed_deletion_is_an_error_at_the_line_of_the_cloze_text(run_cli, make_cards, text, what):
    cards = cloze_deck(make_cards, text)
    lines = strict_check_fails(run_cli, cards)
    assert any(line.startswith(f"{cards}/a.yaml:5: cloze: {what}") for line in lines), lines


@pytest.mark.parametrize(("text", "what", "fix"), [
    ('"[[[docs]]](https://docs.docker.com/)"', "deletion 1 [[[docs]] starts outside a link and ends inside it",
     "[[[text](url)]]"),
    ('"Use **bo[[ld** text]] here"', "deletion 1 [[ld** text]] starts inside **bold** and ends outside it",
     "**[[bold]]**"),
    ('"A [[b **c]] d** e"', "deletion 1 [[b **c]] starts outside **bold** and ends inside it", "[[**bold**]]"),
    ('"Run `docker [[run` now]]"', "deletion 1 [[run` now]] starts inside `code` and ends outside it",
     "`[[code]]`"),
    ('"See [the [[docs](https://docs.docker.com/) now]]"',
     "deletion 1 [[docs](https://docs.docker.com/) now]] starts inside a link and ends outside it",
     "[text [[word]]](url)"),
    ('"One [[paragraph\\n\\nand]] another"', "deletion 1 [[paragraph and]] runs across the end of a paragraph",
     "within one paragraph"),
])
def test_a_deletion_that_crosses_markup_is_an_error_naming_it_and_the_fix(run_cli, make_cards, text, what, fix):
    cards = cloze_deck(make_cards, text)
    lines = strict_check_fails(run_cli, cards)
    matching = [line for line in lines if line.startswith(f"{cards}/a.yaml:5: cloze: {what}")]
    assert len(matching) == 1, lines
    assert fix in matching[0]


def test_anki_cloze_syntax_in_a_cloze_text_gets_a_hint_to_write_brackets(run_cli, make_cards):
    cards = cloze_deck(make_cards, '"Water boils at {{c1::100::degrees}} °C"')
    (line,) = strict_check_fails(run_cli, cards)
    assert line.startswith(f"{cards}/a.yaml:5: cloze: {{{{c1::100::degrees}}}} is Anki's own cloze syntax")
    assert "write [[100]]" in line


def test_anki_cloze_syntax_quoted_as_code_is_text_like_any_other(run_cli, make_cards, collection):
    cards = cloze_deck(make_cards, '"Anki writes `{{c1::x}}` where dockdeck writes [[brackets]]"')
    (card, question, answer), = build_and_import(run_cli, cards, collection)
    assert visible_lines(question) == ["Anki writes {{c1::x}} where dockdeck writes [...]"]


def test_the_problem_names_the_line_of_the_language_that_is_wrong(run_cli, make_cards):
    topic = ("deck: {ko: 가, en: A}\ncards:\n  - id: fact\n    cloze:\n      ko: \"물은 [[100]]도에서 끓는다\"\n"
             "      en: \"Water boils at [[ ]] degrees\"\n")
    cards = make_cards({"a.yaml": topic})
    lines = strict_check_fails(run_cli, cards)
    assert lines == [f"{cards}/a.yaml:6: cloze (en): deletion 1 [[ ]] hides only spaces "
                     "(write what to hide between [[ and ]], or remove the brackets)"]


@pytest.mark.parametrize(("text", "front", "back", "html"), [
    ('"Use **[[bold]]** text"', "Use [...] text", "Use bold text", "<strong>"),
    ('"Use [[**bold**]] text"', "Use [...] text", "Use bold text", "<strong>"),
    ('"Run `docker [[run]]` now"', "Run docker [...] now", "Run docker run now", "<code>"),
    ('"Run [[`docker run`]] now"', "Run [...] now", "Run docker run now", "<code>"),
    ('"Read [[[the docs](https://docs.docker.com/)]] first"', "Read [...] first", "Read the docs first", "<a "),
    ('"Read [the [[docs]]](https://docs.docker.com/) first"', "Read the [...] first", "Read the docs first", "<a "),
])
def test_a_deletion_inside_or_around_markup_shows_in_anki_as_written(run_cli, make_cards, collection, text, front,
                                                                      back, html):
    (card, question, answer), = build_and_import(run_cli, cloze_deck(make_cards, text), collection)
    assert " ".join(visible_lines(question)) == front
    assert " ".join(visible_lines(answer)) == back
    assert html in field_of(card, "Text")


def test_private_use_characters_in_a_cloze_text_reach_anki_as_written(run_cli, make_cards, collection):
    # Icon fonts (Nerd Fonts, Font Awesome) put their symbols at U+E000 and after.
    cards = cloze_deck(make_cards, '"The \\uE000 icon and \\uE001 icon mark [[branches]] \\uE000x\\uE001"')
    (card, question, answer), = build_and_import(run_cli, cards, collection)
    assert visible_lines(question) == ["The \ue000 icon and \ue001 icon mark [...] \ue000x\ue001"]
    assert visible_lines(answer) == ["The \ue000 icon and \ue001 icon mark branches \ue000x\ue001"]


def test_a_private_use_character_inside_a_deletion_is_hidden_and_shown_with_it(run_cli, make_cards, collection):
    cards = cloze_deck(make_cards, '"Tap [[\\uE000 Save]] to keep it"')
    (card, question, answer), = build_and_import(run_cli, cards, collection)
    assert visible_lines(question) == ["Tap [...] to keep it"]
    assert visible_lines(answer) == ["Tap \ue000 Save to keep it"]


@pytest.mark.parametrize(("text", "front", "back"), [
    ('"도커는 [[라이브러리·패키지]]를 묶는다"', "도커는 [...]를 묶는다", "도커는 라이브러리·패키지를 묶는다"),
    ('"[[`docker run`은]] 컨테이너를 만든다"', "[...] 컨테이너를 만든다", "docker run은 컨테이너를 만든다"),
], ids=["middle-dot", "code-and-particle"])
def test_a_korean_deletion_where_a_line_may_break_shows_in_anki_as_written(run_cli, make_cards, collection, text,
                                                                           front, back):
    # Rendering marks where such a line may break (output/linebreaks.py), inside the deletion too.
    (card, question, answer), = build_and_import(run_cli, cloze_deck(make_cards, text), collection)
    assert visible_lines(question) == [front]
    assert visible_lines(answer) == [back]
