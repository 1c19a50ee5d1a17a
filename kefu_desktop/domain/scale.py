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


class ScaleFormat(StrEnum):
    """What a scale sends on its port; AUTO recognises it from the data."""

    AUTO = "auto"
    LINES = "lines"
    XK3190_TF0 = "xk3190_tf0"
    XK3190_TF1 = "xk3190_tf1"
    XK3190_TF2 = "xk3190_tf2"

    @property
    def label(self) -> str:
        return _FORMAT_LABELS[self]


_FORMAT_LABELS = {
    ScaleFormat.AUTO: "自动识别",
    ScaleFormat.LINES: "文本行（ST/US/OL,GS/NT,…kg）",
    ScaleFormat.XK3190_TF0: "耀华 XK3190 tf=0（带校验）",
    ScaleFormat.XK3190_TF1: "耀华 XK3190 tf=1（=倒序）",
    ScaleFormat.XK3190_TF2: "耀华 XK3190 tf=2（=正序）",
}


class SerialParity(StrEnum):
    """The parity bit of the scale's serial line."""

    NONE = "none"
    EVEN = "even"
    ODD = "odd"

    @property
    def label(self) -> str:
        return {"none": "无校验（N）", "even": "偶校验（E）", "odd": "奇校验（O）"}[self.value]


class FrameProblem(StrEnum):
    """Data from the scale that gives no weight; the desk says which and waits for the next."""

    UNREADABLE = "unreadable"
    BAD_CHECKSUM = "bad_checksum"
    TORN = "torn"
    AMBIGUOUS = "ambiguous"

    @property
    def label(self) -> str:
        return _PROBLEM_LABELS[self]


_PROBLEM_LABELS = {
    FrameProblem.UNREADABLE: "收到无法识别的数据",
    FrameProblem.BAD_CHECKSUM: "数据校验错误（线路干扰，或波特率/校验位/数据位设置不对）",
    FrameProblem.TORN: "收到不完整的数据帧",
    FrameProblem.AMBIGUOUS: (
        "正在识别电子秤的输出格式（tf=1 还是 tf=2）：请清空秤盘再放上包裹，或在「仓库设置」中选定格式"
    ),
}

STX, ETX = 0x02, 0x03
TF0_FRAME_BYTES = 12
"""XK3190 tf=0: STX, sign, 6 digits, decimal count, XOR as two hex characters, ETX."""
EQ_FRAME_CHARS = 7
"""XK3190 tf=1/tf=2: '=' and the 7 display characters (6 digits and the decimal point)."""
SAME_FRAMES_FOR_STABLE = 5
"""XK3190 frames carry no stability flag: the same weight this many frames in a row is stable."""

_LINE_ENDS = b"\r\n"
_FILLER = b"\r\n\x00\x03 "
_EQ_BODY = re.compile(r"^[-+]?[0-9.]+$|^[0-9.]+[-+]$")


