"""The pixels of a PNG screenshot, read with the standard library (8-bit RGB or RGBA, as engines write them)."""

from __future__ import annotations

import struct
import zlib


def rgb_pixels(png: bytes) -> list[tuple[int, int, int]]:
    """Every pixel of ``png``, row by row, as (red, green, blue)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, data, width, height, step = 8, b"", 0, 0, 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        body = png[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and not interlace, f"a PNG this reader does not read: {body!r}"
            step = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            data += body
    raw, stride = zlib.decompress(data), width * step
    out: list[tuple[int, int, int]] = []
    above = bytearray(stride)
    for y in range(height):
        at = y * (stride + 1)
        kind, row = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        for x in range(stride):  # undo the row's filter (PNG spec, section 9)
            left = row[x - step] if x >= step else 0
            up, corner = above[x], (above[x - step] if x >= step else 0)
            if kind == 1:
                row[x] = (row[x] + left) & 255
            elif kind == 2:
                row[x] = (row[x] + up) & 255
            elif kind == 3:
                row[x] = (row[x] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                row[x] = (row[x] + near[2]) & 255
        out += [(row[i], row[i + 1], row[i + 2]) for i in range(0, stride, step)]
        above = row
    return out
