"""Writing evidence files safely: temporary file in the target folder, fsync, no-replace rename.

A file only ever appears under its final name complete and flushed to disk, and an existing
file is never overwritten. Errors from the operating system become `ArchiveError`s whose
message says, in Chinese, what is wrong with the archive folder and what to do.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import secrets
from pathlib import Path, PurePath

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.storage import os_error_reason

log = logging.getLogger("kefu.archive")

TEMP_PREFIX = ".~kefu-"
TEMP_SUFFIX = ".part"
CHUNK = 1024 * 1024

_UNREACHABLE_ERRNOS = {
    errno.EHOSTDOWN,
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
    errno.ENETDOWN,
    errno.ETIMEDOUT,
    errno.ESTALE,
    errno.ECONNREFUSED,
    errno.ECONNRESET,
    errno.EIO,
}
_UNREACHABLE_WINERRORS = {51, 53, 59, 64, 67, 1231, 1232}
_LINK_UNSUPPORTED = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


class ArchiveError(KefuError):
    """A problem with the archive folder (missing, unreachable, read-only, full, …)."""


class ArchiveUnavailable(ArchiveError):
    """The archive root cannot be used at all; nothing can be added until it is fixed."""


class ArchiveUnreachable(ArchiveUnavailable):
    """The archive is not there right now (share not connected, wrong drive, network down).

    Unlike a read-only or full archive this usually fixes itself, so photos can wait for it.
    """


class DiskFull(ArchiveError):
    """The disk holding the archive has no room left."""


class SourceUnreadable(KefuError):
    """The photo to add cannot be read (gone, locked, no permission)."""


def explain_os_error(exc: OSError, where: Path) -> ArchiveError:
    """The `ArchiveError` that tells the user what an OS error on the archive folder means."""
    code = exc.errno
    winerror = getattr(exc, "winerror", None)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(
            f"归档文件夹所在的磁盘已满：{where}\n请清理磁盘空间或联系管理员扩容后重试。"
        )
    if code in (errno.EROFS,) or isinstance(exc, PermissionError) or code == errno.EACCES:
        return ArchiveUnavailable(
            f"归档文件夹是只读的或没有写入权限：{where}\n请联系管理员开通该文件夹的写入权限。"
        )
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        return ArchiveUnavailable(
            f"归档文件夹不存在：{where}\n请检查设置里的归档位置，或联系管理员。"
        )
    if code in _UNREACHABLE_ERRNOS or winerror in _UNREACHABLE_WINERRORS:
        return ArchiveUnreachable(
            f"无法访问归档文件夹：{where}\n请检查网络和共享服务器是否开机，稍后重试。"
        )
    if isinstance(exc, NotADirectoryError):
        return ArchiveUnavailable(f"归档位置不是文件夹：{where}\n请在设置里改为一个文件夹。")
    log.warning("archive error on %s: [errno %s] %s", where, code, exc.strerror)
    return ArchiveError(
        f"无法写入归档文件夹：{where}（{os_error_reason(exc)}）。请稍后重试或联系管理员。"
    )


def check_root(root: Path, create: bool = False) -> None:
    """Make sure the archive root exists, is a folder and can be written; raise `ArchiveError`.

    With `create`, a missing root is created (used for the default root in the data folder;
    a network share is never created). The marker is not looked at here: see `open_root`.
    """
    try:
        if create:
            root.mkdir(parents=True, exist_ok=True)
        if not root.is_dir():
            if root.exists():
                raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(root))
            raise FileNotFoundError(errno.ENOENT, "not found", str(root))
        probe = root / f"{TEMP_PREFIX}probe-{secrets.token_hex(4)}{TEMP_SUFFIX}"
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise explain_os_error(exc, root) from exc


MARKER_NAME = ".kefu-archive"
"""File in the archive root that says "this folder is the evidence archive"."""

_MARKER_TEXT = (
    "此文件标记这里是售后工作台的证据照片归档（售后问题图片）。请勿删除或移动。\n"
    "This file marks the evidence archive of kefu-desktop. Do not delete it.\n"
)

UNREACHABLE_TEXT = "归档位置现在不可用（网络盘未连接？）"


def unreachable(root: Path) -> ArchiveUnreachable:
    """The error for an archive root that is not there (missing, unmounted, wrong drive)."""
    return ArchiveUnreachable(
        f"{UNREACHABLE_TEXT}：{root}\n"
        "请检查网络盘是否已连接、共享服务器是否开机。如果归档确实换了位置，"
        "请管理员在 文件 → 证据照片归档位置 里重新设置。"
    )


def has_marker(root: Path) -> bool:
    """Whether `root` carries the archive marker (raises OSError when the root cannot be read)."""
    try:
        os.stat(root / MARKER_NAME)
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        return False
    return True


def write_marker(root: Path) -> None:
    """Mark `root` as the archive (atomically; an existing marker is kept); raise `ArchiveError`."""
    try:
        if has_marker(root):
            return
    except OSError as exc:
        raise explain_os_error(exc, root) from exc
    temp = stage(root, MARKER_NAME, _MARKER_TEXT.encode("utf-8"))
    try:
        publish(temp, root / MARKER_NAME)
    except FileExistsError:
        pass  # another desk marked it a moment ago
    finally:
        discard(temp)


def open_root(root: Path, *, layout_folder: str, is_default: bool) -> None:
    """Make sure `root` is the archive and usable for writing; raise `ArchiveError` if not.

    The default root (in the data folder) is created and marked when needed. Any other root
    must carry the marker; a root from before markers existed is recognised by its photo
    folder `layout_folder` and marked on first use. A root that is missing, unmarked and
    empty of our files (a share that is not mounted, a wrong drive letter) raises
    `ArchiveUnreachable` and nothing is written there.
    """
    if is_default:
        check_root(root, create=True)
        write_marker(root)
        return
    try:
        if not root.is_dir():
            if root.exists():
                raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(root))
            raise unreachable(root)
        marked = has_marker(root)
        if not marked and not (root / layout_folder).is_dir():
            raise unreachable(root)
    except OSError as exc:
        error = explain_os_error(exc, root)
        raise (unreachable(root) if isinstance(error, ArchiveUnreachable) else error) from exc
    check_root(root)
    if not marked:
        log.info("marking the existing archive %s", root)
        write_marker(root)


def root_reachable(root: Path, *, layout_folder: str) -> bool:
    """Whether `root` looks like the archive and can be read (no writing)."""
    try:
        return root.is_dir() and (has_marker(root) or (root / layout_folder).is_dir())
    except OSError:
        return False


def ensure_folder(folder: Path) -> None:
    """Create `folder` (and parents) if missing; raise `ArchiveError` if that fails."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise explain_os_error(exc, folder) from exc


