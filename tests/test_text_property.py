"""Generated input (Hypothesis) into every service that takes text, on SQLite and PostgreSQL.

Each call either saves and reads back exactly what the text rule makes of the input (NFC,
trimmed; identifiers without zero-width and bidi marks; waybills upper-case without spaces), or
is refused with a typed error and a Chinese message. Then the month is exported and every cell a
person typed is a string showing exactly the stored text. One test opens the workbook in
LibreOffice (headless) and reads what it shows.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kefu_desktop.domain.accounts import normalise_login
from kefu_desktop.domain.couriers import normalise_waybill
from kefu_desktop.domain.errors import KefuError, NotFound, ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.registers import month_period
from kefu_desktop.domain.roles import Role
from kefu_desktop.domain.states import CaseState
from kefu_desktop.domain.text import INVISIBLE_MARKS
from kefu_desktop.export.monthly import shown_text
from kefu_desktop.services import (
    approvals,
    auth,
    cases,
    evidence,
    products,
    registers,
    warehouse,
    wizard,
)
from kefu_desktop.services.cases import CaseFilter, NewCase
from kefu_desktop.services.products import ProductRow
from kefu_desktop.services.warehouse import CheckState, Verdict
from kefu_desktop.store.models import ApprovalRequest, Product, Staff
from tests.conftest import Staffing

HOSTILE = [
    *"\x00\x01\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\x9b",
    *"\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202e\u2066\u2069\u061c",
    *"\u00ad\U000e0041\ufffe\uffff\ufdd0\U0010ffff\ud800\udfff\ue000\u2028\u2029",
    "\r\n", "\r", "\n", "\t", " ", "\u3000",
    "=", "+", "-", "@", "=1+1", '=HYPERLINK("http://x","点我")', "_x0041_", "_x005F_",
    "e\u0301", "café", "Å", "\u1100\u1161", "ß", "ǰ", "ﬁ", "买家", "😀", "👨\u200d👩", "A", "7",
]  # fmt: skip
"""Pieces that broke something once: controls, invisible marks, non-characters, surrogates,
line separators, formula starts, Excel escapes, decomposed and case-changing letters."""

PLAIN_TEXT = st.text(
    st.characters(categories=["L", "N", "P", "S", "Zs", "M"], exclude_characters="\u3000"),
    max_size=30,
)
"""What people normally type: letters, digits, punctuation, symbols, spaces, accents."""
PIECES = st.lists(st.sampled_from(HOSTILE), max_size=8).map("".join)
ANY_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=30),  # every code point, surrogates too
    PIECES,
    st.lists(
        st.one_of(
            st.sampled_from(HOSTILE), st.text(st.characters(exclude_categories=()), max_size=3)
        ),
        max_size=8,
    ).map("".join),
    PLAIN_TEXT,
    st.tuples(PLAIN_TEXT, PIECES, PLAIN_TEXT).map("".join),
)
"""Anything at all, often built from the hostile pieces, sometimes plain."""

SETTINGS = settings(
    max_examples=int(os.environ.get("KEFU_PROPERTY_EXAMPLES", "60")),
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def as_identifier(text: str) -> str:
    """What the documented rule makes of an identifier that it accepts."""
    return _nfc("".join(c for c in _nfc(text) if c not in INVISIBLE_MARKS)).strip()


def as_line(text: str) -> str:
    return _nfc(text).strip()


def as_free_text(text: str) -> str:
    return _nfc(text).replace("\r\n", "\n").replace("\r", "\n").strip()


EXPECTED = {
    "customer_id": as_identifier,
    "order_no": as_identifier,
    "waybill_no": lambda text: normalise_waybill(as_identifier(text)),
    "sku": as_identifier,
    "colour": as_line,
    "size": as_line,
    "batch": as_identifier,
    "summary": as_free_text,
}


def assert_refused_clearly(error: Exception, fields: set[str] | None = None) -> None:
    """A refusal is a typed error with a Chinese message (naming its field when it has one)."""
    assert isinstance(error, ValidationError), repr(error)
    assert _CJK.search(str(error)), str(error)
    assert "\\x" not in str(error) and "Error" not in str(error)
    if fields is not None:
        assert error.field in fields, (error.field, str(error))


def assert_clean(text: str) -> None:
    """Stored text is NFC and holds nothing XML or the databases cannot hold."""
    assert text == _nfc(text)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", text)


@dataclass
class Saved:
    """What the generated calls saved, to be found again in the month's workbook."""

    cases: dict[str, dict[str, str]] = field(default_factory=dict)
    """case no → field → stored text"""
    agents: set[str] = field(default_factory=set)
    accepted: int = 0
    refused: int = 0


