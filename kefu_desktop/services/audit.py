"""The audit log of logins, lockouts and backups: written by the services, read by the admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee

from kefu_desktop.domain.audit import AuditEvent
from kefu_desktop.domain.roles import Operation
from kefu_desktop.services.access import User, operation, own_rule
from kefu_desktop.store.models import AuditEntry, Staff

MAX_DETAIL_LENGTH = 500


@dataclass(frozen=True)
class AuditView:
    """One line of the audit log as the administrator reads it."""

    at: datetime
    event: AuditEvent
    login: str
    display_name: str
    detail: str


@own_rule("只由登录、备份和恢复的服务调用，记下当时的账号或操作系统账号和机器")
def record(
    event: AuditEvent, staff_id: int | None = None, login: str = "", detail: str = ""
) -> None:
    """Append one entry (never a password: callers pass only what may be read by the admin)."""
    AuditEntry.create(
        event=event, staff=staff_id, login=login[:64], detail=detail[:MAX_DETAIL_LENGTH]
    )


@operation(Operation.READ_AUDIT_LOG)
def list_entries(actor: User, limit: int = 1000) -> list[AuditView]:
    """The newest `limit` entries, newest first (admin only)."""
    query = (
        AuditEntry.select(
            AuditEntry.at, AuditEntry.event, AuditEntry.login, Staff.display_name, AuditEntry.detail
        )
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(AuditEntry.staff == Staff.id))
        .order_by(AuditEntry.id.desc())
        .limit(limit)
        .tuples()
    )
    return [
        AuditView(at=at, event=AuditEvent(event), login=login, display_name=name or "", detail=d)
        for at, event, login, name, d in query
    ]
