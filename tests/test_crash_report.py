"""A desk that dies of a fatal error leaves a report, and the next start tells the user."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kefu_desktop.logging_setup import CRASH_NAME, LOG_NAME, take_previous_crash_report
from kefu_desktop.ui import app as app_module
from tests.conftest import PASSWORD, Staffing

pytestmark = pytest.mark.gui

CRASHING_DESK = """
import ctypes, sys
from kefu_desktop.logging_setup import enable_crash_report
enable_crash_report()
def scan_parcel():
    ctypes.string_at(0)  # a fatal error inside native code, as a broken binding would cause
scan_parcel()
"""


def _crash_a_process(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KEFU_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-c", CRASHING_DESK], capture_output=True, text=True, env=env, timeout=60
    )


def test_a_fatal_error_writes_the_crash_file(data_dir: Path) -> None:
    done = _crash_a_process(data_dir)
    assert done.returncode != 0
    report = (data_dir / "logs" / CRASH_NAME).read_text(encoding="utf-8")
    assert "Segmentation fault" in report or "Fatal Python error" in report
    assert "scan_parcel" in report  # the Python stack of the crash, for the administrator
    kept = take_previous_crash_report(data_dir / "logs")
    assert kept is not None and kept.name.startswith("crash-")
    assert kept.read_text(encoding="utf-8") == report
    assert take_previous_crash_report(data_dir / "logs") is None  # told once


def test_a_normal_run_leaves_no_report(data_dir: Path) -> None:
    code = "from kefu_desktop.logging_setup import enable_crash_report; enable_crash_report()"
    env = {**os.environ, "KEFU_DATA_DIR": str(data_dir)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)
    assert (data_dir / "logs" / CRASH_NAME).read_text() == ""
    assert take_previous_crash_report(data_dir / "logs") is None


def test_the_notice_says_what_happened_and_where_the_report_is(
    qtbot: QtBot, data_dir: Path
) -> None:
    report = data_dir / "logs" / "crash-20261129-101500.txt"
    box = app_module.tell_about_previous_crash(report)
    qtbot.addWidget(box)
    assert box.isVisible() and box.windowTitle() == "程序上次意外退出"
    assert "意外退出" in box.text() and "已保存的数据不受影响" in box.text()
    assert str(report) in box.informativeText()
    assert LOG_NAME in box.informativeText()
    assert box.button(QMessageBox.StandardButton.Ok).text() == "知道了"


def test_the_next_start_tells_the_user(
    sqlite_staff: Staffing, sqlite_url: str, data_dir: Path
) -> None:
    assert _crash_a_process(data_dir).returncode != 0
    env = {
        **os.environ,
        "KEFU_DATA_DIR": str(data_dir),
        app_module.PASSWORD_ENV: PASSWORD,
        "QT_QPA_PLATFORM": "offscreen",
    }
    start = [sys.executable, "-m", "kefu_desktop", "--db", sqlite_url, "--user", "kefu01"]
    done = subprocess.run(
        [*start, "--exit-when-ready"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    kept = sorted((data_dir / "logs").glob("crash-*.txt"))
    assert len(kept) == 1 and "scan_parcel" in kept[0].read_text(encoding="utf-8")
    assert (data_dir / "logs" / CRASH_NAME).read_text() == ""  # this run ended normally
    log = (data_dir / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert f"report kept in {kept[0]}" in log
    again = subprocess.run(
        [*start, "--exit-when-ready"], capture_output=True, text=True, env=env, timeout=120
    )
    assert again.returncode == 0, again.stderr
    log = (data_dir / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert log.count("report kept in") == 1  # told once, not at every start
