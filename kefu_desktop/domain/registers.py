"""Registers (登记表), report periods, time promises (SLA) and the figures management reads.

A case is not typed into a register by hand: which registers it belongs to follows from its kind,
sub-kind, resolution and state (a damaged parcel that was reshipped is in 货物破损 and 补发).
Each rule is plain data so the store can turn the same rule into a query.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.parcel_watch import WatchAction
from kefu_desktop.domain.resolutions import REFUND_RESOLUTIONS, Resolution
from kefu_desktop.domain.states import CaseState


class Register(StrEnum):
    TRACKING = "tracking"
    EXTEND_RECEIPT = "extend_receipt"
    DAMAGED = "damaged"
    RESHIP = "reship"
    EXCHANGE = "exchange"
    RETURN = "return"
    REFUND = "refund"
    DISPUTE = "dispute"

    @property
    def label(self) -> str:
        return REGISTER_LABELS[self]

    @property
    def rule(self) -> RegisterRule:
        return REGISTER_RULES[self]


REGISTER_LABELS: dict[Register, str] = {
    Register.TRACKING: "查件",
    Register.EXTEND_RECEIPT: "延长收货时间",
    Register.DAMAGED: "货物破损",
    Register.RESHIP: "补发",
    Register.EXCHANGE: "换货",
    Register.RETURN: "退货",
    Register.REFUND: "申请退款",
    Register.DISPUTE: "客户维权",
}


@dataclass(frozen=True)
class RegisterRule:
    """A case is in the register when ANY of these match (and it was not cancelled)."""

    kinds: frozenset[CaseKind] = frozenset()
    sub_kinds: frozenset[SubKind] = frozenset()
    resolutions: frozenset[Resolution] = frozenset()
    states: frozenset[CaseState] = frozenset()
    pairs: frozenset[tuple[SubKind, Resolution]] = frozenset()
    """A sub-kind that belongs only when it ended with that resolution."""
    actions: frozenset[str] = frozenset()
    """History actions that put a case in the register (what someone recorded doing)."""

    def matches(
        self,
        kind: str,
        sub_kind: str | None,
        resolution: str,
        state: str,
        actions: Collection[str] = (),
    ) -> bool:
        """Whether a case with these values (and these history actions) belongs to the register."""
        if state == CaseState.CANCELLED:
            return False
        return (
            kind in self.kinds
            or (sub_kind is not None and sub_kind in self.sub_kinds)
            or resolution in self.resolutions
            or state in self.states
            or any(sub_kind == pair[0] and resolution == pair[1] for pair in self.pairs)
            or any(action in self.actions for action in actions)
        )


REGISTER_RULES: dict[Register, RegisterRule] = {
    # Every logistics problem means chasing the parcel with the courier, and so does any case
    # whose parcel someone checked or chased (今日跟进).
    Register.TRACKING: RegisterRule(
        kinds=frozenset({CaseKind.LOGISTICS}),
        actions=frozenset({WatchAction.PARCEL_CHECKED, WatchAction.COURIER_CONTACTED}),
    ),
    # A parcel stuck or re-routed: extend the buyer's receipt deadline so the order
    # does not auto-confirm before it arrives.
    Register.EXTEND_RECEIPT: RegisterRule(
        sub_kinds=frozenset({SubKind.UNREACHABLE, SubKind.WRONG_ADDRESS}),
        resolutions=frozenset(
            {
                Resolution.EXTEND_RECEIPT,
                Resolution.EMS_FORWARD,
                Resolution.COURIER_REDELIVER,
                Resolution.ADDRESS_CHANGED,
            }
        ),
        pairs=frozenset({(SubKind.LOST, Resolution.RESHIP)}),
        actions=frozenset({WatchAction.RECEIPT_EXTENDED}),
    ),
    # Parcels broken or short on the way: the damaged-parcel kind, a courier's damage, and
    # whatever the courier paid for.
    Register.DAMAGED: RegisterRule(
        kinds=frozenset({CaseKind.DAMAGED_PARCEL}),
        sub_kinds=frozenset({SubKind.COURIER_DAMAGED}),
        resolutions=frozenset({Resolution.COURIER_COMPENSATION}),
    ),
    Register.RESHIP: RegisterRule(
        resolutions=frozenset({Resolution.RESHIP, Resolution.RETURN_RESHIP}),
    ),
    Register.EXCHANGE: RegisterRule(resolutions=frozenset({Resolution.EXCHANGE})),
    # Goods coming back to the shop (what actually arrived is read from the receipts).
    Register.RETURN: RegisterRule(
        resolutions=frozenset(
            {
                Resolution.RETURN,
                Resolution.EXTRA_RETURNED,
                Resolution.COURIER_PICKUP,
                Resolution.SHIPPED_RETURN,
            }
        ),
    ),
    # Money going back to the customer for the goods.
    Register.REFUND: RegisterRule(resolutions=REFUND_RESOLUTIONS),
    # Cases the platform arbitrates: an appeal by the complaints agent, or the waybill stub
    # uploaded against a customer's claim. An escalation to the supervisor is internal and
    # is not a dispute by itself.
    Register.DISPUTE: RegisterRule(
        resolutions=frozenset({Resolution.PLATFORM_APPEAL, Resolution.STUB_UPLOADED}),
    ),
}


def registers_for(
    kind: str, sub_kind: str | None, resolution: str, state: str, actions: Collection[str] = ()
) -> list[Register]:
    """The registers a case belongs to, in register order (`actions`: its history actions)."""
    return [
        register
        for register, rule in REGISTER_RULES.items()
        if rule.matches(kind, sub_kind, resolution, state, actions)
    ]


# --- report periods ------------------------------------------------------------------------

_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")


@dataclass(frozen=True)
class ReportPeriod:
    """Local dates [start, end) a report covers; `is_month` when it is one calendar month."""

    start: date
    end: date
    is_month: bool = False

    @property
    def label(self) -> str:
        if self.is_month:
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start:%Y-%m-%d} 至 {self.end - timedelta(days=1):%Y-%m-%d}"

    @property
    def file_stem(self) -> str:
        """A name part for files: '2026-11' or '2026-11-01_2026-11-15'."""
        if self.is_month:
            return f"{self.start:%Y-%m}"
        return f"{self.start:%Y-%m-%d}_{self.end - timedelta(days=1):%Y-%m-%d}"

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days)]

    def previous(self) -> ReportPeriod:
        """The period just before: the previous month, or a range of the same length."""
        if self.is_month:
            return month_period(_add_months(self.start, -1))
        length = self.end - self.start
        return ReportPeriod(self.start - length, self.start)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_period(first_day: date) -> ReportPeriod:
    """The calendar month that `first_day` falls in."""
    start = first_day.replace(day=1)
    return ReportPeriod(start, _add_months(start, 1), is_month=True)


def parse_month(text: str, today: date) -> ReportPeriod:
    """'2026-11' (also '2026/11', '2026年11月') as a period; `ValidationError` if malformed or future."""
    match = _MONTH.match(text or "")
    if not match:
        raise ValidationError(f"「{text}」不是有效月份，请按 年-月 填写，例如 2026-11。", "month")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 2000:
        raise ValidationError(f"「{text}」不是有效月份，请按 年-月 填写，例如 2026-11。", "month")
    period = month_period(date(year, month, 1))
    if period.start > today:
        raise ValidationError(
            f"{period.label}还没到，没有可导出的售后单。请选择本月或以前的月份。", "month"
        )
    return period


def parse_date(text: str, field_name: str) -> date:
    """'2026-11-05' as a date; `ValidationError` if malformed."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            f"「{text}」不是有效日期，请按 年-月-日 填写，例如 2026-11-05。", field_name
        ) from None


