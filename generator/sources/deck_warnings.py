"""Settings that build, but do something in Anki the author most likely did not mean: warnings.

Like the giveaway warnings (``giveaways.py``), these are located problems that ``check`` and ``build``
print and that fail only ``check --strict``.
"""

from __future__ import annotations

from ..problems import Problem
from .deck import Settings
from .labels import label_warnings
from .validate import fold

# Every Anki collection has a deck called "Default" (id 1); an imported deck of that name (Anki
# compares names ignoring case) is merged into it, among whatever the learner keeps there.
ANKI_DEFAULT_DECK = "default"


def settings_warnings(settings: Settings, langs: tuple[str, ...]) -> list[Problem]:
    """Every warning about the settings, for the languages ``langs``."""
    return root_deck_warnings(settings, langs) + label_warnings(settings, langs)


def root_deck_warnings(settings: Settings, langs: tuple[str, ...]) -> list[Problem]:
    """The root deck names among ``langs`` that put cards where the author most likely did not mean."""
    return [Problem(settings.path, settings.root_deck_line,
                    f"root_deck ({lang}) {name!r} is Anki's own Default deck: importing merges the cards into it, "
                    "among the learner's other cards there", "give the deck a name of its own")
            for lang, name in settings.root_deck.items() if lang in langs and fold(name) == ANKI_DEFAULT_DECK
            ] + shared_root_warnings(settings, langs)


def shared_root_warnings(settings: Settings, langs: tuple[str, ...]) -> list[Problem]:
    """Languages among ``langs`` whose root decks have one name (as Anki compares names): imported together,
    their cards go into one deck, and Study shows them in turn. Only a warning: a learner who imports one
    language never sees it."""
    first: dict[str, str] = {}
    found = []
    for lang in (lang for lang in settings.root_deck if lang in langs):
        name = settings.root_deck[lang]
        other = first.setdefault(fold(name), lang)
        if other != lang:
            found.append(Problem(settings.path, settings.root_deck_line,
                                 f"root_deck ({lang}) {name!r} is the root deck of {other} too"
                                 f"{'' if name == settings.root_deck[other] else ' (Anki ignores case)'}: both "
                                 "languages' cards go into one deck in Anki, and Study mixes them",
                                 f"give each language a root deck of its own, e.g. {lang}: {name} ({lang}); "
                                 "if you only ever import one language, ignore this"))
    return found
