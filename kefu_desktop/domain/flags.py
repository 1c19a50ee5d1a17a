"""Order memo flags (旗帜) with the platform codes the seller APIs use."""

from __future__ import annotations

from enum import IntEnum


class OrderFlag(IntEnum):
    """Value = the platform's memo-flag code (0 = no flag)."""

    NONE = 0
    RED = 1
    YELLOW = 2
    GREEN = 3
    BLUE = 4
    PURPLE = 5

    @property
    def label(self) -> str:
        return FLAG_LABELS[self]

    @property
    def colour(self) -> str:
        return FLAG_COLOURS[self]


FLAG_LABELS: dict[OrderFlag, str] = {
    OrderFlag.NONE: "无旗",
    OrderFlag.RED: "红旗",
    OrderFlag.YELLOW: "黄旗",
    OrderFlag.GREEN: "绿旗",
    OrderFlag.BLUE: "蓝旗",
    OrderFlag.PURPLE: "紫旗",
}

FLAG_COLOURS: dict[OrderFlag, str] = {
    OrderFlag.NONE: "#9e9e9e",
    OrderFlag.RED: "#e53935",
    OrderFlag.YELLOW: "#fbc02d",
    OrderFlag.GREEN: "#43a047",
    OrderFlag.BLUE: "#1e88e5",
    OrderFlag.PURPLE: "#8e24aa",
}

FLAG_USES: dict[OrderFlag, str] = {
    OrderFlag.YELLOW: "普通改价",
    OrderFlag.PURPLE: "订单未发货",
    OrderFlag.BLUE: "订单已发货",
    OrderFlag.RED: "特殊要求（如指定快递）",
    OrderFlag.GREEN: "订单可退款",
}
