"""The monthly workbook from a month of known cases, read back with openpyxl; registers lists;
every bad input of the export. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kefu_desktop.domain.clock import to_utc
from kefu_desktop.domain.errors import PermissionDenied, ValidationError
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.registers import Register, ReportPeriod, month_period
from kefu_desktop.domain.states import CaseState
from kefu_desktop.export import monthly
from kefu_desktop.export.monthly import (
    DETAIL_COLUMNS,
    EMPTY_NOTE,
    REGISTER_COLUMNS,
    ExportCancelled,
    TargetUnavailable,
)
from kefu_desktop.services import cases, evidence, registers
from kefu_desktop.services.cases import NewCase
from kefu_desktop.services.registers import RegisterFilter
from kefu_desktop.store.models import Case, Customer, Evidence
from tests.conftest import Staffing


def _last_month() -> ReportPeriod:
    first = date.today().replace(day=1)
    return month_period(first - timedelta(days=1))


@dataclass
class Spec:
    kind: CaseKind
    sub_kind: SubKind
    customer: str
    day: int
    reply_min: float | None
    resolve_h: float | None = None
    resolution: str = ""
    refund: int = 0
    compensation: int = 0
    postage: int = 0
    payer: str = ""
    sku: str = ""
    batch: str = ""
    state: CaseState = CaseState.CLOSED
    second_agent: bool = False


SPECS: list[Spec] = [
    # c1: damaged parcel, reshipped → 货物破损 + 补发
    Spec(CaseKind.DAMAGED_PARCEL, SubKind.CONTENTS_DAMAGED, "买家甲", 2, 3, 30, "reship",
         postage=1200, payer="shop"),
    # c2..c4: same style + batch from three customers in a week → production feedback
    Spec(CaseKind.QUALITY, SubKind.WITHIN_WINDOW, "买家乙", 3, 10, 50, "return", refund=19900,
         sku="WT2301", batch="B2610-01"),
    Spec(CaseKind.QUALITY, SubKind.WITHIN_WINDOW, "买家丙", 5, 2, 24, "exchange",
         postage=800, payer="customer", sku="WT2301", batch="B2610-01"),
    Spec(CaseKind.QUALITY, SubKind.LATE_OR_WORN, "买家丁", 8, 4, 12, "discount",
         compensation=1500, sku="WT2301", batch="B2610-01"),
    # c5: logistics, resolved in 20 h → 查件 + 延长收货时间
    Spec(CaseKind.LOGISTICS, SubKind.UNREACHABLE, "买家戊", 10, 1, 20, "ems_forward"),
    # c6: logistics, resolved in 60 h (promise broken) → 查件 + 补发 + 延长收货时间 (the buyer
    # waits for the new parcel)
    Spec(CaseKind.LOGISTICS, SubKind.LOST, "买家己", 12, 6, 60, "reship"),
    # c7: escalated by the second agent: an internal escalation is in no register
    Spec(CaseKind.WRONG_SHIPMENT, SubKind.EXTRA_ITEM, "买家庚", 15, 5, None,
         state=CaseState.ESCALATED, second_agent=True),
    # c8: cancelled: listed in 明细, counted nowhere else
    Spec(CaseKind.QUALITY, SubKind.CUSTOMER_FAULT, "买家辛", 20, None, None,
         state=CaseState.CANCELLED),
]  # fmt: skip


def _make(staff: Staffing, spec: Spec, created_local: datetime) -> int:
    user = staff.agent2 if spec.second_agent else staff.agent
    detail = cases.create_case(
        user,
        NewCase(
            kind=spec.kind,
            sub_kind=spec.sub_kind,
            customer_id=spec.customer,
            order_no="3890123456789012",
            waybill_no="SF1402345678901",
            courier="SF",
            sku=spec.sku,
            batch=spec.batch,
        ),
    )
    if spec.state in (CaseState.ESCALATED, CaseState.CANCELLED):
        cases.change_state(user, detail.id, detail.version, spec.state)
    created = to_utc(created_local)
    Case.update(
        created_at=created,
        asked_at=created,
        first_reply_at=created + timedelta(minutes=spec.reply_min)
        if spec.reply_min is not None
        else None,
        resolved_at=created + timedelta(hours=spec.resolve_h) if spec.resolve_h else None,
        resolution=spec.resolution,
        refund_fen=spec.refund,
        compensation_fen=spec.compensation,
        postage_fen=spec.postage,
        postage_payer=spec.payer,
        state=spec.state,
    ).where(Case.id == detail.id).execute()
    return detail.id


@pytest.fixture
def month(staff: Staffing, tmp_path: Path) -> dict[str, Any]:
    period = _last_month()
    ids = [
        _make(staff, spec, datetime.combine(period.start, datetime.min.time()) + timedelta(
            days=spec.day - 1, hours=10))
        for spec in SPECS
    ]  # fmt: skip
    # two cases the month before, one this month: compared with, and left out
    before = period.previous().start
    for day in (3, 4):
        _make(staff, Spec(CaseKind.QUALITY, SubKind.WITHIN_WINDOW, f"上月{day}", day, 2, 5,
                          "refund", refund=5000), datetime(before.year, before.month, day, 9))  # fmt: skip
    cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="本月买家"))
    root = tmp_path / "archive"
    root.mkdir()
    evidence.set_archive_root(staff.admin, str(root))
    customer = Customer.get(Customer.platform_id == "买家甲")
    for n, name in enumerate(("买家甲.jpg", "买家甲-2.jpg")):
        Evidence.create(
            case=ids[0],
            customer=customer,
            rel_path=f"售后问题图片/{name}",
            sha256=f"{n:064d}",
            size_bytes=1000,
            width=800,
            height=600,
        )
    return {"period": period, "ids": ids, "root": root}


def _export(staff: Staffing, period: ReportPeriod, target: Path, **kw: Any) -> Path:
    return registers.export_monthly(staff.supervisor, period, target, **kw)


def _column(sheet: Any, header: str) -> list[Any]:
    headers = [c.value for c in sheet[1]]
    index = headers.index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def _summary_value(sheet: Any, label: str) -> tuple[Any, Any, Any]:
    for row in sheet.iter_rows(values_only=True):
        if row[0] == label:
            return row[1], row[2], row[3]
    raise AssertionError(f"{label} not in 汇总")


def test_month_of_known_cases_exported_and_read_back(
    staff: Staffing, month: dict[str, Any], tmp_path: Path
) -> None:
    progress: list[tuple[int, int]] = []
    target = _export(
        staff,
        month["period"],
        tmp_path / "register.xlsx",
        progress=lambda d, t: progress.append((d, t)),
    )
    assert target == tmp_path / "register.xlsx"
    assert progress and progress[-1][0] == progress[-1][1]
    assert [p.name for p in tmp_path.iterdir() if p.suffix != ".xlsx" and p.is_file()] == []
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == [
        "汇总", "查件", "延长收货时间", "货物破损", "补发", "换货", "退货", "申请退款", "客户维权",
        "客服考核", "生产反馈", "快递理赔", "退货入库", "评价跟踪", "奖罚评分表", "明细",
    ]  # fmt: skip

    detail = book["明细"]
    assert [c.value for c in detail[1]] == [c.header for c in DETAIL_COLUMNS]
    assert detail.max_row == 1 + len(SPECS)
    assert detail.freeze_panes == "A2"
    assert detail.auto_filter.ref == f"A1:AH{1 + len(SPECS)}"
    assert sum(v or 0 for v in _column(detail, "退款(元)")) == pytest.approx(199.00)
    assert sum(v or 0 for v in _column(detail, "赔偿/补偿(元)")) == pytest.approx(15.00)
    assert _column(detail, "状态").count("已撤销") == 1
    refund_cell = next(c for c in detail["Q"][1:] if c.value)
    assert refund_cell.number_format == "#,##0.00"
    assert detail["B2"].number_format == "yyyy-mm-dd hh:mm"
    assert isinstance(detail["B2"].value, datetime)
    assert detail["B2"].value.day == 2 and detail["B2"].value.hour == 10
    assert _column(detail, "所属登记表")[0] == "货物破损、补发"
    # fitted widths: every column at least as wide as its header, the long ones wider
    assert detail.column_dimensions["C"].width >= 8
    assert detail.column_dimensions["D"].width >= len("3890123456789012")
    # evidence: count, and one hyperlink per file to the file in the archive
    row2 = {c.value: i for i, c in enumerate(detail[1])}
    first = detail[2]
    assert first[row2["证据张数"]].value == 2
    link = first[row2["证据1"]]
    assert link.value == "买家甲.jpg"
    assert link.hyperlink is not None
    assert link.hyperlink.target == str(month["root"] / "售后问题图片" / "买家甲.jpg")
    assert first[row2["证据2"]].hyperlink.target.endswith("买家甲-2.jpg")
    assert first[row2["证据3"]].value is None

    expected_registers = {
        "查件": 2, "延长收货时间": 2, "货物破损": 1, "补发": 2, "换货": 1, "退货": 1,
        "申请退款": 1, "客户维权": 0,
    }  # fmt: skip
    for name, count in expected_registers.items():
        sheet = book[name]
        assert [c.value for c in sheet[1]] == [c.header for c in REGISTER_COLUMNS], name
        assert sheet.max_row == 1 + max(count, 1), name
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref is not None
    assert _column(book["补发"], "处理结果") == ["补发", "补发"]
    assert _column(book["申请退款"], "退款(元)") == [199.0]

    summary = book["汇总"]
    assert summary["A1"].value.endswith(month["period"].label)
    assert _summary_value(summary, "售后单数（不含已撤销）")[:2] == (7, 2)
    assert _summary_value(summary, "售后单数（不含已撤销）")[2] == pytest.approx(2.5)
    assert _summary_value(summary, "已撤销")[0] == 1
    refunded = _summary_value(summary, "退款金额(元)")
    assert refunded[:2] == (pytest.approx(199.0), pytest.approx(100.0))
    assert _summary_value(summary, "赔偿/补偿金额(元)")[0] == pytest.approx(15.0)
    assert _summary_value(summary, "邮费(元，店铺承担)")[0] == pytest.approx(12.0)
    assert _summary_value(summary, "首次回复用时 中位数(分钟)")[0] == pytest.approx(4.0)
    assert _summary_value(summary, "首次回复用时 90分位(分钟)")[0] == pytest.approx(7.6)
    assert _summary_value(summary, "解决用时 中位数(小时)")[0] == pytest.approx(27.0)
    assert _summary_value(summary, "解决用时 90分位(小时)")[0] == pytest.approx(55.0)
    assert _summary_value(summary, "5分钟首次回复达标率")[0] == pytest.approx(5 / 7)
    assert _summary_value(summary, "物流问题48小时解决达标率")[0] == pytest.approx(1 / 2)
    assert _summary_value(summary, "综合达标率")[0] == pytest.approx(6 / 9)
    assert _summary_value(summary, "质量问题")[:2] == (3, 2)
    assert _summary_value(summary, "物流问题")[0] == 2
    assert _summary_value(summary, "破包 / 内件破损")[0] == 1
    assert _summary_value(summary, "补发")[0] == 2
    assert _summary_value(summary, "客户维权")[0] == 0
    cells = {c.value: c for row in summary.iter_rows() for c in row if c.value is not None}
    assert [c for c in summary["B"] if c.number_format == "#,##0.00"]
    assert [c for c in summary["B"] if c.number_format == "0.0%"]
    assert "5分钟首次回复达标率" in cells
    charts = summary._charts
    assert len(charts) == 2
    assert {type(c).__name__ for c in charts} == {"BarChart", "LineChart"}

    agents = {row[0]: row for row in book["客服考核"].iter_rows(min_row=2, values_only=True)}
    assert set(agents) == {"小美", "阿杰"}
    assert agents["小美"][1] == 6  # cases handled
    assert agents["阿杰"][6] == 1  # escalations
    assert agents["小美"][9] == pytest.approx(214.0)  # refund + compensation granted
    assert agents["小美"][5] == pytest.approx(5 / 8)  # 4 of 6 replies + 1 of 2 logistics kept

    production = list(book["生产反馈"].iter_rows(min_row=2, values_only=True))
    production = production[: production.index((None,) * len(production[0]))]  # the clusters
    assert len(production) == 1
    assert production[0][:4] == ("WT2301", "B2610-01", 3, 3)


def test_registers_in_the_app(staff: Staffing, month: dict[str, Any]) -> None:
    period = month["period"]
    last = period.days[-1]
    with pytest.raises(PermissionDenied):  # registers belong to supervisors and admins
        registers.register_counts(staff.agent, period.start, last)
    counts = registers.register_counts(staff.supervisor, period.start, last)
    assert counts[Register.RESHIP] == 2 and counts[Register.DAMAGED] == 1
    assert counts[Register.DISPUTE] == 0  # the escalation is internal, not a dispute
    reship = registers.list_register(
        staff.supervisor, RegisterFilter(Register.RESHIP, period.start, last)
    )
    assert [r.kind for r in reship] == [CaseKind.LOGISTICS, CaseKind.DAMAGED_PARCEL]
    assert reship[0].resolution_label == "补发" and reship[0].courier_name == "顺丰速运"
    found = registers.list_register(
        staff.supervisor, RegisterFilter(Register.RESHIP, period.start, last, text="买家甲")
    )
    assert [r.customer_id for r in found] == ["买家甲"]
    assert (
        registers.list_register(
            staff.supervisor,
            RegisterFilter(Register.RESHIP, period.start, last, handler_id=staff.agent2.id),
        )
        == []
    )
    page = registers.list_register(staff.supervisor, RegisterFilter(Register.RESHIP), limit=1)
    more = registers.list_register(
        staff.supervisor, RegisterFilter(Register.RESHIP), before_id=page[-1].id, limit=5
    )
    assert len(page) == 1 and len(more) == 1 and more[0].id < page[0].id
    # the same rule in SQL and in Python: the export's register sheets agree with the list
    assert registers.list_register(staff.supervisor, RegisterFilter(Register.DISPUTE)) == []


def test_only_supervisors_and_admins_export(
    staff: Staffing, month: dict[str, Any], tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied):
        registers.export_monthly(staff.agent, month["period"], tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_empty_month_gives_a_valid_workbook_that_says_so(staff: Staffing, tmp_path: Path) -> None:
    target = _export(staff, month_period(date(2024, 2, 1)), tmp_path / "empty.xlsx")
    book = openpyxl.load_workbook(target)
    assert len(book.sheetnames) == 16
    texts = [c for row in book["汇总"].iter_rows(values_only=True) for c in row if c]
    assert EMPTY_NOTE in texts
    assert _summary_value(book["汇总"], "售后单数（不含已撤销）")[0] == 0
    assert book["明细"]["A2"].value == EMPTY_NOTE
    assert book["补发"]["A2"].value == "本期没有补发登记。"
    assert book["评价跟踪"]["A2"].value == "本期没有登记中差评。"
    assert book["汇总"]._charts == []


def test_target_open_in_excel_offers_another_name(
    staff: Staffing, month: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "register.xlsx"
    target.write_bytes(b"the old report")
    (tmp_path / "register (1).xlsx").write_bytes(b"another")

    def locked(src: Any, dst: Any) -> None:
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(monthly.os, "replace", locked)
    with pytest.raises(TargetUnavailable) as caught:
        _export(staff, month["period"], target)
    assert "register.xlsx" in str(caught.value) and "register (2).xlsx" in str(caught.value)
    assert caught.value.suggestion == tmp_path / "register (2).xlsx"
    assert target.read_bytes() == b"the old report"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "register (1).xlsx",
        "register.xlsx",
    ]


def test_read_only_target_is_refused_before_any_work(
    staff: Staffing, month: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "register.xlsx"
    target.write_bytes(b"old")
    os.chmod(target, 0o444)
    real_access = os.access
    # root may write read-only files; ask as an ordinary user would
    monkeypatch.setattr(
        monthly.os, "access", lambda p, mode: False if Path(p) == target else real_access(p, mode)
    )
    with pytest.raises(TargetUnavailable, match="只读") as caught:
        _export(staff, month["period"], target)
    assert caught.value.suggestion == tmp_path / "register (1).xlsx"
    assert target.read_bytes() == b"old"


def test_cancel_leaves_nothing_behind(
    staff: Staffing, month: dict[str, Any], tmp_path: Path
) -> None:
    target = tmp_path / "register.xlsx"
    with pytest.raises(ExportCancelled):
        _export(staff, month["period"], target, cancelled=lambda: True)
    assert list(tmp_path.glob("*.xlsx")) == [] and list(tmp_path.glob("*.tmp")) == []
    calls = iter(range(100))
    with pytest.raises(ExportCancelled):
        _export(staff, month["period"], target, cancelled=lambda: next(calls) >= 2)
    assert list(tmp_path.glob("*.xlsx")) == [] and list(tmp_path.glob("*.tmp")) == []


def test_bad_targets(staff: Staffing, tmp_path: Path) -> None:
    period = month_period(date(2024, 2, 1))
    with pytest.raises(ValidationError, match=r"\.xlsx"):
        _export(staff, period, tmp_path / "register.xls")
    with pytest.raises(TargetUnavailable, match="文件夹不存在"):
        _export(staff, period, tmp_path / "missing" / "register.xlsx")
    written = _export(staff, period, tmp_path / "register")
    assert written.name == "register.xlsx" and written.exists()
