"""The main window on a seeded database: search by customer ID and by waybill, filters, detail."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases
from kefu_desktop.services.cases import NewCase
from kefu_desktop.ui.cases.main_window import MainWindow
from tests.conftest import Staffing

pytestmark = pytest.mark.gui


@pytest.fixture
def seeded(sqlite_staff: Staffing) -> dict[str, cases.CaseDetail]:
    made = {}
    for name, customer, waybill, courier, kind in (
        ("a", "快乐小兔2019", "SF1402345678901", "SF", CaseKind.WRONG_SHIPMENT),
        ("b", "tb889900112", "YT7512345678901", "YTO", CaseKind.QUALITY),
        ("c", "快乐小兔2019", "78312345678901", "ZTO", CaseKind.DAMAGED_PARCEL),
    ):
        made[name] = cases.create_case(
            sqlite_staff.agent,
            NewCase(kind=kind, customer_id=customer, waybill_no=waybill, courier=courier),
        )
    for i in range(30):
        cases.create_case(
            sqlite_staff.agent2,
            NewCase(kind=CaseKind.QUALITY, sub_kind=SubKind.LATE_OR_WORN, customer_id=f"filler{i}"),
        )
    return made


@pytest.fixture
def window(qtbot: QtBot, sqlite_staff: Staffing, seeded: dict[str, cases.CaseDetail]) -> MainWindow:
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    win.show()
    return win


def shown_case_numbers(win: MainWindow) -> list[str]:
    return [row.case_no for row in win.model.loaded_rows()]


def test_opens_with_newest_first(window: MainWindow, seeded: dict[str, cases.CaseDetail]) -> None:
    assert window.model.rowCount() == 33
    assert shown_case_numbers(window)[-1] == seeded["a"].case_no
    assert "小美" in window.windowTitle()


def test_search_by_customer_id(
    qtbot: QtBot, window: MainWindow, seeded: dict[str, cases.CaseDetail]
) -> None:
    window.ui.searchEdit.insert("快乐小兔2019")  # QTest types ASCII only; an IME inserts text
    qtbot.keyClick(window.ui.searchEdit, Qt.Key.Key_Return)
    assert shown_case_numbers(window) == [seeded["c"].case_no, seeded["a"].case_no]


def test_scanned_waybill_finds_and_opens_the_case(
    qtbot: QtBot, window: MainWindow, seeded: dict[str, cases.CaseDetail]
) -> None:
    window.focus_search()
    qtbot.keyClicks(window.ui.searchEdit, "YT7512345678901")
    qtbot.keyClick(window.ui.searchEdit, Qt.Key.Key_Return)
    assert shown_case_numbers(window) == [seeded["b"].case_no]
    assert window.current is not None and window.current.id == seeded["b"].id
    assert seeded["b"].case_no in window.ui.detailTitle.text()
    assert window.ui.historyTree.topLevelItemCount() == 1


def test_typing_searches_after_a_pause(
    qtbot: QtBot, window: MainWindow, seeded: dict[str, cases.CaseDetail]
) -> None:
    qtbot.keyClicks(window.ui.searchEdit, "tb8899")
    qtbot.waitUntil(lambda: shown_case_numbers(window) == [seeded["b"].case_no], timeout=2000)


def test_unknown_search_says_so(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.ui.searchEdit, "SF0000000000000")
    qtbot.keyClick(window.ui.searchEdit, Qt.Key.Key_Return)
    assert window.model.rowCount() == 0
    assert "没有找到" in window.count_label.text()


def test_kind_filter_and_clear(window: MainWindow, seeded: dict[str, cases.CaseDetail]) -> None:
    window.ui.kindCombo.setCurrentIndex(window.ui.kindCombo.findData(CaseKind.DAMAGED_PARCEL.value))
    assert shown_case_numbers(window) == [seeded["c"].case_no]
    window.clear_filters()
    assert window.model.rowCount() == 33


def test_change_state_from_detail_pane(
    window: MainWindow, seeded: dict[str, cases.CaseDetail], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kefu_desktop.ui.cases import state_dialog as module

    class AcceptingDialog:
        DialogCode = module.StateDialog.DialogCode

        def __init__(self, *args: object) -> None:
            pass

        def exec(self) -> object:
            return self.DialogCode.Accepted

        def target(self) -> CaseState:
            return CaseState.WAITING_CUSTOMER

        def note(self) -> str:
            return "等客户补拍照片"

    monkeypatch.setattr(module, "StateDialog", AcceptingDialog)
    window.select_case(seeded["a"].id)
    window.ui.changeStateButton.click()
    stored = cases.get_case(seeded["a"].id)
    assert stored.state == CaseState.WAITING_CUSTOMER
    assert stored.events[-1].details == {"note": "等客户补拍照片"}
    assert window.ui.historyTree.topLevelItem(0).text(4) == "等客户补拍照片"


def test_paging_loads_more_when_scrolled(
    qtbot: QtBot, sqlite_staff: Staffing, seeded: object
) -> None:
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    win.model._page_size = 10
    win.model.reload()
    assert win.model.rowCount() == 10
    win.show()
    win.ui.caseTable.scrollToBottom()
    qtbot.waitUntil(lambda: win.model.rowCount() > 10, timeout=2000)


def test_clicking_the_selected_row_after_opening_a_case_by_id_shows_that_row(
    qtbot: QtBot, window: MainWindow, seeded: dict[str, cases.CaseDetail]
) -> None:
    table = window.ui.caseTable
    table.selectRow(0)
    first = window.model.row_at(0).id
    assert window.current is not None and window.current.id == first
    window.show_case_id(seeded["a"].id)  # as the registers open a case
    assert window.current is not None and window.current.id == seeded["a"].id
    assert [i.row() for i in table.selectionModel().selectedRows()] == [0]
    centre = table.visualRect(window.model.index(0, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert window.current is not None and window.current.id == first


def test_the_rest_of_a_long_text_is_cut_in_parts_at_sentence_ends() -> None:
    from kefu_desktop.ui.widgets.long_text import PART_CHARS, PREVIEW_CHARS, rest_parts

    text = "开头" * (PREVIEW_CHARS // 2) + "".join(f"第{i}句话，颜色不对。\n" for i in range(900))
    parts = rest_parts(text)
    assert "".join(parts) == text[PREVIEW_CHARS:].replace("\n", " ")
    assert len(parts) > 5 and all(len(p) <= PART_CHARS for p in parts)
    assert all(p.endswith("。") or p.endswith(" ") for p in parts[:-1])  # after a sentence
    no_stops = rest_parts("无" * (PREVIEW_CHARS + 2 * PART_CHARS + 7))
    assert [len(p) for p in no_stops] == [PART_CHARS, PART_CHARS, 7]


def test_a_long_note_shows_its_start_and_the_rest_on_demand(
    qtbot: QtBot, window: MainWindow, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QUrl

    from kefu_desktop.store.models import Case
    from kefu_desktop.ui.widgets import long_text
    from kefu_desktop.ui.widgets.long_text import PREVIEW_CHARS

    monkeypatch.setattr(long_text, "TURN_BUDGET_S", 0.0)  # one part per turn, to see them

    made = cases.create_case(
        sqlite_staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="长备注")
    )
    note = "".join(f"客户第{i}句：颜色和图片不一样。" for i in range(1200)) + "末尾的话"
    assert len(note) > 10 * PREVIEW_CHARS
    Case.update(note_text=note).where(Case.id == made.id).execute()
    window.show_case_id(made.id)
    browser = window.ui.detailBrowser
    text = browser.toPlainText()
    assert "客户第0句" in text and "末尾的话" not in text
    assert f"显示全部（共 {len(note)} 字）" in text
    browser.anchorClicked.emit(QUrl("more:note"))
    # the rest comes in parts, one per event-loop turn: the window answers in between
    assert "末尾的话" not in browser.toPlainText()
    assert window.long_texts.busy
    blocks = [browser.document().blockCount()]
    while window.long_texts.busy:
        qtbot.wait(1)
        blocks.append(browser.document().blockCount())
    assert "末尾的话" in browser.toPlainText()
    assert len(set(blocks)) > 5  # added in many small parts, not in one long call
    shown = browser.toPlainText().replace("\n", "")
    assert note in shown and "显示全部" not in shown  # the whole note, in order, once
    assert shown.count("客户第1199句") == 1
    window.show_case_id(made.id)  # the same case again (a refresh): still whole
    qtbot.waitUntil(lambda: not window.long_texts.busy)
    assert "末尾的话" in browser.toPlainText()
    window.show_case_id(window.model.row_at(1).id)
    window.show_case_id(made.id)  # opened anew: short again
    assert "末尾的话" not in browser.toPlainText()
