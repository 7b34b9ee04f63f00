"""The build manifest: a content hash and modification time per note.

Anki's importer only updates a note whose incoming modification time is
newer than its own. Reading the clock would make builds irreproducible, so
the manifest (committed next to the decks) keeps a logical clock instead: a
build that changes anything takes the next tick for the notes and note types
that changed, and everything unchanged keeps the time it had.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

# 2026-01-01T00:00:00Z: a plausible time for notes, far above any real
# collection's note ids being confused with it, and below every real "now" a
# user editing their own copy produces, so their local edits stay newer.
BASE_TIME = 1_767_225_600
FORMAT = 1


class Entry(NamedTuple):
    hash: str
    mod: int


@dataclass
class Manifest:
    clock: int = BASE_TIME
    # language -> note key -> entry; note types under the key "notetype:<kind>"
    langs: dict[str, dict[str, Entry]] = field(default_factory=dict)

    def to_json(self) -> bytes:
        """The manifest file's bytes: JSON, UTF-8, one note per line so the committed file's diffs read well."""
        def dump(text: str) -> str:
            return json.dumps(text, ensure_ascii=False)

        langs = ",\n".join(
            f"  {dump(lang)}: {{\n" + ",\n".join(f"   {dump(key)}: [{dump(e.hash)}, {e.mod}]"
                                                for key, e in sorted(entries.items())) + "\n  }"
            for lang, entries in sorted(self.langs.items()))
        return f'{{\n "format": {FORMAT},\n "clock": {self.clock},\n "langs": {{\n{langs}\n }}\n}}\n'.encode()


def manifest_path(out_dir: Path, name: str) -> Path:
    return out_dir / f"{name}.manifest.json"


def read_manifest(path: Path) -> tuple[Manifest, str | None]:
    """The manifest at ``path``; a missing one is empty, a broken one is reported."""
    if not path.exists():
        return Manifest(), None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        langs = {lang: {key: Entry(str(h), int(m)) for key, (h, m) in entries.items()}
                 for lang, entries in data["langs"].items()}
        return Manifest(clock=int(data["clock"]), langs=langs), None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        return Manifest(), (f"{path}: the build manifest is unreadable ({err.__class__.__name__}); "
                            "restore it from git, or delete it to start the note times afresh")


def content_hash(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Stamped:
    mods: dict[str, int]
    changed: list[str]
    added: list[str]
    removed: list[str]


def stamp(manifest: Manifest, lang: str, hashes: dict[str, str], tick: int) -> tuple[dict[str, Entry], Stamped]:
    """Give every key its modification time: the old one if unchanged, else ``tick``."""
    old = manifest.langs.get(lang, {})
    entries: dict[str, Entry] = {}
    changed: list[str] = []
    added: list[str] = []
    for key, digest in hashes.items():
        before = old.get(key)
        if before is not None and before.hash == digest:
            entries[key] = before
        else:
            entries[key] = Entry(digest, tick)
            (changed if before is not None else added).append(key)
    removed = [key for key in old if key not in hashes]
    return entries, Stamped({k: e.mod for k, e in entries.items()}, changed, added, removed)


def next_tick(manifest: Manifest) -> int:
    return manifest.clock + 1
