"""Nothing hidden, nothing disguised: source links, invisible characters, tags and the root deck's name."""

from __future__ import annotations

import pytest
from conftest import CONTAINERS, SETTINGS, build_and_import, build_lang, field_of, import_apkg, visible_text

ONE_CARD = """\
deck: {ko: 컨테이너, en: Containers}
cards:
  - id: stop-signal
    front: {ko: 앞, en: "FRONT"}
    back: {ko: 뒤, en: back}
    source: "SOURCE"
"""


def card_with(front: str = "front", source: str = "https://docs.docker.com/") -> str:
    return ONE_CARD.replace('"FRONT"', front).replace('"SOURCE"', source)


def check_output(run_cli, cards, *args: str):
    result = run_cli("check", "--cards", cards, *args)
    assert "Traceback" not in result.output
    return result


def refused_at(run_cli, cards, line: int, why: str) -> str:
    result = check_output(run_cli, cards)
    assert result.exit_code == 1, result.output
    (problem,) = [p for p in result.output.splitlines() if p.startswith(f"{cards / 'a.yaml'}:{line}: ")]
    assert why in problem, problem
    return problem


def source_label(run_cli, make_cards, collection, source: str) -> str:
    cards = make_cards({"a.yaml": card_with(source=f'"{source}"')})
    ((card, _, _),) = build_and_import(run_cli, cards, collection)
    return visible_text(field_of(card, "Source"))


# --- source: links -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "why"), [
    ("https://docs.docker.com/\\u202egnp.exe", "U+202E"),
    ("https://docs.docker.com/a\\u200bb", "U+200B"),
    ("https://docs.docker.com/\\u2066x", "U+2066"),
    ("https://d\\u043e\\u0441s.docker.com/", "mixes scripts"),  # Cyrillic о and с among Latin letters
    ("https://xn--ds-fmcm.docker.com/", "mixes scripts"),  # the same host, written as punycode
    ("https://user:secret@docs.docker.com/", "user name or password"),
    ("https://docs.docker.com@example.com/", "user name or password"),
])
def test_a_disguised_source_link_is_refused_at_its_line(source, why, run_cli, make_cards):
    cards = make_cards({"a.yaml": card_with(source=f'"{source}"')})
    refused_at(run_cli, cards, 6, why)


def test_a_source_link_in_capitals_is_accepted_and_shown_as_written(run_cli, make_cards, collection):
    assert source_label(run_cli, make_cards, collection, "HTTPS://DOCS.DOCKER.COM/Engine/") == \
        "DOCS.DOCKER.COM/Engine"


def test_a_non_ascii_host_is_shown_as_the_address_it_really_is(run_cli, make_cards, collection):
    label = source_label(run_cli, make_cards, collection, "https://\u0430\u0440\u0440\u04cf\u0435.com/docs")
    assert label == "\u0430\u0440\u0440\u04cf\u0435".encode("idna").decode() + ".com/docs"


def test_a_korean_host_is_accepted(run_cli, make_cards):
    cards = make_cards({"a.yaml": card_with(source='"https://도커.한국/문서"')})
    assert check_output(run_cli, cards).exit_code == 0


# --- invisible characters in texts ---------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\\u200b", "\\u2060", "\\ufeff", "\\U000e0001", "\\U000e0041", "\\u3164",
                                  "\\u200e", "\\u200d", "\\u200c"])
def test_an_invisible_character_in_a_text_is_refused_at_its_line(char, run_cli, make_cards):
    cards = make_cards({"a.yaml": card_with(front=f'"doc{char}ker"')})
    refused_at(run_cli, cards, 4, "invisible")


@pytest.mark.parametrize("text", [
    "\U0001f469\u200d\U0001f4bb docker",  # woman technologist: an emoji joined by U+200D
    "\u2764\ufe0f\u200d\U0001f525",  # heart on fire, after a variation selector
    "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # the flag of Scotland: tag characters
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: a zero-width non-joiner inside a word
    "\u0915\u094d\u200d\u0937",  # Devanagari: a joiner after a virama
    "컨테이너를 실행한다",
])
def test_joiners_that_a_script_or_an_emoji_needs_are_kept(text, run_cli, make_cards, collection):
    cards = make_cards({"a.yaml": card_with(front=f'"{text}"')})
    ((card, _, _),) = build_and_import(run_cli, cards, collection)
    assert text in visible_text(field_of(card, "Front"))


