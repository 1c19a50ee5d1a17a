"""The time promises' names and what a stored due time shows: the list's colours and 剩/超时
text, without the clock arithmetic (`promises`) or the service-hours calendar, so a case list
can show them without loading either."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum


class Promise(StrEnum):
    FIRST_REPLY = "first_reply"
    LOGISTICS_RESOLVE = "logistics_resolve"
    CHECKED_ANSWER = "checked_answer"

    @property
    def label(self) -> str:
        return PROMISE_LABELS[self]


PROMISE_LABELS: dict[Promise, str] = {
    Promise.FIRST_REPLY: "首次回复",
    Promise.LOGISTICS_RESOLVE: "物流问题解决",
    Promise.CHECKED_ANSWER: "核实答复",
}


class ClockStatus(StrEnum):
    RUNNING = "running"
    WARNING = "warning"
    BREACHED = "breached"
    PAUSED = "paused"
    MET = "met"

    @property
    def label(self) -> str:
        return CLOCK_STATUS_LABELS[self]


CLOCK_STATUS_LABELS: dict[ClockStatus, str] = {
    ClockStatus.RUNNING: "计时中",
    ClockStatus.WARNING: "即将超时",
    ClockStatus.BREACHED: "已超时",
    ClockStatus.PAUSED: "已暂停（待客户回复）",
    ClockStatus.MET: "已达标",
}


def status_at(due_at: datetime | None, warn_at: datetime | None, now: datetime) -> ClockStatus:
    """The colour of a stored nearest-due: breached after the due time, warning after the
    warning time, else running (paused when there is no due time)."""
    if due_at is None:
        return ClockStatus.PAUSED
    if now > due_at:
        return ClockStatus.BREACHED
    if warn_at is not None and now >= warn_at:
        return ClockStatus.WARNING
    return ClockStatus.RUNNING


def limit_text(limit: timedelta) -> str:
    """A limit as the shop says it: '5 分钟', '48 小时'."""
    minutes = int(limit.total_seconds() // 60)
    if minutes % 60:
        return f"{minutes} 分钟"
    return f"{minutes // 60} 小时"


def format_left(left: timedelta) -> str:
    """'剩 3分', '剩 1小时20分', '超时 2天3小时' (service time, to the minute)."""
    overdue = left < timedelta()
    minutes = int(abs(left).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        text = f"{days}天{hours}小时" if hours else f"{days}天"
    elif hours:
        text = f"{hours}小时{mins}分" if mins else f"{hours}小时"
    else:
        text = f"{mins}分" if mins else "不到1分"
    return ("超时 " if overdue else "剩 ") + text
