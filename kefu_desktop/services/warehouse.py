"""Warehouse checks (核实底单、称重): request, queue, find by scanned waybill, record the verdict."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import peewee

from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.couriers import COURIER_BY_CODE, normalise_waybill
from kefu_desktop.domain.errors import (
    KefuError,
    NotFound,
    StaleRecord,
    ValidationError,
    who_and_when,
)
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.scale import check_weight_g, format_kg
from kefu_desktop.domain.states import CaseState
from kefu_desktop.domain.text import TextKind, clean_text, search_key
from kefu_desktop.domain.weights import (
    GoodsLine,
    Tolerance,
    compare_weights,
    expected_parcel_weight,
)
from kefu_desktop.services import cases
from kefu_desktop.services.auth import User, operation
from kefu_desktop.services.case_rules import case_row, check_may_change
from kefu_desktop.services.products import unit_weight_g
from kefu_desktop.services.warehouse_settings import get_packaging_g, get_tolerance
from kefu_desktop.store.db import database
from kefu_desktop.store.models import Case, Customer, Staff, WarehouseCheck
from kefu_desktop.store.queries import read_dicts

if TYPE_CHECKING:
    from kefu_desktop.services import evidence

DEFAULT_REQUEST_NOTE = "核实底单、称重"
MAX_TEXT = 2000
ATTENTION_MAX = 200


class CheckState(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REFUTED = "refuted"

    @property
    def label(self) -> str:
        return CHECK_STATE_LABELS[self]


CHECK_STATE_LABELS: dict[CheckState, str] = {
    CheckState.PENDING: "待核实",
    CheckState.CONFIRMED: "属实",
    CheckState.REFUTED: "不符",
}


@dataclass(frozen=True)
class CheckView:
    """A warehouse check with what the clerk needs to see about its case."""

    id: int
    state: CheckState
    case_id: int
    case_no: str
    case_state: CaseState
    customer_id: str
    order_no: str
    waybill_no: str
    courier: str
    sku: str
    quantity: int
    request_note: str
    expected_weight_g: int | None
    requested_by_name: str
    requested_at: datetime
    stub_found: bool | None
    stub_matches: bool | None
    measured_weight_g: int | None
    observed: str
    remark: str
    checked_by_name: str
    checked_at: datetime | None
    version: int
    case_kind: str = ""

    @property
    def is_parcel_search(self) -> bool:
        """An order change's request: find the parcel and change or withdraw it (找包裹拦截)."""
        return self.case_kind == CaseKind.ORDER_CHANGE

    @property
    def courier_name(self) -> str:
        courier = COURIER_BY_CODE.get(self.courier)
        return courier.name if courier else self.courier


@dataclass(frozen=True)
class Verdict:
    """What the clerk records: confirmed (the customer's account holds) or refuted."""

    outcome: CheckState
    stub_found: bool
    stub_matches: bool | None
    """Whether the stub matches the order; None when the stub was not found."""
    measured_weight_g: int | None
    observed: str = ""
    remark: str = ""


def age_text(since: datetime, now: datetime | None = None) -> str:
    """How long ago, in the words of the desk: '刚刚', '25 分钟前', '3 小时前', '2 天前'."""
    seconds = max(0, int(((now or utc_now()) - since).total_seconds()))
    if seconds < 60:
        return "刚刚"
    if seconds < 3600:
        return f"{seconds // 60} 分钟前"
    if seconds < 86400:
        return f"{seconds // 3600} 小时前"
    return f"{seconds // 86400} 天前"


Requester = Staff.alias("requester")
Checker = Staff.alias("checker")


def _check_query() -> Any:
    return (
        WarehouseCheck.select(
            WarehouseCheck,
            Case.case_no,
            Case.state.alias("case_state"),
            Case.order_no,
            Case.waybill_no,
            Case.courier,
            Case.sku,
            Case.quantity,
            Case.kind.alias("case_kind"),
            Customer.platform_id,
            Requester.display_name.alias("requester_name"),
            Checker.display_name.alias("checker_name"),
        )
        .join(Case, on=(WarehouseCheck.case == Case.id))
        .join(Customer, on=(Case.customer == Customer.id))
        .switch(WarehouseCheck)
        .join(Requester, peewee.JOIN.LEFT_OUTER, on=(WarehouseCheck.requested_by == Requester.id))
        .switch(WarehouseCheck)
        .join(Checker, peewee.JOIN.LEFT_OUTER, on=(WarehouseCheck.checked_by == Checker.id))
    )


