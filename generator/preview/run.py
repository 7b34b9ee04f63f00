"""``dockdeck preview``: render one language with Anki, check every card, lay them out on one page."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..pipeline import DeckBuild
from ..problems import Problem, sort_problems
from .checks import card_problems
from .collection import render_with_anki
from .page import preview_page


@dataclass
class PreviewResult:
    html: str
    cards: int
    problems: list[Problem] = field(default_factory=list)  # found while rendering, also listed on the page


def preview(build: DeckBuild, lang: str) -> PreviewResult:
    """One page with every card of ``lang`` as Anki renders it, and what is wrong with any of them."""
    with tempfile.TemporaryDirectory(prefix="dockdeck-anki-") as tmp:
        rendering = render_with_anki(build, lang, Path(tmp))
        per_card: dict[tuple[str, int], list[Problem]] = {}
        found = list(rendering.problems)
        for card in rendering.cards:
            mine = card_problems(card)
            if mine:
                per_card[(card.key, card.number)] = mine
                found += mine
        found = sort_problems(found)
        root = rendering.decks[0].split("::")[0] if rendering.decks else build.deck.settings.name
        page = preview_page(rendering, found, per_card, f"{root} ({lang}): {len(rendering.cards)} cards")
        return PreviewResult(html=page, cards=len(rendering.cards), problems=found)
