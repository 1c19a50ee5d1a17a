"""话术 on screen: the panel beside the case (search, Ctrl+Shift+C), the supervisor's editor, and
the reply the outcome page offers."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases, replies
from kefu_desktop.services.cases import NewCase
from kefu_desktop.ui.cases.main_window import MainWindow
from kefu_desktop.ui.replies.replies_editor import RepliesEditor
from kefu_desktop.ui.replies.replies_panel import RepliesPanel
from kefu_desktop.ui.wizards import new_case_wizard
from kefu_desktop.ui.wizards.case_wizard import OUTCOME_ID
from tests.conftest import Staffing
from tests.test_wizard_gui import answer, fill_intake, open_wizard

pytestmark = pytest.mark.gui

SHOTS = os.environ.get("KEFU_SHOTS_DIR", "")


def _window(qtbot: QtBot, staff: Staffing) -> MainWindow:
    win = MainWindow(staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.showNormal()
    win.resize(1366, 728)  # a 1366×768 laptop less its taskbar
    return win


def test_agent_searches_and_copies_a_reply_with_ctrl_shift_c(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    case = cases.create_case(
        sqlite_staff.agent,
        NewCase(CaseKind.QUALITY, "tb_小王", waybill_no="SF1402345678901", courier="SF"),
    )
    win = _window(qtbot, sqlite_staff)
    panel = win.replies_panel
    assert panel is not None and panel.isVisible()
    win.show_case_id(case.id)
    panel.search_edit.setText("物流单号")  # typed by an input method: the text arrives whole
    panel.search_edit.textEdited.emit("物流单号")
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    assert "运单号（SF1402345678901）" in panel.preview.toPlainText()
    assert "顺丰速运" in panel.preview.toPlainText()
    QGuiApplication.clipboard().setText("")
    win.ui.caseTable.setFocus()  # the shortcut works wherever the agent is in the window
    qtbot.keyClick(win.ui.caseTable, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier |
                   Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("亲，寄回后请找到该订单") and "SF1402345678901" in copied
    assert panel.copied_label.text() == "已复制，可粘贴到聊天窗口。"
    if SHOTS:
        win.grab().save(os.path.join(SHOTS, "replies-panel.png"))


def test_the_pane_is_built_once_the_window_has_painted_its_first_page(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    """The case list comes first: the 话术 pane's place is kept empty until the window has
    been painted, then the pane fills it without being asked, for the case shown."""
    case = cases.create_case(sqlite_staff.agent, NewCase(CaseKind.QUALITY, "tb_小王"))
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    assert win.replies_pane is not None
    assert win.replies_pane.findChildren(RepliesPanel) == []
    win.show_case_id(case.id)
    win.show()
    qtbot.waitUntil(lambda: bool(win.replies_pane and win.replies_pane.findChildren(RepliesPanel)))
    panel = win.replies_panel
    assert panel is not None and panel.isVisible() and panel.list.count() > 0
    assert panel.detail is not None and panel.detail.id == case.id
    assert panel.width() >= 200


def test_ctrl_shift_c_works_before_the_pane_is_built(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    assert win.replies_pane is not None and win.replies_pane.findChildren(RepliesPanel) == []
    QGuiApplication.clipboard().setText("")
    copy = next(a for a in win.actions() if a.shortcut().toString() == "Ctrl+Shift+C")
    copy.trigger()
    assert "客服小美" in QGuiApplication.clipboard().text()


def test_a_role_without_replies_has_no_pane(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    win = MainWindow(sqlite_staff.warehouse, "SQLite test.db")
    qtbot.addWidget(win)
    assert win.replies_pane is None and win.replies_panel is None
    assert [a for a in win.actions() if a.shortcut().toString() == "Ctrl+Shift+C"] == []


def test_a_missing_value_shows_a_placeholder_and_says_so(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    win = _window(qtbot, sqlite_staff)
    panel = win.replies_panel
    assert panel is not None
    panel.search_edit.setText("开头")
    panel.reload()
    panel.copy_button.click()
    assert "【待填：店铺】的客服小美" in QGuiApplication.clipboard().text()
    assert panel.missing_label.text() == "发送前请补上：店铺"


def test_supervisor_edits_a_reply_and_the_shop_name(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    editor = RepliesEditor(sqlite_staff.supervisor)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.width() <= 1366 and editor.height() <= 728
    editor.shop_edit.setText("暖暖服饰旗舰店")
    editor.shop_button.click()
    assert replies.shop_name() == "暖暖服饰旗舰店"
    editor.list.setCurrentRow(6)
    editor.body_edit.setPlainText("亲，满意请给五星好评哦！")
    assert editor.save()
    closing = replies.list_replies(sqlite_staff.agent)[6]
    assert (closing.body, closing.updated_by_name) == ("亲，满意请给五星好评哦！", "陈主管")
    editor.new_reply()
    editor.title_edit.setText("空内容")
    assert not editor.save()
    assert editor.problem.text() == "请填写话术内容。"
    assert editor.title_edit.text() == "空内容"
    if SHOTS:
        editor.grab().save(os.path.join(SHOTS, "replies-editor.png"))


def test_the_outcome_page_offers_the_reply_that_fits(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.ORDER_CHANGE))
    fill_intake(qtbot, wizard, customer="tb_freight")
    wizard.next()
    wizard.next()
    answer(wizard, "oc_request", oc_request="withdraw")
    answer(wizard, "oc_order_state", oc_order_state="shipped")
    answer(wizard, "oc_shipped_way", oc_shipped_way="refuse")
    answer(wizard, "oc_freight", postage="15")
    assert wizard.currentId() == OUTCOME_ID
    page = wizard.outcome_page
    assert page.reply_title.text() == "推荐话术：补运费"
    assert "本次需补运费 15.00 元" in page.reply_text and "补运费-tb_freight" in page.reply_text
    page.reply_copy_button.click()
    assert QGuiApplication.clipboard().text() == page.reply_text
    if SHOTS:
        wizard.grab().save(os.path.join(SHOTS, "outcome-reply.png"))
