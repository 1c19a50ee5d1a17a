"""Checking a SQLite database file before anything opens it for writing.

A damaged file (empty, cut short, zeroed, not ours) is refused with a message naming the
backups, and nothing is written into or beside it. A `-wal`/`-shm` pair left beside the file
that does not belong to it (an older copy restored over the file by hand) is moved aside
rather than applied, since applying it would damage the restored copy.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import struct
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from kefu_desktop.paths import data_dir
from kefu_desktop.store.faults import (
    DatabaseDamaged,
    DatabaseUnreachable,
    backup_hint,
    damaged_message,
)

log = logging.getLogger("kefu.store.integrity")

SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_MAGICS = (0x377F0682, 0x377F0683)
QUICK_CHECK_SECONDS = 0.15
"""The start-up check reads the file for at most this long (it is complete on small files)."""
WAL_CHECK_SECONDS = 30.0
"""How long to read through a leftover WAL to decide whether it belongs to the file."""
OUR_TABLE = "schema_version"


@dataclass
class FileCheck:
    """What the check found: files it moved aside, and whether the quick check read it all."""

    moved_aside: list[Path] = field(default_factory=list)
    complete: bool = True
    seconds: float = 0.0


def _read_header(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(100)


def _refuse(path: Path, what: str, original: str = "") -> DatabaseDamaged:
    log.error("refusing damaged database %s: %s %s", path, what, original)
    return DatabaseDamaged(damaged_message(path, what), original or what)


def check_header(path: Path) -> None:
    """Refuse a file that cannot be a whole SQLite database: empty, zeroed, foreign, cut short."""
    size = path.stat().st_size
    if size == 0:
        raise _refuse(path, "文件是空的（0 字节），通常是复制或保存没有完成留下的。")
    header = _read_header(path)
    if not header.startswith(SQLITE_MAGIC):
        with open(path, "rb") as handle:
            start = handle.read(65536)
        if not start.strip(b"\x00"):
            raise _refuse(path, "文件的内容全是零（磁盘出错或复制失败）。")
        raise _refuse(path, "这不是售后工作台的数据库文件（不是 SQLite 数据库）。请确认路径。")
    if len(header) < 100:
        raise _refuse(path, "文件不完整（只有文件头的一部分），通常是复制没有完成。")
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    if page_size < 512 or page_size & (page_size - 1):
        raise _refuse(path, "文件头已损坏（页大小无效）。")
    if size % page_size:
        raise _refuse(path, "文件被截断了（大小不是整页），通常是复制没有完成或磁盘已满。")
    if valid_for == change_counter and page_count and size < page_count * page_size:
        raise _refuse(
            path,
            f"文件被截断了（应有 {page_count * page_size} 字节，只有 {size} 字节），"
            "通常是复制没有完成或磁盘已满。",
        )


def _quick_check(uri: str, seconds: float, stop: threading.Event | None = None) -> tuple[str, bool]:
    """`PRAGMA quick_check` through `uri`, stopped after `seconds` or once `stop` is set;
    (first finding, complete)."""
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    # The check runs inside one SQLite instruction, so only an interrupt from outside stops it.
    stop = stop if stop is not None else threading.Event()
    over = threading.Lock()
    ended = False

    def interrupt_when_due() -> None:
        stop.wait(seconds)
        while True:  # again until it ends: an interrupt before the check began is ignored
            with over:
                if ended:
                    return
                conn.interrupt()
            time.sleep(0.002)

    try:
        tables = {
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if tables and OUR_TABLE not in tables:
            return "foreign", True
        threading.Thread(target=interrupt_when_due, name="quick-check-bound", daemon=True).start()
        try:
            result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if "interrupt" in str(exc).lower():
                return "ok", False
            raise exc
        return str(result), True
    finally:
        with over:
            ended = True
        stop.set()  # the waiting thread ends now
        conn.close()


def _uri(path: Path, immutable: bool) -> str:
    mode = "ro&immutable=1" if immutable else "ro"
    return f"file:{quote(str(path))}?mode={mode}"


def sidecars(path: Path) -> tuple[Path, Path]:
    """The `-wal` and `-shm` files SQLite keeps beside `path`."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _wal_header_fits(wal: Path, page_size: int) -> bool:
    with open(wal, "rb") as handle:
        header = handle.read(32)
    if len(header) < 32:
        return True  # an empty or cut WAL holds no frame; SQLite ignores it
    magic, _version, wal_page_size = struct.unpack(">III", header[:12])
    return magic in WAL_MAGICS and wal_page_size == page_size


