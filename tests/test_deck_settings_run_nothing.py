"""Settings from a cloned deck (`description`, `root_deck`, the `css:` file) never run script or fetch in Anki."""

from __future__ import annotations

import pytest
from conftest import CONTAINERS, SETTINGS, active_content, build_lang, import_apkg, visible_text

SCRIPTS = "<script>alert(2)</script><img src=x onerror=alert(3)>"


def settings_with(extra: str) -> str:
    return SETTINGS % "a.yaml" + extra


def root_deck(collection) -> dict:
    return collection.decks.by_name("Docker")


def test_the_description_is_escaped_and_runs_nothing_in_anki(run_cli, make_cards, collection, tmp_path):
    cards = make_cards({"a.yaml": CONTAINERS},
                       settings=settings_with(f"description: {{ko: 설명, en: '{SCRIPTS} Learn **Docker**'}}\n"))
    import_apkg(collection, build_lang(run_cli, cards, tmp_path / "dist"))
    desc = root_deck(collection)["desc"]
    assert active_content(desc) == []
    assert "<script>alert(2)</script>" in visible_text(desc)  # shown as written
    assert not root_deck(collection).get("md")  # Anki shows it as HTML, so it must be safe HTML


def test_the_description_is_markdown_lite_like_every_text(run_cli, make_cards, collection, tmp_path):
    cards = make_cards({"a.yaml": CONTAINERS},
                       settings=settings_with("description: {ko: 설명, en: 'Learn **Docker**, `docker ps` first'}\n"))
    import_apkg(collection, build_lang(run_cli, cards, tmp_path / "dist"))
    desc = root_deck(collection)["desc"]
    assert "<strong>Docker</strong>" in desc and "<code>docker ps</code>" in desc


def test_a_picture_in_the_description_is_refused_with_its_line(run_cli, make_cards):
    cards = make_cards({"a.yaml": CONTAINERS},
                       settings=settings_with("description:\n  ko: 설명\n  en: '![x](media/x.svg)'\n"))
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 1
    assert f"{cards / 'dockdeck.yaml'}:5: description (en) shows a picture" in result.output


@pytest.mark.parametrize("name", ["<img src=x onerror=alert(1)>", "Docker <b>", "a > b"])
def test_a_deck_name_with_markup_characters_is_refused_with_its_line(name, run_cli, make_cards, tmp_path):
    """Anki before 25.06 wrote the deck's name into its overview page as HTML, so `<` and `>` could run there."""
    settings = SETTINGS.replace("root_deck: {ko: 도커, en: Docker}", f"root_deck: {{ko: 도커, en: '{name}'}}")
    cards = make_cards({"a.yaml": CONTAINERS}, settings=settings % "a.yaml")
    out = tmp_path / "dist"
    result = run_cli("build", "--cards", cards, "--out", out)
    assert result.exit_code == 1
    assert f"{cards / 'dockdeck.yaml'}:3: root_deck (en) {name!r} contains '<' or '>'" in result.output
    assert not out.exists()


def test_a_sub_deck_name_with_markup_characters_is_refused_with_its_line(run_cli, make_cards):
    cards = make_cards({"a.yaml": CONTAINERS.replace("en: Containers", "en: '<svg onload=alert(1)>'")})
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 1
    assert f"{cards / 'a.yaml'}:1: deck (en) '<svg onload=alert(1)>' contains '<' or '>'" in result.output


def test_a_deck_name_is_stored_in_anki_exactly_as_written(run_cli, make_cards, collection, tmp_path):
    settings = SETTINGS.replace("en: Docker}", "en: 'Q&A \"Docker\"'}")
    cards = make_cards({"a.yaml": CONTAINERS}, settings=settings % "a.yaml")
    import_apkg(collection, build_lang(run_cli, cards, tmp_path / "dist"))
    assert 'Q&A "Docker"::01 Containers' in collection.decks.all_names()  # numbered: teaching order
