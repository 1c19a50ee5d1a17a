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
    QVBoxLayout,
    QWidget,
)

from kefu_desktop.domain.errors import KefuError, StaleRecord, ValidationError
from kefu_desktop.domain.money import parse_yuan
from kefu_desktop.domain.price_changes import PriceChange, price_change_note
from kefu_desktop.services import price_changes
from kefu_desktop.services.auth import User
from kefu_desktop.services.cases import CaseDetail
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
        hint = QLabel("改价优惠合计超过 20 元需客服主管批准；补差价、补运费由客户支付。")
        hint.setStyleSheet("color: #616161;")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存并复制备注和旗帜")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        for signal in (
            self.kind_combo.currentIndexChanged,
            self.amount_edit.textChanged,
            self.reason_edit.textChanged,
        ):
            signal.connect(self._update_preview)
        self._update_preview()
        self.resize(520, self.sizeHint().height())

    def change(self) -> PriceChange:
        return PriceChange(self.kind_combo.currentData())

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
