"""``dockdeck preview``: render one language with Anki, check every card, lay them out on one page."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..pipeline import DeckBuild
from ..problems import Problem, sort_problems
from .checks import card_problems
from .collection import render_with_anki
from .layout import webkit_problems
from .page import preview_page
from .webkit import WebKitPhone


@dataclass
class PreviewResult:
    html: str
    cards: int
    problems: list[Problem] = field(default_factory=list)  # found while rendering, also listed on the page


def open_in_browser(page: Path, wait: float = 5.0) -> str | None:
    """Open ``page`` in the web browser; why not, if the opener fails within ``wait`` seconds, else None."""
    if sys.platform == "win32":  # pragma: no cover - not run on the CI's Linux
        try:
            os.startfile(page)  # type: ignore[attr-defined]
        except OSError as err:
            return str(err)
        return None
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    try:
        proc = subprocess.Popen([opener, str(page)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
    except OSError as err:
        return f"{opener}: {err.strerror or err}"
    try:
        _, err_text = proc.communicate(timeout=wait)
    except subprocess.TimeoutExpired:
        return None  # still running: it is showing the page (some openers wait for the browser)
    if proc.returncode:
        lines = [line.strip() for line in err_text.splitlines() if line.strip()]
        return f"{opener} exited with {proc.returncode}" + (f": {lines[-1]}" if lines else "")
    return None


def preview(build: DeckBuild, lang: str, webkit: WebKitPhone | None = None) -> PreviewResult:
    """One page with every card of ``lang`` as Anki renders it, and what is wrong with any of them;
    with ``webkit``, also what is wrong with each as WebKit lays it out."""
    with tempfile.TemporaryDirectory(prefix="dockdeck-anki-") as tmp:
        rendering = render_with_anki(build, lang, Path(tmp))
        laid_out = webkit_problems(rendering, webkit) if webkit is not None else {}
        per_card: dict[tuple[str, int], list[Problem]] = {}
        found = list(rendering.problems)
        for card in rendering.cards:
            mine = card_problems(card) + laid_out.get((card.key, card.number), [])
            if mine:
                per_card[(card.key, card.number)] = mine
                found += mine
        found = sort_problems(found)
        root = rendering.decks[0].split("::")[0] if rendering.decks else build.deck.settings.name
        page = preview_page(rendering, found, per_card, f"{root} ({lang}): {len(rendering.cards)} cards")
        return PreviewResult(html=page, cards=len(rendering.cards), problems=found)
