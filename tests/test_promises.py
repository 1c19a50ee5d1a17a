"""Time-promise clocks and service hours, with a frozen clock (plain pytest, no database)."""

from __future__ import annotations

import time as time_module
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest

from kefu_desktop.domain.clock import to_utc
from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.promise_status import ClockStatus, Promise, format_left, status_at
from kefu_desktop.domain.promises import (
    CaseTimes,
    PromiseLimits,
    StateChange,
    case_clocks,
    make_limits,
    nearest_due,
    promise_kept,
    service_left,
)
from kefu_desktop.domain.service_hours import (
    DayKind,
    ServiceCalendar,
    ServiceWindow,
    make_calendar,
    parse_day_lines,
    parse_windows,
)
from kefu_desktop.domain.states import CaseState

S = CaseState


@pytest.fixture(autouse=True)
def shanghai_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is China's for these tests, whatever the machine says."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time_module.tzset()
    yield
    monkeypatch.undo()
    time_module.tzset()


def L(text: str) -> datetime:
    """A local time '2026-11-23 09:30' as stored (naive UTC)."""
    return to_utc(datetime.strptime(text, "%Y-%m-%d %H:%M"))


def local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


ALWAYS = make_calendar([ServiceWindow(0, 1440)], range(7))
OFFICE = make_calendar(parse_windows("9:00-12:00, 13:30-24:00"), range(7))
WEEKDAYS = make_calendar(
    parse_windows("9:00-18:00"),
    range(5),
    holidays=[date(2026, 10, 1), date(2026, 10, 2)],
    makeup_days=[date(2026, 10, 10)],  # a Saturday worked
)


def clock_of(clocks: list, promise: Promise):  # type: ignore[no-untyped-def]
    (found,) = [c for c in clocks if c.promise == promise]
    return found


# --- service hours -------------------------------------------------------------------------


def test_message_at_two_in_the_night_is_due_five_minutes_after_opening() -> None:
    assert OFFICE.add(local("2026-11-23 02:00"), timedelta(minutes=5)) == local("2026-11-23 09:05")


def test_lunch_break_and_midnight_are_skipped() -> None:
    assert OFFICE.add(local("2026-11-23 11:58"), timedelta(minutes=5)) == local("2026-11-23 13:33")
    assert OFFICE.add(local("2026-11-23 23:58"), timedelta(minutes=5)) == local("2026-11-24 09:03")
    assert OFFICE.elapsed(local("2026-11-23 11:00"), local("2026-11-23 14:00")) == timedelta(
        minutes=90
    )


def test_across_the_month_end() -> None:
    due = OFFICE.add(local("2026-11-30 23:00"), timedelta(hours=48))
    # 1 h on the 30th, 13.5 h a day after: 1 + 3 × 13.5 = 41.5, then 3 h + 3.5 h on the 4th
    assert due == local("2026-12-04 17:00")
    assert OFFICE.elapsed(local("2026-11-30 23:00"), due) == timedelta(hours=48)


def test_holidays_are_closed_and_make_up_days_work() -> None:
    # Wednesday 30 September 17:00: 1 h left that day, 1 and 2 October are holidays,
    # 3-4 October a weekend, so 8 h more run on Monday 5 October.
    assert WEEKDAYS.add(local("2026-09-30 17:00"), timedelta(hours=9)) == local("2026-10-05 17:00")
    # Friday 9 October 17:30: the make-up Saturday 10 October is a working day.
    assert WEEKDAYS.add(local("2026-10-09 17:30"), timedelta(hours=1)) == local("2026-10-10 09:30")
    assert WEEKDAYS.is_working_day(date(2026, 10, 10))
    assert not WEEKDAYS.is_working_day(date(2026, 10, 11))
    assert not WEEKDAYS.is_working_day(date(2026, 10, 1))


