"""A card's ``source:`` link: shown small on the back as its address, so the address must not deceive.

The back shows ``host/path`` as the link's label. A lookalike host (``dоcs.docker.com`` with a
Cyrillic ``о``, or the same written as ``xn--…`` punycode) would show one site and open another, and
``https://docs.docker.com@example.com/`` opens example.com. So a host label that mixes scripts is
refused, as is any user name or password; a host written in another script (an international
domain name) is shown as the ASCII address it really is (``xn--…``), which no letter can imitate.
Hidden characters in a link are refused by the rule for every text (``invisible.py``).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

# The scripts that a host label may mix, as browsers allow them: Japanese writes Latin, Han, Hiragana
# and Katakana together, Chinese Han with Bopomofo, Korean Hangul with Han.
_MIXES_ALLOWED = ({"LATIN", "CJK", "HIRAGANA", "KATAKANA"}, {"LATIN", "CJK", "BOPOMOFO"}, {"LATIN", "CJK", "HANGUL"})
_PORT = re.compile(r":\d*$")


def _script(char: str) -> str | None:
    """The script of a letter, from its Unicode name (the standard library has no script property)."""
    if not unicodedata.category(char).startswith("L"):
        return None  # digits, hyphens and marks belong to no script of their own
    name = unicodedata.name(char, "")
    if name.startswith("KATAKANA-HIRAGANA"):
        return None
    word = name.split(" ", 1)[0]
    return "CJK" if word in ("CJK", "IDEOGRAPHIC") else word or None


def _scripts(label: str) -> set[str]:
    return {script for script in map(_script, unicodedata.normalize("NFKC", label)) if script}


def link_problem(url: str) -> tuple[str, str] | None:
    """What makes a source link deceive, and how to fix it; None for an honest one."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError as err:
        return f"is not a valid address ({err})", "write the link as the address bar shows it"
    if "@" in parts.netloc:
        return ("carries a user name or password (user:password@host), and every copy of the deck would show it",
                "leave it out: link to the page itself")
    if not host:
        return "has no host", "e.g. https://docs.docker.com/..."
    for label in host.split("."):
        if label.isascii() and not label.startswith("xn--"):
            continue  # Latin letters, digits and hyphens: one script
        try:
            shown = label.encode("ascii").decode("idna") if label.startswith("xn--") else label
        except UnicodeError:
            return f"host label {label!r} is not valid punycode", "write the host as the address bar shows it"
        scripts = _scripts(shown)
        if len(scripts) > 1 and not any(scripts <= allowed for allowed in _MIXES_ALLOWED):
            return (f"host {host!r} mixes scripts ({', '.join(sorted(s.lower() for s in scripts))}) in {shown!r}, "
                    "the way a lookalike address imitates another", "write the host in one script, as the site's "
                    "own address bar shows it")
    try:
        host.encode("idna")
    except UnicodeError:
        return f"host {host!r} is not a valid international domain name", "write the host as the address bar shows it"
    return None


def link_label(url: str) -> str:
    """What the back of the card shows for a source link: host (ASCII if it is not), port and path."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if not netloc.isascii():
        port = _PORT.search(netloc)
        host = netloc[:port.start()] if port else netloc
        netloc = host.encode("idna").decode("ascii") + (port.group() if port else "")
    return (netloc + parts.path).rstrip("/")
