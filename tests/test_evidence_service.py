"""Adding evidence photos to a case: one unit of work, every bad input, the archive's failures."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import peewee
import pytest

from kefu_desktop.archive import files
from kefu_desktop.archive.naming import ARCHIVE_FOLDER
from kefu_desktop.domain.errors import PermissionDenied, ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases, evidence
from kefu_desktop.services.cases import NewCase
from kefu_desktop.services.evidence import Outcome, PhotoSource
from kefu_desktop.store.db import database
from kefu_desktop.store.models import CaseEvent, Evidence
from tests.conftest import Staffing
from tests.evidence_photos import photo, png_bomb, truncated_jpeg


def _case(staff: Staffing, customer_id: str = "tb_小美123") -> int:
    return cases.create_case(
        staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id=customer_id)
    ).id


def _archive_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / ARCHIVE_FOLDER).rglob("*") if p.is_file())


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "聊天图片"
    folder.mkdir()
    return folder


@pytest.fixture
def root() -> Path:
    return evidence.archive_root()


def test_photos_are_archived_by_customer_id_with_their_facts(
    staff: Staffing, inbox: Path, root: Path
) -> None:
    case_id = _case(staff)
    case_no = cases.get_case(case_id).case_no
    sources = [
        PhotoSource.from_path(_write(inbox, f"IMG_{i}.{ext.lower()}", photo(fmt, (80, 60), i)))
        for i, (fmt, ext) in enumerate(
            [
                ("JPEG", "JPG"),
                ("PNG", "png"),
                ("WEBP", "webp"),
                ("BMP", "bmp"),
                ("GIF", "gif"),
                ("HEIF", "heic"),
            ]
        )
    ]
    original = {s.path: s.path.read_bytes() for s in sources if s.path}
    report = evidence.add_photos(staff.agent, case_id, sources)
    assert [o.outcome for o in report.outcomes] == [Outcome.ADDED] * 6, report.outcomes
    views = evidence.list_evidence(staff.agent, case_id)
    assert [v.file_name for v in views] == [
        f"tb_小美123_{case_no}_{n:02d}.{ext}"
        for n, ext in enumerate(["jpg", "png", "webp", "bmp", "gif", "heic"], start=1)
    ]
    for view, source in zip(views, sources, strict=True):
        assert source.path is not None
        assert view.path.read_bytes() == original[source.path]  # exact original bytes
        assert source.path.read_bytes() == original[source.path]  # source untouched
        assert view.customer_id == "tb_小美123" and view.case_no == case_no
        assert view.original_name == source.name
        assert view.added_by_name == "小美"
        assert (view.width, view.height) == (80, 60)
        assert view.size_bytes == len(original[source.path])
        assert view.path.parent.parent.name == ARCHIVE_FOLDER
        assert evidence.thumbnail(view)[:2] == b"\xff\xd8"
    assert evidence.list_customer_evidence(staff.agent, "tb_小美123") == views
    event = CaseEvent.select().where(CaseEvent.action == "evidence_added").get()
    assert event.details["count"] == 6
    assert not [p for p in _archive_files(root) if files.is_temp_name(p.name)]


def test_same_photo_twice_is_stored_once(staff: Staffing, inbox: Path, root: Path) -> None:
    case_id = _case(staff)
    data = photo("JPEG", (50, 50), 7)
    a = _write(inbox, "a.jpg", data)
    b = _write(inbox, "copy of a.jpg", data)
    report = evidence.add_photos(
        staff.agent, case_id, [PhotoSource.from_path(a), PhotoSource.from_path(b)]
    )
    assert [o.outcome for o in report.outcomes] == [Outcome.ADDED, Outcome.DUPLICATE]
    again = evidence.add_photo(staff.agent, case_id, PhotoSource.from_bytes("粘贴的图片.png", data))
    assert again.outcome == Outcome.DUPLICATE
    assert len(_archive_files(root)) == 1
    assert Evidence.select().count() == 1
    # the same photo on another case of the same customer is evidence there too
    other = _case(staff)
    assert evidence.add_photo(staff.agent, other, PhotoSource.from_path(a)).outcome == Outcome.ADDED


def test_pasted_bytes_are_archived(staff: Staffing) -> None:
    case_id = _case(staff)
    outcome = evidence.add_photo(
        staff.agent, case_id, PhotoSource.from_bytes("剪贴板截图.png", photo("PNG"))
    )
    assert outcome.outcome == Outcome.ADDED
    assert outcome.rel_path.endswith("_01.png")


def test_bad_files_fail_with_reasons_and_good_ones_still_go_in(
    staff: Staffing, inbox: Path, root: Path
) -> None:
    case_id = _case(staff)
    big = inbox / "huge.jpg"
    with open(big, "wb") as handle:  # 200 MB, sparse
        handle.write(b"\xff\xd8\xff\xe0")
        handle.truncate(200 * 1024 * 1024)
    folder_as_file = inbox / "a folder.jpg"
    folder_as_file.mkdir()
    sources = [
        PhotoSource.from_path(_write(inbox, "good1.jpg", photo("JPEG", colour=1))),
        PhotoSource.from_path(_write(inbox, "notes.jpg", b"just text, not a picture")),
        PhotoSource.from_path(_write(inbox, "empty.jpg", b"")),
        PhotoSource.from_path(_write(inbox, "half.jpg", truncated_jpeg())),
        PhotoSource.from_path(_write(inbox, "bomb.png", png_bomb())),
        PhotoSource.from_path(_write(inbox, "scan.tif", photo("TIFF"))),
        PhotoSource.from_path(big),
        PhotoSource.from_path(inbox / "gone.jpg"),
        PhotoSource.from_path(folder_as_file),
        PhotoSource.from_path(_write(inbox, "good2.png", photo("PNG", colour=2))),
    ]
    report = evidence.add_photos(staff.agent, case_id, sources)
    reasons = {o.name: o.reason for o in report.failed}
    assert [o.name for o in report.added] == ["good1.jpg", "good2.png"]
    assert "不是图片" in reasons["notes.jpg"]
    assert "空的" in reasons["empty.jpg"]
    assert "不完整" in reasons["half.jpg"]
    assert "解压炸弹" in reasons["bomb.png"]
    assert "不支持的图片格式" in reasons["scan.tif"]
    assert "文件太大" in reasons["huge.jpg"]
    assert "不存在" in reasons["gone.jpg"]
    assert "文件夹" in reasons["a folder.jpg"]
    assert len(_archive_files(root)) == 2
    assert Evidence.select().count() == 2
    assert "8 张未能添加" in report.summary()


def test_unreadable_source_is_reported(
    staff: Staffing, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _case(staff)
    path = _write(inbox, "locked.jpg", photo())
    real_open = open

    def deny(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if file == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", deny)
    outcome = evidence.add_photo(staff.agent, case_id, PhotoSource.from_path(path))
    assert outcome.outcome == Outcome.FAILED
    assert "没有读取权限" in outcome.reason


def test_failure_between_file_write_and_commit_leaves_nothing(
    staff: Staffing, inbox: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _case(staff)
    real_publish = files.publish

    def publish_then_crash(temp: Path, target: Path) -> None:
        real_publish(temp, target)
        assert target.exists()
        raise RuntimeError("power cut between the rename and the commit")

    monkeypatch.setattr(files, "publish", publish_then_crash)
    with pytest.raises(RuntimeError):
        evidence.add_photo(
            staff.agent, case_id, PhotoSource.from_path(_write(inbox, "a.jpg", photo()))
        )
    assert _archive_files(root) == []
    assert Evidence.select().count() == 0
    monkeypatch.setattr(files, "publish", real_publish)
    outcome = evidence.add_photo(staff.agent, case_id, PhotoSource.from_path(inbox / "a.jpg"))
    assert outcome.outcome == Outcome.ADDED and outcome.rel_path.endswith("_01.jpg")


def test_failed_commit_removes_the_file(
    staff: Staffing, inbox: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _case(staff)
    db = database.obj

    def refuse() -> None:
        raise peewee.OperationalError("database is locked")

    monkeypatch.setattr(db, "commit", refuse)
    outcome = evidence.add_photo(
        staff.agent, case_id, PhotoSource.from_path(_write(inbox, "a.jpg", photo()))
    )
    monkeypatch.undo()
    assert outcome.outcome == Outcome.FAILED
    assert "数据库出错" in outcome.reason
    assert _archive_files(root) == []
    assert Evidence.select().count() == 0


def test_disk_full_while_writing_leaves_no_partial_file(
    staff: Staffing, inbox: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _case(staff)

    def half_then_full(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "_write_chunks", half_then_full)
    sources = [PhotoSource.from_path(_write(inbox, f"{i}.jpg", photo(colour=i))) for i in range(3)]
    report = evidence.add_photos(staff.agent, case_id, sources)
    assert len(report.failed) == 3
    assert all("磁盘已满" in o.reason for o in report.failed)
    assert _archive_files(root) == []
    assert Evidence.select().count() == 0


def test_missing_archive_root_keeps_every_file_waiting_by_name(
    staff: Staffing, inbox: Path, tmp_path: Path
) -> None:
    case_id = _case(staff)
    missing = tmp_path / "server" / "售后"
    sources = [PhotoSource.from_path(_write(inbox, f"{i}.jpg", photo(colour=i))) for i in range(2)]
    report = evidence.add_photos(staff.agent, case_id, sources, root=missing)
    assert [(o.name, o.outcome) for o in report.outcomes] == [
        ("0.jpg", Outcome.PENDING),
        ("1.jpg", Outcome.PENDING),
    ]
    assert all("归档位置现在不可用（网络盘未连接？）" in o.reason for o in report.outcomes)
    assert not missing.exists()  # a configured share is never created
    assert Evidence.select().count() == 0
    assert evidence.pending_count(case_id) == 2


def test_unreachable_archive_root(
    staff: Staffing, inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _case(staff)
    share = tmp_path / "share"
    share.mkdir()
    files.write_marker(share)
    real_open = os.open

    def network_down(path: object, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(share)):
            raise OSError(errno.EHOSTDOWN, "Host is down")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", network_down)
    outcome = evidence.add_photo(
        staff.agent, case_id, PhotoSource.from_path(_write(inbox, "a.jpg", photo())), root=share
    )
    assert outcome.outcome == Outcome.PENDING
    assert "归档位置现在不可用" in outcome.reason
    assert evidence.pending_count(case_id) == 1


def test_read_only_archive_root(
    staff: Staffing, inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _case(staff)
    share = tmp_path / "share"
    share.mkdir()
    files.write_marker(share)
    real_open = os.open

    def read_only(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(share)) and flags & os.O_WRONLY:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    outcome = evidence.add_photo(
        staff.agent, case_id, PhotoSource.from_path(_write(inbox, "a.jpg", photo())), root=share
    )
    assert outcome.outcome == Outcome.FAILED
    assert "只读" in outcome.reason


def test_name_clash_with_a_file_already_there_takes_the_next_number(
    staff: Staffing, inbox: Path, root: Path
) -> None:
    case_id = _case(staff, "CON")
    first = evidence.add_photo(
        staff.agent, case_id, PhotoSource.from_path(_write(inbox, "a.jpg", photo(colour=1)))
    )
    taken = root / first.rel_path.replace("_01.", "_02.")
    taken.write_bytes(b"someone else's file")
    second = evidence.add_photo(
        staff.agent, case_id, PhotoSource.from_path(_write(inbox, "b.jpg", photo(colour=2)))
    )
    assert second.rel_path.endswith("_03.jpg")
    assert taken.read_bytes() == b"someone else's file"
    assert Path(first.rel_path).name.startswith("_CON~")


def test_roles_and_archive_root_setting(staff: Staffing, tmp_path: Path) -> None:
    case_id = _case(staff)
    assert evidence.add_photos(staff.warehouse, case_id, []).outcomes == []  # stub photos
    with pytest.raises(PermissionDenied):
        evidence.set_archive_root(staff.agent, str(tmp_path))
    with pytest.raises(ValidationError):
        evidence.set_archive_root(staff.admin, "relative/folder")
    share = tmp_path / "共享"
    share.mkdir()
    assert evidence.set_archive_root(staff.admin, str(share)) == share
    assert evidence.archive_root() == share
    outcome = evidence.add_photo(
        staff.agent, case_id, PhotoSource.from_bytes("x.png", photo("PNG"))
    )
    assert (share / outcome.rel_path).is_file()
    assert evidence.set_archive_root(staff.admin, "") == evidence.archive_root()


def test_verify_finds_missing_changed_and_unknown_files(staff: Staffing, root: Path) -> None:
    case_id = _case(staff)
    for i in range(3):
        evidence.add_photo(
            staff.agent, case_id, PhotoSource.from_bytes(f"{i}.png", photo("PNG", colour=i))
        )
    assert evidence.verify().ok
    views = evidence.list_evidence(staff.agent, case_id)
    views[0].path.unlink()
    views[1].path.write_bytes(b"tampered")
    stray = views[2].path.with_name("stray.jpg")
    stray.write_bytes(b"x")
    (views[2].path.parent / ".~kefu-dead.part").write_bytes(b"half")
    report = evidence.verify()
    assert not report.ok
    assert report.missing == [views[0].rel_path]
    assert report.mismatched == [views[1].rel_path]
    assert report.unknown == [stray.relative_to(root).as_posix()]
    assert len(report.leftovers) == 1
    assert report.checked == 3
