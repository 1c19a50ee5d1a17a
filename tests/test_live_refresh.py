"""Colleagues' changes reach open desks within 3 s: change stamps (SQLite), NOTIFY (PostgreSQL)."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases, warehouse
from kefu_desktop.services.cases import NewCase
from kefu_desktop.services.live import ChangedList, watch_changes
from kefu_desktop.ui.cases.main_window import MainWindow
from tests.conftest import PASSWORD, Staffing
from tests.test_approvals_service import compensation_case

ROOT = Path(__file__).resolve().parent.parent
WITHIN_S = 3.0


def _next_report(reports: queue.Queue[set[ChangedList]]) -> set[ChangedList]:
    """Everything reported within WITHIN_S of now, merged."""
    seen: set[ChangedList] = set()
    deadline = time.monotonic() + WITHIN_S
    while time.monotonic() < deadline:
        try:
            seen |= reports.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            break
        time.sleep(0.3)  # what one save touches arrives together
        while not reports.empty():
            seen |= reports.get_nowait()
        break
    return seen


def test_changes_are_reported_by_list(staff: Staffing) -> None:
    reports: queue.Queue[set[ChangedList]] = queue.Queue()
    watcher = watch_changes(reports.put)
    try:
        time.sleep(0.5)  # the watcher has its connection
        case = cases.create_case(
            staff.agent,
            NewCase(
                kind=CaseKind.WRONG_SHIPMENT,
                customer_id="tb_买家",
                waybill_no="SF1402345678901",
                courier="SF",
            ),
        )
        assert ChangedList.CASES in _next_report(reports)
        warehouse.request_check(staff.agent, case.id, "请核实底单")
        assert ChangedList.WAREHOUSE_CHECKS in _next_report(reports)
        compensation_case(staff.agent2)
        assert ChangedList.APPROVALS in _next_report(reports)
        time.sleep(1.5)
        while not reports.empty():
            reports.get_nowait()
        cases.list_cases(staff.agent)  # reading changes nothing
        assert _next_report(reports) == set()
    finally:
        watcher.stop()


def _colleague_opens_a_case(url: str, customer: str) -> None:
    code = (
        "import sys; from kefu_desktop.store import connect; "
        "from kefu_desktop.services import auth, cases; "
        "from kefu_desktop.domain.kinds import CaseKind; "
        "connect(sys.argv[1]); user = auth.login('kefu02', sys.argv[2]); "
        "cases.create_case(user, cases.NewCase(kind=CaseKind.QUALITY, customer_id=sys.argv[3]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, url, PASSWORD, customer],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_case_list_shows_a_colleagues_case_keeping_selection_and_scroll(
    qtbot: QtBot, sqlite_staff: Staffing, sqlite_url: str
) -> None:
    made = [
        cases.create_case(
            sqlite_staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id=f"买家{i:03d}")
        )
        for i in range(80)
    ]
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    win.resize(1300, 700)
    win.show()
    qtbot.waitExposed(win)
    picked = made[40]
    win.select_case(picked.id)
    bar = win.ui.caseTable.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    position = bar.value()
    assert position > 0

    _colleague_opens_a_case(sqlite_url, "同事的买家")
    started = time.monotonic()
    qtbot.waitUntil(
        lambda: any(r.customer_id == "同事的买家" for r in win.model.loaded_rows()),
        timeout=int(WITHIN_S * 1000) + 500,
    )
    assert time.monotonic() - started <= WITHIN_S
    assert win.current is not None and win.current.id == picked.id
    selected = win.ui.caseTable.selectionModel().selectedRows()
    assert [win.model.row_at(i.row()).id for i in selected] == [picked.id]
    assert bar.value() == position
    assert win.count_label.text() == "共 81 条"


def test_detail_pane_follows_a_colleagues_change_of_the_shown_case(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    case = cases.create_case(
        sqlite_staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="tb_买家")
    )
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    win.select_case(case.id)
    cases.record_first_reply(sqlite_staff.agent2, case.id, case.version)
    qtbot.waitUntil(
        lambda: win.current is not None and win.current.first_reply_at is not None,
        timeout=int(WITHIN_S * 1000) + 500,
    )
    assert not win.ui.firstReplyButton.isEnabled()


def test_supervisor_tab_counter_and_warehouse_queue_follow(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    win = MainWindow(sqlite_staff.admin, "SQLite test.db")
    qtbot.addWidget(win)
    assert win.approvals_view is not None and win.warehouse_view is not None
    tab = win.view_tabs.indexOf(win.approvals_view)
    before = win.view_tabs.tabText(tab)
    compensation_case(sqlite_staff.agent)
    case = cases.create_case(
        sqlite_staff.agent2,
        NewCase(
            kind=CaseKind.WRONG_SHIPMENT,
            customer_id="仓库买家",
            waybill_no="SF1402345678902",
            courier="SF",
        ),
    )
    warehouse.request_check(sqlite_staff.agent2, case.id, "请核实")
    timeout = int(WITHIN_S * 1000) + 500
    qtbot.waitUntil(lambda: win.view_tabs.tabText(tab) != before, timeout=timeout)
    assert "1" in win.view_tabs.tabText(tab)
    qtbot.waitUntil(lambda: len(win.warehouse_view.pending_checks()) == 1, timeout=timeout)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_notifications_reach_another_connection(staff: Staffing, db_url: str) -> None:
    """The listener sits on a connection of its own: a colleague's commit elsewhere reaches it."""
    reports: queue.Queue[set[ChangedList]] = queue.Queue()
    watcher = watch_changes(reports.put)
    try:
        time.sleep(0.5)
        _colleague_opens_a_case(db_url, "远方的买家")
        assert _next_report(reports) == {ChangedList.CASES}
    finally:
        watcher.stop()
