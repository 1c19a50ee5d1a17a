"""Returns: expected returns from every outcome that sends goods back, the warehouse's receipt,
unmatched parcels, and the case moving on from the receipt (后道核实, refund, exchange)."""

from __future__ import annotations

from typing import Any

import pytest

from kefu_desktop.domain.errors import (
    DecisionNotOnRecord,
    KefuError,
    NotFound,
    PermissionDenied,
    StaleRecord,
    ValidationError,
)
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.returns import (
    Condition,
    Disposition,
    ExpectedState,
    ReceiptLine,
    ReturnReason,
)
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases, returns, warehouse
from kefu_desktop.services import wizard as wz
from kefu_desktop.services.auth import User
from kefu_desktop.store.models import (
    Case,
    CaseEvent,
    ExpectedReturn,
    ReturnLine,
    ReturnReceipt,
    WizardDraft,
)
from tests.conftest import Staffing
from tests.test_wizard_service import finish, opened

GOOD = ReceiptLine(2, Condition.GOOD, Disposition.RESTOCK)
RETURN_WAYBILL = "YT9876543210123"


def _resolved(user: User, kind: CaseKind, customer: str = "tb_小王", **answers: Any) -> int:
    draft = opened(user, kind, customer_id=customer)
    return finish(user, draft, **answers).id


def _confirmed_wrong_item(staff: Staffing, remedy: str, **more: Any) -> int:
    """A wrong item the warehouse confirmed, then the remedy chosen."""
    draft = opened(staff.agent, CaseKind.WRONG_SHIPMENT)
    detail = finish(
        staff.agent,
        draft,
        ws_sub_kind="wrong_item",
        ws_photo_check="confirmed",
        request_note="核实",
        expected_weight_g=None,
    )
    check = warehouse.checks_for_case(detail.id)[0]
    warehouse.record_verdict(
        staff.warehouse,
        check.id,
        check.version,
        warehouse.Verdict(warehouse.CheckState.CONFIRMED, True, False, 900),
    )
    resumed = wz.continue_case(staff.agent, detail.id)
    return finish(staff.agent, resumed, remedy_exchange_refund=remedy, **more).id


def _back_office_case(staff: Staffing, customer: str = "tb_小王") -> int:
    draft = opened(staff.agent, CaseKind.QUALITY, customer_id=customer)
    detail = finish(
        staff.agent, draft, within_3_days="yes", worn="no", customer_fault="no", q_photos="refuses"
    )
    assert detail.state == CaseState.WAITING_RETURN
    return detail.id


def _expected(case_id: int) -> returns.ExpectedView:
    (view,) = returns.expected_for_case(case_id)
    return view


def _receive(staff: Staffing, case_id: int, *lines: ReceiptLine, **kw: Any) -> returns.ReceiptView:
    view = _expected(case_id)
    return returns.receive(
        staff.warehouse,
        view.id,
        view.version,
        kw.pop("waybill", RETURN_WAYBILL),
        lines or (() if kw.get("empty_parcel") else (GOOD,)),
        **kw,
    )


def _case(case_id: int) -> dict[str, Any]:
    return Case.select().where(Case.id == case_id).dicts().get()


# --- 1. expected returns ------------------------------------------------------------------------


