"""User-facing problems: each carries a message that says what is wrong and what to do."""


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
    """Someone else saved the same record first; reload and try again."""


class InvalidTransition(KefuError):
    """A case cannot move from its current state to the one asked for."""


class AccountRefused(PermissionDenied):
    """The acting account no longer exists, was disabled or changed role since logging in."""


ACCOUNT_DISABLED_MESSAGE = "你的账号已被停用，请联系管理员"
"""What a desk whose account was disabled is told on its next action."""
