"""Colleagues' changes reach the open window: the watcher's reports, on the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from kefu_desktop.services.live import ChangedList, watch_changes

SETTLE_MS = 300
"""Changes arriving together (a save touches several tables) give one refresh."""


class LiveRefresh(QObject):
    """Emits `changed` (a set of `ChangedList`) on the UI thread when colleagues change data."""

    changed = Signal(object)
    _arrived = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: set[ChangedList] = set()
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._deliver)
        self._arrived.connect(self._collect)  # queued: the watcher reports from its thread
        self._watcher = watch_changes(self._arrived.emit)

    def stop(self) -> None:
        """Stop watching (the window is closing)."""
        self._watcher.stop()

    def _collect(self, lists: set[ChangedList]) -> None:
        self._pending |= lists
        if not self._settle.isActive():
            self._settle.start()

    def _deliver(self) -> None:
        lists, self._pending = self._pending, set()
        if lists:
            self.changed.emit(lists)
