"""Cards that answer themselves: a hidden part that the front shows anyway.

A cloze card hides one deletion and shows the rest of its text (other deletions
included); a command's cloze card shows its meaning and the command with one
blank hidden; a recall card shows the meaning and asks for the command. Each of
these fronts is checked, in every language, for the text it hides. The rules,
numbered as the README lists them:

1. a deletion or blank whose text stands elsewhere on the front;
2. a deletion glossed in parentheses with its words in another language
   ("[[인스턴스]] (instance)");
3. a blank that hides only a placeholder, which teaches nothing to recall;
4. a recall card whose meaning spells out the command;
5. another form of the hidden word on the front: an inflection (``paused`` or
   ``pauses`` for ``pause``, ``create`` for ``created``), the word with or
   without ``un`` (``pause`` for ``unpause``), or written with a hyphen or a
   space (``read-only`` for ``readonly``);
6. the hidden part inside a longer token on the front: ``-it`` when ``-i`` is
   hidden (short options written together), ``docker-init`` when ``init`` is;
7. on a front in Korean, the Korean spelling of a hidden English word (포트
   for ``port``, 헬스 체크 for ``healthcheck``: the table in ``loanwords.py``);
8. a two-way choice: a deletion that is one side of "X or Y" (also ``/``,
   ``vs``, 또는, 혹은, 아니면, "X와 Y 중") while the other side stands on the front.

Latin text matches as whole words, ignoring case, except words in capitals such
as ``FROM``, which match only in capitals; a Korean particle after a Latin word
(``mydata를``) does not hide it. Other scripts (Hangul) match anywhere, since
particles attach to the word. A card with ``giveaway_ok: <reason>`` is not
checked. The result is warnings: located problems that ``check`` prints and that
fail only ``check --strict``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..problems import Problem
from .deck import Card, Deck
from .format import CLOZE_RE, DEFAULT_BLANKS
from .loanwords import LOANWORDS

_LATIN = re.compile(r"[A-Za-z0-9]")
# Written as placeholders by convention though they are plain words: KEY=value.
_PLACEHOLDER_WORD = re.compile(r"[A-Z][A-Z0-9_]*=[a-z][a-z0-9_-]*")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z]")
# What continues a Latin word, as the case is matched (ignoring it, "K" (the Kelvin sign) is a "k").
_WORD_CHAR = {0: re.compile(r"[A-Za-z0-9_-]"), re.IGNORECASE: re.compile(r"[A-Za-z0-9_-]", re.IGNORECASE)}


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


def _bare(hidden: str) -> str:
    """The hidden text without the Markdown marks around it: `__init__` is the words __init__."""
    hidden = hidden.strip()
    marked = _MARKED.fullmatch(hidden)
    return (marked.group(2) if marked else hidden).strip()


def _capitals(word: str) -> bool:
    return word.upper() == word and word.lower() != word


def shows(text: str, hidden: str) -> bool:
    """Rule 1: whether ``hidden`` stands in ``text``, as a reader would spot it."""
    hidden = _bare(hidden)
    if not hidden or not _LATIN.search(hidden) and not _NON_LATIN_LETTER.search(hidden):
        return False  # punctuation alone gives nothing away
    if _NON_LATIN_LETTER.search(hidden):
        return hidden.casefold() in text.casefold()
    # Boundaries are Latin letters, digits, "_" and "-": a Korean particle ends the word. They are
    # checked beside each match of the bare word: one pattern with them in costs far more to compile,
    # and every hidden text is another pattern.
    flags = 0 if _capitals(hidden) else re.IGNORECASE
    found, word_char = re.compile(re.escape(hidden), flags), _WORD_CHAR[flags]
    match = found.search(text)
    while match is not None:
        start, end = match.span()
        if not (start and word_char.match(text, start - 1)) and not word_char.match(text, end):
            return True
        match = found.search(text, start + 1)
    return False


def spotted(front: str, hidden: str) -> str | None:
    """Rules 5 to 7: what on ``front`` gives ``hidden`` away without spelling it, said for a message."""
    hidden = _bare(hidden)
    form = _another_form(front, hidden)
    if form:
        return f"{form!r}, a form of it"
    inside = _inside_longer(front, hidden)
    if inside:
        return f"{inside!r}, which holds it"
    korean = _korean_spelling(front, hidden)
    if korean:
        return f"{korean!r}, its Korean spelling"
    return None


_SUFFIXES = ("s", "es", "d", "ed", "ing")
# A front's Latin words, hyphenated ones as one word ("read-only"); "_" and digits belong to a word.
_FRONT_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]+(?:-[A-Za-z]+)*(?![A-Za-z0-9_])")
_ONE_WORD = re.compile(r"[A-Za-z]+(?:[- ][A-Za-z]+)*")


@lru_cache(maxsize=4096)  # every word of every front is held against each hidden word
def _forms(word: str) -> frozenset[str]:
    """The regular inflections of an English word: pause -> pauses, paused, pausing; stop -> stopped.

    Only the spellings English uses ("-d" after an "e", "-es" after a hiss), so that a name such as
    dockerd is not read as a form of docker."""
    forms = {word + "s", word + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    else:
        forms.add(word + "ed")
    if re.search(r"(s|x|z|ch|sh|o)$", word):
        forms.add(word + "es")
    if re.search(r"[^aeiou]y$", word):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if re.fullmatch(r".*[^aeiou][aeiou][bdgklmnprt]", word):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return frozenset(forms)


def _without_un(word: str) -> set[str]:
    return {word, word[2:]} if word.startswith("un") and len(word) > 5 else {word}


def _one_word(a: str, b: str) -> bool:
    """Whether two words (lowercase, no hyphen or space) are one word in two forms."""
    return any(x == y or y in _forms(x) or x in _forms(y) for x in _without_un(a) for y in _without_un(b))


def _another_form(front: str, hidden: str) -> str | None:
    """Rule 5: a word on the front that is the hidden word in another form, or None."""
    if not _ONE_WORD.fullmatch(hidden) or len(hidden) < 3:
        return None
    words = list(_FRONT_WORD.finditer(front))
    # Two words written apart ("read only") are also read as one.
    pairs = [front[a.start():b.end()] for a, b in zip(words, words[1:], strict=False)
             if front[a.end():b.start()] == " "]
    for word in [m.group() for m in words] + pairs:
        if _capitals(hidden):
            if word.startswith(hidden) and word[len(hidden):] in _SUFFIXES:  # EXPOSEd
                return word
        elif word.lower() != hidden.lower() and _one_word(re.sub("[- ]", "", hidden.lower()),
                                                          re.sub("[- ]", "", word.lower())):
            return word
    return None


_SHORT_OPTIONS = re.compile(r"(?<![A-Za-z0-9_-])-([A-Za-z]{2,})(?![A-Za-z0-9_-])")
_TOKEN = re.compile(r"[A-Za-z0-9_.-]+")


def _inside_longer(front: str, hidden: str) -> str | None:
    """Rule 6: a longer token on the front that holds the hidden one: -it holds -i, docker-init holds init."""
    if re.fullmatch(r"-[A-Za-z]", hidden):
        return next((m.group() for m in _SHORT_OPTIONS.finditer(front) if hidden[1] in m.group(1)), None)
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{2,}", hidden):
        return None
    for m in _TOKEN.finditer(front):
        parts = [part for part in re.split(r"[-_.]", m.group()) if part]
        if m.group() != hidden and any(part == hidden if _capitals(hidden) else part.lower() == hidden.lower()
                                  for part in parts):
            return m.group()
    return None


_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _spellings(word: str) -> list[str]:
    """Patterns for how Korean writes an English word (lowercase), from the loanword table."""
    def known(part: str) -> tuple[str, ...]:
        for stem in (part, part[:-1] if part.endswith("s") else "", part[:-2] if part.endswith("es") else ""):
            if stem in LOANWORDS:
                return LOANWORDS[stem]
        return ()

    patterns = [re.escape(spelling) for spelling in known(word)]
    for i in range(3, len(word) - 2):  # a compound of two known words: healthcheck is 헬스 체크
        patterns += [re.escape(a) + r"\s?" + re.escape(b)
                     for a in known(word[:i]) for b in known(word[i:])]
    return patterns


def _korean_spelling(front: str, hidden: str) -> str | None:
    """Rule 7: on a Korean front, the Korean spelling of every English word of the hidden part.

    Every word, as rule 1 asks for the whole hidden text: `Docker Hub` is not given away by 도커
    alone, `--no-healthcheck` is by 헬스 체크 (words of one or two letters, such as "no", do not count)."""
    if not _HANGUL.search(front):
        return None
    # Placeholders are named to be read; their words teach nothing to hide.
    words = [w for w in re.findall(r"[A-Za-z]+", re.sub(r"<[^<>]*>", " ", hidden)) if len(w) > 2]
    found = []
    for word in words:
        spelt = next((m for pattern in _spellings(word.lower())
                      if (m := re.search(r"(?<![\uac00-\ud7a3])" + pattern, front))), None)
        if spelt is None:
            return None
        found.append(spelt.group())
    return " ".join(found) or None


# Rule 8: the words that make a two-way choice, and one side of it: a code span, a bold run or a word.
_OR = r"(?:\s+(?:or|vs\.?|versus|또는|혹은|아니면)\s+|\s*/\s*|(?:이나|나)\s+)"
_SIDE = r"(?:(?:the|a|an)\s+)?(`[^`\n]+`|\*\*[^*\n]+\*\*|[^\s,.;:!?()\[\]`*/]+)"
_MARK = r"(?:`|\*\*|\*)?"
_CHOICE_AFTER = re.compile(rf"{_MARK}{_OR}{_SIDE}|{_MARK}(?:와|과)\s*{_SIDE}\s*중", re.IGNORECASE)
_CHOICE_BEFORE = re.compile(rf"{_SIDE}{_OR}{_MARK}$|{_SIDE}(?:와|과)\s+{_MARK}$", re.IGNORECASE)


def _other_choice(text: str, deletion: re.Match[str]) -> str | None:
    """Rule 8: the other side of a two-way choice whose one side is this deletion (it stands on the front)."""
    after = _CHOICE_AFTER.match(text, deletion.end())
    if after:
        return CLOZE_RE.sub(lambda m: m.group(1), after.group(1) or after.group(2))
    before = _CHOICE_BEFORE.search(text[max(0, deletion.start() - 200):deletion.start()])
    if before and (before.group(1) or text[deletion.end():].lstrip("`* ").startswith("중")):
        return CLOZE_RE.sub(lambda m: m.group(1), before.group(1) or before.group(2))
    return None


def _cloze(card: Card, langs: tuple[str, ...]) -> list[str]:
    texts = card.texts.get("cloze", {})
    deletions = {lang: list(CLOZE_RE.finditer(texts.get(lang, ""))) for lang in langs}
    messages = []
    for lang in langs:
        text = texts.get(lang, "")
        # Deletions are not in the same order in every language: a gloss may stand for any of them.
        theirs = {m.group(1) for other in langs if other != lang for m in deletions[other]}
        for i, deletion in enumerate(deletions[lang]):
            # What card i shows: the text without deletion i, the other deletions as written.
            front = CLOZE_RE.sub(lambda m: m.group(1), text[:deletion.start()] + " [...] " + text[deletion.end():])
            hidden = deletion.group(1)
            if shows(front, hidden):
                messages.append(f"cloze {i + 1} ({lang}) hides {hidden!r}, which the front shows elsewhere")
                continue
            clue = spotted(front, hidden)
            if clue:
                messages.append(f"cloze {i + 1} ({lang}) hides {hidden!r}, but the front shows {clue}")
                continue
            other = _other_choice(text, deletion)
            if other:
                messages.append(f"cloze {i + 1} ({lang}) hides {hidden!r}, one side of a two-way choice whose "
                                f"other side, {other!r}, stands on the front")
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
                continue
            clue = next(filter(None, (spotted(front, word) for word in words)), None)
            if clue:
                messages.append(f"blank {n} hides {hidden!r}, but the front ({lang}) shows {clue}")
    for lang in langs:
        if shows(meanings.get(lang, ""), command):
            messages.append(f"the recall card ({lang}) asks for the command its meaning spells out")
    return messages
