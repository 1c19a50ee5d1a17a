"""Time promises: each case's clocks, the office's limits and service-hours calendar (admin)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.production_feedback import DefectRule, make_defect_rule
from kefu_desktop.domain.promises import PromiseClock, PromiseLimits, case_clocks, make_limits
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.service_hours import (
    CalendarSetting,
    format_day_lines,
    format_windows,
    parse_day_lines,
    parse_windows,
    setting_from_stored,
)
from kefu_desktop.services.auth import User, operation
from kefu_desktop.store.clocks import (
    CALENDAR_KEY,
    DEFECT_KEY,
    LIMITS_KEY,
    case_times_of,
    office_calendar,
    office_defect_rule,
    office_limits,
    refresh_open_cases,
)
from kefu_desktop.store.db import database
from kefu_desktop.store.settings import read_setting, write_setting

log = logging.getLogger("kefu.audit")

MAX_CALENDAR_FILE_BYTES = 64 * 1024
MAX_DAY_LINES = 400


def clocks_of(case_id: int, now: datetime | None = None) -> list[PromiseClock]:
    """The case's promises with their clocks now (the detail pane)."""
    now = now or utc_now()
    calendar, limits = office_calendar(), office_limits()
    for _id, times in case_times_of([case_id]):
        return case_clocks(times, now, calendar, limits)
    return []


def clocks_of_cases(
    case_ids: Iterable[int], now: datetime | None = None
) -> dict[int, list[PromiseClock]]:
    """Several cases' clocks, reading their histories in batches (registers, export)."""
    now = now or utc_now()
    calendar, limits = office_calendar(), office_limits()
    return {
        case_id: case_clocks(times, now, calendar, limits)
        for case_id, times in case_times_of(list(case_ids))
    }


# --- office settings -----------------------------------------------------------------------


def promise_limits() -> PromiseLimits:
    return office_limits()


def calendar_setting() -> CalendarSetting:
    """The service-hours calendar as stored (the default when none is set)."""
    return setting_from_stored(read_setting(CALENDAR_KEY))


@operation(Operation.OFFICE_SETTINGS)
def set_promise_limits(
    user: User, first_reply_minutes: int, logistics_hours: int, checked_hours: int
) -> PromiseLimits:
    """Change the promises' limits (admin); every open case's due time follows."""
    limits = make_limits(first_reply_minutes, logistics_hours, checked_hours)
    with database.atomic():
        write_setting(
            LIMITS_KEY,
            {
                "first_reply_minutes": first_reply_minutes,
                "logistics_hours": logistics_hours,
                "checked_hours": checked_hours,
            },
        )
        refresh_open_cases()
    log.info("promise limits set by %s (id %s): %s", user.login, user.id, limits)
    return limits


def defect_rule() -> DefectRule:
    """When a style + batch goes to production (an office setting)."""
    return office_defect_rule()


@operation(Operation.OFFICE_SETTINGS)
def set_defect_rule(user: User, min_customers: int, window_days: int) -> DefectRule:
    """Change how many customers within how many days send a style + batch to production."""
    rule = make_defect_rule(min_customers, window_days)
    write_setting(DEFECT_KEY, {"min_customers": min_customers, "window_days": window_days})
    log.info("defect rule set by %s (id %s): %s", user.login, user.id, rule)
    return rule


def check_calendar(windows_text: str, workdays: Iterable[int], days_text: str) -> CalendarSetting:
    """The calendar as typed → a checked setting; `ValidationError` listing every bad line."""
    windows = tuple(parse_windows(windows_text))
    parsed = parse_day_lines(days_text)
    if parsed.problems:
        shown = parsed.problems[:10]
        more = len(parsed.problems) - len(shown)
        raise ValidationError(
            "节假日和调休上班日有以下问题，请改正后再保存（其余内容没有保存）：\n"
            + "\n".join(shown)
            + (f"\n……另有 {more} 行有问题。" if more else ""),
            "days",
        )
    if len(parsed.lines) > MAX_DAY_LINES:
        raise ValidationError(
            f"节假日和调休上班日最多 {MAX_DAY_LINES} 行，请删去过去的年份。", "days"
        )
    setting = CalendarSetting(windows, frozenset(workdays), tuple(parsed.lines))
    setting.calendar()  # raises for overlapping windows, no workday, a day both off and on
    return setting


@operation(Operation.OFFICE_SETTINGS)
def set_service_calendar(
    user: User, windows_text: str, workdays: Iterable[int], days_text: str
) -> CalendarSetting:
    """Save the office's service hours, holidays and make-up days (admin) — all or nothing."""
    setting = check_calendar(windows_text, workdays, days_text)
    with database.atomic():
        write_setting(CALENDAR_KEY, setting.to_stored())
        refresh_open_cases()
    log.info("service calendar set by %s (id %s)", user.login, user.id)
    return setting


def read_calendar_file(path: Path) -> str:
    """A year's holidays file as text (UTF-8 or GBK, as Excel and Notepad save it)."""
    try:
        size = path.stat().st_size
        if size > MAX_CALENDAR_FILE_BYTES:
            raise ValidationError(
                f"文件「{path.name}」太大（{size // 1024} KB），节假日文件每行一天，应不超过 64 KB。"
                "请确认选对了文件。"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"无法读取文件「{path.name}」：{exc.strerror or exc}。") from None
    if b"\x00" in raw:
        raise ValidationError(
            f"文件「{path.name}」不是文本文件。请用记事本或 Excel 另存为 .txt 或 .csv 后再导入。"
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"文件「{path.name}」的文字编码无法识别，请另存为 UTF-8 编码后再导入。")


def calendar_texts(setting: CalendarSetting) -> tuple[str, str]:
    """The windows and the dated lines as the settings dialog shows them."""
    return format_windows(setting.windows), format_day_lines(setting.days)
