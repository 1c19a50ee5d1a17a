"""Foundation figures on a big SQLite database (1,000,000 cases; --quick: 20,000).

- demo generator: time to write the cases, against a bare sqlite3 executemany of as many rows;
- start-up: process start to an interactive main window showing the first page of cases, against
  a bare QApplication + QMainWindow start in the same run (targets ≤ 1.0 s and ≤ 2.5×): the median
  of 15 starts of each, taken in turn (one start in seven or so is slowed by the machine's other
  work), with the package's bytecode compiled first as an installed program has it (the bare
  start's libraries have theirs);
- exact search by customer ID, order number, waybill (≤ 10 ms) and prefix search on case number
  and customer ID (≤ 20 ms), each against the bare indexed SQL lookup.

With BENCH_WORK_DIR set, the generated database is kept there and reused by later runs (the
generator's figure is then left out); delete the folder to generate it again.
"""

from __future__ import annotations

import compileall
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks.common import result, scratch_dir

ROOT = Path(__file__).resolve().parent.parent
BARE_QT_START = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1360, 820)
window.show()
QTimer.singleShot(0, lambda: (print("ready", flush=True), app.quit()))
app.exec()
"""


STARTS = 15
"""Starts of each program measured, taken in turn."""


def _env(data: Path) -> dict[str, str]:
    env = {**os.environ, "KEFU_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    env["KEFU_PASSWORD"] = "demo123"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _time_until_ready(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == "ready":
            elapsed = time.perf_counter() - started
            break
    else:
        raise RuntimeError(
            f"{command} never got ready: {process.stderr.read() if process.stderr else ''}"
        )
    process.wait(timeout=60)
    return elapsed


def _bare_insert(path: Path, count: int) -> float:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=wal")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c INTEGER)")
    started = time.perf_counter()
    with connection:
        connection.executemany(
            "INSERT INTO t (a, b, c) VALUES (?, ?, ?)",
            ((f"SH{i:012d}", f"tb{i * 7919 % 1000003}", i) for i in range(count)),
        )
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def generate_demo_database(data: Path, count: int) -> tuple[float, float]:
    """A fresh demo database of `count` cases in the data folder `data`, made by
    `kefu-desktop demo`; its wall time and a bare executemany of as many rows, in seconds."""
    data.mkdir(parents=True, exist_ok=True)
    for leftover in data.glob("kefu.db*"):
        leftover.unlink()
    bare_file = data.parent / "bare.db"
    baseline = _bare_insert(bare_file, count)
    bare_file.unlink()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kefu_desktop", "demo", "--cases", str(count)],
        check=True,
        env=_env(data),
        capture_output=True,
    )
    return time.perf_counter() - started, baseline


def _median_ms(samples: list[Any], action: Callable[[Any], object]) -> float:
    times = []
    for sample in samples:
        started = time.perf_counter()
        action(sample)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(quick: bool = False) -> Iterator[dict[str, Any]]:
    count = 20_000 if quick else 1_000_000
    work = scratch_dir("foundation")
    data = work / f"data-{count}"
    db_file = data / "kefu.db"
    marker = data / "generated.json"
    kept = os.environ.get("BENCH_WORK_DIR") and marker.exists() and db_file.exists()
    if kept and json.loads(marker.read_text(encoding="utf-8")).get("cases") == count:
        print(f"reusing the database of {count} cases in {data}", file=sys.stderr)
    else:
        marker.unlink(missing_ok=True)
        generated, baseline = generate_demo_database(data, count)
        marker.write_text(json.dumps({"cases": count}), encoding="utf-8")
        yield result(
            "demo_generate_cases",
            generated,
            "s",
            baseline,
            target="≤ 120 s for 1,000,000",
            cases=count,
        )

    compileall.compile_dir(ROOT / "kefu_desktop", quiet=1)  # as installed: bytecode ready
    bare = [sys.executable, "-c", BARE_QT_START]
    app = [sys.executable, "-m", "kefu_desktop", "--user", "kefu01", "--exit-when-ready"]
    env = _env(data)
    _time_until_ready(bare, env)  # warm the file cache for both
    _time_until_ready(app, env)
    bare_times, app_times = [], []
    for _ in range(STARTS):
        bare_times.append(_time_until_ready(bare, env))
        app_times.append(_time_until_ready(app, env))
    yield result(
        "startup_to_first_page",
        statistics.median(app_times),
        "s",
        statistics.median(bare_times),
        target="≤ 1.0 s and ≤ 2.5× bare Qt start",
        cases=count,
        app_runs=[round(t, 3) for t in app_times],
        bare_runs=[round(t, 3) for t in bare_times],
    )

    os.environ["KEFU_DATA_DIR"] = str(data)
    sys.path.insert(0, str(ROOT))
    from kefu_desktop.services import auth, cases
    from kefu_desktop.services.cases import CaseFilter
    from kefu_desktop.store import connect

    connect(str(db_file))
    user = auth.login("kefu01", "demo123")
    raw = sqlite3.connect(db_file)
    rng = random.Random(7)
    ids = ",".join(str(rng.randint(1, count)) for _ in range(60))
    picks = raw.execute(
        'SELECT c.case_no, cu.platform_id, c.order_no, c.waybill_no FROM "case" c '
        f"JOIN customer cu ON cu.id = c.customer_id WHERE c.id IN ({ids})"
    ).fetchall()

    def search(text: str) -> None:
        rows = cases.list_cases(user, CaseFilter(text=text))
        assert rows, text

    def bare_lookup(column: str) -> Callable[[str], object]:
        if column == "platform_id":
            sql = (
                'SELECT c.id FROM "case" c WHERE c.customer_id IN '
                "(SELECT id FROM customer WHERE platform_id = ?) ORDER BY c.id DESC LIMIT 200"
            )
        else:
            sql = f'SELECT id FROM "case" WHERE {column} = ? ORDER BY id DESC LIMIT 200'
        return lambda value: raw.execute(sql, (value,)).fetchall()

    for name, column, position in (
        ("customer_id", "platform_id", 1),
        ("order_no", "order_no", 2),
        ("waybill", "waybill_no", 3),
    ):
        values = [p[position] for p in picks]
        yield result(
            f"search_exact_{name}",
            _median_ms(values, search),
            "ms",
            _median_ms(values, bare_lookup(column)),
            target="≤ 10 ms",
            cases=count,
        )

    day_prefixes = [p[0][:11] for p in picks]  # 'SH20261123-': every case of one day
    customer_prefixes = [p[1][: max(3, len(p[1]) - 2)] for p in picks]

    def bare_prefix(sql: str) -> Callable[[str], object]:
        return lambda value: raw.execute(sql, (value, value + "\U0010ffff")).fetchall()

    yield result(
        "search_prefix_case_no",
        _median_ms(day_prefixes, search),
        "ms",
        _median_ms(
            day_prefixes,
            bare_prefix(
                'SELECT id FROM "case" WHERE case_no >= ? AND case_no < ? ORDER BY id DESC LIMIT 200'
            ),
        ),
        target="≤ 20 ms",
        cases=count,
    )
    yield result(
        "search_prefix_customer_id",
        _median_ms(customer_prefixes, search),
        "ms",
        _median_ms(
            customer_prefixes,
            bare_prefix(
                'SELECT id FROM "case" WHERE customer_id IN (SELECT id FROM customer WHERE '
                "platform_id >= ? AND platform_id < ? LIMIT 500) ORDER BY id DESC LIMIT 200"
            ),
        ),
        target="≤ 20 ms",
        cases=count,
    )
    raw.close()
