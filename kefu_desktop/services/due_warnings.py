"""My cases about to run over their time promise (the desk's warnings and its tray notice),
read from the columns the clocks store: one indexed query, no clock arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.promise_status import Promise
from kefu_desktop.domain.roles import Operation
from kefu_desktop.services.auth import User, operation
from kefu_desktop.store.models import Case
from kefu_desktop.store.queries import stored_datetime


@dataclass(frozen=True)
class DueWarning:
    """One of my cases whose nearest promise used its warning share (or is past due)."""

    case_id: int
    case_no: str
    promise: Promise
    due_at: datetime
    overdue: bool


WARNINGS_LIMIT = 200


@operation(Operation.VIEW_CASES)
def my_due_warnings(user: User, now: datetime | None = None) -> list[DueWarning]:
    """Open cases handled by `user` whose running promise is at its warning share or overdue,
    due first (from the stored columns: one indexed query)."""
    now = now or utc_now()
    rows = (
        Case.select(Case.id, Case.case_no, Case.sla_promise, Case.sla_due_at)
        .where(
            (Case.handler == user.id)
            & (Case.sla_warn_at <= now)
            & Case.sla_due_at.is_null(False)
            & (Case.sla_promise != "")
        )
        .order_by(Case.sla_due_at)
        .limit(WARNINGS_LIMIT)
        .tuples()
    )
    warnings = []
    for case_id, case_no, promise, due in rows:
        due_at = stored_datetime(due)
        if due_at is None or promise not in Promise.__members__.values():
            continue
        warnings.append(DueWarning(case_id, case_no, Promise(promise), due_at, due_at < now))
    return warnings
