"""The supervisor's desk in the window: the queue, inline problems, deciding, the tab's count."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import approvals, cases
from kefu_desktop.store.models import ApprovalRequest
from kefu_desktop.ui.cases.main_window import MainWindow
from kefu_desktop.ui.supervisor.approvals_view import ApprovalsView
from tests.conftest import Staffing
from tests.keys import type_text
from tests.test_approvals_service import compensation_case, escalated_case

pytestmark = pytest.mark.gui


def desk(qtbot: QtBot, staff: Staffing) -> ApprovalsView:
    view = ApprovalsView(staff.supervisor)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    view.wait_idle()  # the queue is read off the UI thread
    return view


def test_queue_shows_the_request_and_its_case(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    case_id = compensation_case(sqlite_staff.agent, 5000, "tb_买家")
    view = desk(qtbot, sqlite_staff)
    model = view.queue_model
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "tb_买家"
    assert (model.index(0, 2).data(), model.index(0, 3).data()) == ("补偿审批", "¥50.00")
    view.select_request(view.pending_requests()[0].id)
    assert view.ui.decisionStack.currentWidget() is view.ui.decisionPage
    text = view.ui.detailBrowser.toPlainText()
    assert cases.get_case(case_id).case_no in text and "拟补偿 ¥50.00" in text
    assert "客服上限 ¥20.00，已超出" in text
    assert view.ui.amountEdit.text() == "50.00"
    assert "超过客服自行处理上限" in view.ui.limitLabel.text()


def test_bad_amount_and_missing_reason_are_shown_inline(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    compensation_case(sqlite_staff.agent)
    view = desk(qtbot, sqlite_staff)
    view.select_request(view.pending_requests()[0].id)
    view.ui.amountEdit.clear()
    qtbot.keyClicks(view.ui.amountEdit, "30.123")
    assert not view.approve()
    assert view.ui.amountProblem.isVisible() and "两位小数" in view.ui.amountProblem.text()
    assert not view.reject()
    assert view.ui.noteProblem.isVisible() and "驳回须填写理由" in view.ui.noteProblem.text()
    assert ApprovalRequest.get().state == "pending"
    view.ui.noteEdit.insertPlainText("金额过高")
    assert not view.ui.noteProblem.isVisible()
    assert view.reject()
    assert ApprovalRequest.get().state == "rejected"
    assert view.queue_model.rowCount() == 0


def test_decided_elsewhere_is_reported_and_the_queue_reloaded(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kefu_desktop.ui.supervisor import approvals_view

    monkeypatch.setattr(approvals_view, "offer_reload", lambda _parent, _error: True)  # 重新载入
    compensation_case(sqlite_staff.agent)
    view = desk(qtbot, sqlite_staff)
    request = view.pending_requests()[0]
    view.select_request(request.id)
    approvals.approve(sqlite_staff.admin, request.id, request.version)
    assert not view.approve()
    assert "已被 管理员 在" in view.ui.messageLabel.text()
    view.wait_idle()  # 重新载入 reads the queue off the UI thread
    assert view.queue_model.rowCount() == 0


def test_supervisor_approves_from_the_main_window_tab(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    case_id = compensation_case(sqlite_staff.agent, 5000)
    escalated_case(sqlite_staff.agent2)
    win = MainWindow(sqlite_staff.supervisor, "SQLite test.db")
    qtbot.addWidget(win)
    win.show()
    qtbot.wait(20)  # start-up: no drafts to offer
    view = win.approvals_view
    assert view is not None
    index = win.view_tabs.indexOf(view)
    assert win.view_tabs.tabText(index) == "主管审批 (2)"
    win.view_tabs.setCurrentIndex(index)
    view.wait_idle()  # read off the UI thread when the tab opens
    assert view.queue_model.rowCount() == 2
    request = next(r for r in view.pending_requests() if r.case_id == case_id)
    view.select_request(request.id)
    view.ui.amountEdit.clear()
    qtbot.keyClicks(view.ui.amountEdit, "40")
    view.ui.noteEdit.insertPlainText("同意")
    qtbot.mouseClick(view.ui.approveButton, Qt.MouseButton.LeftButton)
    row = ApprovalRequest.get_by_id(request.id)
    assert (row.state, row.amount_fen, row.approved_fen, row.decided_by_id, row.decision_note) == (
        "approved",
        5000,
        4000,
        sqlite_staff.supervisor.id,
        "同意",
    )
    detail = cases.get_case(case_id)
    assert (detail.state, detail.attention) == (CaseState.OPEN, "主管已批准补偿 ¥40.00：同意")
    assert win.view_tabs.tabText(index) == "主管审批 (1)"
    assert view.queue_model.rowCount() == 1


def test_agents_have_no_approvals_tab(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    qtbot.wait(20)
    assert win.approvals_view is None
    titles = [win.view_tabs.tabText(i) for i in range(win.view_tabs.count())]
    assert not any(t.startswith("主管审批") for t in titles)


def test_tab_title_follows_new_requests_while_on_another_tab(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    win = MainWindow(sqlite_staff.supervisor, "SQLite test.db")
    qtbot.addWidget(win)
    win.show()
    qtbot.wait(20)  # start-up: no drafts to offer
    view = win.approvals_view
    assert view is not None
    index = win.view_tabs.indexOf(view)
    assert win.view_tabs.tabText(index) == "主管审批"
    compensation_case(sqlite_staff.agent)
    view.update_count()
    assert win.view_tabs.tabText(index) == "主管审批 (1)"
    assert view.queue_model.rowCount() == 0  # loaded when the tab is opened
    win.view_tabs.setCurrentIndex(index)
    assert view.queue_busy  # read off the UI thread when the tab opens
    view.wait_idle()
    assert view.queue_model.rowCount() == 1


def test_the_minute_tick_rewrites_waiting_times_without_reading_the_queue(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    compensation_case(sqlite_staff.agent, 5000, "tb_买家")
    view = desk(qtbot, sqlite_staff)
    assert view.queue_model.rowCount() == 1
    reads: list[int] = []
    monkeypatch.setattr(approvals, "list_pending", lambda *a: reads.append(1) or [])
    monkeypatch.setattr(approvals, "pending_count", lambda: reads.append(1) or 0)
    repainted: list[int] = []
    view.queue_model.dataChanged.connect(lambda first, last: repainted.append(first.column()))
    view._age_timer.timeout.emit()
    assert reads == []  # colleagues' new requests arrive by the change notices instead
    assert repainted == [6] and view.queue_model.rowCount() == 1


def test_a_long_case_summary_shows_its_start_and_the_rest_on_demand(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    from PySide6.QtCore import QUrl

    from kefu_desktop.store.models import Case

    case_id = compensation_case(sqlite_staff.agent, 5000, "tb_买家")
    summary = "客户贴来的聊天记录。" * 2000 + "末尾的话"
    Case.update(summary=summary).where(Case.id == case_id).execute()
    view = desk(qtbot, sqlite_staff)
    view.select_request(view.pending_requests()[0].id)
    browser = view.ui.detailBrowser
    assert "客户贴来的聊天记录" in browser.toPlainText()
    assert "末尾的话" not in browser.toPlainText()
    assert f"显示全部（共 {len(summary)} 字）" in browser.toPlainText()
    browser.anchorClicked.emit(QUrl("more:summary"))
    assert view.long_texts.busy and "末尾的话" not in browser.toPlainText()  # in parts
    qtbot.waitUntil(lambda: not view.long_texts.busy)
    assert summary in browser.toPlainText().replace("\n", "")


def _two_requests(qtbot: QtBot, staff: Staffing) -> ApprovalsView:
    compensation_case(staff.agent, 5000, "tb_甲")
    compensation_case(staff.agent2, 3000, "tb_乙")
    return desk(qtbot, staff)


def test_after_a_click_decision_the_next_request_opens_by_itself(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    view = _two_requests(qtbot, sqlite_staff)
    first, second = view.pending_requests()
    qtbot.mouseClick(
        view.ui.queueTable.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.ui.queueTable.visualRect(view.ui.queueTable.model().index(0, 0)).center(),
    )
    assert view.current is not None and view.current.id == first.id
    view.ui.noteEdit.insertPlainText("同意")
    qtbot.mouseClick(view.ui.approveButton, Qt.MouseButton.LeftButton)
    assert ApprovalRequest.get_by_id(first.id).state == "approved"
    # the one left opens at once: its form is filled and can be decided
    assert view.ui.decisionStack.currentWidget() is view.ui.decisionPage
    assert view.current is not None and view.current.id == second.id
    assert view.ui.amountEdit.text() == "30.00"
    # 刷新 keeps it open; clicking it again keeps it open too
    qtbot.mouseClick(view.ui.refreshButton, Qt.MouseButton.LeftButton)
    assert view.ui.decisionStack.currentWidget() is view.ui.decisionPage
    qtbot.mouseClick(
        view.ui.queueTable.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.ui.queueTable.visualRect(view.ui.queueTable.model().index(0, 0)).center(),
    )
    assert view.current is not None and view.current.id == second.id
    view.ui.noteEdit.insertPlainText("金额过高")
    qtbot.mouseClick(view.ui.rejectButton, Qt.MouseButton.LeftButton)
    assert ApprovalRequest.get_by_id(second.id).state == "rejected"
    assert view.ui.decisionStack.currentWidget() is view.ui.emptyPage
    assert view.ui.queueTable.model().rowCount() == 0


def test_after_refresh_with_nothing_open_selecting_opens_the_request(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    compensation_case(sqlite_staff.agent, 5000)
    view = desk(qtbot, sqlite_staff)
    view.ui.refreshButton.click()
    assert view.ui.decisionStack.currentWidget() is view.ui.emptyPage
    view.ui.queueTable.setFocus()
    qtbot.keyClick(view.ui.queueTable, Qt.Key.Key_Down)
    assert view.ui.decisionStack.currentWidget() is view.ui.decisionPage


def test_supervisor_decides_the_whole_queue_by_keyboard(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    view = _two_requests(qtbot, sqlite_staff)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    first, second = view.pending_requests()
    table = view.ui.queueTable
    view.ui.refreshButton.setFocus()
    qtbot.keyClick(view.ui.refreshButton, Qt.Key.Key_Tab)
    assert table.hasFocus()  # the first request opens as the list takes focus
    assert view.current is not None and view.current.id == first.id
    qtbot.keyClick(table, Qt.Key.Key_Tab)  # the list lets Tab go: on to the amount
    assert view.ui.amountEdit.hasFocus()
    view.ui.amountEdit.selectAll()
    qtbot.keyClicks(view.ui.amountEdit, "45")
    qtbot.keyClick(view.ui.amountEdit, Qt.Key.Key_Return)  # on to the note
    assert view.ui.noteEdit.hasFocus()
    type_text(qtbot, view.ui.noteEdit, "同意")
    qtbot.keyClick(view.ui.noteEdit, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert view.ui.noteEdit.toPlainText() == "同意\t"
    qtbot.keyClick(view.ui.noteEdit, Qt.Key.Key_Tab)  # Tab leaves the note: 驳回, then 批准
    assert view.ui.rejectButton.hasFocus()
    qtbot.keyClick(view.ui.rejectButton, Qt.Key.Key_Tab)
    assert view.ui.approveButton.hasFocus()
    qtbot.keyClick(view.ui.approveButton, Qt.Key.Key_Return)
    row = ApprovalRequest.get_by_id(first.id)
    assert (row.state, row.approved_fen) == ("approved", 4500)
    # the next request is open and the amount has focus, ready for the next decision
    assert view.current is not None and view.current.id == second.id
    assert view.ui.amountEdit.hasFocus()
    qtbot.keyClick(view.ui.amountEdit, Qt.Key.Key_Return)
    type_text(qtbot, view.ui.noteEdit, "不同意")
    qtbot.keyClick(view.ui.noteEdit, Qt.Key.Key_Tab)
    qtbot.keyClick(view.ui.rejectButton, Qt.Key.Key_Return)
    assert ApprovalRequest.get_by_id(second.id).state == "rejected"
    assert table.model().rowCount() == 0 and table.hasFocus()


def test_live_refresh_keeps_what_the_supervisor_typed(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    compensation_case(sqlite_staff.agent)
    compensation_case(sqlite_staff.agent2)
    view = desk(qtbot, sqlite_staff)
    first = view.pending_requests()[0]
    view.select_request(first.id)
    view.ui.amountEdit.setText("35.00")
    view.ui.noteEdit.setPlainText("同意补偿，已与客户确认")
    view.update_count()  # a colleague's change arrives: the queue is read off the UI thread
    view._reader.wait()
    assert (view.ui.amountEdit.text(), view.ui.noteEdit.toPlainText()) == (
        "35.00",
        "同意补偿，已与客户确认",
    )
    approvals.approve(sqlite_staff.admin, first.id, first.version)  # decided elsewhere
    view.update_count()
    view._reader.wait()
    assert view.ui.decisionStack.currentWidget() is view.ui.decisionPage
    assert (view.ui.amountEdit.text(), view.ui.noteEdit.toPlainText()) == (
        "35.00",
        "同意补偿，已与客户确认",
    )
    assert "已不在待审批列表" in view.ui.messageLabel.text()
    assert view.queue_model.rowCount() == 1


def test_the_supervisor_chooses_the_escalation_decision_on_record(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    case_id = escalated_case(sqlite_staff.agent)
    view = desk(qtbot, sqlite_staff)
    view.select_request(view.pending_requests()[0].id)
    assert view.escalationCombo.isVisible()
    view.escalationCombo.setCurrentIndex(view.escalationCombo.findData("refund"))
    view.ui.noteEdit.insertPlainText("同意客户退货退款")
    assert view.approve()
    request = ApprovalRequest.get(ApprovalRequest.case == case_id)
    assert (request.state, request.decision, request.approved_fen) == ("approved", "refund", 0)
    assert "同意退货退款" in cases.get_case(case_id).attention
    compensation_case(sqlite_staff.agent, 5000, "tb_另一位")
    view.refresh()
    view.wait_idle()
    view.select_request(view.pending_requests()[0].id)
    assert not view.escalationCombo.isVisible()


def test_refresh_reads_off_the_ui_thread_keeping_the_open_request_and_what_was_typed(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    for n in range(3):
        compensation_case(sqlite_staff.agent, 5000 + n, f"tb_买家{n}")
    view = desk(qtbot, sqlite_staff)
    opened = view.pending_requests()[1]
    view.select_request(opened.id)
    view.ui.amountEdit.setText("35.00")
    view.ui.noteEdit.setPlainText("同意补偿，已与客户确认")
    readers: list[threading.Thread] = []
    release = threading.Event()
    real = approvals.list_pending

    def slow(user: object, limit: int = 500) -> list[approvals.RequestView]:
        readers.append(threading.current_thread())
        if len(readers) == 1:
            assert release.wait(10)
            return []  # an old answer, overtaken by the newer read below
        return real(user, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(approvals, "list_pending", slow)
    qtbot.mouseClick(view.ui.refreshButton, Qt.MouseButton.LeftButton)  # 刷新 returns at once
    assert view.queue_busy and view.queue_model.rowCount() == 3
    compensation_case(sqlite_staff.agent2, 7000, "tb_新买家")
    view.update_count()  # a colleague's change arrives while the first read runs
    release.set()
    view.wait_idle()
    assert len(readers) == 2 and threading.main_thread() not in readers
    assert view.queue_model.rowCount() == 4  # the overtaken (empty) answer was never shown
    rows = view.ui.queueTable.selectionModel().selectedRows()
    assert [view.queue_model.row_at(r.row()).id for r in rows] == [opened.id]
    assert view.current is not None and view.current.id == opened.id
    assert (view.ui.amountEdit.text(), view.ui.noteEdit.toPlainText()) == (
        "35.00",
        "同意补偿，已与客户确认",
    )


def test_reload_reopens_the_request_even_when_a_newer_read_overtakes_it(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    compensation_case(sqlite_staff.agent)
    view = desk(qtbot, sqlite_staff)
    request = view.pending_requests()[0]
    view.select_request(request.id)
    view.ui.noteEdit.setPlainText("同意")
    ApprovalRequest.update(version=ApprovalRequest.version + 1).execute()
    view.reload_current()  # 重新载入 after a colleague's save
    view.update_count()  # a live notice right behind it: only the newer read is shown
    view.wait_idle()
    assert view.current is not None and view.current.version == request.version + 1
    assert view.ui.decisionStack.currentWidget() is view.ui.decisionPage
    assert view.ui.noteEdit.toPlainText() == "同意"


def test_a_long_queue_shows_its_first_rows_before_the_rest_is_read(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kefu_desktop.ui.supervisor import approvals_view

    monkeypatch.setattr(approvals_view, "FIRST_ROWS", 2)
    monkeypatch.setattr(approvals_view, "APPEND_ROWS", 2)
    for i in range(9):
        compensation_case(sqlite_staff.agent, 5000 + i, f"tb_排队{i}")
    view = ApprovalsView(sqlite_staff.supervisor)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    at_first: list[tuple[int, str]] = []

    def first_rows_shown(_pending: int) -> None:
        if at_first:
            return
        at_first.append((view.queue_model.rowCount(), view.ui.queueCountLabel.text()))
        # the supervisor starts at once, on a request of the first rows
        view.select_request(view.queue_model.row_at(1).id)
        view.ui.noteEdit.setPlainText("已核实")

    view.pending_changed.connect(first_rows_shown)
    sizes: list[int] = []
    view.queue_model.rowsInserted.connect(lambda *_: sizes.append(view.queue_model.rowCount()))
    view.show()
    qtbot.waitUntil(lambda: bool(at_first))
    chosen_before = view.current.id if view.current else None
    view.wait_idle()
    assert at_first == [(2, "共 9 条待审批")]  # 2 shown, the count says how many come
    assert sizes == [2, 4, 6, 8, 9]  # the rest added a few rows per event-loop turn
    assert view.queue_model.rowCount() == 9 and not view.queue_busy
    assert [r.amount_fen for r in view.pending_requests()] == [5000 + i for i in range(9)]
    assert view.current is not None and view.current.id == chosen_before
    assert view.ui.queueTable.selectionModel().isRowSelected(1)
    assert view.ui.noteEdit.toPlainText() == "已核实"


def test_a_request_not_added_yet_opens_when_asked_for(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kefu_desktop.ui.supervisor import approvals_view

    monkeypatch.setattr(approvals_view, "FIRST_ROWS", 2)
    monkeypatch.setattr(approvals_view, "APPEND_ROWS", 1)
    for i in range(5):
        compensation_case(sqlite_staff.agent, 5000 + i, f"tb_排队{i}")
    last = approvals.list_pending(sqlite_staff.supervisor, 10)[-1]
    view = ApprovalsView(sqlite_staff.supervisor)
    qtbot.addWidget(view)
    asked: list[int] = []

    def ask_for_the_last(_pending: int) -> None:
        if view.queue_model.rowCount() > 2 and not asked:  # read whole, not all added yet
            asked.append(view.queue_model.rowCount())
            view.select_request(last.id)

    view.pending_changed.connect(ask_for_the_last)
    view.show()
    qtbot.waitUntil(lambda: bool(asked))
    assert asked[0] < 5
    assert view.current is not None and view.current.id == last.id
    assert view.queue_model.rowCount() == 5 and not view.queue_busy
