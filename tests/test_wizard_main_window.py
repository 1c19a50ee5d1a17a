"""The wizards hooked into the main window: 新建售后单 actions, 继续处理, resuming drafts."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases
from kefu_desktop.services import wizard as wizard_service
from kefu_desktop.ui.cases.main_window import MainWindow
from kefu_desktop.ui.wizards import CaseWizard, QualityWizard
from kefu_desktop.ui.wizards.drafts_dialog import ResumeDraftsDialog
from kefu_desktop.ui.wizards.pages import QuestionPage
from tests.conftest import Staffing

pytestmark = pytest.mark.gui


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[CaseWizard]:
    shown: list[CaseWizard] = []

    def exec_(wizard: CaseWizard) -> int:
        shown.append(wizard)
        return 0

    monkeypatch.setattr(CaseWizard, "exec", exec_)
    return shown


def test_new_case_action_opens_the_kind_wizard(
    qtbot: QtBot, sqlite_staff: Staffing, opened: list[CaseWizard]
) -> None:
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    qtbot.wait(20)  # start-up: no drafts to offer
    win.ui.actionNewQuality.trigger()
    assert len(opened) == 1 and isinstance(opened[0], QualityWizard)


def test_continue_on_a_waiting_case_reenters_at_its_step(
    qtbot: QtBot, sqlite_staff: Staffing, opened: list[CaseWizard]
) -> None:
    agent = sqlite_staff.agent
    draft = wizard_service.start_draft(agent, CaseKind.QUALITY)
    values, _ = wizard_service.check_intake(
        CaseKind.QUALITY,
        {"customer_id": "tb_c", "order_no": "1", "sku": "A1", "quantity": "1",
         "asked_at": "2026-01-01 10:00"},
    )  # fmt: skip
    draft = wizard_service.save_intake(agent, draft.id, values)
    detail = wizard_service.finish(
        agent,
        draft.id,
        {**draft.answers, "within_3_days": "no", "worn": "yes", "customer_fault": "no",
         "q_negotiate": "waiting"},
    )  # fmt: skip
    win = MainWindow(agent, "SQLite test.db")
    qtbot.addWidget(win)
    qtbot.wait(20)  # start-up: no drafts to offer
    win.show_case_id(detail.id)
    assert not win.continue_button.isHidden()
    win.continue_button.click()
    page = opened[0].currentPage()
    assert isinstance(page, QuestionPage) and page.step_id == "q_negotiate"
    win.show_case_id(cases.create_case(agent, cases.NewCase(CaseKind.QUALITY, "tb_d")).id)
    assert win.continue_button.isHidden()


def test_drafts_are_offered_at_start(
    qtbot: QtBot,
    sqlite_staff: Staffing,
    opened: list[CaseWizard],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draft = wizard_service.start_draft(sqlite_staff.agent, CaseKind.DAMAGED_PARCEL)

    def choose_first(dialog: ResumeDraftsDialog) -> int:
        dialog.resume()
        return int(dialog.result())

    monkeypatch.setattr(ResumeDraftsDialog, "exec", choose_first)
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: len(opened) == 1)
    assert opened[0].draft.id == draft.id
