"""Command-line conventions: -q and -v, stdout vs stderr, exit codes, Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import synthetic
from click.testing import CliRunner

from generator.cli import cli

DOCKDECK = Path(sys.executable).parent / "dockdeck"

A = """\
deck: {ko: 컨테이너, en: Containers}
cards:
  - id: stop-signal
    front: {ko: 신호?, en: Which signal?}
    back: SIGTERM
  - id: exec-shell
    command: docker exec -it <container> sh
    blanks: ["exec", "-it"]
    meaning: {ko: 셸 열기, en: Open a shell}
"""


def run_dockdeck(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The installed `dockdeck`, in a subprocess with its output on pipes."""
    return subprocess.run([DOCKDECK, *args], cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True)


def test_build_into_a_pipe_prints_results_on_stdout_and_nothing_on_stderr(make_cards):
    cards = make_cards({"a.yaml": A})
    done = run_dockdeck(["build", "--cards", "cards", "--out", "dist", "--lang", "en"], cards.parent)
    assert done.returncode == 0
    assert done.stderr == b""
    assert done.stdout.startswith(b"wrote dist/docker-en.apkg: 3 notes")


def test_quiet_build_prints_nothing(make_cards):
    cards = make_cards({"a.yaml": A})
    done = run_dockdeck(["build", "-q", "--cards", "cards", "--out", "dist"], cards.parent)
    assert (done.stdout, done.stderr, done.returncode) == (b"", b"", 0)
    assert (cards.parent / "dist" / "docker-en.apkg").is_file()


def test_ctrl_c_during_a_build_exits_130_with_one_line_and_leaves_the_decks_as_they_were(tmp_path):
    folder = tmp_path
    cards = synthetic.write_deck(folder / "cards", 3000)
    assert run_dockdeck(["build", "--cards", "cards", "--out", "dist"], folder).returncode == 0
    before = {p.name: p.read_bytes() for p in (folder / "dist").iterdir()}
    (cards / "topic-000.yaml").write_text(synthetic.topic_yaml(0, 3000, salt="edited"), encoding="utf-8")
    proc = subprocess.Popen([DOCKDECK, "build", "--cards", "cards", "--out", "dist"], cwd=folder,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.6)  # well inside the build, which takes seconds at this size
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert stderr.decode().splitlines() == ["interrupted: no file was changed."]
    assert stdout == b""
    assert {p.name: p.read_bytes() for p in (folder / "dist").iterdir()} == before


def test_quiet_build_still_reports_problems_on_stderr(make_cards):
    cards = make_cards({"a.yaml": A.replace("back:", "bak:")})
    result = CliRunner().invoke(cli, ["build", "-q", "--cards", str(cards), "--out", str(cards.parent / "dist")])
    assert result.exit_code == 1
    assert "unknown key 'bak'" in result.stderr


def test_verbose_build_lists_every_note_written_and_whether_it_changed(run_cli, make_cards, tmp_path):
    cards = make_cards({"a.yaml": A})
    run_cli("build", "--cards", cards, "--out", tmp_path / "dist", "--lang", "en")
    (cards / "a.yaml").write_text(A.replace("back: SIGTERM", "back: SIGTERM first"), encoding="utf-8")
    result = run_cli("build", "-v", "--cards", cards, "--out", tmp_path / "dist", "--lang", "en")
    listed = [line.split() for line in result.output.splitlines() if line.startswith("  en  ")]
    assert sorted(listed) == [["en", "exec-shell/cloze", "(unchanged)"], ["en", "exec-shell/recall", "(unchanged)"],
                              ["en", "stop-signal", "(changed)"]]


def test_results_go_to_stdout_and_nothing_to_stderr(make_cards):
    cards = make_cards({"a.yaml": A})
    result = CliRunner().invoke(cli, ["check", "--cards", str(cards)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "2 cards in 1 file: no problems.\n", "")


def test_invalid_cards_exit_1_with_problems_on_stderr_only(make_cards):
    cards = make_cards({"a.yaml": A.replace("id: stop-signal", "id: Stop Signal")})
    result = CliRunner().invoke(cli, ["check", "--cards", str(cards)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "a.yaml:3: id 'Stop Signal' is not a lowercase slug" in result.stderr


@pytest.mark.parametrize("args", [["build", "--no-such-option"], ["frobnicate"], ["new"], ["build", "--lang"]])
def test_wrong_usage_exits_2(args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Error:" in result.stderr


def test_version_is_printed():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("dockdeck, version ")


def test_shell_completion_script_is_what_the_readme_promises():
    result = CliRunner().invoke(cli, [], prog_name="dockdeck", env={"_DOCKDECK_COMPLETE": "bash_source"})
    assert result.exit_code == 0
    assert "_dockdeck_completion" in result.stdout


def test_shell_completion_completes_subcommands():
    env = {"_DOCKDECK_COMPLETE": "bash_complete", "COMP_WORDS": "dockdeck st", "COMP_CWORD": "1"}
    result = CliRunner().invoke(cli, [], prog_name="dockdeck", env=env)
    assert "plain,stats" in result.stdout.split()


def test_every_command_has_help_with_an_example(run_cli):
    from generator.cli import cli

    for name in cli.commands:
        result = run_cli(name, "--help")
        assert result.exit_code == 0, name
        assert "Example:" in result.output and f"dockdeck {name}" in result.output, name


def test_build_takes_o_for_its_output_folder_as_extract_does(make_cards):
    cards = make_cards({"a.yaml": A})
    done = run_dockdeck(["build", "--cards", "cards", "-o", "elsewhere", "--lang", "en"], cards.parent)
    assert done.returncode == 0, done.stderr
    assert (cards.parent / "elsewhere" / "docker-en.apkg").is_file()


def complete(words: str, cwd: Path) -> list[str]:
    """What bash completion offers after ``words`` (the last word is being typed)."""
    env = {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1), "_DOCKDECK_COMPLETE": "bash_complete",
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([DOCKDECK], cwd=cwd, env=env, capture_output=True, text=True, timeout=30)
    return [line.split(",", 1)[1] for line in done.stdout.splitlines()]


def test_completion_offers_the_decks_languages_after_lang(make_cards):
    cards = make_cards({"a.yaml": A})
    assert complete("dockdeck build --lang ", cards.parent) == ["ko", "en"]
    assert complete("dockdeck preview --lang e", cards.parent) == ["en"]


def test_completion_offers_the_listed_topic_files_after_add(make_cards):
    cards = make_cards({"a.yaml": A, "b.yaml": A.replace("stop-signal", "x").replace("exec-shell", "y")})
    assert complete("dockdeck add ", cards.parent) == ["a.yaml", "b.yaml"]
