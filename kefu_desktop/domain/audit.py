"""The office's audit log: what is recorded about logins and the database, and the lockout rule."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

MAX_FAILED_LOGINS = 5
"""Wrong passwords in a row that lock an account."""
LOCKOUT = timedelta(minutes=5)
"""How long a locked account stays locked."""


class AuditEvent(StrEnum):
    LOGIN = "login"
    WRONG_PASSWORD = "wrong_password"
    UNKNOWN_LOGIN = "unknown_login"
    LOCKED = "locked"
    REFUSED_LOCKED = "refused_locked"
    REFUSED_DISABLED = "refused_disabled"
    UNLOCKED = "unlocked"
    BACKUP = "backup"
    RESTORE = "restore"

    @property
    def label(self) -> str:
        return AUDIT_EVENT_LABELS[self]


AUDIT_EVENT_LABELS: dict[AuditEvent, str] = {
    AuditEvent.LOGIN: "登录成功",
    AuditEvent.WRONG_PASSWORD: "密码错误",
    AuditEvent.UNKNOWN_LOGIN: "登录名不存在",
    AuditEvent.LOCKED: "账号被锁定",
    AuditEvent.REFUSED_LOCKED: "锁定期间尝试登录",
    AuditEvent.REFUSED_DISABLED: "停用账号尝试登录",
    AuditEvent.UNLOCKED: "管理员解除锁定",
    AuditEvent.BACKUP: "备份数据库",
    AuditEvent.RESTORE: "恢复数据库",
}


def locked_until(failures: int, now: datetime) -> datetime | None:
    """When an account with `failures` wrong passwords in a row unlocks (None: not locked).

    Rounded up to the whole minute, so the time the user is told is exact.
    """
    if failures < MAX_FAILED_LOGINS:
        return None
    until = now + LOCKOUT
    if until.second or until.microsecond:
        until = until.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return until
