"""Production clusters: the quality complaints about one style (款号) and batch (批次) from
several customers close together in time, as the 生产问题反馈 register reports them (the rule
that decides is `production_feedback.DefectRule`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kefu_desktop.domain.production_feedback import PRODUCTION_MIN_CUSTOMERS, PRODUCTION_WINDOW


@dataclass(frozen=True)
class QualityComplaint:
    case_no: str
    customer_id: str
    sku: str
    batch: str
    at: datetime
    sub_kind: str | None = None


@dataclass
class ProductionCluster:
    """Quality complaints about one style (款号) from one batch (批次) close together in time."""

    sku: str
    batch: str
    first_at: datetime
    last_at: datetime
    customers: set[str] = field(default_factory=set)
    case_nos: list[str] = field(default_factory=list)
    times: list[datetime] = field(default_factory=list)


def active_clusters(
    clusters: Iterable[ProductionCluster], start: datetime, end: datetime
) -> list[ProductionCluster]:
    """The clusters with a complaint in [start, end) (a cluster may begin before `start`)."""
    return [
        c for c in clusters if c.first_at < end and c.last_at >= start and _any_in(c, start, end)
    ]


def _any_in(cluster: ProductionCluster, start: datetime, end: datetime) -> bool:
    return any(start <= at < end for at in cluster.times)


def production_clusters(
    complaints: Iterable[QualityComplaint],
    min_customers: int = PRODUCTION_MIN_CUSTOMERS,
    window: timedelta = PRODUCTION_WINDOW,
) -> list[ProductionCluster]:
    """Style + batch groups where `min_customers` customers complained within `window`.

    Complaints without a style or batch cannot be grouped and are left out. A cluster runs from
    the first complaint of a qualifying window to the last complaint that keeps within `window`
    of the one before it, so one long run of complaints is reported once.
    """
    groups: dict[tuple[str, str], list[QualityComplaint]] = defaultdict(list)
    for complaint in complaints:
        if complaint.sku and complaint.batch:
            groups[(complaint.sku, complaint.batch)].append(complaint)
    clusters: list[ProductionCluster] = []
    for (sku, batch), items in groups.items():
        items.sort(key=lambda c: c.at)
        start = 0
        current: ProductionCluster | None = None
        for end, item in enumerate(items):
            while item.at - items[start].at > window:
                start += 1
            if current is not None and item.at - current.last_at <= window:
                current.last_at = item.at
                current.customers.add(item.customer_id)
                current.case_nos.append(item.case_no)
                current.times.append(item.at)
                continue
            current = None
            in_window = items[start : end + 1]
            customers = {c.customer_id for c in in_window}
            if len(customers) >= min_customers:
                current = ProductionCluster(
                    sku=sku,
                    batch=batch,
                    first_at=in_window[0].at,
                    last_at=item.at,
                    customers=customers,
                    case_nos=[c.case_no for c in in_window],
                    times=[c.at for c in in_window],
                )
                clusters.append(current)
    clusters.sort(key=lambda c: (-len(c.customers), c.sku, c.batch))
    return clusters
