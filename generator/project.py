"""The project: the folders a command may read from and write to, whatever links a cloned deck carries.

A deck repository is something people clone and build without reading, so a symbolic link in it is
untrusted: ``dist/docker-en.apkg -> ../../victim`` must not make ``build`` overwrite the victim, and
``cards/style.css -> ~/.ssh/id_rsa`` must not ship the key in a deck. The rules:

- **Reading.** Every input (``dockdeck.yaml``, the topic files, the css file, pictures) must be inside
  the cards folder once links are followed; a link inside it to a file inside it is fine.
- **Writing.** A command writes only inside its project: the cards folder (note times, the schema,
  ``add``/``new`` edits) and the output folder (the decks, the preview page, an extract draft). A folder
  the user named (``--cards``, ``--out``, ``-o``'s folder, ``init DIR``) is taken as named, links in its
  path followed; the default output folder, ``dist`` beside the cards, is taken literally, so a ``dist``
  that is a link elsewhere is refused (name it with ``--out`` to build there). A file to write that is a
  link is written where it points only if that is an existing file inside the project; a link that
  points outside, or to nothing, is refused at the link, and nothing at all is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from .problems import Problem, ProblemsError


def display_path(file: Path) -> str:
    """Paths in messages as the user typed them, relative when possible."""
    try:
        return str(file.relative_to(Path.cwd()))
    except ValueError:
        return str(file)


def named_folder(folder: Path) -> Path:
    """A folder the user named, where it really is (links in its path followed)."""
    return folder.resolve()


def default_folder(folder: Path) -> Path:
    """A folder the tool chose (``dist`` beside the cards): a link at its own name is not followed."""
    return folder.parent.resolve() / folder.name


def is_inside(real: Path, roots: Iterable[Path]) -> bool:
    return any(real == root or root in real.parents for root in roots)


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of links: where it leads is nowhere
        return path.absolute()


def _shown_target(link: Path, real: Path, roots: Sequence[Path]) -> Path:
    """Where a message says a link leads: where it says it points (``/proc/self/environ``, not the
    process's own number), unless that is inside and a link beyond it leads out."""
    try:
        hop = Path(os.path.normpath(link.absolute().parent / os.readlink(link)))
    except OSError:
        return real
    return real if is_inside(hop, roots) else hop


def input_problem(file: Path, cards_dir: Path) -> Problem | None:
    """Why ``file``, an input of the deck in ``cards_dir``, is not read: it leads outside the cards folder."""
    if not os.path.lexists(file):
        return None  # reading it reports that it is missing
    real, roots = _real(file), (_real(cards_dir),)
    if is_inside(real, roots):
        return None
    target = _shown_target(file, real, roots) if file.is_symlink() else real
    return Problem(display_path(file), 1, f"is a symbolic link to {target}, outside the cards folder, so it is not read",
                   "a cloned deck must not read files elsewhere: copy the file into the cards folder, "
                   "or link to a file inside it")


def write_targets(paths: Iterable[Path], within: Sequence[Path]) -> dict[Path, Path]:
    """Where each file is to be written (a link inside the project: where it points); raises
    ``ProblemsError`` with every file that would be written outside ``within`` or through a dangling link."""
    roots = list(within)
    targets: dict[Path, Path] = {}
    problems: list[Problem] = []
    for path in paths:
        problem = _folder_problem(path.parent, roots)
        if problem is None and path.is_symlink():
            real = _real(path)
            shown = _shown_target(path, real, roots)
            if not real.is_file():
                problem = Problem(display_path(path), 1, f"is a symbolic link to {shown}, which is no existing "
                                  "file; dockdeck never creates a file through a link", "delete the link and run the "
                                  "command again")
            elif not is_inside(real, roots):
                problem = Problem(display_path(path), 1, f"is a symbolic link to {shown}, outside the project "
                                  f"({', '.join(map(str, roots))}), so dockdeck does not write through it",
                                  "delete the link and run the command again: dockdeck then writes a file of its own")
            targets[path] = real
        else:
            targets[path] = path
        if problem is not None:
            problems.append(problem)
    if problems:
        raise ProblemsError(problems)
    return targets


def _folder_problem(folder: Path, roots: Sequence[Path]) -> Problem | None:
    """Why files cannot be written into ``folder``: a link on its way leads outside the project."""
    if is_inside(_real(folder), roots):
        return None
    path = folder.absolute()
    for step in (*reversed(path.parents), path):
        if step.is_symlink() and not is_inside(_real(step), roots):
            shown = _shown_target(step, _real(step), roots)
            return Problem(display_path(step), 1, f"is a symbolic link to {shown}, outside the project "
                           f"({', '.join(map(str, roots))}), so dockdeck does not write into it",
                           "delete the link; to write there on purpose, name that folder with --out")
    return Problem(display_path(folder), 1, f"is outside the project ({', '.join(map(str, roots))})",
                   "name the folder to write to with --out")
