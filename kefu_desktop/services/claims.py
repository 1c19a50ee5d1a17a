"""Courier claims (快递理赔): opened by the outcomes that claim against the courier, moved one
step at a time, kept with the case's history, and their evidence pack for the courier.

Every change of a claim is refused when a colleague saved it since it was read (its version),
and is written with a history entry on its case in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

import peewee

from kefu_desktop.domain.claims import (
    MAX_REMARK_LENGTH,
    OPEN_CLAIM_STATES,
    ClaimAge,
    ClaimState,
    amount_to_claim,
    check_claim_amounts,
    check_claim_move,
)
from kefu_desktop.domain.clock import to_local, utc_now
from kefu_desktop.domain.couriers import courier_name
from kefu_desktop.domain.errors import NotFound, StaleRecord, ValidationError, who_and_when
from kefu_desktop.domain.flows import Outcome
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.labels import label_of
from kefu_desktop.domain.money import format_yuan
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.text import TextKind, clean_text
from kefu_desktop.services import cases
from kefu_desktop.services.auth import User, operation
from kefu_desktop.services.case_rules import case_row, check_may_change
from kefu_desktop.services.evidence import archive_root
from kefu_desktop.store.guarded import write_once
from kefu_desktop.store.models import (
    Case,
    CaseEvent,
    CourierClaim,
    Customer,
    Evidence,
    Staff,
    WarehouseCheck,
)
from kefu_desktop.store.queries import stored_datetime

CLAIM_ACTIONS = ("claim_opened", "claim_moved", "claim_changed")
"""History actions of a claim (kept on its case)."""

_DATE_FIELDS: dict[ClaimState, str] = {
    ClaimState.SUBMITTED: "submitted_at",
    ClaimState.ACCEPTED: "accepted_at",
    ClaimState.PAID: "settled_at",
    ClaimState.REJECTED: "settled_at",
}


@dataclass(frozen=True)
class ClaimView:
    """One claim as the 快递理赔 view shows it (times naive UTC, money in fen)."""

    id: int
    case_id: int
    case_no: str
    customer_id: str
    kind: CaseKind
    sub_kind: SubKind | None
    courier: str
    waybill_no: str
    claimed_fen: int
    received_fen: int
    state: ClaimState
    remark: str
    created_at: datetime
    submitted_at: datetime | None
    accepted_at: datetime | None
    settled_at: datetime | None
    updated_at: datetime
    version: int

    @property
    def courier_name(self) -> str:
        return courier_name(self.courier)

    def days_open(self, now: datetime) -> int:
        return ClaimAge(self.created_at, self.settled_at).days(now)


@dataclass(frozen=True)
class ClaimFilter:
    courier: str | None = None
    state: ClaimState | None = None
    open_only: bool = False
    created_from: datetime | None = None
    """UTC bounds [from, to) of when the claim was opened."""
    created_to: datetime | None = None


@dataclass(frozen=True)
class CourierTotals:
    courier: str
    count: int
    claimed_fen: int
    received_fen: int

    @property
    def courier_name(self) -> str:
        return courier_name(self.courier)


@dataclass(frozen=True)
class ClaimEntry:
    """One line of a claim's history."""

    at: datetime
    actor_name: str
    text: str


def _query() -> peewee.ModelSelect:
    return (
        CourierClaim.select(CourierClaim, Case.id, Case.case_no, Case.kind, Case.sub_kind, Customer)
        .join(Case, on=(CourierClaim.case == Case.id))
        .join(Customer, on=(Case.customer == Customer.id))
    )


def _view(row: CourierClaim) -> ClaimView:
    case = row.case
    return ClaimView(
        id=row.id,
        case_id=row.case_id,
        case_no=case.case_no,
        customer_id=case.customer.platform_id,
        kind=CaseKind(case.kind),
        sub_kind=SubKind(case.sub_kind) if case.sub_kind else None,
        courier=row.courier,
        waybill_no=row.waybill_no,
        claimed_fen=row.claimed_fen,
        received_fen=row.received_fen,
        state=ClaimState(row.state),
        remark=row.remark,
        created_at=stored_datetime(row.created_at) or utc_now(),
        submitted_at=stored_datetime(row.submitted_at),
        accepted_at=stored_datetime(row.accepted_at),
        settled_at=stored_datetime(row.settled_at),
        updated_at=stored_datetime(row.updated_at) or utc_now(),
        version=row.version,
    )


