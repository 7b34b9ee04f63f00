"""`dockdeck check` warns of cards whose front shows what they hide; `--strict` makes the warnings fail."""

from __future__ import annotations

import textwrap

import pytest
from conftest import REAL_CARDS

HEAD = "deck: {ko: 컨테이너, en: Containers}\ncards:\n"


def _check(run_cli, make_cards, cards_yaml: str, *args: str):
    cards = make_cards({"a.yaml": HEAD + textwrap.indent(textwrap.dedent(cards_yaml), "  ")})
    return run_cli("check", "--cards", cards, *args)


def _warnings(result) -> list[str]:
    return [line.split("a.yaml:", 1)[1] for line in result.output.splitlines() if "a.yaml:" in line]


def test_a_meaning_that_names_the_hidden_subcommand_is_a_located_warning(run_cli, make_cards):
    result = _check(run_cli, make_cards, """\
        - id: create-container
          command: docker create <image>
          blanks: ["create"]
          meaning: {ko: 컨테이너를 만들기만 하기, en: Create a container from an image}
        """)
    assert result.exit_code == 0
    assert _warnings(result) == ["3: create-container: blank 1 hides 'create', but the front (en) shows 'create' "
                                 "(reword the front, or add giveaway_ok: <why> to the card)"]


def test_a_cloze_that_repeats_its_hidden_word_is_a_warning(run_cli, make_cards):
    result = _check(run_cli, make_cards, """\
        - id: share-kernel
          cloze: "Containers share the host's [[kernel]]: the kernel is not in the image."
        """)
    assert _warnings(result)[0].startswith("3: share-kernel: cloze 1 (ko) hides 'kernel', which the front shows")


def test_a_gloss_in_another_language_is_a_warning(run_cli, make_cards):
    result = _check(run_cli, make_cards, """\
        - id: instance
          cloze: {ko: "컨테이너는 이미지의 [[인스턴스]] (instance)다.", en: "A container is an [[instance]] of an image."}
        """)
    assert _warnings(result) == ["3: instance: cloze 1 (ko) hides '인스턴스', but the gloss '(instance)' next to it "
                                 "gives it away (reword the front, or add giveaway_ok: <why> to the card)"]


def test_a_gloss_is_found_next_to_its_deletion_whatever_the_order_of_deletions(run_cli, make_cards):
    result = _check(run_cli, make_cards, """\
        - id: runs-from
          cloze: {en: "A [[container]] runs from an [[image]].", ko: "[[이미지]](image)에서 [[컨테이너]]가 실행된다."}
        """)
    assert [w.split(" (reword")[0] for w in _warnings(result)] == [
        "3: runs-from: cloze 1 (ko) hides '이미지', but the gloss '(image)' next to it gives it away"]


def test_markdown_marks_around_a_deletion_are_not_part_of_its_words(run_cli, make_cards):
    result = _check(run_cli, make_cards, """\
        - id: dunder
          cloze: "Python runs [[`__init__`]] to init a new object."
        """)
    assert _warnings(result) == []


@pytest.mark.parametrize("blank", ["<command>", "KEY=value"])
def test_a_blank_that_hides_only_a_placeholder_is_a_warning(run_cli, make_cards, blank):
    result = _check(run_cli, make_cards, f"""\
        - id: exec
          command: docker exec -e KEY=value <container> <command>
          blanks: ["exec", "{blank}"]
          meaning: {{ko: 컨테이너 안에서 실행하기, en: Run something inside a container}}
        """)
    assert _warnings(result) == [f"3: exec: blank 2 hides only the placeholder '{blank}': hide an option or a word "
                                 "to recall (reword the front, or add giveaway_ok: <why> to the card)"]


def test_a_recall_card_whose_meaning_spells_out_the_command_is_a_warning(run_cli, make_cards):
    result = _check(run_cli, make_cards, """\
        - id: ps-all
          command: docker ps -a
          meaning: {ko: "`docker ps -a`로 모두 보기", en: "List all containers"}
        """)
    assert "3: ps-all: the recall card (ko) asks for the command its meaning spells out" in result.output


def test_a_word_in_capitals_matches_only_in_capitals(run_cli, make_cards):
    result = _check(run_cli, make_cards, """\
        - id: from
          cloze: "[[FROM]] names the image to start from."
        """)
    assert _warnings(result) == []


def test_latin_words_match_whole_and_ignoring_case(run_cli, make_cards):
    quiet = _check(run_cli, make_cards, """\
        - id: tag
          cloze: "A [[tag]] names a version; several tags, one stage."
        """)
    loud = _check(run_cli, make_cards, """\
        - id: tag
          cloze: "A [[tag]] names a version: the Tag is mutable."
        """)
    assert _warnings(quiet) == [] and len(_warnings(loud)) == 2  # one per language


def test_giveaway_ok_with_a_reason_silences_the_warning(run_cli, make_cards):
    result = _check(run_cli, make_cards, """\
        - id: publish
          command: docker run -p <host-port>:<container-port> <image>
          blanks: ["-p", "<host-port>:<container-port>"]
          giveaway_ok: the blank asks which port comes first
          meaning: {ko: 포트를 게시하며 실행하기, en: Run with a published port}
        """, "--strict")
    assert result.exit_code == 0, result.output
    assert _warnings(result) == []


def test_an_empty_giveaway_ok_is_a_problem(run_cli, make_cards):
    result = _check(run_cli, make_cards, """\
        - id: publish
          command: docker run -p <port> <image>
          giveaway_ok: ""
          meaning: {ko: 포트를 게시하며 실행하기, en: Run with a published port}
        """)
    assert result.exit_code == 1
    assert "a.yaml:5: giveaway_ok must say why" in result.output


def test_strict_check_fails_on_a_warning(run_cli, make_cards):
    result = _check(run_cli, make_cards, """\
        - id: stop
          command: docker stop <container>
          blanks: ["stop"]
          meaning: {ko: 컨테이너 중지하기, en: Stop a running container}
        """, "--strict")
    assert result.exit_code == 1
    assert "blank 1 hides 'stop'" in result.output


def test_the_docker_deck_has_no_giveaway(run_cli):
    result = run_cli("check", "--strict", "--cards", REAL_CARDS)
    assert result.exit_code == 0, result.output
