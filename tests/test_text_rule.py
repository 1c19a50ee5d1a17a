"""The text rule (domain/text.py) and the services that take text: hostile pastes refused with a
Chinese message naming the field, or stored in NFC; lengths checked alike on SQLite and PostgreSQL."""

from __future__ import annotations

import unicodedata

import pytest

from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.roles import Role
from kefu_desktop.domain.states import CaseState
from kefu_desktop.domain.text import (
    INVISIBLE_MARKS,
    TextKind,
    clean_answers,
    clean_text,
    repair_text,
    search_key,
    visible,
)
from kefu_desktop.services import approvals, auth, cases, evidence, products, warehouse, wizard
from kefu_desktop.services.cases import CaseFilter, NewCase
from kefu_desktop.services.products import ProductRow
from kefu_desktop.services.warehouse import CheckState, Verdict
from kefu_desktop.store.models import ApprovalRequest, Case, Customer, Product, Staff
from tests.conftest import PASSWORD, Staffing

CONTROL = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85)]


@pytest.mark.parametrize("char", CONTROL)
def test_identifiers_refuse_every_control_character(char: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_text(f"tb{char}buyer", TextKind.IDENTIFIER, "买家ID", "customer_id")
    assert caught.value.field == "customer_id"
    assert str(caught.value).startswith("买家ID")
    assert "请" in str(caught.value)


def test_the_message_names_the_field_and_what_to_do() -> None:
    with pytest.raises(ValidationError, match=r"^买家ID里有看不见的控制字符，请重新粘贴。$"):
        clean_text("tb\x01buyer", TextKind.IDENTIFIER, "买家ID")
    with pytest.raises(ValidationError, match=r"^运单号里有损坏的字符"):
        clean_text("SF1\ud800", TextKind.IDENTIFIER, "运单号")
    with pytest.raises(ValidationError, match=r"^款号里有无效的字符"):
        clean_text("A\ufffe", TextKind.IDENTIFIER, "款号")
    with pytest.raises(ValidationError, match=r"^款号里有看不见的格式字符"):
        clean_text("A\u00adB", TextKind.IDENTIFIER, "款号")
    with pytest.raises(ValidationError, match=r"^款号里有无法显示的字符"):
        clean_text("A\ue000B", TextKind.IDENTIFIER, "款号")
    with pytest.raises(ValidationError, match=r"^颜色只能填一行"):
        clean_text("红\n蓝", TextKind.LINE, "颜色")


@pytest.mark.parametrize("mark", sorted(INVISIBLE_MARKS))
def test_identifiers_lose_zero_width_and_bidi_marks(mark: str) -> None:
    assert clean_text(f"{mark}tb{mark}buyer{mark}", TextKind.IDENTIFIER, "买家ID") == "tbbuyer"


def test_one_line_and_free_text_keep_joiners_for_emoji() -> None:
    family = "👨\u200d👩\u200d👧"
    assert clean_text(family, TextKind.LINE, "姓名") == family
    assert clean_text(f"客户说：{family}", TextKind.TEXT, "问题描述") == f"客户说：{family}"


def test_free_text_keeps_line_breaks_and_tabs_and_refuses_other_controls() -> None:
    assert clean_text(" 第一行\r\n第二行\t说明\r第三行 ", TextKind.TEXT, "问题描述") == (
        "第一行\n第二行\t说明\n第三行"
    )
    for char in ("\x00", "\x07", "\x1b", "\x7f", "\x9b"):
        with pytest.raises(ValidationError, match=r"^问题描述里有看不见的控制字符"):
            clean_text(f"坏{char}了", TextKind.TEXT, "问题描述")


def test_everything_is_nfc() -> None:
    decomposed = "cafe\u0301 Ångström"
    for kind in TextKind:
        cleaned = clean_text(decomposed, kind, "x")
        assert cleaned == unicodedata.normalize("NFC", decomposed)
    # a removed mark between a letter and its accent: the pair is composed after removal
    assert clean_text("e\u200b\u0301", TextKind.IDENTIFIER, "买家ID") == "é"


def test_length_is_counted_in_characters_and_names_the_field() -> None:
    assert clean_text("买" * 64, TextKind.IDENTIFIER, "款号", "sku", 64) == "买" * 64
    with pytest.raises(ValidationError, match=r"^款号最多 64 个字（现在 65 个），请精简后重试。$"):
        clean_text("买" * 65, TextKind.IDENTIFIER, "款号", "sku", 64)


def test_repair_drops_what_clean_refuses_and_is_idempotent() -> None:
    assert repair_text("\u200btb\x00buyer\ufffe ", TextKind.IDENTIFIER) == "tbbuyer"
    assert repair_text("a\r\nb\x07c", TextKind.TEXT) == "a\nbc"
    for value in ("cafe\u0301\x01", "\u202e\u200b", "x\ud800y"):
        once = repair_text(value, TextKind.IDENTIFIER)
        assert repair_text(once, TextKind.IDENTIFIER) == once


def test_search_key_never_refuses() -> None:
    assert search_key("SF1402345678901\r\n") == "SF1402345678901"
    assert search_key("\x1d(01)123\u200b") == "(01)123"
    assert search_key("\ud800") == ""


def test_visible_shows_the_refused_characters() -> None:
    assert visible("tb\x00\u200bbuyer") == "tb<U+0000><U+200B>buyer"


def test_wizard_answers_keep_text_as_typed_but_storable() -> None:
    answers = {"note": " cafe\u0301 ", "path": [{"x": "e\u0301"}], "n": 3}
    assert clean_answers(answers) == {"note": " café ", "path": [{"x": "é"}], "n": 3}
    with pytest.raises(ValidationError, match="看不见的控制字符"):
        clean_answers({"note": "a\x00b"})


# --- the services ------------------------------------------------------------------------------


def test_case_fields_refused_with_the_field_named(staff: Staffing) -> None:
    base = NewCase(kind=CaseKind.QUALITY, customer_id="tb_buyer")
    for field, value, start in (
        ("customer_id", "tb\x0bbuyer", "买家ID"),
        ("waybill_no", "SF\x00123", "运单号"),
        ("sku", "WT\ud8002301", "款号/SKU"),
        ("colour", "红\x1f色", "颜色"),
        ("size", "X\nL", "尺码"),
        ("batch", "B\u00ad1", "批次"),
        ("summary", "坏\x00了", "问题描述"),
    ):
        with pytest.raises(ValidationError) as caught:
            cases.create_case(staff.agent, base.__class__(**{**base.__dict__, field: value}))
        assert caught.value.field == field
        assert str(caught.value).startswith(start)
    assert Case.select().count() == 0


def test_lengths_checked_against_the_columns_on_both_databases(staff: Staffing) -> None:
    too_long = NewCase(kind=CaseKind.QUALITY, customer_id="tb_buyer", sku="S" * 65)
    with pytest.raises(ValidationError, match=r"^款号/SKU最多 64 个字（现在 65 个）"):
        cases.create_case(staff.agent, too_long)
    with pytest.raises(ValidationError, match=r"^买家ID最多 200 个字"):
        cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="买" * 201))
    with pytest.raises(ValidationError, match=r"^颜色最多 32 个字"):
        cases.create_case(
            staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="tb", colour="红" * 33)
        )
    exact = cases.create_case(
        staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="买" * 200, sku="S" * 64)
    )
    assert (exact.customer_id, exact.sku) == ("买" * 200, "S" * 64)


