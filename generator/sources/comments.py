"""Texts that YAML cut short: in an unquoted text, ``' #'`` starts a comment, so ``front: What does
C # mean?`` is the card "What does C". The loader keeps such a comment beside the text it ended
(``YStr.comment``); these are the warnings that ``check`` prints for them."""

from __future__ import annotations

from typing import Any

from ..problems import Problem
from .load import YList, YMap, YStr

# The keys whose values are texts a learner reads (blanks, ids, tags and URLs may carry comments).
CARD_TEXTS = ("front", "back", "meaning", "cloze", "extra", "command")
FILE_TEXTS = ("deck", "root_deck", "description")


def cut_texts(tree: Any, path: str) -> list[Problem]:
    """A warning for every text in a loaded settings or topic file that a comment cut short."""
    found: list[Problem] = []
    if not isinstance(tree, YMap):
        return found
    for key in FILE_TEXTS:
        found += _cut(tree.get(key), key, path)
    cards = tree.get("cards")
    for card in cards if isinstance(cards, YList) else ():
        if isinstance(card, YMap):
            for key in CARD_TEXTS:
                found += _cut(card.get(key), key, path)
    return found


def _cut(value: Any, key: str, path: str) -> list[Problem]:
    texts = [(f"{key} ({lang})", text) for lang, text in value.items()] if isinstance(value, YMap) else [(key, value)]
    return [Problem(path, text.line, f"{what} reads {str(text)!r}: YAML takes the ' {text.comment}' after it for a "
                    "comment", "quote the whole text to keep it, or put a comment on a line of its own")
            for what, text in texts if isinstance(text, YStr) and text.comment]
