"""Zip archives (an .apkg is one) that come out byte for byte the same with the same zlib, deflated on threads.

Python's zipfile deflates an entry as one stream, on one core. Here an entry
is cut into 1 MiB pieces, each deflated on its own and ended on a byte
boundary (a sync flush), like ``pigz -i`` (no dictionary carried from one
piece to the next): joined, the pieces are one valid deflate stream, closed by
an empty final block. zlib releases the GIL while it works, so threads deflate
the pieces side by side. The bytes depend only on the data, the piece size
and the level, never on the number of threads; but another zlib version (or
zlib-ng) may deflate differently (see cache.py).
"""

from __future__ import annotations

import struct
import zlib
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO

PIECE = 1 << 20
_VERSION = 20  # "version needed to extract": 2.0, deflate
_UNIX = 3
_MODE = 0o644 << 16  # external attributes: a plain file, rw-r--r--
_DATE, _TIME = (1980 - 1980) << 9 | 1 << 5 | 1, 0  # 1980-01-01 00:00, the earliest date zip can hold
_LIMIT = 0xFFFFFFFF  # beyond this, zip needs its Zip64 extension, which this writer does not write
_MOST_ENTRIES = 0xFFFF
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


class TooLarge(ValueError):
    """The archive has outgrown what zip holds without Zip64: 4 GiB (millions of notes), or 65,535 files."""


def write_zip(out: IO[bytes], entries: Iterable[tuple[str, IO[bytes]]], level: int, threads: int) -> None:
    """Write each (name, source) as a deflated entry of a zip archive to ``out``, which must be seekable.

    Raises TooLarge, before deflating what would not fit where it can tell."""
    central: list[bytes] = []
    with ThreadPoolExecutor(threads) as pool:
        for name, source in entries:
            if len(central) == _MOST_ENTRIES:
                raise TooLarge(f"it would hold over {_MOST_ENTRIES:,} files, the most a zip archive holds "
                               "without Zip64")
            offset = out.tell()
            if offset + _remaining(source) >= _LIMIT:
                raise TooLarge(_OVER_4_GIB)
            encoded = name.encode()
            flags = 0 if name.isascii() else 0x800  # bit 11: the name is UTF-8
            out.write(_local(encoded, flags, 0, 0, 0))  # sizes and checksum filled in below
            crc, size, packed = _deflate(source, out, pool, 2 * threads, level)
            end = out.tell()
            if end >= _LIMIT:  # deflated bigger than it was: only for data that does not compress
                raise TooLarge(_OVER_4_GIB)
            out.seek(offset)
            out.write(_local(encoded, flags, crc, packed, size))
            out.seek(end)
            central.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, flags, zlib.DEFLATED,
                                         _TIME, _DATE, crc, packed, size, len(encoded), 0, 0, 0, 0, _MODE, offset)
                           + encoded)
    start = out.tell()
    for header in central:
        out.write(header)
    if out.tell() >= _LIMIT:
        raise TooLarge(_OVER_4_GIB)
    out.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0))


_OVER_4_GIB = "it would be over 4 GiB, the most a zip archive holds without Zip64"


def _remaining(source: IO[bytes]) -> int:
    """Bytes left to read from a file or an in-memory stream."""
    here = source.tell()
    end = source.seek(0, 2)
    source.seek(here)
    return end - here


def _local(name: bytes, flags: int, crc: int, packed: int, size: int) -> bytes:
    return _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, zlib.DEFLATED, _TIME, _DATE, crc, packed, size,
                       len(name), 0) + name


def _deflate(source: IO[bytes], out: IO[bytes], pool: ThreadPoolExecutor, window: int,
             level: int) -> tuple[int, int, int]:
    """Deflate ``source`` into ``out``, a few pieces at a time; its CRC-32, size and deflated size."""
    crc = size = packed = 0
    pending: deque[Future[bytes]] = deque()
    while True:
        piece = source.read(PIECE)
        if piece:
            pending.append(pool.submit(_piece, piece, level))
            crc = zlib.crc32(piece, crc)  # here, while the threads deflate
            size += len(piece)
        # At most ``window`` pieces are held at once, however big the entry.
        while pending and (len(pending) >= window or not piece):
            data = pending.popleft().result()
            out.write(data)
            packed += len(data)
        if not piece:
            break
    tail = zlib.compressobj(level, zlib.DEFLATED, -15).flush()  # the final block, empty
    out.write(tail)
    return crc, size, packed + len(tail)


def _piece(data: bytes, level: int) -> bytes:
    deflate = zlib.compressobj(level, zlib.DEFLATED, -15)  # raw deflate, as zip stores it
    return deflate.compress(data) + deflate.flush(zlib.Z_SYNC_FLUSH)
