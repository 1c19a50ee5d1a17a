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
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path, PurePosixPath

import peewee

from kefu_desktop.archive import files
from kefu_desktop.archive.files import ArchiveError, SourceUnreadable
from kefu_desktop.archive.images import MAX_FILE_BYTES, BadImage, ImageInfo, inspect_image
from kefu_desktop.archive.naming import (
    ARCHIVE_FOLDER,
    PathTooLong,
    build_relative_path,
    case_number_of,
    number_of,
    relative_dir,
)
from kefu_desktop.archive.thumbnails import ThumbnailCache
from kefu_desktop.archive.verify import ExpectedFile, VerifyReport, verify_archive
from kefu_desktop.domain.clock import to_utc
from kefu_desktop.domain.errors import KefuError, NotFound, ValidationError
from kefu_desktop.domain.roles import Permission
from kefu_desktop.domain.text import TextKind, clean_text, repair_text, search_key
from kefu_desktop.paths import data_dir, default_archive_root
from kefu_desktop.services.auth import User, require
from kefu_desktop.services.cases import add_event
from kefu_desktop.services.settings import get_setting, set_setting
from kefu_desktop.store.db import database
from kefu_desktop.store.models import Case, Customer, Evidence, Staff

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


def set_archive_root(user: User, folder: str) -> Path:
    """Point the office at another archive root (admin); it must exist and be writable.

    An empty `folder` goes back to the default in the data folder.
    """
    require(user, Permission.MANAGE_STAFF)
    text = clean_text(folder, TextKind.LINE, "归档位置", "archive_root")
    if not text:
        set_setting(ARCHIVE_ROOT_KEY, "")
        return default_archive_root()
    root = Path(text)
    if not root.is_absolute() and not text.startswith("\\\\"):
        raise ValidationError("请填写完整路径，例如 D:\\售后 或 \\\\服务器\\售后。", "archive_root")
    files.check_root(root, create=False)
    set_setting(ARCHIVE_ROOT_KEY, str(root))
    return root


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
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {"added": "已添加", "duplicate": "已有（未重复保存）", "failed": "未能添加"}[self]


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

    def summary(self) -> str:
        """One line for the status bar: '已添加 3 张，2 张已存在，1 张未能添加'."""
        parts = [f"已添加 {len(self.added)} 张"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} 张已存在（未重复保存）")
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
class _Staged:
    """A checked photo written (fsynced) to a temporary file in its month folder."""

    source: PhotoSource
    temp: Path
    info: ImageInfo
    sha256: str
    size_bytes: int


def _prepare(source: PhotoSource, root: Path, cache: ThumbnailCache) -> _Staged | FileOutcome:
    """Read, check, hash, thumbnail and stage one photo (no database; runs in parallel)."""
    try:
        data = _read(source)
        info, thumb = inspect_image(data)
        sha256 = files.sha256_hex(data)
        cache.put(sha256, thumb)
        folder = root / relative_dir(datetime.now().date())
        files.ensure_folder(folder)
        temp = files.stage(folder, source.name, data)
        return _Staged(source, temp, info, sha256, len(data))
    except (BadImage, KefuError) as exc:
        return FileOutcome(source.name, Outcome.FAILED, reason=str(exc))
    except OSError as exc:
        log.warning("file error adding %s", source.name, exc_info=True)
        return FileOutcome(
            source.name, Outcome.FAILED, reason=str(files.explain_os_error(exc, root))
        )


def _commit(user: User, target: _Target, root: Path, staged: _Staged) -> FileOutcome:
    """Give a staged photo its name and its row as one unit; the temporary file never stays."""
    try:
        return _store(user, target, root, staged)
    except KefuError as exc:
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
        return FileOutcome(
            staged.source.name, Outcome.FAILED, reason=str(files.explain_os_error(exc, root))
        )
    finally:
        files.discard(staged.temp)


def _store(user: User, target: _Target, root: Path, staged: _Staged) -> FileOutcome:
    """Insert the row and rename the file in one transaction; the next number on a clash."""
    name = staged.source.name
    if _existing(target.case_id, staged.sha256) is not None:
        return FileOutcome(name, Outcome.DUPLICATE, reason="该照片已在本售后单中。")
    day = datetime.now().date()
    number = max(_used_numbers(target.case_id), default=0) + 1
    temp_stat = os.stat(staged.temp)
    info = staged.info
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
            files.ensure_folder(final.parent)
        if final.exists():
            number += 1
            continue
        try:
            with database.atomic():
                row = Evidence.create(
                    case=target.case_id,
                    customer=target.customer_pk,
                    rel_path=rel.as_posix(),
                    sha256=staged.sha256,
                    size_bytes=staged.size_bytes,
                    width=info.width,
                    height=info.height,
                    image_format=info.image_format,
                    original_name=repair_text(name, TextKind.LINE)[:400],
                    added_by=user.id,
                )
                files.publish(staged.temp, final)
            return FileOutcome(name, Outcome.ADDED, evidence_id=row.id, rel_path=rel.as_posix())
        except FileExistsError:
            number += 1  # another desktop took this name a moment ago
        except peewee.IntegrityError:
            _remove_if_ours(final, temp_stat)
            if _existing(target.case_id, staged.sha256) is not None:
                return FileOutcome(name, Outcome.DUPLICATE, reason="该照片已在本售后单中。")
            number += 1
        except BaseException:
            _remove_if_ours(final, temp_stat)
            raise
    raise ArchiveError("找不到可用的文件名（同名文件过多），请稍后重试。")


