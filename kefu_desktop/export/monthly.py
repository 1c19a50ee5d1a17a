"""The monthly after-sales workbook (售后月度报表): summary, registers, score sheet, details.

Plain data in, an .xlsx file out. Written in openpyxl's write-only mode so a busy month
(tens of thousands of cases) streams to disk; column widths are planned from the data before
a sheet's first row, as write-only sheets need. The file appears only when complete: it is
written to a temporary file beside the target, then moved over it.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from kefu_desktop.domain.care import satisfaction_rate
from kefu_desktop.domain.errors import KefuError, ValidationError
from kefu_desktop.domain.production_clusters import ProductionCluster
from kefu_desktop.domain.production_feedback import DefectRule
from kefu_desktop.domain.promise_status import limit_text
from kefu_desktop.domain.promises import PromiseLimits
from kefu_desktop.domain.registers import (
    Register,
    ReportPeriod,
    SlaTally,
    change_ratio,
    combined_rate,
)
from kefu_desktop.domain.returns import ReturnedGoods, ReturnProgress, StyleDefects

YUAN_FORMAT = "#,##0.00"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.0%"
CHANGE_FORMAT = "+0.0%;-0.0%;0.0%"
POINTS_FORMAT = '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"'
DECIMAL_FORMAT = "0.0"
COUNT_FORMAT = "#,##0"

SUMMARY_SHEET = "汇总"
AGENTS_SHEET = "客服考核"
PRODUCTION_SHEET = "生产反馈"
DETAIL_SHEET = "明细"
CLAIMS_SHEET = "快递理赔"
REVIEWS_SHEET = "评价跟踪"
SCORES_SHEET = "奖罚评分表"
EMPTY_NOTE = "本期没有售后单。"
EVIDENCE_LINKS = 3
"""Evidence files linked one per cell in 明细; the count column tells if there are more."""

PROGRESS_EVERY = 500


class ExportCancelled(KefuError):
    """The user cancelled the export; nothing was written."""


class TargetUnavailable(KefuError):
    """The target file cannot be written (open in Excel, read-only, folder not writable)."""

    def __init__(self, message: str, suggestion: Path | None = None) -> None:
        super().__init__(message)
        self.suggestion = suggestion


# --- the data the service layer hands over -------------------------------------------------


class DetailRow(NamedTuple):
    """One case of the period; times are local, money in fen."""

    case_no: str
    created_at: datetime
    customer_id: str
    order_no: str
    waybill_no: str
    courier: str
    kind: str
    sub_kind: str
    state: str
    handler: str
    sku: str
    colour: str
    size: str
    quantity: int
    batch: str
    resolution: str
    refund_fen: int
    compensation_fen: int
    postage_fen: int
    postage_payer: str
    asked_at: datetime | None
    first_reply_at: datetime | None
    resolved_at: datetime | None
    reply_minutes: float | None
    resolve_hours: float | None
    registers: tuple[Register, ...]
    evidence: tuple[str, ...]
    """Absolute paths of the evidence files, oldest first."""
    summary: str
    courier_fen: int = 0
    """Money the courier paid (物流赔偿)."""
    top_up_fen: int = 0
    """What the customer paid on top (补差价, 补运费)."""
    price_cut_fen: int = 0
    """How much the price was lowered (改价优惠)."""
    goods: ReturnedGoods | None = None
    """What came back for the case (or is still expected), for the 退货 sheet."""


class ClaimRow(NamedTuple):
    """One courier claim opened in the period; times local, money in fen, labels in Chinese."""

    case_no: str
    opened_at: datetime
    courier: str
    waybill_no: str
    problem: str
    claimed_fen: int
    received_fen: int
    state: str
    days_open: int
    settled_at: datetime | None
    remark: str


@dataclass
class PeriodFigures:
    """The summary figures of one period (the current one or the one before)."""

    cases: int = 0
    cancelled: int = 0
    resolved: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_sub_kind: dict[tuple[str, str], int] = field(default_factory=dict)
    by_resolution: dict[str, int] = field(default_factory=dict)
    by_register: dict[Register, int] = field(default_factory=dict)
    refund_fen: int = 0
    compensation_fen: int = 0
    postage_fen: int = 0
    courier_fen: int = 0
    top_up_fen: int = 0
    """What customers paid on top (补差价, 补运费)."""
    price_cut_fen: int = 0
    """How much prices were lowered (改价优惠)."""
    reply_minutes_median: float | None = None
    reply_minutes_p90: float | None = None
    resolve_hours_median: float | None = None
    resolve_hours_p90: float | None = None
    reply_sla: SlaTally = field(default_factory=SlaTally)
    logistics_sla: SlaTally = field(default_factory=SlaTally)

    @property
    def sla_rate(self) -> float | None:
        return combined_rate(self.reply_sla, self.logistics_sla)


@dataclass
class AgentFigures:
    """One agent's line of the monthly score sheet (奖罚评分表)."""

    name: str
    cases: int = 0
    resolved: int = 0
    reply_sla: SlaTally = field(default_factory=SlaTally)
    logistics_sla: SlaTally = field(default_factory=SlaTally)
    escalations: int = 0
    refund_fen: int = 0
    compensation_fen: int = 0
    reply_minutes_median: float | None = None
    follow_ups: int = 0
    """Follow-up visits (回访) of the agent's cases recorded in the period."""
    follow_ups_reached: int = 0
    follow_ups_satisfied: int = 0
    top_up_fen: int = 0
    """What the agent's customers paid on top (补差价, 补运费)."""
    price_cut_fen: int = 0
    """How much the agent's cases lowered prices (改价优惠)."""

    @property
    def sla_rate(self) -> float | None:
        return combined_rate(self.reply_sla, self.logistics_sla)

    @property
    def satisfaction_rate(self) -> float | None:
        """Satisfied customers among those the follow-ups reached."""
        return satisfaction_rate(self.follow_ups_satisfied, self.follow_ups_reached)


class ReviewCount(NamedTuple):
    """One line of the 评价跟踪 sheet: a reason or a style, its middling and bad reviews."""

    group: str
    item: str
    middling: int
    bad: int
    revised: int


class ScoreRow(NamedTuple):
    """One agent's line of the score sheet (奖罚评分表)."""

    name: str
    reply_rate: float | None
    logistics_rate: float | None
    satisfaction_rate: float | None
    bad_reviews: int
    escalations: int
    computed: float
    adjustment: float
    final: float
    comment: str


