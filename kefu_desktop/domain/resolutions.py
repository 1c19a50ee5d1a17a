"""How a case ended (处理结果): the codes stored in `Case.resolution`, with Chinese labels.

Every part of the app that sets or reads a resolution uses these codes: the wizards write them,
the registers (登记表) and the monthly export sort cases by them.
"""

from __future__ import annotations

from enum import StrEnum

from kefu_desktop.domain.labels import label_of


class Resolution(StrEnum):
    EXCHANGE = "exchange"
    """换货: the agent places the exchange order."""
    REFUND = "refund"
    """退款: refund only, the goods stay with the customer or never arrived."""
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
    """物流赔偿: the courier pays for what was lost or broken."""
    REPAIR_ALLOWANCE = "repair_allowance"
    """自行修补: the customer repairs it, we bear part of the cost."""
    DISCOUNT = "discount"
    """折扣补偿: a partial refund / discount as compensation."""
    GOODWILL = "goodwill"
    """客户责任，友好处理: no return, handled to avoid a bad review."""
    KEEP_EXTRA = "keep_extra"
    """客户保留多发商品: too many sent, the customer keeps them."""
    COURIER_PICKUP = "courier_pickup"
    """物流上门取件: too many sent, a courier collects the extra goods."""
    PLATFORM_APPEAL = "platform_appeal"
    """交投诉客服上诉: handed to the complaints agent to appeal to the platform."""
    STUB_UPLOADED = "stub_uploaded"
    """上传底单: the customer denies receiving extra goods; the waybill stub goes to the platform."""

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
    Resolution.GOODWILL: "客户责任，友好处理",
    Resolution.KEEP_EXTRA: "客户保留多发商品",
    Resolution.COURIER_PICKUP: "物流上门取件",
    Resolution.PLATFORM_APPEAL: "交投诉客服上诉",
    Resolution.STUB_UPLOADED: "上传底单至平台",
}

REFUND_RESOLUTIONS = frozenset({Resolution.REFUND, Resolution.RETURN})
"""Resolutions that pay money back for the goods (refund_fen)."""

COMPENSATION_RESOLUTIONS = frozenset(
    {
        Resolution.COURIER_COMPENSATION,
        Resolution.REPAIR_ALLOWANCE,
        Resolution.DISCOUNT,
        Resolution.GOODWILL,
    }
)
"""Resolutions that pay a compensation or discount (compensation_fen)."""


def resolution_label(code: str) -> str:
    """The Chinese label of a stored resolution code ('' for none, 「未知（code）」 if unknown)."""
    return label_of(Resolution, code)
