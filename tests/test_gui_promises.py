"""The 时限 column, its filter and sorting, the detail pane's clocks and the first-reply key."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCharts import QBarSet
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.clock import to_utc, utc_now
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.promise_status import ClockStatus, Promise
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases, promises
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store.models import Case
from kefu_desktop.ui.cases.main_window import MainWindow
from kefu_desktop.ui.cases.promise_settings import PromiseSettingsDialog
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


def _painted(win: MainWindow, customer: str) -> int:
    """The colour painted at the left edge of the customer's 时限 cell."""
    table = win.ui.caseTable
    row = next(i for i, r in enumerate(win.model.loaded_rows()) if r.customer_id == customer)
    rect = table.visualRect(win.model.index(row, win.model.column_of(DUE_TITLE)))
    image = table.viewport().grab().toImage()
    return image.pixel(rect.left() + 2, rect.center().y())


def test_breached_case_shows_red_and_appears_under_overdue(window: MainWindow) -> None:
    assert str(_cell(window, "tb_late", Qt.ItemDataRole.DisplayRole)).startswith("超时 25分")
    assert (
        _cell(window, "tb_late", Qt.ItemDataRole.BackgroundRole)
        == STATUS_BACKGROUND[ClockStatus.BREACHED]
    )
    assert (
        _cell(window, "tb_soon", Qt.ItemDataRole.BackgroundRole)
        == STATUS_BACKGROUND[ClockStatus.WARNING]
    )
    for customer, status in (("tb_late", ClockStatus.BREACHED), ("tb_soon", ClockStatus.WARNING)):
        assert _painted(window, customer) == STATUS_BACKGROUND[status].rgb()  # as the agent sees it
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


def test_settings_dialog_keeps_typed_text_on_bad_lines_and_saves_good_ones(
    qtbot: QtBot, sqlite_staff: Staffing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(text))
    dialog = PromiseSettingsDialog(sqlite_staff.admin)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windows_edit.text() == "0:00-24:00"
    dialog.windows_edit.setText("9:00-12:00, 13:30-24:00")
    dialog.day_checks[5].setChecked(False)
    dialog.day_checks[6].setChecked(False)
    file = tmp_path / "2026节假日.csv"
    file.write_text("2026-10-01,休,国庆节\n2026-10-10,班\n2026-10-32,休\n", encoding="utf-8")
    dialog.add_file(file)
    dialog.reply_spin.setValue(10)
    assert dialog.save() is False
    assert "第 3 行" in told[-1] and "不存在" in told[-1]
    assert "2026-10-32" in dialog.days_edit.toPlainText()  # nothing typed is lost
    assert promises.promise_limits().first_reply == timedelta(minutes=5)  # nothing saved
    dialog.days_edit.setPlainText(dialog.days_edit.toPlainText().replace("\n2026-10-32,休", ""))
    dialog.resize(620, 640)
    dialog.grab().save("/tmp/sla_settings.png")
    assert dialog.save() is True
    setting = promises.calendar_setting()
    assert setting.workdays == frozenset(range(5))
    assert [d.note for d in setting.days] == ["国庆节", ""]
    assert promises.promise_limits().first_reply == timedelta(minutes=10)
    assert dialog.sizeHint().height() <= 728


def test_tray_and_tab_title_warn_once_per_case_and_promise(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(QSystemTrayIcon, "show", lambda _self: None)  # no tray offscreen
    monkeypatch.setattr(
        QSystemTrayIcon, "showMessage", lambda _self, title, text, *_a: shown.append((title, text))
    )
    soon = _open(sqlite_staff, "tb_soon", 4.5)
    _open(sqlite_staff, "tb_fresh", 0)
    colleague = cases.create_case(
        sqlite_staff.agent2,
        NewCase(
            kind=CaseKind.QUALITY,
            customer_id="tb_other",
            asked_at=datetime.now() - timedelta(minutes=30),
        ),
    )
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    win.showMinimized()
    watcher = win.due_watcher
    assert watcher.tray is not None
    fresh = watcher.check()
    assert [w.case_id for w in fresh] == [soon.id]  # mine only, not the colleague's
    assert colleague.id not in [w.case_id for w in watcher.current]
    assert shown[-1][0] == "售后单即将超时" and soon.case_no in shown[-1][1]
    assert "首次回复" in shown[-1][1]
    tabs = win.ui.viewTabs
    assert tabs.tabText(tabs.indexOf(win.ui.casesPage)) == "售后单（1 件将超时）"
    assert win.windowTitle().startswith("⚠ 1 件即将超时")
    assert watcher.check() == [] and len(shown) == 1  # told once
    # The first reply is in; the logistics promise reaches 80 % later: a new, separate notice.
    detail = cases.record_first_reply(sqlite_staff.agent, soon.id, soon.version)
    assert watcher.check() == []
    assert tabs.tabText(tabs.indexOf(win.ui.casesPage)) == "售后单"
    Case.update(sla_warn_at=utc_now() - timedelta(minutes=1)).where(Case.id == detail.id).execute()
    fresh = watcher.check()
    assert [(w.case_id, w.promise) for w in fresh] == [(soon.id, Promise.LOGISTICS_RESOLVE)]
    assert len(shown) == 2


def test_wizard_intake_records_the_first_reply_only_when_ticked(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    from kefu_desktop.ui.wizards import new_case_wizard
    from tests.test_wizard_gui import fill_intake, open_wizard

    plain = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.QUALITY))
    fill_intake(qtbot, plain)
    plain.next()
    assert plain.draft.case_id is not None
    assert cases.get_case(plain.draft.case_id).first_reply_at is None  # nothing implicit

    ticked = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.QUALITY))
    fill_intake(qtbot, ticked, customer="tb_replied")
    page = ticked.intake_page
    page.replied_check.setChecked(True)
    assert "下一步时记入" in page.replied_check.text()
    ticked_at = datetime.strptime(page.replied_at, "%Y-%m-%d %H:%M:%S")
    ticked.next()
    assert ticked.draft.case_id is not None
    detail = cases.get_case(ticked.draft.case_id)
    assert detail.first_reply_at == to_utc(ticked_at)
    assert [e.action for e in detail.events].count("first_reply") == 1


