"""Realistic demo data: staff of every role, customers, and cases spread over recent months."""

from __future__ import annotations

import bisect
import json
import multiprocessing
import random
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from queue import Queue
from typing import Any

import peewee

from kefu_desktop.domain.case_numbers import case_number_prefix, format_case_number
from kefu_desktop.domain.claims import ClaimState, amount_to_claim
from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.couriers import courier_name
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.flows import Decision, Field, FieldType, Outcome, StepMode, flow_for
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.money import format_yuan
from kefu_desktop.domain.returns import RESOLUTIONS_SENDING_BACK, Condition, Disposition
from kefu_desktop.domain.roles import Role
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services.auth import User, hash_password, own_rule
from kefu_desktop.services.care_demo import add_care_demo
from kefu_desktop.services.settings import DEMO_ACCOUNTS_KEY, SHOW_LOGINS_KEY, demo_logins
from kefu_desktop.services.wizard import SavedOutcome, outcome_record
from kefu_desktop.store.changes import drop_change_triggers, install_change_triggers
from kefu_desktop.store.clocks import refresh_open_cases
from kefu_desktop.store.counters import last_case_sequence, sync_case_counters
from kefu_desktop.store.db import SQLITE_PRAGMAS, database, is_postgresql
from kefu_desktop.store.models import (
    ApprovalRequest,
    Case,
    CaseEvent,
    CourierClaim,
    Customer,
    Product,
    Staff,
    WarehouseCheck,
)
from kefu_desktop.store.settings import write_setting

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
    (CaseKind.ORDER_CHANGE, 10),
)


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


class RealOffice(KefuError):
    """The database holds accounts the demo did not create: it is a real office's database."""


def check_demo_database() -> None:
    """Refuse a database holding any account the demo did not create itself."""
    ours = set(demo_logins())
    others = [
        login
        for (login,) in Staff.select(Staff.login).order_by(Staff.id).tuples()
        if login not in ours
    ]
    if others:
        shown = "、".join(others[:3]) + ("等" if len(others) > 3 else "")
        raise RealOffice(
            f"该数据库里已有不是演示数据创建的账号（{shown}），像是正式使用的数据库，"
            "不能往里写演示数据。请用单独的演示数据库，例如：kefu-desktop --db 演示.db demo"
        )


def _ensure_demo_staff() -> tuple[dict[Role, list[int]], list[str]]:
    """The demo accounts (created when missing), by role, and the logins just created."""
    check_demo_database()
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
    write_setting(DEMO_ACCOUNTS_KEY, [login for login, _, _ in DEMO_STAFF])
    write_setting(SHOW_LOGINS_KEY, True)  # a demo office shows its accounts at login
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
    "postage_payer", "courier_fen", "note_text", "note_flag", "wizard_path", "attention",
    "version", "sla_promise",
)  # fmt: skip
EVENT_COLUMNS = ("case_id", "at", "actor_id", "action", "from_state", "to_state", "details")
CHECK_COLUMNS = (
    "case_id", "state", "request_note", "expected_weight_g", "requested_by_id", "requested_at",
    "version", "observed", "remark", "checked_by_id", "checked_at",
)  # fmt: skip
APPROVAL_COLUMNS = (
    "case_id", "kind", "amount_fen", "reason", "state", "requested_by_id", "requested_at",
    "version", "decision_note", "approved_fen", "decided_by_id", "decided_at", "decision",
)  # fmt: skip
CLAIM_COLUMNS = (
    "id", "case_id", "courier", "waybill_no", "claimed_fen", "received_fen", "state", "remark",
    "created_by_id", "created_at", "submitted_at", "accepted_at", "settled_at", "updated_at",
    "version",
)  # fmt: skip
BATCH_SIZE = 20_000


@dataclass
class _Batch:
    cases: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    checks: list[tuple[Any, ...]] = field(default_factory=list)
    approvals: list[tuple[Any, ...]] = field(default_factory=list)
    claims: list[tuple[Any, ...]] = field(default_factory=list)