def _open_case(user: Any, raw: dict[str, str], saved: Saved) -> int | None:
    new = NewCase(kind=CaseKind.QUALITY, **raw)
    try:
        detail = cases.create_case(user, new)
    except KefuError as error:
        assert_refused_clearly(error, set(EXPECTED))
        saved.refused += 1
        return None
    saved.accepted += 1
    stored = {name: getattr(detail, name) for name in EXPECTED}
    for name, value in stored.items():
        assert value == EXPECTED[name](raw[name]), (name, raw[name], value)
        assert_clean(value)
    assert detail.customer_id == as_identifier(raw["customer_id"])
    saved.cases[detail.case_no] = stored
    return detail.id


def _cases_and_notes(staff: Staffing, saved: Saved) -> None:
    @SETTINGS
    @given(
        fields=st.fixed_dictionaries(
            {
                "customer_id": PLAIN_TEXT.map(lambda t: "tb" + t),
                "order_no": st.one_of(st.just(""), st.from_regex(r"\A[0-9]{1,20}\Z")),
                "waybill_no": st.from_regex(r"\A[A-Za-z0-9]{0,20}\Z"),
                "sku": PLAIN_TEXT,
                "colour": PLAIN_TEXT,
                "size": PLAIN_TEXT,
                "batch": PLAIN_TEXT,
                "summary": st.one_of(PLAIN_TEXT, st.text(max_size=300)),
            }
        ),
        hostile=st.dictionaries(st.sampled_from(sorted(EXPECTED)), ANY_TEXT, max_size=3),
        note=ANY_TEXT,
        search=ANY_TEXT,
    )
    def check(fields: dict[str, str], hostile: dict[str, str], note: str, search: str) -> None:
        fields = {**fields, **hostile}  # one to three fields get anything at all
        if "customer_id" in hostile:
            fields["customer_id"] = "tb" + hostile["customer_id"]
        case_id = _open_case(staff.agent, fields, saved)
        if case_id is not None:
            detail = cases.get_case(case_id)
            try:
                moved = cases.change_state(
                    staff.agent, case_id, detail.version, CaseState.ESCALATED, note
                )
            except KefuError as error:
                assert_refused_clearly(error, {"note"})
            else:
                assert moved.events[-1].details.get("note", "") == as_free_text(note)
        assert isinstance(cases.list_cases(staff.agent, CaseFilter(text=search)), list)
        assert isinstance(evidence.list_customer_evidence(staff.agent, search), list)

    check()


def _plain_text_is_never_refused(staff: Staffing, saved: Saved) -> None:
    @SETTINGS
    @given(colour=PLAIN_TEXT, summary=PLAIN_TEXT, customer=PLAIN_TEXT)
    def check(colour: str, summary: str, customer: str) -> None:
        raw = {name: "" for name in EXPECTED}
        raw.update(customer_id="tb" + customer, colour=colour[:32], summary=summary)
        assert _open_case(staff.agent, raw, saved) is not None

    check()


