"""Texts left for the author: a text that starts with ``TODO`` is not finished.

Such a text builds as written (a learner sees the TODO), and ``dockdeck check`` lists each
one at its line as a warning, which ``check --strict`` fails on. ``init`` marks the example
texts of a language it has no words for this way, and ``extract`` a meaning it could not find.
"""

from __future__ import annotations

import re
from typing import Any

from ..problems import Problem
from .deck import Deck, Text
from .load import YMap, line_of

_TODO = re.compile(r"\s*TODO\b")


def unfinished(text: str) -> bool:
    return _TODO.match(text) is not None


def unfinished_lines(value: Any, texts: Text, line: int) -> tuple[tuple[str, int], ...]:
    """(language, line) of each text of ``texts`` still marked TODO; language "" for a text of every language."""
    if not isinstance(value, YMap):
        first = next(iter(texts.values()), "")
        return (("", line_of(value, line)),) if unfinished(first) else ()
    return tuple((lang, line_of(value.get(lang), value.key_lines.get(lang, line)))
                 for lang, text in texts.items() if unfinished(text))


def _shown(text: str) -> str:
    line = text.strip().splitlines()[0]
    return repr(line if len(line) <= 60 else line[:59] + "…")


def find_unfinished(deck: Deck) -> list[Problem]:
    """Every deck name and card text, in the languages read, that still starts with TODO."""
    hint = "finish the text and take the TODO out; until then the card shows it as written"
    found = []
    for topic in deck.topics:
        names = {lang: topic.deck[lang] for lang in deck.langs if unfinished(topic.deck.get(lang, ""))}
        same = len(set(topic.deck.values())) == 1
        for lang, name in list(names.items())[:1] if same else names.items():
            found.append(Problem(topic.path, topic.deck_line, f"deck{'' if same else f' ({lang})'} still starts "
                                 f"with TODO: {_shown(name)}", hint))
        for card in topic.cards:
            for role, lang, line in card.unfinished:
                if lang and lang not in deck.langs:
                    continue
                text = card.texts[role][lang or deck.langs[0]]
                label = f"{role} ({lang})" if lang and len(deck.settings.languages) > 1 else role
                found.append(Problem(card.path, line, f"{card.id}: {label} still starts with TODO: {_shown(text)}",
                                     hint))
    return found
