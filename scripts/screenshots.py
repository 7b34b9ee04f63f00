"""Save phone screenshots of a few representative cards, light and night, for the README.

    uv run python scripts/screenshots.py          # writes docs/screenshots/*.png

Cards are rendered by real Anki (as in `dockdeck preview`) and shot in Debian's Chromium at 360 px.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from generator.pipeline import build_deck
from generator.preview.collection import card_document, render_with_anki

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "screenshots"
COMPARISON = re.compile(r"<code id=typeans>.*?</code>", re.S)
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]

# file name -> (note key, card number, side)
SHOTS = {
    "command-cloze": ("run-publish-port/cloze", 1, "front"),
    "recall": ("run-publish-port/recall", 1, "back"),
    "type-front": ("exec-shell/type", 1, "front"),
    "type-back": ("exec-shell/type", 1, "back"),
    "basic-code": ("entrypoint-run-args-replace-cmd", 1, "back"),
    "lifecycle": ("lifecycle-stopped-is-exited", 1, "back"),
}


# The typing card: half a command in the box on the front; on the back, a whole one with two slips.
TYPED_SO_FAR = "docker exec -it <"
TYPED_WITH_SLIPS = "docker exec -ti <container> sh"


def with_comparison(answer: str, expected: str, typed: str) -> str:
    """The back of a typing card after ``typed`` was typed: Anki's own comparison in place of the correct one."""
    from anki.collection import Collection

    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(str(Path(tmp) / "collection.anki2"))
        try:
            comparison = col.compare_answer(expected, typed)
        finally:
            col.close()
    return COMPARISON.sub(lambda _: comparison, answer)


def main(lang: str = "en") -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        rendering = render_with_anki(build_deck(REPO / "cards", (lang,)), lang, Path(tmp))
        cards = {(c.key, c.number): c for c in rendering.cards}
        context = playwright.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 360, "height": 780})
        page = context.new_page()
        page.goto(Path(str(rendering.media_dir)).as_uri() + "/")
        for name, (key, number, side) in SHOTS.items():
            card = cards[(key, number)]
            for mode in ("light", "night"):
                markup = card.question if side == "front" else card.answer
                if card.expected and side == "back":
                    markup = with_comparison(markup, card.expected, TYPED_WITH_SLIPS)
                page.set_content(card_document(markup, number, night=mode == "night"))
                if card.expected and side == "front":
                    page.locator("#typeans").fill(TYPED_SO_FAR)
                path = OUT / f"{name}-{mode}.png"
                page.locator("body").screenshot(path=str(path))
                print(f"wrote {path.relative_to(REPO)}")
        context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
