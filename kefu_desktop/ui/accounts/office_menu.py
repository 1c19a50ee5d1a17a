"""The administrator's entries in the 文件 menu: 备份数据库… and 登录与备份记录…"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, QThread, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QMessageBox,
    QTableWidgetItem,
    QWidget,
)

from kefu_desktop.domain.clock import format_local
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.roles import Permission
from kefu_desktop.services import audit
from kefu_desktop.services.auth import User
from kefu_desktop.ui.generated.ui_audit_log_dialog import Ui_AuditLogDialog
from kefu_desktop.ui.widgets.errors import show_problem

AUDIT_HEADERS = ("时间", "事件", "账号", "姓名", "说明")


class AuditLogDialog(QDialog):
    """The audit log for the administrator: logins, wrong passwords, lockouts, backups."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AuditLogDialog()
        self.ui.setupUi(self)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        self.ui.buttonBox.rejected.connect(self.reject)
        table = self.ui.entryTable
        table.setColumnCount(len(AUDIT_HEADERS))
        table.setHorizontalHeaderLabels(list(AUDIT_HEADERS))
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        entries = audit.list_entries(user)
        table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            values = (
                format_local(entry.at, with_seconds=True),
                entry.event.label,
                entry.login,
                entry.display_name,
                entry.detail,
            )
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))


class BackupWorker(QThread):
    """Writes a backup off the UI thread; `finished_with` gives the file or the problem."""

    finished_with = Signal(str, str)
    """(path written, '') or ('', message)."""

    def __init__(self, user: User, url: str, out: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user, self.url, self.out = user, url, out

    def run(self) -> None:
        from kefu_desktop.services.backup import backup_database

        try:
            written = backup_database(self.url, self.out, self.user)
        except KefuError as error:
            self.finished_with.emit("", str(error))
        else:
            self.finished_with.emit(str(written), "")


def back_up_database(window: Any, out: Path | None = None) -> BackupWorker | None:
    """Ask where (unless `out` is given) and write a backup of the office database there."""
    from kefu_desktop.services.backup import current_url, suggested_backup_name

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


def add_office_actions(window: Any) -> None:
    """Add 备份数据库… and 登录与备份记录… to `window`'s 文件 menu, for administrators."""
    user: User = window.user
    if not user.may(Permission.MANAGE_STAFF):
        return
    menu = window.ui.fileMenu
    before = window.ui.actionArchiveRoot
    backup_action = QAction("备份数据库…", window)
    backup_action.triggered.connect(lambda: back_up_database(window))
    audit_action = QAction("登录与备份记录…", window)
    audit_action.triggered.connect(lambda: AuditLogDialog(user, window).exec())
    menu.insertAction(before, backup_action)
    menu.insertAction(before, audit_action)
    window.backup_action = backup_action
    window.audit_action = audit_action
