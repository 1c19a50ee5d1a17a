"""A view's background read outliving the view: the result is dropped, nothing raises."""

from __future__ import annotations

import threading
from typing import Any

import shiboken6
from PySide6.QtWidgets import QWidget

from kefu_desktop.ui.widgets.background import LatestCall


def test_a_result_for_a_closed_view_is_dropped_quietly(
    sqlite_url: str, qtbot: Any, monkeypatch: Any
) -> None:
    raised: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: raised.append(args.exc_value))
    view = QWidget()
    call = LatestCall("closed-view-read", view)
    release = threading.Event()
    started = threading.Event()

    def slow_read() -> list[int]:
        started.set()
        release.wait(5)
        return [1, 2, 3]

    call.request("page", slow_read)
    assert started.wait(5)
    worker = call._thread
    assert worker is not None
    shiboken6.delete(view)  # the desk closes while the read is still running
    release.set()
    worker.join(5)

    assert not worker.is_alive()
    assert raised == []


def test_a_live_view_still_gets_its_result(sqlite_url: str, qtbot: Any) -> None:
    view = QWidget()
    qtbot.addWidget(view)
    call = LatestCall("live-view-read", view)
    with qtbot.waitSignal(call.finished, timeout=5000) as delivered:
        call.request("page", lambda: [1, 2, 3])
    assert delivered.args == ["page", [1, 2, 3]]
