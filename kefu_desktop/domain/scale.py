"""Parcel weights: what the clerk types (kg) and what an electronic scale sends on its port."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from kefu_desktop.domain.errors import ValidationError

MAX_WEIGHT_G = 100_000
"""The heaviest parcel the desk accepts (100 kg); anything above is a typing or scale error."""

GRAMS_PER_LB = Decimal("453.59237")
MAX_LINE_BYTES = 256
"""A scale line is short; a longer run without a line end is noise and is dropped."""


class ReadingStatus(StrEnum):
    STABLE = "stable"
    UNSTABLE = "unstable"
    OVERLOAD = "overload"


@dataclass(frozen=True)
class ScaleReading:
    """One line from the scale: stable/unstable/overload, gross or net, weight in grams."""

    status: ReadingStatus
    grams: int | None
    net: bool = False

    @property
    def stable(self) -> bool:
        return self.status == ReadingStatus.STABLE


_LINE = re.compile(
    r"""^(?P<status>ST|US)\s*,?\s*
        (?:(?P<mode>GS|NT|TR|GW|NW|G|N|T)\s*,?\s*)?
        (?P<sign>[+-])?\s*
        (?P<number>\d+(?:\.\d*)?|\.\d+)?\s*
        (?P<unit>kg|g|lbs?)?$""",
    re.IGNORECASE | re.VERBOSE,
)
_OVERLOAD = re.compile(r"^OL(?:\s*,\s*(?P<mode>GS|NT|GW|NW)\b.*|\s*)$", re.IGNORECASE)
_NET = ("NT", "NW", "N")
_UNIT_GRAMS = {"kg": Decimal(1000), "g": Decimal(1), "lb": GRAMS_PER_LB, "lbs": GRAMS_PER_LB}


def parse_scale_line(line: str) -> ScaleReading | None:
    """The reading in one line of a scale's continuous output, None for anything else.

    Understands the common `ST,GS,+  1.234kg` / `ST,NT,+0001.234 kg` / `US,GS,...` /
    `OL,GS,...` formats with kg, g or lb units.
    """
    text = line.strip().strip("\x00\x02\x03").strip()
    overload = _OVERLOAD.match(text)
    if overload is not None:
        return ScaleReading(ReadingStatus.OVERLOAD, None, (overload["mode"] or "").upper() in _NET)
    match = _LINE.match(text)
    if match is None:
        return None
    status_code = match["status"].upper()
    mode = (match["mode"] or "GS").upper()
    net = mode in _NET
    if match["number"] is None or match["unit"] is None:
        return None
    grams = Decimal(match["number"]) * _UNIT_GRAMS[match["unit"].lower()]
    if match["sign"] == "-":
        grams = -grams
    status = ReadingStatus.STABLE if status_code == "ST" else ReadingStatus.UNSTABLE
    return ScaleReading(status, int(grams.quantize(Decimal(1), rounding="ROUND_HALF_UP")), net)


class ScaleLineBuffer:
    """Bytes from the port in, complete lines out (CR, LF or CRLF ends a line)."""

    def __init__(self) -> None:
        self._pending = b""
        self.dropped_bytes = 0

    def feed(self, data: bytes) -> list[str]:
        """The complete lines in what has arrived so far; a partial line waits for more."""
        parts = re.split(rb"\r\n|\r|\n", self._pending + data)
        self._pending = parts.pop()
        if len(self._pending) > MAX_LINE_BYTES:
            self.dropped_bytes += len(self._pending)
            self._pending = b""
        lines = []
        for raw in parts:
            if not raw:
                continue
            if len(raw) > MAX_LINE_BYTES:
                self.dropped_bytes += len(raw)
                continue
            lines.append(raw.decode("ascii", errors="replace"))
        return lines

    def reset(self) -> None:
        self._pending = b""


def check_weight_g(grams: int) -> int:
    """`grams` if it is a weight a parcel can have; `ValidationError` saying why not otherwise."""
    if grams == 0:
        raise ValidationError("重量不能为 0，请把包裹放上秤或重新输入。", "weight")
    if grams < 0:
        raise ValidationError("重量不能是负数；电子秤请先去皮/归零后再称。", "weight")
    if grams > MAX_WEIGHT_G:
        raise ValidationError(
            f"重量超过 {MAX_WEIGHT_G // 1000} kg，请核对（单位是千克，如 1.234）。", "weight"
        )
    return grams


def parse_weight_kg(text: str) -> int:
    """The weight typed by hand in kg (up to 3 decimals) as integer grams.

    Raises `ValidationError` (field "weight") for empty, not a number, too many decimals,
    0, negative or over 100 kg.
    """
    cleaned = text.strip().replace("，", ".").replace("。", ".").replace(",", ".")
    cleaned = re.sub(r"\s*(kg|KG|Kg|千克|公斤)$", "", cleaned)
    if not cleaned:
        raise ValidationError("请填写重量（千克，如 1.234）。", "weight")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise ValidationError(f"「{text.strip()}」不是数字，请输入千克数，如 1.234。", "weight")
    try:
        kg = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above rules this out
        raise ValidationError(f"「{text.strip()}」不是数字。", "weight") from exc
    exponent = kg.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -3 and kg != kg.quantize(Decimal("0.001")):
        raise ValidationError("重量最多精确到克（小数点后 3 位），如 1.234。", "weight")
    return check_weight_g(int(kg * 1000))


def format_kg(grams: int | None) -> str:
    """Grams as kg with 3 decimals ('' for none): 1234 → '1.234'."""
    if grams is None:
        return ""
    sign = "-" if grams < 0 else ""
    grams = abs(grams)
    return f"{sign}{grams // 1000}.{grams % 1000:03d}"
