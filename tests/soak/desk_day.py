"""A desk's day in its own process: the real main window, offscreen, driven like a person would.

Run as `python -m tests.soak.desk_day ROLE COUNT` with KEFU_DATA_DIR set to an empty folder.
Prints one JSON line (work done, RSS at the start and the end) and exits 0 when the day went
through; any failure exits non-zero with the reason on stderr.
"""

from __future__ import annotations

import faulthandler
import json
import os
import sys
import time
import traceback
import tty
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.logging_setup import enable_crash_report, setup_logging
from kefu_desktop.paths import data_dir
from kefu_desktop.services import cases, warehouse, warehouse_settings
from kefu_desktop.services.auth import User
from kefu_desktop.services.products import ProductRow, save_products
from kefu_desktop.services.warehouse_settings import ScaleSettings
from kefu_desktop.store import db as store_db
from kefu_desktop.ui.app import make_application
from kefu_desktop.ui.cases.main_window import MainWindow
from tests.conftest import make_staff
from tests.scale_frames import tf0
from tests.test_approvals_service import compensation_case

WARM_UP = 20
"""RSS is measured after this many items, once caches and lazy imports have settled."""


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def wait_until(
    condition: Callable[[], bool],
    what: str,
    seconds: float = 10.0,
    describe: Callable[[], str] = lambda: "",
) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}; {describe()}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def scan(text: str) -> None:
    """A keyboard-wedge scanner: the code's keys and Enter, 3 ms apart, into whatever has focus.

    Like the system's key events, each carries the time it was typed, so a busy machine that
    handles them late does not change the scanner's pace.
    """
    keys = [(Qt.Key(ord(c.upper())), c) for c in text] + [(Qt.Key.Key_Return, "\r")]
    start_ms = int(time.monotonic() * 1000)
    for number, (key, char) in enumerate(keys):
        target = QApplication.focusWidget()
        assert target is not None, "nothing has focus"
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            event.setTimestamp(start_ms + 3 * number)
            QApplication.sendEvent(target, event)


def refuse_modal_boxes() -> None:
    """A message box would stop the day: fail loudly instead."""

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"unexpected message box: {args[1:3]}")

    for name in ("warning", "critical", "information", "question"):
        setattr(QMessageBox, name, fail)


def clerk_day(staff_user: User, agent: User, count: int, progress: Callable[[int], None]) -> None:
    save_products(staff_user, [ProductRow("A100", "羊毛衫", 350)])
    waybills = [f"SF14{i:011d}" for i in range(count)]
    for i, waybill in enumerate(waybills):
        case = cases.create_case(
            agent,
            cases.NewCase(
                kind=CaseKind.WRONG_SHIPMENT, sub_kind=SubKind.MISSING_ITEM,
                customer_id=f"tb_买家{i:03d}", order_no=f"38901234{i:08d}", waybill_no=waybill,
                courier="SF", sku="A100", quantity=2,
            ),
        )  # fmt: skip
        warehouse.request_check(agent, case.id, "客户说少发一件，请核实底单和重量")
    master, slave = os.openpty()
    tty.setraw(master)
    warehouse_settings.save_scale_settings(ScaleSettings(os.ttyname(slave), 9600))
    win = MainWindow(staff_user, "soak")
    win.resize(1366, 728)
    win.show()
    view = win.warehouse_view
    assert view is not None
    wait_until(view.scale.is_connected, "the scale to connect")
    started = time.monotonic()
    for i, waybill in enumerate(reversed(waybills)):
        focus = (view.ui.weightEdit, view.ui.observedEdit, view.ui.queueTable)[i % 3]
        focus.setFocus()
        QCoreApplication.processEvents()
        scan(waybill)
        assert view.current is not None and view.current.waybill_no == waybill, waybill
        grams = 700 + i % 200
        os.write(master, tf0(f"+{grams:06d}", 3) * 2)  # the parcel goes on: still moving
        wait_until(
            lambda g=grams: f"0.{g:03d} kg（不稳定" in view.scale.status,
            "the scale",
            describe=lambda i=i: (
                f"parcel {i}, status {view.scale.status!r}, "
                f"port {view.scale._port.isOpen()} {view.scale._port.error()} "
                f"{view.scale._port.bytesAvailable()} t={time.monotonic() - started:.1f}"
            ),
        )
        view.ui.takeScaleButton.click()  # before the scale settles: it waits for stable
        os.write(master, tf0(f"+{grams:06d}", 3) * 6)
        wait_until(lambda g=grams: view.ui.weightEdit.text() == f"0.{g:03d}", "the weight")
        view.ui.stubCombo.setCurrentIndex(1 + i % 3)
        view.ui.observedEdit.setPlainText(f"第 {i} 件")
        (view.ui.confirmButton if i % 2 else view.ui.refuteButton).click()
        assert view.current is None, view.ui.messageLabel.text()
        progress(i + 1)
    assert view.queue_model.rowCount() == 0
    view.scale.close()
    os.close(master)
    os.close(slave)
    win.close()