@own_rule("只写入演示数据库：数据库里有任何不是演示数据创建的账号时拒绝")
def generate_demo(
    cases: int, months: int = 6, seed: int = 20261123, only_if_empty: bool = False
) -> DemoReport:
    """Write `cases` demo cases (and staff, customers, products, history) into the database."""
    check_demo_database()
    existing = int(Case.select(peewee.fn.COUNT(Case.id)).scalar() or 0)
    if only_if_empty and existing:
        return DemoReport(0, 0, [], skipped=True, existing_cases=existing)
    rng = random.Random(seed + existing)  # adding to demo data gives new customers and cases
    with database.atomic():
        staff, created = _ensure_demo_staff()
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
    plan = _plan(rng, _setup(cases, months, staff), first_customer, customer_count)
    if cases >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        batches = _made_elsewhere(plan)
    else:
        batches = (_chunk(plan, n) for n in range(len(plan.seeds)))
    events_written = _write_batches(batches)
    with database.atomic():
        sync_case_counters()  # the numbers above were written in bulk, past the counters
        refresh_open_cases()  # the time-promise columns the list sorts and colours by
    if fresh:
        for model in (Case, CaseEvent):
            model._schema.create_indexes(safe=True)
        install_change_triggers(database.obj)
        database.execute_sql(f"PRAGMA synchronous={SQLITE_PRAGMAS['synchronous']}")
    if is_postgresql():
        for model in (Customer, Case, CourierClaim):
            table = model._meta.table_name
            database.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
            )
    else:
        database.execute_sql("ANALYZE")
    events_written += _demo_returns(rng, staff)
    events_written += add_care_demo(rng)
    return DemoReport(cases, events_written, created)


DEMO_RETURNS = 40
"""How many recent cases whose outcome sends goods back get an expected return in the demo;
about half of them are received at the warehouse."""
_DEMO_GRADES = (
    ((Condition.GOOD, Disposition.RESTOCK), 70),
    ((Condition.DEFECTIVE, Disposition.SECONDS), 15),
    ((Condition.WORN, Disposition.SECONDS), 10),
    ((Condition.WRONG_ITEM, Disposition.BACK_TO_CUSTOMER), 5),
)


def _demo_returns(rng: random.Random, staff: dict[Role, list[int]]) -> int:
    """Expected returns for the newest cases that send goods back, receipts for some of them
    and two unmatched parcels, all through the returns service as the desks make them.
    Returns the number of history entries written."""
    from kefu_desktop.domain.returns import ReceiptLine
    from kefu_desktop.services import returns

    before = int(CaseEvent.select(peewee.fn.COUNT(CaseEvent.id)).scalar() or 0)
    users = {
        s.id: User(s.id, s.login, s.display_name, Role(s.role))
        for s in Staff.select().where(Staff.id.in_([i for ids in staff.values() for i in ids]))
    }
    clerk = users[staff[Role.WAREHOUSE][0]]
    sending_back = [r.value for r in RESOLUTIONS_SENDING_BACK]
    newest = (
        Case.select(Case.id, Case.handler)
        .where((Case.state == CaseState.RESOLVED) & Case.resolution.in_(sending_back))
        .order_by(Case.id.desc())
        .limit(DEMO_RETURNS)
    )
    for number, case in enumerate(list(newest)):
        handler = users.get(case.handler_id, clerk)
        with database.atomic():
            expected = returns._expect_for_outcome(handler, case.id)
        if expected is None:
            continue
        if number % 3 == 0 and handler.role == Role.AGENT:
            expected = returns.set_return_waybill(
                handler, expected.id, expected.version, f"YT{rng.randrange(10**12, 10**13)}"
            )
        if number % 2 == 1:
            continue
        arrived = expected.quantity if rng.random() < 0.95 else max(0, expected.quantity - 1)
        lines = [
            ReceiptLine(1, *_weighted_pick(rng, id(_DEMO_GRADES), _DEMO_GRADES))
            for _ in range(arrived)
        ]
        waybill = expected.return_waybill or f"YT{rng.randrange(10**12, 10**13)}"
        returns.receive(clerk, expected.id, expected.version, waybill, lines,
                        empty_parcel=not lines)  # fmt: skip
    for contents in ("黑色针织开衫 M 一件，无单据", "白色T恤两件，面单字迹模糊"):
        returns.register_unmatched(
            clerk, f"ZT{rng.randrange(10**12, 10**13)}", courier="ZTO", contents=contents
        )
    return int(CaseEvent.select(peewee.fn.COUNT(CaseEvent.id)).scalar() or 0) - before


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
                    if batch.claims:
                        _bulk_insert(CourierClaim, CLAIM_COLUMNS, batch.claims)
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


