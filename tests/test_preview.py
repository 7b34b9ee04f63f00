"""`dockdeck preview`: one page with every card, front and back, as real Anki renders it."""

from __future__ import annotations

import html
import re
from pathlib import Path

from conftest import SETTINGS, elements, import_apkg, rendered_cards

CARDS = """\
deck: {ko: 컨테이너, en: Containers}
tags: [containers]
cards:
  - id: stop-signal
    front: {ko: "`docker stop`은 먼저 어떤 신호를 보내나요?", en: "Which signal does `docker stop` send first?"}
    back: {ko: "`SIGTERM`", en: "`SIGTERM`"}
    tags: [stop]
  - id: exec-shell
    command: docker exec -it <container> sh
    blanks: ["-it", "<container>"]
    meaning: {ko: 실행 중인 컨테이너 안에서 대화형 셸 열기, en: Open an interactive shell in a running container}
"""

IMAGES = """\
deck: {ko: 이미지, en: Images}
tags: [images]
cards:
  - id: layers
    front: {ko: "이미지는 무엇으로 이루어지나요?", en: "What is an image made of?"}
    back: {ko: "읽기 전용 레이어", en: "Read-only layers"}
    extra: "![layers](media/layers.svg)"
"""

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100"><rect width="400" height="100"/></svg>'


def frames(page: str) -> list[str]:
    """The card documents on the page, one per side, before the page's script puts their CSS back."""
    return [attrs["data-srcdoc"] for tag, attrs in elements(page) if tag == "iframe"]


def preview(run_cli, cards: Path, *args: str):
    out = cards.parent / "preview.html"
    result = run_cli("preview", "--cards", cards, "--out", out, *args)
    return result, out.read_text(encoding="utf-8") if out.exists() else None


def test_preview_writes_every_cards_front_and_back(run_cli, make_cards):
    result, page = preview(run_cli, make_cards({"a.yaml": CARDS}), "--lang", "en")
    assert result.exit_code == 0, result.output
    # stop-signal: 1 card; exec-shell: 2 blanks + 1 recall card.
    assert "4 cards" in result.output
    assert len(frames(page)) == 8


def test_preview_writes_the_first_language_to_dist_by_default(run_cli, make_cards, tmp_path, monkeypatch):
    cards = make_cards({"a.yaml": CARDS})
    monkeypatch.chdir(tmp_path)
    result = run_cli("preview", "--cards", cards)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "dist" / "preview-ko.html").read_text(encoding="utf-8")
    assert "대화형 셸" in page


