"""Where a card's lines may break, written into its HTML, so Chromium and WebKit break them alike.

The card CSS keeps Korean words whole (``word-break: keep-all``). Browser engines read that rule
differently: WebKit (AnkiMobile) will not break a link after ``/`` or ``-``, and keeps a code span
and the particle after it, or the words on either side of a ``·``, together as one long word,
while Chromium (AnkiDroid) breaks there. An explicit break opportunity (``<wbr>``, which is no
character: copying the text copies nothing extra) makes both engines break where a reader expects
it; a Hangul word inside code keeps ``keep-all`` (code breaks ``normal``, so at hyphens and slashes,
which would also split Korean syllable by syllable).
"""

from __future__ import annotations

import re

TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_HANGUL_NEXT = re.compile(r"(?=[\uac00-\ud7a3])")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
# A middle dot between words ("라이브러리·패키지"): the line may end after it.
_DOT = re.compile(r"·(?=[^\s·])")
_URL_BREAK = re.compile(r"([/-])(?=.)")
_CODE_OPEN = re.compile(r"<code\b", re.I)
_CODE_CLOSE = re.compile(r"</code\s*>", re.I)

KEEP_HANGUL_CLASS = "dd-ko"


def break_hints(fragment: str) -> str:
    """``fragment`` (rendered HTML) with a break opportunity after a code span that a Korean particle
    follows and after a middle dot between words, and every Hangul word inside code kept whole."""
    if "·" not in fragment and not _HANGUL_RUN.search(fragment):
        return fragment  # no Korean and no middle dot: nothing to do (most English fields)
    parts = TAG_OR_TEXT.split(fragment)
    code = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            if _CODE_OPEN.match(part):
                code += 1
            elif _CODE_CLOSE.match(part):
                code = max(0, code - 1)
                if i + 1 < len(parts) and _HANGUL_NEXT.match(parts[i + 1]) and not code:
                    parts[i] = part + "<wbr>"
            continue
        if code:
            part = _HANGUL_RUN.sub(lambda m: f'<span class="{KEEP_HANGUL_CLASS}">{m.group(0)}</span>', part)
        parts[i] = _DOT.sub("·<wbr>", part)
    return "".join(parts)


def url_label(label: str) -> str:
    """An address shown as text (already HTML-escaped), with a break opportunity after each ``/`` and ``-``."""
    return _URL_BREAK.sub(r"\1<wbr>", label)
