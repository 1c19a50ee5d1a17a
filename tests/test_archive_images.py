"""Image checks and thumbnails: accepted formats, bad input, draft mode, EXIF orientation."""

from __future__ import annotations

import io

import pytest
from PIL import Image, JpegImagePlugin

from kefu_desktop.archive.images import (
    MAX_FILE_BYTES,
    BadImage,
    inspect_image,
    preview_image,
)
from tests.evidence_photos import jpeg_with_orientation, photo, png_bomb, truncated_jpeg


@pytest.mark.parametrize(
    ("fmt", "ext"),
    [
        ("JPEG", "jpg"),
        ("PNG", "png"),
        ("WEBP", "webp"),
        ("BMP", "bmp"),
        ("GIF", "gif"),
        ("HEIF", "heic"),
    ],
)
def test_accepted_formats(fmt: str, ext: str) -> None:
    info, thumb = inspect_image(photo(fmt, (640, 480)))
    assert (info.image_format, info.ext, info.width, info.height) == (fmt, ext, 640, 480)
    small = Image.open(io.BytesIO(thumb))
    assert small.format == "JPEG" and max(small.size) <= 256


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "空的"),
        (b"hello, this is a text file\n" * 10, "不是图片"),
        (b"%PDF-1.4\n" + b"x" * 100, "不是图片"),
        (truncated_jpeg(), "不完整"),
        (png_bomb(), "解压炸弹"),
        (png_bomb(12000, 10000), "像素数过大"),
        (photo("TIFF"), "不支持的图片格式 TIFF"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 200, "损坏"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data: bytes, words: str) -> None:
    with pytest.raises(BadImage) as info:
        inspect_image(data)
    assert words in str(info.value)


def test_oversized_file_is_refused_before_decoding() -> None:
    with pytest.raises(BadImage, match="文件太大"):
        inspect_image(b"\xff\xd8" + b"\x00" * MAX_FILE_BYTES)


def test_thumbnail_respects_exif_orientation() -> None:
    _info, thumb = inspect_image(jpeg_with_orientation((400, 200), 6))
    assert Image.open(io.BytesIO(thumb)).size == (128, 256)  # turned upright
    assert preview_image(jpeg_with_orientation((400, 200), 6), 100).size == (50, 100)


def test_jpeg_thumbnail_uses_draft_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, tuple[int, int]]] = []
    original = JpegImagePlugin.JpegImageFile.draft

    def spy(self: Image.Image, mode: str | None, size: tuple[int, int] | None) -> object:
        asked.append((str(mode), tuple(size or ())))  # type: ignore[arg-type]
        return original(self, mode, size)  # type: ignore[arg-type]

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    inspect_image(photo("JPEG", (2000, 1500)))
    assert asked[0] == ("RGB", (256, 256))


def test_transparent_png_thumbnail_is_flattened_on_white() -> None:
    image = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    _info, thumb = inspect_image(out.getvalue())
    assert Image.open(io.BytesIO(thumb)).getpixel((25, 25))[0] > 240  # type: ignore[index]
