"""Photo bytes for the evidence tests: every accepted format, and every kind of bad input."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def photo(fmt: str = "JPEG", size: tuple[int, int] = (64, 48), colour: int = 0) -> bytes:
    """A small picture in `fmt` (JPEG, PNG, WEBP, BMP, GIF, HEIF, TIFF); `colour` varies the bytes."""
    image = Image.new("RGB", size, ((colour * 37) % 256, (colour * 91) % 256, 200))
    out = io.BytesIO()
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    image.save(out, fmt)
    return out.getvalue()


def jpeg_with_orientation(size: tuple[int, int], orientation: int) -> bytes:
    """A JPEG whose EXIF says to rotate it (6 = 90° clockwise)."""
    image = Image.new("RGB", size, (10, 200, 10))
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A tiny PNG that claims `width`×`height` pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def truncated_jpeg() -> bytes:
    """The first part of a real JPEG: the header reads fine, the pixels stop half-way."""
    image = Image.effect_noise((400, 300), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    data = out.getvalue()
    return data[: len(data) // 2]
