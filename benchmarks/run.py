"""Run the benchmarks: `python benchmarks/run.py [--only NAME ...] [--quick]`.

Every module `benchmarks/bench_*.py` has `run(quick: bool) -> Iterable[dict]`; each figure is
printed as one JSON line: {"bench", "value", "unit", "baseline", "ratio", ...}, the baseline
measured in the same run.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.common import emit  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", action="append", default=[], help="run only bench_<NAME>.py")
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, to check the scripts run"
    )
    args = parser.parse_args()
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if args.only:
        names = [n for n in names if n.removeprefix("bench_") in args.only or n in args.only]
    failed = 0
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        try:
            for line in module.run(quick=args.quick):
                emit(line)
        except Exception:  # one broken benchmark must not hide the others' figures
            failed += 1
            traceback.print_exc()
            emit({"bench": name, "error": traceback.format_exc().splitlines()[-1]})
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
