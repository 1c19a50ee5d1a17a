"""Office-wide settings kept in the database (AppSetting), shared by every desktop.

Each setting is changed by its own named operation (the archive root in `evidence`, the
warehouse's tolerance and packaging in `warehouse_settings`, the promises in `promises`, the
login list and the agent's compensation limit here), so every change has a person allowed to
make it.
"""

from __future__ import annotations

import logging
from typing import Any

from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.money import AGENT_COMPENSATION_LIMIT_FEN, check_agent_limit
from kefu_desktop.domain.roles import Operation
from kefu_desktop.services.auth import User, list_staff, operation
from kefu_desktop.store.settings import read_setting, write_setting

log = logging.getLogger("kefu.audit")

DEMO_ACCOUNTS_KEY = "demo_accounts"
SHOW_LOGINS_KEY = "show_logins_at_login"
AGENT_LIMIT_KEY = "agent_compensation_limit_fen"


def get_setting(key: str, default: Any = None) -> Any:
    """The stored value for `key`, or `default`."""
    return read_setting(key, default)


def demo_logins() -> list[str]:
    """Logins of the demo accounts when the database holds demo data."""
    value = get_setting(DEMO_ACCOUNTS_KEY, [])
    return [str(v) for v in value] if isinstance(value, list) else []


def logins_shown_at_login() -> bool:
    """Whether the office lets the login window list the accounts (off unless turned on)."""
    return bool(get_setting(SHOW_LOGINS_KEY, False))


@operation(Operation.OFFICE_SETTINGS)
def set_logins_shown_at_login(user: User, shown: bool) -> None:
    """Let the login window list the active accounts, or stop it (admin)."""
    write_setting(SHOW_LOGINS_KEY, bool(shown))
    log.info("%s set by %s (id %s) to %s", SHOW_LOGINS_KEY, user.login, user.id, bool(shown))


def logins_for_login_window() -> list[str]:
    """The logins the login window may list: none unless the office turned that on."""
    if not logins_shown_at_login():
        return []
    return sorted(person.login for person in list_staff())


def agent_compensation_limit_fen() -> int:
    """How much an agent may grant alone (fen); above it needs the supervisor. The office's
    setting, 20 yuan until set (an unusable stored value counts as unset)."""
    value = get_setting(AGENT_LIMIT_KEY)
    try:
        return check_agent_limit(value)
    except ValidationError:
        if value is not None:
            log.warning("ignoring unusable %s %r", AGENT_LIMIT_KEY, value)
        return AGENT_COMPENSATION_LIMIT_FEN


@operation(Operation.OFFICE_SETTINGS)
def set_agent_compensation_limit(user: User, limit_fen: int) -> int:
    """Set how much an agent may grant alone (admin); `ValidationError` for a limit that is not
    a whole number of fen, not positive or above the sensible maximum (nothing is stored)."""
    limit = check_agent_limit(limit_fen)
    write_setting(AGENT_LIMIT_KEY, limit)
    log.info("%s set by %s (id %s) to %s", AGENT_LIMIT_KEY, user.login, user.id, limit)
    return limit
