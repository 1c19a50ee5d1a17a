"""What a desk's start does before its windows, in this order (`cli.main`):

1. `load_desk_services`: the store and the login load before Qt, with the standard-library
   and peewee modules they bring. `ui.qt_loading.load_qt` then tells PySide6 that none of
   these use its `__feature__` switches; a module first loaded after PySide6 has its source
   file read to find out.
2. `ui.qt_loading.load_qt`, while the database file is checked on another core
   (`store.check_file_ahead`; opening the database ends the check).
3. `open_desk`: the database opened and the password check begun on another core; the
   windows' modules load while it runs (`ui.app.open_main_window`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.services.access import own_rule

if TYPE_CHECKING:
    from kefu_desktop.services.auth import User

DESK_START_MODULES: tuple[str, ...] = (
    "kefu_desktop.store.migrations",
    "kefu_desktop.services.auth",
)
"""Opening the database and checking the password (their own imports come with them)."""


def load_desk_services() -> None:
    """Load `DESK_START_MODULES` (call before anything loads Qt)."""
    for name in DESK_START_MODULES:
        importlib.import_module(name)


class DeskOpening:
    """The database opened (or why it could not be) and the password check begun."""

    __slots__ = ("error", "login", "url")

    def __init__(
        self,
        url: str | None,
        error: KefuError | None = None,
        login: Callable[[], User] | None = None,
    ) -> None:
        self.url = url
        self.error = error
        self.login = login
        """Waits for the password check and gives the user (or raises `LoginFailed`)."""


@own_rule(
    "打开数据库（按需升级其结构）并开始登录：与登录相同，只记下输入账号的失败次数、锁定和登录记录"
)
def open_desk(db: str | None, login_name: str | None, password: str) -> DeskOpening:
    """Open the database behind `db` (migrating it) and, with a `login_name`, begin checking
    its `password` on another core. A database that cannot be used is returned as the
    opening's error, for the window to show."""
    from kefu_desktop.services.auth import begin_login
    from kefu_desktop.store import connect

    try:
        url = connect(db)
    except KefuError as error:
        return DeskOpening(None, error)
    return DeskOpening(url, login=begin_login(login_name, password) if login_name else None)
