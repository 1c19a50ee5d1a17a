"""The archive share going away: photos wait on the desk, nothing lands under an empty mount
point, `archive verify` says the archive cannot be reached, and a full disk says so in words.

The tests with real mounts (a bind-mounted share unmounted and mounted again, a small tmpfs that
fills up) run where the test runs as root (CI does); the others simulate the share by moving
its folder away and back.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from kefu_desktop import cli
from kefu_desktop.archive import files
from kefu_desktop.archive.files import ArchiveUnreachable
from kefu_desktop.archive.naming import ARCHIVE_FOLDER
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases, evidence
from kefu_desktop.services.cases import NewCase
from kefu_desktop.services.evidence import Outcome, PhotoSource
from kefu_desktop.store.models import CaseEvent, Evidence
from tests.conftest import Staffing
from tests.evidence_photos import photo

UNAVAILABLE = "归档位置现在不可用（网络盘未连接？）"


def _case(staff: Staffing, customer_id: str = "tb_网络盘") -> int:
    return cases.create_case(
        staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id=customer_id)
    ).id


def _inbox(tmp_path: Path, count: int, start: int = 0) -> list[Path]:
    folder = tmp_path / "聊天图片"
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = folder / f"IMG_{i}.jpg"
        path.write_bytes(photo(colour=i))
        paths.append(path)
    return paths


def _tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def _noise_png(side: int, seed: int) -> bytes:
    """A PNG that does not compress (about side² × 3 bytes)."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=0)
    return buffer.getvalue()


