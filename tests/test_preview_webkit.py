"""`dockdeck preview --engine webkit`: every card laid out in WebKit, the engine AnkiMobile shows cards in."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONTAINERS, SETTINGS

import generator.preview.webkit as webkit
from generator.preview.webkit import start_xvfb

# The deck's own style breaks every word wherever a line ends, and makes one card wider than a phone.
BREAKING_STYLE = ".dd-back { word-break: break-all; }\n.dd-extra { width: 420px; }\n"
LONG_BACK = CONTAINERS + """\
  - id: stop-grace
    front: {ko: "`docker stop`은 얼마나 기다리나요?", en: "How long does `docker stop` wait?"}
    back:
      ko: "기본으로 10초 동안 기다린 뒤 SIGKILL을 보내서 메인 프로세스를 강제로 끝낸다"
      en: "Ten seconds by default, then it sends SIGKILL to end the main process for good"
    extra: {ko: "`--time`으로 바꾼다", en: "Change it with `--time`"}
"""


def preview(run_cli, cards: Path, *args: str):
    out = cards.parent / "preview.html"
    result = run_cli("preview", "--cards", cards, "--out", out, "--engine", "webkit", *args)
    return result, out.read_text(encoding="utf-8") if out.exists() else None


def breaking_deck(make_cards) -> Path:
    return make_cards({"a.yaml": LONG_BACK, "style.css": BREAKING_STYLE}, settings=SETTINGS % "a.yaml" + "css: style.css\n")


def test_a_deck_that_lays_out_well_in_webkit_gets_no_problem(run_cli, make_cards):
    result, page = preview(run_cli, make_cards({"a.yaml": LONG_BACK}), "--lang", "ko")
    assert result.exit_code == 0, result.output
    assert "4 cards" in result.output and 'class="problems"' not in page  # two basic, a cloze (-it) and a recall


def test_a_word_webkit_breaks_across_two_lines_is_listed_on_stderr_and_on_the_page(run_cli, make_cards):
    result, page = preview(run_cli, breaking_deck(make_cards), "--lang", "en")
    assert result.exit_code == 1
    listed = [line for line in result.stderr.splitlines() if "WebKit breaks a word across two lines" in line]
    assert len(listed) == 1
    assert "a.yaml:9: stop-grace card 1: WebKit breaks a word across two lines on the back (at |)" in listed[0]
    assert "WebKit breaks a word across two lines on the back" in page


def test_a_card_wider_than_the_phone_in_webkit_is_listed(run_cli, make_cards):
    result, _ = preview(run_cli, breaking_deck(make_cards), "--lang", "en")
    assert result.exit_code == 1
    assert "stop-grace card 1: the back is 434 px wide in WebKit, so it scrolls sideways on a 360 px phone" in \
        result.stderr


def test_without_webkit_the_preview_says_how_to_install_it(run_cli, make_cards, monkeypatch, tmp_path):
    monkeypatch.setattr(webkit, "SYSTEM_PYTHON", tmp_path / "no-python3")
    result, page = preview(run_cli, make_cards({"a.yaml": CONTAINERS}), "--lang", "en")
    assert result.exit_code == 1 and page is None
    assert "dockdeck preview --engine webkit:" in result.stderr
    assert "apt-get install --no-install-recommends gir1.2-webkit2-4.1 python3-gi-cairo xvfb" in result.stderr
    assert "Traceback" not in result.output


@pytest.fixture
def desktop(monkeypatch) -> object:
    """A display of the test's own, as the user's desktop: windows opened on it end when it does."""
    server, display = start_xvfb()
    monkeypatch.setenv("DISPLAY", display)
    yield display
    server.terminate()
    server.wait()


def test_open_shows_the_page_in_a_webkit_window(run_cli, make_cards, desktop):
    result, page = preview(run_cli, make_cards({"a.yaml": CONTAINERS}), "--lang", "en", "--open")
    # dockdeck waits for the window to say the page loaded; a failure would exit 1 and say why.
    assert result.exit_code == 0, result.output
    assert page is not None


def test_open_without_a_display_says_to_open_the_page_yourself(run_cli, make_cards, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result, page = preview(run_cli, make_cards({"a.yaml": CONTAINERS}), "--lang", "en", "--open")
    assert result.exit_code == 1 and page is not None
    assert "no WebKit window opened it (there is no display to open a window on" in result.stderr


def test_the_preview_page_shows_every_card_in_webkit(run_cli, make_cards, webkit_phone):
    cards = make_cards({"a.yaml": CONTAINERS})
    result, page = preview(run_cli, cards, "--lang", "en")
    assert result.exit_code == 0, result.output
    webkit_phone.load(page, cards.parent.as_uri() + "/")
    shown = webkit_phone.call("""async () => {
        const frames = Array.from(document.querySelectorAll('iframe.phone'));
        const ready = () => frames.every(f => f.contentDocument && f.contentDocument.querySelector('.dd'));
        for (let i = 0; i < 200 && !ready(); i++) await new Promise(done => setTimeout(done, 25));
        return frames.map(f => [!!f.contentDocument.querySelector('.dd'), f.contentDocument.body.className,
                                f.offsetHeight]);
    }""")
    assert len(shown) == 6  # front and back of three cards: the basic, the cloze of -it, the recall
    assert all(card and classes.startswith("card card") and height > 60 for card, classes, height in shown), shown
