"""Schema versions: each step idempotent, the SQLite file backed up before migrating."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import peewee

from kefu_desktop.store.db import SchemaTooNew
from kefu_desktop.store.models import (
    ALL_MODELS,
    ApprovalRequest,
    AuditEntry,
    Case,
    CaseCounter,
    Customer,
    SchemaVersion,
    Staff,
    WriteReceipt,
)

log = logging.getLogger("kefu.store.migrations")


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[peewee.Database], None]


def _initial_schema(db: peewee.Database) -> None:
    db.create_tables(ALL_MODELS, safe=True)
    _create_prefix_indexes(db)


def _create_prefix_indexes(db: peewee.Database) -> None:
    """PostgreSQL needs pattern-ops indexes for prefix search under a non-C collation."""
    if not isinstance(db, peewee.PostgresqlDatabase):
        return
    for table, column in ((Case, "case_no"), (Customer, "platform_id")):
        name = f"{table._meta.table_name}_{column}_prefix"
        db.execute_sql(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table._meta.table_name}" '
            f'("{column}" text_pattern_ops)'
        )


def _add_approved_amount(db: peewee.Database) -> None:
    """Keep the amount the supervisor approved apart from the amount the agent asked for."""
    from playhouse.migrate import SchemaMigrator  # only databases that migrate need it
    from playhouse.migrate import migrate as migrate_schema

    table = ApprovalRequest._meta.table_name
    if "approved_fen" in {column.name for column in db.get_columns(table)}:
        return
    migrator = SchemaMigrator.from_database(db)
    migrate_schema(migrator.add_column(table, "approved_fen", ApprovalRequest.approved_fen))
    # Until now an approval overwrote the asked amount with the approved one.
    ApprovalRequest.update(approved_fen=ApprovalRequest.amount_fen).where(
        ApprovalRequest.state == "approved"
    ).execute()


def _add_case_counters(db: peewee.Database) -> None:
    """Per-day case number counters, seeded with each day's highest number (numerically)."""
    from kefu_desktop.store.counters import sync_case_counters

    db.create_tables([CaseCounter], safe=True)
    sync_case_counters()


def _add_login_protection(db: peewee.Database) -> None:
    """Wrong-password counts and lockouts on accounts, and the audit log."""
    from playhouse.migrate import SchemaMigrator
    from playhouse.migrate import migrate as migrate_schema

    table = Staff._meta.table_name
    columns = {column.name for column in db.get_columns(table)}
    migrator = SchemaMigrator.from_database(db)
    if "failed_logins" not in columns:  # in one statement: SQLite would rebuild the table
        db.execute_sql(
            f'ALTER TABLE "{table}" ADD COLUMN "failed_logins" INTEGER NOT NULL DEFAULT 0'
        )
    if "locked_until" not in columns:
        migrate_schema(migrator.add_column(table, "locked_until", Staff.locked_until))
    db.create_tables([AuditEntry], safe=True)


def _add_change_triggers(db: peewee.Database) -> None:
    """Change stamps (SQLite) or NOTIFY (PostgreSQL) so open desks refresh by themselves."""
    from kefu_desktop.store.changes import install_change_triggers

    install_change_triggers(db)


def _add_write_receipts(db: peewee.Database) -> None:
    """Receipts that make a write cut off by a lost connection land exactly once."""
    db.create_tables([WriteReceipt], safe=True)


def _add_column(db: peewee.Database, model: type[peewee.Model], name: str, sql_type: str) -> None:
    """Add a NOT NULL column with a default unless the table has it (so a step can run twice).

    Plain ALTER TABLE on both databases: peewee's SQLite migrator rebuilds the table for a
    NOT NULL column, and dropping the old table would cascade-delete the rows that refer to it.
    """
    table = model._meta.table_name
    if name in {column.name for column in db.get_columns(table)}:
        return
    db.execute_sql(
        f'ALTER TABLE "{table}" ADD COLUMN "{name}" {sql_type} NOT NULL DEFAULT {_default(sql_type)}'
    )


def _default(sql_type: str) -> str:
    return "0" if sql_type == "INTEGER" else "''"


def _one_resolution_vocabulary(db: peewee.Database) -> None:
    """Old resolution codes to today's; the courier's payment and the supervisor's escalation
    decision get columns of their own."""
    from kefu_desktop.domain.resolutions import LEGACY_CODES

    _add_column(db, Case, "courier_fen", "INTEGER")
    _add_column(db, ApprovalRequest, "decision", "VARCHAR(16)")
    for old, new in LEGACY_CODES.items():
        Case.update(resolution=new).where(Case.resolution == old).execute()
    # The courier's payment was only written into the text until now.
    Case.update(courier_fen=Case.compensation_fen, compensation_fen=0).where(
        (Case.resolution == "courier_compensation") & (Case.courier_fen == 0)
    ).execute()
    # Escalations were decided in words only: an amount meant a compensation, else the plan stood.
    decided = (ApprovalRequest.kind == "escalation") & (ApprovalRequest.decision == "")
    ApprovalRequest.update(decision="compensate").where(
        decided & (ApprovalRequest.state == "approved") & (ApprovalRequest.approved_fen > 0)
    ).execute()
    ApprovalRequest.update(decision="explain").where(
        decided & (ApprovalRequest.state != "pending")
    ).execute()


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _initial_schema),
    Migration(2, "approved amount kept apart from the asked amount", _add_approved_amount),
    Migration(3, "per-day case number counters", _add_case_counters),
    Migration(4, "login lockout and audit log", _add_login_protection),
    Migration(5, "change stamps and notifications for live refresh", _add_change_triggers),
    Migration(6, "write receipts for exactly-once saves", _add_write_receipts),
    Migration(
        7, "one resolution vocabulary, courier compensation as money", _one_resolution_vocabulary
    ),
)

CURRENT_VERSION = MIGRATIONS[-1].version


def schema_version(db: peewee.Database) -> int:
    """The version the database is at (0 for an empty database)."""
    if not db.table_exists(SchemaVersion._meta.table_name):
        return 0
    row = SchemaVersion.select(peewee.fn.MAX(SchemaVersion.version)).scalar()
    return int(row or 0)


def backup_sqlite(path: Path, from_version: int) -> Path:
    """Copy the SQLite file (consistently, WAL included) next to itself before migrating."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.v{from_version}-{stamp}.bak")
    source = sqlite3.connect(str(path))
    try:
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    log.info("backed up %s to %s before migrating", path, target)
    return target


def migrate(db: peewee.Database, sqlite_file: Path | None = None) -> int:
    """Bring the database to CURRENT_VERSION; return the version it was at."""
    found = schema_version(db)
    if found > CURRENT_VERSION:
        raise SchemaTooNew(
            f"数据库是由更新版本的售后工作台创建的（数据库版本 {found}，本程序支持到 {CURRENT_VERSION}）。\n"
            "请升级本程序后再打开；数据库未被改动。"
        )
    if found == CURRENT_VERSION:
        return found
    if found > 0 and sqlite_file is not None and sqlite_file.exists():
        backup_sqlite(sqlite_file, found)
    for step in MIGRATIONS:
        if step.version <= found:
            continue
        with db.atomic():
            step.apply(db)
            SchemaVersion.insert(
                version=step.version, description=step.description
            ).on_conflict_ignore().execute()
        log.info("migrated database to version %d (%s)", step.version, step.description)
    return found