def agent_day(agent: User, count: int, progress: Callable[[int], None]) -> None:
    from kefu_desktop.ui.wizards import CaseWizard
    from kefu_desktop.ui.wizards.case_wizard import EVIDENCE_ID, OUTCOME_ID
    from kefu_desktop.ui.wizards.pages import QuestionPage

    photos = data_dir() / "phone"
    photos.mkdir(parents=True, exist_ok=True)
    win = MainWindow(agent, "soak")
    win.resize(1366, 728)
    win.show()
    QCoreApplication.processEvents()  # start-up: the offer of unfinished wizards (none today)
    failures: list[BaseException] = []

    def fill_wizard(i: int, photo: Path) -> None:
        try:
            wizard = QApplication.activeModalWidget()
            assert isinstance(wizard, CaseWizard), wizard
            ui = wizard.intake_page.ui
            for name, text in (
                ("customer", f"tb_客户{i:03d}"), ("order", f"33123456{i:08d}"),
                ("waybill", f"SF15{i:011d}"), ("sku", "A123"), ("colour", "黑色"),
                ("size", "M"), ("batch", "B2611"),
            ):  # fmt: skip
                getattr(ui, f"{name}Edit").setText(text)
            ui.courierCombo.setCurrentIndex(ui.courierCombo.findData("SF"))
            ui.askedAtEdit.setDateTime(ui.askedAtEdit.dateTime().addSecs(-600))
            wizard.next()
            if wizard.currentId() != EVIDENCE_ID:
                page = wizard.intake_page
                problems = {k: page.error_label(k).text() for k in page.FIELDS}
                raise RuntimeError(f"intake refused: {problems}")
            wizard.gallery.add_paths([photo])
            assert wizard.gallery.wait_idle(), "photo import did not finish"
            wizard.next()
            for step, values in (
                ("dp_sub_kind", {"dp_sub_kind": "refused"}),
                ("remedy_exchange_refund", {"remedy_exchange_refund": "refund"}),
                ("refund_money", {"refund": "99", "postage": "12"}),
            ):
                page = wizard.currentPage()
                assert isinstance(page, QuestionPage) and page.step_id == step, step
                for key, value in values.items():
                    if key in page.groups:
                        page.choose(key, value)
                    else:
                        page.edits[key].setText(value)
                wizard.next()
            assert wizard.currentId() == OUTCOME_ID
            wizard.button(QWizard.WizardButton.FinishButton).click()
            assert wizard.saved_case is not None, "the case was not saved"
        except BaseException as exc:  # a stuck wizard would hang the day: stop at once
            failures.append(exc)
            traceback.print_exc()
            os._exit(3)

    for i in range(count):
        photo = photos / f"微信图片_{i:03d}.jpg"
        Image.new("RGB", (640, 480), (i % 255, 80, 160)).save(photo, quality=85)
        QTimer.singleShot(0, lambda i=i, photo=photo: fill_wizard(i, photo))
        win.start_new_case(CaseKind.DAMAGED_PARCEL)  # the window's own way: modal, then refresh
        assert win.current is not None and win.current.customer_id == f"tb_客户{i:03d}"
        if i % 10 == 0:
            win.ui.searchEdit.setText(f"tb_客户{i:03d}")
            win.ui.searchEdit.returnPressed.emit()
            assert win.model.rowCount() == 1
            win.clear_filters()
        QCoreApplication.processEvents()
        progress(i + 1)
    win.close()


def supervisor_day(
    supervisor: User, agent: User, count: int, progress: Callable[[int], None]
) -> None:
    for i in range(count):
        compensation_case(agent, 3000 + i, f"tb_顾客{i:03d}")
    win = MainWindow(supervisor, "soak")
    win.resize(1366, 728)
    win.show()
    view = win.approvals_view
    assert view is not None
    win.view_tabs.setCurrentWidget(view)
    wait_until(lambda: len(view.pending_requests()) == count, "the queue")
    for i in range(count):
        view.select_request(view.pending_requests()[0].id)
        view.ui.noteEdit.setPlainText(f"同意，第 {i} 单")
        if i % 4 == 3:
            view.ui.amountEdit.setText("25.00")
        view.ui.approveButton.click()
        assert len(view.pending_requests()) == count - i - 1, view.ui.messageLabel.text()
        QCoreApplication.processEvents()
        progress(i + 1)
    win.close()


def main() -> int:
    role, count = sys.argv[1], int(sys.argv[2])
    faulthandler.dump_traceback_later(float(os.environ.get("SOAK_TIMEOUT_S", "1200")), exit=True)
    setup_logging()
    enable_crash_report()
    app = make_application()
    refuse_modal_boxes()
    store_db.connect(f"sqlite:///{data_dir() / 'kefu.db'}")
    staff = make_staff()
    started = time.monotonic()
    marks: dict[str, float] = {}

    def progress(done: int) -> None:
        if done == min(WARM_UP, count):
            marks["rss_warm_mb"] = rss_mb()
        marks["done"] = done

    marks["rss_start_mb"] = rss_mb()
    if role == "clerk":
        clerk_day(staff.warehouse, staff.agent, count, progress)
    elif role == "agent":
        agent_day(staff.agent, count, progress)
    elif role == "supervisor":
        supervisor_day(staff.supervisor, staff.agent, count, progress)
    else:
        raise SystemExit(f"unknown desk {role}")
    QCoreApplication.processEvents()
    marks["rss_end_mb"] = rss_mb()
    marks["seconds"] = time.monotonic() - started
    marks["none_refs"] = sys.getrefcount(None)
    store_db.close()
    print(json.dumps(marks), flush=True)
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
