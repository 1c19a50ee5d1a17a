"""`kefu-desktop export`: exit code 0 and the file on success, non-zero and one line otherwise."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from kefu_desktop.cli import main
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases
from kefu_desktop.services.cases import NewCase
from tests.conftest import PASSWORD, Staffing


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEFU_PASSWORD", PASSWORD)


def _this_month() -> str:
    return f"{date.today():%Y-%m}"


def test_export_month_writes_the_workbook(
    staff: Staffing, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="买家甲"))
    target = tmp_path / "register.xlsx"
    args = ["--db", db_url, "export", "--month", _this_month(), "--out", str(target)]
    assert main(args) == 2  # no login: refused, nothing written
    assert "--user" in capsys.readouterr().err and not target.exists()
    assert main(["--user", "kefu01", *args]) == 2  # agents do not take out the registers
    assert "无权" in capsys.readouterr().err and not target.exists()
    code = main(["--user", "ZhuGuan01", *args])
    assert code == 0, capsys.readouterr().err
    assert "已导出" in capsys.readouterr().out
    book = openpyxl.load_workbook(target)
    assert book["明细"].max_row == 2
    assert book["明细"]["C2"].value == "买家甲"


def test_export_date_range(staff: Staffing, db_url: str, tmp_path: Path) -> None:
    cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="买家乙"))
    today = date.today()
    code = main(
        ["--db", db_url, "--user", "admin", "export", "--from", f"{today - timedelta(days=3)}", "--to",
         f"{today}", "--out", str(tmp_path / "range")]
    )  # fmt: skip
    assert code == 0
    assert openpyxl.load_workbook(tmp_path / "range.xlsx")["明细"]["C2"].value == "买家乙"


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        (["--month", "2026-13"], "不是有效月份"),
        (["--month", "9999-01"], "还没到"),
        (["--month", "2024-01", "--from", "2024-01-01"], "二选一"),
        (["--from", "2024-01-05", "--to", "2024-01-01"], "早于"),
        (["--from", "2024-01-05"], "同时给出"),
        (["--from", "2024-02-30", "--to", "2024-03-01"], "不是有效日期"),
        ([], "--month"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line(
    sqlite_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    reason: str,
) -> None:
    target = tmp_path / "register.xlsx"
    code = main(["--db", sqlite_url, "export", *arguments, "--out", str(target)])
    err = capsys.readouterr().err
    assert code != 0
    assert reason in err and err.count("\n") == 1
    assert not target.exists()


def test_unwritable_target_exits_non_zero(
    sqlite_url: str, sqlite_staff: Staffing, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["--db", sqlite_url, "--user", "admin", "export", "--month", _this_month(), "--out",
         str(tmp_path / "no-such-folder" / "r.xlsx")]
    )  # fmt: skip
    assert code != 0
    assert "文件夹不存在" in capsys.readouterr().err
