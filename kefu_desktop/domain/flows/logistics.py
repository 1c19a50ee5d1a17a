"""Logistics problems (物流问题): a parcel the courier cannot deliver, delivered to the wrong
address, lost, or broken by the courier.

Who pays postage follows whose fault it is: the courier's fault is the courier's (claimed back
with a courier claim, never the customer's), an address outside the courier's area is ours (we
chose the courier), an address the customer gave wrong is the customer's (a change the customer
caused after shipping). A parcel that is delayed gets the buyer's receipt deadline extended.
"""

from __future__ import annotations

from dataclasses import replace

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
    postage_field,
    refund_outcome,
    remedy,
    wait_customer,
    yuan,
)
from kefu_desktop.domain.kinds import SUB_KINDS, CaseKind, SubKind
from kefu_desktop.domain.resolutions import PostagePayer, Resolution
from kefu_desktop.domain.states import CaseState

CAUSE_PAYER: dict[str, PostagePayer] = {
    "courier": PostagePayer.COURIER,
    "out_of_area": PostagePayer.SHOP,
    "customer_address": PostagePayer.CUSTOMER,
}
"""Why the courier cannot deliver → who pays the extra postage."""

STEPS: tuple[Step, ...] = (
    choice_step(
        "lg_sub_kind",
        "问题细类",
        "物流出了什么问题？",
        tuple(Option(s.value, s.label) for s in SUB_KINDS[CaseKind.LOGISTICS]),
    ),
    choice_step(
        "lg_unreachable_cause",
        "无法派送的原因",
        "查件后，快递无法派送的原因是？",
        (
            Option("courier", "疑难件：快递原因（面单破损、派送异常等）", "费用由快递承担"),
            Option("out_of_area", "地址超出该快递的派送范围", "我方选的快递，费用我方承担"),
            Option("customer_address", "客户地址有误或联系不上", "客户原因，费用客户承担"),
        ),
    ),
    choice_step(
        "lg_unreachable_remedy",
        "处理方式",
        "与快递和客户沟通后怎么处理？",
        (
            Option("ems_forward", "快递转EMS派送"),
            Option("return_reship", "包裹退回，我方重新发货"),
            Option("new_address", "客户改地址，快递按新地址派送"),
        ),
    ),
    Step(
        "lg_extra_postage",
        "额外邮费",
        "转寄、改址或重新发货产生的邮费。",
        (postage_field("额外邮费（元）"),),
    ),
    choice_step(
        "lg_misdelivery_remedy",
        "处理方式",
        "快递错派，包裹送到了别的地址。怎么处理？",
        (
            Option("courier_retrieve", "快递追回包裹，重新派送给客户"),
            Option("reship", "追不回来：我方补发，向快递索赔"),
        ),
    ),
    choice_step(
        "lg_lost_remedy",
        "处理方式",
        "快递已确认丢件。与客户确认：补发还是退款？（都向快递索赔）",
        (
            Option("reship", "补发商品"),
            Option("refund", "退款给客户"),
        ),
    ),
    choice_step(
        "lg_damage_evidence",
        "破损凭证",
        "快递损坏：客户是否已上传破损照片和派件人证明？",
        (
            Option("received", "已收到照片和派件人证明"),
            Option("waiting", "等待客户上传"),
        ),
    ),
    Step(
        "lg_claim",
        "向快递索赔",
        "向快递索赔的金额（商品货值加我方多付的邮费）。理赔单保存后在「快递理赔」里跟进。",
        (Field("claim_amount", "索赔金额（元）", FieldType.MONEY),),
    ),
)


def _claimed(ctx: Ctx, outcome: Outcome, extends_receipt: bool) -> Outcome:
    """The outcome with the amount to claim from the courier (asked now)."""
    amount = int(ctx.ask("lg_claim")["claim_amount"])
    return replace(outcome, claim_fen=amount, extends_receipt=extends_receipt)


def _follow(outcome: Outcome, *extra: FollowUp) -> tuple[FollowUp, ...]:
    return (*outcome.follow_ups, *extra)


