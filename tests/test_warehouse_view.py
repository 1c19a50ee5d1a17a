from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases, evidence, warehouse, warehouse_settings
from kefu_desktop.services.auth import User
from kefu_desktop.services.cases import NewCase
from kefu_desktop.services.products import ProductRow, save_products
from kefu_desktop.services.warehouse import CheckState
from kefu_desktop.services.warehouse_settings import ScaleSettings
from kefu_desktop.store.models import Product, WarehouseCheck
from kefu_desktop.ui.warehouse.warehouse_view import (
    ProductImportDialog,
    WarehouseSettingsDialog,
    WarehouseView,
)
from tests.conftest import Staffing
from tests.test_scale_reader import FakeScale

pytestmark = pytest.mark.gui

WAYBILL = "SF1402345678901"


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text)
    )
    return shown


def _case_with_check(staff: Staffing, waybill: str = WAYBILL, customer: str = "tb_买家01") -> int:
    case = cases.create_case(
        staff.agent,
        NewCase(
            kind=CaseKind.WRONG_SHIPMENT,
            sub_kind=SubKind.MISSING_ITEM,
            customer_id=customer,
            order_no="3890123456789012",
            waybill_no=waybill,
            courier="SF",
            sku="A100",
            quantity=2,
        ),
    )
    warehouse.request_check(staff.agent, case.id, "客户说少发一件，请核实底单和重量")
    return case.id


def _view(qtbot: QtBot, user: User) -> tuple[WarehouseView, FakeScale]:
    scale = FakeScale()
    view = WarehouseView(user, scale=scale)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    qtbot.waitExposed(view)
    view.wait_idle()  # the queue is read off the UI thread
    return view, scale