_SUMMARIES: dict[CaseKind, tuple[str, ...]] = {
    CaseKind.WRONG_SHIPMENT: (
        "客户说收到的颜色和订单不一样", "客户反映少了一件", "包裹里多了一件别人的衣服",
        "尺码发错了，拍的L收到M", "面单上的款号和订单对不上", "客户说两件只收到一件",
        "收到的款式不是拍的那款", "客户发来照片，吊牌货号不符",
    ),
    CaseKind.DAMAGED_PARCEL: (
        "外箱压扁，客户拒收", "签收后发现少了一件", "包装破了，衣服上有污渍",
        "快递员说箱子在路上摔了", "客户拒签，说外包装破损严重", "内件拉链被压坏",
        "签收时没验货，拆开少件", "纸箱进水，衣服受潮",
    ),
    CaseKind.QUALITY: (
        "洗了一次就起球", "袖口开线", "拉链拉不上", "有色差，和图片不一样",
        "扣子掉了一颗", "衣服上有小洞", "羽绒跑绒", "穿了两天缝线开了", "裤脚长短不一",
        "领口变形",
    ),
    CaseKind.ORDER_CHANGE: (
        "客户拍错尺码想换L码", "客户不想要了要撤单", "客户想换个颜色", "客户要求改发顺丰",
        "客户要改收货地址", "客户要求今天发货", "客户想加一个收纳袋",
    ),
    CaseKind.LOGISTICS: (
        "物流三天没更新", "地址偏远快递不派送", "快递显示签收但客户没收到",
        "快递送错地址了", "包裹丢了", "快递把箱子摔坏了",
    ),
}  # fmt: skip
_REQUEST_NOTES = (
    "请核实该单底单及发货重量是否与订单一致", "请查底单，客户说少了一件", "请称重核对，客户说颜色发错",
    "请核实发货时是否多装了一件", "请查监控和底单",
)  # fmt: skip
_CHOICE_WEIGHTS: dict[str, dict[str, int]] = {
    "ws_sub_kind": {"wrong_item": 35, "missing_item": 25, "extra_item": 15, "miscopied": 10,
                    "short_packed": 15},
    "ws_photo_check": {"confirmed": 85, "waiting": 8, "mismatch": 7},
    "refuted_action": {"explain": 80, "escalate": 20},
    "remedy_exchange_refund": {"exchange": 60, "refund": 40},
    "remedy_reship_refund": {"reship": 75, "refund": 25},
    "ws_extra_customer": {"return": 55, "denies": 15, "keeps": 30},
    "ws_keeps_way": {"pickup": 70, "appeal": 30},
    "dp_sub_kind": {"refused": 30, "signed_missing": 35, "contents_damaged": 35},
    "dp_courier_claim": {"agreed": 60, "failed": 40},
    "dp_damage_evidence": {"received": 85, "waiting": 15},
    "dp_courier_coord": {"courier_pays": 55, "shop_bears": 45},
    "within_3_days": {"yes": 60, "no": 40},
    "worn": {"no": 80, "yes": 20},
    "customer_fault": {"no": 88, "yes": 12},
    "q_photos": {"sent": 75, "refuses": 15, "waiting": 10},
    "defect": {"yes": 88, "no": 12},
    "serious": {"no": 95, "yes": 5},
    "q_remedy": {"refund": 30, "exchange": 40, "self_repair": 15, "discount": 15},
    "q_negotiate": {"agreed": 75, "disagrees": 12, "waiting": 13},
    "q_goodwill": {"explain": 55, "goodwill": 30, "paid_repair": 15},
    "oc_request": {"change": 45, "withdraw": 35, "special": 20},
    "oc_order_state": {"unpaid": 10, "not_printed": 45, "printed": 30, "shipped": 15},
    "oc_special_kind": {"address": 30, "date": 15, "today": 20, "courier": 25, "accessory": 10},
    "oc_special_can": {"yes": 85, "no": 15},
    "oc_shipped_way": {"courier_return": 55, "refuse": 45},
    "lg_sub_kind": {"unreachable": 35, "wrong_address": 15, "lost": 25, "courier_damaged": 25},
    "lg_unreachable_cause": {"courier": 40, "out_of_area": 25, "customer_address": 35},
    "lg_unreachable_remedy": {"ems_forward": 45, "return_reship": 25, "new_address": 30},
    "lg_misdelivery_remedy": {"courier_retrieve": 65, "reship": 35},
    "lg_lost_remedy": {"reship": 70, "refund": 30},
    "lg_damage_evidence": {"received": 85, "waiting": 15},
}  # fmt: skip
_VERDICT_WEIGHTS: dict[str, dict[str, int]] = {
    "warehouse_verdict": {"confirmed": 85, "refuted": 15},
    "approval": {"approved": 85, "rejected": 15},
    "supervisor_decision": {"compensate": 50, "refund": 20, "explain": 30},
    "q_back_office": {"defect": 70, "no_defect": 30},
    "oc_warehouse_result": {"intercepted": 80, "shipped": 20},
}
_MONEY: dict[str, tuple[tuple[int, int], ...]] = {
    "refund": tuple((fen, 1) for fen in (5900, 7900, 9900, 12900, 15900, 19900, 25900, 39900)),
    "postage": ((0, 30), (800, 20), (1000, 25), (1200, 15), (1500, 10)),
    "compensation": ((500, 20), (1000, 30), (1500, 15), (2000, 20), (3000, 10), (5000, 5)),
    "courier_amount": ((3000, 2), (5000, 3), (8000, 2), (12000, 1)),
    "claim_amount": ((9900, 3), (12900, 3), (15900, 2), (19900, 2), (25900, 1)),
}
_CLAIM_STEP_DAYS: dict[ClaimState, tuple[float, float]] = {
    ClaimState.SUBMITTED: (0.1, 2),
    ClaimState.ACCEPTED: (1, 4),
    ClaimState.PAID: (2, 10),
}
"""How long after the previous step a demo claim moves on (days, low to high)."""
_WAIT_HOURS: dict[CaseState, tuple[float, float]] = {
    CaseState.WAITING_CUSTOMER: (4, 96),
    CaseState.WAITING_WAREHOUSE: (2, 72),
    CaseState.WAITING_SUPERVISOR: (1, 48),
    CaseState.ESCALATED: (2, 72),
    CaseState.WAITING_RETURN: (72, 192),
}
_TABLES: dict[int, tuple[list[Any], list[float], float]] = {}


