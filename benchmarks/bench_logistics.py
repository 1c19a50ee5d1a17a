"""今日跟进 and 快递理赔 on a big office: the daily watch list, the open claims and the per-courier
totals, each against the case list's first page read in the same run (the screen every desk
opens with)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from benchmarks.common import median_of, result, scratch_dir

FULL_CASES = 100_000
QUICK_CASES = 3_000


def run(quick: bool) -> Iterable[dict[str, Any]]:
    from kefu_desktop.domain.roles import Role
    from kefu_desktop.services import auth, cases, claims, parcel_watch
    from kefu_desktop.services.claims import ClaimFilter
    from kefu_desktop.services.demo import generate_demo
    from kefu_desktop.store import connect
    from kefu_desktop.store.models import CourierClaim

    count = QUICK_CASES if quick else FULL_CASES
    folder = scratch_dir("logistics")
    connect(f"sqlite:///{folder / f'logistics-{count}-{time.time_ns()}.db'}")
    generate_demo(count, months=6, seed=12)
    user = auth.list_staff(Role.SUPERVISOR)[0]
    repeats = 3 if quick else 7

    baseline = median_of(repeats, lambda: cases.list_cases(user))
    due = parcel_watch.list_due(user)
    watch = median_of(repeats, lambda: parcel_watch.list_due(user))
    open_claims = median_of(repeats, lambda: claims.list_claims(user, ClaimFilter(open_only=True)))
    totals = median_of(repeats, lambda: claims.courier_totals(user))
    extra = {"cases": count, "claims": CourierClaim.select().count()}
    yield result("今日跟进 list", watch, "s", baseline, rows=len(due), **extra)
    yield result("快递理赔 open claims", open_claims, "s", baseline, **extra)
    yield result("快递理赔 totals per courier", totals, "s", baseline, **extra)
