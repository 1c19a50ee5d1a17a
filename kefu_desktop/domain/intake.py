"""The common intake of every wizard: who, which order, which parcel, which goods, since when."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from kefu_desktop.domain.couriers import COURIER_BY_CODE, normalise_waybill, waybill_problem
from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.text import TextKind, check_length, clean_text

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

CASE_TEXT_FIELDS: dict[str, tuple[str, TextKind]] = {
    "customer_id": ("买家ID", TextKind.IDENTIFIER),
    "order_no": ("订单号", TextKind.IDENTIFIER),
    "waybill_no": ("运单号", TextKind.IDENTIFIER),
    "courier": ("快递公司", TextKind.IDENTIFIER),
    "sku": ("款号/SKU", TextKind.IDENTIFIER),
    "colour": ("颜色", TextKind.LINE),
    "size": ("尺码", TextKind.LINE),
    "quantity": ("数量", TextKind.LINE),
    "batch": ("批次", TextKind.IDENTIFIER),
    "asked_at": ("首次咨询时间", TextKind.LINE),
    "summary": ("问题描述", TextKind.TEXT),
}
"""Label and text rule of every text a case is opened with (intake fields and the summary)."""

ASKED_AT_FORMAT = "%Y-%m-%d %H:%M"
MAX_QUANTITY = 9999

WAYBILL_REQUIRED: frozenset[CaseKind] = frozenset(
    {CaseKind.WRONG_SHIPMENT, CaseKind.DAMAGED_PARCEL, CaseKind.LOGISTICS}
)
"""Kinds whose handling needs the parcel's waybill (the warehouse checks its stub)."""


def clean_case_text(key: str, value: str, max_length: int | None = None) -> str:
    """One case text field by the text rule (waybills also normalised); `ValidationError`."""
    label, text_kind = CASE_TEXT_FIELDS[key]
    text = clean_text(value, text_kind, label, key, max_length)
    if key == "waybill_no":
        text = normalise_waybill(text)
        check_length(text, label, key, max_length)
    return text


def clean_intake(
    kind: CaseKind,
    raw: dict[str, str],
    now_local: datetime,
    max_lengths: Mapping[str, int] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """The intake as typed → cleaned answers and a problem message per field key.

    `max_lengths` gives the longest text each field's column holds.
    """
    limits = max_lengths or {}
    text: dict[str, str] = {}
    problems: dict[str, str] = {}
    for key in INTAKE_FIELDS:
        try:
            text[key] = clean_case_text(key, raw.get(key) or "", limits.get(key))
        except ValidationError as error:
            problems[key] = str(error)
            text[key] = ""
    values: dict[str, Any] = dict(text)
    if not text["customer_id"] and "customer_id" not in problems:
        problems["customer_id"] = "请填写买家ID（旺旺ID）。"
    if "order_no" not in problems:
        if not text["order_no"]:
            problems["order_no"] = "请填写订单号。"
        elif not text["order_no"].isdigit():
            problems["order_no"] = "订单号只能是数字，请从订单详情复制。"
    waybill = text["waybill_no"]
    if "waybill_no" in problems or "courier" in problems:
        pass
    elif waybill or kind in WAYBILL_REQUIRED:
        problem = waybill_problem(text["courier"], waybill)
        if problem is not None:
            key = "courier" if text["courier"] not in COURIER_BY_CODE else "waybill_no"
            problems[key] = problem
    elif text["courier"] and text["courier"] not in COURIER_BY_CODE:
        problems["courier"] = "请从列表中选择快递公司。"
    if not text["sku"] and "sku" not in problems:
        problems["sku"] = "请填写款号/SKU。"
    if "quantity" not in problems:
        quantity = text["quantity"]
        if not quantity:
            problems["quantity"] = "请填写数量。"
        elif not (quantity.isascii() and quantity.isdigit()) or not quantity.strip("0"):
            problems["quantity"] = "数量至少为 1，请填写整数。"
        elif len(quantity.lstrip("0")) > len(str(MAX_QUANTITY)) or int(quantity) > MAX_QUANTITY:
            problems["quantity"] = f"数量最多 {MAX_QUANTITY}，请核对。"
        else:
            values["quantity"] = int(quantity)
    values["asked_at"] = None
    if "asked_at" in problems:
        pass
    elif text["asked_at"]:
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
