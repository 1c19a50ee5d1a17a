"""The case list's and the registers' filters come back as the user left them (per user); a
choice that no longer exists falls back to 全部; restoring costs no second read of the list."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.registers import Register
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import auth, cases
from kefu_desktop.services.auth import User
from kefu_desktop.services.cases import DueFilter, NewCase
from kefu_desktop.ui.cases import main_window as main_window_module
from kefu_desktop.ui.cases.main_window import MINE, MainWindow
from kefu_desktop.ui.reports.registers_view import RegistersView
from tests.conftest import Staffing

pytestmark = pytest.mark.gui


def open_window(qtbot: QtBot, user: User) -> MainWindow:
    window = MainWindow(user, "SQLite test.db")
    qtbot.addWidget(window)
    window.show()
    return window


def listed(window: MainWindow) -> list[str]:
    return [window.model.row_at(r).case_no for r in range(window.model.rowCount())]


@pytest.fixture
def seeded(sqlite_staff: Staffing) -> None:
    for person, kind, customer in (
        (sqlite_staff.agent, CaseKind.QUALITY, "tb_a"),
        (sqlite_staff.agent2, CaseKind.QUALITY, "tb_b"),
        (sqlite_staff.agent2, CaseKind.DAMAGED_PARCEL, "tb_c"),
    ):
        sub = SubKind.LATE_OR_WORN if kind == CaseKind.QUALITY else None
        cases.create_case(person, NewCase(kind=kind, sub_kind=sub, customer_id=customer))


def test_the_case_filters_come_back_for_the_same_user_only(
    qtbot: QtBot, sqlite_staff: Staffing, seeded: None
) -> None:
    window = open_window(qtbot, sqlite_staff.agent)
    ui = window.ui
    everything = listed(window)
    assert len(everything) == 3
    ui.kindCombo.setCurrentIndex(ui.kindCombo.findData(CaseKind.QUALITY.value))
    ui.stateCombo.setCurrentIndex(ui.stateCombo.findData(CaseState.OPEN.value))
    ui.handlerCombo.setCurrentIndex(ui.handlerCombo.findData(sqlite_staff.agent2.id))
    ui.dateCheck.setChecked(True)
    ui.fromDate.setDate(QDate.currentDate().addDays(-7))
    ui.searchEdit.setText("tb")  # the search text is not kept
    window.apply_filters()
    chosen = window.current_filter()
    shown = listed(window)
    assert len(shown) == 1
    window.close()

    again = open_window(qtbot, sqlite_staff.agent)
    restored = again.current_filter()
    assert restored.kind == CaseKind.QUALITY and restored.state == CaseState.OPEN
    assert restored.handler_id == sqlite_staff.agent2.id
    assert (restored.created_from, restored.created_to) == (
        chosen.created_from,
        chosen.created_to,
    )
    assert again.ui.fromDate.isEnabled() and again.ui.searchEdit.text() == ""
    assert listed(again) == shown
    again.close()

    other = open_window(qtbot, sqlite_staff.agent2)  # someone else's desk: the whole list
    flt = other.current_filter()
    assert flt.kind is None and flt.state is None and flt.handler_id is None
    assert flt.created_from is None and not other.ui.fromDate.isEnabled()
    assert sorted(listed(other)) == sorted(everything)


def test_attention_due_and_mine_come_back(
    qtbot: QtBot, sqlite_staff: Staffing, seeded: None
) -> None:
    window = open_window(qtbot, sqlite_staff.agent)
    window.ui.handlerCombo.setCurrentIndex(window.ui.handlerCombo.findData(MINE))
    window.ui.attentionCheck.setChecked(True)
    due = window.promise_controls.combo
    due.setCurrentIndex(due.findData(DueFilter.OVERDUE.value))
    window.close()
    again = open_window(qtbot, sqlite_staff.agent)
    flt = again.current_filter()
    assert flt.handler_id == sqlite_staff.agent.id and flt.attention_only
    assert flt.due == DueFilter.OVERDUE


def test_a_range_that_ended_today_ends_today_again(
    qtbot: QtBot, sqlite_staff: Staffing, seeded: None
) -> None:
    window = open_window(qtbot, sqlite_staff.agent)
    window.ui.dateCheck.setChecked(True)
    window.ui.fromDate.setDate(QDate.currentDate().addDays(-10))
    window.close()
    # the next start is three days later: still the last ten days
    settings = window.layout_settings
    saved = settings.value("filters/cases/received")
    three_days_earlier = {
        "from": (date.today() - timedelta(13)).isoformat(),
        "to": (date.today() - timedelta(3)).isoformat(),
        "to_today": True,
    }
    assert '"to_today": true' in str(saved)
    settings.setValue("filters/cases/received", json.dumps(three_days_earlier))
    again = open_window(qtbot, sqlite_staff.agent)
    flt = again.current_filter()
    assert flt.created_to == date.today()
    assert flt.created_from == date.today() - timedelta(10)


def test_a_colleague_who_left_falls_back_to_everyone(
    qtbot: QtBot, sqlite_staff: Staffing, seeded: None
) -> None:
    window = open_window(qtbot, sqlite_staff.agent)
    window.ui.handlerCombo.setCurrentIndex(window.ui.handlerCombo.findData(sqlite_staff.agent2.id))
    window.close()
    auth.set_active(sqlite_staff.admin, sqlite_staff.agent2.id, False)
    again = open_window(qtbot, sqlite_staff.agent)
    assert again.ui.handlerCombo.currentIndex() == 0  # 全部处理人, and no error
    assert again.current_filter().handler_id is None
    assert len(listed(again)) == 3


def test_restoring_reads_the_list_once(
    qtbot: QtBot, sqlite_staff: Staffing, seeded: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, sqlite_staff.agent)
    window.ui.kindCombo.setCurrentIndex(window.ui.kindCombo.findData(CaseKind.QUALITY.value))
    window.ui.attentionCheck.setChecked(True)
    window.ui.dateCheck.setChecked(True)
    window.close()
    reads: list[object] = []
    real = cases.list_cases

    def counted(*args: object, **kwargs: object) -> object:
        reads.append(args[1])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(main_window_module.cases, "list_cases", counted)
    again = open_window(qtbot, sqlite_staff.agent)
    assert len(reads) == 1
    assert reads[0] == again.current_filter() and again.current_filter().attention_only


def test_the_registers_come_back_at_the_register_and_month_left(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    view = RegistersView(sqlite_staff.supervisor)
    qtbot.addWidget(view)
    view.select_register(Register.RETURN)
    last_month = QDate.currentDate().addMonths(-1)
    view.ui.fromDate.setDate(QDate(last_month.year(), last_month.month(), 1))
    view.ui.toDate.setDate(QDate(last_month.year(), last_month.month(), last_month.daysInMonth()))
    chosen = view.current_filter()
    view.close()
    view.deleteLater()

    again = RegistersView(sqlite_staff.supervisor)
    qtbot.addWidget(again)
    assert again.current_register() == Register.RETURN
    assert again.current_filter() == chosen

    other = RegistersView(sqlite_staff.admin)
    qtbot.addWidget(other)
    assert other.current_register() == next(iter(Register))
