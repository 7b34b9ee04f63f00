"""The validated card sources: what every later stage works from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem
from .command import Token
from .format import DEFAULT_VERIFY_TIMEOUT

# Text in each language, keyed by language code ("ko", "en").
Text = dict[str, str]


@dataclass(frozen=True)
class VerifySettings:
    """The settings' ``verify:`` block: how ``dockdeck verify`` runs the cards' scripts (nothing else reads it)."""

    env: dict[str, str] = field(default_factory=dict)
    bind: dict[str, str] = field(default_factory=dict)  # "<placeholder>" -> value
    setup: str = ""
    teardown: str = ""
    timeout: float = DEFAULT_VERIFY_TIMEOUT  # seconds


@dataclass(frozen=True)
class Settings:
    path: str
    name: str
    languages: tuple[str, ...]
    root_deck: Text
    files: tuple[str, ...]
    description: Text = field(default_factory=dict)  # Markdown-lite, rendered like every text
    description_line: int = 1
    root_deck_line: int = 1
    css: str = ""  # the `css:` file name, if any
    extra_css: str = ""  # its content, appended to dockdeck's card CSS
    typing: bool = False  # command cards also get a card to type the command on
    typing_hint: Text = field(default_factory=dict)  # which form the typing cards ask for, where two are right
    file_lines: tuple[int, ...] = ()  # the line of each of ``files`` in the settings file
    verify: VerifySettings = field(default_factory=VerifySettings)
    # The deck's own words for the cards' labels (labels.py): language -> label -> words, and their lines.
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    labels_line: int = 0
    label_lines: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Card:
    id: str
    kind: str
    path: str
    line: int
    deck: Text
    tags: tuple[str, ...]
    # Markdown-lite texts by role: front, back, meaning, typing_hint, cloze, extra.
    texts: dict[str, Text]
    source: str | None = None
    command: str | None = None
    blanks: tuple[str, ...] = ()
    tokens: tuple[Token, ...] = ()  # the command's, as validation split it
    spans: tuple[tuple[int, int], ...] = ()  # where each blank stands in the command, in order
    giveaway_ok: str = ""  # why the card may repeat a hidden part on its front
    blanks_default: bool = False  # a command card without `blanks`: it hides format.DEFAULT_BLANKS
    unfinished: tuple[tuple[str, str, int], ...] = ()  # (role, language or "" for all, line) of texts marked TODO
    # What `dockdeck verify` runs for the card; no note is made of these.
    verify: str = ""  # the script
    verify_line: int = 0
    verify_skip: str = ""  # why it has no script
    verify_bind: dict[str, str] = field(default_factory=dict)  # "<placeholder>" -> value, over the settings'


@dataclass(frozen=True)
class Topic:
    path: str
    deck: Text
    tags: tuple[str, ...]
    cards: tuple[Card, ...]
    deck_line: int = 1


@dataclass(frozen=True)
class Deck:
    """A validated deck, read for the languages to build."""

    settings: Settings
    topics: tuple[Topic, ...]
    langs: tuple[str, ...]
    # Every file read, with the SHA-256 of the bytes read: what an unchanged rebuild compares.
    inputs: dict[Path, str] = field(default_factory=dict)
    # What `check` warns of besides giveaways: texts that an unquoted ' #' cut short (comments.py).
    warnings: tuple[Problem, ...] = ()

    @property
    def cards(self) -> list[Card]:
        return [card for topic in self.topics for card in topic.cards]
