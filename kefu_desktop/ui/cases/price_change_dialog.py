"""改价/补差: record a price change on the case shown, and copy its 黄旗 note."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kefu_desktop.domain.errors import KefuError, StaleRecord, ValidationError
from kefu_desktop.domain.money import format_yuan, limit_text, parse_yuan
from kefu_desktop.domain.price_changes import PriceChange, price_change_note
from kefu_desktop.services import price_changes
from kefu_desktop.services.auth import User
from kefu_desktop.services.cases import CaseDetail
from kefu_desktop.services.settings import agent_compensation_limit_fen
from kefu_desktop.ui.widgets.dialog_buttons import confirm_buttons
from kefu_desktop.ui.widgets.errors import show_problem

ERROR_STYLE = "color: #b3261e;"


class PriceChangeDialog(QDialog):
    """Kind, amount and reason of a price change; saving copies its note and flag."""

    def __init__(self, user: User, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.detail = detail
        self.saved: CaseDetail | None = None
        self.setWindowTitle(f"改价/补差 — {detail.case_no}")
        self.kind_combo = QComboBox()
        for change in PriceChange:
            self.kind_combo.addItem(change.label, change.value)
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText("元，例如 30 或 12.50")
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("例如：换购高价款 / 改发顺丰补运费")
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow("类型", self.kind_combo)
        form.addRow("金额（元）", self.amount_edit)
        form.addRow("原因", self.reason_edit)
        form.addRow("订单备注", self.preview)
        limit = limit_text(agent_compensation_limit_fen())
        hint = QLabel(
            f"改价优惠合计超过 {limit}需客服主管批准（点「申请主管审批」）；补差价、补运费由客户支付。"
        )
        hint.setStyleSheet("color: #616161;")
        hint.setWordWrap(True)
        buttons = confirm_buttons(self, "保存并复制备注和旗帜", self.accept)
        self.ask_button = QPushButton("申请主管审批")
        self.ask_button.setToolTip(f"改价优惠合计超过 {limit}时，把金额和原因交客服主管审批")
        buttons.addButton(self.ask_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.ask_button.clicked.connect(self.ask_supervisor)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #0b57d0;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.status)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        for signal in (
            self.kind_combo.currentIndexChanged,
            self.amount_edit.textChanged,
            self.reason_edit.textChanged,
        ):
            signal.connect(self._update_preview)
        self.kind_combo.currentIndexChanged.connect(self._update_ask_button)
        self._fill_from_request()
        self._update_preview()
        self._update_ask_button()
        self.resize(520, self.sizeHint().height())

    def change(self) -> PriceChange:
        return PriceChange(self.kind_combo.currentData())

    def _fill_from_request(self) -> None:
        """A price cut already sent to the supervisor comes back as typed, with its state."""
        request = price_changes.price_cut_request(self.user, self.detail.id)
        if request is None:
            return
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(PriceChange.DISCOUNT.value))
        self.amount_edit.setText(format_yuan(request.amount_fen))
        self.reason_edit.setText(request.reason)
        self.status.setText(request.status_text)

    def _update_ask_button(self) -> None:
        self.ask_button.setEnabled(self.change() == PriceChange.DISCOUNT)

    def ask_supervisor(self) -> None:
        """Send the price cut typed to the supervisor; the form keeps what was typed."""
        self.problem.clear()
        try:
            amount = parse_yuan(self.amount_edit.text(), "amount")
            request = price_changes.request_price_cut_approval(
                self.user, self.detail.id, amount, self.reason_edit.text()
            )
        except KefuError as error:
            self.problem.setText(str(error))
            return
        self.status.setText(request.status_text)

    def _update_preview(self) -> None:
        try:
            amount = parse_yuan(self.amount_edit.text(), "amount")
        except ValidationError:
            amount = 0
        reason = self.reason_edit.text().strip() or "（原因）"
        note = price_change_note(
            self.change(), amount, reason, self.user.display_name, date.today()
        )
        self.preview.setText(f"【{note.flag.label}】{note.text}")

    def accept(self) -> None:
        """Save; on success the note and flag are on the clipboard. Problems stay beside the
        form with everything typed kept."""
        self.problem.clear()
        try:
            amount = parse_yuan(self.amount_edit.text(), "amount")
            self.saved = price_changes.record_price_change(
                self.user,
                self.detail.id,
                self.detail.version,
                self.change(),
                amount,
                self.reason_edit.text(),
            )
        except StaleRecord as error:
            show_problem(self, error)
            return
        except KefuError as error:
            self.problem.setText(str(error))
            return
        QGuiApplication.clipboard().setText(
            f"【{self.saved.note_flag.label}】{self.saved.note_text}"
        )
        super().accept()
