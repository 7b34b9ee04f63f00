"""`dockdeck check` warns of cards whose front shows what they hide; `--strict` makes the warnings fail."""

from __future__ import annotations

import re
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
          cloze: "A [[tag]] names a version, a stage does not."
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


def _messages(result) -> list[str]:
    return [w.split(" (reword")[0] for w in _warnings(result)]


def test_a_korean_particle_after_a_latin_word_does_not_hide_it(run_cli, make_cards):
    result = _check(run_cli, make_cards, """\
        - id: default-bridge
          cloze: {ko: "기본 네트워크는 [[bridge]]다. bridge에 연결된 컨테이너끼리는 IP로 통신한다.",
                  en: "The default network is [[bridge]]."}
        """)
    assert _messages(result) == ["3: default-bridge: cloze 1 (ko) hides 'bridge', which the front shows elsewhere"]


@pytest.mark.parametrize("card, message", [
    ("""\
        - id: created
          cloze: {ko: "`docker create`로 만든 컨테이너는 [[created]] 상태다.", en: "It is [[created]]."}
        """, "cloze 1 (ko) hides 'created', but the front shows 'create', a form of it"),
    ("""\
        - id: unpause
          command: docker unpause <container>
          blanks: ["unpause"]
          meaning: {ko: 일시 정지된 컨테이너 재개하기, en: Resume a paused container}
        """, "blank 1 hides 'unpause', but the front (en) shows 'paused', a form of it"),
    ("""\
        - id: readonly
          cloze: {ko: "읽기만 하게 하려면 [[readonly]]를 넣는다.", en: "To make a `--mount` read-only, add [[readonly]]."}
        """, "cloze 1 (en) hides 'readonly', but the front shows 'read-only', a form of it"),
    ("""\
        - id: stopped
          cloze: {ko: "[[stop]]한 컨테이너", en: "A container you [[stop]] is stopped."}
        """, "cloze 1 (en) hides 'stop', but the front shows 'stopped', a form of it"),
], ids=["create-for-created", "paused-for-unpause", "read-only-for-readonly", "stopped-for-stop"])
def test_another_form_of_the_hidden_word_on_the_front_is_a_warning(run_cli, make_cards, card, message):
    assert _messages(_check(run_cli, make_cards, card)) == [f"3: {card.split()[2]}: {message}"]


def test_a_name_that_only_looks_like_a_form_of_a_word_is_not_a_warning(run_cli, make_cards):
    result = _check(run_cli, make_cards, """\
        - id: dockerd
          cloze: {ko: "도커 데몬은 [[dockerd]]다.", en: "The Docker daemon program is called [[dockerd]]."}
        """)
    assert _warnings(result) == []


@pytest.mark.parametrize("cloze, shown", [
    ("In `docker exec -it`, [[-i]] keeps STDIN open.", "-it"),
    ("The process `docker-init` is named for [[init]].", "docker-init"),
    ("`docker run --init` starts an [[init]] process.", "--init"),
])
def test_the_hidden_part_inside_a_longer_token_on_the_front_is_a_warning(run_cli, make_cards, cloze, shown):
    result = _check(run_cli, make_cards, f"""\
        - id: inside
          cloze: {{ko: "옵션 [[x]]", en: "{cloze}"}}
        """)
    (hidden,) = re.findall(r"\[\[(.+?)\]\]", cloze)
    assert _messages(result) == [f"3: inside: cloze 1 (en) hides {hidden!r}, but the front shows {shown!r}, "
                                 "which holds it"]


def test_a_short_option_is_not_found_inside_another_case(run_cli, make_cards):
    result = _check(run_cli, make_cards, """\
        - id: publish
          cloze: "[[-p]] publishes one port; -Pd would publish all of them, detached."
        """)
    assert _warnings(result) == []


@pytest.mark.parametrize("command, meaning, spelt", [
    ("docker port <container>", "컨테이너의 어느 포트가 게시됐는지 보기", "포트"),
    ("docker run --no-healthcheck <image>", "이미지의 헬스 체크를 끈 채로 실행하기", "헬스 체크"),
    ("docker run --no-healthcheck <image>", "이미지의 헬스체크를 끈 채로 실행하기", "헬스체크"),
], ids=["port", "health-check", "healthcheck-written-together"])
def test_the_korean_spelling_of_a_hidden_english_word_is_a_warning(run_cli, make_cards, command, meaning, spelt):
    blank = command.split()[1] if "port" in command else "--no-healthcheck"
    result = _check(run_cli, make_cards, f"""\
        - id: spelt
          command: {command}
          blanks: ["{blank}"]
          meaning: {{ko: {meaning}, en: See the mappings}}
        """)
    assert _messages(result) == [f"3: spelt: blank 1 hides {blank!r}, but the front (ko) shows {spelt!r}, "
                                 "its Korean spelling"]


def test_the_korean_spelling_of_only_some_words_of_the_hidden_part_is_not_a_warning(run_cli, make_cards):
    result = _check(run_cli, make_cards, """\
        - id: hub
          cloze: {ko: "도커는 기본적으로 [[Docker Hub]]에서 이미지를 찾는다.", en: "Images come from [[Docker Hub]]."}
        """)
    assert _warnings(result) == []


@pytest.mark.parametrize("cloze, other", [
    ({"en": "`docker stop` sends [[SIGTERM]] or `SIGKILL` first?"}, "`SIGKILL`"),
    ({"en": "Prefer `COPY`/[[ADD]] for remote files?"}, "`COPY`"),
    ({"ko": "`docker stop`은 먼저 [[SIGTERM]] 또는 `SIGKILL`을 보낸다?"}, "`SIGKILL`"),
    ({"ko": "먼저 보내는 신호는 `SIGKILL`과 [[SIGTERM]] 중 무엇인가?"}, "`SIGKILL`"),
    ({"ko": "네임스페이스는 [[사용자 이름]]이나 조직 이름이다."}, "조직"),
], ids=["or", "slash", "ko-또는", "ko-와-중", "ko-이나"])
def test_a_two_way_choice_whose_other_side_stands_on_the_front_is_a_warning(run_cli, make_cards, cloze, other):
    (lang, text), = cloze.items()
    texts = {"ko": "[[둘]] 중 하나", "en": "one of [[two]]"} | cloze
    result = _check(run_cli, make_cards, f"""\
        - id: choice
          cloze: {{ko: "{texts['ko']}", en: "{texts['en']}"}}
        """)
    (hidden,) = re.findall(r"\[\[(.+?)\]\]", text)
    assert _messages(result) == [f"3: choice: cloze 1 ({lang}) hides {hidden!r}, one side of a two-way choice "
                                 f"whose other side, {other!r}, stands on the front"]


def test_both_sides_of_a_choice_hidden_together_are_not_a_warning(run_cli, make_cards):
    result = _check(run_cli, make_cards, """\
        - id: namespace
          cloze: {ko: "네임스페이스는 [[사용자 이름이나 조직 이름]]이다.",
                  en: "The namespace is [[a username or an organization name]]."}
        """)
    assert _warnings(result) == []
