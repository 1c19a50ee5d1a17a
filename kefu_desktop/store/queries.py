"""Query helpers that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import peewee

from kefu_desktop.store.db import is_postgresql

_MAX_CHAR = "\U0010ffff"


def starts_with(field: peewee.Field, prefix: str) -> peewee.Expression:
    """`field` begins with `prefix`, case-sensitively, in a form an index can serve."""
    if is_postgresql():
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return peewee.Expression(field, "LIKE", escaped + "%")
    return (field >= prefix) & (field < prefix + _MAX_CHAR)


def stored_datetime(value: Any) -> datetime | None:
    """A time column as read by a raw cursor (SQLite gives text, PostgreSQL a datetime)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)
