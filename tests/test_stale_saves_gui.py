"""A colleague saved first: every desk says who and when, keeps what was typed, offers 重新载入."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.errors import StaleRecord
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import approvals, cases, warehouse
from kefu_desktop.services.warehouse import CheckState
from kefu_desktop.store.models import ApprovalRequest, WarehouseCheck
from kefu_desktop.ui.cases import main_window, state_dialog
from kefu_desktop.ui.cases.main_window import MainWindow
from kefu_desktop.ui.supervisor import approvals_view
from kefu_desktop.ui.supervisor.approvals_view import ApprovalsView
from kefu_desktop.ui.warehouse import warehouse_view
from kefu_desktop.ui.wizards import case_wizard, new_case_wizard
from kefu_desktop.ui.wizards.case_wizard import OUTCOME_ID
from tests.conftest import Staffing
from tests.test_approvals_service import compensation_case
from tests.test_warehouse_view import _case_with_check, _view
from tests.test_wizard_gui import answer, open_wizard, to_question_pages

pytestmark = pytest.mark.gui

WHO_AND_WHEN = re.compile(r"已被 (\S+) 在 \d\d:\d\d ")


class Offers:
    """Stands in for the 重新载入 question: records what was said, answers `reload`."""

    def __init__(self, reload: bool) -> None:
        self.reload = reload
        self.errors: list[StaleRecord] = []

    def __call__(self, _parent: object, error: StaleRecord) -> bool:
        self.errors.append(error)
        return self.reload

    def said_by(self) -> str:
        assert len(self.errors) == 1
        match = WHO_AND_WHEN.search(str(self.errors[0]))
        assert match is not None, str(self.errors[0])
        return match.group(1)


def test_detail_pane_state_change(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = cases.create_case(
        sqlite_staff.agent, cases.NewCase(kind=CaseKind.QUALITY, customer_id="tb_买家")
    )
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    win.select_case(case.id)
    cases.change_state(sqlite_staff.supervisor, case.id, case.version, CaseState.WAITING_CUSTOMER)

    typed: list[tuple[CaseState, str]] = []

    class TypingDialog:
        DialogCode = state_dialog.StateDialog.DialogCode

        def __init__(self, *args: object) -> None:
            self.prefilled: tuple[CaseState, str] | None = None

        def prefill(self, target: CaseState, note: str) -> None:
            self.prefilled = (target, note)

        def exec(self) -> object:
            typed.append(self.prefilled or (CaseState.ESCALATED, "客户要求主管处理"))
            return self.DialogCode.Accepted

        def target(self) -> CaseState:
            return typed[-1][0]

        def note(self) -> str:
            return typed[-1][1]

    offers = Offers(reload=True)
    monkeypatch.setattr(state_dialog, "StateDialog", TypingDialog)
    monkeypatch.setattr(main_window, "offer_reload", offers)
    win.ui.changeStateButton.click()
    assert offers.said_by() == "陈主管"
    assert win.current is not None and win.current.state == CaseState.WAITING_CUSTOMER
    assert cases.get_case(case.id).state == CaseState.WAITING_CUSTOMER  # nothing overwritten
    # the next try starts from what the agent chose and typed, now on the reloaded case
    win.ui.changeStateButton.click()
    assert typed[-1] == (CaseState.ESCALATED, "客户要求主管处理")
    stored = cases.get_case(case.id)
    assert stored.state == CaseState.ESCALATED
    assert stored.events[-1].details == {"note": "客户要求主管处理"}


def test_warehouse_desk_verdict(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _case_with_check(sqlite_staff)
    view, _scale = _view(qtbot, sqlite_staff.warehouse)
    check = view.pending_checks()[0]
    view.open_check(check.id)
    view.ui.stubCombo.setCurrentIndex(1)
    qtbot.keyClicks(view.ui.weightEdit, "0.800")
    view.ui.observedEdit.insertPlainText("底单与订单一致")
    # the agent edits the request meanwhile (a colleague's save on the same check)
    WarehouseCheck.update(version=WarehouseCheck.version + 1).execute()
    offers = Offers(reload=False)
    monkeypatch.setattr(warehouse_view, "offer_reload", offers)
    assert not view.record(CheckState.CONFIRMED)
    assert "已被同事修改" in str(offers.errors[0])
    assert view.ui.weightEdit.text() == "0.800"  # not reloaded: the form is as typed
    offers.reload = True
    offers.errors.clear()
    assert not view.record(CheckState.CONFIRMED)
    view.wait_idle()  # 重新载入 reads the queue off the UI thread
    assert view.current is not None and view.current.version == check.version + 1
    assert view.ui.weightEdit.text() == "0.800"
    assert view.ui.observedEdit.toPlainText() == "底单与订单一致"
    assert view.record(CheckState.CONFIRMED)
    assert cases.get_case(case_id).events[-1].action == "warehouse_verdict"


def test_warehouse_desk_check_taken_by_a_colleague(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    _case_with_check(sqlite_staff)
    view, _scale = _view(qtbot, sqlite_staff.warehouse)
    check = view.pending_checks()[0]
    view.open_check(check.id)
    view.ui.stubCombo.setCurrentIndex(1)
    warehouse.record_verdict(
        sqlite_staff.admin,
        check.id,
        check.version,
        warehouse.Verdict(CheckState.REFUTED, True, True, None, "", ""),
    )
    offers = Offers(reload=True)
    monkeypatch.setattr(warehouse_view, "offer_reload", offers)
    assert not view.record(CheckState.CONFIRMED)
    view.wait_idle()
    assert offers.said_by() == "管理员"
    assert "已被 管理员 在" in view.ui.messageLabel.text()
    assert view.queue_model.rowCount() == 0
    assert view.ui.verdictStack.currentWidget() is view.ui.emptyPage


def test_supervisors_desk_keeps_the_typed_decision(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    compensation_case(sqlite_staff.agent)
    view = ApprovalsView(sqlite_staff.supervisor)
    qtbot.addWidget(view)
    view.show()
    view.wait_idle()
    request = view.pending_requests()[0]
    view.select_request(request.id)
    view.ui.amountEdit.setText("25.00")
    view.ui.noteEdit.setPlainText("同意补偿 25 元")
    ApprovalRequest.update(version=ApprovalRequest.version + 1).execute()
    offers = Offers(reload=True)
    monkeypatch.setattr(approvals_view, "offer_reload", offers)
    assert not view.approve()
    view.wait_idle()  # 重新载入 reads the queue off the UI thread
    assert "已被同事修改" in str(offers.errors[0])
    assert view.current is not None and view.current.version == request.version + 1
    assert (view.ui.amountEdit.text(), view.ui.noteEdit.toPlainText()) == (
        "25.00",
        "同意补偿 25 元",
    )
    assert view.approve()
    assert ApprovalRequest.get().approved_fen == 2500


def test_wizard_finish_after_a_colleagues_save(
    qtbot: QtBot, sqlite_staff: Staffing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = tmp_path / "p.png"
    Image.new("RGB", (64, 48), (9, 9, 9)).save(photo)
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.DAMAGED_PARCEL))
    to_question_pages(qtbot, wizard, photo)
    answer(wizard, "dp_sub_kind", dp_sub_kind="refused")
    answer(wizard, "remedy_exchange_refund", remedy_exchange_refund="refund")
    answer(wizard, "refund_money", refund="199", postage="12.5")
    assert wizard.currentId() == OUTCOME_ID
    case_id = wizard.draft.case_id
    assert case_id is not None
    seen = cases.get_case(case_id)
    cases.record_first_reply(sqlite_staff.supervisor, case_id, seen.version)  # a colleague saves

    offers = Offers(reload=True)
    monkeypatch.setattr(case_wizard, "offer_reload", offers)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.saved_case is None
    assert offers.said_by() == "陈主管"
    assert cases.get_case(case_id).resolution == ""  # the colleague's save stands
    assert wizard.currentId() == OUTCOME_ID  # every answer is still there
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.saved_case is not None
    saved = cases.get_case(case_id)
    assert (saved.refund_fen, saved.state) == (19900, CaseState.RESOLVED)
    # 退货退款: the goods are expected back, in the same save
    assert [e.action for e in saved.events][-3:] == [
        "first_reply",
        "wizard_saved",
        "return_expected",
    ]
    assert approvals.pending_count() == 0
