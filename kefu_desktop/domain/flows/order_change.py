"""Order changes before shipping (撤单/改单): by the state of the order the customer wants to
withdraw or change, or a special shipping request (特殊要求).

Flags follow the shop's table: an order not shipped yet 紫旗, shipped 蓝旗, a special instruction
红旗, an order that may be refunded 绿旗.
"""

from __future__ import annotations

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
from kefu_desktop.domain.flows.common import choice_step, yuan
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.resolutions import PostagePayer, Resolution
from kefu_desktop.domain.states import CaseState

WAREHOUSE_RESULT_STEP = "oc_warehouse_result"
"""The warehouse's answer to a label-printed order: parcel found and intercepted, or shipped."""

SPECIAL_KINDS: tuple[Option, ...] = (
    Option("address", "改地址"),
    Option("date", "指定日期发货/送达"),
    Option("today", "今天发货"),
    Option("courier", "指定快递"),
    Option("accessory", "加配件/附带物品"),
)

STEPS: tuple[Step, ...] = (
    choice_step(
        "oc_request",
        "客户要求",
        "客户想怎样变更订单？",
        (
            Option("change", "改单/换款（换款式、颜色、尺码）"),
            Option("withdraw", "撤单（不要了，退款）"),
            Option("special", "特殊要求（改地址、指定日期、指定快递、加配件）"),
        ),
    ),
    choice_step(
        "oc_order_state",
        "订单状态",
        "在卖家工作台查看订单现在的状态。",
        (
            Option("unpaid", "拍下未付款"),
            Option("not_printed", "已付款，未打单"),
            Option("printed", "已打单，未发货"),
            Option("shipped", "已发货"),
        ),
    ),
    Step(
        "oc_special",
        "特殊要求",
        "写清楚客户的要求（如“改发顺丰”“12月5日前送达”）。能满足的备注红旗，仓库照备注发货。",
        (
            Field(
                "oc_special_kind", "要求类别", FieldType.CHOICE, SPECIAL_KINDS, default="courier"
            ),
            Field("oc_instruction", "具体要求", FieldType.TEXT),
            Field(
                "oc_special_can",
                "能否满足",
                FieldType.CHOICE,
                (Option("yes", "可以满足，备注红旗"), Option("no", "无法满足，向客户说明")),
                default="yes",
            ),
        ),
    ),
    Step(
        "oc_change_detail",
        "改单内容",
        "与客户确认改成什么（款式、颜色、尺码、数量）。",
        (Field("oc_change_to", "改为", FieldType.TEXT, hint="例如：改为黑色 L 码"),),
    ),
    Step(
        "oc_refund",
        "退款金额",
        "客户撤单，退给客户的金额。",
        (Field("refund", "退款金额（元）", FieldType.MONEY),),
    ),
    Step(
        "oc_warehouse_request",
        "请仓库找包裹",
        "已打单未发货：请小仓库按运单号找到包裹，改单或撤单。找不到面单时，仓库查底单是否已发出。",
        (
            Field(
                "oc_warehouse_note",
                "给仓库的说明",
                FieldType.TEXT,
                default="请按运单号找到该包裹拦截，按备注改单/撤单；找不到请查底单是否已发出",
            ),
        ),
    ),
    choice_step(
        WAREHOUSE_RESULT_STEP,
        "仓库找包裹结果",
        "仓库找包裹的结果（以仓库在仓库核实台登记的为准）。",
        (
            Option("intercepted", "仓库已找到包裹，已按要求改单/撤单"),
            Option("shipped", "仓库未找到包裹，查底单已发出"),
        ),
        mode=StepMode.EXTERNAL,
    ),
    choice_step(
        "oc_shipped_way",
        "已发货的处理",
        "包裹已发出。与客户商定：",
        (
            Option("courier_return", "联系快递退回包裹"),
            Option("refuse", "客户拒收"),
        ),
    ),
    Step(
        "oc_freight",
        "运费",
        "客户原因，已产生的运费由客户承担。",
        (
            Field(
                "postage",
                "已产生的运费（元）",
                FieldType.MONEY,
                default="0",
                hint="客户原因，运费客户承担；未知填 0",
            ),
        ),
    ),
)

_SUB_KINDS = {
    "change": SubKind.CHANGE_ITEM,
    "withdraw": SubKind.WITHDRAW,
    "special": SubKind.SPECIAL_REQUEST,
}


