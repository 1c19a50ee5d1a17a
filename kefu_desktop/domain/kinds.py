"""Case kinds (售后类型) and their sub-kinds, with the Chinese labels users see."""

from __future__ import annotations

from enum import StrEnum


class CaseKind(StrEnum):
    WRONG_SHIPMENT = "wrong_shipment"
    DAMAGED_PARCEL = "damaged_parcel"
    QUALITY = "quality"
    LOGISTICS = "logistics"
    ORDER_CHANGE = "order_change"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS: dict[CaseKind, str] = {
    CaseKind.WRONG_SHIPMENT: "发错货",
    CaseKind.DAMAGED_PARCEL: "破包",
    CaseKind.QUALITY: "质量问题",
    CaseKind.LOGISTICS: "物流问题",
    CaseKind.ORDER_CHANGE: "订单变更",
}


class SubKind(StrEnum):
    # 发错货
    WRONG_ITEM = "wrong_item"
    MISSING_ITEM = "missing_item"
    EXTRA_ITEM = "extra_item"
    MISCOPIED = "miscopied"
    SHORT_PACKED = "short_packed"
    # 破包
    REFUSED = "refused"
    SIGNED_MISSING = "signed_missing"
    CONTENTS_DAMAGED = "contents_damaged"
    # 质量问题
    WITHIN_WINDOW = "within_window"
    LATE_OR_WORN = "late_or_worn"
    CUSTOMER_FAULT = "customer_fault"
    # 物流问题
    UNREACHABLE = "unreachable"
    WRONG_ADDRESS = "wrong_address"
    LOST = "lost"
    COURIER_DAMAGED = "courier_damaged"
    # 订单变更
    CHANGE_ITEM = "change_item"
    WITHDRAW = "withdraw"
    SPECIAL_REQUEST = "special_request"

    @property
    def label(self) -> str:
        return SUB_KIND_LABELS[self]

    @property
    def kind(self) -> CaseKind:
        return next(kind for kind, subs in SUB_KINDS.items() if self in subs)


SUB_KIND_LABELS: dict[SubKind, str] = {
    SubKind.WRONG_ITEM: "错发",
    SubKind.MISSING_ITEM: "漏发/少发",
    SubKind.EXTRA_ITEM: "多发",
    SubKind.MISCOPIED: "抄错",
    SubKind.SHORT_PACKED: "少抄/少包",
    SubKind.REFUSED: "拒签",
    SubKind.SIGNED_MISSING: "签收少件",
    SubKind.CONTENTS_DAMAGED: "内件破损",
    SubKind.WITHIN_WINDOW: "签收三天内无穿着痕迹",
    SubKind.LATE_OR_WORN: "超售后期或已穿着",
    SubKind.CUSTOMER_FAULT: "客户责任",
    SubKind.UNREACHABLE: "地址无法派送/疑难件",
    SubKind.WRONG_ADDRESS: "快递错派",
    SubKind.LOST: "快递丢件",
    SubKind.COURIER_DAMAGED: "快递损坏",
    SubKind.CHANGE_ITEM: "改单/换款",
    SubKind.WITHDRAW: "撤单",
    SubKind.SPECIAL_REQUEST: "特殊要求",
}

SUB_KINDS: dict[CaseKind, tuple[SubKind, ...]] = {
    CaseKind.WRONG_SHIPMENT: (
        SubKind.WRONG_ITEM,
        SubKind.MISSING_ITEM,
        SubKind.EXTRA_ITEM,
        SubKind.MISCOPIED,
        SubKind.SHORT_PACKED,
    ),
    CaseKind.DAMAGED_PARCEL: (
        SubKind.REFUSED,
        SubKind.SIGNED_MISSING,
        SubKind.CONTENTS_DAMAGED,
    ),
    CaseKind.QUALITY: (
        SubKind.WITHIN_WINDOW,
        SubKind.LATE_OR_WORN,
        SubKind.CUSTOMER_FAULT,
    ),
    CaseKind.LOGISTICS: (
        SubKind.UNREACHABLE,
        SubKind.WRONG_ADDRESS,
        SubKind.LOST,
        SubKind.COURIER_DAMAGED,
    ),
    CaseKind.ORDER_CHANGE: (
        SubKind.CHANGE_ITEM,
        SubKind.WITHDRAW,
        SubKind.SPECIAL_REQUEST,
    ),
}


def sub_kind_belongs(kind: CaseKind, sub_kind: SubKind | None) -> bool:
    """Whether `sub_kind` is one of `kind`'s sub-kinds (no sub-kind is always allowed)."""
    return sub_kind is None or sub_kind in SUB_KINDS[kind]
