"""The real Anki desktop with the AnkiConnect add-on, headless under Xvfb, in a throw-away base folder.

Used by tests/test_push.py and scripts/push_screenshot.py. Nothing is left behind: Anki is stopped by
its PID (SIGTERM, which closes it cleanly and saves the collection), then anything left in its process
group; Xvfb likewise; the base folder is deleted. Each Anki has its own single-instance key, display
and AnkiConnect port, so several test runs on one machine do not meet.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.ankiconnect.client import AnkiConnect, AnkiConnectError
from generator.preview.webkit import start_xvfb

REPO = Path(__file__).resolve().parent.parent
ADDON_ID = "2055492159"
ADDON_ENV = "DOCKDECK_ANKICONNECT_ADDON"
ANKI = Path(sys.executable).parent / "anki"
PROFILE = "test"
START_TIMEOUT = 90.0

# The profiles' settings, written with Anki's own ProfileManager before Anki starts, so that no
# first-run dialog (the language, the profile) waits for a click: one or more profiles, the language
# chosen, no update checks, no automatic sync, software rendering (there is no GPU under Xvfb).
_PREFS = """
import sys
from aqt.profiles import ProfileManager, VideoDriver
base, names = sys.argv[1], sys.argv[2:]
pm = ProfileManager(ProfileManager.get_created_base_folder(base))
pm.setupMeta()
pm.meta["firstRun"] = False
pm.meta["defaultLang"] = "en_US"
pm.set_update_check(False)
pm.set_check_for_addon_updates(False)
for name in names:
    pm.create(name)
    pm.load(name)
    pm.profile["autoSync"] = False
    pm.save()
pm.set_last_loaded_profile_name(names[0])
pm.set_video_driver(VideoDriver.Software)
pm.save()
"""


# AnkiConnect (GPL-3.0), unmodified, kept beside the tests so that a clone on any machine runs them;
# a separate program the tests load into a throw-away Anki, not part of dockdeck (tests/vendor/anki-connect).
VENDORED_ADDON = Path(__file__).resolve().parent / "vendor" / "anki-connect" / "plugin"


def addon_folder() -> Path:
    """The AnkiConnect add-on: ``$DOCKDECK_ANKICONNECT_ADDON`` to try another copy, else the one in tests/vendor."""
    return Path(os.environ[ADDON_ENV]) if os.environ.get(ADDON_ENV) else VENDORED_ADDON


def missing() -> str:
    """What is missing to run the Anki desktop here, with how to get it; "" when nothing is."""
    if shutil.which("Xvfb") is None:
        return "Xvfb is missing, so the Anki desktop cannot run headless: `apt-get install -y xvfb` (.ci/run does)"
    if not ANKI.exists():
        return f"{ANKI} is missing: run `uv sync` (the dev group has aqt[qt], the Anki desktop)"
    folder = addon_folder()
    if not (folder / "__init__.py").is_file():
        return (f"the AnkiConnect add-on is missing at {folder}: restore tests/vendor/anki-connect from git, or set "
                f"{ADDON_ENV} to its plugin/ folder (its files: github.com/FooSoft/anki-connect)")
    return ""


@dataclass
class Display:
    name: str  # ":N", for DISPLAY
    process: subprocess.Popen


def start_display() -> Display:
    """A fresh X server on a free display number, started as ``dockdeck preview --engine webkit`` starts its own."""
    process, name = start_xvfb()
    return Display(name, process)


def stop_display(display: Display) -> None:
    _stop(display.process)


def _stop(process: subprocess.Popen, wait: float = 30.0) -> None:
    """SIGTERM to the process; once it has ended (or after ``wait``, SIGKILL), SIGKILL to what is left of its group.

    The process is waited for without being reaped until its group is cleared: while it is a zombie its
    PID, and so the group's id, cannot go to another process."""
    if process.returncode is not None:  # already reaped: its id may be someone else's by now
        return
    process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + wait
    while os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
        if time.monotonic() > deadline:
            process.kill()
        time.sleep(0.05)
    # Anki's web views run in helper processes of its group (started in a session of its own).
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Desktop:
    """A running Anki desktop, and where its things are."""

    base: Path
    port: int
    api_key: str | None
    process: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self) -> AnkiConnect:
        return AnkiConnect(self.url, self.api_key)

    def call(self, action: str, **params: Any) -> Any:
        return self.client().call(action, **params)

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log and self.log.exists() else ""