def _accounts(staff: Staffing, saved: Saved) -> None:
    counter = iter(range(1_000_000))

    @SETTINGS
    @given(
        login=st.one_of(PLAIN_TEXT, ANY_TEXT),
        name=st.one_of(PLAIN_TEXT, ANY_TEXT),
        password=ANY_TEXT,
    )
    def check(login: str, name: str, password: str) -> None:
        login = f"u{next(counter)}_{login}"
        try:
            user = auth.create_staff(
                staff.admin, login, "客服" + name, Role.AGENT, password + "pw1234"
            )
        except KefuError as error:
            assert_refused_clearly(error, {"login", "display_name", "password"})
            return
        row = Staff.get(Staff.id == user.id)
        assert row.login == normalise_login(as_identifier(login))  # then its one compared form
        assert row.display_name == as_line("客服" + name)
        assert_clean(row.display_name)
        assert auth.login(row.login, password + "pw1234").id == user.id
        # the new agent opens a case, so the name shows in the workbook
        _open_case(user, {**{n: "" for n in EXPECTED}, "customer_id": "tb_agent"}, saved)
        saved.agents.add(row.display_name)

    check()


def _warehouse_and_approvals(staff: Staffing, saved: Saved) -> None:
    @SETTINGS
    @given(request=ANY_TEXT, observed=ANY_TEXT, remark=ANY_TEXT, reason=ANY_TEXT, scan=ANY_TEXT)
    def check(request: str, observed: str, remark: str, reason: str, scan: str) -> None:
        raw = {**{n: "" for n in EXPECTED}, "customer_id": "tb_wh", "waybill_no": "SF1402345678901"}
        case_id = _open_case(staff.agent, raw, saved)
        assert case_id is not None
        try:
            check_view = warehouse.request_check(staff.agent, case_id, request)
        except KefuError as error:
            assert_refused_clearly(error, {"request_note"})
        else:
            assert check_view.request_note == (
                as_free_text(request) or warehouse.DEFAULT_REQUEST_NOTE
            )
            verdict = Verdict(CheckState.CONFIRMED, True, True, None, observed, remark)
            try:
                done = warehouse.record_verdict(
                    staff.warehouse, check_view.id, check_view.version, verdict
                )
            except KefuError as error:
                assert_refused_clearly(error, {"observed", "remark"})
            else:
                assert (done.observed, done.remark) == (
                    as_free_text(observed),
                    as_free_text(remark),
                )
        try:
            warehouse.find_pending_by_waybill(staff.warehouse, scan)
        except (NotFound, ValidationError) as error:
            assert _CJK.search(str(error))
        request_row = ApprovalRequest.create(
            case=case_id, kind="compensation", amount_fen=3000, requested_by=staff.agent.id
        )
        try:
            decided = approvals.reject(staff.supervisor, request_row.id, 1, reason)
        except KefuError as error:
            assert_refused_clearly(error, {"note"})
        else:
            assert decided.decision_note == as_free_text(reason)

    check()


def _wizard_and_products(staff: Staffing, saved: Saved) -> None:
    draft = wizard.start_draft(staff.agent, CaseKind.WRONG_SHIPMENT)
    counter = iter(range(1_000_000))

    @SETTINGS
    @given(answer=ANY_TEXT, request=ANY_TEXT, sku=ANY_TEXT, name=ANY_TEXT, intake=ANY_TEXT)
    def check(answer: str, request: str, sku: str, name: str, intake: str) -> None:
        try:
            wizard.save_draft(staff.agent, draft.id, "intake", {"customer_id": answer, "n": 1})
        except KefuError as error:
            assert_refused_clearly(error)
        else:
            stored = wizard.get_draft(staff.agent, draft.id).answers
            assert stored == {"customer_id": _nfc(answer), "n": 1}
        values, problems = wizard.check_step(
            CaseKind.WRONG_SHIPMENT, "warehouse_request", {"request_note": request}
        )
        if "request_note" in problems:
            assert _CJK.search(problems["request_note"])
        else:
            assert values["request_note"] == as_free_text(request)
        values, problems = wizard.check_intake(
            CaseKind.QUALITY, {key: intake for key in ("customer_id", "sku", "colour", "batch")}
        )
        for key in ("customer_id", "sku", "colour", "batch"):
            if key in problems:
                assert _CJK.search(problems[key])
            else:
                assert values[key] == EXPECTED[key](intake)
        sku = f"P{next(counter)}{sku}"
        try:
            products.save_products(staff.warehouse, [ProductRow(sku, name, 100)])
        except KefuError as error:
            assert_refused_clearly(error, {"sku", "name"})
        else:
            row = Product.get(Product.sku == as_identifier(sku))
            assert row.name == as_line(name)

    check()


