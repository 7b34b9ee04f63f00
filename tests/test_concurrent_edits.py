"""Commands that edit the card sources at the same time never lose each other's work.

`add` and `new` read a file, splice text in and write it back; `init` checks that no deck is there
before writing one. Each takes the lock that builds take on the cards folder and waits for it, so
ten of them started at once run one after another. The processes are real `dockdeck` processes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.sources.read import read_deck

DOCKDECK = Path(sys.executable).parent / "dockdeck"
SETTINGS = "name: tools\nlanguages: [en]\nroot_deck: Tools\nfiles: [shell.yaml]\n"
TOPIC = "deck: Shell\ncards:\n  - id: ls-all\n    command: ls -a\n    meaning: List every file\n"


def _all_at_once(commands: list[list[str]], cwd: Path) -> list[subprocess.CompletedProcess[str]]:
    procs = [subprocess.Popen([str(DOCKDECK), *args], cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for args in commands]
    done = []
    for proc, args in zip(procs, commands, strict=True):
        out, err = proc.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(args, proc.returncode, out, err))
    return done


def test_ten_adds_at_once_into_one_topic_file_keep_all_ten_cards(make_cards, tmp_path):
    cards = make_cards({"shell.yaml": TOPIC}, settings=SETTINGS)
    adds = [["add", "shell.yaml", "--command", f"grep --count pattern{i} <file>", "--meaning-en",
             f"Count the lines that match pattern number {i}"] for i in range(10)]
    for done in _all_at_once(adds, tmp_path):
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("added grep-count-pattern"), done.stdout
    ids = {card.id for card in read_deck(cards).cards}
    assert ids == {"ls-all", *(f"grep-count-pattern{i}" for i in range(10))}


def test_ten_new_topics_at_once_are_all_listed_in_the_settings(make_cards, tmp_path):
    cards = make_cards({"shell.yaml": TOPIC}, settings=SETTINGS)
    for done in _all_at_once([["new", f"topic{i}"] for i in range(10)], tmp_path):
        assert done.returncode == 0, done.stderr
    files = read_deck(cards).settings.files
    assert sorted(files) == sorted(["shell.yaml", *(f"topic{i}.yaml" for i in range(10))])


def test_inits_at_once_into_one_folder_start_one_deck_and_refuse_the_others(tmp_path):
    results = _all_at_once([["init", "deck", "--name", f"deck{i}"] for i in range(6)], tmp_path)
    started = [done for done in results if done.returncode == 0]
    assert len(started) == 1, [done.stderr for done in results]
    refused = [done for done in results if done.returncode != 0]
    assert all(done.returncode == 1 and "a deck is already here" in done.stderr for done in refused), \
        [done.stderr for done in refused]
    # The deck on disk is the one the successful init wrote: its name is the one it was given.
    name = started[0].args[-1]
    assert read_deck(tmp_path / "deck" / "cards").settings.name == name
