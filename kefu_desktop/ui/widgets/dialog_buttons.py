"""A dialog's confirm and 取消 buttons, the same in every dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox

StandardButton = QDialogButtonBox.StandardButton


def confirm_buttons(
    dialog: QDialog,
    text: str,
    on_confirm: Callable[[], object],
    confirm: StandardButton = StandardButton.Save,
) -> QDialogButtonBox:
    """`confirm` labelled `text` runs `on_confirm` (also on 回车); 取消 and Esc close `dialog`
    without saving. The caller places the box."""
    buttons = QDialogButtonBox(confirm | StandardButton.Cancel, dialog)
    buttons.button(confirm).setText(text)
    buttons.button(StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(on_confirm)
    buttons.rejected.connect(dialog.reject)
    return buttons
