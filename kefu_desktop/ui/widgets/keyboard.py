"""Keyboard habits shared by every desk: Tab leaves lists and text boxes, Enter presses buttons.

The shortcuts listed under 帮助 → 快捷键 are in `shortcuts`.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)


class _CtrlTabTypesTab(QObject):
    """Ctrl+Tab types a tab character in a multi-line box whose Tab moves focus on."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and isinstance(watched, QPlainTextEdit | QTextEdit)
        ):
            watched.insertPlainText("\t")
            return True
        return False


class _EnterMovesOn(QObject):
    def __init__(self, target: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.target = target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.target.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return False


def enter_moves_on(*fields: QWidget) -> None:
    """Enter in each field but the last moves to the next one instead of pressing the dialog's
    default button (which Enter in the last field still does)."""
    for field, following in pairwise(fields):
        field.installEventFilter(_EnterMovesOn(following, field))


def tab_moves_on(*boxes: QPlainTextEdit | QTextEdit) -> None:
    """Tab and Shift+Tab leave the multi-line boxes; Ctrl+Tab types a tab in them."""
    for box in boxes:
        box.setTabChangesFocus(True)
        ctrl_tab = _CtrlTabTypesTab(box)
        box.installEventFilter(ctrl_tab)


def tab_moves_on_within(root: QWidget) -> None:
    """`tab_moves_on` for every editable multi-line box inside `root`."""
    for box in root.findChildren(QPlainTextEdit) + root.findChildren(QTextEdit):
        if not box.isReadOnly() and not box.tabChangesFocus():
            tab_moves_on(box)


def tab_leaves_within(root: QWidget) -> None:
    """`tab_leaves` for every list and table inside `root`."""
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)


def save_shortcut(window: QWidget, save: Callable[[], object]) -> QShortcut:
    """Ctrl+S in `window` (and its children) calls `save`."""
    shortcut = QShortcut(QKeySequence.StandardKey.Save, window)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(save)
    return shortcut


def tab_leaves(*views: QAbstractItemView) -> None:
    """Tab moves from the list to the next widget instead of from cell to cell."""
    for view in views:
        view.setTabKeyNavigation(False)


def enter_presses(*buttons: QAbstractButton) -> None:
    """Enter (and Return) presses the focused button, as Space does."""
    for button in buttons:
        if isinstance(button, QPushButton):
            button.setAutoDefault(True)


def chain_tab_order(*widgets: QWidget) -> None:
    """Tab visits `widgets` in this order (the order they are on screen)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)
