"""Choose a case's next state, with a note for the history."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from kefu_desktop.domain.states import ALLOWED_TRANSITIONS, CaseState
from kefu_desktop.ui.generated.ui_state_dialog import Ui_StateDialog
from kefu_desktop.ui.widgets.keyboard import save_shortcut, tab_moves_on


class StateDialog(QDialog):
    """Offers only the states the case may move to from `current`."""

    def __init__(self, case_no: str, current: CaseState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_StateDialog()
        self.ui.setupUi(self)
        self.ui.currentLabel.setText(f"售后单 {case_no} 当前状态：{current.label}")
        for state in CaseState:
            if state in ALLOWED_TRANSITIONS[current]:
                self.ui.targetCombo.addItem(state.label, state.value)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        tab_moves_on(self.ui.noteEdit)
        save_shortcut(self, self.accept)

    def prefill(self, target: CaseState, note: str) -> None:
        """Show what the user chose and typed before (a save that lost to a colleague's)."""
        index = self.ui.targetCombo.findData(target.value)
        if index >= 0:
            self.ui.targetCombo.setCurrentIndex(index)
        self.ui.noteEdit.setPlainText(note)

    def target(self) -> CaseState:
        return CaseState(self.ui.targetCombo.currentData())

    def note(self) -> str:
        return self.ui.noteEdit.toPlainText().strip()