class ReceiptRow(NamedTuple):
    """One line of the 退货入库 sheet: a graded group of items, or an unmatched parcel."""

    received_at: datetime
    waybill: str
    courier: str
    case_no: str
    """'无主件' for a parcel not matched to a case yet."""
    customer_id: str
    reason: str
    goods: str
    quantity: int | None
    condition: str
    disposition: str
    remark: str
    clerk: str


@dataclass
class MonthlyReport:
    """Everything the workbook shows."""

    period: ReportPeriod
    generated_at: datetime
    current: PeriodFigures
    previous: PeriodFigures
    per_day: list[tuple[date, int]]
    agents: list[AgentFigures]
    clusters: list[ProductionCluster]
    rows: Sequence[DetailRow]
    kind_labels: list[str] = field(default_factory=list)
    """Every kind label in display order (so kinds with no cases still show as 0)."""
    receipts: Sequence[ReceiptRow] = ()
    """Returned parcels received in the period, one row per graded line (退货入库)."""
    style_defects: Sequence[StyleDefects] = ()
    """Defect rate by style from the period's graded returns (for 生产反馈)."""
    claims: Sequence[ClaimRow] = ()
    """Courier claims opened in the period, oldest first."""
    defect_rule: DefectRule = field(default_factory=DefectRule)
    """The office's production-feedback rule the clusters were found with."""
    limits: PromiseLimits = field(default_factory=PromiseLimits)
    """The office's time promises the figures were counted against."""
    feedback_recorded: dict[tuple[str, str], datetime] = field(default_factory=dict)
    """When a cluster's production-feedback record was made (local), by style and batch."""
    reviews: list[ReviewCount] = field(default_factory=list)
    """The month's middling and bad reviews by reason, then by style."""
    scores: list[ScoreRow] = field(default_factory=list)
    score_status: str = ""
    """'已签字（陈主管 2026-12-01 09:30）' or '未签字'."""


# --- the target file -----------------------------------------------------------------------


def normalise_target(path: Path) -> Path:
    """The target with an .xlsx suffix; `ValidationError` for another spreadsheet suffix."""
    if path.suffix.lower() == ".xlsx":
        return path
    if path.suffix.lower() in (".xls", ".xlsm", ".csv", ".et", ".ods"):
        raise ValidationError(f"只能导出为 .xlsx 文件，请把文件名改为 {path.stem}.xlsx。", "out")
    return path.with_name(path.name + ".xlsx")


def free_name(path: Path) -> Path:
    """`path`, or the first free 'name (1).xlsx', 'name (2).xlsx' … beside it."""
    if not path.exists():
        return path
    for number in range(1, 1000):
        candidate = path.with_name(f"{path.stem} ({number}){path.suffix}")
        if not candidate.exists():
            return candidate
    return path.with_name(f"{path.stem} ({os.getpid()}){path.suffix}")


def _in_use(path: Path) -> TargetUnavailable:
    other = free_name(path)
    return TargetUnavailable(
        f"无法写入 {path.name}：文件正在被 Excel 等程序打开，或是只读文件。"
        f"请关闭该文件后重试，或另存为 {other.name}。",
        other,
    )


def check_target(path: Path) -> None:
    """Raise `TargetUnavailable` now if `path` cannot be written, before any work is done."""
    folder = path.parent
    if not folder.is_dir():
        raise TargetUnavailable(f"文件夹不存在：{folder}。请选择已有的文件夹。")
    if not os.access(folder, os.W_OK):
        raise TargetUnavailable(f"没有权限写入文件夹 {folder}。请选择其他文件夹，例如“文档”。")
    if path.is_dir():
        raise TargetUnavailable(f"{path} 是一个文件夹，请填写文件名，例如 登记表.xlsx。")
    if path.exists():
        if not os.access(path, os.W_OK):
            raise _in_use(path)
        try:
            # On Windows a file open in Excel refuses to be opened for writing.
            with open(path, "r+b"):
                pass
        except PermissionError:
            raise _in_use(path) from None


def _replace(temporary: Path, target: Path) -> None:
    try:
        check_target(target)
        os.replace(temporary, target)
    except (PermissionError, TargetUnavailable) as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(error, TargetUnavailable):
            raise
        raise _in_use(target) from None


# --- safe text -----------------------------------------------------------------------------

EXCEL_TEXT_LIMIT = 32_767
"""The most characters (UTF-16 units) an Excel cell holds."""
TRUNCATED_MARK = "…（已截断）"
"""Ends a text that was too long for one cell, so nobody takes it for the whole text."""
REPLACEMENT = "\ufffd"
"""Stands in for a character XML cannot hold (control characters, U+FFFE, lone surrogates)."""

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPE_LOOKALIKE = re.compile("_x[0-9A-Fa-f]{4}_")
_NEEDS_CARE = re.compile(f"{_XML_ILLEGAL.pattern}|{_ESCAPE_LOOKALIKE.pattern}")
_SURELY_SHORT = EXCEL_TEXT_LIMIT // 2
"""Texts up to this many characters fit a cell whatever they hold (≤ 2 UTF-16 units each)."""


class Formula(str):
    """A formula the product itself writes (a sum, a link): the only text written as a formula."""

    __slots__ = ()


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _cut(text: str) -> str:
    """`text` cut to fit a cell, ending with `TRUNCATED_MARK`."""
    room = EXCEL_TEXT_LIMIT - _utf16_length(TRUNCATED_MARK)
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > room:
            return text[:index] + TRUNCATED_MARK
    return text  # pragma: no cover - only called for texts over the limit


def cell_text(text: str) -> str:
    """A person's text as it must be stored in a cell to show exactly that text.

    Too long for a cell → cut and marked "…（已截断）"; characters XML cannot hold → U+FFFD;
    text that looks like Excel's own escape `_xHHHH_` → escaped (`_x005F_xHHHH_`), so Excel
    shows it as typed instead of decoding it.
    """
    if len(text) <= _SURELY_SHORT and _NEEDS_CARE.search(text) is None:
        return text
    if _utf16_length(text) > EXCEL_TEXT_LIMIT:
        text = _cut(text)
    text = _XML_ILLEGAL.sub(REPLACEMENT, text)
    return _ESCAPE_LOOKALIKE.sub(lambda match: "_x005F" + match.group(0), text)


def shown_text(stored: str) -> str:
    """What Excel shows for a stored cell text: it decodes every `_xHHHH_` escape."""
    return _ESCAPE_LOOKALIKE.sub(lambda match: chr(int(match.group(0)[2:6], 16)), stored)


def link_target(path: str) -> str:
    """A hyperlink target XML can hold (characters it cannot become U+FFFD)."""
    return _XML_ILLEGAL.sub(REPLACEMENT, path)


# --- widths and cells ----------------------------------------------------------------------


