"""Is a file the picture its name says, and does an SVG only draw?

Anki shows pictures in a web view, so an SVG is a document that could run
script or fetch from the network. Looking for ``<script`` in the bytes misses
``&#106;avascript:``, a ``foreignObject`` holding an iframe, an external
``<image href>`` or a CSS ``@import``; so the SVG is parsed (entities decoded,
as the web view will) and every element and reference is checked, its styles
after decoding CSS escapes as the browser does (``css.py``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from .css import fetches

# The first bytes of each raster format: a text file named .png is not packed as a picture.
_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
}
# Elements that run script, embed other documents or react to events.
_ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "audio", "video"}
# A DOCTYPE can define entities (hiding text, or a "billion laughs"); a stylesheet PI loads a file.
_PROLOG = re.compile(rb"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet", re.I)
_SPACE = re.compile(r"[\x00-\x20]+")


def picture_problem(data: bytes, suffix: str) -> str | None:
    """Why ``data`` is not a harmless picture of the kind ``suffix`` names, or None."""
    if suffix == ".svg":
        return svg_problem(data)
    ok = (data[:4] == b"RIFF" and data[8:12] == b"WEBP") if suffix == ".webp" else data.startswith(_SIGNATURES[suffix])
    return None if ok else f"is not a {suffix[1:].upper()} picture (its first bytes say otherwise)"


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def svg_problem(data: bytes) -> str | None:
    """Why an SVG could do more than draw, or None."""
    if _PROLOG.search(data):
        return "has a DOCTYPE, entities or a stylesheet instruction, which pictures in cards never need"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as err:
        return f"is not a well-formed SVG ({err})"
    if _local(root.tag) != "svg":
        return f"is not an SVG picture (its root element is <{_local(root.tag)}>)"
    for element in root.iter():
        tag = _local(element.tag)
        if tag in _ACTIVE_ELEMENTS:
            return f"contains <{tag}>, which could run script or load other content; cards only draw"
        found = fetches(element.text or "", allow_media=False) if tag == "style" else []
        if found:
            return f"has a style that loads another file ({found[0].what}); cards must work offline"
        for name, value in element.attrib.items():
            problem = _attribute_problem(tag, _local(name), value)
            if problem:
                return problem
    return None


def _attribute_problem(tag: str, name: str, value: str) -> str | None:
    plain = _SPACE.sub("", value).lower()
    if name.startswith("on"):
        return f"has an event handler ({name} on <{tag}>), which cards never run"
    if "javascript:" in plain or "vbscript:" in plain:
        return f"has a script address in {name} on <{tag}>, which cards never run"
    if name == "href" and not (plain.startswith("#") or plain.startswith("data:image/")):
        return f"refers to {value.strip()!r} from <{tag}>; cards must work offline, so draw it into the picture"
    if name == "attributename" and plain == "href":
        return f"animates a link target (<{tag} attributeName=href>), which cards never need"
    found = fetches(value, allow_media=False)  # style="", and presentation attributes such as fill="url(...)"
    if found:
        return f"has a {name} on <{tag}> that loads another file ({found[0].what}); cards must work offline"
    return None
