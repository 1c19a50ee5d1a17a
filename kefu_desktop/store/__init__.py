"""Persistence: peewee models on one DatabaseProxy, connect(url), migrations, queries."""

from kefu_desktop.store.db import (
    SchemaTooNew,
    connect,
    database,
    describe_database,
    is_postgresql,
)
from kefu_desktop.store.faults import DatabaseUnavailable

__all__ = [
    "DatabaseUnavailable",
    "SchemaTooNew",
    "connect",
    "database",
    "describe_database",
    "is_postgresql",
]