def test_calendar_checks() -> None:
    with pytest.raises(ValidationError, match="重叠"):
        make_calendar(parse_windows("9:00-12:00, 11:00-13:00"), range(7))
    with pytest.raises(ValidationError, match="工作日"):
        make_calendar(parse_windows("9:00-12:00"), [])
    with pytest.raises(ValidationError, match="看不懂"):
        parse_windows("九点到十二点")
    with pytest.raises(ValidationError, match="不存在"):
        parse_windows("9:00-25:00")
    with pytest.raises(ValidationError, match="既是节假日又是调休上班日"):
        make_calendar(
            parse_windows("9:00-18:00"), range(5), [date(2026, 10, 1)], [date(2026, 10, 1)]
        )
    closed = ServiceCalendar(
        holidays=frozenset(date(2026, 1, 1) + timedelta(d) for d in range(900))
    )
    with pytest.raises(ValidationError, match="没有可用的工作时间"):
        closed.add(local("2026-01-01 10:00"), timedelta(minutes=5))


def test_year_file_with_bad_lines_keeps_good_ones_and_says_what_is_wrong() -> None:
    text = (
        "\ufeff# 2026 年节假日\n"
        "2026-10-01 休 国庆节\n"
        "2026/10/02,休\n"
        "2026年10月10日 班 调休\n"
        "2026-13-01 休\n"
        "2026-10-05 放个假\n"
        "十月一日 休\n"
        "2026-10-01 班\n"
        "2026-10-06\n"
        "\n"
    )
    parsed = parse_day_lines(text)
    assert [(d.day, d.kind) for d in parsed.lines] == [
        (date(2026, 10, 1), DayKind.HOLIDAY),
        (date(2026, 10, 2), DayKind.HOLIDAY),
        (date(2026, 10, 10), DayKind.MAKEUP),
    ]
    assert parsed.lines[0].note == "国庆节"
    assert len(parsed.problems) == 5
    assert parsed.problems[0].startswith("第 5 行") and "不存在" in parsed.problems[0]
    assert "第 6 行" in parsed.problems[1] and "休" in parsed.problems[1]
    assert "第 7 行" in parsed.problems[2] and "年-月-日" in parsed.problems[2]
    assert "第 8 行" in parsed.problems[3] and "第 2 行重复" in parsed.problems[3]
    assert "第 9 行" in parsed.problems[4]


# --- clocks --------------------------------------------------------------------------------


def test_first_reply_met_exactly_at_the_limit_and_breached_a_second_later() -> None:
    asked = L("2026-11-23 10:00")
    met = CaseTimes(CaseKind.QUALITY, S.OPEN, asked, first_reply_at=asked + timedelta(minutes=5))
    clock = clock_of(case_clocks(met, asked + timedelta(hours=1), ALWAYS), Promise.FIRST_REPLY)
    assert clock.status == ClockStatus.MET and clock.left == timedelta()
    late = CaseTimes(
        CaseKind.QUALITY, S.OPEN, asked, first_reply_at=asked + timedelta(minutes=5, seconds=1)
    )
    clock = clock_of(case_clocks(late, asked + timedelta(hours=1), ALWAYS), Promise.FIRST_REPLY)
    assert clock.status == ClockStatus.BREACHED
    assert clock.due_at == asked + timedelta(minutes=5)


def test_running_clock_warns_at_eighty_percent_and_breaches_after_the_limit() -> None:
    asked = L("2026-11-23 10:00")
    times = CaseTimes(CaseKind.WRONG_SHIPMENT, S.OPEN, asked)

    def status(minutes: float) -> ClockStatus:
        now = asked + timedelta(minutes=minutes)
        return clock_of(case_clocks(times, now, ALWAYS), Promise.FIRST_REPLY).status

    assert status(3.9) == ClockStatus.RUNNING
    assert status(4) == ClockStatus.WARNING
    assert status(5) == ClockStatus.WARNING  # exactly at the limit: not yet broken
    assert status(5.01) == ClockStatus.BREACHED
    clock = clock_of(case_clocks(times, asked + timedelta(minutes=2), ALWAYS), Promise.FIRST_REPLY)
    assert clock.due_at == asked + timedelta(minutes=5)
    assert clock.warn_at == asked + timedelta(minutes=4)
    assert clock.left == timedelta(minutes=3)


