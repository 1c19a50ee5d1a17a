"""The monthly workbook prints: page setup on every sheet, the 汇总 sheet's charts whole on its
first page, checked by printing through LibreOffice headless."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from kefu_desktop.domain.registers import parse_month
from kefu_desktop.export import monthly
from kefu_desktop.export.monthly import (
    CHART_ROWS,
    summary_page_breaks,
    summary_scale,
)
from kefu_desktop.services import auth, registers
from kefu_desktop.services.demo import DEMO_PASSWORD, generate_demo
from tests.printed import pdf_pages, render_pdf, soffice, without_print_setup

LAST_CHART_ROW = CHART_ROWS[-1][0] + CHART_ROWS[-1][1]

# --- the plan of the 汇总 sheet's pages, at its edges ---------------------------------------


def test_no_page_starts_among_the_charts() -> None:
    assert summary_page_breaks(30, [5, 12, 25], LAST_CHART_ROW, 45) == []
    # sections at 10, 30, 50, 70: no section starts between the charts' end and a full page,
    # so the first page is cut where it is full; one more row a page, and it ends at a section
    assert summary_page_breaks(90, [10, 30, 50, 70], 37, 45) == [45]
    assert summary_page_breaks(90, [10, 30, 50, 70], 37, 50) == [49]
    assert summary_page_breaks(90, [10, 30, 50, 70], 49, 50) == [49]
    assert summary_page_breaks(90, [10, 30, 50, 70], 50, 50) == [50]


def test_pages_start_at_sections_and_a_long_section_is_cut_where_the_page_is_full() -> None:
    assert summary_page_breaks(100, [41, 60, 90], 0, 40) == [40, 59, 89]
    assert summary_page_breaks(100, [41], 0, 40) == [40, 80]
    assert summary_page_breaks(40, [41], 0, 40) == []
    assert summary_page_breaks(41, [], 0, 40) == [40]


def test_the_scale_fits_the_width_and_the_chart_rows() -> None:
    percent, rows = summary_scale([33, 16, 16, 16, 4], LAST_CHART_ROW)
    assert 40 <= percent < 70 and rows >= LAST_CHART_ROW
    narrow, narrow_rows = summary_scale([10], 0)
    assert narrow > percent and narrow_rows < rows
    _tall, tall_rows = summary_scale([10], 120)
    assert tall_rows >= 120  # the charts' rows always fit the first page


# --- the workbook -----------------------------------------------------------------------------


@pytest.fixture
def demo_month(sqlite_url: str, tmp_path: Path) -> tuple[Path, monthly.MonthlyReport]:
    generate_demo(400, months=1, seed=11)
    supervisor = auth.login("zhuguan01", DEMO_PASSWORD)
    period = parse_month(f"{date.today():%Y-%m}", date.today())
    book = registers.export_monthly(supervisor, period, tmp_path / "月报.xlsx")
    return book, registers.build_monthly_report(supervisor, period)


def test_every_sheet_has_a_page_setup(demo_month: tuple[Path, monthly.MonthlyReport]) -> None:
    book, report = demo_month
    workbook = openpyxl.load_workbook(book)
    assert len(workbook.worksheets) >= 12
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert setup.paperSize == 9, sheet.title
        assert report.period.label in sheet.oddHeader.left.text
        assert sheet.oddHeader.right.text == "&A"
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
        if sheet.title == monthly.SUMMARY_SHEET:
            assert setup.orientation == "landscape" and int(setup.scale) < 100
            assert sheet.row_breaks.brk and all(
                b.id >= LAST_CHART_ROW for b in sheet.row_breaks.brk
            )
            continue
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
        width = sum(d.width for d in sheet.column_dimensions.values())
        wide = width > monthly.PORTRAIT_WIDTH
        assert setup.orientation == ("landscape" if wide else "portrait"), sheet.title
    assert workbook[monthly.DETAIL_SHEET].page_setup.orientation == "landscape"


@pytest.mark.skipif(
    soffice() is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) is not installed here; scripts/bootstrap.sh installs it for tests",
)
def test_libreoffice_prints_the_summary_on_its_planned_pages(
    demo_month: tuple[Path, monthly.MonthlyReport], tmp_path: Path
) -> None:
    """The 汇总 sheet alone, printed: exactly one page per planned page, so no page was added
    inside one (a chart cut in two would need one), and the whole workbook far shorter than
    the same workbook without its print setup."""
    book, report = demo_month
    assert soffice() is not None, "CI must have LibreOffice: scripts/bootstrap.sh installs it"
    summary_only = Workbook(write_only=True)
    monthly._summary_sheet(summary_only, monthly._Styles(), report)
    planned = len(summary_only[monthly.SUMMARY_SHEET].row_breaks.brk) + 1
    summary_only.save(tmp_path / "汇总.xlsx")
    pages = pdf_pages(render_pdf(tmp_path / "汇总.xlsx", tmp_path / "pdf"))
    assert pages == planned
    assert 2 <= pages <= 4

    printed = pdf_pages(render_pdf(book, tmp_path / "pdf"))
    before = pdf_pages(
        render_pdf(without_print_setup(book, tmp_path / "无打印设置.xlsx"), tmp_path / "pdf")
    )
    assert printed * 4 < before


def test_the_detail_sheet_names_each_case_s_courier(
    demo_month: tuple[Path, monthly.MonthlyReport],
) -> None:
    _book, report = demo_month
    assert report.rows
    assert {row.courier for row in report.rows} - {"未知"}
    assert "未知" not in {row.courier for row in report.rows}