def text_width(text: str) -> int:
    """Display width in Excel columns: CJK characters are two wide."""
    return len(text.encode("gbk", "replace"))


_KIND_WIDTH: dict[str, int] = {"datetime": 16, "date": 10}


class Column(NamedTuple):
    header: str
    kind: str = "text"
    """text | int | yuan | datetime | date | percent | decimal | link"""


@dataclass
class _Styles:
    """Shared cell styles, made once per workbook (write-only cells copy them cheaply)."""

    cache: dict[str, Any] = field(default_factory=dict)

    def style(self, name: str, sheet: Any) -> Any:
        if name not in self.cache:
            cell = WriteOnlyCell(sheet)
            if name == "header":
                cell.font = Font(bold=True, color="FFFFFF")
                cell.fill = PatternFill("solid", fgColor="305496")
                cell.alignment = Alignment(vertical="center")
            elif name == "title":
                cell.font = Font(bold=True, size=14)
            elif name == "section":
                cell.font = Font(bold=True, size=11, color="305496")
            elif name == "link":
                cell.font = Font(color="0563C1", underline="single")
            elif name == "note":
                cell.font = Font(italic=True, color="7F7F7F")
            else:
                cell.number_format = {
                    "yuan": YUAN_FORMAT,
                    "datetime": DATETIME_FORMAT,
                    "date": DATE_FORMAT,
                    "percent": PERCENT_FORMAT,
                    "change": CHANGE_FORMAT,
                    "points": POINTS_FORMAT,
                    "decimal": DECIMAL_FORMAT,
                    "int": COUNT_FORMAT,
                }[name]
            # StyleArray is an immutable-in-practice array of style ids; sharing one per style
            # avoids a lookup per cell on a 60,000-row sheet.
            self.cache[name] = cell._style
        return self.cache[name]

    def cell(self, sheet: Any, value: Any, name: str) -> WriteOnlyCell:
        cell = text_cell(sheet, value) if isinstance(value, str) else WriteOnlyCell(sheet, value)
        cell._style = self.style(name, sheet)
        return cell

    def number_cell(self, sheet: Any, value: Any, name: str) -> WriteOnlyCell:
        """A styled number or date cell, skipping openpyxl's type sniffing (hot path)."""
        cell = WriteOnlyCell(sheet)
        cell._value = value
        cell.data_type = "d" if isinstance(value, date) else "n"
        cell._style = self.style(name, sheet)
        return cell


def text_cell(sheet: Any, text: str) -> WriteOnlyCell:
    """A string cell holding `text` safely: never a formula (unless a `Formula`), never unwritable.

    Every text cell of every sheet is made here.
    """
    cell = WriteOnlyCell(sheet)
    if isinstance(text, Formula):
        cell._value = str(text)
        cell.data_type = "f"
    else:
        cell._value = cell_text(text)
        cell.data_type = "s"
    return cell


_NEEDS_CELL = re.compile(f"^=|{_NEEDS_CARE.pattern}")
"""Texts openpyxl would write as a formula, fail on, or that Excel would decode."""


def _safe_at(sheet: Any, values: list[Any], indexes: Iterable[int]) -> list[Any]:
    """`safe_values` for the given positions only (the hot path: only text columns)."""
    needs_cell = _NEEDS_CELL.search
    for index in indexes:
        value = values[index]
        if value.__class__ is str:
            if len(value) > _SURELY_SHORT or needs_cell(value) is not None:
                values[index] = text_cell(sheet, value)
        elif isinstance(value, Formula):
            values[index] = text_cell(sheet, value)
    return values


def safe_values(sheet: Any, values: list[Any]) -> list[Any]:
    """`values` with every text that needs it turned into a `text_cell` (in place).

    openpyxl writes a plain text as a string unless it starts with "=" (then a formula), holds a
    character XML cannot (then it fails) or is over-long (then it is cut silently); only those
    texts, `_xHHHH_` look-alikes and `Formula`s become cells here, so the common text is appended
    as it is, which keeps a busy month's export fast.
    """
    return _safe_at(sheet, values, range(len(values)))


