"""Pasting a waybill (Ctrl+V from the clipboard) into each waybill box gives the cleaned number
and chooses the courier, as typing and scanning do."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import returns
from kefu_desktop.ui.cases.main_window import MainWindow
from kefu_desktop.ui.warehouse.returns_view import ReturnsView, UnmatchedParcelDialog
from kefu_desktop.ui.warehouse.warehouse_view import WarehouseView
from kefu_desktop.ui.wizards import new_case_wizard
from tests.conftest import Staffing
from tests.test_returns_service import _confirmed_wrong_item
from tests.test_wizard_gui import open_wizard

pytestmark = pytest.mark.gui

ORDER_DETAILS = (
    "订单编号：3312345678901234\n收货人：张三 13800000000\n快递公司：中通快递\n"
    "运单号：７８３１２３４５６７８９０１\n"
)


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "warning", lambda *_a: None)


def paste(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Copy `text` and press Ctrl+V in `edit`, as a person does."""
    QGuiApplication.clipboard().setText(text)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.parametrize(
    ("pasted", "waybill", "courier"),
    [
        ("顺丰速运 SF1402345678901", "SF1402345678901", "SF"),
        ("运单号：SF 1402 3456 7890 1", "SF1402345678901", "SF"),
        ("YT7512345678901\n", "YT7512345678901", "YTO"),
        ("JT0001234567890\t", "JT0001234567890", "JT"),
        (ORDER_DETAILS, "78312345678901", "ZTO"),
        ("快递公司：韵达快递\n运单号：9876543210987", "9876543210987", "YUNDA"),
    ],
)
def test_pasting_into_the_wizard_chooses_the_courier(
    qtbot: QtBot, sqlite_staff: Staffing, pasted: str, waybill: str, courier: str
) -> None:
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.WRONG_SHIPMENT))
    ui = wizard.intake_page.ui
    qtbot.keyClicks(ui.waybillEdit, "OLD")  # a paste replaces what the box held
    paste(qtbot, ui.waybillEdit, pasted)
    assert ui.waybillEdit.text() == waybill
    assert ui.courierCombo.currentData() == courier
    ui.waybillEdit.undo()  # one undo step brings back what was there
    assert ui.waybillEdit.text() == "OLD"


def test_typing_and_scanning_in_the_wizard_still_choose_the_courier(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.WRONG_SHIPMENT))
    ui = wizard.intake_page.ui
    qtbot.keyClicks(ui.waybillEdit, "sf 1402345678901")
    assert ui.courierCombo.currentData() == "SF"
    qtbot.keyClick(ui.waybillEdit, Qt.Key.Key_Return)
    assert ui.waybillEdit.text() == "SF1402345678901"


def test_a_paste_without_a_waybill_is_pasted_as_it_is(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.WRONG_SHIPMENT))
    ui = wizard.intake_page.ui
    paste(qtbot, ui.waybillEdit, "顺丰")
    assert ui.waybillEdit.text() == "顺丰"
    assert ui.courierCombo.currentData() == ""


def test_pasting_in_the_unmatched_parcel_dialog(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    dialog = UnmatchedParcelDialog(sqlite_staff.warehouse, "")
    qtbot.addWidget(dialog)
    dialog.show()
    paste(qtbot, dialog.ui.waybillEdit, "申通快递 773 1234 5678 90\n")
    assert dialog.ui.waybillEdit.text() == "7731234567890"
    assert dialog.ui.courierCombo.currentData() == "STO"
    dialog.ui.senderEdit.setText("张三")
    dialog.ui.contentsEdit.setPlainText("黑色T恤 1 件")
    dialog.save()
    assert dialog.saved is not None, dialog.ui.errorLabel.text()
    assert dialog.saved is not None and dialog.saved.waybill == "7731234567890"


def test_pasting_in_the_returns_desk(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    case_id = _confirmed_wrong_item(sqlite_staff, "refund", refund=9900, postage=0)
    view = ReturnsView(sqlite_staff.warehouse)
    qtbot.addWidget(view)
    view.show()
    (expected,) = returns.expected_for_case(case_id)
    view.open_expected(next(e for e in view.expected_rows() if e.id == expected.id))
    paste(qtbot, view.ui.waybillEdit, "圆通速递 YT 7512 3456 7890 1")
    assert view.ui.waybillEdit.text() == "YT7512345678901"
    assert view.ui.courierCombo.currentData() == "YTO"
    # the scan box also takes buyer IDs and order numbers: those are pasted as they are
    paste(qtbot, view.ui.scanEdit, "tb_小王")
    assert view.ui.scanEdit.text() == "tb_小王"
    view.ui.scanEdit.clear()
    paste(qtbot, view.ui.scanEdit, "运单号：YT 7512 3456 7890 1\n")
    assert view.ui.scanEdit.text() == "YT7512345678901"


def test_pasting_in_the_warehouse_scan_box(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    view = WarehouseView(sqlite_staff.warehouse)
    qtbot.addWidget(view)
    view.show()
    paste(qtbot, view.ui.scanEdit, "顺丰速运 ＳＦ１４０２３４５６７８９０１\r\n")
    assert view.ui.scanEdit.text() == "SF1402345678901"


def test_pasting_in_the_case_search(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    window = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(window)
    window.show()
    paste(qtbot, window.ui.searchEdit, "顺丰速运 SF1402345678901")
    assert window.ui.searchEdit.text() == "SF1402345678901"
    window.ui.searchEdit.clear()
    paste(qtbot, window.ui.searchEdit, "tb_小王")  # a buyer ID stays as it is
    assert window.ui.searchEdit.text() == "tb_小王"
