"""What a deck holds, and what the next build would change: for ``dockdeck stats``.

Counts come from the notes a build would make; "since the last build" runs
a build in memory and compares it with the manifest in the output folder,
writing nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .build import build, render_lang
from .expand import NoteSpec
from .manifest import manifest_path
from .problems import Problem
from .render import RenderedNote
from .sources import display_path, load_deck


@dataclass
class Count:
    notes: int = 0
    cards: int = 0


@dataclass
class Changes:
    """Card ids (as written in cards/) whose notes a build would add, change or remove."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class LangStats:
    lang: str
    total: Count
    decks: dict[str, Count]
    tags: dict[str, Count]
    since_last_build: Changes


@dataclass
class Stats:
    name: str
    cards: int
    files: int
    manifest: str
    built_before: bool
    langs: list[LangStats]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


_CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")


def cards_of(note: RenderedNote) -> int:
    """How many cards Anki makes of a note: one per cloze number in its text, else one.

    Counted on the rendered text, as Anki does, so a deletion that Markdown
    swallowed (``[[x]](y)`` is a link) counts as the zero cards it makes.
    """
    if note.spec.notetype == "cloze":
        return len(set(_CLOZE_NUMBER.findall(note.fields[0])))
    return 1


def _card_changes(added: list[str], changed: list[str], removed: list[str], notes: list[NoteSpec]) -> Changes:
    """Note keys ("exec-shell/recall") grouped by card: new, edited, or gone."""
    card_of = lambda key: key.split("/", 1)[0]  # noqa: E731
    notes_of: dict[str, set[str]] = {}
    for note in notes:
        notes_of.setdefault(card_of(note.key), set()).add(note.key)
    added_keys = set(added)
    touched = {card_of(key) for key in added + changed + removed} & set(notes_of)
    new = sorted(card for card in touched if notes_of[card] <= added_keys)
    return Changes(
        added=new,
        changed=sorted(touched - set(new)),
        removed=sorted({card_of(key) for key in removed} - set(notes_of)),
    )


def deck_stats(cards_dir: Path, out_dir: Path, langs: tuple[str, ...] | None = None) -> tuple[Stats | None,
                                                                                          list[Problem]]:
    deck, chosen, problems = load_deck(cards_dir, langs)
    if deck is None:
        return None, problems
    # The cache would answer an unchanged deck with the last report, whose
    # "since the last build" lists are empty; stats compares with the manifest.
    result = build(cards_dir, out_dir, langs, use_cache=False)
    if result.problems:
        return None, result.problems
    reports = {report.lang: report for report in result.reports}
    mpath = manifest_path(out_dir, deck.settings.name)
    per_lang = []
    for lang in chosen:
        rendered = render_lang(deck, lang, cards_dir)[0]
        notes = [note.spec for note in rendered]
        total, decks, tags = Count(), {}, {}
        for note in rendered:
            n = cards_of(note)
            for count in (total, decks.setdefault("::".join(note.spec.deck), Count()),
                          *(tags.setdefault(tag, Count()) for tag in note.spec.tags)):
                count.notes += 1
                count.cards += n
        report = reports[lang]
        changes = _card_changes(report.added, report.changed, report.removed, notes)
        per_lang.append(LangStats(lang, total, decks, dict(sorted(tags.items())), changes))
    return Stats(name=deck.settings.name, cards=len(deck.cards), files=len(deck.topics),
                 manifest=display_path(mpath), built_before=mpath.is_file(), langs=per_lang), []


def _width(text: str) -> int:
    """Columns a terminal gives the text: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_stats(stats: Stats) -> str:
    """The report a person reads: tables per language, then what changed."""
    lines = [f"{stats.name}: {stats.cards} cards in {stats.files} files"]
    for ls in stats.langs:
        lines.append("")
        lines.append(f"{ls.lang}: {ls.total.notes} notes, {ls.total.cards} Anki cards")
        rows = [("deck", ls.decks), ("tag", ls.tags)]
        width = max((_width(name) for _, table in rows for name in table), default=4)
        for title, table in rows:
            lines.append(f"  {_pad(title, width)}  {'notes':>6}  {'cards':>6}")
            for name, count in table.items():
                lines.append(f"  {_pad(name, width)}  {count.notes:>6}  {count.cards:>6}")
    lines.append("")
    if not stats.built_before:
        lines.append(f"since the last build: no build yet ({stats.manifest} does not exist); everything is new")
        return "\n".join(lines) + "\n"
    lines.append(f"since the last build ({stats.manifest}):")
    counter = Counter()
    for ls in stats.langs:
        c = ls.since_last_build
        lines.append(f"  {ls.lang}: {len(c.added)} cards added, {len(c.changed)} changed, {len(c.removed)} removed")
        for what, ids in (("added", c.added), ("changed", c.changed), ("removed", c.removed)):
            if ids:
                lines.append(f"    {what}: {', '.join(ids)}")
                counter[what] += len(ids)
    if not counter:
        lines.append("  nothing: the decks in the output folder are up to date")
    return "\n".join(lines) + "\n"
