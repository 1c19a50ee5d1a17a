"""Case wizards: drafts saved at every page, finishing into a case, continuing a waiting case."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kefu_desktop.domain.clock import to_local, utc_now
from kefu_desktop.domain.errors import (
    DecisionNotOnRecord,
    KefuError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.flows import FLOWS, Decision, Flow, Outcome, clean_step, flow_for
from kefu_desktop.domain.flows.base import RESUME_KEY, FollowUp, StepMode
from kefu_desktop.domain.flows.common import AGENT_LIMIT_KEY
from kefu_desktop.domain.flows.order_change import WAREHOUSE_RESULT_STEP
from kefu_desktop.domain.flows.quality import (
    DEFECT_MIN_CUSTOMERS_KEY,
    SIMILAR_REPORTS_KEY,
    defect_denied,
)
from kefu_desktop.domain.intake import ASKED_AT_FORMAT, INTAKE_FIELDS, clean_intake
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.registers import Register, registers_for
from kefu_desktop.domain.returns import ReturnReason
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.states import CaseState
from kefu_desktop.domain.text import clean_answers
from kefu_desktop.services import cases, claims
from kefu_desktop.services.auth import User, operation
from kefu_desktop.services.case_rules import (
    ESCALATION_DECISION_STEP,
    case_row,
    check_may_change,
    check_money_covered,
    check_nothing_pending,
    latest_decided,
    may_change,
)
from kefu_desktop.services.cases import CaseDetail, NewCase, OutcomeRecord, SupervisorAsk
from kefu_desktop.services.settings import agent_compensation_limit_fen
from kefu_desktop.store.clocks import office_defect_rule
from kefu_desktop.store.db import database
from kefu_desktop.store.guarded import write_once
from kefu_desktop.store.models import (
    ApprovalRequest,
    Case,
    Customer,
    ExpectedReturn,
    ProductionFeedback,
    ReturnReceipt,
    WarehouseCheck,
    WizardDraft,
)

log = logging.getLogger("kefu.services.wizard")

INTAKE_STEP = "intake"
EVIDENCE_STEP = "evidence"
OUTCOME_STEP = "outcome"
CREATED_CASE_KEY = "_created_case"
"""Answer key: the wizard opened this case itself (so discarding the draft cancels it)."""
SEEN_VERSION_KEY = "_case_version"
"""Answer key: the version of the case the wizard last saw; a colleague's save since makes the
wizard's next save stale instead of silently overwriting it."""

_SUB_KIND_STEP = {
    CaseKind.WRONG_SHIPMENT: "ws_sub_kind",
    CaseKind.DAMAGED_PARCEL: "dp_sub_kind",
    CaseKind.LOGISTICS: "lg_sub_kind",
}


@dataclass(frozen=True)
class DraftView:
    """A wizard in progress: which kind, which case (once opened), where it stood, the answers."""

    id: int
    kind: CaseKind
    case_id: int | None
    case_no: str
    step: str
    answers: dict[str, Any]
    updated_at: datetime

    @property
    def continuing(self) -> bool:
        """Whether this draft continues a case that was waiting (not a new case)."""
        return self.case_id is not None and not self.answers.get(CREATED_CASE_KEY)


def _view(draft: WizardDraft) -> DraftView:
    case_no = ""
    if draft.case_id is not None:
        case_no = Case.select(Case.case_no).where(Case.id == draft.case_id).scalar() or ""
    return DraftView(
        id=draft.id,
        kind=CaseKind(draft.kind),
        case_id=draft.case_id,
        case_no=case_no,
        step=draft.step,
        answers=dict(draft.answers or {}),
        updated_at=draft.updated_at,
    )


def _own_draft(user: User, draft_id: int) -> WizardDraft:
    draft: WizardDraft | None = WizardDraft.get_or_none(WizardDraft.id == draft_id)
    if draft is None:
        raise NotFound("找不到该草稿，可能已完成或被放弃。")
    if draft.staff_id != user.id:
        raise PermissionDenied("这是同事的草稿，不能修改。")
    return draft


