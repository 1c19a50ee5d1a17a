"""Who is acting: the account behind a desk's `User`, checked against the database, and the
declaration every service operation makes of what it is (`operation`) or of its own rule."""

from __future__ import annotations

import functools
import getpass
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

from kefu_desktop.domain.errors import ACCOUNT_DISABLED_MESSAGE, AccountRefused, PermissionDenied
from kefu_desktop.domain.roles import Operation, Permission, Role, role_may, role_may_do
from kefu_desktop.store.db import database
from kefu_desktop.store.models import Staff

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class User:
    """The person using the app; passed to every service call that needs a role check.

    The services never trust it: each operation looks the account up again (`acting_account`).
    """

    id: int
    login: str
    display_name: str
    role: Role

    def may(self, permission: Permission) -> bool:
        return role_may(self.role, permission)

    def may_do(self, operation: Operation) -> bool:
        """Whether this role may do `operation` (what menus and buttons show)."""
        return role_may_do(self.role, operation)


def _refuse(operation: Operation | None, role: Role) -> PermissionDenied:
    what = f"「{operation.label}」" if operation is not None else "此操作"
    return PermissionDenied(f"「{role.label}」角色无权进行{what}，请联系主管或管理员。")


def acting_account(user: User, operation: Operation | None = None) -> User:
    """The account behind `user` as the database holds it now; refused unless it may act.

    Raises `AccountRefused` when the account is gone, disabled or holds another role than the
    desk believes, and `PermissionDenied` when its stored role may not do `operation`.
    """
    row = database.execute_sql(
        f'SELECT "login", "display_name", "role", "active" FROM "{Staff._meta.table_name}" '
        f'WHERE "id" = {database.param}',
        (user.id,),
    ).fetchone()  # plain SQL: this runs before every operation, so it must cost next to nothing
    if row is None:
        raise AccountRefused("你的账号已不存在，请联系管理员")
    login, display_name, role_code, active = row
    if not active:
        raise AccountRefused(ACCOUNT_DISABLED_MESSAGE)
    role = Role(role_code)
    if role != user.role:
        raise AccountRefused(f"你的账号角色已改为「{role.label}」，请退出后重新登录。")
    if operation is not None and not role_may_do(role, operation):
        raise _refuse(operation, role)
    return User(id=user.id, login=login, display_name=display_name, role=role)


def system_origin() -> str:
    """Which operating-system account on which machine is running this ('user@machine')."""
    try:
        account = getpass.getuser()
    except (OSError, KeyError):
        account = "?"
    return f"{account}@{socket.gethostname()}"


DECLARED_OPERATIONS: dict[str, Operation] = {}
"""'module.function' → the operation it is, for every public service function that has one."""

OWN_RULES: dict[str, str] = {}
"""'module.function' → its rule, for the few data-changing functions that act without a login."""


def operation(
    op: Operation,
) -> Callable[[Callable[Concatenate[User, P], R]], Callable[Concatenate[User, P], R]]:
    """Declare a service function as `op`: its first argument is the acting user.

    Before the function runs, the account is checked against the database (exists, active,
    the role it claims) and the stored role must hold `op`'s permission; the function then
    gets the stored account, so nothing it does trusts the caller's copy.
    """

    def declare(func: Callable[Concatenate[User, P], R]) -> Callable[Concatenate[User, P], R]:
        @functools.wraps(func)
        def checked(user: User, /, *args: P.args, **kwargs: P.kwargs) -> R:
            return func(acting_account(user, op), *args, **kwargs)

        DECLARED_OPERATIONS[f"{func.__module__}.{func.__name__}"] = op
        return checked

    return declare


def own_rule(rule: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare a data-changing function that acts without a login, and the rule that holds it."""

    def declare(func: Callable[P, R]) -> Callable[P, R]:
        OWN_RULES[f"{func.__module__}.{func.__name__}"] = rule
        return func

    return declare
