"""What the command line prints: problems and build summaries as lines of text."""

from __future__ import annotations

import dataclasses
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .problems import Problem


@dataclass(frozen=True)
class DeckCount:
    """Notes and cards in one built (sub-)deck."""

    name: str
    notes: int
    cards: int


@dataclass(frozen=True)
class Moved:
    """Cards this build puts in another sub-deck than the last build did: an import leaves them where
    they were, so the learner moves them (the search finds those not yet moved)."""

    deck: str  # where they belong now
    was: list[str]  # where they are in a collection that imported the last build
    cards: list[str]  # card ids, as written in cards/
    search: str


@dataclass(frozen=True)
class KindChanged:
    """A card whose kind changed under its id: it comes as a new note, and its old note stays in Anki."""

    card: str
    was: str
    now: str


@dataclass(frozen=True)
class Emptied:
    """Blanks removed from notes: their cards stay in Anki, empty."""

    blanks: list[str]  # "card-id blank", e.g. "git-graph --oneline"
    search: str


@dataclass(frozen=True)
class LangReport:
    """What a build wrote for one language, and what changed since the last build."""

    lang: str
    file: str
    notes: int
    cards: int
    decks: list[DeckCount]
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    search: str = ""  # finds the removed notes in Anki's browser
    keys: list[str] = field(default_factory=list)  # every note written, in deck order
    # What the import will not do by itself, since the last build (reported once, like the changes):
    moved: list[Moved] = field(default_factory=list)
    kinds: list[KindChanged] = field(default_factory=list)
    emptied: Emptied | None = None
    warnings: list[str] = field(default_factory=list)  # about the settings: printed by every build


def record_of(report: LangReport) -> dict[str, Any]:
    """What the build record keeps to report again on a rebuild with nothing changed: nothing added or
    changed, moved or emptied, the same removed cards. ``report_of`` reads it back."""
    return {**dataclasses.asdict(report), "added": [], "changed": [], "moved": [], "kinds": [], "emptied": None}


def report_of(record: Any) -> LangReport:
    """A report read back from JSON; raises ValueError, KeyError or TypeError unless every field has its type."""
    def texts(key: str) -> list[str]:
        if not isinstance(record[key], list):
            raise TypeError(f"{key} is not a list")
        return [str(item) for item in record[key]]

    decks = [DeckCount(str(d["name"]), int(d["notes"]), int(d["cards"])) for d in record["decks"]]
    return LangReport(lang=str(record["lang"]), file=str(record["file"]), notes=int(record["notes"]),
                      cards=int(record["cards"]), decks=decks, added=texts("added"), changed=texts("changed"),
                      removed=texts("removed"), search=str(record["search"]), keys=texts("keys"),
                      warnings=texts("warnings"))


def card_of(key: str) -> str:
    """The card a note key belongs to (``exec-shell/cloze`` -> ``exec-shell``)."""
    return key.split("/", 1)[0]


def card_changes(added: list[str], changed: list[str], removed: list[str],
                 keys: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Note keys ("exec-shell/recall") grouped by card as written in cards/: new, edited, or gone.

    ``keys`` are every note built. A card is new when all its notes are; `build` and `stats` both count so."""
    notes_of: dict[str, set[str]] = {}
    for key in keys:
        notes_of.setdefault(card_of(key), set()).add(key)
    added_keys = set(added)
    touched = {card_of(key) for key in added + changed + removed} & set(notes_of)
    new = sorted(card for card in touched if notes_of[card] <= added_keys)
    return new, sorted(touched - set(new)), sorted({card_of(key) for key in removed} - set(notes_of))


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def width(text: str) -> int:
    """Columns a terminal gives the text: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def problem_lines(problems: list[Problem], written: str = "", writes: bool = True) -> list[str]:
    """The problems and their count; ``writes``: whether the command writes files at all, else what was
    written goes unsaid (``check`` never writes)."""
    # A problem at a line is in a file; one at line 0 is about a setting, a folder or the machine.
    files = len({p.path for p in problems if p.line})
    where = f" in {plural(files, 'file')}" if files else ""
    outcome = f"; {written or 'nothing was written'}" if writes or written else ""
    return [str(p) for p in problems] + [f"{plural(len(problems), 'problem')}{where}{outcome}."]


def note_lines(reports: list[LangReport]) -> Iterable[str]:
    """Every note a build wrote, with whether it was added, changed or left as it was."""
    for report in reports:
        added, changed = set(report.added), set(report.changed)
        for key in report.keys:
            status = "added" if key in added else "changed" if key in changed else "unchanged"
            yield f"  {report.lang}  {key}  ({status})"


def summary_lines(reports: list[LangReport], verb: str, moves: bool = True) -> Iterable[str]:
    """What a build wrote and changed; ``moves=False`` leaves out how to move cards in Anki (push moves them)."""
    for report in reports:
        yield f"{verb} {report.file}: {plural(report.notes, 'note')}, {plural(report.cards, 'Anki card')}"
        columns = max((width(d.name) for d in report.decks), default=0)
        for deck in report.decks:
            yield f"  {pad(deck.name, columns)}  {deck.notes:>5} notes  {deck.cards:>5} cards"
        if report.added or report.changed:
            # Counted in cards as written in cards/, as `dockdeck stats` counts them; a command card is two notes.
            added, changed, _ = card_changes(report.added, report.changed, report.removed, report.keys)
            yield (f"  since the last build: {plural(len(added), 'card')} added, {len(changed)} changed "
                   f"({plural(len(report.added) + len(report.changed), 'note')})")
        yield from gap_lines(report.moved if moves else [], report.kinds, report.emptied)
        if report.removed:
            yield (f"  removed from the cards ({len(report.removed)}): Anki keeps their notes in every collection "
                   "that imported them. Find them in Anki's browser, and delete them, with:")
            yield "    " + report.search


def _some(cards: list[str]) -> str:
    return ", ".join(cards) if len(cards) <= 5 else ", ".join(cards[:5]) + f" and {len(cards) - 5} more"


def gap_lines(moved: list[Moved], kinds: list[KindChanged], emptied: Emptied | None) -> Iterable[str]:
    """What the learner does in Anki after importing, because an import will not: move cards to their new
    sub-deck, delete a card's note of its old kind (listed with the removed cards), delete emptied cards."""
    for change in kinds:
        yield (f"  {change.card}: a {change.was} card became a {change.now} card. Anki cannot change a note's kind "
               "on import, so it comes as a new note with no review history; the old note stays in Anki "
               "(see the removed cards)")
    for move in moved:
        yield (f"  moved to {move.deck} ({plural(len(move.cards), 'card')} from {' and '.join(move.was)}: "
               f"{_some(move.cards)}): an import leaves cards in the deck they are in. In Anki's browser, "
               f"search for them, select all, Change Deck to {move.deck}:")
        yield "    " + move.search
    if emptied:
        yield (f"  blanks removed ({_some(emptied.blanks)}): their cards stay in Anki, empty. Tools → Empty Cards "
               "deletes them; or find them in the browser with:")
        yield "    " + emptied.search


def reset_line(notes: int, latest: int) -> str:
    """What ``build --reset-clock`` did (how many note times were ahead, the latest), and what it cannot do."""
    if not latest:
        return "no note time is ahead of this build's: nothing to reset"
    day = time.strftime("%Y-%m-%d", time.gmtime(latest))
    return (f"reset the clock: {plural(notes, 'note')} had a time ahead of this build's (the latest: {day}) and "
            "got this build's; a collection that imported them keeps that time, so import this deck there once with "
            "Update notes: Always (README: Note times)")
