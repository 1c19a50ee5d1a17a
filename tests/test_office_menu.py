"""The administrator's 备份数据库… and 登录与备份记录…, and the daily backup at start."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.audit import AuditEvent
from kefu_desktop.services import auth
from kefu_desktop.services.auth import LoginFailed
from kefu_desktop.ui.accounts.audit_log_dialog import AuditLogDialog
from kefu_desktop.ui.cases.main_window import MainWindow
from tests.conftest import PASSWORD, Staffing


def test_only_the_admin_sees_backup_and_audit_log(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    for user, shown in ((sqlite_staff.admin, True), (sqlite_staff.supervisor, False)):
        win = MainWindow(user, "SQLite test.db")
        qtbot.addWidget(win)
        texts = [a.text() for a in win.ui.fileMenu.actions()]
        assert ("备份数据库…" in texts) is shown
        assert ("登录与备份记录…" in texts) is shown


def test_backup_from_the_menu_writes_the_file_off_the_ui_thread(
    qtbot: QtBot, sqlite_staff: Staffing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = MainWindow(sqlite_staff.admin, "SQLite test.db")
    qtbot.addWidget(win)
    target = tmp_path / "办公室备份.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    with qtbot.waitSignal(win.backup_action.triggered):
        win.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert str(target) in told[0]
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 5


def test_audit_log_dialog_lists_logins_and_lockouts(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    for _ in range(5):
        with pytest.raises(LoginFailed):
            auth.login("kefu02", "wrong-password")
    auth.login("kefu01", PASSWORD)
    dialog = AuditLogDialog(sqlite_staff.admin)
    qtbot.addWidget(dialog)
    table = dialog.ui.entryTable
    rows = [tuple(table.item(r, c).text() for c in range(1, 4)) for r in range(table.rowCount())]
    assert rows[0] == (AuditEvent.LOGIN.label, "kefu01", "小美")
    assert rows[1] == (AuditEvent.LOCKED.label, "kefu02", "阿杰")
    assert rows.count((AuditEvent.WRONG_PASSWORD.label, "kefu02", "阿杰")) == 4


def test_app_start_makes_the_days_backup(sqlite_staff: Staffing, sqlite_url: str) -> None:
    env = {**os.environ, "KEFU_PASSWORD": PASSWORD, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "kefu_desktop", "--db", sqlite_url, "--user", "kefu01",
         "--exit-when-ready"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    db_file = Path(sqlite_url.removeprefix("sqlite:///"))
    today = db_file.parent / "backups" / f"kefu-{date.today():%Y-%m-%d}.db"
    assert today.is_file()
    with sqlite3.connect(today) as conn:
        assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 5