def _plan_widths(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> list[float]:
    """Fitted widths: the widest value (or header) of each column, within sensible bounds."""
    widths: list[float] = []
    for index, column in enumerate(columns):
        width = text_width(column.header) + 2
        if column.kind in _KIND_WIDTH:
            width = max(width, _KIND_WIDTH[column.kind] + 2)
        elif rows:
            values = {row[index] for row in rows} - {None, ""}
            if column.kind == "yuan":
                biggest = max((abs(v) for v in values), default=0)
                longest = len(f"{biggest:,.2f}") + 1
            elif column.kind in ("percent", "decimal"):
                longest = 7
            elif column.kind == "int":
                longest = len(f"{max((abs(v) for v in values), default=0):,}")
            else:
                longest = max((text_width(str(v)) for v in values), default=0)
            width = max(width, min(longest, 60) + 2)
        widths.append(width)
    return widths


GAP_COLUMN_WIDTH = 4
"""The column between the 汇总 sheet's table and its charts."""
PORTRAIT_WIDTH = 95
"""Column widths (in characters) an A4 page holds upright; a wider sheet prints landscape."""
WORKBOOK_HEADING = "售后月度报表"


def print_setup(
    sheet: Any,
    heading: str,
    wide: bool,
    title_rows: str | None = "1:1",
    scale: int | None = None,
) -> None:
    """A4, landscape when `wide`, fit to one page wide (or printed at `scale` percent, which
    keeps the sheet's own page breaks), `title_rows` repeated on every page, the month and
    sheet name above and the page number below. Call before the sheet's first row is written."""
    setup = sheet.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.orientation = "landscape" if wide else "portrait"
    if scale is None:
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        setup.scale = scale
    sheet.page_margins = PageMargins(
        left=0.4, right=0.4, top=0.7, bottom=0.6, header=0.3, footer=0.3
    )
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddHeader.left.text = heading
    sheet.oddHeader.right.text = "&A"
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.oddFooter.right.text = "打印时间 &D &T"


def _table_sheet(
    workbook: Workbook,
    styles: _Styles,
    title: str,
    columns: Sequence[Column],
    widths: Sequence[float],
    row_count: int,
    heading: str = WORKBOOK_HEADING,
) -> Any:
    """A write-only sheet with widths, frozen header row, autofilter, print setup and the
    header written."""
    sheet = workbook.create_sheet(title)
    print_setup(sheet, heading, wide=sum(widths) > PORTRAIT_WIDTH)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    used = f"A1:{last}{max(row_count, 1) + 1}"
    sheet.auto_filter.ref = used
    # Written into the sheet's header so readers know its size without scanning it.
    sheet.calculate_dimension = lambda: used
    sheet.append([styles.cell(sheet, c.header, "header") for c in columns])
    return sheet


_NUMBER_KINDS = frozenset({"yuan", "percent", "decimal", "date", "datetime", "int"})


def _styled_row(
    styles: _Styles, sheet: Any, columns: Sequence[Column], values: list[Any]
) -> list[Any]:
    """`values` with numbers and dates as formatted cells and texts as safe text cells (in place)."""
    for index, kind in _number_columns(tuple(columns)):
        value = values[index]
        if value is not None and value != "":
            values[index] = styles.number_cell(sheet, value, kind)
    return _safe_at(sheet, values, _text_columns(tuple(columns)))


@functools.cache
def _text_columns(columns: tuple[Column, ...]) -> list[int]:
    return [i for i, c in enumerate(columns) if c.kind not in _NUMBER_KINDS]


@functools.cache
def _number_columns(columns: tuple[Column, ...]) -> list[tuple[int, str]]:
    return [(i, c.kind) for i, c in enumerate(columns) if c.kind in _NUMBER_KINDS]


def _simple_table(
    workbook: Workbook,
    styles: _Styles,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    empty_note: str,
    heading: str = WORKBOOK_HEADING,
) -> Any:
    sheet = _table_sheet(
        workbook,
        styles,
        title,
        columns,
        _plan_widths(columns, rows),
        max(len(rows), 1),
        heading,
    )
    for values in rows:
        sheet.append(_styled_row(styles, sheet, columns, list(values)))
    if not rows:
        sheet.append([styles.cell(sheet, empty_note, "note")])
    return sheet


# --- the sheets ----------------------------------------------------------------------------

DETAIL_COLUMNS: tuple[Column, ...] = (
    Column("售后单号"),
    Column("登记时间", "datetime"),
    Column("买家ID"),
    Column("订单号"),
    Column("运单号"),
    Column("快递公司"),
    Column("售后类型"),
    Column("问题细类"),
    Column("状态"),
    Column("处理人"),
    Column("款号"),
    Column("颜色"),
    Column("尺码"),
    Column("数量", "int"),
    Column("批次"),
    Column("处理结果"),
    Column("退款(元)", "yuan"),
    Column("赔偿/补偿(元)", "yuan"),
    Column("邮费(元)", "yuan"),
    Column("邮费承担"),
    Column("物流赔偿(元)", "yuan"),
    Column("客户补差/补运费(元)", "yuan"),
    Column("改价优惠(元)", "yuan"),
    Column("首次咨询", "datetime"),
    Column("首次回复", "datetime"),
    Column("解决时间", "datetime"),
    Column("首次回复用时(分钟)", "decimal"),
    Column("解决用时(小时)", "decimal"),
    Column("所属登记表"),
    Column("证据张数", "int"),
    *(Column(f"证据{i}", "link") for i in range(1, EVIDENCE_LINKS + 1)),
    Column("问题描述"),
)

REGISTER_COLUMNS: tuple[Column, ...] = (
    Column("售后单号"),
    Column("登记时间", "datetime"),
    Column("买家ID"),
    Column("订单号"),
    Column("运单号"),
    Column("快递公司"),
    Column("售后类型"),
    Column("问题细类"),
    Column("款号"),
    Column("批次"),
    Column("处理结果"),
    Column("状态"),
    Column("处理人"),
    Column("退款(元)", "yuan"),
    Column("赔偿/补偿(元)", "yuan"),
    Column("邮费(元)", "yuan"),
    Column("物流赔偿(元)", "yuan"),
    Column("解决用时(小时)", "decimal"),
)

RETURN_GOODS_COLUMNS: tuple[Column, ...] = (
    Column("退回状态"),
    Column("收到件数", "int"),
    Column("收货状况"),
    Column("处理方式"),
    Column("入库时间", "datetime"),
)
"""The 退货 sheet's columns after the register's: what actually came back."""

AGENT_COLUMNS: tuple[Column, ...] = (
    Column("客服"),
    Column("处理单数", "int"),
    Column("已解决", "int"),
    Column("5分钟回复达标率", "percent"),
    Column("物流48小时解决达标率", "percent"),
    Column("综合达标率", "percent"),
    Column("升级主管", "int"),
    Column("退款金额(元)", "yuan"),
    Column("赔偿/补偿金额(元)", "yuan"),
    Column("发放金额合计(元)", "yuan"),
    Column("首次回复中位数(分钟)", "decimal"),
    Column("回访数", "int"),
    Column("回访满意率", "percent"),
    Column("客户补差/补运费(元)", "yuan"),
    Column("改价优惠(元)", "yuan"),
)

RECEIPT_COLUMNS: tuple[Column, ...] = (
    Column("入库时间", "datetime"),
    Column("运单号"),
    Column("快递公司"),
    Column("售后单号"),
    Column("买家ID"),
    Column("退货原因"),
    Column("商品"),
    Column("件数", "int"),
    Column("状况"),
    Column("处理方式"),
    Column("备注"),
    Column("登记人"),
)
STYLE_DEFECT_COLUMNS: tuple[Column, ...] = (
    Column("款号"),
    Column("退回件数", "int"),
    Column("次品件数", "int"),
    Column("次品率", "percent"),
    Column("有穿着痕迹", "int"),
)
RECEIPTS_SHEET = "退货入库"
UNMATCHED = "无主件"
"""What the 售后单号 column of the 退货入库 sheet says for a parcel not matched to a case."""
CLAIM_COLUMNS: tuple[Column, ...] = (
    Column("售后单号"),
    Column("生成时间", "datetime"),
    Column("快递公司"),
    Column("运单号"),
    Column("问题"),
    Column("索赔金额(元)", "yuan"),
    Column("到账金额(元)", "yuan"),
    Column("状态"),
    Column("已开天数", "int"),
    Column("结案时间", "datetime"),
    Column("备注"),
)

PRODUCTION_COLUMNS: tuple[Column, ...] = (
    Column("款号"),
    Column("批次"),
    Column("投诉客户数", "int"),
    Column("售后单数", "int"),
    Column("首次投诉", "datetime"),
    Column("最近投诉", "datetime"),
    Column("售后单号"),
    Column("登记生产反馈", "datetime"),
)


REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("分类"),
    Column("原因 / 款号"),
    Column("中评", "int"),
    Column("差评", "int"),
    Column("合计", "int"),
    Column("客户已改评", "int"),
)


