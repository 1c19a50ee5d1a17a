"""Money as integer fen (分): parsing what people type and showing yuan."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from kefu_desktop.domain.errors import ValidationError

AGENT_COMPENSATION_LIMIT_FEN = 2000
"""By default an agent may grant up to 20 yuan alone; above that needs the supervisor.
The office may set another limit (an office setting); the rules take it as `limit_fen`."""

AGENT_LIMIT_MAX_FEN = 100_000
"""The highest limit an office may give its agents (1,000 yuan): above it is a typing slip."""

_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")


def parse_yuan(text: str, field: str | None = None) -> int:
    """Parse an amount typed in yuan ('12', '12.5', '¥12.50') into fen.

    Raises `ValidationError` for negatives, more than two decimals or non-numbers.
    """
    cleaned = text.strip().replace("¥", "").replace("￥", "").replace(",", "").replace("元", "")
    cleaned = cleaned.strip()
    if not cleaned:
        return 0
    if cleaned.startswith("-"):
        raise ValidationError("金额不能为负数，请输入 0 或正数。", field)
    if not _AMOUNT.match(cleaned):
        if re.match(r"^\d+\.\d{3,}$", cleaned):
            raise ValidationError("金额最多两位小数（精确到分），例如 12.50。", field)
        raise ValidationError(f"「{text.strip()}」不是有效金额，请输入数字，例如 12.50。", field)
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise ValidationError(f"「{text.strip()}」不是有效金额。", field) from exc
    fen = int(value * 100)
    if fen > 100_000_000:
        raise ValidationError("金额过大（超过一百万元），请核对后重新输入。", field)
    return fen


def format_yuan(fen: int) -> str:
    """Show fen as yuan with two decimals: 1250 → '12.50'."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def limit_text(fen: int) -> str:
    """An amount as people say a limit: 2000 → '20 元', 2050 → '20.50 元'."""
    return f"{fen // 100} 元" if fen % 100 == 0 else f"{format_yuan(fen)} 元"


def check_agent_limit(fen: object) -> int:
    """The agent's compensation limit as given, or `ValidationError` saying what is wrong."""
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise ValidationError("客服补偿权限须精确到分，例如 20 或 35.50。", "agent_limit")
    if fen <= 0:
        raise ValidationError(
            "客服补偿权限须大于 0 元（不想让客服自行补偿时，请设为 0.01 元）。", "agent_limit"
        )
    if fen > AGENT_LIMIT_MAX_FEN:
        raise ValidationError(
            f"客服补偿权限最多 {limit_text(AGENT_LIMIT_MAX_FEN)}（现在 {limit_text(fen)}），"
            "请核对后重新输入。",
            "agent_limit",
        )
    return fen


def needs_supervisor(compensation_fen: int, *, limit_fen: int) -> bool:
    """Whether granting this much discount/compensation needs the supervisor's approval, when an
    agent may grant up to `limit_fen` alone (the office's setting)."""
    return compensation_fen > limit_fen


def compensation_covered(
    compensation_fen: int, approved_fen: Iterable[int], *, limit_fen: int
) -> bool:
    """Whether an agent may record `compensation_fen`: within the limit, or an approval on record
    (a supervisor's approval or decision) for at least that amount."""
    if not needs_supervisor(compensation_fen, limit_fen=limit_fen):
        return True
    return any(amount >= compensation_fen for amount in approved_fen)
