"""Returns (退货入库): expected returns from outcomes, the warehouse's receipts, unmatched parcels
(无主件), and the case moving on from a receipt.

- Every outcome that sends goods back leaves an expected return on its case
  (left by `cases.record_outcome` in the same save).
- The warehouse scans a parcel (`find_for_scan`): the return waybill, the original order's
  waybill, an order number or a customer ID finds the expected return(s); a parcel nobody
  expects is registered as 无主件 and matched to a case later.
- A receipt (`receive`) grades each item; it answers the case's waiting step (后道核实) or tells
  the agent the refund may be agreed / the exchange sent, highlighted. Empty parcels and
  missing items flag the case.
- The agent's refund or exchange step (`carry_out_after_receipt`) is refused before the
  receipt, or when the receipt shows the goods did not all come back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import peewee

from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.couriers import COURIER_BY_CODE, guess_courier, normalise_waybill
from kefu_desktop.domain.errors import (
    KefuError,
    NotFound,
    StaleRecord,
    ValidationError,
    who_and_when,
)
from kefu_desktop.domain.returns import (
    RECEIVED_ACTION,
    AfterReceipt,
    Condition,
    Disposition,
    ExpectedState,
    Grading,
    ReceiptLine,
    ReturnedGoods,
    ReturnReason,
    StyleDefects,
    attention_after_receipt,
    defects_by_style,
    grade,
    return_reason,
    returned_goods,
    step_after_receipt,
)
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.states import CaseState
from kefu_desktop.domain.text import TextKind, clean_text, repair_text, search_key
from kefu_desktop.services import cases
from kefu_desktop.services.auth import User, operation
from kefu_desktop.services.case_rules import case_row, check_may_change
from kefu_desktop.store.db import database
from kefu_desktop.store.models import (
    Case,
    CaseEvent,
    Customer,
    ExpectedReturn,
    ReturnLine,
    ReturnPhoto,
    ReturnReceipt,
    Staff,
)
from kefu_desktop.store.queries import stored_datetime

if TYPE_CHECKING:
    from kefu_desktop.export.monthly import ReceiptRow

MAX_TEXT = 2000
MAX_MATCHES = 50


@dataclass(frozen=True)
class ExpectedView:
    """An expected return with what the clerk needs to see about its case."""

    id: int
    case_id: int
    case_no: str
    case_state: CaseState
    customer_id: str
    order_no: str
    case_waybill: str
    return_waybill: str
    reason: ReturnReason
    state: ExpectedState
    sku: str
    colour: str
    size: str
    quantity: int
    created_at: datetime
    version: int

    @property
    def goods(self) -> str:
        """'A123 黑色 M ×2'."""
        parts = [p for p in (self.sku, self.colour, self.size) if p]
        return f"{' '.join(parts) or '（未填款号）'} ×{self.quantity}"


@dataclass(frozen=True)
class ReceiptView:
    """A received parcel: matched to a case, or unmatched (无主件)."""

    id: int
    expected_id: int | None
    case_id: int | None
    case_no: str
    waybill: str
    courier: str
    sender: str
    contents: str
    empty_parcel: bool
    missing: int
    defective: int
    summary: str
    remark: str
    received_by_name: str
    received_at: datetime
    version: int
    lines: tuple[ReceiptLine, ...]

    @property
    def matched(self) -> bool:
        return self.case_id is not None

    @property
    def courier_name(self) -> str:
        courier = COURIER_BY_CODE.get(self.courier)
        return courier.name if courier else self.courier


@dataclass(frozen=True)
class ScanResult:
    """What a scanned or typed text found on the returns desk."""

    key: str
    matches: tuple[ExpectedView, ...]
    """Expected returns still waiting for this parcel (most likely first)."""
    received: ReceiptView | None
    """A receipt already recorded with this waybill (the parcel was scanned before)."""
    message: str
    """What to tell the clerk when nothing is waiting ('' when there are matches)."""


# --- expected returns ------------------------------------------------------------------------


def _expected_query() -> Any:
    return (
        ExpectedReturn.select(
            ExpectedReturn,
            Case.case_no,
            Case.state.alias("case_state"),
            Case.order_no,
            Case.waybill_no,
            Customer.platform_id,
        )
        .join(Case, on=(ExpectedReturn.case == Case.id))
        .join(Customer, on=(Case.customer == Customer.id))
    )


def _expected_view(row: dict[str, Any]) -> ExpectedView:
    return ExpectedView(
        id=row["id"],
        case_id=row["case"],
        case_no=row["case_no"],
        case_state=CaseState(row["case_state"]),
        customer_id=row["platform_id"],
        order_no=row["order_no"],
        case_waybill=row["waybill_no"],
        return_waybill=row["return_waybill"],
        reason=ReturnReason(row["reason"]),
        state=ExpectedState(row["state"]),
        sku=row["sku"],
        colour=row["colour"],
        size=row["size"],
        quantity=row["quantity"],
        created_at=row["created_at"],
        version=row["version"],
    )


def get_expected(expected_id: int) -> ExpectedView:
    row = _expected_query().where(ExpectedReturn.id == expected_id).dicts().first()
    if row is None:
        raise NotFound("找不到该待退回记录，可能已被删除。请重新扫描。")
    return _expected_view(row)


def expected_for_case(case_id: int) -> list[ExpectedView]:
    """Every expected return of a case, oldest first (for the case's detail pane)."""
    query = (
        _expected_query()
        .where(ExpectedReturn.case == case_id)
        .order_by(ExpectedReturn.created_at, ExpectedReturn.id)
        .dicts()
    )
    return [_expected_view(r) for r in query]


def _expect_for_outcome(user: User, case_id: int) -> ExpectedView | None:
    """Leave an expected return on a case whose saved outcome sends goods back.

    Called inside the outcome's save. Nothing is added when the case already waits for a
    return, or when its goods already came back (then the refund/exchange step is opened
    at once, highlighted).
    """
    case = case_row(case_id)
    reason = return_reason(
        case.resolution, case.sub_kind, CaseState(case.state) == CaseState.WAITING_RETURN
    )
    if reason is None:
        _cancel_waiting(user, case_id)
        return None
    previous = list(
        ExpectedReturn.select()
        .where((ExpectedReturn.case == case_id) & (ExpectedReturn.state != ExpectedState.CANCELLED))
        .order_by(ExpectedReturn.id)
    )
    waiting = [e for e in previous if e.state == ExpectedState.EXPECTED]
    if waiting:
        return get_expected(waiting[-1].id)
    if previous:  # the goods are already here (e.g. back from 后道核实, now exchanged)
        if step_after_receipt(reason, case.resolution) is not None and _receipt_complete(case_id):
            step = step_after_receipt(reason, case.resolution)
            assert step is not None
            cases._apply_change(
                user,
                case_id,
                None,
                "return_already_received",
                {"attention": f"退货已入库，可{step.label}"},
                {"reason": reason.value},
                new_version=False,
            )
        return None
    expected = ExpectedReturn.create(
        case=case_id,
        reason=reason,
        state=ExpectedState.EXPECTED,
        sku=case.sku,
        colour=case.colour,
        size=case.size,
        quantity=case.quantity,
        created_by=user.id,
        created_at=utc_now(),
    )
    cases._append_event(
        case_id,
        user,
        "return_expected",
        details={
            "expected_id": expected.id,
            "reason": reason.value,
            "goods": get_expected(expected.id).goods,
        },
    )
    return get_expected(expected.id)


def _cancel_waiting(user: User, case_id: int) -> None:
    """The case's outcome no longer sends goods back: its waiting return is called off."""
    waiting = list(
        ExpectedReturn.select().where(
            (ExpectedReturn.case == case_id) & (ExpectedReturn.state == ExpectedState.EXPECTED)
        )
    )
    for expected in waiting:
        ExpectedReturn.update(
            state=ExpectedState.CANCELLED, version=ExpectedReturn.version + 1
        ).where(ExpectedReturn.id == expected.id).execute()
        cases._append_event(
            case_id,
            user,
            "return_cancelled",
            details={"expected_id": expected.id, "reason": expected.reason},
        )


@operation(Operation.SET_RETURN_WAYBILL)
def set_return_waybill(
    user: User, expected_id: int, expected_version: int, waybill: str
) -> ExpectedView:
    """The customer's return waybill (填写物流单号), so the warehouse's scan finds the case."""
    number = normalise_waybill(
        clean_text(waybill, TextKind.IDENTIFIER, "退货运单号", "waybill", 64)
    )
    with database.atomic():
        expected = ExpectedReturn.get_or_none(ExpectedReturn.id == expected_id)
        if expected is None:
            raise NotFound("找不到该待退回记录，可能已被删除。请刷新。")
        check_may_change(user, expected.case)
        if expected.state != ExpectedState.EXPECTED:
            raise KefuError("退货已入库，不能再修改退货运单号。")
        updated = (
            ExpectedReturn.update(return_waybill=number, version=ExpectedReturn.version + 1)
            .where(
                (ExpectedReturn.id == expected_id) & (ExpectedReturn.version == expected_version)
            )
            .execute()
        )
        if updated != 1:
            raise StaleRecord("该待退回记录已被同事修改，你的输入未保存。请重新载入后再填写。")
        cases._append_event(
            expected.case_id,
            user,
            "return_waybill_set",
            details={
                "expected_id": expected_id,
                "changes": {"return_waybill": [expected.return_waybill, number]},
            },
        )
    return get_expected(expected_id)


@operation(Operation.RETURNS_QUEUE)
def list_expected(user: User, limit: int = 500) -> list[ExpectedView]:
    """Returns still expected, oldest first (the desk's list)."""
    query = (
        _expected_query()
        .where(ExpectedReturn.state == ExpectedState.EXPECTED)
        .order_by(ExpectedReturn.created_at, ExpectedReturn.id)
        .limit(limit)
        .dicts()
    )
    return [_expected_view(r) for r in query]


# --- scanning --------------------------------------------------------------------------------


def _receipt_query() -> Any:
    return (
        ReturnReceipt.select(ReturnReceipt, Case.case_no, Staff.display_name.alias("receiver"))
        .join(Case, peewee.JOIN.LEFT_OUTER, on=(ReturnReceipt.case == Case.id))
        .switch(ReturnReceipt)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(ReturnReceipt.received_by == Staff.id))
    )


