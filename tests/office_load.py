"""One desk of a busy office, run as its own process by the load tests.

`python -m tests.office_load URL LOGIN PASSWORD SHARED_CASE_ID OPS SEED START_AT` does OPS mixed
operations through the services — open a case, save the one case every desk is working on, search
the list — starting at the wall-clock time START_AT, and prints one JSON line with what happened.
Anything other than a typed `KefuError` is counted as a raw error with its text.
"""

from __future__ import annotations

import json
import random
import sys
import time
from typing import Any

from kefu_desktop.domain.errors import KefuError, StaleRecord
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import auth, cases
from kefu_desktop.services.cases import CaseFilter, NewCase
from kefu_desktop.store import db as store_db

TOGGLE = {CaseState.OPEN: CaseState.WAITING_CUSTOMER, CaseState.WAITING_CUSTOMER: CaseState.OPEN}


def run_desk(
    url: str, login: str, password: str, shared_case: int, ops: int, seed: int, start_at: float
) -> dict[str, Any]:
    """Do `ops` mixed operations as `login`; the tally of outcomes."""
    store_db.connect(url, migrate=False)
    user = auth.login(login, password)
    rng = random.Random(seed)
    tally: dict[str, Any] = {
        "created": [],
        "refused_creations": [],
        "shared_attempts": 0,
        "saves": 0,
        "stale": [],
        "typed_errors": [],
        "raw_errors": [],
        "searches": 0,
    }
    time.sleep(max(0.0, start_at - time.time()))
    for i in range(ops):
        pick = rng.random()
        try:
            if pick < 0.5:
                try:
                    detail = cases.create_case(
                        user,
                        NewCase(
                            kind=CaseKind.WRONG_SHIPMENT,
                            sub_kind=SubKind.WRONG_ITEM,
                            customer_id=f"买家{seed}-{i % 7}",
                            order_no=str(10**15 + seed * 1000 + i),
                        ),
                    )
                except KefuError as error:
                    tally["refused_creations"].append(str(error))
                else:
                    tally["created"].append(detail.case_no)
            elif pick < 0.9:
                seen = cases.get_case(shared_case)
                tally["shared_attempts"] += 1
                time.sleep(rng.random() * 0.005)  # the agent looks at it before saving
                try:
                    cases.change_state(user, shared_case, seen.version, TOGGLE[seen.state])
                except StaleRecord as stale:
                    tally["stale"].append(
                        {
                            "message": str(stale),
                            "changed_by": stale.changed_by,
                            "changed_at": stale.changed_at is not None,
                        }
                    )
                else:
                    tally["saves"] += 1
            else:
                cases.list_cases(user, CaseFilter(text=f"买家{seed}"))
                tally["searches"] += 1
        except KefuError as error:
            tally["typed_errors"].append(f"{type(error).__name__}: {error}")
        except Exception as error:
            tally["raw_errors"].append(f"{type(error).__name__}: {error}")
    store_db.close()
    return tally


def main(argv: list[str]) -> int:
    url, login, password, shared, ops, seed, start_at = argv
    result = run_desk(url, login, password, int(shared), int(ops), int(seed), float(start_at))
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
