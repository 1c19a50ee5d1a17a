"""Monthly export of a busy month (60,000 cases) against a bare write-only openpyxl workbook.

Target: the export (read from the store + write the styled workbook) takes at most 1.3× the time
of a bare write-only workbook holding the same cell values, measured in the same run; peak memory
of the export process at most 500 MB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import best_of, result, scratch_dir  # noqa: E402

FULL_CASES = 60_000
QUICK_CASES = 3_000


def _month_before(today: date) -> date:
    first = today.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def prepare(folder: Path, cases: int) -> tuple[str, str]:
    """A SQLite database in `folder` holding `cases` cases, all in last calendar month."""
    from kefu_desktop.services.demo import generate_demo
    from kefu_desktop.store import connect
    from kefu_desktop.store.db import database
    from kefu_desktop.store.migrations import history_append_only

    month = _month_before(date.today())
    db_file = folder / f"export-{cases}.db"
    marker = folder / f"export-{cases}.ready"
    url = f"sqlite:///{db_file}"
    if marker.exists() and marker.read_text() == month.isoformat() and db_file.exists():
        connect(url)
        return url, f"{month:%Y-%m}"
    for stale in (db_file, db_file.with_name(db_file.name + "-wal")):
        stale.unlink(missing_ok=True)
    connect(url)
    generate_demo(cases, months=1, seed=60_000)
    # Demo cases span the last 30 days; move them all into last calendar month.
    now = datetime.now()
    shift = now - datetime.combine(month, datetime.min.time()) - timedelta(days=30, hours=-1)
    seconds = int(shift.total_seconds())
    with database.atomic():
        for column in ("created_at", "updated_at", "asked_at", "first_reply_at", "resolved_at"):
            database.execute_sql(
                f'UPDATE "case" SET {column} = datetime({column}, ?) WHERE {column} IS NOT NULL',
                (f"-{seconds} seconds",),
            )
        # History is append-only in the app; this test database is moved in time as a whole.
        for event in ("update", "delete"):
            database.execute_sql(f'DROP TRIGGER IF EXISTS "case_event_no_{event}"')
        database.execute_sql(
            'UPDATE "case_event" SET at = datetime(at, ?)', (f"-{seconds} seconds",)
        )
        history_append_only(database.obj)
    marker.write_text(month.isoformat())
    return url, f"{month:%Y-%m}"


def _admin() -> Any:
    """The demo database's administrator (exports run as a real, active account)."""
    from kefu_desktop.domain.roles import Role
    from kefu_desktop.services.auth import list_staff

    return list_staff(Role.ADMIN)[0]


def _period(month: str) -> Any:
    from kefu_desktop.domain.registers import parse_month

    return parse_month(month, date.today())


def export_once(month: str, target: Path) -> None:
    from kefu_desktop.services.registers import export_monthly

    export_monthly(_admin(), _period(month), target)


def bare_workbook(sheets: list[tuple[str, list[list[Any]]]], target: Path) -> None:
    """The baseline: the same cell values in a plain write-only workbook, no styles."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(target)


def same_values(month: str) -> list[tuple[str, list[list[Any]]]]:
    """The cell values the export writes to its big sheets (registers and details)."""
    from kefu_desktop.domain.registers import Register
    from kefu_desktop.export.monthly import (
        DETAIL_COLUMNS,
        DETAIL_SHEET,
        REGISTER_COLUMNS,
        detail_cell_values,
        register_cell_values,
    )
    from kefu_desktop.services.registers import build_monthly_report

    report = build_monthly_report(_admin(), _period(month))
    sheets: list[tuple[str, list[list[Any]]]] = []
    for register in Register:
        rows = [r for r in report.rows if register in r.registers]
        sheets.append(
            (register.label, [[c.header for c in REGISTER_COLUMNS], *register_cell_values(rows)])
        )
    sheets.append(
        (DETAIL_SHEET, [[c.header for c in DETAIL_COLUMNS], *detail_cell_values(report.rows)])
    )
    return sheets


_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from kefu_desktop.store import connect
connect({url!r})
from benchmarks.bench_export import export_once
started = time.perf_counter()
export_once({month!r}, Path({target!r}))
elapsed = time.perf_counter() - started
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": elapsed, "peak_mb": peak_kb / 1024}}))
"""


def export_in_subprocess(url: str, month: str, target: Path) -> dict[str, float]:
    """Run one export in a fresh process; its time and peak resident memory."""
    code = _CHILD.format(root=str(ROOT), url=url, month=month, target=str(target))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def run(quick: bool) -> Iterable[dict[str, Any]]:
    cases = QUICK_CASES if quick else FULL_CASES
    folder = scratch_dir("export")
    started = time.perf_counter()
    url, month = prepare(folder, cases)
    setup = time.perf_counter() - started
    repeats = 1 if quick else 2

    sheets = same_values(month)
    cells = sum(len(row) for _, rows in sheets for row in rows)
    baseline = best_of(repeats, lambda: bare_workbook(sheets, folder / "bare.xlsx"))
    sheets.clear()
    export = best_of(repeats, lambda: export_once(month, folder / "export.xlsx"))
    yield result(
        "export_month_seconds",
        export,
        "s",
        baseline=baseline,
        target="ratio <= 1.3",
        cases=cases,
        cells=cells,
        setup_seconds=round(setup, 1),
    )
    child = export_in_subprocess(url, month, folder / "export-child.xlsx")
    yield result(
        "export_month_peak_memory",
        child["peak_mb"],
        "MB",
        target="<= 500",
        cases=cases,
        seconds=round(child["seconds"], 2),
    )