def _receipt_view(row: dict[str, Any]) -> ReceiptView:
    lines = tuple(
        ReceiptLine(
            line.quantity, Condition(line.condition), Disposition(line.disposition), line.remark
        )
        for line in ReturnLine.select()
        .where(ReturnLine.receipt == row["id"])
        .order_by(ReturnLine.id)
    )
    return ReceiptView(
        id=row["id"],
        expected_id=row["expected"],
        case_id=row["case"],
        case_no=row["case_no"] or "",
        waybill=row["waybill"],
        courier=row["courier"],
        sender=row["sender"],
        contents=row["contents"],
        empty_parcel=row["empty_parcel"],
        missing=row["missing"],
        defective=row["defective"],
        summary=row["summary"],
        remark=row["remark"],
        received_by_name=row["receiver"] or "",
        received_at=row["received_at"],
        version=row["version"],
        lines=lines,
    )


def get_receipt(receipt_id: int) -> ReceiptView:
    row = _receipt_query().where(ReturnReceipt.id == receipt_id).dicts().first()
    if row is None:
        raise NotFound("找不到该入库记录，可能已被删除。请刷新。")
    return _receipt_view(row)


def receipts_for_case(case_id: int) -> list[ReceiptView]:
    query = _receipt_query().where(ReturnReceipt.case == case_id).order_by(ReturnReceipt.id)
    return [_receipt_view(r) for r in query.dicts()]


