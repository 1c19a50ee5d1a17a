"""The crash dialog: an unexpected error in plain words, with 复制详情 and the log file.

Loaded by the first bug (see `errors.install_excepthook`), so a start does not load it."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from kefu_desktop import APP_NAME, __version__
from kefu_desktop.logging_setup import LOG_NAME, redact
from kefu_desktop.paths import log_dir

log = logging.getLogger("kefu.ui")


@dataclass
class CrashReport:
    """One unexpected error: when, in which window, the technical summary and the traceback."""

    summary: str
    """The error's type and message, for 详细信息 (never the headline)."""
    trace: str = ""
    doing: str = ""
    """The window the user was working in ('' when none was active)."""
    when: datetime = field(default_factory=datetime.now)
    drafts_kept: int = 0
    """How many open wizards had their draft saved before the dialog showed."""
    drafts_failed: int = 0

    @classmethod
    def of(
        cls, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> CrashReport:
        return cls(
            summary=redact(f"{kind.__name__}: {value}"),
            trace=redact("".join(traceback.format_exception(kind, value, tb))),
            doing=_active_window_title(),
        )

    @property
    def signature(self) -> str:
        """Equal for the same error raised at the same place (repeats are counted, not shown)."""
        last_frame = self.trace.rstrip().splitlines()[-3:-1] if self.trace else []
        return self.summary + "\n" + "\n".join(last_frame)

    def headline(self) -> str:
        where = f"在「{self.doing}」窗口里处理你的操作时" if self.doing else "在处理时"
        return f"程序{where}出了错，这一步没有做完。"

    def reassurance(self) -> str:
        lines = ["已保存的数据不受影响，程序可以继续使用。"]
        if self.drafts_kept:
            lines.append("正在填写的售后单已保存为草稿，下次打开向导时可以继续。")
        if self.drafts_failed:
            lines.append("正在填写的售后单未能保存为草稿，请不要关闭向导，先把内容记下来。")
        lines.append("如果再次出错，请关闭并重新启动程序，并把详情发给管理员。")
        return "\n".join(lines)

    def details(self, repeats: int = 0, later: Sequence[CrashReport] = ()) -> str:
        """Everything the administrator needs, as put on the clipboard by 复制详情."""
        lines = [
            f"时间：{self.when:%Y-%m-%d %H:%M:%S}",
            f"版本：{APP_NAME} {__version__}",
            f"窗口：{self.doing or '（无）'}",
            f"错误：{self.summary}",
        ]
        if repeats:
            lines.append(f"同样的错误之后又出现了 {repeats} 次")
        lines += [
            f"操作系统：{platform.platform()}",
            f"Python：{sys.version.split()[0]}",
            f"Qt：{qVersion()}（PySide6 {PySide6.__version__}）",
            f"日志文件：{log_file()}",
            "",
            self.trace or self.summary,
        ]
        for other in later:
            lines += ["", f"随后又出错（{other.when:%H:%M:%S}）：{other.summary}", other.trace]
        return "\n".join(lines).rstrip() + "\n"


def log_file() -> Path:
    """The log file the error and its traceback were written to."""
    return log_dir() / LOG_NAME


def _active_window_title() -> str:
    window = QApplication.activeWindow()
    if window is None or isinstance(window, CrashDialog):
        return ""
    return window.windowTitle()


class CrashDialog(QDialog):
    """程序出错: what happened in plain words, 复制详情, the log file and its folder.

    Not modal: the desk stays usable behind it. Repeats of the same error are counted in it;
    other errors while it is open are added to its details.
    """

    def __init__(self, report: CrashReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.repeats = 0
        self.later: list[CrashReport] = []
        self.setWindowTitle("程序出错")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
                       .pixmap(40, 40))  # fmt: skip
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.headline = QLabel(report.headline())
        self.headline.setObjectName("crashHeadline")
        self.headline.setStyleSheet("font-weight: bold;")
        self.headline.setWordWrap(True)
        self.body = QLabel(report.reassurance())
        self.body.setObjectName("crashBody")
        self.body.setWordWrap(True)
        self.repeat_label = QLabel()
        self.repeat_label.setStyleSheet("color: #8a4b00;")
        self.repeat_label.hide()
        self.log_label = QLabel(f"日志文件：{log_file()}")
        self.log_label.setObjectName("crashLogPath")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copied_label = QLabel()
        self.copied_label.setStyleSheet("color: #2e7d32;")

        self.details_button = QPushButton("详细信息 ▸")
        self.details_button.setCheckable(True)
        self.details_button.setAutoDefault(False)
        self.details_box = QPlainTextEdit()
        self.details_box.setObjectName("crashDetails")
        self.details_box.setReadOnly(True)
        self.details_box.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details_box.setMinimumHeight(160)
        self.details_box.hide()
        self.details_button.toggled.connect(self._show_details)

        self.copy_button = QPushButton("复制详情")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button = QPushButton("打开日志文件夹")
        self.folder_button.setAutoDefault(False)
        self.folder_button.clicked.connect(self.open_log_folder)
        self.close_button = QPushButton("知道了")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)

        text = QVBoxLayout()
        for label in (self.headline, self.body, self.repeat_label, self.log_label):
            text.addWidget(label)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.details_button)
        buttons.addWidget(self.copied_label, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details_box, 1)
        layout.addLayout(buttons)
        self._fill_details()
        self.setMinimumWidth(560)

    def details_text(self) -> str:
        return self.report.details(self.repeats, self.later)

    def _fill_details(self) -> None:
        self.details_box.setPlainText(self.details_text())

    def _show_details(self, shown: bool) -> None:
        self.details_box.setVisible(shown)
        self.details_button.setText("详细信息 ▾" if shown else "详细信息 ▸")
        self.adjustSize()

    def add(self, report: CrashReport) -> None:
        """Another error while this dialog is open: count it (and keep its details)."""
        if report.signature == self.report.signature:
            self.repeats += 1
        else:
            self.later.append(report)
        told = []
        if self.repeats:
            told.append(f"同样的错误又出现了 {self.repeats} 次")
        if self.later:
            told.append(f"另有 {len(self.later)} 个错误")
        self.repeat_label.setText("；".join(told) + "（详见详细信息）。")
        self.repeat_label.show()
        kept = report.drafts_kept and not self.report.drafts_kept
        if kept:
            self.report.drafts_kept = report.drafts_kept
            self.body.setText(self.report.reassurance())
        self._fill_details()

    def copy_details(self) -> None:
        """Put time, version, the traceback, system versions and the log path on the clipboard."""
        QGuiApplication.clipboard().setText(self.details_text())
        self.copied_label.setText("已复制，可粘贴给管理员。")

    def open_log_folder(self) -> None:
        folder = log_file().parent
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.copied_label.setText(f"无法打开文件夹，请手动打开：{folder}")