def _conditions(flt: ClaimFilter) -> list[peewee.Expression]:
    conditions: list[peewee.Expression] = [CourierClaim.id > 0]
    if flt.courier:
        conditions.append(CourierClaim.courier == flt.courier)
    if flt.state is not None:
        conditions.append(CourierClaim.state == flt.state)
    if flt.open_only:
        conditions.append(CourierClaim.state.in_([s.value for s in OPEN_CLAIM_STATES]))
    if flt.created_from is not None:
        conditions.append(CourierClaim.created_at >= flt.created_from)
    if flt.created_to is not None:
        conditions.append(CourierClaim.created_at < flt.created_to)
    return conditions


def claim_rows(flt: ClaimFilter) -> list[ClaimView]:
    """Claims matching `flt`, oldest first (for the view and the workbook)."""
    query = _query().where(*_conditions(flt)).order_by(CourierClaim.created_at, CourierClaim.id)
    return [_view(row) for row in query]


@operation(Operation.VIEW_CLAIMS)
def list_claims(user: User, flt: ClaimFilter | None = None) -> list[ClaimView]:
    """Claims matching the filter, oldest first."""
    return claim_rows(flt or ClaimFilter())


@operation(Operation.VIEW_CLAIMS)
def courier_totals(user: User, flt: ClaimFilter | None = None) -> list[CourierTotals]:
    """Per courier: how many claims, the amounts claimed and received (largest claimed first)."""
    query = (
        CourierClaim.select(
            CourierClaim.courier,
            peewee.fn.COUNT(CourierClaim.id),
            peewee.fn.SUM(CourierClaim.claimed_fen),
            peewee.fn.SUM(CourierClaim.received_fen),
        )
        .where(*_conditions(flt or ClaimFilter()))
        .group_by(CourierClaim.courier)
        .tuples()
    )
    totals = [CourierTotals(c, int(n), int(a or 0), int(r or 0)) for c, n, a, r in query]
    return sorted(totals, key=lambda t: (-t.claimed_fen, t.courier))


@operation(Operation.VIEW_CLAIMS)
def get_claim(user: User, claim_id: int) -> ClaimView:
    return _get(claim_id)


def _get(claim_id: int) -> ClaimView:
    row = _query().where(CourierClaim.id == claim_id).first()
    if row is None:
        raise NotFound("找不到该理赔，请刷新列表。")
    return _view(row)


def claims_of_case(case_id: int) -> list[ClaimView]:
    """The claims of one case, oldest first."""
    query = _query().where(CourierClaim.case == case_id).order_by(CourierClaim.id)
    return [_view(row) for row in query]


# --- opening ---------------------------------------------------------------------------------


def _open_for_outcome(user: User, case_id: int, outcome: Outcome) -> int | None:
    """Open the claim an outcome asks for (inside the outcome's save); the claim id, or None
    when the outcome claims nothing or the case already has a claim."""
    if not outcome.claims_courier:
        return None
    if CourierClaim.select().where(CourierClaim.case == case_id).exists():
        return None
    case = case_row(case_id)
    amount = amount_to_claim(
        outcome.resolution,
        outcome.claim_fen,
        outcome.courier_fen,
        outcome.refund_fen,
        outcome.postage_fen,
    )
    now = utc_now()
    claim = CourierClaim.create(
        case=case_id,
        courier=case.courier,
        waybill_no=case.waybill_no,
        claimed_fen=amount,
        state=ClaimState.DRAFT,
        created_by=user.id,
        created_at=now,
        updated_at=now,
    )
    cases._append_event(
        case_id,
        user,
        "claim_opened",
        details={
            "claim_id": claim.id,
            "amount_fen": amount,
            "note": f"快递理赔（{courier_name(case.courier) or '未填快递'}）{ClaimState.DRAFT.label}",
        },
    )
    return int(claim.id)


# --- changing --------------------------------------------------------------------------------


