"""Telling open desks that colleagues changed something: a change stamp per watched table.

The database itself keeps the stamps, by triggers, so every writer is covered (the app, the
command line, another version of the app):
- SQLite: each write to a watched table bumps that table's row in `change_stamp`; a desk polls
  that tiny table (one indexed read of three rows).
- PostgreSQL: each statement on a watched table also sends NOTIFY on `kefu_changes` with the
  table's name; a desk LISTENs on a connection of its own, off the UI thread.
"""

from __future__ import annotations

import logging
import select
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

import peewee

from kefu_desktop.store.db import read_only_uri

log = logging.getLogger("kefu.store.changes")

WATCHED_TABLES: tuple[str, ...] = ("case", "warehouse_check", "approval_request")
CHANNEL = "kefu_changes"
STAMP_TABLE = "change_stamp"


def install_change_triggers(db: peewee.Database) -> None:
    """Create (idempotently) the stamp table and triggers (SQLite) or NOTIFY triggers (PostgreSQL)."""
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION kefu_notify_change() RETURNS trigger AS $$ "
            f"BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END; "
            "$$ LANGUAGE plpgsql"
        )
        for table in WATCHED_TABLES:
            db.execute_sql(f'DROP TRIGGER IF EXISTS "{table}_notify_change" ON "{table}"')
            db.execute_sql(
                f'CREATE TRIGGER "{table}_notify_change" AFTER INSERT OR UPDATE OR DELETE '
                f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION kefu_notify_change()'
            )
        return
    db.execute_sql(
        f'CREATE TABLE IF NOT EXISTS "{STAMP_TABLE}" '
        "(topic TEXT PRIMARY KEY NOT NULL, stamp INTEGER NOT NULL DEFAULT 0)"
    )
    for table in WATCHED_TABLES:
        db.execute_sql(
            f"INSERT OR IGNORE INTO \"{STAMP_TABLE}\" (topic, stamp) VALUES ('{table}', 0)"
        )
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute_sql(
                f'CREATE TRIGGER IF NOT EXISTS "{table}_{event.lower()}_stamp" AFTER {event} '
                f'ON "{table}" BEGIN UPDATE "{STAMP_TABLE}" SET stamp = stamp + 1 '
                f"WHERE topic = '{table}'; END"
            )


def drop_change_triggers(db: peewee.Database) -> None:
    """Remove the SQLite stamp triggers (for a bulk load; install them again after)."""
    if isinstance(db, peewee.PostgresqlDatabase):
        return
    for table in WATCHED_TABLES:
        for event in ("insert", "update", "delete"):
            db.execute_sql(f'DROP TRIGGER IF EXISTS "{table}_{event}_stamp"')


def read_stamps(conn: sqlite3.Connection) -> dict[str, int]:
    """The current change stamp of every watched table (SQLite)."""
    return dict(conn.execute(f'SELECT topic, stamp FROM "{STAMP_TABLE}"').fetchall())


class ChangeWatcher:
    """Calls `on_change(tables)` from a background thread when colleagues change watched tables.

    SQLite: polls the stamps every `interval` seconds on its own connection. PostgreSQL:
    LISTENs on its own connection. `stop()` ends the thread. A lost connection is retried
    quietly; refreshing is a convenience, never a reason to stop the app.
    """

    def __init__(
        self,
        db: peewee.Database,
        on_change: Callable[[set[str]], None],
        interval: float = 1.0,
    ) -> None:
        self._db = db
        self._on_change = on_change
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="change-watcher", daemon=True)
        self._subscribed_before = False

    def start(self) -> ChangeWatcher:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if isinstance(self._db, peewee.PostgresqlDatabase):
                    self._listen()
                else:
                    self._poll()
            except Exception:
                log.warning("change watcher lost its connection; retrying", exc_info=True)
                self._stop.wait(max(self._interval, 2.0))

    def _poll(self) -> None:
        conn = sqlite3.connect(read_only_uri(self._db.database), uri=True, timeout=1.0)
        try:
            last = read_stamps(conn)
            while not self._stop.wait(self._interval):
                now = read_stamps(conn)
                changed = {t for t, stamp in now.items() if last.get(t) != stamp}
                last = now
                if changed:
                    self._on_change(changed)
        finally:
            conn.close()

    def _listen(self) -> None:
        import psycopg2

        params: dict[str, Any] = dict(self._db.connect_params)
        conn = psycopg2.connect(dbname=self._db.database, **params)
        try:
            conn.autocommit = True
            conn.cursor().execute(f"LISTEN {CHANNEL}")
            if self._subscribed_before:
                # Subscribed again after a lost connection: what changed meanwhile was not heard.
                self._on_change(set(WATCHED_TABLES))
            self._subscribed_before = True
            while not self._stop.is_set():
                ready, _, _ = select.select([conn], [], [], self._interval)
                if not ready:
                    continue
                conn.poll()
                changed = {n.payload for n in conn.notifies}
                conn.notifies.clear()
                if changed:
                    self._on_change(changed)
        finally:
            conn.close()
