"""Evidence photos of a case: add them to the archive and the database as one unit, list, verify.

Each photo is read once, checked (format, size, pixels, complete), hashed, its thumbnail made
and cached, then written to a temporary file in the month folder and fsynced. The database row
is inserted and the file renamed into place inside one transaction; if anything fails before
the commit returns, the file is removed again — so there is never a row without a file or a file
without a row. The same photo added twice to a case is recognised by its sha256 and kept once.
Safe to call from a worker thread (peewee gives each thread its own connection).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path, PurePath, PurePosixPath

import peewee

from kefu_desktop.archive import files
from kefu_desktop.archive.files import (
    UNREACHABLE_TEXT,
    ArchiveError,
    ArchiveUnreachable,
    SourceUnreadable,
)
from kefu_desktop.archive.images import MAX_FILE_BYTES, BadImage, ImageInfo, inspect_image
from kefu_desktop.archive.naming import (
    ARCHIVE_FOLDER,
    PathTooLong,
    build_relative_path,
    case_number_of,
    customer_part_matches,
    customer_part_of,
    month_of_folder,
    number_of,
    relative_dir,
)
from kefu_desktop.archive.pending import PendingPhoto, PendingQueue
from kefu_desktop.archive.thumbnails import ThumbnailCache
from kefu_desktop.archive.verify import ExpectedFile, VerifyReport, verify_archive
from kefu_desktop.domain.clock import to_local, to_utc, utc_now
from kefu_desktop.domain.errors import (
    AccountRefused,
    KefuError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from kefu_desktop.domain.roles import Operation, Role
from kefu_desktop.domain.storage import os_error_reason
from kefu_desktop.domain.text import TextKind, clean_text, repair_text, search_key
from kefu_desktop.paths import data_dir, default_archive_root, pending_photos_dir
from kefu_desktop.services.auth import User, acting_account, operation, own_rule, system_origin
from kefu_desktop.services.case_rules import case_row, check_may_change
from kefu_desktop.services.cases import _append_event
from kefu_desktop.services.settings import get_setting
from kefu_desktop.store.db import database
from kefu_desktop.store.models import Case, Customer, Evidence, Staff
from kefu_desktop.store.settings import write_setting

log = logging.getLogger("kefu.evidence")

ARCHIVE_ROOT_KEY = "archive_root"
"""AppSetting key of the office-wide archive root (a local folder or a share like \\\\server\\售后)."""

IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jfif", ".png", ".webp", ".bmp", ".gif", ".heic", ".heif", ".tif", ".tiff"}
)
"""File endings picked up when a whole folder is added (others are skipped and counted)."""

_NAME_ATTEMPTS = 20

PREPARE_AHEAD = 2
"""Photos read, checked and staged at the same time while rows are written in order."""


# --- archive root ----------------------------------------------------------------------------


def archive_root() -> Path:
    """The archive root every desktop uses: the office setting, else the data folder's default."""
    value = get_setting(ARCHIVE_ROOT_KEY)
    if isinstance(value, str) and value.strip():
        return Path(value.strip())
    return default_archive_root()


def _is_default(root: Path) -> bool:
    return root == default_archive_root()


@operation(Operation.OFFICE_SETTINGS)
def set_archive_root(user: User, folder: str) -> Path:
    """Point the office at another archive root (admin); it must exist and be writable.

    An empty `folder` goes back to the default in the data folder.
    """
    text = clean_text(folder, TextKind.LINE, "归档位置", "archive_root")
    if not text:
        write_setting(ARCHIVE_ROOT_KEY, "")
        return default_archive_root()
    root = Path(text)
    if not root.is_absolute() and not text.startswith("\\\\"):
        raise ValidationError("请填写完整路径，例如 D:\\售后 或 \\\\服务器\\售后。", "archive_root")
    files.check_root(root, create=False)
    files.write_marker(root)
    write_setting(ARCHIVE_ROOT_KEY, str(root))
    return root


def open_archive(root: Path) -> None:
    """Make sure `root` is the archive and can take photos; raise `ArchiveError` if not.

    A root without the archive marker and without our photo folder (a share that is not
    mounted, a wrong drive letter) raises `ArchiveUnreachable`, and nothing is written there.
    """
    files.open_root(root, layout_folder=ARCHIVE_FOLDER, is_default=_is_default(root))
    files.ensure_folder_under(root, PurePosixPath(ARCHIVE_FOLDER))


def thumbnail_cache() -> ThumbnailCache:
    """The local thumbnail cache (in this desktop's data folder, not on the share)."""
    return ThumbnailCache(data_dir() / "thumbnails")


# --- what goes in, what comes out --------------------------------------------------------------


