"""统计看板 (QtCharts): cases per day by kind, open cases by state, the styles and batches most
reported with production-feedback alerts, and how often each promise was kept (per promise and
per agent). Figures load off the UI thread; clicking a bar opens the case list filtered to it."""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.promise_status import Promise
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import dashboard
from kefu_desktop.services.auth import User
from kefu_desktop.services.dashboard import DashboardFigures, SlaFigures
from kefu_desktop.ui.widgets.background import LatestCall

if TYPE_CHECKING:
    from kefu_desktop.ui.cases.main_window import MainWindow

TAB_TITLE = "统计看板"
SHOWN_DEFECTS = 6
KIND_COLOURS = ("#1976d2", "#f57c00", "#7b1fa2", "#388e3c", "#c2185b", "#00838f")


def _chart(title: str) -> tuple[QChart, QChartView]:
    chart = QChart()
    chart.setTitle(title)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(300, 200)
    return chart, view


def _reset(chart: QChart) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)


def _axes(
    chart: QChart, series: object, categories: list[str], top: float, horizontal: bool
) -> None:
    categories_axis = QBarCategoryAxis()
    categories_axis.append(categories)
    small = QFont(categories_axis.labelsFont())
    small.setPointSizeF(max(small.pointSizeF() - 1, 7))
    categories_axis.setLabelsFont(small)
    values = QValueAxis()
    highest = max(math.ceil(top), 1)
    values.setRange(0, highest)
    values.setTickCount(min(highest, 5) + 1 if highest % min(highest, 5) == 0 else 2)
    values.setLabelFormat("%d")
    category_side = Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
    value_side = Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft
    chart.addAxis(categories_axis, category_side)
    chart.addAxis(values, value_side)
    series.attachAxis(categories_axis)  # type: ignore[attr-defined]
    series.attachAxis(values)  # type: ignore[attr-defined]