# --- drafts ----------------------------------------------------------------------------------


@operation(Operation.OPEN_CASE)
def start_draft(user: User, kind: CaseKind) -> DraftView:
    """Begin a new-case wizard of `kind`; its draft is saved straight away."""
    flow_for(kind)
    now = utc_now()
    draft = WizardDraft.create(
        staff=user.id, kind=kind, step=INTAKE_STEP, answers={}, created_at=now, updated_at=now
    )
    return _view(draft)


@operation(Operation.WORK_WIZARD)
def save_draft(user: User, draft_id: int, step: str, answers: dict[str, Any]) -> None:
    """Save where the wizard stands and every answer so far (called at every page).

    Texts are kept as typed (in NFC); `ValidationError` if one cannot be stored.
    """
    answers = clean_answers(answers)
    updated = (
        WizardDraft.update(step=step, answers=answers, updated_at=utc_now())
        .where((WizardDraft.id == draft_id) & (WizardDraft.staff == user.id))
        .execute()
    )
    if updated != 1:
        raise NotFound("找不到该草稿，可能已在别处完成或被放弃。")


@operation(Operation.WORK_WIZARD)
def get_draft(user: User, draft_id: int) -> DraftView:
    return _view(_own_draft(user, draft_id))


@operation(Operation.WORK_WIZARD)
def list_drafts(user: User) -> list[DraftView]:
    """`user`'s unfinished wizards, newest first (offered for resuming at start)."""
    query = (
        WizardDraft.select()
        .where(WizardDraft.staff == user.id)
        .order_by(WizardDraft.updated_at.desc(), WizardDraft.id.desc())
    )
    return [_view(d) for d in query]


@operation(Operation.WORK_WIZARD)
def discard_draft(user: User, draft_id: int) -> None:
    """Throw a draft away; a case the wizard opened itself is cancelled (its photos stay)."""
    with database.atomic():
        draft = _own_draft(user, draft_id)
        answers: dict[str, Any] = draft.answers or {}
        if draft.case_id is not None and answers.get(CREATED_CASE_KEY):
            case = Case.get_or_none(Case.id == draft.case_id)
            # a case a colleague has taken over since stays theirs: only the draft goes
            if (
                case is not None
                and case.state == CaseState.OPEN
                and may_change(user, case.handler_id)
            ):
                cases._apply_change(
                    user,
                    case.id,
                    case.version,
                    "wizard_discarded",
                    {},
                    {"note": "放弃新建向导"},
                    target_state=CaseState.CANCELLED,
                )
        draft.delete_instance()


@operation(Operation.WORK_WIZARD)
def draft_for_case(user: User, case_id: int) -> DraftView | None:
    """`user`'s draft for this case, if one is in progress."""
    draft = (
        WizardDraft.select()
        .where((WizardDraft.staff == user.id) & (WizardDraft.case == case_id))
        .first()
    )
    return _view(draft) if draft is not None else None


# --- validation ------------------------------------------------------------------------------