def test_queue_lists_pending_checks(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    save_products(sqlite_staff.admin, [ProductRow("A100", "羊毛衫", 350)])
    _case_with_check(sqlite_staff)
    _case_with_check(sqlite_staff, "SF1402345678902", "买家二")
    view, _scale = _view(qtbot, sqlite_staff.warehouse)
    model = view.queue_model
    assert model.rowCount() == 2
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[1:6] == [
        "tb_买家01",
        "3890123456789012",
        WAYBILL,
        "顺丰速运",
        "客户说少发一件，请核实底单和重量",
    ]
    assert row[6] == "0.800"  # 2 × 350 g + 100 g packaging
    assert row[7:] == ["小美", "刚刚"]
    assert view.ui.queueCountLabel.text() == "共 2 条待核实"


def test_scan_in_the_table_opens_the_check_and_confirm_moves_the_case(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    save_products(sqlite_staff.admin, [ProductRow("A100", "羊毛衫", 350)])
    case_id = _case_with_check(sqlite_staff)
    view, _scale = _view(qtbot, sqlite_staff.warehouse)
    table = view.ui.queueTable
    table.setFocus()
    ticks = iter(range(10**6))
    view.scanner._clock = lambda: (
        next(ticks) * 0.004
    )  # a scanner's pace, however busy the test machine
    # the scanner "types" into whatever has focus, then Enter
    qtbot.keyClicks(table, "sf1402345678901")
    qtbot.keyClick(view.ui.scanEdit, Qt.Key.Key_Return)
    assert view.current is not None and view.current.case_id == case_id
    assert view.ui.verdictStack.currentWidget() is view.ui.verdictPage
    assert "客户说少发一件" in view.ui.checkInfoLabel.text()
    assert view.ui.expectedLabel.text().startswith("0.800 kg")
    assert view.ui.scanEdit.text() == ""

    view.ui.stubCombo.setCurrentIndex(2)  # found, does not match the order
    qtbot.keyClicks(view.ui.weightEdit, "0.450")
    qtbot.waitUntil(lambda: view.ui.weightEdit.text() == "0.450")  # held while it may be a scan
    assert "比预计轻 0.350 kg" in view.ui.differenceLabel.text()
    assert "超出误差" in view.ui.differenceLabel.text()
    view.ui.observedEdit.insertPlainText("底单只写 1 件")  # QTest types ASCII only
    with qtbot.waitSignal(view.verdict_recorded) as recorded:
        qtbot.mouseClick(view.ui.confirmButton, Qt.MouseButton.LeftButton)
    assert recorded.args == [case_id]

    detail = cases.get_case(case_id)
    assert detail.state == CaseState.OPEN
    assert detail.attention.startswith("仓库核实属实：底单不符；实重 0.450 kg")
    assert detail.events[-1].action == "warehouse_verdict"
    assert detail.events[-1].actor_name == "老王"
    check = WarehouseCheck.get(WarehouseCheck.case == case_id)
    assert (check.state, check.measured_weight_g, check.observed) == (
        "confirmed",
        450,
        "底单只写 1 件",
    )
    assert view.queue_model.rowCount() == 0
    assert view.ui.verdictStack.currentWidget() is view.ui.emptyPage
    assert "核实属实" in view.ui.messageLabel.text()
    # the agent sees it highlighted: the case list's attention filter finds it
    flagged = cases.list_cases(sqlite_staff.agent, cases.CaseFilter(attention_only=True))
    assert [r.id for r in flagged] == [case_id]


def test_unknown_waybill_gives_a_message_and_changes_nothing(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    _case_with_check(sqlite_staff)
    view, _scale = _view(qtbot, sqlite_staff.warehouse)
    qtbot.keyClicks(view.ui.scanEdit, "YT0000000000000")
    qtbot.keyClick(view.ui.scanEdit, Qt.Key.Key_Return)
    assert view.ui.messageLabel.isVisible()
    assert "没有找到运单号 YT0000000000000" in view.ui.messageLabel.text()
    assert view.current is None
    assert view.ui.verdictStack.currentWidget() is view.ui.emptyPage
    assert WarehouseCheck.get().state == "pending"
    assert view.queue_model.rowCount() == 1


def test_bad_weight_is_refused_and_nothing_saved(
    qtbot: QtBot, sqlite_staff: Staffing, no_modal_boxes: list[str]
) -> None:
    case_id = _case_with_check(sqlite_staff)
    view, _scale = _view(qtbot, sqlite_staff.warehouse)
    view.scan(WAYBILL)
    view.ui.stubCombo.setCurrentIndex(1)
    for text, message in (
        ("0", "不能为 0"),
        ("-1", "负数"),
        ("abc", "不是数字"),
        ("120", "超过 100 kg"),
    ):
        view.ui.weightEdit.setText(text)
        assert message in view.ui.differenceLabel.text()
        assert not view.record(CheckState.REFUTED)
        assert message in view.ui.messageLabel.text()
    assert len(no_modal_boxes) == 4
    view.ui.stubCombo.setCurrentIndex(0)
    view.ui.weightEdit.setText("1.000")
    assert not view.record(CheckState.REFUTED)
    assert "底单情况" in view.ui.messageLabel.text()
    assert WarehouseCheck.get().state == "pending"
    assert cases.get_case(case_id).state == CaseState.WAITING_WAREHOUSE


def test_weight_from_the_scale_and_draft_kept_between_parcels(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    _case_with_check(sqlite_staff)
    _case_with_check(sqlite_staff, "SF1402345678902", "买家二")
    view, scale = _view(qtbot, sqlite_staff.warehouse)
    view.scan(WAYBILL)
    assert not view.ui.takeScaleButton.isEnabled()  # no scale: type the weight
    scale.open(ScaleSettings("fake", 9600))
    assert view.ui.takeScaleButton.isEnabled()
    scale.send(b"US,GS,+  1.100kg\r\n")
    qtbot.mouseClick(view.ui.takeScaleButton, Qt.MouseButton.LeftButton)
    assert "不稳定" in view.ui.messageLabel.text()
    assert view.ui.weightEdit.text() == ""
    scale.send(b"ST,GS,+  1.234kg\r\n")
    assert "1.234 kg" in view.ui.scaleStatusLabel.text()
    qtbot.mouseClick(view.ui.takeScaleButton, Qt.MouseButton.LeftButton)
    assert view.ui.weightEdit.text() == "1.234"
    view.ui.remarkEdit.setText("先放一边")
    view.scan("SF1402345678902")
    assert view.ui.weightEdit.text() == ""
    scale.unplug()
    assert "连接中断" in view.ui.scaleStatusLabel.text()
    assert not view.ui.takeScaleButton.isEnabled()
    view.scan(WAYBILL)
    assert (view.ui.weightEdit.text(), view.ui.remarkEdit.text()) == ("1.234", "先放一边")


def test_stub_photos_go_to_the_evidence_archive(
    qtbot: QtBot, sqlite_staff: Staffing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _case_with_check(sqlite_staff)
    photo = tmp_path / "底单.jpg"
    Image.new("RGB", (64, 48), "white").save(photo)
    view, _scale = _view(qtbot, sqlite_staff.warehouse)
    view.scan(WAYBILL)
    monkeypatch.setattr(view, "_choose_photos", lambda: [photo])
    qtbot.mouseClick(view.ui.addPhotoButton, Qt.MouseButton.LeftButton)
    assert "已添加 1 张" in view.ui.messageLabel.text()
    assert view.ui.photosLabel.text() == "该售后单已有 1 张照片"
    stored = evidence.list_evidence(sqlite_staff.admin, case_id)
    assert len(stored) == 1 and stored[0].added_by_name == "老王"


def test_settings_dialog_saves_tolerance_and_scale(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    dialog = WarehouseSettingsDialog(sqlite_staff.warehouse)
    qtbot.addWidget(dialog)
    dialog.ui.portCombo.setEditText("COM7")
    dialog.ui.baudCombo.setCurrentIndex(dialog.ui.baudCombo.findData(4800))
    dialog.ui.minSpin.setValue(80)
    dialog.ui.percentSpin.setValue(3)
    dialog.ui.packagingSpin.setValue(150)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert warehouse_settings.load_scale_settings() == ScaleSettings("COM7", 4800)
    assert warehouse_settings.get_tolerance().min_g == 80
    assert warehouse_settings.get_packaging_g() == 150
    assert dialog.scale_changed


def test_product_import_dialog_good_and_bad_rows(
    qtbot: QtBot, sqlite_staff: Staffing, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["SKU", "名称", "重量"],
        ["A1", "帽子", 120],
        ["A2", "手套", "重"],
        ["A3", "袜子", 40],
    ):
        sheet.append(row)
    path = tmp_path / "goods.xlsx"
    book.save(path)
    dialog = ProductImportDialog(sqlite_staff.warehouse)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_import, timeout=5000):
        dialog.start(path)
    assert dialog.report is not None and dialog.report.added == 2
    assert "跳过 1 行" in dialog.ui.resultLabel.text()
    assert dialog.ui.skippedTable.rowCount() == 1
    assert dialog.ui.skippedTable.item(0, 0).text() == "3"
    assert "不是数字" in dialog.ui.skippedTable.item(0, 1).text()
    assert {p.sku for p in Product.select()} == {"A1", "A3"}
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"nope")
    with qtbot.waitSignal(dialog.finished_import, timeout=5000):
        dialog.start(broken)
    assert "不是可读取的 Excel" in dialog.ui.resultLabel.text()


def test_refresh_keeps_the_open_check_selected_when_a_colleague_takes_another(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    _case_with_check(sqlite_staff)
    second = _case_with_check(sqlite_staff, "SF1402345678902", "买家二")
    view, _scale = _view(qtbot, sqlite_staff.warehouse)
    first_check = view.pending_checks()[0]
    view.open_check(view.pending_checks()[1].id)
    view.ui.remarkEdit.setText("正在称")
    warehouse.record_verdict(  # a colleague at the next bench
        sqlite_staff.warehouse,
        first_check.id,
        first_check.version,
        warehouse.Verdict(CheckState.CONFIRMED, True, True, None),
        warehouse_settings.get_tolerance(),
    )
    view.refresh()
    view.wait_idle()
    assert view.queue_model.rowCount() == 1
    rows = view.ui.queueTable.selectionModel().selectedRows()
    assert [view.queue_model.row_at(r.row()).case_id for r in rows] == [second]
    assert view.current is not None and view.current.case_id == second
    assert view.ui.remarkEdit.text() == "正在称"


def test_refresh_reads_off_the_ui_thread_keeping_selection_scroll_and_what_was_typed(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    for n in range(40):
        _case_with_check(sqlite_staff, f"SF14023456{n:05d}", f"买家{n}")
    view, _scale = _view(qtbot, sqlite_staff.warehouse)
    table = view.ui.queueTable
    opened = view.pending_checks()[30]
    view.open_check(opened.id)
    view.ui.remarkEdit.setText("正在称")
    view.ui.weightEdit.setText("0.7")
    table.scrollToBottom()
    position = table.verticalScrollBar().value()
    assert position > 0
    readers: list[threading.Thread] = []
    release = threading.Event()
    real = warehouse.list_pending

    def slow(user: User, limit: int = 500) -> list[warehouse.CheckView]:
        readers.append(threading.current_thread())
        if len(readers) == 1:
            assert release.wait(10)
            return []  # what the queue held when this read began (an old answer)
        return real(user, limit)

    monkeypatch.setattr(warehouse, "list_pending", slow)
    qtbot.mouseClick(view.ui.refreshButton, Qt.MouseButton.LeftButton)  # 刷新 returns at once
    assert view.queue_busy and view.queue_model.rowCount() == 40  # shown when the read arrives
    _case_with_check(sqlite_staff, "SF1402345699999", "新买家")
    view.refresh()  # a colleague's change, newer than the read still running
    release.set()
    view.wait_idle()
    assert len(readers) == 2 and threading.main_thread() not in readers
    assert view.queue_model.rowCount() == 41  # the overtaken (empty) answer was never shown
    rows = table.selectionModel().selectedRows()
    assert [view.queue_model.row_at(r.row()).id for r in rows] == [opened.id]
    assert view.current is not None and view.current.id == opened.id
    assert (view.ui.remarkEdit.text(), view.ui.weightEdit.text()) == ("正在称", "0.7")
    assert table.verticalScrollBar().value() == position
