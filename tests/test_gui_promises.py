"""The 时限 column, its filter and sorting, the detail pane's clocks and the first-reply key."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.promises import ClockStatus
from kefu_desktop.services import cases
from kefu_desktop.services.cases import NewCase
from kefu_desktop.ui.cases.main_window import MainWindow
from kefu_desktop.ui.cases.promise_ui import DUE_TITLE, STATUS_BACKGROUND
from tests.conftest import Staffing

pytestmark = pytest.mark.gui


def _open(staff: Staffing, customer: str, minutes_ago: float) -> cases.CaseDetail:
    return cases.create_case(
        staff.agent,
        NewCase(
            kind=CaseKind.LOGISTICS,
            customer_id=customer,
            asked_at=datetime.now() - timedelta(minutes=minutes_ago),
        ),
    )


@pytest.fixture
def window(qtbot: QtBot, sqlite_staff: Staffing) -> MainWindow:
    _open(sqlite_staff, "tb_late", 30)
    _open(sqlite_staff, "tb_soon", 4.5)
    _open(sqlite_staff, "tb_fresh", 0)
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    win.show()
    return win


def _cell(win: MainWindow, customer: str, role: Qt.ItemDataRole) -> object:
    row = next(i for i, r in enumerate(win.model.loaded_rows()) if r.customer_id == customer)
    return win.model.data(win.model.index(row, win.model.column_of(DUE_TITLE)), role)


def test_breached_case_shows_red_and_appears_under_overdue(window: MainWindow) -> None:
    assert str(_cell(window, "tb_late", Qt.ItemDataRole.DisplayRole)).startswith("超时 25分")
    late = _cell(window, "tb_late", Qt.ItemDataRole.BackgroundRole)
    assert isinstance(late, QBrush)
    assert late.color() == STATUS_BACKGROUND[ClockStatus.BREACHED].color()
    soon = _cell(window, "tb_soon", Qt.ItemDataRole.BackgroundRole)
    assert isinstance(soon, QBrush)
    assert soon.color() == STATUS_BACKGROUND[ClockStatus.WARNING].color()
    assert _cell(window, "tb_fresh", Qt.ItemDataRole.BackgroundRole) is None
    assert "首次回复" in str(_cell(window, "tb_late", Qt.ItemDataRole.ToolTipRole))
    combo = window.promise_controls.combo
    combo.setCurrentIndex(combo.findText("已超时"))
    assert [r.customer_id for r in window.model.loaded_rows()] == ["tb_late"]
    combo.setCurrentIndex(combo.findText("即将超时"))
    assert [r.customer_id for r in window.model.loaded_rows()] == ["tb_soon"]
    window.clear_filters()
    assert window.model.rowCount() == 3


def test_due_header_sorts_nearest_first(qtbot: QtBot, window: MainWindow) -> None:
    assert window.model.loaded_rows()[0].customer_id == "tb_fresh"
    header = window.ui.caseTable.horizontalHeader()
    window.promise_controls._header_clicked(window.model.column_of(DUE_TITLE))
    assert header.isSortIndicatorShown()
    assert [r.customer_id for r in window.model.loaded_rows()] == ["tb_late", "tb_soon", "tb_fresh"]


def test_first_reply_key_and_clocks_in_the_detail_pane(qtbot: QtBot, window: MainWindow) -> None:
    row = next(r for r in window.model.loaded_rows() if r.customer_id == "tb_soon")
    window.show_case_id(row.id)
    text = window.ui.detailBrowser.toPlainText()
    assert "时效承诺" in text and "首次回复" in text and "物流问题解决" in text
    assert "即将超时" in text
    window.ui.caseTable.setFocus()
    qtbot.keyClick(window.ui.caseTable, Qt.Key.Key_F2)
    assert window.current is not None and window.current.first_reply_at is not None
    assert "已达标" in window.ui.detailBrowser.toPlainText()
    window.resize(1366, 728)
    window.grab().save("/tmp/sla_main.png")
