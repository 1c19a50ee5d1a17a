"""A thumbnail cache on the local disk, keyed by the photo's sha256 (so never stale)."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from pathlib import Path

from kefu_desktop.archive.images import THUMBNAIL_SIZE, thumbnail_bytes

log = logging.getLogger("kefu.archive.thumbnails")


class ThumbnailCache:
    """JPEG thumbnails in `folder/<ab>/<sha256>_<size>.jpg`; safe to use from several threads."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, sha256: str, size: int = THUMBNAIL_SIZE) -> Path:
        """Where the thumbnail of the photo with this hash is kept."""
        return self.folder / sha256[:2] / f"{sha256}_{size}.jpg"

    def get(self, sha256: str, size: int = THUMBNAIL_SIZE) -> bytes | None:
        """The cached thumbnail, or None."""
        try:
            return self.path_for(sha256, size).read_bytes()
        except OSError:
            return None

    def put(self, sha256: str, data: bytes, size: int = THUMBNAIL_SIZE) -> None:
        """Store a thumbnail; a failure only costs making it again later, so it is logged."""
        target = self.path_for(sha256, size)
        temp = target.with_name(f".{secrets.token_hex(4)}.tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(data)
            os.replace(temp, target)
        except OSError:
            log.warning("could not cache thumbnail %s", target, exc_info=True)
            with contextlib.suppress(OSError):
                temp.unlink()

    def thumbnail(self, sha256: str, source: Path, size: int = THUMBNAIL_SIZE) -> bytes:
        """The thumbnail of the archived photo at `source`, made and cached if needed.

        Raises OSError if the photo cannot be read, `BadImage` if it cannot be decoded.
        """
        cached = self.get(sha256, size)
        if cached is not None:
            return cached
        data = thumbnail_bytes(source.read_bytes(), size)
        self.put(sha256, data, size)
        return data
