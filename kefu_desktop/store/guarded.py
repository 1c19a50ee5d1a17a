"""Database connections that survive their server or share going away, and say why they failed.

`GuardedPostgresqlDatabase` and `GuardedSqliteDatabase` are the peewee databases that
`store.db` opens. What they add, in the way of peewee's own `ReconnectMixin`:

- A connection that died while idle (server restarted, firewall dropped it, share unmounted) is
  noticed before the next statement and opened again, so the action simply works.
- A connection that dies inside a transaction is never retried behind the caller's back: the
  transaction is abandoned (the server rolls it back), the connection dropped, and
  `ConnectionLost` raised. `write_once` re-runs a whole write when that is safe and makes sure it
  lands exactly once.
- Disk and file errors become the typed faults of `store.faults`; SQLite's own automatic rollback
  after a full disk or an I/O error no longer hides the real cause behind
  "cannot rollback - no transaction is active".
- `health` follows the link (connected / reconnecting / unreachable, last success) and calls its
  listeners when the database comes back, e.g. to refresh lists or LISTEN again.
"""

from __future__ import annotations

import enum
import itertools
import logging
import select
import sqlite3
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn, TypeVar
from urllib.parse import quote

import peewee

from kefu_desktop.domain.clock import utc_now
from kefu_desktop.store.faults import (
    ConnectionLost,
    DatabaseUnavailable,
    file_unreachable,
    server_unreachable,
    storage_fault,
)

log = logging.getLogger("kefu.store.link")

T = TypeVar("T")

DRIVER_ERRORS = (peewee.PeeweeException, sqlite3.Error)


class LinkState(enum.Enum):
    """How the desk's link to its database is doing, with the status bar's words."""

    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    UNREACHABLE = "unreachable"

    @property
    def label(self) -> str:
        return _LINK_LABELS[self]


_LINK_LABELS = {
    LinkState.CONNECTED: "已连接",
    LinkState.RECONNECTING: "正在重新连接…",
    LinkState.UNREACHABLE: "无法连接",
}

Listener = Callable[["LinkState"], None]


class LinkHealth:
    """The state of the link to the database, shared by every thread of the process.

    Listeners are called (from whichever thread noticed) on every change of state;
    `on_reconnected` listeners only when the link comes back after being lost.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.state = LinkState.CONNECTED
        self.last_success: datetime | None = None
        self._listeners: list[Listener] = []
        self._reconnected: list[Callable[[], None]] = []

    def add_listener(self, listener: Listener) -> None:
        """Call `listener(state)` whenever the state changes (same rules as `on_reconnected`)."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def on_reconnected(self, callback: Callable[[], None]) -> None:
        """Call `callback()` each time the database is reachable again after a loss.

        It runs in the thread that noticed, inside that thread's database call: do quick work
        only (set a flag, post to your own thread or event loop), never a query.
        """
        self._reconnected.append(callback)

    def remove_reconnected(self, callback: Callable[[], None]) -> None:
        if callback in self._reconnected:
            self._reconnected.remove(callback)

    def succeeded(self) -> None:
        """A statement or connection attempt worked."""
        self.last_success = datetime.now()
        if self.state is not LinkState.CONNECTED:
            self._set(LinkState.CONNECTED)

    def reconnecting(self) -> None:
        if self.state is LinkState.CONNECTED:
            self._set(LinkState.RECONNECTING)

    def unreachable(self) -> None:
        if self.state is not LinkState.UNREACHABLE:
            self._set(LinkState.UNREACHABLE)

    def reset(self) -> None:
        """Forget the past (a new database was opened)."""
        with self._lock:
            self.state = LinkState.CONNECTED
            self.last_success = datetime.now()

    def _set(self, state: LinkState) -> None:
        with self._lock:
            if state is self.state:
                return
            before, self.state = self.state, state
        log.info("database link: %s -> %s", before.value, state.value)
        for listener in list(self._listeners):
            listener(state)
        if state is LinkState.CONNECTED:
            for callback in list(self._reconnected):
                callback()


health = LinkHealth()
"""The process's one view of its database link (the status bar and live refresh watch it)."""


