"""The note types of a dockdeck deck, and their phone-first CSS.

Every deck uses a basic and a cloze note type; a deck with ``typing: true``
also uses a third, for typing cards. Templates carry the few words of
interface (such as "Source") in the deck's language, so each language has its
own note types; their ids are derived from the deck name, the kind and the
language, never random.

A note type's fields and number of templates are fixed once users have it:
Anki skips every incoming note of a note type whose fields or templates
differ from the user's copy ("conflicting"). So typing cards never add a
template or a field to the basic or cloze note type: they have their own.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass
from functools import lru_cache

from pygments.formatters import HtmlFormatter

from ..sources.labels import labels_for
from .fields import BASIC_FIELDS, CLOZE_FIELDS, TYPE_FIELDS


def stable_id(*parts: str) -> int:
    """A positive 31-bit-range id from names: stable across builds and machines."""
    digest = hashlib.sha256("\x1f".join(("dockdeck",) + parts).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


@dataclass(frozen=True)
class NoteType:
    kind: str  # "basic", "cloze" or "type"
    id: int
    name: str
    fields: tuple[str, ...]
    qfmt: str
    afmt: str
    css: str

    @property
    def template(self) -> str:
        """The name of the note type's one card template."""
        return "Cloze" if self.kind == "cloze" else "Card 1"


_SOURCE = '{{#Source}}<div class="dd-source">%s: {{Source}}</div>{{/Source}}'
_EXTRA = '{{#Extra}}<div class="dd-extra">{{Extra}}</div>{{/Extra}}'


def _template_text(text: str) -> str:
    """A label as template text: escaped, and no brace that Anki's template engine would read as a tag."""
    return html.escape(text).replace("{", "&#123;").replace("}", "&#125;")


def note_type_name(deck_name: str, kind: str, lang: str) -> str:
    return f"dockdeck {deck_name} {kind} ({lang})"


# Phone keyboards change what is typed: a capital first letter, autocorrected words, and (on iPhones,
# with Smart Punctuation) curly quotes, a long dash for "--" and "..." as one character. Anki would
# mark each of those wrong, so the typing card turns what it can off and puts the rest back.
_KEYBOARD_SCRIPT = r"""<script>
(function () {
  var box = document.getElementById("typeans");
  if (!box || box.tagName !== "INPUT") return;
  box.setAttribute("autocapitalize", "none");
  box.setAttribute("autocorrect", "off");
  box.setAttribute("autocomplete", "off");
  box.setAttribute("spellcheck", "false");
  box.addEventListener("input", function () {
    var text = box.value;
    var fixed = text.replace(/[\u2018\u2019\u201a\u2032]/g, "'").replace(/[\u201c\u201d\u201e\u2033]/g, '"')
      .replace(/\u2014/g, "--").replace(/\u2026/g, "...");
    if (fixed === text) return;
    var at = box.selectionEnd + fixed.length - text.length;
    box.value = fixed;
    box.setSelectionRange(at, at);
  });
})();
</script>"""


