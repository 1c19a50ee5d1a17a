"""One table of who may do what, held by every service function, checked against the database.

- Every public service function that changes data declares its operation (or its own rule);
  found by reading the services' code, so a new writer without a rule fails here.
- The role × operation matrix runs both ways from the table: every declared function refuses
  every role the table does not allow, and one call per operation succeeds for every role
  it allows.
- The account behind the caller's object is what counts: disabled, removed or with another
  role than the object claims, it is refused before anything is done.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

import kefu_desktop.services as services_package
from kefu_desktop.archive import files as archive_files
from kefu_desktop.domain.care import CustomerMarkKind, ReviewRating, ReviewReason
from kefu_desktop.domain.claims import ClaimState
from kefu_desktop.domain.errors import ACCOUNT_DISABLED_MESSAGE, AccountRefused, PermissionDenied
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.parcel_watch import WatchAction
from kefu_desktop.domain.registers import month_period, parse_month
from kefu_desktop.domain.returns import Condition, Disposition, ReceiptLine
from kefu_desktop.domain.roles import (
    OPERATION_LABELS,
    OPERATION_PERMISSIONS,
    Operation,
    Role,
    role_may_do,
)
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import (
    approvals,
    auth,
    cases,
    claims,
    customers,
    evidence,
    follow_ups,
    parcel_watch,
    promises,
    registers,
    returns,
    reviews,
    scoring,
    settings,
    warehouse,
    warehouse_settings,
    watch,
)
from kefu_desktop.services import wizard as wz
from kefu_desktop.services.access import DECLARED_OPERATIONS, OWN_RULES, User
from kefu_desktop.services.cases import NewCase, OutcomeRecord
from kefu_desktop.services.reviews import NewReview
from kefu_desktop.services.warehouse import CheckState, Verdict
from kefu_desktop.store.models import ApprovalRequest, Case, CourierClaim, Staff
from tests.conftest import PASSWORD, Staffing

SERVICES_DIR = Path(services_package.__file__).parent
UI_DIR = SERVICES_DIR.parent / "ui"


def _service_modules() -> list[Any]:
    return [
        importlib.import_module(f"kefu_desktop.services.{info.name}")
        for info in pkgutil.iter_modules([str(SERVICES_DIR)])
    ]


def _public_functions() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for module in _service_modules():
        for name, value in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(value):
                continue
            if value.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = value
    return found


# --- which functions change data: read from the code ---------------------------------------

MODEL_NAMES = {
    "AppSetting", "Staff", "Customer", "Case", "CaseEvent", "Evidence", "WarehouseCheck",
    "ApprovalRequest", "WizardDraft", "Product", "SchemaVersion", "CourierClaim",
}  # fmt: skip
MODEL_WRITES = {"create", "insert", "insert_many", "update", "delete", "replace", "bulk_create"}
ANY_WRITES = {"delete_instance", "save", "execute_sql"}
STORE_WRITERS = {"write_setting", "_bulk_insert", "execute_values"}


def _calls(node: ast.AST) -> list[tuple[str | None, str]]:
    """(receiver name or None, called name) for every call inside `node`."""
    calls: list[tuple[str | None, str]] = []
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Call):
            continue
        func = sub.func
        if isinstance(func, ast.Name):
            calls.append((None, func.id))
        elif isinstance(func, ast.Attribute):
            receiver = func.value.id if isinstance(func.value, ast.Name) else None
            calls.append((receiver, func.attr))
    return calls


def _is_select(call: ast.Call) -> bool:
    """Whether a raw SQL call runs a SELECT written out in place (a read)."""
    if not call.args:
        return False
    first = call.args[0]
    parts = first.values if isinstance(first, ast.JoinedStr) else [first]
    head = parts[0] if parts else None
    return (
        isinstance(head, ast.Constant)
        and isinstance(head.value, str)
        and head.value.lstrip().upper().startswith("SELECT ")
    )


def _writes_directly(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Call):
            continue
        for receiver, name in _calls(sub)[:1]:
            if receiver in MODEL_NAMES and name in MODEL_WRITES:
                return True
            if name == "execute_sql" and _is_select(sub):
                continue
            if name in ANY_WRITES or name in STORE_WRITERS:
                return True
    return False


def _resolve(module: str, tree: ast.Module) -> dict[str, tuple[str, str]]:
    """Names usable in `module` → (services module, function) or (services module, '') for a
    module alias: its own functions, and what it imports from the services package."""
    names: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            names[node.name] = (module, node.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                local = alias.asname or alias.name
                if node.module == "kefu_desktop.services":
                    names[local] = (alias.name, "")
                elif node.module.startswith("kefu_desktop.services."):
                    names[local] = (node.module.rsplit(".", 1)[1], alias.name)
    return names


def data_changing_functions() -> set[tuple[str, str]]:
    """(module, function) of the services' functions, public and private, that change stored
    data directly or through another services function they call."""
    bodies: dict[tuple[str, str], ast.FunctionDef] = {}
    calls: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for path in SERVICES_DIR.glob("*.py"):
        module = path.stem
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _resolve(module, tree)
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            key = (module, node.name)
            bodies[key] = node
            targets: set[tuple[str, str]] = set()
            for receiver, called in _calls(node):
                if receiver is None and called in names and names[called][1]:
                    targets.add(names[called])
                elif receiver is not None and receiver in names and not names[receiver][1]:
                    targets.add((names[receiver][0], called))
            calls[key] = targets
    changing = {key for key, node in bodies.items() if _writes_directly(node)}
    grown = True
    while grown:
        grown = False
        for key, targets in calls.items():
            if key not in changing and targets & changing:
                changing.add(key)
                grown = True
    return changing


def test_the_write_finder_sees_writers() -> None:
    """The finder must be able to fail: known writers, direct and indirect, are found."""
    changing = data_changing_functions()
    assert {
        ("cases", "_apply_change"),
        ("cases", "_append_event"),
        ("warehouse", "record_verdict"),  # through cases._apply_change
        ("wizard", "finish"),  # through _save_outcome → cases.record_outcome
        ("warehouse_settings", "set_tolerance"),  # through store write_setting
        ("approvals", "approve"),  # through decide
        ("demo", "generate_demo"),
    } <= changing
    reads = {("cases", "list_cases"), ("cases", "get_case"), ("wizard", "decide")}
    assert reads & changing == set()


def test_every_public_function_that_changes_data_has_a_declared_rule() -> None:
    changing = {
        f"kefu_desktop.services.{module}.{name}" for module, name in data_changing_functions()
    }
    undeclared = [
        qualified
        for qualified in _public_functions()
        if qualified in changing
        and qualified not in DECLARED_OPERATIONS
        and qualified not in OWN_RULES
    ]
    assert undeclared == []


def test_the_table_is_complete_and_the_ui_reads_it() -> None:
    assert set(OPERATION_PERMISSIONS) == set(Operation) == set(OPERATION_LABELS)
    assert set(DECLARED_OPERATIONS.values()) == set(Operation)
    ui_code = "\n".join(p.read_text(encoding="utf-8") for p in UI_DIR.rglob("*.py"))
    assert ".may(Permission." not in ui_code  # menus and buttons ask the operation table
    for private in ("_apply_change", "_append_event", "write_setting", "_add_photos"):
        assert private not in ui_code
    assert not hasattr(cases, "update_case_fields") and not hasattr(cases, "add_event")


# --- the matrix, both ways -----------------------------------------------------------------


def _user(staff: Staffing, role: Role) -> User:
    return {
        Role.AGENT: staff.agent,
        Role.WAREHOUSE: staff.warehouse,
        Role.SUPERVISOR: staff.supervisor,
        Role.ADMIN: staff.admin,
    }[role]


def _case_of(staff: Staffing, user: User, **changes: Any) -> cases.CaseDetail:
    """A case that `user` handles (opened by the supervisor, handed to `user`)."""
    detail = cases.create_case(
        staff.supervisor,
        NewCase(CaseKind.WRONG_SHIPMENT, "tb_matrix", waybill_no="SF1402345678901", courier="SF"),
    )
    Case.update(handler=user.id, **changes).where(Case.id == detail.id).execute()
    return cases.get_case(detail.id)


def _leaver_case(staff: Staffing) -> cases.CaseDetail:
    leaver = auth.create_staff(staff.admin, "leaver", "离职客服", Role.AGENT, PASSWORD)
    detail = _case_of(staff, leaver)
    auth.set_active(staff.admin, leaver.id, False)
    return detail


def _pending_check(staff: Staffing) -> warehouse.CheckView:
    detail = _case_of(staff, staff.supervisor)
    return warehouse.request_check(staff.supervisor, detail.id, "核实底单")


def _pending_request(staff: Staffing) -> ApprovalRequest:
    detail = _case_of(staff, staff.agent)
    return ApprovalRequest.create(case=detail.id, kind="compensation", amount_fen=3000)


def _returning_case(staff: Staffing, user: User) -> returns.ExpectedView:
    """A case `user` handles whose outcome (退货退款) expects the goods back."""
    d = _case_of(staff, user)
    record = OutcomeRecord("return", "退货退款", refund_fen=100)
    cases.record_outcome(staff.supervisor, d.id, d.version, record, CaseState.RESOLVED)
    (expected,) = returns.expected_for_case(d.id)
    return expected


def _run(op: Operation, staff: Staffing, user: User, tmp_path: Path) -> None:
    """Do `op` once as `user`, with what it needs set up first."""
    if op == Operation.VIEW_CASES:
        cases.list_cases(user)
    elif op == Operation.OPEN_CASE:
        cases.create_case(user, NewCase(CaseKind.QUALITY, "tb_new"))
    elif op == Operation.EDIT_CASE_DETAILS:
        d = _case_of(staff, user)
        cases.edit_case_details(user, d.id, d.version, NewCase(d.kind, "tb_改过", order_no="1"))
    elif op == Operation.CHANGE_STATE:
        d = _case_of(staff, user)
        cases.change_state(user, d.id, d.version, CaseState.WAITING_CUSTOMER)
    elif op == Operation.RECORD_FIRST_REPLY:
        d = _case_of(staff, user)
        cases.record_first_reply(user, d.id, d.version)
    elif op == Operation.RECORD_CHECK_PROMISE:
        d = _case_of(staff, user)
        d = cases.record_check_promise(user, d.id, d.version)
        cases.record_check_answered(user, d.id, d.version)
    elif op == Operation.DAILY_WATCH:
        watch.daily_watch(user)
    elif op == Operation.REMIND_HANDLER:
        watch.remind_handler(user, _case_of(staff, staff.agent).id, "请今天处理")
    elif op == Operation.RECORD_OUTCOME:
        d = _case_of(staff, user)
        record = OutcomeRecord("explained", "向客户说明")
        cases.record_outcome(user, d.id, d.version, record, CaseState.RESOLVED)
    elif op == Operation.TAKE_OVER_CASE:
        d = _leaver_case(staff)
        cases.take_over(user, d.id, d.version)
    elif op == Operation.CLEAR_HIGHLIGHT:
        d = _case_of(staff, user, attention="仓库核实属实")
        cases.clear_highlight(user, d.id)
    elif op == Operation.WORK_WIZARD:
        wz.list_drafts(user)
    elif op == Operation.ADD_EVIDENCE:
        evidence.add_photos(user, _case_of(staff, user).id, [])
    elif op == Operation.REQUEST_WAREHOUSE_CHECK:
        d = _case_of(staff, user)
        warehouse.request_check(user, d.id, "核实底单")
    elif op == Operation.WAREHOUSE_QUEUE:
        warehouse.list_pending(user)
    elif op == Operation.RECORD_VERDICT:
        check = _pending_check(staff)
        verdict = Verdict(CheckState.CONFIRMED, True, False, 1200)
        warehouse.record_verdict(user, check.id, check.version, verdict)
    elif op == Operation.WAREHOUSE_SETTINGS:
        warehouse_settings.set_packaging_g(user, 120)
    elif op == Operation.APPROVALS_QUEUE:
        approvals.list_pending(user)
    elif op == Operation.DECIDE_REQUEST:
        request = _pending_request(staff)
        approvals.approve(user, request.id, request.version)
    elif op == Operation.VIEW_REGISTERS:
        registers.register_counts(user, date.today(), date.today())
    elif op == Operation.EXPORT_WORKBOOK:
        registers.build_monthly_report(user, parse_month(f"{date.today():%Y-%m}", date.today()))
    elif op == Operation.MANAGE_STAFF:
        auth.list_accounts(user)
    elif op == Operation.OFFICE_SETTINGS:
        settings.set_logins_shown_at_login(user, True)
        promises.set_promise_limits(user, 5, 48, 24)
    elif op == Operation.BACKUP_DATABASE:
        from kefu_desktop.services import backup

        backup.back_up_as(user, backup.current_url(), tmp_path / f"backup-{user.login}.db")
    elif op == Operation.READ_AUDIT_LOG:
        from kefu_desktop.services import audit

        audit.list_entries(user)
    elif op == Operation.ADOPT_ARCHIVE_FILES:
        root = tmp_path / "archive"
        root.mkdir(exist_ok=True)
        archive_files.write_marker(root)  # an archive in place, not an unplugged share
        evidence.adopt_unknown_files(user, root)
    elif op == Operation.RECORD_PRICE_CHANGE:
        from kefu_desktop.domain.price_changes import PriceChange
        from kefu_desktop.services import price_changes

        d = _case_of(staff, user)
        price_changes.record_price_change(user, d.id, d.version, PriceChange.TOP_UP, 1000, "补差")
    elif op == Operation.READ_REPLIES:
        from kefu_desktop.services import replies

        replies.list_replies(user)
    elif op == Operation.EDIT_REPLIES:
        from kefu_desktop.services import replies

        replies.save_reply(user, None, "closing", "结束语", "亲，祝您生活愉快！")
    elif op == Operation.RETURNS_QUEUE:
        returns.list_expected(user)
    elif op == Operation.RECEIVE_RETURN:
        e = _returning_case(staff, staff.supervisor)
        line = ReceiptLine(1, Condition.GOOD, Disposition.RESTOCK)
        returns.receive(user, e.id, e.version, f"YT75{e.id:011d}", [line])
    elif op == Operation.SET_RETURN_WAYBILL:
        e = _returning_case(staff, user)
        returns.set_return_waybill(user, e.id, e.version, f"YT76{e.id:011d}")
    elif op == Operation.CARRY_OUT_AFTER_RECEIPT:
        e = _returning_case(staff, user)
        line = ReceiptLine(1, Condition.GOOD, Disposition.RESTOCK)
        returns.receive(staff.warehouse, e.id, e.version, f"YT77{e.id:011d}", [line])
        returns.carry_out_after_receipt(user, e.case_id, cases.get_case(e.case_id).version)
    elif op == Operation.VIEW_CLAIMS:
        claims.list_claims(user)
    elif op == Operation.WORK_CLAIMS:
        d = _case_of(staff, user)
        claim = CourierClaim.create(case=d.id, courier="SF", claimed_fen=1000)
        claims.move_claim(user, claim.id, claim.version, ClaimState.SUBMITTED)
    elif op == Operation.WATCH_PARCELS:
        parcel_watch.list_due(user)
        d = _case_of(staff, user)
        parcel_watch.record_follow_up(user, d.id, WatchAction.PARCEL_CHECKED)
    elif op == Operation.VIEW_CUSTOMER:
        customers.customer_profile(user, _case_of(staff, staff.supervisor).customer_id)
    elif op == Operation.MARK_CUSTOMER:
        customer = _case_of(staff, staff.supervisor).customer_id
        customers.mark_customer(user, customer, CustomerMarkKind.REGULAR, remark="老客户")
    elif op == Operation.RECORD_FOLLOW_UP:
        d = _case_of(staff, user, state=CaseState.RESOLVED, resolved_at=datetime(2026, 1, 2))
        follow_ups.record_follow_up(user, d.id, False)
    elif op == Operation.CARE_SETTINGS:
        customers.set_care_settings(user, 90, 3, 3)
    elif op == Operation.SCORE_SHEET:
        scoring.score_sheet(user, month_period(date.today()))
    elif op == Operation.RECORD_REVIEW:
        new = NewReview("tb_差评", ReviewRating.BAD, ReviewReason.SERVICE, date.today())
        reviews.record_review(user, new)
    else:  # pragma: no cover - the coverage test below names the missing one
        raise AssertionError(f"no recipe for {op}")


@pytest.mark.parametrize("role", list(Role))
def test_every_operation_is_done_by_every_role_the_table_allows(
    staff: Staffing, role: Role, tmp_path: Path
) -> None:
    user = _user(staff, role)
    for op in Operation:
        if role_may_do(role, op):
            _run(op, staff, user, tmp_path)  # raises if the service refuses it


@pytest.mark.parametrize("role", list(Role))
def test_every_declared_function_refuses_every_role_the_table_does_not_allow(
    staff: Staffing, role: Role, tmp_path: Path
) -> None:
    user = _user(staff, role)
    functions = _public_functions()
    refused = 0
    for qualified, op in DECLARED_OPERATIONS.items():
        if role_may_do(role, op):
            continue
        with pytest.raises(PermissionDenied, match="无权"):
            functions[qualified](user)  # refused before any argument is looked at
        refused += 1
        with pytest.raises(PermissionDenied):  # and the recipe with real arguments too
            _run(op, staff, user, tmp_path)
    assert refused == sum(1 for op in DECLARED_OPERATIONS.values() if not role_may_do(role, op))


def test_a_disabled_removed_or_forged_account_is_refused_everywhere(staff: Staffing) -> None:
    functions = _public_functions()
    auth.set_active(staff.admin, staff.agent.id, False)
    ghost = User(id=9999, login="ghost", display_name="幽灵", role=Role.ADMIN)
    forged = User(staff.agent2.id, "kefu02", "阿杰", Role.ADMIN)  # an agent claiming admin
    for qualified in DECLARED_OPERATIONS:
        with pytest.raises(AccountRefused, match=ACCOUNT_DISABLED_MESSAGE):
            functions[qualified](staff.agent)
        with pytest.raises(AccountRefused, match="已不存在"):
            functions[qualified](ghost)
        with pytest.raises(AccountRefused, match="角色已改为「售后客服」"):
            functions[qualified](forged)
    assert Staff.get_by_id(staff.agent.id).active is False


def test_a_role_changed_while_logged_in_is_asked_of_the_stored_role(staff: Staffing) -> None:
    auth.set_role(staff.admin, staff.supervisor.id, Role.AGENT)
    with pytest.raises(AccountRefused, match="重新登录"):
        approvals.list_pending(staff.supervisor)
    demoted = auth.login("zhuguan01", PASSWORD)
    assert demoted.role == Role.AGENT
    with pytest.raises(PermissionDenied, match="审批"):
        approvals.list_pending(demoted)


def test_no_service_edits_or_removes_history() -> None:
    """History is appended only: no services code updates or deletes a CaseEvent row."""
    for path in SERVICES_DIR.glob("*.py"):
        calls = _calls(ast.parse(path.read_text(encoding="utf-8")))
        assert not {("CaseEvent", name) for name in ("update", "delete", "replace")} & set(calls)


def test_every_case_field_change_goes_through_the_history_writer() -> None:
    """The one place that updates a case row is `_apply_change`, which records old and new."""
    writers = set()
    for path in SERVICES_DIR.glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and ("Case", "update") in _calls(node):
                writers.add((path.stem, node.name))
    assert writers == {("cases", "_apply_change")}
