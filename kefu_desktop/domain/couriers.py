"""Couriers (快递公司) and the shape of their waybill numbers (运单号)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kefu_desktop.domain.labels import mapped_label


@dataclass(frozen=True)
class Courier:
    code: str
    name: str
    waybill_pattern: str
    example: str

    def matches(self, waybill: str) -> bool:
        return re.fullmatch(self.waybill_pattern, waybill) is not None


COURIERS: tuple[Courier, ...] = (
    Courier("SF", "顺丰速运", r"SF\d{12,13}", "SF1402345678901"),
    Courier("ZTO", "中通快递", r"7[0-689]\d{10}|7[58]\d{12}", "78312345678901"),
    Courier("YTO", "圆通速递", r"YT\d{13}", "YT7512345678901"),
    Courier("STO", "申通快递", r"77\d{11}", "7731234567890"),
    Courier("YUNDA", "韵达快递", r"(30|31|32|43|46)\d{11}", "4312345678901"),
    Courier("EMS", "EMS", r"(E[A-Z]\d{9}CN|1\d{12})", "1151234567890"),
    Courier("JD", "京东物流", r"JD[A-Z0-9]{13}", "JDVA12345678901"),
    Courier("JT", "极兔速递", r"JT\d{13}", "JT0001234567890"),
    Courier("OTHER", "其他快递", r"[A-Za-z0-9-]{6,30}", "ABC123456"),
)

COURIER_BY_CODE: dict[str, Courier] = {c.code: c for c in COURIERS}
COURIER_NAMES: dict[str, str] = {c.code: c.name for c in COURIERS}


def courier_name(code: str) -> str:
    """The courier's Chinese name for a stored code ('' for none, 「未知（code）」 if unknown)."""
    return mapped_label(COURIER_NAMES, code, "courier")


def normalise_waybill(text: str) -> str:
    """What a scanner or a paste gives, cleaned: no spaces, upper-case letters, NFC."""
    return unicodedata.normalize("NFC", re.sub(r"\s+", "", text).upper())


def guess_courier(waybill: str) -> Courier | None:
    """The courier whose waybill shape fits, if exactly one named courier fits."""
    waybill = normalise_waybill(waybill)
    fits = [c for c in COURIERS if c.code != "OTHER" and c.matches(waybill)]
    return fits[0] if len(fits) == 1 else None


def waybill_problem(courier_code: str, waybill: str) -> str | None:
    """A message saying why `waybill` does not look like `courier_code`'s, or None if it does."""
    courier = COURIER_BY_CODE.get(courier_code)
    if courier is None:
        return "请选择快递公司。"
    waybill = normalise_waybill(waybill)
    if not waybill:
        return "请填写运单号（可用扫描枪扫描面单条码）。"
    if courier.matches(waybill):
        return None
    return f"运单号「{waybill}」不像{courier.name}的单号，例如 {courier.example}。请核对快递公司和单号。"
