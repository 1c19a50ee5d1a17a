"""Problems with the disk a file is written to, in words: disk full, read-only, no permission,
I/O error, network drive gone. The operating system's English text is never the message; it
stays on the error (`original`) for the log.
"""

from __future__ import annotations

import errno
from pathlib import Path

from kefu_desktop.domain.errors import KefuError

_NOTHING_LOST = "没有留下写了一半的文件，其他数据不受影响。"


class StorageError(KefuError):
    """Writing a file failed because of the disk or folder it goes to."""

    def __init__(self, message: str, original: str = "") -> None:
        super().__init__(message)
        self.original = original
        """The operating system's own description, for the log."""


class DiskFull(StorageError):
    """The disk has no room left (or the user's quota is used up)."""


class ReadOnlyStorage(StorageError):
    """The disk or folder is read-only."""


class NoWritePermission(StorageError):
    """The account may not write there, or another program holds the file."""


class DiskIOError(StorageError):
    """The disk reported a read/write error (failing disk, pulled USB stick, network drive)."""


class StorageUnreachable(StorageError):
    """The folder is not there (deleted, or a network drive not connected)."""


_NETWORK_ERRNOS = {
    errno.EHOSTDOWN,
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
    errno.ENETDOWN,
    errno.ETIMEDOUT,
    errno.ESTALE,
    errno.ENOTCONN,
    errno.ECONNREFUSED,
    errno.ECONNRESET,
}

_ERRNO_TEXT = {
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "磁盘是只读的",
    errno.EACCES: "没有访问权限，或文件正被其他程序占用",
    errno.EPERM: "没有访问权限，或文件正被其他程序占用",
    errno.EIO: "磁盘读写出错（I/O 错误）",
    errno.ENOENT: "文件夹不存在",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EEXIST: "文件已存在",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EMFILE: "同时打开的文件太多",
    errno.ENFILE: "同时打开的文件太多",
    errno.ENAMETOOLONG: "路径太长",
    errno.EFBIG: "文件太大",
    errno.EINVAL: "参数无效",
    errno.ESTALE: "网络盘上的文件已失效（网络盘断开过？）",
    errno.ENOTCONN: "网络盘未连接",
    errno.EHOSTDOWN: "网络盘所在的电脑已关机",
    errno.EHOSTUNREACH: "网络盘所在的电脑连不上",
    errno.ENETUNREACH: "网络不通",
    errno.ENETDOWN: "网络已断开",
    errno.ETIMEDOUT: "连接超时",
    errno.ECONNREFUSED: "对方拒绝连接",
    errno.ECONNRESET: "连接被对方断开",
}


def os_error_reason(error: OSError) -> str:
    """A short Chinese description of an OS error (never its English text)."""
    code = error.errno
    text = _ERRNO_TEXT.get(code) if code is not None else None
    if text is not None:
        return text
    if isinstance(error, PermissionError):
        return _ERRNO_TEXT[errno.EACCES]
    if isinstance(error, FileNotFoundError):
        return _ERRNO_TEXT[errno.ENOENT]
    return f"系统错误（错误码 {code}）" if code else "系统错误"


def storage_error(error: OSError, action: str, where: Path | str) -> StorageError:
    """The typed error, with a message saying what happened and what to do, for `action`
    (e.g. "导出月度报表") failing on `where` with `error`."""
    original = f"[errno {error.errno}] {error.strerror or error}"
    reason = os_error_reason(error)
    head = f"{action}失败：{where} 所在的{reason}。{_NOTHING_LOST}"
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(f"{head}请清理磁盘空间（例如删除聊天下载的大文件）后重试。", original)
    if code == errno.EROFS:
        return ReadOnlyStorage(f"{head}请换一个文件夹，或请管理员检查这块磁盘。", original)
    if code in (errno.EACCES, errno.EPERM) or isinstance(error, PermissionError):
        return NoWritePermission(
            f"{action}失败：没有权限写入 {where}，或文件正被其他程序占用。{_NOTHING_LOST}"
            "请关闭占用它的程序，或换一个文件夹。",
            original,
        )
    if code == errno.EIO:
        return DiskIOError(
            f"{head}磁盘可能有坏道或已断开；请换一块磁盘保存，并请管理员检查这块磁盘。", original
        )
    if code in _NETWORK_ERRNOS or code == errno.ENOENT or isinstance(error, FileNotFoundError):
        return StorageUnreachable(f"{head}请检查文件夹或网络盘是否还在，再重试。", original)
    return StorageError(f"{head}请稍后重试；仍不行请联系管理员（详情已记入日志）。", original)