@dataclass(frozen=True)
class PhotoSource:
    """A photo to add: a file on disk, or bytes (a pasted screenshot). `name` is what users see."""

    name: str
    path: Path | None = None
    data: bytes | None = None

    @classmethod
    def from_path(cls, path: Path) -> PhotoSource:
        return cls(name=path.name, path=path)

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> PhotoSource:
        return cls(name=name, data=data)


class Outcome(StrEnum):
    ADDED = "added"
    DUPLICATE = "duplicate"
    PENDING = "pending"
    """Kept on this desk until the archive is reachable again, then stored by itself."""
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {
            "added": "已添加",
            "duplicate": "已有（未重复保存）",
            "pending": "已暂存，等待归档位置恢复",
            "failed": "未能添加",
        }[self]


@dataclass(frozen=True)
class EvidenceView:
    """One archived photo as the app shows it."""

    id: int
    case_id: int
    case_no: str
    customer_id: str
    rel_path: str
    path: Path
    sha256: str
    size_bytes: int
    width: int
    height: int
    image_format: str
    original_name: str
    added_by_name: str
    added_at: datetime

    @property
    def file_name(self) -> str:
        return PurePosixPath(self.rel_path).name


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one photo of a batch; `reason` says why it failed, in Chinese."""

    name: str
    outcome: Outcome
    reason: str = ""
    evidence_id: int | None = None
    rel_path: str = ""


@dataclass
class ImportReport:
    """Per-file outcomes of one batch, in the order given."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    skipped: int = 0
    """Files of an added folder skipped because their ending is not a picture's."""
    cancelled: bool = False

    def of(self, outcome: Outcome) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.outcome == outcome]

    @property
    def added(self) -> list[FileOutcome]:
        return self.of(Outcome.ADDED)

    @property
    def duplicates(self) -> list[FileOutcome]:
        return self.of(Outcome.DUPLICATE)

    @property
    def failed(self) -> list[FileOutcome]:
        return self.of(Outcome.FAILED)

    @property
    def pending(self) -> list[FileOutcome]:
        return self.of(Outcome.PENDING)

    def summary(self) -> str:
        """One line for the status bar: '已添加 3 张，2 张已存在，1 张未能添加'."""
        parts = [f"已添加 {len(self.added)} 张"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} 张已存在（未重复保存）")
        if self.pending:
            parts.append(
                f"{len(self.pending)} 张暂存在本机（{UNREACHABLE_TEXT}，恢复后自动存入，不必重新添加）"
            )
        if self.failed:
            parts.append(f"{len(self.failed)} 张未能添加")
        if self.skipped:
            parts.append(f"跳过 {self.skipped} 个非图片文件")
        if self.cancelled:
            parts.append("已取消其余文件")
        return "，".join(parts)


def collect_folder(folder: Path) -> tuple[list[Path], int]:
    """Picture files in `folder` and its subfolders (sorted), and how many other files were skipped."""
    found: list[Path] = []
    skipped = 0
    for current, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in IMAGE_SUFFIXES:
                found.append(Path(current, name))
            else:
                skipped += 1
    return found, skipped


# --- adding ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    case_id: int
    case_no: str
    customer_pk: int
    customer_id: str


def _target(case_id: int) -> _Target:
    row = (
        Case.select(Case.id, Case.case_no, Customer.id, Customer.platform_id)
        .join(Customer, on=(Case.customer == Customer.id))
        .where(Case.id == case_id)
        .tuples()
        .first()
    )
    if row is None:
        raise NotFound("找不到该售后单，可能已被删除。请刷新列表。")
    return _Target(case_id=row[0], case_no=row[1], customer_pk=row[2], customer_id=row[3])


def _read(source: PhotoSource) -> bytes:
    if source.data is not None:
        return source.data
    if source.path is None:
        raise SourceUnreadable("没有可读取的内容。")
    return files.read_source(source.path, MAX_FILE_BYTES)


def _used_numbers(case_id: int) -> set[int]:
    numbers: set[int] = set()
    for (rel,) in Evidence.select(Evidence.rel_path).where(Evidence.case == case_id).tuples():
        number = number_of(PurePosixPath(rel).name)
        if number is not None:
            numbers.add(number)
    return numbers


def _existing(case_id: int, sha256: str) -> Evidence | None:
    found: Evidence | None = Evidence.get_or_none(
        (Evidence.case == case_id) & (Evidence.sha256 == sha256)
    )
    return found


def _remove_if_ours(final: Path, staged: os.stat_result) -> None:
    """Undo a rename whose transaction did not commit (only if `final` is the file we wrote)."""
    try:
        current = os.stat(final)
    except OSError:
        return
    if os.path.samestat(current, staged):
        files.discard(final)


@dataclass(frozen=True)
class _Checked:
    """A photo read and checked (format, size, pixels), not yet written anywhere."""

    source: PhotoSource
    data: bytes
    info: ImageInfo
    sha256: str