def note_types(deck_name: str, lang: str, extra_css: str = "", typing: bool = False,
               words: dict[str, str] | None = None) -> dict[str, NoteType]:
    """The note types a deck's notes use; the typing card's only when ``typing``. ``words``: the labels the
    templates show (``labels.labels_for``), dockdeck's own by default."""
    words = words or labels_for(None, lang)
    source = _SOURCE % _template_text(words["source"])
    css = card_css() + (f"\n/* the deck's own style */\n{extra_css}\n" if extra_css.strip() else "")
    basic_front = '<div class="dd dd-basic"><div class="dd-front">{{Front}}</div>'
    cloze_front = ('<div class="dd dd-cloze">{{#Context}}<div class="dd-context">{{Context}}</div>{{/Context}}'
                   '<div class="dd-text">{{cloze:Text}}</div>')
    types = {
        "basic": NoteType(
            kind="basic",
            id=stable_id(deck_name, "basic", lang),
            name=note_type_name(deck_name, "basic", lang),
            fields=BASIC_FIELDS,
            qfmt=basic_front + "</div>",
            afmt=basic_front + '<hr id="answer"><div class="dd-back">{{Back}}</div>' + _EXTRA + source + "</div>",
            css=css,
        ),
        "cloze": NoteType(
            kind="cloze",
            id=stable_id(deck_name, "cloze", lang),
            name=note_type_name(deck_name, "cloze", lang),
            fields=CLOZE_FIELDS,
            qfmt=cloze_front + "</div>",
            afmt=cloze_front + _EXTRA + source + "</div>",
            css=css,
        ),
    }
    if typing:
        # Anki's reviewer puts its answer box where {{type:Command}} is on the front, and on the
        # back the typed text checked against the field, character by character.
        # The prompt is the template's, not the Front field's: Anki's browser shows each note's first
        # field in its Sort Field column, which would read "Type the command" for every typing note.
        # (Sorting by another field instead is a change of the note type's schema to Anki: it rewrites
        # every note of the type with the time of the import, which drops their updates, and needs a
        # full sync.)
        prompt = f'<div class="dd-ask">{_template_text(words["type"])}</div>'
        type_front = '<div class="dd dd-type"><div class="dd-front">' + prompt + '{{Front}}</div>'
        box = '<div class="dd-typebox">{{type:Command}}</div>'
        # The style for the box and the comparison lives in this note type only: turning typing
        # on changes nothing in the note types users already have.
        types["type"] = NoteType(
            kind="type",
            id=stable_id(deck_name, "type", lang),
            name=note_type_name(deck_name, "type", lang),
            fields=TYPE_FIELDS,
            qfmt=type_front + box + "</div>" + _KEYBOARD_SCRIPT,
            afmt=type_front + '<hr id="answer">' + box + _EXTRA + source + "</div>",
            css=card_css() + typing_css() + (f"\n/* the deck's own style */\n{extra_css}\n"
                                             if extra_css.strip() else ""),
        )
    return types


_NIGHT = (".nightMode", ".night_mode")


def _night(selector: str) -> str:
    """Anki desktop puts nightMode/night_mode on the body (which is .card); AnkiDroid on the body or html."""
    out = []
    for part in selector.split(","):
        part = part.strip()
        for cls in _NIGHT:
            out += [f"{cls}{part}" if part == ".card" else f"{cls} {part}", f".card{cls} {part}"
                    if part != ".card" else f".card{cls}"]
    return ", ".join(dict.fromkeys(out))


