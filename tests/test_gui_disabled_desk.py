"""A desk whose account an administrator disables elsewhere is refused on its next action.

The administrator works in another process on the same database, as in the office; the desk
says 「你的账号已被停用，请联系管理员」 as a plain message (no crash dialog) and keeps
everything that was typed on screen.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.errors import ACCOUNT_DISABLED_MESSAGE
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases, warehouse
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store.models import Case, WarehouseCheck
from kefu_desktop.ui.warehouse.warehouse_view import WarehouseView
from kefu_desktop.ui.widgets import crash_dialog as ui_crash
from kefu_desktop.ui.wizards import new_case_wizard
from tests.conftest import PASSWORD, Staffing
from tests.test_scale_reader import FakeScale
from tests.test_wizard_gui import fill_intake, open_wizard

pytestmark = pytest.mark.gui


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    monkeypatch.setattr(ui_crash, "show_crash", lambda *a: pytest.fail(f"crash dialog shown: {a}"))
    return shown


def disable_from_another_desk(url: str, login: str) -> None:
    """The administrator disables `login` from their own process."""
    code = (
        "from kefu_desktop.store import db\n"
        "from kefu_desktop.services import auth\n"
        f"db.connect({url!r})\n"
        f"admin = auth.login('admin', {PASSWORD!r})\n"
        f"target = next(a for a in auth.list_accounts(admin) if a.login == {login!r})\n"
        "auth.set_active(admin, target.id, False)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_warehouse_desk_keeps_the_typed_verdict(
    qtbot: QtBot, sqlite_url: str, sqlite_staff: Staffing, messages: list[str]
) -> None:
    case = cases.create_case(
        sqlite_staff.agent,
        NewCase(
            CaseKind.WRONG_SHIPMENT,
            "tb_买家01",
            sub_kind=SubKind.MISSING_ITEM,
            waybill_no="SF1402345678901",
            courier="SF",
        ),
    )
    warehouse.request_check(sqlite_staff.agent, case.id, "请核实底单")
    view = WarehouseView(sqlite_staff.warehouse, scale=FakeScale())
    qtbot.addWidget(view)
    view.show()
    qtbot.keyClicks(view.ui.scanEdit, "SF1402345678901")
    qtbot.keyClick(view.ui.scanEdit, Qt.Key.Key_Return)
    assert view.current is not None
    view.ui.stubCombo.setCurrentIndex(2)
    qtbot.keyClicks(view.ui.weightEdit, "0.450")
    view.ui.observedEdit.insertPlainText("底单只写 1 件")

    disable_from_another_desk(sqlite_url, "cangku01")
    qtbot.mouseClick(view.ui.confirmButton, Qt.MouseButton.LeftButton)

    assert messages and ACCOUNT_DISABLED_MESSAGE in messages[-1]
    assert view.ui.weightEdit.text() == "0.450"
    assert view.ui.observedEdit.toPlainText() == "底单只写 1 件"
    assert view.ui.stubCombo.currentIndex() == 2
    assert WarehouseCheck.get(WarehouseCheck.case == case.id).state == "pending"
    assert cases.get_case(case.id).state == CaseState.WAITING_WAREHOUSE


def test_wizard_keeps_the_typed_intake(
    qtbot: QtBot, sqlite_url: str, sqlite_staff: Staffing, messages: list[str]
) -> None:
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.QUALITY))
    fill_intake(qtbot, wizard)
    disable_from_another_desk(sqlite_url, "kefu01")
    wizard.next()

    assert messages and ACCOUNT_DISABLED_MESSAGE in messages[-1]
    assert wizard.currentPage() is wizard.intake_page
    ui = wizard.intake_page.ui
    assert (ui.customerEdit.text(), ui.orderEdit.text(), ui.waybillEdit.text()) == (
        "tb_小王",
        "3312345678901234",
        "SF1402345678901",
    )
    assert Case.select().count() == 0


def test_main_window_refuses_a_state_change(
    qtbot: QtBot,
    sqlite_url: str,
    sqlite_staff: Staffing,
    messages: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kefu_desktop.ui.cases.main_window import MainWindow
    from kefu_desktop.ui.cases.state_dialog import StateDialog

    case = cases.create_case(sqlite_staff.agent, NewCase(CaseKind.QUALITY, "tb_买家02"))
    window = MainWindow(sqlite_staff.agent, "测试")
    qtbot.addWidget(window)
    window.select_case(case.id)
    assert window.ui.changeStateButton.isVisibleTo(window)
    monkeypatch.setattr(StateDialog, "exec", lambda self: StateDialog.DialogCode.Accepted)
    monkeypatch.setattr(StateDialog, "target", lambda self: CaseState.WAITING_CUSTOMER)
    monkeypatch.setattr(StateDialog, "note", lambda self: "等客户发照片")
    disable_from_another_desk(sqlite_url, "kefu01")
    window.ui.changeStateButton.click()
    assert messages == [ACCOUNT_DISABLED_MESSAGE]
    assert cases.get_case(case.id).state == CaseState.OPEN
    assert ACCOUNT_DISABLED_MESSAGE in window.count_label.text()  # the list says it too


def test_supervisor_desk_keeps_the_typed_decision(
    qtbot: QtBot, sqlite_url: str, sqlite_staff: Staffing, messages: list[str]
) -> None:
    from kefu_desktop.store.models import ApprovalRequest
    from kefu_desktop.ui.supervisor.approvals_view import ApprovalsView
    from tests.test_approvals_service import compensation_case

    compensation_case(sqlite_staff.agent, 5000, "tb_买家")
    view = ApprovalsView(sqlite_staff.supervisor)
    qtbot.addWidget(view)
    view.show()
    view.wait_idle()
    view.select_request(view.pending_requests()[0].id)
    view.ui.amountEdit.clear()
    qtbot.keyClicks(view.ui.amountEdit, "35")
    view.ui.noteEdit.insertPlainText("老客户，批 35 元")
    disable_from_another_desk(sqlite_url, "zhuguan01")
    assert not view.approve()
    assert ACCOUNT_DISABLED_MESSAGE in view.ui.messageLabel.text()
    assert view.ui.amountEdit.text() == "35"
    assert view.ui.noteEdit.toPlainText() == "老客户，批 35 元"
    assert ApprovalRequest.get().state == "pending"
