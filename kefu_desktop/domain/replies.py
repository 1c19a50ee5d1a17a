"""Standard replies (话术): the shop's phrases with {变量} filled in for the customer at hand.

A variable with no value is shown as a clear placeholder (【待填：店铺】) for the agent to fill in
before sending, never left out silently and never an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from kefu_desktop.domain.resolutions import PostagePayer, Resolution

MAX_TITLE_LENGTH = 64
MAX_BODY_LENGTH = 2000


class ReplyVariable(StrEnum):
    CUSTOMER = "买家ID"
    SHOP = "店铺"
    AGENT = "客服"
    AMOUNT = "金额"
    WAYBILL = "运单号"
    COURIER = "快递"


class ReplyTopic(StrEnum):
    GREETING = "greeting"
    BARGAIN = "bargain"
    INVOICE = "invoice"
    APPLY_RETURN = "apply_return"
    RETURN_WAYBILL = "return_waybill"
    FREIGHT = "freight"
    CLOSING = "closing"
    OFFLINE = "offline"
    CHECKING = "checking"
    MONEY_SENT = "money_sent"

    @property
    def label(self) -> str:
        return REPLY_TOPIC_LABELS[self]


REPLY_TOPIC_LABELS: dict[ReplyTopic, str] = {
    ReplyTopic.GREETING: "开头",
    ReplyTopic.BARGAIN: "议价",
    ReplyTopic.INVOICE: "发票",
    ReplyTopic.APPLY_RETURN: "申请退款流程",
    ReplyTopic.RETURN_WAYBILL: "填写物流单号",
    ReplyTopic.FREIGHT: "补运费",
    ReplyTopic.CLOSING: "结束",
    ReplyTopic.OFFLINE: "回复离线信息",
    ReplyTopic.CHECKING: "核实中",
    ReplyTopic.MONEY_SENT: "退款/补偿到账",
}


@dataclass(frozen=True)
class StandardReply:
    topic: ReplyTopic
    title: str
    body: str


STANDARD_REPLIES: tuple[StandardReply, ...] = (
    StandardReply(
        ReplyTopic.GREETING,
        "开头问候",
        "亲，您好！我是{店铺}的客服{客服}，很高兴为您服务，请问有什么可以帮您？",
    ),
    StandardReply(
        ReplyTopic.BARGAIN,
        "议价",
        "亲，商城的价格对每位顾客都是一样的，不能改价哦。我们保证物有所值，请您放心购买！",
    ),
    StandardReply(
        ReplyTopic.INVOICE,
        "发票",
        "亲，确认收货并满意后给我们留言，我们会为您开具正规发票并邮寄给您。",
    ),
    StandardReply(
        ReplyTopic.APPLY_RETURN,
        "申请退款流程",
        "亲，申请退货退款的步骤：已买到的宝贝 → 找到该订单点「退货退款」→「我要退货」→ "
        "退货原因选「七天无理由」，提交即可。",
    ),
    StandardReply(
        ReplyTopic.RETURN_WAYBILL,
        "填写物流单号",
        "亲，寄回后请找到该订单，点「请退货」，填写快递公司（{快递}）和运单号（{运单号}），提交即可。",
    ),
    StandardReply(
        ReplyTopic.FREIGHT,
        "补运费",
        "亲，运费标准：申通 10 元，EMS 20 元，顺丰 23 元。本次需补运费 {金额} 元，"
        "请通过补运费链接付款，并在付款备注里写「补运费-{买家ID}」，谢谢！",
    ),
    StandardReply(
        ReplyTopic.CLOSING,
        "结束语（五星好评）",
        "亲，宝贝到了请先检查试穿，满意的话麻烦给我们一个五星好评哦，感谢您的支持！",
    ),
    StandardReply(
        ReplyTopic.OFFLINE,
        "回复离线信息",
        "亲你好，我是{店铺}家的客服{客服}，刚才不在让您久等了。",
    ),
    StandardReply(
        ReplyTopic.CHECKING,
        "核实中（24 小时内答复）",
        "亲，您反映的问题我们正在核实，会在 24 小时内在这里给您答复，请您耐心等待，谢谢！",
    ),
    StandardReply(
        ReplyTopic.MONEY_SENT,
        "退款/补偿已操作",
        "亲，{金额} 元已为您操作，请注意查收，给您添麻烦了，非常抱歉！",
    ),
)
"""The shop's standard phrases, stored in a new database (supervisors edit them there)."""

_VARIABLE = re.compile(r"\{([^{}]{1,16})\}")


def placeholder(variable: str) -> str:
    """What stands in for a variable without a value: 【待填：店铺】."""
    return f"【待填：{variable}】"


def fill_reply(body: str, values: Mapping[str, str]) -> str:
    """The reply with each {变量} replaced by its value; a known variable without a value
    becomes a placeholder the agent sees at once; unknown braces stay as typed."""
    known = {v.value for v in ReplyVariable}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in known:
            return match.group(0)
        value = (values.get(name) or "").strip()
        return value or placeholder(name)

    return _VARIABLE.sub(replace, body)


def missing_variables(filled: str) -> list[str]:
    """The variables a filled reply still waits for (their placeholders), in order."""
    return re.findall(r"【待填：([^】]+)】", filled)


_BY_RESOLUTION: dict[Resolution, ReplyTopic] = {
    Resolution.RETURN: ReplyTopic.APPLY_RETURN,
    Resolution.EXCHANGE: ReplyTopic.RETURN_WAYBILL,
    Resolution.EXTRA_RETURNED: ReplyTopic.RETURN_WAYBILL,
    Resolution.REFUND: ReplyTopic.MONEY_SENT,
    Resolution.COMPENSATION: ReplyTopic.MONEY_SENT,
    Resolution.DISCOUNT: ReplyTopic.MONEY_SENT,
    Resolution.GOODWILL: ReplyTopic.MONEY_SENT,
    Resolution.REPAIR_ALLOWANCE: ReplyTopic.MONEY_SENT,
}


def topic_for_outcome(resolution: Resolution | None, postage_payer: str) -> ReplyTopic:
    """The reply that fits an outcome: while waiting, that we are checking; freight the
    customer pays, how to pay it; else by the resolution, or the closing words."""
    if resolution is None:
        return ReplyTopic.CHECKING
    if postage_payer == PostagePayer.CUSTOMER:
        return ReplyTopic.FREIGHT
    return _BY_RESOLUTION.get(resolution, ReplyTopic.CLOSING)
