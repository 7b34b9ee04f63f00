"""Remember the last build in the output folder, so an unchanged deck is not built again.

A build is a pure function of the cards folder, the chosen languages, the
code (dockdeck and the libraries that shape the output) and the manifest it
starts from. After a build, building the same sources again writes the same
bytes (the manifest keeps every note's time), so when that fingerprint and the
files on disk are both what the last build left, its result is reused.

The record lives in ``<out>/.dockdeck-cache/``, which ignores itself in git
(dist/ is committed; the record is not). It cannot produce wrong output: it
holds no output, only hashes, and is used only when every input and every
output file still hashes as recorded. ``build --check`` never reads it.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_DIR = ".dockdeck-cache"
RECORD = "build.json"
_LIBRARIES = ("genanki", "markdown-it-py", "pygments", "pyyaml")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _code() -> str:
    h = hashlib.sha256()
    for file in sorted(Path(__file__).parent.glob("*.py")):
        h.update(file.name.encode() + b"\0" + file.read_bytes())
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=?".encode())
    return h.hexdigest()


def fingerprint(cards_dir: Path, out_dir: Path, langs: tuple[str, ...] | None) -> str:
    """Everything a build reads, except the output folder, as one hash."""
    h = hashlib.sha256()
    h.update(json.dumps([_code(), str(cards_dir), str(out_dir), list(langs or ()), str(Path.cwd())]).encode())
    for file in sorted(p for p in cards_dir.rglob("*") if p.is_file()):
        h.update(file.relative_to(cards_dir).as_posix().encode() + b"\0" + _digest(file.read_bytes()).encode())
    return h.hexdigest()


def cache_files(out_dir: Path, key: str, outputs: dict[Path, bytes], reports: list[dict[str, Any]]) -> dict[Path,
                                                                                                          bytes]:
    """The record of this build, as files to write next to its outputs."""
    folder = out_dir / CACHE_DIR
    record = {"fingerprint": key, "outputs": {str(p): _digest(data) for p, data in outputs.items()},
              "reports": reports}
    return {folder / ".gitignore": b"# dockdeck's build cache: local, never committed\n*\n",
            folder / RECORD: json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")}


def cached(out_dir: Path, key: str) -> tuple[dict[Path, bytes], list[dict[str, Any]]] | None:
    """The outputs and reports of the last build, if it had this fingerprint and its files are untouched."""
    try:
        record = json.loads((out_dir / CACHE_DIR / RECORD).read_text(encoding="utf-8"))
        if record.get("fingerprint") != key:
            return None
        files = {}
        for name, digest in record["outputs"].items():
            data = Path(name).read_bytes()
            if _digest(data) != digest:
                return None
            files[Path(name)] = data
        return files, record["reports"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
