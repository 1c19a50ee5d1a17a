"""改价/补差 from any case: 黄旗 note with the agent's name, the case's money, the workbook, and
the 20-yuan limit on price cuts."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kefu_desktop.domain.errors import (
    DecisionNotOnRecord,
    PermissionDenied,
    StaleRecord,
    ValidationError,
)
from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.price_changes import PriceChange
from kefu_desktop.domain.registers import month_period
from kefu_desktop.services import cases, price_changes, registers
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store.models import ApprovalRequest, CaseEvent, PriceAdjustment
from kefu_desktop.store.settings import write_setting
from tests.conftest import Staffing

DAY = datetime(2026, 11, 29, 10, 0)


def _case(staff: Staffing, kind: CaseKind = CaseKind.QUALITY) -> cases.CaseDetail:
    return cases.create_case(staff.agent, NewCase(kind, "tb_补差", order_no="3312345678901234"))


def test_a_top_up_notes_yellow_with_the_agent_and_counts_in_the_case(staff: Staffing) -> None:
    detail = _case(staff)
    after = price_changes.record_price_change(
        staff.agent, detail.id, detail.version, PriceChange.TOP_UP, 3000, "换购高价款", DAY
    )
    assert after.note_flag == OrderFlag.YELLOW
    assert after.note_text == "改价-补差价 ¥30.00：换购高价款 小美 2026-11-29"
    assert (after.top_up_fen, after.price_cut_fen) == (3000, 0)
    again = price_changes.record_price_change(
        staff.agent, after.id, after.version, PriceChange.FREIGHT, 1200, "改发顺丰", DAY
    )
    assert again.top_up_fen == 4200
    assert again.note_text.startswith("改价-补运费 ¥12.00：改发顺丰 小美")
    listed = price_changes.price_changes_for_case(staff.agent, detail.id)
    assert [(c.change, c.amount_fen) for c in listed] == [
        (PriceChange.TOP_UP, 3000),
        (PriceChange.FREIGHT, 1200),
    ]
    assert listed[0].clipboard_text == "【黄旗】改价-补差价 ¥30.00：换购高价款 小美 2026-11-29"
    history = CaseEvent.select().where(
        (CaseEvent.case == detail.id) & (CaseEvent.action == "price_changed")
    )
    assert history.count() == 2
    assert next(iter(history)).details["changes"]["note_flag"] == [0, int(OrderFlag.YELLOW)]


def test_the_agent_cuts_at_most_20_yuan_in_all_without_the_supervisor(staff: Staffing) -> None:
    detail = _case(staff)
    detail = price_changes.record_price_change(
        staff.agent, detail.id, detail.version, PriceChange.DISCOUNT, 1500, "老客户优惠", DAY
    )
    with pytest.raises(DecisionNotOnRecord, match=r"合计 ¥25\.00，超过客服可自行决定的 20 元"):
        price_changes.record_price_change(
            staff.agent, detail.id, detail.version, PriceChange.DISCOUNT, 1000, "再优惠", DAY
        )
    unchanged = cases.get_case(detail.id)
    assert (unchanged.price_cut_fen, unchanged.version) == (1500, detail.version)
    assert PriceAdjustment.select().count() == 1
    # with the supervisor's approval of that amount on record, the agent may
    ApprovalRequest.create(
        case=detail.id, kind="compensation", amount_fen=2500, approved_fen=2500, state="approved"
    )
    done = price_changes.record_price_change(
        staff.agent, detail.id, detail.version, PriceChange.DISCOUNT, 1000, "主管同意", DAY
    )
    assert done.price_cut_fen == 2500


def test_the_supervisor_cuts_more_themselves(staff: Staffing) -> None:
    detail = _case(staff)
    done = price_changes.record_price_change(
        staff.supervisor, detail.id, detail.version, PriceChange.DISCOUNT, 5000, "质量补偿改价"
    )
    assert done.price_cut_fen == 5000 and done.note_flag == OrderFlag.YELLOW


@pytest.mark.parametrize(
    ("amount", "reason", "message"),
    [(0, "换购", "请填写金额"), (100, "  ", "请填写改价原因"), (100, "a\x07b", "控制字符")],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(
    staff: Staffing, amount: int, reason: str, message: str
) -> None:
    detail = _case(staff)
    with pytest.raises(ValidationError, match=message):
        price_changes.record_price_change(
            staff.agent, detail.id, detail.version, PriceChange.TOP_UP, amount, reason
        )
    assert cases.get_case(detail.id).version == detail.version


def test_a_stale_save_and_a_clerk_are_refused(staff: Staffing) -> None:
    detail = _case(staff)
    cases.record_first_reply(staff.agent, detail.id, detail.version)
    with pytest.raises(StaleRecord):
        price_changes.record_price_change(
            staff.agent, detail.id, detail.version, PriceChange.TOP_UP, 100, "补差"
        )
    assert PriceAdjustment.select().count() == 0
    with pytest.raises(PermissionDenied):
        price_changes.record_price_change(
            staff.warehouse, detail.id, detail.version + 1, PriceChange.TOP_UP, 100, "补差"
        )


def test_the_workbook_shows_top_ups_and_price_cuts(staff: Staffing, tmp_path: Path) -> None:
    detail = _case(staff, CaseKind.ORDER_CHANGE)
    detail = price_changes.record_price_change(
        staff.agent, detail.id, detail.version, PriceChange.TOP_UP, 2990, "换购高价款"
    )
    price_changes.record_price_change(
        staff.agent, detail.id, detail.version, PriceChange.DISCOUNT, 500, "凑整优惠"
    )
    write_setting("archive_root", str(tmp_path / "archive"))
    target = registers.export_monthly(
        staff.supervisor, month_period(date.today()), tmp_path / "月报.xlsx"
    )
    rows: list[Any] = list(load_workbook(target)["明细"].iter_rows(values_only=True))
    header = list(rows[0])
    line = rows[1]
    assert line[header.index("客户补差/补运费(元)")] == pytest.approx(29.9)
    assert line[header.index("改价优惠(元)")] == pytest.approx(5.0)
    assert line[header.index("售后类型")] == "订单变更"


def test_the_detail_pane_shows_the_money(staff: Staffing) -> None:
    from kefu_desktop.ui.cases.main_window import _detail_html

    detail = _case(staff)
    detail = price_changes.record_price_change(
        staff.agent, detail.id, detail.version, PriceChange.FREIGHT, 1000, "补运费"
    )
    page = _detail_html(detail)
    assert "客户补差/补运费 ¥10.00" in page and "黄旗" in page


def test_a_database_from_before_price_changes_and_replies_is_upgraded(staff: Staffing) -> None:
    """Back to before the time promises (version 11: no price-change columns, no replies), then migrated: the columns come
    with 0 for the cases already there, and the shop's phrases are filled in."""
    from kefu_desktop.domain.replies import STANDARD_REPLIES
    from kefu_desktop.store import migrations
    from kefu_desktop.store.models import CannedReply, Case, SchemaVersion

    detail = _case(staff)
    db = Case._meta.database
    db.execute_sql('DROP TABLE "price_adjustment"')
    db.execute_sql('DROP TABLE "canned_reply"')
    for column in ("top_up_fen", "price_cut_fen"):
        db.execute_sql(f'ALTER TABLE "case" DROP COLUMN "{column}"')
    SchemaVersion.delete().where(SchemaVersion.version > 11).execute()
    assert migrations.migrate(db) == 11
    upgraded = cases.get_case(detail.id)
    assert (upgraded.top_up_fen, upgraded.price_cut_fen) == (0, 0)
    assert CannedReply.select().count() == len(STANDARD_REPLIES)
    done = price_changes.record_price_change(
        staff.agent, detail.id, upgraded.version, PriceChange.TOP_UP, 500, "补差"
    )
    assert done.top_up_fen == 500