def unreachable(ctx: Ctx, sub: SubKind) -> Outcome:
    """Address the courier cannot reach, or a problem parcel: EMS, return and reship, or a
    new address; the parcel is delayed either way."""
    cause = ctx.choice("lg_unreachable_cause")
    payer = CAUSE_PAYER[cause]
    way = ctx.choice("lg_unreachable_remedy")
    postage = int(ctx.ask("lg_extra_postage")["postage"])
    because = {
        "courier": "疑难件（快递原因）",
        "out_of_area": "地址超出快递派送范围",
        "customer_address": "客户地址有误",
    }[cause]
    resolution, text, follow_up = {
        "ems_forward": (Resolution.EMS_FORWARD, "快递转EMS派送", FollowUp.EMS_FORWARD),
        "return_reship": (
            Resolution.RETURN_RESHIP,
            "包裹退回后重新发货",
            FollowUp.RETURN_RESHIP,
        ),
        "new_address": (Resolution.ADDRESS_CHANGED, "客户改地址重新派送", FollowUp.NEW_ADDRESS),
    }[way]
    # Reshipping to an address the courier does not reach: the note says which courier to use.
    flag = OrderFlag.RED if way == "return_reship" and cause == "out_of_area" else OrderFlag.BLUE
    if flag == OrderFlag.RED:
        text += "（改用能派送的快递）"
    outcome = Outcome(
        CaseState.RESOLVED,
        resolution,
        f"{because}，{text}，邮费{payer.label}，延长收货时间",
        flag,
        sub,
        postage_fen=postage,
        postage_payer=payer,
        follow_ups=(follow_up, FollowUp.EXTEND_RECEIPT),
        extends_receipt=True,
    )
    if payer == PostagePayer.COURIER and postage:
        outcome = replace(outcome, follow_ups=_follow(outcome, FollowUp.COURIER_CLAIM))
        return _claimed(ctx, outcome, True)
    return outcome


def _reship(ctx: Ctx, sub: SubKind, what: str) -> Outcome:
    """Send the goods again at the courier's cost, claim it back; the buyer waits longer."""
    postage = int(ctx.ask("reship_money")["postage"])
    outcome = Outcome(
        CaseState.RESOLVED,
        Resolution.RESHIP,
        f"{what}，补发，邮费{PostagePayer.COURIER.label}，延长收货时间",
        OrderFlag.BLUE,
        sub,
        postage_fen=postage,
        postage_payer=PostagePayer.COURIER,
        follow_ups=(FollowUp.COURIER_CLAIM, FollowUp.RESHIP, FollowUp.EXTEND_RECEIPT),
    )
    return _claimed(ctx, outcome, True)


def misdelivered(ctx: Ctx, sub: SubKind) -> Outcome:
    """Delivered to the wrong address: the courier retrieves it, or we reship and claim."""
    if ctx.choice("lg_misdelivery_remedy") == "courier_retrieve":
        return Outcome(
            CaseState.RESOLVED,
            Resolution.COURIER_REDELIVER,
            "快递错派，快递追回后重新派送，费用快递承担，延长收货时间",
            OrderFlag.BLUE,
            sub,
            postage_payer=PostagePayer.COURIER,
            follow_ups=(FollowUp.COURIER_REDELIVER, FollowUp.EXTEND_RECEIPT),
            extends_receipt=True,
        )
    return _reship(ctx, sub, "快递错派追不回")


def lost(ctx: Ctx, sub: SubKind) -> Outcome:
    """Lost by the courier: reship (the buyer waits for it) or refund; claim either way."""
    if ctx.choice("lg_lost_remedy") == "reship":
        return _reship(ctx, sub, "快递丢件")
    money = ctx.ask("refund_money")
    refund = int(money["refund"])
    outcome = refund_outcome(
        Resolution.REFUND,
        sub,
        f"快递丢件，退款 {yuan(refund)}，向快递索赔",
        refund,
        int(money["postage"]),
        PostagePayer.COURIER,
        (FollowUp.COURIER_CLAIM,),
    )
    return _claimed(ctx, outcome, False)


def courier_damaged(ctx: Ctx, sub: SubKind) -> Outcome:
    """Broken by the courier: as 破包 内件破损, the courier liable and claimed against."""
    if ctx.choice("lg_damage_evidence") == "waiting":
        raise wait_customer(sub, "lg_damage_evidence", "快递损坏，已请客户上传破损照片和派件人证明")
    outcome = remedy(
        ctx,
        sub,
        "remedy_exchange_refund",
        "快递损坏，凭证齐全，向快递索赔",
        (FollowUp.COURIER_CLAIM,),
        PostagePayer.COURIER,
    )
    return _claimed(ctx, outcome, False)


def walk(ctx: Ctx) -> Outcome:
    sub = SubKind(ctx.choice("lg_sub_kind"))
    if sub == SubKind.UNREACHABLE:
        return unreachable(ctx, sub)
    if sub == SubKind.WRONG_ADDRESS:
        return misdelivered(ctx, sub)
    if sub == SubKind.LOST:
        return lost(ctx, sub)
    return courier_damaged(ctx, sub)


FLOW = Flow(
    CaseKind.LOGISTICS,
    {s.id: s for s in (*STEPS, *COMMON_STEPS)},
    walk,
    EXTERNAL_REDO,
)
