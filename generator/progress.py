"""A progress bar for long builds, on a terminal only.

Short builds stay silent: the bar appears once a build has run for about a
second. Off a terminal (CI logs, pipes) nothing is drawn at all, so logs hold
results and errors only. A background thread redraws the bar so the elapsed
time moves even while one long stage runs.
"""

from __future__ import annotations

import os
import threading
import time
from typing import IO, Any

import click

# Seconds before the bar appears; the tests set it to 0 so a bar shows without waiting.
DELAY_ENV = "DOCKDECK_PROGRESS_DELAY"
REDRAW_SECONDS = 0.2


def _delay() -> float:
    try:
        return max(0.0, float(os.environ.get(DELAY_ENV, "1")))
    except ValueError:
        return 1.0


class BuildProgress:
    """Pass as ``progress`` to ``build``; use as a context manager around it."""

    def __init__(self, stream: IO[str], enabled: bool, label: str = "building") -> None:
        self.stream = stream
        self.enabled = enabled
        self.label = label
        self.done = 0
        self.total = 0
        self._bar: Any = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._start = time.monotonic()
        self._delay = _delay()

    def __call__(self, done: int, total: int) -> None:
        with self._lock:
            self.done, self.total = done, total
        if self.enabled:
            self._draw()

    def __enter__(self) -> "BuildProgress":
        if self.enabled:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            if self._bar is not None:
                # Clear the bar's line and show the cursor again, so results print cleanly.
                self.stream.write("\r\x1b[2K\x1b[?25h")
                self.stream.flush()
                self._bar = None

    def _run(self) -> None:
        while not self._stop.wait(REDRAW_SECONDS):
            self._draw()

    def _draw(self) -> None:
        with self._lock:
            if self._stop.is_set() and self._thread is not None and threading.current_thread() is self._thread:
                return
            elapsed = time.monotonic() - self._start
            if elapsed < self._delay:
                return
            if self._bar is None:
                self._bar = click.progressbar(length=max(self.total, 1), file=self.stream, show_eta=False,
                                              show_percent=True, width=30)
            self._bar.label = f"{self.label} ({elapsed:.0f} s)"
            self._bar.length = max(self.total, 1)
            self._bar.pos = min(self.done, self._bar.length)
            self._bar.render_progress()
