"""A quick start: what the first page needs loads, the rest waits for its menu or tab; the
database file is checked while the program loads; a normal exit leaves no -wal behind."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kefu_desktop.store import db as store_db
from kefu_desktop.store import integrity
from kefu_desktop.store.faults import DatabaseDamaged
from tests.conftest import PASSWORD, Staffing

pytestmark = pytest.mark.gui

LOADED_AT_READY = """
import builtins, sys
real_print = builtins.print
seen = []
def spy(*args, **kwargs):
    if args == ("ready",) and not seen:
        seen.append(set(sys.modules))
    real_print(*args, **kwargs)
builtins.print = spy
from kefu_desktop.cli import main
code = main(sys.argv[1:])
real_print("loaded", " ".join(sorted(seen[0])))
sys.exit(code)
"""
"""Runs the app as `kefu-desktop` does and prints the modules loaded when it was ready."""

LATER_FOR_EVERYONE = (
    # libraries for photos, workbooks and PostgreSQL: loaded by what uses them
    "PIL",
    "pillow_heif",
    "openpyxl",
    "psycopg2",  # the PostgreSQL driver: these desks work on SQLite
    "playhouse",
    # windows opened from a menu, and what they work with
    "kefu_desktop.ui.wizards",
    "kefu_desktop.ui.reports.registers_view",
    "kefu_desktop.ui.claims.claims_view",
    "kefu_desktop.ui.widgets.evidence_gallery",
    "kefu_desktop.export",
    "kefu_desktop.domain.flows.damaged_parcel",
    "kefu_desktop.domain.flows.logistics",
    "kefu_desktop.domain.flows.order_change",
    "kefu_desktop.domain.flows.quality",
    "kefu_desktop.domain.flows.wrong_shipment",
    "kefu_desktop.services.customers",
    "kefu_desktop.services.demo",
    "kefu_desktop.services.evidence",
    "kefu_desktop.services.registers",
    "kefu_desktop.services.wizard",
    # the 话术 pane: built once the window has painted its first page
    "kefu_desktop.ui.replies",
    "kefu_desktop.services.replies",
    # dialogs opened from a menu or on a problem
    "kefu_desktop.ui.widgets.crash_dialog",
    "kefu_desktop.ui.widgets.shortcuts",
    "kefu_desktop.ui.accounts.audit_log_dialog",
    "kefu_desktop.ui.accounts.database_backup",
    "kefu_desktop.ui.care.care_settings_dialog",
    "kefu_desktop.ui.cases.promise_settings",
    "kefu_desktop.ui.cases.state_dialog",
    # work that waits: the photo queue's first try, the day's backup, the register's clusters
    "kefu_desktop.archive.pending",
    "kefu_desktop.services.backup",
    "kefu_desktop.store.backup",
    "kefu_desktop.domain.production_clusters",
)
"""Modules no desk's start (login to its first page) may load."""

SUPERVISOR_DESKS = (
    "PySide6.QtCharts",
    "kefu_desktop.ui.supervisor",
    "kefu_desktop.services.dashboard",
    "kefu_desktop.domain.flows",  # the approvals desk reads outcomes
    "kefu_desktop.domain.registers",
    # the promise clocks' arithmetic: the case list reads their stored columns
    "kefu_desktop.domain.promises",
    "kefu_desktop.domain.service_hours",
    "kefu_desktop.domain.production_feedback",
    "kefu_desktop.store.clocks",
    "kefu_desktop.services.promises",
)
WAREHOUSE_DESKS = ("PySide6.QtSerialPort", "kefu_desktop.ui.warehouse")