_CSS = """\
.card {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Apple SD Gothic Neo", "Malgun Gothic",
    "Noto Sans KR", "Noto Sans CJK KR", "Helvetica Neue", Arial, sans-serif;
  font-size: 19px;
  line-height: 1.55;
  text-align: left;
  color: #1f2328;
  background-color: #ffffff;
  margin: 0;
  padding: 0;
  /* Korean words stay whole; a word wider than the card on its own breaks rather than widen it.
     break-word, not anywhere: "anywhere" lets a table squeeze a column to one letter per line. */
  word-break: keep-all;
  overflow-wrap: break-word;
  -webkit-text-size-adjust: 100%;
}
.dd { max-width: 40rem; margin: 0 auto; padding: 14px 14px 20px; box-sizing: border-box; }
.dd p { margin: 0.4em 0; }
.dd ul, .dd ol { margin: 0.4em 0; padding-left: 1.3em; }
.dd img { max-width: 100%; height: auto; display: block; margin: 0.6em auto; }
.dd hr#answer { border: 0; border-top: 1px solid #d0d7de; margin: 0.9em 0; }
.dd code {
  font-family: ui-monospace, "SF Mono", SFMono-Regular, Menlo, Consolas, "D2Coding", "Noto Sans Mono CJK KR",
    "Liberation Mono", monospace;
  font-size: 16px;
  background-color: #eef1f4;
  color: #1f2328;
  border-radius: 4px;
  padding: 0.1em 0.3em;
  /* Wrap at spaces, hyphens and slashes; break inside a word only when it is wider than the card on
     its own. A Korean word in code is marked to stay whole (rendering wraps it in .dd-ko). */
  word-break: normal;
  overflow-wrap: break-word;
}
.dd code .dd-ko { word-break: keep-all; }
.dd pre {
  margin: 0.6em 0;
  padding: 10px 12px;
  background-color: #f3f5f7;
  border: 1px solid #d0d7de;
  border-radius: 6px;
  white-space: pre-wrap;
  overflow-wrap: break-word;
  word-break: normal;
  overflow-x: auto;
  max-width: 100%;
  box-sizing: border-box;
}
.dd pre code { background: none; padding: 0; font-size: 16px; line-height: 1.5; }
.dd-context { color: #1f2328; font-weight: 600; margin-bottom: 0.5em; }
.dd-front .dd-ask, .dd-context .dd-ask { display: block; font-size: 16px; font-weight: 600; color: #57606a;
  margin-bottom: 0.2em; }
.dd .cloze { font-weight: 700; color: #0550ae; }
/* The hidden blank ("[...]", only the front's has data-cloze) is a box of its own, so the line may
   break before the Korean particle after it, as in Chromium; WebKit's keep-all would glue them. */
.dd .cloze[data-cloze] { display: inline-block; }
.dd pre .cloze, .dd code .cloze { background-color: #dbe9ff; border-radius: 3px; }
.dd-extra { margin-top: 0.9em; padding-top: 0.6em; border-top: 1px dashed #d0d7de; }
.dd-source { margin-top: 1.2em; font-size: 16px; color: #57606a; }
.dd-source a { color: #0a58ca; text-decoration: underline; }
.dd a { color: #0a58ca; }
.dd table { border-collapse: collapse; display: block; overflow-x: auto; max-width: 100%; }
.dd th, .dd td { border: 1px solid #d0d7de; padding: 4px 8px; }
.tok-option { color: #8a2f00; }
.tok-placeholder { color: #6f42c1; font-style: italic; }
"""

_NIGHT_RULES = {
    ".card": "color: #e6edf3; background-color: #15181c;",
    ".dd code": "background-color: #2a2f36; color: #e6edf3;",
    ".dd pre": "background-color: #1f242b; border-color: #3d444d;",
    ".dd pre code": "background: none;",
    ".dd hr#answer": "border-top-color: #3d444d;",
    ".dd-context": "color: #e6edf3;",
    ".dd-front .dd-ask, .dd-context .dd-ask": "color: #9ea7b3;",
    ".dd .cloze": "color: #79c0ff;",
    ".dd pre .cloze, .dd code .cloze": "background-color: #193a66;",
    ".dd-extra": "border-top-color: #3d444d;",
    ".dd-source": "color: #9ea7b3;",
    ".dd-source a, .dd a": "color: #79b8ff;",
    ".dd th, .dd td": "border-color: #3d444d;",
    ".tok-option": "color: #ffa657;",
    ".tok-placeholder": "color: #d2a8ff;",
    # A drawing (SVG) is drawn for a light card; at night it is shown in negative with its hues kept,
    # so no diagram stays a light panel on the dark card. Inside an <img> WebKit does not apply the
    # picture's own prefers-color-scheme styles, and Chromium applies them by the system's theme,
    # not Anki's night mode: only the card's night classes tell both engines alike.
    '.dd img[src$=".svg" i]': "filter: invert(0.9) hue-rotate(180deg);",
}