def _view(row: dict[str, Any]) -> CheckView:
    return CheckView(
        id=row["id"],
        state=CheckState(row["state"]),
        case_id=row["case"],
        case_no=row["case_no"],
        case_state=CaseState(row["case_state"]),
        customer_id=row["platform_id"],
        order_no=row["order_no"],
        waybill_no=row["waybill_no"],
        courier=row["courier"],
        sku=row["sku"],
        quantity=row["quantity"],
        request_note=row["request_note"],
        expected_weight_g=row["expected_weight_g"],
        requested_by_name=row["requester_name"] or "",
        requested_at=row["requested_at"],
        stub_found=row["stub_found"],
        stub_matches=row["stub_matches"],
        measured_weight_g=row["measured_weight_g"],
        observed=row["observed"],
        remark=row["remark"],
        checked_by_name=row["checker_name"] or "",
        checked_at=row["checked_at"],
        version=row["version"],
        case_kind=row["case_kind"],
    )


@operation(Operation.WAREHOUSE_QUEUE)
def list_pending(user: User, limit: int = 500) -> list[CheckView]:
    """Checks waiting for the warehouse, oldest request first."""
    query = (
        _check_query()
        .where(WarehouseCheck.state == CheckState.PENDING)
        .order_by(WarehouseCheck.requested_at, WarehouseCheck.id)
        .limit(limit)
    )
    return [_view(r) for r in read_dicts(query)]  # thousands of rows: read plainly


def get_check(check_id: int) -> CheckView:
    """One check; `NotFound` if it is gone."""
    row = _check_query().where(WarehouseCheck.id == check_id).dicts().first()
    if row is None:
        raise NotFound("找不到该核实请求，可能已被删除。请刷新列表。")
    return _view(row)


def checks_for_case(case_id: int) -> list[CheckView]:
    """Every check of a case, oldest first (for the case's detail pane)."""
    query = (
        _check_query()
        .where(WarehouseCheck.case == case_id)
        .order_by(WarehouseCheck.requested_at, WarehouseCheck.id)
        .dicts()
    )
    return [_view(r) for r in query]


@operation(Operation.WAREHOUSE_QUEUE)
def find_pending_by_waybill(user: User, scanned: str) -> CheckView:
    """The pending check of the parcel whose waybill was scanned (oldest if several).

    Raises `NotFound` with a message saying whether the waybill is unknown or simply has
    nothing waiting.
    """
    waybill = normalise_waybill(search_key(scanned))
    if not waybill:
        raise ValidationError("请扫描或输入运单号。", "waybill")
    row = (
        _check_query()
        .where((Case.waybill_no == waybill) & (WarehouseCheck.state == CheckState.PENDING))
        .order_by(WarehouseCheck.requested_at, WarehouseCheck.id)
        .dicts()
        .first()
    )
    if row is not None:
        return _view(row)
    if Case.select().where(Case.waybill_no == waybill).exists():
        raise NotFound(f"运单号 {waybill} 没有待核实的请求（可能已核实过）。请核对包裹。")
    raise NotFound(f"没有找到运单号 {waybill} 的售后单。请核对面单，或让客服先发起核实。")


def expected_weight_for_case(case_id: int) -> int | None:
    """The expected parcel weight from the case's goods and the packaging, if the SKU is known."""
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        return None
    unit = unit_weight_g(case.sku)
    if unit is None:
        return None
    return expected_parcel_weight([GoodsLine(unit, case.quantity)], get_packaging_g())


