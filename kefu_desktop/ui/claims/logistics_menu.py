"""The logistics entries of the 售后单 menu: 快递理赔 (Ctrl+L) and 今日跟进 (Ctrl+T), each
opened as a tab of the main window (kept apart so the main window starts without loading the
views)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence

from kefu_desktop.domain.roles import Operation
from kefu_desktop.services.auth import User
from kefu_desktop.ui.widgets.view_tabs import show_view_tab


def add_logistics_actions(window: Any) -> None:
    """Add 快递理赔 and 今日跟进 to `window`'s 售后单 menu for roles that may work them.

    Uses the window's `user`, `view_tabs`, `ui.caseMenu` and `show_case_id`.
    """
    user: User = window.user
    if not user.may_do(Operation.VIEW_CLAIMS):
        return

    def open_claims() -> None:
        from kefu_desktop.ui.claims.claims_view import ClaimsView

        def make() -> ClaimsView:
            view = ClaimsView(user, parent=window)
            view.case_activated.connect(window.show_case_id)
            return view

        show_view_tab(window, "claims_view", "快递理赔", make)

    window.ui.caseMenu.addSeparator()
    claims_action = QAction("快递理赔", window)
    claims_action.setShortcut(QKeySequence("Ctrl+L"))
    claims_action.triggered.connect(open_claims)
    window.ui.caseMenu.addAction(claims_action)
    window.claims_action = claims_action

    def open_watch() -> None:
        from kefu_desktop.ui.claims.watch_view import WatchView, tab_title

        def make() -> WatchView:
            view = WatchView(user, parent=window)
            view.case_activated.connect(window.show_case_id)
            view.count_changed.connect(
                lambda n: window.view_tabs.setTabText(window.view_tabs.indexOf(view), tab_title(n))
            )
            return view

        # not 每日巡查's watch_view
        show_view_tab(window, "parcel_watch_view", lambda view: tab_title(len(view.rows)), make)

    if user.may_do(Operation.WATCH_PARCELS):
        watch_action = QAction("今日跟进", window)
        watch_action.setShortcut(QKeySequence("Ctrl+T"))
        watch_action.triggered.connect(open_watch)
        window.ui.caseMenu.addAction(watch_action)
        window.watch_action = watch_action
