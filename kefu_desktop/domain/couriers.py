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


# --- a pasted waybill --------------------------------------------------------------------------

COURIER_ALIASES: dict[str, tuple[str, ...]] = {
    "SF": ("顺丰",),
    "ZTO": ("中通",),
    "YTO": ("圆通",),
    "STO": ("申通",),
    "YUNDA": ("韵达",),
    "EMS": ("EMS", "邮政"),
    "JD": ("京东",),
    "JT": ("极兔", "J&T"),
}
"""How people write each courier's name in chats and order details (besides its full name)."""

# The patterns stay text: `re` compiles (and keeps) each at its first use, not at every start.
_WAYBILL_LABEL = (
    r"(?:运单号码|运单编号|运单号|快递单号|物流单号|物流编号|面单号|快递号|(?<![订后])单号)"
    r"\s*[:：]?\s*(?P<value>[A-Z0-9][A-Z0-9 \t-]*)"
)
_COURIER_LABEL = r"(?:快递公司|物流公司|承运公司|快递)\s*[:：]\s*(?P<value>\S+)"
_CHUNK = r"[A-Z0-9](?:[A-Z0-9]|[ \t-]+(?=[A-Z0-9]))*"
_NOT_A_WAYBILL = r"(?:订单|电话|手机|联系|收货人|地址|售后单|买家)[^:：]{0,6}[:：]?\s*$"
MAX_GROUPS = 8
"""A pasted number is read from at most this many space-separated groups."""


@dataclass(frozen=True)
class PastedWaybill:
    """What a pasted text holds: the cleaned waybill ('' for none) and its courier if known."""

    waybill: str
    courier: Courier | None
    sure: bool
    """The number has a named courier's shape or was labelled 运单号 in the text."""


def _named_courier(text: str) -> Courier | None:
    """The courier the text names: on a 快递公司 line first, else the name written first."""
    labelled = re.search(_COURIER_LABEL, text)
    if labelled is not None:
        found = _earliest_courier(labelled.group("value"))
        if found is not None:
            return found
    return _earliest_courier(text)


def _earliest_courier(text: str) -> Courier | None:
    places = []
    for courier in COURIERS:
        for name in (courier.name, *COURIER_ALIASES.get(courier.code, ())):
            at = text.find(name) if courier.code != "OTHER" else -1
            if at >= 0:
                places.append((at, courier.code))
    return COURIER_BY_CODE[min(places)[1]] if places else None


def _groups(chunk: str) -> list[str]:
    return [g for g in re.split(r"[\s-]+", chunk) if g]


def _shaped(groups: list[str]) -> list[str]:
    """Joins of consecutive groups that have a named courier's shape, the most groups first."""
    found: list[tuple[int, int, str]] = []
    for start in range(len(groups)):
        for end in range(start + 1, min(len(groups), start + MAX_GROUPS) + 1):
            joined = "".join(groups[start:end])
            if guess_courier(joined) is not None:
                found.append((-(end - start), start, joined))
    return [joined for _size, _start, joined in sorted(found)]


def read_pasted_waybill(text: str) -> PastedWaybill:
    """The waybill in a pasted text and its courier.

    Reads 「顺丰速运 SF1402345678901」, 「运单号：SF 1402 3456 7890 1」, full-width digits, a line
    with a trailing newline or tab, or an order's details with 快递公司 / 运单号 lines. The
    courier comes from the number's shape, or from a courier named in the text when the shape
    fits no named courier. An order number, phone number or buyer ID is not taken for one.
    """
    plain = unicodedata.normalize("NFKC", text).upper()
    named = _named_courier(plain)

    def result(waybill: str, sure: bool) -> PastedWaybill:
        courier = guess_courier(waybill) or named
        return PastedWaybill(unicodedata.normalize("NFC", waybill), courier, sure)

    for line in plain.splitlines():
        labelled = re.search(_WAYBILL_LABEL, line)
        if labelled is not None:
            groups = _groups(labelled.group("value"))
            shaped = _shaped(groups)
            return result(shaped[0] if shaped else "".join(groups), True)
    candidates: list[str] = []
    for line in plain.splitlines():
        for chunk in re.finditer(_CHUNK, line):
            if re.search(_NOT_A_WAYBILL, line[: chunk.start()]):
                continue
            groups = _groups(chunk.group())
            shaped = _shaped(groups)
            if shaped:
                return result(shaped[0], True)
            candidates += [g for g in groups if re.search(r"\d", g) and len(g) >= 6]
    if candidates and COURIER_BY_CODE["OTHER"].matches(candidates[0]):
        return result(candidates[0], False)
    return PastedWaybill("", named, False)
