"""Moving between wizard pages: domain decision + draft save, p95 against a bare QWizard switch."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Iterable
from typing import Any

from benchmarks.common import result, scratch_dir


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def run(quick: bool) -> Iterable[dict[str, Any]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = scratch_dir("wizard")
    os.environ["KEFU_DATA_DIR"] = str(folder)
    from PySide6.QtWidgets import QApplication, QLabel, QWizard, QWizardPage

    from kefu_desktop.domain.kinds import CaseKind
    from kefu_desktop.domain.roles import Role
    from kefu_desktop.services import auth
    from kefu_desktop.store import db
    from kefu_desktop.ui.wizards import new_case_wizard

    app = QApplication.instance() or QApplication([])
    db.connect(f"sqlite:///{folder / f'bench-{time.time_ns()}.db'}")
    admin = auth.create_first_admin("admin", "管理员", "secret123")
    agent = auth.create_staff(admin, "kefu01", "小美", Role.AGENT, "secret123")
    rounds = 5 if quick else 40

    # baseline: a bare QWizard with as many plain pages, next() through them
    bare_times: list[float] = []
    for _ in range(rounds):
        bare = QWizard()
        for index in range(6):
            page = QWizardPage()
            page.setTitle(f"第 {index + 1} 页")
            QLabel("内容", page)
            bare.addPage(page)
        bare.show()
        app.processEvents()
        for _ in range(5):
            started = time.perf_counter()
            bare.next()
            app.processEvents()
            bare_times.append(time.perf_counter() - started)
        bare.hide()
        bare.deleteLater()

    # the quality wizard from its first question to the outcome: decision + draft save per page
    times: list[float] = []
    for _ in range(rounds):
        wizard = new_case_wizard(agent, CaseKind.QUALITY)
        ui = wizard.intake_page.ui
        ui.customerEdit.setText("tb_bench")
        ui.orderEdit.setText("3312345678901234")
        ui.skuEdit.setText("A123")
        ui.askedAtEdit.setDateTime(ui.askedAtEdit.dateTime().addSecs(-600))
        wizard.show()
        app.processEvents()
        wizard.next()  # intake: opens the case (not a page switch of the flow)
        answers = [
            {},
            {"q_photos": "sent"},
            {},
            {"q_remedy": "discount"},
            {"compensation": "15"},
        ]
        wizard.next()  # evidence → first question
        for values in answers:
            page = wizard.currentPage()
            for key, value in values.items():
                if key in page.groups:
                    page.choose(key, value)
                else:
                    page.edits[key].setText(value)
            started = time.perf_counter()
            wizard.next()
            app.processEvents()
            times.append(time.perf_counter() - started)
        wizard.hide()
        wizard.gallery.shutdown()
        wizard.deleteLater()
    app.processEvents()
    db.close()
    base = _p95(bare_times)
    yield result(
        "wizard_page_switch_p95",
        _p95(times) * 1000,
        "ms",
        baseline=base * 1000,
        target="≤ 50 ms",
        median_ms=round(statistics.median(times) * 1000, 3),
        samples=len(times),
    )
