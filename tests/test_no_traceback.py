"""What the trial made fail with a traceback is a located problem, exit code 1, with nothing written.

Each case names where the trouble is (a file, the variable, the working directory, standard output)
and what to do; every command with the same weakness is checked with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTAINERS, build_into, without_root_powers

EDITED = CONTAINERS.replace('en: "`SIGTERM`"', 'en: "`SIGTERM`, then `SIGKILL`"')
DOCKDECK = Path(sys.executable).parent / "dockdeck"
DEEP = "[" * 100_000 + "]" * 100_000


def _no_traceback(result) -> None:
    assert "Traceback" not in result.output and not isinstance(result.exception, (RecursionError, OSError, ValueError))


@pytest.fixture
def built(make_cards, run_cli):
    """A deck built once into dist/ beside its cards, then edited, so that the next build changes a note."""
    cards = make_cards({"a.yaml": CONTAINERS})
    build_into(run_cli, cards, cards.parent / "dist")
    (cards / "a.yaml").write_text(EDITED, encoding="utf-8")
    return cards


def _outputs(cards: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in [*cards.iterdir(), *(cards.parent / "dist").iterdir()] if p.is_file()}


@pytest.mark.parametrize("command", ["build", "stats"])
def test_deeply_nested_note_times_are_a_located_problem(built, run_cli, command):
    (built / "note-times.json").write_text(DEEP, encoding="utf-8")
    before = _outputs(built)
    result = run_cli(command, "--cards", built)
    _no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{built}/note-times.json:1: the note-times file is nested too deep"), result.stderr
    assert "delete it" in result.stderr
    assert _outputs(built) == before


@pytest.mark.parametrize("command", ["build", "stats"])
def test_a_deeply_nested_legacy_manifest_is_a_located_problem(built, run_cli, command):
    (built / "note-times.json").unlink()
    legacy = built.parent / "dist" / "docker.manifest.json"
    legacy.write_text(DEEP, encoding="utf-8")
    result = run_cli(command, "--cards", built)
    _no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{built.parent}/dist/docker.manifest.json:1: the note-times file is nested too deep")


def test_a_deeply_nested_build_record_only_means_a_full_build(built, run_cli, tmp_path_factory):
    records = list(Path(os.environ["XDG_CACHE_HOME"], "dockdeck").glob("build-*.json"))
    assert records, "the first build wrote its record"
    for record in records:
        record.write_text(DEEP, encoding="utf-8")
    result = run_cli("build", "--cards", built)
    assert result.exit_code == 0, result.output
    assert "1 changed" in result.output


def test_a_source_date_epoch_of_non_ascii_digits_is_a_problem(built, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "²")  # str.isdigit() is true for it, int() refuses it
    before = _outputs(built)
    result = run_cli("build", "--cards", built)
    _no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.startswith("SOURCE_DATE_EPOCH: is '²', not a time in seconds")
    assert _outputs(built) == before


def test_a_leftover_whose_process_number_is_not_ascii_digits_is_cleared_like_any_other(built, run_cli):
    leftover = built.parent / "dist" / ".docker-en.apkg.².x.tmp"
    leftover.write_bytes(b"half a deck")
    result = run_cli("build", "--cards", built)
    _no_traceback(result)
    assert result.exit_code == 0, result.output
    assert not leftover.exists()


@pytest.mark.parametrize("args", [["check"], ["build"], ["stats"], ["schema"], ["new", "networks"],
                                  ["add", "a.yaml", "--command", "docker ps -a", "--meaning-en", "List all"]],
                         ids=lambda args: args[0])
def test_a_cards_folder_that_cannot_be_entered_is_a_located_problem(built, args):
    folder = built.parent
    built.chmod(0)
    try:
        denied = subprocess.run([*without_root_powers(), sys.executable, "-c", "open('cards/a.yaml')"], cwd=folder,
                                capture_output=True)
        assert denied.returncode != 0, "the test must run where a mode-000 folder stops the command"
        done = subprocess.run([*without_root_powers(), str(DOCKDECK), *args], cwd=folder, capture_output=True,
                              text=True, timeout=120)
    finally:
        built.chmod(0o755)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stderr
    first = done.stderr.splitlines()[0]
    assert first.startswith("cards/") and "permission denied: the folder cards cannot be entered" in first, first
    assert "chmod u+rwx cards" in first


def _with_stdout_to_dev_full(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    with open("/dev/full", "w") as full:
        return subprocess.run([str(DOCKDECK), *args], cwd=cwd, stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=120)


def test_a_build_whose_report_cannot_be_printed_says_so_and_the_decks_are_written(built):
    done = _with_stdout_to_dev_full(["build", "-v", "--cards", "cards"], built.parent)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "standard output: cannot be written: No space left on device (what was printed is incomplete; "
        "every file the command writes was written before it printed)"]
    rebuilt = subprocess.run([str(DOCKDECK), "build", "--cards", "cards"], cwd=built.parent, capture_output=True,
                             text=True, timeout=120)
    assert "since the last build" not in rebuilt.stdout, "the interrupted build had written everything"


@pytest.mark.parametrize("args", [["check", "--cards", "cards"], ["stats", "--cards", "cards"], ["stats", "--json"],
                                  ["schema"], ["--help"], ["--version"], ["build", "--help"]], ids=" ".join)
def test_any_command_whose_output_cannot_be_printed_says_so(built, args):
    done = _with_stdout_to_dev_full(args, built.parent)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1].startswith("standard output: cannot be written: No space left on device")


@pytest.mark.parametrize("command", ["build", "check", "stats", "new"])
def test_a_deleted_working_directory_is_a_problem_that_says_what_to_do(built, run_cli, tmp_path, monkeypatch,
                                                                       command):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    before = _outputs(built)
    result = run_cli(command, "--cards", built, *(["networks"] if command == "new" else []))
    _no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.startswith("working directory: no longer exists: it was deleted or moved while the shell was "
                                    "in it (cd into an existing folder and run the command again)"), result.stderr
    assert _outputs(built) == before
