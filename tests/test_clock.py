"""No clock value leaves a deck that can no longer be built, and a clock already stuck has a repair.

Anki updates a note only if the incoming copy's time is newer than its own, so every build gives
the notes it changes a time past every recorded one. A build given a far-future time (an
old dockdeck given SOURCE_DATE_EPOCH=2147483647, or a machine whose clock said 2038) records it,
and then no later change can get a newer time that Anki's clients read.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import CONTAINERS, TEST_CLOCK, build_into, import_apkg, note_by_id, review_all, visible_text, written

from generator.output.manifest import MAX_TIME, read_manifest
from generator.pipeline import build_deck, package_deck

EDITED = CONTAINERS.replace('en: "`SIGTERM`"', 'en: "`SIGTERM`, then `SIGKILL`"')
EDITED_AGAIN = EDITED.replace("then `SIGKILL`", "then `SIGKILL` after the grace period")
TIMES = "note-times.json"
FAR = MAX_TIME - 1  # 2038-01-19 03:14:07 UTC, the largest time Anki's clients read


def _build_with_the_clock_at(cards: Path, out: Path, now: int) -> None:
    """What a build on a machine whose clock says ``now`` writes (older dockdecks also took it from
    SOURCE_DATE_EPOCH, whatever it was)."""
    for path, data in package_deck(build_deck(cards), out, now=now).files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@pytest.fixture
def stuck(make_cards, run_cli):
    """A deck built at TEST_CLOCK, then with one card edited on a machine whose clock said 2038."""
    cards = make_cards({"a.yaml": CONTAINERS})
    build_into(run_cli, cards, cards.parent / "dist")
    (cards / "a.yaml").write_text(EDITED, encoding="utf-8")
    _build_with_the_clock_at(cards, cards.parent / "dist", FAR)
    assert read_manifest(cards / TIMES)[0].langs["en"]["stop-signal"].mod == FAR
    return cards


@pytest.mark.parametrize("ahead", [MAX_TIME - 1, int(time.time()) + 2 * 86_400], ids=["2038", "two-days-ahead"])
def test_a_source_date_epoch_ahead_of_the_clock_is_refused_and_nothing_is_written(make_cards, run_cli,
                                                                                  monkeypatch, ahead):
    cards = make_cards({"a.yaml": CONTAINERS})
    build_into(run_cli, cards, cards.parent / "dist")
    (cards / "a.yaml").write_text(EDITED, encoding="utf-8")
    before = written(cards, cards.parent / "dist")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(ahead))
    result = run_cli("build", "--cards", cards)
    assert result.exit_code == 1
    line = result.stderr.splitlines()[0]
    assert line.startswith(f"SOURCE_DATE_EPOCH: is {ahead} (") and "ahead of this machine's clock" in line, line
    assert written(cards, cards.parent / "dist") == before


def test_a_source_date_epoch_a_little_ahead_of_the_clock_is_another_machines_clock_and_builds(make_cards, run_cli,
                                                                                             monkeypatch):
    cards = make_cards({"a.yaml": CONTAINERS})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) + 3600))
    assert run_cli("build", "--cards", cards).exit_code == 0


def test_a_clock_that_cannot_advance_is_a_problem_that_names_the_repair(stuck, run_cli, monkeypatch):
    (stuck / "a.yaml").write_text(EDITED_AGAIN, encoding="utf-8")
    before = written(stuck, stuck.parent / "dist")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # unset, as the trial did: it still fails
    result = run_cli("build", "--cards", stuck)
    assert result.exit_code == 1
    line = result.stderr.splitlines()[0]
    assert line.startswith(f"{stuck}/{TIMES}:3: records the time {FAR} (2038-01-19)"), line  # the clock's line
    assert "dockdeck build --reset-clock" in line, line
    assert written(stuck, stuck.parent / "dist") == before


def test_stats_reports_the_changes_even_when_the_clock_cannot_advance(stuck, run_cli):
    (stuck / "a.yaml").write_text(EDITED_AGAIN, encoding="utf-8")
    result = run_cli("stats", "--cards", stuck, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "en: 0 cards added, 1 changed, 0 removed" in result.output
    assert "changed: stop-signal" in result.output


def test_reset_clock_gives_only_the_notes_ahead_of_now_a_new_time_and_keeps_every_other(stuck, run_cli):
    old, _ = read_manifest(stuck / TIMES)
    result = run_cli("build", "--cards", stuck, "--reset-clock")
    assert result.exit_code == 0, result.output
    new, problems = read_manifest(stuck / TIMES)
    assert not problems
    ahead = {(lang, key) for lang, entries in old.langs.items() for key, e in entries.items() if e.mod > TEST_CLOCK}
    assert ahead == {("en", "stop-signal")}  # the one card changed on the machine that said 2038
    for lang, entries in new.langs.items():
        for key, entry in entries.items():
            if (lang, key) in ahead:
                assert entry.mod == TEST_CLOCK + 1, key  # this build's time: past every time kept
            else:
                assert entry.mod == old.langs[lang][key].mod, key  # kept: edits made in Anki stay newer
    assert new.clock == TEST_CLOCK + 1
    assert "reset the clock: 1 note had a time ahead of this build's (the latest: 2038-01-19)" in result.output
    # Builds go on as before.
    (stuck / "a.yaml").write_text(EDITED_AGAIN, encoding="utf-8")
    build_into(run_cli, stuck, stuck.parent / "dist")


def test_reset_clock_with_nothing_ahead_says_so_and_builds(make_cards, run_cli):
    cards = make_cards({"a.yaml": CONTAINERS})
    build_into(run_cli, cards, cards.parent / "dist")
    before = written(cards, cards.parent / "dist")
    result = run_cli("build", "--cards", cards, "--reset-clock")
    assert result.exit_code == 0, result.output
    assert "no note time is ahead of this build's: nothing to reset" in result.output
    assert written(cards, cards.parent / "dist") == before


def test_after_the_repair_edits_reach_a_collection_that_imported_the_far_future_times(stuck, run_cli,
                                                                                      collection):
    deck = stuck.parent / "dist" / "docker-en.apkg"
    import_apkg(collection, deck)  # the learner imports the deck stamped 2038 ...
    review_all(collection)  # ... and studies it
    reviews = collection.db.scalar("select count() from revlog")

    def back() -> str:
        return visible_text(note_by_id(collection, "stop-signal")["Back"])

    # The repair, on the deck's side: the note stamped 2038 gets this build's time, the others keep theirs.
    assert run_cli("build", "--cards", stuck, "--reset-clock").exit_code == 0
    (stuck / "a.yaml").write_text(EDITED_AGAIN, encoding="utf-8")
    build_into(run_cli, stuck, stuck.parent / "dist")
    # What no build can change: the collection holds that note with the 2038 time, and Anki's default
    # import takes only newer notes, so the edit does not arrive ...
    import_apkg(collection, deck)
    assert "grace period" not in back()
    # ... until the learner imports once with Update notes (and note types): Always, as the README says.
    log = import_apkg(collection, deck, always=True)
    assert not log.log.conflicting
    assert "grace period" in back()
    # From then on, every edit arrives with the default import, and the reviews stay.
    (stuck / "a.yaml").write_text(EDITED_AGAIN.replace("grace period", "grace period (10 s)"), encoding="utf-8")
    build_into(run_cli, stuck, stuck.parent / "dist")
    import_apkg(collection, deck)
    assert "grace period (10 s)" in back()
    assert collection.note_count() == 3
    assert collection.db.scalar("select count() from revlog") == reviews
    assert all(collection.get_card(cid).reps == 1 for cid in collection.find_cards(""))


def test_stats_says_a_build_would_stop_when_the_clock_cannot_advance(stuck, run_cli):
    (stuck / "a.yaml").write_text(EDITED_AGAIN, encoding="utf-8")
    result = run_cli("stats", "--cards", stuck, "--lang", "en")
    assert "a build would stop" in result.output and "--reset-clock" in result.output, result.output
