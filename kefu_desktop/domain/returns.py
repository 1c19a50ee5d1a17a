"""Goods coming back (退货入库): which outcomes expect a return, and how a receipt is graded.

An outcome that sends goods back (退货退款, 换货, 多发寄回, 物流上门取件, 拒签退回, 寄回后道核实,
自费寄回维修) leaves an expected return on its case: what should come back. The warehouse
records the receipt item by item (condition and disposition); the grading of the receipt is
the record that answers the case's waiting step (后道核实) or lets the agent carry out the
refund or the exchange.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.kinds import SubKind
from kefu_desktop.domain.resolutions import Resolution

MAX_RETURN_QUANTITY = 999
"""Most items one receipt line may hold."""


class ReturnReason(StrEnum):
    """Why goods come back: decides what the receipt moves on the case."""

    RETURN_REFUND = "return_refund"
    EXCHANGE = "exchange"
    EXTRA_RETURNED = "extra_returned"
    COURIER_PICKUP = "courier_pickup"
    REFUSED = "refused"
    BACK_OFFICE = "back_office"
    REPAIR = "repair"
    RETURN_RESHIP = "return_reship"

    @property
    def label(self) -> str:
        return RETURN_REASON_LABELS[self]


RETURN_REASON_LABELS: dict[ReturnReason, str] = {
    ReturnReason.RETURN_REFUND: "退货退款",
    ReturnReason.EXCHANGE: "换货",
    ReturnReason.EXTRA_RETURNED: "多发寄回",
    ReturnReason.COURIER_PICKUP: "物流上门取件",
    ReturnReason.REFUSED: "拒签退回",
    ReturnReason.BACK_OFFICE: "寄回后道核实",
    ReturnReason.REPAIR: "客户自费寄回维修",
    ReturnReason.RETURN_RESHIP: "快递退回重发",
}

_BY_RESOLUTION: dict[Resolution, ReturnReason] = {
    Resolution.RETURN: ReturnReason.RETURN_REFUND,
    Resolution.EXCHANGE: ReturnReason.EXCHANGE,
    Resolution.EXTRA_RETURNED: ReturnReason.EXTRA_RETURNED,
    Resolution.COURIER_PICKUP: ReturnReason.COURIER_PICKUP,
    Resolution.CUSTOMER_PAID_REPAIR: ReturnReason.REPAIR,
    Resolution.RETURN_RESHIP: ReturnReason.RETURN_RESHIP,
}

RESOLUTIONS_SENDING_BACK = frozenset(_BY_RESOLUTION)
"""Resolutions whose goods travel back to the shop."""


def return_reason(
    resolution: str, sub_kind: str | None, waits_for_back_office: bool
) -> ReturnReason | None:
    """The reason goods come back after an outcome, or None when nothing comes back.

    `waits_for_back_office`: the case waits for the returned goods to be checked (后道核实).
    """
    if waits_for_back_office:
        return ReturnReason.BACK_OFFICE
    try:
        reason = _BY_RESOLUTION.get(Resolution(resolution))
    except ValueError:
        return None
    if reason in (ReturnReason.RETURN_REFUND, ReturnReason.EXCHANGE) and (
        sub_kind == SubKind.REFUSED
    ):
        return ReturnReason.REFUSED
    return reason


class ExpectedState(StrEnum):
    EXPECTED = "expected"
    RECEIVED = "received"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"expected": "待退回", "received": "已入库", "cancelled": "已取消"}[self.value]


class Condition(StrEnum):
    """The state an item arrived in (per item of a receipt)."""

    GOOD = "good"
    DEFECTIVE = "defective"
    WORN = "worn"
    WRONG_ITEM = "wrong_item"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return CONDITION_LABELS[self]


CONDITION_LABELS: dict[Condition, str] = {
    Condition.GOOD: "完好",
    Condition.DEFECTIVE: "有质量问题",
    Condition.WORN: "有穿着痕迹",
    Condition.WRONG_ITEM: "不是本店/本单商品",
    Condition.MISSING: "缺件（未寄回）",
}


class Disposition(StrEnum):
    """What happens to an item that arrived."""

    RESTOCK = "restock"
    SECONDS = "seconds"
    SCRAP = "scrap"
    BACK_TO_CUSTOMER = "back_to_customer"
    NONE = ""

    @property
    def label(self) -> str:
        return DISPOSITION_LABELS[self]


DISPOSITION_LABELS: dict[Disposition, str] = {
    Disposition.RESTOCK: "上架（回库存）",
    Disposition.SECONDS: "次品",
    Disposition.SCRAP: "报废",
    Disposition.BACK_TO_CUSTOMER: "退回客户",
    Disposition.NONE: "无",
}

DEFAULT_DISPOSITION: dict[Condition, Disposition] = {
    Condition.GOOD: Disposition.RESTOCK,
    Condition.DEFECTIVE: Disposition.SECONDS,
    Condition.WORN: Disposition.SECONDS,
    Condition.WRONG_ITEM: Disposition.BACK_TO_CUSTOMER,
    Condition.MISSING: Disposition.NONE,
}
"""What the desk proposes for each condition (the clerk may choose another)."""


@dataclass(frozen=True)
class ReceiptLine:
    """One graded group of items: how many, in what condition, what happens to them."""

    quantity: int
    condition: Condition
    disposition: Disposition
    remark: str = ""


@dataclass(frozen=True)
class Grading:
    """What a receipt says about the expected goods."""

    expected: int
    arrived: int
    """Expected goods that arrived (wrong items not counted)."""
    good: int
    defective: int
    worn: int
    wrong: int
    missing: int
    empty: bool

    @property
    def short(self) -> bool:
        """Goods are missing (an empty parcel included)."""
        return self.empty or self.missing > 0

    @property
    def back_office_verdict(self) -> str | None:
        """The back office's finding ('defect' / 'no_defect'), or None when nothing of the
        expected goods arrived to judge."""
        if self.defective:
            return "defect"
        if self.arrived:
            return "no_defect"
        return None

    def summary(self) -> str:
        """The receipt in a few words, e.g. '收到 2/3 件：完好 1，有质量问题 1；缺 1 件'."""
        if self.empty:
            return f"空包裹（应退 {self.expected} 件，未收到商品）"
        parts = [
            f"{label} {count}"
            for label, count in (
                (Condition.GOOD.label, self.good),
                (Condition.DEFECTIVE.label, self.defective),
                (Condition.WORN.label, self.worn),
                (Condition.WRONG_ITEM.label, self.wrong),
            )
            if count
        ]
        text = f"收到 {self.arrived}/{self.expected} 件：{'，'.join(parts) or '无'}"
        if self.missing:
            text += f"；缺 {self.missing} 件"
        return text


def grade(expected: int, lines: Sequence[ReceiptLine], empty: bool) -> Grading:
    """Check and grade a receipt against what was expected.

    `ValidationError` (in Chinese, naming the problem) when: an empty parcel has items, a
    parcel has no items and is not marked empty, a quantity is not 1–999, an arrived item has
    no disposition, or more of the expected goods arrived than were expected.
    Missing items are counted as expected minus arrived (a line of 缺件 may say so too).
    """
    if empty:
        if any(line.condition != Condition.MISSING for line in lines):
            raise ValidationError(
                "已勾选「空包裹」，但又登记了收到的商品。请二选一后再保存。", "empty"
            )
        return Grading(expected, 0, 0, 0, 0, 0, expected, True)
    arrived_lines = [line for line in lines if line.condition != Condition.MISSING]
    if not arrived_lines:
        raise ValidationError("请登记收到的商品；包裹里什么都没有请勾选「空包裹」。", "lines")
    counts = dict.fromkeys(Condition, 0)
    for number, line in enumerate(lines, start=1):
        if not 1 <= line.quantity <= MAX_RETURN_QUANTITY:
            raise ValidationError(
                f"第 {number} 行的数量应为 1 到 {MAX_RETURN_QUANTITY} 的整数。", "quantity"
            )
        if line.condition != Condition.MISSING and line.disposition == Disposition.NONE:
            raise ValidationError(
                f"第 {number} 行（{line.condition.label}）请选择处理方式：上架、次品、报废或退回客户。",
                "disposition",
            )
        counts[line.condition] += line.quantity
    arrived = counts[Condition.GOOD] + counts[Condition.DEFECTIVE] + counts[Condition.WORN]
    if arrived > expected:
        raise ValidationError(
            f"收到的商品 {arrived} 件，超过应退回的 {expected} 件。请核对数量；"
            "多出的如不是本单商品，请登记为「不是本店/本单商品」。",
            "quantity",
        )
    missing = expected - arrived
    if counts[Condition.MISSING] > missing:
        raise ValidationError(
            f"登记缺件 {counts[Condition.MISSING]} 件，但只可能缺 {missing} 件。请核对数量。",
            "quantity",
        )
    return Grading(
        expected=expected,
        arrived=arrived,
        good=counts[Condition.GOOD],
        defective=counts[Condition.DEFECTIVE],
        worn=counts[Condition.WORN],
        wrong=counts[Condition.WRONG_ITEM],
        missing=missing,
        empty=False,
    )


class AfterReceipt(StrEnum):
    """The step the agent carries out once the goods are in."""

    AGREE_REFUND = "agree_refund"
    SEND_EXCHANGE = "send_exchange"

    @property
    def label(self) -> str:
        return {"agree_refund": "同意退款", "send_exchange": "发出换货"}[self.value]


def step_after_receipt(reason: ReturnReason, resolution: str) -> AfterReceipt | None:
    """The refund or exchange step a receipt opens for the agent (None: nothing to carry out)."""
    if resolution == Resolution.RETURN:
        return AfterReceipt.AGREE_REFUND
    if resolution == Resolution.EXCHANGE:
        return AfterReceipt.SEND_EXCHANGE
    return None


def attention_after_receipt(
    grading: Grading, reason: ReturnReason, resolution: str, case_no: str = ""
) -> str:
    """The highlighted line the agent sees once the goods are in (or were short)."""
    if grading.empty:
        return "退回包裹为空，请联系客户核实"
    if grading.missing:
        return f"退货少 {grading.missing} 件（{grading.summary()}），请联系客户核实"
    if reason == ReturnReason.BACK_OFFICE:
        found = "确认质量问题" if grading.back_office_verdict == "defect" else "非质量问题"
        return f"退货已入库，后道核实：{found}，请继续处理"
    step = step_after_receipt(reason, resolution)
    if step == AfterReceipt.AGREE_REFUND:
        return "退货已入库，可同意退款"
    if step == AfterReceipt.SEND_EXCHANGE:
        return "退货已入库，可发出换货"
    return f"退货已入库（{grading.summary()}）"


@dataclass(frozen=True)
class StyleDefects:
    """Graded returns of one style (款号): items that came back and how many were defective."""

    sku: str
    received: int
    defective: int
    worn: int

    @property
    def defect_rate(self) -> float:
        return self.defective / self.received if self.received else 0.0


def defects_by_style(lines: Sequence[tuple[str, Condition, int]]) -> list[StyleDefects]:
    """(款号, condition, quantity) of graded items → per style, worst defect rate first.

    Items of the expected goods count (完好, 有质量问题, 有穿着痕迹); wrong items and missing
    ones say nothing about the style's quality. Lines without a style are left out.
    """
    totals: dict[str, list[int]] = {}
    for sku, condition, quantity in lines:
        if not sku or condition in (Condition.WRONG_ITEM, Condition.MISSING):
            continue
        counts = totals.setdefault(sku, [0, 0, 0])
        counts[0] += quantity
        counts[1] += quantity if condition == Condition.DEFECTIVE else 0
        counts[2] += quantity if condition == Condition.WORN else 0
    styles = [StyleDefects(sku, *counts) for sku, counts in totals.items()]
    styles.sort(key=lambda s: (-s.defect_rate, -s.defective, s.sku))
    return styles


RECEIVED_ACTION = "return_received"
"""The history action a receipt leaves on its case (what puts the case in the 退货 register)."""


class ReturnProgress(StrEnum):
    """Where a case's goods are, as the 退货 register shows it."""

    RECEIVED = "received"
    EXPECTED = "expected"
    NOT_RECORDED = "not_recorded"

    @property
    def label(self) -> str:
        return {
            "received": "已入库",
            "expected": "待退回",
            "not_recorded": "无退货记录",
        }[self.value]


