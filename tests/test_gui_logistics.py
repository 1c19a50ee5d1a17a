"""The 物流问题 wizard driven to a saved case with a courier claim, and the 快递理赔 view working
that claim to 已赔付 and exporting its evidence pack."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.claims import ClaimState
from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.parcel_watch import WatchAction
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import claims
from kefu_desktop.store.models import CourierClaim
from kefu_desktop.ui.claims.claims_view import ClaimsView
from kefu_desktop.ui.wizards import new_case_wizard
from tests.conftest import Staffing
from tests.test_wizard_gui import answer, finish, open_wizard, to_question_pages

pytestmark = pytest.mark.gui


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "破损包裹.png"
    Image.new("RGB", (64, 48), (30, 30, 200)).save(path)
    return path


def test_lost_parcel_wizard_saves_the_case_and_opens_a_claim(
    qtbot: QtBot, sqlite_staff: Staffing, photo: Path, tmp_path: Path
) -> None:
    agent = sqlite_staff.agent
    wizard = open_wizard(qtbot, new_case_wizard(agent, CaseKind.LOGISTICS))
    assert wizard.windowTitle() == "新建售后单 — 物流问题"
    to_question_pages(qtbot, wizard, photo)
    answer(wizard, "lg_sub_kind", lg_sub_kind="lost")
    answer(wizard, "lg_lost_remedy", lg_lost_remedy="reship")
    answer(wizard, "reship_money", postage="8")
    answer(wizard, "lg_claim", claim_amount="208")
    page = wizard.outcome_page
    assert page.ui.stateLabel.text() == "已解决"
    assert (
        "快递承担" in page.ui.moneyLabel.text()
        and "向快递索赔 ¥208.00" in page.ui.moneyLabel.text()
    )
    next_text = page.ui.nextLabel.text()
    assert "延长收货时间" in next_text and "快递理赔" in next_text
    assert "登记表：查件、延长收货时间、补发" in next_text
    wizard.grab().save(str(tmp_path / "logistics-outcome.png"))
    detail = finish(qtbot, wizard)

    assert detail.state == CaseState.RESOLVED and detail.resolution == "reship"
    assert detail.note_flag == OrderFlag.BLUE and detail.postage_payer == "courier"
    assert detail.note_text.startswith("物流问题-快递丢件：")
    [claim] = claims.claims_of_case(detail.id)
    assert (claim.state, claim.claimed_fen, claim.waybill_no) == (
        ClaimState.DRAFT, 20800, "SF1402345678901")  # fmt: skip

    # the 快递理赔 view: submit, accepted, paid with the amount received; then the pack
    view = ClaimsView(agent)
    qtbot.addWidget(view)
    view.resize(1300, 680)
    view.show()
    view.loader.wait()  # the list is read off the UI thread
    assert view.table.rowCount() == 1 and view.table.item(0, 7).text() == "待提交"
    view.table.selectRow(0)
    assert view.current is not None and view.current.id == claim.id
    assert not view.move_buttons[ClaimState.PAID].isEnabled()  # no skipping
    view.move_buttons[ClaimState.SUBMITTED].click()
    view.loader.wait()
    view.move_buttons[ClaimState.ACCEPTED].click()
    view.loader.wait()
    view.received_edit.setText("200")
    view.remark_edit.setPlainText("顺丰理赔专员已确认")
    view.move_buttons[ClaimState.PAID].click()
    view.loader.wait()
    stored = CourierClaim.get_by_id(claim.id)
    assert (stored.state, stored.received_fen, stored.remark) == (
        "paid",
        20000,
        "顺丰理赔专员已确认",
    )
    assert view.table.rowCount() == 0  # settled claims leave the open list
    view.state_combo.setCurrentIndex(view.state_combo.findData("paid"))
    view.loader.wait()
    assert view.table.rowCount() == 1
    assert "顺丰速运 1 单，索赔 ¥208.00，到账 ¥200.00" in view.totals_label.text()
    view.table.selectRow(0)
    assert not view.save_button.isEnabled()  # nothing changes after 已赔付
    assert [view.history_list.item(i).text().split("  ", 2)[2]
            for i in range(view.history_list.count())][1:] == [
        "快递理赔：待提交 → 已提交", "快递理赔：已提交 → 已受理",
        "快递理赔：已受理 → 已赔付，到账 ¥200.00；备注：顺丰理赔专员已确认",
    ]  # fmt: skip
    written = view.export_pack(tmp_path / "理赔材料.zip")
    assert written is not None
    with zipfile.ZipFile(written) as archive:
        names = sorted(Path(n).name for n in archive.namelist())
    assert names == [f"{detail.case_no}_01.png", "理赔说明.xlsx"]
    view.grab().save(str(tmp_path / "claims-view.png"))


def test_a_stale_claim_save_offers_reload_and_keeps_the_typing(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kefu_desktop.services import wizard as wz
    from tests.test_wizard_service import INTAKE

    agent = sqlite_staff.agent
    draft = wz.start_draft(agent, CaseKind.LOGISTICS)
    values, _ = wz.check_intake(CaseKind.LOGISTICS, INTAKE)
    draft = wz.save_intake(agent, draft.id, values)
    answers = {"lg_sub_kind": "lost", "lg_lost_remedy": "refund", "refund": 9900, "postage": 0,
               "claim_amount": 9900}  # fmt: skip
    case_id = wz.finish(agent, draft.id, {**draft.answers, **answers}).id
    view = ClaimsView(agent)
    qtbot.addWidget(view)
    view.loader.wait()
    view.table.selectRow(0)
    [claim] = claims.claims_of_case(case_id)
    claims.move_claim(sqlite_staff.supervisor, claim.id, claim.version, ClaimState.SUBMITTED)
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "exec",
        lambda box: asked.append(box.text()) or QMessageBox.StandardButton.Cancel,
    )
    view.remark_edit.setPlainText("我写的备注")
    view.save_changes()
    assert asked and "已被" in asked[0]
    assert view.remark_edit.toPlainText() == "我写的备注"
    assert CourierClaim.get_by_id(claim.id).remark == ""


def test_the_daily_watch_records_one_click_and_the_parcel_leaves(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    from kefu_desktop.domain.states import CaseState as State
    from kefu_desktop.store.models import CaseEvent
    from kefu_desktop.ui.claims.watch_view import WatchView, tab_title
    from tests.test_parcel_watch import _old_case

    agent = sqlite_staff.agent
    stuck = _old_case(agent, 1, CaseKind.LOGISTICS, State.OPEN, "unreachable")
    _old_case(agent, 2, CaseKind.LOGISTICS, State.OPEN, "lost", days_ago=2)
    view = WatchView(agent)
    qtbot.addWidget(view)
    counts: list[int] = []
    view.count_changed.connect(counts.append)
    view.loader.wait()
    assert view.table.rowCount() == 2 and view.table.item(0, 0).text() == "SH20261101-0001"
    assert view.table.item(0, 4).text() == "物流问题-地址无法派送/疑难件"
    assert view.table.item(0, 8).text() == "3"
    view.note_edit.setText("已在卖家后台延长 5 天")
    view.action_buttons[WatchAction.RECEIPT_EXTENDED].click()
    view.loader.wait()
    assert view.table.rowCount() == 1 and counts == [2, 1]
    assert tab_title(1) == "今日跟进（1）"
    event = CaseEvent.select().where(CaseEvent.case == stuck).order_by(CaseEvent.id.desc()).get()
    assert (event.action, event.details) == ("receipt_extended", {"note": "已在卖家后台延长 5 天"})
    assert "已延长收货时间" in view.status_label.text()


def test_a_supervisor_opens_todays_follow_ups_beside_the_daily_watch(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    """The supervisor's desk has both 每日巡查 and 今日跟进: Ctrl+T opens (and re-opens) the
    parcel list in its own tab, not the daily watch."""
    from kefu_desktop.ui.cases.main_window import MainWindow
    from kefu_desktop.ui.claims.watch_view import WatchView
    from kefu_desktop.ui.supervisor.watch_view import WatchView as DailyWatch

    window = MainWindow(sqlite_staff.supervisor, "SQLite")
    qtbot.addWidget(window)
    daily = window.watch_view
    assert isinstance(daily, DailyWatch)
    for _ in range(2):  # the second time refreshes the open tab
        window.watch_action.trigger()
        window.parcel_watch_view.loader.wait()
        assert isinstance(window.view_tabs.currentWidget(), WatchView)
    assert window.watch_view is daily
    titles = [window.view_tabs.tabText(i) for i in range(window.view_tabs.count())]
    assert "每日巡查" in titles and any(t.startswith("今日跟进") for t in titles)
    daily.loader.wait()
