"""Remember the last build, so that rebuilding an unchanged deck is instant.

A build is a pure function of the cards folder, the chosen languages, the
code (dockdeck and the libraries that shape the output) and the manifest it
starts from; building the same sources again writes the same bytes (the
manifest keeps every note's time). So when that fingerprint, and every file
the last build wrote, still hash as recorded, the last result is reused.

The record holds hashes and the build report, never output, so a stale or
damaged record can only cause a full build. It lives in the user's cache
folder (``$XDG_CACHE_HOME/dockdeck``, else ``~/.cache/dockdeck``), one file
per output folder, so the committed dist/ holds decks and manifest only.
Writing it is best effort, and ``build --check`` never reads it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import zlib
import importlib.util
from pathlib import Path
from typing import Any

_LIBRARIES = ("genanki", "markdown_it", "pygments", "yaml")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def source_digest(file: Path) -> str | None:
    """SHA-256 of a file's bytes, or None if it cannot be read."""
    try:
        return sha256_hex(file.read_bytes())
    except OSError:
        return None


def code_fingerprint() -> str:
    """dockdeck's code and the libraries that shape the output, as one hash (worked out once a process)."""
    global _CODE
    if _CODE is None:
        _CODE = _code()
    return _CODE


_CODE: str | None = None


def _code() -> str:
    h = hashlib.sha256()
    # The interpreter and zlib shape the bytes too (deflate output can differ between zlib versions).
    h.update(f"{sys.version}\0{zlib.ZLIB_RUNTIME_VERSION}\0".encode())
    for file in sorted(Path(__file__).parent.glob("*.py")):
        h.update(file.name.encode() + b"\0" + file.read_bytes())
    # Where each library is installed and its entry file's size and time: an
    # upgrade changes them. (importlib.metadata would take longer to import
    # than a cached rebuild takes in all.)
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec and spec.origin else "?"
        try:
            stat = os.stat(origin)
            h.update(f"{name}={origin}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError:
            h.update(f"{name}=?".encode())
    return h.hexdigest()


def fingerprint(cards_dir: Path, out_dir: Path, langs: tuple[str, ...] | None) -> str:
    """Everything a build reads, except the output folder, as one hash."""
    h = hashlib.sha256()
    h.update(json.dumps([code_fingerprint(), str(cards_dir), str(out_dir), list(langs or ()), str(Path.cwd())]).encode())
    for file in sorted(p for p in cards_dir.rglob("*") if p.is_file()):
        h.update(file.relative_to(cards_dir).as_posix().encode() + b"\0" + sha256_hex(file.read_bytes()).encode())
    return h.hexdigest()


def cache_dir() -> Path:
    """Where dockdeck keeps what it may forget: ``$XDG_CACHE_HOME/dockdeck``, else ``~/.cache/dockdeck``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dockdeck"


def _record_path(out_dir: Path) -> Path:
    return cache_dir() / f"build-{sha256_hex(str(out_dir.resolve()).encode())[:24]}.json"


def record(out_dir: Path, key: str, outputs: dict[Path, bytes], reports: list[dict[str, Any]]) -> tuple[Path, bytes]:
    """Where this build's record goes, and what it says."""
    data = {"fingerprint": key, "outputs": {str(p): sha256_hex(data) for p, data in outputs.items()},
            "reports": reports}
    return _record_path(out_dir), json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")


def save(entry: tuple[Path, bytes] | None) -> None:
    """Write a record; a cache that cannot be written only means the next build is a full one."""
    if entry is not None:
        write_quietly(*entry)


def write_quietly(path: Path, data: bytes) -> None:
    """Replace a cache file whole, or leave it be: the cache is best effort."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def cached(out_dir: Path, key: str) -> tuple[dict[Path, bytes], list[dict[str, Any]]] | None:
    """The outputs and reports of the last build, if it had this fingerprint and its files are untouched."""
    try:
        data = json.loads(_record_path(out_dir).read_text(encoding="utf-8"))
        if data.get("fingerprint") != key:
            return None
        files = {}
        for name, digest in data["outputs"].items():
            content = Path(name).read_bytes()
            if sha256_hex(content) != digest:
                return None
            files[Path(name)] = content
        return files, data["reports"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RuntimeError):
        return None
