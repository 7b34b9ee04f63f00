"""Debian's Chromium at a phone's size, for the phone tests (conftest.py) and scripts/screenshots.py.

``ChromiumPhone`` has the calls of ``generator.preview.webkit.WebKitPhone`` (load, call, screenshot), so
the one measuring script and the one screenshot code serve both engines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Debian's chromium: browser downloads by test tools do not work on these machines.
CHROMIUM = Path("/usr/bin/chromium")
# Without these, Chromium stalls on machines without network.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"]
PHONE: Any = {"width": 360, "height": 780}


def launch(playwright: Any, profile: Path) -> Any:
    """A headless Chromium with a fresh profile in ``profile`` and a 360x780 phone viewport."""
    return playwright.chromium.launch_persistent_context(str(profile), executable_path=str(CHROMIUM), headless=True,
                                                         args=CHROMIUM_FLAGS, viewport=PHONE)


class ChromiumPhone:
    """A Chromium page with the calls of ``generator.preview.webkit.WebKitPhone``: load, call, screenshot."""

    name = "chromium"

    def __init__(self, page: Any) -> None:
        self.page = page
        self._base: str | None = None

    def load(self, html: str, base_uri: str) -> None:
        # set_content keeps the address of the page it replaces: relative picture names resolve there.
        if base_uri != self._base:
            self.page.goto(base_uri)
            self._base = base_uri
        self.page.set_content(html)

    def call(self, function: str, *args: Any) -> Any:
        return self.page.evaluate(f"(args) => ({function})(...args)", list(args))

    def screenshot(self, selector: str = "body") -> bytes:
        return self.page.locator(selector).first.screenshot()