@dataclass(frozen=True)
class _Staged:
    """A checked photo written (fsynced) to a temporary file in its month folder."""

    checked: _Checked
    temp: Path

    @property
    def source(self) -> PhotoSource:
        return self.checked.source


def _check(source: PhotoSource, cache: ThumbnailCache) -> _Checked:
    """Read, check, hash and thumbnail one photo (raises `BadImage`, `KefuError`, OSError)."""
    data = _read(source)
    info, thumb = inspect_image(data)
    sha256 = files.sha256_hex(data)
    cache.put(sha256, thumb)
    return _Checked(source, data, info, sha256)


def _prepare(
    source: PhotoSource, root: Path, cache: ThumbnailCache
) -> _Staged | _Checked | FileOutcome:
    """Check and stage one photo (no database; runs in parallel).

    A `_Checked` comes back when the archive went away while staging (the photo can wait).
    """
    try:
        checked = _check(source, cache)
    except (BadImage, KefuError) as exc:
        return FileOutcome(source.name, Outcome.FAILED, reason=str(exc))
    except OSError as exc:
        log.warning("file error reading %s", source.name, exc_info=True)
        return FileOutcome(
            source.name, Outcome.FAILED, reason=f"无法读取文件：{os_error_reason(exc)}"
        )
    try:
        folder = files.ensure_folder_under(root, relative_dir(datetime.now().date()))
        return _Staged(checked, files.stage(folder, source.name, checked.data))
    except ArchiveError as exc:
        if not files.root_reachable(root, layout_folder=ARCHIVE_FOLDER):
            return checked
        return FileOutcome(source.name, Outcome.FAILED, reason=str(exc))


_ARCHIVE_AWAY = FileOutcome("", Outcome.PENDING, reason=UNREACHABLE_TEXT)


def _commit(
    user: User, target: _Target, root: Path, staged: _Staged, *, keep_waiting: bool = True
) -> FileOutcome:
    """Give a staged photo its name and its row as one unit; the temporary file never stays.

    When the archive goes away meanwhile, the photo is kept waiting on this desk, or, without
    `keep_waiting` (storing a photo that already waits), a PENDING outcome comes back as is.
    """

    def archive_away() -> FileOutcome:
        if not keep_waiting:
            return _ARCHIVE_AWAY
        return _wait_for_archive(user, target, staged.checked)

    try:
        return _store(user, target, root, staged)
    except KefuError as exc:
        if isinstance(exc, ArchiveError) and not _still_reachable(root):
            return archive_away()
        return FileOutcome(staged.source.name, Outcome.FAILED, reason=str(exc))
    except peewee.DatabaseError as exc:
        log.warning("database error adding %s", staged.source.name, exc_info=True)
        return FileOutcome(
            staged.source.name,
            Outcome.FAILED,
            reason=f"数据库出错，照片未保存：{exc}。请稍后重试。",
        )
    except OSError as exc:
        log.warning("file error adding %s", staged.source.name, exc_info=True)
        if not _still_reachable(root):
            return archive_away()
        return FileOutcome(
            staged.source.name, Outcome.FAILED, reason=str(files.explain_os_error(exc, root))
        )
    finally:
        files.discard(staged.temp)


def _still_reachable(root: Path) -> bool:
    return files.root_reachable(root, layout_folder=ARCHIVE_FOLDER)


def _store(user: User, target: _Target, root: Path, staged: _Staged) -> FileOutcome:
    """Insert the row and rename the file in one transaction; the next number on a clash."""
    name = staged.source.name
    checked = staged.checked
    if _existing(target.case_id, checked.sha256) is not None:
        return FileOutcome(name, Outcome.DUPLICATE, reason="该照片已在本售后单中。")
    day = datetime.now().date()
    number = max(_used_numbers(target.case_id), default=0) + 1
    temp_stat = os.stat(staged.temp)
    info = checked.info
    for _attempt in range(_NAME_ATTEMPTS):
        try:
            rel = build_relative_path(
                str(root), target.customer_id, target.case_no, number, info.ext, day
            )
        except PathTooLong as exc:
            raise ArchiveError(
                f"归档文件夹的路径太长，放不下文件名：{root}\n请管理员把归档位置设到更短的路径。"
            ) from exc
        final = root / rel
        if final.parent != staged.temp.parent:  # the month turned while importing
            files.ensure_folder_under(root, rel.parent)
        lost_copy = final.exists()
        if lost_copy and not _is_lost_copy(final, rel, checked.sha256):
            number += 1
            continue
        try:
            with database.atomic():
                row = Evidence.create(
                    case=target.case_id,
                    customer=target.customer_pk,
                    rel_path=rel.as_posix(),
                    sha256=checked.sha256,
                    size_bytes=len(checked.data),
                    width=info.width,
                    height=info.height,
                    image_format=info.image_format,
                    original_name=repair_text(name, TextKind.LINE)[:400],
                    added_by=user.id,
                )
                if not lost_copy:
                    files.publish(staged.temp, final)
            return FileOutcome(name, Outcome.ADDED, evidence_id=row.id, rel_path=rel.as_posix())
        except FileExistsError:
            number += 1  # another desktop took this name a moment ago
        except peewee.IntegrityError:
            _remove_if_ours(final, temp_stat)
            if _existing(target.case_id, checked.sha256) is not None:
                return FileOutcome(name, Outcome.DUPLICATE, reason="该照片已在本售后单中。")
            number += 1
        except BaseException:
            _remove_if_ours(final, temp_stat)
            raise
    raise ArchiveError("找不到可用的文件名（同名文件过多），请稍后重试。")


