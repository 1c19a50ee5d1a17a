"""Time: stored as naive UTC, shown in local time."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current time as naive UTC, the form the database stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(moment: datetime) -> datetime:
    """A stored naive-UTC time as an aware local time for display."""
    return moment.replace(tzinfo=UTC).astimezone()


def to_utc(moment: datetime) -> datetime:
    """Any datetime (aware, or naive meaning local) as naive UTC for storage."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).replace(tzinfo=None)


def format_local(moment: datetime | None, with_seconds: bool = False) -> str:
    """A stored time as local 'YYYY-MM-DD HH:MM' ('' for none)."""
    if moment is None:
        return ""
    return to_local(moment).strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")
