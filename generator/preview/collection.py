"""Render every card the way Anki does: build the deck, import it into a throw-away collection, ask Anki.

The HTML comes from the official ``anki`` package (``card.question()`` and
``card.answer()``, which carry the note type's CSS in a ``<style>``), so a
preview cannot drift from what learners see. ``anki`` is an optional extra
(``dockdeck[preview]``): it is imported only here, only when asked for.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..output.manifest import BASE_TIME
from ..output.notes import NoteSpec
from ..output.package import build_apkg
from ..pipeline import DeckBuild
from ..problems import Problem
from .typebox import as_typed, back_with_comparison, front_with_box, type_box

if TYPE_CHECKING:
    from anki.collection import Collection

_WHY = "dockdeck preview renders cards with Anki itself and needs the `anki` package: "


_PACKAGE_DIR = Path(__file__).resolve().parents[1]


def install_hint(package_dir: Path = _PACKAGE_DIR) -> str:
    """How to get Anki: ``uv sync`` only means something in a source checkout; an installed tool needs its installer."""
    if (package_dir.parent / "pyproject.toml").is_file():
        return _WHY + "install it with `uv sync --extra preview`"
    return _WHY + ("reinstall dockdeck with it, from where you installed it: "
                   "`uv tool install '/path/to/dockdeck[preview]'` or `pip install '/path/to/dockdeck[preview]'`")


def anki_missing() -> str | None:
    """Why Anki cannot render here, or None when it can."""
    try:
        import anki.collection  # noqa: F401
    except ImportError:
        return install_hint()
    return None


@dataclass(frozen=True)
class RenderedCard:
    key: str  # note key, e.g. "exec-shell/cloze"
    number: int  # Anki's card number within the note: the blank number on a cloze note
    kind: str  # "basic", "cloze" or "type"
    deck: str
    tags: tuple[str, ...]
    path: str
    line: int
    question: str
    answer: str
    # A typing card's expected answer as Anki works it out, else "". Its front shows the answer box as
    # the reviewer puts it there, its back the comparison after the answer was typed exactly.
    expected: str = ""


@dataclass
class AnkiRendering:
    lang: str
    cards: list[RenderedCard] = field(default_factory=list)
    decks: list[str] = field(default_factory=list)  # in teaching order
    media_dir: Path | None = None  # the collection's media folder: the images, under their packed names
    problems: list[Problem] = field(default_factory=list)  # notes Anki made no card from

    @property
    def media_uri(self) -> str:
        """The media folder as a card page's base address: picture names resolve there, as in Anki."""
        return self.media_dir.as_uri() + "/" if self.media_dir else "file:///"


def card_document(markup: str, number: int, night: bool = False) -> str:
    """One side of a card as a page, with the body classes Anki's reviewer sets."""
    classes = f"card card{number}" + (" nightMode night_mode" if night else "")
    return ('<!doctype html><html><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            f'<body class="{classes}">{markup}</body></html>')


def render_with_anki(build: DeckBuild, lang: str, work_dir: Path) -> AnkiRendering:
    """Every card of one built language as Anki renders it; the collection lives (and stays) in ``work_dir``."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    # Packaged on its own, every note at one time: the deck's note times are neither read nor written.
    built, settings = build.langs[lang], build.deck.settings
    times = {note.spec.key: BASE_TIME for note in built.notes} | {f"notetype:{kind}": BASE_TIME for kind in built.types}
    data, _ = build_apkg(built.notes, built.types, times, built.media, settings.name, lang, built.description)
    package = work_dir / f"{settings.name}-{lang}.apkg"
    package.write_bytes(data)
    col = Collection(str(work_dir / "collection.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(package),
            options=ImportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False, merge_notetypes=True),
        ))
        return _collect(col, [note.spec for note in built.notes], lang)
    finally:
        col.close()


def _collect(col: Collection, specs: list[NoteSpec], lang: str) -> AnkiRendering:
    by_key = {spec.key: spec for spec in specs}
    out = AnkiRendering(lang=lang, media_dir=Path(col.media.dir()))
    found: dict[str, list[RenderedCard]] = {}
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        note = card.note()
        key = html.unescape(note["Id"])
        spec = by_key[key]
        question, answer, expected = card.question(), card.answer(), ""
        box = type_box(col, card)
        if box is not None:
            expected = box.expected
            question = front_with_box(question, box)
            answer = back_with_comparison(answer, box, col.compare_answer(expected, as_typed(expected)))
        found.setdefault(key, []).append(RenderedCard(
            key=key, number=card.ord + 1, kind=spec.notetype, deck=col.decks.name(card.did), tags=tuple(note.tags),
            path=spec.path, line=spec.line, question=question, answer=answer, expected=expected,
        ))
    for spec in specs:
        mine = sorted(found.get(spec.key, []), key=lambda c: c.number)
        if not mine:
            # Anki makes no card from a cloze note whose deletions did not survive rendering.
            out.problems.append(Problem(spec.path, spec.line, f"{spec.key}: Anki made no card from this note "
                                        f"({lang}): its [[deletions]] did not survive into the card",
                                        "a [[deletion]] inside a link or picture address does not survive"))
        out.cards += mine
        for rendered in mine:
            if rendered.deck not in out.decks:
                out.decks.append(rendered.deck)
    return out