def _is_lost_copy(final: Path, rel: PurePath, sha256: str) -> bool:
    """Whether `final` is this very photo, left without its record by a save that was cut off
    (the app stopped between putting the file in place and committing); it is then reused."""
    if Evidence.select().where(Evidence.rel_path == rel.as_posix()).exists():
        return False
    try:
        return files.sha256_of_file(final) == sha256
    except OSError:
        return False


# --- photos waiting for the archive ------------------------------------------------------------

_storing_pending = threading.Lock()


def pending_queue() -> PendingQueue:
    """This desk's photos waiting for the archive (in the local data folder)."""
    return PendingQueue(pending_photos_dir())


def _wait_for_archive(user: User, target: _Target, checked: _Checked) -> FileOutcome:
    """Keep a checked photo on this desk until the archive is back (or say why it cannot)."""
    name = checked.source.name
    queue = pending_queue()
    if _existing(target.case_id, checked.sha256) is not None:
        return FileOutcome(name, Outcome.DUPLICATE, reason="该照片已在本售后单中。")
    if any(e.sha256 == checked.sha256 for e in queue.entries(target.case_id)):
        return FileOutcome(name, Outcome.DUPLICATE, reason="该照片已在等待存入本售后单。")
    try:
        queue.put(
            case_id=target.case_id,
            case_no=target.case_no,
            customer_id=target.customer_id,
            user_id=user.id,
            name=name,
            data=checked.data,
            sha256=checked.sha256,
            queued_at=utc_now().isoformat(),
        )
    except ArchiveError as exc:
        log.warning("could not keep %s on this desk: %s", name, exc)
        return FileOutcome(
            name,
            Outcome.FAILED,
            reason=f"{UNREACHABLE_TEXT}，本机也无法暂存这张照片（{exc}）。原文件未动，请稍后重新添加。",
        )
    return FileOutcome(
        name,
        Outcome.PENDING,
        reason=f"{UNREACHABLE_TEXT}。照片已暂存在本机，归档位置恢复后会自动存入本售后单，不必重新添加。",
    )


def pending_count(case_id: int | None = None) -> int:
    """How many photos wait on this desk for the archive (of one case, or in all)."""
    return pending_queue().count(case_id)


def pending_photos(case_id: int) -> list[PendingPhoto]:
    """The photos of a case waiting on this desk for the archive, oldest first."""
    return pending_queue().entries(case_id)


