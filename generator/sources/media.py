"""Resolve media references from card texts to files inside ``cards/``.

Files are packed under content-derived names (``lifecycle-3f2a9c01b4de.svg``):
Anki and AnkiDroid keep a media file they already hold under a name, so a
changed picture must arrive under a new name to reach anyone.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from ..safe_read import Unreadable, read_limited
from .pictures import picture_problem

ALLOWED_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"}
MAX_MEDIA_BYTES = 10 * 1024 * 1024


@dataclass
class MediaStore:
    """Media found while rendering one deck: packed name -> file content."""

    root: Path
    files: dict[str, bytes] = field(default_factory=dict)
    inputs: dict[Path, str] = field(default_factory=dict)  # each file packed, with the SHA-256 of its bytes
    _by_ref: dict[str, str] = field(default_factory=dict)

    def resolve(self, ref: str) -> tuple[str | None, str | None]:
        """The packed name for a reference, or why it cannot be packed."""
        if ref in self._by_ref:
            return self._by_ref[ref], None
        name, error = self._resolve(ref)
        if name:
            self._by_ref[ref] = name
        return name, error

    def _resolve(self, ref: str) -> tuple[str | None, str | None]:
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", ref) or ref.startswith("//"):
            return None, f"media {ref!r} is a URL; cards must work offline, so put the file in cards/media/"
        rel = unquote(ref)
        if rel.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:", rel):
            return None, f"media {ref!r} is an absolute path; refer to files as media/<name>"
        root = self.root.resolve()
        path = (self.root / rel)
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return None, (f"media file {ref!r} does not exist (paths are relative to the cards folder, "
                          "e.g. media/picture.svg)")
        if root not in real.parents:
            return None, f"media {ref!r} points outside the cards folder; only files inside it are packed"
        if not real.is_file():
            return None, f"media {ref!r} is not a file"
        if real.suffix.lower() not in ALLOWED_SUFFIXES:
            return None, f"media {ref!r} is not a picture dockdeck packs ({', '.join(sorted(ALLOWED_SUFFIXES))})"
        try:  # the size is checked before a byte is read; a FIFO or device is never read
            data = read_limited(real, MAX_MEDIA_BYTES)
        except Unreadable as err:
            return None, f"media {ref!r}: {err}"
        problem = picture_problem(data, real.suffix.lower())
        if problem:
            return None, f"media {ref!r} {problem}"
        digest = hashlib.sha256(data).hexdigest()
        # Recorded as the card names it: a link in media/ pointed elsewhere then counts as a change.
        self.inputs[path] = digest
        digest = digest[:12]
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", real.stem).strip("-") or "media"
        name = f"{stem}-{digest}{real.suffix.lower()}"
        self.files[name] = data
        return name, None