def test_every_outcome_that_sends_goods_back_expects_a_return(staff: Staffing) -> None:
    exchange = _confirmed_wrong_item(staff, "exchange", postage=0)
    refund = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    refused = _resolved(
        staff.agent, CaseKind.DAMAGED_PARCEL, "tb_拒签", dp_sub_kind="refused",
        remedy_exchange_refund="refund", refund=5900, postage=0,
    )  # fmt: skip
    back_office = _back_office_case(staff, "tb_后道")
    repair = _resolved(
        staff.agent, CaseKind.QUALITY, "tb_维修", within_3_days="no", worn="yes",
        customer_fault="yes", q_goodwill="paid_repair",
    )  # fmt: skip
    reasons = {
        exchange: ReturnReason.EXCHANGE,
        refund: ReturnReason.RETURN_REFUND,
        refused: ReturnReason.REFUSED,
        back_office: ReturnReason.BACK_OFFICE,
        repair: ReturnReason.REPAIR,
    }
    for case_id, reason in reasons.items():
        view = _expected(case_id)
        assert (view.reason, view.state) == (reason, ExpectedState.EXPECTED)
        assert (view.sku, view.colour, view.size, view.quantity) == ("A123", "黑色", "M", 2)
        events = [e.action for e in cases.get_case(case_id).events]
        assert events.count("return_expected") == 1
    # nothing comes back: no expected return
    explained = _resolved(
        staff.agent, CaseKind.QUALITY, "tb_说明", within_3_days="no", worn="yes",
        customer_fault="yes", q_goodwill="explain",
    )  # fmt: skip
    assert returns.expected_for_case(explained) == []


def test_extra_goods_sent_back_and_courier_pickup_expect_returns(staff: Staffing) -> None:
    ids = {}
    for answer, reason in (("return", ReturnReason.EXTRA_RETURNED), ("keeps", None)):
        draft = opened(staff.agent, CaseKind.WRONG_SHIPMENT, customer_id=f"tb_{answer}")
        detail = finish(
            staff.agent, draft, ws_sub_kind="extra_item", ws_photo_check="confirmed",
            request_note="核实", expected_weight_g=None,
        )  # fmt: skip
        check = warehouse.checks_for_case(detail.id)[0]
        warehouse.record_verdict(
            staff.warehouse, check.id, check.version,
            warehouse.Verdict(warehouse.CheckState.CONFIRMED, True, False, 900),
        )  # fmt: skip
        resumed = wz.continue_case(staff.agent, detail.id)
        more: dict[str, Any] = {"postage": 0} if answer == "return" else {"ws_keeps_way": "pickup"}
        ids[answer] = finish(staff.agent, resumed, ws_extra_customer=answer, **more).id
        assert _expected(ids[answer]).reason == (reason or ReturnReason.COURIER_PICKUP)


def test_the_agent_adds_the_customers_return_waybill(staff: Staffing) -> None:
    case_id = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    view = _expected(case_id)
    with pytest.raises(PermissionDenied):
        returns.set_return_waybill(staff.agent2, view.id, view.version, RETURN_WAYBILL)
    saved = returns.set_return_waybill(staff.agent, view.id, view.version, " yt9876543210123 ")
    assert saved.return_waybill == RETURN_WAYBILL
    with pytest.raises(StaleRecord):
        returns.set_return_waybill(staff.agent, view.id, view.version, "YT1")
    found = returns.find_for_scan(staff.warehouse, RETURN_WAYBILL)
    assert [m.case_id for m in found.matches] == [case_id]


def test_an_outcome_that_no_longer_sends_goods_back_calls_the_return_off(
    staff: Staffing,
) -> None:
    case_id = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    detail = cases.change_state(
        staff.agent, case_id, cases.get_case(case_id).version, CaseState.OPEN
    )
    record = cases.OutcomeRecord("explained", "客户不退了，已说明")
    cases.record_outcome(staff.agent, case_id, detail.version, record, CaseState.RESOLVED)
    assert _expected(case_id).state == ExpectedState.CANCELLED
    assert cases.get_case(case_id).events[-1].action == "return_cancelled"
    assert returns.find_for_scan(staff.warehouse, "SF1402345678901").matches == ()


# --- 2. scanning and receiving ------------------------------------------------------------------


def test_scan_finds_by_original_waybill_order_number_or_customer(staff: Staffing) -> None:
    first = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    second = _back_office_case(staff)  # same customer, same order, same waybill
    for text in ("SF1402345678901", " sf 1402345678901\r", "3312345678901234", "tb_小王"):
        found = returns.find_for_scan(staff.warehouse, text)
        assert {m.case_id for m in found.matches} == {first, second}, text
        assert found.message == ""
    nothing = returns.find_for_scan(staff.warehouse, "ZZ000")
    assert nothing.matches == () and "无主件" in nothing.message


