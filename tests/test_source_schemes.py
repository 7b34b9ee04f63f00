"""A card's `source:` is an http or https link, in any case: `check`, the editor schema and the README say
the same, and Anki shows it on the back as host and path."""

from __future__ import annotations

import re

import pytest
from conftest import REPO, import_apkg, visible_text

from generator.sources.format import KEY_HELP, URL_PATTERN

TOPIC = "deck: {en: A}\ncards:\n  - id: q\n    front: Q\n    back: A\n    source: %s\n"
SETTINGS = "name: demo\nlanguages: [en]\nroot_deck: Demo\nfiles: [a.yaml]\n"


@pytest.mark.parametrize("url", ["http://example.com/x", "https://example.com/x", "HTTPS://example.com/x"])
def test_an_http_or_https_source_is_taken_by_check_and_the_schema_and_shown_in_anki(run_cli, make_cards, collection,
                                                                                      tmp_path, url):
    cards = make_cards({"a.yaml": TOPIC % url}, settings=SETTINGS)
    result = run_cli("build", "--cards", cards, "--out", tmp_path / "dist")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(URL_PATTERN, url)
    import_apkg(collection, tmp_path / "dist" / "demo-en.apkg")
    (cid,) = collection.find_cards("")
    assert "Source: example.com/x" in visible_text(collection.get_card(cid).answer())


@pytest.mark.parametrize("url", ["ftp://example.com/x", "javascript:alert(1)", "example.com/x"])
def test_another_scheme_is_refused_by_check_and_the_schema(run_cli, make_cards, url):
    result = run_cli("check", "--cards", make_cards({"a.yaml": TOPIC % url}, settings=SETTINGS))
    assert result.exit_code == 1 and "source must be one http(s) URL" in result.stderr, result.output
    assert not re.fullmatch(URL_PATTERN, url)


def test_the_readme_and_the_editor_help_name_both_schemes():
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert "`http://` or `https://`, in any case (`HTTPS://`)" in readme
    assert "http or https URL" in KEY_HELP["source"]