def set_aside(files: list[Path], reason: str) -> list[Path]:
    """Rename `files` to `<name>.unused-<time>` beside themselves; return the new names."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    moved = []
    for file in files:
        if file.exists():
            target = file.with_name(f"{file.name}.unused-{stamp}")
            file.rename(target)
            log.warning("moved %s aside to %s: %s", file, target, reason)
            moved.append(target)
    return moved


def set_aside_foreign_wal(path: Path) -> list[Path]:
    """Move a leftover `-wal`/`-shm` that does not belong to the file at `path` aside.

    Without a database file any WAL is foreign. With one, the WAL must fit its page size, and
    the file read through the WAL must be sound; otherwise applying it would damage the file
    (e.g. an older copy restored by hand beside the newer database's WAL). A WAL that belongs
    is left for SQLite to apply. Returns the files moved aside. `kefu-desktop restore` calls
    this after putting a backup in place.
    """
    wal, shm = sidecars(path)
    if not wal.exists():
        if shm.exists() and not path.exists():
            return set_aside([shm], "no database file beside it")
        return []
    if not path.exists():
        return set_aside([wal, shm], "no database file beside it")
    if wal.stat().st_size == 0:
        return []
    header = _read_header(path)
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    if not _wal_header_fits(wal, page_size):
        return set_aside([wal, shm], "WAL header does not fit the database")
    try:
        result, _complete = _quick_check(_uri(path, immutable=False), WAL_CHECK_SECONDS)
    except sqlite3.DatabaseError as exc:
        log.warning("database read through its WAL fails: %s", exc)
        result = str(exc)
    if result not in ("ok", "foreign"):
        try:
            alone, _ = _quick_check(_uri(path, immutable=True), WAL_CHECK_SECONDS)
        except sqlite3.DatabaseError:
            alone = "damaged"
        if alone == "ok":  # the file alone is sound: the WAL is what would damage it
            return set_aside([wal, shm], f"applying the WAL damages the database ({result})")
    return []


def verify_database_file(
    path: Path, seconds: float | None = None, stop: threading.Event | None = None
) -> FileCheck:
    """Check the SQLite file at `path` before it is opened; raise `DatabaseDamaged` if it is.

    Nothing is written into the file or beside it, except that a foreign leftover WAL is
    renamed aside (see `set_aside_foreign_wal`). A missing file passes (a fresh database will
    be created there). The quick check stops after `seconds`, or earlier once `stop` is set,
    so start-up stays fast on a big database; `FileCheck.complete` says whether it read
    everything.
    """
    report = FileCheck()
    started = time.monotonic()
    seconds = QUICK_CHECK_SECONDS if seconds is None else seconds
    if not path.exists():
        report.moved_aside = set_aside_foreign_wal(path)
        return report
    check_header(path)
    report.moved_aside = set_aside_foreign_wal(path)
    wal, _shm = sidecars(path)
    try:
        result, report.complete = _quick_check(
            _uri(path, immutable=not wal.exists()), seconds, stop
        )
    except sqlite3.DatabaseError as exc:
        raise _refuse(
            path, "文件里的数据结构已损坏（可能是断电、磁盘出错或复制不完整）。", str(exc)
        ) from exc
    if result == "foreign":
        raise _refuse(path, "这是别的程序的数据库，不是售后工作台的数据库。请确认路径。")
    if result != "ok":
        raise _refuse(path, "文件里的数据结构已损坏（可能是断电、磁盘出错或复制不完整）。", result)
    report.seconds = time.monotonic() - started
    return report


SEEN_FILE = "databases-seen.txt"
"""In the local data folder: every SQLite file this computer has opened, one path a line."""


def _seen() -> tuple[Path, set[str]]:
    file = data_dir() / SEEN_FILE
    try:
        return file, set(file.read_text(encoding="utf-8").splitlines())
    except OSError:
        return file, set()


def remember_database(path: Path) -> None:
    """Note that the file at `path` holds this computer's database (see `refuse_if_vanished`)."""
    file, seen = _seen()
    key = os.path.abspath(path)
    if key in seen:
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with open(file, "a", encoding="utf-8") as handle:
            handle.write(key + "\n")
    except OSError as exc:
        log.warning("could not note the database %s in %s: %s", path, file, exc)


def refuse_if_vanished(path: Path) -> None:
    """Refuse to create a fresh database where one this computer used before has gone missing
    (a network share not connected, a wrong drive letter): the user would find an empty desk.
    The local data folder is exempt: a file deleted there was deleted on purpose."""
    if path.exists():
        return
    here = os.path.abspath(data_dir())
    if os.path.commonpath([here, os.path.abspath(path)]) == here:
        return  # inside the local data folder: deleted on purpose, a fresh start is wanted
    _file, seen = _seen()
    if os.path.abspath(path) in seen:
        raise DatabaseUnreachable(
            f"以前使用的数据库文件现在找不到了：{path}\n"
            "如果它在网络盘上，请先连接网络盘（检查盘符），再打开本程序；数据都还在原处。\n"
            f"如果文件确实丢失了，请用备份恢复。{backup_hint(path)}\n"
            "如确实要从空数据库重新开始，请用 --db 指定一个新的文件名。",
            f"missing database file {path}",
        )
