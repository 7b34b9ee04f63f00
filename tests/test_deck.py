"""The Docker deck itself: complete, bilingual, sourced, valid commands, and no rendering defect in Anki."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CLOZE_LEFTOVER, REAL_CARDS, visible_text

from generator.preview.typebox import TYPE_MARKER

LANGS = ("ko", "en")


@pytest.fixture(scope="module")
def deck(real_build):
    return real_build.deck


@pytest.fixture(scope="module")
def anki_cards(real_collection):
    """Both real decks in one collection: lang -> [(card, question, answer)]."""
    col = real_collection
    by_lang = {}
    for lang, root in (("ko", "도커"), ("en", "Docker")):
        cids = col.find_cards(f'"deck:{root}"')
        by_lang[lang] = [(c, c.question(), c.answer()) for c in map(col.get_card, sorted(cids))]
    return by_lang, col


# Every command of the seed notes, as the deck teaches it (corrected where the notes are wrong).
SEED_COMMANDS = [
    ("docker run 이미지 이름", "docker run <image>"),
    ("docker run 이미지 이름 ls", "docker run <image> ls"),
    ("docker ps --format 'table{{.Names}}\\table{{.Image}}'", "docker ps --format 'table {{.Names}}\\t{{.Image}}'"),
    ("docker rm <아이디/이름>", "docker rm <container>"),
    ("docker rm `docker ps -a -q`", "docker rm $(docker ps -aq)"),
    ("docker rmi <이미지 id>", "docker rmi <image>"),
    ("docker exec <컨테이너 아이디>", "docker exec <container> <command>"),
    ("docker exec -it <컨테이너 id> <컨테이터에 입력할 명령어>", "docker exec -it <container> sh"),
    ("docker exec -it <컨테이너 id> sh, bash,등등", "docker exec -it <container> sh"),
    ("docker create <이미지 이름>", "docker create <image>"),
    ("docker build ./", "docker build ."),
    ("docker build -t <나의 도커 아이디>/<저장소/프로젝트 이름>:<version> .", "docker build -t <user>/<repository>:<tag> ."),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("seed,taught", SEED_COMMANDS, ids=[s for s, _ in SEED_COMMANDS])
def test_every_command_of_the_notes_is_taught_in_both_decks(anki_cards, lang, seed, taught):
    by_lang, _ = anki_cards
    texts = [visible_text(q) + "\n" + visible_text(a) for _, q, a in by_lang[lang]]
    assert any(taught in text for text in texts), f"{taught!r} (from the notes' {seed!r}) is in no {lang} card"


def test_the_new_sub_decks_add_70_to_100_cards_to_the_first_six(deck):
    new = [card for topic in deck.topics[6:] for card in topic.cards]
    assert 70 <= len(new) <= 100, len(new)


def test_every_card_has_both_languages_and_a_docs_source(deck):
    for card in deck.cards:
        for role, text in card.texts.items():
            assert set(LANGS) <= set(text), f"{card.path}:{card.line}: {role} lacks a language"
        assert card.source and card.source.startswith("https://docs.docker.com/"), f"{card.path}:{card.line}"


def test_every_card_is_in_a_topic_sub_deck(deck):
    assert [t.deck["en"] for t in deck.topics] == ["Basics", "Containers", "Images", "Dockerfile", "Build",
                                                   "Cleanup", "Volumes and mounts", "Networks and ports", "Compose",
                                                   "Restarts and health", "Everyday commands"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_card_renders_in_anki_without_defects(anki_cards, lang):
    by_lang, col = anki_cards
    media = Path(col.media.dir())
    assert len(by_lang[lang]) > 200
    for card, question, answer in by_lang[lang]:
        where = card.note()["Id"]
        # A typing card's [[type:Command]] is where Anki's reviewer puts the answer box (tests/test_typing.py).
        question, answer = TYPE_MARKER.sub("", question), TYPE_MARKER.sub("", answer)
        q, a = visible_text(question).strip(), visible_text(answer).strip()
        assert q and a, f"{where}: empty side"
        assert not CLOZE_LEFTOVER.search(question + answer), f"{where}: template or cloze markup left over"
        assert "[[" not in q + a and "]]" not in q.replace("[[ ", ""), f"{where}: unprocessed [[deletion]]"
        if card.note_type()["type"] == 1:
            assert q.count("[...]") == 1, f"{where}: the front must hide exactly one blank"
            assert "[...]" not in a, f"{where}: the answer must show every blank"
        assert "docs.docker.com" in a, f"{where}: no source on the back"
        for src in re.findall(r'<img src="([^"]+)"', answer):
            assert (media / src).is_file(), f"{where}: picture {src} missing from Anki's media"


def test_the_lifecycle_picture_is_on_the_lifecycle_cards(deck):
    lifecycle = [c for c in deck.cards if "lifecycle" in c.tags]
    assert lifecycle
    assert any("media/lifecycle.svg" in v for c in lifecycle for t in c.texts.values() for v in t.values())
    assert (REAL_CARDS / "media" / "lifecycle.svg").is_file()




# The README's glossary: one Korean term per concept. Each word on the left is the other term it rules out.
NOT_THE_GLOSSARY_TERM = {
    "명령어": "명령", "다시 시작": "재시작", "지우": "삭제", "지운": "삭제", "지워": "삭제", "단축 명령": "별칭",
    "자리 표시자": "자리표시자", "쉘": "셸", "디렉토리": "디렉터리", "시그널": "신호", "도커 파일": "Dockerfile",
    "도커파일": "Dockerfile", "Docker 데몬": "도커 데몬",
}


def _korean_texts(deck) -> list[tuple[str, str]]:
    found = [(f"{card.path}:{card.line} {role}", text["ko"]) for card in deck.cards
             for role, text in card.texts.items() if "ko" in text]
    settings = deck.settings
    return found + [(f"{settings.path} {key}", value["ko"]) for key, value in
                    (("description", settings.description), ("typing_hint", settings.typing_hint)) if "ko" in value]


@pytest.mark.parametrize("word", sorted(NOT_THE_GLOSSARY_TERM))
def test_the_korean_texts_use_the_glossary_terms(deck, word):
    wrong = [where for where, text in _korean_texts(deck) if word in text]
    assert not wrong, f"{word!r} where the glossary says {NOT_THE_GLOSSARY_TERM[word]!r}: {wrong}"


def test_저장소_stands_for_a_repository_only(deck):
    """Storage is 스토리지: a Korean 저장소 has "repository" in the English of the same text."""
    english = {(card.path, card.line, role): text.get("en", "") for card in deck.cards
               for role, text in card.texts.items()}
    wrong = [(card.path, card.line, role) for card in deck.cards for role, text in card.texts.items()
             if "저장소" in text.get("ko", "") and "repositor" not in english[(card.path, card.line, role)]]
    assert "저장소" in deck.settings.description["ko"] and "repository" in deck.settings.description["en"]
    assert not wrong, wrong
