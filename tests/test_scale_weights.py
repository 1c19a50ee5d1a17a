from __future__ import annotations

import pytest

from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.scale import (
    FrameProblem,
    ReadingStatus,
    ScaleDecoder,
    ScaleReading,
    format_kg,
    parse_scale_line,
    parse_weight_kg,
)
from kefu_desktop.domain.weights import (
    GoodsLine,
    Tolerance,
    check_tolerance,
    compare_weights,
    expected_parcel_weight,
)

# Lines as recorded from retail/parcel scales in continuous-output mode.
RECORDED = [
    ("ST,GS,+  1.234kg\r\n", ScaleReading(ReadingStatus.STABLE, 1234, net=False)),
    ("ST,NT,+0001.234 kg", ScaleReading(ReadingStatus.STABLE, 1234, net=True)),
    ("ST,GS,+0000.050kg", ScaleReading(ReadingStatus.STABLE, 50, net=False)),
    ("US,GS,+  1.198kg", ScaleReading(ReadingStatus.UNSTABLE, 1198, net=False)),
    ("US,NT,-  0.004kg", ScaleReading(ReadingStatus.UNSTABLE, -4, net=True)),
    ("ST,GS,+   850.0 g", ScaleReading(ReadingStatus.STABLE, 850, net=False)),
    ("ST,GS,+  2.50lb", ScaleReading(ReadingStatus.STABLE, 1134, net=False)),
    ("st,nt,+ 12.345KG", ScaleReading(ReadingStatus.STABLE, 12345, net=True)),
    ("ST,+  0.500kg", ScaleReading(ReadingStatus.STABLE, 500, net=False)),
    ("\x02ST,GS,+  1.234kg\x03", ScaleReading(ReadingStatus.STABLE, 1234, net=False)),
    ("OL,GS,+ ---.---kg", ScaleReading(ReadingStatus.OVERLOAD, None, net=False)),
    ("OL", ScaleReading(ReadingStatus.OVERLOAD, None, net=False)),
]

GARBAGE = [
    "",
    "   ",
    "\x00\xff\xfe",
    "ST,GS,",
    "ST,GS,+  1.2x4kg",
    "hello",
    "1.234kg",
    "ST,GS,+  1.234",
    "XX,GS,+  1.234kg",
    "ST,GS,+ 1.2.3kg",
    "\ufffd\ufffdST,GS,+1.0kg",
]


@pytest.mark.parametrize(("line", "expected"), RECORDED)
def test_parse_recorded_scale_lines(line: str, expected: ScaleReading) -> None:
    assert parse_scale_line(line) == expected


@pytest.mark.parametrize("line", GARBAGE)
def test_garbage_lines_give_nothing(line: str) -> None:
    assert parse_scale_line(line) is None


def test_unstable_reading_is_not_stable() -> None:
    reading = parse_scale_line("US,GS,+  1.198kg")
    assert reading is not None and not reading.stable


def test_lines_are_split_and_noise_dropped() -> None:
    decoder = ScaleDecoder()
    assert decoder.feed(b"ST,GS,+  1.2") == []
    assert decoder.feed(b"34kg\r\nUS,GS,+  0.1kg\rST,NT") == [
        ScaleReading(ReadingStatus.STABLE, 1234),
        ScaleReading(ReadingStatus.UNSTABLE, 100),
    ]
    assert decoder.feed(b",+0.5kg\n\n") == [ScaleReading(ReadingStatus.STABLE, 500, net=True)]
    assert decoder.feed(b"\xff" * 1000) == [FrameProblem.UNREADABLE]
    assert decoder.dropped_bytes == 1000
    assert decoder.feed(b"\xff\xfe\r\n") == [FrameProblem.UNREADABLE]


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("1.234", 1234),
        ("0.05", 50),
        (" 2 ", 2000),
        ("1，5", 1500),
        ("3.2kg", 3200),
        ("100", 100_000),
        ("1.2300", 1230),
    ],
)
def test_parse_weight_kg(text: str, grams: int) -> None:
    assert parse_weight_kg(text) == grams


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请填写重量"),
        ("0", "不能为 0"),
        ("0.000", "不能为 0"),
        ("-1.2", "负数"),
        ("abc", "不是数字"),
        ("1.2.3", "不是数字"),
        ("1e3", "不是数字"),
        ("nan", "不是数字"),
        ("100.001", "超过 100 kg"),
        ("1.2345", "小数点后 3 位"),
    ],
)
def test_bad_weights_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as err:
        parse_weight_kg(text)
    assert err.value.field == "weight"


def test_format_kg() -> None:
    assert format_kg(1234) == "1.234"
    assert format_kg(50) == "0.050"
    assert format_kg(-120) == "-0.120"
    assert format_kg(None) == ""


def test_expected_weight_and_tolerance() -> None:
    goods = [GoodsLine(350, 2), GoodsLine(120, 1)]
    assert expected_parcel_weight(goods, 100) == 920
    default = Tolerance()
    assert default.allowed_g(500) == 50  # 5 % is 25 g, the 50 g floor wins
    assert default.allowed_g(2000) == 100
    assert default.allowed_g(1001) == 51  # rounded up
    inside = compare_weights(2000, 2100, default)
    assert not inside.beyond and inside.difference_g == 100
    outside = compare_weights(2000, 1899, default)
    assert outside.beyond
    assert outside.describe() == "比预计轻 0.101 kg（允许 ±0.100 kg），超出误差"
    assert compare_weights(500, 500, default).describe().startswith("与预计重量一致")
    with pytest.raises(ValidationError):
        expected_parcel_weight([GoodsLine(60_000, 2)], 0)
    with pytest.raises(ValidationError):
        check_tolerance(50, 80)