class ScaleDecoder:
    """Bytes from the port in, readings and problems out, for every format in `ScaleFormat`.

    Text lines end with CR/LF; XK3190 frames come back to back without line ends. With
    `ScaleFormat.AUTO` each frame is recognised by its first byte, and tf=1 is told from tf=2
    by the display's leading zeros (remembered once known). Readings from formats without a
    stability flag are stable after `SAME_FRAMES_FOR_STABLE` equal frames.
    """

    def __init__(self, scale_format: ScaleFormat = ScaleFormat.AUTO) -> None:
        self.format = scale_format
        self.detected: ScaleFormat | None = (
            None if scale_format == ScaleFormat.AUTO else scale_format
        )
        self._pending = b""
        self._same_grams: int | None = None
        self._same_count = 0
        self.dropped_bytes = 0

    def reset(self) -> None:
        """Forget partial data and the recognised format (a new connection)."""
        self._pending = b""
        self._same_grams, self._same_count = None, 0
        if self.format == ScaleFormat.AUTO:
            self.detected = None

    def feed(self, data: bytes) -> list[ScaleReading | FrameProblem]:
        """Everything complete in what has arrived so far; a partial frame waits for more."""
        buf = self._pending + data
        out: list[ScaleReading | FrameProblem] = []
        pos = 0
        while pos < len(buf):
            byte = buf[pos]
            if byte in _FILLER:
                pos += 1
                continue
            if byte == STX and pos + 1 < len(buf) and buf[pos + 1] in b"+-":
                used = self._tf0(buf, pos, out)
            elif byte == STX and pos + 1 == len(buf):
                used = 0
            elif byte == ord("="):
                used = self._eq(buf, pos, out)
            else:
                used = self._line(buf, pos, out)
            if used == 0:
                break
            pos += used
        self._pending = buf[pos:]
        return out

    # --- one frame each: the bytes used (0 = wait for more) ---

    def _tf0(self, buf: bytes, pos: int, out: list[ScaleReading | FrameProblem]) -> int:
        frame = buf[pos : pos + TF0_FRAME_BYTES]
        cut = _next_start(frame, 1)
        if cut is not None:
            out.append(FrameProblem.TORN)
            return cut
        if len(frame) < TF0_FRAME_BYTES:
            return 0
        if frame[-1] != ETX:
            out.append(FrameProblem.TORN)
            return 1
        self._emit(self._decode_tf0(frame), ScaleFormat.XK3190_TF0, out)
        return TF0_FRAME_BYTES

    def _decode_tf0(self, frame: bytes) -> ScaleReading | FrameProblem:
        body, check = frame[1:9], frame[9:11]
        digits, decimals = body[1:7], body[7:8]
        if not (digits.isdigit() and decimals.isdigit()):
            return FrameProblem.UNREADABLE
        xor = 0
        for value in body:
            xor ^= value
        if check.upper() != f"{xor:02X}".encode():
            return FrameProblem.BAD_CHECKSUM
        grams = _kg_digits_to_grams(digits.decode(), int(decimals))
        return ScaleReading(ReadingStatus.UNSTABLE, -grams if body[0:1] == b"-" else grams)

    def _eq(self, buf: bytes, pos: int, out: list[ScaleReading | FrameProblem]) -> int:
        end = pos + 1
        while (
            end < len(buf)
            and end - pos - 1 < EQ_FRAME_CHARS
            and _next_start(buf[end : end + 1], 0) is None
        ):
            end += 1
        body = buf[pos + 1 : end]
        complete = len(body) == EQ_FRAME_CHARS or end < len(buf)
        if not complete:
            return 0
        if len(body) < EQ_FRAME_CHARS - 1:
            out.append(FrameProblem.TORN)
            return end - pos
        self._emit(self._decode_eq(body.decode("ascii", errors="replace")), None, out)
        return end - pos

    def _decode_eq(self, body: str) -> ScaleReading | FrameProblem:
        if not _EQ_BODY.match(body) or body.count(".") > 1:
            return FrameProblem.UNREADABLE
        forward, backward = body, body[::-1]
        scale_format = self.detected
        if scale_format not in (ScaleFormat.XK3190_TF1, ScaleFormat.XK3190_TF2):
            if scale_format is not None:
                return FrameProblem.UNREADABLE
            as_tf2, as_tf1 = _display_value(forward), _display_value(backward)
            if as_tf1 is None and as_tf2 is None:
                return FrameProblem.UNREADABLE
            if as_tf1 == as_tf2:
                return ScaleReading(ReadingStatus.UNSTABLE, as_tf1)
            scale_format = _likelier_orientation(forward, backward)
            if scale_format is None:
                return FrameProblem.AMBIGUOUS
            self.detected = scale_format
        text = backward if scale_format == ScaleFormat.XK3190_TF1 else forward
        grams = _display_value(text)
        if grams is None:
            return FrameProblem.UNREADABLE
        return ScaleReading(ReadingStatus.UNSTABLE, grams)

    def _line(self, buf: bytes, pos: int, out: list[ScaleReading | FrameProblem]) -> int:
        end = pos
        while end < len(buf) and buf[end] not in _LINE_ENDS and buf[end] != ord("="):
            if buf[end] == STX and end > pos:
                break
            end += 1
        if end == len(buf):
            if end - pos > MAX_LINE_BYTES:
                self.dropped_bytes += end - pos
                out.append(FrameProblem.UNREADABLE)
                return end - pos
            return 0
        raw = buf[pos:end]
        if len(raw) > MAX_LINE_BYTES:
            self.dropped_bytes += len(raw)
            out.append(FrameProblem.UNREADABLE)
            return end - pos
        if buf[end] not in _LINE_ENDS:  # a frame starts before the line ended
            out.append(FrameProblem.TORN if len(raw) < TF0_FRAME_BYTES else FrameProblem.UNREADABLE)
            return end - pos
        parsed = parse_scale_line(raw.decode("ascii", errors="replace"))
        if parsed is None or self.detected not in (None, ScaleFormat.LINES):
            out.append(FrameProblem.UNREADABLE)
        else:
            if self.format == ScaleFormat.AUTO:
                self.detected = ScaleFormat.LINES
            self._same_grams, self._same_count = None, 0
            out.append(parsed)
        return end - pos

    def _emit(
        self,
        decoded: ScaleReading | FrameProblem,
        scale_format: ScaleFormat | None,
        out: list[ScaleReading | FrameProblem],
    ) -> None:
        if scale_format is not None and self.detected not in (None, scale_format):
            decoded = FrameProblem.UNREADABLE
        if isinstance(decoded, FrameProblem):
            self._same_grams, self._same_count = None, 0
            out.append(decoded)
            return
        if scale_format is not None and self.format == ScaleFormat.AUTO:
            self.detected = scale_format
        if decoded.grams == self._same_grams:
            self._same_count += 1
        else:
            self._same_grams, self._same_count = decoded.grams, 1
        stable = self._same_count >= SAME_FRAMES_FOR_STABLE
        out.append(
            ScaleReading(ReadingStatus.STABLE if stable else ReadingStatus.UNSTABLE, decoded.grams)
        )


