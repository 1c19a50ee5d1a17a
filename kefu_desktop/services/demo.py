"""Realistic demo data: staff of every role, customers, and cases spread over recent months."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from queue import Queue
from typing import Any

import peewee

from kefu_desktop.domain.case_numbers import case_number_prefix, format_case_number
from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.kinds import SUB_KINDS, CaseKind
from kefu_desktop.domain.resolutions import (
    COMPENSATION_RESOLUTIONS,
    REFUND_RESOLUTIONS,
    Resolution,
)
from kefu_desktop.domain.roles import Role
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services.auth import hash_password
from kefu_desktop.services.settings import set_setting
from kefu_desktop.store.changes import drop_change_triggers, install_change_triggers
from kefu_desktop.store.counters import last_case_sequence, sync_case_counters
from kefu_desktop.store.db import SQLITE_PRAGMAS, database, is_postgresql
from kefu_desktop.store.models import (
    ApprovalRequest,
    Case,
    CaseEvent,
    Customer,
    Product,
    Staff,
    WarehouseCheck,
)

DEMO_PASSWORD = "demo123"
DEMO_STAFF: tuple[tuple[str, str, Role], ...] = (
    ("admin", "管理员", Role.ADMIN),
    ("kefu01", "小美", Role.AGENT),
    ("kefu02", "阿杰", Role.AGENT),
    ("kefu03", "婷婷", Role.AGENT),
    ("kefu04", "大伟", Role.AGENT),
    ("cangku01", "老王", Role.WAREHOUSE),
    ("cangku02", "小李", Role.WAREHOUSE),
    ("zhuguan01", "陈主管", Role.SUPERVISOR),
)
DEMO_PRODUCTS: tuple[tuple[str, str, int], ...] = (
    ("WT2301", "加绒卫衣", 520),
    ("WT2302", "连帽卫衣", 480),
    ("NZ1805", "高腰牛仔裤", 610),
    ("DY0907", "羽绒服短款", 850),
    ("DY0911", "羽绒服长款", 1250),
    ("ZZ3302", "针织开衫", 390),
    ("TX1201", "纯棉T恤", 210),
    ("LYQ606", "碎花连衣裙", 330),
    ("KZ2208", "休闲运动裤", 450),
    ("FY5501", "防晒衣", 260),
)
COLOURS = ("黑色", "白色", "灰色", "藏青", "杏色", "卡其", "酒红", "浅蓝")
SIZES = ("S", "M", "L", "XL", "XXL", "均码")
_NAME_PARTS = (
    "快乐", "小兔", "阳光", "晴天", "甜甜", "糖果", "微笑", "清风", "明月", "星星",
    "花开", "小鱼", "柠檬", "橘子", "奶茶", "豆豆", "可乐", "西瓜", "云朵", "木木",
)  # fmt: skip
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
_COURIER_WEIGHTS = (("ZTO", 30), ("YTO", 20), ("YUNDA", 18), ("STO", 14), ("SF", 12), ("EMS", 6))
_KIND_WEIGHTS = (
    (CaseKind.WRONG_SHIPMENT, 30),
    (CaseKind.DAMAGED_PARCEL, 20),
    (CaseKind.QUALITY, 38),
    (CaseKind.LOGISTICS, 12),
)
_RESOLUTIONS: dict[CaseKind, tuple[Resolution, ...]] = {
    CaseKind.WRONG_SHIPMENT: (Resolution.EXCHANGE, Resolution.REFUND, Resolution.KEEP_EXTRA),
    CaseKind.DAMAGED_PARCEL: (
        Resolution.RESHIP,
        Resolution.COURIER_COMPENSATION,
        Resolution.EXCHANGE,
    ),
    CaseKind.QUALITY: (
        Resolution.RETURN,
        Resolution.EXCHANGE,
        Resolution.REPAIR_ALLOWANCE,
        Resolution.DISCOUNT,
        Resolution.GOODWILL,
    ),
    CaseKind.LOGISTICS: (Resolution.EMS_FORWARD, Resolution.RESHIP, Resolution.RETURN_RESHIP),
}


@dataclass(frozen=True)
class DemoReport:
    cases: int
    events: int
    accounts_created: list[str]
    skipped: bool = False
    existing_cases: int = 0


def _bulk_insert(
    model: type[peewee.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert many rows fast (executemany on SQLite, execute_values on PostgreSQL)."""
    table = model._meta.table_name
    column_sql = ", ".join(f'"{c}"' for c in columns)
    cursor = database.cursor()
    if is_postgresql():
        from psycopg2.extras import execute_values

        execute_values(
            cursor, f'INSERT INTO "{table}" ({column_sql}) VALUES %s', rows, page_size=2000
        )
    else:
        placeholders = ", ".join("?" for _ in columns)
        cursor.executemany(f'INSERT INTO "{table}" ({column_sql}) VALUES ({placeholders})', rows)


