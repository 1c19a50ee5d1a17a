"""A pasted waybill is read out of whatever came with it: the courier's name, a 运单号 label,
spaces between digit groups, full-width digits, a trailing newline, an order's whole details."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kefu_desktop.domain.couriers import COURIER_BY_CODE, COURIERS, read_pasted_waybill

NAMED = [c for c in COURIERS if c.code != "OTHER"]

ORDER_DETAILS = """订单编号：3312345678901234
买家：tb_小王
收货人：张三 13800000000
收货地址：浙江省杭州市西湖区文三路 100 号
快递公司：中通快递
运单号：78312345678901
发货时间：2026-11-20 14:03"""


@pytest.mark.parametrize(
    ("pasted", "waybill", "courier"),
    [
        ("顺丰速运 SF1402345678901", "SF1402345678901", "SF"),
        ("运单号：SF 1402 3456 7890 1", "SF1402345678901", "SF"),
        ("运单号:SF1402345678901", "SF1402345678901", "SF"),
        ("SF1402345678901\n", "SF1402345678901", "SF"),
        ("SF1402345678901\t", "SF1402345678901", "SF"),
        ("  sf1402345678901\r\n", "SF1402345678901", "SF"),
        ("ＳＦ１４０２３４５６７８９０１", "SF1402345678901", "SF"),
        ("运单号：ＳＦ　１４０２　３４５６　７８９０　１", "SF1402345678901", "SF"),
        (ORDER_DETAILS, "78312345678901", "ZTO"),
        ("中通 78312345678901 手机 13800000000", "78312345678901", "ZTO"),
        ("申通快递：773 1234 5678 90", "7731234567890", "STO"),
        ("EMS 1151234567890", "1151234567890", "EMS"),
        ("邮政EA123456789CN", "EA123456789CN", "EMS"),
        ("【京东物流】JDVA12345678901 已签收", "JDVA12345678901", "JD"),
        ("极兔速递 JT0001234567890", "JT0001234567890", "JT"),
        ("圆通速递YT7512345678901", "YT7512345678901", "YTO"),
        ("SF-1402-3456-7890-1", "SF1402345678901", "SF"),
    ],
)
def test_pasted_shapes(pasted: str, waybill: str, courier: str) -> None:
    found = read_pasted_waybill(pasted)
    assert found.waybill == waybill
    assert found.courier is not None and found.courier.code == courier
    assert found.sure


@pytest.mark.parametrize(
    ("pasted", "waybill", "courier"),
    [
        # a shape no named courier has: the courier named in the text is taken
        ("韵达 1234567890123456", "1234567890123456", "YUNDA"),
        ("快递公司：韵达快递\n运单号：9876543210987", "9876543210987", "YUNDA"),
        ("快递公司：顺丰速运\n快递单号：SF12345", "SF12345", "SF"),
    ],
)
def test_ambiguous_shapes_take_the_named_courier(pasted: str, waybill: str, courier: str) -> None:
    found = read_pasted_waybill(pasted)
    assert found.waybill == waybill
    assert found.courier == COURIER_BY_CODE[courier]


def test_the_shape_wins_over_a_name_that_disagrees() -> None:
    found = read_pasted_waybill("圆通 SF1402345678901")
    assert found.waybill == "SF1402345678901" and found.courier == COURIER_BY_CODE["SF"]


@pytest.mark.parametrize(
    "pasted",
    [
        "tb_小王",
        "订单号：3312345678901234",
        "手机：13800000000",
        "顺丰",
        "",
        "   \n",
        "售后单号：SH20261123-0001",
    ],
)
def test_texts_without_a_waybill(pasted: str) -> None:
    assert read_pasted_waybill(pasted).waybill == ""


def test_an_unknown_shape_alone_is_kept_but_not_sure() -> None:
    found = read_pasted_waybill("ABC123456\n")
    assert found.waybill == "ABC123456" and found.courier is None and not found.sure


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(
    courier=st.sampled_from(NAMED),
    prefix=st.sampled_from(["", "运单号：", "快递单号:", "物流单号 ", "单号：", "麻烦查一下 "]),
    name=st.booleans(),
    split=st.lists(st.integers(min_value=1, max_value=5), max_size=4),
    wide=st.booleans(),
    tail=st.sampled_from(["", "\n", "\t", " \r\n", "，谢谢", "\n收货人：张三 13800000000"]),
)
def test_any_wrapping_of_a_named_courier_waybill(
    courier: object, prefix: str, name: bool, split: list[int], wide: bool, tail: str
) -> None:
    assert courier in NAMED
    waybill = courier.example  # type: ignore[attr-defined]
    groups, rest = [], waybill
    for size in split:  # spaces between digit groups, as people copy them from a label
        if len(rest) > size:
            groups.append(rest[:size])
            rest = rest[size:]
    spaced = " ".join([*groups, rest])
    text = (courier.name + " " if name else "") + prefix + spaced  # type: ignore[attr-defined]
    if wide:
        text = _full_width(text)
    found = read_pasted_waybill(text + tail)
    assert found.waybill == waybill
    assert found.courier == courier
