"""A desk on PostgreSQL through server restarts, cut connections and a stopped server.

Runs on a cluster of the test's own (`tests/pg_server.py`), restarted and stopped for real;
connections are cut with `pg_terminate_backend`, mid-save ones by a statement hook.
Every write is counted: it lands exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import peewee
import pytest
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store import db as store_db
from kefu_desktop.store.faults import CONNECTION_LOST_MESSAGE, ConnectionLost, DatabaseUnreachable
from kefu_desktop.store.guarded import LinkState, health, new_write_key
from kefu_desktop.store.models import Case, CaseEvent, WriteReceipt
from tests.conftest import Staffing, make_staff
from tests.pg_server import OwnServer, create_server


@pytest.fixture(scope="module")
def server() -> Iterator[OwnServer]:
    own = create_server()
    yield own
    own.drop()


@pytest.fixture
def desk(server: OwnServer) -> Iterator[Staffing]:
    """A desk connected to the own server, on a fresh schema, with staff."""
    server.psql(
        "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public AUTHORIZATION kefu", "kefu"
    )
    store_db.connect(server.url)
    yield make_staff()
    if store_db.database.obj is not None and not store_db.database.in_transaction():
        store_db.close()


def _new(customer: str, key: str = "") -> NewCase:
    return NewCase(kind=CaseKind.QUALITY, customer_id=customer, summary="开线", request_key=key)


def _backend_pid() -> int:
    return int(store_db.database.connection().get_backend_pid())


def _cut_when(
    monkeypatch: pytest.MonkeyPatch,
    server: OwnServer,
    matches: Callable[[str], bool],
    after: bool = False,
    how: Callable[[int], None] | None = None,
) -> list[str]:
    """Cut the desk's connection the first time a statement `matches` (before it runs, or
    right after it ran when `after`: its reply is then lost). Returns the statements hit."""
    database = store_db.database.obj
    hits: list[str] = []

    def cut(sql: str, run: Callable[[], Any]) -> Any:
        if hits or not matches(sql):
            return run()
        hits.append(sql)
        pid = database._state.conn.get_backend_pid()
        cut_off = how or server.terminate
        if after:
            run()
            cut_off(pid)
            raise peewee.OperationalError("server closed the connection unexpectedly")
        cut_off(pid)
        return run()

    statement = database._execute_cursor
    driver_commit = peewee.Database.commit  # peewee sends COMMIT on a cursor of its own

    def hooked(sql: str, params: Any, **options: Any) -> Any:
        return cut(sql, lambda: statement(sql, params, **options))

    def hooked_commit(self: peewee.Database) -> None:
        cut("COMMIT", lambda: driver_commit(self))

    monkeypatch.setattr(database, "_execute_cursor", hooked)
    monkeypatch.setattr(peewee.Database, "commit", hooked_commit)
    return hits


def _count(model: type[peewee.Model], *where: Any) -> int:
    query = model.select()
    if where:
        query = query.where(*where)
    return int(query.count())


def test_connection_has_tcp_keepalives(desk: Staffing) -> None:
    params = store_db.database.connection().get_dsn_parameters()
    assert params["keepalives"] == "1"
    assert int(params["keepalives_idle"]) <= 30
    assert int(params["tcp_user_timeout"]) > 0


def test_server_restart_under_an_open_desk(desk: Staffing, server: OwnServer) -> None:
    first = cases.create_case(desk.agent, _new("tb_restart1"))
    old_pid = _backend_pid()
    server.ctl("restart")
    rows = cases.list_cases(desk.agent)  # the next action just works, no message
    assert [r.id for r in rows] == [first.id]
    second = cases.create_case(desk.agent, _new("tb_restart2"))
    assert _backend_pid() != old_pid
    assert _count(Case) == 2 and second.id != first.id
    assert health.state is LinkState.CONNECTED


def test_connection_cut_while_idle(desk: Staffing, server: OwnServer) -> None:
    detail = cases.create_case(desk.agent, _new("tb_idle"))
    assert server.cut_app_connections() >= 1
    again = cases.get_case(detail.id)
    assert again.case_no == detail.case_no
    changed = cases.change_state(desk.agent, detail.id, detail.version, CaseState.WAITING_CUSTOMER)
    assert changed.version == detail.version + 1


def test_connection_cut_just_before_a_write(desk: Staffing, server: OwnServer) -> None:
    cases.list_cases(desk.agent)
    server.cut_app_connections()
    created = cases.create_case(desk.agent, _new("tb_before_write"))
    assert _count(Case) == 1
    assert _count(CaseEvent, CaseEvent.case == created.id) == 1


@pytest.mark.parametrize(
    "where",
    ['INSERT INTO "case"', 'INSERT INTO "case_event"', "COMMIT"],
)
def test_connection_cut_in_the_middle_of_saving_a_case(
    desk: Staffing, server: OwnServer, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The cut transaction is rolled back by the server and run again whole: one case."""
    hits = _cut_when(monkeypatch, server, lambda sql: sql.startswith(where))
    created = cases.create_case(desk.agent, _new("tb_mid_save"))
    assert hits, "the hook never fired"
    assert _count(Case) == 1
    assert _count(CaseEvent, CaseEvent.case == created.id) == 1
    assert _count(WriteReceipt) == 1


