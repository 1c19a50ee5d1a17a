"""A day at each desk, each in its own process running the real main window offscreen.

Each day must end with a clean exit and the process's memory (RSS) grown by less than 50 MB
from the end of the warm-up to the end of the day. The agent's day can take longer than a
minute and carries the `soak` marker: `.ci/run` runs it after the suite
(`bash scripts/test.sh -m soak`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_GROWTH_MB = 50


def _day(desk: str, count: int, data_dir: Path) -> dict[str, float]:
    env = {**os.environ, "KEFU_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    env["SOAK_TIMEOUT_S"] = "900"
    done = subprocess.run(
        [sys.executable, "-m", "tests.soak.desk_day", desk, str(count)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1000,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-4000:]
    assert "Fatal Python error" not in done.stderr
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["done"] == count
    growth = figures["rss_end_mb"] - figures["rss_warm_mb"]
    print(f"{desk}: {count} in {figures['seconds']:.0f} s, RSS growth {growth:.1f} MB", figures)
    assert growth < MAX_GROWTH_MB, figures
    return figures


def test_supervisor_day_of_100_approvals(data_dir: Path) -> None:
    _day("supervisor", 100, data_dir)


def test_clerk_day_of_300_scans_weighings_and_verdicts(data_dir: Path) -> None:
    _day("clerk", 300, data_dir)


@pytest.mark.soak
def test_agent_day_of_300_cases_through_the_wizards(data_dir: Path) -> None:
    _day("agent", 300, data_dir)
