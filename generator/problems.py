"""Problems found in the card sources, reported as values rather than raised.

Every stage returns the problems it found next to its result, so one run can
report all of them together as ``path:line: message``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Order problems by file and line and drop exact repeats."""
    return sorted(set(problems))
