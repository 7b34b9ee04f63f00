"""The record of the last build, so that rebuilding an unchanged deck skips the pipeline.

A build is a pure function of the files it reads, the chosen languages, the code
(dockdeck and the libraries that shape the output) and the manifest it starts
from. The record keeps the SHA-256 of each file the last build read and wrote;
when all of them still match, the decks on disk are what a build would write.
It holds hashes and the build report, never output, so a stale or damaged
record only means a full build. It lives in the user's cache folder
(``$XDG_CACHE_HOME/dockdeck``, else ``~/.cache/dockdeck``), one file per output
folder, and writing it is best effort; ``build --check`` never reads it.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from .report import LangReport, report_of
from .safe_read import Unreadable, read_limited

_LIBRARIES = ("genanki", "markdown_it", "pygments", "yaml")
_FORMAT = 2
# A record holds hashes and every note's key: some 60 bytes a note, so this is millions of notes.
MAX_RECORD_BYTES = 512 * 1024 * 1024


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _code() -> str:
    """dockdeck's code and the libraries that shape the output, as one hash."""
    h = hashlib.sha256()
    # The interpreter and zlib shape the bytes too (deflate output can differ between zlib versions).
    h.update(f"{sys.version}\0{zlib.ZLIB_RUNTIME_VERSION}\0".encode())
    package = Path(__file__).parent
    for file in sorted(package.rglob("*.py")):
        h.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes())
    # Where each library is installed, and its entry file's size and time: an upgrade changes them.
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec and spec.origin else "?"
        try:
            stat = os.stat(origin)
            h.update(f"{name}={origin}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError:
            h.update(f"{name}=?".encode())
    return h.hexdigest()


def _key(cards_dir: Path, out_dir: Path, langs: tuple[str, ...] | None) -> str:
    # The YAML files beside the settings are part of the key: an unlisted one is a problem to report.
    listing = sorted(p.name for p in cards_dir.glob("*.y*ml"))
    return _sha256(json.dumps([_FORMAT, _code(), str(cards_dir), str(out_dir), list(langs or ()), str(Path.cwd()),
                               listing]).encode())


def _record_path(out_dir: Path) -> Path:
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dockdeck"
    return folder / f"build-{_sha256(str(out_dir.resolve()).encode())[:24]}.json"


def _unchanged(files: dict[str, list[Any]]) -> bool:
    """Every file is still a regular file of the size and SHA-256 recorded; none is read past that size."""
    for name, (size, digest) in files.items():
        if os.path.islink(name):
            return False  # a link can be pointed elsewhere, outside the deck: a full build applies the rules
        data = read_limited(Path(name), int(size))
        if len(data) != size or _sha256(data) != digest:
            return False
    return True


def reuse(cards_dir: Path, out_dir: Path, langs: tuple[str, ...] | None) -> list[LangReport] | None:
    """The reports of the last build into ``out_dir`` if nothing it read or wrote has changed since."""
    try:
        # The record is read like any file a stranger could put there: a FIFO or /dev/zero is not read.
        data = json.loads(read_limited(_record_path(out_dir), MAX_RECORD_BYTES))
        if data["key"] != _key(cards_dir, out_dir, langs) or not _unchanged(data["files"]):
            return None
        return [report_of(record) for record in data["reports"]]
    except (OSError, Unreadable, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def remember(cards_dir: Path, out_dir: Path, langs: tuple[str, ...] | None, inputs: dict[Path, str],
             outputs: dict[Path, bytes], reports: list[dict[str, Any]]) -> None:
    """Write the record of a build whose ``outputs`` are now on disk; best effort."""
    files: dict[str, list[Any]] = {}
    for path, digest in inputs.items():
        try:
            files[str(path)] = [path.stat().st_size, digest]
        except OSError:
            return
    files.update({str(path): [len(data), _sha256(data)] for path, data in outputs.items()})
    record = {"key": _key(cards_dir, out_dir, langs), "files": files, "reports": reports}
    path = _record_path(out_dir)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except BaseException as err:  # Ctrl-C too: the record is best effort, its half-written copy must not stay
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if not isinstance(err, OSError):
            raise
