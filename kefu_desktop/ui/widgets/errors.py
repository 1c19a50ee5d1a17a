"""Showing problems: known ones as a plain message, bugs logged and shown in the crash dialog
(`crash_dialog`, loaded by the first bug)."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from kefu_desktop.domain.errors import KefuError, StaleRecord
from kefu_desktop.store.db import typed_fault
from kefu_desktop.store.faults import (
    ConnectionLost,
    DatabaseDamaged,
    DatabaseUnavailable,
    DatabaseUnreachable,
    StorageFault,
)

log = logging.getLogger("kefu.ui")


def problem_title(error: KefuError, default: str = "无法完成操作") -> str:
    """The message box title for a known problem: database and disk faults have their own."""
    if isinstance(error, ConnectionLost):
        return "数据库连接中断"
    if isinstance(error, DatabaseUnreachable):
        return "连不上数据库"
    if isinstance(error, DatabaseDamaged):
        return "数据库文件已损坏"
    if isinstance(error, StorageFault):
        return "磁盘出错，未保存"
    return default


def show_problem(parent: QWidget | None, error: KefuError, title: str = "无法完成操作") -> None:
    """Tell the user about a known problem in plain words (a driver's own text goes to the log)."""
    if isinstance(error, DatabaseUnavailable) and error.original:
        log.warning("%s: %s", type(error).__name__, error.original)
    QMessageBox.warning(parent, problem_title(error, title), str(error))


RELOAD = "重新载入"


def offer_reload(parent: QWidget | None, error: StaleRecord) -> bool:
    """Say who saved first and when; True when the user asks to 重新载入.

    Either way nothing the user typed is cleared: reloading shows the colleague's version with
    the user's input kept beside it, so they can look and save again.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("内容已被同事修改")
    box.setText(str(error))
    reload_button = box.addButton(RELOAD, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("暂不载入", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reload_button)
    box.exec()
    return box.clickedButton() is reload_button


def install_excepthook() -> None:
    """Uncaught exceptions: a known problem is told plainly; a bug is logged with its traceback,
    open wizards' drafts are saved, and the crash dialog shows. The app goes on running."""
    busy = False

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        nonlocal busy
        if busy:  # an error while handling one: log it, never loop
            log.error("error while reporting an error:\n%s",
                      "".join(traceback.format_exception(kind, value, tb)))  # fmt: skip
            return
        busy = True
        try:
            _handle(kind, value, tb)
        except Exception:
            log.exception("could not show the crash dialog")
        finally:
            busy = False

    sys.excepthook = hook


def _handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    if isinstance(value, KefuError):
        show_problem(None, value)
        return
    fault = typed_fault(value)
    if fault is not None:  # a disk or connection fault met while reading rows
        show_problem(None, fault)
        return
    from kefu_desktop.ui.widgets.crash_dialog import report_bug  # loaded by the first bug

    report_bug(kind, value, tb)
