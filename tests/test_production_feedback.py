"""生产反馈 in the monthly report: distinct customers, a rolling window across month ends, and
customer-fault or no-defect cases left out."""

from __future__ import annotations

from datetime import datetime, timedelta

from kefu_desktop.domain.clock import to_utc
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.registers import ReportPeriod, month_period
from kefu_desktop.services import cases, promises, registers
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store.models import Case
from tests.conftest import Staffing

NO_DEFECT_PATH = [{"step": "q_photo_verdict", "answers": {"defect": "no", "serious": "no"}}]


def _complaint(
    staff: Staffing,
    customer: str,
    at_local: datetime,
    sku: str = "WT2301",
    batch: str = "B01",
    sub_kind: SubKind = SubKind.WITHIN_WINDOW,
    path: list[dict[str, object]] | None = None,
) -> str:
    detail = cases.create_case(
        staff.agent,
        NewCase(kind=CaseKind.QUALITY, sub_kind=sub_kind, customer_id=customer, sku=sku,
                batch=batch),
    )  # fmt: skip
    created = to_utc(at_local)
    Case.update(created_at=created, asked_at=created, wizard_path=path or []).where(
        Case.id == detail.id
    ).execute()
    return detail.case_no


def _period() -> ReportPeriod:
    first = datetime.now().replace(day=1).date()
    return month_period(first - timedelta(days=1))  # last month: complete, in the past


def test_a_cluster_across_the_month_start_is_reported(staff: Staffing) -> None:
    promises.set_defect_rule(staff.admin, 3, 14)  # the office looks at two weeks
    period = _period()
    start = datetime.combine(period.start, datetime.min.time())
    before = [
        _complaint(staff, "买家甲", start - timedelta(days=6)),
        _complaint(staff, "买家乙", start - timedelta(days=2)),
    ]
    inside = _complaint(staff, "买家丙", start + timedelta(days=3))
    report = registers.build_monthly_report(staff.supervisor, period)
    assert len(report.clusters) == 1
    cluster = report.clusters[0]
    assert (cluster.sku, cluster.batch, len(cluster.customers)) == ("WT2301", "B01", 3)
    assert cluster.case_nos == [*before, inside]
    # by the end of the month before only two customers had complained: nothing to report then
    assert registers.build_monthly_report(staff.supervisor, period.previous()).clusters == []


def test_one_customer_many_times_and_excluded_cases_do_not_make_a_cluster(
    staff: Staffing,
) -> None:
    period = _period()
    start = datetime.combine(period.start, datetime.min.time())
    for day in (1, 2, 3, 4):  # one customer four times
        _complaint(staff, "买家甲", start + timedelta(days=day))
    _complaint(staff, "买家乙", start + timedelta(days=5), sub_kind=SubKind.CUSTOMER_FAULT)
    _complaint(staff, "买家丙", start + timedelta(days=5), path=NO_DEFECT_PATH)
    _complaint(staff, "买家丁", start + timedelta(days=6), batch="B02")  # another batch
    assert registers.build_monthly_report(staff.supervisor, period).clusters == []
    _complaint(staff, "买家戊", start + timedelta(days=7))
    assert registers.build_monthly_report(staff.supervisor, period).clusters == []
    _complaint(staff, "买家己", start + timedelta(days=8))
    clusters = registers.build_monthly_report(staff.supervisor, period).clusters
    assert [len(c.customers) for c in clusters] == [3]


def test_a_cluster_that_ended_before_the_month_is_not_reported(staff: Staffing) -> None:
    period = _period()
    start = datetime.combine(period.start, datetime.min.time())
    for n, customer in enumerate(("买家甲", "买家乙", "买家丙")):
        _complaint(staff, customer, start - timedelta(days=10 - n))
    _complaint(staff, "买家丁", start + timedelta(days=20))  # far from the others
    assert registers.build_monthly_report(staff.supervisor, period).clusters == []
