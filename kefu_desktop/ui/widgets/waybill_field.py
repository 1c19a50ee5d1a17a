"""A waybill box and its courier choice: typing, scanning and pasting all clean the number and
choose the courier the same way (the reading itself is `domain.couriers`)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QComboBox, QLineEdit

from kefu_desktop.domain.couriers import (
    Courier,
    guess_courier,
    normalise_waybill,
    read_pasted_waybill,
)


class WaybillField(QObject):
    """Watches one waybill box (and the courier combo beside it, whose items hold courier codes).

    - typing or scanning: the courier is chosen as soon as the number has one courier's shape;
    - pasting (Ctrl+V, Shift+Insert, the context menu): the waybill is read out of the pasted
      text (「顺丰速运 SF…」, 「运单号：SF 1402 …」, full-width digits, an order's details) and
      replaces the box's content, the courier chosen from its shape or the name pasted with it.

    `only_sure`: for a box that also takes order numbers and buyer IDs, a paste is read only
    when it surely holds a waybill; anything else is pasted as Qt would.
    """

    def __init__(
        self, edit: QLineEdit, courier_combo: QComboBox | None = None, only_sure: bool = False
    ) -> None:
        super().__init__(edit)
        self.edit = edit
        self.combo = courier_combo
        self.only_sure = only_sure
        edit.textEdited.connect(self._typed)
        edit.installEventFilter(self)
        edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        edit.customContextMenuRequested.connect(self._context_menu)

    def _typed(self, text: str) -> None:
        courier = guess_courier(text)
        if courier is not None:
            self.choose(courier)

    def choose(self, courier: Courier | None) -> None:
        """Show `courier` in the combo ('' item, the first, for none)."""
        if self.combo is None:
            return
        index = self.combo.findData(courier.code) if courier is not None else -1
        self.combo.setCurrentIndex(max(index, 0))

    def show_waybill(self, waybill: str) -> None:
        """Fill the box (a parcel opened) and choose its courier, or none if the shape says none."""
        self.edit.setText(waybill)
        self.choose(guess_courier(waybill) if waybill else None)

    def finish(self) -> None:
        """A scanned or typed number is complete (Enter): tidy it and choose its courier."""
        self.edit.setText(normalise_waybill(self.edit.text()))
        courier = guess_courier(self.edit.text())
        if courier is not None:
            self.choose(courier)

    def paste(self, text: str | None = None) -> bool:
        """Put the waybill read from the clipboard (or `text`) into the box; False when the text
        holds none (then the caller pastes as usual)."""
        if self.edit.isReadOnly():
            return False
        pasted = read_pasted_waybill(QGuiApplication.clipboard().text() if text is None else text)
        if not pasted.waybill or (self.only_sure and not pasted.sure):
            return False
        self.edit.selectAll()
        self.edit.insert(pasted.waybill)  # one undo step, and textEdited as for typing
        if pasted.courier is not None:
            self.choose(pasted.courier)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Paste)
        ):
            return self.paste()
        return False

    def _context_menu(self, position: QPoint) -> None:
        menu = self.edit.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() == "edit-paste":
                action.triggered.disconnect()
                action.triggered.connect(lambda: self.paste() or self.edit.paste())
        menu.exec(self.edit.mapToGlobal(position))
        menu.deleteLater()


__all__ = ["WaybillField"]
