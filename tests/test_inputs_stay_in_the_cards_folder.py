"""One rule for every input: a file that links outside the cards folder is refused, like a picture that does.

A cloned deck could otherwise read `~/.ssh/id_rsa` as its css file, or a topic file kept elsewhere, and
ship it in the deck. Links inside the cards folder are fine.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import CONTAINERS, SETTINGS

CSS_SETTINGS = SETTINGS % "a.yaml" + "css: style.css\n"


def deck(make_cards) -> Path:
    return make_cards({"a.yaml": CONTAINERS, "style.css": ".card { color: #222; }\n"}, settings=CSS_SETTINGS,
                      folder="repo/cards")


def move_out(file: Path, tmp_path: Path, relative: bool) -> Path:
    """Move ``file`` out of the cards folder and leave a link to it in its place."""
    outside = tmp_path / f"outside-{file.name}"
    file.rename(outside)
    file.symlink_to(os.path.relpath(outside, file.parent) if relative else outside)
    return outside


@pytest.mark.parametrize("relative", [False, True], ids=["absolute", "relative"])
@pytest.mark.parametrize("name", ["a.yaml", "style.css", "dockdeck.yaml"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_an_input_linked_outside_the_cards_folder_is_refused(command, name, relative, run_cli, make_cards, tmp_path):
    cards = deck(make_cards)
    outside = move_out(cards / name, tmp_path, relative)
    out = tmp_path / "dist"
    result = run_cli(command, "--cards", cards, *(("--out", out) if command == "build" else ()))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{cards / name}:1: is a symbolic link to {outside}, outside the cards folder" in result.output
    assert not out.exists()


@pytest.mark.parametrize("name", ["a.yaml", "dockdeck.yaml"])
def test_add_refuses_a_topic_file_or_settings_linked_outside(name, run_cli, make_cards, tmp_path):
    cards = deck(make_cards)
    outside = move_out(cards / name, tmp_path, relative=True)
    before = outside.read_bytes()
    result = run_cli("add", "--cards", cards, "a.yaml", "--command", "docker ps -a", "--meaning-en", "List all",
                     "--meaning-ko", "모두 보기")
    assert result.exit_code == 1, result.output
    assert f"{cards / name}:1: is a symbolic link to {outside}, outside the cards folder" in result.output
    assert outside.read_bytes() == before


def test_new_refuses_settings_linked_outside(run_cli, make_cards, tmp_path):
    cards = deck(make_cards)
    outside = move_out(cards / "dockdeck.yaml", tmp_path, relative=False)
    before = outside.read_bytes()
    result = run_cli("new", "--cards", cards, "networks")
    assert result.exit_code == 1, result.output
    assert "outside the cards folder" in result.output
    assert outside.read_bytes() == before and not (cards / "networks.yaml").exists()


def test_inputs_linked_inside_the_cards_folder_are_read(run_cli, make_cards, tmp_path):
    cards = deck(make_cards)
    (cards / "shared").mkdir()
    for name in ("a.yaml", "style.css"):
        (cards / name).rename(cards / "shared" / name)
        (cards / name).symlink_to(Path("shared") / name)
    result = run_cli("build", "--cards", cards, "--out", tmp_path / "dist", "--lang", "en")
    assert result.exit_code == 0, result.output


def test_extract_does_not_read_ids_from_a_file_linked_outside(run_cli, make_cards, tmp_path):
    cards = deck(make_cards)
    secret = tmp_path / "secret.yaml"
    secret.write_text("cards:\n  - id: ps\n", encoding="utf-8")
    (cards / "b.yaml").symlink_to(secret)
    notes = tmp_path / "notes.md"
    notes.write_text("```bash\n# List the running containers\ndocker ps\n```\n", encoding="utf-8")
    result = run_cli("extract", "--cards", cards, notes)
    assert result.exit_code == 0, result.output
    assert "- id: ps\n" in result.output  # the id the outside file holds is not taken


def test_an_unchanged_rebuild_notices_a_topic_file_turned_into_a_link_outside(run_cli, make_cards, tmp_path):
    """The build record would find the same bytes; the link is refused all the same."""
    cards, out = deck(make_cards), tmp_path / "dist"
    assert run_cli("build", "--cards", cards, "--out", out).exit_code == 0
    outside = move_out(cards / "a.yaml", tmp_path, relative=False)
    result = run_cli("build", "--cards", cards, "--out", out)
    assert result.exit_code == 1, result.output
    assert f"{cards / 'a.yaml'}:1: is a symbolic link to {outside}, outside the cards folder" in result.output