SCORE_COLUMNS: tuple[Column, ...] = (
    Column("客服"),
    Column("5分钟回复达标率", "percent"),
    Column("物流48小时解决达标率", "percent"),
    Column("回访满意率", "percent"),
    Column("中差评", "int"),
    Column("升级主管", "int"),
    Column("计算得分", "decimal"),
    Column("主管调整", "decimal"),
    Column("最终得分", "decimal"),
    Column("调整原因"),
    Column("签字"),
)


def _yuan(fen: int) -> float | None:
    return fen / 100 if fen else None


def _detail_values(row: DetailRow) -> list[Any]:
    links = list(row.evidence[:EVIDENCE_LINKS])
    links += [""] * (EVIDENCE_LINKS - len(links))
    return [
        row.case_no,
        row.created_at,
        row.customer_id,
        row.order_no,
        row.waybill_no,
        row.courier,
        row.kind,
        row.sub_kind,
        row.state,
        row.handler,
        row.sku,
        row.colour,
        row.size,
        row.quantity,
        row.batch,
        row.resolution,
        _yuan(row.refund_fen),
        _yuan(row.compensation_fen),
        _yuan(row.postage_fen),
        row.postage_payer,
        _yuan(row.courier_fen),
        _yuan(row.top_up_fen),
        _yuan(row.price_cut_fen),
        row.asked_at,
        row.first_reply_at,
        row.resolved_at,
        row.reply_minutes,
        row.resolve_hours,
        "、".join(r.label for r in row.registers),
        len(row.evidence),
        *(Path(p).name if p else "" for p in links),
        row.summary,
    ]


def _goods_values(row: DetailRow) -> list[Any]:
    """The 退货 sheet's goods cells: blank counts for a return still expected (待退回)."""
    goods = row.goods
    if goods is None:
        return [ReturnProgress.NOT_RECORDED.label, None, "", "", None]
    if goods.progress != ReturnProgress.RECEIVED:
        return [goods.progress.label, None, "", "", None]
    return [
        goods.progress.label,
        goods.received,
        goods.condition_text,
        goods.disposition_text,
        goods.received_at,
    ]


def returned_totals(rows: Iterable[DetailRow]) -> list[str]:
    """The 退货 sheet's closing lines: cases and pieces received by condition, and the returns
    still expected (shown apart, not counted as received)."""
    received_cases = waiting_cases = pieces = waiting_pieces = 0
    conditions: dict[str, int] = {}
    for row in rows:
        goods = row.goods
        if goods is None:
            continue
        if goods.progress == ReturnProgress.RECEIVED:
            received_cases += 1
            pieces += goods.received
            for condition, count in goods.conditions:
                conditions[condition.label] = conditions.get(condition.label, 0) + count
        elif goods.progress == ReturnProgress.EXPECTED:
            waiting_cases += 1
            waiting_pieces += goods.expected_waiting
    detail = "、".join(f"{label} {count}" for label, count in conditions.items())
    return [
        f"已入库：{received_cases} 单，收到 {pieces} 件" + (f"（{detail}）" if detail else ""),
        f"待退回：{waiting_cases} 单 {waiting_pieces} 件（尚未收到，不计入已收到件数）",
    ]


def _register_values(row: DetailRow) -> list[Any]:
    return [
        row.case_no,
        row.created_at,
        row.customer_id,
        row.order_no,
        row.waybill_no,
        row.courier,
        row.kind,
        row.sub_kind,
        row.sku,
        row.batch,
        row.resolution,
        row.state,
        row.handler,
        _yuan(row.refund_fen),
        _yuan(row.compensation_fen),
        _yuan(row.postage_fen),
        _yuan(row.courier_fen),
        row.resolve_hours,
    ]