def date_range_period(first: date, last: date, today: date) -> ReportPeriod:
    """The inclusive local dates first..last as a period; `ValidationError` if reversed or future."""
    if last < first:
        raise ValidationError("结束日期早于开始日期，请调换或重新选择。", "to")
    if first > today:
        raise ValidationError(
            f"开始日期 {first:%Y-%m-%d} 还没到，没有可导出的售后单。请选择今天或以前的日期。",
            "from",
        )
    if (last - first).days > 366:
        raise ValidationError("日期范围最长一年，请缩短后再导出。", "to")
    return ReportPeriod(first, last + timedelta(days=1))


# --- statistics ----------------------------------------------------------------------------


def median(values: Sequence[float]) -> float | None:
    """The median, or None for no values."""
    return percentile(values, 50)


def percentile(values: Sequence[float], pct: float) -> float | None:
    """The pct-th percentile with linear interpolation (Excel PERCENTILE.INC); None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class SlaTally:
    """Counts of promises kept and broken (pending ones are left out)."""

    kept: int = 0
    broken: int = 0

    def add(self, outcome: bool | None) -> None:
        if outcome is True:
            self.kept += 1
        elif outcome is False:
            self.broken += 1

    @property
    def checked(self) -> int:
        return self.kept + self.broken

    @property
    def rate(self) -> float | None:
        """Share kept (0..1), None when nothing was due."""
        return self.kept / self.checked if self.checked else None


def combined_rate(*tallies: SlaTally) -> float | None:
    """Share of all promises kept across several tallies, None when nothing was due."""
    checked = sum(t.checked for t in tallies)
    return sum(t.kept for t in tallies) / checked if checked else None


def change_ratio(current: float, previous: float) -> float | None:
    """(current - previous) / previous, None when there is nothing to compare with."""
    if not previous:
        return None
    return (current - previous) / previous
