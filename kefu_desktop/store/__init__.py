"""Persistence: peewee models on one DatabaseProxy, connect(url), migrations, queries."""

from kefu_desktop.store.db import (
    DatabaseUnavailable,
    SchemaTooNew,
    connect,
    database,
    describe_database,
    is_postgresql,
)

__all__ = [
    "DatabaseUnavailable",
    "SchemaTooNew",
    "connect",
    "database",
    "describe_database",
    "is_postgresql",
]
