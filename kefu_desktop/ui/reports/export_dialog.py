"""导出月度报表: pick a month or a date range, export off the UI thread with progress and Cancel."""

from __future__ import annotations

import logging
import sys
import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QProcess, QSettings, QStandardPaths, QThread, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.registers import (
    ReportPeriod,
    date_range_period,
    month_period,
    parse_month,
)
from kefu_desktop.domain.storage import storage_error
from kefu_desktop.export.monthly import TargetUnavailable, check_target, normalise_target
from kefu_desktop.paths import data_dir
from kefu_desktop.services.auth import User
from kefu_desktop.services.registers import export_monthly
from kefu_desktop.store.db import database
from kefu_desktop.ui.generated.ui_export_dialog import Ui_ExportDialog
from kefu_desktop.ui.widgets.keyboard import save_shortcut
from kefu_desktop.ui.widgets.window_layout import layout_settings

log = logging.getLogger("kefu.ui.export")

MONTHS_OFFERED = 24


class ExportWorker(QThread):
    """Runs one export in its own thread; only signals reach the dialog."""

    progressed = Signal(int, int)
    succeeded = Signal(str)
    failed = Signal(str, str)
    """(message, suggested other file name or '')."""
    cancelled = Signal()
    crashed = Signal(str)

    def __init__(self, user: User, period: ReportPeriod, target: Path) -> None:
        super().__init__()
        self.user = user
        self.period = period
        self.target = target
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        from kefu_desktop.export.monthly import ExportCancelled

        try:
            written = export_monthly(
                self.user,
                self.period,
                self.target,
                progress=lambda done, total: self.progressed.emit(done, total),
                cancelled=self._cancel.is_set,
            )
            self.succeeded.emit(str(written))
        except ExportCancelled:
            self.cancelled.emit()
        except TargetUnavailable as error:
            self.failed.emit(str(error), str(error.suggestion or ""))
        except KefuError as error:
            self.failed.emit(str(error), "")
        except OSError as error:
            failure = storage_error(error, "导出月度报表", self.target.parent)
            log.warning("export to %s failed: %s", self.target, failure.original)
            self.failed.emit(str(failure), "")
        except Exception as error:  # a bug: log it with its traceback, tell the user
            log.exception("export failed")
            self.crashed.emit(f"{type(error).__name__}: {error}")
        finally:
            database.close()  # this thread's own connection


def show_in_folder(path: Path) -> None:
    """Open the folder holding `path` in the file manager, with the file selected on Windows."""
    if sys.platform == "win32":
        QProcess.startDetached("explorer.exe", [f"/select,{path}"])
    else:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


LAST_FOLDER_KEY = "export/folder"


