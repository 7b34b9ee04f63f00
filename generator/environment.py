"""Problems that come from the machine rather than the cards: a folder that may not be entered, a
working directory that was deleted. The command line reports them like any other problem."""

from __future__ import annotations

import errno
import os
import shlex
from pathlib import Path

from .problems import Problem


def working_directory_problem() -> Problem | None:
    """Every path given relative is read from the working directory: one that was deleted holds nothing."""
    try:
        os.getcwd()
    except FileNotFoundError:
        return Problem("working directory", 0, "no longer exists: it was deleted or moved while the shell was in it",
                       "cd into an existing folder and run the command again")
    return None


def os_problem(err: OSError) -> Problem | None:
    """The problem an error of the file system names, or None if it names no file."""
    if err.filename is None:
        return None
    path = Path(os.fsdecode(err.filename))
    if err.errno in (errno.EACCES, errno.EPERM):
        folder = _closed_folder(path)
        if folder is not None:
            return Problem(str(path), 0, f"permission denied: the folder {folder} cannot be entered",
                           f"give yourself permission: chmod u+rwx {shlex.quote(str(folder))}")
        mode = "u+rwx" if os.path.isdir(path) else "u+rw"
        return Problem(str(path), 0, "permission denied", f"give yourself permission: chmod {mode} "
                       f"{shlex.quote(str(path))}")
    return Problem(str(path), 0, f"cannot be used: {err.strerror or err}")


def _closed_folder(path: Path) -> Path | None:
    """The first folder on the way to ``path`` that may not be entered, if one is why it cannot be reached."""
    for step in [*reversed(path.parents), path]:
        try:
            os.stat(step)
        except PermissionError:
            return step.parent
        except OSError:
            return None
    return None
