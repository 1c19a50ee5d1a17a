"""Customer care: the intake's notice on 1,000,000 cases, and the pages the workbook prints.

- notice: `customers.customer_notice` (the wizard asks it as a customer ID is typed or pasted)
  for an ordinary customer and for one with 5,000 cases, on a SQLite database of 1,000,000
  cases; baseline: the same count with the (customer, created_at) index dropped. Target: a
  few milliseconds, far below the 150 ms the intake waits before asking.
- pages: the month's workbook printed by LibreOffice headless, against the same workbook with
  its print setup removed (how it printed before: every sheet at 100 %, columns cut across
  pages, charts split).
"""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import median_of, result, scratch_dir  # noqa: E402

FULL_CASES = 1_000_000
QUICK_CASES = 50_000
HEAVY_CASES = 5_000
CASE_COLUMNS = ("id", "case_no", "kind", "state", "customer_id", "created_at", "updated_at")
EMPTY_COLUMNS = (
    "order_no", "waybill_no", "courier", "sku", "colour", "size", "quantity", "batch", "summary",
    "resolution", "resolution_text", "refund_fen", "compensation_fen", "postage_fen",
    "postage_payer", "note_text", "note_flag", "wizard_path", "attention", "version",
    "courier_fen",
)  # fmt: skip
EMPTY_CASE = ("", "", "", "", "", "", 1, "", "", "", "", 0, 0, 0, "", "", 0, "[]", "", 1, 0)


def _fill(path: Path, count: int) -> tuple[str, str]:
    """`count` cases over count/5 customers (plus one with HEAVY_CASES), written in bulk."""
    from kefu_desktop.store import connect
    from kefu_desktop.store.db import close

    connect(f"sqlite:///{path}")  # the schema, indexes and triggers as the app makes them
    close()
    rng = random.Random(5)
    customers = count // 5
    now = datetime.now(UTC).replace(tzinfo=None)
    with sqlite3.connect(path) as db:
        db.executemany(
            'INSERT INTO "customer" (id, platform_id, created_at) VALUES (?, ?, ?)',
            ((i, f"tb{i:07d}", now) for i in range(1, customers + 2)),
        )

        def rows() -> Iterator[tuple[Any, ...]]:
            for i in range(1, count + 1):
                customer = customers + 1 if i <= HEAVY_CASES else rng.randint(1, customers)
                created = now - timedelta(minutes=rng.randint(0, 60 * 24 * 365))
                if HEAVY_CASES < i <= HEAVY_CASES + 3:  # the ordinary customer: 3 recent cases
                    customer, created = 7, now - timedelta(days=i - HEAVY_CASES)
                yield (i, f"SH{i:012d}", "quality", "open", customer, created, created,
                       *EMPTY_CASE)  # fmt: skip

        names = ", ".join(f'"{c}"' for c in (*CASE_COLUMNS, *EMPTY_COLUMNS))
        marks = ", ".join("?" for _ in (*CASE_COLUMNS, *EMPTY_COLUMNS))
        db.executemany(f'INSERT INTO "case" ({names}) VALUES ({marks})', rows())
    return "tb0000007", f"tb{customers + 1:07d}"


def _notice(path: Path, count: int) -> Iterator[dict[str, Any]]:
    from kefu_desktop.services import auth, customers
    from kefu_desktop.store import connect
    from kefu_desktop.store.db import close, database

    marker = path.with_suffix(".ready")
    if not (marker.exists() and marker.read_text() == str(count)):
        path.unlink(missing_ok=True)
        started = time.perf_counter()
        ordinary, heavy = _fill(path, count)
        marker.write_text(str(count))
        yield result("care.fill", time.perf_counter() - started, "s", cases=count)
    else:
        ordinary, heavy = "tb0000007", f"tb{count // 5 + 1:07d}"
    connect(f"sqlite:///{path}")
    user = (
        auth.create_first_admin("admin", "管理员", "secret123") if not auth.list_staff() else None
    )
    user = user or auth.login("admin", "secret123")
    for name, customer_id in (("ordinary", ordinary), ("heavy", heavy)):
        notice = customers.customer_notice(user, customer_id)
        with_index = median_of(21, lambda c=customer_id: customers.customer_notice(user, c))
        database.execute_sql('DROP INDEX "case_customer_created"')
        without = median_of(5, lambda c=customer_id: customers.customer_notice(user, c))
        database.execute_sql(
            'CREATE INDEX "case_customer_created" ON "case" ("customer_id", "created_at")'
        )
        yield result(
            f"care.notice.{name}",
            with_index * 1000,
            "ms",
            baseline=without * 1000,
            target="< 20 ms on 1,000,000 cases (the intake waits 150 ms before asking)",
            cases=count,
            recent_cases=notice.recent_cases if notice else 0,
        )
    close()


def _pages(folder: Path, cases: int) -> Iterator[dict[str, Any]]:
    from kefu_desktop.domain.registers import parse_month
    from kefu_desktop.services import auth, registers
    from kefu_desktop.services.demo import DEMO_PASSWORD, generate_demo
    from kefu_desktop.store import connect
    from kefu_desktop.store.db import close
    from tests.printed import pdf_pages, render_pdf, soffice, without_print_setup

    if soffice() is None:
        yield {"bench": "care.pages", "error": "LibreOffice (soffice) is not installed"}
        return
    db = folder / f"print-{cases}.db"
    db.unlink(missing_ok=True)
    connect(f"sqlite:///{db}")
    generate_demo(cases, months=1, seed=3)
    supervisor = auth.login("zhuguan01", DEMO_PASSWORD)
    today = date.today()
    book = registers.export_monthly(
        supervisor, parse_month(f"{today:%Y-%m}", today), folder / "月报.xlsx"
    )
    close()
    printed = pdf_pages(render_pdf(book, folder / "pdf"))
    before = pdf_pages(render_pdf(without_print_setup(book, folder / "旧.xlsx"), folder / "pdf"))
    yield result("care.pages", printed, "pages", baseline=before, cases=cases)


def run(quick: bool = False) -> Iterator[dict[str, Any]]:
    folder = scratch_dir("care")
    count = QUICK_CASES if quick else FULL_CASES
    yield from _notice(folder / f"care-{count}.db", count)
    yield from _pages(folder, 300 if quick else 1500)


if __name__ == "__main__":
    from benchmarks.common import emit

    for line in run(quick="--quick" in sys.argv):
        emit(line)