def walk(ctx: Ctx) -> Outcome:
    want = ctx.choice("oc_request")
    sub = _SUB_KINDS[want]
    state = ctx.choice("oc_order_state")
    if want == "special":
        return _special(ctx, sub, state)
    if state == "unpaid":
        told = "请客户重新拍下想要的款" if want == "change" else "客户不付款即可"
        return Outcome(
            CaseState.RESOLVED,
            Resolution.CUSTOMER_CLOSES,
            f"拍下未付款，由客户自行关闭交易（我方不关闭），{told}",
            OrderFlag.PURPLE,
            sub,
            follow_ups=(FollowUp.CUSTOMER_CLOSES,),
        )
    if state == "not_printed":
        return _unshipped_change(ctx, sub, want, "已付款未打单")
    prefix = ""
    if state == "printed":
        note = str(ctx.ask("oc_warehouse_request")["oc_warehouse_note"])
        result = ctx.later(WAREHOUSE_RESULT_STEP)
        if result is None:
            raise Done(
                Outcome(
                    CaseState.WAITING_WAREHOUSE,
                    None,
                    f"已打单未发货，客户要求{sub.label}，已请仓库找包裹",
                    OrderFlag.PURPLE,
                    sub,
                    follow_ups=(FollowUp.INTERCEPT_PARCEL,),
                    resume_step=WAREHOUSE_RESULT_STEP,
                    warehouse_request=note,
                )
            )
        if result[WAREHOUSE_RESULT_STEP] == "intercepted":
            return _unshipped_change(
                ctx, sub, want, "已打单未发货，仓库已找到包裹拦截", (FollowUp.TELL_CUSTOMER,)
            )
        prefix = "仓库未找到面单，查底单已发出，已告知客户运单号并标记已发货；"
    return _shipped(ctx, sub, want, prefix)


def _unshipped_change(
    ctx: Ctx, sub: SubKind, want: str, prefix: str, before: tuple[FollowUp, ...] = ()
) -> Outcome:
    """Not shipped: change the order (紫旗) or refund it (绿旗)."""
    if want == "withdraw":
        refund = int(ctx.ask("oc_refund")["refund"])
        return Outcome(
            CaseState.RESOLVED,
            Resolution.REFUND,
            f"{prefix}，客户撤单，退款 {yuan(refund)}",
            OrderFlag.GREEN,
            sub,
            refund_fen=refund,
            follow_ups=(*before, FollowUp.GUIDE_REFUND),
        )
    change_to = str(ctx.ask("oc_change_detail")["oc_change_to"])
    return Outcome(
        CaseState.RESOLVED,
        Resolution.ORDER_CHANGED,
        f"{prefix}，客户改单：{change_to}",
        OrderFlag.PURPLE,
        sub,
        follow_ups=(*before, FollowUp.CHANGE_ORDER),
    )


def _shipped(ctx: Ctx, sub: SubKind, want: str, prefix: str) -> Outcome:
    """Shipped: the courier returns it or the customer refuses it; the freight is theirs (蓝旗)."""
    way = ctx.choice("oc_shipped_way")
    postage = int(ctx.ask("oc_freight")["postage"])
    how = "联系快递退回" if way == "courier_return" else "客户拒收"
    then = "退回后退款" if want == "withdraw" else "退回后按客户要求重新下单"
    return Outcome(
        CaseState.RESOLVED,
        Resolution.SHIPPED_RETURN,
        f"{prefix}已发货，{how}，{then}；客户原因，运费客户承担",
        OrderFlag.BLUE,
        sub,
        postage_fen=postage,
        postage_payer=PostagePayer.CUSTOMER,
        follow_ups=(FollowUp.COURIER_RETURN,),
    )


def _special(ctx: Ctx, sub: SubKind, state: str) -> Outcome:
    """A shipping instruction: noted with 红旗 when the shop can meet it, else explained."""
    answers = ctx.ask("oc_special")
    kind = next(o.label for o in SPECIAL_KINDS if o.value == answers["oc_special_kind"])
    instruction = str(answers["oc_instruction"])
    if answers["oc_special_can"] == "no":
        flag = OrderFlag.BLUE if state == "shipped" else OrderFlag.PURPLE
        return Outcome(
            CaseState.RESOLVED,
            Resolution.EXPLAINED,
            f"特殊要求（{kind}）无法满足，已向客户说明：{instruction}",
            flag,
            sub,
        )
    via = "，已发货，联系快递按要求派送" if state == "shipped" else ""
    return Outcome(
        CaseState.RESOLVED,
        Resolution.SPECIAL_REQUEST,
        f"特殊要求（{kind}）：{instruction}{via}",
        OrderFlag.RED,
        sub,
        follow_ups=(FollowUp.NOTE_INSTRUCTION,),
    )


FLOW = Flow(CaseKind.ORDER_CHANGE, {s.id: s for s in STEPS}, walk)
