"""Expected parcel weight (goods + packaging) and whether a measured weight is within tolerance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.scale import MAX_WEIGHT_G, format_kg

DEFAULT_TOLERANCE_MIN_G = 50
DEFAULT_TOLERANCE_PERCENT = 5
DEFAULT_PACKAGING_G = 100
"""Carton/bag, filler and label of an ordinary parcel, until the office sets its own."""


@dataclass(frozen=True)
class Tolerance:
    """How far a measured weight may be from the expected one: the larger of `min_g` and `percent`."""

    min_g: int = DEFAULT_TOLERANCE_MIN_G
    percent: int = DEFAULT_TOLERANCE_PERCENT

    def allowed_g(self, expected_g: int) -> int:
        """The allowed difference in grams for a parcel expected to weigh `expected_g`."""
        by_percent = -(-abs(expected_g) * self.percent // 100)  # rounded up
        return max(self.min_g, by_percent)

    def describe(self) -> str:
        return f"取 {self.min_g} g 与 {self.percent}% 中较大者"


def check_tolerance(min_g: int, percent: int) -> Tolerance:
    """A tolerance from settings input; `ValidationError` when it makes no sense."""
    if min_g < 0 or min_g > 10_000:
        raise ValidationError("最小允许误差须在 0～10000 g 之间。", "tolerance_min_g")
    if percent < 0 or percent > 50:
        raise ValidationError("允许误差百分比须在 0～50% 之间。", "tolerance_percent")
    return Tolerance(min_g, percent)


def check_packaging(grams: int) -> int:
    """A packaging weight from settings input; `ValidationError` when out of range."""
    if grams < 0 or grams > 10_000:
        raise ValidationError("包装重量须在 0～10000 g 之间。", "packaging_g")
    return grams


@dataclass(frozen=True)
class GoodsLine:
    """Goods in the parcel: a product's unit weight and how many."""

    unit_weight_g: int
    quantity: int


def expected_parcel_weight(goods: Iterable[GoodsLine], packaging_g: int) -> int:
    """What the parcel should weigh: every line's unit weight × quantity, plus packaging."""
    total = packaging_g
    for line in goods:
        if line.quantity < 0 or line.unit_weight_g < 0:
            raise ValidationError("商品数量和单件重量不能为负数。")
        total += line.unit_weight_g * line.quantity
    if total > MAX_WEIGHT_G:
        raise ValidationError(f"预计重量超过 {MAX_WEIGHT_G // 1000} kg，请核对商品数量。")
    return total


@dataclass(frozen=True)
class WeightComparison:
    """Measured against expected: the difference and whether it is beyond tolerance."""

    expected_g: int
    measured_g: int
    allowed_g: int

    @property
    def difference_g(self) -> int:
        return self.measured_g - self.expected_g

    @property
    def beyond(self) -> bool:
        return abs(self.difference_g) > self.allowed_g

    def describe(self) -> str:
        """E.g. '比预计轻 0.120 kg（允许 ±0.060 kg），超出误差'."""
        diff = self.difference_g
        if diff == 0:
            head = "与预计重量一致"
        else:
            head = f"比预计{'重' if diff > 0 else '轻'} {format_kg(abs(diff))} kg"
        verdict = "超出误差" if self.beyond else "在误差内"
        return f"{head}（允许 ±{format_kg(self.allowed_g)} kg），{verdict}"


def compare_weights(expected_g: int, measured_g: int, tolerance: Tolerance) -> WeightComparison:
    """Compare a measured parcel weight with the expected one under `tolerance`."""
    return WeightComparison(expected_g, measured_g, tolerance.allowed_g(expected_g))
