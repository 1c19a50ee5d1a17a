"""帮助 → 快捷键 lists every key bound in every window of every role, and no window binds one key
sequence twice where both can be reached at once."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.roles import Operation, Role
from kefu_desktop.services import cases, evidence
from kefu_desktop.services.auth import User
from kefu_desktop.services.cases import NewCase
from kefu_desktop.services.evidence import PhotoSource
from kefu_desktop.ui.widgets.shortcuts import (
    EVERYWHERE,
    SHORTCUTS,
    Binding,
    ShortcutsDialog,
    bindings_in,
    clashes,
    listed_keys,
    place_of,
    shortcuts_html,
)
from tests.conftest import Staffing

pytestmark = pytest.mark.gui


def _photo_case(staff: Staffing) -> int:
    case = cases.create_case(
        staff.agent,
        NewCase(kind=CaseKind.QUALITY, sub_kind=SubKind.LATE_OR_WORN, customer_id="tb_快捷键"),
    )
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    evidence.add_photo(staff.agent, case.id, PhotoSource.from_bytes("破损.png", out.getvalue()))
    return case.id


def windows_of(qtbot: QtBot, user: User, case_id: int) -> list[QWidget]:
    """The role's main window with every desk and view it can open, and its dialogs."""
    from kefu_desktop.ui.accounts.login_dialog import LoginDialog
    from kefu_desktop.ui.cases.main_window import MainWindow
    from kefu_desktop.ui.cases.state_dialog import StateDialog
    from kefu_desktop.ui.reports.export_dialog import ExportDialog
    from kefu_desktop.ui.widgets.crash_dialog import CrashDialog, CrashReport
    from kefu_desktop.ui.widgets.evidence_gallery import EvidencePreview

    window = MainWindow(user, "SQLite test.db")
    qtbot.addWidget(window)
    window.show()
    for name in ("registers_action", "claims_action", "watch_action", "todo_action",
                 "reviews_action"):  # fmt: skip
        action = getattr(window, name, None)
        if action is not None and action.isVisible() and action.isEnabled():
            action.trigger()
    window.show_case_id(case_id)
    opened: list[QWidget] = [window, LoginDialog("SQLite test.db"), ShortcutsDialog(window)]
    opened.append(StateDialog("SH20261129-0001", cases.get_case(case_id).state, window))
    opened.append(CrashDialog(CrashReport("KeyError: 'x'"), window))
    opened.append(EvidencePreview(evidence.list_evidence(user, case_id)[0], window))
    from kefu_desktop.ui.settings.settings_dialog import SettingsDialog

    opened.append(SettingsDialog(user, "SQLite test.db", window))
    if user.may_do(Operation.EXPORT_WORKBOOK):
        opened.append(ExportDialog(user, window))
    if user.may_do(Operation.EDIT_REPLIES):
        from kefu_desktop.ui.replies.replies_editor import RepliesEditor

        opened.append(RepliesEditor(user, window))
    if user.may_do(Operation.MANAGE_STAFF):
        from kefu_desktop.ui.accounts.staff_dialog import StaffDialog

        opened.append(StaffDialog(user, window))
    if user.may_do(Operation.OPEN_CASE):
        from kefu_desktop.ui.wizards import new_case_wizard
        from kefu_desktop.ui.wizards.kind_dialog import NewCaseKindDialog

        opened += [new_case_wizard(user, kind) for kind in CaseKind]
        opened.append(NewCaseKindDialog())
    if window.returns_view is not None:
        from kefu_desktop.ui.warehouse.returns_view import UnmatchedParcelDialog

        opened.append(UnmatchedParcelDialog(user, "", window))
    for widget in opened[1:]:
        if widget.parent() is None:
            qtbot.addWidget(widget, before_close_func=lambda w: w.hide())
    return opened


def describe(binding: Binding) -> str:
    return f"{binding.keys}（{binding.place}：{binding.what}）"


@pytest.mark.parametrize("role", list(Role))
def test_every_bound_key_is_listed_and_bound_once(
    qtbot: QtBot, sqlite_staff: Staffing, role: Role, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kefu_desktop.ui.cases.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "resume_drafts", lambda _self: None)  # the wizards' drafts
    user = {
        Role.AGENT: sqlite_staff.agent,
        Role.WAREHOUSE: sqlite_staff.warehouse,
        Role.SUPERVISOR: sqlite_staff.supervisor,
        Role.ADMIN: sqlite_staff.admin,
    }[role]
    case_id = _photo_case(sqlite_staff)
    unlisted: list[str] = []
    twice: list[str] = []
    seen_places: set[str] = set()
    total = 0
    for window in windows_of(qtbot, user, case_id):
        bound = bindings_in(window)
        total += len(bound)
        for binding in bound:
            seen_places.add(binding.place)
            if binding.keys not in listed_keys(binding.place):
                unlisted.append(f"{window.windowTitle()}: {describe(binding)}")
        twice += [
            f"{window.windowTitle()}: {describe(a)} 与 {describe(b)}" for a, b in clashes(bound)
        ]
    assert not unlisted, "快捷键列表里没有：\n" + "\n".join(unlisted)
    assert not twice, "同一窗口里重复绑定：\n" + "\n".join(twice)
    assert total >= 8  # the walk found the windows' keys (Ctrl+S, F1, the gallery's …)
    assert {"主窗口", "照片", "照片预览"} <= seen_places


def test_the_checker_catches_an_unlisted_and_a_doubled_key(qtbot: QtBot) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    from kefu_desktop.ui.widgets.keyboard import save_shortcut

    window = QWidget()
    window.setWindowTitle("更改状态")
    qtbot.addWidget(window)
    save_shortcut(window, lambda: None)
    action = QAction("另存", window)
    action.setShortcut(QKeySequence("Ctrl+S"))
    window.addAction(action)
    stray = QAction("打印", window)
    stray.setShortcut(QKeySequence("Ctrl+P"))
    window.addAction(stray)
    bound = bindings_in(window)
    assert sorted(b.keys for b in bound) == ["Ctrl+P", "Ctrl+S", "Ctrl+S"]
    assert [b.keys for b in bound if b.keys not in listed_keys(place_of(window))] == ["Ctrl+P"]
    assert [(a.keys, b.keys) for a, b in clashes(bound)] == [("Ctrl+S", "Ctrl+S")]


def test_the_dialog_groups_the_keys_by_place(qtbot: QtBot) -> None:
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    places = list(dict.fromkeys(where for where, _k, _w in SHORTCUTS))
    assert places[0] == EVERYWHERE
    html = shortcuts_html()
    positions = [html.index(f">{place}</h3>") for place in places]
    assert positions == sorted(positions)  # each place once, as a heading, in order
    assert html.count("<h3") == len(places)
    for _where, keys, what in SHORTCUTS:
        assert keys in text and what in text