def _receipt_by_waybill(waybill: str) -> ReceiptView | None:
    row = _receipt_query().where(ReturnReceipt.waybill == waybill).dicts().first()
    return _receipt_view(row) if row is not None else None


def already_received_message(done: ReceiptView) -> str:
    when = who_and_when(done.received_by_name, done.received_at)
    where = f"（售后单 {done.case_no}）" if done.case_no else "（无主件）"
    return (
        f"运单号 {done.waybill} 的包裹已由 {when} 登记入库{where}，同一包裹不能重复入库。"
        "请核对面单；如要补充，请在该入库记录上修改。"
    )


@operation(Operation.RETURNS_QUEUE)
def find_for_scan(user: User, scanned: str) -> ScanResult:
    """The expected returns a scanned or typed text points to.

    Looked up, each by its own index: the return waybill, the original order's waybill, the
    order number and the customer ID. Closed and cancelled cases are listed too (the desk
    says why they cannot be received). Never refuses what was scanned.
    """
    key = search_key(scanned)
    waybill = normalise_waybill(key)
    if not key:
        return ScanResult("", (), None, "请扫描包裹面单，或输入订单号、买家ID。")
    received = _receipt_by_waybill(waybill) if waybill else None
    case_ids: list[int] = []
    for lookup in (Case.waybill_no == waybill, Case.order_no == key):
        case_ids += [i for (i,) in Case.select(Case.id).where(lookup).limit(MAX_MATCHES).tuples()]
    customer = Customer.select(Customer.id).where(Customer.platform_id == key).scalar()
    if customer is not None:
        case_ids += [
            i
            for (i,) in Case.select(Case.id)
            .where(Case.customer == customer)
            .order_by(Case.id.desc())
            .limit(MAX_MATCHES)
            .tuples()
        ]
    by_waybill = ExpectedReturn.return_waybill == waybill if waybill else None
    condition: Any = ExpectedReturn.case.in_(case_ids) if case_ids else None
    if by_waybill is not None:
        condition = by_waybill if condition is None else (condition | by_waybill)
    matches: list[ExpectedView] = []
    if condition is not None:
        query = (
            _expected_query()
            .where(condition & (ExpectedReturn.state == ExpectedState.EXPECTED))
            .order_by(ExpectedReturn.created_at.desc(), ExpectedReturn.id.desc())
            .limit(MAX_MATCHES)
            .dicts()
        )
        matches = [_expected_view(r) for r in query]
        # the parcel's own waybill first, then cases still open
        matches.sort(key=lambda m: (m.return_waybill != waybill, m.case_state.is_final))
    message = ""
    if not matches:
        if received is not None:
            message = already_received_message(received)
        elif case_ids:
            message = (
                f"「{key}」对应的售后单没有待退回的商品（可能已入库，或处理结果不需要退货）。"
                "如包裹确是退货，请登记为无主件。"
            )
        else:
            message = f"没有找到「{key}」对应的待退回商品。请核对面单，或登记为无主件。"
    return ScanResult(key, tuple(matches), received, message)


