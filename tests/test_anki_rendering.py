"""What the learner sees, judged by importing the built deck into real Anki."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CLOZE_LEFTOVER, active_content, build_and_import, field_of, visible_lines, visible_text

BASIC = """\
deck: {ko: 컨테이너, en: Containers}
tags: [containers]
cards:
  - id: stop-signal
    front: {ko: "`docker stop`은 먼저 어떤 신호를 보내나요?", en: "Which signal does `docker stop` send first?"}
    back: {ko: "`SIGTERM`", en: "`SIGTERM`"}
    source: https://docs.docker.com/reference/cli/docker/container/stop/
  - id: exec-shell
    command: docker exec -it <container> sh
    blanks: ["-it", "<container>", "sh"]
    meaning: {ko: 실행 중인 컨테이너 안에서 대화형 셸 열기, en: Open an interactive shell in a running container}
    source: https://docs.docker.com/reference/cli/docker/container/exec/
"""


def test_command_card_becomes_one_cloze_card_per_blank_and_a_recall_card(run_cli, make_cards, collection):
    cards = build_and_import(run_cli, make_cards({"a.yaml": BASIC}), collection)
    exec_cards = [c for c in cards if field_of(c[0], "Id").startswith("exec-shell")]
    assert len(exec_cards) == 4
    fronts = sorted(" ".join(visible_lines(q)) for card, q, a in exec_cards if card.note_type()["type"] == 1)
    assert fronts == sorted([
        "Open an interactive shell in a running container docker exec [...] <container> sh",
        "Open an interactive shell in a running container docker exec -it [...] sh",
        "Open an interactive shell in a running container docker exec -it <container> [...]",
    ])
    recall = [(q, a) for card, q, a in exec_cards if card.note_type()["type"] == 0]
    assert len(recall) == 1
    assert visible_lines(recall[0][0]) == ["Which command?", "Open an interactive shell in a running container"]
    assert "docker exec -it <container> sh" in visible_lines(recall[0][1])


def test_every_answer_of_a_command_cloze_shows_the_whole_command(run_cli, make_cards, collection):
    cards = build_and_import(run_cli, make_cards({"a.yaml": BASIC}), collection)
    answers = [answer for card, _, answer in cards if field_of(card, "Id") == "exec-shell/cloze"]
    assert len(answers) == 3
    for answer in answers:
        assert "docker exec -it <container> sh" in visible_lines(answer)


def test_basic_card_back_shows_answer_and_source_link(run_cli, make_cards, collection):
    cards = build_and_import(run_cli, make_cards({"a.yaml": BASIC}), collection)
    (card, question, answer), = [c for c in cards if field_of(c[0], "Id") == "stop-signal"]
    assert visible_lines(question) == ["Which signal does docker stop send first?"]
    assert "SIGTERM" in visible_lines(answer)
    assert 'href="https://docs.docker.com/reference/cli/docker/container/stop/"' in answer
    assert "Source: docs.docker.com/reference/cli/docker/container/stop" in visible_lines(answer)


def test_korean_deck_uses_korean_labels_and_deck_names(run_cli, make_cards, collection):
    cards = build_and_import(run_cli, make_cards({"a.yaml": BASIC}), collection, lang="ko")
    decks = {collection.decks.name(card.did) for card, _, _ in cards}
    assert decks == {"도커::01 컨테이너"}
    (card, question, answer), = [c for c in cards if field_of(c[0], "Id") == "stop-signal"]
    assert any(line.startswith("출처:") for line in visible_lines(answer))
    recall = [q for card, q, a in cards if field_of(card, "Id") == "exec-shell/recall"]
    assert visible_lines(recall[0])[0] == "어떤 명령일까요?"


def test_korean_prompts_use_the_glossary_terms_명령_and_자리표시자(run_cli, make_cards, collection):
    """The README's glossary: 명령 (never 명령어) and 자리표시자, on the recall and the typing card alike."""
    settings = "name: docker\nlanguages: [ko, en]\nroot_deck: {ko: 도커, en: Docker}\nfiles: [a.yaml]\ntyping: true\n"
    cards = build_and_import(run_cli, make_cards({"a.yaml": BASIC}, settings=settings), collection, lang="ko")
    fronts = {field_of(card, "Id"): visible_lines(q) for card, q, a in cards}
    assert fronts["exec-shell/recall"][0] == "어떤 명령일까요?"
    typing = fronts["exec-shell/type"]
    assert typing[0] == "명령을 입력하세요"
    assert any(line.startswith("자리표시자:") for line in typing), typing
    assert not [line for lines in fronts.values() for line in lines if "명령어" in line]


