"""`dockdeck verify`: cards that carry a shell script showing that what they teach holds.

These decks verify with `sh` alone; tests/test_verify_docker.py runs the Docker deck's scripts on a
real Docker Engine.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import import_apkg

SETTINGS = """\
name: t
languages: [en]
root_deck: T
files: [a.yaml]
"""


def _settings(verify: str = "") -> str:
    """The settings of a one-topic English deck, with a `verify:` block if given (indented YAML)."""
    return SETTINGS + (f"verify:\n{verify}" if verify else "")


def _deck(make_cards, cards: str, verify: str = "") -> Path:
    return make_cards({"a.yaml": "deck: A\ncards:\n" + cards}, settings=_settings(verify))


def _verify(run_cli, cards: Path, *args: str):
    return run_cli("verify", "--cards", cards, *args)


def _gone(pid: int) -> bool:
    """Whether the process has ended (a SIGKILL takes a moment to land; a zombie has ended)."""
    for _ in range(100):
        try:
            if "\nState:\tZ" in Path(f"/proc/{pid}/status").read_text():
                return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


# --- passing, failing, and the summary ------------------------------------------------------

def test_a_script_that_exits_0_is_counted_as_verified(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - {id: truth, front: q, back: a, verify: "test 1 = 1"}
  - {id: unverified, front: q, back: a}
""")
    result = _verify(run_cli, cards)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "1 verified, 0 failed, 1 without verify"


def test_a_failing_script_is_reported_at_its_line_with_its_exit_code_and_last_output(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - id: wrong
    front: q
    back: a
    verify: |
      echo first line
      echo the claim does not hold >&2
      exit 3
""")
    result = _verify(run_cli, cards)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{cards / 'a.yaml'}:6: wrong: verify failed (exit 3):",
        "    | first line",
        "    | the claim does not hold",
    ]
    assert result.stdout.splitlines()[-1] == "0 verified, 1 failed, 0 without verify"


def test_only_the_last_lines_of_a_long_output_are_shown(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - {id: noisy, front: q, back: a, verify: "for i in $(seq 1 50); do echo line $i; done; false"}
""")
    lines = _verify(run_cli, cards).stderr.splitlines()
    assert lines[1:] == [f"    | line {i}" for i in range(41, 51)]


def test_the_script_runs_with_sh_minus_e_so_a_failing_command_fails_it(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - id: stops-early
    front: q
    back: a
    verify: |
      false
      echo not reached
""")
    result = _verify(run_cli, cards)
    assert result.exit_code == 1
    assert "not reached" not in result.output


def test_the_script_runs_with_sh_minus_u_so_an_unset_variable_fails_it(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - {id: typo, front: q, back: a, verify: 'echo "$no_such_variable"'}
""")
    result = _verify(run_cli, cards)
    assert result.exit_code == 1
    assert "typo: verify failed (exit 2): typo: 1: no_such_variable: parameter not set" in result.stderr


def test_each_script_runs_in_a_fresh_empty_folder_that_is_removed_afterwards(run_cli, make_cards, tmp_path):
    seen = tmp_path / "seen"
    check = f'test -z "$(ls -A)"; touch left-behind; pwd >> {seen}'
    cards = _deck(make_cards, f"""\
  - {{id: one, front: q, back: a, verify: '{check}'}}
  - {{id: two, front: q, back: a, verify: '{check}'}}
""")
    result = _verify(run_cli, cards)
    assert result.exit_code == 0, result.output
    folders = seen.read_text().split()
    assert len(set(folders)) == 2
    assert not any(Path(folder).exists() for folder in folders)


# --- the time limit ---------------------------------------------------------------------------

