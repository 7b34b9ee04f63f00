"""Put built files in place so that a failure never leaves half a deck behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .problems import Problem, ProblemsError
from .safe_read import same_bytes


def _leftovers(path: Path) -> list[Path]:
    """Temporary and backup copies of ``path`` that an interrupted build left behind."""
    return [p for pattern in (f".{path.name}.*.tmp", f".{path.name}.*.bak") for p in path.parent.glob(pattern)]


def _backup(path: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".bak", dir=path.parent)
    os.close(fd)
    backup = Path(name)
    backup.unlink()
    try:
        os.link(path, backup)  # instant, and the old bytes stay reachable
    except OSError:
        shutil.copy2(path, backup)
    return backup


def write_atomically(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary name first, then rename them all.

    Raises ``ProblemsError`` when a file cannot be written. Each file on disk is always either
    its old or its new version, never a torn one; if anything fails,
    whatever was already renamed is put back, so nothing has changed.
    """
    _refuse_non_folders(list(files))
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            for leftover in _leftovers(path):
                leftover.unlink(missing_ok=True)
            if same_bytes(path, data):  # an old output that is a FIFO or device is replaced, never read
                continue
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((Path(name), path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(name, 0o644)
    except OSError as err:
        for written, _ in temps:
            written.unlink(missing_ok=True)
        raise _write_error(err, f"cannot write {err.filename or 'the output'}: {err.strerror or err}") from None
    # The manifest goes first. If the process dies between renames, the
    # manifest already records the new times, so the next build writes the
    # same decks again; had the decks gone first, a deck already imported
    # could carry times that the next build hands out again to other content,
    # and Anki would skip those updates as not newer.
    temps.sort(key=lambda pair: pair[1].suffix != ".json")
    done: list[tuple[Path, Path | None]] = []
    try:
        for written, path in temps:
            backup = _backup(path) if path.exists() else None
            os.replace(written, path)
            done.append((path, backup))
    except OSError as err:
        message = f"cannot replace {err.filename or 'the output'}: {err.strerror or err}"
        kept: list[Path] = []
        for path, backup in reversed(done):
            try:
                if backup is None:
                    path.unlink(missing_ok=True)
                else:
                    os.replace(backup, path)
            except OSError:
                kept.extend(p for p in (backup,) if p is not None)
        for written, path in temps:
            written.unlink(missing_ok=True)
            for leftover in _leftovers(path):
                if leftover not in kept:
                    leftover.unlink(missing_ok=True)
        if kept:
            message += "; the previous version is kept as " + ", ".join(str(p) for p in kept)
        raise _write_error(err, message) from None
    for _, backup in done:
        if backup is not None:
            backup.unlink(missing_ok=True)


def _refuse_non_folders(paths: list[Path]) -> None:
    """Where a file is to go into something that exists but is not a folder (``--out /dev/null``), say so."""
    problems = []
    for folder in dict.fromkeys(path.parent for path in paths):
        existing = next((p for p in (folder, *folder.parents) if p.exists() or p.is_symlink()), None)
        if existing is not None and not existing.is_dir():
            problems.append(Problem(str(existing), 1, f"is not a folder, so {folder} cannot hold the output",
                                    "pass a folder (new or existing) for the output"))
    if problems:
        raise ProblemsError(problems)


def _write_error(err: OSError, message: str) -> ProblemsError:
    return ProblemsError([Problem(str(err.filename or "output"), 1, message, "the previous files are untouched")])


def stale_files(files: dict[Path, bytes]) -> list[Path]:
    """The files whose content on disk differs from what a build would write."""
    return [path for path, data in files.items() if not same_bytes(path, data)]
