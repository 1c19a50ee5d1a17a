"""Storage and connection faults as typed errors with Chinese messages.

Every database error that is not a bug (a full disk, a read-only or failing disk, a missing
permission, a damaged file, a server that went away) becomes one of the errors here. The
message says what happened, that what was saved before is safe, and what to do; the
driver's own text is kept in `original` for the log only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import tempfile
from pathlib import Path

import peewee

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.storage import os_error_reason

RESTORE_COMMAND = "kefu-desktop restore <备份文件>"
NOTHING_ELSE_LOST = "之前已保存的数据都在，没有丢失；你填写的内容还在窗口里。"


class DatabaseUnavailable(KefuError):
    """The database cannot be opened or used (unreachable, wrong URL, read-only, locked)."""

    def __init__(self, message: str, original: str = "") -> None:
        super().__init__(message)
        self.original = original
        """The driver's or OS's own text, for the log."""


class StorageFault(DatabaseUnavailable):
    """The disk or file behind the database failed an operation; nothing was half-saved."""


class DiskFull(StorageFault):
    """No space left on the disk that holds the database."""


class StorageReadOnly(StorageFault):
    """The database's disk or file has become read-only."""


class StoragePermissionDenied(StorageFault):
    """The user may not write the database file or its folder."""


class StorageIOError(StorageFault):
    """The disk (or network share) failed to read or write."""


class DatabaseDamaged(StorageFault):
    """The database file is damaged or not a database; it is left exactly as it is."""


class DatabaseUnreachable(DatabaseUnavailable):
    """The database server or the share with the database file cannot be reached right now."""


class ConnectionLost(DatabaseUnavailable):
    """The connection broke in the middle of an operation; the operation did not happen.

    `outcome_unknown` is set when the break came while the server was committing, so the
    operation may or may not have been saved.
    """

    def __init__(self, original: str = "", outcome_unknown: bool = False) -> None:
        if outcome_unknown:
            message = (
                "与数据库的连接在保存的最后一刻中断，无法确认刚才的操作是否已保存。"
                "请刷新后查看，再决定是否重做；你填写的内容还在窗口里。"
            )
        else:
            message = CONNECTION_LOST_MESSAGE
        super().__init__(message, original)
        self.outcome_unknown = outcome_unknown


CONNECTION_LOST_MESSAGE = "与数据库的连接中断，刚才的操作没有保存，请再试一次"


def describe_os_error(exc: OSError) -> str:
    """The OS error in Chinese words (the English `strerror` stays for the log only)."""
    text = os_error_reason(exc)
    name = exc.filename
    return f"{text}：{name}" if name else text


def backup_hint(path: Path) -> str:
    """Where the backups of the database file are and how to put one back."""
    return f"备份文件在：{path.parent}（名为 {path.name}.*.bak）。恢复命令：{RESTORE_COMMAND}"


def damaged_message(path: Path, what: str) -> str:
    """The message for a damaged database file that is left untouched."""
    return (
        f"数据库文件已损坏，无法使用：{path}\n{what}\n"
        "程序没有改动这个文件，也没有在它旁边写入任何东西。\n"
        f"请用备份恢复。{backup_hint(path)}"
    )


