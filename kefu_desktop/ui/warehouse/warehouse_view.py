"""The warehouse desk: the queue of checks, the scanner, the scale and the verdict form."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTableWidgetItem,
    QWidget,
)

from kefu_desktop.domain.clock import format_local
from kefu_desktop.domain.errors import KefuError, StaleRecord, ValidationError
from kefu_desktop.domain.scale import ScaleFormat, SerialParity, format_kg, parse_weight_kg
from kefu_desktop.domain.weights import Tolerance, compare_weights
from kefu_desktop.services import products, warehouse, warehouse_settings
from kefu_desktop.services.auth import User
from kefu_desktop.services.products import ProductSheet
from kefu_desktop.services.warehouse import CheckState, CheckView, Verdict
from kefu_desktop.services.warehouse_settings import (
    BAUD_RATES,
    DATA_BITS,
    ScaleSettings,
    ScannerSettings,
)
from kefu_desktop.ui.generated.ui_warehouse_products import Ui_ProductImportDialog
from kefu_desktop.ui.generated.ui_warehouse_settings import Ui_WarehouseSettingsDialog
from kefu_desktop.ui.generated.ui_warehouse_view import Ui_WarehouseView
from kefu_desktop.ui.warehouse.scale import (
    ScaleNotReady,
    ScaleReader,
    SerialScale,
    chosen_port,
    fill_port_combo,
)
from kefu_desktop.ui.warehouse.scanner import ScannerWedge, TypingGoesToScanBox, widgets_besides
from kefu_desktop.ui.widgets.background import LatestCall
from kefu_desktop.ui.widgets.errors import offer_reload, show_problem
from kefu_desktop.ui.widgets.keyboard import (
    chain_tab_order,
    enter_presses,
    tab_leaves,
    tab_moves_on,
)
from kefu_desktop.ui.widgets.keyed_rows import Column, KeyedTableModel, attach_queue, fit_columns
from kefu_desktop.ui.widgets.long_text import escape_html
from kefu_desktop.ui.widgets.waybill_field import WaybillField
from kefu_desktop.ui.widgets.window_layout import (
    layout_settings,
    remember_columns,
    remember_splitter,
    scroll_when_short,
)

log = logging.getLogger("kefu.ui.warehouse")

QUEUE_COLUMNS: tuple[Column[CheckView], ...] = (
    Column("售后单号", lambda c: c.case_no),
    Column("买家ID", lambda c: c.customer_id),
    Column("订单号", lambda c: c.order_no),
    Column("运单号", lambda c: c.waybill_no),
    Column("快递公司", lambda c: c.courier_name),
    Column("核实要求", lambda c: c.request_note, lambda c: c.request_note),
    Column("预计重量(kg)", lambda c: format_kg(c.expected_weight_g) or "—"),
    Column("发起人", lambda c: c.requested_by_name),
    Column(
        "等待时长",
        lambda c: warehouse.age_text(c.requested_at),
        lambda c: f"发起于 {format_local(c.requested_at)}",
    ),
)
AGE_COLUMN = 8
QUEUE_LIMIT = 5000
"""The most checks the queue shows (oldest first)."""
STUB_CHOICES = (
    ("请选择…", None),
    ("找到底单，与订单相符", (True, True)),
    ("找到底单，与订单不符", (True, False)),
    ("未找到底单", (False, None)),
)
AGE_INTERVAL_MS = 60_000
"""How often the waiting times are rewritten (no database work)."""
SCALE_WAIT_MS = 5_000
"""How long 取秤上重量 waits for a stable reading before asking to check the scale."""
PHOTO_FILTER = "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.heic *.heif);;所有文件 (*)"

OK_STYLE = "color: #1b7f3b;"
WARN_STYLE = "color: #b3261e; font-weight: bold;"
INFO_STYLE = "padding: 6px; border-radius: 4px; background: #e8f1fb; color: #0b3d91;"
ERROR_STYLE = (
    "padding: 6px; border-radius: 4px; background: #fdecea; color: #b3261e; font-weight: bold;"
)


@dataclass
class _Draft:
    """What the clerk had typed for a check before switching to another parcel."""

    stub_index: int
    weight: str
    observed: str
    remark: str


class WarehouseView(QWidget):
    """The warehouse clerk's desk. A scanned waybill + Enter anywhere in the view opens its check."""

    verdict_recorded = Signal(int)
    """The case id whose check was just confirmed or refuted."""

    def __init__(
        self, user: User, scale: ScaleReader | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_WarehouseView()
        self.ui.setupUi(self)
        self.user = user
        self.scale = scale if scale is not None else SerialScale(self)
        self.tolerance = Tolerance()
        self.current: CheckView | None = None
        self._drafts: dict[int, _Draft] = {}
        self.queue_model = KeyedTableModel(QUEUE_COLUMNS)
        self._reader = LatestCall("warehouse-queue", self)
        self._reader.finished.connect(self._show_queue)
        self._reader.failed.connect(lambda _key, message: self.show_message(message, error=True))
        self._scale_tried = False
        self._awaiting_scale_for: int | None = None
        self._scale_wait = QTimer(self, singleShot=True, interval=SCALE_WAIT_MS)
        self._scale_wait.timeout.connect(self._scale_wait_over)

        self._verdict_texts = (self.ui.confirmButton.text(), self.ui.refuteButton.text())
        self._setup_queue()
        for label, _value in STUB_CHOICES:
            self.ui.stubCombo.addItem(label)
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 2)
        self.ui.splitter.setSizes([880, 480])
        self.ui.messageLabel.hide()
        self.ui.verdictStack.setCurrentWidget(self.ui.emptyPage)
        self._setup_keyboard_and_fit()

        self.ui.scanEdit.returnPressed.connect(self._scan_entered)
        WaybillField(self.ui.scanEdit)  # a pasted waybill is read out of what came with it
        self.ui.refreshButton.clicked.connect(lambda: self.refresh())
        self.ui.settingsButton.clicked.connect(self.open_settings)
        self.ui.importButton.clicked.connect(self.open_import)
        self.ui.queueTable.doubleClicked.connect(self._queue_activated)
        self.ui.queueTable.activated.connect(self._queue_activated)
        self.ui.weightEdit.textChanged.connect(self._update_difference)
        self.ui.weightEdit.textEdited.connect(lambda _text: self._stop_waiting_for_scale())
        self.ui.takeScaleButton.clicked.connect(self.take_scale_reading)
        self.ui.connectScaleButton.clicked.connect(self.connect_scale)
        self.ui.addPhotoButton.clicked.connect(self.add_photos)
        self.ui.confirmButton.clicked.connect(lambda: self.record(CheckState.CONFIRMED))
        self.ui.refuteButton.clicked.connect(lambda: self.record(CheckState.REFUTED))
        self.ui.closeCheckButton.clicked.connect(self.close_check)
        self.scale.status_changed.connect(self._show_scale_status)
        self.scale.connected_changed.connect(self._scale_connected)
        self.scale.reading.connect(self._scale_reading_arrived)
        self._show_scale_status(self.scale.status)
        self._scale_connected(self.scale.is_connected())
        TypingGoesToScanBox(self.ui.scanEdit, lambda _widget, _text: False).watch(
            w
            for w in self.findChildren(QWidget)
            if not isinstance(w, QLineEdit | QPlainTextEdit)
            and not (isinstance(w, QComboBox) and w.isEditable())
        )
        self.scanner = ScannerWedge(warehouse_settings.load_scanner_settings(), self)
        self.scanner.watch([self, *widgets_besides(self, self.ui.scanEdit)])
        self.scanner.scanned.connect(self._scanned)
        self.refresh()

    # --- setup ---

    def _setup_keyboard_and_fit(self) -> None:
        """Tab follows the screen (scan → queue → 底单 → 重量 → 所见 → 备注 → 照片 → verdicts);
        the verdict pane scrolls on a short screen instead of growing the window."""
        ui = self.ui
        ui.observedEdit.setMaximumHeight(64)  # three lines: the verdicts stay on a laptop screen
        self.verdict_scroll = scroll_when_short(ui.splitter, ui.verdictStack)
        tab_leaves(ui.queueTable)
        tab_moves_on(ui.observedEdit)
        enter_presses(ui.closeCheckButton, ui.refuteButton, ui.confirmButton, ui.addPhotoButton)
        chain_tab_order(
            ui.scanEdit,
            ui.refreshButton,
            ui.importButton,
            ui.settingsButton,
            ui.queueTable,
            ui.stubCombo,
            ui.weightEdit,
            ui.takeScaleButton,
            ui.connectScaleButton,
            ui.observedEdit,
            ui.remarkEdit,
            ui.addPhotoButton,
            ui.closeCheckButton,
            ui.refuteButton,
            ui.confirmButton,
        )
        ui.weightEdit.returnPressed.connect(lambda: ui.observedEdit.setFocus())
        settings = layout_settings(self.user.login)
        remember_columns(ui.queueTable.horizontalHeader(), settings, "warehouse")
        remember_splitter(ui.splitter, settings, "warehouse")

    def _setup_queue(self) -> None:
        attach_queue(self.ui.queueTable, self.queue_model, stretch_column=5)
        self._age_timer = QTimer(self, interval=AGE_INTERVAL_MS)
        self._age_timer.timeout.connect(lambda: self.queue_model.touch_column(AGE_COLUMN))
        self._age_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._scale_tried:
            self._scale_tried = True
            settings = warehouse_settings.load_scale_settings()
            if settings.port and not self.scale.is_connected():
                self.scale.open(settings)
        self.ui.scanEdit.setFocus()

    # --- queue ---

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        """Reload the queue and the office tolerance, read off the UI thread; rows change in
        place when they arrive (selection, scroll and what was typed stay), then `then` runs."""
        user = self.user
        self._reader.request(None, lambda: _read_queue(user), then)

    @property
    def queue_busy(self) -> bool:
        """Whether the queue is being read (shown when the read arrives)."""
        return self._reader.busy

    def wait_idle(self) -> None:
        """Wait until the queue being read is shown (tests, tours)."""
        self._reader.wait()

    def _show_queue(self, _key: None, read: tuple[Tolerance, list[CheckView]]) -> None:
        self.tolerance, checks = read
        self._show_checks(checks)

    def _show_checks(self, checks: list[CheckView]) -> None:
        was_empty = self.queue_model.rowCount() == 0
        self.queue_model.replace_rows(checks)
        if was_empty and checks:
            fit_columns(self.ui.queueTable)
        self.ui.queueCountLabel.setText(
            f"共 {len(checks)} 条待核实" if checks else "没有待核实的请求。"
        )
        if self.current is not None:
            if self.queue_model.row_of_id(self.current.id) is not None:
                self._select_row(self.current.id)
            else:  # recorded or withdrawn meanwhile: what the clerk typed stays on screen
                self.show_message(
                    f"运单 {self.current.waybill_no} 的核实请求已不在待核实列表中（可能已由同事录入）。"
                    "你填写的内容仍保留在右侧；保存时会告诉你它现在的状态。",
                    error=True,
                )

    def pending_checks(self) -> list[CheckView]:
        return self.queue_model.loaded_rows()

    def _queue_activated(self) -> None:
        row = self.ui.queueTable.currentIndex().row()
        if 0 <= row < self.queue_model.rowCount():
            self.open_check(self.queue_model.row_at(row).id)

    # --- scanner ---

    def _scanned(self, code: str) -> None:
        """A scan recognised in any field: it goes to the scan box and opens its check."""
        self.ui.scanEdit.setText(code)
        self._scan_entered()

    def _scan_entered(self) -> None:
        text = self.ui.scanEdit.text()
        self.ui.scanEdit.clear()
        self.scan(text)

    def scan(self, waybill: str) -> None:
        """Open the pending check of a scanned waybill; a clear message if there is none."""
        try:
            check = warehouse.find_pending_by_waybill(self.user, waybill)
        except KefuError as exc:
            self.show_message(str(exc), error=True)
            self.ui.scanEdit.setFocus()
            return
        self.open_check(check.id)
        self.show_message(f"已打开运单 {check.waybill_no}（{check.case_no}）的核实请求。")

    def show_message(self, text: str, error: bool = False) -> None:
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.ui.messageLabel.show()

    # --- one check ---

    def open_check(self, check_id: int) -> None:
        """Show the verdict form for a check, with anything typed for it earlier."""
        try:
            check = warehouse.get_check(check_id)
        except KefuError as exc:
            self.show_message(str(exc), error=True)
            return
        if check.state != CheckState.PENDING:
            self.show_message(
                f"运单 {check.waybill_no} 的核实已由{check.checked_by_name}录入（{check.state.label}）。",
                error=True,
            )
            self.refresh()
            return
        self._stop_waiting_for_scale()
        self._save_draft()  # also when the same parcel is scanned again: nothing typed is lost
        self.current = check
        self.ui.checkInfoLabel.setText(_check_html(check))
        self._label_verdicts(check)
        draft = self._drafts.pop(check.id, None) or _Draft(0, "", "", "")
        self.ui.stubCombo.setCurrentIndex(draft.stub_index)
        self.ui.weightEdit.setText(draft.weight)
        self.ui.observedEdit.setPlainText(draft.observed)
        self.ui.remarkEdit.setText(draft.remark)
        self._show_expected(check)
        self._update_photos()
        self.ui.verdictStack.setCurrentWidget(self.ui.verdictPage)
        self._select_row(check.id)
        self.ui.stubCombo.setFocus()

    def _label_verdicts(self, check: CheckView) -> None:
        """An order change asks to find the parcel, not to check a claim: its two answers."""
        confirm, refute = self._verdict_texts
        if check.is_parcel_search:
            confirm = warehouse.PARCEL_SEARCH_HEADS[CheckState.CONFIRMED]
            refute = warehouse.PARCEL_SEARCH_HEADS[CheckState.REFUTED]
        self.ui.confirmButton.setText(confirm)
        self.ui.refuteButton.setText(refute)

    def _show_expected(self, check: CheckView) -> None:
        """The expected weight and the tolerance (again after the settings change)."""
        self.ui.expectedLabel.setText(
            f"{format_kg(check.expected_weight_g)} kg（允许误差 ±"
            f"{format_kg(self.tolerance.allowed_g(check.expected_weight_g))} kg，"
            f"{self.tolerance.describe()}）"
            if check.expected_weight_g is not None
            else "未知（商品表中没有该款号的重量）"
        )
        self._update_difference()

    def _select_row(self, check_id: int) -> None:
        row = self.queue_model.row_of_id(check_id)
        if row is not None:
            self.ui.queueTable.selectRow(row)

    def _save_draft(self) -> None:
        if self.current is None:
            return
        self.scanner.release()  # keys typed a moment ago belong to the form being left
        draft = _Draft(
            self.ui.stubCombo.currentIndex(),
            self.ui.weightEdit.text(),
            self.ui.observedEdit.toPlainText(),
            self.ui.remarkEdit.text(),
        )
        if draft != _Draft(0, "", "", ""):
            self._drafts[self.current.id] = draft

    def _leave_check(self, keep_draft: bool) -> None:
        self._stop_waiting_for_scale()
        if keep_draft:
            self._save_draft()
        elif self.current is not None:
            self._drafts.pop(self.current.id, None)
        self.current = None
        self.ui.verdictStack.setCurrentWidget(self.ui.emptyPage)
        self.ui.queueTable.clearSelection()

    def reload_current(self) -> None:
        """重新载入: the queue and the open check as saved now; what was typed stays in the form
        (and is kept as the check's draft if a colleague already took it off the queue)."""
        check_id = self.current.id if self.current is not None else None
        self._save_draft()
        self.current = None

        def reopen() -> None:
            if check_id is not None and self.queue_model.row_of_id(check_id) is not None:
                self.open_check(check_id)
            else:
                self.ui.verdictStack.setCurrentWidget(self.ui.emptyPage)

        self.refresh(then=reopen)

    def close_check(self) -> None:
        """Put the parcel aside; what was typed is kept for when it is scanned again."""
        self._leave_check(keep_draft=True)
        self.ui.scanEdit.setFocus()

    def _measured(self) -> int | None:
        text = self.ui.weightEdit.text().strip()
        return parse_weight_kg(text) if text else None

    def _update_difference(self) -> None:
        label = self.ui.differenceLabel
        check = self.current
        try:
            measured = self._measured()
        except ValidationError as exc:
            label.setText(str(exc))
            label.setStyleSheet(WARN_STYLE)
            return
        if measured is None:
            label.setText("请称重后填写实际重量" if check else "")
            label.setStyleSheet("")
            return
        if check is None or check.expected_weight_g is None:
            label.setText("没有预计重量，无法比较")
            label.setStyleSheet("")
            return
        comparison = compare_weights(check.expected_weight_g, measured, self.tolerance)
        label.setText(comparison.describe())
        label.setStyleSheet(WARN_STYLE if comparison.beyond else OK_STYLE)

    def _update_photos(self) -> None:
        if self.current is None:
            return
        try:
            count = warehouse.stub_photo_count(self.user, self.current.id)
        except KefuError as exc:
            self.ui.photosLabel.setText(str(exc))
            return
        self.ui.photosLabel.setText(f"该售后单已有 {count} 张照片" if count else "尚无照片")

    # --- scale ---

    def _show_scale_status(self, text: str) -> None:
        self.ui.scaleStatusLabel.setText(text)

    def _scale_connected(self, connected: bool) -> None:
        self.ui.takeScaleButton.setEnabled(connected)
        self.ui.connectScaleButton.setText("重新连接电子秤" if connected else "连接电子秤")

    def connect_scale(self) -> None:
        settings = warehouse_settings.load_scale_settings()
        if not settings.port:
            self.show_message(
                "还没有设置电子秤端口：请点「仓库设置…」选择端口和波特率。", error=True
            )
            return
        self.scale.open(settings)

    def take_scale_reading(self) -> None:
        """Put the scale's current weight into the weight box: a fresh, stable reading only.

        When there is none at this moment (unstable, too old, after noise), the desk waits for
        the next stable reading for this parcel and fills it in then.
        """
        if self.current is None:
            return
        try:
            grams = self.scale.take_reading()
        except ScaleNotReady as exc:
            self._awaiting_scale_for = self.current.id
            self._scale_wait.start()
            self.show_message(f"{exc}读到稳定重量后会自动填入。")
            return
        except KefuError as exc:
            self.show_message(str(exc), error=True)
            return
        self._fill_scale_weight(grams)

    def _fill_scale_weight(self, grams: int) -> None:
        self._stop_waiting_for_scale()
        self.ui.weightEdit.setText(format_kg(grams))
        self.show_message(f"已取电子秤读数 {format_kg(grams)} kg。")

    def _scale_reading_arrived(self, _reading: object) -> None:
        if self._awaiting_scale_for is None:
            return
        if self.current is None or self.current.id != self._awaiting_scale_for:
            self._stop_waiting_for_scale()
            return
        try:
            grams = self.scale.take_reading()
        except ScaleNotReady:
            return
        except KefuError as exc:
            self._stop_waiting_for_scale()
            self.show_message(str(exc), error=True)
            return
        self._fill_scale_weight(grams)

    def _scale_wait_over(self) -> None:
        if self._awaiting_scale_for is None:
            return
        self._stop_waiting_for_scale()
        self.show_message(
            f"{SCALE_WAIT_MS // 1000} 秒内没有得到稳定读数：{self.scale.status}"
            "请让包裹在秤上放稳后再点「取秤上重量」，或手动输入重量。",
            error=True,
        )

    def _stop_waiting_for_scale(self) -> None:
        self._awaiting_scale_for = None
        self._scale_wait.stop()

    # --- photos ---

    def _choose_photos(self) -> list[Path]:
        names, _filter = QFileDialog.getOpenFileNames(self, "选择底单照片", "", PHOTO_FILTER)
        return [Path(n) for n in names]

    def add_photos(self) -> None:
        """Archive photos of the stub with the case (into 售后问题图片, named by customer ID)."""
        if self.current is None:
            return
        paths = self._choose_photos()
        if not paths:
            return
        from kefu_desktop.services import evidence  # Pillow loads with the first photo

        sources = [evidence.PhotoSource.from_path(p) for p in paths]
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            report = warehouse.add_stub_photos(self.user, self.current.id, sources)
        except KefuError as exc:
            self.show_message(str(exc), error=True)
            return
        finally:
            self.unsetCursor()
        reasons = "；".join(f"{o.name}：{o.reason}" for o in report.failed)
        self.show_message(report.summary() + (f"。{reasons}" if reasons else "。"), bool(reasons))
        self._update_photos()

    # --- verdict ---

    def verdict(self, outcome: CheckState) -> Verdict:
        """The verdict as the form holds it; `ValidationError` naming what is missing."""
        choice = STUB_CHOICES[self.ui.stubCombo.currentIndex()][1]
        if choice is None:
            self.ui.stubCombo.setFocus()
            raise ValidationError("请选择底单情况：是否找到底单、是否与订单相符。", "stub")
        try:
            measured = self._measured()
        except ValidationError:
            self.ui.weightEdit.setFocus()
            raise
        stub_found, stub_matches = choice
        return Verdict(
            outcome=outcome,
            stub_found=stub_found,
            stub_matches=stub_matches,
            measured_weight_g=measured,
            observed=self.ui.observedEdit.toPlainText(),
            remark=self.ui.remarkEdit.text(),
        )

    def record(self, outcome: CheckState) -> bool:
        """Save the verdict; the agent's case moves on. False (with a message) if it cannot."""
        check = self.current
        if check is None:
            return False
        self.scanner.release()  # keys typed a moment before the click count
        try:
            done = warehouse.record_verdict(
                self.user, check.id, check.version, self.verdict(outcome), self.tolerance
            )
        except StaleRecord as exc:
            self.show_message(str(exc), error=True)
            if offer_reload(self, exc):
                self.reload_current()
            return False
        except KefuError as exc:
            self.show_message(str(exc), error=True)
            show_problem(self, exc, "核实结果未保存")
            return False
        self._leave_check(keep_draft=False)
        self._show_checks([c for c in self.pending_checks() if c.id != check.id])
        result = f"核实{done.state.label}"
        if done.is_parcel_search:
            result = warehouse.PARCEL_SEARCH_HEADS[done.state]
        self.show_message(
            f"已保存：{done.case_no}（运单 {done.waybill_no}）{result}，"
            f"已通知客服{done.requested_by_name}。"
        )
        self.verdict_recorded.emit(done.case_id)
        self.refresh()
        self.ui.scanEdit.setFocus()
        return True

    # --- dialogs ---

    def open_settings(self) -> None:
        dialog = WarehouseSettingsDialog(self.user, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.settings_saved(dialog.scale_changed)

    def settings_saved(self, scale_changed: bool) -> None:
        """Use new settings; the parcel on screen and what was typed for it stay as they are."""
        self.scanner.configure(warehouse_settings.load_scanner_settings())

        def show_tolerance() -> None:
            if self.current is not None:
                self._show_expected(self.current)

        self.refresh(then=show_tolerance)
        if scale_changed:
            self.scale.open(warehouse_settings.load_scale_settings())

    def open_import(self) -> None:
        ProductImportDialog(self.user, self).exec()


def _read_queue(user: User) -> tuple[Tolerance, list[CheckView]]:
    return warehouse_settings.get_tolerance(), warehouse.list_pending(user, QUEUE_LIMIT)


def _check_html(check: CheckView) -> str:
    def row(label: str, value: str) -> str:
        return f"<tr><td style='color:#555;padding-right:10px'>{label}</td><td>{escape_html(value)}</td></tr>"

    goods = f"{check.sku or '（未填款号）'} × {check.quantity}"
    rows = [
        row("售后单号", check.case_no),
        row("买家ID", check.customer_id),
        row("订单号", check.order_no or "—"),
        row("运单号", f"{check.waybill_no}（{check.courier_name or '未填快递'}）"),
        row("商品", goods),
        row("核实要求", check.request_note),
        row(
            "发起",
            f"{check.requested_by_name or '—'}，{format_local(check.requested_at)}"
            f"（{warehouse.age_text(check.requested_at)}）",
        ),
    ]
    return f"<b>核实请求</b><table>{''.join(rows)}</table>"


class WarehouseSettingsDialog(QDialog):
    """This desktop's scale (port, line settings, format) and scanner, and the office's tolerance
    and packaging weight."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_WarehouseSettingsDialog()
        self.ui.setupUi(self)
        self.user = user
        self.scale_changed = False
        self._scale = warehouse_settings.load_scale_settings()
        fill_port_combo(self.ui.portCombo, self._scale.port)
        for baud in BAUD_RATES:
            self.ui.baudCombo.addItem(str(baud), baud)
        self.ui.baudCombo.setCurrentIndex(BAUD_RATES.index(self._scale.baud))
        for parity in SerialParity:
            self.ui.parityCombo.addItem(parity.label, parity.value)
        self.ui.parityCombo.setCurrentIndex(self.ui.parityCombo.findData(self._scale.parity.value))
        for bits in DATA_BITS:
            self.ui.dataBitsCombo.addItem(str(bits), bits)
        self.ui.dataBitsCombo.setCurrentIndex(DATA_BITS.index(self._scale.data_bits))
        for scale_format in ScaleFormat:
            self.ui.formatCombo.addItem(scale_format.label, scale_format.value)
        self.ui.formatCombo.setCurrentIndex(
            self.ui.formatCombo.findData(self._scale.scale_format.value)
        )
        scanner = warehouse_settings.load_scanner_settings()
        self.ui.scanIntervalSpin.setValue(scanner.max_interval_ms)
        self.ui.scanLengthSpin.setValue(scanner.min_length)
        tolerance = warehouse_settings.get_tolerance()
        self.ui.minSpin.setValue(tolerance.min_g)
        self.ui.percentSpin.setValue(tolerance.percent)
        self.ui.packagingSpin.setValue(warehouse_settings.get_packaging_g())
        buttons = self.ui.buttonBox
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def port(self) -> str:
        return chosen_port(self.ui.portCombo)

    def accept(self) -> None:
        scale = ScaleSettings(
            self.port(),
            int(self.ui.baudCombo.currentData()),
            SerialParity(self.ui.parityCombo.currentData()),
            int(self.ui.dataBitsCombo.currentData()),
            ScaleFormat(self.ui.formatCombo.currentData()),
        )
        scanner = ScannerSettings(self.ui.scanIntervalSpin.value(), self.ui.scanLengthSpin.value())
        try:
            warehouse_settings.save_scale_settings(scale)
            warehouse_settings.save_scanner_settings(scanner)
            warehouse_settings.set_tolerance(
                self.user, self.ui.minSpin.value(), self.ui.percentSpin.value()
            )
            warehouse_settings.set_packaging_g(self.user, self.ui.packagingSpin.value())
        except KefuError as exc:
            show_problem(self, exc, "设置未保存")
            return
        self.scale_changed = scale != self._scale
        super().accept()


class _SheetSignals(QObject):
    done = Signal(object)
    failed = Signal(str)


class _ReadSheet(QRunnable):
    """Reads the Excel sheet off the UI thread (no database work here)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.signals = _SheetSignals()

    def run(self) -> None:
        try:
            sheet = products.read_product_sheet(self.path)
        except KefuError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # a bug: logged, and the dialog says so instead of hanging
            log.exception("reading product sheet %s failed", self.path)
            self.signals.failed.emit(f"读取商品表时出错：{exc}")
        else:
            self.signals.done.emit(sheet)


class ProductImportDialog(QDialog):
    """Choose an Excel product sheet; good rows are saved, skipped rows listed with the reason."""

    finished_import = Signal()

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ProductImportDialog()
        self.ui.setupUi(self)
        self.user = user
        self.report: products.ImportReport | None = None
        self._job: _ReadSheet | None = None
        self.ui.skippedTable.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.ui.skippedTable.verticalHeader().hide()
        self.ui.skippedTable.hide()
        self.ui.resultLabel.setText(f"商品表中现有 {products.count_products()} 个商品。")
        self.ui.browseButton.clicked.connect(self.browse)
        close = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Close)
        close.setText("关闭")
        close.clicked.connect(self.reject)
        self.resize(640, 440)

    def _choose_file(self) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "选择商品重量表", "", "Excel 工作簿 (*.xlsx *.xlsm);;所有文件 (*)"
        )
        return Path(name) if name else None

    def browse(self) -> None:
        path = self._choose_file()
        if path is not None:
            self.start(path)

    def start(self, path: Path) -> None:
        """Read `path` in the background, then save its good rows."""
        self.ui.fileEdit.setText(str(path))
        self.ui.browseButton.setEnabled(False)
        self.ui.resultLabel.setStyleSheet("")
        self.ui.resultLabel.setText("正在读取…")
        self._job = _ReadSheet(path)
        self._job.signals.done.connect(self._sheet_read)
        self._job.signals.failed.connect(self._failed)
        QThreadPool.globalInstance().start(self._job)

    def _failed(self, message: str) -> None:
        self.ui.browseButton.setEnabled(True)
        self.ui.resultLabel.setStyleSheet(WARN_STYLE)
        self.ui.resultLabel.setText(message)
        self.ui.skippedTable.hide()
        self.finished_import.emit()

    def _sheet_read(self, sheet: ProductSheet) -> None:
        try:
            added, updated = products.save_products(self.user, sheet.rows)
        except KefuError as exc:
            self._failed(str(exc))
            return
        self.report = products.ImportReport(added, updated, sheet.skipped)
        self.ui.browseButton.setEnabled(True)
        self.ui.resultLabel.setStyleSheet(WARN_STYLE if sheet.skipped else OK_STYLE)
        text = self.report.describe()
        if sheet.skipped:
            text += "以下行未导入，请在表中改正后重新导入："
        self.ui.resultLabel.setText(text)
        table = self.ui.skippedTable
        table.setRowCount(len(sheet.skipped))
        for row, skipped in enumerate(sheet.skipped):
            table.setItem(row, 0, QTableWidgetItem(str(skipped.row)))
            table.setItem(row, 1, QTableWidgetItem(skipped.reason))
        table.setVisible(bool(sheet.skipped))
        self.finished_import.emit()
