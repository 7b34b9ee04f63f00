"""Where ``dockdeck extract -o`` may write its draft: never over a file it read.

``--force`` replaces a file that exists; it must not replace the notes being extracted, nor a file of
the deck whose ids the draft avoids, by any name: the same path spelled another way, a symbolic link
or a hard link to it (``os.path.samefile`` compares the files themselves).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..problems import Problem
from ..project import display_path
from ..sources.format import SETTINGS_FILE
from ..sources.schema import SCHEMA_FILE


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (a dangling link is refused where it is written)
        return False


def overwrite_problem(out: Path, notes: Path, cards_dir: Path) -> Problem | None:
    """Why the draft may not be written to ``out``, or None."""
    if _same(out, notes):
        return Problem(display_path(out), 1, "is the notes being extracted, so the draft would replace them",
                       "write the draft to a file of its own, e.g. -o draft.yaml")
    for file in sorted(cards_dir.glob("*.y*ml")) if cards_dir.is_dir() else ():
        if _same(out, file):
            what = "the settings file" if file.name == SETTINGS_FILE else "a topic file"
            return Problem(display_path(out), 1, f"is {what} of the deck in {display_path(cards_dir)}, so the draft "
                           "would replace it", "write the draft outside the cards folder, e.g. -o draft.yaml")
    return None


def schema_ref(out: Path | None, cards_dir: Path) -> str | None:
    """What the draft's schema line names, so that an editor finds the schema: ``schema.json`` beside a
    draft printed (it is bound for the cards folder) or written next to one; else the schema of the deck
    in ``cards_dir``, by its path from the draft; else nothing, as there is no schema to point at."""
    if out is None or (out.parent / SCHEMA_FILE).is_file():
        return SCHEMA_FILE
    deck_schema = cards_dir / SCHEMA_FILE
    if deck_schema.is_file():
        return Path(os.path.relpath(deck_schema.absolute(), out.parent.absolute())).as_posix()
    return None
