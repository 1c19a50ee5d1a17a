"""Register rules, report periods, SLA figures and production-feedback clusters (no database)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.production_clusters import QualityComplaint, production_clusters
from kefu_desktop.domain.registers import (
    REGISTER_LABELS,
    Register,
    ReportPeriod,
    SlaTally,
    date_range_period,
    median,
    parse_month,
    percentile,
    registers_for,
)
from kefu_desktop.domain.resolutions import RESOLUTION_LABELS, Resolution, resolution_label


def test_every_register_and_resolution_has_a_chinese_label() -> None:
    assert set(REGISTER_LABELS) == set(Register)
    assert [r.label for r in Register] == [
        "查件", "延长收货时间", "货物破损", "补发", "换货", "退货", "申请退款", "客户维权",
    ]  # fmt: skip
    assert set(RESOLUTION_LABELS) == set(Resolution)
    assert resolution_label("reship") == "补发"
    assert resolution_label("") == ""
    assert resolution_label("something_old") == "未知（something_old）"


def test_demo_answers_name_real_options_of_the_flows() -> None:
    """The demo answers every step through the flows; its weights name only real options."""
    from kefu_desktop.domain.flows import FLOWS
    from kefu_desktop.services.demo import _CHOICE_WEIGHTS

    options: dict[str, set[str]] = {}
    for flow in FLOWS.values():
        for step in flow.steps.values():
            for f in step.fields:
                options.setdefault(f.key, set()).update(o.value for o in f.choices())
    for key, weights in _CHOICE_WEIGHTS.items():
        assert set(weights) <= options[key], key


@pytest.mark.parametrize(
    ("kind", "sub_kind", "resolution", "state", "escalated", "expected"),
    [
        # a damaged parcel that was reshipped is in both registers
        (CaseKind.DAMAGED_PARCEL, SubKind.CONTENTS_DAMAGED, "reship", "closed", False,
         [Register.DAMAGED, Register.RESHIP]),
        (CaseKind.LOGISTICS, SubKind.UNREACHABLE, "ems_forward", "resolved", False,
         [Register.TRACKING, Register.EXTEND_RECEIPT]),
        (CaseKind.LOGISTICS, SubKind.COURIER_DAMAGED, "return_reship", "resolved", False,
         [Register.TRACKING, Register.DAMAGED, Register.RESHIP]),
        (CaseKind.QUALITY, SubKind.WITHIN_WINDOW, "return", "closed", False,
         [Register.RETURN, Register.REFUND]),
        (CaseKind.WRONG_SHIPMENT, SubKind.WRONG_ITEM, "exchange", "closed", False,
         [Register.EXCHANGE]),
        (CaseKind.WRONG_SHIPMENT, SubKind.EXTRA_ITEM, "refund", "closed", False,
         [Register.REFUND]),
        (CaseKind.QUALITY, SubKind.LATE_OR_WORN, "", "escalated", False, []),
        (CaseKind.QUALITY, SubKind.LATE_OR_WORN, "discount", "closed", True, []),
        (CaseKind.WRONG_SHIPMENT, SubKind.EXTRA_ITEM, "stub_uploaded", "closed", False,
         [Register.DISPUTE]),
        (CaseKind.WRONG_SHIPMENT, SubKind.EXTRA_ITEM, "extra_returned", "closed", False,
         [Register.RETURN]),
        (CaseKind.WRONG_SHIPMENT, SubKind.EXTRA_ITEM, "platform_appeal", "closed", False,
         [Register.DISPUTE]),
        (CaseKind.WRONG_SHIPMENT, SubKind.EXTRA_ITEM, "courier_pickup", "closed", False,
         [Register.RETURN]),
        (CaseKind.QUALITY, SubKind.WITHIN_WINDOW, "", "open", False, []),
        # cancelled cases are in no register
        (CaseKind.DAMAGED_PARCEL, SubKind.REFUSED, "reship", "cancelled", True, []),
    ],
)  # fmt: skip
def test_registers_follow_from_kind_resolution_and_state(
    kind: CaseKind,
    sub_kind: SubKind,
    resolution: str,
    state: str,
    escalated: bool,
    expected: list[Register],
) -> None:
    del escalated  # an escalation alone puts a case in no register
    assert registers_for(kind, sub_kind, resolution, state) == expected


def test_percentiles_match_excel_percentile_inc() -> None:
    values = [10.0, 1.0, 3.0, 2.0, 4.0, 6.0, 5.0]
    assert median(values) == 4.0
    assert percentile(values, 90) == pytest.approx(7.6)
    assert percentile([5.0], 90) == 5.0
    assert median([1.0, 2.0]) == 1.5
    assert median([]) is None
    assert percentile([], 90) is None


def test_sla_tally() -> None:
    tally = SlaTally()
    for outcome in (True, True, False, None):
        tally.add(outcome)
    assert (tally.kept, tally.broken, tally.rate) == (2, 1, pytest.approx(2 / 3))
    assert SlaTally().rate is None


def test_parse_month_and_ranges() -> None:
    today = date(2026, 11, 23)
    period = parse_month("2026-11", today)
    assert (period.start, period.end, period.label) == (
        date(2026, 11, 1),
        date(2026, 12, 1),
        "2026年11月",
    )
    assert parse_month("2026年1月", today).start == date(2026, 1, 1)
    assert parse_month("2025/12", today).previous().start == date(2025, 11, 1)
    assert parse_month("2026-01", today).previous() == ReportPeriod(
        date(2025, 12, 1), date(2026, 1, 1), is_month=True
    )
    for bad in ("2026-13", "11-2026", "", "2026-00", "abc"):
        with pytest.raises(ValidationError, match="不是有效月份"):
            parse_month(bad, today)
    with pytest.raises(ValidationError, match="还没到"):
        parse_month("2026-12", today)
    rng = date_range_period(date(2026, 11, 1), date(2026, 11, 15), today)
    assert len(rng.days) == 15 and rng.previous().start == date(2026, 10, 17)
    assert rng.file_stem == "2026-11-01_2026-11-15"
    with pytest.raises(ValidationError, match="早于"):
        date_range_period(date(2026, 11, 15), date(2026, 11, 1), today)
    with pytest.raises(ValidationError, match="还没到"):
        date_range_period(date(2026, 11, 24), date(2026, 11, 30), today)


def _complaint(
    n: int, customer: str, day: int, sku: str = "WT2301", batch: str = "B1"
) -> QualityComplaint:
    return QualityComplaint(f"SH{n}", customer, sku, batch, datetime(2026, 11, day, 12))


def test_production_clusters_need_three_customers_within_fourteen_days() -> None:
    complaints = [
        _complaint(1, "a", 1),
        _complaint(2, "a", 2),  # the same customer twice counts once
        _complaint(3, "b", 5),
        _complaint(4, "c", 14),  # within 14 days of day 1 → cluster
        _complaint(5, "d", 20),  # within 14 days of the last → the same cluster grows
        _complaint(6, "x", 1, sku="NZ1805"),
        _complaint(7, "y", 3, sku="NZ1805"),
        _complaint(8, "z", 25, sku="NZ1805"),  # too far apart: no cluster
        _complaint(9, "p", 1, batch=""),
        _complaint(10, "q", 1, batch=""),
        _complaint(11, "r", 1, batch=""),  # batch unknown: cannot be grouped
        _complaint(12, "e", 2, batch="B2"),
        _complaint(13, "f", 2, batch="B2"),  # other batch of the same style: separate
    ]
    clusters = production_clusters(complaints, 3, timedelta(days=14))
    assert len(clusters) == 1
    cluster = clusters[0]
    assert (cluster.sku, cluster.batch) == ("WT2301", "B1")
    assert cluster.customers == {"a", "b", "c", "d"}
    assert cluster.case_nos == ["SH1", "SH2", "SH3", "SH4", "SH5"]
    assert cluster.first_at.day == 1 and cluster.last_at.day == 20