def test_message_in_the_night_is_due_after_opening() -> None:
    asked = L("2026-11-23 02:00")
    times = CaseTimes(CaseKind.LOGISTICS, S.OPEN, asked)
    clocks = case_clocks(times, L("2026-11-23 08:00"), OFFICE)
    reply = clock_of(clocks, Promise.FIRST_REPLY)
    assert reply.due_at == L("2026-11-23 09:05")
    assert reply.used == timedelta() and reply.status == ClockStatus.RUNNING


def test_logistics_clock_pauses_while_waiting_on_the_customer_only() -> None:
    asked = L("2026-11-23 10:00")
    changes = (
        StateChange(asked, S.OPEN),
        StateChange(L("2026-11-23 12:00"), S.WAITING_CUSTOMER),
        StateChange(L("2026-11-24 12:00"), S.OPEN),
        StateChange(L("2026-11-24 14:00"), S.WAITING_WAREHOUSE),
    )
    times = CaseTimes(CaseKind.LOGISTICS, S.WAITING_WAREHOUSE, asked, changes=changes)
    clock = clock_of(case_clocks(times, L("2026-11-24 16:00"), ALWAYS), Promise.LOGISTICS_RESOLVE)
    # 2 h before the pause, 4 h after it; the warehouse's time counts
    assert clock.used == timedelta(hours=6)
    assert clock.due_at == L("2026-11-26 10:00")  # 48 h + the 24 h pause
    assert [(p.start, p.end) for p in clock.pauses] == [
        (L("2026-11-23 12:00"), L("2026-11-24 12:00"))
    ]
    paused = CaseTimes(CaseKind.LOGISTICS, S.WAITING_CUSTOMER, asked, changes=changes[:2])
    clock = clock_of(case_clocks(paused, L("2026-11-30 10:00"), ALWAYS), Promise.LOGISTICS_RESOLVE)
    assert clock.status == ClockStatus.PAUSED and clock.due_at is None
    assert clock.used == timedelta(hours=2)
    assert nearest_due([clock]).promise == Promise.LOGISTICS_RESOLVE
    assert nearest_due([clock]).due_at is None


def test_reopened_case_runs_on_without_the_resolved_stretch() -> None:
    asked = L("2026-11-23 10:00")
    changes = (
        StateChange(asked, S.OPEN),
        StateChange(L("2026-11-23 20:00"), S.RESOLVED),
        StateChange(L("2026-11-25 20:00"), S.OPEN),
    )
    resolved = CaseTimes(
        CaseKind.LOGISTICS, S.RESOLVED, asked, asked + timedelta(minutes=1),
        L("2026-11-23 20:00"), changes=changes[:2],
    )  # fmt: skip
    clock = clock_of(
        case_clocks(resolved, L("2026-11-25 19:00"), ALWAYS), Promise.LOGISTICS_RESOLVE
    )
    assert clock.status == ClockStatus.MET and clock.stopped_at == L("2026-11-23 20:00")
    reopened = CaseTimes(
        CaseKind.LOGISTICS, S.OPEN, asked, asked + timedelta(minutes=1),
        L("2026-11-23 20:00"), changes=changes,
    )  # fmt: skip
    clock = clock_of(
        case_clocks(reopened, L("2026-11-26 20:00"), ALWAYS), Promise.LOGISTICS_RESOLVE
    )
    assert clock.running and clock.used == timedelta(hours=34)
    assert clock.due_at == L("2026-11-27 10:00")
    later = clock_of(
        case_clocks(reopened, L("2026-11-27 10:01"), ALWAYS), Promise.LOGISTICS_RESOLVE
    )
    assert later.status == ClockStatus.BREACHED


def test_unrecorded_first_reply_on_a_resolved_case_is_not_kept() -> None:
    asked = L("2026-11-23 10:00")
    times = CaseTimes(
        CaseKind.QUALITY, S.RESOLVED, asked, None, asked + timedelta(minutes=2),
        changes=(StateChange(asked, S.OPEN), StateChange(asked + timedelta(minutes=2), S.RESOLVED)),
    )  # fmt: skip
    clocks = case_clocks(times, asked + timedelta(days=3), ALWAYS)
    assert promise_kept(clocks, Promise.FIRST_REPLY) is False
    assert nearest_due(clocks).promise == ""