class DashboardView(QWidget):
    """The supervisor's charts; `open_cases(kind, state, day, sku, batch)` on a click."""

    open_cases = Signal(object)
    """A dict of what to filter the case list by."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.figures: DashboardFigures | None = None
        self.sla: SlaFigures | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.status = QLabel("正在读取……")
        self.alerts = QLabel()
        self.alerts.setWordWrap(True)
        self.alerts.setStyleSheet("color:#b71c1c")
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.clicked.connect(self.reload)
        top.addWidget(self.status, 1)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        layout.addWidget(self.alerts)
        grid = QGridLayout()
        self.day_chart, day_view = _chart("近 30 天每日新建售后单（按类型）")
        self.state_chart, state_view = _chart("未结束的售后单（按状态）")
        self.defect_chart, defect_view = _chart("反映最多的款号·批次（客户数）")
        self.promise_chart, promise_view = _chart("近 7 天时效达标率（按承诺，%）")
        self.agent_chart, agent_view = _chart("近 7 天时效达标率（按处理人，%）")
        grid.addWidget(day_view, 0, 0, 1, 2)
        grid.addWidget(state_view, 0, 2)
        grid.addWidget(defect_view, 1, 0)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 5)
        grid.setColumnStretch(2, 6)
        grid.addWidget(promise_view, 1, 1)
        grid.addWidget(agent_view, 1, 2)
        layout.addLayout(grid, 1)
        self.loader = LatestCall("dashboard", self)
        self.loader.finished.connect(lambda _k, figures: self.show_figures(figures))
        self.loader.failed.connect(lambda _k, message: self.status.setText(message))
        self.sla_loader = LatestCall("dashboard-sla", self)
        self.sla_loader.finished.connect(lambda _k, figures: self.show_sla(figures))
        self.sla_loader.failed.connect(lambda _k, message: self.status.setText(message))

    def reload(self) -> None:
        self.status.setText("正在读取……")
        self.loader.request(None, lambda: dashboard.dashboard_figures(self.user))
        self.sla_loader.request(None, lambda: dashboard.sla_figures(self.user))

    def wait(self) -> None:
        self.loader.wait()
        self.sla_loader.wait()

    # --- drawing ---

    def show_figures(self, figures: DashboardFigures) -> None:
        self.figures = figures
        self._draw_days(figures)
        self._draw_states(figures)
        self._draw_defects(figures)
        total = sum(sum(v) for v in figures.per_day.values())
        self.status.setText(f"近 30 天新建售后单 {total} 件。点击柱子可打开对应的售后单列表。")
        if figures.alerts:
            self.alerts.setText(
                "生产反馈提醒："
                + "；".join(
                    f"款号 {a.sku} 批次 {a.batch} 已有 {a.customers} 位客户反映质量问题"
                    for a in figures.alerts[:5]
                )
            )
        else:
            self.alerts.setText("")
        self.alerts.setVisible(bool(figures.alerts))

    def _draw_days(self, figures: DashboardFigures) -> None:
        chart = self.day_chart
        _reset(chart)
        series = QStackedBarSeries()
        for number, kind in enumerate(figures.per_day):
            bars = QBarSet(kind.label)
            bars.setColor(QColor(KIND_COLOURS[number % len(KIND_COLOURS)]))
            bars.append([float(v) for v in figures.per_day[kind]])
            series.append(bars)
        series.clicked.connect(self._day_clicked)
        chart.addSeries(series)
        top = max(
            (sum(v[i] for v in figures.per_day.values()) for i in range(len(figures.days))),
            default=0,
        )
        _axes(chart, series, [str(d.day) for d in figures.days], top, False)

    def _draw_states(self, figures: DashboardFigures) -> None:
        chart = self.state_chart
        _reset(chart)
        series = QBarSeries()
        bars = QBarSet("件数")
        bars.append([float(n) for _s, n in figures.open_by_state])
        series.append(bars)
        series.clicked.connect(self._state_clicked)
        chart.addSeries(series)
        chart.legend().hide()
        top = max((n for _s, n in figures.open_by_state), default=0)
        _axes(chart, series, [s.label for s, _n in figures.open_by_state], top, False)

    def _draw_defects(self, figures: DashboardFigures) -> None:
        chart = self.defect_chart
        _reset(chart)
        chart.setTitle(f"近 {figures.defect_days} 天反映最多的款号·批次（客户数）")
        series = QHorizontalBarSeries()
        bars = QBarSet("客户数")
        bars.setColor(QColor("#c62828"))
        shown = list(reversed(figures.defects[:SHOWN_DEFECTS]))
        bars.append([float(d.customers) for d in shown])
        series.append(bars)
        series.clicked.connect(self._defect_clicked)
        chart.addSeries(series)
        chart.legend().hide()
        top = max((d.customers for d in shown), default=0)
        _axes(chart, series, [f"{d.sku}·{d.batch}" for d in shown], top, True)

    def show_sla(self, sla: SlaFigures) -> None:
        self.sla = sla
        for chart, tallies in (
            (self.promise_chart, [(p.label, sla.per_promise[p]) for p in Promise]),
            (self.agent_chart, list(sla.per_agent.items())),
        ):
            _reset(chart)
            series = QBarSeries()
            bars = QBarSet("达标率")
            bars.setColor(QColor("#2e7d32"))
            bars.append([round((t.rate or 0) * 100, 1) for _n, t in tallies])
            series.append(bars)
            series.setLabelsVisible(any(t.rate for _n, t in tallies))
            series.setLabelsFormat("@value%")
            chart.addSeries(series)
            chart.legend().hide()
            _axes(chart, series, [name for name, _t in tallies], 100, False)
            chart.setToolTip(
                "\n".join(f"{name}：达标 {t.kept} / 已到期 {t.checked}" for name, t in tallies)
            )

    # --- clicks ---

    def _day_clicked(self, index: int, bars: QBarSet) -> None:
        if self.figures is None:
            return
        kind = next((k for k in CaseKind if k.label == bars.label()), None)
        day: date = self.figures.days[index]
        self.open_cases.emit({"kind": kind, "day": day})

    def _state_clicked(self, index: int, _bars: QBarSet) -> None:
        if self.figures is None:
            return
        state: CaseState = self.figures.open_by_state[index][0]
        self.open_cases.emit({"state": state})

    def _defect_clicked(self, index: int, _bars: QBarSet) -> None:
        if self.figures is None:
            return
        defect = list(reversed(self.figures.defects[:SHOWN_DEFECTS]))[index]
        self.open_cases.emit({"kind": CaseKind.QUALITY, "sku": defect.sku, "batch": defect.batch})


def add_dashboard_tab(window: MainWindow) -> DashboardView | None:
    """The 统计看板 tab for supervisors and admins, loaded when first shown."""
    if not window.user.may_do(Operation.DAILY_WATCH):
        return None
    view = DashboardView(window.user, parent=window)
    tabs = window.view_tabs
    tabs.addTab(view, TAB_TITLE)
    loaded = False

    def shown(index: int) -> None:
        nonlocal loaded
        if tabs.widget(index) is view and not loaded:
            loaded = True
            view.reload()

    tabs.currentChanged.connect(shown)
    view.open_cases.connect(lambda wanted: show_filtered_cases(window, wanted))
    return view


def show_filtered_cases(window: MainWindow, wanted: dict[str, object]) -> None:
    """The case list narrowed to what a bar stands for."""
    window.clear_filters()
    ui = window.ui
    kind = wanted.get("kind")
    if isinstance(kind, CaseKind):
        ui.kindCombo.setCurrentIndex(ui.kindCombo.findData(kind.value))
    state = wanted.get("state")
    if isinstance(state, CaseState):
        ui.stateCombo.setCurrentIndex(ui.stateCombo.findData(state.value))
    day = wanted.get("day")
    if isinstance(day, date):
        from PySide6.QtCore import QDate

        ui.dateCheck.setChecked(True)
        ui.fromDate.setDate(QDate(day.year, day.month, day.day))
        ui.toDate.setDate(QDate(day.year, day.month, day.day))
    sku, batch = wanted.get("sku"), wanted.get("batch")
    if isinstance(sku, str) and isinstance(batch, str):
        window.promise_controls.set_sku_batch(sku, batch)
    window.apply_filters()
    window.view_tabs.setCurrentIndex(window.view_tabs.indexOf(ui.casesPage))
