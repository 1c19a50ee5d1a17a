"""What a desk's start needs before its windows: the store and the login, loaded before Qt.

Once PySide6 is loaded it reads the source file of every module loaded after it, looking for
its optional `__feature__` syntax (about 0.1 ms a module); below `ui/` no module uses Qt. `cli`
loads these first; the rest of the desk loads while the password is checked on another core
(see `ui.app.open_main_window`), where the reads cost nothing that is waited for."""

from __future__ import annotations

import importlib

DESK_START_MODULES: tuple[str, ...] = (
    "kefu_desktop.store.migrations",
    "kefu_desktop.services.auth",
)
"""Opening the database and checking the password (their own imports come with them)."""


def load_desk_services() -> None:
    """Load `DESK_START_MODULES` (call before anything loads Qt)."""
    for name in DESK_START_MODULES:
        importlib.import_module(name)
