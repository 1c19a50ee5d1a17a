"""Photos waiting on this desk for the archive: stored in the background once it is back.

`PendingPhotoStorer` tries shortly after the desk starts and then every minute, on a Python
thread, only when photos wait (a look at a local folder; the queue, Pillow and the services
load only then). `stored(case_ids, count)` tells the window which cases got their photos.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from kefu_desktop.paths import pending_photos_dir
from kefu_desktop.ui.widgets.threads import ThreadConnection

log = logging.getLogger("kefu.ui.pending")

RETRY_MS = 60_000
"""How often waiting photos are tried again."""
FIRST_TRY_MS = 3_000
"""First try after the desk starts (after its first page is shown)."""


def waiting_count() -> int:
    """How many photos wait on this desk (all cases)."""
    from kefu_desktop.archive.pending import PendingQueue

    return PendingQueue(pending_photos_dir()).count()


class _Signals(QObject):
    finished = Signal()


class PendingPhotoStorer(QObject):
    """Stores the waiting photos in the background; see the module docstring."""

    stored = Signal(list, int)
    """(ids of the cases that got photos, how many photos were stored)."""

    def __init__(self, parent: QObject | None = None, *, start: bool = True) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._stored_cases: list[int] = []
        self._stored_count = 0
        self._signals = _Signals(self)
        self._signals.finished.connect(self._finished)
        self.timer = QTimer(self, interval=RETRY_MS)
        self.timer.timeout.connect(self.try_now)
        if start:
            self.timer.start()
            QTimer.singleShot(FIRST_TRY_MS, self, self.try_now)

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def try_now(self) -> bool:
        """Start storing the waiting photos now; False when none wait or it already runs."""
        if self.busy or waiting_count() == 0:
            return False
        self._thread = threading.Thread(target=self._run, name="pending-photos", daemon=True)
        self._thread.start()
        return True

    def _run(self) -> None:
        self._stored_cases, self._stored_count = [], 0
        try:
            with ThreadConnection():
                from kefu_desktop.services import evidence

                report = evidence.store_pending()
            self._stored_cases, self._stored_count = report.stored_cases, len(report.stored)
        except Exception:  # a bug or the database away: logged, tried again later
            log.exception("storing waiting photos failed")
        self._signals.finished.emit()

    def _finished(self) -> None:
        if self._stored_count:
            self.stored.emit(list(self._stored_cases), self._stored_count)

    def wait(self, timeout: float = 30.0) -> None:
        """Wait for a running try to end (tests, closing)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def shutdown(self) -> None:
        """Stop trying and wait for a running try."""
        self.timer.stop()
        self.wait()