class Mounts:
    """Real mounts for a test (root only); everything mounted is unmounted at the end."""

    def __init__(self) -> None:
        self.mounted: list[Path] = []

    def run(self, *args: str) -> None:
        result = subprocess.run(["mount", *args], capture_output=True, text=True)
        if result.returncode != 0:
            pytest.skip(f"cannot mount here: {result.stderr.strip()}")

    def bind(self, source: Path, target: Path) -> None:
        self.run("--bind", str(source), str(target))
        self.mounted.append(target)

    def tmpfs(self, target: Path, size: str) -> None:
        self.run("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target))
        self.mounted.append(target)

    def resize(self, target: Path, size: str) -> None:
        self.run("-o", f"remount,size={size}", str(target))

    def umount(self, target: Path) -> None:
        subprocess.run(["umount", str(target)], check=True)
        self.mounted.remove(target)


@pytest.fixture
def mounts() -> Iterator[Mounts]:
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("real mounts need root (CI runs as root)")
    helper = Mounts()
    yield helper
    for target in reversed(helper.mounted):
        subprocess.run(["umount", "-l", str(target)], check=False)


def test_share_away_then_back_photos_wait_and_are_stored_by_themselves(
    staff: Staffing, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    share = tmp_path / "server" / "售后"
    share.mkdir(parents=True)
    evidence.set_archive_root(staff.admin, str(share))
    case_id = _case(staff)
    first = evidence.add_photo(staff.agent, case_id, PhotoSource.from_path(_inbox(tmp_path, 1)[0]))
    assert first.outcome == Outcome.ADDED

    away = tmp_path / "server" / "断开"
    share.rename(away)  # the share is gone: \\server\售后 cannot be reached
    sources = _inbox(tmp_path, 2, start=1)
    bad = tmp_path / "聊天图片" / "坏的.jpg"
    bad.write_bytes(b"not a picture")
    before = {p: p.read_bytes() for p in [*sources, bad]}
    report = evidence.add_photos(
        staff.agent, case_id, [PhotoSource.from_path(p) for p in [*sources, bad]]
    )
    assert [o.outcome for o in report.outcomes] == [
        Outcome.PENDING,
        Outcome.PENDING,
        Outcome.FAILED,
    ]
    assert all(UNAVAILABLE in o.reason for o in report.pending)
    assert "不必重新添加" in report.summary()
    assert {p: p.read_bytes() for p in before} == before  # the customer's files stay put
    assert not share.exists()  # nothing created where the share should be
    assert Evidence.select().count() == 1
    assert evidence.pending_count(case_id) == 2
    waiting = CaseEvent.get(CaseEvent.action == "evidence_pending")
    assert waiting.details == {"count": 2, "files": ["IMG_1.jpg", "IMG_2.jpg"]}
    # adding the same photo again while it waits does not queue it twice
    again = evidence.add_photo(staff.agent, case_id, PhotoSource.from_path(sources[0]))
    assert again.outcome == Outcome.DUPLICATE and evidence.pending_count(case_id) == 2

    with pytest.raises(ArchiveUnreachable, match="无法访问归档文件夹"):
        evidence.verify()
    assert cli.main(["--db", db_url, "archive", "verify"]) == 2
    captured = capsys.readouterr()
    assert "无法访问归档文件夹" in captured.err and "缺失" not in captured.out + captured.err
    still = evidence.store_pending()
    assert (still.stored, still.waiting, still.reachable) == ([], 2, False)

    away.rename(share)  # back again
    stored = evidence.store_pending()
    assert [o.outcome for o in stored.stored] == [Outcome.ADDED, Outcome.ADDED]
    assert stored.waiting == 0 and evidence.pending_count() == 0
    views = evidence.list_evidence(staff.agent, case_id)
    assert [v.original_name for v in views] == ["IMG_0.jpg", "IMG_1.jpg", "IMG_2.jpg"]
    assert [v.path.read_bytes() for v in views[1:]] == [before[p] for p in sources]
    assert {v.added_by_name for v in views} == {"小王"} or len(
        {v.added_by_name for v in views}
    ) == 1
    assert Evidence.get(Evidence.original_name == "IMG_1.jpg").added_by_id == staff.agent.id
    assert evidence.verify().ok
    assert list((evidence.pending_queue().folder).iterdir()) == []
    assert cli.main(["--db", db_url, "archive", "verify"]) == 0
    assert "全部正常：核对了 3 个文件" in capsys.readouterr().out


def test_unmounted_share_writes_nothing_under_the_mount_point(
    staff: Staffing, db_url: str, tmp_path: Path, mounts: Mounts, capsys: pytest.CaptureFixture[str]
) -> None:
    server = tmp_path / "server-disk"
    mount_point = tmp_path / "mnt" / "售后"
    server.mkdir()
    mount_point.mkdir(parents=True)
    mounts.bind(server, mount_point)
    evidence.set_archive_root(staff.admin, str(mount_point))
    assert (server / files.MARKER_NAME).is_file()
    case_id = _case(staff)
    assert evidence.add_photo(
        staff.agent, case_id, PhotoSource.from_path(_inbox(tmp_path, 1)[0])
    ).outcome == (Outcome.ADDED)

    mounts.umount(mount_point)  # after a reboot the share did not mount: an empty folder
    assert _tree(mount_point) == []
    source = _inbox(tmp_path, 1, start=5)[0]
    outcome = evidence.add_photo(staff.agent, case_id, PhotoSource.from_path(source))
    assert outcome.outcome == Outcome.PENDING and UNAVAILABLE in outcome.reason
    assert _tree(mount_point) == []  # nothing written on the local disk under the mount point
    assert source.read_bytes() == photo(colour=5)
    assert cli.main(["--db", db_url, "archive", "verify"]) == 2
    assert "无法访问归档文件夹" in capsys.readouterr().err

    mounts.bind(server, mount_point)
    assert evidence.store_pending().waiting == 0
    assert Evidence.select().count() == 2
    assert len([p for p in (server / ARCHIVE_FOLDER).rglob("*.jpg")]) == 2
    assert evidence.verify().ok


def test_existing_archive_is_marked_on_first_use_and_an_empty_one_is_refused(
    staff: Staffing, tmp_path: Path
) -> None:
    case_id = _case(staff)
    old = tmp_path / "old-share"
    (old / ARCHIVE_FOLDER / "2026-10").mkdir(parents=True)  # photos from before markers
    outcome = evidence.add_photo(
        staff.agent, case_id, PhotoSource.from_bytes("a.png", photo("PNG")), root=old
    )
    assert outcome.outcome == Outcome.ADDED
    assert (old / files.MARKER_NAME).is_file()

    empty = tmp_path / "Z盘"
    empty.mkdir()
    outcome = evidence.add_photo(
        staff.agent, case_id, PhotoSource.from_bytes("b.png", photo("PNG", colour=2)), root=empty
    )
    assert outcome.outcome == Outcome.PENDING and UNAVAILABLE in outcome.reason
    assert _tree(empty) == []
    with pytest.raises(ArchiveUnreachable):
        evidence.verify(empty)
    assert evidence.verify(old).ok


def test_share_lost_in_the_middle_of_a_batch(staff: Staffing, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    evidence.set_archive_root(staff.admin, str(share))
    case_id = _case(staff)
    sources = [PhotoSource.from_path(p) for p in _inbox(tmp_path, 4)]
    away = tmp_path / "share-away"

    def lose_share_after_first(done: int, total: int, outcome: object) -> None:
        if done == 1:
            share.rename(away)

    report = evidence.add_photos(staff.agent, case_id, sources, progress=lose_share_after_first)
    assert [o.outcome for o in report.outcomes] == [Outcome.ADDED] + [Outcome.PENDING] * 3
    assert not share.exists()
    photos = [p for p in away.rglob("*.jpg")]
    assert len(photos) == 1  # no photo under its final name without its record
    away.rename(share)
    assert len(evidence.store_pending().stored) == 3
    assert Evidence.select().count() == 4
    checked = evidence.verify()
    assert (checked.missing, checked.mismatched, checked.unknown) == ([], [], [])
    # a temporary file staged just before the share went could not be removed then: it is
    # reported as a leftover (cleared by verify --adopt after a day), never taken as a photo
    assert len(checked.leftovers) <= 1


def test_pending_photo_of_another_database_keeps_waiting(staff: Staffing, tmp_path: Path) -> None:
    case_id = _case(staff)
    missing = tmp_path / "gone"
    outcome = evidence.add_photo(
        staff.agent, case_id, PhotoSource.from_bytes("a.png", photo("PNG")), root=missing
    )
    assert outcome.outcome == Outcome.PENDING
    entry = evidence.pending_photos(case_id)[0]
    manifest = evidence.pending_queue().folder / f"{entry.key}.json"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(entry.case_no, "SH20200101-0001"),
        encoding="utf-8",
    )
    report = evidence.store_pending(tmp_path / "default-is-not-used")
    assert report.stored == [] and report.waiting == 1  # archive root missing too
    report = evidence.store_pending(evidence.archive_root())
    assert report.stored == [] and report.waiting == 1
    assert "不在当前数据库里" in report.problems[0][1]
    assert Evidence.select().count() == 0 and evidence.pending_count() == 1


def test_disk_full_during_photo_import_on_a_real_small_disk(
    staff: Staffing, tmp_path: Path, mounts: Mounts
) -> None:
    share = tmp_path / "small-share"
    share.mkdir()
    mounts.tmpfs(share, "1m")
    evidence.set_archive_root(staff.admin, str(share))
    case_id = _case(staff)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    big = [inbox / f"大图{i}.png" for i in range(3)]
    for i, path in enumerate(big):
        path.write_bytes(_noise_png(420, i))  # ~530 KB each: only one fits in 1 MB
    before = {p: p.read_bytes() for p in big}
    report = evidence.add_photos(staff.agent, case_id, [PhotoSource.from_path(p) for p in big])
    outcomes = [o.outcome for o in report.outcomes]
    # photos are staged two at a time, so which ones get the room varies; never all three
    assert outcomes.count(Outcome.FAILED) >= 2 and set(outcomes) <= {Outcome.ADDED, Outcome.FAILED}
    for failed in report.failed:
        assert "磁盘已满" in failed.reason and "No space" not in failed.reason
    assert {p: p.read_bytes() for p in big} == before
    on_disk = [p for p in (share / ARCHIVE_FOLDER).rglob("*") if p.is_file()]
    assert not [p for p in on_disk if files.is_temp_name(p.name)]  # nothing half-written
    assert len(on_disk) == Evidence.select().count() == len(report.added)
    assert evidence.verify().ok

    mounts.resize(share, "4m")  # space is back
    again = evidence.add_photos(staff.agent, case_id, [PhotoSource.from_path(p) for p in big])
    assert not again.failed
    assert Evidence.select().count() == 3 and evidence.verify().ok


def test_archive_disk_turning_read_only_mid_work(
    staff: Staffing, tmp_path: Path, mounts: Mounts
) -> None:
    share = tmp_path / "share-disk"
    share.mkdir()
    mounts.tmpfs(share, "8m")
    evidence.set_archive_root(staff.admin, str(share))
    case_id = _case(staff)
    sources = [PhotoSource.from_path(p) for p in _inbox(tmp_path, 3)]
    assert evidence.add_photo(staff.agent, case_id, sources[0]).outcome == Outcome.ADDED

    mounts.resize(share, "8m,ro")  # the disk went read-only (as after an I/O error)
    report = evidence.add_photos(staff.agent, case_id, sources[1:])
    assert [o.outcome for o in report.outcomes] == [Outcome.FAILED, Outcome.FAILED]
    assert all("只读" in o.reason and "Read-only" not in o.reason for o in report.failed)
    assert Evidence.select().count() == 1 and evidence.pending_count() == 0
    assert evidence.verify().ok  # what was confirmed before is all there

    mounts.resize(share, "8m,rw")
    again = evidence.add_photos(staff.agent, case_id, sources[1:])
    assert [o.outcome for o in again.outcomes] == [Outcome.ADDED, Outcome.ADDED]
    assert evidence.verify().ok


def test_share_lost_again_while_waiting_photos_are_stored_keeps_them_waiting(
    staff: Staffing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    evidence.set_archive_root(staff.admin, str(share))
    case_id = _case(staff)
    away = tmp_path / "share-away"
    share.rename(away)
    sources = [PhotoSource.from_path(p) for p in _inbox(tmp_path, 2)]
    assert [o.outcome for o in evidence.add_photos(staff.agent, case_id, sources).outcomes] == [
        Outcome.PENDING,
        Outcome.PENDING,
    ]
    away.rename(share)
    real_publish = files.publish

    def share_drops_while_publishing(temp: Path, target: Path) -> None:
        share.rename(away)
        real_publish(temp, target)

    monkeypatch.setattr(files, "publish", share_drops_while_publishing)
    report = evidence.store_pending()
    assert report.stored == [] and report.waiting == 2 and not report.reachable
    assert evidence.pending_count(case_id) == 2  # nothing dropped from the queue
    assert Evidence.select().count() == 0

    monkeypatch.setattr(files, "publish", real_publish)
    away.rename(share)
    assert len(evidence.store_pending().stored) == 2
    assert evidence.pending_count() == 0 and Evidence.select().count() == 2


def test_desk_killed_while_storing_a_waiting_photo_stores_it_exactly_once(
    staff: Staffing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    evidence.set_archive_root(staff.admin, str(share))
    case_id = _case(staff)
    away = tmp_path / "share-away"
    share.rename(away)
    source = PhotoSource.from_path(_inbox(tmp_path, 1)[0])
    assert evidence.add_photo(staff.agent, case_id, source).outcome == Outcome.PENDING
    away.rename(share)
    real_publish, real_remove = files.publish, evidence._remove_if_ours

    def publish_then_die(temp: Path, target: Path) -> None:
        real_publish(temp, target)
        raise SystemExit("the desk was killed here")

    monkeypatch.setattr(files, "publish", publish_then_die)
    monkeypatch.setattr(evidence, "_remove_if_ours", lambda *args: None)  # no clean-up after a kill
    with pytest.raises(SystemExit):
        evidence.store_pending()
    monkeypatch.setattr(files, "publish", real_publish)
    monkeypatch.setattr(evidence, "_remove_if_ours", real_remove)
    assert Evidence.select().count() == 0 and evidence.pending_count() == 1
    assert len(list((share / ARCHIVE_FOLDER).rglob("*.jpg"))) == 1  # the file, without its record

    report = evidence.store_pending()  # the next start tries again
    assert [o.outcome for o in report.stored] == [Outcome.ADDED]
    assert report.stored[0].rel_path.endswith("_01.jpg")  # the file already there is reused
    assert Evidence.select().count() == 1 and evidence.pending_count() == 0
    assert len(list((share / ARCHIVE_FOLDER).rglob("*.jpg"))) == 1
    assert evidence.verify().ok
