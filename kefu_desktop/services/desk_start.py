"""The Qt-free modules a desk's first page uses, loaded before the windows' modules.

Once PySide6 is loaded it reads the source file of every module loaded after it, looking for
its optional `__feature__` syntax (about 0.1 ms a module). Below `ui/` no module uses Qt, so the
start loads these layers first (`cli` calls `load_desk_services` before it loads `ui.app`); a
test checks that the list covers what the first page loads."""

from __future__ import annotations

import importlib

DESK_START_MODULES: tuple[str, ...] = (
    "kefu_desktop.store.migrations",
    "kefu_desktop.services.auth",
)
"""What the main window's start uses below `ui/` (their own imports come with them)."""


def load_desk_services() -> None:
    """Load `DESK_START_MODULES` (call before anything loads Qt)."""
    for name in DESK_START_MODULES:
        importlib.import_module(name)
