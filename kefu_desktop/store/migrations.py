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
    Case,
    Customer,
    SchemaVersion,
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


def _add_write_receipts(db: peewee.Database) -> None:
    """Receipts that make a write cut off by a lost connection land exactly once."""
    db.create_tables([WriteReceipt], safe=True)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _initial_schema),
    Migration(2, "approved amount kept apart from the asked amount", _add_approved_amount),
    Migration(3, "write receipts for exactly-once saves", _add_write_receipts),
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