@dataclass(frozen=True)
class ReturnedGoods:
    """What came back for one case (all its receipts): the 退货 register's goods columns.

    `received` counts the pieces that actually arrived (wrong items included, missing ones
    not); a case whose return is only expected has `received` 0 and is not counted as received.
    """

    progress: ReturnProgress
    received: int = 0
    expected_waiting: int = 0
    """Pieces of returns still expected (待退回), not yet counted as received."""
    conditions: tuple[tuple[Condition, int], ...] = ()
    dispositions: tuple[tuple[Disposition, int], ...] = ()
    empty_parcels: int = 0
    received_at: datetime | None = None
    """The latest receipt (naive UTC as stored)."""

    @property
    def condition_text(self) -> str:
        """e.g. '完好 1、有质量问题 1'; '空包裹' when only empty parcels arrived."""
        parts = [f"{c.label} {n}" for c, n in self.conditions]
        if self.empty_parcels:
            parts.append("空包裹" if self.empty_parcels == 1 else f"空包裹 {self.empty_parcels}")
        return "、".join(parts)

    @property
    def disposition_text(self) -> str:
        return "、".join(f"{d.label} {n}" for d, n in self.dispositions)


def returned_goods(
    waiting: Sequence[int],
    received_lines: Sequence[ReceiptLine],
    receipts_at: Sequence[datetime],
    empty_parcels: int = 0,
) -> ReturnedGoods:
    """A case's goods from its returns: quantities still expected (`waiting`), the graded lines
    of its receipts, and when those receipts were made."""
    conditions: dict[Condition, int] = {}
    dispositions: dict[Disposition, int] = {}
    received = 0
    for line in received_lines:
        conditions[line.condition] = conditions.get(line.condition, 0) + line.quantity
        if line.condition == Condition.MISSING:
            continue
        received += line.quantity
        if line.disposition != Disposition.NONE:
            dispositions[line.disposition] = dispositions.get(line.disposition, 0) + line.quantity
    if receipts_at:
        progress = ReturnProgress.RECEIVED
    elif waiting:
        progress = ReturnProgress.EXPECTED
    else:
        progress = ReturnProgress.NOT_RECORDED
    return ReturnedGoods(
        progress=progress,
        received=received,
        expected_waiting=sum(waiting),
        conditions=tuple((c, conditions[c]) for c in Condition if c in conditions),
        dispositions=tuple((d, dispositions[d]) for d in Disposition if d in dispositions),
        empty_parcels=empty_parcels,
        received_at=max(receipts_at) if receipts_at else None,
    )
