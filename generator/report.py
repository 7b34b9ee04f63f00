"""What the command line prints: problems and build summaries as lines of text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .problems import Problem

if TYPE_CHECKING:  # build pulls in the whole pipeline; the CLI imports it lazily
    from .build import BuildResult


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def problem_lines(problems: list[Problem]) -> list[str]:
    files = len({p.path for p in problems})
    return [str(p) for p in problems] + [
        f"{plural(len(problems), 'problem')} in {plural(files, 'file')}; nothing was written."]


def note_lines(result: BuildResult) -> Iterable[str]:
    """Every note a build wrote, with whether it was added, changed or left as it was."""
    for report in result.reports:
        added, changed = set(report.added), set(report.changed)
        for key in report.keys:
            status = "added" if key in added else "changed" if key in changed else "unchanged"
            yield f"  {report.lang}  {key}  ({status})"


def summary_lines(result: BuildResult, verb: str) -> Iterable[str]:
    for report in result.reports:
        yield f"{verb} {report.file}: {report.notes} notes, {report.cards} cards"
        width = max((len(d.name) for d in report.decks), default=0)
        for deck in report.decks:
            yield f"  {deck.name:<{width}}  {deck.notes:>5} notes  {deck.cards:>5} cards"
        if report.added or report.changed:
            yield f"  since the last build: {len(report.added)} notes added, {len(report.changed)} changed"
        if report.removed:
            yield (f"  removed since the last build ({len(report.removed)}); Anki keeps these notes after "
                   "an import, so delete them by hand. Search for them in Anki's browser with:")
            yield "    " + report.search
