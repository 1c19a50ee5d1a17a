"""The 退货入库 desk: scan a returned parcel, grade what arrived, and the agent's case moves on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from kefu_desktop.domain.clock import format_local
from kefu_desktop.domain.couriers import COURIERS
from kefu_desktop.domain.errors import KefuError, StaleRecord, ValidationError
from kefu_desktop.domain.returns import (
    DEFAULT_DISPOSITION,
    Condition,
    Disposition,
    ReceiptLine,
    grade,
)
from kefu_desktop.services import returns, warehouse_settings
from kefu_desktop.services.auth import User
from kefu_desktop.services.returns import ExpectedView, ReceiptView
from kefu_desktop.ui.generated.ui_returns_unmatched import Ui_UnmatchedParcelDialog
from kefu_desktop.ui.generated.ui_returns_view import Ui_ReturnsView
from kefu_desktop.ui.warehouse.scanner import ScannerWedge, TypingGoesToScanBox, widgets_besides
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
)

EXPECTED_COLUMNS: tuple[Column[ExpectedView], ...] = (
    Column("售后单号", lambda e: e.case_no),
    Column("买家ID", lambda e: e.customer_id),
    Column("订单号", lambda e: e.order_no),
    Column("原运单号", lambda e: e.case_waybill),
    Column("退货运单号", lambda e: e.return_waybill or "—"),
    Column("原因", lambda e: e.reason.label),
    Column("应退商品", lambda e: e.goods),
    Column("售后单状态", lambda e: e.case_state.label),
    Column("登记于", lambda e: format_local(e.created_at)),
)
UNMATCHED_COLUMNS: tuple[Column[ReceiptView], ...] = (
    Column("运单号", lambda r: r.waybill),
    Column("快递公司", lambda r: r.courier_name),
    Column("寄件人", lambda r: r.sender),
    Column("包裹内容", lambda r: r.contents, lambda r: r.contents),
    Column("登记人", lambda r: r.received_by_name),
    Column("登记于", lambda r: format_local(r.received_at)),
)
CONDITIONS = tuple(Condition)
DISPOSITIONS = tuple(d for d in Disposition if d != Disposition.NONE)
PHOTO_FILTER = "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.heic *.heif);;所有文件 (*)"
INFO_STYLE = "padding: 6px; border-radius: 4px; background: #e8f1fb; color: #0b3d91;"
ERROR_STYLE = (
    "padding: 6px; border-radius: 4px; background: #fdecea; color: #b3261e; font-weight: bold;"
)
WARN_STYLE = "color: #b3261e;"


def _fill_couriers(combo: QComboBox) -> None:
    combo.addItem("（按运单号识别）", "")
    for courier in COURIERS:
        combo.addItem(courier.name, courier.code)


@dataclass
class _Draft:
    """What the clerk had typed for a parcel before turning to another one."""

    waybill: str
    courier_index: int
    empty: bool
    lines: list[ReceiptLine]
    remark: str
    photos: list[Path]


class ReturnsView(QWidget):
    """The warehouse's returns desk. A scan anywhere on it finds the parcel's expected return."""

    receipt_recorded = Signal(int)
    """The case id whose returned goods were just received."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ReturnsView()
        self.ui.setupUi(self)
        self.user = user
        self.current: ExpectedView | None = None
        self.claiming: ReceiptView | None = None
        self.photos: list[Path] = []
        self.showing_matches = ""
        self._pending_waybill = ""
        self._drafts: dict[int, _Draft] = {}
        self.expected_model = KeyedTableModel(EXPECTED_COLUMNS)
        self.unmatched_model = KeyedTableModel(UNMATCHED_COLUMNS)
        attach_queue(self.ui.expectedTable, self.expected_model, stretch_column=6)
        attach_queue(self.ui.unmatchedTable, self.unmatched_model, stretch_column=3)
        _fill_couriers(self.ui.courierCombo)
        self._setup_lines()
        self.ui.linesTable.setMaximumHeight(120)  # 确认入库 stays in sight on a laptop screen
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 2)
        self.ui.splitter.setSizes([760, 560])
        settings = layout_settings(user.login)
        remember_splitter(self.ui.splitter, settings, "returns")
        remember_columns(self.ui.expectedTable.horizontalHeader(), settings, "returns-expected")
        remember_columns(self.ui.unmatchedTable.horizontalHeader(), settings, "returns-unmatched")
        self.ui.messageLabel.hide()
        self._enable_form(False)
        self._show_form(False)
        self._setup_keyboard()

        self.ui.scanEdit.returnPressed.connect(self._scan_entered)
        self.ui.refreshButton.clicked.connect(self.refresh)
        self.ui.showAllButton.clicked.connect(self.show_all)
        self.ui.unmatchedButton.clicked.connect(lambda: self.register_unmatched())
        self.ui.claimButton.clicked.connect(self.start_claim)
        self.ui.expectedTable.activated.connect(self._expected_activated)
        self.ui.expectedTable.doubleClicked.connect(self._expected_activated)
        self.ui.addLineButton.clicked.connect(lambda: self.add_line())
        self.ui.removeLineButton.clicked.connect(self.remove_line)
        self.ui.emptyCheck.toggled.connect(self._empty_toggled)
        self.waybill_field = WaybillField(self.ui.waybillEdit, self.ui.courierCombo)
        WaybillField(self.ui.scanEdit, only_sure=True)  # also takes order numbers, buyer IDs
        self.ui.addPhotoButton.clicked.connect(self.choose_photos)
        self.ui.closeButton.clicked.connect(self.close_parcel)
        self.ui.saveButton.clicked.connect(self.save)
        TypingGoesToScanBox(
            self.ui.scanEdit, lambda widget, _text: isinstance(widget, QAbstractButton | QComboBox)
        ).watch(  # the line's quantity is a spin box: typing there stays there
            w
            for w in self.findChildren(QWidget)
            if not isinstance(w, QLineEdit | QPlainTextEdit | QSpinBox)
        )
        self.scanner = ScannerWedge(warehouse_settings.load_scanner_settings(), self)
        self.scanner.watch([self, *widgets_besides(self, self.ui.scanEdit)])
        self.scanner.scanned.connect(self._scanned)
        self.refresh()

    # --- setup ---

    def _setup_lines(self) -> None:
        table = self.ui.linesTable
        table.setColumnCount(4)
        table.setHorizontalHeaderLabels(["数量", "状况", "处理方式", "备注"])
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        for column in range(3):  # widened to their editors in add_line (cells hold no text)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def _setup_keyboard(self) -> None:
        ui = self.ui
        tab_leaves(ui.expectedTable, ui.unmatchedTable, ui.linesTable)
        enter_presses(
            ui.saveButton, ui.closeButton, ui.addLineButton, ui.removeLineButton,
            ui.addPhotoButton, ui.claimButton, ui.unmatchedButton, ui.showAllButton,
        )  # fmt: skip
        chain_tab_order(
            ui.scanEdit, ui.showAllButton, ui.unmatchedButton, ui.refreshButton, ui.listTabs,
            ui.expectedTable, ui.unmatchedTable, ui.claimButton, ui.waybillEdit, ui.courierCombo,
            ui.emptyCheck, ui.linesTable, ui.addLineButton, ui.removeLineButton, ui.remarkEdit,
            ui.addPhotoButton, ui.closeButton, ui.saveButton,
        )  # fmt: skip

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ui.scanEdit.setFocus()

    # --- lists ---

    def refresh(self) -> None:
        """Reload the expected returns (or the scan's matches) and the unmatched parcels."""
        try:
            unmatched = returns.list_unmatched(self.user)
            if self.showing_matches:
                expected = list(returns.find_for_scan(self.user, self.showing_matches).matches)
            else:
                expected = returns.list_expected(self.user)
        except KefuError as exc:
            self.show_message(str(exc), error=True)
            return
        self._show_expected(expected)
        self.unmatched_model.replace_rows(unmatched)
        self.ui.listTabs.setTabText(1, f"无主件（{len(unmatched)}）" if unmatched else "无主件")

    def _show_expected(self, rows: list[ExpectedView]) -> None:
        was_empty = self.expected_model.rowCount() == 0
        self.expected_model.replace_rows(rows)
        if was_empty and rows:
            fit_columns(self.ui.expectedTable)
        if self.showing_matches:
            self.ui.listLabel.setText(
                f"「{self.showing_matches}」匹配 {len(rows)} 单，请选中后按回车或双击打开。"
                "点「显示全部待退回」回到全部。"
            )
        else:
            self.ui.listLabel.setText(
                f"共 {len(rows)} 单待退回（最早的在前）" if rows else "没有待退回的商品。"
            )

    def show_all(self) -> None:
        self.showing_matches = ""
        self.refresh()

    def expected_rows(self) -> list[ExpectedView]:
        return self.expected_model.loaded_rows()

    def _expected_activated(self) -> None:
        row = self.ui.expectedTable.currentIndex().row()
        if 0 <= row < self.expected_model.rowCount():
            self.open_expected(self.expected_model.row_at(row))

    # --- scanning ---

    def _scanned(self, code: str) -> None:
        self.ui.scanEdit.setText(code)
        self._scan_entered()

    def _scan_entered(self) -> None:
        text = self.ui.scanEdit.text()
        self.ui.scanEdit.clear()
        self.scan(text)

    def scan(self, text: str) -> None:
        """Find what a scanned or typed text points to: one match opens, several are listed."""
        self.scanner.release()
        try:
            found = returns.find_for_scan(self.user, text)
        except KefuError as exc:
            self.show_message(str(exc), error=True)
            return
        parcel_waybill = ""
        if found.matches and all(
            found.key not in (m.order_no, m.customer_id) for m in found.matches
        ):
            parcel_waybill = found.key
        if self.current is not None and any(m.id == self.current.id for m in found.matches):
            if parcel_waybill:  # the parcel's own label scanned for the return on screen
                self.ui.waybillEdit.setText(parcel_waybill)
            return
        if not found.matches:
            self.show_message(found.message, error=True)
            self.ui.scanEdit.setFocus()
            return
        if found.received is not None and not self.claiming:
            self.show_message(returns.already_received_message(found.received), error=True)
        if len(found.matches) == 1:
            if self.showing_matches:  # back from a list of matches to the whole list
                self.showing_matches = ""
                self.refresh()
            self.open_expected(found.matches[0], parcel_waybill)
            return
        self.showing_matches = found.key
        self._show_expected(list(found.matches))
        self.ui.listTabs.setCurrentWidget(self.ui.expectedPage)
        self.ui.expectedTable.selectRow(0)
        self.ui.expectedTable.setFocus()
        self._pending_waybill = parcel_waybill

    # --- one parcel ---

    def _save_draft(self) -> None:
        """Keep what was typed for the parcel on screen, for when it is opened again."""
        if self.current is None or self.claiming is not None:
            return
        self.scanner.release()  # keys typed a moment ago belong to the form being left
        self._drafts[self.current.id] = _Draft(
            self.ui.waybillEdit.text(),
            self.ui.courierCombo.currentIndex(),
            self.ui.emptyCheck.isChecked(),
            self.lines(),
            self.ui.remarkEdit.text(),
            list(self.photos),
        )

    def _restore_draft(self, draft: _Draft) -> None:
        self.ui.waybillEdit.setText(draft.waybill)
        self.ui.courierCombo.setCurrentIndex(draft.courier_index)
        self.ui.linesTable.setRowCount(0)
        for line in draft.lines:
            self.add_line(line.quantity, line.condition)
            row = self.ui.linesTable.rowCount() - 1
            dispositions, remark = (self.ui.linesTable.cellWidget(row, c) for c in (2, 3))
            assert isinstance(dispositions, QComboBox) and isinstance(remark, QLineEdit)
            dispositions.setCurrentIndex(dispositions.findData(line.disposition.value))
            remark.setText(line.remark)
        self.ui.emptyCheck.setChecked(draft.empty)
        self.ui.remarkEdit.setText(draft.remark)
        self.photos = list(draft.photos)
        if self.photos:
            self.ui.photoLabel.setText(f"已选 {len(self.photos)} 张，入库时存入照片归档")

    def open_expected(self, view: ExpectedView, parcel_waybill: str = "") -> None:
        """Show the receipt form for an expected return (with what was typed for it before)."""
        if self.current is not None and self.current.id != view.id:
            self._save_draft()
        self.current = view
        waybill = parcel_waybill or self._pending_waybill
        self._pending_waybill = ""
        self.ui.expectedInfoLabel.setText(_expected_html(view, self.claiming))
        if self.claiming is not None:
            waybill = self.claiming.waybill
        self.waybill_field.show_waybill(waybill or view.return_waybill)
        self.ui.waybillEdit.setReadOnly(self.claiming is not None)
        self.ui.emptyCheck.setChecked(False)
        self.ui.remarkEdit.clear()
        self.ui.linesTable.setRowCount(0)
        self.add_line(view.quantity)
        self.photos = []
        self.ui.photoLabel.setText("尚未选择")
        draft = self._drafts.pop(view.id, None)
        if draft is not None and self.claiming is None:
            self._restore_draft(draft)
            if parcel_waybill:
                self.ui.waybillEdit.setText(parcel_waybill)
        self._show_form(True)
        row = self.expected_model.row_of_id(view.id)
        if row is not None:
            self.ui.expectedTable.selectRow(row)
        if view.case_state.is_final:
            self.show_message(
                f"售后单 {view.case_no} 已{view.case_state.label}，不能登记退货入库。"
                "请把包裹登记为无主件，并告知客服主管。",
                error=True,
            )
        else:
            self.show_message(
                f"已打开 {view.case_no}（{view.reason.label}）：请清点商品后确认入库。"
            )
        (self.ui.linesTable if self.ui.waybillEdit.text() else self.ui.waybillEdit).setFocus()

    def _show_form(self, shown: bool) -> None:
        if shown != self.ui.saveButton.isEnabled():
            self._enable_form(shown)
        if not shown:
            self.ui.expectedInfoLabel.setText(
                "扫描退货包裹的面单（或输入原订单运单号、订单号、买家ID），"
                "或在左侧双击一单，登记收到的商品。"
            )
            self.ui.linesTable.setRowCount(0)
            self.ui.waybillEdit.clear()
            self.ui.gradingLabel.clear()

    def _enable_form(self, shown: bool) -> None:
        for widget in (
            self.ui.parcelGroup, self.ui.linesGroup, self.ui.remarkEdit, self.ui.addPhotoButton,
            self.ui.closeButton, self.ui.saveButton,
        ):  # fmt: skip
            widget.setEnabled(shown)

    def add_line(self, quantity: int = 1, condition: Condition = Condition.GOOD) -> None:
        """One more line of items (quantity, condition, what happens to them, remark)."""
        table = self.ui.linesTable
        row = table.rowCount()
        table.insertRow(row)
        spin = QSpinBox()
        spin.setRange(1, 999)
        spin.setValue(max(1, quantity))
        spin.valueChanged.connect(self._update_grading)
        conditions = QComboBox()
        for item in CONDITIONS:
            conditions.addItem(item.label, item.value)
        conditions.setCurrentIndex(CONDITIONS.index(condition))
        dispositions = QComboBox()
        dispositions.addItem("（无）", "")
        for item in DISPOSITIONS:
            dispositions.addItem(item.label, item.value)
        dispositions.setCurrentIndex(dispositions.findData(DEFAULT_DISPOSITION[condition].value))

        def condition_changed(_index: int) -> None:
            chosen = Condition(conditions.currentData())
            dispositions.setCurrentIndex(dispositions.findData(DEFAULT_DISPOSITION[chosen].value))
            self._update_grading()

        conditions.currentIndexChanged.connect(condition_changed)
        dispositions.currentIndexChanged.connect(self._update_grading)
        table.setCellWidget(row, 0, spin)
        table.setCellWidget(row, 1, conditions)
        table.setCellWidget(row, 2, dispositions)
        table.setCellWidget(row, 3, QLineEdit())
        header = table.horizontalHeader()
        for column, editor in enumerate((spin, conditions, dispositions)):
            wanted = editor.sizeHint().width() + 4
            if header.sectionSize(column) < wanted:
                header.resizeSection(column, wanted)
        self._update_grading()

    def remove_line(self) -> None:
        row = self.ui.linesTable.currentRow()
        if row < 0:
            row = self.ui.linesTable.rowCount() - 1
        if row >= 0:
            self.ui.linesTable.removeRow(row)
        self._update_grading()

    def set_line(self, row: int, quantity: int, condition: Condition) -> None:
        """Fill a line as the clerk would (tests and keyboard users)."""
        table = self.ui.linesTable
        spin = table.cellWidget(row, 0)
        combo = table.cellWidget(row, 1)
        assert isinstance(spin, QSpinBox) and isinstance(combo, QComboBox)
        spin.setValue(quantity)
        combo.setCurrentIndex(CONDITIONS.index(condition))

    def lines(self) -> list[ReceiptLine]:
        """The lines as the form holds them."""
        result = []
        table = self.ui.linesTable
        for row in range(table.rowCount()):
            spin, conditions, dispositions, remark = (table.cellWidget(row, c) for c in range(4))
            assert isinstance(spin, QSpinBox) and isinstance(remark, QLineEdit)
            assert isinstance(conditions, QComboBox) and isinstance(dispositions, QComboBox)
            result.append(
                ReceiptLine(
                    spin.value(),
                    Condition(conditions.currentData()),
                    Disposition(dispositions.currentData()),
                    remark.text(),
                )
            )
        return result

    def _empty_toggled(self, empty: bool) -> None:
        self.ui.linesTable.setEnabled(not empty)
        self.ui.addLineButton.setEnabled(not empty)
        self.ui.removeLineButton.setEnabled(not empty)
        self._update_grading()

    def _update_grading(self) -> None:
        if self.current is None:
            return
        empty = self.ui.emptyCheck.isChecked()
        try:
            grading = grade(self.current.quantity, [] if empty else self.lines(), empty)
        except ValidationError as exc:
            self.ui.gradingLabel.setText(str(exc))
            self.ui.gradingLabel.setStyleSheet(WARN_STYLE)
            return
        self.ui.gradingLabel.setText(grading.summary())
        self.ui.gradingLabel.setStyleSheet(WARN_STYLE if grading.short else "")

    def choose_photos(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, "选择到货照片", "", PHOTO_FILTER)
        if names:
            self.photos = [Path(n) for n in names]
            self.ui.photoLabel.setText(f"已选 {len(self.photos)} 张，入库时存入照片归档")

    def close_parcel(self, keep_draft: bool = True) -> None:
        """Put the parcel aside; what was typed for it stays for when it is opened again."""
        if keep_draft:
            self._save_draft()
        self.current = None
        self.claiming = None
        self.ui.waybillEdit.setReadOnly(False)
        self._show_form(False)
        self.ui.scanEdit.setFocus()

    def save(self) -> bool:
        """Record the receipt (or the claim of an unmatched parcel); the case moves on."""
        view = self.current
        if view is None:
            return False
        self.scanner.release()
        empty = self.ui.emptyCheck.isChecked()
        lines = [] if empty else self.lines()
        try:
            if self.claiming is not None:
                receipt = returns.match_unmatched(
                    self.user, self.claiming.id, self.claiming.version, view.id, view.version,
                    lines, empty_parcel=empty, remark=self.ui.remarkEdit.text(),
                )  # fmt: skip
            else:
                receipt = returns.receive(
                    self.user, view.id, view.version, self.ui.waybillEdit.text(), lines,
                    empty_parcel=empty, courier=str(self.ui.courierCombo.currentData() or ""),
                    remark=self.ui.remarkEdit.text(),
                )  # fmt: skip
        except StaleRecord as exc:
            self.show_message(str(exc), error=True)
            if offer_reload(self, exc):
                self.refresh()
            return False
        except KefuError as exc:
            self.show_message(str(exc), error=True)
            show_problem(self, exc, "退货入库未保存")
            return False
        photo_note = self._store_photos(receipt)
        self.show_message(
            f"已入库：{receipt.case_no}（运单 {receipt.waybill}）{receipt.summary}。"
            f"已通知处理该单的客服。{photo_note}",
            error=bool(receipt.missing or receipt.empty_parcel),
        )
        if receipt.case_id is not None:
            self.receipt_recorded.emit(receipt.case_id)
        self.close_parcel(keep_draft=False)
        self.showing_matches = ""
        self.refresh()
        return True

    def _store_photos(self, receipt: ReceiptView) -> str:
        if not self.photos:
            return ""
        from kefu_desktop.services import evidence  # Pillow loads with the first photo

        sources = [evidence.PhotoSource.from_path(p) for p in self.photos]
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            report = returns.add_receipt_photos(self.user, receipt.id, sources)
        except KefuError as exc:
            return f"照片未存入：{exc}"
        finally:
            self.unsetCursor()
        return str(report.summary()) + "。"

    # --- unmatched parcels ---

    def register_unmatched(self, waybill: str = "") -> ReceiptView | None:
        """登记无主件: a dialog for the parcel's courier, waybill, sender and contents."""
        dialog = UnmatchedParcelDialog(self.user, waybill, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved is None:
            return None
        problems = "；".join(dialog.photo_problems)
        self.show_message(
            f"已登记无主件：运单 {dialog.saved.waybill}。以后可在「无主件」里认领。"
            + (f"有照片未存入：{problems}" if problems else ""),
            error=bool(problems),
        )
        self.refresh()
        return dialog.saved

    def start_claim(self) -> None:
        """认领: the selected unmatched parcel is matched to the case found by the next scan."""
        row = self.ui.unmatchedTable.currentIndex().row()
        if not 0 <= row < self.unmatched_model.rowCount():
            self.show_message("请先在「无主件」列表中选中要认领的包裹。", error=True)
            return
        self.claiming = self.unmatched_model.row_at(row)
        self.show_message(
            f"正在认领无主件（运单 {self.claiming.waybill}）：请扫描或输入它对应的订单号、"
            "原运单号或买家ID，选中售后单后清点商品并确认入库。"
        )
        self.ui.listTabs.setCurrentWidget(self.ui.expectedPage)
        self.ui.scanEdit.setFocus()

    def show_message(self, text: str, error: bool = False) -> None:
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.ui.messageLabel.show()


class UnmatchedParcelDialog(QDialog):
    """登记无主件; keeps what was typed when the service refuses it."""

    def __init__(self, user: User, waybill: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_UnmatchedParcelDialog()
        self.ui.setupUi(self)
        self.user = user
        self.saved: ReceiptView | None = None
        _fill_couriers(self.ui.courierCombo)
        self.waybill_field = WaybillField(self.ui.waybillEdit, self.ui.courierCombo)
        self.waybill_field.show_waybill(waybill)
        self.ui.errorLabel.setStyleSheet(WARN_STYLE)
        self.ui.contentsEdit.setMaximumHeight(90)
        tab_moves_on(self.ui.contentsEdit)
        self.photos: list[Path] = []
        self.photo_problems: list[str] = []
        self.ui.photoButton.clicked.connect(self.choose_photos)
        self.ui.buttonBox.accepted.connect(self.save)
        self.ui.buttonBox.rejected.connect(self.reject)

    def choose_photos(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, "选择包裹照片", "", PHOTO_FILTER)
        if names:
            self.photos = [Path(n) for n in names]
            self.ui.photoLabel.setText(f"已选 {len(self.photos)} 张，登记时存入归档")

    def save(self) -> None:
        try:
            self.saved = returns.register_unmatched(
                self.user,
                self.ui.waybillEdit.text(),
                courier=str(self.ui.courierCombo.currentData() or ""),
                sender=self.ui.senderEdit.text(),
                contents=self.ui.contentsEdit.toPlainText(),
                remark=self.ui.remarkEdit.text(),
            )
        except KefuError as exc:
            self.ui.errorLabel.setText(str(exc))
            return
        if self.photos:
            try:
                problems = returns.add_unmatched_photos(self.user, self.saved.id, self.photos)
            except KefuError as exc:  # the parcel is registered; its photos can follow
                problems = [f"照片未存入：{exc}"]
            self.photo_problems = [p for p in problems if p]
        self.accept()


def _expected_html(view: ExpectedView, claiming: ReceiptView | None) -> str:
    pairs = [
        (("售后单号", view.case_no), ("售后单状态", view.case_state.label)),
        (("买家ID", view.customer_id), ("订单号", view.order_no)),
        (("原运单号", view.case_waybill), ("退货原因", view.reason.label)),
        (("应退商品", view.goods), ("退货运单号", view.return_waybill or "—")),
    ]
    if claiming is not None:
        pairs.append((("认领无主件", claiming.waybill), ("包裹内容", claiming.contents)))
    cells = "".join(
        "<tr>"
        + "".join(
            f"<td style='padding-right:8px;color:#555'>{escape_html(k)}</td>"
            f"<td style='padding-right:18px'>{escape_html(v)}</td>"
            for k, v in row
        )
        + "</tr>"
        for row in pairs
    )
    return f"<b>应退回</b><table>{cells}</table>"
