"""Schema versions: each step idempotent, the SQLite file backed up before migrating."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import peewee

from kefu_desktop.domain.accounts import normalise_login
from kefu_desktop.domain.couriers import normalise_waybill
from kefu_desktop.domain.replies import STANDARD_REPLIES
from kefu_desktop.domain.text import TextKind, repair_answers, repair_text, visible
from kefu_desktop.store.db import SchemaTooNew
from kefu_desktop.store.models import (
    ALL_MODELS,
    ApprovalRequest,
    AuditEntry,
    BaseModel,
    CannedReply,
    Case,
    CaseCounter,
    CaseEvent,
    CourierClaim,
    Customer,
    CustomerMark,
    Evidence,
    ExpectedReturn,
    FollowUp,
    PriceAdjustment,
    Product,
    ProductionFeedback,
    ReturnLine,
    ReturnPhoto,
    ReturnReceipt,
    Review,
    SchemaVersion,
    ScoreAdjustment,
    ScoreSignOff,
    Staff,
    TextRepair,
    WarehouseCheck,
    WizardDraft,
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


def _add_register_indexes(db: peewee.Database) -> None:
    """(kind | sub_kind | resolution | state, created_at, id) on cases: a register's page is
    read along these, newest registration first, never by walking the cases."""
    Case._schema.create_indexes(safe=True)


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


def _normalise_logins(db: peewee.Database) -> None:
    """Store every login in the one form logins are compared in (NFKC, case-folded, trimmed).

    Two accounts whose logins become the same stay apart: the later one gets '-<id>' added
    (e.g. 'admin-7'), which the administrator sees in the staff list.
    """
    taken: set[str] = set()
    renamed: dict[int, str] = {}
    for staff_id, login in Staff.select(Staff.id, Staff.login).order_by(Staff.id).tuples():
        wanted = normalise_login(login) or f"staff-{staff_id}"
        if wanted in taken:
            wanted = f"{wanted}-{staff_id}"
            log.warning("login %r collides once normalised; renamed to %r", login, wanted)
        taken.add(wanted)
        if wanted != login:
            renamed[staff_id] = wanted
    for staff_id in renamed:  # out of the way first, so no two rows ever hold the same login
        Staff.update(login=f"#renaming-{staff_id}").where(Staff.id == staff_id).execute()
    for staff_id, wanted in renamed.items():
        Staff.update(login=wanted).where(Staff.id == staff_id).execute()


def history_append_only(db: peewee.Database) -> None:
    """Refuse, in the database itself, any change or removal of a case's history entries."""
    table = CaseEvent._meta.table_name
    message = "case history is append-only"
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION kefu_history_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{message}'; END $$"
        )
        db.execute_sql(f'DROP TRIGGER IF EXISTS "{table}_append_only" ON "{table}"')
        db.execute_sql(
            f'CREATE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION kefu_history_append_only()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        db.execute_sql(
            f'CREATE TRIGGER IF NOT EXISTS "{table}_no_{event.lower()}" BEFORE {event} '
            f"ON \"{table}\" BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )


def _add_write_receipts(db: peewee.Database) -> None:
    """Receipts that make a write cut off by a lost connection land exactly once."""
    db.create_tables([WriteReceipt], safe=True)


def _add_courier_claims(db: peewee.Database) -> None:
    """Claims against couriers (快递理赔), tied to their cases; history found by its action (the
    registers read what was recorded in 今日跟进)."""
    db.create_tables([CourierClaim], safe=True)
    CaseEvent._schema.create_indexes(safe=True)


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


def _add_returns(db: peewee.Database) -> None:
    """Expected returns, the warehouse's receipts of returned parcels, their graded items and
    the photos of unmatched parcels."""
    db.create_tables([ExpectedReturn, ReturnReceipt, ReturnLine, ReturnPhoto], safe=True)


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


_CASE_TEXT: tuple[tuple[str, str, TextKind], ...] = (
    ("order_no", "订单号", TextKind.IDENTIFIER),
    ("waybill_no", "运单号", TextKind.IDENTIFIER),
    ("sku", "款号", TextKind.IDENTIFIER),
    ("colour", "颜色", TextKind.LINE),
    ("size", "尺码", TextKind.LINE),
    ("batch", "批次", TextKind.IDENTIFIER),
    ("summary", "问题描述", TextKind.TEXT),
    ("resolution_text", "处理结果说明", TextKind.TEXT),
    ("note_text", "订单备注", TextKind.TEXT),
    ("attention", "提醒", TextKind.TEXT),
)
"""The person-typed texts of a case: column, label (for its history), rule."""

_OTHER_TEXT: tuple[tuple[type[BaseModel], str, TextKind], ...] = (
    (Staff, "display_name", TextKind.LINE),
    (Evidence, "original_name", TextKind.LINE),
    (WarehouseCheck, "request_note", TextKind.TEXT),
    (WarehouseCheck, "observed", TextKind.TEXT),
    (WarehouseCheck, "remark", TextKind.TEXT),
    (ApprovalRequest, "reason", TextKind.TEXT),
    (ApprovalRequest, "decision_note", TextKind.TEXT),
    (Product, "name", TextKind.LINE),
)
_ANSWERS: tuple[tuple[type[BaseModel], str], ...] = (
    (Case, "wizard_path"),
    (WizardDraft, "answers"),
)


class _Repairs:
    """Records every change the text clean-up makes: log file, `TextRepair` row, case history."""

    def __init__(self) -> None:
        self.count = 0

    def record(
        self,
        model: type[BaseModel],
        row_id: int,
        field: str,
        before: Any,
        after: Any,
        note: str = "",
    ) -> None:
        self.count += 1
        if not isinstance(before, str):
            before, after = (
                json.dumps(before, ensure_ascii=False),
                json.dumps(after, ensure_ascii=False),
            )
        table = model._meta.table_name
        log.info("text clean-up: %s #%d %s: %r -> %r %s", table, row_id, field, before, after, note)
        TextRepair.create(
            table_name=table, row_id=row_id, field_name=field, before=before, after=after, note=note
        )


def _case_history(case_id: int, action: str, note: str, changes: dict[str, Any]) -> None:
    CaseEvent.create(case=case_id, actor=None, action=action, details={"note": note, **changes})


def _repair_customers(repairs: _Repairs) -> None:
    """Clean customer IDs; customers whose IDs become one are merged into the oldest."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for customer_id, platform_id in (
        Customer.select(Customer.id, Customer.platform_id).order_by(Customer.id).tuples()
    ):
        cleaned = repair_text(platform_id, TextKind.IDENTIFIER) or visible(platform_id)
        groups.setdefault(cleaned, []).append((customer_id, platform_id))
    for cleaned, members in groups.items():
        (keeper, keeper_id_text), others = members[0], members[1:]
        for other, other_id_text in others:
            moved = [c for (c,) in Case.select(Case.id).where(Case.customer == other).tuples()]
            Case.update(customer=keeper).where(Case.customer == other).execute()
            Evidence.update(customer=keeper).where(Evidence.customer == other).execute()
            Customer.delete().where(Customer.id == other).execute()
            note = (
                f"买家ID「{visible(other_id_text)}」与「{cleaned}」是同一买家"
                f"（只差看不见的字符或 Unicode 写法），已合并，{len(moved)} 张售后单归入后者"
            )
            repairs.record(Customer, other, "platform_id", other_id_text, cleaned, note)
            for case_id in moved:
                _case_history(case_id, "customer_merged", note, {"merged_into": keeper})
        if keeper_id_text != cleaned:
            Customer.update(platform_id=cleaned).where(Customer.id == keeper).execute()
            note = f"买家ID「{visible(keeper_id_text)}」整理为「{cleaned}」"
            repairs.record(Customer, keeper, "platform_id", keeper_id_text, cleaned, note)
            for (case_id,) in Case.select(Case.id).where(Case.customer == keeper).tuples():
                _case_history(case_id, "text_cleaned", note, {})


def _repair_logins(repairs: _Repairs) -> None:
    """Clean logins; one that would become another account's login is left as it is (logged)."""
    logins = dict(Staff.select(Staff.id, Staff.login).tuples())
    taken = set(logins.values())
    for staff_id, login in logins.items():
        cleaned = repair_text(login, TextKind.IDENTIFIER)
        if cleaned == login:
            continue
        if not cleaned or cleaned in taken:
            log.warning("text clean-up: login %r of staff #%d left as it is", login, staff_id)
            continue
        Staff.update(login=cleaned).where(Staff.id == staff_id).execute()
        taken.add(cleaned)
        repairs.record(Staff, staff_id, "login", login, cleaned)


def _repair_products(repairs: _Repairs) -> None:
    """Clean SKUs; products whose SKUs become one keep the most recently imported weight."""
    groups: dict[str, list[tuple[Any, int, str]]] = {}
    for product_id, sku, updated_at in Product.select(
        Product.id, Product.sku, Product.updated_at
    ).tuples():
        cleaned = repair_text(sku, TextKind.IDENTIFIER) or visible(sku)
        groups.setdefault(cleaned, []).append((updated_at, product_id, sku))
    for cleaned, members in groups.items():
        members.sort(reverse=True)
        (_at, keeper, keeper_sku), others = members[0], members[1:]
        for _other_at, other, other_sku in others:
            Product.delete().where(Product.id == other).execute()
            note = f"与款号「{cleaned}」重复，保留最近导入的那一行"
            repairs.record(Product, other, "sku", other_sku, cleaned, note)
        if keeper_sku != cleaned:
            Product.update(sku=cleaned).where(Product.id == keeper).execute()
            repairs.record(Product, keeper, "sku", keeper_sku, cleaned)


def _repair_cases(repairs: _Repairs) -> None:
    columns = [getattr(Case, name) for name, _label, _kind in _CASE_TEXT]
    for case_id, *values in Case.select(Case.id, *columns).tuples():
        changes: dict[Any, str] = {}
        notes: list[str] = []
        for (name, label, kind), before in zip(_CASE_TEXT, values, strict=True):
            after = repair_text(before or "", kind)
            if name == "waybill_no":
                after = normalise_waybill(after)
            if after == (before or ""):
                continue
            changes[getattr(Case, name)] = after
            notes.append(f"{label}「{visible(before)}」→「{after}」")
            repairs.record(Case, case_id, name, before, after)
        if changes:
            Case.update(changes).where(Case.id == case_id).execute()
            _case_history(case_id, "text_cleaned", "升级时整理了文字：" + "；".join(notes), {})


def _repair_other_texts(repairs: _Repairs) -> None:
    for model, name, kind in _OTHER_TEXT:
        column = getattr(model, name)
        for row_id, before in model.select(model.id, column).tuples():
            after = repair_text(before or "", kind)
            if after != (before or ""):
                model.update({column: after}).where(model.id == row_id).execute()
                repairs.record(model, row_id, name, before, after)
    for model, name in _ANSWERS:
        column = getattr(model, name)
        for row_id, before in model.select(model.id, column).tuples():
            after = repair_answers(before)
            if after != before:
                model.update({column: after}).where(model.id == row_id).execute()
                repairs.record(model, row_id, name, before, after)


def _clean_stored_text(db: peewee.Database) -> None:
    """Bring text stored before the text rule in line with it; every change kept in `TextRepair`.

    Customer IDs (and SKUs) that become the same are merged. The history of cases
    (`CaseEvent.details`) is append-only and stays as written.
    """
    db.create_tables([TextRepair], safe=True)
    repairs = _Repairs()
    _repair_customers(repairs)
    _repair_logins(repairs)
    _repair_products(repairs)
    _repair_cases(repairs)
    _repair_other_texts(repairs)
    log.info("text clean-up: %d stored texts changed", repairs.count)


def _add_promise_clocks(db: peewee.Database) -> None:
    """The checked-answer times and the stored nearest due time of each case's promises."""
    from playhouse.migrate import SchemaMigrator
    from playhouse.migrate import migrate as migrate_schema

    from kefu_desktop.store.clocks import refresh_open_cases

    table = Case._meta.table_name
    columns = {column.name for column in db.get_columns(table)}
    migrator = SchemaMigrator.from_database(db)
    for name in ("check_promised_at", "check_answered_at", "sla_due_at", "sla_warn_at"):
        if name not in columns:
            migrate_schema(migrator.add_column(table, name, getattr(Case, name)))
    if "sla_promise" not in columns:
        db.execute_sql(
            f'ALTER TABLE "{table}" ADD COLUMN "sla_promise" VARCHAR(32) NOT NULL DEFAULT \'\''
        )
    for name in ("sla_due_at", "sla_warn_at"):
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{table}_{name}" ON "{table}" ("{name}")')
    refresh_open_cases()


def _add_production_feedback(db: peewee.Database) -> None:
    """One production-feedback record per style + batch run of complaints, and the indexes
    the dashboard's figures are read from."""
    db.create_tables([ProductionFeedback], safe=True)
    Case._schema.create_indexes(safe=True)


CARE_INDEXES = (
    ("case_customer_created", ("customer_id", "created_at")),
    ("case_handler_resolved", ("handler_id", "resolved_at")),
)
"""The intake's count of a customer's recent cases and the follow-ups due per agent."""


def _add_customer_care(db: peewee.Database) -> None:
    """Customer marks, follow-up visits and reviews, and the indexes their questions need."""
    db.create_tables([CustomerMark, FollowUp, Review, ScoreAdjustment, ScoreSignOff], safe=True)
    table = Case._meta.table_name
    for name, columns in CARE_INDEXES:
        listed = ", ".join(f'"{column}"' for column in columns)
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({listed})')


def _add_price_changes(db: peewee.Database) -> None:
    """Price changes a case records, and what the customer paid on top or was let off."""
    db.create_tables([PriceAdjustment], safe=True)
    _add_column(db, Case, "top_up_fen", "INTEGER")
    _add_column(db, Case, "price_cut_fen", "INTEGER")


def _add_canned_replies(db: peewee.Database) -> None:
    """The standard replies table, filled with the shop's phrases unless it holds some."""
    db.create_tables([CannedReply], safe=True)
    if CannedReply.select().exists():
        return
    for position, reply in enumerate(STANDARD_REPLIES):
        CannedReply.create(
            category=reply.topic.value, title=reply.title, body=reply.body, position=position
        )


OUTCOME_INDEX = (
    "case_created_outcomes",
    ("created_at", "state", "handler_id", "outcome_first_reply", "outcome_logistics",
     "outcome_checked"),
)  # fmt: skip
"""The dashboard counts the week's kept and broken promises per agent from this index alone."""


def _add_promise_outcomes(db: peewee.Database) -> None:
    """Each case's promise outcomes (met / breached / still running), filled for the open
    and recent cases, and the index the dashboard counts them by."""
    from kefu_desktop.store.clocks import refresh_open_cases

    table = Case._meta.table_name
    for column in ("outcome_first_reply", "outcome_logistics", "outcome_checked"):
        _add_column(db, Case, column, "VARCHAR(16)")
    name, indexed = OUTCOME_INDEX
    listed = ", ".join(f'"{column}"' for column in indexed)
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({listed})')
    refresh_open_cases()


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
    Migration(
        8,
        "stored text cleaned by the text rule, customers that became one merged",
        _clean_stored_text,
    ),
    Migration(9, "logins in one normalised form", _normalise_logins),
    Migration(10, "case history append-only", history_append_only),
    Migration(11, "courier claims, history indexed by action", _add_courier_claims),
    Migration(12, "time-promise clocks on every case", _add_promise_clocks),
    Migration(13, "production-feedback records, dashboard indexes", _add_production_feedback),
    Migration(14, "expected returns and return receipts", _add_returns),
    Migration(15, "indexes that serve every register's first page", _add_register_indexes),
    Migration(
        16, "customer marks, follow-up visits, review watch, score sheet", _add_customer_care
    ),
    Migration(17, "price changes (补差/改价) and their case totals", _add_price_changes),
    Migration(18, "standard replies (话术), filled with the shop's phrases", _add_canned_replies),
    Migration(19, "each case's promise outcomes, counted by index", _add_promise_outcomes),
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
