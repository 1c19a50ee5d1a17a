"""备份数据库…: the administrator's copy of the office database, written off the UI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, QThread, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.services.auth import User
from kefu_desktop.services.backup import back_up_as, current_url, suggested_backup_name
from kefu_desktop.ui.widgets.errors import show_problem


class BackupWorker(QThread):
    """Writes a backup off the UI thread; `finished_with` gives the file or the problem."""

    finished_with = Signal(str, str)
    """(path written, '') or ('', message)."""

    def __init__(self, user: User, url: str, out: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user, self.url, self.out = user, url, out

    def run(self) -> None:
        try:
            written = back_up_as(self.user, self.url, self.out)
        except KefuError as error:
            self.finished_with.emit("", str(error))
        else:
            self.finished_with.emit(str(written), "")


def back_up_database(window: Any, out: Path | None = None) -> BackupWorker | None:
    """Ask where (unless `out` is given) and write a backup of the office database there."""
    url = current_url()
    if out is None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _filter = QFileDialog.getSaveFileName(
            window, "备份数据库到…", str(Path(folder) / suggested_backup_name(url))
        )
        if not chosen:
            return None
        out = Path(chosen)
    worker = BackupWorker(window.user, url, out, window)
    window.statusBar().showMessage("正在备份数据库……")

    def done(path: str, problem: str) -> None:
        window.statusBar().clearMessage()
        if problem:
            show_problem(window, KefuError(problem), "备份没有完成")
        else:
            size = Path(path).stat().st_size
            QMessageBox.information(
                window,
                "备份完成",
                f"数据库已备份到：\n{path}\n（{size:,} 字节）\n\n需要时用 "
                "kefu-desktop restore 文件 --yes 恢复。",
            )
        worker.deleteLater()

    worker.finished_with.connect(done)
    worker.start()
    window.backup_worker = worker
    return worker
