"""Every card of the real decks, as Anki renders it, checked on a 360x780 phone screen in both engines
that phones show cards in: Chromium (AnkiDroid's Android WebView) and WebKit (AnkiMobile on iPhones
and iPads, Anki on macOS).

Each side of each card is loaded once with the body classes Anki's reviewer
sets, measured in light mode, switched to night mode (``nightMode night_mode``
on the body, as Anki does) and measured again, all in one script run: the same
script (``generator.preview.measure.MEASURE``) in both engines, each started
once for the whole run.

A typing card is measured as its learner sees it: the front with Anki's answer
box and the command typed into it, the back with Anki's comparison of an answer
typed with one slip (so it shows right, wrong and missing characters, and the
expected answer under the typed one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from chromium import PHONE
from conftest import build_and_import, field_of, visible_lines
from pngpixels import rgb_pixels

from generator.pipeline import build_deck
from generator.preview.checks import card_problems
from generator.preview.collection import AnkiRendering, RenderedCard, card_document, render_with_anki
from generator.preview.measure import MEASURE
from generator.preview.typebox import as_typed, slip, with_other_comparison

MIN_TEXT_PX = 16
MIN_CODE_PX = 14
MIN_CONTRAST = 4.5
# iPhones zoom the whole card into a text box whose text is smaller than this when it gets the focus.
MIN_INPUT_PX = 16


@pytest.fixture(scope="session", params=["chromium", "webkit"])
def phone(request):
    """Each engine a learner's phone shows cards in: Chromium (AnkiDroid), then WebKit (AnkiMobile)."""
    return request.getfixturevalue(f"{request.param}_phone")


@dataclass(frozen=True)
class Measured:
    engine: str
    lang: str
    card: RenderedCard
    side: str  # "front" or "back"
    mode: str  # "light" or "night"
    page: dict
    breaks: list  # line breaks between two letters of one word (measured once: night has the same lines)

    def __str__(self) -> str:
        return f"{self.card.path}:{self.card.line}: {self.card.key} card {self.card.number} ({self.lang}, " \
               f"{self.side}, {self.mode}, {self.engine})"


@pytest.fixture(scope="session")
def real_renderings(real_build, tmp_path_factory: pytest.TempPathFactory) -> dict[str, AnkiRendering]:
    """Both real decks, rendered by real Anki."""
    return {lang: render_with_anki(real_build, lang, tmp_path_factory.mktemp(f"anki-{lang}"))
            for lang in real_build.langs}


def with_slip(card: RenderedCard, col) -> str:
    """A typing card's back after its answer was typed with one slip: Anki's comparison of the two."""
    return with_other_comparison(card.answer, col.compare_answer(card.expected, slip(as_typed(card.expected))))


def media_uri(rendering: AnkiRendering) -> str:
    """The collection's media folder as a card page's address: picture names resolve there, as in Anki."""
    assert rendering.media_dir is not None
    return rendering.media_uri


@pytest.fixture(scope="session")
def measured(phone, real_renderings: dict[str, AnkiRendering], real_collection) -> list[Measured]:
    results = []
    for lang, rendering in real_renderings.items():
        for card in rendering.cards:
            back = with_slip(card, real_collection) if card.expected else card.answer
            for side, markup in (("front", card.question), ("back", back)):
                phone.load(card_document(markup, card.number), media_uri(rendering))
                found = phone.call(MEASURE, as_typed(card.expected))
                results += [Measured(phone.name, lang, card, side, mode, found[mode], found["breaks"])
                            for mode in ("light", "night")]
    return results


