"""The shop's time promises (时效承诺) on a case, as clocks that run in the service hours.

- 首次回复: the first reply within 5 minutes of the customer's first message (every case).
- 物流问题解决: a logistics problem resolved within 48 hours; the clock pauses while the case
  waits on the customer (waiting on the warehouse or the supervisor is our time).
- 核实答复: a question we must check answered within 24 hours of telling the customer so
  (「需核实，已告知客户回复时间」).

`case_clocks` is the one function that computes them; the case list, the detail pane, the
warnings, the registers and the monthly export all use it. Times in and out are naive UTC; the
service-hours arithmetic runs in local time. The promises' names and what a stored due time
shows are in `promise_status` (the case list needs only those).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from kefu_desktop.domain.clock import to_local, to_utc
from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.promise_status import ClockStatus, Promise
from kefu_desktop.domain.service_hours import DEFAULT_CALENDAR, ServiceCalendar
from kefu_desktop.domain.states import CaseState

MAX_LIMIT = timedelta(days=30)


@dataclass(frozen=True)
class PromiseLimits:
    """How long each promise allows, in service time (an office setting)."""

    first_reply: timedelta = timedelta(minutes=5)
    logistics_resolve: timedelta = timedelta(hours=48)
    checked_answer: timedelta = timedelta(hours=24)
    warn_share: float = 0.8
    """A clock warns once this share of its limit is used."""

    def of(self, promise: Promise) -> timedelta:
        return {
            Promise.FIRST_REPLY: self.first_reply,
            Promise.LOGISTICS_RESOLVE: self.logistics_resolve,
            Promise.CHECKED_ANSWER: self.checked_answer,
        }[promise]


DEFAULT_LIMITS = PromiseLimits()


def make_limits(
    first_reply_minutes: int, logistics_hours: int, checked_hours: int
) -> PromiseLimits:
    """Checked limits from whole minutes / hours; `ValidationError` in Chinese if out of range."""
    for value, label, unit, top in (
        (first_reply_minutes, "首次回复时限", "分钟", 24 * 60),
        (logistics_hours, "物流问题解决时限", "小时", 30 * 24),
        (checked_hours, "核实答复时限", "小时", 30 * 24),
    ):
        if not 1 <= value <= top:
            raise ValidationError(f"{label}应在 1 到 {top} {unit}之间，请修改。", "limits")
    return PromiseLimits(
        timedelta(minutes=first_reply_minutes),
        timedelta(hours=logistics_hours),
        timedelta(hours=checked_hours),
    )


@dataclass(frozen=True)
class StateChange:
    """A move of the case into `state` at `at` (naive UTC), from its history."""

    at: datetime
    state: CaseState


@dataclass(frozen=True)
class CaseTimes:
    """What the clocks of one case are computed from: stored times and the state history."""

    kind: str
    state: CaseState
    asked_at: datetime
    first_reply_at: datetime | None = None
    resolved_at: datetime | None = None
    check_promised_at: datetime | None = None
    check_answered_at: datetime | None = None
    changes: tuple[StateChange, ...] = ()
    """Every state the case entered, oldest first (the 'created' entry included)."""


@dataclass(frozen=True)
class Span:
    """A stretch of time (naive UTC); `end` None while it lasts."""

    start: datetime
    end: datetime | None


@dataclass(frozen=True)
class PromiseClock:
    """One promise on one case: when it is due, how much is left, and whether it was kept."""

    promise: Promise
    limit: timedelta
    started_at: datetime
    due_at: datetime | None
    """When the limit is (or was) reached; None while paused or when kept."""
    warn_at: datetime | None
    stopped_at: datetime | None
    """When the promise was kept (or given up: the case resolved); None while it runs."""
    used: timedelta
    """Service time used, pauses left out."""
    status: ClockStatus
    pauses: tuple[Span, ...] = field(default_factory=tuple)

    @property
    def left(self) -> timedelta:
        """Service time left (negative once overdue)."""
        return self.limit - self.used

    @property
    def running(self) -> bool:
        return self.stopped_at is None


_FINISHED = frozenset({CaseState.RESOLVED, CaseState.CLOSED, CaseState.CANCELLED})


def _timeline(times: CaseTimes) -> list[StateChange]:
    changes = sorted(times.changes, key=lambda c: c.at)
    if changes and changes[-1].state != times.state:
        changes = []  # a history that does not lead to the stored state (older or imported data)
    if not changes:
        start_state = times.state
        changes = [StateChange(times.asked_at, start_state)]
        if times.state in _FINISHED and times.resolved_at is not None:
            changes = [
                StateChange(times.asked_at, CaseState.OPEN),
                StateChange(times.resolved_at, times.state),
            ]
    return changes


def _spans_in(changes: Sequence[StateChange], states: frozenset[CaseState]) -> list[Span]:
    spans: list[Span] = []
    opened: datetime | None = None
    for change in changes:
        inside = change.state in states
        if inside and opened is None:
            opened = change.at
        elif not inside and opened is not None:
            spans.append(Span(opened, change.at))
            opened = None
    if opened is not None:
        spans.append(Span(opened, None))
    return spans


def _finished_at(changes: Sequence[StateChange], after: datetime) -> datetime | None:
    """When the case last became resolved/closed/cancelled and stayed so (None if it is not)."""
    if not changes or changes[-1].state not in _FINISHED:
        return None
    moment = changes[-1].at
    for change in reversed(changes):
        if change.state not in _FINISHED:
            break
        moment = change.at
    return max(moment, after)


def _clock(
    promise: Promise,
    limit: timedelta,
    warn_share: float,
    start: datetime,
    stop: datetime | None,
    excluded: Sequence[Span],
    pauses: Sequence[Span],
    now: datetime,
    calendar: ServiceCalendar,
    kept: bool | None = None,
) -> PromiseClock:
    """A clock from `start` to `stop` (or now), not counting the `excluded` spans.

    `kept` overrides the outcome of a stopped clock (False: stopped without keeping it).
    """
    local = _local
    end = stop if stop is not None else max(now, start)
    # The active stretches: [start, end) minus the excluded spans.
    active: list[tuple[datetime, datetime]] = []
    cursor = start
    for span in sorted(excluded, key=lambda s: s.start):
        span_end = span.end if span.end is not None else end
        if span_end <= cursor or span.start >= end:
            continue
        if span.start > cursor:
            active.append((cursor, span.start))
        cursor = max(cursor, span_end)
    paused_now = stop is None and cursor >= end and any(s.end is None for s in excluded)
    if cursor < end:
        active.append((cursor, end))

    local_active = [(local(a), local(b)) for a, b in active]
    lengths = [calendar.elapsed(a, b) for a, b in local_active]
    used = sum(lengths, timedelta())

    def reached(share: float) -> datetime | None:
        target = limit * share
        acc = timedelta()
        for (a, _b), seg in zip(local_active, lengths, strict=True):
            if seg > timedelta() and acc + seg >= target:
                return _utc(calendar.add(a, target - acc))
            acc += seg
        if stop is not None or paused_now:
            return None
        if not local_active:
            return _utc(calendar.add(local(cursor), target - acc))
        return _utc(calendar.add(local_active[-1][0], target - (acc - lengths[-1])))

    due_at: datetime | None = None
    warn_at: datetime | None = None
    if stop is not None:
        ok = used <= limit if kept is None else kept and used <= limit
        status = ClockStatus.MET if ok else ClockStatus.BREACHED
        if not ok:
            due_at = reached(1.0)
    else:
        due_at = reached(1.0)
        warn_at = reached(warn_share)
        if used > limit:
            status = ClockStatus.BREACHED
        elif paused_now:
            status = ClockStatus.PAUSED
        elif used >= limit * warn_share:
            status = ClockStatus.WARNING
        else:
            status = ClockStatus.RUNNING
    return PromiseClock(
        promise=promise,
        limit=limit,
        started_at=start,
        due_at=due_at,
        warn_at=warn_at,
        stopped_at=stop,
        used=used,
        status=status,
        pauses=tuple(pauses),
    )


_OFFSETS: dict[tuple[datetime, tuple[str, str]], timedelta] = {}
"""Local UTC offsets by UTC hour (offsets change on the hour), so a million clocks do not ask
the time-zone rules a million times."""


def _local(moment: datetime) -> datetime:
    hour = moment.replace(minute=0, second=0, microsecond=0)
    key = (hour, time.tzname)
    offset = _OFFSETS.get(key)
    if offset is None:
        if len(_OFFSETS) > 100_000:
            _OFFSETS.clear()
        offset = _OFFSETS[key] = to_local(hour).replace(tzinfo=None) - hour
    return moment + offset


def _utc(moment: datetime) -> datetime:
    return to_utc(moment)


def case_clocks(
    times: CaseTimes,
    now: datetime,
    calendar: ServiceCalendar = DEFAULT_CALENDAR,
    limits: PromiseLimits = DEFAULT_LIMITS,
) -> list[PromiseClock]:
    """Every promise that applies to the case, with its clock at `now` (naive UTC).

    A cancelled case has no clocks. A case resolved or closed stops every clock at that moment;
    reopened, the resolution clock runs on (the resolved stretch does not count). A first reply
    never recorded counts as not kept.
    """
    if times.state == CaseState.CANCELLED:
        return []
    changes = _timeline(times)
    finished = _finished_at(changes, times.asked_at)
    waiting = _spans_in(changes, frozenset({CaseState.WAITING_CUSTOMER}))
    closed = _spans_in(changes, _FINISHED)
    clocks: list[PromiseClock] = []
    reply = times.first_reply_at
    if reply is not None:
        clocks.append(
            _clock(
                Promise.FIRST_REPLY,
                limits.first_reply,
                limits.warn_share,
                times.asked_at,
                max(reply, times.asked_at),
                (),
                (),
                now,
                calendar,
            )
        )
    else:
        clocks.append(
            _clock(
                Promise.FIRST_REPLY,
                limits.first_reply,
                limits.warn_share,
                times.asked_at,
                finished,
                (),
                (),
                now,
                calendar,
                kept=False if finished else None,
            )
        )
    if times.kind == CaseKind.LOGISTICS:
        clocks.append(
            _clock(
                Promise.LOGISTICS_RESOLVE,
                limits.logistics_resolve,
                limits.warn_share,
                times.asked_at,
                finished,
                [*waiting, *closed],
                waiting,
                now,
                calendar,
            )
        )
    if times.check_promised_at is not None:
        promised = times.check_promised_at
        answered = times.check_answered_at
        stop = answered if answered is not None and answered >= promised else None
        if stop is None and finished is not None:
            stop = max(finished, promised)
        clocks.append(
            _clock(
                Promise.CHECKED_ANSWER,
                limits.checked_answer,
                limits.warn_share,
                promised,
                stop,
                (),
                (),
                now,
                calendar,
            )
        )
    return clocks


def promise_kept(clocks: Iterable[PromiseClock], promise: Promise) -> bool | None:
    """Whether `promise` was kept (True), broken (False), or is still open or absent (None).

    A running clock already past its limit counts as broken.
    """
    for clock in clocks:
        if clock.promise != promise:
            continue
        if clock.status == ClockStatus.BREACHED:
            return False
        if clock.status == ClockStatus.MET:
            return True
        return None
    return None


class PromiseOutcome(StrEnum):
    """What a case stores of one promise: kept, broken, still running, or not applicable."""

    NONE = ""
    OPEN = "open"
    MET = "met"
    BREACHED = "breached"


def promise_outcomes(clocks: Iterable[PromiseClock]) -> dict[Promise, PromiseOutcome]:
    """Each promise's outcome as far as it is decided: a stopped clock is met or breached, a
    running one stays open (whether it is late depends on when it is asked), an absent one
    is NONE. Decided outcomes only change when the case (or the calendar or limits) changes."""
    outcomes = dict.fromkeys(Promise, PromiseOutcome.NONE)
    for clock in clocks:
        if clock.running:
            outcomes[clock.promise] = PromiseOutcome.OPEN
        elif clock.status == ClockStatus.MET:
            outcomes[clock.promise] = PromiseOutcome.MET
        else:
            outcomes[clock.promise] = PromiseOutcome.BREACHED
    return outcomes


def outcome_kept(outcome: PromiseOutcome) -> bool | None:
    """A decided outcome as `promise_kept` says it (None for open or absent)."""
    if outcome == PromiseOutcome.MET:
        return True
    if outcome == PromiseOutcome.BREACHED:
        return False
    return None


@dataclass(frozen=True)
class Nearest:
    """What the case list stores to sort and colour by: the running promise due first."""

    promise: str
    due_at: datetime | None
    warn_at: datetime | None


def nearest_due(clocks: Iterable[PromiseClock]) -> Nearest:
    """The running clock due first, and the earliest warning among running clocks.

    A case whose only running clocks are paused gives the promise with no due time; a case
    with no running clock gives ('', None, None).
    """
    running = [c for c in clocks if c.running]
    timed = [c for c in running if c.due_at is not None]
    if timed:
        first = min(timed, key=lambda c: c.due_at or datetime.max)
        warns = [c.warn_at for c in timed if c.warn_at is not None]
        return Nearest(first.promise, first.due_at, min(warns) if warns else None)
    if running:
        return Nearest(running[0].promise, None, None)
    return Nearest("", None, None)


def service_left(
    due_at: datetime, now: datetime, calendar: ServiceCalendar = DEFAULT_CALENDAR
) -> timedelta:
    """Service time from `now` to a stored due time (negative once past it)."""
    if due_at >= now:
        return calendar.elapsed(_local(now), _local(due_at))
    return -calendar.elapsed(_local(due_at), _local(now))