def test_receipt_of_a_refund_return_tells_the_agent_to_agree_the_refund(staff: Staffing) -> None:
    case_id = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    with pytest.raises(KefuError, match="退货尚未入库，不能同意退款"):
        returns.carry_out_after_receipt(staff.agent, case_id, cases.get_case(case_id).version)
    receipt = _receive(
        staff, case_id, ReceiptLine(1, Condition.GOOD, Disposition.RESTOCK),
        ReceiptLine(1, Condition.WORN, Disposition.SECONDS, "领口有污渍"),
    )  # fmt: skip
    assert receipt.courier == "YTO" and receipt.case_id == case_id
    assert [line.condition for line in receipt.lines] == [Condition.GOOD, Condition.WORN]
    detail = cases.get_case(case_id)
    assert detail.attention == "退货已入库，可同意退款"
    assert detail.state == CaseState.RESOLVED
    assert _expected(case_id).state == ExpectedState.RECEIVED
    assert detail.events[-1].action == "return_received"
    done = returns.carry_out_after_receipt(staff.agent, case_id, detail.version)
    assert done.attention == "" and done.events[-1].action == "agree_refund"
    with pytest.raises(KefuError, match="无需重复"):
        returns.carry_out_after_receipt(staff.agent, case_id, done.version)


def test_receipt_of_an_exchange_opens_the_exchange_shipment(staff: Staffing) -> None:
    case_id = _confirmed_wrong_item(staff, "exchange", postage=0)
    _receive(staff, case_id)
    detail = cases.get_case(case_id)
    assert detail.attention == "退货已入库，可发出换货"
    done = returns.carry_out_after_receipt(staff.agent, case_id, detail.version)
    assert done.events[-1].action == "send_exchange"


def test_back_office_check_is_answered_by_the_receipt_grading(staff: Staffing) -> None:
    defect = _back_office_case(staff, "tb_有问题")
    no_defect = _back_office_case(staff, "tb_没问题")
    with pytest.raises(KefuError, match="退货尚未入库"):
        wz.continue_case(staff.agent, defect)
    _receive(
        staff, defect, ReceiptLine(1, Condition.DEFECTIVE, Disposition.SECONDS, "开线"),
        ReceiptLine(1, Condition.GOOD, Disposition.RESTOCK),
    )  # fmt: skip
    _receive(staff, no_defect, waybill="YT1111111111111")
    for case_id, verdict, found in (
        (defect, "defect", "确认质量问题"),
        (no_defect, "no_defect", "非质量问题"),
    ):
        detail = cases.get_case(case_id)
        assert detail.state == CaseState.OPEN
        assert detail.attention == f"退货已入库，后道核实：{found}，请继续处理"
        resumed = wz.continue_case(staff.agent, case_id)
        assert resumed.answers["q_back_office"] == verdict
    resumed = wz.get_draft(staff.agent, wz.continue_case(staff.agent, defect).id)
    # the agent cannot say otherwise than the receipt
    with pytest.raises(DecisionNotOnRecord, match="退货入库为准"):
        finish(
            staff.agent, resumed, q_back_office="no_defect", q_negotiate="agreed", compensation=500
        )
    done = finish(staff.agent, resumed, serious="no", q_remedy="exchange", postage=0)
    assert done.resolution == "exchange"
    # the goods are already here: no second expected return, the exchange may go out at once
    assert [e.state for e in returns.expected_for_case(defect)] == [ExpectedState.RECEIVED]
    assert cases.get_case(defect).attention == "退货已入库，可发出换货"


def test_an_answer_before_the_receipt_is_refused(staff: Staffing) -> None:
    case_id = _back_office_case(staff)
    detail = cases.get_case(case_id)
    # a hand-made draft claiming the back office's finding before the parcel arrived
    draft = WizardDraft.create(staff=staff.agent.id, case=case_id, kind=CaseKind.QUALITY)
    answers = {
        **wz.answers_of(detail), wz.SEEN_VERSION_KEY: detail.version, "q_back_office": "defect",
        "serious": "no", "q_remedy": "exchange", "postage": 0,
    }  # fmt: skip
    before = _case(case_id)
    with pytest.raises(DecisionNotOnRecord):
        wz.finish(staff.agent, draft.id, answers)
    assert _case(case_id) == before


