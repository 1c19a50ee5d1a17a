"""The returns desk (退货入库) on a million cases: scan-to-open (target ≤ 100 ms).

The SQLite database (scratch folder, kept between runs with BENCH_WORK_DIR) holds demo cases
(1,000,000; RETURNS_CASES to change; --quick: 3,000). Expected returns are added through the
service the outcomes use, for RETURNS_EXPECTED resolved cases whose outcome sends goods back
(default 5,000), half with the customer's return waybill.

Figures, each the median over 60 random parcels:
- the service lookup (`returns.find_for_scan`) by return waybill, original waybill, order
  number and customer ID, against the bare indexed SQL lookup of the same key (sqlite3);
- scan-to-open on the desk: `ReturnsView.scan` until the parcel's form is open, against the
  service lookup alone.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_responsiveness import _fill_cases  # noqa: E402
from benchmarks.common import result, scratch_dir  # noqa: E402

GOAL = "≤ 100 ms"
SAMPLES = 60


def _median_ms(samples: list[Any], action: Callable[[Any], object]) -> float:
    times = []
    for sample in samples:
        started = time.perf_counter()
        action(sample)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _add_expected(want: int, rng: random.Random) -> float | None:
    """Expected returns through the service, for resolved cases that send goods back."""
    from kefu_desktop.domain.returns import RESOLUTIONS_SENDING_BACK
    from kefu_desktop.services import auth, returns
    from kefu_desktop.store import database
    from kefu_desktop.store.models import Case, ExpectedReturn

    have = ExpectedReturn.select().count()
    if have >= want:
        return None
    supervisor = auth.login("zhuguan01", "demo123")
    sending_back = [r.value for r in RESOLUTIONS_SENDING_BACK]
    taken = {e for (e,) in ExpectedReturn.select(ExpectedReturn.case).tuples()}
    candidates = [
        i
        for (i,) in Case.select(Case.id)
        .where(Case.resolution.in_(sending_back) & (Case.state == "resolved"))
        .tuples()
        if i not in taken
    ]
    started = time.perf_counter()
    for number, case_id in enumerate(rng.sample(candidates, min(want - have, len(candidates)))):
        with database.atomic():
            expected = returns._expect_for_outcome(supervisor, case_id)
        if expected is not None and number % 2 == 0:
            returns.set_return_waybill(
                supervisor, expected.id, expected.version, f"YT{8_000_000_000_000 + case_id}"
            )
    return time.perf_counter() - started


def run(quick: bool = False) -> Iterator[dict[str, Any]]:
    count = 3_000 if quick else int(os.environ.get("RETURNS_CASES", "1000000"))
    want = 200 if quick else int(os.environ.get("RETURNS_EXPECTED", "5000"))
    work = scratch_dir("returns")
    db_path = work / "cases.db"
    filled = _fill_cases(db_path, count, work)
    if filled is not None:
        yield result("returns_demo_fill", filled, "s", cases=count)
    rng = random.Random(14)
    added = _add_expected(want, rng)
    if added is not None:
        yield result("returns_expected_added", added, "s", expected=want)

    from PySide6.QtWidgets import QApplication

    from kefu_desktop.services import auth, returns
    from kefu_desktop.store.models import Case, Customer, ExpectedReturn
    from kefu_desktop.ui.warehouse.returns_view import ReturnsView

    total = Case.select().count()
    clerk = auth.login("cangku01", "demo123")
    rows = list(
        ExpectedReturn.select(
            ExpectedReturn.return_waybill, Case.waybill_no, Case.order_no, Customer.platform_id
        )
        .join(Case, on=(ExpectedReturn.case == Case.id))
        .join(Customer, on=(Case.customer == Customer.id))
        .where(ExpectedReturn.state == "expected")
        .tuples()
    )
    picks = rng.sample(rows, min(SAMPLES, len(rows)))
    with_waybill = [r for r in rows if r[0]]
    waybill_picks = rng.sample(with_waybill, min(SAMPLES, len(with_waybill)))
    raw = sqlite3.connect(str(db_path))
    bare_sql = {
        "return_waybill": "SELECT id FROM expected_return WHERE return_waybill = ?",
        "waybill": 'SELECT id FROM "case" WHERE waybill_no = ? LIMIT 50',
        "order_no": 'SELECT id FROM "case" WHERE order_no = ? LIMIT 50',
        "customer_id": 'SELECT c.id FROM "case" c JOIN customer cu ON cu.id = c.customer_id '
        "WHERE cu.platform_id = ? ORDER BY c.id DESC LIMIT 50",
    }

    def found(text: str) -> None:
        assert returns.find_for_scan(clerk, text).matches, text

    service_ms: dict[str, float] = {}
    for name, position, sample in (
        ("return_waybill", 0, waybill_picks),
        ("waybill", 1, picks),
        ("order_no", 2, picks),
        ("customer_id", 3, picks),
    ):
        values = [r[position] for r in sample]
        service_ms[name] = _median_ms(values, found)
        yield result(
            f"returns_find_{name}",
            service_ms[name],
            "ms",
            _median_ms(values, lambda v, sql=bare_sql[name]: raw.execute(sql, (v,)).fetchall()),
            cases=total,
            expected=len(rows),
        )

    app = QApplication.instance() or QApplication([])
    view = ReturnsView(clerk)
    view.resize(1326, 640)
    view.show()
    app.processEvents()

    def scan_to_open_ms(texts: list[str]) -> float:
        """Median from the scan to the parcel's form painted, starting from an empty desk."""
        times = []
        for text in texts:
            view.close_parcel()
            app.processEvents()
            started = time.perf_counter()
            view.scan(text)
            app.processEvents()
            times.append((time.perf_counter() - started) * 1000)
            assert view.current is not None, text
        return statistics.median(times)

    for name, position, sample in (("return_waybill", 0, waybill_picks), ("waybill", 1, picks)):
        values = [r[position] for r in sample]
        unique = [v for v in values if sum(1 for r in rows if r[position] == v) == 1]
        yield result(
            f"returns_scan_to_open_{name}",
            scan_to_open_ms(unique),
            "ms",
            service_ms[name],
            target=GOAL,
            cases=total,
            expected=len(rows),
        )
    view.close()
    raw.close()


if __name__ == "__main__":
    from benchmarks.common import emit

    for line in run(quick="--quick" in sys.argv):
        emit(line)
