"""`kefu-desktop archive verify` against a real database and archive."""

from __future__ import annotations

from pathlib import Path

import pytest

from kefu_desktop import cli
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases, evidence
from kefu_desktop.services.cases import NewCase
from kefu_desktop.services.evidence import PhotoSource
from tests.conftest import Staffing
from tests.evidence_photos import photo


def test_verify_exit_codes(
    staff: Staffing, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="tb_1")).id
    for i in range(2):
        evidence.add_photo(
            staff.agent, case_id, PhotoSource.from_bytes(f"{i}.png", photo("PNG", colour=i))
        )
    assert cli.main(["--db", db_url, "archive", "verify"]) == 0
    assert "全部正常：核对了 2 个文件" in capsys.readouterr().out

    views = evidence.list_evidence(staff.agent, case_id)
    views[0].path.unlink()
    (views[1].path.parent / "别人放的.jpg").write_bytes(b"x")
    assert cli.main(["--db", db_url, "archive", "verify"]) == 1
    out = capsys.readouterr().out
    assert "记录有但文件缺失（1 个）" in out and views[0].rel_path in out
    assert "归档里没有记录的文件（1 个）" in out and "别人放的.jpg" in out


def test_verify_unreachable_root(
    staff: Staffing, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["--db", db_url, "archive", "verify", "--root", str(tmp_path / "gone")])
    assert code == 2
    assert "无法访问归档文件夹（归档位置现在不可用（网络盘未连接？））" in capsys.readouterr().err


def test_adopt_gives_lost_photos_their_record_back(
    staff: Staffing,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kefu_desktop.archive import files
    from kefu_desktop.store.models import CaseEvent, Evidence

    case = cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="tb_断电"))
    kept = evidence.add_photo(staff.agent, case.id, PhotoSource.from_bytes("a.png", photo("PNG")))
    real_publish = files.publish

    def publish_then_die(temp: Path, target: Path) -> None:
        real_publish(temp, target)
        raise SystemExit("the app was killed here")

    real_remove = evidence._remove_if_ours
    monkeypatch.setattr(files, "publish", publish_then_die)
    # nothing of the app runs after a kill, not even its clean-up
    monkeypatch.setattr(evidence, "_remove_if_ours", lambda *args: None)
    with pytest.raises(SystemExit):
        evidence.add_photo(
            staff.agent, case.id, PhotoSource.from_bytes("b.png", photo("PNG", colour=3))
        )
    monkeypatch.setattr(files, "publish", real_publish)
    monkeypatch.setattr(evidence, "_remove_if_ours", real_remove)
    root = evidence.archive_root()
    lost = sorted(p for p in (root / "售后问题图片").rglob("*_02.png"))
    assert len(lost) == 1 and Evidence.select().count() == 1
    copy = lost[0].with_name(lost[0].name.replace("_02.", "_09."))
    copy.write_bytes((root / kept.rel_path).read_bytes())
    (lost[0].parent / "别人放的.jpg").write_bytes(b"x")

    assert cli.main(["--db", db_url, "archive", "verify", "--adopt"]) == 1
    out = capsys.readouterr().out
    assert "已补回记录的照片（1 个）" in out and lost[0].name in out
    assert "已有同一张照片" in out and copy.name in out
    assert "文件名不是“买家ID_售后单号_序号”的格式" in out
    adopted = Evidence.get(Evidence.rel_path.endswith("_02.png"))
    assert (adopted.case_id, adopted.original_name) == (case.id, lost[0].name)
    assert CaseEvent.select().where(CaseEvent.action == "evidence_added").count() == 2
    assert copy.exists() and (lost[0].parent / "别人放的.jpg").exists()  # nothing deleted


def test_verify_before_any_photo_is_fine(
    staff: Staffing, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not evidence.archive_root().exists()
    assert cli.main(["--db", db_url, "archive", "verify"]) == 0
    assert "还没有归档任何证据照片" in capsys.readouterr().out
