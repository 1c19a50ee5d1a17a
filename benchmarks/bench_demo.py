"""Demo data made by the rules: `kefu-desktop demo` walking every case through its decision flow.

Figures: wall and CPU time to generate N cases (N = $KEFU_BENCH_DEMO_CASES, default 1,000,000;
--quick: 20,000) against a bare sqlite3 executemany of as many rows in the same run, and the
time projected to 1,000,000 cases (target ≤ 120 s) when N is smaller (generation is linear:
one pass, fixed-size batches).
"""

from __future__ import annotations

import os
import resource
from collections.abc import Iterator
from typing import Any

from benchmarks.bench_foundation import generate_demo_database
from benchmarks.common import result, scratch_dir

TARGET_CASES = 1_000_000


def run(quick: bool = False) -> Iterator[dict[str, Any]]:
    default = 20_000 if quick else TARGET_CASES
    count = int(os.environ.get("KEFU_BENCH_DEMO_CASES", default))
    work = scratch_dir("demo")
    data = work / f"data-{count}"
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, baseline = generate_demo_database(data, count)
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    yield result("demo_by_rules_wall", wall, "s", baseline, cases=count)
    yield result("demo_by_rules_cpu", cpu, "s", baseline, cases=count)
    scale = TARGET_CASES / count
    yield result(
        "demo_by_rules_projected_1m",
        wall * scale,
        "s",
        baseline * scale,
        target="≤ 120 s for 1,000,000",
        cases=count,
        projected=count != TARGET_CASES,
        load_average=round(os.getloadavg()[0], 2),
    )
