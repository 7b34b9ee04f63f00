"""Save phone screenshots of a few representative cards, light and night, for the README.

    uv run python scripts/screenshots.py          # writes docs/screenshots/*.png

Cards are rendered by real Anki (as in `dockdeck preview`) and shot at 360 px: the English ones in
Debian's Chromium (AnkiDroid's engine), and a few Korean ones, where the engines' line breaking
differs most, in both Chromium and WebKitGTK (AnkiMobile's engine) side by side.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from generator.pipeline import build_deck
from generator.preview.collection import AnkiRendering, RenderedCard, card_document, render_with_anki
from generator.preview.typebox import with_other_comparison
from generator.preview.webkit import WebKitPhone

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from chromium import ChromiumPhone, launch  # noqa: E402  (tests/, with the phone tests' Chromium)

OUT = REPO / "docs" / "screenshots"

# file name -> (note key, card number, side); English, Chromium, light and night
SHOTS = {
    "command-cloze": ("run-publish-port/cloze", 1, "front"),
    "recall": ("run-publish-port/recall", 1, "back"),
    "type-front": ("exec-shell/type", 1, "front"),
    "type-back": ("exec-shell/type", 1, "back"),
    "basic-code": ("entrypoint-run-args-replace-cmd", 1, "back"),
    "lifecycle": ("lifecycle-stopped-is-exited", 1, "back"),
}
# file name -> (note key, card number, side, mode); Korean, in both engines
BOTH_ENGINES = {
    "ko-cloze": ("push-access-denied-checks", 1, "front", "light"),
    "ko-basic": ("base-image-is-not-an-os", 1, "back", "light"),
    "ko-lifecycle": ("lifecycle-stopped-is-exited", 1, "back", "night"),
}


# The typing card: half a command in the box on the front; on the back, a whole one with two slips.
TYPED_SO_FAR = "docker exec -it <"
TYPED_WITH_SLIPS = "docker exec -ti <container> sh"
TYPE_INTO_BOX = "(typed) => { document.getElementById('typeans').value = typed; }"


def with_comparison(answer: str, expected: str, typed: str) -> str:
    """The back of a typing card after ``typed`` was typed: Anki's own comparison in place of the correct one."""
    from anki.collection import Collection

    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(str(Path(tmp) / "collection.anki2"))
        try:
            comparison = col.compare_answer(expected, typed)
        finally:
            col.close()
    return with_other_comparison(answer, comparison)


def shoot(phone: Any, rendering: AnkiRendering, card: RenderedCard, side: str, mode: str, path: Path) -> None:
    markup = card.question if side == "front" else card.answer
    if card.expected and side == "back":
        markup = with_comparison(markup, card.expected, TYPED_WITH_SLIPS)
    phone.load(card_document(markup, card.number, night=mode == "night"), rendering.media_uri)
    if card.expected and side == "front":
        phone.call(TYPE_INTO_BOX, TYPED_SO_FAR)
    path.write_bytes(phone.screenshot("body"))
    print(f"wrote {path.relative_to(REPO)}")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    build = build_deck(REPO / "cards", ("en", "ko"))
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright, WebKitPhone() as webkit:
        renderings = {}
        for lang in build.langs:  # a collection each
            (Path(tmp) / lang).mkdir()
            renderings[lang] = render_with_anki(build, lang, Path(tmp) / lang)
        context = launch(playwright, Path(tmp) / "profile")
        chromium = ChromiumPhone(context.new_page())
        cards = {(lang, c.key, c.number): c for lang, r in renderings.items() for c in r.cards}
        for name, (key, number, side) in SHOTS.items():
            for mode in ("light", "night"):
                shoot(chromium, renderings["en"], cards[("en", key, number)], side, mode, OUT / f"{name}-{mode}.png")
        for name, (key, number, side, mode) in BOTH_ENGINES.items():
            for engine, phone in (("chromium", chromium), ("webkit", webkit)):
                shoot(phone, renderings["ko"], cards[("ko", key, number)], side, mode, OUT / f"{name}-{engine}.png")
        context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