def test_a_script_over_the_time_limit_is_killed_with_everything_it_started(run_cli, make_cards, tmp_path):
    pids = tmp_path / "pids"
    cards = _deck(make_cards, f"""\
  - id: hangs
    front: q
    back: a
    verify: |
      sleep 300 &
      echo $! > {pids}
      echo waiting for nothing
      wait
""", verify="  timeout: 1\n")
    started = time.monotonic()
    result = _verify(run_cli, cards)
    assert time.monotonic() - started < 60
    assert result.exit_code == 1
    assert "hangs: verify failed (timed out after 1 s): waiting for nothing" in result.stderr
    pid = int(pids.read_text())
    assert _gone(pid)


def test_a_background_process_a_passing_script_leaves_is_killed_too(run_cli, make_cards, tmp_path):
    pids = tmp_path / "pids"
    cards = _deck(make_cards, f"""\
  - {{id: leaves-one, front: q, back: a, verify: 'sleep 300 & echo $! > {pids}'}}
""")
    assert _verify(run_cli, cards).exit_code == 0
    assert _gone(int(pids.read_text()))


# --- settings: env, setup, teardown ------------------------------------------------------------

def test_the_settings_env_reaches_every_script(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - {id: env, front: q, back: a, verify: 'test "$GREETING" = "hello there" && test "$PORT" = 8080'}
""", verify='  env: {GREETING: hello there, PORT: 8080}\n')
    result = _verify(run_cli, cards)
    assert result.exit_code == 0, result.output


def test_the_setup_runs_before_each_script_in_its_folder(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - {id: one, front: q, back: a, verify: "test -f prepared"}
  - {id: two, front: q, back: a, verify: "test -f prepared"}
""", verify="  setup: touch prepared\n")
    result = _verify(run_cli, cards)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "2 verified, 0 failed, 0 without verify"


def test_the_teardown_runs_after_a_failed_script(run_cli, make_cards, tmp_path):
    log = tmp_path / "teardowns"
    cards = _deck(make_cards, """\
  - {id: fails, front: q, back: a, verify: "false"}
""", verify=f'  teardown: echo "$DOCKDECK_CARD" >> {log}\n')
    result = _verify(run_cli, cards)
    assert result.exit_code == 1
    assert log.read_text() == "fails\n"


def test_the_teardown_runs_after_a_script_killed_at_the_time_limit(run_cli, make_cards, tmp_path):
    log = tmp_path / "teardowns"
    cards = _deck(make_cards, """\
  - {id: hangs, front: q, back: a, verify: "sleep 300"}
""", verify=f"  timeout: 1\n  teardown: echo \"$DOCKDECK_CARD\" >> {log}\n")
    assert _verify(run_cli, cards).exit_code == 1
    assert log.read_text() == "hangs\n"


def test_a_failing_setup_fails_the_card_skips_its_script_and_still_tears_down(run_cli, make_cards, tmp_path):
    log = tmp_path / "log"
    cards = _deck(make_cards, f"""\
  - {{id: card, front: q, back: a, verify: "echo script >> {log}"}}
""", verify=f"  setup: |\n    echo no engine here\n    exit 4\n  teardown: echo teardown >> {log}\n")
    result = _verify(run_cli, cards)
    assert result.exit_code == 1
    assert "card: verify setup failed (exit 4): no engine here" in result.stderr
    assert log.read_text() == "teardown\n"


