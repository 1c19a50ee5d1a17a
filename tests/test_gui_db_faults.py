"""The desk on a failing disk: a typed message with its own title, what was typed stays, and
the same click works once the fault is gone."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.store import db as store_db
from kefu_desktop.store.models import Case
from kefu_desktop.ui.wizards import new_case_wizard
from kefu_desktop.ui.wizards.case_wizard import EVIDENCE_ID, INTAKE_ID
from tests.conftest import Staffing
from tests.test_wizard_gui import fill_intake, open_wizard

pytestmark = pytest.mark.gui


def test_wizard_on_a_full_disk_keeps_what_was_typed(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text: shown.append((title, text))
    )
    database = store_db.database.obj
    statement = database._execute_cursor
    disk_full = [True]

    def on_a_full_disk(sql: str, params: Any, **options: Any) -> Any:
        if disk_full[0] and sql.startswith('INSERT INTO "case"'):
            database._state.conn.execute("ROLLBACK")  # what SQLite does on SQLITE_FULL
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
            raise error
        return statement(sql, params, **options)

    monkeypatch.setattr(database, "_execute_cursor", on_a_full_disk)
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.QUALITY))
    fill_intake(qtbot, wizard)
    wizard.next()
    assert wizard.currentId() == INTAKE_ID  # stays on the page
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "磁盘出错，未保存"
    assert "磁盘已满" in text and "清理磁盘空间" in text and "disk is full" not in text
    ui = wizard.intake_page.ui
    assert ui.customerEdit.text() == "tb_小王"  # what was typed is still there
    assert ui.waybillEdit.text() == "SF1402345678901"
    assert Case.select().count() == 0

    disk_full[0] = False  # the clerk deleted the chat downloads
    wizard.next()
    assert wizard.currentId() == EVIDENCE_ID
    assert Case.select().count() == 1
    assert len(shown) == 1


def test_link_back_noticed_by_the_desk_itself_refreshes_after_the_call_not_inside_it(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    from kefu_desktop.services import cases
    from kefu_desktop.store.guarded import health
    from kefu_desktop.ui.cases.main_window import MainWindow

    window = MainWindow(sqlite_staff.agent, "SQLite test")
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(50)  # the start-up work (offering interrupted wizards) is done
    health.unreachable()
    qtbot.waitUntil(lambda: window.db_status.text().startswith("数据库：无法连接"))
    emitted: list[bool] = []
    window.db_status.reconnected.connect(lambda: emitted.append(True))
    cases.list_cases(sqlite_staff.agent)  # the desk's own next call finds the database again
    assert emitted == []  # not nested inside that call
    qtbot.waitUntil(lambda: emitted == [True])
    assert window.db_status.text() == "数据库：已连接"
