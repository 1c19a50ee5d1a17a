"""Realistic demo data: staff of every role, customers, and cases spread over recent months."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import peewee

from kefu_desktop.domain.case_numbers import format_case_number
from kefu_desktop.domain.clock import to_utc, utc_now
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
from kefu_desktop.store.db import database, is_postgresql
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
    return moment if is_postgresql() else moment.isoformat(sep=" ")


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


def generate_demo(
    cases: int, months: int = 6, seed: int = 20261123, only_if_empty: bool = False
) -> DemoReport:
    """Write `cases` demo cases (and staff, customers, products, history) into the database."""
    existing = int(Case.select(peewee.fn.COUNT(Case.id)).scalar() or 0)
    if only_if_empty and existing:
        return DemoReport(0, 0, [], skipped=True, existing_cases=existing)
    rng = random.Random(seed)
    with database.atomic():
        staff, created = ensure_demo_staff()
        for sku, name, grams in DEMO_PRODUCTS:
            Product.insert(sku=sku, name=name, unit_weight_g=grams).on_conflict_ignore().execute()
    agents = staff[Role.AGENT] + staff[Role.SUPERVISOR]
    warehouse = staff[Role.WAREHOUSE]
    if cases == 0:
        return DemoReport(0, 0, created)

    now_local = datetime.now().replace(microsecond=0)
    span = timedelta(days=30 * max(1, months))
    start = now_local - span
    offsets = sorted(rng.random() for _ in range(cases))
    created_local = [start + span * o for o in offsets]

    customer_names = _customer_ids(rng, max(20, cases // 3))
    first_customer = int(Customer.select(peewee.fn.MAX(Customer.id)).scalar() or 0) + 1
    first_case = int(Case.select(peewee.fn.MAX(Case.id)).scalar() or 0) + 1
    with database.atomic():
        existing_names = {
            c
            for (c,) in Customer.select(Customer.platform_id)
            .where(Customer.platform_id.in_(customer_names[:1000]))
            .tuples()
        }
        customer_names = [n for n in customer_names if n not in existing_names]
        created_at = _db_time(utc_now())
        _bulk_insert(
            Customer,
            ("id", "platform_id", "created_at"),
            ((first_customer + i, name, created_at) for i, name in enumerate(customer_names)),
        )
    customer_count = len(customer_names)
    sequences: dict[str, int] = {}
    for (case_no,) in Case.select(Case.case_no).order_by(Case.case_no.desc()).limit(1).tuples():
        sequences[case_no[2:10]] = int(case_no[11:])

    kinds = _weighted(rng, _KIND_WEIGHTS, cases)
    couriers = _weighted(rng, _COURIER_WEIGHTS, cases)
    case_columns = (
        "id", "case_no", "kind", "sub_kind", "state", "customer_id", "order_no", "waybill_no",
        "courier", "sku", "colour", "size", "quantity", "batch", "summary", "handler_id",
        "created_by_id", "asked_at", "first_reply_at", "resolved_at", "created_at", "updated_at",
        "resolution", "resolution_text", "refund_fen", "compensation_fen", "postage_fen",
        "postage_payer", "note_text", "note_flag", "wizard_path", "attention", "version",
    )  # fmt: skip
    event_columns = ("case_id", "at", "actor_id", "action", "from_state", "to_state", "details")
    agent_names = {s.id: s.display_name for s in Staff.select()}
    events_written = 0
    batch_size = 20_000
    for batch_start in range(0, cases, batch_size):
        case_rows: list[tuple[Any, ...]] = []
        event_rows: list[tuple[Any, ...]] = []
        pending_checks: list[tuple[Any, ...]] = []
        pending_approvals: list[tuple[Any, ...]] = []
        for i in range(batch_start, min(cases, batch_start + batch_size)):
            local = created_local[i]
            day_key = local.strftime("%Y%m%d")
            seq = sequences.get(day_key, 0) + 1
            sequences[day_key] = seq
            case_id = first_case + i
            kind = kinds[i]
            sub_kind = rng.choice(SUB_KINDS[kind])
            age_days = (now_local - local).days
            state = _pick_state(rng, age_days)
            handler = rng.choice(agents)
            created_utc = to_utc(local)
            asked = created_utc - timedelta(minutes=rng.randint(0, 30))
            first_reply = (
                asked + timedelta(seconds=rng.randint(20, 9 * 60)) if rng.random() < 0.97 else None
            )
            resolved = None
            resolution = resolution_text = note_text = postage_payer = ""
            refund = compensation = postage = 0
            flag = OrderFlag.NONE
            sku, _name, _grams = rng.choice(DEMO_PRODUCTS)
            if state in (CaseState.RESOLVED, CaseState.CLOSED):
                resolved = created_utc + timedelta(minutes=rng.randint(15, 60 * 24 * 4))
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
                flag = rng.choice(
                    (OrderFlag.BLUE, OrderFlag.GREEN, OrderFlag.YELLOW, OrderFlag.RED)
                )
                note_text = (
                    f"{sub_kind.label}，{resolution_text} {agent_names[handler]} {local:%Y-%m-%d}"
                )
            updated = resolved or created_utc
            case_rows.append((
                case_id, format_case_number(local.date(), seq), kind.value, sub_kind.value, state.value,
                first_customer + rng.randrange(customer_count), str(rng.randint(10**17, 10**19 - 1)),
                _waybill(rng, couriers[i]), couriers[i], sku, rng.choice(COLOURS), rng.choice(SIZES),
                1 if rng.random() < 0.85 else rng.randint(2, 4), f"B{local:%y%m}-{rng.randint(1, 6):02d}",
                "", handler, handler, _db_time(asked),
                _db_time(first_reply) if first_reply else None, _db_time(resolved) if resolved else None,
                _db_time(created_utc), _db_time(updated), resolution, resolution_text, refund,
                compensation, postage, postage_payer, note_text, int(flag), "[]", "", 1,
            ))  # fmt: skip
            event_rows.append(
                (case_id, _db_time(created_utc), handler, "created", None, "open", "{}")
            )
            if state != CaseState.OPEN:
                moved = resolved or created_utc + timedelta(minutes=rng.randint(5, 240))
                target = CaseState.RESOLVED if state == CaseState.CLOSED else state
                event_rows.append(
                    (case_id, _db_time(moved), handler, "state_changed", "open", target.value, "{}")
                )
                if state == CaseState.CLOSED:
                    closed_at = moved + timedelta(days=rng.randint(1, 7))
                    event_rows.append(
                        (
                            case_id,
                            _db_time(closed_at),
                            handler,
                            "state_changed",
                            "resolved",
                            "closed",
                            "{}",
                        )
                    )
            if state == CaseState.WAITING_WAREHOUSE and warehouse:
                pending_checks.append(
                    (
                        case_id,
                        "pending",
                        "请核实底单和称重",
                        rng.randint(300, 1500),
                        handler,
                        _db_time(created_utc + timedelta(minutes=10)),
                        1,
                        "",
                        "",
                    )
                )
            if state == CaseState.WAITING_SUPERVISOR:
                pending_approvals.append(
                    (
                        case_id,
                        "compensation",
                        rng.choice((3000, 5000, 8000)),
                        "客户要求补偿，超出客服权限",
                        "pending",
                        handler,
                        _db_time(created_utc + timedelta(minutes=20)),
                        1,
                        "",
                    )
                )
        with database.atomic():
            _bulk_insert(Case, case_columns, case_rows)
            _bulk_insert(CaseEvent, event_columns, event_rows)
            if pending_checks:
                _bulk_insert(
                    WarehouseCheck,
                    (
                        "case_id",
                        "state",
                        "request_note",
                        "expected_weight_g",
                        "requested_by_id",
                        "requested_at",
                        "version",
                        "observed",
                        "remark",
                    ),
                    pending_checks,
                )
            if pending_approvals:
                _bulk_insert(
                    ApprovalRequest,
                    (
                        "case_id",
                        "kind",
                        "amount_fen",
                        "reason",
                        "state",
                        "requested_by_id",
                        "requested_at",
                        "version",
                        "decision_note",
                    ),
                    pending_approvals,
                )
        events_written += len(event_rows)
    if is_postgresql():
        for model in (Customer, Case):
            table = model._meta.table_name
            database.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT MAX(id) FROM \"{table}\"))"
            )
    if not is_postgresql():
        database.execute_sql("ANALYZE")
    return DemoReport(cases, events_written, created)


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