def _stale(claim: ClaimView) -> StaleRecord:
    """The error for a save that lost to a colleague's: who changed the claim, and when."""
    events = (
        CaseEvent.select(CaseEvent, Staff)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(CaseEvent.actor == Staff.id))
        .where((CaseEvent.case == claim.case_id) & CaseEvent.action.in_(CLAIM_ACTIONS))
        .order_by(CaseEvent.id.desc())
    )
    by, at = "", None
    for event in events:
        if (event.details or {}).get("claim_id") == claim.id:
            by = event.actor.display_name if event.actor_id else ""
            at = stored_datetime(event.at)
            break
    return StaleRecord(
        f"售后单 {claim.case_no} 的快递理赔已被 {who_and_when(by, at)} 修改，你看到的不是最新内容。\n"
        "你的输入还在，没有保存：请点“重新载入”看最新内容后再操作。",
        changed_by=by,
        changed_at=at,
    )


def _save(
    user: User,
    claim_id: int,
    expected_version: int,
    values: dict[str, Any],
    action: str,
    note: str,
) -> ClaimView:
    """Write `values` if nobody saved the claim since `expected_version`, with history."""

    def save() -> None:
        current = _get(claim_id)
        updated = (
            CourierClaim.update(
                {
                    **{getattr(CourierClaim, k): v for k, v in values.items()},
                    CourierClaim.updated_at: utc_now(),
                    CourierClaim.version: CourierClaim.version + 1,
                }
            )
            .where((CourierClaim.id == claim_id) & (CourierClaim.version == expected_version))
            .execute()
        )
        if updated != 1:
            raise _stale(current)
        cases._append_event(
            current.case_id, user, action, details={"claim_id": claim_id, "note": note}
        )

    write_once(save, lambda _ref: None)
    return _get(claim_id)


def _checked(user: User, claim_id: int, expected_version: int) -> ClaimView:
    claim = _get(claim_id)
    check_may_change(user, case_row(claim.case_id))
    if claim.state.is_settled:
        raise ValidationError(f"该理赔已{claim.state.label}，不能再修改。")
    if claim.version != expected_version:
        raise _stale(claim)
    return claim


def _remark(text: str) -> str:
    return clean_text(text, TextKind.TEXT, "备注", "remark", MAX_REMARK_LENGTH)


@operation(Operation.WORK_CLAIMS)
def move_claim(
    user: User,
    claim_id: int,
    expected_version: int,
    target: ClaimState,
    received_fen: int = 0,
    remark: str | None = None,
) -> ClaimView:
    """Move a claim one step on (提交, 受理, 赔付 with the amount received, 拒赔), dated now.

    `InvalidTransition` for a skipped step or a settled claim; `StaleRecord` when a colleague
    saved it first; `ValidationError` for amounts the step cannot have.
    """
    claim = _get(claim_id)
    check_may_change(user, case_row(claim.case_id))
    if claim.version != expected_version and not claim.state.is_settled:
        raise _stale(claim)
    check_claim_move(claim.state, target)
    check_claim_amounts(target, claim.claimed_fen, received_fen)
    values: dict[str, Any] = {"state": target.value, _DATE_FIELDS[target]: utc_now()}
    note = f"快递理赔：{claim.state.label} → {target.label}"
    if target == ClaimState.PAID:
        values["received_fen"] = received_fen
        note += f"，到账 ¥{format_yuan(received_fen)}"
    if remark is not None:
        cleaned = _remark(remark)
        if cleaned != claim.remark:
            values["remark"] = cleaned
            note += f"；备注：{cleaned}" if cleaned else "；备注已清空"
    return _save(user, claim_id, expected_version, values, "claim_moved", note)


@operation(Operation.WORK_CLAIMS)
def edit_claim(
    user: User, claim_id: int, expected_version: int, claimed_fen: int, remark: str
) -> ClaimView:
    """Change the amount claimed (only before it is submitted) and the remark."""
    claim = _checked(user, claim_id, expected_version)
    values: dict[str, Any] = {}
    parts: list[str] = []
    if claimed_fen != claim.claimed_fen:
        if claim.state != ClaimState.DRAFT:
            raise ValidationError(
                f"理赔已{claim.state.label}，索赔金额不能再改（已提交给快递的金额为准）。",
                "claimed",
            )
        check_claim_amounts(claim.state, claimed_fen, 0)
        values["claimed_fen"] = claimed_fen
        parts.append(f"索赔金额：¥{format_yuan(claim.claimed_fen)} → ¥{format_yuan(claimed_fen)}")
    cleaned = _remark(remark)
    if cleaned != claim.remark:
        values["remark"] = cleaned
        parts.append(f"备注：{cleaned}" if cleaned else "备注已清空")
    if not values:
        return claim
    return _save(user, claim_id, expected_version, values, "claim_changed", "；".join(parts))


