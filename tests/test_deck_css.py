"""The deck's own `css:` file goes into every note type: it may style cards, never end the style or fetch."""

from __future__ import annotations

import pytest
from conftest import CONTAINERS, SETTINGS, build_lang, import_apkg

CSS_SETTINGS = SETTINGS % "a.yaml" + "css: style.css\n"


def css_deck(make_cards, css: str):
    return make_cards({"a.yaml": CONTAINERS, "style.css": css}, settings=CSS_SETTINGS)


def refused(run_cli, cards, tmp_path) -> list[str]:
    """Both check and build fail on the css file and write nothing; the problem lines."""
    out = tmp_path / "dist"
    for args in (("check", "--cards", cards), ("build", "--cards", cards, "--out", out)):
        result = run_cli(*args)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
    assert not out.exists()
    return [line for line in result.output.splitlines() if line.startswith(str(cards / "style.css"))]


@pytest.mark.parametrize(("css", "line", "why"), [
    (".card {}\n.x{}</style><script>alert(1)</script><style>\n", 2, "contains '<'"),
    (".card {}\n\n@import url(https://example.com/x.css);\n", 3, "@import"),
    ('@import "https://example.com/x.css";\n', 1, "@import"),
    ("@\\69mport 'https://example.com/x.css';\n", 1, "@import"),
    ("@IM\\50 ORT 'https://example.com/x.css';\n", 1, "@import"),
    ("@im/**/port 'https://example.com/x.css';\n", 1, "@import"),
    (".card {\n  background: url(https://example.com/x.png);\n}\n", 2, "'https://example.com/x.png'"),
    (".card { background: URL( 'HTTPS://example.com/x.png' ) }\n", 1, "'HTTPS://example.com/x.png'"),
    (".card { background: u\\72l(https://example.com/x.png) }\n", 1, "'https://example.com/x.png'"),
    (".card { background: u\\000072 l(https://example.com/x.png) }\n", 1, "'https://example.com/x.png'"),
    (".card { background: url(https\\:\\/\\/example.com/x.png) }\n", 1, "'https://example.com/x.png'"),
    (".card { background: url(//example.com/x.png) }\n", 1, "'//example.com/x.png'"),
    (".card { background: url(\\\\example.com/x.png) }\n", 1, "'\\\\example.com/x.png'"),
    (".card { background: url(/etc/x.png) }\n", 1, "'/etc/x.png'"),
    (".card { background: url(file:///etc/x.png) }\n", 1, "'file:///etc/x.png'"),
    (".card { background: url(data:text/html,b) }\n", 1, "'data:text/html,b'"),
    (".card { background: url(data:text/html;base64,PGI+) }\n", 1, "'data:text/html;base64,PGI+'"),
    ('.card { background: image-set("https://example.com/x.png" 1x) }\n', 1, "image-set("),
    ('.card { background: -webkit-image-set("https://example.com/x.png" 1x) }\n', 1, "image-set("),
    ('.card { content: "/*"; }\n@import url(https://example.com/x.css); /* */\n', 2, "@import"),
    ('/* a comment\n */ .card { background: url(\n  "https://example.com/x.png") }\n', 2, "'https://example.com/x.png'"),
    ("/* @import url(https://example.com/x.css); kept for later */\n", 1, "@import"),
])
def test_a_css_file_that_could_end_the_style_or_fetch_is_refused_at_its_line(css, line, why, run_cli, make_cards,
                                                                            tmp_path):
    cards = css_deck(make_cards, css)
    (problem,) = refused(run_cli, cards, tmp_path)
    assert problem.startswith(f"{cards / 'style.css'}:{line}: "), problem
    assert why in problem, problem


def test_a_comment_opened_inside_an_unquoted_url_hides_nothing(run_cli, make_cards, tmp_path):
    """To a browser `/*` inside `url(...)` is part of the address, so the rule between is live."""
    cards = css_deck(make_cards, ".a { background: url(x/*) }\n.c { background: url(https://example.com/x.png) }\n"
                                 ".b { c: url(*/) }\n")
    problems = refused(run_cli, cards, tmp_path)
    assert any(p.startswith(f"{cards / 'style.css'}:2: url('https://example.com/x.png')") for p in problems), problems


def test_every_bad_line_of_a_css_file_is_reported_in_one_run(run_cli, make_cards, tmp_path):
    cards = css_deck(make_cards, "@import 'a.css';\n.card {}\n.x { background: url(http://example.com/b.png) }\n")
    problems = refused(run_cli, cards, tmp_path)
    assert [p.split(": ", 1)[0].rsplit(":", 1)[1] for p in problems] == ["1", "3"]


@pytest.mark.parametrize("css", [
    '@font-face { font-family: Deck; src: url("_deck-font.woff2") format("woff2"), local(Arial); }\n',
    ".card { background: url('data:image/svg+xml;base64,PHN2Zy8+') }\n",
    "@font-face { font-family: D; src: url(data:font/woff2;base64,d09GMgABAAAA) }\n",
    ".card { filter: url(#soft); }\n",
    '.card::after { content: "a > b"; }\n',
])
def test_a_css_file_with_local_fonts_data_urls_and_plain_rules_is_packed(css, run_cli, make_cards, collection,
                                                                        tmp_path):
    cards = css_deck(make_cards, css)
    import_apkg(collection, build_lang(run_cli, cards, tmp_path / "dist"))
    assert all(css.strip() in model["css"] for model in collection.models.all() if model["name"].startswith("dockdeck"))