class _Guarded:
    """The behaviour both guarded databases share; mixed in before the peewee class."""

    location = ""
    """What the messages call this database (no password)."""

    _local: threading.local

    def _guard_init(self) -> None:
        self._local = threading.local()

    # --- what each kind of database answers ------------------------------------------------

    def _idle_connection_dead(self) -> bool:
        return False

    def _connection_broken(self, exc: BaseException) -> bool:
        return False

    def _unreachable(self, exc: BaseException) -> DatabaseUnavailable:
        raise NotImplementedError

    def _fault(self, exc: BaseException) -> DatabaseUnavailable | None:
        return None

    # --- helpers ---------------------------------------------------------------------------

    @property
    def _broken(self) -> bool:
        return bool(getattr(self._local, "broken", False))

    @_broken.setter
    def _broken(self, value: bool) -> None:
        self._local.broken = value

    def _drop(self) -> None:
        """Forget this thread's connection without talking to the server."""
        state = self._state  # type: ignore[attr-defined]
        conn = state.conn
        state.reset()
        if conn is not None:
            try:
                conn.close()
            except Exception:  # already dead; nothing to clean up
                log.debug("closing a dead connection failed", exc_info=True)

    def _reopen(self, cause: BaseException | None) -> None:
        """Open a fresh connection for this thread; typed error if the database is unreachable."""
        health.reconnecting()
        log.warning("database connection lost (%s); reconnecting", cause)
        self._drop()
        self.connect()

    def _ensure_alive(self) -> None:
        if not self.is_closed() and self._idle_connection_dead():  # type: ignore[attr-defined]
            self._reopen(None)

    # --- peewee's entry points -----------------------------------------------------------

    def connect(self, reuse_if_open: bool = False) -> bool:
        try:
            opened: bool = super().connect(reuse_if_open)  # type: ignore[misc]
        except DRIVER_ERRORS as exc:
            health.unreachable()
            raise self._unreachable(exc) from exc
        health.succeeded()
        return opened

    def begin(self, *args: Any, **kwargs: Any) -> None:
        self._broken = False
        self._ensure_alive()
        try:
            super().begin(*args, **kwargs)  # type: ignore[misc]
        except DRIVER_ERRORS as exc:
            if not self._connection_broken(exc):
                self._raise_typed(exc)
            # Nothing of the transaction reached the server yet: safe to start it afresh.
            self._reopen(exc)
            try:
                super().begin(*args, **kwargs)  # type: ignore[misc]
            except DRIVER_ERRORS as again:
                self._drop()
                self._raise_typed(again)

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        in_transaction = self.in_transaction()  # type: ignore[attr-defined]
        if in_transaction and self._broken:
            if sql.startswith("ROLLBACK TO SAVEPOINT"):
                return None  # the whole transaction is gone already
            raise ConnectionLost("statement after the connection broke")
        if not in_transaction:
            self._ensure_alive()
        try:
            cursor = super().execute_sql(sql, params)  # type: ignore[misc]
        except DRIVER_ERRORS as exc:
            if in_transaction and sql.startswith("ROLLBACK TO SAVEPOINT"):
                # SQLite rolled the whole transaction back after a disk error; keep the cause.
                self._broken = True
                return None
            broken = self._connection_broken(exc)
            if in_transaction:
                if broken or self._fault(exc) is not None:
                    self._broken = True
                self._raise_typed(exc)
            if broken and _only_reads(sql):
                self._reopen(exc)  # a read changes nothing: run it again on a fresh connection
                try:
                    cursor = super().execute_sql(sql, params)  # type: ignore[misc]
                except DRIVER_ERRORS as again:
                    self._drop()
                    self._raise_typed(again)
            elif broken:  # a write on its own, cut while it ran: it may or may not have landed
                self._drop()
                raise ConnectionLost(f"{type(exc).__name__}: {exc}", outcome_unknown=True) from exc
            else:
                if self._fault(exc) is not None:
                    self._drop()
                self._raise_typed(exc)
        health.succeeded()
        return cursor

    def commit(self) -> None:
        if self._broken:
            raise ConnectionLost("commit after the connection broke")
        try:
            super().commit()  # type: ignore[misc]
        except DRIVER_ERRORS as exc:
            self._broken = True
            if self._connection_broken(exc):
                raise ConnectionLost(str(exc), outcome_unknown=True) from exc
            self._raise_typed(exc)

    def rollback(self) -> None:
        if self._broken or self._idle_connection_dead():
            # The server (or SQLite itself) already rolled the transaction back.
            self._broken = False
            if not self.in_transaction():  # type: ignore[attr-defined]
                self._drop()
            return
        try:
            super().rollback()  # type: ignore[misc]
        except DRIVER_ERRORS as exc:
            if self._connection_broken(exc) or "no transaction is active" in str(exc):
                if not self.in_transaction():  # type: ignore[attr-defined]
                    self._drop()
                return
            raise

    def link_lost(self) -> bool:
        """Whether this thread's idle connection is known dead (no round trip to the server)."""
        return self._idle_connection_dead()

    def fault_for(self, exc: BaseException) -> DatabaseUnavailable | None:
        """The typed fault for a driver error of this database, None if it is not a fault."""
        if self._connection_broken(exc):
            return ConnectionLost(f"{type(exc).__name__}: {exc}")
        return self._fault(exc)

    def _raise_typed(self, exc: BaseException) -> NoReturn:
        """Raise the typed error for a driver error, or the driver error itself if it is not a
        fault (call from its `except` block)."""
        if self._connection_broken(exc):
            log.warning("database connection broke: %s", exc)
            raise ConnectionLost(f"{type(exc).__name__}: {exc}") from exc
        fault = self._fault(exc)
        if fault is not None:
            log.warning("storage fault %s: %s", type(fault).__name__, fault.original)
            raise fault from exc
        raise exc