def _start_with(probe: str, sqlite_url: str, login: str = "kefu01") -> list[str]:
    """Start the desk as `kefu-desktop --user login` does, with `probe` run first in the
    process; the lines it printed (it exits once the first page is up)."""
    env = {**os.environ, "KEFU_PASSWORD": PASSWORD, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", probe, "--db", sqlite_url, "--user", login, "--exit-when-ready"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "ready" in lines, done.stdout
    return lines


def _printed(lines: list[str], heading: str) -> list[str]:
    """The words after `heading` on the line the probe printed it."""
    return next(line for line in lines if line.startswith(heading + " ")).split()[1:]


def _loaded_when_ready(sqlite_url: str, login: str) -> set[str]:
    return set(_printed(_start_with(LOADED_AT_READY, sqlite_url, login), "loaded"))


def _any_of(package: str, loaded: set[str]) -> bool:
    return any(name == package or name.startswith(package + ".") for name in loaded)


@pytest.mark.parametrize(
    ("login", "not_theirs"),
    [
        ("kefu01", SUPERVISOR_DESKS + WAREHOUSE_DESKS),
        ("cangku01", SUPERVISOR_DESKS),
        ("zhuguan01", WAREHOUSE_DESKS),
    ],
)
def test_a_start_loads_only_what_the_first_page_needs(
    sqlite_staff: Staffing, sqlite_url: str, login: str, not_theirs: tuple[str, ...]
) -> None:
    loaded = _loaded_when_ready(sqlite_url, login)
    assert "kefu_desktop.ui.cases.main_window" in loaded  # the probe saw the window's start
    early = [p for p in LATER_FOR_EVERYONE + not_theirs if _any_of(p, loaded)]
    assert early == [], f"loaded before the first page was shown: {early}"


LOADED_BEFORE_QT = """
import sys
seen = []
class Probe:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6.QtCore" and not seen:
            seen.append(set(sys.modules))
        return None
sys.meta_path.insert(0, Probe())
from kefu_desktop.cli import main
code = main(sys.argv[1:])
print("before-qt", " ".join(sorted(seen[0])))
sys.exit(code)
"""


def test_the_store_and_the_login_load_before_qt(sqlite_staff: Staffing, sqlite_url: str) -> None:
    """PySide6 reads the source of every module loaded after it: what opens the database and
    checks the password loads first (the rest loads while the password is checked)."""
    from kefu_desktop.services.desk_start import DESK_START_MODULES

    before = set(_printed(_start_with(LOADED_BEFORE_QT, sqlite_url), "before-qt"))
    assert set(DESK_START_MODULES) <= before
    windows = {n for n in before if n.startswith("kefu_desktop.ui.")}
    assert windows == {"kefu_desktop.ui.qt_loading"}  # the module that loads Qt, no window yet


AT_THE_WINDOWS = """
import sys, threading
from kefu_desktop.store import db
started = []
real_start = threading.Thread.start
def start(self):
    started.append(self.name)
    real_start(self)
threading.Thread.start = start
seen = []
class Probe:
    def find_spec(self, name, path=None, target=None):
        if name == "kefu_desktop.ui.app" and not seen:
            seen.append((db.database.obj is not None, list(started)))
        return None
sys.meta_path.insert(0, Probe())
from kefu_desktop.cli import main
code = main(sys.argv[1:])
print("at-windows", seen[0][0], " ".join(seen[0][1]))
sys.exit(code)
"""


def test_the_password_is_checked_while_the_windows_load(
    sqlite_staff: Staffing, sqlite_url: str
) -> None:
    """When the windows' first module loads, the database is open and the password's slow
    hash is running on its own thread (after the file check, which ran while Qt loaded)."""
    database_open, *threads = _printed(_start_with(AT_THE_WINDOWS, sqlite_url), "at-windows")
    assert database_open == "True"
    assert "database-file-check" in threads
    assert threads[-1] == "login"  # the last thread started before the windows


UNREAD_BY_PYSIDE = """
import sys
from kefu_desktop.ui.qt_loading import load_qt
import peewee
load_qt()
feature = sys.modules["shibokensupport.feature"]
read = []
real = feature._mod_uses_pyside
def reading(module):
    read.append(module.__name__)
    return real(module)
feature._mod_uses_pyside = reading
import kefu_desktop.ui.cases.main_window
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
label.setText("售后")  # the usual names: no __feature__ switch in force
marks = feature.pyside_feature_dict
print("read", *[n for n in read if n.startswith(("kefu_desktop", "peewee"))])
print("marks", marks["kefu_desktop.ui.cases.main_window"], marks["peewee"], label.text())
"""


def test_pyside_reads_no_source_file_of_the_desk() -> None:
    """PySide6 reads each module's source once, looking for `__feature__`: `load_qt` gives it
    the answer for this program's modules and those loaded before it. A PySide6 release that
    keeps these marks elsewhere fails here: `ui.qt_loading` must follow it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", UNREAD_BY_PYSIDE],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "read" in lines, done.stdout  # nothing of the desk's, nor peewee, was read
    assert "marks 0 -1 售后" in lines, done.stdout


def test_the_desk_module_names_come_from_its_files() -> None:
    from kefu_desktop.ui.qt_loading import own_module_names

    names = set(own_module_names())
    assert {
        "kefu_desktop",
        "kefu_desktop.cli",
        "kefu_desktop.ui",
        "kefu_desktop.ui.cases.main_window",
        "kefu_desktop.ui.generated.ui_main_window",
        "kefu_desktop.store.db",
    } <= names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".__init__")]


def test_the_database_file_checked_ahead_is_not_checked_again(
    sqlite_staff: Staffing, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store_db.close()
    checks: list[Path] = []
    real_verify = integrity.verify_database_file

    def counted(
        path: Path, seconds: float | None = None, stop: threading.Event | None = None
    ) -> integrity.FileCheck:
        checks.append(path)
        return real_verify(path, seconds, stop)

    monkeypatch.setattr(store_db, "verify_database_file", counted)
    store_db.check_file_ahead(sqlite_url)
    assert store_db.connect(sqlite_url) == sqlite_url
    assert len(checks) == 1
    store_db.close()
    store_db.connect(sqlite_url)  # a later open (e.g. after 重新连接) checks again
    assert len(checks) == 2


def test_a_damaged_file_checked_ahead_is_refused_when_opened(data_dir: Path) -> None:
    damaged = data_dir / "kefu.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"\x01" * 3000)
    url = f"sqlite:///{damaged}"
    store_db.check_file_ahead(url)
    with pytest.raises(DatabaseDamaged):
        store_db.connect(url)
    assert damaged.read_bytes()[:16] == b"SQLite format 3\x00"  # nothing written into it


def test_the_check_ahead_ends_when_the_database_is_wanted(data_dir: Path) -> None:
    """The quick check reads while the program loads and stops when `connect` wants the file."""
    path = data_dir / "big.db"
    with sqlite3.connect(path) as conn:
        conn.execute(f"CREATE TABLE {integrity.OUR_TABLE} (version INTEGER)")
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)")
        conn.execute("CREATE INDEX t_a ON t (a)")
        conn.executemany(
            "INSERT INTO t (a, b) VALUES (?, ?)",
            ((f"{i * 7919 % 100003:08d}", "x" * 40) for i in range(200_000)),
        )
    conn.close()
    assert integrity.verify_database_file(path, seconds=30).complete
    wanted = threading.Event()
    wanted.set()
    early = integrity.verify_database_file(path, seconds=30, stop=wanted)
    assert not early.complete and early.seconds < 5


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_the_check_gives_way_to_the_window_on_a_busy_processor() -> None:
    seen: list[tuple[int, int]] = []

    def probe() -> None:
        me = threading.get_native_id()
        before = os.getpriority(os.PRIO_PROCESS, me)
        store_db._in_the_background()
        seen.append((before, os.getpriority(os.PRIO_PROCESS, me)))

    worker = threading.Thread(target=probe)
    worker.start()
    worker.join()
    ((before, after),) = seen
    assert after > before or before == 19  # a higher nice (19 is the lowest priority there is)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before


@pytest.mark.parametrize("login", ["kefu01", "zhuguan01"])
def test_a_normal_exit_leaves_no_write_ahead_log(
    sqlite_staff: Staffing, sqlite_url: str, login: str
) -> None:
    """A -wal left beside the file would be read through in full by the next start's check."""
    store_db.close()  # this test's own connection would keep the -wal alive
    database = store_db.sqlite_path(sqlite_url)
    assert database is not None
    env = {**os.environ, "KEFU_PASSWORD": PASSWORD, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "kefu_desktop", "--db", sqlite_url, "--user", login,
         "--exit-when-ready"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert database.exists()
    assert not database.with_name(database.name + "-wal").exists()
