"""`archive verify --adopt` trusts nothing in a file name, and an agent attaches the rest by hand."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from kefu_desktop import cli
from kefu_desktop.archive.naming import ARCHIVE_FOLDER, build_relative_path
from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases, evidence
from kefu_desktop.services.cases import NewCase
from kefu_desktop.services.evidence import Outcome, PhotoSource
from kefu_desktop.store.models import CaseEvent, Evidence
from tests.conftest import Staffing
from tests.evidence_photos import photo


def _month() -> str:
    return f"{date.today():%Y-%m}"


def _plant(root: Path, folder: str, name: str, colour: int) -> str:
    path = root / ARCHIVE_FOLDER / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(photo("PNG", colour=colour))
    return f"{ARCHIVE_FOLDER}/{folder}/{name}"


def test_adopt_attaches_only_what_name_and_folder_both_say(
    staff: Staffing, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="tb_甲"))
    other = cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="a/b:乙"))
    evidence.add_photo(staff.agent, mine.id, PhotoSource.from_bytes("x.png", photo("PNG")))
    root = evidence.archive_root()
    month = _month()
    odd_name = build_relative_path(str(root), "a/b:乙", other.case_no, 4, "png", date.today())
    good = [
        _plant(root, month, f"tb_甲_{mine.case_no}_05.png", 5),
        _plant(root, month, odd_name.name, 4),  # a customer ID made safe with its hash
    ]
    bad = {
        _plant(root, month, f"tb_乙_{mine.case_no}_06.png", 6): "与售后单",
        _plant(root, month, f"{odd_name.name.split('_')[0]}_{mine.case_no}_07.png", 7): "不一致",
        _plant(root, month, f"nobody_{mine.case_no}_08.png", 8): "不一致",
        _plant(root, "2020-01", f"tb_甲_{mine.case_no}_09.png", 9): "不是售后单",
        _plant(root, "其他", f"tb_甲_{mine.case_no}_10.png", 10): "月份文件夹",
        _plant(root, month, "tb_甲_SH20200101-0001_01.png", 11): "找不到文件名里的售后单",
        _plant(root, month, "微信图片.png", 12): "格式",
    }
    folder = root / ARCHIVE_FOLDER / month
    old_temp, fresh_temp = folder / ".~kefu-old.part", folder / ".~kefu-new.part"
    old_temp.write_bytes(b"half")
    fresh_temp.write_bytes(b"half")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old_temp, (two_days_ago, two_days_ago))

    assert cli.main(["--db", db_url, "archive", "verify"]) == 1  # leftovers keep being reported
    out = capsys.readouterr().out
    assert "未完成的临时文件（可删除）（2 个）" in out

    assert cli.main(["--db", db_url, "archive", "verify", "--adopt"]) == 1
    out = capsys.readouterr().out
    assert "已补回记录的照片（2 个）" in out
    for rel, reason in bad.items():
        line = next(line for line in out.splitlines() if rel in line)
        assert reason in line, line
    assert "已删除的一天以前的临时文件（1 个）" in out and ".~kefu-old.part" in out
    assert "保留的临时文件（不到一天，可能正在导入）（1 个）" in out
    assert not old_temp.exists() and fresh_temp.exists()
    adopted = {e.rel_path: e.case_id for e in Evidence.select().where(Evidence.added_by.is_null())}
    assert adopted == {good[0]: mine.id, good[1]: other.id}
    for rel in bad:
        assert (root / rel).exists()  # left untouched

    report = evidence.verify()
    assert report.leftovers == [f"{ARCHIVE_FOLDER}/{month}/.~kefu-new.part"]
    assert sorted(report.unknown) == sorted(bad)


def test_agent_attaches_an_unmatched_photo_by_hand(staff: Staffing) -> None:
    mine = cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="tb_甲"))
    theirs = cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="tb_乙"))
    evidence.add_photo(staff.agent, mine.id, PhotoSource.from_bytes("x.png", photo("PNG")))
    root = evidence.archive_root()
    planted = _plant(root, _month(), f"tb_乙_{mine.case_no}_02.png", 2)
    orphans = {o.rel_path: o for o in evidence.list_orphans(staff.agent)}
    assert orphans[planted].case_id is None and "不一致" in orphans[planted].reason

    outcome = evidence.attach_orphan(staff.agent, theirs.id, planted)
    assert outcome.outcome == Outcome.ADDED
    assert outcome.rel_path == f"{ARCHIVE_FOLDER}/{_month()}/tb_乙_{theirs.case_no}_01.png"
    assert (root / outcome.rel_path).read_bytes() == photo("PNG", colour=2)
    assert not (root / planted).exists()  # moved into the case, not copied twice
    event = CaseEvent.get((CaseEvent.case == theirs.id) & (CaseEvent.action == "evidence_added"))
    assert event.details["attached_from"] == planted
    assert evidence.list_orphans(staff.agent) == []
    assert evidence.verify().ok

    copy = _plant(root, _month(), "副本.png", 2)
    again = evidence.attach_orphan(staff.agent, theirs.id, copy)
    assert again.outcome == Outcome.DUPLICATE and (root / copy).exists()
    broken = _plant(root, _month(), "坏.png", 3)
    (root / broken).write_bytes(b"not a picture")
    failed = evidence.attach_orphan(staff.agent, theirs.id, broken)
    assert failed.outcome == Outcome.FAILED and (root / broken).exists()
    for rel in ("../kefu.db", f"{ARCHIVE_FOLDER}/{_month()}/.~kefu-x.part", outcome.rel_path):
        with pytest.raises(ValidationError):
            evidence.attach_orphan(staff.agent, theirs.id, rel)
    assert Evidence.select().count() == 2
