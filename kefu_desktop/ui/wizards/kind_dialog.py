"""Ctrl+N: which kind of case to start (a digit or the arrows and Enter)."""

from __future__ import annotations

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.ui.widgets.dialog_buttons import confirm_buttons

WIZARD_KINDS = (
    CaseKind.WRONG_SHIPMENT,
    CaseKind.DAMAGED_PARCEL,
    CaseKind.QUALITY,
    CaseKind.LOGISTICS,
    CaseKind.ORDER_CHANGE,
)
"""The kinds a case wizard exists for, in menu order (Ctrl+1 … Ctrl+5)."""


class NewCaseKindDialog(QDialog):
    """Asks for the kind of the new case; `kind` once accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建售后单")
        self.kind: CaseKind | None = None
        self.list = QListWidget()
        for number, kind in enumerate(WIZARD_KINDS, start=1):
            self.list.addItem(f"{number}  {kind.label}")
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.list.setTabKeyNavigation(False)
        self.list.setMaximumHeight(self.list.sizeHintForRow(0) * len(WIZARD_KINDS) + 8)
        buttons = confirm_buttons(self, "开始", self.accept, QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("选择售后类型（按数字键，或用方向键选择后按回车）："))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.list.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and 1 <= int(text) <= len(WIZARD_KINDS):
            self.list.setCurrentRow(int(text) - 1)
            self.accept()
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(WIZARD_KINDS):
            self.kind = WIZARD_KINDS[row]
            super().accept()


__all__ = ["WIZARD_KINDS", "NewCaseKindDialog"]