@dataclass
class PendingReport:
    """What `store_pending` did."""

    stored: list[FileOutcome] = field(default_factory=list)
    stored_cases: list[int] = field(default_factory=list)
    """The cases that got photos (or found them already there), each once."""
    waiting: int = 0
    """Photos still waiting afterwards (archive still away, or a problem shown in `problems`)."""
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(file name, why it still waits)."""
    reachable: bool = True


def _staff_user(staff_id: int) -> User | None:
    staff = Staff.get_or_none(Staff.id == staff_id)
    if staff is None:
        return None
    return User(
        id=staff.id, login=staff.login, display_name=staff.display_name, role=Role(staff.role)
    )


@own_rule(
    "每张暂存照片以添加它的账号存入：该账号须仍存在、未停用、仍可添加照片，否则照片继续暂存并说明原因"
)
def store_pending(root: Path | None = None) -> PendingReport:
    """Store the photos waiting on this desk, now that the archive may be back.

    Each goes in exactly as if it were added now by the agent who added it, then leaves the
    queue; a photo whose case no longer matches stays waiting with the reason. Safe to call
    at any time and from any thread; returns at once when another call is already storing.
    """
    queue = pending_queue()
    report = PendingReport()
    if not _storing_pending.acquire(blocking=False):
        report.waiting = queue.count()
        return report
    try:
        queue.clean_leftovers()
        entries = queue.entries()
        if not entries:
            return report
        root = root or archive_root()
        try:
            open_archive(root)
        except ArchiveError as exc:
            log.info("archive still unavailable, %d photo(s) wait: %s", len(entries), exc)
            report.reachable = False
            report.waiting = len(entries)
            return report
        cache = thumbnail_cache()
        added: dict[tuple[int, int], list[FileOutcome]] = {}
        for number, entry in enumerate(entries):
            outcome = _store_one_pending(queue, entry, root, cache)
            if outcome is None:
                report.waiting = len(entries) - number
                report.reachable = False
                break
            if outcome.outcome in (Outcome.ADDED, Outcome.DUPLICATE):
                queue.remove(entry)
                report.stored.append(outcome)
                if entry.case_id not in report.stored_cases:
                    report.stored_cases.append(entry.case_id)
                if outcome.outcome == Outcome.ADDED:
                    added.setdefault((entry.case_id, entry.user_id), []).append(outcome)
            else:
                report.problems.append((entry.name, outcome.reason))
                report.waiting += 1
        for (case_id, user_id), outcomes in added.items():
            adder = _staff_user(user_id)
            if adder is not None:
                _record_added(adder, case_id, outcomes)
        return report
    finally:
        _storing_pending.release()


def _store_one_pending(
    queue: PendingQueue, entry: PendingPhoto, root: Path, cache: ThumbnailCache
) -> FileOutcome | None:
    """Store one waiting photo; None when the archive went away again."""
    try:
        target = _target(entry.case_id)
    except NotFound:
        return FileOutcome(entry.name, Outcome.FAILED, reason="找不到该售后单。")
    if (target.case_no, target.customer_id) != (entry.case_no, entry.customer_id):
        return FileOutcome(
            entry.name,
            Outcome.FAILED,
            reason=f"售后单 {entry.case_no} 不在当前数据库里（数据库换过？），照片继续暂存。",
        )
    user = _staff_user(entry.user_id)
    if user is None:
        return FileOutcome(entry.name, Outcome.FAILED, reason="添加照片的账号已不存在。")
    try:
        user = acting_account(user, Operation.ADD_EVIDENCE)
    except (AccountRefused, PermissionDenied) as exc:
        return FileOutcome(
            entry.name, Outcome.FAILED, reason=f"添加照片的账号不能再添加照片：{exc}"
        )
    try:
        data = queue.read(entry)
    except OSError as exc:
        log.warning("pending photo %s unreadable", entry.key, exc_info=True)
        return FileOutcome(entry.name, Outcome.FAILED, reason=f"暂存的照片无法读取：{exc}")
    prepared = _prepare(PhotoSource.from_bytes(entry.name, data), root, cache)
    if isinstance(prepared, _Checked):
        return None
    if isinstance(prepared, FileOutcome):
        return prepared
    outcome = _commit(user, target, root, prepared, keep_waiting=False)
    return None if outcome.outcome == Outcome.PENDING else outcome


# --- adding --------------------------------------------------------------------------------------


@operation(Operation.ADD_EVIDENCE)
def add_photo(
    user: User, case_id: int, source: PhotoSource, *, root: Path | None = None
) -> FileOutcome:
    """Add one photo to a case; a bad photo or archive problem comes back as a FAILED outcome."""
    return add_photos(user, case_id, [source], root=root).outcomes[0]


@operation(Operation.ADD_EVIDENCE)
def add_photos(
    user: User,
    case_id: int,
    sources: Sequence[PhotoSource],
    *,
    root: Path | None = None,
    progress: Callable[[int, int, FileOutcome], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ImportReport:
    """Add photos to a case (its handler, a supervisor or an admin); see `_add_photos`."""
    check_may_change(user, case_row(case_id))
    return _add_photos(
        user, case_id, sources, root=root, progress=progress, should_stop=should_stop
    )


def _add_photos(
    user: User,
    case_id: int,
    sources: Sequence[PhotoSource],
    *,
    root: Path | None = None,
    progress: Callable[[int, int, FileOutcome], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ImportReport:
    """Add photos to a case, each in its own unit of work; return what happened to each.

    A bad file or a failure on one file never stops the others; an unusable archive root fails
    every file with the same reason. When the archive is not reachable (share not connected),
    each good photo is kept on this desk as PENDING and stored by `store_pending` once the
    archive is back; the source files are never touched and nothing is written to the root.
    `progress(done, total, outcome)` is called after each file; `should_stop()` is asked
    before each file (the rest are then left out and `cancelled` set). Files are read,
    checked and staged `PREPARE_AHEAD` at a time in parallel (disk and decoder overlap); rows
    are written one by one, in order. Raises only for who may do it and a missing case.
    """
    target = _target(case_id)
    root = root or archive_root()
    report = ImportReport()
    total = len(sources)

    def done(outcome: FileOutcome) -> None:
        report.outcomes.append(outcome)
        if progress is not None:
            progress(len(report.outcomes), total, outcome)

    cache = thumbnail_cache()
    try:
        open_archive(root)
    except ArchiveError as exc:
        for source in sources:
            if should_stop is not None and should_stop():
                report.cancelled = True
                break
            if isinstance(exc, ArchiveUnreachable):
                done(_check_and_wait(user, target, source, cache))
            else:
                done(FileOutcome(source.name, Outcome.FAILED, reason=str(exc)))
        _record(user, target.case_id, report)
        return report
    pending: deque[Future[_Staged | _Checked | FileOutcome]] = deque()
    upcoming = iter(sources)
    with ThreadPoolExecutor(max_workers=PREPARE_AHEAD, thread_name_prefix="evidence") as pool:
        try:
            while True:
                while len(pending) < PREPARE_AHEAD and (upcoming_source := next(upcoming, None)):
                    pending.append(pool.submit(_prepare, upcoming_source, root, cache))
                if not pending:
                    break
                if should_stop is not None and should_stop():
                    report.cancelled = True
                    break
                prepared = pending.popleft().result()
                if isinstance(prepared, FileOutcome):
                    done(prepared)
                elif isinstance(prepared, _Checked):
                    done(_wait_for_archive(user, target, prepared))
                else:
                    done(_commit(user, target, root, prepared))
        finally:
            for future in pending:  # cancelled or failed: leave no staged file behind
                try:
                    leftover = future.result()
                except Exception:
                    log.exception("preparing a photo failed")
                    continue
                if isinstance(leftover, _Staged):
                    files.discard(leftover.temp)
    _record(user, target.case_id, report)
    return report


def _check_and_wait(
    user: User, target: _Target, source: PhotoSource, cache: ThumbnailCache
) -> FileOutcome:
    try:
        checked = _check(source, cache)
    except (BadImage, KefuError) as exc:
        return FileOutcome(source.name, Outcome.FAILED, reason=str(exc))
    except OSError as exc:
        return FileOutcome(
            source.name, Outcome.FAILED, reason=f"无法读取文件：{os_error_reason(exc)}"
        )
    return _wait_for_archive(user, target, checked)


def _record(user: User, case_id: int, report: ImportReport) -> None:
    """The case's history: photos added, and photos waiting for the archive."""
    _record_added(user, case_id, report.added)
    if report.pending:
        _add_history(
            user,
            case_id,
            "evidence_pending",
            {"count": len(report.pending), "files": [o.name for o in report.pending]},
        )


