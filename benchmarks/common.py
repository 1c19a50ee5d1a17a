"""Shared helpers for benchmark modules: one result line, timers, a scratch folder."""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def result(
    bench: str,
    value: float,
    unit: str,
    baseline: float | None = None,
    target: str = "",
    **extra: Any,
) -> dict[str, Any]:
    """One benchmark figure; `ratio` = value / baseline when a baseline was measured."""
    line: dict[str, Any] = {"bench": bench, "value": round(value, 6), "unit": unit}
    line["baseline"] = round(baseline, 6) if baseline is not None else None
    line["ratio"] = round(value / baseline, 3) if baseline else None
    if target:
        line["target"] = target
    line.update(extra)
    return line


def emit(line: dict[str, Any]) -> None:
    """Print one result as a JSON line (flushed, so a long run shows progress)."""
    print(json.dumps(line, ensure_ascii=False), flush=True)


def best_of(repeats: int, action: Callable[[], object]) -> float:
    """The fastest of `repeats` runs of `action`, in seconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def median_of(repeats: int, action: Callable[[], object]) -> float:
    """The median of `repeats` runs of `action`, in seconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def scratch_dir(name: str) -> Path:
    """A folder for a benchmark's files: BENCH_WORK_DIR/<name>, or a fresh temporary one."""
    base = os.environ.get("BENCH_WORK_DIR")
    if base:
        folder = Path(base) / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return Path(tempfile.mkdtemp(prefix=f"kefu-bench-{name}-"))
