"""Readable ASCII slugs for card ids, from English or Korean text.

Hangul is romanized syllable by syllable (Revised Romanization without the
sound-change rules), so ``도커 이미지`` becomes ``dokeo-imiji``: an id a person
can still read and type.
"""

from __future__ import annotations

import re
import unicodedata

from ..sources.command import tokenize

_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_MEDIALS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
            "yu", "eu", "ui", "i")
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
           "ng", "t", "t", "k", "t", "p", "t")


def romanize(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out.append(_INITIALS[code // 588] + _MEDIALS[(code % 588) // 28] + _FINALS[code % 28])
        else:
            out.append(ch)
    return "".join(out)


def slugify(text: str, max_words: int = 6, max_chars: int = 60) -> str:
    """Lowercase words of a-z and 0-9 joined by '-', cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", romanize(text)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())[:max_words]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_chars:
            break
        slug = candidate
    return slug


def command_slug(command: str) -> str:
    """A readable id from a command: ``docker exec -it <c> sh`` -> ``exec-it-sh``.

    ``docker`` would begin every id and placeholders name no action, so both are left out.
    """
    words = [t.text.lstrip("-") for t in tokenize(command) if t.kind != "placeholder"]
    if words[:1] == ["docker"]:
        words = words[1:]
    return slugify(" ".join(words), max_words=5, max_chars=50) or "command"


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not taken yet."""
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def tag_of(text: str) -> str:
    """An Anki tag from a heading, in its own script: no spaces, quotes or '::'."""
    tag = re.sub(r"[\s\"':]+", "-", unicodedata.normalize("NFKC", text).strip().lower())
    tag = re.sub(r"[^\w.+-]+", "", tag).strip("-")
    return re.sub(r"-{2,}", "-", tag)[:60].strip("-")