# --- receiving -------------------------------------------------------------------------------


def _clean_lines(lines: Sequence[ReceiptLine]) -> list[ReceiptLine]:
    return [
        ReceiptLine(
            int(line.quantity),
            Condition(line.condition),
            Disposition(line.disposition),
            clean_text(line.remark, TextKind.TEXT, "备注", "remark", MAX_TEXT),
        )
        for line in lines
    ]


def _clean_waybill(waybill: str) -> str:
    number = normalise_waybill(clean_text(waybill, TextKind.IDENTIFIER, "运单号", "waybill", 64))
    if not number:
        raise ValidationError("请扫描或输入包裹的运单号。", "waybill")
    return number


def _courier_of(waybill: str, courier: str) -> str:
    if courier:
        if courier not in COURIER_BY_CODE:
            raise ValidationError("请从列表中选择快递公司。", "courier")
        return courier
    guessed = guess_courier(waybill)
    return guessed.code if guessed is not None else ""


def _check_not_received(waybill: str) -> None:
    done = _receipt_by_waybill(waybill)
    if done is not None:
        raise ValidationError(already_received_message(done), "waybill")


def _write_lines(receipt_id: int, lines: Sequence[ReceiptLine]) -> None:
    for line in lines:
        ReturnLine.create(
            receipt=receipt_id,
            quantity=line.quantity,
            condition=line.condition,
            disposition=line.disposition,
            remark=line.remark,
        )


def _take_expected(user: User, expected_id: int, expected_version: int) -> ExpectedReturn:
    """Mark the expected return received, if nobody did since `expected_version`."""
    expected: ExpectedReturn | None = ExpectedReturn.get_or_none(ExpectedReturn.id == expected_id)
    if expected is None:
        raise NotFound("找不到该待退回记录，可能已被删除。请重新扫描。")
    case = case_row(expected.case_id)
    state = CaseState(case.state)
    if state.is_final:
        raise KefuError(
            f"售后单 {case.case_no} 已{state.label}，不能登记退货入库，什么都没有保存。"
            "请把包裹登记为无主件，并告知客服主管。"
        )
    updated = (
        ExpectedReturn.update(state=ExpectedState.RECEIVED, version=ExpectedReturn.version + 1)
        .where(
            (ExpectedReturn.id == expected_id)
            & (ExpectedReturn.version == expected_version)
            & (ExpectedReturn.state == ExpectedState.EXPECTED)
        )
        .execute()
    )
    if updated != 1:  # read again: a colleague's receipt may have been committed meanwhile
        done = _receipt_query().where(ReturnReceipt.expected == expected_id).dicts().first()
        if done is not None:
            view = _receipt_view(done)
            raise StaleRecord(
                f"售后单 {case.case_no} 的退货已被 "
                f"{who_and_when(view.received_by_name, view.received_at)} 登记入库，"
                "你的输入未保存。请点“重新载入”查看。",
                changed_by=view.received_by_name,
                changed_at=view.received_at,
            )
        raise StaleRecord(
            f"售后单 {case.case_no} 的待退回记录已被同事修改，你的输入未保存。请重新扫描后再登记。"
        )
    return expected


def _move_case_on(user: User, expected: ExpectedReturn, receipt_id: int, grading: Grading) -> None:
    """The receipt answers the case's waiting step; the agent sees it highlighted."""
    case = case_row(expected.case_id)
    reason = ReturnReason(expected.reason)
    attention = attention_after_receipt(grading, reason, case.resolution)
    waiting = CaseState(case.state) == CaseState.WAITING_RETURN
    cases._apply_change(
        user,
        case.id,
        None,
        RECEIVED_ACTION,
        {"attention": attention[:200]},
        {
            "receipt_id": receipt_id,
            "expected_id": expected.id,
            "reason": reason.value,
            "summary": grading.summary(),
            "empty_parcel": grading.empty,
            "missing": grading.missing,
            "defective": grading.defective,
            "back_office": grading.back_office_verdict
            if reason == ReturnReason.BACK_OFFICE
            else None,
        },
        target_state=CaseState.OPEN if waiting else None,
    )


