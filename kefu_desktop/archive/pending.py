"""Photos waiting on this desk for the archive to come back (share not connected, network down).

Each waiting photo is two files in a local folder of the data folder: its bytes (`<key>.photo`)
and a small JSON manifest (`<key>.json`) saying which case it belongs to and who added it.
Both are written with the archive's safe writes (temporary file, fsync, no-replace rename),
bytes first: the manifest is the commit point, so a photo is either fully waiting or not at all.
Removing goes the other way (manifest first). Nothing here knows the database.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from kefu_desktop.archive import files

log = logging.getLogger("kefu.archive.pending")

DATA_SUFFIX = ".photo"
MANIFEST_SUFFIX = ".json"
STALE_SECONDS = 3600
"""Bytes without a manifest older than this are the remains of a cut write and are removed."""


@dataclass(frozen=True)
class PendingPhoto:
    """One photo waiting for the archive."""

    key: str
    case_id: int
    case_no: str
    customer_id: str
    user_id: int
    name: str
    sha256: str
    size_bytes: int
    queued_at: str
    """UTC time it was queued, ISO 8601."""


class PendingQueue:
    """The waiting photos kept in `folder` (created when the first photo waits)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _data_path(self, key: str) -> Path:
        return self.folder / f"{key}{DATA_SUFFIX}"

    def _manifest_path(self, key: str) -> Path:
        return self.folder / f"{key}{MANIFEST_SUFFIX}"

    def put(
        self,
        *,
        case_id: int,
        case_no: str,
        customer_id: str,
        user_id: int,
        name: str,
        data: bytes,
        sha256: str,
        queued_at: str,
    ) -> PendingPhoto:
        """Keep a photo until the archive is back; raise `ArchiveError` if it cannot be kept."""
        files.ensure_folder(self.folder)
        entry = PendingPhoto(
            key=f"{int(time.time() * 1000):013d}-{secrets.token_hex(4)}",
            case_id=case_id,
            case_no=case_no,
            customer_id=customer_id,
            user_id=user_id,
            name=name,
            sha256=sha256,
            size_bytes=len(data),
            queued_at=queued_at,
        )
        self._write(self._data_path(entry.key), data)
        manifest = json.dumps(asdict(entry), ensure_ascii=False).encode("utf-8")
        try:
            self._write(self._manifest_path(entry.key), manifest)
        except BaseException:
            files.discard(self._data_path(entry.key))
            raise
        return entry

    def _write(self, target: Path, data: bytes) -> None:
        temp = files.stage(self.folder, target.name, data)
        try:
            files.publish(temp, target)
        finally:
            files.discard(temp)

    def entries(self, case_id: int | None = None) -> list[PendingPhoto]:
        """The waiting photos (of one case, or all), oldest first."""
        found: list[PendingPhoto] = []
        try:
            names = sorted(os.listdir(self.folder))
        except FileNotFoundError:
            return []
        for name in names:
            if not name.endswith(MANIFEST_SUFFIX) or files.is_temp_name(name):
                continue
            try:
                raw = json.loads((self.folder / name).read_text(encoding="utf-8"))
                entry = PendingPhoto(**raw)
            except (OSError, ValueError, TypeError):
                log.warning("unreadable pending manifest %s", name, exc_info=True)
                continue
            if case_id is None or entry.case_id == case_id:
                found.append(entry)
        return found

    def count(self, case_id: int | None = None) -> int:
        """How many photos wait (for one case, or in all)."""
        return len(self.entries(case_id))

    def read(self, entry: PendingPhoto) -> bytes:
        """The bytes of a waiting photo (raises OSError)."""
        return self._data_path(entry.key).read_bytes()

    def remove(self, entry: PendingPhoto) -> None:
        """Forget a photo once it is in the archive (manifest first, then its bytes)."""
        files.discard(self._manifest_path(entry.key))
        files.discard(self._data_path(entry.key))

    def clean_leftovers(self, now: float | None = None) -> int:
        """Remove old temporary files and bytes without a manifest; return how many."""
        now = time.time() if now is None else now
        try:
            names = os.listdir(self.folder)
        except FileNotFoundError:
            return 0
        manifests = {n[: -len(MANIFEST_SUFFIX)] for n in names if n.endswith(MANIFEST_SUFFIX)}
        removed = 0
        for name in names:
            orphan = name.endswith(DATA_SUFFIX) and name[: -len(DATA_SUFFIX)] not in manifests
            if not (orphan or files.is_temp_name(name)):
                continue
            path = self.folder / name
            try:
                if now - path.stat().st_mtime < STALE_SECONDS:
                    continue
            except OSError:
                continue
            files.discard(path)
            removed += 1
        return removed
