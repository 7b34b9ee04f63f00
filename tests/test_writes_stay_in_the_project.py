"""No command writes through a symbolic link to a file outside the project, nor creates a link's missing target.

A cloned deck repository can carry links where dockdeck writes: `dist/docker-en.apkg -> ../../victim`,
`cards/note-times.json -> /home/you/.bashrc`. Every file the tool writes (decks, note times, the schema,
the preview page, an extract draft, `add`/`new` edits, `init`) is checked first: a link is followed only to
an existing file inside the project; anything else is refused at the link, and nothing is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CONTAINERS

PRECIOUS = "precious, not a deck\n"
NOTES = "# Notes\n\n```bash\n# List the running containers\ndocker ps\n```\n"


def repo(make_cards) -> Path:
    """A cloned deck repository: repo/cards and, after a build, repo/dist."""
    return make_cards({"a.yaml": CONTAINERS}, folder="repo/cards")


# Each writer: where its file is, given the cards folder, and the command that writes it.
Writer = tuple[Callable[[Path], Path], Callable[[Path], list[object]]]
WRITERS: dict[str, Writer] = {
    "build: the deck": (lambda cards: cards.parent / "dist" / "docker-en.apkg",
                        lambda cards: ["build", "--cards", cards, "--lang", "en"]),
    "build: the note times": (lambda cards: cards / "note-times.json",
                              lambda cards: ["build", "--cards", cards, "--lang", "en"]),
    "schema": (lambda cards: cards / "schema.json", lambda cards: ["schema", "--cards", cards]),
    "preview": (lambda cards: cards.parent / "dist" / "preview-en.html",
                lambda cards: ["preview", "--cards", cards, "--lang", "en"]),
    "extract": (lambda cards: cards.parent / "draft.yaml",
                lambda cards: ["extract", cards.parent / "notes.md", "-o", cards.parent / "draft.yaml", "--force"]),
    # `new` writes schema.json only where there is none: a link that leads nowhere, not one to a file.
    "new: the schema it adds": (lambda cards: cards / "schema.json", lambda cards: ["new", "--cards", cards, "b"]),
    "init: its schema": (lambda cards: cards.parent / "fresh" / "cards" / "schema.json",
                         lambda cards: ["init", cards.parent / "fresh"]),
    "init: its first topic": (lambda cards: cards.parent / "fresh" / "cards" / "first-steps.yaml",
                              lambda cards: ["init", cards.parent / "fresh"]),
}
LINKS = ["absolute", "relative", "dangling"]


def plant(link: Path, kind: str, tmp_path: Path) -> Path:
    """A link at ``link`` of the given kind; the file it points to (which a dangling one lacks)."""
    victim = tmp_path / ("not-there.txt" if kind == "dangling" else "victim.txt")
    if kind != "dangling":
        victim.write_text(PRECIOUS, encoding="utf-8")
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(os.path.relpath(victim, link.parent) if kind == "relative" else victim)
    return victim


CASES = [(writer, kind) for writer in sorted(WRITERS) for kind in LINKS
         if kind == "dangling" or not writer.startswith("new")]


@pytest.mark.parametrize(("writer", "kind"), CASES)
def test_no_command_writes_through_a_link_that_leaves_the_project(writer, kind, run_cli, make_cards, tmp_path):
    cards = repo(make_cards)
    (cards.parent / "notes.md").write_text(NOTES, encoding="utf-8")
    where, command = WRITERS[writer]
    link = where(cards)
    victim = plant(link, kind, tmp_path)
    result = run_cli(*command(cards))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    # init never overwrites a file at all; a link counts as one.
    why = "already exists" if writer.startswith("init") else f"is a symbolic link to {victim}"
    assert f"{link}:1: {why}" in result.output, result.output
    if kind == "dangling":
        assert not victim.exists()
    else:
        assert victim.read_text(encoding="utf-8") == PRECIOUS
    assert link.is_symlink()


@pytest.mark.parametrize("kind", ["absolute", "relative"])
def test_new_leaves_a_schema_link_to_a_file_alone(kind, run_cli, make_cards, tmp_path):
    cards = repo(make_cards)
    victim = plant(cards / "schema.json", kind, tmp_path)
    result = run_cli("new", "--cards", cards, "b")
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == PRECIOUS


def test_a_refused_link_stops_the_build_before_any_file_is_written(run_cli, make_cards, tmp_path):
    cards = repo(make_cards)
    plant(cards.parent / "dist" / "docker-ko.apkg", "absolute", tmp_path)
    result = run_cli("build", "--cards", cards)
    assert result.exit_code == 1
    assert sorted(p.name for p in (cards.parent / "dist").iterdir()) == ["docker-ko.apkg"]
    assert not (cards / "note-times.json").exists()


def test_a_default_output_folder_that_links_outside_is_refused(run_cli, make_cards, tmp_path):
    cards = repo(make_cards)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (cards.parent / "dist").symlink_to(elsewhere)
    result = run_cli("build", "--cards", cards, "--lang", "en")
    assert result.exit_code == 1
    assert f"{cards.parent / 'dist'}:1: is a symbolic link to {elsewhere}" in result.output
    assert "--out" in result.output  # how to build there on purpose
    assert list(elsewhere.iterdir()) == []


def test_an_output_folder_named_with_out_may_be_a_link(run_cli, make_cards, tmp_path):
    cards = repo(make_cards)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "decks").symlink_to(elsewhere)
    result = run_cli("build", "--cards", cards, "--out", tmp_path / "decks", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (elsewhere / "docker-en.apkg").is_file()


def test_a_deck_linked_to_another_file_in_the_output_folder_is_written_there(run_cli, make_cards):
    cards = repo(make_cards)
    dist = cards.parent / "dist"
    dist.mkdir()
    (dist / "current.apkg").write_bytes(b"old")
    (dist / "docker-en.apkg").symlink_to("current.apkg")
    result = run_cli("build", "--cards", cards, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (dist / "docker-en.apkg").is_symlink()
    assert (dist / "current.apkg").read_bytes().startswith(b"PK")


def test_a_topic_file_linked_inside_the_cards_folder_is_edited_where_it_lives(run_cli, make_cards):
    cards = repo(make_cards)
    (cards / "shared").mkdir()
    (cards / "a.yaml").rename(cards / "shared" / "a.yaml")
    (cards / "a.yaml").symlink_to(Path("shared") / "a.yaml")
    result = run_cli("add", "--cards", cards, "a.yaml", "--command", "docker ps -a", "--meaning-en", "List all",
                     "--meaning-ko", "모두 보기")
    assert result.exit_code == 0, result.output
    assert (cards / "a.yaml").is_symlink()
    assert "docker ps -a" in (cards / "shared" / "a.yaml").read_text(encoding="utf-8")


# --- extract: never over its own input ----------------------------------------------------------------------


def test_extract_refuses_to_write_its_draft_over_the_notes(run_cli, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    result = run_cli("extract", notes, "-o", notes, "--force")
    assert result.exit_code == 1
    assert f"{notes}:1: is the notes being extracted" in result.output
    assert notes.read_text(encoding="utf-8") == NOTES


@pytest.mark.parametrize("how", ["symlink", "hard link", "another spelling"])
def test_extract_refuses_an_output_that_is_the_notes_by_another_name(how, run_cli, tmp_path, monkeypatch):
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    other = tmp_path / "draft.yaml"
    if how == "symlink":
        other.symlink_to(notes)
    elif how == "hard link":
        os.link(notes, other)
    else:
        (tmp_path / "sub").mkdir()
        monkeypatch.chdir(tmp_path / "sub")
        other = Path("..") / "notes.md"
    result = run_cli("extract", notes, "-o", other, "--force")
    assert result.exit_code == 1, result.output
    assert "is the notes being extracted" in result.output
    assert notes.read_text(encoding="utf-8") == NOTES


def test_extract_refuses_to_write_its_draft_over_a_topic_file_it_read(run_cli, make_cards, tmp_path):
    cards = repo(make_cards)
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    before = (cards / "a.yaml").read_text(encoding="utf-8")
    result = run_cli("extract", "--cards", cards, notes, "-o", cards / "a.yaml", "--force")
    assert result.exit_code == 1
    assert f"{cards / 'a.yaml'}:1: is a topic file of the deck in {cards}" in result.output
    assert (cards / "a.yaml").read_text(encoding="utf-8") == before


def test_init_into_a_folder_whose_cards_folder_links_outside_is_refused(run_cli, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "fresh").mkdir()
    (tmp_path / "fresh" / "cards").symlink_to(elsewhere)
    result = run_cli("init", tmp_path / "fresh")
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / 'fresh' / 'cards'}:1: is a symbolic link to {elsewhere}" in result.output
    assert list(elsewhere.iterdir()) == []
