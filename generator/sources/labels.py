"""The words a card shows besides the deck's texts, in each language: dockdeck's own, and the deck's.

dockdeck has words for English and Korean; ``labels:`` in dockdeck.yaml gives a deck's own in any of
its languages (replacing dockdeck's where it has some). A language with no words of either kind shows
the English ones, and ``check`` says so. Labels are plain text: a card shows them as written.
"""

from __future__ import annotations

from typing import Any

from ..problems import Problem
from .deck import Settings
from .invisible import describe as describe_char
from .invisible import hidden_at
from .load import YMap, YScalar, YStr, describe, line_of
from .todos import unfinished

# What each label is: the source link's caption on the back, the recall card's question, the typing
# card's prompt, and the caption of the placeholders to type as written.
LABEL_KEYS = ("source", "recall", "type", "placeholders")
LABELS = {
    "en": {"source": "Source", "recall": "Which command?", "type": "Type the command",
           "placeholders": "Placeholders:"},
    "ko": {"source": "출처", "recall": "어떤 명령일까요?", "type": "명령을 입력하세요",
           "placeholders": "자리표시자:"},
}
# A label is a caption, not a text: one short line.
MAX_LABEL_CHARS = 100
LABELS_EXAMPLE = "e.g. labels: {es: {source: Fuente, recall: ..., type: ..., placeholders: ...}}"


def labels_for(settings: Settings | None, lang: str) -> dict[str, str]:
    """The words the cards of ``lang`` show: the deck's own over dockdeck's (English where it has none)."""
    own = settings.labels.get(lang, {}) if settings is not None else {}
    return {**LABELS.get(lang, LABELS["en"]), **own}


def read_labels(value: Any, path: str, line: int, langs: tuple[str, ...],
                problems: list[Problem]) -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], int]]:
    """The settings' ``labels:`` block, language -> label -> words, and the line of each."""
    words: dict[str, dict[str, str]] = {}
    lines: dict[tuple[str, str], int] = {}
    if not isinstance(value, YMap):
        if value is not None:  # None: refused by the loader, which said why
            problems.append(Problem(path, line_of(value, line), f"labels must be a mapping of languages to words, "
                                    f"not {describe(value)}", LABELS_EXAMPLE))
        return words, lines
    for lang, lang_line in value.key_lines.items():
        given = value[lang]
        if lang not in langs:
            problems.append(Problem(path, lang_line, f"labels: unknown language {lang!r}",
                                    "languages are set in dockdeck.yaml: " + ", ".join(langs)))
            continue
        if not isinstance(given, YMap):
            if given is not None:
                problems.append(Problem(path, line_of(given, lang_line), f"labels ({lang}) must be a mapping of "
                                        f"label names to words, not {describe(given)}",
                                        "labels: " + ", ".join(LABEL_KEYS)))
            continue
        words[lang] = {}
        for key, key_line in given.key_lines.items():
            what = f"labels ({lang}) {key}"
            if key not in LABEL_KEYS:
                problems.append(_unknown(key, key_line, lang, path))
                continue
            text = _words(given[key], what, path, key_line, problems)
            if text is not None:
                words[lang][key] = text
                lines[(lang, key)] = key_line
    return words, lines


def _unknown(key: str, line: int, lang: str, path: str) -> Problem:
    import difflib

    close = difflib.get_close_matches(key, LABEL_KEYS, n=1)
    return Problem(path, line, f"unknown key {key!r} in labels ({lang})",
                   f"did you mean {close[0]!r}?" if close else "allowed: " + ", ".join(LABEL_KEYS))


def _words(value: Any, what: str, path: str, line: int, problems: list[Problem]) -> str | None:
    if isinstance(value, YScalar) and value.kind != "nothing":
        read_as = {"number": "a number", "date": "a date"}.get(value.kind, value.kind)
        problems.append(Problem(path, line_of(value, line), f"{what} must be text, not {read_as}",
                                "quote it to keep it as written"))
        return None
    if not isinstance(value, (YStr, YScalar)):
        if value is not None:
            problems.append(Problem(path, line_of(value, line), f"{what} must be text, not {describe(value)}"))
        return None
    text = str(value) if isinstance(value, YStr) else ""
    if not text.strip():
        problems.append(Problem(path, line_of(value, line), f"{what} is empty", "write the word or remove the key"))
        return None
    if any(end in text.strip() for end in "\r\n"):
        problems.append(Problem(path, line_of(value, line), f"{what} must be one line",
                                "a card shows it as a heading"))
        return None
    if len(text) > MAX_LABEL_CHARS:
        problems.append(Problem(path, line_of(value, line), f"{what} is {len(text)} characters long, over the "
                                f"{MAX_LABEL_CHARS} a caption may have", "say it shorter"))
        return None
    at = hidden_at(text, "")
    if at is not None:
        problems.append(Problem(path, line_of(value, line), f"{what} contains the invisible character "
                                f"{describe_char(text[at])}", "delete it"))
        return None
    return text.strip()


def used_labels(settings: Settings) -> tuple[str, ...]:
    """The labels a deck's cards show: the typing card's only with ``typing: true``."""
    return LABEL_KEYS if settings.typing else LABEL_KEYS[:2]


def label_warnings(settings: Settings, langs: tuple[str, ...]) -> list[Problem]:
    """Labels among ``langs`` that the cards would show in English, or still marked TODO."""
    found = []
    for lang in langs:
        own = settings.labels.get(lang, {})
        missing = [key for key in used_labels(settings) if key not in own and lang not in LABELS]
        if missing:
            english = ", ".join(repr(LABELS["en"][key]) for key in missing)
            found.append(Problem(settings.path, settings.labels_line or 1,
                                 f"labels ({lang}): no words for {', '.join(missing)}, so the cards show the English "
                                 f"ones ({english})", f"add them under labels: {lang}: in dockdeck.yaml"))
        for key, text in own.items():
            if unfinished(text):
                found.append(Problem(settings.path, settings.label_lines.get((lang, key), 1),
                                     f"labels ({lang}) {key} still starts with TODO: {text!r}",
                                     "translate it and take the TODO out; until then the cards show it as written"))
    return found