def _db_time(moment: datetime) -> Any:
    """A naive-UTC time as the database driver takes it (SQLite stores peewee's text form)."""
    return moment if is_postgresql() else str(moment)


def ensure_demo_staff() -> tuple[dict[Role, list[int]], list[str]]:
    """The demo accounts (created when missing), by role, and the logins just created."""
    created: list[str] = []
    by_role: dict[Role, list[int]] = {role: [] for role in Role}
    for login, name, role in DEMO_STAFF:
        staff = Staff.get_or_none(Staff.login == login)
        if staff is None:
            staff = Staff.create(
                login=login,
                display_name=name,
                role=role,
                password_hash=hash_password(DEMO_PASSWORD),
            )
            created.append(f"{login}（{role.label}）")
        by_role[Role(staff.role)].append(staff.id)
    set_setting("demo_accounts", [login for login, _, _ in DEMO_STAFF])
    return by_role, created


def _customer_ids(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        style = rng.random()
        if style < 0.35:
            name = f"{rng.choice(_NAME_PARTS)}{rng.choice(_NAME_PARTS)}{rng.randint(1, 9999)}"
        elif style < 0.6:
            name = f"tb{rng.randint(10_000_000, 999_999_999)}"
        elif style < 0.85:
            name = f"{rng.choice(_SURNAMES)}{rng.choice(_GIVEN)}{rng.choice(_GIVEN)}_{rng.randint(10, 99999)}"
        else:
            name = f"{rng.choice(('lucky', 'sunny', 'candy', 'momo', 'coco'))}_{rng.randint(100, 999999)}"
        names.add(name)
    return sorted(names, key=lambda _: rng.random())


def _waybill(rng: random.Random, courier: str) -> str:
    digits = rng.randint
    if courier == "SF":
        return f"SF{digits(10**12, 10**13 - 1)}"
    if courier == "ZTO":
        return f"78{digits(10**11, 10**12 - 1)}"
    if courier == "YTO":
        return f"YT{digits(10**12, 10**13 - 1)}"
    if courier == "STO":
        return f"77{digits(10**10, 10**11 - 1)}"
    if courier == "YUNDA":
        return f"43{digits(10**10, 10**11 - 1)}"
    return f"11{digits(10**10, 10**11 - 1)}"


def _weighted(rng: random.Random, pairs: Sequence[tuple[Any, int]], count: int) -> list[Any]:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs], k=count)


CASE_COLUMNS = (
    "id", "case_no", "kind", "sub_kind", "state", "customer_id", "order_no", "waybill_no",
    "courier", "sku", "colour", "size", "quantity", "batch", "summary", "handler_id",
    "created_by_id", "asked_at", "first_reply_at", "resolved_at", "created_at", "updated_at",
    "resolution", "resolution_text", "refund_fen", "compensation_fen", "postage_fen",
    "postage_payer", "note_text", "note_flag", "wizard_path", "attention", "version",
)  # fmt: skip
EVENT_COLUMNS = ("case_id", "at", "actor_id", "action", "from_state", "to_state", "details")
CHECK_COLUMNS = (
    "case_id", "state", "request_note", "expected_weight_g", "requested_by_id", "requested_at",
    "version", "observed", "remark",
)  # fmt: skip
APPROVAL_COLUMNS = (
    "case_id", "kind", "amount_fen", "reason", "state", "requested_by_id", "requested_at",
    "version", "decision_note",
)  # fmt: skip
BATCH_SIZE = 20_000


@dataclass
class _Batch:
    cases: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    checks: list[tuple[Any, ...]] = field(default_factory=list)
    approvals: list[tuple[Any, ...]] = field(default_factory=list)


