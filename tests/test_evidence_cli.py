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
    assert "归档文件夹不存在" in capsys.readouterr().err
