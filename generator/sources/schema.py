"""A JSON Schema of the card format, for editors with the YAML language server.

It is generated from the definitions in ``format.py`` that the validator
uses, so editor and ``dockdeck check`` agree on everything a schema can
express: keys, kinds of card, types, patterns and limits. What needs more than
one file or the command's words (unique ids, blanks that are whole words of
the command) stays with ``dockdeck check``. The schema is written for one
deck's languages, so a missing translation is flagged while typing.

One file serves both ``dockdeck.yaml`` and the topic files: a document with
any settings key is checked as settings, everything else as a topic file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .format import (
    CARD_KEYS,
    CLOZE_PATTERN,
    CSS_FILE_PATTERN,
    ENV_NAME_PATTERN,
    ID_PATTERN,
    KEY_HELP,
    KIND_KEYS,
    LANG_PATTERN,
    MAX_CARDS_PER_FILE,
    MAX_COMMAND_CHARS,
    MAX_TEXT_CHARS,
    MAX_VERIFY_TIMEOUT,
    NAME_PATTERN,
    ONLY_FOR,
    PLACEHOLDER_PATTERN,
    SETTINGS_FILE,
    SETTINGS_KEYS,
    SETTINGS_REQUIRED,
    TAG_PATTERN,
    TOPIC_FILE_PATTERN,
    TOPIC_KEYS,
    TOPIC_REQUIRED,
    URL_PATTERN,
    VERIFY_KEYS,
)
from .labels import LABEL_KEYS, MAX_LABEL_CHARS
from .read import read_settings

SCHEMA_FILE = "schema.json"
# The first line of every card file: editors read it to find the schema.
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"

# "Not empty": at least one character that is not whitespace.
_NOT_BLANK = r"\S"
# A deck name: no '::' (that would make a sub-deck) and no space at either end.
# (?![\s\S]) is "end of text" in both Python and JavaScript, unlike "$".
_DECK_NAME = r"^(?=\S)(?![\s\S]*::)(?![\s\S]*\s(?![\s\S]))"
# One line once surrounding spaces are stripped, at most MAX_COMMAND_CHARS long.
_COMMAND = rf"^\s*\S(?:[^\r\n]{{0,{MAX_COMMAND_CHARS - 2}}}\S)?\s*$"
# Text on one line, spaces around it aside.
_ONE_LINE = r"^\s*[^\r\n]*\S[^\r\n]*\s*(?![\s\S])"
# YAML numbers and true/false are texts too ("back: 10" is fine).
_OTHER_SCALARS = {"type": ["number", "boolean"]}


def _text(langs: tuple[str, ...], pattern: str, scalars: bool = True, help_key: str = "") -> dict[str, Any]:
    """A text: one string for every language, or a mapping with one string per language."""
    string = {"type": "string", "pattern": pattern, "maxLength": MAX_TEXT_CHARS}
    scalar: dict[str, Any] = {"anyOf": [string, _OTHER_SCALARS]} if scalars else string
    per_lang = {
        "type": "object",
        "properties": {lang: scalar for lang in langs},
        "required": list(langs),
        "additionalProperties": False,
    }
    schema: dict[str, Any] = {"anyOf": [scalar, per_lang]}
    if help_key:
        schema["description"] = KEY_HELP[help_key]
    return schema


def _tags() -> dict[str, Any]:
    tag = {"type": "string", "pattern": TAG_PATTERN}
    return {"description": KEY_HELP["tags"],
            "anyOf": [tag, {"type": "array", "items": {"anyOf": [tag, _OTHER_SCALARS]}}]}


def _script(help_key: str) -> dict[str, Any]:
    return {"type": "string", "pattern": _NOT_BLANK, "maxLength": MAX_TEXT_CHARS, "description": KEY_HELP[help_key]}


def _bindings(help_key: str) -> dict[str, Any]:
    """``{"<placeholder>": value}``; a value is text or a number (8080)."""
    return {"type": "object", "description": KEY_HELP[help_key],
            "propertyNames": {"pattern": f"^{PLACEHOLDER_PATTERN}$"},
            "additionalProperties": {"type": ["string", "number"]}}


def _verify_settings() -> dict[str, Any]:
    properties = {
        "env": {"type": "object", "description": KEY_HELP["env"], "propertyNames": {"pattern": ENV_NAME_PATTERN},
                "additionalProperties": {"type": ["string", "number"]}},
        "bind": _bindings("bind"),
        "setup": _script("setup"),
        "teardown": _script("teardown"),
        "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_VERIFY_TIMEOUT,
                    "description": KEY_HELP["timeout"]},
    }
    return {"type": "object", "description": KEY_HELP["verify_settings"],
            "properties": {key: properties[key] for key in VERIFY_KEYS}, "additionalProperties": False}


def _card(langs: tuple[str, ...]) -> dict[str, Any]:
    text = {key: _text(langs, _NOT_BLANK, help_key=key) for key in ("front", "back", "meaning", "typing_hint", "extra")}
    properties: dict[str, Any] = {
        "id": {"type": "string", "pattern": ID_PATTERN, "description": KEY_HELP["id"]},
        **text,
        "command": {"type": "string", "pattern": _COMMAND, "description": KEY_HELP["command"]},
        "blanks": {"type": "array", "minItems": 1, "description": KEY_HELP["blanks"],
                   "items": {"anyOf": [{"type": "string", "pattern": _NOT_BLANK}, _OTHER_SCALARS]}},
        "cloze": _text(langs, CLOZE_PATTERN, scalars=False, help_key="cloze"),
        "source": {"type": "string", "pattern": URL_PATTERN, "description": KEY_HELP["source"]},
        "tags": _tags(),
        "giveaway_ok": {"type": "string", "pattern": _NOT_BLANK, "description": KEY_HELP["giveaway_ok"]},
        "verify_bind": _bindings("verify_bind"),
        "verify": _script("verify"),
        "verify_skip": {"type": "string", "pattern": _NOT_BLANK, "description": KEY_HELP["verify_skip"]},
    }
    assert set(properties) == set(CARD_KEYS), "every card key needs a schema"
    kinds = []
    for kind, keys in KIND_KEYS.items():
        others = [key for key, owner in ONLY_FOR.items() if owner != kind]
        kinds.append({"title": f"{kind} card", "required": list(keys),
                      "not": {"anyOf": [{"required": [key]} for key in others]}})
    return {
        "type": "object",
        "description": "A card: front+back (basic), command+meaning (command), or cloze.",
        "properties": {key: properties[key] for key in CARD_KEYS},
        "required": ["id"],
        "additionalProperties": False,
        "oneOf": kinds,
        "not": {"required": ["verify", "verify_skip"]},
    }


def _topic(langs: tuple[str, ...]) -> dict[str, Any]:
    properties = {
        "deck": _text(langs, _DECK_NAME, help_key="deck"),
        "tags": _tags(),
        "cards": {"description": KEY_HELP["cards"], "anyOf": [
            {"type": "array", "maxItems": MAX_CARDS_PER_FILE, "items": {"$ref": "#/definitions/card"}},
            {"type": "null"}]},  # `cards:` with nothing under it: no cards yet
    }
    return {"type": "object", "properties": {key: properties[key] for key in TOPIC_KEYS},
            "required": list(TOPIC_REQUIRED), "additionalProperties": False}


def _labels(langs: tuple[str, ...]) -> dict[str, Any]:
    """``{lang: {label: words}}``: each label one line of text, as the cards show it."""
    words = {"type": "string", "pattern": _ONE_LINE, "maxLength": MAX_LABEL_CHARS}
    return {"type": "object", "description": KEY_HELP["labels"], "propertyNames": {"enum": list(langs)},
            "additionalProperties": {"type": "object", "properties": {key: words for key in LABEL_KEYS},
                                     "additionalProperties": False}}


def _settings(langs: tuple[str, ...]) -> dict[str, Any]:
    properties = {
        "name": {"type": "string", "pattern": NAME_PATTERN, "description": KEY_HELP["name"]},
        "languages": {"type": "array", "minItems": 1, "uniqueItems": True, "description": KEY_HELP["languages"],
                      "items": {"type": "string", "pattern": LANG_PATTERN}},
        "root_deck": _text(langs, _NOT_BLANK, help_key="root_deck"),
        "description": _text(langs, _NOT_BLANK, help_key="description"),
        "css": {"type": "string", "pattern": CSS_FILE_PATTERN, "description": KEY_HELP["css"]},
        "typing": {"type": "boolean", "description": KEY_HELP["typing"]},
        "typing_hint": _text(langs, _NOT_BLANK, help_key="typing_hint"),
        "labels": _labels(langs),
        "files": {"type": "array", "description": KEY_HELP["files"],
                  "items": {"type": "string", "pattern": TOPIC_FILE_PATTERN, "not": {"const": SETTINGS_FILE}}},
        "verify": _verify_settings(),
    }
    return {"type": "object", "properties": {key: properties[key] for key in SETTINGS_KEYS},
            "required": list(SETTINGS_REQUIRED), "additionalProperties": False}


def build_schema(languages: tuple[str, ...]) -> dict[str, Any]:
    """The schema for a deck in ``languages``: settings and topic files alike."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "dockdeck cards",
        "description": "Generated by `dockdeck schema` from generator/format.py; do not edit by hand.",
        "definitions": {
            "card": _card(languages),
            "topic": _topic(languages),
            "settings": _settings(languages),
        },
        "if": {"anyOf": [{"required": [key]} for key in SETTINGS_KEYS]},
        "then": {"$ref": "#/definitions/settings"},
        "else": {"$ref": "#/definitions/topic"},
    }


def schema_text(languages: tuple[str, ...]) -> str:
    return json.dumps(build_schema(languages), ensure_ascii=False, indent=2) + "\n"


def schema_path(cards_dir: Path) -> Path:
    return cards_dir / SCHEMA_FILE


def schema_for(cards_dir: Path) -> str:
    """The schema text for the deck in ``cards_dir``; raises ``ProblemsError`` when the settings are invalid."""
    return schema_text(read_settings(cards_dir).languages)
