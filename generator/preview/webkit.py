"""Lay cards out in WebKit, the engine AnkiMobile (iPhone, iPad) and Anki on macOS show cards in.

WebKitGTK's bindings live in the system Python (``gi``), not in dockdeck's environment, and GTK
starts only on a display: so ``webkit_driver.py`` runs as a ``/usr/bin/python3`` process on a
private Xvfb display, and this module talks to it over pipes. One ``WebKitPhone`` serves any number
of pages: start it once, load page after page.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import IO, Any

SYSTEM_PYTHON = Path("/usr/bin/python3")
DRIVER = Path(__file__).with_name("webkit_driver.py")
INSTALL_HINT = ("install WebKitGTK, its Python bindings and a virtual display: `apt-get install "
                "--no-install-recommends gir1.2-webkit2-4.1 python3-gi-cairo xvfb xauth`")


class WebKitError(Exception):
    """WebKit could not start, or could not do what was asked; the message says which and why."""


def webkit_missing(display: bool = True) -> str | None:
    """Why WebKit cannot lay out cards here (the parts it needs that are not installed), or None.

    ``display``: WebKit is to run on a display of its own (Xvfb), not on the user's.
    """
    if not SYSTEM_PYTHON.is_file():
        return f"WebKit is driven from the system Python, and {SYSTEM_PYTHON} is missing: {INSTALL_HINT}"
    if display and shutil.which("Xvfb") is None:
        return f"WebKit needs a display, and Xvfb (which makes one) is missing: {INSTALL_HINT}"
    return None


PHONE = (360, 780)


class WebKitPhone:
    """A 360x780 WebKit web view in its own process, on its own Xvfb display, until ``close()``."""

    name = "webkit"

    def __init__(self) -> None:
        missing = webkit_missing()
        if missing:
            raise WebKitError(missing)
        self._driver: subprocess.Popen[str] | None = None
        self._errors: IO[bytes] | None = None
        self._display: subprocess.Popen[bytes] | None = None
        try:
            self._display, display = start_xvfb()
            env = {k: v for k, v in os.environ.items()
                   if k not in ("WAYLAND_DISPLAY", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
            env["DISPLAY"] = display
            # What WebKit says on stderr is kept aside, for the message if it fails.
            self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - open as long as the process runs
            # -I: the system Python sees neither dockdeck's environment nor the user's site folder.
            self._driver = subprocess.Popen([str(SYSTEM_PYTHON), "-I", str(DRIVER)], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=self._errors, env=env,
                                            text=True, encoding="utf-8")
            hello = self._read()
            if not hello.get("ok"):
                raise WebKitError(f"WebKit did not start: {hello.get('error')}: {INSTALL_HINT}")
            if tuple(hello["viewport"]) != PHONE:
                raise WebKitError(f"WebKit's view is {hello['viewport']} px, not the phone's {list(PHONE)}")
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> WebKitPhone:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def load(self, html: str, base_uri: str) -> None:
        """Show ``html`` as a page whose address is ``base_uri`` (relative picture names resolve there)."""
        self._ask({"op": "load", "html": html, "base": base_uri})

    def call(self, function: str, *args: Any) -> Any:
        """Run the JavaScript ``function`` on the page with ``args``; what it returns, through JSON."""
        return self._ask({"op": "call", "function": function, "args": list(args)})["value"]

    def screenshot(self, selector: str = "body") -> bytes:
        """A PNG of the element ``selector`` finds, as WebKit paints it."""
        return base64.b64decode(self._ask({"op": "snapshot", "selector": selector})["png"])

    def close(self) -> None:
        if self._driver is not None:
            if self._driver.stdin:
                self._driver.stdin.close()
            try:
                self._driver.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._driver.kill()
                self._driver.wait()
            if self._driver.stdout:
                self._driver.stdout.close()
            self._driver = None
        if self._errors is not None:
            self._errors.close()
            self._errors = None
        if self._display is not None:
            self._display.terminate()
            self._display.wait()
            self._display = None

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        if self._driver is None or self._driver.stdin is None:
            raise WebKitError("WebKit was closed")
        try:
            self._driver.stdin.write(json.dumps(request) + "\n")
            self._driver.stdin.flush()
        except BrokenPipeError:
            raise WebKitError(f"WebKit's process ended unexpectedly{self._last_words()}") from None
        result = self._read()
        if not result.get("ok"):
            raise WebKitError(f"WebKit could not {request['op']} the page: {result.get('error')}")
        return result

    def _read(self) -> dict[str, Any]:
        assert self._driver is not None and self._driver.stdout is not None
        line = self._driver.stdout.readline()
        if not line:
            code = self._driver.wait()
            raise WebKitError(f"WebKit's process ended (exit code {code}) before it answered{self._last_words()}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _last_words(self) -> str:
        """The last line WebKit wrote on stderr, to say why it ended."""
        if self._errors is None:
            return ""
        self._errors.seek(0)
        said = [line.strip() for line in self._errors.read()[-4000:].decode("utf-8", "replace").splitlines()]
        said = [line for line in said if line]
        return f": {said[-1]}" if said else ""


def open_in_webkit(page: Path, wait: float = 60.0) -> str | None:
    """Show ``page`` in a WebKitGTK window on the user's display; why not, if it could not, else None.

    The window stays open (in its own process) after dockdeck ends, until it is closed.
    """
    missing = webkit_missing(display=False)
    if missing:
        return missing
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return "there is no display to open a window on (DISPLAY is not set)"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    viewer = subprocess.Popen([str(SYSTEM_PYTHON), "-I", str(DRIVER), "--show", page.resolve().as_uri()],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              env=env, text=True, encoding="utf-8", start_new_session=True)
    assert viewer.stdout is not None
    ready, _, _ = select.select([viewer.stdout], [], [], wait)
    if not ready:
        return None  # still loading a large page: the window is there
    line = viewer.stdout.readline()
    viewer.stdout.close()
    said: dict[str, Any] = json.loads(line) if line.strip() else {"error": f"it ended with exit code {viewer.wait()}"}
    if not said.get("ok"):
        return f"WebKit did not show the page: {said.get('error')}" + (f": {INSTALL_HINT}" if said.get("missing") else "")
    return None


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """A private X display; Xvfb picks a free number itself (-displayfd), so runs side by side never clash."""
    read_end, write_end = os.pipe()
    try:
        server = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x1024x24",
                                   "-nolisten", "tcp"], pass_fds=[write_end], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        os.close(write_end)
    number = b""
    with os.fdopen(read_end, "rb") as pipe:
        while not number.endswith(b"\n"):
            chunk = pipe.read(1)
            if not chunk:
                server.wait()
                raise WebKitError(f"Xvfb could not start a display (exit code {server.returncode})")
            number += chunk
    return server, ":" + number.decode().strip()