@operation(Operation.REQUEST_WAREHOUSE_CHECK)
def request_check(
    user: User,
    case_id: int,
    request_note: str,
    expected_weight_g: int | None = None,
    *,
    case_version: int | None = None,
) -> CheckView:
    """Ask the warehouse to check the stub and weight; the case waits for the warehouse.

    `expected_weight_g` defaults to the weight computed from the case's goods when the product
    table knows its SKU. Pass `case_version` to refuse the request if the case changed since.
    """
    note = clean_text(request_note, TextKind.TEXT, "核实说明", "request_note", MAX_TEXT)
    note = note or DEFAULT_REQUEST_NOTE
    if expected_weight_g is not None:
        check_weight_g(expected_weight_g)
    with database.atomic():
        case = case_row(case_id)
        check_may_change(user, case)
        if not case.waybill_no:
            raise ValidationError(
                "该售后单没有运单号，仓库无法查找底单。请先填写运单号。", "waybill"
            )
        pending = (
            WarehouseCheck.select()
            .where((WarehouseCheck.case == case_id) & (WarehouseCheck.state == CheckState.PENDING))
            .exists()
        )
        if pending:
            raise KefuError(f"售后单 {case.case_no} 已有待仓库核实的请求，请等待仓库结果。")
        if expected_weight_g is None:
            expected_weight_g = expected_weight_for_case(case_id)
        check = WarehouseCheck.create(
            case=case_id,
            state=CheckState.PENDING,
            request_note=note,
            expected_weight_g=expected_weight_g,
            requested_by=user.id,
            requested_at=utc_now(),
        )
        cases._apply_change(
            user,
            case_id,
            case.version if case_version is None else case_version,
            "warehouse_check_requested",
            {},
            {"check_id": check.id, "note": note, "expected_weight_g": expected_weight_g},
            target_state=CaseState.WAITING_WAREHOUSE,
        )
    return get_check(check.id)


def _clean_verdict(verdict: Verdict) -> Verdict:
    if verdict.outcome not in (CheckState.CONFIRMED, CheckState.REFUTED):
        raise ValidationError("请选择核实结果：属实或不符。", "outcome")
    if verdict.stub_found and verdict.stub_matches is None:
        raise ValidationError("找到了底单，请选择底单与订单是否相符。", "stub_matches")
    if verdict.measured_weight_g is not None:
        check_weight_g(verdict.measured_weight_g)
    observed = clean_text(verdict.observed, TextKind.TEXT, "所见情况", "observed", MAX_TEXT)
    remark = clean_text(verdict.remark, TextKind.TEXT, "备注", "remark", MAX_TEXT)
    if not verdict.stub_found and verdict.measured_weight_g is None and not observed:
        raise ValidationError("没找到底单时，请称重或写明所见情况。", "observed")
    return Verdict(
        outcome=verdict.outcome,
        stub_found=verdict.stub_found,
        stub_matches=verdict.stub_matches if verdict.stub_found else None,
        measured_weight_g=verdict.measured_weight_g,
        observed=observed,
        remark=remark,
    )


PARCEL_SEARCH_HEADS: dict[CheckState, str] = {
    CheckState.CONFIRMED: "仓库已找到包裹，已改单/撤单",
    CheckState.REFUTED: "仓库未找到包裹，查底单已发出",
}
"""What the two verdicts mean on an order change's request (找包裹拦截)."""


def attention_text(
    verdict: Verdict, expected_g: int | None, tolerance: Tolerance, parcel_search: bool = False
) -> str:
    """The line the agent sees highlighted in the case list, e.g. '仓库核实属实：底单不符；实重 1.234 kg'."""
    head = "仓库核实属实" if verdict.outcome == CheckState.CONFIRMED else "仓库核实不符"
    parts: list[str] = []
    if parcel_search:  # what the clerk did with the parcel, not a stub's or weight's check
        head = PARCEL_SEARCH_HEADS[verdict.outcome]
        text = f"{head}：{verdict.observed}" if verdict.observed else head
        return text if len(text) <= ATTENTION_MAX else text[: ATTENTION_MAX - 1] + "…"
    if not verdict.stub_found:
        parts.append("未找到底单")
    else:
        parts.append("底单相符" if verdict.stub_matches else "底单不符")
    if verdict.measured_weight_g is not None:
        weight = f"实重 {format_kg(verdict.measured_weight_g)} kg"
        if expected_g is not None:
            comparison = compare_weights(expected_g, verdict.measured_weight_g, tolerance)
            weight += f"，{comparison.describe()}"
        parts.append(weight)
    text = f"{head}：{'；'.join(parts)}"
    return text if len(text) <= ATTENTION_MAX else text[: ATTENTION_MAX - 1] + "…"


