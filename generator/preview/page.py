"""One self-contained HTML page showing every card's front and back in a phone-sized frame.

Each side lives in its own ``<iframe srcdoc>`` so the card's CSS styles only
the card, exactly as in Anki, and never the page around it. Pictures are
inlined as data URLs: the page loads nothing from anywhere, and its Content-Security-Policy forbids
every fetch, so that nothing a card carries can reach the network either. Every card carries
the same note type CSS; the page holds each distinct style once and the script
puts it back into each frame, which keeps a 400-card page at a few MB, not tens.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import mimetypes
import re
from pathlib import Path

from ..problems import Problem
from ..report import plural
from .checks import visible_text
from .collection import AnkiRendering, RenderedCard, card_document

PHONE_WIDTH = 360
_SRC = re.compile(r'(\bsrc=")([^"]*)(")')
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_MIME = {".svg": "image/svg+xml"}

_PAGE_CSS = """\
:root { color-scheme: light; --bg: #f3f4f6; --fg: #1f2328; --muted: #57606a; --panel: #ffffff; --line: #d0d7de;
  --bad: #a40e26; --badbg: #ffebe9; }
:root.night { color-scheme: dark; --bg: #0d1117; --fg: #e6edf3; --muted: #9ea7b3; --panel: #161b22;
  --line: #3d444d; --bad: #ffa198; --badbg: #3c1618; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, sans-serif; }
header.top { position: sticky; top: 0; z-index: 1; background: var(--panel); border-bottom: 1px solid var(--line);
  padding: 10px 16px; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
header.top h1 { font-size: 18px; margin: 0; }
#filter { font: inherit; padding: 6px 10px; min-width: 16rem; border: 1px solid var(--line); border-radius: 6px;
  background: var(--bg); color: var(--fg); }
#shown { color: var(--muted); }
main { padding: 8px 16px 40px; }
.problems { background: var(--badbg); color: var(--bad); border: 1px solid var(--bad); border-radius: 8px;
  padding: 8px 16px; margin: 8px 0; }
.problems h2 { font-size: 17px; margin: 4px 0; }
.problems li { font-family: ui-monospace, monospace; font-size: 14px; }
section.deck > h2 { font-size: 20px; margin: 24px 0 8px; }
.count { color: var(--muted); font-weight: normal; font-size: 15px; }
.cards { display: flex; flex-direction: column; gap: 16px; }
article.item { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 8px 12px 12px; }
article.item.has-problem { border-color: var(--bad); }
/* A card's path has no spaces: let it break anywhere rather than widen the page. */
article.item > h3 { font-size: 15px; margin: 0 0 6px; font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
.problems li { overflow-wrap: anywhere; }
.tags { color: var(--muted); font-size: 14px; font-family: system-ui, sans-serif; font-weight: normal; }
.item .bad { color: var(--bad); font-size: 14px; margin: 0 0 6px; }
.sides { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; }
figcaption { color: var(--muted); font-size: 13px; margin-bottom: 2px; }
iframe.phone { width: PHONE_WIDTHpx; max-width: 100%; height: 160px; border: 1px solid var(--line);
  border-radius: 14px; display: block; background: #ffffff; }
.sides > figure { max-width: 100%; }
/* A phone-sized frame plus the page's paddings is wider than a phone: give the frame the room. */
@media (max-width: 480px) {
  main { padding: 8px 4px 40px; }
  article.item { padding: 8px 4px 12px; }
  #filter { min-width: 0; width: 100%; }
}
:root.night iframe.phone { background: #15181c; }
[hidden] { display: none !important; }
""".replace("PHONE_WIDTH", str(PHONE_WIDTH))

# Sizes each frame to its card, keeps every card in the chosen mode, and filters.
_SCRIPT = """\
(function () {
  var styles = JSON.parse(document.getElementById('dd-styles').textContent);
  var night = false;
  function paint(frame) {
    var doc = frame.contentDocument;
    if (!doc || !doc.body) return;
    doc.body.classList.toggle('nightMode', night);
    doc.body.classList.toggle('night_mode', night);
    // The body, not the page: a page is never shorter than its frame, so it could only grow. The frame's
    // height includes its border (border-box) and the body's margins lie outside the body: add both,
    // or every card would scroll by those few pixels.
    var style = doc.defaultView.getComputedStyle(doc.body);
    var body = doc.body.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
    frame.style.height = Math.max(60, Math.ceil(body)) + (frame.offsetHeight - frame.clientHeight) + 'px';
  }
  var frames = Array.prototype.slice.call(document.querySelectorAll('iframe.phone'));
  frames.forEach(function (frame) {
    frame.addEventListener('load', function () { paint(frame); });
    frame.srcdoc = frame.getAttribute('data-srcdoc').replace(/<style data-dd-style="(\\d+)"><\\/style>/g,
      function (tag, i) { return '<style>' + styles[+i] + '</style>'; });
  });
  var toggle = document.getElementById('night');
  toggle.addEventListener('change', function () {
    night = toggle.checked;
    document.documentElement.classList.toggle('night', night);
    frames.forEach(paint);
  });
  var filter = document.getElementById('filter');
  var shown = document.getElementById('shown');
  var items = Array.prototype.slice.call(document.querySelectorAll('article.item'));
  function apply() {
    var words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var count = 0;
    items.forEach(function (item) {
      var hay = item.getAttribute('data-search');
      var match = words.every(function (w) { return hay.indexOf(w) !== -1; });
      item.hidden = !match;
      if (match) count++;
    });
    document.querySelectorAll('section.deck').forEach(function (section) {
      section.hidden = !section.querySelector('article.item:not([hidden])');
    });
    shown.textContent = count + ' of ' + items.length + ' cards';
    frames.forEach(function (frame) { if (!frame.closest('[hidden]')) paint(frame); });
  }
  filter.addEventListener('input', apply);
  apply();
})();
"""


# Everything the page shows is in the page: pictures and fonts as data URLs, styles inline, and one
# script, allowed by its hash. The card frames (srcdoc) inherit the policy, so nothing a card carries
# (a stylesheet's @import, a picture's address) is fetched, whatever the checks before let through.
_POLICY = ("default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
           f"script-src 'sha256-{base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()}'; "
           "base-uri 'none'; form-action 'none'")


def inline_media(markup: str, media_dir: Path | None) -> str:
    """Point every picture at a data URL built from the collection's media folder."""
    if media_dir is None:
        return markup

    def replace(match: re.Match[str]) -> str:
        name = html.unescape(match.group(2))
        file = media_dir / name
        if "/" in name or "\\" in name or not name or not file.is_file():
            return match.group(0)
        suffix = file.suffix.lower()
        mime = _MIME.get(suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        data = base64.b64encode(file.read_bytes()).decode("ascii")
        return f"{match.group(1)}data:{mime};base64,{data}{match.group(3)}"

    return _SRC.sub(replace, markup)


def _search_text(card: RenderedCard) -> str:
    words = [card.deck, card.key, *card.tags, *("#" + t for t in card.tags), visible_text(card.answer)]
    return " ".join(" ".join(words).lower().split())


def _side(card: RenderedCard, markup: str, label: str, media_dir: Path | None, styles: dict[str, int]) -> str:
    def keep(match: re.Match[str]) -> str:
        index = styles.setdefault(match.group(1), len(styles))
        return f'<style data-dd-style="{index}"></style>'

    document = card_document(_STYLE.sub(keep, inline_media(markup, media_dir)), card.number)
    title = f"{card.key} card {card.number}, {label.lower()}"
    return (f'<figure><figcaption>{label}</figcaption><iframe class="phone" sandbox="allow-same-origin" '
            f'title="{html.escape(title)}" data-srcdoc="{html.escape(document)}"></iframe></figure>')


def _item(card: RenderedCard, problems: list[Problem], media_dir: Path | None, styles: dict[str, int]) -> str:
    tags = " ".join("#" + t for t in card.tags)
    bad = "".join(f'<p class="bad">{html.escape(p.message)}</p>' for p in problems)
    return (f'<article class="item{" has-problem" if problems else ""}" data-deck="{html.escape(card.deck)}" '
            f'data-search="{html.escape(_search_text(card))}">'
            f'<h3>{html.escape(card.key)} <span class="tags">card {card.number} · {card.path}:{card.line} · '
            f'{html.escape(tags)}</span></h3>{bad}<div class="sides">'
            + _side(card, card.question, "Front", media_dir, styles)
            + _side(card, card.answer, "Back", media_dir, styles)
            + "</div></article>")


def preview_page(rendering: AnkiRendering, problems: list[Problem],
                 card_problems: dict[tuple[str, int], list[Problem]], title: str) -> str:
    """The whole page: every problem first, then every card grouped by deck in teaching order.

    ``card_problems`` holds the problems of each card by (note key, card number), shown on the card too.
    """
    parts = []
    styles: dict[str, int] = {}
    if problems:
        items = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems)
        parts.append(f'<section class="problems"><h2>{plural(len(problems), "problem")} '
                     f"found while rendering</h2><ul>{items}</ul></section>")
    for deck in rendering.decks:
        cards = [c for c in rendering.cards if c.deck == deck]
        body = "".join(_item(c, card_problems.get((c.key, c.number), []), rendering.media_dir, styles)
                       for c in cards)
        parts.append(f'<section class="deck" data-deck="{html.escape(deck)}"><h2>{html.escape(deck)} '
                     f'<span class="count">{len(cards)} cards</span></h2><div class="cards">{body}</div></section>')
    return ("<!doctype html>\n"
            f'<html lang="{html.escape(rendering.lang)}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{_PAGE_CSS}</style></head><body>"
            f'<header class="top"><h1>{html.escape(title)}</h1>'
            '<input id="filter" type="search" placeholder="Filter by deck, tag or text" '
            'aria-label="Filter by deck, tag or text">'
            '<label><input id="night" type="checkbox"> Night mode</label><span id="shown"></span></header>'
            f'<main>{"".join(parts)}</main><script type="application/json" id="dd-styles">{_json(list(styles))}'
            f"</script><script>{_SCRIPT}</script></body></html>\n")


def _json(value: object) -> str:
    """JSON that cannot end the <script> element it sits in."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
