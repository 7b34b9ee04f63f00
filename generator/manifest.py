"""The build manifest: a content hash and modification time per note.

Anki's importer only updates a note whose incoming modification time is
newer than its own. Reading the clock would make builds irreproducible, so
the manifest (committed next to the decks) keeps a logical clock instead: a
build that changes anything takes the next tick for the notes and note types
that changed, and everything unchanged keeps the time it had.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

# 2026-01-01T00:00:00Z: a plausible time for notes, far above any real
# collection's note ids being confused with it, and below every real "now" a
# user editing their own copy produces, so their local edits stay newer.
BASE_TIME = 1_767_225_600
FORMAT = 1


class Entry(NamedTuple):  # a tuple, not a dataclass: a manifest holds one per note, made on every build
    hash: str
    mod: int


@dataclass
class Manifest:
    clock: int = BASE_TIME
    # language -> note key -> entry; note types under the key "notetype:<kind>"
    langs: dict[str, dict[str, Entry]] = field(default_factory=dict)

    def to_json(self) -> bytes:
        """The manifest file's bytes: JSON, UTF-8."""
        # One note per line keeps the committed file's diffs readable.
        # For a str, json.dumps(ensure_ascii=False) is this C function; called
        # directly it skips dumps' per-call set-up, 40,000 times at 10,000 cards.
        dump = json.encoder.encode_basestring  # type: ignore[attr-defined]
        # Written a language at a time: as one string, then encoded, the text of
        # 400,000 notes was held four times over (the build's peak, +120 MB).
        out = io.BytesIO()
        out.write(f'{{\n "format": {FORMAT},\n "clock": {self.clock},\n "langs": {{\n'.encode())
        for i, (lang, entries) in enumerate(sorted(self.langs.items())):
            lines = ",\n".join(f"   {dump(key)}: [{dump(e.hash)}, {e.mod}]" for key, e in sorted(entries.items()))
            separator = ",\n" if i else ""
            out.write(f"{separator}  {dump(lang)}: {{\n{lines}\n  }}".encode())
        out.write(b"\n }\n}\n")
        return out.getvalue()


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


def note_hash(guid: str, type_name: str, fields: tuple[str, ...], tags: tuple[str, ...],
              deck: tuple[str, ...]) -> str:
    """What the manifest compares to tell a changed note: everything Anki stores of it."""
    return content_hash(guid, type_name, fields, tags, deck)


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
    changed, added = [], []
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
