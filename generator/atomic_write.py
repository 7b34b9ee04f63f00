"""Put built files in place so that a failure never leaves half a deck behind."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from .problems import Problem, ProblemsError
from .project import write_targets
from .safe_read import same_bytes


def _leftovers(path: Path) -> list[Path]:
    """Temporary and backup copies of ``path`` that an interrupted build left behind.

    Each is named for the process that made it (``.NAME.PID.xxxx.tmp``); one whose process still
    runs belongs to a build under way, and is not a leftover."""
    found = []
    for pattern in (f".{glob.escape(path.name)}.*.tmp", f".{glob.escape(path.name)}.*.bak"):
        for candidate in path.parent.glob(pattern):
            pid = candidate.name[len(path.name) + 2:].split(".", 1)[0]
            if not (pid.isascii() and pid.isdigit() and _running(int(pid))):
                found.append(candidate)
    return found


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this build's own earlier attempt, if any, is done
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


@contextlib.contextmanager
def deck_lock(cards_dir: Path) -> Iterator[None]:
    """Commands that change one deck run one at a time, waiting for each other: a build reads and
    writes the deck's note times, ``add`` and ``new`` read a card file and write it back, ``init``
    checks that no deck is there before writing one.

    The lock is on the cards folder itself (no lock file is left behind) and goes with the
    process, so a killed command never leaves it held. Where there is no ``flock`` it is a no-op."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        fd = os.open(cards_dir, os.O_RDONLY)
    except OSError:  # no such folder: reading the deck reports it
        yield
        return
    try:
        with contextlib.suppress(OSError):  # a file system without locks (some network ones): go on without
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _backup(path: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".bak", dir=path.parent)
    os.close(fd)
    backup = Path(name)
    backup.unlink()
    try:
        os.link(path, backup)  # instant, and the old bytes stay reachable
    except OSError:
        shutil.copy2(path, backup)
    return backup


def write_atomically(files: dict[Path, bytes], within: Sequence[Path]) -> None:
    """Write every file to a temporary name first, then rename them all.

    ``within`` are the folders of the project (``project.py``): a file that would land outside them,
    or go through a dangling link, is refused before anything is written. Raises ``ProblemsError``
    when a file cannot be written. Each file on disk is always either its old or its new version,
    never a torn one; if anything fails, whatever was already renamed is put back, so nothing has changed.
    """
    # A file that is a link inside the project is written where it points, and stays a link.
    targets = write_targets(files, within)
    _refuse_non_folders(list(files))
    files = {targets[path]: data for path, data in files.items()}
    temps: list[tuple[Path, Path]] = []
    path = Path("output")
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            for leftover in _leftovers(path):
                leftover.unlink(missing_ok=True)
            if same_bytes(path, data):  # an old output that is a FIFO or device is replaced, never read
                continue
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
            temps.append((Path(name), path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            # A file that was there keeps its permissions; a new one is readable by all, like the decks.
            os.chmod(name, stat.S_IMODE(path.stat().st_mode) if path.is_file() else 0o644)
    except BaseException as err:  # Ctrl-C too: no temporary file is left behind
        for written, _ in temps:
            written.unlink(missing_ok=True)
        if not isinstance(err, OSError):
            raise
        raise _write_error(path, err, "cannot be written") from None
    # The note times go first. If the process dies between renames, they
    # already record the new times, so the next build writes the same decks
    # again; had the decks gone first, a deck already imported could carry
    # times that the next build hands out again to other content, and Anki
    # would skip those updates as not newer.
    temps.sort(key=lambda pair: pair[1].suffix != ".json")
    with _ctrl_c_deferred():
        _commit(temps)
        _COMMITTED.extend(path for _, path in temps)


# Every file this process has put in place, in order: what a Ctrl-C after them must not deny.
_COMMITTED: list[Path] = []


def committed() -> list[Path]:
    """The files this process has replaced so far, each complete (``write_atomically``)."""
    return list(_COMMITTED)


@contextlib.contextmanager
def _ctrl_c_deferred() -> Iterator[None]:
    """Ctrl-C waits while the files are renamed (or put back): then every file is the old one or
    every file is the new one, and the message can say which. A Ctrl-C pressed meanwhile is raised
    as soon as this ends."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _commit(temps: list[tuple[Path, Path]]) -> None:
    """Rename each temporary file over its path; if one fails, put back every file already replaced."""
    done: list[tuple[Path, Path | None]] = []
    current = Path("output")
    try:
        for written, current in temps:
            # Listed before the rename: whatever stops it after the rename, the rollback sees the file.
            done.append((current, _backup(current) if current.exists() else None))
            os.replace(written, current)
    except BaseException as err:  # a Ctrl-C pressed just before the deferral too: every file is put back
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
        if not isinstance(err, OSError):
            raise
        keeping = "; the previous version is kept as " + ", ".join(str(p) for p in kept) if kept else ""
        raise _write_error(current, err, "cannot be replaced", keeping) from None
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


def _write_error(path: Path, err: OSError, what: str, more: str = "") -> ProblemsError:
    """The problem of a file that could not be put in place: named as given, never as its temporary copy."""
    named = os.fsdecode(err.filename) if err.filename is not None else None
    # A folder on the way (one that could not be made) is worth naming; the temporary copy is not.
    where = f" ({named})" if named and Path(named) != path and not Path(named).name.startswith(f".{path.name}.") \
        else ""
    return ProblemsError([Problem(str(path), 1, f"{what}: {err.strerror or err}{where}{more}",
                                  "the previous files are untouched")])


def stale_files(files: dict[Path, bytes]) -> list[Path]:
    """The files whose content on disk differs from what a build would write."""
    return [path for path, data in files.items() if not same_bytes(path, data)]
