"""Running the verify scripts: each in a fresh temporary folder, with ``sh -eu``, within its time limit.

A card's steps are the deck's setup, its own script and the deck's teardown, each a process group
of its own (``sh`` and whatever it starts), killed whole when it runs out of time, and killed
whole when it ends too, so nothing a script left in the background outlives it. The teardown
runs even after the setup or the script failed. ``-j N`` runs N cards at once, in threads that
each wait for their processes: the work is done by the scripts, not by Python.

Ctrl-C kills every running step and starts no new card; the cards already started still run
their teardown (a second Ctrl-C kills that too), and the ``KeyboardInterrupt`` goes on to the caller.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass
from pathlib import Path

from .plan import Plan, Script

SHELL = "/bin/sh"
# The failure message shows this much of the end of a step's output.
TAIL_LINES = 10
TAIL_LINE_CHARS = 300
_TAIL_BYTES = 64 * 1024


@dataclass(frozen=True)
class Outcome:
    script: Script
    step: str  # the step that failed ("setup", "script", "teardown"), or "" when every step passed
    exit_code: int = 0  # negative: killed by that signal
    timed_out: bool = False
    tail: tuple[str, ...] = ()  # the last lines of the failed step's output
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.step


class Processes:
    """The steps running now, so that Ctrl-C can kill every one of them at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[bytes]] = set()
        self.stopping = threading.Event()  # first Ctrl-C: no new card starts
        self.killed = threading.Event()  # second Ctrl-C: no new process at all

    def start(self, argv: list[str], cwd: Path, env: dict[str, str], out: int,
              teardown: bool) -> subprocess.Popen[bytes] | None:
        """The step's process, or None if Ctrl-C stopped the run (a teardown may still start after the first)."""
        with self._lock:
            if self.killed.is_set() or (self.stopping.is_set() and not teardown):
                return None
            # A session of its own: one killpg reaches everything the script started, and the
            # terminal's Ctrl-C reaches only dockdeck, which decides what to kill.
            proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            self._running.add(proc)
            return proc

    def finish(self, proc: subprocess.Popen[bytes]) -> None:
        """Kill what is left of the step's process group and reap it."""
        _kill_group(proc)
        proc.wait()
        with self._lock:
            self._running.discard(proc)

    def kill_running(self) -> None:
        with self._lock:
            for proc in self._running:
                _kill_group(proc)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group has already gone
        os.killpg(proc.pid, signal.SIGKILL)


def _tail(log: Path) -> tuple[str, ...]:
    with open(log, "rb") as f:
        size = f.seek(0, os.SEEK_END)
        f.seek(max(0, size - _TAIL_BYTES))
        data = f.read()
    lines = [line.rstrip() for line in data.decode("utf-8", errors="replace").splitlines()]
    lines = [line if len(line) <= TAIL_LINE_CHARS else line[:TAIL_LINE_CHARS] + "…" for line in lines if line]
    return tuple(lines[-TAIL_LINES:])


@dataclass(frozen=True)
class _Step:
    exit_code: int
    timed_out: bool
    tail: tuple[str, ...]

    @property
    def failed(self) -> bool:
        return bool(self.exit_code) or self.timed_out


def _run_step(processes: Processes, text: str, name: str, cwd: Path, env: dict[str, str], timeout: float,
              log: Path, teardown: bool = False) -> _Step | None:
    """Run one script with ``sh -eu``; None if Ctrl-C came first."""
    with open(log, "wb") as out:
        proc = processes.start([SHELL, "-eu", "-c", text, name], cwd, env, out.fileno(), teardown)
    if proc is None:
        return None
    timed_out = False
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
    finally:
        processes.finish(proc)
    return _Step(proc.returncode, timed_out, _tail(log))


def _verify_card(script: Script, plan: Plan, processes: Processes, root: Path) -> Outcome:
    """The card's setup, script and teardown."""
    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix=f"{script.card_id}-", dir=root))
    cwd = folder / "work"
    cwd.mkdir()
    env = {**os.environ, **script.env}
    failed: tuple[str, _Step] | None = None
    steps = ([("setup", plan.setup)] if plan.setup else []) + [("script", script.text)]
    try:
        for step, text in steps:
            name = script.card_id if step == "script" else f"{script.card_id} {step}"
            result = _run_step(processes, text, name, cwd, env, plan.timeout, folder / step)
            if result is None:
                break
            if result.failed:
                failed = (step, result)
                break
        if plan.teardown:
            result = _run_step(processes, plan.teardown, f"{script.card_id} teardown", cwd, env, plan.timeout,
                               folder / "teardown", teardown=True)
            if result is not None and result.failed and failed is None:
                failed = ("teardown", result)
    except OSError as err:  # the shell cannot be started at all
        failed = ("script", _Step(127, False, (f"{SHELL}: {err.strerror or err}",)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    seconds = time.monotonic() - started
    if failed is None:
        return Outcome(script, "", seconds=seconds)
    step, result = failed
    return Outcome(script, step, result.exit_code, result.timed_out, result.tail, seconds)


def run_plan(plan: Plan, jobs: int, on_outcome: Callable[[Outcome], None]) -> list[Outcome]:
    """Run every script of the plan, ``jobs`` at a time; ``on_outcome`` hears of each card as it ends
    (from the thread that ran it, one at a time). Outcomes come back in the plan's order."""
    processes = Processes()
    root = Path(tempfile.mkdtemp(prefix="dockdeck-verify-"))
    heard = threading.Lock()

    def verify(script: Script) -> Outcome | None:
        """The card's outcome; None if Ctrl-C came before it started."""
        if processes.stopping.is_set():
            return None
        outcome = _verify_card(script, plan, processes, root)
        if not processes.stopping.is_set():
            with heard:
                on_outcome(outcome)
        return outcome

    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="verify")
    try:
        futures = [pool.submit(verify, script) for script in plan.scripts]
        try:
            for future in as_completed(futures):
                future.result()
        except KeyboardInterrupt:
            processes.stopping.set()
            processes.kill_running()
            try:  # the cards already started run their teardown
                wait(futures)
            except KeyboardInterrupt:
                processes.killed.set()
                processes.kill_running()
            raise
    finally:
        processes.stopping.set()
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(root, ignore_errors=True)
    # None is a card Ctrl-C kept from starting, and then the KeyboardInterrupt went on above.
    return [outcome for future in futures if (outcome := future.result()) is not None]
