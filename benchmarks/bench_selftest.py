"""`kefu-desktop selftest`: how long the whole self-test takes (target ≤ 30 s), in its own process
as a desk or CI runs it, against the bare walk through every window it is built on
(`python -m kefu_desktop.ui.tour`) in the same run; and the bundled program's self-test when
dist/kefu-desktop has been built (scripts/build-bundle.sh).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.common import result, scratch_dir

TARGET_S = 30.0
BUNDLED = Path(__file__).resolve().parent.parent / "dist" / "kefu-desktop" / "kefu-desktop"


def _timed(command: list[str], data: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KEFU_DATA_DIR": str(data)}
    env.pop("KEFU_DB_URL", None)
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, capture_output=True, timeout=600)
    return time.perf_counter() - started


def _median(repeats: int, command: list[str], data: Path) -> float:
    times = sorted(_timed(command, data) for _ in range(repeats))
    return times[len(times) // 2]


def run(quick: bool = False) -> Iterator[dict[str, Any]]:
    repeats = 1 if quick else 3
    data = scratch_dir("selftest")
    tour = _median(repeats, [sys.executable, "-m", "kefu_desktop.ui.tour"], data)
    selftest = [sys.executable, "-m", "kefu_desktop", "selftest"]
    yield result(
        "selftest_wall", _median(repeats, selftest, data), "s", tour, f"≤ {TARGET_S:.0f} s"
    )
    if BUNDLED.exists():
        bundled = _median(repeats, [str(BUNDLED), "selftest"], data)
        yield result("selftest_bundled_wall", bundled, "s", tour, f"≤ {TARGET_S:.0f} s")