def _record_added(user: User, case_id: int, added: list[FileOutcome]) -> None:
    if added:
        _add_history(
            user,
            case_id,
            "evidence_added",
            {"count": len(added), "files": [o.rel_path for o in added]},
        )


def _add_history(user: User, case_id: int, action: str, details: dict[str, object]) -> None:
    try:
        with database.atomic():
            _append_event(case_id, user, action, details=details)
    except peewee.DatabaseError:
        log.warning("could not record %s for case %s", action, case_id, exc_info=True)


# --- looking ---------------------------------------------------------------------------------


def _views(query: peewee.ModelSelect, root: Path) -> list[EvidenceView]:
    names = {s.id: s.display_name for s in Staff.select(Staff.id, Staff.display_name)}
    rows = (
        query.select(Evidence, Case.case_no, Customer.platform_id)
        .join(Case, on=(Evidence.case == Case.id))
        .switch(Evidence)
        .join(Customer, on=(Evidence.customer == Customer.id))
        .order_by(Evidence.added_at, Evidence.id)
    )
    return [
        EvidenceView(
            id=e.id,
            case_id=e.case_id,
            case_no=e.case.case_no,
            customer_id=e.customer.platform_id,
            rel_path=e.rel_path,
            path=root.joinpath(*PurePosixPath(e.rel_path).parts),
            sha256=e.sha256,
            size_bytes=e.size_bytes,
            width=e.width,
            height=e.height,
            image_format=e.image_format,
            original_name=e.original_name,
            added_by_name=names.get(e.added_by_id, "") if e.added_by_id else "",
            added_at=e.added_at,
        )
        for e in rows
    ]


@operation(Operation.VIEW_CASES)
def list_evidence(user: User, case_id: int) -> list[EvidenceView]:
    """The photos of one case, oldest first."""
    return _views(Evidence.select().where(Evidence.case == case_id), archive_root())


@operation(Operation.VIEW_CASES)
def list_customer_evidence(user: User, customer_id: str) -> list[EvidenceView]:
    """Every photo of a customer (platform ID) over all their cases, oldest first."""
    customer = Customer.get_or_none(Customer.platform_id == search_key(customer_id))
    if customer is None:
        return []
    return _views(Evidence.select().where(Evidence.customer == customer.id), archive_root())