def test_a_failing_teardown_fails_the_card(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - {id: card, front: q, back: a, verify: "true"}
""", verify="  teardown: echo could not clean up; exit 5\n")
    result = _verify(run_cli, cards)
    assert result.exit_code == 1
    assert "card: verify teardown failed (exit 5): could not clean up" in result.stderr


# --- a command card's own command --------------------------------------------------------------

def test_a_command_card_script_runs_its_own_command_with_the_placeholders_bound(run_cli, make_cards):
    # Each value lands where its placeholder stands, quoted for that place: a bare word, inside
    # double quotes, inside single quotes; the Go template braces are the command's own text.
    tricky = """it's "$HOME" `x` \\\\ {{.Names}}"""
    cards = _deck(make_cards, """\
  - id: print
    command: printf '%s|' <value> "<value>" '<value>' '{{.Names}}'
    meaning: Print a value
    verify: |
      out=$(eval "$DOCKDECK_COMMAND")
      test "$out" = "$value|$value|$value|{{.Names}}|"
""", verify=f"  bind: {{'<value>': '{tricky.replace(chr(39), chr(39) * 2)}'}}\n")
    result = _verify(run_cli, cards)
    assert result.exit_code == 0, result.output


def test_the_bound_value_is_also_a_shell_variable_named_after_the_placeholder(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - id: names
    command: echo <host-port> <container>
    meaning: Print two values
    verify: 'test "$host_port $container" = "8080 web" && test "$(eval "$DOCKDECK_COMMAND")" = "8080 web"'
""", verify="  bind: {'<host-port>': 8080, '<container>': web}\n")
    result = _verify(run_cli, cards)
    assert result.exit_code == 0, result.output


def test_a_cards_own_binding_overrides_the_decks(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - id: own
    command: echo <container>
    meaning: Print the container
    verify_bind: {"<container>": db}
    verify: 'test "$(eval "$DOCKDECK_COMMAND")" = db && test "$container" = db'
  - id: deck-wide
    command: echo <container>
    meaning: Print the container
    verify: 'test "$(eval "$DOCKDECK_COMMAND")" = web'
""", verify="  bind: {'<container>': web}\n")
    result = _verify(run_cli, cards)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "2 verified, 0 failed, 0 without verify"


def test_a_placeholder_without_a_value_is_a_located_problem_before_anything_runs(run_cli, make_cards, tmp_path):
    ran = tmp_path / "ran"
    cards = _deck(make_cards, f"""\
  - id: stop
    command: docker stop <container>
    meaning: Stop a container
    verify: |
      touch {ran}
      eval "$DOCKDECK_COMMAND"
""")
    for command in ("check", "verify"):
        result = run_cli(command, "--cards", cards)
        assert result.exit_code == 1
        assert (f"{cards / 'a.yaml'}:6: the verify script runs the command, but its <container> has no value "
                '(add "<container>": ... to verify: bind: in dockdeck.yaml, or to this card\'s verify_bind:)'
                in result.stderr)
    assert not ran.exists()


def test_a_script_that_does_not_run_the_command_needs_no_values(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - id: stop
    command: docker stop <container>
    meaning: Stop a container
    verify: "true"
""")
    assert _verify(run_cli, cards).exit_code == 0


def test_only_a_command_card_has_the_command_variable(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - {id: basic, front: q, back: a, verify: 'eval "$DOCKDECK_COMMAND"'}
""")
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 1
    assert "a.yaml:3: only a command card's script has $DOCKDECK_COMMAND" in result.stderr


def test_a_card_binding_for_a_placeholder_the_command_lacks_is_a_problem(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - id: stop
    command: docker stop <container>
    meaning: Stop a container
    verify_bind: {"<image>": busybox}
    verify: "true"
""")
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 1
    assert "a.yaml:6: verify_bind: the command has no <image> (its placeholders: <container>)" in result.stderr


# --- skipped cards --------------------------------------------------------------------------------

def test_a_skipped_card_is_listed_with_its_reason_and_counted(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - id: pull
    command: docker pull <image>
    meaning: Download an image
    verify_skip: needs a registry, which the test machine cannot reach
  - {id: truth, front: q, back: a, verify: "true"}
""")
    result = _verify(run_cli, cards)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{cards / 'a.yaml'}:3: pull: skipped: needs a registry, which the test machine cannot reach",
        "1 verified, 0 failed, 0 without verify, 1 skipped",
    ]


# --- choosing cards, running several at once --------------------------------------------------------