def test_commit_that_landed_but_whose_reply_was_lost_is_not_run_again(
    desk: Staffing, server: OwnServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    hits = _cut_when(monkeypatch, server, lambda sql: sql == "COMMIT", after=True)
    created = cases.create_case(desk.agent, _new("tb_lost_reply"))
    assert hits
    assert _count(Case) == 1
    assert created.id == Case.get().id
    assert _count(CaseEvent, CaseEvent.case == created.id) == 1


def test_a_save_tried_again_by_the_user_with_the_same_form_lands_once(desk: Staffing) -> None:
    key = new_write_key()
    first = cases.create_case(desk.agent, _new("tb_twice", key))
    second = cases.create_case(desk.agent, _new("tb_twice", key))
    assert first.id == second.id
    assert _count(Case) == 1


def test_case_update_cut_mid_save_lands_once(
    desk: Staffing, server: OwnServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    detail = cases.create_case(desk.agent, _new("tb_update"))
    hits = _cut_when(monkeypatch, server, lambda sql: sql.startswith('INSERT INTO "case_event"'))
    changed = cases.change_state(
        desk.agent, detail.id, detail.version, CaseState.WAITING_CUSTOMER, "等买家拍照"
    )
    assert hits
    assert changed.version == detail.version + 1
    assert changed.state is CaseState.WAITING_CUSTOMER
    assert _count(CaseEvent, CaseEvent.case == detail.id) == 2


def test_a_cut_transaction_that_cannot_be_rerun_is_rolled_back_and_says_so(
    desk: Staffing, server: OwnServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    detail = cases.create_case(desk.agent, _new("tb_plain"))
    hits = _cut_when(monkeypatch, server, lambda sql: sql.startswith('INSERT INTO "case_event"'))
    with pytest.raises(ConnectionLost) as caught, store_db.database.atomic():
        Case.update(summary="改了一半").where(Case.id == detail.id).execute()
        cases.add_event(detail.id, desk.agent, "note")
    assert hits
    assert str(caught.value) == CONNECTION_LOST_MESSAGE
    assert "server closed" in caught.value.original or "terminat" in caught.value.original
    assert cases.get_case(detail.id).summary == "开线"  # nothing half-saved
    assert _count(CaseEvent, CaseEvent.case == detail.id) == 1


def test_server_stopped_then_started(desk: Staffing, server: OwnServer) -> None:
    detail = cases.create_case(desk.agent, _new("tb_stop"))
    came_back: list[bool] = []
    callback = lambda: came_back.append(True)  # noqa: E731
    health.on_reconnected(callback)
    try:
        server.ctl("stop")
        try:
            with pytest.raises(DatabaseUnreachable, match="连不上数据库服务器"):
                cases.list_cases(desk.agent)
            with pytest.raises(DatabaseUnreachable, match="连不上数据库服务器"):
                cases.create_case(desk.agent, _new("tb_while_down"))
            assert health.state is LinkState.UNREACHABLE
            assert health.last_success is not None
        finally:
            server.ctl("start")
        rows = cases.list_cases(desk.agent)
        assert [r.id for r in rows] == [detail.id]
        cases.create_case(desk.agent, _new("tb_after_start"))
        assert _count(Case) == 2
        assert health.state is LinkState.CONNECTED
        assert came_back == [True]
    finally:
        health.remove_reconnected(callback)


def test_open_desk_says_what_is_happening_and_refreshes_when_back(
    qtbot: QtBot, desk: Staffing, server: OwnServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from kefu_desktop.ui.cases.main_window import MainWindow
    from kefu_desktop.ui.widgets import db_status

    detail = cases.create_case(desk.agent, _new("tb_gui"))
    monkeypatch.setattr(db_status, "PROBE_INTERVAL_MS", 200)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text: shown.append((title, text))
    )
    window = MainWindow(desk.agent, "PostgreSQL test")
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(50)  # the start-up work (offering interrupted wizards) is done
    assert window.db_status.text() == "数据库：已连接"
    assert window.model.rowCount() == 1
    server.ctl("stop")
    try:
        window.ui.actionRefresh.trigger()
        assert shown and shown[0][0] == "连不上数据库"
        assert "连不上数据库服务器" in shown[0][1]
        assert [window.model.row_at(0).id] == [detail.id]  # the list still shows what it had
        qtbot.waitUntil(lambda: window.db_status.text().startswith("数据库：无法连接（上次成功 "))
    finally:
        server.ctl("start")
    with qtbot.waitSignal(window.db_status.reconnected, timeout=20_000):
        pass
    assert window.db_status.text() == "数据库：已连接"
    assert "已重新连接" in window.ui.statusBar.currentMessage()
    assert [window.model.row_at(0).id] == [detail.id]
    assert len(shown) == 1


@pytest.mark.parametrize("where", ['INSERT INTO "case_event"', 'UPDATE "wizard_draft"', "COMMIT"])
def test_wizard_intake_cut_mid_save_opens_one_case(
    desk: Staffing, server: OwnServer, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The new-case wizard's first save (case + draft) under a cut: one case, draft knows it."""
    from kefu_desktop.services import wizard
    from kefu_desktop.store.models import WizardDraft
    from tests.test_wizard_service import INTAKE

    draft = wizard.start_draft(desk.agent, CaseKind.QUALITY)
    values, problems = wizard.check_intake(CaseKind.QUALITY, dict(INTAKE))
    assert problems == {}
    hits = _cut_when(monkeypatch, server, lambda sql: sql.startswith(where))
    saved = wizard.save_intake(desk.agent, draft.id, values)
    assert hits
    assert _count(Case) == 1
    assert saved.case_id == Case.get().id == WizardDraft.get_by_id(draft.id).case_id
    assert _count(CaseEvent) == 1


def test_old_write_receipts_are_forgotten(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import timedelta

    from kefu_desktop.domain.clock import utc_now
    from kefu_desktop.store import guarded

    staff = make_staff()
    WriteReceipt.insert(key="old", at=utc_now() - timedelta(days=30)).execute()
    monkeypatch.setattr(guarded, "PRUNE_EVERY", 1)
    cases.create_case(staff.agent, _new("tb_prune"))
    assert WriteReceipt.get_or_none(WriteReceipt.key == "old") is None
    assert _count(WriteReceipt) == 1


def test_idle_desk_notices_a_server_restart_and_refreshes_by_itself(
    qtbot: QtBot, desk: Staffing, server: OwnServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nobody at the desk: the restart shows in the status bar and the lists come back."""
    from kefu_desktop.ui.cases.main_window import MainWindow
    from kefu_desktop.ui.widgets import db_status

    cases.create_case(desk.agent, _new("tb_overnight"))
    monkeypatch.setattr(db_status, "PROBE_INTERVAL_MS", 200)
    monkeypatch.setattr(db_status, "WATCH_INTERVAL_MS", 200)
    seen: list[str] = []
    window = MainWindow(desk.agent, "PostgreSQL test")
    qtbot.addWidget(window)
    window.show()
    window.db_status.reconnected.connect(lambda: seen.append(window.db_status.text()))
    states: list[LinkState] = []
    health.add_listener(states.append)
    try:
        server.ctl("restart")
        with qtbot.waitSignal(window.db_status.reconnected, timeout=20_000):
            pass
    finally:
        health.remove_listener(states.append)
    assert LinkState.RECONNECTING in states
    assert seen == ["数据库：已连接"]
    assert "已重新连接" in window.ui.statusBar.currentMessage()
    assert window.model.rowCount() == 1


def test_save_cut_by_the_server_going_down_is_not_saved_and_the_same_form_saves_once_later(
    desk: Staffing, server: OwnServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = new_write_key()  # the wizard's form keeps its key while the user retries
    hits = _cut_when(
        monkeypatch,
        server,
        lambda sql: sql.startswith('INSERT INTO "case_event"'),
        how=lambda _pid: server.ctl("stop"),
    )
    try:
        with pytest.raises(ConnectionLost) as caught:
            cases.create_case(desk.agent, _new("tb_down_mid_save", key))
        assert hits
        assert str(caught.value) == CONNECTION_LOST_MESSAGE
    finally:
        server.ctl("start")
    assert _count(Case) == 0
    created = cases.create_case(desk.agent, _new("tb_down_mid_save", key))
    again = cases.create_case(desk.agent, _new("tb_down_mid_save", key))
    assert created.id == again.id
    assert _count(Case) == 1
