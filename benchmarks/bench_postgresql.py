"""Case-list figures on PostgreSQL (1,000,000 cases; --quick: 20,000), when KEFU_BENCH_PG_URL is set.

The database at KEFU_BENCH_PG_URL is filled with demo cases up to the size (kept between runs:
filling a million takes minutes). Each figure is the service call the app makes, against the
bare indexed SQL lookup through psycopg2 in the same run:
- first page of the case list (target ≤ 50 ms) — also what a live refresh re-reads;
- exact search by customer ID, order number, waybill (≤ 10 ms);
- prefix search on case number and customer ID (≤ 20 ms);
- opening a case through the service (number from the per-day counter), no baseline.
The query plans of the searches (EXPLAIN ANALYZE) are written to postgresql-plans.txt in the
benchmark's scratch folder and its path printed with the figures.
"""

from __future__ import annotations

import logging
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks.common import result, scratch_dir

ROOT = Path(__file__).resolve().parent.parent
URL_ENV = "KEFU_BENCH_PG_URL"


def _median_ms(samples: list[Any], action: Callable[[Any], object]) -> float:
    times = []
    for sample in samples:
        started = time.perf_counter()
        action(sample)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


class _QueryLog(logging.Handler):
    """Collects the SQL peewee runs, to EXPLAIN the app's own queries."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.queries: list[tuple[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, tuple) and len(record.msg) == 2:
            self.queries.append(record.msg)


def _fill(url: str, count: int, work: Path) -> float | None:
    """Bring the database up to `count` demo cases; the seconds it took (None if full)."""
    sys.path.insert(0, str(ROOT))
    from kefu_desktop.store import connect
    from kefu_desktop.store.models import Case

    connect(url)
    existing = Case.select().count()
    if existing >= count:
        return None
    env = {**os.environ, "KEFU_DATA_DIR": str(work), "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kefu_desktop",
            "--db",
            url,
            "demo",
            "--cases",
            str(count - existing),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    return time.perf_counter() - started


def run(quick: bool = False) -> Iterator[dict[str, Any]]:
    url = os.environ.get(URL_ENV)
    if not url:
        yield {"bench": "postgresql", "skipped": f"{URL_ENV} not set"}
        return
    import psycopg2

    count = 20_000 if quick else 1_000_000
    work = scratch_dir("postgresql")
    filled = _fill(url, count, work)
    if filled is not None:
        yield result("pg_demo_fill", filled, "s", cases=count)

    from kefu_desktop.domain.kinds import CaseKind
    from kefu_desktop.services import auth, cases
    from kefu_desktop.services.cases import CaseFilter, NewCase
    from kefu_desktop.store import connect, database

    connect(url)
    database.execute_sql('ANALYZE "case"')
    database.execute_sql("ANALYZE customer")
    total = int(database.execute_sql('SELECT count(*) FROM "case"').fetchone()[0])
    user = auth.login("kefu01", "demo123")
    raw = psycopg2.connect(url)
    raw.autocommit = True
    cursor = raw.cursor()

    def bare(sql: str) -> Callable[[Any], object]:
        def run_sql(value: Any) -> object:
            cursor.execute(sql, value if isinstance(value, tuple) else (value,))
            return cursor.fetchall()

        return run_sql

    rng = random.Random(7)
    cursor.execute('SELECT max(id) FROM "case"')
    top = int(cursor.fetchone()[0])
    ids = tuple(rng.randint(1, top) for _ in range(60))
    cursor.execute(
        'SELECT c.case_no, cu.platform_id, c.order_no, c.waybill_no FROM "case" c '
        "JOIN customer cu ON cu.id = c.customer_id WHERE c.id IN %s",
        (ids,),
    )
    picks = cursor.fetchall()

    def search(text: str) -> None:
        assert cases.list_cases(user, CaseFilter(text=text)), text

    first_page = [None] * 30
    yield result(
        "pg_first_page",
        _median_ms(first_page, lambda _v: cases.list_cases(user)),
        "ms",
        _median_ms(
            first_page,
            lambda _v: bare('SELECT id FROM "case" ORDER BY id DESC LIMIT 200')(()),
        ),
        target="≤ 50 ms",
        cases=total,
    )
    for name, sql, position in (
        (
            "customer_id",
            'SELECT c.id FROM "case" c WHERE c.customer_id IN (SELECT id FROM customer '
            "WHERE platform_id = %s) ORDER BY c.id DESC LIMIT 200",
            1,
        ),
        ("order_no", 'SELECT id FROM "case" WHERE order_no = %s ORDER BY id DESC LIMIT 200', 2),
        ("waybill", 'SELECT id FROM "case" WHERE waybill_no = %s ORDER BY id DESC LIMIT 200', 3),
    ):
        values = [p[position] for p in picks]
        yield result(
            f"pg_search_exact_{name}",
            _median_ms(values, search),
            "ms",
            _median_ms(values, bare(sql)),
            target="≤ 10 ms",
            cases=total,
        )
    day_prefixes = [p[0][:11] for p in picks]
    customer_prefixes = [p[1][: max(3, len(p[1]) - 2)] for p in picks]
    naive_ms = _median_ms(  # what the planner does when the id order is asked for
        [p + "%" for p in day_prefixes],
        bare('SELECT id FROM "case" WHERE case_no LIKE %s ORDER BY id DESC LIMIT 200'),
    )
    yield result(
        "pg_search_prefix_case_no",
        _median_ms(day_prefixes, search),
        "ms",
        _median_ms(
            [p + "%" for p in day_prefixes],
            bare(
                'SELECT id FROM "case" WHERE case_no LIKE %s ORDER BY case_no USING ~>~ LIMIT 200'
            ),
        ),
        target="≤ 20 ms",
        cases=total,
        order_by_id_ms=round(naive_ms, 3),
    )
    yield result(
        "pg_search_prefix_customer_id",
        _median_ms(customer_prefixes, search),
        "ms",
        _median_ms(
            [p + "%" for p in customer_prefixes],
            bare(
                'SELECT id FROM "case" WHERE customer_id IN (SELECT id FROM customer WHERE '
                "platform_id LIKE %s LIMIT 500) ORDER BY id DESC LIMIT 200"
            ),
        ),
        target="≤ 20 ms",
        cases=total,
    )
    opened = list(range(30))
    yield result(
        "pg_open_case",
        _median_ms(
            opened,
            lambda i: cases.create_case(
                user, NewCase(kind=CaseKind.QUALITY, customer_id=f"bench-{i % 5}")
            ),
        ),
        "ms",
        target="no refusal (per-day counter)",
        cases=total,
    )
    plans = _explain_searches(user, picks, work)
    yield {"bench": "pg_query_plans", "file": str(plans)}
    raw.close()


def _explain_searches(user: Any, picks: list[tuple[str, ...]], work: Path) -> Path:
    """EXPLAIN ANALYZE of every query the first page and each kind of search runs."""
    from kefu_desktop.services import cases
    from kefu_desktop.services.cases import CaseFilter
    from kefu_desktop.store import database

    case_no, customer, order_no, waybill = picks[0]
    searches = {
        "first page": "",
        "exact customer ID": customer,
        "exact order number": order_no,
        "exact waybill": waybill,
        "prefix case number": case_no[:11],
        "prefix customer ID": customer[: max(3, len(customer) - 2)],
    }
    peewee_log = logging.getLogger("peewee")
    out = work / "postgresql-plans.txt"
    with open(out, "w", encoding="utf-8") as handle:
        for title, text in searches.items():
            collector = _QueryLog()
            peewee_log.addHandler(collector)
            level = peewee_log.level
            peewee_log.setLevel(logging.DEBUG)
            try:
                cases.list_cases(user, CaseFilter(text=text))
            finally:
                peewee_log.removeHandler(collector)
                peewee_log.setLevel(level)
            handle.write(f"==== {title}: {text!r}\n")
            for sql, params in collector.queries:
                rows = database.execute_sql(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                handle.write(f"-- {sql}\n-- params: {params}\n")
                handle.write("\n".join(r[0] for r in rows.fetchall()) + "\n\n")
    return out
