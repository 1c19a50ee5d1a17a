"""The 退货入库 desk: scan → grade → the agent's case comes back highlighted; unmatched parcels;
refusals shown in Chinese with what was typed kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.returns import Condition, Disposition, ExpectedState, ReceiptLine
from kefu_desktop.services import cases, returns
from kefu_desktop.services.live import ChangedList
from kefu_desktop.store.models import Evidence, ReturnReceipt
from kefu_desktop.ui.cases.main_window import MainWindow
from kefu_desktop.ui.warehouse import returns_view as desk
from kefu_desktop.ui.warehouse.returns_view import ReturnsView, UnmatchedParcelDialog
from tests.conftest import Staffing
from tests.test_returns_service import RETURN_WAYBILL, _back_office_case, _confirmed_wrong_item
from tests.test_warehouse_scanning import Clock, _type

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text)
    )
    return shown


def _desk(qtbot: QtBot, staff: Staffing) -> tuple[ReturnsView, Clock]:
    view = ReturnsView(staff.warehouse)
    qtbot.addWidget(view)
    view.resize(1326, 620)
    view.show()
    qtbot.waitExposed(view)
    clock = Clock()
    view.scanner._clock = clock
    return view, clock


def test_scan_grade_and_the_agents_case_is_highlighted(
    qtbot: QtBot, sqlite_staff: Staffing, tmp_path: Path
) -> None:
    staff = sqlite_staff
    case_id = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    expected = returns.expected_for_case(case_id)[0]
    returns.set_return_waybill(staff.agent, expected.id, expected.version, RETURN_WAYBILL)
    agent_window = MainWindow(staff.agent, "SQLite test.db")
    qtbot.addWidget(agent_window)
    view, clock = _desk(qtbot, staff)
    assert [e.case_id for e in view.expected_rows()] == [case_id]
    # the scanner types the parcel's waybill with the focus in the remark box
    view.ui.remarkEdit.setFocus()
    _type(view.ui.remarkEdit, RETURN_WAYBILL, clock, 0.002)
    assert view.current is not None and view.current.case_id == case_id
    assert view.ui.remarkEdit.text() == ""
    assert view.ui.waybillEdit.text() == RETURN_WAYBILL
    assert view.ui.courierCombo.currentData() == "YTO"
    assert len(view.lines()) == 1 and view.lines()[0].quantity == 2
    view.set_line(0, 1, Condition.GOOD)
    view.add_line(1, Condition.DEFECTIVE)
    assert view.ui.gradingLabel.text() == "收到 2/2 件：完好 1，有质量问题 1"
    photo = tmp_path / "到货.jpg"
    Image.new("RGB", (40, 30), "red").save(photo)
    view.photos = [photo]
    with qtbot.waitSignal(view.receipt_recorded) as signal:
        assert view.save()
    assert signal.args == [case_id]
    assert "已入库" in view.ui.messageLabel.text()
    assert view.expected_rows() == []
    assert Evidence.select().where(Evidence.case == case_id).count() == 1
    # the agent's desk: the case comes back highlighted, and its pane offers the refund
    agent_window.refresh()  # the agent has the case open: it shows at once, and counts as seen
    assert agent_window.current is not None and agent_window.current.id == case_id
    seen = [e for e in agent_window.current.events if e.action == "highlight_cleared"]
    assert seen and seen[-1].details["changes"]["attention"][0] == "退货已入库，可同意退款"
    button = agent_window.after_receipt_button
    assert not button.isHidden() and button.text() == "退货已入库，同意退款"
    button.click()
    assert cases.get_case(case_id).events[-1].action == "agree_refund"
    assert button.isHidden()


def test_several_matches_are_listed_and_one_is_chosen(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    staff = sqlite_staff
    first = _confirmed_wrong_item(staff, "exchange", postage=0)
    second = _back_office_case(staff)
    view, _clock = _desk(qtbot, staff)
    view.scan("tb_小王")
    assert view.current is None
    assert {e.case_id for e in view.expected_rows()} == {first, second}
    assert "匹配 2 单" in view.ui.listLabel.text()
    row = next(i for i, e in enumerate(view.expected_rows()) if e.case_id == second)
    view.ui.expectedTable.selectRow(row)
    view._expected_activated()
    assert view.current is not None and view.current.case_id == second
    assert view.ui.waybillEdit.text() == ""  # a customer ID is not the parcel's waybill
    view.scan(RETURN_WAYBILL)  # the parcel's label now: no match, a clear message
    view.ui.waybillEdit.setText(RETURN_WAYBILL)
    assert view.save()
    assert cases.get_case(second).attention.startswith("退货已入库，后道核实")


def test_refusals_keep_what_was_typed(
    qtbot: QtBot,
    sqlite_staff: Staffing,
    no_modal_boxes: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    staff = sqlite_staff
    case_id = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    view, _clock = _desk(qtbot, staff)
    view.scan("SF1402345678901")
    view.ui.waybillEdit.setText(RETURN_WAYBILL)
    view.set_line(0, 3, Condition.GOOD)
    view.ui.remarkEdit.setText("吊牌已拆")
    assert "超过应退回的 2 件" in view.ui.gradingLabel.text()
    assert not view.save()
    assert "超过应退回的 2 件" in no_modal_boxes[-1]
    assert (view.ui.remarkEdit.text(), view.lines()[0].quantity) == ("吊牌已拆", 3)
    assert ReturnReceipt.select().count() == 0
    # a colleague received it meanwhile: told who, nothing overwritten
    expected = returns.expected_for_case(case_id)[0]
    returns.receive(
        staff.admin, expected.id, expected.version, "YT1212121212121",
        [ReceiptLine(2, Condition.GOOD, Disposition.RESTOCK)],
    )  # fmt: skip
    view.set_line(0, 2, Condition.GOOD)
    stale_offered: list[str] = []
    monkeypatch.setattr(
        desk, "offer_reload", lambda _parent, error: stale_offered.append(str(error)) or False
    )
    assert not view.save()
    assert "已被 管理员 在" in stale_offered[-1]
    assert view.ui.remarkEdit.text() == "吊牌已拆"
    assert returns.expected_for_case(case_id)[0].state == ExpectedState.RECEIVED


def test_unmatched_parcel_registered_then_claimed(
    qtbot: QtBot, sqlite_staff: Staffing, tmp_path: Path
) -> None:
    staff = sqlite_staff
    view, _clock = _desk(qtbot, staff)
    view.scan("ZT0000000000001")
    assert "无主件" in view.ui.messageLabel.text()
    dialog = UnmatchedParcelDialog(staff.warehouse, "ZT0000000000001", view)
    qtbot.addWidget(dialog)
    dialog.save()
    assert "包裹里有什么" in dialog.ui.errorLabel.text()
    dialog.ui.senderEdit.setText("王女士")
    dialog.ui.contentsEdit.setPlainText("黑色毛衣 M ×2")
    photo = tmp_path / "包裹.png"
    Image.new("RGB", (40, 30), "green").save(photo)
    dialog.photos = [photo]
    dialog.save()
    assert dialog.photo_problems == []
    assert dialog.saved is not None
    view.refresh()
    assert view.ui.listTabs.tabText(1) == "无主件（1）"
    case_id = _confirmed_wrong_item(staff, "exchange", postage=0)
    view.refresh()
    view.ui.listTabs.setCurrentWidget(view.ui.unmatchedPage)
    view.ui.unmatchedTable.selectRow(0)
    view.start_claim()
    view.scan("3312345678901234")  # the order number
    assert view.current is not None and view.current.case_id == case_id
    assert view.ui.waybillEdit.text() == "ZT0000000000001" and view.ui.waybillEdit.isReadOnly()
    assert view.save()
    assert returns.list_unmatched(staff.warehouse) == []
    assert cases.get_case(case_id).attention == "退货已入库，可发出换货"
    assert Evidence.select().where(Evidence.case == case_id).count() == 1


def test_the_warehouse_has_the_returns_tab_beside_the_checks(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    win = MainWindow(sqlite_staff.warehouse, "SQLite test.db")
    qtbot.addWidget(win)
    titles = [win.view_tabs.tabText(i) for i in range(win.view_tabs.count())]
    assert titles.index("退货入库") == titles.index("仓库核实") + 1
    agent = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(agent)
    assert agent.returns_view is None
    # an agent's outcome elsewhere: the desk lists the new expected return by itself
    assert win.returns_view is not None and win.returns_view.expected_rows() == []
    case_id = _confirmed_wrong_item(sqlite_staff, "exchange", postage=0)
    win.show_colleagues_changes({ChangedList.CASES})
    assert [e.case_id for e in win.returns_view.expected_rows()] == [case_id]


def test_the_agent_enters_the_customers_return_waybill(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff = sqlite_staff
    case_id = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    window = MainWindow(staff.agent, "SQLite test.db")
    qtbot.addWidget(window)
    window.select_case(case_id)
    window.show_case_id(case_id)
    assert not window.return_waybill_button.isHidden()
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (" yt9876543210123 ", True))
    window.return_waybill_button.click()
    assert returns.expected_for_case(case_id)[0].return_waybill == RETURN_WAYBILL
    found = returns.find_for_scan(staff.warehouse, RETURN_WAYBILL)
    assert [m.case_id for m in found.matches] == [case_id]
    # pasted from the chat with the courier's name and a label: the number is kept
    pasted = "圆通速递 运单号：YT 9876 5432 1012 4\n"
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (pasted, True))
    window.return_waybill_button.click()
    assert returns.expected_for_case(case_id)[0].return_waybill == "YT9876543210124"


def test_turning_to_another_parcel_keeps_what_was_typed(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    staff = sqlite_staff
    first = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    view, _clock = _desk(qtbot, staff)
    view.scan("SF1402345678901")
    view.ui.waybillEdit.setText(RETURN_WAYBILL)
    view.set_line(0, 1, Condition.GOOD)
    view.add_line(1, Condition.DEFECTIVE)
    view.ui.remarkEdit.setText("领口开线")
    typed = view.lines()
    second = _back_office_case(staff, "tb_另一位")
    view.refresh()
    view.scan("tb_另一位")  # another parcel arrives meanwhile
    assert view.current is not None and view.current.case_id == second
    assert view.ui.remarkEdit.text() == "" and len(view.lines()) == 1
    view.scan("tb_小王")
    assert view.current is not None and view.current.case_id == first
    assert view.lines() == typed and view.ui.remarkEdit.text() == "领口开线"
    assert view.ui.waybillEdit.text() == RETURN_WAYBILL
    view.close_parcel()  # 放下此件: kept too
    view.scan("tb_小王")
    assert view.lines() == typed
    assert view.save()
    view.scan("tb_另一位")
    assert view.ui.remarkEdit.text() == ""


def test_the_item_lines_show_their_editors_whole(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    """Quantity, condition and disposition are editors in cells without text: each column is as
    wide as its editor, so the clerk reads 完好 / 上架（回库存） instead of an empty slit."""
    view, _clock = _desk(qtbot, sqlite_staff)
    view.add_line(3, Condition.DEFECTIVE)
    table = view.ui.linesTable
    for column in range(3):
        editor = table.cellWidget(0, column)
        assert editor is not None
        assert table.columnWidth(column) >= editor.sizeHint().width()
