"""The detail pane offers what the rules allow: changes to one's own cases, 接手 when allowed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import auth, cases
from kefu_desktop.services.auth import User
from kefu_desktop.services.cases import NewCase
from kefu_desktop.ui.cases.main_window import MainWindow
from tests.conftest import Staffing

pytestmark = pytest.mark.gui


def _window(qtbot: QtBot, user: User, case_id: int) -> MainWindow:
    window = MainWindow(user, "测试")
    qtbot.addWidget(window)
    window.select_case(case_id)
    return window


def _offers(window: MainWindow) -> dict[str, bool]:
    return {
        "change": window.ui.changeStateButton.isVisibleTo(window),
        "reply": window.ui.firstReplyButton.isVisibleTo(window),
        "take_over": window.take_over_button.isVisibleTo(window),
    }


def test_a_colleagues_case_is_read_only_until_taken_over(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = cases.create_case(sqlite_staff.agent, NewCase(CaseKind.QUALITY, "tb_买家"))
    own = _window(qtbot, sqlite_staff.agent, case.id)
    assert _offers(own) == {"change": True, "reply": True, "take_over": False}

    colleague = _window(qtbot, sqlite_staff.agent2, case.id)
    assert _offers(colleague) == {"change": False, "reply": False, "take_over": False}
    assert colleague.evidence_gallery is not None and not colleague.evidence_gallery.may_add

    clerk = _window(qtbot, sqlite_staff.warehouse, case.id)
    assert _offers(clerk) == {"change": False, "reply": False, "take_over": False}

    auth.set_active(sqlite_staff.admin, sqlite_staff.agent.id, False)  # 小美 left
    colleague.select_case(case.id)
    colleague.show_case_id(case.id)
    assert _offers(colleague)["take_over"]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("小美离职", True))
    colleague.take_over_button.click()
    assert cases.get_case(case.id).handler_name == "阿杰"
    assert _offers(colleague) == {"change": True, "reply": True, "take_over": False}
    assert colleague.evidence_gallery.may_add
    assert colleague.ui.historyTree.topLevelItem(0).text(2) == "接手"


def test_a_supervisor_may_take_over_any_case(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    case = cases.create_case(sqlite_staff.agent, NewCase(CaseKind.QUALITY, "tb_买家"))
    window = _window(qtbot, sqlite_staff.supervisor, case.id)
    assert _offers(window) == {"change": True, "reply": True, "take_over": True}