class _Progress:
    def __init__(
        self,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.progress = progress
        self.cancelled = cancelled

    def step(self, count: int = 1) -> None:
        before = self.done
        self.done += count
        if self.done // PROGRESS_EVERY != before // PROGRESS_EVERY or self.done >= self.total:
            self.check()
            if self.progress is not None:
                self.progress(min(self.done, self.total), self.total)

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled("已取消导出，没有生成文件。")


CHART_ROWS = ((3, 16), (21, 16))
"""(first row, rows covered) of the 汇总 sheet's two charts, 8 cm high at 15-point rows."""
CHART_WIDTHS_CM = (16, 24)
LANDSCAPE_CM = (29.7 - 2 * 1.016, 21.0 - (0.7 + 0.6) * 2.54)
"""The printable width and height of a landscape A4 page inside the margins `print_setup` sets."""
ROW_CM = 15 / 72 * 2.54
PAGE_SAFETY = 0.85
"""Pages are planned this much smaller than they are: rows a little taller than 15 points,
columns a little wider in another spreadsheet's font."""


def column_cm(width: float) -> float:
    """The printed width of a column `width` characters wide (Excel's 7-pixel digit at 96 dpi)."""
    return (int(width * 7 + 5)) / 96 * 2.54


def summary_scale(column_widths: Sequence[float], keep_rows: int) -> tuple[int, int]:
    """The print scale (percent) of the 汇总 sheet and the rows a page then holds.

    One page wide: the columns and the widest chart beside them fit the page's width; and the
    rows up to `keep_rows` (the charts) fit its height.
    """
    width = sum(column_cm(w) for w in column_widths) + max(CHART_WIDTHS_CM)
    scale = min(1.0, LANDSCAPE_CM[0] * PAGE_SAFETY / width)
    if keep_rows:
        scale = min(scale, LANDSCAPE_CM[1] * PAGE_SAFETY / (keep_rows * ROW_CM))
    percent = max(10, int(scale * 100))
    rows = int(LANDSCAPE_CM[1] * PAGE_SAFETY / (ROW_CM * percent / 100))
    return percent, rows


def summary_page_breaks(
    row_count: int, section_starts: Sequence[int], keep_until: int, page_rows: int
) -> list[int]:
    """The rows after which the 汇总 sheet starts a new page (`page_rows` rows a page at most).

    No page starts at or before `keep_until` (the charts' last row), each page starts at a
    section where it can, and a section longer than a page is cut where the page is full.
    """
    starts = sorted({s for s in section_starts if 1 < s <= row_count})
    pieces = list(zip([1, *starts], [*(s - 1 for s in starts), row_count], strict=True))
    breaks: list[int] = []
    page_start = 1
    for start, end in pieces:
        too_long = end - page_start + 1 > page_rows
        if too_long and start > page_start and start - 1 >= keep_until:
            breaks.append(start - 1)
            page_start = start
        while end - page_start + 1 > page_rows:
            page_start += page_rows
            breaks.append(page_start - 1)
    return breaks


def _heading(report: MonthlyReport) -> str:
    return f"{WORKBOOK_HEADING}  {report.period.label}"


def _summary_sheet(workbook: Workbook, styles: _Styles, report: MonthlyReport) -> None:
    sheet = workbook.create_sheet(SUMMARY_SHEET)
    cur, prev = report.current, report.previous
    rows: list[list[Any]] = []
    section_starts: list[int] = []

    def put(*values: Any) -> int:
        rows.append(list(values))
        return len(rows)

    def section(title: str, headers: Sequence[str]) -> int:
        put()
        section_starts.append(put(styles.cell(sheet, title, "section")))
        return put(*(styles.cell(sheet, h, "header") for h in headers))

    put(styles.cell(sheet, f"售后月度报表  {report.period.label}", "title"))
    put(
        f"统计范围：{report.period.start:%Y-%m-%d} 至 "
        f"{report.period.days[-1]:%Y-%m-%d}（按登记时间，本地时间）；"
        f"上期：{report.period.previous().label}；生成时间：{report.generated_at:%Y-%m-%d %H:%M}"
    )
    if cur.cases == 0 and cur.cancelled == 0:
        put(styles.cell(sheet, EMPTY_NOTE, "note"))

    def compare(label: str, now: float | None, before: float | None, kind: str) -> None:
        change: Any = None
        if kind == "percent":
            if now is not None and before is not None:
                change = styles.cell(sheet, (now - before) * 100, "points")
        elif now is not None and before is not None:
            ratio = change_ratio(now, before)
            change = styles.cell(sheet, ratio, "change") if ratio is not None else None
        put(
            label,
            styles.cell(sheet, now, kind) if now is not None else "—",
            styles.cell(sheet, before, kind) if before is not None else "—",
            change,
        )

    section("总体", ("项目", "本期", "上期", "变化"))
    compare("售后单数（不含已撤销）", cur.cases, prev.cases, "int")
    compare("已撤销", cur.cancelled, prev.cancelled, "int")
    compare("已解决", cur.resolved, prev.resolved, "int")
    compare("退款金额(元)", cur.refund_fen / 100, prev.refund_fen / 100, "yuan")
    compare("赔偿/补偿金额(元)", cur.compensation_fen / 100, prev.compensation_fen / 100, "yuan")
    compare("邮费(元，店铺承担)", cur.postage_fen / 100, prev.postage_fen / 100, "yuan")
    compare("物流赔偿(元，物流支付)", cur.courier_fen / 100, prev.courier_fen / 100, "yuan")
    compare("客户补差/补运费(元)", cur.top_up_fen / 100, prev.top_up_fen / 100, "yuan")
    compare("改价优惠(元)", cur.price_cut_fen / 100, prev.price_cut_fen / 100, "yuan")
    compare(
        "首次回复用时 中位数(分钟)", cur.reply_minutes_median, prev.reply_minutes_median, "decimal"
    )
    compare("首次回复用时 90分位(分钟)", cur.reply_minutes_p90, prev.reply_minutes_p90, "decimal")
    compare("解决用时 中位数(小时)", cur.resolve_hours_median, prev.resolve_hours_median, "decimal")
    compare("解决用时 90分位(小时)", cur.resolve_hours_p90, prev.resolve_hours_p90, "decimal")
    compare("5分钟首次回复达标率", cur.reply_sla.rate, prev.reply_sla.rate, "percent")
    compare("物流问题48小时解决达标率", cur.logistics_sla.rate, prev.logistics_sla.rate, "percent")
    compare("物流问题48小时内解决(单)", cur.logistics_sla.kept, prev.logistics_sla.kept, "int")
    compare("物流问题已到期(单)", cur.logistics_sla.checked, prev.logistics_sla.checked, "int")
    compare("综合达标率", cur.sla_rate, prev.sla_rate, "percent")

    kind_header = section("按售后类型", ("售后类型", "本期", "上期", "变化"))
    kind_labels = report.kind_labels or sorted(set(cur.by_kind) | set(prev.by_kind))
    for label in kind_labels:
        compare(label, cur.by_kind.get(label, 0), prev.by_kind.get(label, 0), "int")
    kind_last = len(rows)

    section("按问题细类", ("售后类型 / 问题细类", "本期", "上期", "变化"))
    for kind_label, sub_label in sorted(
        set(cur.by_sub_kind) | set(prev.by_sub_kind),
        key=lambda k: (kind_labels.index(k[0]) if k[0] in kind_labels else 99, k[1]),
    ):
        key = (kind_label, sub_label)
        compare(
            f"{kind_label} / {sub_label or '未填'}",
            cur.by_sub_kind.get(key, 0),
            prev.by_sub_kind.get(key, 0),
            "int",
        )

    section("按处理结果", ("处理结果", "本期", "上期", "变化"))
    for label in sorted(
        set(cur.by_resolution) | set(prev.by_resolution),
        key=lambda k: -cur.by_resolution.get(k, 0),
    ):
        compare(
            label or "未处理完",
            cur.by_resolution.get(label, 0),
            prev.by_resolution.get(label, 0),
            "int",
        )

    section("按登记表", ("登记表", "本期", "上期", "变化"))
    for register in Register:
        compare(
            register.label,
            cur.by_register.get(register, 0),
            prev.by_register.get(register, 0),
            "int",
        )

    if report.claims:
        section("快递理赔（本期生成）", ("快递公司", "理赔单数", "索赔金额(元)", "到账金额(元)"))
        totals: dict[str, list[int]] = {}
        for claim in report.claims:
            line = totals.setdefault(claim.courier or "未填快递", [0, 0, 0])
            line[0] += 1
            line[1] += claim.claimed_fen
            line[2] += claim.received_fen
        for courier, (count, claimed, received) in sorted(totals.items(), key=lambda t: -t[1][1]):
            put(
                courier,
                styles.cell(sheet, count, "int"),
                styles.cell(sheet, claimed / 100, "yuan"),
                styles.cell(sheet, received / 100, "yuan"),
            )

    day_header = section("每日售后单数", ("日期", "售后单数", "", ""))
    for day, count in report.per_day:
        put(styles.cell(sheet, day, "date"), styles.cell(sheet, count, "int"))
    day_last = len(rows)

    put()
    put(
        styles.cell(
            sheet,
            f"生产反馈规则：同一款号、同一批次在 {report.defect_rule.window.days} 天内有 "
            f"{report.defect_rule.min_customers} 位及以上不同客户反映质量问题（不含客户责任和核实非质量问题的；"
            f"按滚动 {report.defect_rule.window.days} 天计算，跨月也算），本期内仍有投诉的都列在「{PRODUCTION_SHEET}」表。",
            "note",
        )
    )
    put(
        styles.cell(
            sheet,
            f"时效承诺（按服务时间计，等待客户时暂停）：首次回复 {limit_text(report.limits.first_reply)}内；"
            f"物流问题 {limit_text(report.limits.logistics_resolve)}内解决。"
            "综合达标率 = 达标次数 ÷ 已到期的承诺次数。",
            "note",
        )
    )
    labels = [getattr(r[0], "value", r[0]) for r in rows if len(r) > 1]
    label_width = max((text_width(str(v)) for v in labels if v is not None), default=20)
    sheet.column_dimensions["A"].width = max(label_width + 2, 24)
    for letter in "BCD":
        sheet.column_dimensions[letter].width = 16
    sheet.column_dimensions["E"].width = GAP_COLUMN_WIDTH  # LibreOffice's default is wider
    last_chart_row = CHART_ROWS[-1][0] + CHART_ROWS[-1][1] if cur.cases else 0
    widths = [sheet.column_dimensions["A"].width, 16, 16, 16, GAP_COLUMN_WIDTH]
    scale, page_rows = summary_scale(widths, last_chart_row)
    print_setup(sheet, _heading(report), wide=True, title_rows=None, scale=scale)
    for row in summary_page_breaks(len(rows), section_starts, last_chart_row, page_rows):
        sheet.row_breaks.append(Break(id=row))
    for values in rows:
        sheet.append(safe_values(sheet, values))

    if cur.cases:
        bar = BarChart()
        bar.type = "col"
        bar.title = "各类售后单数"
        bar.y_axis.title = "单数"
        bar.legend = None
        bar.add_data(
            Reference(sheet, min_col=2, min_row=kind_header, max_row=kind_last),
            titles_from_data=True,
        )
        bar.set_categories(Reference(sheet, min_col=1, min_row=kind_header + 1, max_row=kind_last))
        bar.width, bar.height = 16, 8
        sheet.add_chart(bar, f"F{CHART_ROWS[0][0]}")
        line = LineChart()
        line.title = "每日售后单数"
        line.y_axis.title = "单数"
        line.legend = None
        line.add_data(
            Reference(sheet, min_col=2, min_row=day_header, max_row=day_last),
            titles_from_data=True,
        )
        line.set_categories(Reference(sheet, min_col=1, min_row=day_header + 1, max_row=day_last))
        line.x_axis.number_format = "mm-dd"
        line.width, line.height = 24, 8
        sheet.add_chart(line, f"F{CHART_ROWS[1][0]}")


def _register_sheets(
    workbook: Workbook,
    styles: _Styles,
    report: MonthlyReport,
    widths: Sequence[float],
    progress: _Progress,
) -> None:
    members: dict[Register, list[DetailRow]] = {register: [] for register in Register}
    for row in report.rows:
        for register in row.registers:
            members[register].append(row)
    for register in Register:
        rows = members[register]
        goods = register == Register.RETURN
        columns = REGISTER_COLUMNS + RETURN_GOODS_COLUMNS if goods else REGISTER_COLUMNS
        goods_widths = _plan_widths(RETURN_GOODS_COLUMNS, [_goods_values(r) for r in rows])
        sheet = _table_sheet(
            workbook,
            styles,
            register.label,
            columns,
            [*widths, *goods_widths] if goods else widths,
            max(len(rows), 1),
            _heading(report),
        )
        for row in rows:
            values = _register_values(row) + (_goods_values(row) if goods else [])
            sheet.append(_styled_row(styles, sheet, columns, values))
        progress.step(len(rows))
        if not rows:
            sheet.append([styles.cell(sheet, f"本期没有{register.label}登记。", "note")])
        elif goods:
            sheet.append([])
            for line in returned_totals(rows):
                sheet.append([styles.cell(sheet, line, "note")])


def _agent_sheet(workbook: Workbook, styles: _Styles, report: MonthlyReport) -> None:
    rows = [
        [
            a.name,
            a.cases,
            a.resolved,
            a.reply_sla.rate,
            a.logistics_sla.rate,
            a.sla_rate,
            a.escalations,
            a.refund_fen / 100,
            a.compensation_fen / 100,
            (a.refund_fen + a.compensation_fen) / 100,
            a.reply_minutes_median,
            a.follow_ups,
            a.satisfaction_rate,
            a.top_up_fen / 100,
            a.price_cut_fen / 100,
        ]
        for a in report.agents
    ]
    _simple_table(workbook, styles, AGENTS_SHEET, AGENT_COLUMNS, rows, EMPTY_NOTE, _heading(report))


def _production_sheet(workbook: Workbook, styles: _Styles, report: MonthlyReport) -> None:
    rows = [
        [
            c.sku,
            c.batch,
            len(c.customers),
            len(c.case_nos),
            c.first_at,
            c.last_at,
            "、".join(c.case_nos),
            report.feedback_recorded.get((c.sku, c.batch)),
        ]
        for c in report.clusters
    ]
    note = f"本期没有需要反馈生产的款式（{report.defect_rule.text}）。"
    sheet = _simple_table(
        workbook, styles, PRODUCTION_SHEET, PRODUCTION_COLUMNS, rows, note, _heading(report)
    )
    _style_defects_block(sheet, styles, report)


def _style_defects_block(sheet: Any, styles: _Styles, report: MonthlyReport) -> None:
    """Below the clusters: the defect rate by style from the period's graded returns."""
    sheet.append([])
    title = "退货质检次品率（按款号，本期退货入库的商品）"
    sheet.append([styles.cell(sheet, title, "header")])
    sheet.append([styles.cell(sheet, c.header, "header") for c in STYLE_DEFECT_COLUMNS])
    for style in report.style_defects:
        values = [style.sku, style.received, style.defective, style.defect_rate, style.worn]
        sheet.append(_styled_row(styles, sheet, STYLE_DEFECT_COLUMNS, values))
    if not report.style_defects:
        sheet.append([styles.cell(sheet, "本期没有退货入库的商品。", "note")])


def _receipts_sheet(workbook: Workbook, styles: _Styles, report: MonthlyReport) -> None:
    rows = [list(row) for row in report.receipts]
    note = "本期没有退货入库，也没有无主件。"
    sheet = _simple_table(
        workbook, styles, RECEIPTS_SHEET, RECEIPT_COLUMNS, rows, note, _heading(report)
    )
    if not rows:
        return
    sheet.append([])
    sheet.append([styles.cell(sheet, "合计（件）", "header")])
    for title, counts in (("状况", receipt_totals(report.receipts, by_condition=True)),
                          ("处理方式", receipt_totals(report.receipts, by_condition=False))):  # fmt: skip
        for label, count in counts.items():
            sheet.append(
                [text_cell(sheet, f"{title}：{label}"), styles.number_cell(sheet, count, "int")]
            )


def receipt_totals(rows: Iterable[ReceiptRow], by_condition: bool) -> dict[str, int]:
    """Items received in the period by condition (or by disposition), unmatched parcels apart."""
    totals: dict[str, int] = {}
    for row in rows:
        if row.case_no == UNMATCHED:
            totals["无主件（包裹）"] = totals.get("无主件（包裹）", 0) + 1
            continue
        label = row.condition if by_condition else row.disposition
        if label and row.quantity:
            totals[label] = totals.get(label, 0) + row.quantity
    return totals


def _review_sheet(workbook: Workbook, styles: _Styles, report: MonthlyReport) -> None:
    rows = [
        [c.group, c.item, c.middling, c.bad, c.middling + c.bad, c.revised] for c in report.reviews
    ]
    note = "本期没有登记中差评。"
    _simple_table(workbook, styles, REVIEWS_SHEET, REVIEW_COLUMNS, rows, note, _heading(report))


def _score_sheet(workbook: Workbook, styles: _Styles, report: MonthlyReport) -> None:
    rows = [
        [r.name, r.reply_rate, r.logistics_rate, r.satisfaction_rate, r.bad_reviews,
         r.escalations, r.computed, r.adjustment, r.final, r.comment, report.score_status]
        for r in report.scores
    ]  # fmt: skip
    _simple_table(workbook, styles, SCORES_SHEET, SCORE_COLUMNS, rows, EMPTY_NOTE, _heading(report))


def _claims_sheet(workbook: Workbook, styles: _Styles, report: MonthlyReport) -> None:
    rows = [
        [
            c.case_no,
            c.opened_at,
            c.courier,
            c.waybill_no,
            c.problem,
            c.claimed_fen / 100,
            _yuan(c.received_fen),
            c.state,
            c.days_open,
            c.settled_at,
            c.remark,
        ]
        for c in report.claims
    ]
    _simple_table(
        workbook, styles, CLAIMS_SHEET, CLAIM_COLUMNS, rows, "本期没有快递理赔。", _heading(report)
    )


def _detail_sheet(
    workbook: Workbook,
    styles: _Styles,
    values: Sequence[list[Any]],
    report: MonthlyReport,
    widths: Sequence[float],
    progress: _Progress,
) -> None:
    sheet = _table_sheet(
        workbook,
        styles,
        DETAIL_SHEET,
        DETAIL_COLUMNS,
        widths,
        max(len(values), 1),
        _heading(report),
    )
    first_link = [c.header for c in DETAIL_COLUMNS].index("证据1")
    link_style = styles.style("link", sheet)
    for row, row_values in zip(report.rows, values, strict=True):
        cells = _styled_row(styles, sheet, DETAIL_COLUMNS, row_values)
        for offset, path in enumerate(row.evidence[:EVIDENCE_LINKS]):
            cell = cells[first_link + offset]
            if isinstance(cell, str):  # an empty name stays a plain value in the row
                cell = cells[first_link + offset] = text_cell(sheet, cell)
            cell._style = link_style
            cell.hyperlink = link_target(path)
        sheet.append(cells)
        progress.step()
    if not values:
        sheet.append([styles.cell(sheet, EMPTY_NOTE, "note")])


def _discard(workbook: Workbook) -> None:
    """Close the half-written sheets of an abandoned workbook and delete their scratch files."""
    for sheet in workbook.worksheets:
        rows, writer = getattr(sheet, "_rows", None), getattr(sheet, "_writer", None)
        with contextlib.suppress(Exception):
            if rows is not None:
                rows.close()
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.close()
            with contextlib.suppress(Exception):
                writer.cleanup()


def _save_durably(workbook: Workbook, path: Path) -> None:
    """Write the workbook to `path` and flush it to disk (raises OSError, file then removed).

    The workbook is built in memory first: openpyxl writing straight to a file that hits a
    full disk leaves its zip file open, which fails again, loudly, when it is collected.
    """
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = memoryview(buffer.getbuffer())
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0))
    try:
        while data:
            data = data[os.write(handle, data[: 1 << 20]) :]
        os.fsync(handle)
    finally:
        os.close(handle)


