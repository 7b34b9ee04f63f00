"""An edit reaches Anki however the deck is rebuilt: the note times belong to the cards, not to dist/.

Each test imports a deck into a real Anki collection, reviews it, edits a card, rebuilds the
way a user might (another --out, another working directory, dist/ deleted, the note times
damaged or lost, two builds at once), imports again with Anki's default options and checks
that the edit arrived, the review history stayed and no note was duplicated.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTAINERS, REAL_CARDS, REPO, TEST_CLOCK, build_into, import_apkg, note_by_id, review_all, visible_text

from generator.output.manifest import read_manifest

TOPIC = CONTAINERS
EDITED = TOPIC.replace('en: "`SIGTERM`"', 'en: "`SIGTERM`, then `SIGKILL`"')
TIMES = "note-times.json"


class Learner:
    """A collection that has imported the deck and reviewed every card once."""

    def __init__(self, col, deck: Path) -> None:
        self.col = col
        import_apkg(col, deck)
        review_all(col)
        self.notes = col.note_count()
        self.reviews = col.db.scalar("select count() from revlog")

    def imports(self, deck: Path) -> None:
        log = import_apkg(self.col, deck)
        assert not log.log.conflicting, "Anki skipped notes whose note type changed"

    def sees_the_edit(self) -> bool:
        return "SIGKILL" in visible_text(note_by_id(self.col, "stop-signal")["Back"])

    def kept_everything(self) -> bool:
        reviewed = [self.col.get_card(cid) for cid in self.col.find_cards("")]
        return (self.col.note_count() == self.notes
                and self.col.db.scalar("select count() from revlog") == self.reviews
                and all(card.reps == 1 for card in reviewed))


@pytest.fixture
def learner(make_cards, run_cli, collection):
    """(cards folder, learner): the deck built into dist/ beside the cards and studied once, then edited."""
    cards = make_cards({"a.yaml": TOPIC})
    build_into(run_cli, cards, cards.parent / "dist")
    student = Learner(collection, cards.parent / "dist" / "docker-en.apkg")
    (cards / "a.yaml").write_text(EDITED, encoding="utf-8")
    return cards, student


def _later(monkeypatch) -> None:
    """The next build happens a while later, as in life (the tests otherwise pin the build clock)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(TEST_CLOCK + 3600))


def test_an_edit_built_into_another_folder_reaches_anki(learner, run_cli, tmp_path):
    cards, student = learner
    build_into(run_cli, cards, tmp_path / "elsewhere")
    student.imports(tmp_path / "elsewhere" / "docker-en.apkg")
    assert student.sees_the_edit() and student.kept_everything()


def test_an_edit_built_from_another_working_directory_reaches_anki(learner, run_cli, tmp_path, monkeypatch):
    cards, student = learner
    monkeypatch.chdir(tmp_path / "..")
    result = run_cli("build", "--cards", cards)
    assert result.exit_code == 0, result.output
    student.imports(cards.parent / "dist" / "docker-en.apkg")  # --out defaults to dist beside the cards
    assert student.sees_the_edit() and student.kept_everything()


def test_an_edit_built_after_deleting_dist_reaches_anki(learner, run_cli):
    cards, student = learner
    shutil.rmtree(cards.parent / "dist")
    build_into(run_cli, cards, cards.parent / "dist")
    student.imports(cards.parent / "dist" / "docker-en.apkg")
    assert student.sees_the_edit() and student.kept_everything()


def test_an_edit_built_after_the_note_times_were_deleted_reaches_anki(learner, run_cli, monkeypatch):
    cards, student = learner
    (cards / TIMES).unlink()
    _later(monkeypatch)
    build_into(run_cli, cards, cards.parent / "dist")
    student.imports(cards.parent / "dist" / "docker-en.apkg")
    assert student.sees_the_edit() and student.kept_everything()


