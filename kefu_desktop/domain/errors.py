"""User-facing problems: each carries a message that says what is wrong and what to do."""

from __future__ import annotations

from datetime import datetime

from kefu_desktop.domain.clock import to_local


class KefuError(Exception):
    """A known problem the user can act on; `str(error)` is the message to show."""


class ValidationError(KefuError):
    """Input that breaks a rule; `field` names the input it concerns, if one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class PermissionDenied(KefuError):
    """The current user's role may not do this."""


class NotFound(KefuError):
    """The thing asked for does not exist (any more)."""


class StaleRecord(KefuError):
    """Someone else saved the same record first; reload and try again.

    `changed_by` and `changed_at` (naive UTC) say who saved it and when, where known.
    """

    def __init__(
        self, message: str, changed_by: str = "", changed_at: datetime | None = None
    ) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_at = changed_at


def who_and_when(changed_by: str, changed_at: datetime | None) -> str:
    """'小美 在 14:32' (today) or '小美 在 11月28日 14:32', for a stale-save message."""
    who = changed_by or "同事"
    if changed_at is None:
        return who
    local = to_local(changed_at)
    if local.date() == datetime.now().astimezone().date():
        return f"{who} 在 {local:%H:%M}"
    return f"{who} 在 {local.month}月{local.day}日 {local:%H:%M}"


class InvalidTransition(KefuError):
    """A case cannot move from its current state to the one asked for."""