def _weighted_pick(rng: random.Random, table_id: int, pairs: Iterable[tuple[Any, int]]) -> Any:
    """One value by weight; the cumulative table is built once per weights table."""
    table = _TABLES.get(table_id)
    if table is None:
        values, cumulative, total = [], [], 0.0
        for value, weight in pairs:
            total += weight
            values.append(value)
            cumulative.append(total)
        table = _TABLES[table_id] = (values, cumulative, total)
    values, cumulative, total = table
    return values[bisect.bisect_right(cumulative, rng.random() * total)]


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return str(_weighted_pick(rng, id(weights), weights.items()))


def _pick_pair(rng: random.Random, pairs: Sequence[tuple[int, int]]) -> int:
    return int(_weighted_pick(rng, id(pairs), pairs))


_ESCALATION_AMOUNTS = ((3000, 2), (5000, 1))
_OPEN = str(CaseState.OPEN)
Said = tuple[tuple[str, Any], ...]
"""What a clerk or supervisor recorded, as history details."""
_WAREHOUSE_STEPS = frozenset({"warehouse_verdict", "q_back_office", "oc_warehouse_result"})
_STORED_VERDICTS = {
    "defect": "confirmed",
    "no_defect": "refuted",
    "intercepted": "confirmed",
    "shipped": "refuted",
}
"""A step's answer → the warehouse check's state that records it."""
_TEXTS: dict[str, tuple[str, ...]] = {
    "oc_change_to": ("改为黑色 L 码", "改为 M 码", "换成白色", "换成同款加厚款", "数量改为 2 件"),
    "oc_instruction": ("改发顺丰", "12月5日前送达", "今天下午发出", "改送公司地址", "附送收纳袋"),
    "oc_warehouse_note": ("请按运单号找到包裹拦截，按备注改单/撤单；找不到请查底单是否已发出",),
}
"""What the demo agent types into a text answer, by its key (else a warehouse request note)."""


Sampler = Callable[[random.Random, int], Any]


def _sampler(f: Field) -> Sampler:
    """How the demo agent answers one field of a step: realistic answers, by weight."""
    if f.type in (FieldType.CHOICE, FieldType.YESNO):
        weights = _CHOICE_WEIGHTS.get(f.key) or {o.value: 1 for o in f.choices()}
        return lambda rng, _weight: _pick(rng, weights)
    if f.type == FieldType.MONEY:
        pairs = _MONEY.get(f.key, _MONEY["postage"])
        return lambda rng, _weight: _pick_pair(rng, pairs)
    if f.type == FieldType.GRAMS:
        return lambda rng, weight: weight if rng.random() < 0.6 else None
    texts = _TEXTS.get(f.key, _REQUEST_NOTES)
    return lambda rng, _weight: rng.choice(texts)


class _Walker:
    """Walks a kind's flow for one demo case; decisions are remembered by their answers."""

    def __init__(self) -> None:
        self.decisions: dict[tuple[CaseKind, Any], Decision] = {}
        self.continuations: dict[tuple[Any, ...], dict[str, Any]] = {}
        self.samplers: dict[tuple[CaseKind, str], list[tuple[str, Sampler]]] = {}

    def fields(self, kind: CaseKind, step_id: str) -> list[tuple[str, Sampler]]:
        """A step's answer keys with their samplers."""
        found = self.samplers.get((kind, step_id))
        if found is None:
            step = flow_for(kind).steps[step_id]
            found = self.samplers[(kind, step_id)] = [(f.key, _sampler(f)) for f in step.fields]
        return found

    def decide(self, kind: CaseKind, answers: dict[str, Any], key: Any) -> Decision:
        """The flow's decision for `answers`, whose identity `key` the caller keeps up."""
        key = (kind, key)
        decision = self.decisions.get(key)
        if decision is None:
            decision = self.decisions[key] = flow_for(kind).decide(answers)
        return decision

    def continued(
        self, kind: CaseKind, answers: dict[str, Any], verdicts: dict[str, str]
    ) -> dict[str, Any]:
        key = (kind, tuple(answers.items()), tuple(verdicts.items()))
        found = self.continuations.get(key)
        if found is None:
            found = self.continuations[key] = flow_for(kind).continue_answers(answers, verdicts)
        return dict(found)