def add_photo(
    user: User, case_id: int, source: PhotoSource, *, root: Path | None = None
) -> FileOutcome:
    """Add one photo to a case; a bad photo or archive problem comes back as a FAILED outcome."""
    return add_photos(user, case_id, [source], root=root).outcomes[0]


def add_photos(
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
    every file with the same reason. `progress(done, total, outcome)` is called after each file;
    `should_stop()` is asked before each file (the rest are then left out and `cancelled` set).
    Files are read, checked and staged `PREPARE_AHEAD` at a time in parallel (disk and decoder
    overlap); rows are written one by one, in order. Raises only for who may do it and a
    missing case.
    """
    require(user, Permission.ADD_EVIDENCE)
    target = _target(case_id)
    root = root or archive_root()
    report = ImportReport()
    total = len(sources)

    def done(outcome: FileOutcome) -> None:
        report.outcomes.append(outcome)
        if progress is not None:
            progress(len(report.outcomes), total, outcome)

    try:
        files.check_root(root, create=_is_default(root))
        files.ensure_folder(root / ARCHIVE_FOLDER)
    except ArchiveError as exc:
        for source in sources:
            if should_stop is not None and should_stop():
                report.cancelled = True
                break
            done(FileOutcome(source.name, Outcome.FAILED, reason=str(exc)))
        return report
    cache = thumbnail_cache()
    pending: deque[Future[_Staged | FileOutcome]] = deque()
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
    if report.added:
        _record(user, target.case_id, report)
    return report


def _record(user: User, case_id: int, report: ImportReport) -> None:
    try:
        with database.atomic():
            add_event(
                case_id,
                user,
                "evidence_added",
                details={"count": len(report.added), "files": [o.rel_path for o in report.added]},
            )
    except peewee.DatabaseError:
        log.warning("could not record evidence history for case %s", case_id, exc_info=True)


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


def list_evidence(user: User, case_id: int) -> list[EvidenceView]:
    """The photos of one case, oldest first."""
    require(user, Permission.VIEW_CASES)
    return _views(Evidence.select().where(Evidence.case == case_id), archive_root())


def list_customer_evidence(user: User, customer_id: str) -> list[EvidenceView]:
    """Every photo of a customer (platform ID) over all their cases, oldest first."""
    require(user, Permission.VIEW_CASES)
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


def verify(root: Path | None = None, progress: Callable[[int], None] | None = None) -> VerifyReport:
    """Check every row's file and sha256 under the archive root; list files no row knows.

    Raises `ArchiveError` when the root cannot be read at all.
    """
    root = root or archive_root()
    if not root.is_dir():
        raise files.explain_os_error(FileNotFoundError(2, "not found", str(root)), root)
    return verify_archive(root, list(expected_files()), progress)


@dataclass
class AdoptReport:
    """What `adopt_unknown_files` did: files given back their record, and those left alone."""

    adopted: list[str] = field(default_factory=list)
    left: list[tuple[str, str]] = field(default_factory=list)
    """(archive-relative path, why it was left alone)."""


def adopt_unknown_files(root: Path | None = None) -> AdoptReport:
    """Give a record back to archive photos that lost theirs.

    That happens when the app is stopped between putting a photo in place and saving its record.
    Only files named like ours, of a case that exists, holding an image that case does not have
    yet, are adopted (added by: unknown; added at: the file's time); the rest are listed with
    the reason and left untouched.
    """
    root = root or archive_root()
    report = AdoptReport()
    for rel in verify(root).unknown:
        name = PurePosixPath(rel).name
        case_no = case_number_of(name)
        case = Case.get_or_none(Case.case_no == case_no) if case_no else None
        if case is None:
            report.left.append((rel, "文件名里没有可识别的售后单号"))
            continue
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
                original_name=name,
                added_by=None,
                added_at=to_utc(datetime.fromtimestamp(path.stat().st_mtime)),
            )
            add_event(case.id, None, "evidence_added", details={"count": 1, "files": [rel]})
        report.adopted.append(rel)
    return report


def evidence_count() -> int:
    """How many evidence rows the database holds."""
    return int(Evidence.select().count())