def default_folder(settings: QSettings | None = None) -> Path:
    """Where a new workbook goes: the folder used last time, else the user's Documents folder,
    else the data folder — whichever of them exists."""
    remembered = settings.value(LAST_FOLDER_KEY) if settings is not None else None
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for candidate in (remembered, documents):
        if candidate and Path(str(candidate)).is_dir():
            return Path(str(candidate))
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class ExportDialog(QDialog):
    """Pick the period and file, export with a progress bar, then show the file."""

    def __init__(
        self, user: User, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_ExportDialog()
        self.ui.setupUi(self)
        self.user = user
        self.today = today or date.today()
        self.worker: ExportWorker | None = None
        self.written: Path | None = None
        self.settings = layout_settings(user.login)
        self._auto_name = ""
        for back in range(MONTHS_OFFERED):
            index = self.today.year * 12 + self.today.month - 1 - back
            first = date(index // 12, index % 12 + 1, 1)
            self.ui.monthCombo.addItem(month_period(first).label, f"{first:%Y-%m}")
        self.ui.monthCombo.setCurrentIndex(1)  # last month: what management asks for
        qtoday = QDate(self.today.year, self.today.month, self.today.day)
        self.ui.fromDate.setDate(qtoday.addDays(1 - qtoday.day()))
        self.ui.toDate.setDate(qtoday)
        self.ui.fromDate.setMaximumDate(qtoday)
        self.ui.toDate.setMaximumDate(qtoday)
        self.ui.progressBar.setValue(0)
        self.ui.progressBar.hide()
        self.ui.showButton.hide()
        self.ui.cancelButton.hide()
        for signal in (
            self.ui.monthRadio.toggled,
            self.ui.monthCombo.currentIndexChanged,
            self.ui.fromDate.dateChanged,
            self.ui.toDate.dateChanged,
        ):
            signal.connect(self._period_changed)
        self.ui.browseButton.clicked.connect(self._browse)
        self.ui.exportButton.clicked.connect(self.start_export)
        self.ui.cancelButton.clicked.connect(self.cancel_export)
        self.ui.closeButton.clicked.connect(self.reject)
        save_shortcut(self, self.start_export)
        self.ui.showButton.clicked.connect(lambda: self.written and show_in_folder(self.written))
        self._period_changed()

    # --- period and file ---

    def period(self) -> ReportPeriod:
        """The chosen period; `ValidationError` when it makes no sense."""
        if self.ui.monthRadio.isChecked():
            return parse_month(str(self.ui.monthCombo.currentData()), self.today)
        first, last = self.ui.fromDate.date(), self.ui.toDate.date()
        return date_range_period(
            date(first.year(), first.month(), first.day()),
            date(last.year(), last.month(), last.day()),
            self.today,
        )

    def _apply_mode(self) -> None:
        is_month = self.ui.monthRadio.isChecked()
        self.ui.monthCombo.setEnabled(is_month)
        for widget in (self.ui.fromDate, self.ui.toDate):
            widget.setEnabled(not is_month)

    def _period_changed(self) -> None:
        self._apply_mode()
        try:
            period = self.period()
        except KefuError as error:
            self.ui.statusLabel.setText(str(error))
            return
        self.ui.statusLabel.setText("")
        name = f"售后月度报表-{period.file_stem}.xlsx"
        current = self.ui.targetEdit.text().strip()
        if not current or current == self._auto_name:
            folder = Path(current).parent if current else default_folder(self.settings)
            self._auto_name = str(folder / name)
            self.ui.targetEdit.setText(self._auto_name)

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "保存月度报表", self.ui.targetEdit.text(), "Excel 工作簿 (*.xlsx)"
        )
        if chosen:
            self.ui.targetEdit.setText(chosen)

    # --- running ---

    def _set_running(self, running: bool) -> None:
        for widget in (
            self.ui.monthRadio,
            self.ui.rangeRadio,
            self.ui.monthCombo,
            self.ui.fromDate,
            self.ui.toDate,
            self.ui.targetEdit,
            self.ui.browseButton,
            self.ui.exportButton,
            self.ui.closeButton,
        ):
            widget.setEnabled(not running)
        if not running:
            self._apply_mode()
        self.ui.cancelButton.setVisible(running)
        self.ui.cancelButton.setEnabled(running)
        self.ui.progressBar.setVisible(running or self.written is not None)

    def _offer_other_name(self, message: str, suggestion: str) -> bool:
        """Tell why the file cannot be written; True if the user takes the suggested name."""
        if not suggestion:
            QMessageBox.warning(self, "无法导出", message)
            return False
        answer = QMessageBox.question(
            self,
            "无法写入文件",
            f"{message}\n\n改为保存到 {Path(suggestion).name} 吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.ui.targetEdit.setText(suggestion)
            return True
        return False

    def start_export(self) -> None:
        """Check the choices, then export in a worker thread."""
        self.written = None
        self.ui.showButton.hide()
        try:
            period = self.period()
            text = self.ui.targetEdit.text().strip()
            if not text:
                raise KefuError("请选择保存位置和文件名。")
            target = normalise_target(Path(text).expanduser())
            check_target(target)
        except TargetUnavailable as error:
            self.ui.statusLabel.setText(str(error))
            suggestion = str(error.suggestion or "")
            if self._offer_other_name(str(error), suggestion):
                self.start_export()
            return
        except KefuError as error:
            self.ui.statusLabel.setText(str(error))
            QMessageBox.warning(self, "无法导出", str(error))
            return
        if target.exists():
            answer = QMessageBox.question(
                self,
                "替换文件",
                f"{target.name} 已存在，要替换它吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.ui.targetEdit.setText(str(target))
        self.ui.progressBar.setRange(0, 0)  # busy until the cases are read
        self.ui.statusLabel.setText(f"正在读取 {period.label} 的售后单…")
        self.worker = ExportWorker(self.user, period, target)
        self.worker.progressed.connect(self._progressed)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)
        self.worker.cancelled.connect(self._cancelled)
        self.worker.crashed.connect(self._crashed)
        self.worker.finished.connect(self._worker_finished)
        self._set_running(True)
        self.worker.start()

    def cancel_export(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.ui.cancelButton.setEnabled(False)
            self.ui.statusLabel.setText("正在取消…")

    def _progressed(self, done: int, total: int) -> None:
        self.ui.progressBar.setRange(0, total)
        self.ui.progressBar.setValue(done)
        self.ui.statusLabel.setText(f"正在写入工作簿… {done * 100 // max(total, 1)}%")

    def _succeeded(self, path: str) -> None:
        self.written = Path(path)
        self.settings.setValue(LAST_FOLDER_KEY, str(self.written.parent))
        self.ui.progressBar.setRange(0, 1)
        self.ui.progressBar.setValue(1)
        self.ui.statusLabel.setText(f"已导出：{path}")
        self.ui.showButton.show()

    def _failed(self, message: str, suggestion: str) -> None:
        self.ui.progressBar.setRange(0, 1)
        self.ui.progressBar.setValue(0)
        self.ui.statusLabel.setText(message)
        self._offer_other_name(message, suggestion)

    def _cancelled(self) -> None:
        self.ui.progressBar.setRange(0, 1)
        self.ui.progressBar.setValue(0)
        self.ui.statusLabel.setText("已取消导出，没有生成文件。")

    def _crashed(self, summary: str) -> None:
        from kefu_desktop.ui.widgets.crash_dialog import show_crash

        self.ui.statusLabel.setText("导出时程序出错，详情已写入日志。")
        show_crash(self, summary)

    def _worker_finished(self) -> None:
        if self.worker is not None:
            self.worker.deleteLater()
        self.worker = None
        self._set_running(False)

    def wait_for_worker(self, msecs: int = 60_000) -> None:
        """Block until the running export ends (tests, and closing the dialog)."""
        if self.worker is not None:
            self.worker.wait(msecs)

    def reject(self) -> None:
        if self.worker is not None:
            self.cancel_export()
            self.worker.wait()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.worker is not None:
            self.cancel_export()
            self.worker.wait()
        super().closeEvent(event)