def _unique_waybill_taken(error: peewee.IntegrityError, waybill: str) -> KefuError:
    done = _receipt_by_waybill(waybill)
    if done is None:
        raise error
    return ValidationError(already_received_message(done), "waybill")


@operation(Operation.RECEIVE_RETURN)
def receive(
    user: User,
    expected_id: int,
    expected_version: int,
    waybill: str,
    lines: Sequence[ReceiptLine],
    *,
    empty_parcel: bool = False,
    courier: str = "",
    remark: str = "",
) -> ReceiptView:
    """Record a returned parcel against its expected return, graded item by item.

    The case moves on in the same save (see the module). Refused, with nothing changed: a
    waybill already received (scanned twice), more goods than expected, a closed or cancelled
    case, or a colleague who recorded this return first (`StaleRecord`).
    """
    number = _clean_waybill(waybill)
    cleaned = _clean_lines(lines)
    note = clean_text(remark, TextKind.TEXT, "备注", "remark", MAX_TEXT)
    courier = _courier_of(number, courier)
    expected_row = ExpectedReturn.get_or_none(ExpectedReturn.id == expected_id)
    if expected_row is None:
        raise NotFound("找不到该待退回记录，可能已被删除。请重新扫描。")
    grading = grade(expected_row.quantity, cleaned, empty_parcel)
    try:
        with database.atomic():
            _check_not_received(number)
            expected = _take_expected(user, expected_id, expected_version)
            receipt = ReturnReceipt.create(
                expected=expected_id,
                case=expected.case_id,
                waybill=number,
                courier=courier,
                empty_parcel=grading.empty,
                missing=grading.missing,
                defective=grading.defective,
                summary=grading.summary(),
                remark=note,
                received_by=user.id,
                received_at=utc_now(),
                matched_by=user.id,
                matched_at=utc_now(),
            )
            _write_lines(receipt.id, cleaned)
            _move_case_on(user, expected, receipt.id, grading)
    except peewee.IntegrityError as error:
        raise _unique_waybill_taken(error, number) from None
    return get_receipt(receipt.id)


@operation(Operation.RECEIVE_RETURN)
def register_unmatched(
    user: User,
    waybill: str,
    *,
    courier: str = "",
    sender: str = "",
    contents: str = "",
    remark: str = "",
) -> ReceiptView:
    """Register a parcel nobody expects (无主件): courier, waybill, sender, contents."""
    number = _clean_waybill(waybill)
    courier = _courier_of(number, courier)
    who = clean_text(sender, TextKind.LINE, "寄件人", "sender", 200)
    what = clean_text(contents, TextKind.TEXT, "包裹内容", "contents", MAX_TEXT)
    note = clean_text(remark, TextKind.TEXT, "备注", "remark", MAX_TEXT)
    if not what:
        raise ValidationError(
            "请写明包裹里有什么（款号、颜色、尺码、件数），以便以后认领。", "contents"
        )
    try:
        with database.atomic():
            _check_not_received(number)
            receipt = ReturnReceipt.create(
                waybill=number,
                courier=courier,
                sender=who,
                contents=what,
                remark=note,
                received_by=user.id,
                received_at=utc_now(),
            )
    except peewee.IntegrityError as error:
        raise _unique_waybill_taken(error, number) from None
    return get_receipt(receipt.id)


@operation(Operation.RETURNS_QUEUE)
def list_unmatched(user: User, limit: int = 500) -> list[ReceiptView]:
    """Parcels registered as 无主件 and not matched yet, oldest first."""
    query = (
        _receipt_query()
        .where(ReturnReceipt.expected.is_null())
        .order_by(ReturnReceipt.received_at, ReturnReceipt.id)
        .limit(limit)
    )
    return [_receipt_view(r) for r in query.dicts()]