def test_empty_parcel_and_missing_items_flag_the_case(staff: Staffing) -> None:
    empty = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    short = _confirmed_wrong_item(staff, "exchange", postage=0)
    _receive(staff, empty, empty_parcel=True)
    _receive(
        staff, short, ReceiptLine(1, Condition.GOOD, Disposition.RESTOCK), waybill="YT2222222222222"
    )
    assert cases.get_case(empty).attention == "退回包裹为空，请联系客户核实"
    assert cases.get_case(short).attention.startswith("退货少 1 件")
    for case_id in (empty, short):
        with pytest.raises(KefuError, match="请先联系客户核实"):
            returns.carry_out_after_receipt(staff.agent, case_id, cases.get_case(case_id).version)
    back_office = _back_office_case(staff, "tb_空包")
    _receive(staff, back_office, empty_parcel=True, waybill="YT3333333333333")
    assert cases.get_case(back_office).state == CaseState.OPEN
    with pytest.raises(KefuError, match="没有可核实的商品"):
        wz.continue_case(staff.agent, back_office)


# --- unmatched parcels --------------------------------------------------------------------------


def test_unmatched_parcel_is_registered_and_matched_later(staff: Staffing) -> None:
    with pytest.raises(ValidationError, match="包裹里有什么"):
        returns.register_unmatched(staff.warehouse, "ZT7654321098765", sender="王女士")
    parcel = returns.register_unmatched(
        staff.warehouse,
        "zt7654321098765",
        courier="ZTO",
        sender="王女士",
        contents="黑色毛衣 M 两件，无单据",
    )
    assert not parcel.matched and parcel.courier == "ZTO"
    assert [p.id for p in returns.list_unmatched(staff.warehouse)] == [parcel.id]
    scanned = returns.find_for_scan(staff.warehouse, "ZT7654321098765")
    assert scanned.received is not None and "无主件" in scanned.message
    case_id = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    view = _expected(case_id)
    with pytest.raises(KefuError, match="认领到售后单后"):
        returns.add_receipt_photos(staff.warehouse, parcel.id, [])
    matched = returns.match_unmatched(
        staff.warehouse, parcel.id, parcel.version, view.id, view.version, (GOOD,)
    )
    assert matched.case_id == case_id and matched.waybill == "ZT7654321098765"
    assert returns.list_unmatched(staff.warehouse) == []
    assert cases.get_case(case_id).attention == "退货已入库，可同意退款"
    with pytest.raises(StaleRecord):
        returns.match_unmatched(
            staff.warehouse, parcel.id, parcel.version, view.id, view.version + 1, (GOOD,)
        )


def test_photos_of_an_unmatched_parcel_are_kept_and_follow_it_to_its_case(
    staff: Staffing, tmp_path: Any
) -> None:
    from PIL import Image

    from kefu_desktop.services import evidence
    from kefu_desktop.store.models import Evidence, ReturnPhoto

    photo = tmp_path / "包裹.jpg"
    Image.new("RGB", (64, 48), "blue").save(photo)
    bad = tmp_path / "说明.txt"
    bad.write_text("不是照片", encoding="utf-8")
    parcel = returns.register_unmatched(staff.warehouse, "ZT7654321098765", contents="毛衣两件")
    problems = returns.add_unmatched_photos(staff.warehouse, parcel.id, [photo, bad])
    assert problems[0] == "" and problems[1].startswith("说明.txt：")
    (kept,) = returns.unmatched_photos(parcel.id)
    assert kept.read_bytes() == photo.read_bytes()
    assert kept.parent.parent.name == "退货无主件" and kept.name == "ZT7654321098765_01.jpg"
    assert ReturnPhoto.select().count() == 1
    assert evidence.verify().unknown == []  # not an orphan of the evidence archive
    case_id = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    view = _expected(case_id)
    returns.match_unmatched(
        staff.warehouse, parcel.id, parcel.version, view.id, view.version, (GOOD,)
    )
    (added,) = Evidence.select().where(Evidence.case == case_id)
    assert added.sha256 == ReturnPhoto.get().sha256 and "tb_小王" in added.rel_path
    with pytest.raises(KefuError, match="已认领"):
        returns.add_unmatched_photos(staff.warehouse, parcel.id, [photo])


