"""Turn each card into the Anki notes it becomes, one set per language.

A basic card is one basic note; a cloze card is one cloze note; a command
card is a cloze note (one Anki card per blank) plus a recall note (meaning on
the front, the whole command on the back), and, when the deck sets
``typing: true``, a typing note (meaning on the front, the command typed into
Anki's answer box). Each kind of note has its own note type, so turning typing
on or off never changes a note type a user already has. Identity comes from the deck name,
the language and the card id, never from content, so editing a card's text
updates its notes in place; a card whose kind changed gets another note (Anki
cannot change a note's type). The note times keep both across builds: which
kind has the card's first note, and each blank's card number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import genanki

from ..sources.deck import Card, Deck
from ..sources.format import CLOZE_RE
from ..sources.labels import labels_for
from .blanks import number_blanks
from .decks import subdeck_names
from .entries import Blanks, Entry
from .fields import ClozeMarkdown, Command, FieldSource, Link, Markdown, Plain, Recall, Typed, TypePrompt


@dataclass(frozen=True, slots=True)
class NoteSpec:
    guid: str
    key: str  # card id plus part, e.g. "exec-shell/recall": how the manifest and reports name a note
    notetype: str  # "basic", "cloze" or "type"
    lang: str
    deck: tuple[str, ...]
    fields: tuple[FieldSource, ...]
    tags: tuple[str, ...]
    path: str
    line: int
    blanks: Blanks = ()  # a cloze note's blanks, in order, each with its card number
    gone: Blanks = ()  # blanks the note times recorded that are no longer there
    origin: str = ""  # the kind the note's first GUID was made for, where that is not ``notetype``


def note_guid(deck_name: str, lang: str, key: str, kind: str = "") -> str:
    """A note's GUID. A card keeps its first kind's GUID; another kind of note under the same id needs
    another GUID, because Anki skips a note whose type differs from the one it has as "conflicting"."""
    return genanki.guid_for("dockdeck", deck_name, lang, key, *([kind] if kind else []))


def left_key(key: str, kind: str) -> str:
    """The note times' key for the note of another kind that a card left behind when its kind changed."""
    return f"{key}~{kind}"


def shipped(recorded: dict[str, Entry], key: str, kind: str) -> Entry | None:
    """What the note times say earlier builds shipped of the note of this kind under ``key``."""
    entry = recorded.get(key)
    if entry is None or entry.kind in ("", kind):
        return entry
    return recorded.get(left_key(key, kind))


def origin(recorded: dict[str, Entry], key: str, kind: str) -> str:
    """The kind whose note has the card's first GUID: its kind when first built, as the note times say."""
    entry = recorded.get(key)
    return entry.origin or entry.kind if entry is not None and entry.kind else kind


def expand(deck: Deck, lang: str, recorded: dict[str, Entry] | None = None) -> list[NoteSpec]:
    """All notes of one language's deck, in teaching order. ``recorded`` is this language's note times:
    they keep each note's GUID and each blank's card number across builds."""
    settings = deck.settings
    recorded = recorded or {}
    notes: list[NoteSpec] = []
    subdecks = subdeck_names(deck.topics, lang)
    # One tuple per topic file, shared by its notes: a big deck has hundreds of thousands of them.
    decks = {path: (settings.root_deck[lang], name) for path, name in subdecks.items()}
    words = labels_for(settings, lang)
    for card in deck.cards:
        for part, notetype, fields in _parts(card, lang, words, settings.typing, settings.typing_hint.get(lang, "")):
            key = f"{card.id}/{part}" if part else card.id
            first = origin(recorded, key, notetype)
            blanks: tuple[Blanks, Blanks] = ((), ())
            if notetype == "cloze":
                blanks = number_blanks(blank_texts(fields[0]), shipped(recorded, key, notetype))
                fields = (_numbered(fields[0], tuple(n for _, n in blanks[0])),) + fields[1:]
            notes.append(NoteSpec(
                guid=note_guid(settings.name, lang, key, "" if first == notetype else notetype),
                key=key,
                notetype=notetype,
                lang=lang,
                deck=decks[card.path],
                fields=fields,
                tags=card.tags,
                path=card.path,
                line=card.line,
                blanks=blanks[0],
                gone=blanks[1],
                origin="" if first == notetype else first,
            ))
    return notes


def blank_texts(field: FieldSource) -> list[str]:
    """What each blank of a cloze field hides, in order: a command's blanks, or a text's [[deletions]]."""
    if isinstance(field, Command):
        return [field.text[start:end] for start, end in field.blanks]
    if isinstance(field, ClozeMarkdown):
        return [m.group(1) for m in CLOZE_RE.finditer(field.text)]
    return []


def _numbered(field: FieldSource, numbers: tuple[int, ...]) -> FieldSource:
    if isinstance(field, Command):
        return Command(field.text, field.tokens, field.blanks, numbers)
    return ClozeMarkdown(field.text, numbers) if isinstance(field, ClozeMarkdown) else field


def _common(card: Card, lang: str, key: str) -> tuple[FieldSource, ...]:
    extra = card.texts.get("extra", {}).get(lang, "")
    return (Markdown(extra), Link(card.source or ""), Plain(key))


def _parts(card: Card, lang: str, words: dict[str, str], typing: bool = False,
           typing_hint: str = "") -> list[tuple[str, str, tuple[FieldSource, ...]]]:
    texts = {role: text[lang] for role, text in card.texts.items() if lang in text}
    if card.kind == "basic":
        return [("", "basic", (Markdown(texts["front"]), Markdown(texts["back"])) + _common(card, lang, card.id))]
    if card.kind == "cloze":
        return [("", "cloze", (ClozeMarkdown(texts["cloze"]), Markdown("")) + _common(card, lang, card.id))]
    command = card.command or ""
    cloze_key, recall_key, type_key = f"{card.id}/cloze", f"{card.id}/recall", f"{card.id}/type"
    parts: list[tuple[str, str, tuple[FieldSource, ...]]] = [
        ("cloze", "cloze", (Command(command, card.tokens, card.spans), Markdown(texts["meaning"]))
         + _common(card, lang, cloze_key)),
        ("recall", "basic", (Recall(texts["meaning"], words["recall"]), Command(command, card.tokens))
         + _common(card, lang, recall_key)),
    ]
    if typing:
        # A card's own hint replaces the deck's: it names the one form that differs from the deck's rule.
        hint = texts.get("typing_hint", typing_hint)
        parts.append(("type", "type", (TypePrompt(texts["meaning"], placeholders(card), hint, words["placeholders"]),
                                       Typed(command))
                      + _common(card, lang, type_key)))
    return parts


_PLACEHOLDER = re.compile(r"<[^<>]+>")


def placeholders(card: Card) -> tuple[str, ...]:
    """The command's <placeholders>, each once, in order: shown on the typing card, because their
    names are the deck's choice, not something to recall (`<container>`, not `<name>` or `<id>`)."""
    found = (m.group() for t in card.tokens if t.kind == "placeholder" for m in _PLACEHOLDER.finditer(t.text))
    return tuple(dict.fromkeys(found))
