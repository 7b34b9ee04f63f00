"""What a stylesheet from a cloned deck may do: style, never end its ``<style>`` element, never fetch.

The deck's ``css:`` file is pasted into every note type, and an SVG picture may carry a ``<style>``;
both run in Anki's web view. A browser reads CSS after decoding its escapes (``@\\69mport`` is
``@import``, ``u\\72l(`` is ``url(``), so the checks run on the text decoded the same way and name the
line each finding starts on. Comments are read both ways: dropped, so that ``@im/**/port`` is seen
whole, and kept, because ``/*`` inside an unquoted ``url(...)`` is no comment to a browser and a
checker that took it for one could be made to skip whatever follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEX = "0123456789abcdefABCDEF"
_SPACE = " \t\n\r\f"
# The functions that fetch what they name: url() and its newer spelling src(), and the image
# functions that take a plain string as an address (image-set("x.png" 1x), with any vendor prefix).
_FETCHING = re.compile(r"@import|\b(?:url|src|image|image-set)\(", re.I)
_DATA_OK = re.compile(r"data:(?:image/|font/|application/(?:x-)?font-|application/vnd\.ms-fontobject)", re.I)
# A file in Anki's media folder, named as Anki names them: no folder, no scheme.
_MEDIA_NAME = re.compile(r"[^/\\:?\s]+")


@dataclass(frozen=True)
class Decoded:
    """A stylesheet as the browser reads it: escapes decoded, comments gone. ``lines[i]`` is the line
    of ``text[i]`` in the file; ``escaped`` holds the positions of characters that were written as
    escapes (an escaped quote does not end a string)."""

    text: str
    lines: list[int] | None  # None: as in ``text``, which nothing changed
    escaped: frozenset[int]

    def line_at(self, index: int) -> int:
        return self.lines[index] if self.lines is not None else self.text.count("\n", 0, index) + 1


def decode(css: str, drop_comments: bool = True) -> Decoded:
    if "\\" not in css and not (drop_comments and "/*" in css):  # most styles: nothing to decode, and no need to walk them
        return Decoded(css, None, frozenset())
    out: list[str] = []
    lines: list[int] = []
    escaped: set[int] = set()
    line, i, quote = 1, 0, ""
    while i < len(css):
        c = css[i]
        if drop_comments and not quote and css.startswith("/*", i):
            end = css.find("*/", i + 2)
            end = len(css) if end < 0 else end + 2
            line += css.count("\n", i, end)
            i = end
            continue
        if c == "\\":
            char, i, newlines = _escape(css, i)
            if char:
                escaped.add(len(out))
                out.append(char)
                lines.append(line)
            line += newlines
            continue
        if c == "\n":
            quote = ""  # a line break ends an unfinished string
        elif quote and c == quote:
            quote = ""
            out.append(c)
            lines.append(line)
            i += 1
            continue
        elif not quote and c in "\"'":
            quote = c
        out.append(c)
        lines.append(line)
        line += c == "\n"
        i += 1
    return Decoded("".join(out), lines, frozenset(escaped))


def _escape(css: str, i: int) -> tuple[str, int, int]:
    """The character the escape at ``css[i]`` stands for ("" for an escaped line break), the index after
    it, and how many line breaks it spans (CSS Syntax, 4.3.7)."""
    j = i + 1
    if j >= len(css):
        return "\ufffd", j, 0
    if css[j] == "\n":
        return "", j + 1, 1
    if css[j] == "\r" or css[j] == "\f":
        step = 2 if css.startswith("\r\n", j) else 1
        return "", j + step, 1
    if css[j] not in _HEX:
        return css[j], j + 1, 0
    k = j
    while k < len(css) and k - j < 6 and css[k] in _HEX:
        k += 1
    code = int(css[j:k], 16)
    newlines = 0
    if css.startswith("\r\n", k):
        k, newlines = k + 2, 1
    elif k < len(css) and css[k] in _SPACE:
        newlines = css[k] == "\n"
        k += 1
    char = "\ufffd" if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else chr(code)
    return char, k, newlines


@dataclass(frozen=True)
class Finding:
    line: int
    what: str  # e.g. "@import", "url('https://…')", "image-set("
    address: str  # the address a url() names, "" for the rest


def fetches(css: str, allow_media: bool) -> list[Finding]:
    """Everything in ``css`` that would make a browser fetch, in order.

    ``url(#id)`` (a part of the same document) is always allowed; with ``allow_media``, so are a file
    of Anki's media folder by name (``url(_font.woff2)``) and a ``data:`` font or picture."""
    found: dict[tuple[int, str], Finding] = {}
    for drop_comments in (True, False) if "/*" in css else (True,):  # without comments, the two readings agree
        for finding in _fetches(decode(css, drop_comments), allow_media):
            found.setdefault((finding.line, finding.what), finding)
    return sorted(found.values(), key=lambda f: f.line)


def _fetches(decoded: Decoded, allow_media: bool) -> list[Finding]:
    found = []
    after_import = -1
    for match in _FETCHING.finditer(decoded.text):
        word = match.group().lower()
        line = decoded.line_at(match.start())
        if not word.startswith("url("):
            found.append(Finding(line, word, ""))
            after_import = match.end() if word == "@import" else -1
            continue
        if after_import >= 0 and not decoded.text[after_import:match.start()].strip(_SPACE):
            continue  # the address of the @import just reported
        address = _argument(decoded, match.end())
        if not _allowed(address, allow_media):
            found.append(Finding(line, f"url({address!r})", address))
    return found


def _argument(decoded: Decoded, start: int) -> str:
    """What ``url(`` at ``start`` names: a string, or everything up to ``)``, spaces around it dropped."""
    text = decoded.text
    i = start
    while i < len(text) and text[i] in _SPACE:
        i += 1
    if i < len(text) and text[i] in "\"'" and i not in decoded.escaped:
        quote, j = text[i], i + 1
        while j < len(text) and not (text[j] == quote and j not in decoded.escaped) and text[j] != "\n":
            j += 1
        return text[i + 1:j]
    end = text.find(")", i)
    return text[i:len(text) if end < 0 else end].strip(_SPACE)


def _allowed(address: str, allow_media: bool) -> bool:
    # A browser drops tabs and line breaks anywhere in an address and spaces around it.
    plain = re.sub(r"[\t\n\r]", "", address).strip("\x00- ")
    if plain.startswith("#") and len(plain) > 1:
        return True
    if not allow_media:
        return False
    return bool(_DATA_OK.match(plain) or _MEDIA_NAME.fullmatch(plain))


@dataclass(frozen=True)
class CssProblem:
    line: int
    message: str
    hint: str


def stylesheet_problems(css: str) -> list[CssProblem]:
    """Why the deck's own stylesheet could do more than style its cards, at each line; empty if it cannot."""
    problems = []
    for number, text in enumerate(css.splitlines(), 1):
        if "<" in text:
            problems.append(CssProblem(number, "contains '<', which could end the card's <style> and start markup "
                                       "that runs", "write it as \\3c inside a string, or use min-width/max-width "
                                       "rather than '<' in a media query"))
    for finding in fetches(css, allow_media=True):
        if finding.what == "@import":
            problems.append(CssProblem(finding.line, "@import loads another stylesheet, from the network or a file",
                                       "copy its rules into this file"))
        elif finding.address or finding.what.startswith("url("):
            problems.append(CssProblem(finding.line, f"{finding.what} is neither a file of Anki's media folder by "
                                       "name nor a data: font or picture, so it could be fetched from the network",
                                       "use a data:font/... or data:image/... URL, or a media file's plain name"))
        else:
            problems.append(CssProblem(finding.line, f"{finding.what}...) loads pictures by address",
                                       "use url() with a data:image/... URL"))
    return sorted(problems, key=lambda p: p.line)
