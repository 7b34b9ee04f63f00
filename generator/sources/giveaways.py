"""Cards that answer themselves: a hidden part that the front shows anyway.

A cloze card hides one deletion and shows the rest of its text (other deletions
included); a command's cloze card shows its meaning and the command with one
blank hidden; a recall card shows the meaning and asks for the command. Each of
these fronts is checked, in every language, for the text it hides:

- a deletion or blank whose text stands elsewhere on the front;
- a deletion glossed in parentheses with its words in another language
  ("[[인스턴스]] (instance)");
- a blank that hides only a placeholder, which teaches nothing to recall;
- a recall card whose meaning spells out the command.

Latin text matches as whole words, ignoring case, except words in capitals such
as ``FROM``, which match only in capitals; other scripts (Hangul) match anywhere,
since particles attach to the word. A card with ``giveaway_ok: <reason>`` is not
checked. The result is warnings: located problems that ``check`` prints and that
fail only ``check --strict``.
"""

from __future__ import annotations

import re

from ..problems import Problem
from .deck import Card, Deck
from .format import CLOZE_RE, DEFAULT_BLANKS

_LATIN = re.compile(r"[A-Za-z0-9]")
# Written as placeholders by convention though they are plain words: KEY=value.
_PLACEHOLDER_WORD = re.compile(r"[A-Z][A-Z0-9_]*=[a-z][a-z0-9_-]*")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z]")


def find_giveaways(deck: Deck) -> list[Problem]:
    """Every giveaway in the deck, for the languages it was read in."""
    found: list[Problem] = []
    for card in deck.cards:
        if card.giveaway_ok:
            continue
        messages = _cloze(card, deck.langs) if card.kind == "cloze" else _command(card, deck.langs) \
            if card.kind == "command" else []
        hint = "reword the front, or add giveaway_ok: <why> to the card"
        if card.blanks_default:
            hint = ("the card has no 'blanks', so it hides the default (" + DEFAULT_BLANKS + "): list the parts "
                    "to hide under 'blanks', reword the meaning, or add giveaway_ok: <why> to the card")
        found += [Problem(card.path, card.line, f"{card.id}: {message}", hint) for message in dict.fromkeys(messages)]
    return found


# Markdown marks around a whole deletion (`code`, **bold**, *italic*): the words are inside.
_MARKED = re.compile(r"(`+|\*\*|\*|__|_)(.+)\1", re.S)
# A gloss: words in parentheses right after a deletion, "[[인스턴스]] (instance)".
_GLOSS = re.compile(r"\s*\(([^()]{1,80})\)")


def shows(text: str, hidden: str) -> bool:
    """Whether ``hidden`` stands in ``text``, as a reader would spot it."""
    hidden = hidden.strip()
    marked = _MARKED.fullmatch(hidden)
    hidden = (marked.group(2) if marked else hidden).strip()
    if not hidden or not _LATIN.search(hidden) and not _NON_LATIN_LETTER.search(hidden):
        return False  # punctuation alone gives nothing away
    if _NON_LATIN_LETTER.search(hidden):
        return hidden.casefold() in text.casefold()
    capitals = hidden.upper() == hidden and hidden.lower() != hidden
    pattern = rf"(?<![\w-]){re.escape(hidden)}(?![\w-])"
    return re.search(pattern, text, 0 if capitals else re.IGNORECASE) is not None


def _deletions(text: str) -> list[re.Match[str]]:
    return list(CLOZE_RE.finditer(text))


def _cloze(card: Card, langs: tuple[str, ...]) -> list[str]:
    texts = card.texts.get("cloze", {})
    messages = []
    for lang in langs:
        text = texts.get(lang, "")
        # Deletions are not in the same order in every language: a gloss may stand for any of them.
        theirs = {m.group(1) for other in langs if other != lang for m in _deletions(texts.get(other, ""))}
        for i, deletion in enumerate(_deletions(text)):
            # What card i shows: the text without deletion i, the other deletions as written.
            front = CLOZE_RE.sub(lambda m: m.group(1), text[:deletion.start()] + " [...] " + text[deletion.end():])
            hidden = deletion.group(1)
            if shows(front, hidden):
                messages.append(f"cloze {i + 1} ({lang}) hides {hidden!r}, which the front shows elsewhere")
                continue
            gloss = _GLOSS.match(text, deletion.end())
            words = gloss.group(1).strip() if gloss else ""
            if words and (words in theirs or any(shows(words, other) for other in theirs)):
                messages.append(f"cloze {i + 1} ({lang}) hides {hidden!r}, but the gloss {'(' + words + ')'!r} "
                                "next to it gives it away")
    return messages


def _command(card: Card, langs: tuple[str, ...]) -> list[str]:
    command = card.command or ""
    meanings = card.texts.get("meaning", {})
    messages = []
    for n, (start, end) in enumerate(card.spans, 1):
        hidden = command[start:end]
        tokens = [t for t in card.tokens if start <= t.start and t.end <= end]
        if tokens and all(t.kind == "placeholder" or _PLACEHOLDER_WORD.fullmatch(t.text) for t in tokens):
            messages.append(f"blank {n} hides only the placeholder {hidden!r}: hide an option or a word to recall")
            continue
        rest = command[:start] + " [...] " + command[end:]
        words = [hidden] + [t.text for t in tokens if t.kind != "placeholder" and len(tokens) > 1]
        for lang in langs:
            front = meanings.get(lang, "") + "\n" + rest
            shown = next((word for word in words if shows(front, word)), None)
            if shown is not None:
                messages.append(f"blank {n} hides {hidden!r}, but the front ({lang}) shows {shown!r}")
    for lang in langs:
        if shows(meanings.get(lang, ""), command):
            messages.append(f"the recall card ({lang}) asks for the command its meaning spells out")
    return messages
