"""Query helpers that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import peewee

from kefu_desktop.store.db import database, is_postgresql

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


_PLAIN_FIELDS = (peewee.CharField, peewee.TextField, peewee.IntegerField, peewee.ForeignKeyField)
"""Columns a raw cursor already gives as Python wants them (text, whole numbers, ids)."""


def _yes_no(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _converter(node: Any) -> Callable[[Any], Any] | None:
    field = node.unwrap() if isinstance(node, peewee.Alias) else node
    if not isinstance(field, peewee.Field) or isinstance(field, _PLAIN_FIELDS):
        return None
    if isinstance(field, peewee.DateTimeField):
        return stored_datetime
    if isinstance(field, peewee.BooleanField):
        return _yes_no
    convert: Callable[[Any], Any] = field.python_value  # e.g. JSON: as peewee would
    return convert


def read_dicts(query: peewee.ModelSelect) -> list[dict[str, Any]]:
    """The rows of `query` as `.dicts()` gives them (field names, aliases), read by a raw
    cursor: only times, yes/no and other special columns are converted. For long lists
    (queues of thousands), where peewee's conversion of every value costs more than the read."""
    nodes = list(query._returning)
    names = [n._alias if isinstance(n, peewee.Alias) else n.name for n in nodes]
    converters = [(i, c) for i, c in enumerate(map(_converter, nodes)) if c is not None]
    rows = []
    for raw in database.execute(query):
        values = list(raw)
        for i, convert in converters:
            if values[i] is not None:
                values[i] = convert(values[i])
        rows.append(dict(zip(names, values, strict=True)))
    return rows
