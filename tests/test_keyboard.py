"""Every desk's work done with key events only: login, wizards, the clerk's and the supervisor's
round, export, Ctrl+N; the result and where focus lands are checked at each step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QPlainTextEdit,
    QTextBrowser,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases, warehouse
from kefu_desktop.services import wizard as wizard_service
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store.models import WarehouseCheck
from kefu_desktop.ui.accounts.login_dialog import LoginDialog
from kefu_desktop.ui.cases.main_window import MainWindow
from kefu_desktop.ui.wizards import CaseWizard, new_case_wizard
from kefu_desktop.ui.wizards.case_wizard import EVIDENCE_ID, OUTCOME_ID
from kefu_desktop.ui.wizards.pages import QuestionPage
from tests.conftest import Staffing
from tests.keys import type_text

pytestmark = pytest.mark.gui

ENTER = Qt.Key.Key_Return
TAB = Qt.Key.Key_Tab
CTRL = Qt.KeyboardModifier.ControlModifier


def shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget, before_close_func=lambda w: w.hide())
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def key(
    qtbot: QtBot, keycode: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key press to whatever has focus, as a person presses it."""
    target = focused()
    assert target is not None
    qtbot.keyClick(target, keycode, modifier)


def test_login_enter_after_the_name_goes_to_the_password(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    dialog = shown(qtbot, LoginDialog("SQLite test.db"))
    assert isinstance(dialog, LoginDialog)
    assert focused() is dialog.ui.loginEdit
    qtbot.keyClicks(dialog.ui.loginEdit, sqlite_staff.agent.login)
    key(qtbot, ENTER)
    assert focused() is dialog.ui.passwordEdit
    assert not dialog.ui.errorLabel.isVisible() and dialog.user is None  # no empty-password try
    qtbot.keyClicks(dialog.ui.passwordEdit, "secret123")
    key(qtbot, ENTER)
    assert dialog.user is not None and dialog.user.id == sqlite_staff.agent.id


def option_key(page: QuestionPage, field: str, value: str) -> Qt.Key:
    values = [o.value for o in page.step.field(field).choices()]
    return Qt.Key(Qt.Key.Key_1 + values.index(value))


def test_wrong_shipment_wizard_by_keyboard_alone(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    wizard = shown(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.WRONG_SHIPMENT))
    assert isinstance(wizard, CaseWizard)
    ui = wizard.intake_page.ui
    assert focused() is ui.customerEdit
    key(qtbot, ENTER)  # nothing typed: the page says what is missing and stays
    assert wizard.currentPage() is wizard.intake_page
    assert "买家ID" in ui.customerError.text()
    qtbot.keyClicks(ui.customerEdit, "tb_xiaowang")
    assert ui.customerError.text() == ""  # gone as soon as the field is right
    key(qtbot, TAB)
    assert focused() is ui.orderEdit
    qtbot.keyClicks(ui.orderEdit, "3312345678901234")
    key(qtbot, TAB)
    assert focused() is ui.waybillEdit
    qtbot.keyClicks(ui.waybillEdit, "SF1402345678901")
    key(qtbot, ENTER)  # the scanner's Enter: courier guessed, on to the goods
    assert ui.courierCombo.currentData() == "SF" and focused() is ui.skuEdit
    qtbot.keyClicks(ui.skuEdit, "A123")
    key(qtbot, ENTER)  # 下一步
    assert wizard.currentId() == EVIDENCE_ID
    key(qtbot, ENTER)  # Enter on the photo page goes on, it does not open a file dialog
    page = wizard.currentPage()
    assert isinstance(page, QuestionPage) and page.step_id == "ws_sub_kind"
    assert focused() in page.groups["ws_sub_kind"].buttons()
    key(qtbot, option_key(page, "ws_sub_kind", SubKind.WRONG_ITEM.value))  # a digit alone
    assert page.raw()["ws_sub_kind"] == SubKind.WRONG_ITEM.value
    key(qtbot, ENTER)
    page = wizard.currentPage()
    assert isinstance(page, QuestionPage) and page.step_id == "ws_photo_check"
    key(qtbot, option_key(page, "ws_photo_check", "confirmed"))
    key(qtbot, ENTER)
    page = wizard.currentPage()
    assert isinstance(page, QuestionPage) and page.step_id == "warehouse_request"
    assert focused() is page.edits["request_note"]
    type_text(qtbot, page.edits["request_note"], "客户收到白色，订单黑色")
    key(qtbot, TAB)
    assert focused() is page.edits["expected_weight_g"]
    qtbot.keyClicks(page.edits["expected_weight_g"], "850")
    key(qtbot, ENTER)
    assert wizard.currentId() == OUTCOME_ID
    key(qtbot, Qt.Key.Key_S, CTRL)  # Ctrl+S on the outcome page saves the case
    assert wizard.saved_case is not None
    detail = cases.get_case(wizard.saved_case.id)
    assert (detail.state, detail.customer_id) == (CaseState.WAITING_WAREHOUSE, "tb_xiaowang")


def test_ctrl_s_keeps_a_question_page_in_the_draft(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    wizard = shown(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.WRONG_SHIPMENT))
    assert isinstance(wizard, CaseWizard)
    for text in ("tb_xiaowang", "3312345678901234"):
        qtbot.keyClicks(focused(), text)
        key(qtbot, TAB)
    qtbot.keyClicks(focused(), "SF1402345678901")
    key(qtbot, ENTER)
    qtbot.keyClicks(focused(), "A123")
    key(qtbot, Qt.Key.Key_S, CTRL)  # intake checked and kept: the case exists now
    assert wizard.draft.case_id is not None and wizard.currentPage() is wizard.intake_page
    key(qtbot, ENTER)
    key(qtbot, ENTER)
    page = wizard.currentPage()
    assert isinstance(page, QuestionPage)
    key(qtbot, option_key(page, "ws_sub_kind", SubKind.EXTRA_ITEM.value))
    key(qtbot, Qt.Key.Key_S, CTRL)
    saved = wizard_service.get_draft(sqlite_staff.agent, wizard.draft.id)
    assert saved.answers["ws_sub_kind"] == SubKind.EXTRA_ITEM.value
    assert saved.step == "ws_sub_kind"


def test_ctrl_n_asks_the_kind_and_a_digit_picks_it(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = shown(qtbot, MainWindow(sqlite_staff.agent, "SQLite test.db"))
    assert isinstance(window, MainWindow)
    started: list[CaseKind] = []
    monkeypatch.setattr(window, "start_new_case", started.append)

    def press_two() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.windowTitle() == "新建售后单"
        qtbot.keyClick(dialog, Qt.Key.Key_2)

    QTimer.singleShot(50, press_two)
    window.ui.searchEdit.setFocus()
    key(qtbot, Qt.Key.Key_N, CTRL)
    assert started == [CaseKind.DAMAGED_PARCEL]


def test_tab_leaves_the_case_list_and_help_lists_every_shortcut(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    from kefu_desktop.ui.widgets.shortcuts import SHORTCUTS

    cases.create_case(
        sqlite_staff.agent,
        NewCase(kind=CaseKind.QUALITY, sub_kind=SubKind.WITHIN_WINDOW, customer_id="tb_a"),
    )
    window = shown(qtbot, MainWindow(sqlite_staff.supervisor, "SQLite test.db"))
    assert isinstance(window, MainWindow)
    table = window.ui.caseTable
    table.setFocus()
    table.selectRow(0)
    key(qtbot, TAB)
    assert focused() is not table and focused() is not None
    listed = " ".join(keys for _where, keys, _what in SHORTCUTS)
    actions = window.findChildren(type(window.new_case_action))
    bound = {a.shortcut().toString() for a in actions if not a.shortcut().isEmpty()}
    assert bound  # Ctrl+N, Ctrl+1…3, Ctrl+F, F5, Ctrl+R, Ctrl+E, Ctrl+Q, F1
    missing = [k for k in bound if k not in listed]
    assert missing == []
    for sequence in ("Ctrl+V", "Ctrl++", "Ctrl+-", "Ctrl+S", "Ctrl+Tab", "F1"):  # photos, forms
        assert sequence in listed
    seen: list[str] = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        seen.append(dialog.findChild(QTextBrowser).toPlainText())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(50, read_and_close)
    key(qtbot, Qt.Key.Key_F1)  # 帮助 → 快捷键
    assert seen and all(keys in seen[0] for _where, keys, _what in SHORTCUTS)


@pytest.mark.parametrize("role", ["agent", "warehouse", "supervisor", "admin"])
def test_tab_leaves_every_list_and_multi_line_box_of_every_desk(
    qtbot: QtBot, sqlite_staff: Staffing, role: str
) -> None:
    """Each desk sets Tab up on its own boxes and lists (the window does not sweep its tree)."""
    window = shown(qtbot, MainWindow(getattr(sqlite_staff, role), "SQLite test.db"))
    _ = window.replies_panel  # built after the window's first paint: its list and box count too
    boxes = window.findChildren(QPlainTextEdit) + window.findChildren(QTextEdit)
    editable = [b for b in boxes if not b.isReadOnly()]
    assert [b.objectName() for b in editable if not b.tabChangesFocus()] == []
    views = window.findChildren(QAbstractItemView)
    assert window.ui.caseTable in views
    assert [(type(v).__name__, v.objectName()) for v in views if v.tabKeyNavigation()] == []
    visible = [b for b in editable if b.isVisibleTo(window)]
    if visible:  # Tab in an editable box moves on instead of typing a tab
        visible[0].setFocus()
        qtbot.waitUntil(visible[0].hasFocus)
        key(qtbot, TAB)
        assert focused() is not visible[0] and "\t" not in visible[0].toPlainText()


@pytest.mark.parametrize("role", ["agent", "supervisor", "admin"])
def test_no_two_commands_share_a_shortcut(qtbot: QtBot, sqlite_staff: Staffing, role: str) -> None:
    """Qt fires neither of two actions bound to the same keys: every binding is unique."""
    window = shown(qtbot, MainWindow(getattr(sqlite_staff, role), "SQLite test.db"))
    assert isinstance(window, MainWindow)
    bound: dict[str, list[str]] = {}
    for action in window.findChildren(type(window.new_case_action)):
        for sequence in action.shortcuts():
            bound.setdefault(sequence.toString(), []).append(action.text())
    shared = {keys: texts for keys, texts in bound.items() if len(texts) > 1}
    assert shared == {}


def _case_with_check(staff: Staffing) -> int:
    case = cases.create_case(
        staff.agent,
        NewCase(kind=CaseKind.WRONG_SHIPMENT, sub_kind=SubKind.MISSING_ITEM,
                customer_id="tb_buyer", order_no="3890123456789012",
                waybill_no="SF1402345678901", courier="SF", sku="A100", quantity=2),
    )  # fmt: skip
    warehouse.request_check(staff.agent, case.id, "客户说少发一件，请核实底单和重量")
    return case.id


def test_clerk_scans_weighs_and_decides_by_keyboard(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    from kefu_desktop.ui.warehouse.warehouse_view import WarehouseView
    from tests.test_scale_reader import FakeScale

    case_id = _case_with_check(sqlite_staff)
    view = shown(qtbot, WarehouseView(sqlite_staff.warehouse, scale=FakeScale()))
    assert isinstance(view, WarehouseView)
    ui = view.ui
    assert focused() is ui.scanEdit
    qtbot.keyClicks(ui.scanEdit, "SF1402345678901")
    key(qtbot, ENTER)  # the scanner's Enter opens the parcel's check
    assert view.current is not None and focused() is ui.stubCombo
    key(qtbot, Qt.Key.Key_Down)  # 找到底单，与订单相符
    assert ui.stubCombo.currentIndex() == 1
    key(qtbot, TAB)
    assert focused() is ui.weightEdit
    qtbot.keyClicks(ui.weightEdit, "1.234")
    key(qtbot, ENTER)
    assert focused() is ui.observedEdit
    qtbot.keyClicks(ui.observedEdit, "box ok")
    key(qtbot, TAB)  # Tab leaves the text box instead of typing a tab
    assert ui.observedEdit.toPlainText() == "box ok" and focused() is ui.remarkEdit
    for expected in (ui.addPhotoButton, ui.closeCheckButton, ui.refuteButton, ui.confirmButton):
        key(qtbot, TAB)
        assert focused() is expected
    key(qtbot, ENTER)  # 核实属实
    check = WarehouseCheck.get(WarehouseCheck.case == case_id)
    assert (check.state, check.measured_weight_g) == ("confirmed", 1234)
    assert focused() is ui.scanEdit  # ready for the next parcel


def test_export_by_keyboard_into_documents_then_the_last_folder(
    qtbot: QtBot, sqlite_staff: Staffing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kefu_desktop.paths import data_dir
    from kefu_desktop.ui.reports.export_dialog import ExportDialog

    documents = tmp_path / "文档"
    monkeypatch.setattr(
        QStandardPaths, "writableLocation", staticmethod(lambda _where: str(documents))
    )
    dialog = shown(qtbot, ExportDialog(sqlite_staff.supervisor))
    assert isinstance(dialog, ExportDialog)
    assert Path(dialog.ui.targetEdit.text()).parent == data_dir()  # no Documents folder here
    dialog.close()

    documents.mkdir()
    dialog = shown(qtbot, ExportDialog(sqlite_staff.supervisor))
    assert isinstance(dialog, ExportDialog)
    assert Path(dialog.ui.targetEdit.text()).parent == documents
    chosen = tmp_path / "报表"
    chosen.mkdir()
    dialog.ui.targetEdit.setFocus()
    dialog.ui.targetEdit.setText(str(chosen / "month.xlsx"))  # pasted from the file manager
    key(qtbot, ENTER)  # Enter exports
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30_000)
    dialog.wait_for_worker()
    assert (chosen / "month.xlsx").exists()
    dialog.close()

    again = shown(qtbot, ExportDialog(sqlite_staff.supervisor))
    assert isinstance(again, ExportDialog)
    assert Path(again.ui.targetEdit.text()).parent == chosen  # the last folder used
    again.close()
    (chosen / "month.xlsx").unlink()
    chosen.rmdir()
    gone = shown(qtbot, ExportDialog(sqlite_staff.supervisor))
    assert isinstance(gone, ExportDialog)
    assert Path(gone.ui.targetEdit.text()).parent == documents  # that folder is gone now