def test_composed_and_decomposed_ids_are_one_customer(staff: Staffing) -> None:
    first = cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="café"))
    second = cases.create_case(
        staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="\u200bcafe\u0301\u200e")
    )
    assert first.customer_id == second.customer_id == "café"
    assert Customer.select().count() == 1
    found = cases.list_cases(staff.agent, CaseFilter(text="cafe\u0301\u200b"))
    assert {row.id for row in found} == {first.id, second.id}


def test_notes_remarks_and_reasons_use_the_rule(staff: Staffing) -> None:
    detail = cases.create_case(
        staff.agent,
        NewCase(kind=CaseKind.WRONG_SHIPMENT, customer_id="tb", waybill_no="SF1402345678901"),
    )
    with pytest.raises(ValidationError, match=r"^备注里有看不见的控制字符") as caught:
        cases.change_state(staff.agent, detail.id, detail.version, CaseState.ESCALATED, "a\x00")
    assert caught.value.field == "note"
    with pytest.raises(ValidationError, match=r"^核实说明里有看不见的控制字符"):
        warehouse.request_check(staff.agent, detail.id, "看\x08一下")
    check = warehouse.request_check(staff.agent, detail.id, "cafe\u0301 底单")
    assert check.request_note == "café 底单"
    verdict = Verdict(CheckState.CONFIRMED, True, True, None, "好\x1b", "")
    with pytest.raises(ValidationError, match=r"^所见情况里有看不见的控制字符"):
        warehouse.record_verdict(staff.warehouse, check.id, check.version, verdict)