def _only_reads(sql: str) -> bool:
    head = sql.lstrip()[:8].upper()
    return head.startswith(("SELECT", "PRAGMA", "SHOW"))


class GuardedPostgresqlDatabase(_Guarded, peewee.PostgresqlDatabase):  # type: ignore[misc]
    """PostgreSQL with keepalives, reconnect when idle, typed loss inside a transaction."""

    def __init__(self, database: str, location: str = "", **kwargs: Any) -> None:
        super().__init__(database, **kwargs)
        self._guard_init()
        self.location = location or database

    def _idle_connection_dead(self) -> bool:
        if self.is_closed():
            return False
        conn = self._state.conn
        if conn.closed:
            return True
        try:
            readable, _, _ = select.select([conn], [], [], 0)
            if readable:
                conn.poll()  # takes in notifications; raises if the server said goodbye
        except Exception:
            return True
        return bool(conn.closed)

    def _connection_broken(self, exc: BaseException) -> bool:
        if self.is_closed():
            return True
        conn = self._state.conn
        if conn is None or conn.closed:
            return True
        import psycopg2.extensions

        status = conn.get_transaction_status()
        if status == psycopg2.extensions.TRANSACTION_STATUS_UNKNOWN:
            return True
        text = str(exc).lower()
        return any(
            fragment in text
            for fragment in (
                "server closed the connection",
                "terminating connection",
                "connection already closed",
                "could not receive data",
                "could not send data",
                "connection timed out",
                "ssl connection has been closed",
            )
        )

    def _unreachable(self, exc: BaseException) -> DatabaseUnavailable:
        from kefu_desktop.store.db import explain_open_failure

        text = str(exc).lower()
        if "password" in text or "authentication" in text or "does not exist" in text:
            return DatabaseUnavailable(explain_open_failure(self.location, exc), str(exc))
        return server_unreachable(self.location, exc)


class GuardedSqliteDatabase(_Guarded, peewee.SqliteDatabase):  # type: ignore[misc]
    """SQLite that never creates a fresh file behind the user's back after it was opened,
    and reports disk faults in words."""

    def __init__(self, path: Path, **kwargs: Any) -> None:
        super().__init__(str(path), **kwargs)
        self._guard_init()
        self.path = path
        self.location = str(path)
        self.must_exist = path.exists()
        """Once the file exists, connections open it read-write only, never create it."""

    def _connect(self) -> sqlite3.Connection:
        if not self.must_exist:
            conn: sqlite3.Connection = super()._connect()
            self.must_exist = True
            return conn
        uri = f"file:{quote(str(self.path))}?mode=rw"
        conn = sqlite3.connect(
            uri, uri=True, timeout=self._timeout, isolation_level=None, **self.connect_params
        )
        try:
            self._add_conn_hooks(conn)
        except Exception:
            conn.close()
            raise
        return conn

    def _connection_broken(self, exc: BaseException) -> bool:
        return False

    def link_lost(self) -> bool:
        return not self.path.exists()

    def _fault(self, exc: BaseException) -> DatabaseUnavailable | None:
        fault = storage_fault(exc, self.path)
        if fault is None and not self.path.parent.exists():
            return file_unreachable(self.path, exc)
        return fault

    def _unreachable(self, exc: BaseException) -> DatabaseUnavailable:
        if not self.path.exists():
            return file_unreachable(self.path, exc)
        fault = storage_fault(exc, self.path)
        if fault is not None:
            return fault
        from kefu_desktop.store.db import explain_open_failure

        return DatabaseUnavailable(explain_open_failure(self.location, exc), str(exc))