def thumbnail(view: EvidenceView, size: int | None = None) -> bytes:
    """The (cached) JPEG thumbnail of an archived photo; `KefuError` if the file is unusable."""
    cache = thumbnail_cache()
    try:
        if size is None:
            return cache.thumbnail(view.sha256, view.path)
        return cache.thumbnail(view.sha256, view.path, size)
    except BadImage as exc:
        raise KefuError(f"{view.file_name}：{exc}") from exc
    except FileNotFoundError as exc:
        raise KefuError(f"归档里找不到这张照片：{view.path}") from exc
    except OSError as exc:
        raise files.explain_os_error(exc, view.path.parent) from exc


# --- checking ----------------------------------------------------------------------------------


def expected_files() -> Iterable[ExpectedFile]:
    """Every evidence row as (relative path, sha256)."""
    for rel, sha in (
        Evidence.select(Evidence.rel_path, Evidence.sha256).order_by(Evidence.id).tuples()
    ):
        yield ExpectedFile(rel, sha)


def _unreachable_for_checking(root: Path) -> ArchiveUnreachable:
    return ArchiveUnreachable(
        f"无法访问归档文件夹（{UNREACHABLE_TEXT}）：{root}\n"
        "没有核对任何文件。请连接网络盘或检查归档位置后再核对。"
    )


def verify(root: Path | None = None, progress: Callable[[int], None] | None = None) -> VerifyReport:
    """Check every row's file and sha256 under the archive root; list files no row knows.

    Raises `ArchiveUnreachable` when the root is not there (missing, or neither marked nor
    holding our photo folder, as an unmounted share), instead of reporting every file missing.
    """
    root = root or archive_root()
    if not files.root_reachable(root, layout_folder=ARCHIVE_FOLDER):
        raise _unreachable_for_checking(root)
    report = verify_archive(root, list(expected_files()), progress)
    if not files.root_reachable(root, layout_folder=ARCHIVE_FOLDER):  # went away meanwhile
        raise _unreachable_for_checking(root)
    return report


LEFTOVER_MAX_AGE_SECONDS = 24 * 3600
"""`adopt_unknown_files` deletes temporary files older than this (younger ones may be in use)."""


@dataclass(frozen=True)
class Orphan:
    """An archive file no record knows, and whose case it belongs to by its name and folder."""

    rel_path: str
    case_id: int | None
    """The case it is given to automatically (name and month folder agree), else None."""
    reason: str
    """Why it is not given to a case automatically ('' when `case_id` is set)."""


def _local_month(moment: datetime) -> tuple[int, int]:
    local = to_local(moment)
    return local.year, local.month


def _classify(rel: str) -> Orphan:
    """Which case an unknown file belongs to: only when its name's customer part is that
    case's customer and it lies in a month folder of that case (from its month on)."""
    name = PurePosixPath(rel).name
    case_no, part = case_number_of(name), customer_part_of(name)
    if case_no is None or part is None:
        return Orphan(rel, None, "文件名不是“买家ID_售后单号_序号”的格式，无法判断属于哪个售后单")
    row = (
        Case.select(Case.id, Case.created_at, Customer.platform_id)
        .join(Customer, on=(Case.customer == Customer.id))
        .where(Case.case_no == case_no)
        .tuples()
        .first()
    )
    if row is None:
        return Orphan(rel, None, f"找不到文件名里的售后单 {case_no}")
    case_id, created_at, customer_id = row
    if not customer_part_matches(part, customer_id):
        return Orphan(
            rel, None, f"文件名里的买家ID“{part}”与售后单 {case_no} 的买家“{customer_id}”不一致"
        )
    month = month_of_folder(rel)
    first = _local_month(created_at)
    now = date.today()
    if month is None or not first <= month <= (now.year, now.month):
        shown = "/".join(PurePosixPath(rel).parts[:-1])
        return Orphan(
            rel,
            None,
            f"文件在“{shown}”，不是售后单 {case_no} 的月份文件夹（{first[0]}-{first[1]:02d} 起）",
        )
    return Orphan(rel, case_id, "")


def find_orphans(root: Path | None = None) -> list[Orphan]:
    """Every archive file without a record (temporary files aside), with its case if it has one."""
    root = root or archive_root()
    return [_classify(rel) for rel in verify(root).unknown]


@operation(Operation.ADD_EVIDENCE)
def list_orphans(user: User) -> list[Orphan]:
    """The archive's photos without a record, for an agent to attach one to a case by hand."""
    return find_orphans()


@dataclass
class AdoptReport:
    """What `adopt_unknown_files` did: files given back their record, and those left alone."""

    adopted: list[str] = field(default_factory=list)
    left: list[tuple[str, str]] = field(default_factory=list)
    """(archive-relative path, why it was left alone)."""
    removed_leftovers: list[str] = field(default_factory=list)
    """Temporary files of cut writes older than a day, deleted."""
    kept_leftovers: list[str] = field(default_factory=list)
    """Temporary files younger than a day, kept (an import may still be writing them)."""