def check_intake(kind: CaseKind, raw: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The intake as typed → cleaned answers, and a message per field that breaks a rule."""
    return clean_intake(kind, raw, datetime.now(), cases.case_text_max_lengths())


def check_step(
    kind: CaseKind, step_id: str, raw: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """A question page as typed → cleaned answers, and a message per field that breaks a rule."""
    return clean_step(flow_for(kind).steps[step_id], raw)


def decide(kind: CaseKind, answers: dict[str, Any]) -> Decision:
    """The next step or the outcome for these answers (the domain flow)."""
    return flow_for(kind).decide(answers)


def outcome_registers(kind: CaseKind, outcome: Outcome) -> list[Register]:
    """The registers a case saved with this outcome belongs to (shown on the outcome page)."""
    sub_kind = outcome.sub_kind.value if outcome.sub_kind is not None else None
    return registers_for(kind, sub_kind, outcome.resolution_code, outcome.state)


# --- the case behind the wizard ----------------------------------------------------------------


def _new_case(kind: CaseKind, intake: dict[str, Any]) -> NewCase:
    asked = intake.get("asked_at")
    try:
        asked_at = datetime.strptime(str(asked), ASKED_AT_FORMAT) if asked else None
    except ValueError:
        raise ValidationError(
            "时间格式应为 年-月-日 时:分，例如 2026-11-23 09:30。", "asked_at"
        ) from None
    try:
        quantity = int(intake.get("quantity") or 1)
    except (TypeError, ValueError):
        raise ValidationError("数量至少为 1，请填写整数。", "quantity") from None
    return NewCase(
        kind=kind,
        customer_id=str(intake.get("customer_id", "")),
        order_no=str(intake.get("order_no", "")),
        waybill_no=str(intake.get("waybill_no", "")),
        courier=str(intake.get("courier", "")),
        sku=str(intake.get("sku", "")),
        colour=str(intake.get("colour", "")),
        size=str(intake.get("size", "")),
        quantity=quantity,
        batch=str(intake.get("batch", "")),
        asked_at=asked_at,
    )


@operation(Operation.WORK_WIZARD)
def save_intake(user: User, draft_id: int, intake: dict[str, Any]) -> DraftView:
    """Open the case (state 处理中) from the intake, or bring it up to date; photos need it.

    `intake` is what `check_intake` returned without problems.
    """

    def save() -> None:
        draft = _own_draft(user, draft_id)
        kind = CaseKind(draft.kind)
        answers = {**(draft.answers or {}), **{k: intake.get(k) for k in INTAKE_FIELDS}}
        new = cases.clean_new_case(_new_case(kind, answers))
        if draft.case_id is None:
            detail = cases.create_case(user, new)
            answers[CREATED_CASE_KEY] = True
            answers[SEEN_VERSION_KEY] = detail.version
            WizardDraft.update(case=detail.id).where(WizardDraft.id == draft_id).execute()
        else:
            detail = cases.get_case(draft.case_id)
            seen = int(answers.get(SEEN_VERSION_KEY) or detail.version)
            detail = cases.edit_case_details(user, detail.id, seen, new)
            answers[SEEN_VERSION_KEY] = detail.version
        replied = intake.get(FIRST_REPLY_KEY)
        if replied and detail.first_reply_at is None:
            at = datetime.strptime(str(replied), "%Y-%m-%d %H:%M:%S")
            detail = cases.record_first_reply(user, detail.id, detail.version, at)
            answers[SEEN_VERSION_KEY] = detail.version
        save_draft(user, draft_id, EVIDENCE_STEP, answers)

    # The draft records its case in the same transaction, so running this again after a cut
    # never opens a second case; the receipt covers a cut during the commit itself.
    write_once(save, lambda _ref: None)
    return get_draft(user, draft_id)


FIRST_REPLY_KEY = "first_reply_at"
"""The intake's 已首次回复 tick: the local time the agent ticked it ('%Y-%m-%d %H:%M:%S')."""


def intake_of(detail: CaseDetail) -> dict[str, Any]:
    """A case's intake as wizard answers."""
    asked = ""
    if detail.asked_at is not None:
        asked = to_local(detail.asked_at).strftime(ASKED_AT_FORMAT)
    return {
        "customer_id": detail.customer_id,
        "order_no": detail.order_no,
        "waybill_no": detail.waybill_no,
        "courier": detail.courier,
        "sku": detail.sku,
        "colour": detail.colour,
        "size": detail.size,
        "quantity": detail.quantity,
        "batch": detail.batch,
        "asked_at": asked,
    }


def other_reporting_customers(sku: str, batch: str, customer_id: str, since: datetime) -> int:
    """Other customers who reported a quality problem with this style and batch since `since`
    (UTC): customer-fault cases, cases found to have no defect and cancelled ones do not count."""
    if not sku or not batch:
        return 0
    query = (
        Case.select(Customer.platform_id, Case.wizard_path)
        .join(Customer, on=(Case.customer == Customer.id))
        .where(
            (Case.kind == CaseKind.QUALITY)
            & (Case.sku == sku)
            & (Case.batch == batch)
            & (Case.created_at >= since)
            & (Case.state != CaseState.CANCELLED)
            & ((Case.sub_kind.is_null()) | (Case.sub_kind != SubKind.CUSTOMER_FAULT))
            & (Customer.platform_id != customer_id)
        )
    )
    return len(
        {row.customer.platform_id for row in query if not defect_denied(row.wizard_path or [])}
    )


def with_context(kind: CaseKind, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers with what the flow reads from the database: the office's compensation limit
    of an agent, and (quality problems) other customers' reports."""
    answers = {**answers, AGENT_LIMIT_KEY: agent_compensation_limit_fen()}
    if kind != CaseKind.QUALITY:
        return answers
    rule = office_defect_rule()
    count = other_reporting_customers(
        str(answers.get("sku") or ""),
        str(answers.get("batch") or ""),
        str(answers.get("customer_id") or ""),
        utc_now() - rule.window,
    )
    return {**answers, SIMILAR_REPORTS_KEY: count, DEFECT_MIN_CUSTOMERS_KEY: rule.min_customers}


def _record_production_feedback(user: User, case_id: int) -> ProductionFeedback | None:
    """The one production-feedback record for this case's style + batch: a new one, or the
    record of the same run of complaints (within the office's window) extended with this case.
    Call inside the outcome's save."""
    case = Case.get_by_id(case_id)
    if not case.sku or not case.batch:
        return None
    rule = office_defect_rule()
    now = utc_now()
    since = now - rule.window
    reports = (
        Case.select(Case.case_no, Customer.platform_id, Case.wizard_path, Case.created_at)
        .join(Customer, on=(Case.customer == Customer.id))
        .where(
            (Case.kind == CaseKind.QUALITY)
            & (Case.sku == case.sku)
            & (Case.batch == case.batch)
            & (Case.created_at >= since)
            & (Case.state != CaseState.CANCELLED)
            & ((Case.sub_kind.is_null()) | (Case.sub_kind != SubKind.CUSTOMER_FAULT))
        )
        .order_by(Case.created_at, Case.id)
    )
    counted = [r for r in reports if not defect_denied(r.wizard_path or [])]
    case_nos = sorted({r.case_no for r in counted} | {case.case_no})
    customers = len({r.customer.platform_id for r in counted} | {case.customer.platform_id})
    first_at = min([r.created_at for r in counted] + [case.created_at])
    record: ProductionFeedback | None = (
        ProductionFeedback.select()
        .where(
            (ProductionFeedback.sku == case.sku)
            & (ProductionFeedback.batch == case.batch)
            & (ProductionFeedback.last_at >= since)
        )
        .order_by(ProductionFeedback.last_at.desc())
        .first()
    )
    if record is None:
        created: ProductionFeedback = ProductionFeedback.create(
            sku=case.sku, batch=case.batch, first_at=first_at, last_at=now,
            customers=customers, case_nos=case_nos, created_by=user.id,
        )  # fmt: skip
        return created
    merged = sorted(set(record.case_nos or []) | set(case_nos))
    ProductionFeedback.update(
        last_at=now, customers=max(record.customers, customers), case_nos=merged
    ).where(ProductionFeedback.id == record.id).execute()
    extended: ProductionFeedback = ProductionFeedback.get_by_id(record.id)
    return extended


# --- finishing -------------------------------------------------------------------------------


@operation(Operation.RECORD_OUTCOME)
def finish(user: User, draft_id: int, answers: dict[str, Any]) -> CaseDetail:
    """Save the outcome into the case: fields, path, note and flag, history; requests to make.

    Creates the warehouse check and/or the supervisor's request the outcome asks for, and
    deletes the draft. Raises `KefuError` if the flow still needs an answer.
    """
    draft = _own_draft(user, draft_id)
    if draft.case_id is None:
        raise KefuError("请先填写并保存基本信息（第一页）。")
    kind = CaseKind(draft.kind)
    flow = flow_for(kind)
    answers = with_context(kind, clean_answers(answers))
    decision = flow.decide(answers)
    if decision.outcome is None:
        step = flow.steps[decision.next_step or ""]
        raise KefuError(f"还有问题未回答：「{step.title}」。请回到该页填写。")
    outcome = decision.outcome
    case_id = draft.case_id
    stored: dict[str, Any] = draft.answers or {}
    seen = answers.get(SEEN_VERSION_KEY) or stored.get(SEEN_VERSION_KEY)

    def save() -> CaseDetail:
        detail = cases.get_case(case_id)
        if seen is not None and int(seen) != detail.version:
            raise cases.stale_case(detail.id, detail.case_no)
        check_against_records(case_id, kind, outcome, decision.path)
        detail = _save_outcome(user, detail, kind, outcome, decision.path, answers)
        if FollowUp.PRODUCTION_FEEDBACK in outcome.follow_ups:
            _record_production_feedback(user, case_id)
        WizardDraft.delete().where(WizardDraft.id == draft_id).execute()
        return detail

    return write_once(save, lambda _ref: cases.get_case(case_id))


_NOT_ON_RECORD = {
    "warehouse_verdict": "仓库尚未登记核实结果，或登记的结果与所填不同。请以仓库的核实结果为准，等仓库核实后再继续处理。",
    "q_back_office": "后道尚未登记核实结果，或登记的结果与所填不同。后道核实以仓库登记的退货入库为准，请等退货入库后再继续处理。",
    WAREHOUSE_RESULT_STEP: "仓库尚未登记找包裹的结果，或登记的结果与所填不同。请等仓库登记后再继续处理。",
    "approval": "客服主管的审批记录与所填不同（尚未批准或已驳回）。请等待主管审批后再继续处理。",
    "supervisor_decision": "客服主管尚未对该升级给出处理意见，或意见与所填不同。请等待主管决定后再继续处理。",
}


def check_against_records(
    case_id: int, kind: CaseKind, outcome: Outcome, path: list[dict[str, Any]]
) -> None:
    """Refuse (`DecisionNotOnRecord`) an outcome whose answers for others' steps, or whose money
    above the agent's limit, are not backed by the records; nothing is changed.

    The money and pending-request parts are the case's one rule (`case_rules`), which every
    save of an outcome also obeys.
    """
    flow = flow_for(kind)
    verdicts = verdicts_for(case_id)
    for entry in path:
        step = flow.steps.get(entry["step"])
        if step is None or step.mode != StepMode.EXTERNAL:
            continue
        given = (entry.get("answers") or {}).get(step.fields[0].key)
        if verdicts.get(step.id) != given:
            raise DecisionNotOnRecord(_NOT_ON_RECORD.get(step.id, "该步骤的结果须以相关记录为准。"))
    if outcome.is_waiting:
        return
    check_nothing_pending(case_id)
    check_money_covered(
        None,
        case_id,
        outcome.compensation_fen,
        on_escalation_decision=any(entry["step"] == ESCALATION_DECISION_STEP for entry in path),
    )


@operation(Operation.WORK_WIZARD)
def reload_case(user: User, draft_id: int) -> CaseDetail:
    """重新载入 after a stale save: the case as saved now becomes the wizard's base; the
    answers typed so far stay in the draft."""
    draft = _own_draft(user, draft_id)
    if draft.case_id is None:
        raise NotFound("该向导还没有对应的售后单。")
    detail = cases.get_case(draft.case_id)
    answers = {**(draft.answers or {}), SEEN_VERSION_KEY: detail.version}
    WizardDraft.update(answers=answers).where(WizardDraft.id == draft_id).execute()
    return detail


def _sub_kind(kind: CaseKind, outcome: Outcome, answers: dict[str, Any]) -> SubKind | None:
    if outcome.sub_kind is not None:
        return outcome.sub_kind
    step = _SUB_KIND_STEP.get(kind)
    value = answers.get(step) if step else None
    return SubKind(value) if value else None


@dataclass(frozen=True)
class SavedOutcome:
    """What saving an outcome writes: the case's fields and the history entry's details."""

    fields: dict[str, Any]
    details: dict[str, Any]


def outcome_record(
    kind: CaseKind,
    outcome: Outcome,
    path: list[dict[str, Any]],
    answers: dict[str, Any],
    agent_name: str,
    day: date,
) -> SavedOutcome:
    """The case fields (resolution, money, note and flag, path) and history details of an
    outcome, as the wizard saves them (the demo data is saved through this too)."""
    note = outcome.note(kind, agent_name, day)
    fields: dict[str, Any] = {
        "sub_kind": _sub_kind(kind, outcome, answers),
        "resolution": outcome.resolution_code,
        "resolution_text": outcome.resolution_text,
        "refund_fen": outcome.refund_fen,
        "compensation_fen": outcome.compensation_fen,
        "courier_fen": outcome.courier_fen,
        "postage_fen": outcome.postage_fen,
        "postage_payer": outcome.postage_payer.value,
        "note_text": note.text,
        "note_flag": int(note.flag),
        "wizard_path": path,
    }
    details = {
        "resolution": outcome.resolution_code,
        "resolution_text": outcome.resolution_text,
        "follow_ups": [f.value for f in outcome.follow_ups],
        "note": note.text,
        "flag": int(note.flag),
        "steps": [entry["step"] for entry in path],
    }
    return SavedOutcome(fields, details)


def _save_outcome(
    user: User,
    detail: CaseDetail,
    kind: CaseKind,
    outcome: Outcome,
    path: list[dict[str, Any]],
    answers: dict[str, Any],
) -> CaseDetail:
    saved = outcome_record(kind, outcome, path, answers, user.display_name, datetime.now().date())
    fields = saved.fields
    record = OutcomeRecord(
        resolution_code=fields["resolution"],
        resolution_text=fields["resolution_text"],
        sub_kind=fields["sub_kind"],
        refund_fen=fields["refund_fen"],
        compensation_fen=fields["compensation_fen"],
        courier_fen=fields["courier_fen"],
        postage_fen=fields["postage_fen"],
        postage_payer=fields["postage_payer"],
        note_text=fields["note_text"],
        note_flag=OrderFlag(fields["note_flag"]),
        wizard_path=fields["wizard_path"],
        summary=outcome.resolution_text,
    )
    waits_for_warehouse = outcome.state == CaseState.WAITING_WAREHOUSE
    target = None if waits_for_warehouse else outcome.state
    details = saved.details
    if target == detail.state:
        target = None
    ask = None
    if outcome.approval_kind:
        ask = SupervisorAsk(
            outcome.approval_kind, outcome.approval_amount_fen, outcome.resolution_text
        )
    detail = cases.record_outcome(
        user,
        detail.id,
        detail.version,
        record,
        target,
        action="wizard_saved",
        details=details,
        ask=ask,
    )
    claims._open_for_outcome(user, detail.id, outcome)
    if waits_for_warehouse:
        from kefu_desktop.services import warehouse  # the scale and product-sheet code, on demand

        warehouse.request_check(
            user,
            detail.id,
            outcome.warehouse_request,
            outcome.expected_weight_g,
            case_version=detail.version,
        )
    # goods coming back (and the back office's check of them) wait as an expected return,
    # left by `record_outcome`; the warehouse's receipt of them answers the waiting step
    return cases.get_case(detail.id)


# --- continuing a waiting case -------------------------------------------------------------------


def answers_of(detail: CaseDetail) -> dict[str, Any]:
    """The answers a case was saved with: its intake and every step on its path."""
    answers = intake_of(detail)
    for entry in detail.wizard_path:
        answers.update(entry.get("answers") or {})
    return answers


def verdicts_for(case_id: int) -> dict[str, str]:
    """Answers that come from others' records: the latest warehouse (or back-office) verdict,
    the latest compensation approval and the supervisor's latest escalation decision."""
    verdicts: dict[str, str] = {}
    check = (
        WarehouseCheck.select()
        .where(WarehouseCheck.case == case_id)
        .order_by(WarehouseCheck.requested_at.desc(), WarehouseCheck.id.desc())
        .first()
    )
    if check is not None and check.state in ("confirmed", "refuted"):
        verdicts["warehouse_verdict"] = check.state
        # cases from before receipts: the back office's finding was recorded as a check
        verdicts["q_back_office"] = "defect" if check.state == "confirmed" else "no_defect"
        verdicts[WAREHOUSE_RESULT_STEP] = "intercepted" if check.state == "confirmed" else "shipped"
    back_office = back_office_verdict(case_id)
    if back_office is not None:
        verdicts["q_back_office"] = back_office
    approval = (
        ApprovalRequest.select()
        .where((ApprovalRequest.case == case_id) & (ApprovalRequest.kind == "compensation"))
        .order_by(ApprovalRequest.requested_at.desc(), ApprovalRequest.id.desc())
        .first()
    )
    if approval is not None and approval.state in ("approved", "rejected"):
        verdicts["approval"] = approval.state
    escalation = (
        ApprovalRequest.select()
        .where((ApprovalRequest.case == case_id) & (ApprovalRequest.kind == "escalation"))
        .order_by(ApprovalRequest.requested_at.desc(), ApprovalRequest.id.desc())
        .first()
    )
    if escalation is not None and escalation.state != "pending" and escalation.decision:
        verdicts["supervisor_decision"] = escalation.decision
    return verdicts


def back_office_verdict(case_id: int) -> str | None:
    """The back office's finding from the receipt of a quality return: 'defect' when an item
    was graded defective, 'no_defect' when the goods came back without one, None before the
    receipt or when nothing of the goods came back."""
    receipt = (
        ReturnReceipt.select(ReturnReceipt)
        .join(ExpectedReturn, on=(ReturnReceipt.expected == ExpectedReturn.id))
        .where(
            (ExpectedReturn.case == case_id) & (ExpectedReturn.reason == ReturnReason.BACK_OFFICE)
        )
        .order_by(ReturnReceipt.id.desc())
        .first()
    )
    if receipt is None:
        return None
    if receipt.defective:
        return "defect"
    if receipt.empty_parcel or receipt.missing >= _expected_quantity(receipt.expected_id):
        return None
    return "no_defect"


def _expected_quantity(expected_id: int) -> int:
    return int(
        ExpectedReturn.select(ExpectedReturn.quantity)
        .where(ExpectedReturn.id == expected_id)
        .scalar()
        or 0
    )


def approved_compensation_fen(case_id: int, asked: Any) -> Any:
    """The compensation the supervisor approved (they may change the amount), else `asked`."""
    approval = (
        ApprovalRequest.select(ApprovalRequest.approved_fen)
        .where(
            (ApprovalRequest.case == case_id)
            & (ApprovalRequest.kind == "compensation")
            & (ApprovalRequest.state == "approved")
        )
        .order_by(ApprovalRequest.decided_at.desc(), ApprovalRequest.id.desc())
        .first()
    )
    return approval.approved_fen if approval is not None and approval.approved_fen else asked


def waiting_outcome(detail: CaseDetail) -> Outcome | None:
    """The waiting outcome a case was saved with, if it waits on a step of its wizard."""
    if detail.kind not in FLOWS or detail.state.is_final or detail.state == CaseState.RESOLVED:
        return None
    if not detail.wizard_path:
        return None
    decision = flow_for(detail.kind).decide(answers_of(detail))
    if decision.outcome is None or not decision.outcome.is_waiting:
        return None
    return decision.outcome


def can_continue(detail: CaseDetail) -> bool:
    """Whether "继续处理" applies: a wizard case saved waiting on one of its steps."""
    return waiting_outcome(detail) is not None


def _still_waiting_message(flow: Flow, outcome: Outcome) -> str:
    step = outcome.resume_step or ""
    if step == "warehouse_verdict":
        return "仓库尚未给出核实结果，请等待仓库核实后再继续。"
    if step == "approval":
        return "客服主管尚未审批该补偿，请等待审批结果后再继续。"
    if step == "supervisor_decision":
        return "客服主管尚未对该升级给出处理意见，请等待主管决定后再继续。"
    if step == "q_back_office":
        return "退货尚未入库（或退回的包裹里没有可核实的商品），后道还没有核实结果，请等待仓库登记退货入库后再继续。"
    if step == WAREHOUSE_RESULT_STEP:
        return "仓库尚未登记找包裹的结果，请等待仓库后再继续。"
    return f"该售后单正在等待「{flow.steps[step].title}」。"


@operation(Operation.WORK_WIZARD)
def continue_case(user: User, case_id: int) -> DraftView:
    """Re-enter a waiting case's wizard at the right step, everything already answered.

    Returns a draft (an existing one for this case, or a new one) whose `step` is the step
    to show. Raises `KefuError` while the case still waits on someone else.
    """
    check_may_change(user, case_row(case_id))
    existing = draft_for_case(user, case_id)
    if existing is not None:
        return existing
    detail = cases.get_case(case_id)
    outcome = waiting_outcome(detail)
    if outcome is None:
        raise KefuError(f"售后单 {detail.case_no} 不在等待中，无需继续处理。")
    flow = flow_for(detail.kind)
    answers = flow.continue_answers(answers_of(detail), verdicts_for(case_id))
    answers[SEEN_VERSION_KEY] = detail.version
    if answers.get("approval") == "approved":
        answers["compensation"] = approved_compensation_fen(case_id, answers.get("compensation"))
    if answers.get("supervisor_decision") == "compensate":
        escalation = latest_decided(case_id, "escalation")
        answers["compensation"] = escalation.approved_fen if escalation is not None else 0
    decision = flow.decide(with_context(detail.kind, answers))
    step = decision.next_step
    if step is None:
        if decision.outcome is None or decision.outcome.is_waiting:
            raise KefuError(_still_waiting_message(flow, outcome))
        step = OUTCOME_STEP  # the verdict settles it (an approved compensation): confirm and save

    now = utc_now()
    draft = WizardDraft.create(
        staff=user.id,
        case=case_id,
        kind=detail.kind,
        step=step,
        answers=answers,
        created_at=now,
        updated_at=now,
    )
    if detail.attention:
        cases.clear_highlight(user, case_id)
    return _view(draft)


__all__ = [
    "CREATED_CASE_KEY",
    "EVIDENCE_STEP",
    "INTAKE_STEP",
    "OUTCOME_STEP",
    "RESUME_KEY",
    "SEEN_VERSION_KEY",
    "DecisionNotOnRecord",
    "DraftView",
    "can_continue",
    "check_intake",
    "check_step",
    "continue_case",
    "decide",
    "discard_draft",
    "finish",
    "list_drafts",
    "reload_case",
    "save_draft",
    "save_intake",
    "start_draft",
]