# --- 5. bad input -------------------------------------------------------------------------------


def _nothing_changed(case_id: int, before: dict[str, Any], receipts: int) -> None:
    assert _case(case_id) == before
    assert ReturnReceipt.select().count() == receipts
    assert (
        ReturnLine.select()
        .where(ReturnLine.receipt.not_in([r.id for r in ReturnReceipt.select()]))
        .count()
        == 0
    )


def test_a_waybill_scanned_twice_is_refused_and_changes_nothing(staff: Staffing) -> None:
    first = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    second = _back_office_case(staff, "tb_另一个")
    _receive(staff, first)
    before = _case(second)
    with pytest.raises(
        ValidationError, match=r"已由 老王 在 .* 登记入库（售后单 SH.*），同一包裹不能重复入库"
    ):
        _receive(staff, second)
    _nothing_changed(second, before, 1)
    assert _expected(second).state == ExpectedState.EXPECTED
    with pytest.raises(ValidationError, match="同一包裹不能重复入库"):
        returns.register_unmatched(staff.warehouse, RETURN_WAYBILL, contents="毛衣")
    again = returns.find_for_scan(staff.warehouse, RETURN_WAYBILL)
    assert again.received is not None and again.received.case_id == first


def test_more_than_expected_and_bad_lines_are_refused(staff: Staffing) -> None:
    case_id = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    before = _case(case_id)
    bad = [
        ((ReceiptLine(3, Condition.GOOD, Disposition.RESTOCK),), {}, "超过应退回的 2 件"),
        ((ReceiptLine(0, Condition.GOOD, Disposition.RESTOCK),), {}, "数量应为 1 到 999"),
        ((ReceiptLine(1, Condition.GOOD, Disposition.NONE),), {}, "请选择处理方式"),
        ((GOOD,), {"empty_parcel": True}, "空包裹"),
        ((ReceiptLine(1, Condition.MISSING, Disposition.NONE),), {}, "请登记收到的商品"),
    ]
    for lines, kw, message in bad:
        with pytest.raises(ValidationError, match=message):
            _receive(staff, case_id, *lines, **kw)
        _nothing_changed(case_id, before, 0)
    # a wrong item on top of what was expected is recorded as such, not as too many
    receipt = _receive(
        staff, case_id, GOOD, ReceiptLine(1, Condition.WRONG_ITEM, Disposition.BACK_TO_CUSTOMER)
    )
    assert receipt.missing == 0 and "不是本店/本单商品 1" in receipt.summary


@pytest.mark.parametrize("final", [CaseState.CLOSED, CaseState.CANCELLED])
def test_a_return_for_a_closed_or_cancelled_case_is_refused(
    staff: Staffing, final: CaseState
) -> None:
    case_id = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    detail = cases.get_case(case_id)
    if final == CaseState.CANCELLED:  # a resolved case is reopened before it is cancelled
        cases.change_state(staff.agent, case_id, detail.version, CaseState.OPEN)
    cases.change_state(staff.agent, case_id, cases.get_case(case_id).version, final)
    before = _case(case_id)
    found = returns.find_for_scan(staff.warehouse, detail.waybill_no)
    assert found.matches[0].case_state == final
    with pytest.raises(KefuError, match=f"已{final.label}，不能登记退货入库.*无主件"):
        _receive(staff, case_id)
    _nothing_changed(case_id, before, 0)
    assert _expected(case_id).state == ExpectedState.EXPECTED


