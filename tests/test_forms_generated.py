"""The committed modules in ui/generated must match forms/*.ui."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_generated_forms_are_up_to_date() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_forms.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_form_has_a_generated_module() -> None:
    forms = {p.stem for p in (ROOT / "forms").glob("*.ui")}
    generated = {
        p.stem.removeprefix("ui_") for p in (ROOT / "kefu_desktop/ui/generated").glob("ui_*.py")
    }
    assert forms <= generated
