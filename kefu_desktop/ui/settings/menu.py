"""文件 → 设置… (Ctrl+,) in the main window; the dialog loads when it is first opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from kefu_desktop.ui.cases.main_window import MainWindow

SETTINGS_KEYS = "Ctrl+,"


def add_settings_action(window: MainWindow) -> QAction:
    """Put 设置… first in the 文件 menu, for everyone (the office part is the admin's)."""
    action = QAction("设置…", window)
    action.setShortcut(QKeySequence(SETTINGS_KEYS))
    action.setToolTip("本机的数据文件夹、数据库和电子秤；办公室的补偿权限、时效和归档位置")
    action.triggered.connect(lambda: open_settings(window))
    menu = window.ui.fileMenu
    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, action)
    if first is not None:
        menu.insertSeparator(first)
    window.addAction(action)
    return action


def open_settings(window: MainWindow) -> None:
    """Show 设置; a changed scale is used at once by the warehouse desk."""
    from kefu_desktop.ui.settings.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.user, window.database_text, window)
    window.settings_dialog = dialog
    if dialog.exec() and dialog.scale_changed and window.warehouse_view is not None:
        window.warehouse_view.settings_saved(scale_changed=True)