@functools.cache
def _prefs(profiles: tuple[str, ...]) -> Path:
    """Anki's settings for these profiles, written once per run (it takes a second: aqt is imported)."""
    folder = Path(tempfile.mkdtemp(prefix="dockdeck-anki-prefs-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    subprocess.run([sys.executable, "-c", _PREFS, str(folder), *profiles], check=True, capture_output=True, timeout=120)
    return folder


def make_base(profiles: tuple[str, ...] = (PROFILE,), api_key: str | None = None) -> Desktop:
    """A base folder with the profiles and AnkiConnect (on a free port) ready, Anki not yet started."""
    base = Path(tempfile.mkdtemp(prefix="dockdeck-anki-"))
    try:
        for name in ("prefs21.db", "gldriver6"):
            shutil.copyfile(_prefs(profiles) / name, base / name)
        addon = base / "addons21" / ADDON_ID
        # Copied, not linked: Anki writes the add-on's meta.json beside its files.
        shutil.copytree(addon_folder(), addon, copy_function=shutil.copyfile)
        for folder in (addon, *[p for p in addon.rglob("*") if p.is_dir()]):
            folder.chmod(0o755)
        config = json.loads((addon / "config.json").read_text(encoding="utf-8"))
        port = free_port()
        config.update(webBindAddress="127.0.0.1", webBindPort=port, apiKey=api_key)
        (addon / "config.json").write_text(json.dumps(config), encoding="utf-8")
    except BaseException:
        shutil.rmtree(base, ignore_errors=True)
        raise
    return Desktop(base, port, api_key)


def environment(desktop: Desktop, display: Display) -> dict[str, str]:
    """Where Anki finds its display and puts its files: all of them in the base folder (its single-instance
    socket too, which goes to the temporary folder), so that deleting the base leaves nothing behind."""
    home, tmp = desktop.base / "home", desktop.base / "tmp"
    home.mkdir(exist_ok=True)
    tmp.mkdir(exist_ok=True)
    env = dict(DISPLAY=display.name, HOME=str(home), TMPDIR=str(tmp), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
               ANKI_SINGLE_INSTANCE_KEY=f"dockdeck-test-{uuid.uuid4().hex}")
    if os.geteuid() == 0:  # Chromium, inside Qt's web views, refuses to run as root in its sandbox
        env["QTWEBENGINE_CHROMIUM_FLAGS"] = "--no-sandbox"
    return env


def start_anki(desktop: Desktop, display: Display, profile: str = PROFILE) -> Desktop:
    """Start Anki on ``display`` with ``profile`` open and wait until AnkiConnect answers."""
    env = {key: value for key, value in os.environ.items() if key not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(environment(desktop, display))
    desktop.log = desktop.base / "anki.log"
    with desktop.log.open("ab") as log:
        desktop.process = subprocess.Popen([str(ANKI), "-b", str(desktop.base), "-p", profile], env=env,
                                           stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                           start_new_session=True)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            desktop.client().version()
            return desktop
        except AnkiConnectError:
            exited = os.waitid(os.P_PID, desktop.process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
            if exited or time.monotonic() > deadline:
                stop_anki(desktop)
                raise RuntimeError(f"AnkiConnect did not answer at {desktop.url}; Anki's output:\n"
                                   + desktop.log_tail()) from None
            time.sleep(0.2)


def stop_anki(desktop: Desktop) -> None:
    """Close Anki as a person would (SIGTERM: it saves and closes the collection)."""
    if desktop.process is not None:
        _stop(desktop.process)


def remove_base(desktop: Desktop) -> None:
    stop_anki(desktop)
    shutil.rmtree(desktop.base, ignore_errors=True)


@contextlib.contextmanager
def running(display: Display, profiles: tuple[str, ...] = (PROFILE,), api_key: str | None = None
            ) -> Iterator[Desktop]:
    """Anki in a base folder of its own, started on ``display``; stopped and its folder removed afterwards."""
    desktop = make_base(profiles, api_key)
    try:
        start_anki(desktop, display)
        yield desktop
    finally:
        remove_base(desktop)
