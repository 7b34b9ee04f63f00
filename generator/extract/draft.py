"""Write a draft as the YAML topic file a person curates: block style, Unicode, card-format key order.

Every card is checked with the engine's own validator before it is written,
so whatever ``dockdeck extract`` prints passes ``dockdeck check`` for the
draft's language; a card that would not is left out and counted as skipped.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from ..output.render import markdown_to_html
from ..sources.deck import Settings
from ..sources.format import CARD_KEYS, MAX_CARDS_PER_FILE
from ..sources.load import MAX_FILE_BYTES, load_text
from ..sources.media import MediaStore
from ..sources.schema import MODELINE, SCHEMA_FILE
from ..sources.todos import unfinished
from ..sources.validate import validate_topic
from .rules import Draft, DraftCard

# Room for the comments, deck and tags above the cards.
_HEAD_BYTES = 4096


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Lists indented under their key, as people write them by hand.
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Multi-line texts as literal blocks: they read as the Markdown they are.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=100_000, indent=2)


def card_mapping(card: DraftCard, lang: str) -> dict[str, Any]:
    fields: dict[str, Any] = {"id": card.id}
    if card.kind == "basic":
        fields["front"] = {lang: card.front}
        fields["back"] = {lang: card.back}
    else:
        fields["command"] = card.command
        if card.blanks is not None:
            fields["blanks"] = list(card.blanks)
        fields["meaning"] = {lang: card.meaning}
    extra = "\n\n".join(part.strip() for part in card.extra if part.strip())
    if extra:
        fields["extra"] = {lang: extra}
    if card.tags:
        fields["tags"] = list(card.tags)
    return {key: fields[key] for key in CARD_KEYS if key in fields}


def _card_yaml(card: DraftCard, lang: str, notes_name: str) -> str:
    body = textwrap.indent(_dump([card_mapping(card, lang)]), "  ", lambda line: line.strip() != "")
    return f"  # {notes_name}:{card.line}\n{body}"


def _valid(card_yaml: str, lang: str) -> bool:
    """Whether the engine accepts and renders the card as written, for the draft's language."""
    text = f"deck: {{{lang}: x}}\ncards:\n{card_yaml}"
    tree, problems = load_text(text, "draft.yaml")
    if problems or tree is None:
        return False
    settings = Settings(path="dockdeck.yaml", name="draft", languages=(lang,), root_deck={lang: "x"},
                        files=("draft.yaml",))
    topic, problems = validate_topic(tree, "draft.yaml", settings, (lang,))
    if topic is None or problems or len(topic.cards) != 1:
        return False
    # Rendering finds what validation cannot, such as a picture that is not in cards/media/.
    media = MediaStore(Path("/nonexistent-dockdeck-draft"))
    for texts in topic.cards[0].texts.values():
        markdown_to_html(texts[lang], media, problems, ("draft.yaml", 1))
    return not problems


@dataclass(frozen=True)
class Checked:
    """A draft of valid cards only, and the YAML of each: written once, for the check and the file."""

    draft: Draft
    texts: list[str]
    left_out: int = 0  # drafted cards that did not fit in one topic file (not checked)


def keep_valid(draft: Draft, notes_name: str) -> Checked:
    """The draft without the cards the engine would refuse; each one counts as a skipped passage.

    The draft is one topic file, so it stops before the limits ``dockdeck check`` applies to one
    (cards, bytes); the drafted cards past them are counted as left out."""
    kept: list[DraftCard] = []
    texts: list[str] = []
    size = _HEAD_BYTES
    for index, card in enumerate(draft.cards):
        text = _card_yaml(card, draft.lang, notes_name)
        size += len(text.encode("utf-8")) + 1
        if len(kept) == MAX_CARDS_PER_FILE or size > MAX_FILE_BYTES:
            left_out = len(draft.cards) - index
            kept_draft = replace(draft, cards=kept, skipped=draft.skipped + len(draft.cards) - len(kept) - left_out)
            return Checked(kept_draft, texts, left_out)
        if _valid(text, draft.lang):
            kept.append(card)
            texts.append(text)
        else:
            size -= len(text.encode("utf-8")) + 1
    return Checked(replace(draft, cards=kept, skipped=draft.skipped + len(draft.cards) - len(kept)), texts)


def _languages_line(lang: str, deck_langs: tuple[str, ...] | None) -> str:
    """What to do about the deck's other languages: those of the deck in --cards when there is one."""
    if deck_langs is None:
        return (f"# `dockdeck build --lang {lang}`, or add your deck's other languages next to each '{lang}:' "
                "text first.")
    others = " and ".join(f"'{other}:'" for other in deck_langs if other != lang)
    if lang not in deck_langs:
        return (f"# the deck's languages ({', '.join(deck_langs)}) do not include {lang!r}: add {others} next to "
                f"each '{lang}:' text, and take the '{lang}:' texts out or add {lang} to its languages.")
    if not others:
        return "# `dockdeck build`."
    return f"# `dockdeck build --lang {lang}`, or add {others} next to each '{lang}:' text first."


def draft_to_yaml(checked: Checked, notes_name: str, deck_langs: tuple[str, ...] | None = None,
                  schema: str | None = SCHEMA_FILE) -> str:
    """The topic file's text; ``deck_langs``: the languages of the deck it is for, if known; ``schema``:
    what its first line points editors at (``output_file.schema_ref``), None for no such line."""
    draft = checked.draft
    head = [MODELINE.replace(f"$schema={SCHEMA_FILE}", f"$schema={schema}")] if schema else []
    if schema != SCHEMA_FILE:
        head.append(f"# In the cards folder, the first line is: {MODELINE}")
    head += [
        f"# Draft cards extracted by `dockdeck extract` from {notes_name}; texts are in {draft.lang!r} only.",
        "# Review every card before you keep it, move this file into the cards folder, list it in",
        "# dockdeck.yaml's files, then build with",
        _languages_line(draft.lang, deck_langs),
        "# The comment above each card is the line of the notes it came from.",
    ]
    if any(unfinished(card.meaning) for card in draft.cards if card.kind == "command"):
        head.append("# A text that starts with TODO is left for you: `dockdeck check` lists each one.")
    topic: dict[str, Any] = {"deck": {draft.lang: draft.deck}}
    if draft.tags:
        topic["tags"] = draft.tags
    parts = ["\n".join(head), _dump(topic).rstrip("\n")]
    if checked.texts:
        parts.append("cards:\n" + "\n".join(checked.texts).rstrip("\n"))
    else:
        parts.append("cards: []")
    return "\n".join(parts) + "\n"