def _next_start(data: bytes, start: int) -> int | None:
    """Where the next frame or line begins in `data` (STX, '=' or a line end), if anywhere."""
    for index in range(start, len(data)):
        if data[index] in (STX, ord("=")) or data[index] in _LINE_ENDS:
            return index
    return None


def _kg_digits_to_grams(digits: str, decimals: int) -> int:
    kg = Decimal(int(digits)).scaleb(-decimals)
    return int((kg * 1000).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def _display_value(text: str) -> int | None:
    """Grams shown by an XK3190 display text such as '0012.34', '-001.25' or '001005'."""
    sign = 1
    if text[:1] in "+-":
        sign, text = (-1 if text[0] == "-" else 1), text[1:]
    if (
        not text
        or text.startswith(".")
        or text.endswith(".")
        or not text.replace(".", "").isdigit()
    ):
        return None
    if "-" in text or "+" in text:
        return None
    whole, _dot, fraction = text.partition(".")
    return sign * _kg_digits_to_grams(whole + fraction, len(fraction))


def _likelier_orientation(forward: str, backward: str) -> ScaleFormat | None:
    """tf=1 or tf=2 for an '=' frame read both ways, None while it cannot be told.

    The display pads a weight with leading zeros, so the way with more of them is the display's
    order ('=5.00100' is 100.5 in tf=1; '=000.450' is 0.45 in tf=2).
    """
    zeros_tf2, zeros_tf1 = _leading_zeros(forward), _leading_zeros(backward)
    if zeros_tf1 == zeros_tf2:
        return None
    return ScaleFormat.XK3190_TF1 if zeros_tf1 > zeros_tf2 else ScaleFormat.XK3190_TF2


def _leading_zeros(text: str) -> int:
    """The zeros a display text starts with, after any sign: '000.450' → 3."""
    digits = text.lstrip("+-")
    return len(digits) - len(digits.lstrip("0"))


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
