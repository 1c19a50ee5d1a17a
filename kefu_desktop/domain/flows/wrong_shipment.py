"""Kind 1 — wrong shipment (发错货): photo check, warehouse stub and weight, then handle it."""

from __future__ import annotations

from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.flows.base import (
    Ctx,
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
    escalate,
    explained,
    postage_field,
    remedy,
    wait_customer,
    warehouse_verdict,
)
from kefu_desktop.domain.kinds import SUB_KINDS, CaseKind, SubKind
from kefu_desktop.domain.resolutions import PostagePayer, Resolution
from kefu_desktop.domain.states import CaseState

STEPS: tuple[Step, ...] = (
    choice_step(
        "ws_sub_kind",
        "问题细类",
        "客户反映的是哪种发错货？",
        tuple(Option(s.value, s.label) for s in SUB_KINDS[CaseKind.WRONG_SHIPMENT]),
    ),
    choice_step(
        "ws_photo_check",
        "图片核实",
        "请客户发照片，与订单核对。核实结果？",
        (
            Option("confirmed", "照片核实属实"),
            Option("waiting", "等待客户发照片"),
            Option("mismatch", "照片与订单一致，不是发错货"),
        ),
    ),
    choice_step(
        "ws_extra_customer",
        "多发商品",
        "多发的商品，客户怎么说？",
        (
            Option("return", "客户同意寄回"),
            Option("denies", "客户否认收到多发的商品"),
            Option("keeps", "客户承认收到，但不愿寄回"),
        ),
    ),
    choice_step(
        "ws_keeps_way",
        "客户不寄回",
        "客户承认多收但不寄回，怎么处理？",
        (
            Option("pickup", "预约物流上门取件"),
            Option("appeal", "交投诉客服向平台上诉"),
        ),
    ),
    Step(
        "return_money",
        "寄回邮费",
        "客户寄回多发商品的邮费（我方发错，我方承担）。",
        (postage_field("寄回邮费（元）"),),
    ),
)

_MISTAKE_SENT = (SubKind.WRONG_ITEM, SubKind.EXTRA_ITEM)
"""Goods sent by mistake are taken off sale for the stock count."""


def walk(ctx: Ctx) -> Outcome:
    sub = SubKind(ctx.choice("ws_sub_kind"))
    photo = ctx.choice("ws_photo_check")
    if photo == "waiting":
        raise wait_customer(sub, "ws_photo_check", "已请客户发照片核实，等待客户回复")
    if photo == "mismatch":
        return explained(sub, "图片核实与订单一致，已向客户说明")
    verdict = warehouse_verdict(ctx, sub, "图片核实属实")
    if verdict == "refuted":
        if ctx.choice("refuted_action") == "explain":
            return explained(sub, "仓库核实底单、重量无误，已附底单向客户说明")
        return escalate(ctx, sub, "仓库核实发货无误，客户不接受")
    before = (FollowUp.TAKE_OFF_SALE,) if sub in _MISTAKE_SENT else ()
    taken_off = {SubKind.WRONG_ITEM: "，错发商品已下架", SubKind.EXTRA_ITEM: "，多发商品已下架"}
    prefix = "仓库核实属实" + taken_off.get(sub, "")
    if sub in (SubKind.WRONG_ITEM, SubKind.MISCOPIED):
        return remedy(ctx, sub, "remedy_exchange_refund", prefix, before)
    if sub in (SubKind.MISSING_ITEM, SubKind.SHORT_PACKED):
        return remedy(ctx, sub, "remedy_reship_refund", prefix, before)
    return _extra(ctx, sub, prefix, before)


def _extra(ctx: Ctx, sub: SubKind, prefix: str, before: tuple[FollowUp, ...]) -> Outcome:
    answer = ctx.choice("ws_extra_customer")
    if answer == "return":
        postage = int(ctx.ask("return_money")["postage"])
        return Outcome(
            CaseState.RESOLVED,
            Resolution.EXTRA_RETURNED,
            f"{prefix}，客户寄回多发商品，邮费我方承担",
            OrderFlag.BLUE,
            sub,
            postage_fen=postage,
            postage_payer=PostagePayer.SHOP,
            follow_ups=(*before, FollowUp.CUSTOMER_RETURN),
        )
    if answer == "denies":
        return Outcome(
            CaseState.RESOLVED,
            Resolution.STUB_UPLOADED,
            f"{prefix}，客户否认收到，向平台上传底单",
            OrderFlag.BLUE,
            sub,
            follow_ups=(*before, FollowUp.UPLOAD_STUB),
        )
    if ctx.choice("ws_keeps_way") == "pickup":
        return Outcome(
            CaseState.RESOLVED,
            Resolution.COURIER_PICKUP,
            f"{prefix}，客户不寄回，预约物流上门取件",
            OrderFlag.RED,
            sub,
            postage_payer=PostagePayer.SHOP,
            follow_ups=(*before, FollowUp.COURIER_PICKUP),
        )
    return Outcome(
        CaseState.RESOLVED,
        Resolution.PLATFORM_APPEAL,
        f"{prefix}，客户不寄回，交投诉客服向平台上诉",
        OrderFlag.BLUE,
        sub,
        follow_ups=(*before, FollowUp.COMPLAINTS_AGENT),
    )


FLOW = Flow(
    CaseKind.WRONG_SHIPMENT,
    {s.id: s for s in (*STEPS, *COMMON_STEPS)},
    walk,
    EXTERNAL_REDO,
)
