"""The 报表 menu of the main window: 登记表 and 导出月度报表, for supervisors and admins.

Kept apart from the views it opens so the main window starts without loading openpyxl.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from kefu_desktop.domain.roles import Operation
from kefu_desktop.services.auth import User
from kefu_desktop.ui.widgets.view_tabs import show_view_tab


def add_reports_menu(window: Any) -> QMenu | None:
    """Add the 报表 menu to `window` (the MainWindow) for roles that may export; the menu or None.

    Uses the window's `user`, `view_tabs`, `menuBar()`, `ui.helpMenu` and `show_case_id`.
    """
    user: User = window.user
    if not user.may_do(Operation.VIEW_REGISTERS):
        return None
    menu = QMenu("报表(&R)", window)
    help_menu = getattr(window.ui, "helpMenu", None)
    if help_menu is not None:
        window.menuBar().insertMenu(help_menu.menuAction(), menu)
    else:
        window.menuBar().addMenu(menu)

    def open_export() -> None:
        from kefu_desktop.ui.reports.export_dialog import ExportDialog

        dialog = ExportDialog(user, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        window.export_dialog = dialog

    def open_registers() -> None:
        from kefu_desktop.ui.reports.registers_view import RegistersView

        def make() -> RegistersView:
            view = RegistersView(user, parent=window)
            view.case_activated.connect(window.show_case_id)
            view.export_requested.connect(open_export)
            return view

        show_view_tab(window, "registers_view", "登记表", make)

    registers_action = QAction("登记表", window)
    registers_action.setShortcut(QKeySequence("Ctrl+R"))
    registers_action.triggered.connect(open_registers)
    export_action = QAction("导出月度报表…", window)
    export_action.setShortcut(QKeySequence("Ctrl+E"))
    export_action.triggered.connect(open_export)
    menu.addAction(registers_action)
    menu.addAction(export_action)
    if user.may_do(Operation.SCORE_SHEET):

        def open_scores() -> None:
            from kefu_desktop.ui.reports.score_sheet_dialog import ScoreSheetDialog

            dialog = ScoreSheetDialog(user, window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
            window.score_sheet_dialog = dialog

        score_action = QAction("奖罚评分表…", window)
        score_action.triggered.connect(open_scores)
        menu.addAction(score_action)
        window.score_sheet_action = score_action
    window.registers_action = registers_action
    window.export_action = export_action
    return menu