def test_checked_answer_clock_and_cancelled_case() -> None:
    asked = L("2026-11-23 10:00")
    promised = L("2026-11-23 10:30")
    times = CaseTimes(
        CaseKind.QUALITY, S.OPEN, asked, asked + timedelta(minutes=1), check_promised_at=promised
    )
    clock = clock_of(case_clocks(times, L("2026-11-24 06:00"), ALWAYS), Promise.CHECKED_ANSWER)
    assert clock.status == ClockStatus.WARNING and clock.due_at == L("2026-11-24 10:30")
    answered = CaseTimes(
        CaseKind.QUALITY, S.OPEN, asked, asked + timedelta(minutes=1),
        check_promised_at=promised, check_answered_at=L("2026-11-24 10:30"),
    )  # fmt: skip
    clocks = case_clocks(answered, L("2026-11-25 06:00"), ALWAYS)
    assert promise_kept(clocks, Promise.CHECKED_ANSWER) is True
    assert case_clocks(CaseTimes(CaseKind.QUALITY, S.CANCELLED, asked), asked, ALWAYS) == []
    assert [c.promise for c in case_clocks(times, asked, ALWAYS)] == [
        Promise.FIRST_REPLY,
        Promise.CHECKED_ANSWER,
    ]


def test_nearest_due_and_stored_status() -> None:
    asked = L("2026-11-23 10:00")
    times = CaseTimes(CaseKind.LOGISTICS, S.OPEN, asked)
    nearest = nearest_due(case_clocks(times, asked, ALWAYS))
    assert nearest.promise == Promise.FIRST_REPLY
    assert nearest.due_at == asked + timedelta(minutes=5)
    assert nearest.warn_at == asked + timedelta(minutes=4)
    assert status_at(nearest.due_at, nearest.warn_at, asked) == ClockStatus.RUNNING
    assert status_at(nearest.due_at, nearest.warn_at, asked + timedelta(minutes=4)) == (
        ClockStatus.WARNING
    )
    assert status_at(nearest.due_at, nearest.warn_at, asked + timedelta(minutes=6)) == (
        ClockStatus.BREACHED
    )


def test_left_in_service_time_and_its_text() -> None:
    due = L("2026-11-24 09:03")
    assert service_left(due, L("2026-11-23 23:58"), OFFICE) == timedelta(minutes=5)
    assert format_left(timedelta(minutes=5)) == "剩 5分"
    assert format_left(-timedelta(hours=26, minutes=5)) == "超时 1天2小时"
    assert format_left(timedelta(hours=1, minutes=20)) == "剩 1小时20分"
    assert format_left(timedelta(seconds=20)) == "剩 不到1分"


def test_limits_are_checked_and_used() -> None:
    limits = make_limits(10, 24, 12)
    assert limits == PromiseLimits(timedelta(minutes=10), timedelta(hours=24), timedelta(hours=12))
    with pytest.raises(ValidationError, match="首次回复时限应在 1 到"):
        make_limits(0, 24, 12)
    asked = L("2026-11-23 10:00")
    clocks = case_clocks(CaseTimes(CaseKind.LOGISTICS, S.OPEN, asked), asked, ALWAYS, limits)
    assert clock_of(clocks, Promise.LOGISTICS_RESOLVE).due_at == asked + timedelta(hours=24)


def test_around_the_clock_shortcut_agrees_with_the_window_walk() -> None:
    split = make_calendar(parse_windows("0:00-12:00, 12:00-24:00"), range(7))  # same hours
    assert ALWAYS.always_open and not split.always_open
    start = local("2026-11-30 23:10")
    for minutes in (0, 5, 50, 48 * 60 + 7):
        duration = timedelta(minutes=minutes)
        assert ALWAYS.add(start, duration) == split.add(start, duration)
        assert ALWAYS.elapsed(start, start + duration) == split.elapsed(start, start + duration)
