"""What a deck holds, and what the next build would change: for ``dockdeck stats``.

Counts come from the notes the pipeline renders; "since the last build" stamps
them against the deck's note times, and the decks in the output folder are
compared with what a build would write there (as ``build --check`` does), writing nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .atomic_write import stale_files
from .output.import_gaps import import_gaps
from .output.notes import NoteSpec
from .output.package import card_ords, genanki_models
from .pipeline import DeckBuild, last_times, notes_only, package_deck, stamp_deck
from .problems import ProblemsError
from .project import display_path
from .report import Emptied, KindChanged, Moved, card_changes, card_of, gap_lines, pad, plural, width


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
    # What an import will not do by itself: cards to move to another sub-deck ({"card", "from", "to"}),
    # cards whose kind changed ({"card", "from", "to"}), and blanks whose cards become empty.
    moved: list[dict[str, str]] = field(default_factory=list)
    kind_changed: list[dict[str, str]] = field(default_factory=list)
    blanks_removed: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class InAnki:
    """How to do in Anki what an import will not: the searches for the moved and the emptied cards."""

    moved: list[Moved] = field(default_factory=list)
    emptied: Emptied | None = None


@dataclass
class Output:
    """The output folder, and its decks that are not what a build would write there."""

    folder: str
    stale: list[str]
    blocked: str = ""  # why a build could not write them now, if it could not


@dataclass
class LangStats:
    lang: str
    total: Count
    decks: dict[str, Count]
    tags: dict[str, Count]
    since_last_build: Changes
    typing: Count = field(default_factory=Count)  # the typing cards among them (dockdeck.yaml's typing: true)
    in_anki: InAnki = field(default_factory=InAnki)


@dataclass
class Stats:
    name: str
    cards: int
    files: int
    manifest: str
    built_before: bool
    langs: list[LangStats]
    output: Output | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _card_changes(added: list[str], changed: list[str], removed: list[str], notes: list[NoteSpec]) -> Changes:
    """Note keys ("exec-shell/recall") grouped by card: new, edited, or gone."""
    return Changes(*card_changes(added, changed, removed, [note.key for note in notes]))


def deck_stats(build: DeckBuild, out_dir: Path) -> Stats:
    """Counts of the built deck, what the next build would add, change and remove, and which decks in
    ``out_dir`` are not what it would write there."""
    _, mpath, manifest = last_times(build, out_dir)
    new_manifest, stamped = stamp_deck(build, manifest, now=0)
    per_lang = []
    for lang, built in build.langs.items():
        total, typing = Count(), Count()
        decks: dict[str, Count] = {}
        tags: dict[str, Count] = {}
        ords = card_ords(built.notes, genanki_models(built.types))
        for note, cards in zip(built.notes, ords, strict=True):
            typed = (typing,) if note.spec.notetype == "type" else ()
            for count in (total, decks.setdefault("::".join(note.spec.deck), Count()), *typed,
                          *(tags.setdefault(tag, Count()) for tag in note.spec.tags)):
                count.notes += 1
                count.cards += len(cards)
        changes = stamped[lang]
        since = _card_changes(notes_only(changes.added), notes_only(changes.changed), notes_only(changes.gone),
                              [n.spec for n in built.notes])
        moved, kinds, emptied = import_gaps(build.deck.settings.name, lang, changes, new_manifest.langs[lang])
        since.moved = [{"card": card, "from": was, "to": deck} for deck, was, card in
                       dict.fromkeys((m.now, m.was, card_of(m.key)) for m in changes.moved)]
        since.kind_changed = [{"card": k.card, "from": k.was, "to": k.now} for k in kinds]
        since.blanks_removed = [{"card": card_of(e.key), "blank": e.blank, "number": e.number}
                                for e in changes.emptied]
        per_lang.append(LangStats(lang, total, decks, dict(sorted(tags.items())), since, typing,
                                  InAnki(moved, emptied)))
    deck = build.deck
    try:
        decks_there = {path: data for path, data in package_deck(build, out_dir, now=0).files.items()
                       if path.suffix == ".apkg"}
        output = Output(str(out_dir), sorted(path.name for path in stale_files(decks_there)))
    except ProblemsError as err:  # stats still tells what changed when a build would stop (a stuck clock)
        output = Output(str(out_dir), [], blocked="; ".join(str(p) for p in err.problems))
    return Stats(name=deck.settings.name, cards=len(deck.cards), files=len(deck.topics),
                 manifest=display_path(mpath), built_before=mpath.is_file(), langs=per_lang, output=output)


def format_stats(stats: Stats) -> str:
    """The report a person reads: tables per language, then what changed."""
    lines = [f"{stats.name}: {plural(stats.cards, 'card')} in {plural(stats.files, 'file')}"]
    for ls in stats.langs:
        lines.append("")
        typing = f", {ls.typing.cards} of them typing cards" if ls.typing.cards else ""
        lines.append(f"{ls.lang}: {plural(ls.total.notes, 'note')}, {plural(ls.total.cards, 'Anki card')}{typing}")
        rows = [("deck", ls.decks), ("tag", ls.tags)]
        columns = max((width(name) for _, table in rows for name in table), default=4)
        for title, table in rows:
            lines.append(f"  {pad(title, columns)}  {'notes':>6}  {'cards':>6}")
            for name, count in table.items():
                lines.append(f"  {pad(name, columns)}  {count.notes:>6}  {count.cards:>6}")
    lines.append("")
    if not stats.built_before:
        lines.append(f"since the last build: no build yet ({stats.manifest} does not exist); everything is new")
    else:
        lines += _since_lines(stats)
    if stats.output is not None and stats.output.blocked:
        lines.append(f"decks in {stats.output.folder}/: a build would stop: {stats.output.blocked}")
    elif stats.output is not None:
        stale = stats.output.stale
        lines.append(f"decks in {stats.output.folder}/: " + (
            f"out of date: {', '.join(stale)}: not what `dockdeck build` would write there (`build --check` says "
            "the same); run it" if stale else "up to date (what `dockdeck build` would write there)"))
    return "\n".join(lines) + "\n"


def _since_lines(stats: Stats) -> list[str]:
    """What changed since the last build, by the note times: what a build would report."""
    lines = [f"since the last build ({stats.manifest}):"]
    counter: Counter[str] = Counter()
    for ls in stats.langs:
        c = ls.since_last_build
        lines.append(f"  {ls.lang}: {plural(len(c.added), 'card')} added, {len(c.changed)} changed, "
                     f"{len(c.removed)} removed")
        for what, ids in (("added", c.added), ("changed", c.changed), ("removed", c.removed)):
            if ids:
                lines.append(f"    {what}: {', '.join(ids)}")
                counter[what] += len(ids)
        kinds = [KindChanged(k["card"], k["from"], k["to"]) for k in c.kind_changed]
        lines += ["  " + line for line in gap_lines(ls.in_anki.moved, kinds, ls.in_anki.emptied)]
    if not counter:
        lines.append(f"  nothing: {stats.manifest} is up to date with the cards")
    return lines
