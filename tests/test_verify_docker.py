"""What the Docker deck teaches, the engine shows: every verify script of the deck, run on a real
Docker Engine (Debian's docker.io, started for this test run by tests/docker_engine.py).

The scripts run in `dockdeck verify` processes inside the engines' network namespaces, where the
ports containers publish are (an engine's unix socket is reachable from anywhere). They cannot
share an engine (`docker rm $(docker ps -aq)` removes every container on it), so the cards are
dealt to ENGINES engines, each verifying its share at the same time as the others.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import REAL_CARDS
from docker_engine import IMAGE, Engine, missing_parts, start_engine, stop_engine

from generator.sources.format import COMMAND_VARIABLE

# Every topic file of the deck: each card has a script or a reason to have none.
VERIFIED_FILES = tuple(yaml.safe_load((REAL_CARDS / "dockdeck.yaml").read_text(encoding="utf-8"))["files"])
DOCKDECK = Path(sys.executable).parent / "dockdeck"
VERIFY_TIMEOUT = 1800
# The scripts mostly wait on their containers: on 2 CPUs, four engines verify the deck in about two thirds
# of the time two take, and six hardly faster than four.
ENGINES = 4


@pytest.fixture(scope="session")
def engines() -> Iterator[list[Engine]]:
    """Throw-away engines for the whole test run, each holding the image the cards' scripts use."""
    missing = missing_parts()
    if missing:
        pytest.fail(f"no Docker Engine for the verify tests: {missing}", pytrace=False)
    started: list[Engine] = []
    try:
        for _ in range(ENGINES):
            started.append(start_engine())
        yield started
    finally:
        for one in started:
            stop_engine(one)


@pytest.fixture
def engine(engines: list[Engine]) -> Engine:
    return engines[0]


def _command(engine: Engine, *args: str) -> list[str]:
    """`dockdeck verify` on the Docker deck, in the engine's network namespace."""
    return [*engine.enter(), str(DOCKDECK), "verify", "--cards", str(REAL_CARDS), *args]


def _verify(engine: Engine, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_command(engine, *args), env={**os.environ, **engine.env()}, capture_output=True,
                          text=True, timeout=VERIFY_TIMEOUT)


def _cards(name: str) -> list[dict]:
    return yaml.safe_load((REAL_CARDS / name).read_text(encoding="utf-8"))["cards"]


def _scripted_ids() -> list[str]:
    return [card["id"] for name in VERIFIED_FILES for card in _cards(name) if "verify" in card]


def test_every_verify_script_of_the_docker_deck_passes_on_a_real_engine(engines):
    ids = _scripted_ids()
    shares = [ids[n::len(engines)] for n in range(len(engines))]
    runs = [subprocess.Popen(_command(one, *(arg for card_id in share for arg in ("--only", card_id))),
                             env={**os.environ, **one.env()}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for one, share in zip(engines, shares, strict=True)]
    outputs = [run.communicate(timeout=VERIFY_TIMEOUT) for run in runs]
    for run, share, (out, err) in zip(runs, shares, outputs, strict=True):
        assert run.returncode == 0, err + out
        assert out.splitlines()[-1].startswith(f"{len(share)} verified, 0 failed, "), out


@pytest.mark.parametrize("name", VERIFIED_FILES)
def test_every_command_card_runs_its_own_command_or_says_why_it_cannot(name):
    cards = [card for card in _cards(name) if "command" in card]
    assert cards
    unverified = [card["id"] for card in cards if COMMAND_VARIABLE not in card.get("verify", "")
                  and not card.get("verify_skip")]
    assert not unverified, f"{name}: give these a script that runs ${COMMAND_VARIABLE}, or a verify_skip"


@pytest.mark.parametrize("name", VERIFIED_FILES)
def test_every_card_has_a_script_or_says_why_it_has_none(name):
    bare = [card["id"] for card in _cards(name) if "verify" not in card and "verify_skip" not in card]
    assert not bare, f"{name}: these cards have neither verify nor verify_skip"


def test_the_deck_refuses_to_run_its_scripts_on_an_engine_that_is_not_a_throw_away_one():
    other = start_engine(label=False)
    try:
        result = _verify(other, "--only", "ps-running")
    finally:
        stop_engine(other)
    assert result.returncode == 1
    assert "ps-running: verify setup failed (exit 1): refusing to verify on unix://" in result.stderr


def _host_state() -> dict[str, str]:
    """What an engine could leave on the host: network links, iptables rules, /run/containerd."""
    return {"links": subprocess.run(["/bin/busybox", "ip", "-o", "link"], capture_output=True, text=True).stdout,
            "iptables": subprocess.run(["iptables", "-S"], capture_output=True, text=True).stdout,
            "containerd": str(Path("/run/containerd").exists())}


def _command_lines() -> dict[str, str]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                found[entry.name] = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
    return found


def test_a_second_engine_runs_beside_the_first_and_leaves_nothing_behind(engine):
    before = _host_state()
    other = start_engine()
    try:
        for one in (engine, other):  # the same host port, each in its own network namespace
            ran = one.docker("run", "-d", "--name", "dd-port", "-p", "8080:80", IMAGE, "httpd", "-f", "-p", "80")
            assert ran.returncode == 0, ran.stderr
        for one in (engine, other):
            got = subprocess.run([*one.enter(), "/bin/busybox", "wget", "-q", "-O", "-", "http://127.0.0.1:8080/"],
                                 capture_output=True, text=True, timeout=30)
            assert "404 Not Found" in got.stderr  # an httpd with nothing to serve answered
    finally:
        engine.docker("rm", "-f", "dd-port")
        stop_engine(other)
    assert _host_state() == before
    assert not other.root.exists()
    assert str(other.root) not in Path("/proc/self/mountinfo").read_text()
    assert not list(Path("/sys/fs/cgroup").rglob(other.root.name))
    assert not [line for line in _command_lines().values() if str(other.root) in line]
    assert engine.docker("version").returncode == 0
