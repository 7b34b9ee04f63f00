"""Put built files in place so that a failure never leaves half a deck behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(files: dict[Path, bytes]) -> str | None:
    """Write every file to a temporary name first, then rename them all.

    Returns an error message, or None. If anything fails before the renames,
    nothing in the output folder has changed.
    """
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() and path.read_bytes() == data:
                continue
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((Path(tmp), path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
    except OSError as err:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        return f"cannot write {err.filename or 'the output'}: {err.strerror or err}"
    # The manifest goes last: if we stop between renames, the next build still
    # sees the old times and stamps the changed notes again.
    temps.sort(key=lambda pair: pair[1].suffix == ".json")
    for tmp, path in temps:
        os.replace(tmp, path)
    return None


def stale_files(files: dict[Path, bytes]) -> list[Path]:
    """The files whose content on disk differs from what a build would write."""
    return [path for path, data in files.items() if not path.is_file() or path.read_bytes() != data]
