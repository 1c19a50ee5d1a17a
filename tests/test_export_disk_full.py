"""A monthly export onto a full disk: a typed Chinese message, no traceback, nothing half-written,
and the same export works once there is room again."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from kefu_desktop import cli
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases
from kefu_desktop.services.cases import NewCase
from tests.conftest import Staffing


def _cases(staff: Staffing, count: int = 30) -> str:
    for i in range(count):
        cases.create_case(
            staff.agent,
            NewCase(kind=CaseKind.QUALITY, customer_id=f"tb_满盘{i}", summary="质量问题 " * 20),
        )
    return f"{date.today():%Y-%m}"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("a real small disk needs root (CI runs as root)")
    folder = tmp_path / "小U盘"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount here: {mounted.stderr.strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_export_onto_a_full_disk_says_so_and_works_when_room_is_back(
    staff: Staffing, db_url: str, small_disk: Path, data_dir: Path
) -> None:
    month = _cases(staff)
    target = small_disk / "登记表.xlsx"
    command = [sys.executable, "-m", "kefu_desktop", "--db", db_url, "export"]
    command += ["--month", month, "--out", str(target)]
    env = {**os.environ, "KEFU_DATA_DIR": str(data_dir)}
    full = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert full.returncode == 2, full.stderr
    assert "导出月度报表失败" in full.stderr and "磁盘空间已满" in full.stderr
    assert "清理磁盘空间" in full.stderr
    assert "Traceback" not in full.stderr and "No space" not in full.stderr
    assert full.stderr.count("\n") == 1  # one line
    assert list(small_disk.iterdir()) == []  # nothing half-written

    subprocess.run(["mount", "-o", "remount,size=4m", str(small_disk)], check=True)
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    workbook = openpyxl.load_workbook(target, read_only=True)
    assert "明细" in workbook.sheetnames
    workbook.close()
    assert [p.name for p in small_disk.iterdir()] == ["登记表.xlsx"]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "磁盘空间已满"),
        (errno.EIO, "磁盘读写出错"),
        (errno.EROFS, "只读"),
    ],
)
def test_export_disk_errors_injected(
    staff: Staffing,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    words: str,
) -> None:
    month = _cases(staff, 3)
    folder = tmp_path / "导出"
    folder.mkdir()
    real_open, real_write = os.open, os.write
    ours: set[int] = set()

    def tracking_open(path: object, *args: object, **kwargs: object) -> int:
        fd = real_open(path, *args, **kwargs)  # type: ignore[arg-type]
        if str(path).startswith(str(folder)):
            ours.add(fd)
        return fd

    def failing_write(fd: int, data: object) -> int:
        if fd in ours:
            real_write(fd, bytes(data)[:100])  # type: ignore[call-overload]
            raise OSError(code, os.strerror(code))
        return real_write(fd, data)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", tracking_open)
    monkeypatch.setattr(os, "write", failing_write)
    target = folder / "登记表.xlsx"
    argv = ["--db", db_url, "export", "--month", month, "--out", str(target)]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and os.strerror(code) not in err
    assert list(folder.iterdir()) == []

    monkeypatch.setattr(os, "write", real_write)
    assert cli.main(argv) == 0
    assert target.is_file()