def generate_demo(
    cases: int, months: int = 6, seed: int = 20261123, only_if_empty: bool = False
) -> DemoReport:
    """Write `cases` demo cases (and staff, customers, products, history) into the database."""
    existing = int(Case.select(peewee.fn.COUNT(Case.id)).scalar() or 0)
    if only_if_empty and existing:
        return DemoReport(0, 0, [], skipped=True, existing_cases=existing)
    rng = random.Random(seed + existing)  # adding to demo data gives new customers and cases
    with database.atomic():
        staff, created = ensure_demo_staff()
        for sku, name, grams in DEMO_PRODUCTS:
            Product.insert(sku=sku, name=name, unit_weight_g=grams).on_conflict_ignore().execute()
    if cases == 0:
        return DemoReport(0, 0, created)
    first_customer, customer_count = _insert_customers(rng, max(20, cases // 3))
    fresh = existing == 0 and not is_postgresql()
    if fresh:  # building the indexes once at the end is much faster than keeping them up
        drop_change_triggers(database.obj)
        for model in (Case, CaseEvent):
            model._schema.drop_indexes(safe=True)
        database.execute_sql("PRAGMA synchronous=OFF")
    batches = _case_batches(rng, cases, months, staff, first_customer, customer_count)
    events_written = _write_batches(batches)
    with database.atomic():
        sync_case_counters()  # the numbers above were written in bulk, past the counters
    if fresh:
        for model in (Case, CaseEvent):
            model._schema.create_indexes(safe=True)
        install_change_triggers(database.obj)
        database.execute_sql(f"PRAGMA synchronous={SQLITE_PRAGMAS['synchronous']}")
    if is_postgresql():
        for model in (Customer, Case):
            table = model._meta.table_name
            database.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT MAX(id) FROM "{table}"))'
            )
    else:
        database.execute_sql("ANALYZE")
    return DemoReport(cases, events_written, created)


def _insert_customers(rng: random.Random, count: int) -> tuple[int, int]:
    """Add `count` new demo customers; their ids are consecutive from the one returned."""
    names = _customer_ids(rng, count)
    first = int(Customer.select(peewee.fn.MAX(Customer.id)).scalar() or 0) + 1
    with database.atomic():
        taken: set[str] = set()
        for chunk in range(0, len(names), 500):
            query = Customer.select(Customer.platform_id).where(
                Customer.platform_id.in_(names[chunk : chunk + 500])
            )
            taken.update(c for (c,) in query.tuples())
        names = [n for n in names if n not in taken]
        created_at = _db_time(utc_now())
        _bulk_insert(
            Customer,
            ("id", "platform_id", "created_at"),
            ((first + i, name, created_at) for i, name in enumerate(names)),
        )
    return first, len(names)


def _write_batches(batches: Iterator[_Batch]) -> int:
    """Insert the batches, each in one transaction, while the next one is being made.

    The database driver releases the GIL while it writes, so making and writing overlap.
    """
    written = 0
    queue: Queue[_Batch | None] = Queue(maxsize=2)
    failure: list[BaseException] = []

    def writer() -> None:
        try:
            while (batch := queue.get()) is not None:
                with database.atomic():
                    _bulk_insert(Case, CASE_COLUMNS, batch.cases)
                    _bulk_insert(CaseEvent, EVENT_COLUMNS, batch.events)
                    if batch.checks:
                        _bulk_insert(WarehouseCheck, CHECK_COLUMNS, batch.checks)
                    if batch.approvals:
                        _bulk_insert(ApprovalRequest, APPROVAL_COLUMNS, batch.approvals)
        except BaseException as error:
            failure.append(error)
            while queue.get() is not None:  # let the producer finish without blocking
                pass
        finally:
            database.close()

    thread = threading.Thread(target=writer, name="demo-writer")
    thread.start()
    try:
        for batch in batches:
            if failure:
                break
            queue.put(batch)
            written += len(batch.events)
    finally:
        queue.put(None)
        thread.join()
    if failure:
        raise failure[0]
    return written


