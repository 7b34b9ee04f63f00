"""Read a file only if it is a regular file no bigger than a limit, and never more than that.

``Path.read_bytes`` on a FIFO waits for a writer forever, on ``/dev/zero`` it fills memory,
and on a 3 GB picture it reads 3 GB only to refuse it afterwards. Every file dockdeck reads
on a person's behalf (card sources, pictures, notes, the build record, an old output to
compare) goes through ``read_limited`` instead, which decides from ``fstat`` before reading.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class Unreadable(Exception):
    """Why a file was not read, in words fit for a problem message."""


class TooBig(Unreadable):
    """The file is over the limit for what it is."""


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MiB"


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``; raises ``Unreadable`` for anything else or anything bigger."""
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError) as err:  # ValueError: a NUL in the name
        raise Unreadable(f"cannot read file: {getattr(err, 'strerror', None) or err}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("is not a regular file (a FIFO, device or socket), so it is not read")
        if info.st_size > limit:
            raise TooBig(f"file is {size_text(info.st_size)}, over the limit of {size_text(limit)}")
        data = _read(fd, info.st_size)
        if not info.st_size and os.read(fd, 1):
            # /proc and /sys files report no size and make up their content as they are read.
            raise Unreadable("is a system file whose size is unknown until read (/proc, /sys), so it is not read")
        return data
    except OSError as err:
        raise Unreadable(f"cannot read file: {err.strerror or err}") from None
    finally:
        os.close(fd)


def _read(fd: int, size: int) -> bytes:
    """Exactly the ``size`` bytes ``fstat`` promised, or fewer if the file shrank: never more."""
    chunks = []
    left = size
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def same_bytes(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file holding exactly ``data``; a file of another size is not read."""
    try:
        return read_limited(path, len(data)) == data
    except Unreadable:
        return False
