"""Screenshots of the Docker deck in the real Anki desktop right after `dockdeck push`, for the README.

    uv run python scripts/push_screenshot.py      # writes docs/screenshots/push-decks.png, push-browser.png

It starts Xvfb and the Anki desktop (aqt, in the dev group) in this process, in a throw-away base folder
with the AnkiConnect add-on (as tests/anki_desktop.py sets them up), runs `dockdeck push` on a copy of
cards/ into it, then grabs the main window (the deck list) and the card browser (the typing notes, each
by its meaning) with Qt's own screen grab. No add-on besides AnkiConnect is involved.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import anki_desktop  # noqa: E402  (tests/, for the base folder and the X server)

OUT = REPO / "docs" / "screenshots"
MAIN_SIZE = (760, 1000)
BROWSER_SIZE = (1240, 660)
BROWSER_SEARCH = '"note:dockdeck docker type (en)"'
SETTLE_MS = 2500  # for the web views to draw what they were given
START_MS = 3000


def main() -> int:
    problem = anki_desktop.missing()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    display = anki_desktop.start_display()
    desktop = anki_desktop.make_base()
    work = Path(tempfile.mkdtemp(prefix="dockdeck-shot-"))
    try:
        shutil.copytree(REPO / "cards", work / "cards")
        return _shoot(display, desktop, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        anki_desktop.remove_base(desktop)
        anki_desktop.stop_display(display)


def _shoot(display: anki_desktop.Display, desktop: anki_desktop.Desktop, work: Path) -> int:
    os.environ.update(anki_desktop.environment(desktop, display))
    os.environ.pop("WAYLAND_DISPLAY", None)
    tempfile.tempdir = None  # Python's own temporary files go to the base folder too
    import aqt
    from aqt.qt import QTimer

    app: Any = aqt._run(["anki", "-b", str(desktop.base), "-p", anki_desktop.PROFILE], exec=False)
    mw: Any = aqt.mw
    push: dict[str, Any] = {}
    shot: list[Path] = []

    def step(work: Any) -> Any:
        """A step run by Anki's event loop: an error ends the run (Anki would show it in a dialog and wait)."""
        def run() -> None:
            try:
                work()
            except Exception as err:
                print(f"{type(err).__name__}: {err}", file=sys.stderr)
                mw.close()
        return run

    def run_push() -> None:
        done = subprocess.run([sys.executable, "-c", "from generator.cli import main; main()", "push",
                               "--cards", str(work / "cards"), "--url", desktop.url],
                              cwd=REPO, capture_output=True, text=True)
        push.update(output=done.stdout + done.stderr, returncode=done.returncode)

    # AnkiConnect answers from Anki's event loop, so the push runs beside it, in a thread.
    thread = threading.Thread(target=run_push, daemon=True)

    def wait_for_push() -> None:
        if thread.is_alive():
            QTimer.singleShot(200, step(wait_for_push))
            return
        print(push["output"], end="")
        if push["returncode"]:
            mw.close()
            return
        mw.resize(*MAIN_SIZE)
        mw.move(0, 0)
        mw.moveToState("deckBrowser")
        QTimer.singleShot(SETTLE_MS, step(shoot_main))

    def shoot_main() -> None:
        shot.append(_grab(app, mw, OUT / "push-decks.png"))
        browser = aqt.dialogs.open("Browser", mw)
        browser.resize(*BROWSER_SIZE)
        browser.move(0, 0)
        browser.search_for(BROWSER_SEARCH)
        browser.form.splitter.setSizes([560, 420])  # the table wide enough to read the commands
        browser.form.tableView.setColumnWidth(0, 330)
        QTimer.singleShot(SETTLE_MS, step(lambda: shoot_browser(browser)))

    def shoot_browser(browser: Any) -> None:
        shot.append(_grab(app, browser, OUT / "push-browser.png"))
        browser.close()
        mw.close()

    def start() -> None:
        thread.start()
        wait_for_push()

    QTimer.singleShot(START_MS, step(start))  # once the profile is open and AnkiConnect listens
    app.exec()
    for path in shot:
        print(f"wrote {path}")
    return 0 if len(shot) == 2 else 1


def _grab(app: Any, window: Any, path: Path) -> Path:
    """The window as the X server shows it, web views included."""
    path.parent.mkdir(parents=True, exist_ok=True)
    picture = app.primaryScreen().grabWindow(int(window.winId()))
    if not picture.save(str(path)):
        raise OSError(f"could not write {path}")
    return path


if __name__ == "__main__":
    sys.exit(main())
