"""How a case ended (处理结果): the codes stored in `Case.resolution`, with Chinese labels.

Every part of the app that sets or reads a resolution uses these codes: the decision flows end
with them, the registers (登记表) and the monthly export sort cases by them, and the money a case
moves is read through `money_of`, the one mapping from a resolution to what it pays.
A case still waiting has no resolution (stored as '').
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kefu_desktop.domain.labels import label_of


class Resolution(StrEnum):
    EXCHANGE = "exchange"
    """换货: the agent places the exchange order."""
    REFUND = "refund"
    """退款: money back only, the goods stay with the customer or never arrived."""
    RETURN = "return"
    """退货退款: the goods come back, the money goes out."""
    RESHIP = "reship"
    """补发: the missing or damaged goods are sent again."""
    RETURN_RESHIP = "return_reship"
    """退回重发: the courier returns the parcel and we send it again."""
    EMS_FORWARD = "ems_forward"
    """转EMS派送: the courier forwards an undeliverable parcel by EMS."""
    EXTEND_RECEIPT = "extend_receipt"
    """延长收货时间: the buyer's receipt deadline is extended while the parcel is chased."""
    COURIER_COMPENSATION = "courier_compensation"
    """物流赔偿: the courier pays for what was lost or broken (money coming in)."""
    REPAIR_ALLOWANCE = "repair_allowance"
    """自行修补: the customer repairs it, we bear part of the cost."""
    DISCOUNT = "discount"
    """折扣补偿: a partial refund / discount as compensation."""
    COMPENSATION = "compensation"
    """协商补偿: a compensation agreed with the customer (or decided by the supervisor)."""
    GOODWILL = "goodwill"
    """客户责任，友好处理: no return, a small payment to keep a good review."""
    CUSTOMER_PAID_REPAIR = "customer_repair"
    """客户自费维修: the customer's fault; they send it back for repair at their cost."""
    EXPLAINED = "explained"
    """已向客户说明: nothing to send or pay; the customer was told why."""
    KEEP_EXTRA = "keep_extra"
    """客户保留多发商品: too many sent, the customer keeps them."""
    EXTRA_RETURNED = "extra_returned"
    """客户寄回多发商品: too many sent, the customer sends the extra goods back."""
    COURIER_PICKUP = "courier_pickup"
    """物流上门取件: too many sent, a courier collects the extra goods."""
    PLATFORM_APPEAL = "platform_appeal"
    """交投诉客服上诉: handed to the complaints agent to appeal to the platform."""
    STUB_UPLOADED = "stub_uploaded"
    """上传底单: the customer denies receiving extra goods; the waybill stub goes to the platform."""
    CUSTOMER_CLOSES = "customer_closes"
    """客户自行关闭交易: an order not paid yet; the customer closes it, the shop does not."""
    ORDER_CHANGED = "order_changed"
    """已改单/换款: an order not shipped yet is changed to another item (or its details)."""
    SHIPPED_RETURN = "shipped_return"
    """已发货，快递退回或客户拒收: the parcel comes back at the customer's cost of freight."""
    SPECIAL_REQUEST = "special_request"
    """特殊要求已备注: a shipping instruction (date, address, courier, accessory) is noted."""
    COURIER_REDELIVER = "courier_redeliver"
    """快递追回重新派送: the courier delivered to the wrong address, retrieves it and delivers again."""
    ADDRESS_CHANGED = "address_changed"
    """客户改地址重新派送: the courier cannot deliver; the customer gives another address."""

    @property
    def label(self) -> str:
        return RESOLUTION_LABELS[self]


RESOLUTION_LABELS: dict[Resolution, str] = {
    Resolution.EXCHANGE: "换货",
    Resolution.REFUND: "退款",
    Resolution.RETURN: "退货退款",
    Resolution.RESHIP: "补发",
    Resolution.RETURN_RESHIP: "退回重发",
    Resolution.EMS_FORWARD: "转EMS派送",
    Resolution.EXTEND_RECEIPT: "延长收货时间",
    Resolution.COURIER_COMPENSATION: "物流赔偿",
    Resolution.REPAIR_ALLOWANCE: "自行修补，售后承担部分费用",
    Resolution.DISCOUNT: "折扣补偿",
    Resolution.COMPENSATION: "协商补偿",
    Resolution.GOODWILL: "客户责任，友好处理",
    Resolution.CUSTOMER_PAID_REPAIR: "客户责任，自费寄回维修",
    Resolution.EXPLAINED: "已向客户说明，结案",
    Resolution.KEEP_EXTRA: "客户保留多发商品",
    Resolution.EXTRA_RETURNED: "客户寄回多发商品",
    Resolution.COURIER_PICKUP: "物流上门取件",
    Resolution.PLATFORM_APPEAL: "交投诉客服上诉",
    Resolution.STUB_UPLOADED: "上传底单至平台",
    Resolution.CUSTOMER_CLOSES: "客户自行关闭交易",
    Resolution.ORDER_CHANGED: "改单/换款",
    Resolution.SHIPPED_RETURN: "已发货，快递退回或客户拒收",
    Resolution.SPECIAL_REQUEST: "特殊要求已备注",
    Resolution.COURIER_REDELIVER: "快递追回重新派送",
    Resolution.ADDRESS_CHANGED: "客户改地址重新派送",
}