@dataclass
class _Walked:
    """One demo case walked to where it stands now."""

    decision: Decision | None
    answers: dict[str, Any]
    state: CaseState
    resolved_at: datetime | None
    events: list[tuple[datetime, str, str | None, str | None, str, Decision | Said]]
    """(at, action, from state, to state, who: agent / clerk / supervisor, the decision saved
    or what the clerk or supervisor recorded)"""
    checks: list[tuple[str, datetime, datetime | None, str]]
    approvals: list[tuple[str, int, int | None, str, datetime, datetime | None, str, str]]


def _walk_case(
    rng: random.Random,
    walker: _Walker,
    kind: CaseKind,
    start: datetime,
    now: datetime,
    unit_weight: int,
) -> _Walked:
    """Answer the flow step by step as an agent would; wait for the warehouse, the customer or
    the supervisor as long as that takes (a case still waiting now stays waiting)."""
    flow = flow_for(kind)
    answers: dict[str, Any] = {}
    at = start
    state = CaseState.OPEN
    events: list[tuple[datetime, str, str | None, str | None, str, Decision | Said]] = []
    checks: list[tuple[str, datetime, datetime | None, str]] = []
    approvals: list[tuple[str, int, int | None, str, datetime, datetime | None, str, str]] = []
    key: Any = ()
    while True:
        decision = walker.decide(kind, answers, key)
        if decision.next_step is not None:
            key = (key, decision.next_step)
            for field_key, sample in walker.fields(kind, decision.next_step):
                answers[field_key] = value = sample(rng, unit_weight)
                key = (*key, value)
            continue
        outcome = decision.outcome
        assert outcome is not None
        events.append((at, "wizard_saved", str(state), str(outcome.state), "agent", decision))
        if not outcome.is_waiting:
            return _Walked(decision, answers, outcome.state, at, events, checks, approvals)
        state = outcome.state
        if outcome.state == CaseState.WAITING_WAREHOUSE or outcome.warehouse_request:
            checks.append((outcome.warehouse_request, at, None, "pending"))
        if outcome.approval_kind:
            approvals.append((
                outcome.approval_kind, outcome.approval_amount_fen, None, "pending", at, None, "",
                outcome.resolution_text,
            ))  # fmt: skip
        low, high = _WAIT_HOURS[outcome.state]
        later = at + timedelta(hours=low + rng.random() * (high - low))
        if later > now:
            return _Walked(decision, answers, state, None, events, checks, approvals)
        at = later
        step = flow.steps[outcome.resume_step or ""]
        verdicts: dict[str, str] = {}
        if step.mode == StepMode.EXTERNAL:
            verdict = _pick(rng, _VERDICT_WEIGHTS[step.id])
            verdicts[step.id] = verdict
            if checks and checks[-1][3] == "pending":
                note = checks[-1][0]
                stored = _STORED_VERDICTS.get(verdict, verdict)
                checks[-1] = (note, checks[-1][1], at, stored)
            elif approvals:
                request_kind, asked, _, _, requested, _, _, reason = approvals[-1]
                approved: int | None = None
                decision_code = ""
                if request_kind == "escalation":
                    decision_code = verdict
                    approved = (
                        _pick_pair(rng, _ESCALATION_AMOUNTS) if verdict == "compensate" else 0
                    )
                    record_state = "approved"
                else:
                    record_state = verdict
                    approved = asked if verdict == "approved" else None
                approvals[-1] = (
                    request_kind,
                    asked,
                    approved,
                    record_state,
                    requested,
                    at,
                    decision_code,
                    reason,
                )
            answers = walker.continued(kind, answers, verdicts)
            if answers.get("supervisor_decision") == "compensate":
                answers["compensation"] = approvals[-1][2] or 0
            key = tuple(answers.items())
        else:
            answers = walker.continued(kind, answers, {})
            key = tuple(answers.items())
        if step.mode == StepMode.EXTERNAL:
            by_warehouse = step.id in _WAREHOUSE_STEPS
            back_to_open = state != CaseState.WAITING_RETURN
            if by_warehouse:
                said: tuple[tuple[str, Any], ...] = (("outcome", checks[-1][3]),)
            else:
                request = approvals[-1]
                said = (("kind", request[0]), ("decision", request[3]),
                        ("amount_fen", request[2] or 0), ("escalation_decision", request[6]))  # fmt: skip
            events.append((
                at, "warehouse_verdict" if by_warehouse else "approval_decided",
                str(state) if back_to_open else None, _OPEN if back_to_open else None,
                "clerk" if by_warehouse else "supervisor", said,
            ))  # fmt: skip
            if back_to_open:
                state = CaseState.OPEN