def test_an_invisible_character_in_a_command_is_refused(run_cli, make_cards):
    cards = make_cards({"a.yaml": CONTAINERS.replace("docker exec -it", "docker exec -\u200bit")})
    refused_at(run_cli, cards, 7, "invisible")


# --- tags ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tag", ["'::'", "'a::'", "'::b'", "'a::::b'"])
def test_a_tag_with_an_empty_part_is_refused_at_its_line(tag, run_cli, make_cards):
    cards = make_cards({"a.yaml": ONE_CARD.replace('    source: "SOURCE"\n', f"    tags: [{tag}]\n")
                        .replace('"FRONT"', "front")})
    refused_at(run_cli, cards, 6, "empty part")


def test_a_tag_with_an_invisible_character_is_refused(run_cli, make_cards):
    cards = make_cards({"a.yaml": ONE_CARD.replace('    source: "SOURCE"\n', '    tags: ["run\\u200b"]\n')
                        .replace('"FRONT"', "front")})
    refused_at(run_cli, cards, 6, "U+200B")


def test_a_tag_hierarchy_is_kept(run_cli, make_cards, collection):
    cards = make_cards({"a.yaml": ONE_CARD.replace('    source: "SOURCE"\n', "    tags: ['docker::run']\n")
                        .replace('"FRONT"', "front")})
    ((card, _, _),) = build_and_import(run_cli, cards, collection)
    assert card.note().tags == ["docker::run"]


# --- a root deck named Default -------------------------------------------------------------------------------

DEFAULT_WARNING = "root_deck (en) 'default' is Anki's own Default deck"


def default_deck(make_cards):
    settings = SETTINGS.replace("en: Docker}", "en: default}")
    return make_cards({"a.yaml": card_with()}, settings=settings % "a.yaml")


def test_a_root_deck_named_default_merges_into_anki_s_own_default_deck(run_cli, make_cards, collection, tmp_path):
    """Why the warning below exists: Anki's Default deck (id 1) takes the cards."""
    import_apkg(collection, build_lang(run_cli, default_deck(make_cards), tmp_path / "dist"))
    assert collection.decks.id_for_name("Default") == 1
    assert "Default::01 Containers" in collection.decks.all_names()


def test_check_warns_of_a_root_deck_named_default(run_cli, make_cards):
    cards = default_deck(make_cards)
    result = check_output(run_cli, cards)
    assert result.exit_code == 0
    assert f"{cards / 'dockdeck.yaml'}:3: {DEFAULT_WARNING}" in result.output
    assert "1 warning" in result.output


def test_check_strict_fails_on_a_root_deck_named_default(run_cli, make_cards):
    cards = default_deck(make_cards)
    result = check_output(run_cli, cards, "--strict")
    assert result.exit_code == 1
    assert f"{cards / 'dockdeck.yaml'}:3: {DEFAULT_WARNING}" in result.output


def test_build_warns_of_a_root_deck_named_default_and_builds(run_cli, make_cards, tmp_path):
    cards = default_deck(make_cards)
    result = run_cli("build", "--cards", cards, "--out", tmp_path / "dist")
    assert result.exit_code == 0, result.output
    assert f"{cards / 'dockdeck.yaml'}:3: {DEFAULT_WARNING}" in result.output
    assert (tmp_path / "dist" / "docker-en.apkg").exists()


def test_a_rebuild_with_nothing_changed_warns_again(run_cli, make_cards, tmp_path):
    cards = default_deck(make_cards)
    for _ in range(2):  # the second build is answered by the build record
        result = run_cli("build", "--cards", cards, "--out", tmp_path / "dist")
        assert result.exit_code == 0, result.output
        assert f"{cards / 'dockdeck.yaml'}:3: {DEFAULT_WARNING}" in result.output
