"""The warehouse desk takes a scan wherever the focus is and never loses what the clerk typed."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.scale import SAME_FRAMES_FOR_STABLE
from kefu_desktop.services import warehouse, warehouse_settings
from kefu_desktop.services.products import ProductRow, save_products
from kefu_desktop.services.warehouse import CheckState, Verdict
from kefu_desktop.services.warehouse_settings import ScaleSettings, ScannerSettings
from kefu_desktop.ui.warehouse import warehouse_view
from kefu_desktop.ui.warehouse.warehouse_view import WarehouseView
from tests.conftest import Staffing
from tests.scale_frames import tf0
from tests.test_scale_reader import FakeScale
from tests.test_warehouse_view import WAYBILL, _case_with_check

pytestmark = pytest.mark.gui

OTHER = "SF1402345678902"
SCANNER_GAP_S = 0.008
HUMAN_GAP_S = 0.150


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    monkeypatch.setattr(
        warehouse_view, "offer_reload", lambda _p, error: shown.append(str(error)) and False
    )
    return shown


def _desk(qtbot: QtBot, staff: Staffing) -> tuple[WarehouseView, FakeScale, Clock]:
    save_products(staff.admin, [ProductRow("A100", "羊毛衫", 350)])
    _case_with_check(staff)
    _case_with_check(staff, OTHER, "买家二")
    scale = FakeScale()
    view = WarehouseView(staff.warehouse, scale=scale)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    qtbot.waitExposed(view)
    view.wait_idle()
    clock = Clock()
    view.scanner._clock = clock
    return view, scale, clock


def _type(widget: QWidget, text: str, clock: Clock, gap: float, enter: bool = True) -> None:
    """Key events as a scanner or a person sends them, `gap` seconds apart."""
    keys = [(Qt.Key(ord(c.upper())) if c.isalnum() else Qt.Key.Key_Period, c) for c in text]
    if enter:
        keys.append((Qt.Key.Key_Return, "\r"))
    for key, char in keys:
        clock.now += gap
        target = QApplication.focusWidget() or widget
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            )


def _fill(view: WarehouseView) -> tuple[int, str, str, str]:
    return (
        view.ui.stubCombo.currentIndex(),
        view.ui.weightEdit.text(),
        view.ui.observedEdit.toPlainText(),
        view.ui.remarkEdit.text(),
    )


@pytest.mark.parametrize("field", ["weightEdit", "observedEdit", "remarkEdit", "stubCombo"])
def test_a_scan_in_any_field_opens_the_parcel_and_the_field_keeps_its_text(
    qtbot: QtBot, sqlite_staff: Staffing, field: str
) -> None:
    view, _scale, clock = _desk(qtbot, sqlite_staff)
    view.scan(WAYBILL)
    view.ui.stubCombo.setCurrentIndex(2)
    view.ui.weightEdit.setText("1.2")
    view.ui.observedEdit.setPlainText("外箱破损")
    view.ui.remarkEdit.setText("先放一边")
    typed = _fill(view)
    widget = getattr(view.ui, field)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    _type(widget, OTHER, clock, SCANNER_GAP_S)
    assert view.current is not None and view.current.waybill_no == OTHER
    assert "已打开运单 " + OTHER in view.ui.messageLabel.text()
    assert _fill(view) == (0, "", "", "")  # the other parcel's empty form
    view.scan(WAYBILL)  # back to the first parcel: exactly what was typed, nothing of the scan
    assert _fill(view) == typed


def test_scanning_the_open_parcel_again_keeps_what_was_typed(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    view, _scale, clock = _desk(qtbot, sqlite_staff)
    view.scan(WAYBILL)
    view.ui.weightEdit.setText("0.95")
    view.ui.weightEdit.setFocus()
    _type(view.ui.weightEdit, WAYBILL, clock, SCANNER_GAP_S)
    assert view.current is not None and view.current.waybill_no == WAYBILL
    assert view.ui.weightEdit.text() == "0.95"


def test_typing_by_hand_is_never_a_scan(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    view, _scale, clock = _desk(qtbot, sqlite_staff)
    view.scan(WAYBILL)
    view.ui.remarkEdit.setFocus()
    qtbot.waitUntil(view.ui.remarkEdit.hasFocus)
    _type(view.ui.remarkEdit, OTHER, clock, HUMAN_GAP_S)  # a waybill typed by hand, then Enter
    assert view.ui.remarkEdit.text() == OTHER
    assert view.current is not None and view.current.waybill_no == WAYBILL
    # a quick burst shorter than a code (e.g. "1.25" typed fast) is the person's too
    view.ui.weightEdit.setFocus()
    _type(view.ui.weightEdit, "1.25", clock, SCANNER_GAP_S, enter=False)
    qtbot.waitUntil(lambda: view.ui.weightEdit.text() == "1.25")
    _type(view.ui.weightEdit, "", clock, SCANNER_GAP_S)  # Enter
    assert view.current.waybill_no == WAYBILL and view.ui.weightEdit.text() == "1.25"


def test_a_person_typing_at_real_speed_gets_every_key(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    view, _scale, _clock = _desk(qtbot, sqlite_staff)
    view.scanner._clock = time.monotonic
    view.scan(WAYBILL)
    view.ui.remarkEdit.setFocus()
    qtbot.keyClicks(view.ui.remarkEdit, OTHER, delay=80)
    qtbot.keyClick(view.ui.remarkEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.ui.remarkEdit.text() == OTHER)
    assert view.current is not None and view.current.waybill_no == WAYBILL


def test_scanner_speed_is_settable(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    view, _scale, clock = _desk(qtbot, sqlite_staff)
    view.scan(WAYBILL)
    warehouse_settings.save_scanner_settings(ScannerSettings(max_interval_ms=60, min_length=6))
    view.settings_saved(scale_changed=False)
    view.wait_idle()
    view.ui.remarkEdit.setFocus()
    _type(view.ui.remarkEdit, OTHER, clock, 0.050)  # a slow scanner, allowed now
    assert view.current is not None and view.current.waybill_no == OTHER
    assert view.ui.remarkEdit.text() == ""


def test_settings_refresh_and_a_colleague_keep_what_is_typed(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    view, _scale, _clock = _desk(qtbot, sqlite_staff)
    view.scan(WAYBILL)
    view.ui.stubCombo.setCurrentIndex(3)
    view.ui.weightEdit.setText("0.800")
    view.ui.observedEdit.setPlainText("没有找到底单")
    typed = _fill(view)
    warehouse_settings.set_tolerance(sqlite_staff.warehouse, 100, 10)
    view.settings_saved(scale_changed=True)  # what 仓库设置 → 保存 does
    view.wait_idle()
    assert _fill(view) == typed
    assert "±0.100 kg" in view.ui.expectedLabel.text()  # the new tolerance is used
    view.refresh()  # what the live refresh does when a colleague changes the queue
    view.wait_idle()
    assert _fill(view) == typed
    # a colleague records the same parcel meanwhile: the form and what was typed stay
    assert view.current is not None
    check = warehouse.get_check(view.current.id)
    warehouse.record_verdict(
        sqlite_staff.admin,
        check.id,
        check.version,
        Verdict(CheckState.CONFIRMED, True, True, 800, "", ""),
        warehouse_settings.get_tolerance(),
    )
    view.refresh()
    view.wait_idle()
    assert _fill(view) == typed
    assert view.ui.verdictStack.currentWidget() is view.ui.verdictPage
    assert "已不在待核实列表" in view.ui.messageLabel.text()
    assert not view.record(CheckState.REFUTED)  # told, and nothing overwritten
    assert _fill(view) == typed


def test_take_reading_waits_for_the_next_stable_one(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    view, scale, _clock = _desk(qtbot, sqlite_staff)
    scale.open(ScaleSettings("fake", 9600))
    view.scan(WAYBILL)
    scale.send(tf0("+002222", 3) * SAME_FRAMES_FOR_STABLE)
    scale.send(tf0("+002222", 3, corrupt=True))
    qtbot.mouseClick(view.ui.takeScaleButton, Qt.MouseButton.LeftButton)
    assert view.ui.weightEdit.text() == ""  # the 2.222 before the noise is not taken
    assert "校验错误" in view.ui.messageLabel.text() and "自动填入" in view.ui.messageLabel.text()
    scale.send(tf0("+001500", 3) * (SAME_FRAMES_FOR_STABLE - 1))
    assert view.ui.weightEdit.text() == ""  # not stable yet
    scale.send(tf0("+001500", 3))
    assert view.ui.weightEdit.text() == "1.500"
    # waiting stops when the clerk moves to another parcel: never a weight in the wrong form
    scale.send(tf0("+000700", 3))
    qtbot.mouseClick(view.ui.takeScaleButton, Qt.MouseButton.LeftButton)
    view.scan(OTHER)
    scale.send(tf0("+000700", 3) * SAME_FRAMES_FOR_STABLE)
    assert view.ui.weightEdit.text() == ""


def test_the_keys_time_stamps_count_not_when_a_busy_desk_handles_them(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    view, _scale, clock = _desk(qtbot, sqlite_staff)
    view.scan(WAYBILL)
    view.ui.remarkEdit.setFocus()
    qtbot.waitUntil(view.ui.remarkEdit.hasFocus)
    # the desk was busy: the scanner's keys (2 ms apart when typed) are handled 200 ms apart
    for number, char in enumerate([*OTHER, "\r"]):
        clock.now += 0.2
        key = Qt.Key.Key_Return if char == "\r" else Qt.Key(ord(char))
        event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, char)
        event.setTimestamp(5_000_000 + 2 * number)
        QApplication.sendEvent(view.ui.remarkEdit, event)
    assert view.current is not None and view.current.waybill_no == OTHER
    assert view.ui.remarkEdit.text() == ""
    # a person's keys, stamped 150 ms apart, are typed even when handled in a burst
    view.scan(WAYBILL)
    view.ui.remarkEdit.setFocus()
    for number, char in enumerate([*"SF1402", "\r"]):
        key = Qt.Key.Key_Return if char == "\r" else Qt.Key(ord(char))
        event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, char)
        event.setTimestamp(6_000_000 + 150 * number)
        QApplication.sendEvent(view.ui.remarkEdit, event)
    qtbot.waitUntil(lambda: view.ui.remarkEdit.text() == "SF1402")
    assert view.current.waybill_no == WAYBILL


def _type_slowly(qtbot: QtBot, widget: QWidget, text: str, clock: Clock) -> None:
    """Keys typed by hand: each reaches its widget before the next is pressed."""
    for char in text:
        _type(widget, char, clock, HUMAN_GAP_S, enter=False)
        qtbot.wait(int(HUMAN_GAP_S * 1000))


def test_typing_on_a_list_goes_to_the_scan_box(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    """A clerk types a waybill by hand while the queue has the focus: it lands in the scan box."""
    view, _scale, clock = _desk(qtbot, sqlite_staff)
    view.ui.queueTable.setFocus()
    qtbot.waitUntil(view.ui.queueTable.hasFocus)
    _type_slowly(qtbot, view.ui.queueTable, "SF14", clock)
    qtbot.waitUntil(lambda: view.ui.scanEdit.text() == "SF14")
    assert view.ui.scanEdit.hasFocus()


def test_on_the_returns_desk_a_list_sends_keys_to_the_scan_box_and_a_button_keeps_them(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    from tests.test_returns_view import _desk as returns_desk

    view, clock = returns_desk(qtbot, sqlite_staff)
    view.ui.expectedTable.setFocus()
    qtbot.waitUntil(view.ui.expectedTable.hasFocus)
    _type_slowly(qtbot, view.ui.expectedTable, "YT7", clock)
    qtbot.waitUntil(lambda: view.ui.scanEdit.text() == "YT7")
    view.ui.scanEdit.clear()
    view.ui.refreshButton.setFocus()
    qtbot.waitUntil(view.ui.refreshButton.hasFocus)
    _type_slowly(qtbot, view.ui.refreshButton, "Z", clock)
    assert view.ui.scanEdit.text() == ""
    assert view.ui.refreshButton.hasFocus()
