"""What `build` prints names its two kinds of card apart: the Anki cards a deck holds, and the cards of
cards/ (a command card is several notes, each one or more Anki cards)."""

from __future__ import annotations

from conftest import CONTAINERS, build_into


def test_the_build_summary_says_anki_cards_for_what_anki_gets_and_cards_for_the_files(run_cli, make_cards,
                                                                                     tmp_path):
    cards = make_cards({"a.yaml": CONTAINERS})
    lines = build_into(run_cli, cards, tmp_path / "dist", "--lang", "en").output.splitlines()
    assert lines[0].endswith("docker-en.apkg: 3 notes, 3 Anki cards"), lines
    assert "  since the last build: 2 cards added, 0 changed (3 notes)" in lines, lines