def _demo_claim(
    rng: random.Random,
    claim_id: int,
    outcome: Outcome,
    courier: str,
    waybill: str,
    opened: datetime,
    now: datetime,
) -> tuple[tuple[Any, ...], list[tuple[datetime, str, str]]]:
    """The courier claim a resolved outcome opened, moved on step by step as far as the time
    since allows: its row (times as datetimes) and history entries (at, action, details)."""
    claimed = amount_to_claim(
        outcome.resolution, outcome.claim_fen, outcome.courier_fen, outcome.refund_fen,
        outcome.postage_fen,
    )  # fmt: skip
    opened_note = f"快递理赔（{courier_name(courier)}）{ClaimState.DRAFT.label}"
    events = [(opened, "claim_opened", json.dumps(
        {"claim_id": claim_id, "amount_fen": claimed, "note": opened_note}, ensure_ascii=False))]  # fmt: skip
    dates: dict[ClaimState, datetime] = {}
    state, at, received = ClaimState.DRAFT, opened, 0
    for target in (ClaimState.SUBMITTED, ClaimState.ACCEPTED, ClaimState.PAID):
        low, high = _CLAIM_STEP_DAYS[target]
        later = at + timedelta(days=low + rng.random() * (high - low))
        if later > now or claimed <= 0:
            break
        if target == ClaimState.PAID and rng.random() < 0.2:
            target = ClaimState.REJECTED
        note = f"快递理赔：{state.label} → {target.label}"
        if target == ClaimState.PAID:
            received = claimed if rng.random() < 0.7 else claimed * 8 // 10
            note += f"，到账 ¥{format_yuan(received)}"
        state, at = target, later
        dates[target] = later
        events.append((at, "claim_moved", json.dumps(
            {"claim_id": claim_id, "note": note}, ensure_ascii=False)))  # fmt: skip
    settled = dates.get(ClaimState.PAID) or dates.get(ClaimState.REJECTED)
    row = (
        claim_id, courier, waybill, claimed, received, state.value, "", opened,
        dates.get(ClaimState.SUBMITTED), dates.get(ClaimState.ACCEPTED), settled, at, 1 + len(dates),
    )  # fmt: skip
    return row, events


def _saved_record(
    records: dict[tuple[int, int, date], tuple[SavedOutcome, str]],
    kind: CaseKind,
    saved: Decision,
    answers: dict[str, Any],
    handler: int,
    handler_name: str,
    day: date,
) -> tuple[SavedOutcome, str]:
    """The wizard's outcome record of a saved decision, and its history details as JSON."""
    assert saved.outcome is not None
    found = records.get((id(saved), handler, day))
    if found is None:
        record = outcome_record(kind, saved.outcome, saved.path, answers, handler_name, day)
        found = records[(id(saved), handler, day)] = (
            record,
            json.dumps(record.details, ensure_ascii=False),
        )
    return found


RECORDS_KEPT = 40_000
"""Saved outcomes remembered by (decision, agent, day) while making cases (bounded memory)."""
PARALLEL_FROM = 50_000
"""From this many cases the cases are made in a second process (where processes fork) while
this one writes them."""


@dataclass(frozen=True)
class _Setup:
    """What making the cases reads from the database, read before they are made."""

    cases: int
    staff: dict[Role, list[int]]
    names: dict[int, str]
    first_case: int
    sequences: dict[date, int]
    """The last case number already used, by local day."""
    now_utc: datetime
    offset: timedelta
    span: timedelta
    postgresql: bool
    claim_offset: int = 0
    """A case's demo claim has id case id + this (above the claims already stored)."""


def _setup(cases: int, months: int, staff: dict[Role, list[int]]) -> _Setup:
    now_utc = utc_now().replace(microsecond=0) - timedelta(minutes=1)
    offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    span = timedelta(days=30 * max(1, months))
    first_day = (now_utc - span + offset).date()
    days = (now_utc + offset).date() - first_day
    first_case = int(Case.select(peewee.fn.MAX(Case.id)).scalar() or 0) + 1
    last_claim = int(CourierClaim.select(peewee.fn.MAX(CourierClaim.id)).scalar() or 0)
    return _Setup(
        cases=cases,
        staff=staff,
        names={s.id: s.display_name for s in Staff.select()},
        first_case=first_case,
        sequences={
            day: last_case_sequence(case_number_prefix(day))
            for day in (first_day + timedelta(days=n) for n in range(days.days + 1))
        },
        now_utc=now_utc,
        offset=offset,
        span=span,
        postgresql=is_postgresql(),
        claim_offset=max(0, last_claim - first_case + 1),
    )