def test_supervisor_watch_tab_reminds_the_handler(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    late = _open(sqlite_staff, "tb_late", 30)
    _open(sqlite_staff, "tb_fresh", 0)
    win = MainWindow(sqlite_staff.supervisor, "SQLite test.db")
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    view = win.watch_view
    assert view is not None
    view.loader.wait()
    assert [r.case.id for r in view.rows] == [late.id]
    tabs = win.view_tabs
    assert tabs.tabText(tabs.indexOf(view)) == "每日巡查（1）"
    assert view.table.item(0, 6).text() == "已超时"
    view.table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("客户在催", True))
    view.remind_selected()
    view.loader.wait()
    assert view.table.item(0, 8).text() == "已提醒"
    detail = cases.get_case(late.id)
    assert detail.attention.startswith("主管提醒") and detail.events[-1].action == "reminded"
    tabs.setCurrentWidget(view)
    win.grab().save("/tmp/sla_watch.png")
    view._double_clicked()
    assert tabs.currentIndex() == tabs.indexOf(win.ui.casesPage)
    assert win.current is not None and win.current.id == late.id
    agent_window = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(agent_window)
    assert agent_window.watch_view is None
    mine = [r for r in agent_window.model.loaded_rows() if r.id == late.id]
    assert mine[0].attention.startswith("主管提醒")  # highlighted in the agent's list
    assert win.approvals_view is not None
    win.approvals_view._reader.wait()  # the supervisor's other desk loads in the background


def test_dashboard_charts_and_a_click_opens_the_filtered_list(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    late = _open(sqlite_staff, "tb_late", 30)
    _open(sqlite_staff, "tb_fresh", 0)
    waiting = cases.create_case(
        sqlite_staff.agent,
        NewCase(kind=CaseKind.QUALITY, customer_id="tb_q", sku="WT1", batch="B1"),
    )
    cases.record_first_reply(sqlite_staff.agent, waiting.id, waiting.version)
    waiting = cases.get_case(waiting.id)
    cases.change_state(sqlite_staff.agent, waiting.id, waiting.version, CaseState.WAITING_CUSTOMER)
    cases.create_case(
        sqlite_staff.agent,
        NewCase(kind=CaseKind.QUALITY, customer_id="tb_q2", sku="WT1", batch="B1"),
    )
    win = MainWindow(sqlite_staff.supervisor, "SQLite test.db")
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    view = win.dashboard_view
    assert view is not None and view.figures is None  # loaded when first shown
    win.view_tabs.setCurrentWidget(view)
    view.wait()
    figures = view.figures
    assert figures is not None and view.sla is not None
    assert figures.per_day[CaseKind.LOGISTICS][-1] == 2
    assert figures.per_day[CaseKind.QUALITY][-1] == 2
    states = dict(figures.open_by_state)
    assert states[CaseState.OPEN] == 3 and states[CaseState.WAITING_CUSTOMER] == 1
    assert [(d.sku, d.batch, d.customers) for d in figures.defects] == [("WT1", "B1", 2)]
    reply = view.sla.per_promise[Promise.FIRST_REPLY]
    assert (reply.kept, reply.broken) == (1, 1)  # the late one broke it, one kept, two running
    assert view.sla.per_agent["小美"].broken == 1
    assert len(view.day_chart.series()) == 1 and len(view.agent_chart.series()) == 1
    win.grab().save("/tmp/sla_dashboard.png")
    view._state_clicked(list(states).index(CaseState.WAITING_CUSTOMER), QBarSet(""))
    assert win.view_tabs.currentIndex() == win.view_tabs.indexOf(win.ui.casesPage)
    assert [r.id for r in win.model.loaded_rows()] == [waiting.id]
    view._defect_clicked(0, QBarSet(""))
    assert {r.customer_id for r in win.model.loaded_rows()} == {"tb_q", "tb_q2"}
    assert "WT1" in win.promise_controls.sku_label.text()
    view._day_clicked(len(figures.days) - 1, view.day_chart.series()[0].barSets()[3])
    assert late.id in [r.id for r in win.model.loaded_rows()]
    assert {r.kind for r in win.model.loaded_rows()} == {CaseKind.LOGISTICS}
    win.clear_filters()
    assert win.model.rowCount() == 4
    assert win.approvals_view is not None
    win.approvals_view._reader.wait()
    assert win.watch_view is not None
    win.watch_view.loader.wait()
