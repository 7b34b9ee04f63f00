"""Characters that show as nothing, or change the order of what is shown: one rule for every text.

Anki silently drops control characters from fields, bidi controls make text display in another
order than it is typed, and zero-width characters, fillers and tag characters are there without
being seen: each would make a card (or a file name, a deck name, a link) say something other than
what its source seems to say, or a blank that no longer matches its command. So all of them are
refused, except the two uses of invisible characters that writing needs:

- a zero-width joiner or non-joiner (U+200D, U+200C) between two characters that are not ASCII:
  emoji sequences (👩‍💻), and words of the scripts that need them (Persian, Hindi, ...);
- tag characters inside an emoji tag sequence: a black flag, tags, a cancel tag (the flag of Scotland).

Korean needs neither; its Hangul fillers (U+3164, U+FFA0) show as blank space and are refused.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Zero width space, word joiner and the invisible math operators, byte-order mark inside a text,
# Mongolian vowel separator, Hangul fillers.
_UNSEEN = "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u3164\uffa0"
_JOINERS = "\u200c\u200d"
_TAGS = "\U000e0000-\U000e007f"
_TAG_SEQUENCE = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")


@lru_cache(maxsize=8)
def _pattern(allowed: str) -> re.Pattern[str]:
    # Unicode's control characters (category Cc) are exactly U+0000-U+001F and U+007F-U+009F; one
    # pattern finds them (and the rest) far faster than asking per character.
    controls = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in allowed]
    singles = "".join(re.escape(c) for c in controls + list(BIDI + _UNSEEN + _JOINERS))
    return re.compile(f"[{singles}{_TAGS}]")


def hidden_at(text: str, allowed: str = "") -> int | None:
    """Where the first hidden character of ``text`` is (characters in ``allowed`` are fine), or None."""
    pattern = _pattern(allowed)
    match = pattern.search(text)
    if match is None:
        return None
    flags = None
    while match is not None:
        at, char = match.start(), match.group()
        if char in _JOINERS and _joins(text, at):
            pass
        elif "\U000e0000" <= char <= "\U000e007f":
            if flags is None:
                flags = [m.span() for m in _TAG_SEQUENCE.finditer(text)]
            if not any(start < at < end for start, end in flags):
                return at
        else:
            return at
        match = pattern.search(text, at + 1)
    return None


def _joins(text: str, at: int) -> bool:
    """Whether the joiner at ``at`` stands between two characters outside ASCII that it can join."""
    if at == 0 or at + 1 >= len(text):
        return False
    before, after = text[at - 1], text[at + 1]
    return all(not ch.isascii() and not ch.isspace() and ch not in _JOINERS and unicodedata.category(ch)[0] in "LMNS"
               for ch in (before, after))


def is_control(char: str) -> bool:
    """A control character or a bidi control, as opposed to one that is merely unseen."""
    return unicodedata.category(char) == "Cc" or char in BIDI


def describe(char: str) -> str:
    """``U+200B (zero width space)``: how a message names a hidden character."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name.lower()})" if name else "")
