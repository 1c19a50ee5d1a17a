"""The office's service hours (服务时间): the time promises run only while the office works.

Several windows a day (e.g. 9:00–12:00 and 13:30–24:00), the weekdays the office normally works,
public holidays (节假日, closed) and the make-up working days of the Chinese calendar (调休, a
weekend day that is a working day). All times here are local and naive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from itertools import pairwise

from kefu_desktop.domain.errors import ValidationError

MINUTES_PER_DAY = 24 * 60
MAX_DAYS_SEARCHED = 800
"""How far ahead a due time is looked for before the calendar is called broken."""

WEEKDAY_LABELS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class DayKind(StrEnum):
    """What a dated line of the calendar says about that day."""

    HOLIDAY = "holiday"
    MAKEUP = "makeup"

    @property
    def label(self) -> str:
        return DAY_KIND_LABELS[self]


DAY_KIND_LABELS: dict[DayKind, str] = {DayKind.HOLIDAY: "休", DayKind.MAKEUP: "班"}

_DAY_KIND_WORDS: dict[str, DayKind] = {
    "休": DayKind.HOLIDAY,
    "假": DayKind.HOLIDAY,
    "节假日": DayKind.HOLIDAY,
    "休息": DayKind.HOLIDAY,
    "放假": DayKind.HOLIDAY,
    "班": DayKind.MAKEUP,
    "上班": DayKind.MAKEUP,
    "调休": DayKind.MAKEUP,
    "调休上班": DayKind.MAKEUP,
    "补班": DayKind.MAKEUP,
}


@dataclass(frozen=True, order=True)
class ServiceWindow:
    """One stretch of a working day, in minutes after midnight; `end` may be 1440 (24:00)."""

    start: int
    end: int

    @property
    def label(self) -> str:
        return f"{_hhmm(self.start)}-{_hhmm(self.end)}"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


@dataclass(frozen=True)
class ServiceCalendar:
    """When the office works. Build one with `make_calendar` (which checks it)."""

    windows: tuple[ServiceWindow, ...] = (ServiceWindow(0, MINUTES_PER_DAY),)
    """Around the clock until the office sets its hours (e.g. 9:00-12:00, 13:30-24:00)."""
    workdays: frozenset[int] = frozenset(range(7))
    """Weekdays (Monday 0 … Sunday 6) the office normally works."""
    holidays: frozenset[date] = field(default_factory=frozenset)
    makeup_days: frozenset[date] = field(default_factory=frozenset)

    @cached_property
    def always_open(self) -> bool:
        """Around the clock every day: service time is wall-clock time."""
        return (
            self.windows == (ServiceWindow(0, MINUTES_PER_DAY),)
            and len(self.workdays) == 7
            and not self.holidays
        )

    def is_working_day(self, day: date) -> bool:
        """A make-up day works, a holiday does not, other days by their weekday."""
        if day in self.makeup_days:
            return True
        if day in self.holidays:
            return False
        return day.weekday() in self.workdays

    def _open_spans(self, day: date) -> list[tuple[datetime, datetime]]:
        if not self.is_working_day(day):
            return []
        midnight = datetime.combine(day, time())
        return [
            (midnight + timedelta(minutes=w.start), midnight + timedelta(minutes=w.end))
            for w in self.windows
        ]

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment `duration` of service time after `start` has passed.

        A zero duration gives the first open moment at or after `start` (a message at 02:00
        starts its clock when the first window opens).
        """
        remaining = max(duration, timedelta())
        if self.always_open:
            return start + remaining
        day = start.date()
        for _ in range(MAX_DAYS_SEARCHED):
            for opens, closes in self._open_spans(day):
                begin = max(start, opens)
                if begin >= closes:
                    continue
                if remaining <= closes - begin:
                    return begin + remaining
                remaining -= closes - begin
            day += timedelta(days=1)
        raise ValidationError(
            f"服务时间设置在 {MAX_DAYS_SEARCHED} 天内没有可用的工作时间，请检查节假日和服务时段设置。"
        )

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Service time between `start` and `end` (zero when `end` is not after `start`)."""
        total = timedelta()
        if end <= start:
            return total
        if self.always_open:
            return end - start
        day = start.date()
        while day <= end.date():
            for opens, closes in self._open_spans(day):
                overlap = min(end, closes) - max(start, opens)
                if overlap > timedelta():
                    total += overlap
            day += timedelta(days=1)
        return total


DEFAULT_CALENDAR = ServiceCalendar()


def make_calendar(
    windows: Iterable[ServiceWindow],
    workdays: Iterable[int],
    holidays: Iterable[date] = (),
    makeup_days: Iterable[date] = (),
) -> ServiceCalendar:
    """A checked calendar: windows within a day, in order, not overlapping; at least one window
    and one weekday; no day both a holiday and a make-up day."""
    ordered = tuple(sorted(windows))
    if not ordered:
        raise ValidationError("请至少设置一个服务时段，例如 9:00-12:00。", "windows")
    for window in ordered:
        if not 0 <= window.start < window.end <= MINUTES_PER_DAY:
            raise ValidationError(
                f"服务时段 {window.label} 不正确：开始时间要早于结束时间，且在 0:00 到 24:00 之间。",
                "windows",
            )
    for before, after in pairwise(ordered):
        if after.start < before.end:
            raise ValidationError(
                f"服务时段 {before.label} 和 {after.label} 重叠，请调整。", "windows"
            )
    days = frozenset(workdays)
    if not days or not days <= set(range(7)):
        raise ValidationError("请至少选择一个工作日（周一至周日）。", "workdays")
    holiday_set, makeup_set = frozenset(holidays), frozenset(makeup_days)
    both = sorted(holiday_set & makeup_set)
    if both:
        raise ValidationError(
            f"{both[0]:%Y-%m-%d} 不能既是节假日又是调休上班日，请删去其中一个。", "days"
        )
    return ServiceCalendar(ordered, days, holiday_set, makeup_set)


# --- typing and importing ------------------------------------------------------------------

_TIME = r"(\d{1,2})\s*[:：]\s*(\d{2})"
_WINDOW = re.compile(rf"^\s*{_TIME}\s*[-–—~～至到]\s*{_TIME}\s*$")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_windows(text: str) -> list[ServiceWindow]:
    """'9:00-12:00, 13:30-24:00' → windows; `ValidationError` naming the part that is wrong."""
    windows: list[ServiceWindow] = []
    for part in re.split(r"[,，;；、\s]+(?=\d)", text.strip()):
        if not part.strip():
            continue
        match = _WINDOW.match(part)
        if match is None:
            raise ValidationError(
                f"服务时段「{part.strip()}」看不懂：请写成 开始-结束，例如 9:00-12:00，多个时段用逗号隔开。",
                "windows",
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if m1 > 59 or m2 > 59 or h1 > 24 or h2 > 24:
            raise ValidationError(f"服务时段「{part.strip()}」的时间不存在，请核对。", "windows")
        windows.append(ServiceWindow(h1 * 60 + m1, h2 * 60 + m2))
    if not windows:
        raise ValidationError("请至少设置一个服务时段，例如 9:00-12:00。", "windows")
    return windows


def format_windows(windows: Iterable[ServiceWindow]) -> str:
    """Windows as typed: '9:00-12:00, 13:30-24:00'."""
    return ", ".join(w.label for w in windows)


@dataclass(frozen=True)
class DayLine:
    """One dated line of a year's calendar: the day and whether it is off or a make-up day."""

    day: date
    kind: DayKind
    note: str = ""


