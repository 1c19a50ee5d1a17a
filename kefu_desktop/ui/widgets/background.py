"""Database work off the UI thread for a view: one call at a time, only the latest one counts."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.ui.widgets.threads import ThreadConnection

log = logging.getLogger("kefu.ui.background")


class LatestCall(QObject):
    """Runs `work` on a thread of its own; calls asked for while one runs wait, and only the
    latest of them runs next. `finished(key, result)` brings the latest call's result to the UI
    thread; `failed(key, message)` a `KefuError`'s message, or says a bug was logged.

    A call may bring `then`: it runs after `finished` of that call or of a newer one that
    overtook it (what waits for fresh data still gets it), and is dropped if the call fails."""

    finished = Signal(object, object)
    failed = Signal(object, str)
    _done = Signal(int, object, object)
    _broke = Signal(int, object, str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._asked = 0
        self._wanted: tuple[int, Any, Callable[[], Any]] | None = None
        self._thread: threading.Thread | None = None
        self._then: list[Callable[[], None]] = []
        self._done.connect(self._finished)  # queued: emitted from the worker thread
        self._broke.connect(self._failed)

    @property
    def busy(self) -> bool:
        """Whether a call runs or waits."""
        return self._thread is not None

    def request(
        self, key: Any, work: Callable[[], Any], then: Callable[[], None] | None = None
    ) -> None:
        """Run `work` (after the call running now, if any); `key` comes back with its result,
        and `then` runs once it (or a newer call's result) has been delivered."""
        if then is not None:
            self._then.append(then)
        self._asked += 1
        self._wanted = (self._asked, key, work)
        if self._thread is None:
            self._start()

    def _start(self) -> None:
        assert self._wanted is not None
        number, key, work = self._wanted
        self._wanted = None
        self._thread = threading.Thread(
            target=self._run, args=(number, key, work), name=self.name, daemon=True
        )
        self._thread.start()

    def _run(self, number: int, key: Any, work: Callable[[], Any]) -> None:
        try:
            with ThreadConnection():
                result = work()
        except KefuError as error:
            self._deliver(self._broke, number, key, str(error))
        except Exception as error:  # a bug: logged; the view says so and keeps working
            log.exception("%s failed", self.name)
            self._deliver(self._broke, number, key, f"读取数据时程序出错（已记入日志）：{error}")
        else:
            self._deliver(self._done, number, key, result)

    def _deliver(self, signal: Any, *args: Any) -> None:
        """Hand a result to the UI thread, unless the view that asked was closed meanwhile."""
        try:
            signal.emit(*args)
        except RuntimeError:  # the LatestCall was deleted with its view: nobody waits
            log.debug("%s: result dropped, its view is gone", self.name)

    def _next(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        if self._wanted is not None:
            self._start()

    def _finished(self, number: int, key: Any, result: Any) -> None:
        self._next()
        if number == self._asked:
            self.finished.emit(key, result)
            after, self._then = self._then, []
            for then in after:
                then()

    def _failed(self, number: int, key: Any, message: str) -> None:
        self._next()
        if number == self._asked:
            self._then = []
            self.failed.emit(key, message)

    def join(self, timeout: float | None = None) -> None:
        """Wait for the call running now to end, delivering nothing (the program is ending)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def wait(self) -> None:
        """Wait until no call runs or waits, delivering the results (closing, tests)."""
        while self._thread is not None:
            self._thread.join()
            QCoreApplication.processEvents()


def freeze_start_up_objects() -> None:
    """Keep what is alive once the window is up (modules, widgets, settings: most of it lives
    until the program ends) out of the garbage collector's full passes.

    A full pass runs on whichever thread happens to allocate, often a worker reading thousands
    of rows, and holds the interpreter while it walks every object: 50–100 ms in which the
    window cannot repaint. Afterwards a pass walks only what came later. Called once, after
    start-up (no collection first: that would be the very pause this avoids). Collection passes,
    off while the program loaded, run again from here on."""
    gc.freeze()
    gc.enable()