LEGACY_CODES: dict[str, str] = {
    "complaints_appeal": Resolution.PLATFORM_APPEAL,
    "upload_stub": Resolution.STUB_UPLOADED,
    "customer_return": Resolution.EXTRA_RETURNED,
    "self_repair": Resolution.REPAIR_ALLOWANCE,
    "waiting_customer": "",
    "waiting_warehouse": "",
    "waiting_supervisor": "",
    "waiting_return": "",
    "escalated": "",
}
"""Codes earlier versions stored in `Case.resolution` → today's code ('' = not resolved yet)."""


class Payout(StrEnum):
    """Which money a resolution moves."""

    NONE = "none"
    REFUND = "refund"
    """Money back for the goods (退款)."""
    COMPENSATION = "compensation"
    """Compensation or discount paid to the customer (赔偿/补偿)."""
    COURIER = "courier"
    """Money the courier pays the shop (物流赔偿)."""


PAYOUTS: dict[Resolution, Payout] = {
    **{resolution: Payout.NONE for resolution in Resolution},
    Resolution.REFUND: Payout.REFUND,
    Resolution.RETURN: Payout.REFUND,
    Resolution.COMPENSATION: Payout.COMPENSATION,
    Resolution.REPAIR_ALLOWANCE: Payout.COMPENSATION,
    Resolution.DISCOUNT: Payout.COMPENSATION,
    Resolution.GOODWILL: Payout.COMPENSATION,
    Resolution.COURIER_COMPENSATION: Payout.COURIER,
}
"""The one mapping from a resolution to the money it moves."""

REFUND_RESOLUTIONS = frozenset(r for r, p in PAYOUTS.items() if p == Payout.REFUND)
"""Resolutions that pay money back for the goods (refund_fen)."""
COMPENSATION_RESOLUTIONS = frozenset(r for r, p in PAYOUTS.items() if p == Payout.COMPENSATION)
"""Resolutions that pay a compensation or discount (compensation_fen)."""


def payout_of(resolution: str) -> Payout:
    """The money a stored resolution code moves (none for '' or an unknown code)."""
    try:
        return PAYOUTS[Resolution(resolution)]
    except ValueError:
        return Payout.NONE


@dataclass(frozen=True)
class CaseMoney:
    """A case's money as the registers, the export and the per-agent figures count it (fen)."""

    refund_fen: int = 0
    compensation_fen: int = 0
    courier_fen: int = 0
    """Received from the courier."""
    postage_fen: int = 0
    shop_postage_fen: int = 0
    """The postage the shop bears (the customer's own postage is not the shop's money)."""

    @property
    def paid_out_fen(self) -> int:
        """What the shop paid the customer: refund and compensation."""
        return self.refund_fen + self.compensation_fen


def money_of(
    resolution: str,
    refund_fen: int,
    compensation_fen: int,
    courier_fen: int,
    postage_fen: int,
    postage_payer: str,
) -> CaseMoney:
    """The money a case counts for, by its resolution: an amount its resolution does not pay
    (say, a refund amount left on an exchange) is not counted."""
    payout = payout_of(resolution)
    return CaseMoney(
        refund_fen=refund_fen if payout == Payout.REFUND else 0,
        compensation_fen=compensation_fen if payout == Payout.COMPENSATION else 0,
        courier_fen=courier_fen if payout == Payout.COURIER else 0,
        postage_fen=postage_fen,
        shop_postage_fen=postage_fen if postage_payer == "shop" else 0,
    )


def check_money(
    resolution: Resolution | None, refund: int, compensation: int, courier: int
) -> None:
    """`ValueError` when an outcome carries money its resolution does not pay."""
    payout = PAYOUTS[resolution] if resolution is not None else Payout.NONE
    for amount, kind in (
        (refund, Payout.REFUND),
        (compensation, Payout.COMPENSATION),
        (courier, Payout.COURIER),
    ):
        if amount and payout != kind:
            raise ValueError(f"{resolution} does not pay {kind.value} money")


def resolution_label(code: str) -> str:
    """The Chinese label of a stored resolution code ('' for none, 「未知（code）」 if unknown)."""
    return label_of(Resolution, code)


class PostagePayer(StrEnum):
    NONE = ""
    SHOP = "shop"
    CUSTOMER = "customer"
    COURIER = "courier"
    """The courier's fault: the courier bears it, claimed back with the courier claim."""

    @property
    def label(self) -> str:
        return POSTAGE_PAYER_LABELS[self]


POSTAGE_PAYER_LABELS: dict[PostagePayer, str] = {
    PostagePayer.NONE: "无",
    PostagePayer.SHOP: "我方承担",
    PostagePayer.CUSTOMER: "客户承担",
    PostagePayer.COURIER: "快递承担（向快递理赔）",
}
