"""The 客户 menu of the main window: 客户档案, 我的待办, 评价跟踪, the office's follow-up
settings; and the detail pane's 客户档案 button."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QInputDialog, QMenu, QPushButton

from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.text import search_key
from kefu_desktop.services.auth import User
from kefu_desktop.ui.widgets.view_tabs import show_view_tab


def open_profile(window: Any, platform_id: str) -> QDialog | None:
    """Open the 客户档案 of `platform_id` over `window`; double-clicking a case shows it there."""
    from kefu_desktop.ui.care.profile_dialog import CustomerProfileDialog

    dialog = CustomerProfileDialog(window.user, platform_id, window)
    if dialog.profile is None:
        dialog.deleteLater()
        return None
    show_case = getattr(window, "show_case_id", None)
    if show_case is not None:
        dialog.case_activated.connect(show_case)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    window.profile_dialog = dialog
    return dialog


def add_care_menu(window: Any) -> QMenu | None:
    """Add the 客户 menu and the detail pane's 客户档案 button to `window` (the MainWindow).

    Uses the window's `user`, `view_tabs`, `menuBar()`, `ui.helpMenu`, `ui.caseActionsLayout`,
    `case_selected`, `current`, `show_case_id` and `refresh`.
    """
    user: User = window.user
    if not user.may_do(Operation.VIEW_CUSTOMER):
        return None
    menu = QMenu("客户(&K)", window)
    help_menu = getattr(window.ui, "helpMenu", None)
    if help_menu is not None:
        window.menuBar().insertMenu(help_menu.menuAction(), menu)
    else:
        window.menuBar().addMenu(menu)

    def ask_profile() -> None:
        typed, ok = QInputDialog.getText(window, "客户档案", "买家ID（旺旺ID）：")
        if ok and search_key(typed):
            open_profile(window, search_key(typed))

    profile_action = QAction("客户档案…", window)
    profile_action.setShortcut(QKeySequence("Ctrl+K"))
    profile_action.triggered.connect(ask_profile)
    menu.addAction(profile_action)
    window.profile_action = profile_action

    button = QPushButton("客户档案", window)
    button.setToolTip("该买家的全部售后单、照片、已发放金额和标记")
    button.setVisible(False)
    button.clicked.connect(
        lambda: window.current is not None and open_profile(window, window.current.customer_id)
    )
    window.ui.caseActionsLayout.insertWidget(0, button)
    window.case_selected.connect(lambda case_id: button.setVisible(bool(case_id)))
    window.profile_button = button

    if user.may_do(Operation.RECORD_FOLLOW_UP):

        def open_todo() -> None:
            from kefu_desktop.ui.care.todo_view import TodoView

            def make() -> TodoView:
                view = TodoView(user, parent=window)
                view.case_activated.connect(window.show_case_id)
                view.changed.connect(window.refresh)
                return view

            show_view_tab(window, "todo_view", "我的待办", make)

        todo_action = QAction("我的待办", window)
        todo_action.setShortcut(QKeySequence("Ctrl+D"))
        todo_action.triggered.connect(open_todo)
        menu.addAction(todo_action)
        window.todo_action = todo_action

    def open_reviews() -> None:
        from kefu_desktop.ui.care.reviews_view import ReviewsView

        def make() -> ReviewsView:
            view = ReviewsView(user, parent=window)
            view.case_activated.connect(window.show_case_id)
            view.changed.connect(window.refresh)
            return view

        show_view_tab(window, "reviews_view", "评价跟踪", make)

    reviews_action = QAction("评价跟踪（中差评）", window)
    reviews_action.triggered.connect(open_reviews)
    menu.addAction(reviews_action)
    window.reviews_action = reviews_action

    if user.may_do(Operation.CARE_SETTINGS):

        def open_settings() -> None:
            from kefu_desktop.ui.care.care_settings_dialog import CareSettingsDialog

            dialog = CareSettingsDialog(user, window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
            window.care_settings_dialog = dialog

        menu.addSeparator()
        settings_action = QAction("回访与多次售后设置…", window)
        settings_action.triggered.connect(open_settings)
        menu.addAction(settings_action)
        window.care_settings_action = settings_action
    return menu
