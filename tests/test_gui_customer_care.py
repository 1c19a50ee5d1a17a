"""The customer profile from a case, the intake's notice, and recording a follow-up in 我的待办."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.care import BlockReason, CustomerMarkKind
from kefu_desktop.domain.clock import to_utc
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases, customers
from kefu_desktop.services.cases import NewCase, OutcomeRecord
from kefu_desktop.store.models import Case, CustomerMark, FollowUp
from kefu_desktop.ui.care.profile_dialog import CustomerProfileDialog, MarkDialog
from kefu_desktop.ui.cases.main_window import MainWindow
from kefu_desktop.ui.wizards import new_case_wizard
from tests.conftest import Staffing

pytestmark = pytest.mark.gui


def _resolved(staff: Staffing, customer: str, days_ago: int) -> int:
    detail = cases.create_case(staff.agent, NewCase(CaseKind.QUALITY, customer))
    detail = cases.record_outcome(
        staff.agent,
        detail.id,
        detail.version,
        OutcomeRecord("refund", "退款", refund_fen=1500),
        CaseState.RESOLVED,
    )
    moment = to_utc(datetime.combine(date.today() - timedelta(days=days_ago), time(10)))
    Case.update(resolved_at=moment).where(Case.id == detail.id).execute()
    return detail.id


def test_the_profile_opens_from_a_case_and_marks_the_customer(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _resolved(sqlite_staff, "tb_老顾客", 10)
    second = cases.create_case(sqlite_staff.agent, NewCase(CaseKind.QUALITY, "tb_老顾客"))
    window = MainWindow(sqlite_staff.agent, "测试")
    qtbot.addWidget(window)
    window.select_case(second.id)
    assert window.profile_button.isVisibleTo(window)
    window.profile_button.click()
    dialog = window.profile_dialog
    assert isinstance(dialog, CustomerProfileDialog)
    qtbot.waitExposed(dialog)
    assert dialog.case_table.rowCount() == 2
    assert dialog.case_table.item(1, 0).text() == cases.get_case(first).case_no
    assert "已发放 ¥15.00" in dialog.summary_label.text()
    assert "无标记" in dialog.marks_label.text()

    def fill_and_accept(self: MarkDialog) -> int:
        self.reason_combo.setCurrentIndex(self.reason_combo.findData(BlockReason.SHORT_CLAIMS))
        self.remark_edit.setPlainText("三次说少件")
        return MarkDialog.DialogCode.Accepted

    calls: list[int] = []

    def once(self: MarkDialog) -> int:
        calls.append(1)
        return fill_and_accept(self) if len(calls) == 1 else MarkDialog.DialogCode.Rejected

    monkeypatch.setattr(MarkDialog, "exec", once)
    dialog.block_button.click()
    mark = CustomerMark.get()
    assert (mark.kind, mark.reason, mark.remark) == ("blocked", "short_claims", "三次说少件")
    assert "反复声称签收少件" in dialog.marks_label.text()
    assert dialog.unblock_button.isEnabled()
    assert dialog.width() <= 1366 and dialog.height() <= 768 - 40

    dialog.case_table.cellDoubleClicked.emit(1, 0)
    assert window.current is not None and window.current.id == first
    dialog.close()


def test_the_intake_shows_recent_cases_and_the_blocklist_in_red(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    for _ in range(3):
        cases.create_case(sqlite_staff.agent, NewCase(CaseKind.QUALITY, "tb_常客"))
    customers.mark_customer(
        sqlite_staff.agent, "tb_常客", CustomerMarkKind.BLOCKED, BlockReason.EMPTY_PARCEL
    )
    wizard = new_case_wizard(sqlite_staff.agent, CaseKind.QUALITY)
    qtbot.addWidget(wizard, before_close_func=lambda w: w.hide())  # no close prompt
    wizard.show()
    page = wizard.intake_page
    page.ui.customerEdit.setText("\u200btb_常客 ")  # pasted from a chat, with an invisible mark
    qtbot.waitUntil(page.customer_notice.isVisible, timeout=2000)
    text = page.customer_notice.text()
    assert "该买家 90 天内已有 3 个售后单" in text and "多次售后" in text
    assert "#c62828" in text and "黑名单：空包" in text
    assert "查看客户档案" in text
    page.customer_notice.linkActivated.emit("profile")
    assert isinstance(page.customer_notice.profile_dialog, CustomerProfileDialog)
    page.customer_notice.profile_dialog.close()
    page.ui.customerEdit.setText("tb_新客人")
    qtbot.waitUntil(lambda: not page.customer_notice.isVisible(), timeout=2000)
    wizard.gallery.shutdown()


def test_recording_a_follow_up_in_my_todo(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    pleased = _resolved(sqlite_staff, "tb_甲", 3)
    unhappy = _resolved(sqlite_staff, "tb_乙", 4)
    window = MainWindow(sqlite_staff.agent, "测试")
    qtbot.addWidget(window)
    window.todo_action.trigger()
    view = window.todo_view
    assert window.view_tabs.currentWidget() is view
    assert [i.case_id for i in view.items] == [unhappy, pleased]
    assert "今天要回访 2 个客户" in view.count_label.text()

    view.result_buttons["unsatisfied"].click()  # no remark: refused, nothing recorded
    assert FollowUp.select().count() == 0
    view.table.selectRow(1)
    view.result_buttons["satisfied"].click()
    assert FollowUp.get(FollowUp.case == pleased).satisfaction == "satisfied"
    assert [i.case_id for i in view.items] == [unhappy]
    view.remark_edit.setText("退款太慢")
    view.result_buttons["unsatisfied"].click()
    reopened = cases.get_case(unhappy)
    assert reopened.state == CaseState.OPEN and reopened.attention == "回访不满意：退款太慢"
    assert [(i.kind, i.case_id) for i in view.items] == [("attention", unhappy)]
    assert not view.result_buttons["satisfied"].isEnabled()
    view.table.cellDoubleClicked.emit(0, 0)
    assert window.current is not None and window.current.id == unhappy


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refused save shows a message box; answer it at once."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    QApplication.processEvents()


def test_recording_and_handling_a_review(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    from kefu_desktop.domain.care import ReviewState
    from kefu_desktop.store.models import Review

    own = cases.create_case(sqlite_staff.agent, NewCase(CaseKind.QUALITY, "tb_差评"))
    window = MainWindow(sqlite_staff.agent, "测试")
    qtbot.addWidget(window)
    window.reviews_action.trigger()
    view = window.reviews_view
    view.record()  # nothing typed: refused, nothing stored
    assert Review.select().count() == 0
    view.customer_edit.setText("tb_差评")
    view.sku_edit.setText("WT2301")
    view.text_edit.setText("洗一次就起球")
    view.record()
    assert [r.text for r in view.items] == ["洗一次就起球"]
    assert view.customer_edit.text() == ""
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (own.case_no, True))
    view.link_button.click()
    assert view.items[0].case_no == own.case_no
    view.state_buttons[ReviewState.CANNOT_REVISE].click()  # no reason: refused
    assert Review.get().state == "open"
    view.note_edit.setText("客户不接电话")
    view.state_buttons[ReviewState.CANNOT_REVISE].click()
    assert (Review.get().state, Review.get().note) == ("cannot_revise", "客户不接电话")
    assert view.items == []  # only the open ones are listed
    view.open_only.setChecked(False)
    view.open_button.click()
    assert window.current is not None and window.current.id == own.id


def test_the_supervisor_adjusts_and_signs_the_score_sheet(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from kefu_desktop.store.models import ScoreSignOff
    from kefu_desktop.ui.reports.score_sheet_dialog import AdjustDialog, ScoreSheetDialog

    cases.create_case(sqlite_staff.agent, NewCase(CaseKind.QUALITY, "tb_本月"))
    window = MainWindow(sqlite_staff.supervisor, "测试")
    qtbot.addWidget(window)
    window.score_sheet_action.trigger()
    dialog = window.score_sheet_dialog
    assert isinstance(dialog, ScoreSheetDialog)
    dialog.month_combo.setCurrentIndex(0)  # this month: read off the UI thread
    assert "正在计算" in dialog.status_label.text() and not dialog.sign_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.worker.busy and "未签字" in dialog.status_label.text())
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == ["小美"]

    def adjusted(self: AdjustDialog) -> int:
        self.points.setValue(-2)
        self.comment.setText("回复慢")
        return AdjustDialog.DialogCode.Accepted

    monkeypatch.setattr(AdjustDialog, "exec", adjusted)
    dialog.adjust_button.click()
    qtbot.waitUntil(lambda: dialog.table.item(0, 7).text() == "-2.0")
    assert "回复慢" in dialog.history.item(0).text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: "已锁定" in dialog.status_label.text())
    assert ScoreSignOff.select().count() == 1
    assert not dialog.adjust_button.isEnabled() and not dialog.sign_button.isEnabled()
    assert dialog.width() <= 1366 and dialog.height() <= 768 - 40
    dialog.close()
