"""Whatever a customer or an agent typed, the month's workbook is written, and every person's
text is a string cell showing that text: never a formula, never an unwritable character, never
silently cut. SQLite and PostgreSQL."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl import Workbook

from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.registers import month_period
from kefu_desktop.domain.roles import Role
from kefu_desktop.export.monthly import (
    EXCEL_TEXT_LIMIT,
    REPLACEMENT,
    TRUNCATED_MARK,
    Formula,
    cell_text,
    safe_values,
    shown_text,
)
from kefu_desktop.services import auth, cases, registers
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store.db import is_postgresql
from kefu_desktop.store.models import Case, Staff
from tests.conftest import PASSWORD, Staffing

FORMULAS = [
    "=1+1",
    '=HYPERLINK("http://example.com/x","点我")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(1)",
    "=cmd|' /C calc'!A0",
    "  =1+1",
]


def test_cell_text_rules() -> None:
    assert cell_text("=1+1") == "=1+1"  # the text is kept; the cell type makes it a string
    assert cell_text("a\x00b\x0bc\ufffe\ud800") == f"a{REPLACEMENT}b{REPLACEMENT}c{REPLACEMENT * 2}"
    assert cell_text("tab\tline\nok") == "tab\tline\nok"
    assert cell_text("_x0041_ and _x004a_ _X0041_") == "_x005F_x0041_ and _x005F_x004a_ _X0041_"
    assert shown_text(cell_text("_x0041_ _x005F_")) == "_x0041_ _x005F_"
    long = "长" * 40_000
    cut = cell_text(long)
    assert cut.endswith(TRUNCATED_MARK) and len(cut) == EXCEL_TEXT_LIMIT
    astral = "😀" * 20_000  # two UTF-16 units each: Excel's limit counts units
    cut = cell_text(astral)
    assert cut.endswith(TRUNCATED_MARK)
    assert len(cut.encode("utf-16-le")) // 2 <= EXCEL_TEXT_LIMIT
    assert cell_text("长" * EXCEL_TEXT_LIMIT) == "长" * EXCEL_TEXT_LIMIT


def _open(staff: Staffing, new: NewCase, user: Any = None) -> int:
    return cases.create_case(user or staff.agent, new).id


def _rows(sheet: Any) -> list[dict[str, Any]]:
    """Every data row of a table sheet as {header: cell} (the table ends at a blank row)."""
    header = [c.value for c in sheet[1]]
    rows = []
    for row in sheet.iter_rows(min_row=2):
        if all(c.value is None for c in row):
            break
        rows.append(dict(zip(header, row, strict=False)))
    return rows


def test_hostile_month_exports_with_text_cells(staff: Staffing, tmp_path: Path) -> None:
    nul = "\x01" if is_postgresql() else "\x00"  # PostgreSQL never held a NUL
    lurker = auth.create_staff(staff.admin, "kefu09", '=HYPERLINK("x","y")', Role.AGENT, PASSWORD)
    expected: dict[int, dict[str, str]] = {}
    for n, formula in enumerate(FORMULAS):
        new = NewCase(
            kind=CaseKind.QUALITY,
            sub_kind=SubKind.WITHIN_WINDOW,
            customer_id=f"{formula.strip()}#{n}",
            sku="=1+1",
            batch="@B1",
            colour="_x0041_",
            size="-1",
            summary=formula,
        )
        case_id = _open(staff, new, lurker if n == 0 else None)
        expected[case_id] = {
            "买家ID": f"{formula.strip()}#{n}",
            "款号": "=1+1",
            "批次": "@B1",
            "颜色": "_x0041_",
            "尺码": "-1",
            "问题描述": formula.strip(),
        }
    # rows saved before the text rule existed, with what XML cannot hold
    legacy = _open(staff, NewCase(kind=CaseKind.QUALITY, customer_id="旧数据"))
    Case.update(summary=f"旧{nul}备注\x0b\ufffe", sku=f"SKU{nul}", colour="红\x1f").where(
        Case.id == legacy
    ).execute()
    Staff.update(display_name="老\x07王").where(Staff.id == staff.agent2.id).execute()
    _open(staff, NewCase(kind=CaseKind.QUALITY, customer_id="旧2"), staff.agent2)
    expected[legacy] = {
        "问题描述": f"旧{REPLACEMENT}备注{REPLACEMENT}{REPLACEMENT}",
        "款号": f"SKU{REPLACEMENT}",
        "颜色": f"红{REPLACEMENT}",
    }
    huge = _open(staff, NewCase(kind=CaseKind.QUALITY, customer_id="长", summary="长" * 40_000))

    target = registers.export_monthly(
        staff.supervisor, month_period(date.today()), tmp_path / "month.xlsx"
    )
    book = openpyxl.load_workbook(target)
    by_case = {row["售后单号"].value: row for row in _rows(book["明细"])}
    numbers = {c.id: c.case_no for c in Case.select(Case.id, Case.case_no)}
    for case_id, fields in expected.items():
        row = by_case[numbers[case_id]]
        for header, text in fields.items():
            cell = row[header]
            assert cell.data_type == "s", (header, cell.value)
            assert shown_text(cell.value) == text, header
    summary = by_case[numbers[huge]]["问题描述"].value
    assert summary.endswith(TRUNCATED_MARK) and summary.startswith("长" * 30_000)

    handlers = {row["处理人"].value for row in _rows(book["明细"])}
    assert '=HYPERLINK("x","y")' in handlers and f"老{REPLACEMENT}王" in handlers
    agents = {row["客服"].value: row["客服"] for row in _rows(book["客服考核"])}
    assert agents['=HYPERLINK("x","y")'].data_type == "s"
    production = _rows(book["生产反馈"])
    assert [(r["款号"].value, r["批次"].value) for r in production] == [("=1+1", "@B1")]
    assert production[0]["款号"].data_type == "s"
    registered = [r for name in ("退货", "换货", "申请退款") for r in _rows(book[name])]
    for row in registered:
        if row["买家ID"].value:
            assert row["买家ID"].data_type == "s"

    # not one formula anywhere in the file: the product writes none in these sheets
    with zipfile.ZipFile(target) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name


CONTROL = [chr(c) for c in (*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))]


def test_every_control_character_in_every_field_still_exports(
    staff: Staffing, tmp_path: Path
) -> None:
    """About 30 characters × every text field: each once made the export fail for the month."""
    for n, char in enumerate(CONTROL):
        case_id = _open(staff, NewCase(kind=CaseKind.QUALITY, customer_id=f"旧{n}"))
        dirty = f"x{char}y"
        Case.update(
            order_no=dirty, waybill_no=dirty, sku=dirty, colour=dirty, size=dirty, batch=dirty,
            summary=dirty,
        ).where(Case.id == case_id).execute()  # fmt: skip
    Staff.update(display_name="x\x1by").where(Staff.id == staff.agent.id).execute()
    target = registers.export_monthly(
        staff.supervisor, month_period(date.today()), tmp_path / "month.xlsx"
    )
    rows = _rows(openpyxl.load_workbook(target)["明细"])
    assert len(rows) == len(CONTROL)
    for row in rows:
        for header in ("订单号", "运单号", "款号", "颜色", "尺码", "批次", "问题描述", "处理人"):
            assert row[header].value == f"x{REPLACEMENT}y"


def test_only_the_products_own_formulas_are_formulas(tmp_path: Path) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("x")
    sheet.append(safe_values(sheet, [1, 2, Formula("=SUM(A1:B1)"), "=SUM(A1:B1)", "", None]))
    workbook.save(tmp_path / "x.xlsx")
    row = next(openpyxl.load_workbook(tmp_path / "x.xlsx")["x"].iter_rows())
    assert [c.data_type for c in row[2:4]] == ["f", "s"]
    assert [c.value for c in row][:4] == [1, 2, "=SUM(A1:B1)", "=SUM(A1:B1)"]