def test_only_runs_just_the_named_cards(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - {id: good, front: q, back: a, verify: "true"}
  - {id: bad, front: q, back: a, verify: "false"}
""")
    result = _verify(run_cli, cards, "--only", "good")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "1 verified, 0 failed, 0 without verify"


def test_only_with_an_id_no_card_has_is_a_usage_error(run_cli, make_cards):
    cards = _deck(make_cards, """\
  - {id: stop-container, front: q, back: a, verify: "true"}
""")
    result = _verify(run_cli, cards, "--only", "stop-containr")
    assert result.exit_code == 2
    assert "no card has the id 'stop-containr' (did you mean 'stop-container'?)" in result.output


def test_jobs_run_scripts_at_the_same_time(run_cli, make_cards, tmp_path):
    # Each script waits for the other's file: only together can both finish within the limit.
    meet = tmp_path / "meet"
    meet.mkdir()
    wait = "touch {d}/{me}; i=0; until test -f {d}/{other}; do i=$((i+1)); test $i -lt 100; sleep 0.1; done"
    cards = _deck(make_cards, f"""\
  - {{id: left, front: q, back: a, verify: "{wait.format(d=meet, me='left', other='right')}"}}
  - {{id: right, front: q, back: a, verify: "{wait.format(d=meet, me='right', other='left')}"}}
""")
    result = _verify(run_cli, cards, "-j", "2")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "2 verified, 0 failed, 0 without verify"


def test_ctrl_c_kills_the_running_scripts_tears_down_and_exits_130(make_cards, tmp_path):
    pids, log = tmp_path / "pids", tmp_path / "log"
    cards = _deck(make_cards, f"""\
  - {{id: long, front: q, back: a, verify: 'sleep 300 & echo $! > {pids}; wait'}}
  - {{id: never, front: q, back: a, verify: 'echo never >> {log}'}}
""", verify=f'  teardown: echo "teardown $DOCKDECK_CARD" >> {log}\n')
    dockdeck = Path(sys.executable).parent / "dockdeck"
    proc = subprocess.Popen([str(dockdeck), "verify", "--cards", str(cards)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    for _ in range(200):
        if pids.exists() and pids.read_text().strip():
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "interrupted" in err
    assert _gone(int(pids.read_text()))
    assert log.read_text() == "teardown long\n"


# --- the card format: check refuses what verify could not run ------------------------------------------

@pytest.mark.parametrize("card,message", [
    ('{id: a, front: q, back: a, verify: true}',
     "a.yaml:3: verify must be a shell script (text), not true/false (quote it to run it as a script)"),
    ('{id: a, front: q, back: a, verify: " "}', "a.yaml:3: verify is empty"),
    ('{id: a, front: q, back: a, verify_skip: ""}', "a.yaml:3: verify_skip must say why the card has no verify script"),
    ('{id: a, front: q, back: a, verify: "true", verify_skip: registry}',
     "a.yaml:3: a card has either verify or verify_skip, not both"),
    ('{id: a, front: q, back: a, verify_bind: {"<x>": 1}}', "a.yaml:3: 'verify_bind' does not belong on a basic card"),
    ('{id: a, front: q, back: a, verfy: "true"}', "a.yaml:3: unknown key 'verfy' in a card (did you mean 'verify'?)"),
])
def test_check_refuses_a_verify_key_that_cannot_run(run_cli, make_cards, card, message):
    cards = _deck(make_cards, f"  - {card}\n")
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 1
    assert message in result.stderr


@pytest.mark.parametrize("block,message", [
    ("  timeuot: 5\n", "dockdeck.yaml:6: unknown key 'timeuot' in verify (did you mean 'timeout'?)"),
    ("  timeout: 0\n", "dockdeck.yaml:6: verify timeout must be a number of seconds, more than 0 and at most 3600"),
    ("  timeout: soon\n", "dockdeck.yaml:6: verify timeout must be a number of seconds"),
    ("  env: {1X: a}\n", "dockdeck.yaml:6: verify env: '1X' is not a variable name"),
    ("  env: {X: true}\n", "dockdeck.yaml:6: verify env: the value of X must be text or a number, not true/false"),
    ("  bind: {container: web}\n", "dockdeck.yaml:6: verify bind: 'container' is not a <placeholder>"),
    ("  setup: 5\n", "dockdeck.yaml:6: verify setup must be a shell script (text), not number"),
    ("  teardown: ''\n", "dockdeck.yaml:6: verify teardown is empty"),
])
def test_check_refuses_a_verify_settings_block_that_cannot_run(run_cli, make_cards, block, message):
    cards = _deck(make_cards, "  - {id: a, front: q, back: a}\n", verify=block)
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 1
    assert message in result.stderr


def test_a_verify_block_that_is_not_a_mapping_is_refused(run_cli, make_cards):
    cards = make_cards({"a.yaml": "deck: A\ncards: []\n"}, settings=SETTINGS + "verify: sh run.sh\n")
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 1
    assert "dockdeck.yaml:5: verify must be a mapping, not text" in result.stderr


# Whole files, so that tests/test_schema.py also holds the editor schema to these verdicts.
VALID_VERIFY_SETTINGS = """\
name: t
languages: [en]
root_deck: T
files: [a.yaml]
verify:
  env: {LC_ALL: C, RETRIES: 3}
  bind: {"<container>": web, "<host-port>": 8080}
  setup: |
    mkdir work
  teardown: rm -rf work
  timeout: 30.5
"""

VALID_VERIFY_TOPIC = """\
deck: A
cards:
  - id: stop
    command: docker stop <container>
    meaning: Stop a container
    verify_bind: {"<container>": db}
    verify: |
      eval "$DOCKDECK_COMMAND"
  - id: pull
    command: docker pull <image>
    meaning: Download an image
    verify_skip: needs a registry
  - id: grace
    cloze: "`docker stop` waits [[10]] seconds."
    verify: test 10 -eq 10
"""

INVALID_VERIFY_FILES = [
    # verify and verify_skip on one card
    """\
deck: A
cards:
  - {id: a, front: q, back: a, verify: "true", verify_skip: why}
""",
    # a script YAML reads as true/false
    """\
deck: A
cards:
  - {id: a, front: q, back: a, verify: true}
""",
    # a skip without a reason
    """\
deck: A
cards:
  - {id: a, front: q, back: a, verify_skip: "  "}
""",
    # placeholder values on a card without a command
    """\
deck: A
cards:
  - {id: a, cloze: "[[x]]", verify_bind: {"<x>": y}}
""",
    # a binding that is not a <placeholder>
    """\
deck: A
cards:
  - {id: a, command: docker stop <container>, meaning: Stop, verify_bind: {container: web}}
""",
    # an unknown key in the settings' verify block
    """\
name: t
languages: [en]
root_deck: T
files: [a.yaml]
verify: {timeout: 5, jobs: 2}
""",
    # a timeout of no time
    """\
name: t
languages: [en]
root_deck: T
files: [a.yaml]
verify: {timeout: 0}
""",
    # an environment variable name the shell cannot take
    """\
name: t
languages: [en]
root_deck: T
files: [a.yaml]
verify:
  env: {"MY-VAR": x}
""",
]


def test_check_accepts_the_verify_keys_written_as_documented(run_cli, make_cards):
    cards = make_cards({"a.yaml": VALID_VERIFY_TOPIC}, settings=VALID_VERIFY_SETTINGS)
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("text", INVALID_VERIFY_FILES)
def test_check_refuses_a_verify_key_written_wrong(run_cli, make_cards, text):
    if text.startswith("name:"):
        cards = make_cards({"a.yaml": "deck: A\ncards: []\n"}, settings=text)
    else:
        cards = make_cards({"a.yaml": text}, settings=SETTINGS)
    result = run_cli("check", "--cards", cards)
    assert result.exit_code == 1
    assert "verify" in result.stderr


# --- only `dockdeck verify` runs anything -----------------------------------------------------------------

def test_build_check_and_stats_never_run_a_script(run_cli, make_cards, tmp_path):
    ran = tmp_path / "ran"
    cards = _deck(make_cards, f"""\
  - {{id: a, front: q, back: a, verify: "touch {ran}"}}
""", verify=f"  setup: touch {ran}\n  teardown: touch {ran}\n")
    for command in ("build", "check", "stats"):
        result = run_cli(command, "--cards", cards)
        assert result.exit_code == 0, result.output
        assert not ran.exists(), command
    assert _verify(run_cli, cards).exit_code == 0
    assert ran.exists()


def test_changing_only_a_verify_script_changes_no_byte_of_the_decks(run_cli, make_cards, tmp_path):
    cards = _deck(make_cards, """\
  - {id: a, front: q, back: a, verify: "test 1 = 1"}
  - {id: c, command: docker stop <container>, meaning: Stop it, verify_skip: no engine}
""")
    run_cli("build", "--cards", cards, "--out", tmp_path / "before")
    _deck(make_cards, """\
  - {id: a, front: q, back: a, verify: "test 2 = 2"}
  - {id: c, command: docker stop <container>, meaning: Stop it, verify_bind: {"<container>": web}, verify: "true"}
""", verify="  timeout: 5\n  setup: 'true'\n")
    times = (cards / "note-times.json").read_bytes()
    result = run_cli("build", "--cards", cards, "--out", tmp_path / "after")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "before/t-en.apkg").read_bytes() == (tmp_path / "after/t-en.apkg").read_bytes()
    assert (cards / "note-times.json").read_bytes() == times


def test_no_verify_script_reaches_the_built_deck(run_cli, make_cards, tmp_path, collection):
    marker = "verify-script-marker-1234"
    cards = _deck(make_cards, f"""\
  - {{id: a, front: q, back: a, verify: "echo {marker}"}}
  - {{id: c, command: docker stop <container>, meaning: Stop it, verify_skip: "{marker}"}}
""", verify=f"  setup: echo {marker}\n  env: {{M: {marker}}}\n")
    result = run_cli("build", "--cards", cards, "--out", tmp_path / "dist")
    assert result.exit_code == 0, result.output
    apkg = tmp_path / "dist/t-en.apkg"
    with zipfile.ZipFile(apkg) as z:
        assert not any(marker.encode() in z.read(name) for name in z.namelist())
    import_apkg(collection, apkg)
    notes = [collection.get_note(nid) for nid in collection.find_notes("")]
    assert notes
    assert not any(marker in field for note in notes for field in note.fields)


def test_the_script_sees_the_card_id_and_the_cards_folder(run_cli, make_cards, monkeypatch):
    cards = _deck(make_cards, """\
  - {id: where, front: q, back: a, verify: 'test "$DOCKDECK_CARD" = where && test -f "$DOCKDECK_CARDS/a.yaml"'}
""")
    monkeypatch.chdir(cards.parent)
    result = _verify(run_cli, Path("cards"))
    assert result.exit_code == 0, result.output


def test_only_the_verify_runner_and_previews_browser_opener_start_programs():
    # The rest of the package cannot run anything a deck holds: it never starts a process.
    import ast

    from test_layout import PACKAGE, _module

    starts = ("system", "popen", "posix_spawn", "posix_spawnp", "fork", "forkpty")
    starters = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, (ast.Import, ast.ImportFrom)) else []
            module = node.module or "" if isinstance(node, ast.ImportFrom) else ""
            if {"subprocess", "pty", "multiprocessing"} & {module, *names} or (module == "os" and any(
                    name in starts or name.startswith(("exec", "spawn")) for name in names)):
                starters.add(_module(path))
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os" and (
                    node.attr in starts or node.attr.startswith(("exec", "spawn"))):
                starters.add(_module(path))
    assert starters == {"generator.verify.run", "generator.preview.run"}