_shown: CrashDialog | None = None
"""The crash dialog on screen (one at a time)."""


def shown_crash_dialog() -> CrashDialog | None:
    """The crash dialog on screen, if any."""
    return _shown


def _forget(dialog: CrashDialog) -> None:
    global _shown
    if _shown is dialog:
        _shown = None


def show_crash(
    parent: QWidget | None, summary: str, report: CrashReport | None = None
) -> CrashDialog:
    """The crash dialog for a bug (without blocking); a repeat while one is open is counted."""
    global _shown
    report = report or CrashReport(summary=summary, doing=_active_window_title())
    if _shown is not None:
        _shown.add(report)
        return _shown
    dialog = CrashDialog(report, parent or _main_window())
    dialog.finished.connect(lambda _result: _forget(dialog))
    dialog.destroyed.connect(lambda _obj=None: _forget(dialog))
    _shown = dialog
    dialog.show()
    dialog.raise_()
    return dialog


def _main_window() -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMainWindow) and widget.isVisible():
            return widget
    return None


def keep_open_drafts() -> tuple[int, int]:
    """Save the draft of every open case wizard as it stands: (saved, failed)."""
    wizards = sys.modules.get("kefu_desktop.ui.wizards.case_wizard")
    if wizards is None:  # never loaded, so no wizard is open
        return 0, 0
    saved = failed = 0
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, wizards.CaseWizard) and widget.isVisible():
            if widget.keep_draft():
                saved += 1
            else:
                failed += 1
    return saved, failed


def report_bug(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """Log an unexpected error with its traceback, save the open wizards' drafts and show the
    crash dialog (a repeat of the error on screen is counted there, not logged in full)."""
    report = CrashReport.of(kind, value, tb)
    if _shown is not None and report.signature == _shown.report.signature:
        log.error("the same uncaught exception again: %s", report.summary)
    else:
        log.error("uncaught exception:\n%s", report.trace)
        sys.__excepthook__(kind, value, tb)
    report.drafts_kept, report.drafts_failed = keep_open_drafts()
    show_crash(None, report.summary, report)