@dataclass(frozen=True)
class _Plan:
    """Every case's creation time, kind, courier, day and number, drawn up front, and one seed
    per chunk of `BATCH_SIZE` cases: a chunk is made the same wherever it is made."""

    setup: _Setup
    created: list[datetime]
    kinds: list[CaseKind]
    couriers: list[str]
    case_numbers: list[str]
    seeds: list[int]
    first_customer: int
    customer_count: int


def _plan(rng: random.Random, setup: _Setup, first_customer: int, customer_count: int) -> _Plan:
    cases, span = setup.cases, setup.span
    start = setup.now_utc - span
    created = [start + span * fraction for fraction in sorted(rng.random() for _ in range(cases))]
    sequences = dict(setup.sequences)
    case_numbers = []
    for moment in created:
        day = (moment + setup.offset).date()
        sequences[day] += 1
        case_numbers.append(format_case_number(day, sequences[day]))
    return _Plan(
        setup=setup,
        created=created,
        kinds=_weighted(rng, _KIND_WEIGHTS, cases),
        couriers=_weighted(rng, _COURIER_WEIGHTS, cases),
        case_numbers=case_numbers,
        seeds=[rng.getrandbits(64) for _ in range(0, cases, BATCH_SIZE)],
        first_customer=first_customer,
        customer_count=customer_count,
    )


_WALKER = _Walker()
_PATH_JSON: dict[int, str] = {}
_RECORDS: dict[tuple[int, int, date], tuple[SavedOutcome, str]] = {}
_SAID_JSON: dict[Said, str] = {}
"""What making cases remembers between chunks, per process: decisions by their answers, paths
and history details as JSON, saved outcomes by (decision, agent, day)."""

_FORKED_PLAN: list[_Plan] = []
"""The plan the forked workers read (inherited, not sent)."""


def _made_elsewhere(plan: _Plan) -> Iterator[_Batch]:
    """The plan's chunks, made by two forked worker processes while this one writes them, in
    order, so that making and writing use every processor core."""
    context = multiprocessing.get_context("fork")
    _FORKED_PLAN[:] = [plan]
    pool = context.Pool(processes=2)

    def received() -> Iterator[_Batch]:
        try:
            yield from pool.imap(_forked_chunk, range(len(plan.seeds)))
        finally:
            pool.terminate()
            pool.join()
            _FORKED_PLAN.clear()

    return received()


def _forked_chunk(index: int) -> _Batch:
    return _chunk(_FORKED_PLAN[0], index)


def _chunk(plan: _Plan, index: int) -> _Batch:
    """Chunk `index` of the plan: its cases, each walked through its kind's decision flow, with
    their history, warehouse checks and approvals (no database access)."""
    begin = index * BATCH_SIZE
    end = min(begin + BATCH_SIZE, plan.setup.cases)
    return _case_batch(random.Random(plan.seeds[index]), plan, range(begin, end))


