"""Checking that bytes are a photo we accept, and making thumbnails (Pillow, HEIC via pillow-heif).

`inspect_image` decodes the whole picture once (JPEG in draft mode, so a 12-megapixel photo
decodes at 1/8 scale) — that both proves the file is complete and yields the thumbnail.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

pillow_heif.register_heif_opener()

# We enforce our own pixel limit below (MAX_PIXELS) before decoding; Pillow's warning for
# images between its two thresholds would only repeat that check.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

ACCEPTED_FORMATS: dict[str, str] = {
    "JPEG": "jpg",
    "PNG": "png",
    "WEBP": "webp",
    "BMP": "bmp",
    "GIF": "gif",
    "HEIF": "heic",
}
"""Pillow format name → file extension used in the archive."""

FORMAT_LABELS = "JPEG、PNG、WebP、BMP、GIF、HEIC/HEIF"

MAX_FILE_BYTES = 100 * 1024 * 1024
"""Largest photo accepted (a 200 MB file is not a chat photo)."""

MAX_PIXELS = 100_000_000
"""Largest picture accepted: room for 108-megapixel phone cameras, refuses decompression bombs."""

THUMBNAIL_SIZE = 256
"""Default longest side of a thumbnail, in pixels."""


class BadImage(ValueError):
    """The bytes are not a photo the archive accepts; `str(error)` is the reason, in Chinese."""


@dataclass(frozen=True)
class ImageInfo:
    """What we learnt about an accepted photo (width/height as stored, before EXIF rotation)."""

    image_format: str
    ext: str
    width: int
    height: int


def format_size(size_bytes: int) -> str:
    """A byte count for people: '812 KB', '9.1 MB'."""
    if size_bytes < 1024 * 1024:
        return f"{max(1, round(size_bytes / 1024))} KB"
    return f"{size_bytes / (1024 * 1024):.1f} MB"


def check_size(size_bytes: int) -> None:
    """Raise `BadImage` for an empty file or one above `MAX_FILE_BYTES`."""
    if size_bytes == 0:
        raise BadImage("文件是空的（0 字节），可能没有下载完整，请重新保存后再添加。")
    if size_bytes > MAX_FILE_BYTES:
        raise BadImage(
            f"文件太大（{format_size(size_bytes)}），单张照片最大 {format_size(MAX_FILE_BYTES)}。"
            "请让客户发送普通照片或截图。"
        )


def looks_like_photo(data: bytes) -> bool:
    """Whether `data` starts like one of the accepted formats (to tell corrupt from not-a-photo)."""
    head = data[:16]
    return (
        head.startswith((b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"BM"))
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
        or head[4:8] == b"ftyp"
    )


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise BadImage("图片像素数大得异常（疑似“解压炸弹”），为安全起见不予保存。") from exc
    except UnidentifiedImageError as exc:
        if looks_like_photo(data):
            raise BadImage("图片文件已损坏，无法读取。请让客户重新发送原图。") from exc
        raise BadImage(f"不是图片文件，或是无法识别的格式。支持的格式：{FORMAT_LABELS}。") from exc
    except Exception as exc:  # Pillow plugins raise many kinds on garbage headers
        raise BadImage("图片文件已损坏，无法读取。请让客户重新发送原图。") from exc
    fmt = (image.format or "").upper()
    if fmt not in ACCEPTED_FORMATS:
        image.close()
        raise BadImage(
            f"不支持的图片格式 {fmt or '未知'}。支持的格式：{FORMAT_LABELS}；"
            "请先另存为 JPEG 或 PNG。"
        )
    width, height = image.size
    if width <= 0 or height <= 0:
        image.close()
        raise BadImage("图片尺寸无效（宽或高为 0），文件可能已损坏。")
    if width * height > MAX_PIXELS:
        image.close()
        raise BadImage(
            f"图片像素数过大（{width}×{height}），超过 {MAX_PIXELS // 1_000_000} 百万像素的上限，"
            "疑似“解压炸弹”，不予保存。"
        )
    return image


def _thumbnail_of(image: Image.Image, size: int) -> bytes:
    if image.format == "JPEG":
        image.draft("RGB", (size, size))
    image.load()
    oriented = ImageOps.exif_transpose(image)
    oriented.thumbnail((size, size))
    if oriented.mode in ("RGBA", "LA", "P", "PA") or "transparency" in oriented.info:
        rgba = oriented.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        oriented = flat
    elif oriented.mode != "RGB":
        oriented = oriented.convert("RGB")
    out = io.BytesIO()
    oriented.save(out, "JPEG", quality=85)
    return out.getvalue()


def inspect_image(data: bytes, thumbnail_size: int = THUMBNAIL_SIZE) -> tuple[ImageInfo, bytes]:
    """Check `data` is a complete photo in an accepted format; return its facts and a thumbnail.

    The thumbnail is a JPEG whose longest side is at most `thumbnail_size`, turned upright
    per the EXIF orientation. Raises `BadImage` with the reason otherwise.
    """
    check_size(len(data))
    image = _open(data)
    info = ImageInfo(
        image_format=str(image.format),
        ext=ACCEPTED_FORMATS[str(image.format)],
        width=image.size[0],
        height=image.size[1],
    )
    try:
        thumb = _thumbnail_of(image, thumbnail_size)
    except MemoryError as exc:
        raise BadImage("图片太大，内存不足以打开。") from exc
    except Exception as exc:  # truncated or corrupt data surfaces while decoding
        raise BadImage(
            "图片文件不完整或已损坏（读到一半出错），可能没有下载完。请让客户重新发送原图。"
        ) from exc
    finally:
        image.close()
    return info, thumb


def thumbnail_bytes(data: bytes, size: int = THUMBNAIL_SIZE) -> bytes:
    """A JPEG thumbnail of an (already accepted) photo; raises `BadImage` if it cannot be read."""
    return inspect_image(data, size)[1]


def preview_image(data: bytes, max_side: int) -> Image.Image:
    """The photo upright and at most `max_side` pixels on its longest side, in RGB(A), for viewing."""
    image = _open(data)
    try:
        if image.format == "JPEG":
            image.draft("RGB", (max_side, max_side))
        image.load()
        oriented = ImageOps.exif_transpose(image)
        oriented.thumbnail((max_side, max_side))
        return oriented.convert("RGBA" if "A" in oriented.getbands() else "RGB")
    except BadImage:
        raise
    except Exception as exc:
        raise BadImage("图片文件不完整或已损坏，无法显示。") from exc
    finally:
        image.close()
