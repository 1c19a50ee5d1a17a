"""登录与备份记录: the audit log for the administrator (文件 menu)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidgetItem, QWidget

from kefu_desktop.domain.clock import format_local
from kefu_desktop.services import audit
from kefu_desktop.services.auth import User
from kefu_desktop.ui.generated.ui_audit_log_dialog import Ui_AuditLogDialog

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