def _sqlite_code(exc: BaseException) -> str:
    """The SQLite error name (e.g. SQLITE_FULL) behind a peewee or sqlite3 error, if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        name = getattr(current, "sqlite_errorname", None)
        if isinstance(name, str):
            return name
        current = current.__cause__ or current.__context__
    return ""


def _probe_volume(path: Path | None) -> int:
    """Ask the OS why the folder of `path` cannot be written: the errno of a tiny test write
    (0 if it works). The test file is removed at once."""
    if path is None:
        return 0
    try:
        handle, name = tempfile.mkstemp(prefix=".kefu-probe-", dir=path.parent)
    except OSError as exc:
        return exc.errno or 0
    try:
        os.write(handle, b"x")
        os.fsync(handle)
    except OSError as exc:
        return exc.errno or 0
    finally:
        os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(name)
    return 0


def storage_fault(exc: BaseException, path: Path | None) -> StorageFault | None:
    """The typed fault for a SQLite error about the disk or the file, or None if it is not one."""
    code = _sqlite_code(exc)
    text = str(exc).lower()
    original = f"{type(exc).__name__}: {exc}"
    where = f"（{path}）" if path is not None else ""
    disk_error = code.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) or "disk i/o error" in text
    os_errno = _probe_volume(path) if disk_error else 0
    if code == "SQLITE_FULL" or "disk is full" in text or os_errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(
            f"磁盘已满，刚才的操作没有保存{where}。\n{NOTHING_ELSE_LOST}\n"
            "请清理磁盘空间（例如删除下载的聊天文件、清空回收站）后再试一次。",
            original,
        )
    if code.startswith("SQLITE_READONLY") or "readonly" in text or os_errno == errno.EROFS:
        return StorageReadOnly(
            f"数据库所在的磁盘或文件现在是只读的，刚才的操作没有保存{where}。\n{NOTHING_ELSE_LOST}\n"
            "磁盘出错后系统会把它设为只读：请联系管理员检查磁盘，修好后重新打开本程序再试。",
            original,
        )
    if (
        code == "SQLITE_PERM"
        or "permission denied" in text
        or os_errno in (errno.EACCES, errno.EPERM)
    ):
        return StoragePermissionDenied(
            f"没有权限写入数据库文件{where}，刚才的操作没有保存。\n{NOTHING_ELSE_LOST}\n"
            "请检查文件和文件夹的权限（取消“只读”），或请管理员授予写入权限后再试。",
            original,
        )
    if (
        code in ("SQLITE_CORRUPT", "SQLITE_NOTADB")
        or "malformed" in text
        or "not a database" in text
    ):
        what = "文件里的数据结构已损坏（可能是断电、磁盘出错或复制不完整）。"
        message = damaged_message(path, what) if path is not None else f"数据库文件已损坏。{what}"
        return DatabaseDamaged(message, original)
    if code.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return StorageIOError(
            f"读写数据库时磁盘出错（I/O 错误），刚才的操作没有保存{where}。\n{NOTHING_ELSE_LOST}\n"
            "请检查磁盘或网络盘是否连接正常后再试；如果反复出现，请联系管理员检查磁盘。",
            original,
        )
    if code == "SQLITE_CANTOPEN" or "unable to open" in text:
        if path is not None and not path.parent.exists():
            return None  # the caller reports the share or folder as unreachable
        return StorageIOError(
            f"打不开数据库文件{where}，刚才的操作没有保存。\n{NOTHING_ELSE_LOST}\n"
            "请检查文件是否还在、网络盘是否连接、是否有权限，然后再试。",
            original,
        )
    return None


def file_unreachable(path: Path, exc: BaseException) -> DatabaseUnreachable:
    """The database file's folder (often a network share) cannot be reached."""
    return DatabaseUnreachable(
        f"数据库文件所在的位置现在无法访问：{path.parent}\n"
        "网络盘可能断开了。之前已保存的数据都在，刚才的操作没有保存；"
        "请检查网络盘连接，连上后程序会自动恢复，再试一次即可。",
        f"{type(exc).__name__}: {exc}",
    )


def server_unreachable(where: str, exc: BaseException) -> DatabaseUnreachable:
    """The PostgreSQL server does not answer."""
    return DatabaseUnreachable(
        f"连不上数据库服务器：{where}\n"
        "服务器可能在重启或网络断开。刚才的操作没有保存，之前已保存的数据都在服务器上；"
        "程序会在后台自动重连，连上后再试一次即可。",
        f"{type(exc).__name__}: {exc}",
    )


def is_storage_error(exc: BaseException) -> bool:
    """Whether `exc` is a driver error (peewee or sqlite3) rather than a bug in our code."""
    return isinstance(exc, peewee.PeeweeException | sqlite3.Error)
