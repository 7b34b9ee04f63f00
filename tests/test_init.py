"""Starting a deck of one's own: `dockdeck init`, an empty deck, and dockdeck installed outside this repository."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, import_apkg, rendered_cards

from generator.cli import cli


def test_init_writes_settings_a_first_topic_and_the_editor_schema(run_cli, tmp_path):
    result = run_cli("init", tmp_path / "spanish", "--lang", "en", "--lang", "es")
    assert result.exit_code == 0, result.output
    cards = tmp_path / "spanish" / "cards"
    assert sorted(p.name for p in cards.iterdir()) == ["dockdeck.yaml", "first-steps.yaml", "schema.json"]
    settings = (cards / "dockdeck.yaml").read_text(encoding="utf-8")
    assert "name: spanish" in settings and "languages: [en, es]" in settings


def test_a_new_deck_builds_from_its_folder_into_dist_beside_the_cards(run_cli, tmp_path, monkeypatch, collection):
    assert run_cli("init", tmp_path / "mydeck", "--name", "trivia").exit_code == 0
    monkeypatch.chdir(tmp_path / "mydeck")
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir("dist")) == ["trivia-en.apkg"]
    import_apkg(collection, Path("dist/trivia-en.apkg"))
    kinds = sorted(card.note().note_type()["name"] for card, _, _ in rendered_cards(collection))
    # A basic card, a command with two blanks and its recall card, a cloze: one of each kind.
    assert kinds == ["dockdeck trivia basic (en)"] * 2 + ["dockdeck trivia cloze (en)"] * 3


def test_the_examples_of_a_new_deck_are_not_about_docker(run_cli, tmp_path):
    assert run_cli("init", tmp_path / "d", "--lang", "ko", "--lang", "en").exit_code == 0
    text = (tmp_path / "d" / "cards" / "first-steps.yaml").read_text(encoding="utf-8")
    assert "docker" not in text.lower() and "도커" not in text


def test_init_never_overwrites_a_deck(run_cli, tmp_path):
    assert run_cli("init", tmp_path / "d").exit_code == 0
    settings = tmp_path / "d" / "cards" / "dockdeck.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    result = run_cli("init", tmp_path / "d")
    assert result.exit_code == 1
    assert "dockdeck.yaml:1: a deck is already here" in result.output
    assert settings.read_text(encoding="utf-8").endswith("# mine\n")


def test_init_refuses_a_name_that_cannot_name_files_as_wrong_usage(runner, tmp_path):
    result = runner.invoke(cli, ["init", str(tmp_path / "d"), "--name", "My Deck"])
    assert result.exit_code == 2
    assert "Invalid value for --name" in result.stderr and "a deck name is a short lowercase word" in result.stderr
    assert not (tmp_path / "d").exists()


def test_init_refuses_a_language_code_that_is_not_one_as_wrong_usage(runner, tmp_path):
    result = runner.invoke(cli, ["init", str(tmp_path / "d"), "--lang", "EN"])
    assert result.exit_code == 2
    assert "'EN' is not a language code" in result.stderr


def test_init_says_how_to_go_on_even_for_a_folder_with_a_space(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("init", "My Deck")
    assert "next: cd 'My Deck' && dockdeck build" in result.output


def test_build_inside_the_cards_folder_finds_the_deck_and_writes_dist_beside_it(run_cli, tmp_path, monkeypatch):
    assert run_cli("init", tmp_path / "d").exit_code == 0
    monkeypatch.chdir(tmp_path / "d" / "cards")
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "d" / "dist" / "d-en.apkg").is_file()


def test_a_deck_with_no_topic_files_is_valid_and_says_what_to_do(run_cli, make_cards):
    cards = make_cards({}, settings="name: docker\nlanguages: [en]\nroot_deck: Docker\nfiles: []\n")
    checked = run_cli("check", "--cards", cards)
    assert checked.exit_code == 0
    assert "no topic files yet: start one with `dockdeck new TOPIC`" in checked.output
    built = run_cli("build", "--cards", cards)
    assert built.exit_code == 0
    assert "nothing to build" in built.output
    assert not (cards.parent / "dist").exists()


def test_new_topic_in_an_empty_deck_lists_it_and_builds(run_cli, make_cards):
    cards = make_cards({}, settings="name: docker\nlanguages: [en]\nroot_deck: Docker\nfiles: []\n")
    assert run_cli("new", "--cards", cards, "networks").exit_code == 0
    assert "- networks.yaml" in (cards / "dockdeck.yaml").read_text(encoding="utf-8")
    assert run_cli("check", "--cards", cards).exit_code == 0


def test_new_without_a_deck_points_at_init(run_cli, tmp_path):
    (tmp_path / "cards").mkdir()
    result = run_cli("new", "--cards", tmp_path / "cards", "networks")
    assert result.exit_code == 1
    assert "dockdeck init" in result.output


def _uv() -> list[str]:
    """The uv that runs these tests: `uv run` says where it is ($UV), whether or not it is on PATH (started
    by its full path, or installed with `python3 -m pip install uv` as .ci/run does); else the one on PATH."""
    for found in (os.environ.get("UV"), shutil.which("uv"), shutil.which("uv", path=str(Path(sys.executable).parent))):
        if found and os.access(found, os.X_OK):
            return [found]
    if importlib.util.find_spec("uv") is not None:
        return [sys.executable, "-m", "uv"]
    pytest.fail("uv is needed to build the wheel (it is how this project is set up): run the tests with "
                "`uv run pytest`, or install uv (`python3 -m pip install uv`)", pytrace=False)


def test_the_installed_wheel_starts_checks_and_builds_a_deck_in_an_empty_folder(tmp_path):
    uv = _uv()
    subprocess.run([*uv, "build", "--wheel", "--out-dir", str(tmp_path / "wheel"), str(REPO)], check=True,
                   capture_output=True, timeout=300)
    (wheel,) = (tmp_path / "wheel").glob("dockdeck-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([*uv, "venv", "--python", sys.executable, str(venv)], check=True, capture_output=True, timeout=120)
    subprocess.run([*uv, "pip", "install", "--python", str(venv / "bin" / "python"), str(wheel)], check=True,
                   capture_output=True, timeout=300)
    dockdeck = venv / "bin" / "dockdeck"
    work = tmp_path / "empty"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}

    def run(*args: str, cwd: Path) -> str:
        done = subprocess.run([str(dockdeck), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("init", "flashcards", cwd=work)
    assert "3 cards in 1 file: no problems." in run("check", cwd=work / "flashcards")
    assert "wrote dist/flashcards-en.apkg" in run("build", cwd=work / "flashcards")
    assert (work / "flashcards" / "dist" / "flashcards-en.apkg").is_file()