TRICKY_COMMANDS = {
    "angles": "docker exec -it <container> sh -c \"echo a > /tmp/x && cat < /tmp/x\"",
    "ampersand": "docker run --rm alpine sh -c 'true && echo \"quoted\" & wait'",
    "go-template": "docker ps --format 'table {{.Names}}\\t{{.Image}}'",
    "closing-braces": "docker inspect --format '}}{{json .Config}}}}' <container>",
    "double-colon": "docker run -p [::1]:8080:80 nginx",
    "korean": "docker exec -it <컨테이너 아이디> <컨테이너에 입력할 명령어>",
    "emoji": "docker run --name 🐳-web -e GREETING='héllo 👋' nginx",
    "long": "docker run -d --name web " + " ".join(f"-e VAR_{i}=value_{i}" for i in range(22)) + " nginx:1.27",
}


def _tricky_yaml() -> str:
    assert len(TRICKY_COMMANDS["long"]) >= 300  # the issue asks for a 300-character command
    lines = ["deck: {ko: 까다로운, en: Tricky}", "cards:"]
    for key, command in TRICKY_COMMANDS.items():
        quoted = "'" + command.replace("'", "''") + "'"
        lines += [f"  - id: {key}", f"    command: {quoted}", f"    meaning: {{ko: 뜻 {key}, en: meaning {key}}}"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("key", sorted(TRICKY_COMMANDS))
def test_tricky_command_shows_exactly_as_written_on_every_answer(key, run_cli, make_cards, collection):
    command = TRICKY_COMMANDS[key]
    cards = build_and_import(run_cli, make_cards({"a.yaml": _tricky_yaml()}), collection)
    mine = [c for c in cards if field_of(c[0], "Id").startswith(key + "/")]
    assert mine, "no cards for " + key
    for _card, question, answer in mine:
        assert command in visible_text(answer).split("\n"), (key, visible_text(answer))
        assert not CLOZE_LEFTOVER.search(question + answer)


@pytest.mark.parametrize("key", sorted(TRICKY_COMMANDS))
def test_tricky_command_front_hides_exactly_one_blank(key, run_cli, make_cards, collection):
    from generator.sources.command import default_blanks, tokenize

    command = TRICKY_COMMANDS[key]
    blanks = default_blanks(tokenize(command))
    cards = build_and_import(run_cli, make_cards({"a.yaml": _tricky_yaml()}), collection)
    clozes = [c for c in cards if field_of(c[0], "Id") == f"{key}/cloze"]
    assert len(clozes) == len(blanks)
    for card, question, _answer in clozes:
        hidden = blanks[card.ord]
        shown = [line for line in visible_text(question).split("\n") if "[...]" in line]
        assert shown == [command.replace(hidden, "[...]", 1)] if command.count(hidden) == 1 else len(shown) == 1


TEXTS = """\
deck: {ko: 텍스트, en: Texts}
cards:
  - id: html-is-text
    front: "<script>alert(1)</script> <b>bold?</b> <img src=x onerror=alert(1)> & \\"quotes\\""
    back: "[click](javascript:alert(1)) {{c1::not a cloze}} {{Front}} a::b"
  - id: markdown
    front: {ko: "**굵게** *기울임* `code <x>` 😀", en: "**bold** *italic* `code <x>` 😀"}
    back:
      en: |
        - one
        - two

        ```dockerfile
        FROM alpine:3.20
        CMD ["echo", "{{.Names}}"]
        ```
      ko: |
        1. 하나
        2. 둘
  - id: text-cloze
    cloze: {ko: "`docker stop`은 [[10]]초 뒤 [[`SIGKILL`]]을 보낸다", en: "after [[10]] s, [[`SIGKILL`]] :: {{x}}"}
"""


def test_raw_html_in_author_text_is_shown_literally_and_never_runs(run_cli, make_cards, collection):
    cards = build_and_import(run_cli, make_cards({"a.yaml": TEXTS}), collection)
    (card, question, answer), = [c for c in cards if field_of(c[0], "Id") == "html-is-text"]
    assert visible_lines(question) == ['<script>alert(1)</script> <b>bold?</b> <img src=x onerror=alert(1)> & "quotes"']
    assert active_content(question) == [] and active_content(answer) == []
    assert "[click](javascript:alert(1)) {{c1::not a cloze}} {{Front}} a::b" in visible_lines(answer)


def test_markdown_renders_lists_code_and_emphasis(run_cli, make_cards, collection):
    cards = build_and_import(run_cli, make_cards({"a.yaml": TEXTS}), collection)
    (card, question, answer), = [c for c in cards if field_of(c[0], "Id") == "markdown"]
    assert "<strong>bold</strong>" in question and "<em>italic</em>" in question
    assert "<code>code &lt;x&gt;</code>" in question
    assert "<li>one</li>" in answer
    assert 'class="hl"' in answer and 'class="language-dockerfile"' in answer
    assert 'CMD ["echo", "{{.Names}}"]' in visible_text(answer)


def test_text_cloze_makes_one_card_per_deletion(run_cli, make_cards, collection):
    cards = build_and_import(run_cli, make_cards({"a.yaml": TEXTS}), collection)
    clozes = sorted((c for c in cards if field_of(c[0], "Id") == "text-cloze"), key=lambda c: c[0].ord)
    assert [" ".join(visible_lines(q)) for _, q, _ in clozes] == [
        "after [...] s, SIGKILL :: {{x}}", "after 10 s, [...] :: {{x}}"]
    assert all(" ".join(visible_lines(a)) == "after 10 s, SIGKILL :: {{x}}" for _, _, a in clozes)


def test_a_deletion_followed_by_parentheses_stays_a_deletion(run_cli, make_cards, collection):
    files = {"a.yaml": """\
        deck: {ko: 가, en: A}
        cards:
          - id: gloss
            cloze: {ko: "이미지는 [[불변]](immutable)이다", en: "Images are [[immutable]](never changed)"}
        """}
    cards = build_and_import(run_cli, make_cards(files), collection)
    (card, question, answer), = cards
    assert " ".join(visible_lines(question)) == "Images are [...](never changed)"
    assert " ".join(visible_lines(answer)) == "Images are immutable(never changed)"


def test_media_is_packed_under_a_content_name_and_shown(run_cli, make_cards, collection, tmp_path):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
    files = {"a.yaml": """\
        deck: {ko: 그림, en: Pictures}
        cards:
          - id: picture
            front: {ko: "그림", en: "Picture"}
            back: "![lifecycle](media/lifecycle.svg)"
        """, "media/lifecycle.svg": svg}
    cards = build_and_import(run_cli, make_cards(files), collection)
    (card, question, answer), = cards
    names = re.findall(r'<img src="([^"]+)"', answer)
    assert len(names) == 1 and re.fullmatch(r"lifecycle-[0-9a-f]{12}\.svg", names[0])
    assert (Path(collection.media.dir()) / names[0]).read_bytes() == svg