def _case_batch(rng: random.Random, plan: _Plan, indexes: range) -> _Batch:
    setup = plan.setup
    staff = setup.staff
    agents = staff[Role.AGENT] + staff[Role.SUPERVISOR]
    supervisors = staff[Role.SUPERVISOR] or agents
    clerks = staff[Role.WAREHOUSE] or agents
    names = setup.names
    now_utc, offset = setup.now_utc, setup.offset
    first_case = setup.first_case
    first_customer, customer_count = plan.first_customer, plan.customer_count
    kinds, couriers = plan.kinds, plan.couriers
    stamp: Callable[[datetime], Any] = (lambda moment: moment) if setup.postgresql else str
    records = _RECORDS
    said_json = _SAID_JSON
    walker = _WALKER
    path_json = _PATH_JSON
    batch = _Batch()
    for i in indexes:
        created_utc = plan.created[i]
        local = created_utc + offset
        case_id = first_case + i
        kind = kinds[i]
        handler = rng.choice(agents)
        asked = created_utc - timedelta(minutes=rng.random() * 30)
        late = rng.random() < 0.05  # most first replies keep the 5-minute promise
        reply_at = asked + timedelta(seconds=20 + rng.random() * (3300 if late else 260))
        first_reply = reply_at if reply_at <= now_utc else None
        sku, _, unit_weight = DEMO_PRODUCTS[int(rng.random() * len(DEMO_PRODUCTS))]
        summary = rng.choice(_SUMMARIES[kind])
        waybill = _waybill(rng, couriers[i])
        sub_kind: str | None = None
        resolution = resolution_text = note_text = payer = ""
        refund = compensation = courier_fen = postage = flag = 0
        path = "[]"
        resolved: datetime | None = None
        events: list[tuple[Any, ...]] = [
            (case_id, stamp(created_utc), handler, "created", None, "open", "{}")
        ]
        updated = created_utc
        cancelled = rng.random() < 0.02
        fresh = first_reply is None or (
            now_utc - created_utc < timedelta(hours=12) and rng.random() < 0.4
        )
        if cancelled or fresh:
            state = CaseState.CANCELLED if cancelled else CaseState.OPEN
            if cancelled:
                events.append((case_id, stamp(created_utc + timedelta(minutes=3)), handler,
                               "wizard_discarded", "open", "cancelled", '{"note": "放弃新建向导"}'))  # fmt: skip
        else:
            walk_start = max(created_utc, first_reply or created_utc) + timedelta(
                minutes=2 + rng.random() * 20
            )
            walked = _walk_case(rng, walker, kind, walk_start, now_utc, unit_weight)
            state = walked.state
            decision = walked.decision
            assert decision is not None and decision.outcome is not None

            key = id(decision)
            last_save = walked.events[-1][0]
            record, _ = _saved_record(records, kind, decision, walked.answers, handler,
                                      names[handler], (last_save + offset).date())  # fmt: skip
            fields = record.fields
            sub_kind = fields["sub_kind"].value if fields["sub_kind"] else None
            resolution, resolution_text = fields["resolution"], fields["resolution_text"]
            refund, compensation = fields["refund_fen"], fields["compensation_fen"]
            courier_fen, postage, payer = (
                fields["courier_fen"],
                fields["postage_fen"],
                fields["postage_payer"],
            )
            note_text, flag = fields["note_text"], fields["note_flag"]
            if key not in path_json:
                path_json[key] = json.dumps(decision.path, ensure_ascii=False)
            path = path_json[key]
            resolved = walked.resolved_at
            updated = max(at for at, *_ in walked.events)
            clerk, decider = rng.choice(clerks), rng.choice(supervisors)
            actors = {"agent": handler, "clerk": clerk, "supervisor": decider}
            for at, action, before, after, who, saved in walked.events:
                if not isinstance(saved, Decision):
                    details = said_json.get(saved)
                    if details is None:
                        details = said_json[saved] = json.dumps(dict(saved), ensure_ascii=False)
                else:
                    _, details = _saved_record(records, kind, saved, walked.answers, handler,
                                               names[handler], (at + offset).date())  # fmt: skip
                events.append((case_id, stamp(at), actors[who], action, before, after, details))
            for note, requested, checked, check_state in walked.checks:
                batch.checks.append((
                    case_id, check_state, note or rng.choice(_REQUEST_NOTES), None, handler,
                    stamp(requested), 1, "", "", clerk if checked else None,
                    stamp(checked) if checked else None,
                ))  # fmt: skip
            for (
                request_kind,
                asked_fen,
                approved,
                request_state,
                requested,
                decided,
                code,
                reason,
            ) in walked.approvals:
                batch.approvals.append((
                    case_id, request_kind, asked_fen, reason, request_state, handler,
                    stamp(requested), 1, "", approved, decider if decided else None,
                    stamp(decided) if decided else None, code,
                ))  # fmt: skip
            if resolved is not None and decision.outcome.claims_courier:
                claim, claim_events = _demo_claim(
                    rng, case_id + setup.claim_offset, decision.outcome, couriers[i], waybill,
                    resolved, now_utc,
                )  # fmt: skip
                batch.claims.append((
                    claim[0], case_id, *claim[1:7], handler,
                    *(stamp(t) if t else None for t in claim[7:12]), claim[12],
                ))  # fmt: skip
                for at, action, details in claim_events:
                    events.append((case_id, stamp(at), handler, action, None, None, details))
                updated = max(updated, claim_events[-1][0])
        if state == CaseState.RESOLVED and resolved is not None:
            updated = max(updated, resolved)
            closed_at = resolved + timedelta(days=1 + rng.random() * 6)
            if closed_at < now_utc:
                state = CaseState.CLOSED
                updated = closed_at
                events.append((case_id, stamp(closed_at), handler, "state_changed", "resolved",
                               "closed", "{}"))  # fmt: skip
        batch.cases.append((
            case_id, plan.case_numbers[i], kind.value, sub_kind, state.value,
            first_customer + int(rng.random() * customer_count),
            str(10**17 + int(rng.random() * 9 * 10**17)), waybill, couriers[i],
            sku, rng.choice(COLOURS), rng.choice(SIZES),
            1 if rng.random() < 0.85 else rng.randint(2, 4), f"B{local:%y%m}-{rng.randint(1, 6):02d}",
            summary, handler, handler, stamp(asked), stamp(first_reply) if first_reply else None,
            stamp(resolved) if resolved else None, stamp(created_utc), stamp(updated),
            resolution, resolution_text, refund, compensation, postage, payer, courier_fen,
            note_text, flag, path, "", 1, "",
        ))  # fmt: skip
        batch.events.extend(events)
    if len(records) > RECORDS_KEPT:
        records.clear()
    return batch
