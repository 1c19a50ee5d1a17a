"""Persistence: peewee models on one DatabaseProxy, connect(url), migrations, queries."""

import sys

if "peewee" not in sys.modules and "psycopg2" not in sys.modules:
    # peewee loads psycopg2 when it can (15 ms at every start); a desk on SQLite never needs
    # it. `store.db` hands it to peewee when a PostgreSQL database is opened.
    sys.modules["psycopg2"] = None  # type: ignore[assignment]  # peewee: ImportError, no driver
    try:
        import peewee  # noqa: F401
    finally:
        del sys.modules["psycopg2"]

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