@operation(Operation.RECEIVE_RETURN)
def match_unmatched(
    user: User,
    receipt_id: int,
    receipt_version: int,
    expected_id: int,
    expected_version: int,
    lines: Sequence[ReceiptLine],
    *,
    empty_parcel: bool = False,
    remark: str = "",
) -> ReceiptView:
    """Match an unmatched parcel to the expected return it turned out to be, graded."""
    cleaned = _clean_lines(lines)
    note = clean_text(remark, TextKind.TEXT, "备注", "remark", MAX_TEXT)
    expected_row = ExpectedReturn.get_or_none(ExpectedReturn.id == expected_id)
    if expected_row is None:
        raise NotFound("找不到该待退回记录，可能已被删除。请重新扫描。")
    grading = grade(expected_row.quantity, cleaned, empty_parcel)
    with database.atomic():
        expected = _take_expected(user, expected_id, expected_version)
        now = utc_now()
        values: dict[Any, Any] = {
            ReturnReceipt.expected: expected_id,
            ReturnReceipt.case: expected.case_id,
            ReturnReceipt.empty_parcel: grading.empty,
            ReturnReceipt.missing: grading.missing,
            ReturnReceipt.defective: grading.defective,
            ReturnReceipt.summary: grading.summary(),
            ReturnReceipt.matched_by: user.id,
            ReturnReceipt.matched_at: now,
            ReturnReceipt.version: ReturnReceipt.version + 1,
        }
        if note:
            values[ReturnReceipt.remark] = note
        updated = (
            ReturnReceipt.update(values)
            .where(
                (ReturnReceipt.id == receipt_id)
                & (ReturnReceipt.version == receipt_version)
                & (ReturnReceipt.expected.is_null())
            )
            .execute()
        )
        if updated != 1:
            raise StaleRecord("该无主件已被同事认领或修改，你的输入未保存。请刷新后查看。")
        _write_lines(receipt_id, cleaned)
        _move_case_on(user, expected, receipt_id, grading)
    _photos_to_case(user, receipt_id, expected.case_id)
    return get_receipt(receipt_id)


UNMATCHED_FOLDER = "退货无主件"
"""Archive folder (beside 售后问题图片) for photos of parcels not matched to a case yet."""


@operation(Operation.RECEIVE_RETURN)
def add_unmatched_photos(user: User, receipt_id: int, paths: Sequence[Path]) -> list[str]:
    """Keep photos of an unmatched parcel in the archive (退货无主件/YYYY-MM/<运单号>_<nn>).

    Returns a problem per photo that was not kept ('' for a kept one). Refused as a whole
    (`ArchiveError`, nothing written) when the archive cannot be reached; the clerk's files
    are only read. Once the parcel is matched, its photos go to the case's evidence.
    """
    from kefu_desktop.archive import files
    from kefu_desktop.archive.images import MAX_FILE_BYTES, BadImage, inspect_image
    from kefu_desktop.archive.naming import month_folder
    from kefu_desktop.services import evidence

    receipt = get_receipt(receipt_id)
    if receipt.matched:
        raise KefuError("该包裹已认领到售后单，照片请在入库时添加到售后单。")
    root = evidence.archive_root()
    evidence.open_archive(root)
    folder = files.ensure_folder_under(
        root, PurePosixPath(UNMATCHED_FOLDER) / month_folder(datetime.now().date())
    )
    problems: list[str] = []
    for path in paths:
        try:
            data = files.read_source(path, MAX_FILE_BYTES)
            info, _thumbnail = inspect_image(data)
        except (BadImage, KefuError, OSError) as exc:
            problems.append(f"{path.name}：{exc}")
            continue
        try:
            _keep_unmatched_photo(user, receipt, root, folder, path.name, data, info.ext)
        except (KefuError, OSError) as exc:  # a name taken, the share gone meanwhile
            problems.append(f"{path.name}：{exc}")
            continue
        problems.append("")
    return problems


def _keep_unmatched_photo(
    user: User, receipt: ReceiptView, root: Path, folder: Path, name: str, data: bytes, ext: str
) -> None:
    """Write one photo of an unmatched parcel and its row as one unit (no file left over)."""
    from kefu_desktop.archive import files
    from kefu_desktop.archive.naming import safe_component

    temp = files.stage(folder, name, data)
    try:
        with database.atomic():
            number = ReturnPhoto.select().where(ReturnPhoto.receipt == receipt.id).count() + 1
            target = folder / f"{safe_component(receipt.waybill, 60)}_{number:02d}.{ext}"
            ReturnPhoto.create(
                receipt=receipt.id,
                rel_path=target.relative_to(root).as_posix(),
                sha256=files.sha256_hex(data),
                original_name=repair_text(name, TextKind.LINE)[:400],
                added_by=user.id,
            )
            files.publish(temp, target)
    finally:
        files.discard(temp)


def unmatched_photos(receipt_id: int) -> list[Path]:
    """Where the photos of an (unmatched) parcel are in the archive."""
    from kefu_desktop.services import evidence

    root = evidence.archive_root()
    return [
        root / rel
        for (rel,) in ReturnPhoto.select(ReturnPhoto.rel_path)
        .where(ReturnPhoto.receipt == receipt_id)
        .order_by(ReturnPhoto.id)
        .tuples()
    ]


