"""What durable commits and the start-up file check cost.

- case save with synchronous=full (every confirmed commit survives a power cut or disk error)
  against the same saves with synchronous=normal, in the same run;
- the start-up integrity check on a database of 1,000,000 cases (--quick: 20,000) against a
  bare open of the same file: bounded in time however big the file is;
- the app's start to its first page on that database, with the check against without it.
"""

from __future__ import annotations

import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.common import median_of, result, scratch_dir

SKIP_CHECK = (
    "import sys; import kefu_desktop.store.db as db; db.verify_database_file = lambda path, **_: None; "
    "from kefu_desktop.cli import main; sys.argv[1:] = ['--user', 'kefu01', '--exit-when-ready'];"
    " raise SystemExit(main())"
)


def _save_cases(folder: Path, synchronous: str, count: int) -> float:
    from kefu_desktop.domain.kinds import CaseKind
    from kefu_desktop.domain.roles import Role
    from kefu_desktop.services import auth, cases
    from kefu_desktop.services.cases import NewCase
    from kefu_desktop.store import db as store_db

    path = folder / f"save-{synchronous}.db"
    for leftover in folder.glob(f"{path.name}*"):
        leftover.unlink()
    before = store_db.SQLITE_PRAGMAS["synchronous"]
    store_db.SQLITE_PRAGMAS["synchronous"] = synchronous
    try:
        store_db.connect(str(path))
        admin = auth.create_first_admin("admin", "管理员", "secret123")
        agent = auth.create_staff(admin, "kefu01", "小美", Role.AGENT, "secret123")
        started = time.perf_counter()
        for i in range(count):
            cases.create_case(agent, NewCase(kind=CaseKind.QUALITY, customer_id=f"tb_{i}"))
        elapsed = time.perf_counter() - started
        store_db.close()
    finally:
        store_db.SQLITE_PRAGMAS["synchronous"] = before
    return elapsed / count


def _big_database(folder: Path, count: int) -> Path:
    """A migrated database with `count` cases, filled with bare SQL (the check reads pages,
    not meaning, so the rows only need the real schema and size)."""
    from kefu_desktop.store import db as store_db

    path = folder / f"big-{count}.db"
    if path.exists():
        return path
    store_db.connect(str(path))
    store_db.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=wal")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO customer (platform_id, created_at) VALUES (?, '2026-01-01 00:00:00')",
        ((f"tb_customer_{i}",) for i in range(count // 4)),
    )
    conn.executemany(
        'INSERT INTO "case" (case_no, kind, state, customer_id, order_no, waybill_no, courier,'
        " sku, colour, size, quantity, batch, summary, created_at, updated_at, resolution,"
        " resolution_text, refund_fen, compensation_fen, postage_fen, postage_payer, note_text,"
        " note_flag, wizard_path, attention, version)"
        " VALUES (?, 'quality', 'open', ?, ?, ?, 'SF', 'SKU-1', '黑', 'M', 1, '', ?,"
        " '2026-01-01 00:00:00', '2026-01-01 00:00:00', '', '', 0, 0, 0, '', '', 0, '[]',"
        " '', 1)",
        (
            (f"SH{i:012d}", i % (count // 4) + 1, f"{i:016d}", f"SF{i:012d}", "开线" * 10)
            for i in range(count)
        ),
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def run(quick: bool = False) -> Iterator[dict[str, Any]]:
    work = scratch_dir("durability")
    saves = 100 if quick else 400
    normal = _save_cases(work, "normal", saves)
    full = _save_cases(work, "full", saves)
    yield result(
        "case_save_synchronous_full",
        full * 1000,
        "ms",
        normal * 1000,
        target="durable commits; cost reported against synchronous=normal",
        saves=saves,
    )

    from kefu_desktop.store.integrity import QUICK_CHECK_SECONDS, verify_database_file

    count = 20_000 if quick else 1_000_000
    path = _big_database(work, count)

    def bare_open() -> None:
        conn = sqlite3.connect(path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.close()

    def check() -> None:
        verify_database_file(path)

    bare_open()
    checked = median_of(5, check)
    yield result(
        "startup_integrity_check",
        checked,
        "s",
        median_of(5, bare_open),
        target=f"bounded: ≤ {QUICK_CHECK_SECONDS} s + header checks on any size",
        cases=count,
        file_mb=round(path.stat().st_size / 1e6, 1),
        complete=verify_database_file(path).complete,
    )

    from benchmarks.bench_foundation import _env, _time_until_ready

    data = path.parent / f"data-{count}"
    data.mkdir(exist_ok=True)
    if not (data / "kefu.db").exists():
        (data / "kefu.db").hardlink_to(path)
    env = _env(data)
    subprocess.run(
        [sys.executable, "-m", "kefu_desktop", "demo", "--cases", "0"], env=env, check=True
    )
    app = [sys.executable, "-m", "kefu_desktop", "--user", "kefu01", "--exit-when-ready"]
    unchecked = [sys.executable, "-c", SKIP_CHECK]
    _time_until_ready(app, env)  # warm the file cache for both
    _time_until_ready(unchecked, env)
    with_check, without_check = [], []
    for _ in range(3 if quick else 7):
        with_check.append(_time_until_ready(app, env))
        without_check.append(_time_until_ready(unchecked, env))
    yield result(
        "startup_to_first_page_with_file_check",
        statistics.median(with_check),
        "s",
        statistics.median(without_check),
        target="the check adds at most its bound to the start",
        cases=count,
    )
