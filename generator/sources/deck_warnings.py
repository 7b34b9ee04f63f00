"""Settings that build, but do something in Anki the author most likely did not mean: warnings.

Like the giveaway warnings (``giveaways.py``), these are located problems that ``check`` and ``build``
print and that fail only ``check --strict``.
"""

from __future__ import annotations

from ..problems import Problem
from .deck import Settings
from .validate import fold

# Every Anki collection has a deck called "Default" (id 1); an imported deck of that name (Anki
# compares names ignoring case) is merged into it, among whatever the learner keeps there.
ANKI_DEFAULT_DECK = "default"


def root_deck_warnings(settings: Settings, langs: tuple[str, ...]) -> list[Problem]:
    return [Problem(settings.path, settings.root_deck_line,
                    f"root_deck ({lang}) {name!r} is Anki's own Default deck: importing merges the cards into it, "
                    "among the learner's other cards there", "give the deck a name of its own")
            for lang, name in settings.root_deck.items() if lang in langs and fold(name) == ANKI_DEFAULT_DECK]