@operation(Operation.VIEW_CLAIMS)
def claim_history(user: User, claim_id: int) -> list[ClaimEntry]:
    """Who did what to the claim, oldest first (kept in its case's append-only history)."""
    claim = _get(claim_id)
    query = (
        CaseEvent.select(CaseEvent, Staff)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(CaseEvent.actor == Staff.id))
        .where((CaseEvent.case == claim.case_id) & CaseEvent.action.in_(CLAIM_ACTIONS))
        .order_by(CaseEvent.id)
    )
    entries = []
    for event in query:
        details = event.details or {}
        if details.get("claim_id") != claim_id:
            continue
        at = stored_datetime(event.at) or utc_now()
        name = event.actor.display_name if event.actor_id else ""
        entries.append(ClaimEntry(at, name, str(details.get("note", ""))))
    return entries


# --- the evidence pack -----------------------------------------------------------------------


def _stub_lines(case_id: int) -> list[tuple[str, str]]:
    check = (
        WarehouseCheck.select()
        .where((WarehouseCheck.case == case_id) & (WarehouseCheck.state != "pending"))
        .order_by(WarehouseCheck.checked_at.desc(), WarehouseCheck.id.desc())
        .first()
    )
    if check is None:
        return []
    from kefu_desktop.services.warehouse import CheckState  # the scale code, on demand

    lines = [("核实结果", label_of(CheckState, check.state))]
    if check.stub_found is not None:
        lines.append(("底单", "已找到" if check.stub_found else "未找到"))
    if check.stub_matches is not None:
        lines.append(("底单与订单", "相符" if check.stub_matches else "不符"))
    if check.measured_weight_g:
        lines.append(("实际重量", f"{check.measured_weight_g / 1000:.3f} kg"))
    if check.expected_weight_g:
        lines.append(("预计重量", f"{check.expected_weight_g / 1000:.3f} kg"))
    if check.checked_at:
        lines.append(("核实时间", f"{to_local(check.checked_at):%Y-%m-%d %H:%M}"))
    if check.remark:
        lines.append(("仓库备注", check.remark))
    return lines


@operation(Operation.VIEW_CLAIMS)
def export_claim_pack(user: User, claim_id: int, target: Path, as_zip: bool = True) -> Path:
    """导出理赔材料: every photo of the claim's case renamed by case, the stub check and a
    summary sheet, into the folder or zip `target`; returns where it was written."""
    from kefu_desktop.export.claim_pack import (  # openpyxl, loaded when first exported
        ClaimPack,
        pack_photos,
        write_claim_pack,
    )

    claim = _get(claim_id)
    case = cases.get_case(claim.case_id)
    root = archive_root()
    query = (
        Evidence.select(Evidence.rel_path)
        .where(Evidence.case == claim.case_id)
        .order_by(Evidence.added_at, Evidence.id)
    )
    sources = [root.joinpath(*PurePosixPath(rel).parts) for rel in query.scalars()]
    summary = [
        ("售后单号", case.case_no),
        ("买家ID", case.customer_id),
        ("订单号", case.order_no),
        ("快递公司", claim.courier_name),
        ("运单号", claim.waybill_no),
        ("问题", case.kind.label + (f"-{case.sub_kind.label}" if case.sub_kind else "")),
        ("处理结果", case.resolution_text),
        ("索赔金额", f"¥{format_yuan(claim.claimed_fen)}"),
        ("理赔状态", claim.state.label),
        ("生成时间", f"{to_local(claim.created_at):%Y-%m-%d %H:%M}"),
    ]
    if claim.state == ClaimState.PAID:
        summary.append(("实际赔付", f"¥{format_yuan(claim.received_fen)}"))
    if claim.remark:
        summary.append(("备注", claim.remark))
    pack = ClaimPack(
        case_no=case.case_no,
        summary=summary,
        stub_lines=_stub_lines(claim.case_id),
        photos=pack_photos(case.case_no, sources),
        made_at=datetime.now(),
    )
    return write_claim_pack(pack, target, as_zip)