def write_monthly_workbook(
    report: MonthlyReport,
    target: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the workbook to `target` (all or nothing) and return the path written.

    `progress(done, total)` is called now and then; `cancelled()` returning True stops the
    export with `ExportCancelled`. Raises `TargetUnavailable` when the file cannot be written.
    """
    target = normalise_target(target)
    check_target(target)
    register_rows = sum(len(row.registers) for row in report.rows)
    tracker = _Progress(len(report.rows) * 2 + register_rows, progress, cancelled)
    tracker.check()

    workbook = Workbook(write_only=True)
    styles = _Styles()
    try:
        detail_values = [_detail_values(row) for row in report.rows]
        tracker.step(len(report.rows))
        detail_widths = _plan_widths(DETAIL_COLUMNS, detail_values)
        by_header = dict(zip((c.header for c in DETAIL_COLUMNS), detail_widths, strict=True))
        register_widths = [by_header[c.header] for c in REGISTER_COLUMNS]

        _summary_sheet(workbook, styles, report)
        _register_sheets(workbook, styles, report, register_widths, tracker)
        _agent_sheet(workbook, styles, report)
        _production_sheet(workbook, styles, report)
        _claims_sheet(workbook, styles, report)
        _receipts_sheet(workbook, styles, report)
        _review_sheet(workbook, styles, report)
        _score_sheet(workbook, styles, report)
        _detail_sheet(workbook, styles, detail_values, report, detail_widths, tracker)
        tracker.check()
    except BaseException:
        _discard(workbook)
        raise

    temporary = target.with_name(f"~{target.stem}.{os.getpid()}.tmp")
    try:
        _save_durably(workbook, temporary)
    except PermissionError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise TargetUnavailable(f"没有权限写入文件夹 {target.parent}。请选择其他文件夹。") from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    if cancelled is not None and cancelled():
        temporary.unlink()
        raise ExportCancelled("已取消导出，没有生成文件。")
    _replace(temporary, target)
    if progress is not None:
        progress(tracker.total, tracker.total)
    return target


def detail_cell_values(rows: Iterable[DetailRow]) -> list[list[Any]]:
    """The plain values of the 明细 sheet (for comparisons and benchmarks)."""
    return [_detail_values(row) for row in rows]


def register_cell_values(rows: Iterable[DetailRow]) -> list[list[Any]]:
    """The plain values of a register sheet (for comparisons and benchmarks)."""
    return [_register_values(row) for row in rows]
