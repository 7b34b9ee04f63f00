"""An SVG picture whose style fetches, written with CSS escapes or image-set(), is refused like a plain one.

Each payload is first shown to be live: Chromium, opening the SVG file directly, asks a web server on the
loopback address for it. Then `dockdeck check` and `build` must refuse the same picture.
"""

from __future__ import annotations

import pytest

TOPIC = """\
deck: {ko: 그림, en: Pictures}
cards:
  - id: pic
    front: {ko: 앞, en: front}
    back: "![x](media/p.svg)"
"""

PAYLOADS = {
    "escaped @import": '<style>@\\69mport "{base}/import.css";</style>',
    "escaped url()": '<style>svg {{ background-image: u\\72l({base}/url.png); }}</style>',
    "image-set()": '<style>svg {{ background-image: image-set("{base}/set.png" 1x); }}</style>',
    "escaped url() in a style attribute": '<rect width="10" height="10" style="fill: u\\72l({base}/attr.svg#g)"/>',
}


def svg(body: str) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{body}<rect width="5" height="5"/></svg>'


@pytest.mark.parametrize("name", sorted(set(PAYLOADS) - {"escaped url() in a style attribute"}))
def test_chromium_fetches_the_payload_when_the_svg_is_opened_directly(name, observer, browser_page, tmp_path):
    base, seen = observer
    path = tmp_path / "p.svg"
    path.write_text(svg(PAYLOADS[name].format(base=base)), encoding="utf-8")
    browser_page.goto(path.as_uri())
    browser_page.wait_for_timeout(300)
    assert seen, f"Chromium did not fetch the {name} payload"


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_an_svg_whose_style_fetches_through_escapes_or_image_set_is_refused(name, run_cli, make_cards, tmp_path):
    picture = svg(PAYLOADS[name].format(base="https://example.com"))
    cards = make_cards({"a.yaml": TOPIC, "media/p.svg": picture})
    out = tmp_path / "dist"
    for args in (("check", "--cards", cards), ("build", "--cards", cards, "--out", out)):
        result = run_cli(*args)
        assert result.exit_code == 1, result.output
        assert f"{cards / 'a.yaml'}:3: media 'media/p.svg'" in result.output
        assert "Traceback" not in result.output
    assert not out.exists()


def test_an_svg_with_escaped_local_references_is_still_packed(run_cli, make_cards, tmp_path):
    body = ('<defs><linearGradient id="g"/></defs><style>rect { fill: u\\72l(#g); }</style>'
            '<rect width="1" height="1" style="fill: url( \'\\23 g\' )"/>')
    cards = make_cards({"a.yaml": TOPIC, "media/p.svg": svg(body)})
    result = run_cli("build", "--cards", cards, "--out", tmp_path / "dist", "--lang", "en")
    assert result.exit_code == 0, result.output
