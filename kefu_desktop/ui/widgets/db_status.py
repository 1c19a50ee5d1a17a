"""The status bar's database indicator: 已连接 / 正在重新连接… / 无法连接（上次成功 HH:MM）."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget
from shiboken6 import isValid

from kefu_desktop.store.guarded import LinkState, health, notice_lost_link, probe

PROBE_INTERVAL_MS = 5000
"""While the database is lost: how often to try it again in the background."""
WATCH_INTERVAL_MS = 10_000
"""While connected: how often to look (locally, no round trip) whether the link died."""


class _Probe(QRunnable):
    """One background attempt to reach the database (the UI thread never waits for it)."""

    def __init__(self, done: _ProbeDone) -> None:
        super().__init__()
        self.done = done

    def run(self) -> None:
        self.done.finished.emit(probe())


class _ProbeDone(QObject):
    finished = Signal(bool)


class DatabaseStatus(QLabel):
    """Shows the link to the database and retries in the background while it is lost.

    `reconnected` is emitted (on the UI thread) when the database is back after a loss:
    the main window refreshes its lists; live refresh can subscribe again from it.
    """

    reconnected = Signal()
    _changed = Signal(object)

    def __init__(self, database_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip(database_text)
        self._state = health.state
        self._probing = False
        self._probe_done = _ProbeDone(self)
        self._probe_done.finished.connect(self._probe_finished)
        self._timer = QTimer(self)
        self._timer.setInterval(PROBE_INTERVAL_MS)
        self._timer.timeout.connect(self._try_again)
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_INTERVAL_MS)
        self._watch.timeout.connect(self._look)
        self._watch.start()
        # Queued even from the UI thread: the change is noticed inside a database call, and
        # the refresh it starts must not run nested in that call.
        self._changed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        health.add_listener(self._from_any_thread)
        self.destroyed.connect(lambda _obj=None, f=self._from_any_thread: health.remove_listener(f))
        self._show(health.state)

    def _from_any_thread(self, state: LinkState) -> None:
        if not isValid(self):  # the window is gone
            health.remove_listener(self._from_any_thread)
            return
        with contextlib.suppress(RuntimeError):
            self._changed.emit(state)

    def _look(self) -> None:
        if self.window().isVisible():
            notice_lost_link()

    def _show(self, state: object) -> None:
        assert isinstance(state, LinkState)
        previous, self._state = self._state, state
        text = f"数据库：{state.label}"
        if state is LinkState.UNREACHABLE and health.last_success is not None:
            text = f"数据库：{state.label}（上次成功 {health.last_success:%H:%M}）"
        self.setText(text)
        colour = {LinkState.CONNECTED: "", LinkState.RECONNECTING: "#a15c00"}
        self.setStyleSheet(f"color: {colour.get(state, '#b00020')}")
        if not self.window().isVisible():  # a closed window neither refreshes nor probes
            self._timer.stop()
            return
        if state is LinkState.CONNECTED:
            self._timer.stop()
            if previous is not LinkState.CONNECTED:
                self.reconnected.emit()
        elif not self._timer.isActive():
            self._timer.start()

    def _try_again(self) -> None:
        if self._probing:
            return
        self._probing = True
        QThreadPool.globalInstance().start(_Probe(self._probe_done))

    def _probe_finished(self, _reachable: bool) -> None:
        self._probing = False