def test_two_clerks_on_the_same_return_the_second_is_told_who(staff: Staffing) -> None:
    case_id = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    view = _expected(case_id)
    returns.receive(staff.warehouse, view.id, view.version, RETURN_WAYBILL, (GOOD,))
    before = _case(case_id)
    with pytest.raises(StaleRecord, match=r"已被 老王 在 .* 登记入库，你的输入未保存"):
        returns.receive(staff.admin, view.id, view.version, "YT5555555555555", (GOOD,))
    _nothing_changed(case_id, before, 1)


def test_only_the_warehouse_receives(staff: Staffing) -> None:
    case_id = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    view = _expected(case_id)
    with pytest.raises(PermissionDenied):
        returns.receive(staff.agent, view.id, view.version, RETURN_WAYBILL, (GOOD,))
    with pytest.raises(PermissionDenied):
        returns.find_for_scan(staff.agent, RETURN_WAYBILL)
    with pytest.raises(NotFound):
        returns.receive(staff.warehouse, 999999, 1, RETURN_WAYBILL, (GOOD,))
    assert ExpectedReturn.select().count() == 1
    assert CaseEvent.select().where(CaseEvent.action == "return_received").count() == 0


# --- 4. the month's workbook --------------------------------------------------------------------


def test_the_workbook_lists_receipts_unmatched_parcels_and_defects_by_style(
    staff: Staffing, tmp_path: Any
) -> None:
    import openpyxl

    from kefu_desktop.domain.registers import month_period
    from kefu_desktop.services import registers

    refund = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    exchange = _confirmed_wrong_item(staff, "exchange", postage=0)
    _receive(
        staff, refund, ReceiptLine(1, Condition.GOOD, Disposition.RESTOCK),
        ReceiptLine(1, Condition.DEFECTIVE, Disposition.SCRAP, "破洞"),
    )  # fmt: skip
    _receive(staff, exchange, ReceiptLine(1, Condition.WORN, Disposition.SECONDS), waybill="YT2")
    returns.register_unmatched(staff.warehouse, "ZT9", contents="白色T恤一件")
    today = cases.get_case(refund).created_at
    period = month_period(today.replace(day=1).date())
    report = registers.build_monthly_report(staff.supervisor, period)
    rows = [(r.case_no, r.quantity, r.condition, r.disposition) for r in report.receipts]
    refund_no, exchange_no = cases.get_case(refund).case_no, cases.get_case(exchange).case_no
    assert rows == [
        (refund_no, 1, "完好", "上架（回库存）"),
        (refund_no, 1, "有质量问题", "报废"),
        (exchange_no, 1, "有穿着痕迹", "次品"),
        (exchange_no, 1, "缺件（未寄回）", ""),
        ("无主件", None, "", ""),
    ]
    assert report.receipts[-1].goods == "白色T恤一件"
    (style,) = report.style_defects
    assert (style.sku, style.received, style.defective, style.worn) == ("A123", 3, 1, 1)
    target = registers.export_monthly(staff.supervisor, period, tmp_path / "月报.xlsx")
    book = openpyxl.load_workbook(target)
    sheet = book["退货入库"]
    assert [c.value for c in sheet[1]][:4] == ["入库时间", "运单号", "快递公司", "售后单号"]
    assert sheet["D6"].value == "无主件"
    totals = {r[0]: r[1] for r in sheet.iter_rows(min_row=8, values_only=True) if r[0]}
    assert totals == {
        "合计（件）": None,
        "状况：完好": 1,
        "状况：有质量问题": 1,
        "状况：有穿着痕迹": 1,
        "状况：缺件（未寄回）": 1,
        "状况：无主件（包裹）": 1,
        "处理方式：上架（回库存）": 1,
        "处理方式：报废": 1,
        "处理方式：次品": 1,
        "处理方式：无主件（包裹）": 1,
    }
    production = [r for r in book["生产反馈"].iter_rows(values_only=True) if any(r)]
    block = [r[0] for r in production].index("退货质检次品率（按款号，本期退货入库的商品）")
    assert production[block + 2][:4] == ("A123", 3, 1, pytest.approx(1 / 3))
