"""The 订单变更 wizard on screen: the shop's questions, the outcome page's one-click copy of note
and flag, and the window on a 1366×768 laptop."""

from __future__ import annotations

import os
from datetime import date

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases
from kefu_desktop.services.warehouse import CheckState
from kefu_desktop.ui.wizards import new_case_wizard
from kefu_desktop.ui.wizards.case_wizard import OUTCOME_ID
from tests.conftest import Staffing
from tests.test_wizard_gui import answer, fill_intake, open_wizard

pytestmark = pytest.mark.gui

SHOTS = os.environ.get("KEFU_SHOTS_DIR", "")


def _shot(widget: object, name: str) -> None:
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, name))  # type: ignore[attr-defined]


def test_special_request_ends_red_and_copies_note_and_flag(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.ORDER_CHANGE))
    assert wizard.windowTitle() == "新建售后单 — 订单变更"
    fill_intake(qtbot, wizard)
    wizard.next()
    wizard.next()  # no photos for an order change
    answer(wizard, "oc_request", oc_request="special")
    answer(wizard, "oc_order_state", oc_order_state="not_printed")
    _shot(wizard, "order-change-special.png")
    answer(
        wizard,
        "oc_special",
        oc_special_kind="courier",
        oc_instruction="改发顺丰",
        oc_special_can="yes",
    )
    assert wizard.currentId() == OUTCOME_ID
    page = wizard.outcome_page
    _shot(wizard, "order-change-outcome.png")
    assert "红旗" in page.ui.flagLabel.text() and "平台代码 1" in page.ui.flagLabel.text()
    page.ui.copyButton.click()
    expected = (
        f"【红旗】订单变更-特殊要求：特殊要求（指定快递）：改发顺丰 小美 {date.today():%Y-%m-%d}"
    )
    assert QGuiApplication.clipboard().text() == expected
    wizard.next()  # 保存售后单
    saved = wizard.saved_case
    assert saved is not None and saved.state == CaseState.RESOLVED
    assert cases.get_case(saved.id).note_flag == OrderFlag.RED
    assert wizard.width() <= 1366 and wizard.height() <= 768 - 40


def test_unpaid_order_is_closed_by_the_customer_with_a_purple_flag(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.ORDER_CHANGE))
    fill_intake(qtbot, wizard)
    wizard.next()
    wizard.next()
    answer(wizard, "oc_request", oc_request="withdraw")
    answer(wizard, "oc_order_state", oc_order_state="unpaid")
    assert wizard.currentId() == OUTCOME_ID
    assert "紫旗" in wizard.outcome_page.ui.flagLabel.text()
    wizard.next()
    assert wizard.saved_case is not None
    assert wizard.saved_case.note_flag == OrderFlag.PURPLE


def test_warehouse_desk_answers_the_parcel_search(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    """已打单未发货: the clerk's two buttons say what finding the parcel means, and the agent's
    case comes back with the result."""
    from tests.test_order_change_service import _printed
    from tests.test_warehouse_view import _view

    detail = _printed(sqlite_staff, "change")
    view, _scale = _view(qtbot, sqlite_staff.warehouse)
    qtbot.waitUntil(lambda: view.queue_model.rowCount() == 1)
    check = view.pending_checks()[0]
    view.open_check(check.id)
    assert view.ui.confirmButton.text() == "仓库已找到包裹，已改单/撤单"
    assert view.ui.refuteButton.text() == "仓库未找到包裹，查底单已发出"
    _shot(view, "order-change-warehouse.png")
    view.ui.stubCombo.setCurrentIndex(3)  # 未找到底单
    view.ui.observedEdit.setPlainText("包裹在库，已按备注改成白色")
    assert view.record(CheckState.CONFIRMED)
    assert cases.get_case(detail.id).attention.startswith("仓库已找到包裹")
