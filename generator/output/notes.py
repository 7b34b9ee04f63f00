"""Turn each card into the Anki notes it becomes, one set per language.

A basic card is one basic note; a cloze card is one cloze note; a command
card is a cloze note (one Anki card per blank) plus a recall note (meaning on
the front, the whole command on the back), and, when the deck sets
``typing: true``, a typing note (meaning on the front, the command typed into
Anki's answer box). Each kind of note has its own note type, so turning typing
on or off never changes a note type a user already has. Identity comes from the deck name,
the language and the card id, never from content, so editing a card's text
updates its notes in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import genanki

from ..sources.deck import Card, Deck
from .decks import subdeck_names
from .fields import ClozeMarkdown, Command, FieldSource, Link, Markdown, Plain, Recall, Typed, TypePrompt


@dataclass(frozen=True)
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


def note_guid(deck_name: str, lang: str, key: str) -> str:
    return genanki.guid_for("dockdeck", deck_name, lang, key)


def expand(deck: Deck, lang: str) -> list[NoteSpec]:
    """All notes of one language's deck, in teaching order."""
    settings = deck.settings
    notes: list[NoteSpec] = []
    subdecks = subdeck_names(deck.topics, lang)
    for card in deck.cards:
        for part, notetype, fields in _parts(card, lang, settings.typing):
            key = f"{card.id}/{part}" if part else card.id
            notes.append(NoteSpec(
                guid=note_guid(settings.name, lang, key),
                key=key,
                notetype=notetype,
                lang=lang,
                deck=(settings.root_deck[lang], subdecks[card.path]),
                fields=fields,
                tags=card.tags,
                path=card.path,
                line=card.line,
            ))
    return notes


def _common(card: Card, lang: str, key: str) -> tuple[FieldSource, ...]:
    extra = card.texts.get("extra", {}).get(lang, "")
    return (Markdown(extra), Link(card.source or ""), Plain(key))


def _parts(card: Card, lang: str, typing: bool = False) -> list[tuple[str, str, tuple[FieldSource, ...]]]:
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
        ("recall", "basic", (Recall(texts["meaning"]), Command(command, card.tokens))
         + _common(card, lang, recall_key)),
    ]
    if typing:
        parts.append(("type", "type", (TypePrompt(texts["meaning"], placeholders(card)), Typed(command))
                      + _common(card, lang, type_key)))
    return parts


_PLACEHOLDER = re.compile(r"<[^<>]+>")


def placeholders(card: Card) -> tuple[str, ...]:
    """The command's <placeholders>, each once, in order: shown on the typing card, because their
    names are the deck's choice, not something to recall (`<container>`, not `<name>` or `<id>`)."""
    found = (m.group() for t in card.tokens if t.kind == "placeholder" for m in _PLACEHOLDER.finditer(t.text))
    return tuple(dict.fromkeys(found))
