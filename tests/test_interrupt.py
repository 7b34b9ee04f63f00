"""Ctrl-C says what is true: before the files are replaced nothing changed, after it they are the new ones.

The signal is sent at a real point of the build: a helper process wraps ``os.replace`` (by which every
file is put in place) and sends itself SIGINT right after the rename of a chosen file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTAINERS, REPO, build_into, written

EDITED = CONTAINERS.replace("셸 열기", "셸 하나 열기").replace("Open a shell", "Open one shell")
TIMES = "note-times.json"

_CTRL_C_AFTER = """
import os, signal, sys
target, before, real_replace = sys.argv[1], sys.argv[2] == "before", os.replace
def replace(src, dst, **kwargs):
    if before and os.path.basename(dst).startswith(target):
        os.kill(os.getpid(), signal.SIGINT)
    real_replace(src, dst, **kwargs)
    if os.path.basename(dst).startswith(target):
        os.kill(os.getpid(), signal.SIGINT)
os.replace = replace
sys.argv = ["dockdeck", *sys.argv[3:]]
from generator.cli import main
main()
"""


@pytest.fixture
def edited(make_cards, run_cli, tmp_path):
    """(cards, out, files before, files a whole build of the edit writes): the deck built, then edited."""
    cards = make_cards({"a.yaml": CONTAINERS})
    out = tmp_path / "dist"
    build_into(run_cli, cards, out)
    before = written(cards, out)
    (cards / "a.yaml").write_text(EDITED, encoding="utf-8")
    elsewhere = tmp_path / "whole"
    build_into(run_cli, cards, elsewhere)
    after = written(cards, elsewhere)
    (cards / TIMES).write_bytes(before[TIMES])
    return cards, out, before, after


def _build_with_ctrl_c_after(target: str, cards: Path, out: Path, when: str = "after"
                             ) -> subprocess.CompletedProcess[str]:
    """A build that gets SIGINT right ``when`` ("before" or "after") the rename of the file named ``target``."""
    return subprocess.run([sys.executable, "-c", _CTRL_C_AFTER, target, when, "build", "--cards", str(cards),
                           "--out", str(out)], cwd=REPO, capture_output=True, text=True, timeout=120)


# The note times are renamed first, then each deck in the order of the languages (ko, en); the build record
# (in the cache folder) comes after them all.
@pytest.mark.parametrize("target", [TIMES, "docker-ko.apkg", "build-"],
                         ids=["after-the-note-times", "after-the-first-deck", "after-every-file"])
def test_ctrl_c_once_the_files_are_being_replaced_finishes_them_and_says_they_are_new(edited, target):
    cards, out, before, after = edited
    done = _build_with_ctrl_c_after(target, cards, out)
    assert done.returncode == 130, done.stderr
    assert written(cards, out) == after, "the message must describe the files on disk: all new"
    assert done.stderr.splitlines() == [
        f"interrupted after writing {cards}/{TIMES}, {out}/docker-ko.apkg, {out}/docker-en.apkg: "
        "they are complete and new; nothing else was changed."]
    assert not [p for p in [*out.iterdir(), *cards.iterdir()] if p.name.startswith(".")], "a temporary file was left"


def test_a_build_after_the_interrupted_one_has_nothing_left_to_do(edited, run_cli):
    cards, out, _, after = edited
    assert _build_with_ctrl_c_after("docker-ko.apkg", cards, out).returncode == 130
    result = run_cli("build", "--cards", cards, "--out", out)
    assert "since the last build" not in result.output
    assert written(cards, out) == after


def test_ctrl_c_while_the_build_record_is_written_leaves_no_temporary_file_in_the_cache_folder(edited):
    cards, out, _, after = edited
    done = _build_with_ctrl_c_after("build-", cards, out, when="before")
    assert done.returncode == 130, done.stderr
    assert written(cards, out) == after
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "dockdeck"
    assert [p.name for p in cache.iterdir() if p.name.startswith(".")] == []