def ensure_folder_under(root: Path, relative: PurePath) -> Path:
    """Create `root/relative` level by level, never the root itself; raise `ArchiveError`.

    A share that went away must not be recreated as an empty local folder.
    """
    folder = root
    try:
        for part in relative.parts:
            folder = folder / part
            try:
                folder.mkdir()
            except FileExistsError:
                if not folder.is_dir():
                    raise
    except OSError as exc:
        raise explain_os_error(exc, folder) from exc
    return folder


def read_source(path: Path, max_bytes: int) -> bytes:
    """The bytes of a photo to add (opened read-only, never modified).

    Returns at most `max_bytes + 1` bytes so an oversized file is seen without reading it all.
    Raises `SourceUnreadable`.
    """
    try:
        with open(path, "rb") as handle:
            return handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise SourceUnreadable("文件不存在（可能已被移动或删除）。") from exc
    except IsADirectoryError as exc:
        raise SourceUnreadable("这是一个文件夹，不是图片文件。") from exc
    except PermissionError as exc:
        raise SourceUnreadable("没有读取权限，或文件正被其他程序占用。") from exc
    except OSError as exc:
        raise SourceUnreadable(f"无法读取文件（{os_error_reason(exc)}）。") from exc


def sha256_hex(data: bytes) -> str:
    """The sha256 of `data`, hex."""
    return hashlib.sha256(data).hexdigest()


def sha256_of_file(path: Path) -> str:
    """The sha256 of a file's contents, read in chunks (raises OSError)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write_chunks(handle: int, data: bytes) -> None:
    """Write all of `data` to the open file descriptor."""
    view = memoryview(data)
    while view:
        written = os.write(handle, view[: CHUNK * 8])
        view = view[written:]


def is_temp_name(name: str) -> bool:
    """Whether `name` is one of our temporary files (a write that never finished)."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def stage(folder: Path, final_name: str, data: bytes) -> Path:
    """Write `data` to a new temporary file in `folder`, flushed and fsynced; return its path.

    On any failure the temporary file is removed and an `ArchiveError` raised.
    """
    temp = folder / f"{TEMP_PREFIX}{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    except OSError as exc:
        raise explain_os_error(exc, folder) from exc
    try:
        try:
            _write_chunks(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        discard(temp)
        raise explain_os_error(exc, folder) from exc
    except BaseException:
        discard(temp)
        raise
    return temp


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable where the OS allows syncing a directory (not on Windows)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def rename_no_replace(source: Path, target: Path) -> None:
    """Move `source` to `target`; `FileExistsError` if `target` exists (never overwrites)."""
    if os.name == "nt":
        os.rename(source, target)  # refuses an existing target on Windows
        return
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _LINK_UNSUPPORTED:
            raise
        # Shares without hard links: check, then rename (a tiny window, unlike overwriting)
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "file exists", str(target)) from exc
        os.rename(source, target)
        return
    os.unlink(source)


def publish(temp: Path, target: Path) -> None:
    """Give a staged file its final name, durably; raise `FileExistsError` or `ArchiveError`."""
    try:
        rename_no_replace(temp, target)
    except FileExistsError:
        raise
    except OSError as exc:
        raise explain_os_error(exc, target.parent) from exc
    _fsync_folder(target.parent)


def discard(path: Path) -> None:
    """Remove a file we wrote, ignoring that it is already gone."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        log.warning("could not remove %s", path, exc_info=True)