def _export_and_compare(staff: Staffing, saved: Saved, target: Path) -> Path:
    """Export the month; every person-typed cell is a string that shows the stored text."""
    path = registers.export_monthly(staff.supervisor, month_period(date.today()), target)
    book = openpyxl.load_workbook(path)
    sheet = book["明细"]
    header = [c.value for c in sheet[1]]
    columns = {
        "customer_id": "买家ID",
        "order_no": "订单号",
        "waybill_no": "运单号",
        "sku": "款号",
        "colour": "颜色",
        "size": "尺码",
        "batch": "批次",
        "summary": "问题描述",
    }
    seen = 0
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=False))
        stored = saved.cases.get(cells["售后单号"].value)
        if stored is None:
            continue
        seen += 1
        for name, title in columns.items():
            cell = cells[title]
            if stored[name] == "":
                assert cell.value is None, (title, cell.value)
            else:
                assert cell.data_type == "s", (title, cell.value)
                assert shown_text(cell.value) == stored[name], title
    assert seen == len(saved.cases)
    agents = {shown_text(c.value): c for c in book["客服考核"]["A"][1:]}
    for name in saved.agents:
        assert agents[name].data_type == "s"
    return path


def test_every_text_entry_point_saves_exactly_or_refuses(staff: Staffing, tmp_path: Path) -> None:
    saved = Saved()
    _cases_and_notes(staff, saved)
    _plain_text_is_never_refused(staff, saved)
    _accounts(staff, saved)
    _warehouse_and_approvals(staff, saved)
    _wizard_and_products(staff, saved)
    assert saved.accepted > 0 and saved.refused > 0  # both outcomes were exercised
    _export_and_compare(staff, saved, tmp_path / "month.xlsx")


# --- LibreOffice ---------------------------------------------------------------------------------

SHOWN = [
    "=1+1",
    '=HYPERLINK("http://example.com","点我")',
    "@SUM(1,2)",
    "+1+1",
    "_x0041_",
    "café 😀 👨\u200d👩",
    "第一行\n第二行\t制表",
    "\u202e反向\u202c",
    "长" * 40_000,
]


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    _soffice() is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) is not installed here; scripts/bootstrap.sh installs it for tests",
)
def test_libreoffice_shows_the_typed_text(sqlite_staff: Staffing, tmp_path: Path) -> None:
    soffice = _soffice()
    assert soffice is not None, "CI must have LibreOffice: scripts/bootstrap.sh installs it"
    numbers = {}
    for n, text in enumerate(SHOWN):
        raw = {**{name: "" for name in EXPECTED}, "customer_id": f"tb{n}", "summary": text}
        raw["colour"] = text if len(text) <= 32 and "\n" not in text else ""
        detail = cases.create_case(sqlite_staff.agent, NewCase(kind=CaseKind.QUALITY, **raw))
        numbers[detail.case_no] = (as_free_text(text), raw["colour"])
    path = registers.export_monthly(
        sqlite_staff.supervisor, month_period(date.today()), tmp_path / "month.xlsx"
    )
    out = tmp_path / "csv"
    out.mkdir()
    profile = tmp_path / "lo-profile"
    # 44,34,76: comma, quote, UTF-8; the last token (-1) writes every sheet to its own file
    export = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         export, "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    detail_csv = next(out.glob("*明细*.csv"))
    if os.environ.get("KEFU_KEEP_CSV"):
        shutil.copy(detail_csv, os.environ["KEFU_KEEP_CSV"])
    with open(detail_csv, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for row in rows[1:]:
        cells = dict(zip(header, row, strict=False))
        summary, colour = numbers[cells["售后单号"]]
        if len(summary) > 32_767:
            assert cells["问题描述"].endswith("…（已截断）")
            assert cells["问题描述"].startswith("长" * 30_000)
        else:
            assert cells["问题描述"] == summary  # shown as typed: not evaluated, not decoded
        assert cells["颜色"] == colour
    assert len(rows) == 1 + len(SHOWN)
