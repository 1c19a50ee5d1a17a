"""Telling a barcode scanner (a keyboard wedge) from a person typing, wherever the focus is."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from shiboken6 import isValid

from kefu_desktop.services.warehouse_settings import ScannerSettings

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_COMMAND_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


class ScannerWedge(QObject):
    """Watches the keys typed into a desk's widgets and picks out scans.

    A scanner types its code much faster than anyone can and ends it with Enter. Printable keys
    are held back for at most `max_interval_ms`: if the next key comes within that time the run
    goes on; if the run ends in Enter with at least `min_length` keys, it is a scan — `scanned`
    is emitted and none of it reaches the focused widget, which keeps exactly what it had.
    Otherwise the held keys are delivered to their widget as typed (a person's key arrives
    a few milliseconds late, which nobody notices).
    """

    scanned = Signal(str)

    def __init__(
        self,
        settings: ScannerSettings,
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._clock = clock
        self._held: list[tuple[QWidget, QKeyEvent]] = []
        self._last_at = 0.0
        self._replaying = False
        self._release = QTimer(self, singleShot=True)
        self._release.timeout.connect(self.release)
        self.configure(settings)

    def configure(self, settings: ScannerSettings) -> None:
        """Use new settings (from 仓库设置) from the next key on."""
        self.settings = settings
        self._release.setInterval(settings.max_interval_ms + 5)

    def watch(self, widgets: list[QWidget]) -> None:
        """Look at the keys typed into these widgets."""
        for widget in widgets:
            widget.installEventFilter(self)

    def holding(self) -> str:
        """The keys held back at this moment (a run that may still turn out to be a scan)."""
        return "".join(event.text() for _widget, event in self._held)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._replaying
            or event.type() != QEvent.Type.KeyPress
            or not isinstance(event, QKeyEvent)
            or not isinstance(watched, QWidget)
        ):
            return False
        now = _key_time(event, self._clock)
        gap_ms = (now - self._last_at) * 1000
        fast = bool(self._held) and 0 <= gap_ms <= self.settings.max_interval_ms
        if self._held and not fast:
            self.release()
        text = event.text()
        if event.key() in _ENTER:
            if fast and len(self._held) >= self.settings.min_length:
                code = self.holding()
                self._held.clear()
                self._release.stop()
                self.scanned.emit(code)
                return True
            self.release()
            return False
        if (
            len(text) == 1
            and text.isprintable()
            and not text.isspace()
            and not event.modifiers() & _COMMAND_MODIFIERS
            and not event.isAutoRepeat()
        ):
            self._held.append((watched, _copy(event)))
            self._last_at = now
            self._release.start()
            return True
        self.release()
        return False

    def release(self) -> None:
        """Deliver the held keys to the widgets they were typed into: it was a person."""
        self._release.stop()
        held, self._held = self._held, []
        self._replaying = True
        try:
            for widget, event in held:
                if isValid(widget):
                    QApplication.sendEvent(widget, event)
        finally:
            self._replaying = False


def _key_time(event: QKeyEvent, clock: Callable[[], float]) -> float:
    """When the key was pressed, in seconds: the system's time stamp of the key when it has one.

    A busy desk may handle a scan's keys late and in bursts; their time stamps still show the
    scanner's pace. Keys made up by the program itself carry none: then the time they arrive.
    """
    stamp = event.timestamp()
    return stamp / 1000 if stamp else clock()


def _copy(event: QKeyEvent) -> QKeyEvent:
    return QKeyEvent(
        event.type(), event.key(), event.modifiers(), event.text(), event.isAutoRepeat(),
        event.count(),
    )  # fmt: skip


def widgets_besides(root: QWidget, box: QWidget) -> list[QWidget]:
    """Every widget inside `root` but `box` and what lies inside it."""
    return [w for w in root.findChildren(QWidget) if w is not box and not box.isAncestorOf(w)]


class TypingGoesToScanBox(QObject):
    """Printable keys typed where no text is edited (tables, buttons, lists) go to a desk's scan
    box, so a clerk types a waybill without clicking into the box first.

    `keeps_key(widget, text)` says which keys a watched widget keeps for itself.
    """

    def __init__(self, scan_box: QLineEdit, keeps_key: Callable[[QObject, str], bool]) -> None:
        super().__init__(scan_box)
        self.scan_box = scan_box
        self.keeps_key = keeps_key

    def watch(self, widgets: Iterable[QWidget]) -> None:
        """Send the keys typed into these widgets to the scan box."""
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            text = event.text()
            plain = not event.modifiers() & _COMMAND_MODIFIERS
            if plain and text and text.isprintable() and not text.isspace():
                if self.keeps_key(watched, text):
                    return False
                self.scan_box.setFocus(Qt.FocusReason.OtherFocusReason)
                self.scan_box.insert(text)
                return True
        return False
