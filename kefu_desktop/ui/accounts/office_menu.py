"""The administrator's entries in the 文件 menu: 备份数据库… and 登录与备份记录…

Their windows (`database_backup`, `audit_log_dialog`) load when first chosen."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction

from kefu_desktop.domain.roles import Operation
from kefu_desktop.services.auth import User


def _back_up_database(window: Any) -> None:
    from kefu_desktop.ui.accounts.database_backup import back_up_database

    back_up_database(window)


def _show_audit_log(window: Any) -> None:
    from kefu_desktop.ui.accounts.audit_log_dialog import AuditLogDialog

    AuditLogDialog(window.user, window).exec()


def add_office_actions(window: Any) -> None:
    """Add 备份数据库… and 登录与备份记录… to `window`'s 文件 menu, for administrators."""
    user: User = window.user
    if not (user.may_do(Operation.BACKUP_DATABASE) or user.may_do(Operation.READ_AUDIT_LOG)):
        return
    menu = window.ui.fileMenu
    before = window.ui.actionArchiveRoot
    backup_action = QAction("备份数据库…", window)
    backup_action.triggered.connect(lambda: _back_up_database(window))
    audit_action = QAction("登录与备份记录…", window)
    audit_action.triggered.connect(lambda: _show_audit_log(window))
    backup_action.setVisible(user.may_do(Operation.BACKUP_DATABASE))
    audit_action.setVisible(user.may_do(Operation.READ_AUDIT_LOG))
    menu.insertAction(before, backup_action)
    menu.insertAction(before, audit_action)
    window.backup_action = backup_action
    window.audit_action = audit_action