@pytest.mark.parametrize("damage, where, what", [
    (lambda t: t.replace(f'"clock": {t.split(chr(34) + "clock" + chr(34) + ": ")[1].split(",")[0]}',
                         '"clock": -5'), 3, "has clock -5, not a time in seconds"),
    (lambda t: t.replace('"clock": ', '"clock": 1e400, "x": '), 3, "not a time in seconds"),
    (lambda t: t.replace('"format": 2', '"format": 99'), 2, "has format 99, which this dockdeck does not know"),
    (lambda t: t.replace('"stop-signal": {', '"stop-signal": {"hash": "x", "mod": "soon"}, "y": {'), 10,
     "note 'stop-signal' (en)"),
    (lambda t: t[: t.index('"ko"')] + t[t.index('"ko"'):].replace('"stop-signal": {"hash": ',
                                                                  '"stop-signal": {"hash": 1, "was": '),
     17, "note 'stop-signal' (ko)"),
    (lambda t: t[: len(t) // 2], 1, "is not valid JSON"),
], ids=["negative-clock", "huge-clock", "unknown-format", "wrong-types", "wrong-types-korean", "cut-short"])
def test_damaged_note_times_are_a_located_problem_whose_fix_loses_no_edit(learner, run_cli, monkeypatch,
                                                                          damage, where, what):
    cards, student = learner
    times = cards / TIMES
    times.write_text(damage(times.read_text(encoding="utf-8")), encoding="utf-8")
    before = (cards.parent / "dist" / "docker-en.apkg").read_bytes()
    result = run_cli("build", "--cards", cards)
    assert result.exit_code == 1
    problem = result.output.splitlines()[0]
    assert what in problem, problem
    assert f"{TIMES}:" in problem and "delete it" in problem
    if where > 1:
        assert problem.split(f"{TIMES}:")[1].startswith(f"{where}:"), problem
    assert (cards.parent / "dist" / "docker-en.apkg").read_bytes() == before  # nothing written
    # Do what the message says: delete the file, build again.
    times.unlink()
    _later(monkeypatch)
    build_into(run_cli, cards, cards.parent / "dist")
    student.imports(cards.parent / "dist" / "docker-en.apkg")
    assert student.sees_the_edit() and student.kept_everything()


def _dockdeck(*args: object, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "from generator.cli import main; main()", *map(str, args)],
                            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_concurrent_builds_of_each_language_both_reach_anki_and_both_are_recorded(learner):
    cards, student = learner
    builds = [_dockdeck("build", "--cards", cards, "--lang", lang, cwd=REPO) for lang in ("en", "ko", "en", "ko")]
    for proc in builds:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    times, problems = read_manifest(cards / TIMES)
    assert not problems
    # The English edit is recorded, whichever build ran last; the Korean card did not change.
    assert times.langs["en"]["stop-signal"].mod == TEST_CLOCK + 1
    assert times.langs["ko"]["stop-signal"].mod == TEST_CLOCK
    student.imports(cards.parent / "dist" / "docker-en.apkg")
    assert student.sees_the_edit() and student.kept_everything()
    assert not [p for p in cards.parent.rglob(".*.tmp")], "a build left a temporary file"


def test_two_plain_builds_at_once_both_succeed_and_agree(make_cards):
    cards = make_cards({"a.yaml": TOPIC})
    builds = [_dockdeck("build", "--cards", cards, cwd=REPO) for _ in range(3)]
    for proc in builds:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    assert not read_manifest(cards / TIMES)[1]
    assert sorted(p.name for p in (cards.parent / "dist").iterdir()) == ["docker-en.apkg", "docker-ko.apkg"]


def test_a_changed_note_is_never_older_than_the_build(make_cards, run_cli, monkeypatch):
    cards = make_cards({"a.yaml": TOPIC})
    build_into(run_cli, cards, cards.parent / "dist")
    (cards / "a.yaml").write_text(EDITED, encoding="utf-8")
    _later(monkeypatch)
    build_into(run_cli, cards, cards.parent / "dist")
    times, _ = read_manifest(cards / TIMES)
    assert times.langs["en"]["stop-signal"].mod == TEST_CLOCK + 3600
    assert times.langs["en"]["exec-shell/recall"].mod == TEST_CLOCK  # unchanged: keeps its time


def test_a_changed_note_is_newer_than_every_recorded_time_even_with_the_clock_behind(make_cards, run_cli,
                                                                                    monkeypatch):
    cards = make_cards({"a.yaml": TOPIC})
    build_into(run_cli, cards, cards.parent / "dist")
    (cards / "a.yaml").write_text(EDITED, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(TEST_CLOCK - 86_400))  # a machine whose clock is a day behind
    build_into(run_cli, cards, cards.parent / "dist")
    times, _ = read_manifest(cards / TIMES)
    assert times.langs["en"]["stop-signal"].mod == TEST_CLOCK + 1


def test_the_docker_deck_built_with_its_manifest_in_dist_migrates_without_a_lost_edit(tmp_path, run_cli, collection):
    # The layout before this release: the same file, named docker.manifest.json, in dist/.
    cards = tmp_path / "cards"
    shutil.copytree(REAL_CARDS, cards)
    dist = tmp_path / "dist"
    build_into(run_cli, cards, dist)
    (cards / TIMES).rename(dist / "docker.manifest.json")
    student = Learner(collection, dist / "docker-en.apkg")
    basics = cards / "basics.yaml"
    text = basics.read_text(encoding="utf-8")
    card_id = text.split("- id: ")[1].split("\n")[0]
    back = text.split("en: ", 3)[2].split("\n")[0]  # some English text of the first card
    basics.write_text(text.replace("en: " + back, "en: " + back.rstrip('"') + " (edited)" +
                                   ('"' if back.endswith('"') else ""), 1), encoding="utf-8")
    build_into(run_cli, cards, dist)
    assert (cards / TIMES).is_file()
    student.imports(dist / "docker-en.apkg")
    assert "(edited)" in " ".join(note_by_id(collection, card_id).fields)
    assert student.kept_everything()


def test_builds_leave_only_decks_in_dist_and_the_note_times_beside_the_cards(make_cards, run_cli):
    cards = make_cards({"a.yaml": TOPIC})
    build_into(run_cli, cards, cards.parent / "dist")
    assert sorted(os.listdir(cards.parent / "dist")) == ["docker-en.apkg", "docker-ko.apkg"]
    assert (cards / TIMES).is_file()


def test_a_fifo_in_place_of_the_note_times_is_a_problem_not_a_hang(make_cards):
    cards = make_cards({"a.yaml": TOPIC})
    os.mkfifo(cards / TIMES)
    proc = _dockdeck("build", "--cards", cards, cwd=REPO)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert f"{TIMES}:1: the note-times file cannot be read: is not a regular file" in err.decode()
