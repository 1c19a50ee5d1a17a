"""What checking the acting account against the database costs every service operation.

Figures (SQLite, and PostgreSQL when KEFU_BENCH_PG_URL is set):
- `account_check_us`: one check (exists, active, role, permission), against a bare primary-key
  read of the same staff row done with the database driver in the same run.
- `account_check_share_of_save`: the check's time as a share of a whole save through the
  services (recording the first reply on a case, history included): the baseline is that save.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from typing import Any

from benchmarks.common import median_of, result, scratch_dir


def _median_us(rounds: int, action: Callable[[], object]) -> float:
    return median_of(rounds, action) * 1_000_000


def _figures(url: str, label: str, rounds: int) -> Iterable[dict[str, Any]]:
    from kefu_desktop.domain.kinds import CaseKind
    from kefu_desktop.domain.roles import Operation, Role
    from kefu_desktop.services import auth, cases
    from kefu_desktop.services.cases import NewCase
    from kefu_desktop.store import db

    if url.startswith("postgresql"):
        database = db.open_database(url)
        database.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
        database.execute_sql("CREATE SCHEMA public")
        database.close()
    db.connect(url)
    admin = auth.create_first_admin("admin", "管理员", "secret123")
    agent = auth.create_staff(admin, "kefu01", "小美", Role.AGENT, "secret123")
    cursor = db.database.obj.cursor()
    marker = "%s" if url.startswith("postgresql") else "?"
    sql = f'SELECT login, display_name, role, active FROM "staff" WHERE id = {marker}'

    def bare() -> None:
        cursor.execute(sql, (agent.id,))
        cursor.fetchone()

    def check() -> None:
        auth.acting_account(agent, Operation.RECORD_FIRST_REPLY)

    for _ in range(50):
        bare()
        check()
    bare_us = _median_us(rounds, bare)
    check_us = _median_us(rounds, check)
    yield result(
        "account_check_us", check_us, "µs", bare_us, target="cheap: a few PK reads", db=label
    )

    ids = [
        cases.create_case(agent, NewCase(CaseKind.QUALITY, f"tb_{n}")).id
        for n in range(rounds // 4)
    ]
    versions = {case_id: cases.get_case(case_id).version for case_id in ids}
    remaining = iter(ids)

    def save() -> None:
        case_id = next(remaining)
        cases.record_first_reply(agent, case_id, versions[case_id])

    save_us = _median_us(len(ids), save)
    yield result(
        "account_check_share_of_save",
        check_us,
        "µs",
        save_us,
        target="ratio ≤ 0.1 (the check is a small part of a save)",
        db=label,
    )
    db.close()


def run(quick: bool) -> Iterable[dict[str, Any]]:
    folder = scratch_dir("access")
    os.environ["KEFU_DATA_DIR"] = str(folder)
    rounds = 400 if quick else 4000
    yield from _figures(f"sqlite:///{folder / f'bench-{time.time_ns()}.db'}", "sqlite", rounds)
    pg_url = os.environ.get("KEFU_BENCH_PG_URL", "")
    if pg_url:
        yield from _figures(pg_url, "postgresql", rounds)