def _photos_to_case(user: User, receipt_id: int, case_id: int) -> Any:
    """A claimed parcel's photos join its case's evidence (售后问题图片, named by customer ID)."""
    from kefu_desktop.services import evidence

    paths = unmatched_photos(receipt_id)
    if not paths:
        return None
    return evidence._add_photos(user, case_id, [evidence.PhotoSource.from_path(p) for p in paths])


@operation(Operation.RECEIVE_RETURN)
def add_receipt_photos(user: User, receipt_id: int, sources: Sequence[Any]) -> Any:
    """Archive photos of what arrived with the receipt's case (售后问题图片, by customer ID)."""
    from kefu_desktop.services import evidence  # Pillow loads with the first photo

    receipt = get_receipt(receipt_id)
    if receipt.case_id is None:
        raise KefuError("无主件还没有对应的售后单，照片要在认领到售后单后再添加。")
    return evidence._add_photos(user, receipt.case_id, sources)


# --- the agent's step after the receipt ------------------------------------------------------


def _receipt_complete(case_id: int) -> bool:
    receipt = (
        ReturnReceipt.select()
        .where(ReturnReceipt.case == case_id)
        .order_by(ReturnReceipt.id.desc())
        .first()
    )
    return receipt is not None and not receipt.empty_parcel and receipt.missing == 0


def next_step_after_receipt(case_id: int) -> AfterReceipt | None:
    """The refund or exchange step this case's outcome leaves to the agent, if any."""
    case = case_row(case_id)
    expected = (
        ExpectedReturn.select()
        .where(ExpectedReturn.case == case_id)
        .order_by(ExpectedReturn.id.desc())
        .first()
    )
    if expected is None:
        return None
    return step_after_receipt(ReturnReason(expected.reason), case.resolution)


def pending_step_after_receipt(case_id: int) -> AfterReceipt | None:
    """The refund or exchange step the agent may carry out now: the goods all came back and
    the step is not done yet (what the case's detail pane offers, highlighted)."""
    step = next_step_after_receipt(case_id)
    if step is None or not _receipt_complete(case_id):
        return None
    done = (
        CaseEvent.select()
        .where((CaseEvent.case == case_id) & (CaseEvent.action == step.value))
        .exists()
    )
    return None if done else step


@operation(Operation.CARRY_OUT_AFTER_RECEIPT)
def carry_out_after_receipt(user: User, case_id: int, expected_version: int) -> cases.CaseDetail:
    """The agent agrees the refund (退货退款) or sends the exchange (换货) once the goods are in.

    Refused, with nothing changed, before the warehouse recorded the receipt, or when the
    receipt shows an empty parcel or missing items.
    """
    case = case_row(case_id)
    check_may_change(user, case)
    step = next_step_after_receipt(case_id)
    if step is None:
        raise KefuError(f"售后单 {case.case_no} 的处理结果不需要等退货入库。")
    receipt = (
        ReturnReceipt.select()
        .where(ReturnReceipt.case == case_id)
        .order_by(ReturnReceipt.id.desc())
        .first()
    )
    if receipt is None:
        raise KefuError(
            f"退货尚未入库，不能{step.label}。请等仓库登记退货入库后再操作"
            "（客户的退货运单号可填在该单的退货信息里）。"
        )
    if receipt.empty_parcel or receipt.missing:
        what = "退回的包裹是空的" if receipt.empty_parcel else f"退货少 {receipt.missing} 件"
        raise KefuError(
            f"仓库登记{what}，不能直接{step.label}。请先联系客户核实，再按核实结果处理。"
        )
    done = (
        CaseEvent.select()
        .where((CaseEvent.case == case_id) & (CaseEvent.action == step.value))
        .exists()
    )
    if done:
        raise KefuError(f"售后单 {case.case_no} 已{step.label}，无需重复操作。")
    return cases._apply_change(
        user,
        case_id,
        expected_version,
        step.value,
        {"attention": ""},
        {"receipt_id": receipt.id},
    )


# --- the month's receipts (workbook) ---------------------------------------------------------