def contrast(fg: list[float], bg: list[float]) -> float:
    """The WCAG 2 contrast ratio of two opaque sRGB colours."""

    def luminance(rgb: list[float]) -> float:
        def channel(v: float) -> float:
            v /= 255
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(v) for v in rgb[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def report(failures: list[str]) -> str:
    return f"{len(failures)} failing:\n" + "\n".join(failures[:60])


def test_every_card_of_both_decks_is_checked_front_and_back_in_light_and_night_mode(measured, real_renderings):
    assert set(real_renderings) == {"ko", "en"}
    for lang, rendering in real_renderings.items():
        assert rendering.cards, f"the {lang} deck has no cards"
        mine = [m for m in measured if m.lang == lang]
        assert len(mine) == len(rendering.cards) * 2 * 2


def test_no_card_of_the_real_decks_has_a_rendering_problem(real_renderings):
    # An empty side, a blank that vanished, or a note Anki made no card from: what `dockdeck preview` lists.
    problems = [str(p) for r in real_renderings.values() for p in r.problems + [q for c in r.cards
                                                                                   for q in card_problems(c)]]
    assert not problems, report(problems)


def test_no_card_scrolls_sideways_on_a_360px_phone(measured):
    failures = [f"{m}: page is {m.page['scrollWidth']} px wide" for m in measured
                if m.page["scrollWidth"] > PHONE["width"]]
    assert not failures, report(failures)


def test_body_text_is_at_least_16px(measured):
    failures = [f"{m}: {t['size']} px: {t['text']!r}" for m in measured for t in m.page["texts"]
                if not t["code"] and t["size"] < MIN_TEXT_PX]
    assert not failures, report(failures)


def test_code_is_at_least_14px(measured):
    failures = [f"{m}: {t['size']} px: {t['text']!r}" for m in measured for t in m.page["texts"]
                if t["code"] and t["size"] < MIN_CODE_PX]
    assert not failures, report(failures)


def test_text_and_code_contrast_at_least_4_5_to_1_in_light_and_night_mode(measured):
    failures = []
    for m in measured:
        for t in m.page["texts"]:
            ratio = contrast(t["fg"], t["bg"])
            if ratio < MIN_CONTRAST:
                fg, bg = (tuple(round(v) for v in c[:3]) for c in (t["fg"], t["bg"]))
                failures.append(f"{m}: {ratio:.2f}:1, rgb{fg} on rgb{bg}: {t['text']!r}")
    assert not failures, report(failures)


def test_night_mode_really_changes_the_card_colours(measured):
    # Guards the contrast check: if the night classes matched no selector, night would just repeat light.
    fronts = {(m.lang, m.card.key, m.card.number, m.side): m for m in measured if m.mode == "light"}
    for m in measured:
        if m.mode == "night" and m.page["texts"]:
            light = fronts[(m.lang, m.card.key, m.card.number, m.side)]
            assert m.page["texts"][0]["bg"] != light.page["texts"][0]["bg"], str(m)


def test_lifecycle_picture_is_loaded_and_fits_the_phone_width(measured):
    shown = [(m, img) for m in measured for img in m.page["images"] if "lifecycle" in img["src"]]
    assert shown, "no card shows the lifecycle picture (cards/media/lifecycle.svg)"
    failures = [f"{m}: {img['src']} loaded={img['loaded']} {img['width']:.0f}x{img['height']:.0f} at "
                f"{img['left']:.0f}..{img['right']:.0f}" for m, img in shown
                if not (img["loaded"] and img["width"] > 0 and img["height"] > 0 and img["left"] >= 0
                        and img["right"] <= PHONE["width"])]
    assert not failures, report(failures)


def test_every_typing_card_shows_its_answer_box_and_a_corrected_answer(measured):
    typing = [m for m in measured if m.card.kind == "type"]
    assert len({(m.lang, m.card.key) for m in typing}) > 80, "both decks have a typing card per command card"
    failures = [str(m) for m in typing if m.side == "front" and len(m.page["inputs"]) != 1]
    failures += [str(m) for m in typing if m.side == "back" and not any(t["text"] == "↓" for t in m.page["texts"])]
    assert not failures, report(failures)


def test_the_answer_box_fits_a_360px_phone(measured):
    boxes = [(m, box) for m in measured for box in m.page["inputs"]]
    assert boxes
    failures = [f"{m}: box at {box['left']:.0f}..{box['right']:.0f}" for m, box in boxes
                if box["left"] < 0 or box["right"] > PHONE["width"] or box["width"] < PHONE["width"] * 0.8]
    assert not failures, report(failures)


def test_the_answer_box_text_is_big_enough_that_phones_do_not_zoom_in(measured):
    failures = [f"{m}: {box['size']} px" for m in measured for box in m.page["inputs"] if box["size"] < MIN_INPUT_PX]
    assert not failures, report(failures)


# Types as a keyboard does, through the engine's editing (each character an input event), the same in
# both engines; with ``at_start`` the caret first goes to the start of what is there.
TYPE = """(text, atStart) => {
  const box = document.getElementById('typeans');
  box.focus();
  if (atStart) box.setSelectionRange(0, 0);
  for (const ch of text) document.execCommand('insertText', false, ch);
  return {value: box.value, off: ['autocapitalize', 'autocorrect', 'spellcheck'].map(a => box.getAttribute(a))};
}"""


def test_phone_keyboard_substitutions_in_the_answer_box_are_put_back(real_renderings, phone):
    """Curly quotes, a long dash for "--" and "..." as one character: what an iPhone's Smart Punctuation types."""
    rendering = real_renderings["en"]
    card = next(c for c in rendering.cards if c.kind == "type")
    phone.load(card_document(card.question, card.number), media_uri(rendering))
    typed = phone.call(TYPE, "docker ps \u2014format \u2018x\u2019 \u201cy\u201d a\u2026", False)
    assert typed["value"] == "docker ps --format 'x' \"y\" a..."
    typed = phone.call(TYPE, "\u2018", True)
    assert typed["value"].startswith("'docker")  # the caret stays where the learner was typing
    assert typed["off"] == ["none", "off", "false"]


def test_no_line_breaks_inside_a_word(measured):
    """Not between two Latin letters or digits, nor inside a Korean word; after "/", "-", "·" or at a space is fine.

    A word wider than the card on its own has to break; none of the deck's is.
    """
    failures = [f"{m}: {b['word']}" for m in measured if m.mode == "light" for b in m.breaks]
    assert not failures, report(failures)


def test_the_broken_word_check_sees_a_latin_and_a_korean_word_split_across_lines(phone):
    # Guards the check above: a narrow box that breaks between any two letters must be caught.
    split = '<div style="width: 60px; word-break: break-all">containers and <b>ima</b>ges 컨테이너와 이미지</div>'
    phone.load(card_document(split, 1), "file:///")
    words = [b["word"] for b in phone.call(MEASURE, "")["breaks"]]
    assert any(re.fullmatch(r"[a-z]+\|[a-z]+", w) for w in words), words
    assert any(re.fullmatch(r"[가-힣]+\|[가-힣]+", w) for w in words), words


BREAK_HINTS = """\
deck: {ko: 이미지, en: Images}
cards:
  - id: base-image
    front: {ko: "`CMD`는 몇 개까지 쓸 수 있나요?", en: "How many `CMD` lines count?"}
    back: {ko: "마지막 하나. 라이브러리·패키지는 `컨테이너:경로`로 적는다.", en: "The last one"}
    source: https://docs.docker.com/get-started/docker-concepts/building-images/
"""


def test_line_break_hints_change_no_character_a_learner_sees(run_cli, make_cards, collection):
    cards = build_and_import(run_cli, make_cards({"a.yaml": BREAK_HINTS}), collection, lang="ko")
    ((card, question, answer),) = [c for c in cards if field_of(c[0], "Id") == "base-image"]
    assert "<wbr>" in answer and "dd-ko" in answer
    assert visible_lines(question) == ["CMD는 몇 개까지 쓸 수 있나요?"]
    assert visible_lines(answer)[1:] == ["마지막 하나. 라이브러리·패키지는 컨테이너:경로로 적는다.",
                                         "출처: docs.docker.com/get-started/docker-concepts/building-images"]


KOREAN_TABLE = """\
deck: {ko: 상태, en: States}
cards:
  - id: state-table
    front: {ko: "컨테이너를 멈추는 명령은?", en: "Which commands stop a container?"}
    back:
      ko: |
        | 상태 | 명령 | 설명 |
        | --- | --- | --- |
        | 일시 정지 | `docker pause` | 실행 중인 컨테이너의 모든 프로세스를 일시 정지한다 |
        | 중지 | `docker stop` | 메인 프로세스에 먼저 `SIGTERM`을 보낸다 |
      en: |
        | state | command | what it does |
        | --- | --- | --- |
        | paused | `docker pause` | freezes every process of a running container |
        | exited | `docker stop` | sends the main process `SIGTERM` first |
"""


def test_a_table_keeps_every_korean_word_of_its_cells_whole(phone, make_cards, tmp_path):
    cards = make_cards({"states.yaml": KOREAN_TABLE})
    rendering = render_with_anki(build_deck(cards, ("ko",)), "ko", tmp_path)
    (card,) = rendering.cards
    phone.load(card_document(card.answer, card.number), media_uri(rendering))
    found = phone.call(MEASURE, "")
    assert "<table>" in card.answer and found["light"]["scrollWidth"] <= PHONE["width"]
    assert not found["breaks"], found["breaks"]


def _light_share(png: bytes) -> float:
    """How much of a picture is light (relative luminance over one half)."""
    pixels = rgb_pixels(png)
    return sum(0.2126 * r + 0.7152 * g + 0.0722 * b > 127 for r, g, b in pixels) / len(pixels)


def test_the_lifecycle_picture_is_light_by_day_and_dark_at_night(phone, real_renderings):
    """No picture stays a light panel on the dark night card: the card's night mode, not the system's, decides."""
    shares = {}
    for lang, rendering in real_renderings.items():
        card = next(c for c in rendering.cards if "lifecycle" in c.answer and "<img" in c.answer)
        for night in (False, True):
            phone.load(card_document(card.answer, card.number, night=night), media_uri(rendering))
            shares[(lang, "night" if night else "day")] = _light_share(phone.screenshot('img[src*="lifecycle"]'))
    assert all(share > 0.7 for (_, when), share in shares.items() if when == "day"), shares
    assert all(share < 0.2 for (_, when), share in shares.items() if when == "night"), shares
