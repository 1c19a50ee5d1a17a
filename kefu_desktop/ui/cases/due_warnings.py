"""Warnings before a promise on one of my cases breaks: a tray notification and a count in the
tab and window titles (seen in the taskbar with the app minimised). One notice per case and
promise, at the warning share of its limit (80 %)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.promise_status import format_left
from kefu_desktop.domain.roles import Operation
from kefu_desktop.paths import resources_dir
from kefu_desktop.services.due_warnings import DueWarning, my_due_warnings

if TYPE_CHECKING:
    from kefu_desktop.ui.cases.main_window import MainWindow

log = logging.getLogger("kefu.ui.due")

CHECK_MS = 30_000
CASES_TAB = "售后单"


def notice_text(warning: DueWarning) -> str:
    """'SH20261123-0001 首次回复 剩 1分' / '… 超时 3分'."""
    left = format_left(warning.due_at - utc_now())
    return f"{warning.case_no} {warning.promise.label} {left}"


class DueWatcher(QObject):
    """Checks my cases every half minute; tells of each newly due promise once."""

    noticed = Signal(list)
    """The warnings told this time (new ones only)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.told: set[tuple[int, str]] = set()
        self.current: list[DueWarning] = []
        self._base_title = window.windowTitle()
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = QApplication.windowIcon()
            if icon.isNull():
                icon = QIcon(str(resources_dir() / "icons" / "app.png"))
            self.tray = QSystemTrayIcon(icon, window)
            self.tray.setToolTip("售后工作台")
            self.tray.messageClicked.connect(self._open_first)
            self.tray.show()
        self.timer = QTimer(self, interval=CHECK_MS)
        self.timer.timeout.connect(self.check)
        if window.user.may_do(Operation.VIEW_CASES) and window.user.may_do(
            Operation.RECORD_FIRST_REPLY
        ):
            self.timer.start()
            QTimer.singleShot(0, self.check)

    def check(self) -> list[DueWarning]:
        """Read my due cases, update the titles and notify the new ones; returns the new ones."""
        try:
            warnings = my_due_warnings(self.window.user)
        except KefuError as error:  # the database away: the status bar tells of that
            log.info("due warnings not checked: %s", error)
            return []
        self.current = warnings
        fresh = [w for w in warnings if (w.case_id, w.promise.value) not in self.told]
        self.told.update((w.case_id, w.promise.value) for w in fresh)
        self._update_titles()
        if fresh:
            self._notify(fresh)
            self.noticed.emit(fresh)
        return fresh

    def _update_titles(self) -> None:
        tabs = self.window.ui.viewTabs
        index = tabs.indexOf(self.window.ui.casesPage)
        count = len(self.current)
        overdue = sum(w.overdue for w in self.current)
        if count:
            tabs.setTabText(index, f"{CASES_TAB}（{count} 件将超时）")
            prefix = f"⚠ {count} 件即将超时" + (f"（{overdue} 件已超时）" if overdue else "")
            self.window.setWindowTitle(f"{prefix} — {self._base_title}")
        else:
            tabs.setTabText(index, CASES_TAB)
            self.window.setWindowTitle(self._base_title)

    def _notify(self, fresh: list[DueWarning]) -> None:
        if self.tray is None:
            return
        lines = [notice_text(w) for w in fresh[:5]]
        if len(fresh) > 5:
            lines.append(f"……另有 {len(fresh) - 5} 件")
        self.tray.showMessage(
            "售后单即将超时",
            "\n".join(lines),
            QSystemTrayIcon.MessageIcon.Warning,
            15_000,
        )

    def _open_first(self) -> None:
        if not self.current:
            return
        window = self.window
        window.showNormal()
        window.raise_()
        window.activateWindow()
        window.show_case_id(self.current[0].case_id)