@dataclass
class DayLinesParsed:
    """What a typed or imported calendar text gave: the good lines and a message per bad one."""

    lines: list[DayLine] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse_day_lines(text: str) -> DayLinesParsed:
    """Lines 'YYYY-MM-DD 休|班 [说明]' (also 2026/10/1, 2026年10月1日, comma or tab separated).

    Empty lines and lines starting with # are skipped. A bad line is reported with its line
    number and what to write instead; the good lines are still returned.
    """
    result = DayLinesParsed()
    seen: dict[date, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        parts = [p for p in re.split(r"[\s,，\t]+", line, maxsplit=2) if p]
        example = "例如「2026-10-01 休 国庆节」或「2026-10-11 班」"
        if len(parts) < 2:
            result.problems.append(f"第 {number} 行「{line}」缺少日期或 休/班，{example}。")
            continue
        day_text, kind_text = parts[0], parts[1]
        match = _DATE.match(day_text)
        if match is None:
            result.problems.append(
                f"第 {number} 行的日期「{day_text}」看不懂，请写成 年-月-日，{example}。"
            )
            continue
        try:
            day = date(*(int(g) for g in match.groups()))
        except ValueError:
            result.problems.append(f"第 {number} 行的日期「{day_text}」不存在，请核对。")
            continue
        kind = _DAY_KIND_WORDS.get(kind_text)
        if kind is None:
            result.problems.append(
                f"第 {number} 行的「{kind_text}」看不懂：节假日写「休」，调休上班日写「班」。"
            )
            continue
        if day in seen:
            result.problems.append(
                f"第 {number} 行的日期 {day:%Y-%m-%d} 与第 {seen[day]} 行重复，请只保留一行。"
            )
            continue
        seen[day] = number
        note = parts[2].strip() if len(parts) > 2 else ""
        result.lines.append(DayLine(day, kind, note[:40]))
    return result


def format_day_lines(lines: Iterable[DayLine]) -> str:
    """Day lines as typed, one a line, in date order."""
    return "\n".join(
        f"{line.day:%Y-%m-%d} {line.kind.label}" + (f" {line.note}" if line.note else "")
        for line in sorted(lines, key=lambda line: line.day)
    )


# --- the office setting ---------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarSetting:
    """The service-hours calendar as the office keeps it: windows, weekdays and dated lines."""

    windows: tuple[ServiceWindow, ...]
    workdays: frozenset[int]
    days: tuple[DayLine, ...] = ()

    def calendar(self) -> ServiceCalendar:
        return make_calendar(
            self.windows,
            self.workdays,
            [d.day for d in self.days if d.kind == DayKind.HOLIDAY],
            [d.day for d in self.days if d.kind == DayKind.MAKEUP],
        )

    def to_stored(self) -> dict[str, object]:
        return {
            "windows": format_windows(self.windows),
            "workdays": sorted(self.workdays),
            "days": [[f"{d.day:%Y-%m-%d}", str(d.kind), d.note] for d in self.days],
        }


DEFAULT_SETTING = CalendarSetting(DEFAULT_CALENDAR.windows, DEFAULT_CALENDAR.workdays)


def setting_from_stored(value: object) -> CalendarSetting:
    """The stored setting back; the default calendar when nothing (or nothing usable) is stored."""
    if not isinstance(value, dict):
        return DEFAULT_SETTING
    try:
        windows = tuple(parse_windows(str(value.get("windows", ""))))
        workdays = frozenset(int(d) for d in value.get("workdays", []))
        days = tuple(
            DayLine(
                date.fromisoformat(str(d[0])), DayKind(str(d[1])), str(d[2]) if len(d) > 2 else ""
            )
            for d in value.get("days", [])
        )
        setting = CalendarSetting(windows, workdays, days)
        setting.calendar()
    except (ValidationError, ValueError, TypeError, IndexError):
        return DEFAULT_SETTING
    return setting
