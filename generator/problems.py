"""Problems found in the card sources, reported as values rather than raised.

Every stage collects the problems it finds next to its result, so one run can
report all of them together as ``path:line: message``. A stage that cannot go
on raises ``ProblemsError`` with every problem found so far; only the command
line catches it, prints the problems and exits 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        # Line 0: a problem with a setting or a whole thing rather than a line of a file.
        text = f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file and line and drop exact repeats."""
    return sorted(set(problems))


class ProblemsError(Exception):
    """Carries every problem of a run to the command line, which prints them and exits 1.

    ``written`` says what the command wrote all the same (preview writes its page), else nothing."""

    def __init__(self, problems: Iterable[Problem], written: str = "") -> None:
        self.problems = sort_problems(problems)
        self.written = written
        super().__init__("\n".join(str(p) for p in self.problems))


class WrongUsage(ProblemsError):
    """Problems with how the command was called rather than with a file (``--lang`` naming a language
    the deck does not have): the command line reports them as wrong usage of ``option``, exit code 2."""

    def __init__(self, problems: Iterable[Problem], option: str) -> None:
        super().__init__(problems)
        self.option = option
