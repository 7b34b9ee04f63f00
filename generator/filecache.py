"""Keep each topic file's validated and rendered notes, so a rebuild redoes only the files that changed.

An entry is keyed on everything that shapes a file's notes: its bytes, the
settings file, the chosen languages, the path problems name it by, and the
code (dockdeck and its libraries, as for the whole-build record in cache.py).
The pictures it refers to are checked on use: each reference must still
resolve to a file with the recorded content, else the file is built afresh.
Only files that built without a problem are kept, one slot per cards folder,
file and languages, and a slot no build has used for 30 days is removed, so
the folder stays as small as the decks in use.

An entry holds notes, not decks: packaging, the manifest and the checks that
span files (duplicate ids, deck names) run on every build. A damaged or stale
entry only means that file is built afresh; ``build --check`` never reads one.
"""

from __future__ import annotations

import json
import marshal
import os
import time
from pathlib import Path

from .cache import cache_dir, code_fingerprint, sha256_hex, source_digest, write_quietly
from .expand import NoteSpec
from .filebuild import FileBuild
from .media import MediaStore
from .render import RenderedNote

FORMAT = 4
# Entries are kept while builds use them (reading one marks it used), and removed this long after.
UNUSED_DAYS = 30
# marshal's format 4 (Python 3.4 on); the code fingerprint in every key holds the Python version as well.
_MARSHAL_VERSION = 4


class FileCache:
    """The entries of one build: what it reads, and what it will save."""

    def __init__(self, cards_dir: Path, langs: tuple[str, ...], settings_digest: str) -> None:
        """``settings_digest``: SHA-256 of the settings file's bytes, as the build parsed them."""
        self.cards_dir = cards_dir
        self.langs = langs
        self.folder = cache_dir() / "files"
        self._base = json.dumps([FORMAT, code_fingerprint(), settings_digest, list(langs)])
        self._sources: dict[str, str] = {}  # file name -> SHA-256 of the bytes its key was made from

    def _slot(self, name: str) -> Path:
        where = json.dumps([str(self.cards_dir.resolve()), name, list(self.langs)])
        return self.folder / f"{sha256_hex(where.encode())[:24]}.entry"

    def key(self, name: str, path: str) -> str | None:
        """The entry key for a topic file as it is now; None if it cannot be read."""
        digest = source_digest(self.cards_dir / name)
        if digest is None:
            return None
        self._sources[name] = digest
        return sha256_hex(json.dumps([self._base, name, path, digest]).encode())

    def can_keep(self, built: FileBuild) -> bool:
        """Complete, and built from the very bytes its key was made from (not a file edited meanwhile)."""
        return built.complete and built.source is not None and built.source == self._sources.get(built.name)

    def holds(self, name: str, key: str) -> int | None:
        """The size of the kept entry of a file if its first line says it has this key; else None.

        Only the first line is read: a rebuild holds one entry's bytes at a time
        (see load), not the whole deck's, which at 100,000 cards was 0.3 GB."""
        try:
            with self._slot(name).open("rb") as file:
                head = file.read(len(key) + 1)
                size = os.fstat(file.fileno()).st_size
        except OSError:
            return None
        return size if head == key.encode() + b" " else None

    def load(self, name: str, key: str, stores: dict[str, MediaStore]) -> FileBuild | None:
        """The kept build of a file, its pictures added to ``stores``, if its entry is whole and
        has this key; None otherwise."""
        try:
            data = self._slot(name).read_bytes()
        except OSError:
            return None
        built = entry(data, key, stores)
        if built is not None:
            try:
                os.utime(self._slot(name))  # used: see prune
            except OSError:
                pass
        return built

    def prune(self) -> None:
        """Remove what no build has used for UNUSED_DAYS: entries of topic files since renamed or
        deleted, of card folders moved away, of other dockdeck versions. Best effort, like all of it."""
        cutoff = time.time() - UNUSED_DAYS * 24 * 3600
        try:
            for path in self.folder.iterdir():
                if path.stat().st_mtime < cutoff:
                    path.unlink()
        except OSError:
            pass

    def save(self, key: str, built: FileBuild) -> bytes | None:
        """Keep a complete file build, and return what was kept (None: nothing worth keeping).

        A cache that cannot be written only means a slower next build."""
        if not self.can_keep(built):
            return None
        data = record(key, built)
        self.write(built.name, data)
        return data

    def write(self, name: str, data: bytes) -> None:
        write_quietly(self._slot(name), data)


def record(key: str, built: FileBuild) -> bytes:
    """A complete file build as an entry: a line with its key and checksum, then the build in marshal's format.

    marshal, not JSON: a rebuild after one file of twenty changed reads the other
    nineteen, and marshal reads them in a tenth of JSON's time. It is not meant
    for data it did not write, so an entry is read only when its checksum matches."""
    notes = {lang: [(n.spec.guid, n.spec.key, n.spec.notetype, n.spec.deck, n.spec.tags, n.spec.line, n.fields, h, c)
                    for n, h, c in zip(rendered, built.hashes[lang], built.cards[lang], strict=True)]
             for lang, rendered in built.notes.items()}
    payload = marshal.dumps((built.name, built.path, built.deck, built.deck_line, built.ids, notes, built.media),
                            _MARSHAL_VERSION)
    return f"{key} {sha256_hex(payload)}\n".encode() + payload


def entry(data: bytes, key: str, stores: dict[str, MediaStore]) -> FileBuild | None:
    """The file build an entry holds, if it is whole, has this key and its pictures are unchanged;
    the pictures are added to ``stores``."""
    header, _, payload = data.partition(b"\n")
    if header != f"{key} {sha256_hex(payload)}".encode():
        return None
    try:
        return _file_build(*marshal.loads(payload), stores=stores)
    except (ValueError, EOFError, KeyError, TypeError, AttributeError, OSError):
        return None


def _file_build(name: str, path: str, deck: dict[str, str] | None, deck_line: int, ids: list[tuple[str, int]],
                notes: dict[str, list[tuple]], media: dict[str, dict[str, tuple[str, str]]],
                stores: dict[str, MediaStore]) -> FileBuild | None:
    for lang, refs in media.items():
        store = stores[lang]
        for ref, (packed, digest) in refs.items():
            resolved, error = store.resolve(ref)
            if error or resolved != packed or sha256_hex(store.files[packed]) != digest:
                return None
    rendered = {lang: [RenderedNote(NoteSpec(guid, key, notetype, lang, deck, (), tags, path, line), fields)
                       for guid, key, notetype, deck, tags, line, fields, _, _ in items]
                for lang, items in notes.items()}
    hashes = {lang: [item[7] for item in items] for lang, items in notes.items()}
    cards = {lang: [item[8] for item in items] for lang, items in notes.items()}
    return FileBuild(name=name, path=path, deck=deck, deck_line=deck_line, ids=ids, notes=rendered, media=media,
                     hashes=hashes, cards=cards)
