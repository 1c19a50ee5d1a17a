from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kefu_desktop.services.warehouse import CheckState
from kefu_desktop.ui.cases.main_window import MainWindow
from kefu_desktop.ui.warehouse.warehouse_view import WarehouseView
from tests.conftest import Staffing
from tests.test_warehouse_view import WAYBILL, _case_with_check

pytestmark = pytest.mark.gui


def test_warehouse_clerk_starts_on_the_warehouse_desk(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    case_id = _case_with_check(sqlite_staff)
    win = MainWindow(sqlite_staff.warehouse, "SQLite test.db")
    qtbot.addWidget(win)
    tabs = win.view_tabs
    assert tabs.tabText(tabs.currentIndex()) == "仓库核实"
    view = tabs.currentWidget()
    assert isinstance(view, WarehouseView) and view is win.warehouse_view
    view.wait_idle()  # the queue is read off the UI thread
    assert view.queue_model.rowCount() == 1
    view.scan(WAYBILL)
    view.ui.stubCombo.setCurrentIndex(1)
    view.ui.weightEdit.setText("0.800")
    assert view.record(CheckState.REFUTED)
    # the case list (refreshed after the verdict) shows the case with its attention text
    win.ui.attentionCheck.setChecked(True)
    qtbot.waitUntil(lambda: win.model.rowCount() == 1)
    row = win.model.row_at(0)
    assert row.id == case_id
    assert row.attention.startswith("仓库核实不符：底单相符")


def test_agents_have_no_warehouse_tab(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    titles = [win.view_tabs.tabText(i) for i in range(win.view_tabs.count())]
    assert "仓库核实" not in titles
    assert win.warehouse_view is None


def test_admin_has_the_tab_but_starts_on_cases(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    win = MainWindow(sqlite_staff.admin, "SQLite test.db")
    qtbot.addWidget(win)
    titles = [win.view_tabs.tabText(i) for i in range(win.view_tabs.count())]
    assert "仓库核实" in titles
    assert win.view_tabs.currentIndex() == 0
