"""Kind 2 — damaged parcel (破包): refused at the door, signed with items missing, contents broken."""

from __future__ import annotations

from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.flows.base import (
    Ctx,
    Field,
    FieldType,
    Flow,
    FollowUp,
    Option,
    Outcome,
    Step,
)
from kefu_desktop.domain.flows.common import (
    COMMON_STEPS,
    EXTERNAL_REDO,
    choice_step,
    remedy,
    wait_customer,
    warehouse_verdict,
    yuan,
)
from kefu_desktop.domain.kinds import SUB_KINDS, CaseKind, SubKind
from kefu_desktop.domain.resolutions import Resolution
from kefu_desktop.domain.states import CaseState

STEPS: tuple[Step, ...] = (
    choice_step(
        "dp_sub_kind",
        "问题细类",
        "破包是哪种情况？",
        tuple(Option(s.value, s.label) for s in SUB_KINDS[CaseKind.DAMAGED_PARCEL]),
    ),
    choice_step(
        "dp_courier_claim",
        "与物流协商赔偿",
        "仓库核实发货完整，少件发生在运输途中。与物流协商赔偿的结果？",
        (
            Option("agreed", "物流同意赔偿"),
            Option("failed", "协商不成，按实际情况补发或退款"),
        ),
    ),
    Step(
        "dp_courier_amount",
        "物流赔偿金额",
        "物流同意赔偿的金额。",
        (Field("courier_amount", "物流赔偿金额（元）", FieldType.MONEY),),
    ),
    choice_step(
        "dp_damage_evidence",
        "破损凭证",
        "客户是否已上传破损照片和派件人证明？",
        (
            Option("received", "已收到照片和派件人证明"),
            Option("waiting", "等待客户上传"),
        ),
    ),
    choice_step(
        "dp_courier_coord",
        "与物流协调",
        "与物流协调破损责任的结果？",
        (
            Option("courier_pays", "物流认责，向物流索赔"),
            Option("shop_bears", "物流不认责，我方承担"),
        ),
    ),
)


def walk(ctx: Ctx) -> Outcome:
    sub = SubKind(ctx.choice("dp_sub_kind"))
    if sub == SubKind.REFUSED:
        return remedy(ctx, sub, "remedy_exchange_refund", "客户拒签，包裹退回")
    if sub == SubKind.SIGNED_MISSING:
        verdict = warehouse_verdict(ctx, sub, "客户签收少件")
        if verdict == "confirmed":
            return remedy(ctx, sub, "remedy_reship_refund", "仓库核实发货少件")
        if ctx.choice("dp_courier_claim") == "agreed":
            amount = int(ctx.ask("dp_courier_amount")["courier_amount"])
            return Outcome(
                CaseState.RESOLVED,
                Resolution.COURIER_COMPENSATION,
                f"仓库核实发货完整，运输途中少件，物流赔偿 {yuan(amount)}",
                OrderFlag.BLUE,
                sub,
                courier_fen=amount,
                follow_ups=(FollowUp.COURIER_CLAIM,),
            )
        return remedy(
            ctx,
            sub,
            "remedy_reship_refund",
            "仓库核实发货完整，与物流协商赔偿未果",
            (FollowUp.COURIER_CLAIM,),
        )
    if ctx.choice("dp_damage_evidence") == "waiting":
        raise wait_customer(sub, "dp_damage_evidence", "内件破损，已请客户上传破损照片和派件人证明")
    if ctx.choice("dp_courier_coord") == "courier_pays":
        return remedy(
            ctx,
            sub,
            "remedy_exchange_refund",
            "内件破损，凭证齐全，物流认责",
            (FollowUp.COURIER_CLAIM,),
        )
    return remedy(ctx, sub, "remedy_exchange_refund", "内件破损，凭证齐全，物流不认责由我方承担")


FLOW = Flow(
    CaseKind.DAMAGED_PARCEL,
    {s.id: s for s in (*STEPS, *COMMON_STEPS)},
    walk,
    EXTERNAL_REDO,
)