def goods_by_case(case_ids: Iterable[int] | peewee.SelectQuery) -> dict[int, ReturnedGoods]:
    """What came back (or is still expected) for each of these cases that has a return: two
    queries by the returns' case indexes, whatever the number of cases (a page's ids, or a
    subquery for a period)."""
    waiting: dict[int, list[int]] = defaultdict(list)
    expected = ExpectedReturn.select(ExpectedReturn.case, ExpectedReturn.quantity).where(
        ExpectedReturn.case.in_(case_ids) & (ExpectedReturn.state == ExpectedState.EXPECTED)
    )
    for case_id, quantity in database.execute(expected):
        waiting[case_id].append(quantity)
    lines: dict[int, list[ReceiptLine]] = defaultdict(list)
    times: dict[int, dict[int, datetime]] = defaultdict(dict)
    empty: dict[int, set[int]] = defaultdict(set)
    received = (
        ReturnReceipt.select(
            ReturnReceipt.id, ReturnReceipt.case, ReturnReceipt.received_at,
            ReturnReceipt.empty_parcel, ReturnReceipt.missing, ReturnLine.quantity,
            ReturnLine.condition, ReturnLine.disposition,
        )
        .join(ReturnLine, peewee.JOIN.LEFT_OUTER, on=(ReturnLine.receipt == ReturnReceipt.id))
        .where(ReturnReceipt.case.in_(case_ids))
        .order_by(ReturnReceipt.id, ReturnLine.id)
    )  # fmt: skip
    for (receipt_id, case_id, at, is_empty, missing, quantity, condition,
         disposition) in database.execute(received):  # fmt: skip
        if receipt_id not in times[case_id]:  # the receipt's first line
            times[case_id][receipt_id] = stored_datetime(at) or datetime.min
            if is_empty:
                empty[case_id].add(receipt_id)
            if missing:  # the receipt's count of missing items decides (as the grading did)
                lines[case_id].append(ReceiptLine(missing, Condition.MISSING, Disposition.NONE))
        if quantity is not None and condition != Condition.MISSING:
            line = ReceiptLine(quantity, Condition(condition), Disposition(disposition or ""))
            lines[case_id].append(line)
    return {
        case_id: returned_goods(
            waiting.get(case_id, []),
            lines.get(case_id, []),
            list(times[case_id].values()) if case_id in times else [],
            len(empty.get(case_id, ())),
        )
        for case_id in {*waiting, *times}
    }


def month_receipts(
    start: datetime, end: datetime, local: Callable[[datetime], datetime]
) -> tuple[list[ReceiptRow], list[StyleDefects]]:
    """The receipts of [start, end) (naive UTC) as workbook rows — one per graded line, one per
    unmatched parcel — and the defect rate by style of the goods graded."""
    from kefu_desktop.export.monthly import UNMATCHED, ReceiptRow  # openpyxl: with the workbook

    receipts = list(
        _receipt_query()
        .where((ReturnReceipt.received_at >= start) & (ReturnReceipt.received_at < end))
        .order_by(ReturnReceipt.received_at, ReturnReceipt.id)
        .dicts()
    )
    expected = {
        e.id: e
        for e in ExpectedReturn.select().where(
            ExpectedReturn.id.in_([r["expected"] for r in receipts if r["expected"]])
        )
    }
    customers = dict(
        Case.select(Case.id, Customer.platform_id)
        .join(Customer, on=(Case.customer == Customer.id))
        .where(Case.id.in_([r["case"] for r in receipts if r["case"]]))
        .tuples()
    )
    lines: dict[int, list[ReturnLine]] = {}
    for line in (
        ReturnLine.select()
        .where(ReturnLine.receipt.in_([r["id"] for r in receipts]))
        .order_by(ReturnLine.id)
    ):
        lines.setdefault(line.receipt_id, []).append(line)
    rows: list[ReceiptRow] = []
    graded: list[tuple[str, Condition, int]] = []
    for r in receipts:
        courier = COURIER_BY_CODE.get(r["courier"])
        head = (
            local(r["received_at"]),
            r["waybill"],
            courier.name if courier else r["courier"],
        )
        clerk = r["receiver"] or ""
        found = expected.get(r["expected"]) if r["expected"] else None
        if found is None:
            rows.append(
                ReceiptRow(
                    *head, UNMATCHED, "", "", r["contents"], None, "", "", r["remark"], clerk
                )
            )
            continue
        goods = " ".join(p for p in (found.sku, found.colour, found.size) if p)
        reason = ReturnReason(found.reason).label
        customer = customers.get(r["case"], "")
        case_no = r["case_no"] or ""
        if r["empty_parcel"]:
            rows.append(
                ReceiptRow(
                    *head, case_no, customer, reason, goods, 0, "空包裹", "", r["remark"], clerk
                )
            )
        for line in lines.get(r["id"], []):
            condition = Condition(line.condition)
            graded.append((found.sku, condition, line.quantity))
            rows.append(
                ReceiptRow(
                    *head, case_no, customer, reason, goods, line.quantity, condition.label,
                    Disposition(line.disposition).label, line.remark or r["remark"], clerk,
                )
            )  # fmt: skip
        if r["missing"] and not any(
            Condition(line.condition) == Condition.MISSING for line in lines.get(r["id"], [])
        ):
            rows.append(
                ReceiptRow(
                    *head, case_no, customer, reason, goods, r["missing"],
                    Condition.MISSING.label, "", r["remark"], clerk,
                )
            )  # fmt: skip
    return rows, defects_by_style(graded)
