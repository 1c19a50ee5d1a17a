"""Work that waits for a widget's first paint runs once, after it, and never for a widget that
is not painted."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from kefu_desktop.ui.widgets.first_paint import AfterFirstPaint

pytestmark = pytest.mark.gui


def test_the_work_runs_once_after_the_first_paint(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    label = QLabel("话术", window)
    painted_when_run: list[bool] = []
    AfterFirstPaint(label, lambda: painted_when_run.append(label.isVisible()))
    qtbot.wait(50)
    assert painted_when_run == []  # not shown: not painted, nothing runs
    window.show()
    qtbot.waitUntil(lambda: painted_when_run == [True])
    label.update()
    label.repaint()
    qtbot.wait(50)
    assert painted_when_run == [True]  # once only


def test_nothing_runs_for_a_hidden_widget(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    hidden = QLabel("话术", window)
    hidden.hide()
    ran: list[int] = []
    AfterFirstPaint(hidden, lambda: ran.append(1))
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    assert ran == []