@operation(Operation.RECORD_VERDICT)
def record_verdict(
    user: User,
    check_id: int,
    expected_version: int,
    verdict: Verdict,
    tolerance: Tolerance | None = None,
) -> CheckView:
    """Save the clerk's verdict and move the agent's case on, highlighted, with history.

    A waiting case goes back to 处理中 with `attention` set. Raises `StaleRecord` when a
    colleague recorded this check first.
    """
    verdict = _clean_verdict(verdict)
    with database.atomic():
        check = WarehouseCheck.get_or_none(WarehouseCheck.id == check_id)
        if check is None:
            raise NotFound("找不到该核实请求，可能已被撤回。请刷新列表。")
        now = utc_now()
        updated = (
            WarehouseCheck.update(
                state=verdict.outcome,
                stub_found=verdict.stub_found,
                stub_matches=verdict.stub_matches,
                measured_weight_g=verdict.measured_weight_g,
                observed=verdict.observed,
                remark=verdict.remark,
                checked_by=user.id,
                checked_at=now,
                version=WarehouseCheck.version + 1,
            )
            .where(
                (WarehouseCheck.id == check_id)
                & (WarehouseCheck.version == expected_version)
                & (WarehouseCheck.state == CheckState.PENDING)
            )
            .execute()
        )
        if updated != 1:
            if check.state != CheckState.PENDING:
                done = get_check(check_id)
                by = done.checked_by_name or "同事"
                raise StaleRecord(
                    f"售后单 {done.case_no} 的核实已被 {who_and_when(by, done.checked_at)} "
                    f"录入结果（{CheckState(done.state).label}），你的输入未保存。"
                    "请点“重新载入”查看。",
                    changed_by=by,
                    changed_at=done.checked_at,
                )
            raise StaleRecord(
                f"售后单 {check.case.case_no} 的核实请求已被同事修改，你的输入未保存。"
                "请点“重新载入”后重新录入。"
            )
        case = check.case
        attention = attention_text(
            verdict,
            check.expected_weight_g,
            tolerance or get_tolerance(),
            parcel_search=case.kind == CaseKind.ORDER_CHANGE,
        )
        target = CaseState.OPEN if case.state == CaseState.WAITING_WAREHOUSE else None
        cases._apply_change(
            user,
            case.id,
            None,
            "warehouse_verdict",
            {"attention": attention},
            {
                "check_id": check_id,
                "outcome": verdict.outcome.value,
                "stub_found": verdict.stub_found,
                "stub_matches": verdict.stub_matches,
                "measured_weight_g": verdict.measured_weight_g,
                "expected_weight_g": check.expected_weight_g,
                "observed": verdict.observed,
                "remark": verdict.remark,
            },
            target_state=target,
        )
    return get_check(check_id)


@operation(Operation.RECORD_VERDICT)
def add_stub_photos(
    user: User,
    check_id: int,
    sources: Sequence[evidence.PhotoSource],
    progress: Callable[[int, int, evidence.FileOutcome], None] | None = None,
) -> evidence.ImportReport:
    """Archive photos of the waybill stub with the check's case (售后问题图片, named by customer)."""
    from kefu_desktop.services import evidence  # Pillow loads with the first photo, not at start

    check = get_check(check_id)
    return evidence._add_photos(user, check.case_id, sources, progress=progress)


@operation(Operation.WAREHOUSE_QUEUE)
def stub_photo_count(user: User, check_id: int) -> int:
    """How many photos the check's case has in the evidence archive."""
    from kefu_desktop.services import evidence

    return evidence.count_for_case(get_check(check_id).case_id)