def test_preview_shows_each_side_exactly_as_anki_renders_it(run_cli, make_cards, collection, browser_page):
    cards = make_cards({"a.yaml": CARDS})
    result, page = preview(run_cli, cards, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert run_cli("build", "--cards", cards, "--lang", "en").exit_code == 0
    import_apkg(collection, cards.parent / "dist" / "docker-en.apkg")
    browser_page.set_content(page)
    documents = browser_page.evaluate("Array.from(document.querySelectorAll('iframe.phone'), f => f.srcdoc)")
    assert len(documents) == 8
    for _card, question, answer in rendered_cards(collection):
        assert any(f">{question}</body>" in doc for doc in documents)
        assert any(f">{answer}</body>" in doc for doc in documents)


def test_preview_groups_cards_by_deck_in_teaching_order(run_cli, make_cards):
    cards = make_cards({"b.yaml": IMAGES, "a.yaml": CARDS, "media/layers.svg": SVG})
    result, page = preview(run_cli, cards, "--lang", "en")
    assert result.exit_code == 0, result.output
    decks = [attrs["data-deck"] for tag, attrs in elements(page) if tag == "section" and "data-deck" in attrs]
    assert decks == ["Docker::01 Images", "Docker::02 Containers"]


def test_preview_page_loads_nothing_from_anywhere(run_cli, make_cards):
    cards = make_cards({"b.yaml": IMAGES, "media/layers.svg": SVG})
    result, page = preview(run_cli, cards, "--lang", "en")
    assert result.exit_code == 0, result.output
    documents = [page] + frames(page)
    tags = [(tag, attrs) for doc in documents for tag, attrs in elements(doc)]
    assert not [tag for tag, attrs in tags if tag == "link" or (tag == "script" and "src" in attrs)]
    sources = [attrs["src"] for tag, attrs in tags if tag == "img"]
    assert sources and all(src.startswith("data:image/svg+xml;base64,") for src in sources)
    assert not any(re.search(r"@import|url\(\s*['\"]?(https?:)?//", doc) for doc in documents)


def test_preview_lists_an_empty_side_on_stderr_and_at_the_top_of_the_page(run_cli, make_cards):
    empty = CARDS + '  - id: blank-front\n    front: "&nbsp;"\n    back: "Something"\n'
    result, page = preview(run_cli, make_cards({"a.yaml": empty}), "--lang", "en")
    assert result.exit_code == 1
    expected = "a.yaml:12: blank-front card 1: the front is empty"
    assert expected in result.stderr
    problems = page.split('<section class="problems">', 1)[1].split("</section>", 1)[0]
    assert expected in html.unescape(problems)


def test_preview_stops_at_a_deletion_in_a_picture_before_rendering_it(run_cli, make_cards):
    in_alt = CARDS + '  - id: alt\n    cloze: "See ![a [[b]] c](media/layers.svg) here"\n'
    result, page = preview(run_cli, make_cards({"a.yaml": in_alt, "media/layers.svg": SVG}), "--lang", "en")
    assert result.exit_code == 1
    assert "a.yaml:13: cloze: deletion 1 [[b]] is inside a picture's description" in result.stderr


def test_a_cloze_front_that_anki_renders_without_its_blank_is_a_problem(collection):
    from generator.preview.checks import side_problems

    # What a deletion in a picture's description made before validation refused it: Anki puts
    # the blank into the attribute, where nobody sees it.
    note = collection.new_note(collection.models.by_name("Cloze"))
    note["Text"] = 'See <img alt="a {{c1::b}} c" src="layers.svg"> here'
    collection.add_note(note, collection.decks.id("Default"))
    (card,) = note.cards()
    assert "the front has no [...] blank: the deletion vanished" in side_problems(card.question(), "front", True)


def test_preview_of_invalid_cards_reports_them_and_writes_nothing(run_cli, make_cards):
    broken = CARDS + "  - id: Bad Id\n    front: x\n    back: y\n"
    result, page = preview(run_cli, make_cards({"a.yaml": broken}), "--lang", "en")
    assert result.exit_code == 1
    assert "a.yaml:12: id 'Bad Id' is not a lowercase slug" in result.stderr
    assert page is None


def test_card_css_stays_inside_its_frame(run_cli, make_cards, browser_page):
    result, page = preview(run_cli, make_cards({"a.yaml": CARDS}), "--lang", "en")
    browser_page.set_content(page)
    # Card CSS sets a 19 px font on .card; the page around the cards keeps its own.
    assert browser_page.evaluate("getComputedStyle(document.body).fontSize") == "16px"
    assert browser_page.evaluate("document.querySelectorAll('.dd').length") == 0
    assert browser_page.evaluate(
        "document.querySelector('iframe.phone').contentDocument.querySelectorAll('.dd').length") == 1


def test_night_switch_sets_anki_night_classes_on_every_card(run_cli, make_cards, browser_page):
    result, page = preview(run_cli, make_cards({"a.yaml": CARDS}), "--lang", "en")
    browser_page.set_content(page)
    browser_page.check("#night")
    classes = browser_page.evaluate("""Array.from(document.querySelectorAll('iframe.phone'))
        .map(f => f.contentDocument.body.className)""")
    assert len(classes) == 8
    assert all({"nightMode", "night_mode", "card"} <= set(c.split()) for c in classes)
    assert browser_page.evaluate("""getComputedStyle(document.querySelector('iframe.phone')
        .contentDocument.body).backgroundColor""") != "rgb(255, 255, 255)"


def visible_items(page) -> list[str]:
    return page.evaluate("""Array.from(document.querySelectorAll('article.item'))
        .filter(a => !a.closest('[hidden]')).map(a => a.querySelector('h3').firstChild.textContent.trim())""")


def test_filter_box_finds_cards_by_tag_deck_or_text(run_cli, make_cards, browser_page):
    cards = make_cards({"a.yaml": CARDS, "b.yaml": IMAGES, "media/layers.svg": SVG})
    result, page = preview(run_cli, cards, "--lang", "en")
    browser_page.set_content(page)
    browser_page.fill("#filter", "stop")
    assert visible_items(browser_page) == ["stop-signal"]
    browser_page.fill("#filter", "images")
    assert visible_items(browser_page) == ["layers"]
    browser_page.fill("#filter", "interactive shell")
    assert visible_items(browser_page) == ["exec-shell/cloze", "exec-shell/cloze", "exec-shell/recall"]
    assert browser_page.evaluate("document.querySelector('section[data-deck=\"Docker::02 Images\"]').hidden")
    browser_page.fill("#filter", "")
    assert len(visible_items(browser_page)) == 5


def test_preview_shows_a_typing_card_with_anki_s_answer_box_and_its_checked_answer(run_cli, make_cards):
    cards = make_cards({"a.yaml": CARDS}, settings=SETTINGS % "a.yaml" + "typing: true\n")
    result, page = preview(run_cli, cards, "--lang", "en")
    assert result.exit_code == 0, result.output
    front, back = [doc for doc in frames(page) if "Type the command" in doc]
    assert [tag for tag, attrs in elements(front) if attrs.get("id") == "typeans"] == ["input"]
    assert "[[type:" not in front + back
    assert '<span class=typeGood>docker exec -it &lt;container&gt; sh</span>' in back


def test_cloze_markup_written_as_text_passes_preview_as_it_passes_check(run_cli, make_cards):
    shown = CARDS + '  - id: anki-syntax\n    front: "Anki\'s own cloze syntax?"\n    back: "{{c1::Paris}} is the capital"\n'
    cards = make_cards({"a.yaml": shown})
    assert run_cli("check", "--cards", cards, "--lang", "en").exit_code == 0
    result, page = preview(run_cli, cards, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert any("{{c1::Paris}} is the capital" in html.unescape(doc) for doc in frames(page))


def test_preview_lists_cloze_markup_that_anki_left_unconsumed():
    from generator.preview.checks import side_problems

    assert side_problems("<div>{{c1::Paris}} is the capital</div>", "front", False) == [
        "the front shows cloze markup '{{c1::'"]
    assert side_problems("<div>&#123;&#123;c1::Paris&#125;&#125; is the capital</div>", "front", False) == []


def _frames_loaded(page) -> None:
    page.wait_for_function("""Array.from(document.querySelectorAll('iframe.phone'))
        .every(f => f.contentDocument && f.contentDocument.readyState === 'complete' && f.style.height)""")


def test_no_card_frame_shows_a_scrollbar(run_cli, make_cards, browser_page):
    cards = make_cards({"a.yaml": CARDS, "b.yaml": IMAGES, "media/layers.svg": SVG})
    result, page = preview(run_cli, cards, "--lang", "en")
    browser_page.set_content(page)
    _frames_loaded(browser_page)
    overflow = browser_page.evaluate("""Array.from(document.querySelectorAll('iframe.phone'), f =>
        f.contentDocument.documentElement.scrollHeight - f.contentDocument.documentElement.clientHeight)""")
    assert overflow and all(extra <= 0 for extra in overflow), overflow


def test_the_page_does_not_scroll_sideways_on_a_phone_or_a_400px_window_with_a_scrollbar(run_cli, make_cards,
                                                                                          browser_page):
    result, page = preview(run_cli, make_cards({"a.yaml": CARDS}), "--lang", "en")
    # 360 px: a phone; a 400 px desktop window whose scrollbar takes 15 px or more leaves less than 385.
    browser_page.set_viewport_size({"width": 360, "height": 800})
    browser_page.set_content(page)
    _frames_loaded(browser_page)
    widths = browser_page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], widths


def _opener(folder: Path, script: str) -> str:
    """A PATH whose xdg-open (and macOS open) runs ``script``: the desktop's opener, as a stand-in."""
    folder.mkdir()
    for name in ("xdg-open", "open"):
        (folder / name).write_text("#!/bin/sh\n" + script, encoding="utf-8")
        (folder / name).chmod(0o755)
    return f"{folder}:/usr/bin:/bin"


def test_preview_open_without_a_browser_exits_1_and_says_to_open_the_page(run_cli, make_cards, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", _opener(tmp_path / "bin", 'echo "xdg-open: no method available" >&2\nexit 3\n'))
    cards = make_cards({"a.yaml": CARDS})
    result, page = preview(run_cli, cards, "--lang", "en", "--open")
    assert result.exit_code == 1 and page is not None
    assert "no web browser opened" in result.output and "no method available" in result.output


def test_preview_open_with_a_browser_exits_0(run_cli, make_cards, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", _opener(tmp_path / "bin", f'echo "$1" > {tmp_path}/opened\n'))
    result, page = preview(run_cli, make_cards({"a.yaml": CARDS}), "--lang", "en", "--open")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "opened").read_text().strip().endswith("preview.html")


def test_the_install_hint_of_an_installed_dockdeck_does_not_speak_of_uv_sync(tmp_path):
    from generator.preview.collection import install_hint

    installed = tmp_path / "site-packages" / "generator"
    installed.mkdir(parents=True)
    assert "uv sync" not in install_hint(installed) and "dockdeck[preview]" in install_hint(installed)
    assert "uv sync --extra preview" in install_hint()  # this checkout
