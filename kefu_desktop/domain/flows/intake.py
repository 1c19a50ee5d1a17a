"""The common intake of every wizard: who, which order, which parcel, which goods, since when."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from kefu_desktop.domain.couriers import COURIER_BY_CODE, normalise_waybill, waybill_problem
from kefu_desktop.domain.kinds import CaseKind

INTAKE_FIELDS: tuple[str, ...] = (
    "customer_id",
    "order_no",
    "waybill_no",
    "courier",
    "sku",
    "colour",
    "size",
    "quantity",
    "batch",
    "asked_at",
)
"""Answer keys of the intake page, in tab order."""

ASKED_AT_FORMAT = "%Y-%m-%d %H:%M"
MAX_CUSTOMER_ID_LENGTH = 200

WAYBILL_REQUIRED: frozenset[CaseKind] = frozenset(
    {CaseKind.WRONG_SHIPMENT, CaseKind.DAMAGED_PARCEL}
)
"""Kinds whose handling needs the parcel's waybill (the warehouse checks its stub)."""


def clean_intake(
    kind: CaseKind, raw: dict[str, str], now_local: datetime
) -> tuple[dict[str, Any], dict[str, str]]:
    """The intake as typed → cleaned answers and a problem message per field key."""
    text = {key: (raw.get(key) or "").strip() for key in INTAKE_FIELDS}
    problems: dict[str, str] = {}
    values: dict[str, Any] = dict(text)
    if not text["customer_id"]:
        problems["customer_id"] = "请填写买家ID（旺旺ID）。"
    elif len(text["customer_id"]) > MAX_CUSTOMER_ID_LENGTH:
        problems["customer_id"] = f"买家ID过长（最多 {MAX_CUSTOMER_ID_LENGTH} 个字符），请核对。"
    if not text["order_no"]:
        problems["order_no"] = "请填写订单号。"
    elif not text["order_no"].isdigit():
        problems["order_no"] = "订单号只能是数字，请从订单详情复制。"
    waybill = normalise_waybill(text["waybill_no"])
    values["waybill_no"] = waybill
    if waybill or kind in WAYBILL_REQUIRED:
        problem = waybill_problem(text["courier"], waybill)
        if problem is not None:
            key = "courier" if text["courier"] not in COURIER_BY_CODE else "waybill_no"
            problems[key] = problem
    elif text["courier"] and text["courier"] not in COURIER_BY_CODE:
        problems["courier"] = "请从列表中选择快递公司。"
    if not text["sku"]:
        problems["sku"] = "请填写款号/SKU。"
    if not text["quantity"]:
        problems["quantity"] = "请填写数量。"
    elif not text["quantity"].isdigit() or int(text["quantity"]) < 1:
        problems["quantity"] = "数量至少为 1，请填写整数。"
    else:
        values["quantity"] = int(text["quantity"])
    values["asked_at"] = None
    if text["asked_at"]:
        try:
            asked = datetime.strptime(text["asked_at"], ASKED_AT_FORMAT)
        except ValueError:
            problems["asked_at"] = "时间格式应为 年-月-日 时:分，例如 2026-11-23 09:30。"
        else:
            if asked > now_local + timedelta(minutes=5):
                problems["asked_at"] = "客户首次咨询时间不能晚于现在，请核对。"
            else:
                values["asked_at"] = text["asked_at"]
    else:
        problems["asked_at"] = "请填写客户首次咨询的时间。"
    return values, problems
