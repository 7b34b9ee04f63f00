"""``dockdeck preview``: render one language with Anki, check every card, lay them out on one page."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .anki_render import render_with_anki
from .card_checks import card_problems
from .problems import Problem, sort_problems
from .preview_page import preview_page
from .sources import load_settings


@dataclass
class PreviewResult:
    html: str | None = None  # None: the cards do not build, nothing to show
    cards: int = 0
    problems: list[Problem] = field(default_factory=list)  # found while rendering, also listed on the page
    source_problems: list[Problem] = field(default_factory=list)  # the sources are invalid


def default_lang(cards_dir: Path) -> tuple[str | None, list[Problem]]:
    """The deck's first language: the one its authors write first."""
    settings, problems = load_settings(cards_dir)
    if settings is None:
        return None, problems
    return settings.languages[0], []


def preview(cards_dir: Path, lang: str) -> PreviewResult:
    with tempfile.TemporaryDirectory(prefix="dockdeck-anki-") as tmp:
        rendering, problems = render_with_anki(cards_dir, lang, Path(tmp))
        if rendering is None:
            return PreviewResult(source_problems=problems)
        per_card: dict[tuple[str, int], list[Problem]] = {}
        found = list(rendering.problems)
        for card in rendering.cards:
            mine = card_problems(card)
            if mine:
                per_card[(card.key, card.number)] = mine
                found += mine
        found = sort_problems(found)
        root = rendering.decks[0].split("::")[0] if rendering.decks else cards_dir.name
        page = preview_page(rendering, found, per_card, f"{root} ({lang}): {len(rendering.cards)} cards")
        return PreviewResult(html=page, cards=len(rendering.cards), problems=found)