# --- writes that land exactly once -------------------------------------------------------------


class _AlreadyApplied(Exception):
    def __init__(self, ref: int | None) -> None:
        self.ref = ref


WRITE_ATTEMPTS = 3
"""A write cut off is run again at most this often, and only while the database answers."""
RECEIPT_DAYS = 7
"""Receipts older than this are forgotten (a retry comes within minutes, a form lives hours)."""
PRUNE_EVERY = 500
_writes = itertools.count(1)


def new_write_key() -> str:
    """A fresh idempotency key for one user action (keep it while the user retries)."""
    return uuid.uuid4().hex


def write_once(
    work: Callable[[], T],
    landed: Callable[[int | None], T],
    *,
    key: str | None = None,
    ref: Callable[[T], int | None] = lambda _result: None,
) -> T:
    """Run `work` in one transaction that lands exactly once, re-running it whole if safe.

    A receipt with `key` is written first in the same transaction. If the connection breaks,
    the desk reconnects and looks: a receipt means the work was committed, and `landed(ref)`
    gives its result (`ref` is what `ref(result)` returned, e.g. the new case's id); no receipt
    means nothing was saved, and the work runs again from the start. Inside an outer
    transaction the outermost `write_once` decides, so this only runs `work`.
    Raises `ConnectionLost` when the database stays unreachable.
    """
    from kefu_desktop.store.db import database
    from kefu_desktop.store.models import WriteReceipt

    if database.in_transaction():
        return work()
    key = key or new_write_key()
    last_error: ConnectionLost | None = None
    for attempt in range(WRITE_ATTEMPTS):
        if attempt:
            try:  # reconnects; did the cut-off attempt commit after all?
                receipt = WriteReceipt.get_or_none(WriteReceipt.key == key)
            except DatabaseUnavailable as down:
                log.warning("write %s: database unreachable after the cut: %s", key, down.original)
                break  # no waiting on the user's time: they are told and try again later
            if receipt is not None:
                return landed(receipt.ref)
        try:
            with database.atomic():
                try:
                    with database.atomic():
                        WriteReceipt.insert(key=key).execute()
                except peewee.IntegrityError:
                    raise _AlreadyApplied(
                        WriteReceipt.select(WriteReceipt.ref)
                        .where(WriteReceipt.key == key)
                        .scalar()
                    ) from None
                result = work()
                WriteReceipt.update(ref=ref(result)).where(WriteReceipt.key == key).execute()
                if next(_writes) % PRUNE_EVERY == 0:
                    cutoff = utc_now() - timedelta(days=RECEIPT_DAYS)
                    WriteReceipt.delete().where(WriteReceipt.at < cutoff).execute()
            return result
        except _AlreadyApplied as done:
            return landed(done.ref)
        except ConnectionLost as lost:
            log.warning("write %s cut off (attempt %d): %s", key, attempt + 1, lost.original)
            last_error = lost
        except DatabaseUnavailable as down:
            if last_error is None:
                raise  # unreachable before anything was sent: nothing to look for
            log.warning("write %s: database unreachable after the cut: %s", key, down.original)
            break
    assert last_error is not None
    raise ConnectionLost(last_error.original, outcome_unknown=last_error.outcome_unknown)


def probe() -> bool:
    """Try a throwaway connection to the current database (from any thread); True if it works.

    Updates `health`, so a database that came back is announced to its listeners even before
    the desk's next action reconnects its own connection.
    """
    from kefu_desktop.store.db import database

    target = database.obj
    if target is None:
        return False
    try:
        conn = target._connect()
        try:
            conn.cursor().execute("SELECT 1")
        finally:
            conn.close()
    except Exception as exc:  # any failure means: not reachable yet
        log.info("database probe failed: %s", exc)
        health.unreachable()
        return False
    health.succeeded()
    return True


def notice_lost_link() -> bool:
    """Check the calling thread's idle connection without a round trip; if it is dead (server
    restarted, connection cut, database share gone), let go of it and report the link as
    reconnecting, so the desk says so and probes before anyone clicks. True if it was lost."""
    from kefu_desktop.store.db import database

    target = database.obj
    if not isinstance(target, _Guarded) or target.in_transaction():  # type: ignore[attr-defined]
        return False
    if health.state is not LinkState.CONNECTED or not target.link_lost():
        return False
    if not target.is_closed():  # type: ignore[attr-defined]
        target._drop()
    log.warning("database connection found dead while idle")
    health.reconnecting()
    return True
