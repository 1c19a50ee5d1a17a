"""The case list's 旗帜 column in the flag's colour, and 改价/补差 from the detail pane."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.price_changes import PriceChange
from kefu_desktop.services import cases, price_changes
from kefu_desktop.services import wizard as wz
from kefu_desktop.services.cases import NewCase
from kefu_desktop.ui.cases.case_table_model import FLAG_COLUMN
from kefu_desktop.ui.cases.main_window import MainWindow
from kefu_desktop.ui.cases.price_change_dialog import PriceChangeDialog
from tests.conftest import Staffing
from tests.test_order_change_service import finish, opened

pytestmark = pytest.mark.gui

SHOTS = os.environ.get("KEFU_SHOTS_DIR", "")


def _flagged_cases(staff: Staffing) -> dict[OrderFlag, int]:
    """One case per flag, each saved by a real path (wizard or price change)."""
    made: dict[OrderFlag, int] = {}
    for flag, answers in (
        (OrderFlag.PURPLE, {"oc_request": "withdraw", "oc_order_state": "unpaid"}),
        (OrderFlag.GREEN, {"oc_request": "withdraw", "oc_order_state": "not_printed",
                           "refund": 5000}),
        (OrderFlag.BLUE, {"oc_request": "withdraw", "oc_order_state": "shipped",
                          "oc_shipped_way": "refuse", "postage": 0}),
        (OrderFlag.RED, {"oc_request": "special", "oc_order_state": "not_printed",
                         "oc_special_kind": "today", "oc_instruction": "今天发出",
                         "oc_special_can": "yes"}),
    ):  # fmt: skip
        made[flag] = finish(staff.agent, opened(staff.agent), **answers).id
    plain = cases.create_case(staff.agent, NewCase(CaseKind.QUALITY, "tb_改价"))
    yellow = price_changes.record_price_change(
        staff.agent, plain.id, plain.version, PriceChange.TOP_UP, 2000, "换购高价款"
    )
    made[OrderFlag.YELLOW] = yellow.id
    made[OrderFlag.NONE] = cases.create_case(staff.agent, NewCase(CaseKind.QUALITY, "tb_无旗")).id
    return made


def test_every_flag_shows_in_its_colour(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    made = _flagged_cases(sqlite_staff)
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    model = win.model
    assert model.headerData(
        FLAG_COLUMN, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole
    ) == ("旗帜")
    header = win.ui.caseTable.horizontalHeader()
    assert header.visualIndex(FLAG_COLUMN) <= 5  # beside 售后单号 买家ID 类型 状态 (时限)
    for flag, case_id in made.items():
        row = model.row_of_case(case_id)
        assert row is not None
        index = model.index(row, FLAG_COLUMN)
        assert index.data() == (flag.label if flag else "")
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        if flag == OrderFlag.NONE:
            assert icon is None
            continue
        assert isinstance(icon, QIcon)
        image = icon.pixmap(12, 12).toImage()
        assert image.pixelColor(6, 6).name() == QColor(flag.colour).name()
    if SHOTS:
        win.grab().save(os.path.join(SHOTS, "case-list-flags.png"))


def test_price_change_from_the_detail_pane_copies_note_and_flag(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = cases.create_case(sqlite_staff.agent, NewCase(CaseKind.WRONG_SHIPMENT, "tb_补差"))
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    win.show()
    win.show_case_id(case.id)
    assert win.price_change_button.isVisible()
    seen: list[PriceChangeDialog] = []

    def run(dialog: PriceChangeDialog) -> int:
        seen.append(dialog)
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("freight"))
        qtbot.keyClicks(dialog.amount_edit, "12.5")
        dialog.reason_edit.setText("改发顺丰")
        assert "【黄旗】改价-补运费 ¥12.50：改发顺丰 小美" in dialog.preview.text()
        if SHOTS:
            dialog.grab().save(os.path.join(SHOTS, "price-change.png"))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(PriceChangeDialog, "exec", run)
    win.record_price_change()
    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    saved = cases.get_case(case.id)
    assert (saved.top_up_fen, saved.note_flag) == (1250, OrderFlag.YELLOW)
    assert QGuiApplication.clipboard().text() == f"【黄旗】{saved.note_text}"
    assert "客户补差/补运费 ¥12.50" in win.ui.detailBrowser.toPlainText()


def test_a_cut_above_the_limit_keeps_what_was_typed(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    case = cases.create_case(sqlite_staff.agent, NewCase(CaseKind.QUALITY, "tb_优惠"))
    dialog = PriceChangeDialog(sqlite_staff.agent, case)
    qtbot.addWidget(dialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("discount"))
    dialog.amount_edit.setText("25")
    dialog.reason_edit.setText("老客户")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "超过客服可自行决定的 20 元" in dialog.problem.text()
    assert (dialog.amount_edit.text(), dialog.reason_edit.text()) == ("25", "老客户")
    assert cases.get_case(case.id).price_cut_fen == 0
    assert wz.list_drafts(sqlite_staff.agent) == []