def _case_batches(
    rng: random.Random,
    cases: int,
    months: int,
    staff: dict[Role, list[int]],
    first_customer: int,
    customer_count: int,
) -> Iterator[_Batch]:
    """The demo cases, oldest first, with their history, checks and approvals, in batches."""
    agents = staff[Role.AGENT] + staff[Role.SUPERVISOR]
    agent_names = {s.id: s.display_name for s in Staff.select()}
    now_utc = utc_now().replace(microsecond=0)
    offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    span = timedelta(days=30 * max(1, months))
    start = now_utc - span
    offsets = sorted(rng.random() for _ in range(cases))
    first_case = int(Case.select(peewee.fn.MAX(Case.id)).scalar() or 0) + 1
    kinds = _weighted(rng, _KIND_WEIGHTS, cases)
    couriers = _weighted(rng, _COURIER_WEIGHTS, cases)
    sequences: dict[date, int] = {}
    stamp = _db_time
    batch = _Batch()
    for i in range(cases):
        created_utc = start + span * offsets[i]
        local = created_utc + offset
        day = local.date()
        if day not in sequences:
            sequences[day] = last_case_sequence(case_number_prefix(day))
        sequences[day] += 1
        case_id = first_case + i
        kind = kinds[i]
        sub_kind = rng.choice(SUB_KINDS[kind])
        state = _pick_state(rng, (now_utc - created_utc).days)
        handler = rng.choice(agents)
        asked = created_utc - timedelta(minutes=rng.random() * 30)
        first_reply = (
            asked + timedelta(seconds=20 + rng.random() * 520) if rng.random() < 0.97 else None
        )
        resolved = None
        resolution = resolution_text = note_text = postage_payer = ""
        refund = compensation = postage = 0
        flag = OrderFlag.NONE
        sku = DEMO_PRODUCTS[int(rng.random() * len(DEMO_PRODUCTS))][0]
        if state in (CaseState.RESOLVED, CaseState.CLOSED):
            resolved = created_utc + timedelta(minutes=15 + rng.random() * 60 * 24 * 4)
            picked = rng.choice(_RESOLUTIONS[kind])
            resolution, resolution_text = picked.value, picked.label
            if picked in REFUND_RESOLUTIONS:
                refund = rng.randint(59, 399) * 100
            elif picked in COMPENSATION_RESOLUTIONS:
                compensation = rng.choice((500, 1000, 1500, 2000, 3000, 5000))
            if kind in (CaseKind.WRONG_SHIPMENT, CaseKind.DAMAGED_PARCEL) or resolution in (
                "exchange",
                "return",
            ):
                postage = rng.choice((0, 1000, 1200, 1500, 2000))
                postage_payer = (
                    "shop" if kind != CaseKind.QUALITY or rng.random() < 0.7 else "customer"
                )
            flag = rng.choice((OrderFlag.BLUE, OrderFlag.GREEN, OrderFlag.YELLOW, OrderFlag.RED))
            note_text = (
                f"{sub_kind.label}，{resolution_text} {agent_names[handler]} {day.isoformat()}"
            )
        batch.cases.append((
            case_id, format_case_number(day, sequences[day]), kind.value, sub_kind.value, state.value,
            first_customer + int(rng.random() * customer_count),
            str(10**17 + int(rng.random() * 9 * 10**17)), _waybill(rng, couriers[i]), couriers[i],
            sku, rng.choice(COLOURS), rng.choice(SIZES),
            1 if rng.random() < 0.85 else rng.randint(2, 4), f"B{local:%y%m}-{rng.randint(1, 6):02d}",
            "", handler, handler, stamp(asked), stamp(first_reply) if first_reply else None,
            stamp(resolved) if resolved else None, stamp(created_utc), stamp(resolved or created_utc),
            resolution, resolution_text, refund, compensation, postage, postage_payer, note_text,
            int(flag), "[]", "", 1,
        ))  # fmt: skip
        batch.events.append((case_id, stamp(created_utc), handler, "created", None, "open", "{}"))
        if state != CaseState.OPEN:
            moved = resolved or created_utc + timedelta(minutes=5 + rng.random() * 235)
            target = CaseState.RESOLVED if state == CaseState.CLOSED else state
            batch.events.append(
                (case_id, stamp(moved), handler, "state_changed", "open", target.value, "{}")
            )
            if state == CaseState.CLOSED:
                closed_at = stamp(moved + timedelta(days=1 + rng.random() * 6))
                batch.events.append(
                    (case_id, closed_at, handler, "state_changed", "resolved", "closed", "{}")
                )
        if state == CaseState.WAITING_WAREHOUSE:
            batch.checks.append((
                case_id, "pending", "请核实底单和称重", rng.randint(300, 1500), handler,
                stamp(created_utc + timedelta(minutes=10)), 1, "", "",
            ))  # fmt: skip
        elif state == CaseState.WAITING_SUPERVISOR:
            batch.approvals.append((
                case_id, "compensation", rng.choice((3000, 5000, 8000)), "客户要求补偿，超出客服权限",
                "pending", handler, stamp(created_utc + timedelta(minutes=20)), 1, "",
            ))  # fmt: skip
        if len(batch.cases) == BATCH_SIZE:
            yield batch
            batch = _Batch()
    if batch.cases:
        yield batch


def _pick_state(rng: random.Random, age_days: int) -> CaseState:
    roll = rng.random()
    if age_days > 14:
        if roll < 0.8:
            return CaseState.CLOSED
        if roll < 0.97:
            return CaseState.RESOLVED
        return CaseState.CANCELLED
    if roll < 0.25:
        return CaseState.OPEN
    if roll < 0.35:
        return CaseState.WAITING_CUSTOMER
    if roll < 0.45:
        return CaseState.WAITING_WAREHOUSE
    if roll < 0.5:
        return CaseState.WAITING_SUPERVISOR
    if roll < 0.55:
        return CaseState.WAITING_RETURN
    if roll < 0.58:
        return CaseState.ESCALATED
    if roll < 0.85:
        return CaseState.RESOLVED
    return CaseState.CLOSED
