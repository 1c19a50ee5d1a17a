"""Staff accounts, login, and the check every service operation makes of the acting account."""

from __future__ import annotations

import functools
import getpass
import hashlib
import hmac
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

from kefu_desktop.domain.accounts import check_login, check_password
from kefu_desktop.domain.accounts import normalise_login as normalise_login
from kefu_desktop.domain.errors import (
    ACCOUNT_DISABLED_MESSAGE,
    AccountRefused,
    KefuError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from kefu_desktop.domain.roles import Operation, Permission, Role, role_may, role_may_do
from kefu_desktop.store.db import database
from kefu_desktop.store.models import Staff

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_NO_ACCOUNT_HASH = f"scrypt$16384$8$1${'00' * 16}${'00' * 32}"
"""Checked against when the login name is unknown, so both answers take as long."""

P = ParamSpec("P")
R = TypeVar("R")


class LoginFailed(KefuError):
    """Wrong login name or password, or a disabled account."""


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


def hash_password(password: str) -> str:
    """A salted scrypt hash, stored as 'scrypt$n$r$p$salt$hash' (hex)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches a hash from `hash_password`."""
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(
        password.encode(), salt=bytes.fromhex(salt_hex), dklen=32, n=int(n), r=int(r), p=int(p)
    )
    return hmac.compare_digest(digest.hex(), digest_hex)


# --- who is acting ---------------------------------------------------------------------------


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


# --- accounts --------------------------------------------------------------------------------


def _user_of(staff: Staff) -> User:
    return User(
        id=staff.id, login=staff.login, display_name=staff.display_name, role=Role(staff.role)
    )


def needs_first_admin() -> bool:
    """True on a fresh database with no staff yet: the first start creates the admin."""
    return not Staff.select().exists()


def _check_new_account(login: str, display_name: str, password: str) -> str:
    """The normalised login; `ValidationError` naming the field that breaks a rule."""
    login = check_login(login)
    if not display_name.strip():
        raise ValidationError("请填写姓名（写在订单备注里）。", "display_name")
    check_password(password)
    return login


def _login_taken(login: str) -> ValidationError:
    return ValidationError(
        f"登录名「{login}」已被使用（不分大小写和全角半角），请换一个。", "login"
    )


@own_rule("只在还没有任何账号的新数据库上创建第一个管理员")
def create_first_admin(login: str, display_name: str, password: str) -> User:
    """Create the first account (role admin); refused once any account exists."""
    login = _check_new_account(login, display_name, password)
    with database.atomic():
        if Staff.select().exists():
            raise KefuError("已有账号，不能再创建初始管理员。请用已有账号登录。")
        staff = Staff.create(
            login=login,
            display_name=display_name.strip(),
            role=Role.ADMIN,
            password_hash=hash_password(password),
        )
    return _user_of(staff)


@operation(Operation.MANAGE_STAFF)
def create_staff(actor: User, login: str, display_name: str, role: Role, password: str) -> User:
    """Create a staff account (admin only); its login must differ from every other one."""
    login = _check_new_account(login, display_name, password)
    with database.atomic():
        if Staff.select().where(Staff.login == login).exists():
            raise _login_taken(login)
        staff = Staff.create(
            login=login,
            display_name=display_name.strip(),
            role=role,
            password_hash=hash_password(password),
        )
    return _user_of(staff)


def login(login_name: str, password: str) -> User:
    """The user for these credentials; `LoginFailed` otherwise."""
    return begin_login(login_name, password)()


def begin_login(login_name: str, password: str) -> Callable[[], User]:
    """Start checking credentials; calling the result waits and gives the user (or `LoginFailed`).

    The deliberately slow password hash runs on a worker thread (it releases the GIL), so the
    caller can load the next window meanwhile. The database is read on the calling thread.
    """
    staff = Staff.get_or_none(Staff.login == normalise_login(login_name))
    stored = staff.password_hash if staff is not None else _NO_ACCOUNT_HASH
    verdict: list[bool] = []
    worker = threading.Thread(
        target=lambda: verdict.append(verify_password(password, stored)), name="login"
    )
    worker.start()

    def finish() -> User:
        worker.join()
        if staff is None or not verdict or not verdict[0]:
            raise LoginFailed("登录名或密码不对，请重新输入。")
        if not staff.active:
            raise LoginFailed("该账号已停用，请联系管理员。")
        return _user_of(staff)

    return finish


def list_staff(role: Role | None = None) -> list[User]:
    """Active staff, optionally of one role, by display name."""
    query = Staff.select().where(Staff.active == True)  # noqa: E712
    if role is not None:
        query = query.where(Staff.role == role)
    return [_user_of(s) for s in query.order_by(Staff.display_name)]


@dataclass(frozen=True)
class StaffAccount:
    """A staff account as the administrator sees it."""

    id: int
    login: str
    display_name: str
    role: Role
    active: bool


@operation(Operation.MANAGE_STAFF)
def list_accounts(actor: User) -> list[StaffAccount]:
    """Every account, active ones first, by login (admin only)."""
    query = Staff.select().order_by(Staff.active.desc(), Staff.login)
    return [StaffAccount(s.id, s.login, s.display_name, Role(s.role), s.active) for s in query]


def _account(staff_id: int) -> Staff:
    staff: Staff | None = Staff.get_or_none(Staff.id == staff_id)
    if staff is None:
        raise NotFound("找不到该账号，可能已被删除。请刷新列表。")
    return staff


def _keep_an_admin(staff: Staff) -> None:
    """Refuse to take away the last active admin account."""
    if Role(staff.role) != Role.ADMIN or not staff.active:
        return
    others = (
        Staff.select()
        .where((Staff.role == Role.ADMIN) & (Staff.active == True) & (Staff.id != staff.id))  # noqa: E712
        .exists()
    )
    if not others:
        raise ValidationError("这是最后一个可用的管理员账号，不能停用或改为其他角色。")


@operation(Operation.MANAGE_STAFF)
def set_active(actor: User, staff_id: int, active: bool) -> None:
    """Disable an account (its cases and history stay) or enable it again (admin only).

    Nobody changes their own account's state, and the last active admin stays.
    """
    staff = _account(staff_id)
    if staff.id == actor.id:
        raise ValidationError("不能停用或启用自己的账号，请让另一位管理员操作。")
    if not active:
        _keep_an_admin(staff)
    Staff.update(active=active).where(Staff.id == staff.id).execute()


@operation(Operation.MANAGE_STAFF)
def set_role(actor: User, staff_id: int, role: Role) -> None:
    """Give an account another role (admin only); not one's own, not the last admin's."""
    staff = _account(staff_id)
    if staff.id == actor.id:
        raise ValidationError("不能更改自己的角色，请让另一位管理员操作。")
    if role != Role.ADMIN:
        _keep_an_admin(staff)
    Staff.update(role=role).where(Staff.id == staff.id).execute()


@operation(Operation.MANAGE_STAFF)
def reset_password(actor: User, staff_id: int, password: str) -> None:
    """Give an account a new password (admin only)."""
    check_password(password)
    staff = _account(staff_id)
    Staff.update(password_hash=hash_password(password)).where(Staff.id == staff.id).execute()
