"""Showing problems: known ones as a plain message, bugs logged and shown in a crash dialog."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.paths import log_dir

log = logging.getLogger("kefu.ui")


def show_problem(parent: QWidget | None, error: KefuError, title: str = "无法完成操作") -> None:
    """Tell the user about a known problem in plain words."""
    QMessageBox.warning(parent, title, str(error))


def show_crash(parent: QWidget | None, summary: str) -> None:
    """The crash dialog for a bug: what happened and where the details are."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("程序出错")
    box.setText("程序遇到了一个意外错误。你已保存的数据不受影响。")
    box.setInformativeText(
        f"请把日志文件发给管理员：\n{log_dir() / 'kefu-desktop.log'}\n\n错误：{summary}"
    )
    box.exec()


def install_excepthook() -> None:
    """Log uncaught exceptions with their traceback and show them instead of dying silently."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if isinstance(value, KefuError):
            show_problem(None, value)
            return
        log.error("uncaught exception:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        sys.__excepthook__(kind, value, tb)
        show_crash(None, f"{kind.__name__}: {value}")

    sys.excepthook = hook
