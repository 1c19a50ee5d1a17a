"""A register's page is read by index, newest first, and holds exactly the cases its rule names.

On a million cases a register is only quick if its page never walks the table: each value its
rule names is read from a (column, id) index. The plans are checked on both databases; the
rows are checked against the rule applied in Python to every case.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from kefu_desktop.domain.clock import to_local
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.parcel_watch import WatchAction
from kefu_desktop.domain.registers import Register, registers_for
from kefu_desktop.domain.resolutions import Resolution
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases, parcel_watch, registers
from kefu_desktop.services.cases import NewCase
from kefu_desktop.services.registers import RegisterFilter, register_page_query
from kefu_desktop.store.db import database, is_postgresql
from kefu_desktop.store.migrations import MIGRATIONS, migrate
from kefu_desktop.store.models import Case, CaseEvent, SchemaVersion
from tests.conftest import Staffing

# (kind, sub kind, resolution, state): cases in one register, in two, in none, and cancelled
SHAPES: list[tuple[CaseKind, SubKind | None, Resolution | None, CaseState]] = [
    (CaseKind.LOGISTICS, SubKind.UNREACHABLE, Resolution.EMS_FORWARD, CaseState.RESOLVED),
    (CaseKind.LOGISTICS, SubKind.COURIER_DAMAGED, Resolution.RESHIP, CaseState.CLOSED),
    (CaseKind.DAMAGED_PARCEL, SubKind.CONTENTS_DAMAGED, Resolution.REFUND, CaseState.OPEN),
    (CaseKind.QUALITY, SubKind.WITHIN_WINDOW, Resolution.PLATFORM_APPEAL, CaseState.OPEN),
    (CaseKind.QUALITY, SubKind.WITHIN_WINDOW, Resolution.STUB_UPLOADED, CaseState.CLOSED),
    (CaseKind.WRONG_SHIPMENT, SubKind.EXTRA_ITEM, None, CaseState.ESCALATED),  # in no register
    (CaseKind.QUALITY, SubKind.CUSTOMER_FAULT, Resolution.PLATFORM_APPEAL, CaseState.CANCELLED),
    (CaseKind.QUALITY, SubKind.LATE_OR_WORN, Resolution.EXCHANGE, CaseState.RESOLVED),
    (CaseKind.LOGISTICS, SubKind.LOST, Resolution.COURIER_COMPENSATION, CaseState.CLOSED),
    (CaseKind.QUALITY, SubKind.WITHIN_WINDOW, Resolution.RETURN, CaseState.CLOSED),
    (CaseKind.QUALITY, SubKind.WITHIN_WINDOW, Resolution.REFUND, CaseState.RESOLVED),
    (CaseKind.LOGISTICS, SubKind.LOST, Resolution.RESHIP, CaseState.CLOSED),  # a sub-kind pair
]
RECORDED = {  # shape number → what was recorded on it in 今日跟进 (puts it in a register)
    4: WatchAction.PARCEL_CHECKED,
    9: WatchAction.RECEIPT_EXTENDED,
}


def _fill(staff: Staffing) -> None:
    """Three rounds of every shape, through the services; the outcome set as stored."""
    for round_no in range(3):
        for number, (kind, sub_kind, resolution, state) in enumerate(SHAPES):
            user = staff.agent2 if (round_no + number) % 3 == 0 else staff.agent
            made = cases.create_case(
                user,
                NewCase(kind=kind, sub_kind=sub_kind, customer_id=f"买家{round_no}-{number}"),
            )
            created = Case.get_by_id(made.id).created_at
            if number in RECORDED:
                parcel_watch.record_follow_up(user, made.id, RECORDED[number])
            Case.update(
                resolution=resolution or "",
                state=state,
                created_at=created - timedelta(days=10 * round_no),
            ).where(Case.id == made.id).execute()


def _expected(flt: RegisterFilter) -> list[int]:
    """The register by its rule, applied in Python to every case, newest registration first."""
    found = []
    actions: dict[int, set[str]] = defaultdict(set)
    for event in CaseEvent.select(CaseEvent.case, CaseEvent.action):
        actions[event.case_id].add(event.action)
    for case in Case.select().order_by(Case.created_at.desc(), Case.id.desc()):
        shape = (case.kind, case.sub_kind, case.resolution, case.state, actions[case.id])
        if flt.register not in registers_for(*shape):
            continue
        if flt.handler_id is not None and case.handler_id != flt.handler_id:
            continue
        day = to_local(case.created_at).date()
        if flt.date_from is not None and day < flt.date_from:
            continue
        if flt.date_to is not None and day > flt.date_to:
            continue
        found.append(case.id)
    return found


def _paged(staff: Staffing, flt: RegisterFilter, limit: int) -> list[int]:
    ids: list[int] = []
    before: int | None = None
    while True:
        page = registers.list_register(staff.supervisor, flt, before_id=before, limit=limit)
        assert len(page) <= limit
        ids.extend(r.id for r in page)
        if len(page) < limit:
            return ids
        before = page[-1].id


def test_every_register_page_holds_what_its_rule_names(staff: Staffing) -> None:
    _fill(staff)
    today = date.today()
    for register in Register:
        for flt in (
            RegisterFilter(register),
            RegisterFilter(register, date_from=today - timedelta(days=12), date_to=today),
            RegisterFilter(register, handler_id=staff.agent2.id),
        ):
            expected = _expected(flt)
            assert _paged(staff, flt, limit=2) == expected, flt
            assert [r.id for r in registers.list_register(staff.supervisor, flt)] == expected
    disputes = registers.list_register(staff.supervisor, RegisterFilter(Register.DISPUTE))
    assert len(disputes) == 6  # two per round; the cancelled appeal is in no register
    assert {r.resolution_label for r in disputes} == {
        Resolution.PLATFORM_APPEAL.label,
        Resolution.STUB_UPLOADED.label,
    }


REGISTER_INDEXES = {f"case_{c}_created_at_id" for c in ("kind", "sub_kind", "resolution", "state")}


def _plan(flt: RegisterFilter) -> str:
    sql, params = database.get_sql_context().sql(register_page_query(flt, [])).query()
    if is_postgresql():
        rows = database.execute_sql("EXPLAIN " + sql, params).fetchall()
        return "\n".join(r[0] for r in rows)
    rows = database.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return "\n".join(r[-1] for r in rows)


def test_register_pages_are_read_by_index_never_by_walking_the_cases(staff: Staffing) -> None:
    _fill(staff)
    today = date.today()
    filters = [RegisterFilter(r) for r in Register]
    filters += [RegisterFilter(r, today - timedelta(days=30), today) for r in Register]
    filters.append(RegisterFilter(Register.DISPUTE, state=CaseState.OPEN))
    filters.append(RegisterFilter(Register.DAMAGED, handler_id=staff.agent.id))
    for flt in filters:
        if is_postgresql():
            with database.atomic():  # a tiny table: make the planner show what it could use
                database.execute_sql("SET LOCAL enable_seqscan = off")
                plan = _plan(flt)
            assert "Seq Scan" not in plan, plan
            assert "Backward using case_pkey" not in plan, plan  # walking the ids back: a scan
            assert "Index" in plan, plan
        else:
            plan = _plan(flt)
            searches = [line for line in plan.splitlines() if line.startswith(("SEARCH", "SCAN"))]
            assert searches, plan
            for line in searches:
                assert not line.startswith("SCAN t"), plan  # a walk over the cases table
                if line.startswith("SEARCH"):  # along a register index, dates included
                    index = line.split(" INDEX ")[1].split()[0] if " INDEX " in line else ""
                    # cases put there by a history action: their ids from the history's index
                    recorded = index == "case_event_action_case_id" or "PRIMARY KEY" in line
                    assert index in REGISTER_INDEXES or recorded, plan
    dispute = _plan(RegisterFilter(Register.DISPUTE, today - timedelta(days=30), today))
    assert "case_resolution_created_at_id" in dispute, dispute


def test_migration_adds_the_register_indexes_to_an_older_database(db_url: str) -> None:
    def indexes() -> set[str]:
        return {i.name for i in database.get_indexes("case")}

    assert indexes() >= REGISTER_INDEXES
    for name in REGISTER_INDEXES:
        database.execute_sql(f'DROP INDEX "{name}"')
    step = next(m for m in MIGRATIONS if m.apply.__name__ == "_add_register_indexes")
    SchemaVersion.delete().where(SchemaVersion.version >= step.version).execute()
    assert migrate(database) == step.version - 1
    assert indexes() >= REGISTER_INDEXES
