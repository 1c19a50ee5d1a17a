"""The real wizards driven from intake to a saved case; kill-and-resume; validation beside fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases, evidence, warehouse
from kefu_desktop.services import wizard as wizard_service
from kefu_desktop.store.models import ApprovalRequest, Evidence, WarehouseCheck, WizardDraft
from kefu_desktop.ui.wizards import (
    CaseWizard,
    continue_case_wizard,
    new_case_wizard,
    wizard_for_draft,
)
from kefu_desktop.ui.wizards.case_wizard import EVIDENCE_ID, INTAKE_ID, OUTCOME_ID
from kefu_desktop.ui.wizards.pages import IntakePage, QuestionPage
from tests.conftest import Staffing

pytestmark = pytest.mark.gui


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "微信图片_01.png"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(path)
    return path


def open_wizard(qtbot: QtBot, wizard: CaseWizard) -> CaseWizard:
    qtbot.addWidget(wizard, before_close_func=lambda w: w.hide())  # no close prompt
    wizard.show()
    return wizard


def fill_intake(qtbot: QtBot, wizard: CaseWizard, **change: str) -> None:
    ui = wizard.intake_page.ui
    values = {
        "customer": "tb_小王",
        "order": "3312345678901234",
        "waybill": "SF1402345678901",
        "sku": "A123",
        "colour": "黑色",
        "size": "M",
        "batch": "B2611",
        **change,
    }
    for key, text in values.items():
        edit = getattr(ui, f"{key}Edit")
        edit.clear()
        if text.isascii():
            qtbot.keyClicks(edit, text)  # typed, as a scanner or the keyboard does
        else:
            edit.setText(text)  # pasted from the chat window
    ui.askedAtEdit.setDateTime(ui.askedAtEdit.dateTime().addSecs(-600))


def answer(wizard: CaseWizard, step_id: str, **values: str) -> None:
    page = wizard.currentPage()
    assert isinstance(page, QuestionPage) and page.step_id == step_id, getattr(
        page, "step_id", page
    )
    for key, value in values.items():
        if key in page.groups:
            page.choose(key, value)
        else:
            page.edits[key].setText(value)
    wizard.next()


def to_question_pages(qtbot: QtBot, wizard: CaseWizard, photo: Path | None) -> None:
    fill_intake(qtbot, wizard)
    wizard.next()
    assert wizard.currentId() == EVIDENCE_ID
    if photo is not None:
        wizard.gallery.add_paths([photo])
        assert wizard.gallery.wait_idle()
    wizard.next()


def finish(qtbot: QtBot, wizard: CaseWizard) -> cases.CaseDetail:
    assert wizard.currentId() == OUTCOME_ID
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.saved_case is not None
    return cases.get_case(wizard.saved_case.id)


def test_wrong_shipment_from_intake_to_warehouse_and_on_to_exchange(
    qtbot: QtBot, sqlite_staff: Staffing, photo: Path
) -> None:
    agent = sqlite_staff.agent
    wizard = open_wizard(qtbot, new_case_wizard(agent, CaseKind.WRONG_SHIPMENT))
    assert wizard.intake_page.ui.courierCombo.currentData() == ""
    to_question_pages(qtbot, wizard, photo)
    assert wizard.intake_page.ui.courierCombo.currentData() == "SF"  # guessed from the waybill
    answer(wizard, "ws_sub_kind", ws_sub_kind="wrong_item")
    answer(wizard, "ws_photo_check", ws_photo_check="confirmed")
    answer(
        wizard, "warehouse_request", request_note="客户收到白色，订单黑色", expected_weight_g="850"
    )
    page = wizard.outcome_page
    assert page.ui.stateLabel.text() == "待仓库核实"
    page.ui.copyButton.click()
    assert QGuiApplication.clipboard().text().startswith("【蓝旗】发错货-错发：图片核实属实")
    detail = finish(qtbot, wizard)

    assert detail.state == CaseState.WAITING_WAREHOUSE
    assert detail.note_flag == OrderFlag.BLUE
    assert detail.note_text == page.ui.noteEdit.toPlainText()
    assert "小美" in detail.note_text
    check = WarehouseCheck.get(WarehouseCheck.case == detail.id)
    assert (check.state, check.request_note, check.expected_weight_g) == (
        "pending",
        "客户收到白色，订单黑色",
        850,
    )
    rows = list(Evidence.select().where(Evidence.case == detail.id))
    assert len(rows) == 1 and rows[0].original_name == "微信图片_01.png"
    assert (evidence.archive_root() / rows[0].rel_path).read_bytes() == photo.read_bytes()
    assert [e.action for e in detail.events] == [
        "created",
        "evidence_added",
        "wizard_saved",
        "warehouse_check_requested",
    ]
    assert WizardDraft.select().count() == 0

    view = warehouse.checks_for_case(detail.id)[0]
    warehouse.record_verdict(
        sqlite_staff.warehouse,
        view.id,
        check.version,
        warehouse.Verdict(warehouse.CheckState.CONFIRMED, True, False, 900),
    )
    again = open_wizard(qtbot, continue_case_wizard(agent, detail.id))
    page = again.currentPage()
    assert isinstance(page, QuestionPage) and page.step_id == "remedy_exchange_refund"
    assert again.gallery.case_id == detail.id
    answer(again, "remedy_exchange_refund", remedy_exchange_refund="exchange")
    answer(again, "exchange_money", postage="16")
    assert "换货下单" in again.outcome_page.ui.resolutionLabel.text()
    done = finish(qtbot, again)
    assert done.state == CaseState.RESOLVED
    assert (done.postage_fen, done.postage_payer) == (1600, "shop")
    assert "错发商品已下架，换货下单，来回邮费我方承担 小美" in done.note_text


def test_damaged_parcel_refused_and_refunded(
    qtbot: QtBot, sqlite_staff: Staffing, photo: Path
) -> None:
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.DAMAGED_PARCEL))
    to_question_pages(qtbot, wizard, photo)
    answer(wizard, "dp_sub_kind", dp_sub_kind="refused")
    answer(wizard, "remedy_exchange_refund", remedy_exchange_refund="refund")
    answer(wizard, "refund_money", refund="199", postage="12.5")
    assert wizard.outcome_page.ui.flagLabel.text().endswith("绿旗（平台代码 3）")
    detail = finish(qtbot, wizard)
    assert detail.state == CaseState.RESOLVED
    assert (detail.refund_fen, detail.postage_fen, detail.note_flag) == (
        19900,
        1250,
        OrderFlag.GREEN,
    )
    assert detail.note_text.startswith("破包-拒签：客户拒签，包裹退回，退货退款 ¥199.00 小美 ")
    assert detail.resolution == "return"  # the refused parcel comes back: 退货 and 申请退款
    assert [p["step"] for p in detail.wizard_path] == [
        "dp_sub_kind",
        "remedy_exchange_refund",
        "refund_money",
    ]
    assert Evidence.select().where(Evidence.case == detail.id).count() == 1


def test_quality_discount_above_the_limit_goes_to_the_supervisor(
    qtbot: QtBot, sqlite_staff: Staffing, photo: Path
) -> None:
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.QUALITY))
    to_question_pages(qtbot, wizard, photo)
    answer(wizard, "q_facts")  # defaults: within 3 days, unworn, not the customer's fault
    answer(wizard, "q_photos", q_photos="sent")
    answer(wizard, "q_photo_verdict")
    answer(wizard, "q_remedy", q_remedy="discount")
    answer(wizard, "compensation_money", compensation="30")
    assert wizard.outcome_page.ui.stateLabel.text() == "待主管审批"
    detail = finish(qtbot, wizard)
    assert detail.state == CaseState.WAITING_SUPERVISOR
    assert detail.sub_kind is not None and detail.sub_kind.value == "within_window"
    request = ApprovalRequest.get(ApprovalRequest.case == detail.id)
    assert (request.kind, request.amount_fen) == ("compensation", 3000)
    assert "待主管审批" in detail.note_text
    assert Evidence.select().where(Evidence.case == detail.id).count() == 1


def test_killed_wizard_resumes_with_every_answer(
    qtbot: QtBot, sqlite_staff: Staffing, photo: Path
) -> None:
    agent = sqlite_staff.agent
    wizard = open_wizard(qtbot, new_case_wizard(agent, CaseKind.WRONG_SHIPMENT))
    to_question_pages(qtbot, wizard, photo)
    answer(wizard, "ws_sub_kind", ws_sub_kind="extra_item")
    answer(wizard, "ws_photo_check", ws_photo_check="confirmed")
    page = wizard.currentPage()
    assert isinstance(page, QuestionPage) and page.step_id == "warehouse_request"
    wizard.hide()
    wizard.deleteLater()  # the app is killed: no cancel, no finish

    drafts = wizard_service.list_drafts(agent)
    assert len(drafts) == 1 and drafts[0].step == "warehouse_request"
    resumed = open_wizard(qtbot, wizard_for_draft(agent, drafts[0]))
    page = resumed.currentPage()
    assert isinstance(page, QuestionPage) and page.step_id == "warehouse_request"
    assert resumed.intake_page.ui.customerEdit.text() == "tb_小王"
    assert resumed.intake_page.ui.batchEdit.text() == "B2611"
    assert resumed.gallery.case_id == drafts[0].case_id
    assert len(evidence.list_evidence(agent, drafts[0].case_id)) == 1
    assert resumed.gallery.views == {}  # its page is not shown: the gallery reads nothing yet
    resumed.back()
    back = resumed.currentPage()
    assert isinstance(back, QuestionPage) and back.step_id == "ws_photo_check"
    assert back.raw() == {"ws_photo_check": "confirmed"}
    resumed.back()
    assert resumed.currentPage().raw() == {"ws_sub_kind": "extra_item"}  # type: ignore[attr-defined]


def test_cancel_asks_and_discarding_cancels_the_new_case(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.QUALITY))
    fill_intake(qtbot, wizard)
    wizard.next()
    case_id = wizard.draft.case_id
    assert case_id is not None
    chosen: list[str] = []

    def pick(text: str) -> Any:
        def exec_(box: QMessageBox) -> int:
            chosen.append(box.text())
            button = next((b for b in box.buttons() if b.text() == text), None)
            if button is not None:
                button.click()
            return 0

        return exec_

    monkeypatch.setattr(QMessageBox, "exec", pick("继续填写"))
    wizard.reject()
    assert wizard.isVisible() and chosen == ["已填写的内容和照片都已保存为草稿。"]
    monkeypatch.setattr(QMessageBox, "exec", pick("放弃草稿"))
    wizard.reject()
    assert not wizard.isVisible()
    assert WizardDraft.select().count() == 0
    assert cases.get_case(case_id).state == CaseState.CANCELLED


@pytest.mark.parametrize(
    ("change", "label", "message"),
    [
        ({"customer": ""}, "customerError", "请填写买家ID（旺旺ID）。"),
        ({"order": "33-12"}, "orderError", "订单号只能是数字，请从订单详情复制。"),
        ({"waybill": "7731234567890"}, "waybillError",
         "运单号「7731234567890」不像顺丰速运的单号，例如 SF1402345678901。请核对快递公司和单号。"),
        ({"quantity": "0"}, "quantityError", "数量至少为 1，请填写整数。"),
        ({"sku": ""}, "skuError", "请填写款号/SKU。"),
    ],
)  # fmt: skip
def test_intake_messages_beside_the_field(
    qtbot: QtBot, sqlite_staff: Staffing, change: dict[str, str], label: str, message: str
) -> None:
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.WRONG_SHIPMENT))
    fill_intake(qtbot, wizard)
    wizard.intake_page.ui.courierCombo.setCurrentIndex(
        wizard.intake_page.ui.courierCombo.findData("SF")
    )
    for key, text in change.items():
        getattr(wizard.intake_page.ui, f"{key}Edit").setText(text)
    wizard.next()
    assert wizard.currentId() == INTAKE_ID
    assert getattr(wizard.intake_page.ui, label).text() == message
    assert wizard.draft.case_id is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-1", "金额不能为负数，请输入 0 或正数。"),
        ("12.345", "金额最多两位小数（精确到分），例如 12.50。"),
        ("十元", "「十元」不是有效金额，请输入数字，例如 12.50。"),
    ],
)
def test_money_messages_beside_the_field(
    qtbot: QtBot, sqlite_staff: Staffing, typed: str, message: str
) -> None:
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.DAMAGED_PARCEL))
    to_question_pages(qtbot, wizard, None)
    answer(wizard, "dp_sub_kind", dp_sub_kind="refused")
    answer(wizard, "remedy_exchange_refund", remedy_exchange_refund="refund")
    answer(wizard, "refund_money", refund=typed)
    page = wizard.currentPage()
    assert isinstance(page, QuestionPage) and page.step_id == "refund_money"
    assert page.errors["refund"].text() == message
    page.edits["refund"].clear()
    qtbot.keyClicks(page.edits["refund"], "12.5")
    assert page.errors["refund"].text() == ""  # gone as soon as the amount is right


def test_scanner_enter_on_the_waybill_guesses_courier_and_moves_on(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.DAMAGED_PARCEL))
    page = wizard.intake_page
    assert isinstance(page, IntakePage)
    page.ui.waybillEdit.setFocus()
    qtbot.keyClicks(page.ui.waybillEdit, "yt7512345678901")
    qtbot.keyClick(page.ui.waybillEdit, Qt.Key.Key_Return)
    assert wizard.currentId() == INTAKE_ID
    assert page.ui.waybillEdit.text() == "YT7512345678901"
    assert page.ui.courierCombo.currentData() == "YTO"
    assert wizard.focusWidget() is page.ui.skuEdit
