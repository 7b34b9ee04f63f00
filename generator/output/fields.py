"""What each field of a note is made from, before it is rendered to HTML.

A note's fields are values of these types; ``render`` turns each into HTML by
its type, so a command is never read as Markdown and a link never as text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sources.command import Token


@dataclass(frozen=True, slots=True)
class Markdown:
    text: str


@dataclass(frozen=True, slots=True)
class ClozeMarkdown:
    text: str
    numbers: tuple[int, ...] = ()  # each [[deletion]]'s card number, in order; none: 1, 2, 3, ...


@dataclass(frozen=True, slots=True)
class Command:
    text: str
    tokens: tuple[Token, ...]
    blanks: tuple[tuple[int, int], ...] = ()  # where each blank stands; none: shown whole, not as a cloze
    numbers: tuple[int, ...] = ()  # each blank's card number, in order; none: 1, 2, 3, ...


@dataclass(frozen=True, slots=True)
class Recall:
    """The front of a recall card: the meaning, under a "Which command?" prompt (``ask``)."""

    text: str
    ask: str


@dataclass(frozen=True, slots=True)
class TypePrompt:
    """The front of a typing card: the meaning (under the "Type the command" prompt of the note
    type's template), which form to type where another is equally right (the hint), and the
    placeholders to write as they are written in the answer."""

    text: str
    placeholders: tuple[str, ...]
    hint: str = ""
    caption: str = ""  # the placeholders' caption ("Placeholders:")


@dataclass(frozen=True, slots=True)
class Typed:
    """What the learner types: the command as plain text, no markup, so that Anki's comparison
    of the typed text with this field is a comparison with the command itself."""

    text: str


@dataclass(frozen=True, slots=True)
class Link:
    url: str


@dataclass(frozen=True, slots=True)
class Plain:
    text: str


FieldSource = Markdown | ClozeMarkdown | Command | Recall | TypePrompt | Typed | Link | Plain

# Field names are part of every user's collection: changing them later forces
# a full re-import, so both note types carry Extra, Source and Id from day one.
BASIC_FIELDS = ("Front", "Back", "Extra", "Source", "Id")
CLOZE_FIELDS = ("Text", "Context", "Extra", "Source", "Id")
# The typing card's own note type: {{type:Command}} needs a field holding exactly the answer.
TYPE_FIELDS = ("Front", "Command", "Extra", "Source", "Id")


