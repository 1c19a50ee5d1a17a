"""Live refresh: what colleagues changed, as it happens (no Qt here; the UI wraps it)."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from kefu_desktop.store.changes import ChangeWatcher
from kefu_desktop.store.db import database

POLL_SECONDS = 1.0
"""SQLite: how often the change stamps are read (the goal is a refresh within 3 s)."""


class ChangedList(StrEnum):
    """What an open desk may need to show again."""

    CASES = "case"
    WAREHOUSE_CHECKS = "warehouse_check"
    APPROVALS = "approval_request"


def watch_changes(on_change: Callable[[set[ChangedList]], None]) -> ChangeWatcher:
    """Start watching the connected database; `on_change` is called from a background thread."""

    def report(tables: set[str]) -> None:
        known = {ChangedList(t) for t in tables if t in ChangedList._value2member_map_}
        if known:
            on_change(known)

    return ChangeWatcher(database.obj, report, POLL_SECONDS).start()
