"""Price changes after-sales causes (改价/补差): what the customer pays on top, or a lower price.

Every price change is noted with the agent's name and the 黄旗 (ordinary price change). A lower
price is a discount: the agent's 20-yuan limit applies to it as to every compensation.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.money import format_yuan
from kefu_desktop.domain.order_notes import OrderNote, compose_note

MAX_REASON_LENGTH = 200
"""Longest reason of a price change (it goes into the order note)."""


class PriceChange(StrEnum):
    TOP_UP = "top_up"
    """补差价: the customer pays the difference, e.g. an exchange for a dearer item."""
    FREIGHT = "freight"
    """补运费: the customer pays extra freight."""
    DISCOUNT = "discount"
    """改价优惠: the price is lowered for the customer."""

    @property
    def label(self) -> str:
        return PRICE_CHANGE_LABELS[self]

    @property
    def customer_pays(self) -> bool:
        """Whether the customer pays the amount to the shop (a top-up), not the other way."""
        return self != PriceChange.DISCOUNT


PRICE_CHANGE_LABELS: dict[PriceChange, str] = {
    PriceChange.TOP_UP: "补差价",
    PriceChange.FREIGHT: "补运费",
    PriceChange.DISCOUNT: "改价优惠",
}

PRICE_CHANGE_FLAG = OrderFlag.YELLOW
"""The flag of an ordinary price change (黄旗)."""


def price_change_note(
    change: PriceChange, amount_fen: int, reason: str, agent_name: str, day: date
) -> OrderNote:
    """The order note of a price change: '改价-补差价 ¥30.00：<reason> <agent> <date>', 黄旗."""
    return compose_note(
        f"改价-{change.label} ¥{format_yuan(amount_fen)}：{reason}",
        agent_name,
        day,
        PRICE_CHANGE_FLAG,
    )
