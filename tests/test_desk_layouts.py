"""Every desk's splitter and list columns come back as the user left them (per user), and a
list the user laid out is not fitted again when its first rows arrive."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QSplitter, QTableView, QWidget
from pytestqt.qtbot import QtBot

from kefu_desktop.services.auth import User
from kefu_desktop.ui.claims.claims_view import ClaimsView
from kefu_desktop.ui.supervisor.approvals_view import ApprovalsView
from kefu_desktop.ui.warehouse.returns_view import ReturnsView
from kefu_desktop.ui.warehouse.warehouse_view import WarehouseView
from kefu_desktop.ui.widgets.window_layout import SAVE_DELAY_MS
from tests.conftest import Staffing
from tests.test_warehouse_scanning import FakeScale
from tests.test_warehouse_view import _case_with_check

pytestmark = pytest.mark.gui

Parts = Callable[[QWidget], tuple[QSplitter, QTableView]]
DESKS: dict[str, tuple[Callable[[User], QWidget], str, Parts]] = {
    "仓库核实": (
        lambda u: WarehouseView(u, scale=FakeScale()),
        "warehouse",
        lambda d: (d.ui.splitter, d.ui.queueTable),  # type: ignore[attr-defined]
    ),
    "退货入库": (
        ReturnsView,
        "warehouse",
        lambda d: (d.ui.splitter, d.ui.expectedTable),  # type: ignore[attr-defined]
    ),
    "主管审批": (
        ApprovalsView,
        "supervisor",
        lambda d: (d.ui.splitter, d.ui.queueTable),  # type: ignore[attr-defined]
    ),
    "快递理赔": (
        ClaimsView,
        "agent",
        lambda d: (d.splitter, d.table),  # type: ignore[attr-defined]
    ),
}


def _user(staff: Staffing, role: str, other: bool = False) -> User:
    if role == "agent":
        return staff.agent2 if other else staff.agent
    if role == "warehouse":
        return staff.admin if other else staff.warehouse
    return staff.admin if other else staff.supervisor


def _open(qtbot: QtBot, make: Callable[[User], QWidget], user: User) -> QWidget:
    desk = make(user)
    qtbot.addWidget(desk)
    desk.resize(1280, 700)
    desk.show()
    qtbot.waitExposed(desk)
    return desk


@pytest.mark.parametrize("name", list(DESKS))
def test_the_desk_comes_back_as_left(qtbot: QtBot, sqlite_staff: Staffing, name: str) -> None:
    make, role, parts = DESKS[name]
    desk = _open(qtbot, make, _user(sqlite_staff, role))
    splitter, table = parts(desk)
    default = splitter.sizes()
    assert default[0] > default[1]  # the list is the wider pane at first
    total = sum(default)
    splitter.setSizes([total // 3, total - total // 3])
    splitter.splitterMoved.emit(total // 3, 1)
    header = table.horizontalHeader()
    header.moveSection(0, 1)  # the user drags the first column to second place
    qtbot.wait(SAVE_DELAY_MS + 200)
    desk.close()

    again = _open(qtbot, make, _user(sqlite_staff, role))
    splitter, table = parts(again)
    assert splitter.sizes()[0] < splitter.sizes()[1]
    assert table.horizontalHeader().visualIndex(0) == 1

    other = _open(qtbot, make, _user(sqlite_staff, role, other=True))
    splitter, table = parts(other)
    assert splitter.sizes()[0] > splitter.sizes()[1]
    assert table.horizontalHeader().visualIndex(0) == 0


def test_column_widths_the_user_set_survive_the_first_rows(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    make, _role, _parts = DESKS["仓库核实"]
    desk = _open(qtbot, make, sqlite_staff.warehouse)
    assert isinstance(desk, WarehouseView)
    desk.wait_idle()
    desk.ui.queueTable.setColumnWidth(1, 333)
    qtbot.wait(SAVE_DELAY_MS + 200)
    desk.close()
    _case_with_check(sqlite_staff)
    again = _open(qtbot, make, sqlite_staff.warehouse)
    assert isinstance(again, WarehouseView)
    again.wait_idle()
    assert again.queue_model.rowCount() == 1
    assert again.ui.queueTable.columnWidth(1) == 333