@operation(Operation.ADOPT_ARCHIVE_FILES)
def adopt_unknown_files(
    user: User, root: Path | None = None, now: float | None = None
) -> AdoptReport:
    """Give a record back to archive photos that lost theirs, and clear old temporary files.

    That happens when the app is stopped between putting a photo in place and saving its record.
    A file is adopted only when its name's customer part is its case's customer and it lies in
    a month folder of that case; it must hold an image the case does not have yet (recorded as
    adopted by `user`; added at: the file's time). The rest are listed with the reason and left
    untouched; an agent can attach one by hand (`attach_orphan`). Temporary files older than a
    day are deleted; younger ones are kept.
    """
    root = root or archive_root()
    now = time.time() if now is None else now
    report = AdoptReport()
    checked = verify(root)
    for rel in checked.leftovers:
        path = root.joinpath(*PurePosixPath(rel).parts)
        try:
            age = now - path.stat().st_mtime
        except OSError:
            continue
        if age > LEFTOVER_MAX_AGE_SECONDS:
            files.discard(path)
            if not path.exists():
                report.removed_leftovers.append(rel)
        else:
            report.kept_leftovers.append(rel)
    for rel in checked.unknown:
        orphan = _classify(rel)
        if orphan.case_id is None:
            report.left.append((rel, orphan.reason))
            continue
        case = Case.get_by_id(orphan.case_id)
        path = root.joinpath(*PurePosixPath(rel).parts)
        try:
            data = files.read_source(path, MAX_FILE_BYTES)
            info, _thumbnail = inspect_image(data)
        except (BadImage, KefuError, OSError) as exc:
            report.left.append((rel, f"不是可用的照片：{exc}"))
            continue
        sha = files.sha256_hex(data)
        if _existing(case.id, sha) is not None:
            report.left.append((rel, f"售后单 {case.case_no} 已有同一张照片（多余的副本，可删除）"))
            continue
        with database.atomic():
            Evidence.create(
                case=case.id,
                customer=case.customer_id,
                rel_path=rel,
                sha256=sha,
                size_bytes=len(data),
                width=info.width,
                height=info.height,
                image_format=info.image_format,
                original_name=PurePosixPath(rel).name,
                added_by=user.id,
                added_at=to_utc(datetime.fromtimestamp(path.stat().st_mtime)),
            )
            _append_event(
                case.id,
                user,
                "evidence_adopted",
                details={"count": 1, "files": [rel], "origin": system_origin()},
            )
        report.adopted.append(rel)
    return report


def count_for_case(case_id: int) -> int:
    """How many photos one case has in the archive."""
    return int(Evidence.select().where(Evidence.case == case_id).count())


@operation(Operation.ADD_EVIDENCE)
def attach_orphan(user: User, case_id: int, rel_path: str) -> FileOutcome:
    """Attach an archive photo without a record to a case, by an agent's choice.

    The photo is stored in the case like any added photo (named after the case's customer, in
    this month's folder, with its record), and the unrecorded file is removed only after that.
    A problem comes back as a FAILED outcome; the file then stays where it is.
    """
    check_may_change(user, case_row(case_id))
    target = _target(case_id)
    root = archive_root()
    rel = PurePosixPath(rel_path)
    name = rel.name
    if rel.is_absolute() or ".." in rel.parts or rel.parts[:1] != (ARCHIVE_FOLDER,):
        raise ValidationError(f"不是归档里的照片：{rel_path}")
    if files.is_temp_name(name):
        raise ValidationError("这是未完成的临时文件，不能作为照片。")
    if Evidence.select().where(Evidence.rel_path == rel.as_posix()).exists():
        raise ValidationError("这张照片已有记录，不需要认领。请刷新列表。")
    open_archive(root)
    path = root.joinpath(*rel.parts)
    cache = thumbnail_cache()
    prepared = _prepare(PhotoSource(name=name, path=path), root, cache)
    if isinstance(prepared, _Checked):
        raise files.unreachable(root)
    if isinstance(prepared, FileOutcome):
        return prepared
    outcome = _commit(user, target, root, prepared, keep_waiting=False)
    if outcome.outcome == Outcome.PENDING:
        raise files.unreachable(root)
    if outcome.outcome == Outcome.ADDED:
        files.discard(path)
        _add_history(
            user,
            case_id,
            "evidence_added",
            {"count": 1, "files": [outcome.rel_path], "attached_from": rel.as_posix()},
        )
    elif outcome.outcome == Outcome.DUPLICATE:
        return FileOutcome(
            name,
            Outcome.DUPLICATE,
            reason="本售后单已有同一张照片；归档里的这一份是多余的副本，可以删除。",
        )
    return outcome


def evidence_count() -> int:
    """How many evidence rows the database holds."""
    return int(Evidence.select().count())