def test_approval_note_uses_the_rule(staff: Staffing) -> None:
    detail = cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="tb"))
    approvals_request = ApprovalRequest.create(
        case=detail.id, kind="compensation", amount_fen=3000, requested_by=staff.agent.id
    )
    with pytest.raises(ValidationError, match=r"^意见里有损坏的字符"):
        approvals.reject(staff.supervisor, approvals_request.id, 1, "不\ud800行")


def test_staff_accounts_use_the_rule(staff: Staffing) -> None:
    with pytest.raises(ValidationError, match=r"^登录名里有看不见的控制字符") as caught:
        auth.create_staff(staff.admin, "kefu\x0009", "小红", Role.AGENT, PASSWORD)
    assert caught.value.field == "login"
    with pytest.raises(ValidationError, match=r"^姓名只能填一行"):
        auth.create_staff(staff.admin, "kefu09", "小\n红", Role.AGENT, PASSWORD)
    with pytest.raises(ValidationError, match=r"^登录名最多 64 个字"):
        auth.create_staff(staff.admin, "k" * 65, "小红", Role.AGENT, PASSWORD)
    with pytest.raises(ValidationError, match=r"^密码里有损坏的字符"):
        auth.create_staff(staff.admin, "kefu09", "小红", Role.AGENT, "secret\ud800")
    user = auth.create_staff(staff.admin, "\u200bkefu09", "Zoe\u0301", Role.AGENT, PASSWORD)
    assert (user.login, user.display_name) == ("kefu09", "Zoé")
    assert Staff.get(Staff.id == user.id).login == "kefu09"


def test_product_rows_with_bad_text_are_skipped_with_the_reason(staff: Staffing) -> None:
    sheet = products.parse_product_rows(
        [("款号", "名称", "单件重量(g)"), ("A\x01", "外套", 500), ("B\u200b", "cafe\u0301", 300)]
    )
    assert [(s.row, s.reason) for s in sheet.skipped] == [
        (2, "款号里有看不见的控制字符，请重新粘贴")
    ]
    assert sheet.rows == [ProductRow("B", "café", 300)]
    with pytest.raises(ValidationError, match=r"^款号里有看不见的控制字符"):
        products.save_products(staff.warehouse, [ProductRow("C\x00", "x", 1)])
    assert Product.select().count() == 0


def test_wizard_drafts_and_steps_use_the_rule(staff: Staffing) -> None:
    draft = wizard.start_draft(staff.agent, CaseKind.QUALITY)
    with pytest.raises(ValidationError, match="看不见的控制字符"):
        wizard.save_draft(staff.agent, draft.id, "intake", {"customer_id": "a\x00"})
    wizard.save_draft(staff.agent, draft.id, "intake", {"customer_id": "cafe\u0301"})
    assert wizard.get_draft(staff.agent, draft.id).answers == {"customer_id": "café"}
    _values, problems = wizard.check_intake(
        CaseKind.QUALITY, {"customer_id": "买" * 201, "sku": "S" * 65}
    )
    assert problems["customer_id"].startswith("买家ID最多 200 个字")
    assert problems["sku"].startswith("款号/SKU最多 64 个字")


def test_archive_folder_uses_the_rule(staff: Staffing) -> None:
    with pytest.raises(ValidationError, match=r"^归档位置里有看不见的控制字符") as caught:
        evidence.set_archive_root(staff.admin, "D:\\售后\x00")
    assert caught.value.field == "archive_root"
