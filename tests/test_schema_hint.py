"""`dockdeck schema --check` says how to bring a stale schema up to date in words that work wherever
dockdeck is installed: `dockdeck schema`, with the --cards it was given."""

from __future__ import annotations


def stale_schema(make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards: []\n"})
    (cards / "schema.json").write_text("{}\n", encoding="utf-8")
    return cards


def test_the_hint_names_the_cards_folder_it_was_given(run_cli, make_cards):
    cards = stale_schema(make_cards)
    result = run_cli("schema", "--check", "--cards", cards)
    assert result.exit_code == 1
    assert f"{cards}/schema.json:1: out of date (run `dockdeck schema --cards {cards}`)" in result.stderr


def test_the_hint_without_cards_is_the_bare_command(run_cli, make_cards, monkeypatch):
    cards = stale_schema(make_cards)
    monkeypatch.chdir(cards.parent)
    result = run_cli("schema", "--check")
    assert result.exit_code == 1
    assert "cards/schema.json:1: out of date (run `dockdeck schema`)" in result.stderr
    assert "uv run" not in result.stderr
