"""The preview page fetches nothing, even if a card carried an outside reference that the checks missed."""

from __future__ import annotations

from pathlib import Path

from test_preview import CARDS, preview

from generator.preview.collection import AnkiRendering, RenderedCard
from generator.preview.page import preview_page


def _card(markup: str) -> RenderedCard:
    return RenderedCard(key="leaky", number=1, kind="basic", deck="Docker::Leaks", tags=(), path="a.yaml", line=3,
                        question=markup, answer=markup)


def leaky_markup(base: str) -> str:
    return (f'<style>@import url("{base}/import.css"); .card {{ background: url({base}/background.png); }}'
            f'@font-face {{ font-family: X; src: url({base}/font.woff2); }} .card {{ font-family: X; }}</style>'
            f'<link rel="stylesheet" href="{base}/link.css"><img src="{base}/img.png">'
            f'<div class="card">text</div>')


def open_page(phone_browser, path: Path) -> list[str]:
    """Open the page from its file, as `preview --open` does; the addresses the browser got an answer from
    (Chromium announces a request that the page's policy then blocks, so announced is not fetched)."""
    page = phone_browser.new_page()
    asked: list[str] = []
    page.on("requestfinished", lambda request: asked.append(request.url))
    try:
        page.goto(path.as_uri())
        page.wait_for_timeout(500)
        frames = page.evaluate("document.querySelectorAll('iframe.phone').length")
        assert frames == 2
    finally:
        page.close()
    return [url for url in asked if not url.startswith(("file:", "data:", "about:"))]


def test_a_preview_page_with_outside_references_makes_no_request(observer, phone_browser, tmp_path):
    base, seen = observer
    rendering = AnkiRendering(lang="en", cards=[_card(leaky_markup(base))], decks=["Docker::Leaks"])
    path = tmp_path / "preview.html"
    path.write_text(preview_page(rendering, [], {}, "leaky") + f'<img src="{base}/page.png">', encoding="utf-8")
    asked = open_page(phone_browser, path)
    assert seen == [] and asked == []


def test_the_observer_sees_the_same_references_without_the_page_s_policy(observer, phone_browser, tmp_path):
    """The same markup in a page of its own is fetched: the test above would catch a page that leaks."""
    base, seen = observer
    path = tmp_path / "plain.html"
    path.write_text(f"<!doctype html><html><body>{leaky_markup(base)}"
                    '<iframe class="phone"></iframe><iframe class="phone"></iframe></body></html>', encoding="utf-8")
    open_page(phone_browser, path)
    assert {"/import.css", "/link.css", "/img.png"} <= set(seen)


def test_a_preview_page_still_shows_its_pictures_styles_and_filter(run_cli, make_cards, browser_page):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"><rect width="200" height="50"/></svg>'
    cards = make_cards({"a.yaml": CARDS + '  - id: pic\n    front: "![p](media/p.svg)"\n    back: b\n',
                        "media/p.svg": svg})
    result, page = preview(run_cli, cards, "--lang", "en")
    assert result.exit_code == 0, result.output
    path = cards.parent / "preview.html"
    errors: list[str] = []
    browser_page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    browser_page.goto(path.as_uri())
    browser_page.wait_for_function("document.getElementById('shown').textContent.length > 0")
    assert browser_page.evaluate("document.getElementById('shown').textContent") == "5 of 5 cards"
    widths = browser_page.evaluate("""Array.from(document.querySelectorAll('iframe.phone'),
        f => Array.from(f.contentDocument.images, i => i.naturalWidth)).flat()""")
    assert widths == [200, 200]
    assert browser_page.evaluate(
        "getComputedStyle(document.querySelector('iframe.phone').contentDocument.body).fontSize") != "16px"
    browser_page.fill("#filter", "#nothing-has-this")
    assert browser_page.evaluate("document.getElementById('shown').textContent") == "0 of 5 cards"
    assert errors == []
