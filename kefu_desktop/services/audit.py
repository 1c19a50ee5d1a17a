"""The audit log of logins, lockouts and backups: written by the services, read by the admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee

from kefu_desktop.domain.audit import AuditEvent
from kefu_desktop.domain.roles import Permission
from kefu_desktop.services import auth
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


def record(
    event: AuditEvent, staff_id: int | None = None, login: str = "", detail: str = ""
) -> None:
    """Append one entry (never a password: callers pass only what may be read by the admin)."""
    AuditEntry.create(
        event=event, staff=staff_id, login=login[:64], detail=detail[:MAX_DETAIL_LENGTH]
    )


def list_entries(actor: auth.User, limit: int = 1000) -> list[AuditView]:
    """The newest `limit` entries, newest first (admin only)."""
    auth.require(actor, Permission.MANAGE_STAFF)
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
