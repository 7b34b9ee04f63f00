"""Sub-deck names that put the new cards in teaching order.

With its default options (new cards gathered by deck), Anki gathers a day's new cards one sub-deck at
a time, in the order of the sub-decks' names, and each sub-deck's cards in the order of their
positions. So each topic's sub-deck is named with its place in ``files:`` ("01 Basics",
"02 Containers"), and the cards get their positions in teaching order: a learner who presses Study on
the root deck gets them as the files list them. No deck option is needed, and none could be shipped:
Anki imports a package's deck options only when the learner asks for it.
"""

from __future__ import annotations

from ..sources.deck import Topic


def subdeck_names(topics: tuple[Topic, ...], lang: str) -> dict[str, str]:
    """The Anki name of each topic file's sub-deck, by the file's path.

    Topic files with the same ``deck:`` share a sub-deck, numbered by the first of them. The numbers
    have at least two digits, and as many as the last one needs, so that names sort as numbers do."""
    order: dict[str, int] = {}
    for topic in topics:
        order.setdefault(topic.deck[lang], len(order) + 1)
    digits = max(2, len(str(len(order))))
    return {topic.path: f"{order[topic.deck[lang]]:0{digits}d} {topic.deck[lang]}" for topic in topics}


def unnumbered(deck: str) -> str:
    """The deck's name as builds before numbered sub-decks gave it: "Docker::01 Basics" -> "Docker::Basics"."""
    root, sep, name = deck.rpartition("::")
    number, space, rest = name.partition(" ")
    return f"{root}{sep}{rest}" if space and number.isdigit() and number.isascii() else deck
