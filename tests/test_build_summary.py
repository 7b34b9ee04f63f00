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


def test_a_build_says_how_many_texts_it_ships_still_marked_todo(run_cli, tmp_path):
    assert run_cli("init", tmp_path / "d", "--lang", "en", "--lang", "es").exit_code == 0
    result = run_cli("build", "--cards", tmp_path / "d" / "cards")
    assert result.exit_code == 0, result.output
    # The sub-deck's name and the four example texts: the learner sees them as written.
    assert "es: 5 texts still start with TODO, and the learner sees them as written (`dockdeck check` lists " \
           "each)" in result.stderr, result.stderr
    assert "en: " not in result.stderr


def test_an_unchanged_rebuild_says_it_again(run_cli, tmp_path):
    assert run_cli("init", tmp_path / "d", "--lang", "en", "--lang", "es").exit_code == 0
    run_cli("build", "--cards", tmp_path / "d" / "cards")
    again = run_cli("build", "--cards", tmp_path / "d" / "cards")
    assert "es: 5 texts still start with TODO" in again.stderr, again.output


def test_a_command_that_never_writes_does_not_say_nothing_was_written(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n  - id: q\n    front: Q\n"})
    for command in (["check"], ["check", "--strict"], ["stats"], ["verify"]):
        result = run_cli(*command, "--cards", cards)
        assert result.exit_code == 1, result.output
        assert result.stderr.splitlines()[-1] == "1 problem in 1 file.", (command, result.stderr)


def test_a_build_that_fails_still_says_nothing_was_written(run_cli, make_cards, tmp_path):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards:\n  - id: q\n    front: Q\n"})
    result = run_cli("build", "--cards", cards, "--out", tmp_path / "dist")
    assert result.stderr.splitlines()[-1] == "1 problem in 1 file; nothing was written."
