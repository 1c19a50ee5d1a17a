"""Kind 3 — quality issue (质量问题): A within 3 days unworn, B late or worn, C customer's fault."""

from __future__ import annotations

from typing import Any

from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.flows.base import (
    Ctx,
    Done,
    Field,
    FieldType,
    Flow,
    FollowUp,
    Option,
    Outcome,
    Step,
    StepMode,
)
from kefu_desktop.domain.flows.common import (
    COMMON_STEPS,
    EXTERNAL_REDO,
    choice_step,
    compensation,
    escalate,
    explained,
    remedy,
    wait_customer,
)
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.production_feedback import PRODUCTION_MIN_CUSTOMERS
from kefu_desktop.domain.resolutions import PostagePayer, Resolution
from kefu_desktop.domain.states import CaseState

SIMILAR_REPORTS_KEY = "similar_reports"
"""Answer key the service fills: other customers who reported a quality problem with the same
style and batch within the production-feedback window (not counting customer-fault or
no-defect outcomes)."""
BACK_OFFICE_REQUEST = "客户寄回商品，请后道核实是否为质量问题"
"""What the back-office check asks (recorded on the warehouse desk)."""

_DEFECT_FIELDS = (
    Field("defect", "确认是质量问题", FieldType.YESNO, default="yes"),
    Field("serious", "问题严重（需反馈生产）", FieldType.YESNO, default="no"),
)
_SERIOUS_FIELD = Field("serious", "问题严重（需反馈生产）", FieldType.YESNO, default="no")

STEPS: tuple[Step, ...] = (
    Step(
        "q_facts",
        "问题情况",
        "按客户所说的情况回答。",
        (
            Field("within_3_days", "签收三天内", FieldType.YESNO, default="yes"),
            Field("worn", "有穿着痕迹", FieldType.YESNO, default="no"),
            Field(
                "customer_fault",
                "客户自身原因造成（客户责任）",
                FieldType.YESNO,
                default="no",
            ),
        ),
    ),
    choice_step(
        "q_photos",
        "请客户发照片",
        "签收三天内且无穿着痕迹：请客户发问题照片。",
        (
            Option("sent", "客户已发照片"),
            Option("refuses", "客户不愿发照片，请客户寄回由后道核实"),
            Option("waiting", "等待客户发照片"),
        ),
    ),
    Step("q_photo_verdict", "照片核实", "根据照片核实是否为质量问题。", _DEFECT_FIELDS),
    choice_step(
        "q_back_office",
        "后道核实结果",
        "商品已寄回，后道核实的结果（以仓库登记的核实结果为准）。",
        (Option("defect", "后道核实确认质量问题"), Option("no_defect", "后道核实非质量问题")),
        mode=StepMode.EXTERNAL,
    ),
    Step(
        "q_severity",
        "问题程度",
        "后道核实确认质量问题。问题是否严重、需要反馈生产？",
        (_SERIOUS_FIELD,),
    ),
    choice_step(
        "q_remedy",
        "处理方式",
        "确认质量问题，与客户商定处理方式。",
        (
            Option("refund", "退货退款"),
            Option("exchange", "换货"),
            Option("self_repair", "客户自行修补，售后承担一定费用"),
            Option("discount", "折扣补偿"),
        ),
    ),
    choice_step(
        "q_negotiate",
        "协商补偿",
        "与客户协商补偿方案，客户是否同意？",
        (
            Option("agreed", "客户同意补偿方案"),
            Option("disagrees", "客户不同意，请示主管"),
            Option("waiting", "等待客户答复"),
        ),
    ),
    choice_step(
        "q_goodwill",
        "客户责任的处理",
        "客户责任不退不换，但要妥善处理，避免中差评和流失客户。",
        (
            Option("explain", "耐心说明，安抚客户"),
            Option("goodwill", "小额补偿，维护好评"),
            Option("paid_repair", "客户自费寄回维修，邮费客户承担"),
        ),
    ),
)


def sub_kind_of(within_3_days: bool, worn: bool, customer_fault: bool) -> SubKind:
    """Which branch of the quality rules applies."""
    if customer_fault:
        return SubKind.CUSTOMER_FAULT
    if within_3_days and not worn:
        return SubKind.WITHIN_WINDOW
    return SubKind.LATE_OR_WORN


DEFECT_MIN_CUSTOMERS_KEY = "defect_min_customers"
"""The office's threshold of customers, put into the answers with the count of others."""


def needs_production_feedback(
    other_customers: int, serious: bool, min_customers: int = PRODUCTION_MIN_CUSTOMERS
) -> bool:
    """Report to production: a serious defect, or this customer and enough others reporting
    the same style and batch within the window."""
    return serious or other_customers + 1 >= min_customers


