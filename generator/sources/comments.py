"""Texts that YAML cut short: in an unquoted text, ``' #'`` starts a comment, so ``front: What does
C # mean?`` is the card "What does C". The loader keeps such a comment beside the text it ended
(``YStr.comment``); these are the warnings that ``check`` prints for them."""

from __future__ import annotations

from typing import Any

from ..problems import Problem
from .load import YList, YMap, YStr

# The keys whose values are texts a learner reads (blanks, ids, tags and URLs may carry comments).
CARD_TEXTS = ("front", "back", "meaning", "cloze", "extra", "command", "typing_hint")
FILE_TEXTS = ("deck", "root_deck", "description", "typing_hint")


def cut_texts(tree: Any, path: str) -> list[Problem]:
    """A warning for every text in a loaded settings or topic file that a comment cut short."""
    if not isinstance(tree, YMap):
        return []
    texts = [text for key in FILE_TEXTS for text in _texts(tree.get(key), key)]
    labels = tree.get("labels")
    for lang, words in labels.items() if isinstance(labels, YMap) else ():
        texts += [(f"labels ({lang}: {word})", text) for word, text in _named(words)]
    cards = tree.get("cards")
    for card in cards if isinstance(cards, YList) else ():
        if isinstance(card, YMap):
            texts += [text for key in CARD_TEXTS for text in _texts(card.get(key), key)]
    return [Problem(path, text.line, f"{what} reads {str(text)!r}: YAML takes the ' {text.comment}' after it for a "
                    "comment", "quote the whole text to keep it, or put a comment on a line of its own")
            for what, text in texts if isinstance(text, YStr) and text.comment]


def _named(value: Any) -> list[tuple[str, Any]]:
    return list(value.items()) if isinstance(value, YMap) else []


def _texts(value: Any, key: str) -> list[tuple[str, Any]]:
    """``value`` (a text, or texts by language) with what to call each in a warning."""
    return [(f"{key} ({lang})", text) for lang, text in _named(value)] if isinstance(value, YMap) else [(key, value)]
