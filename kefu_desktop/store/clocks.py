"""The time-promise columns of the case list, kept up to date from the case and its history.

`Case.sla_promise`, `sla_due_at` and `sla_warn_at` hold what `domain.promises.nearest_due`
says of the case, so the list sorts, colours and filters a million cases by indexed columns
and never reads a history per row. `Case.outcome_*` hold each promise's `PromiseOutcome`, so the
dashboard counts kept and broken promises by index and computes clocks only for the ones still
running. They change only when the case (or the office's calendar or limits) changes;
`refresh_clock_columns` is called in the same transaction as such a change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

import peewee

from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.production_feedback import DefectRule, make_defect_rule
from kefu_desktop.domain.promise_status import Promise
from kefu_desktop.domain.promises import (
    DEFAULT_LIMITS,
    CaseTimes,
    PromiseLimits,
    StateChange,
    case_clocks,
    make_limits,
    nearest_due,
    promise_outcomes,
)
from kefu_desktop.domain.service_hours import ServiceCalendar, setting_from_stored
from kefu_desktop.domain.states import CaseState
from kefu_desktop.store.models import Case, CaseEvent
from kefu_desktop.store.queries import stored_datetime
from kefu_desktop.store.settings import read_setting

CALENDAR_KEY = "service_calendar"
LIMITS_KEY = "promise_limits"
DEFECT_KEY = "defect_rule"
BATCH = 500
RECENT_DAYS = 31
"""On a calendar or limits change, cases raised this recently get their outcomes recomputed
(the dashboard counts the last week's; older closed cases keep the outcome they had)."""

OUTCOME_COLUMNS: dict[Promise, peewee.Field] = {
    Promise.FIRST_REPLY: Case.outcome_first_reply,
    Promise.LOGISTICS_RESOLVE: Case.outcome_logistics,
    Promise.CHECKED_ANSWER: Case.outcome_checked,
}

_FINAL = (CaseState.CLOSED, CaseState.CANCELLED)


def office_calendar() -> ServiceCalendar:
    """The office's service hours (the default when none is set)."""
    return setting_from_stored(read_setting(CALENDAR_KEY)).calendar()


def office_limits() -> PromiseLimits:
    """The office's promise limits (5 min / 48 h / 24 h unless changed)."""
    value = read_setting(LIMITS_KEY)
    if not isinstance(value, dict):
        return DEFAULT_LIMITS
    try:
        return make_limits(
            int(value["first_reply_minutes"]),
            int(value["logistics_hours"]),
            int(value["checked_hours"]),
        )
    except (KeyError, TypeError, ValueError, ValidationError):
        return DEFAULT_LIMITS


def office_defect_rule() -> DefectRule:
    """When a style + batch goes to production (3 customers in 7 days unless changed)."""
    value = read_setting(DEFECT_KEY)
    if not isinstance(value, dict):
        return DefectRule()
    try:
        return make_defect_rule(int(value["min_customers"]), int(value["window_days"]))
    except (KeyError, TypeError, ValueError, ValidationError):
        return DefectRule()


_TIME_FIELDS = (
    Case.id, Case.kind, Case.state, Case.asked_at, Case.created_at, Case.first_reply_at,
    Case.resolved_at, Case.check_promised_at, Case.check_answered_at,
)  # fmt: skip


def _changes_of(case_ids: Sequence[int]) -> dict[int, list[StateChange]]:
    changes: dict[int, list[StateChange]] = defaultdict(list)
    query = (
        CaseEvent.select(CaseEvent.case, CaseEvent.at, CaseEvent.to_state)
        .where(CaseEvent.case.in_(list(case_ids)) & CaseEvent.to_state.is_null(False))
        .order_by(CaseEvent.at, CaseEvent.id)
        .tuples()
    )
    for case_id, at, state in query:
        moment = stored_datetime(at)
        if moment is not None and state in CaseState.__members__.values():
            changes[case_id].append(StateChange(moment, CaseState(state)))
    return changes


def times_from_row(row: Sequence[Any], changes: Iterable[StateChange]) -> CaseTimes:
    """CaseTimes from a row of `_TIME_FIELDS` and the case's state changes."""
    (_id, kind, state, asked, created, reply, resolved, promised, answered) = row
    created_at = stored_datetime(created) or utc_now()
    return CaseTimes(
        kind=kind,
        state=CaseState(state),
        asked_at=stored_datetime(asked) or created_at,
        first_reply_at=stored_datetime(reply),
        resolved_at=stored_datetime(resolved),
        check_promised_at=stored_datetime(promised),
        check_answered_at=stored_datetime(answered),
        changes=tuple(changes),
    )


def case_times_of(case_ids: Sequence[int]) -> Iterator[tuple[int, CaseTimes]]:
    """Each case's CaseTimes (stored times and its state history), in batches."""
    ids = list(case_ids)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        changes = _changes_of(chunk)
        rows = Case.select(*_TIME_FIELDS).where(Case.id.in_(chunk)).tuples()
        for row in rows:
            yield row[0], times_from_row(row, changes.get(row[0], []))


def refresh_clock_columns(
    case_ids: Iterable[int],
    now: datetime | None = None,
    calendar: ServiceCalendar | None = None,
    limits: PromiseLimits | None = None,
) -> int:
    """Recompute the stored nearest-due columns of these cases; returns how many changed."""
    now = now or utc_now()
    calendar = calendar or office_calendar()
    limits = limits or office_limits()
    changed = 0
    for case_id, times in case_times_of(list(case_ids)):
        clocks = case_clocks(times, now, calendar, limits)
        nearest = nearest_due(clocks)
        outcomes = promise_outcomes(clocks)
        values: dict[peewee.Field, Any] = {
            Case.sla_promise: nearest.promise,
            Case.sla_due_at: nearest.due_at,
            Case.sla_warn_at: nearest.warn_at,
        }
        differs = (
            (Case.sla_promise != nearest.promise)
            | _differs(Case.sla_due_at, nearest.due_at)
            | _differs(Case.sla_warn_at, nearest.warn_at)
        )
        for promise, column in OUTCOME_COLUMNS.items():
            values[column] = outcomes[promise].value
            differs = differs | (column != outcomes[promise].value)
        changed += Case.update(values).where((Case.id == case_id) & differs).execute()
    return changed


def _differs(column: peewee.Field, value: datetime | None) -> peewee.Expression:
    if value is None:
        return column.is_null(False)
    return column.is_null() | (column != value)


def refresh_open_cases(now: datetime | None = None) -> int:
    """Recompute the columns of every case not closed or cancelled, and of every case raised
    in the last `RECENT_DAYS` (after the calendar or the limits changed, or a database is
    upgraded); returns how many changed."""
    now = now or utc_now()
    ids = [
        i
        for (i,) in Case.select(Case.id)
        .where(
            (
                Case.state.not_in(_FINAL)
                & ((Case.sla_promise != "") | (Case.state != CaseState.RESOLVED))
            )
            | (
                (Case.created_at >= now - timedelta(days=RECENT_DAYS))
                & (Case.state != CaseState.CANCELLED)
            )
        )
        .tuples()
    ]
    return refresh_clock_columns(ids, now)