def walk(ctx: Ctx) -> Outcome:
    facts = ctx.ask("q_facts")
    sub = sub_kind_of(
        facts["within_3_days"] == "yes", facts["worn"] == "yes", facts["customer_fault"] == "yes"
    )
    others = int(ctx.answers.get(SIMILAR_REPORTS_KEY) or 0)
    needed = int(ctx.answers.get(DEFECT_MIN_CUSTOMERS_KEY) or PRODUCTION_MIN_CUSTOMERS)
    if sub == SubKind.CUSTOMER_FAULT:
        return _customer_fault(ctx)
    if sub == SubKind.LATE_OR_WORN:
        feedback = _feedback(others, False, needed)
        return _negotiate(ctx, sub, "超售后期或已穿着", feedback)
    photos = ctx.choice("q_photos")
    if photos == "waiting":
        raise wait_customer(sub, "q_photos", "签收三天内无穿着痕迹，已请客户发问题照片")
    if photos == "sent":
        verdict = ctx.ask("q_photo_verdict")
        defect, serious = verdict["defect"] == "yes", verdict["serious"] == "yes"
        how = "照片核实"
    else:
        checked = ctx.later("q_back_office")
        if checked is None:
            raise Done(
                Outcome(
                    CaseState.WAITING_RETURN,
                    None,
                    "客户不愿发照片，请客户寄回，待后道核实",
                    OrderFlag.BLUE,
                    sub,
                    follow_ups=(FollowUp.BACK_OFFICE_CHECK,),
                    resume_step="q_back_office",
                    warehouse_request=BACK_OFFICE_REQUEST,
                )
            )
        defect = checked["q_back_office"] == "defect"
        serious = defect and ctx.ask("q_severity")["serious"] == "yes"
        how = "后道核实"
    if not defect:
        return _negotiate(ctx, sub, f"{how}非质量问题", ())
    feedback = _feedback(others, serious, needed)
    prefix = f"{how}确认质量问题"
    choice = ctx.answers.get("q_remedy")
    if choice == "self_repair":
        ctx.ask("q_remedy")
        return compensation(
            ctx, sub, f"{prefix}，客户自行修补", Resolution.REPAIR_ALLOWANCE, feedback
        )
    if choice == "discount":
        ctx.ask("q_remedy")
        return compensation(ctx, sub, f"{prefix}，折扣补偿", Resolution.DISCOUNT, feedback)
    return remedy(ctx, sub, "q_remedy", prefix, feedback)


def defect_denied(path: list[dict[str, Any]]) -> bool:
    """Whether a case's path found no defect (photos or the back office): such a case does not
    count towards production feedback."""
    for entry in path:
        answers = entry.get("answers") or {}
        if entry.get("step") == "q_photo_verdict" and answers.get("defect") == "no":
            return True
        if entry.get("step") == "q_back_office" and answers.get("q_back_office") == "no_defect":
            return True
    return False


def _feedback(others: int, serious: bool, needed: int) -> tuple[FollowUp, ...]:
    feedback = needs_production_feedback(others, serious, needed)
    return (FollowUp.PRODUCTION_FEEDBACK,) if feedback else ()


def _negotiate(ctx: Ctx, sub: SubKind, prefix: str, before: tuple[FollowUp, ...]) -> Outcome:
    answer = ctx.choice("q_negotiate")
    if answer == "waiting":
        raise wait_customer(sub, "q_negotiate", f"{prefix}，已提出补偿方案，等待客户答复")
    if answer == "agreed":
        return compensation(ctx, sub, f"{prefix}，协商补偿", Resolution.COMPENSATION, before)
    return escalate(ctx, sub, f"{prefix}，协商补偿客户不同意", before)


def _customer_fault(ctx: Ctx) -> Outcome:
    """The customer's own fault: no return or exchange, and no report to production."""
    sub = SubKind.CUSTOMER_FAULT
    answer = ctx.choice("q_goodwill")
    if answer == "explain":
        return explained(sub, "客户责任，不退不换，已耐心说明安抚客户")
    if answer == "goodwill":
        return compensation(ctx, sub, "客户责任，不退不换，为维护好评", Resolution.GOODWILL)
    return Outcome(
        CaseState.RESOLVED,
        Resolution.CUSTOMER_PAID_REPAIR,
        "客户责任，不退不换，客户自费寄回维修，来回邮费客户承担",
        OrderFlag.BLUE,
        sub,
        postage_payer=PostagePayer.CUSTOMER,
        follow_ups=(FollowUp.CUSTOMER_RETURN,),
    )


FLOW = Flow(
    CaseKind.QUALITY,
    {s.id: s for s in (*STEPS, *COMMON_STEPS)},
    walk,
    EXTERNAL_REDO,
)
