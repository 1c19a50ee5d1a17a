"""Helpers for work on Python threads started by the UI."""

from __future__ import annotations

from kefu_desktop.store.db import database


class ThreadConnection:
    """Close the database connection a worker thread opened (peewee keeps one per thread)."""

    def __enter__(self) -> None:
        self.opened = database.is_closed()

    def __exit__(self, *exc: object) -> None:
        if self.opened and not database.is_closed():
            database.close()