@lru_cache(maxsize=1)
def card_css() -> str:
    night = "\n".join(f"{_night(sel)} {{ {rule} }}" for sel, rule in _NIGHT_RULES.items())
    light_code = HtmlFormatter(style="default").get_style_defs(".dd .hl")
    night_code = "\n".join(
        ", ".join(f"{cls} {line.split('{', 1)[0].strip()}" for cls in _NIGHT) + " {" + line.split("{", 1)[1]
        for line in HtmlFormatter(style="github-dark").get_style_defs(".dd .hl").splitlines()
        if line.startswith(".dd .hl") and "{" in line and "background" not in line.split("{", 1)[1]
    )
    return _CSS + night + "\n" + _strip_backgrounds(light_code) + "\n" + night_code + "\n"


# The answer box and Anki's comparison (typeGood: typed right, typeBad: typed wrong, typeMissed:
# left out). The reviewer gives the box an inline font and size from the field's settings; the box
# keeps 18 px because iPhones zoom into any text field under 16 px. Wrong and missing characters
# are struck through and underlined, so they do not rest on colour alone.
_TYPING_CSS = """\
.dd-hint { margin-top: 0.5em; font-size: 16px; color: #57606a; }
.dd-typebox { margin-top: 0.8em; }
.dd-typebox center { text-align: left; }
.dd-typebox input#typeans {
  display: block;
  width: 100% !important;
  max-width: 100%;
  box-sizing: border-box;
  margin: 0;
  padding: 10px 12px;
  font-family: ui-monospace, "SF Mono", SFMono-Regular, Menlo, Consolas, "D2Coding", "Noto Sans Mono CJK KR",
    "Liberation Mono", monospace !important;
  font-size: 18px !important;
  line-height: 1.4;
  color: #1f2328;
  background-color: #ffffff;
  border: 2px solid #6e7781;
  border-radius: 8px;
}
.dd-typebox input#typeans:focus { outline: 3px solid #0a58ca; outline-offset: 1px; border-color: #0a58ca; }
.dd-typebox code#typeans {
  display: block;
  box-sizing: border-box;
  max-width: 100%;
  padding: 10px 12px;
  font-size: 16px;
  line-height: 1.8;
  white-space: pre-wrap;
  overflow-wrap: break-word;
  word-break: normal;
  color: #1f2328;
  background-color: #f3f5f7;
  border: 1px solid #d0d7de;
  border-radius: 6px;
}
.dd-typebox .typeGood { color: #0f4a1e; background-color: #d3f5d8; }
.dd-typebox .typeBad { color: #82071e; background-color: #ffd8d3; text-decoration: line-through; }
.dd-typebox .typeMissed { color: #1f2328; background-color: #ffe9a8; text-decoration: underline; }
.dd-typebox #typearrow { color: #57606a; }
"""

_TYPING_NIGHT_RULES = {
    ".dd-hint": "color: #9ea7b3;",
    ".dd-typebox input#typeans": "color: #e6edf3; background-color: #0d1117; border-color: #8b949e;",
    ".dd-typebox input#typeans:focus": "outline-color: #79b8ff; border-color: #79b8ff;",
    ".dd-typebox code#typeans": "color: #e6edf3; background-color: #1f242b; border-color: #3d444d;",
    ".dd-typebox .typeGood": "color: #aff5b4; background-color: #0f3d1f;",
    ".dd-typebox .typeBad": "color: #ffdcd7; background-color: #6e1016;",
    ".dd-typebox .typeMissed": "color: #f8e3a1; background-color: #4a3a06;",
    ".dd-typebox #typearrow": "color: #9ea7b3;",
}


@lru_cache(maxsize=1)
def typing_css() -> str:
    """The typing card's CSS, on top of ``card_css``."""
    night = "\n".join(f"{_night(sel)} {{ {rule} }}" for sel, rule in _TYPING_NIGHT_RULES.items())
    return _TYPING_CSS + night + "\n"


def _strip_backgrounds(css: str) -> str:
    """Pygments' style sets a block background; ours comes from .dd pre."""
    return "\n".join(line for line in css.splitlines()
                     if line.startswith(".dd .hl") and "background" not in line.split("{", 1)[-1]
                     and not line.startswith(".dd .hl {"))
