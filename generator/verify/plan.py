"""What ``dockdeck verify`` runs, read from the validated deck: each card's script and its environment."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from ..sources.deck import Card, Deck
from ..sources.format import COMMAND_VARIABLE
from .bind import bound_command, variable_name


@dataclass(frozen=True)
class Script:
    """One card's verify script and what it runs with."""

    card_id: str
    path: str
    line: int  # of `verify:` on the card
    text: str
    env: dict[str, str]  # set on top of the caller's environment


@dataclass(frozen=True)
class Skipped:
    card_id: str
    path: str
    line: int
    reason: str


@dataclass(frozen=True)
class Plan:
    scripts: list[Script]
    skipped: list[Skipped]
    without: list[str]  # ids of the cards with neither verify nor verify_skip
    setup: str
    teardown: str
    timeout: float


def unknown_ids(deck: Deck, only: tuple[str, ...]) -> list[str]:
    """``--only`` ids no card has, each with the closest id there is, if any."""
    ids = [card.id for card in deck.cards]
    unknown = []
    for card_id in dict.fromkeys(only):
        if card_id not in ids:
            close = difflib.get_close_matches(card_id, ids, n=1)
            unknown.append(f"{card_id!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    return unknown


def card_env(card: Card, deck: Deck, cards_dir: Path) -> dict[str, str]:
    """The variables the card's script gets: the settings' env, each bound placeholder as a variable,
    the card's id, the cards folder, and a command card's command with its placeholders bound."""
    verify = deck.settings.verify
    values = {**verify.bind, **card.verify_bind}
    env = dict(verify.env)
    for placeholder, value in values.items():
        name = variable_name(placeholder)
        if name:
            env[name] = value
    env["DOCKDECK_CARD"] = card.id
    env["DOCKDECK_CARDS"] = str(cards_dir.resolve())
    if card.command is not None:
        command = bound_command(card.command, values)
        if command is not None:  # else the script does not run the command: `check` made sure of that
            env[COMMAND_VARIABLE] = command
    return env


def make_plan(deck: Deck, cards_dir: Path, only: tuple[str, ...] = ()) -> Plan:
    """The scripts of the deck's cards (of those in ``only``, if given), in the deck's order."""
    chosen = [card for card in deck.cards if not only or card.id in only]
    verify = deck.settings.verify
    return Plan(
        scripts=[Script(card.id, card.path, card.verify_line, card.verify, card_env(card, deck, cards_dir))
                 for card in chosen if card.verify],
        skipped=[Skipped(card.id, card.path, card.line, card.verify_skip) for card in chosen if card.verify_skip],
        without=[card.id for card in chosen if not card.verify and not card.verify_skip],
        setup=verify.setup, teardown=verify.teardown, timeout=verify.timeout,
    )
