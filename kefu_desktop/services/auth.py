"""Staff accounts, login, and the check every service operation makes of the acting account."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import peewee

from kefu_desktop.domain.accounts import check_login, check_password
from kefu_desktop.domain.accounts import normalise_login as normalise_login
from kefu_desktop.domain.audit import MAX_FAILED_LOGINS, AuditEvent, locked_until
from kefu_desktop.domain.clock import to_local, utc_now
from kefu_desktop.domain.errors import KefuError, NotFound, ValidationError
from kefu_desktop.domain.roles import Operation, Role
from kefu_desktop.domain.text import TextKind, clean_text
from kefu_desktop.services import audit
from kefu_desktop.services.access import DECLARED_OPERATIONS as DECLARED_OPERATIONS
from kefu_desktop.services.access import OWN_RULES as OWN_RULES
from kefu_desktop.services.access import User as User
from kefu_desktop.services.access import acting_account as acting_account
from kefu_desktop.services.access import operation as operation
from kefu_desktop.services.access import own_rule as own_rule
from kefu_desktop.services.access import system_origin as system_origin
from kefu_desktop.store.db import database
from kefu_desktop.store.models import Staff

log = logging.getLogger("kefu.auth")

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_NO_ACCOUNT_HASH = f"scrypt$16384$8$1${'00' * 16}${'00' * 32}"
"""Checked against when the login name is unknown, so both answers take as long."""


class LoginFailed(KefuError):
    """Wrong login name or password, or a disabled account."""


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


# --- accounts --------------------------------------------------------------------------------


def _user_of(staff: Staff) -> User:
    return User(
        id=staff.id, login=staff.login, display_name=staff.display_name, role=Role(staff.role)
    )


def needs_first_admin() -> bool:
    """True on a fresh database with no staff yet: the first start creates the admin."""
    return not Staff.select().exists()


def _check_new_account(login: str, display_name: str, password: str) -> tuple[str, str]:
    """The normalised login and the display name by the text rule; `ValidationError` naming
    the field that breaks a rule."""
    login = check_login(
        clean_text(login, TextKind.IDENTIFIER, "登录名", "login", Staff.login.max_length)
    )
    display_name = clean_text(
        display_name, TextKind.LINE, "姓名", "display_name", Staff.display_name.max_length
    )
    if not display_name:
        raise ValidationError("请填写姓名（写在订单备注里）。", "display_name")
    check_password(password)
    return login, display_name


def _insert_account(
    login: str, display_name: str, role: Role, password_hash: str, first: bool
) -> Staff:
    """Insert the account, refusing a taken login (or, for the first admin, any account).

    Another desk may create the same login between our check and our insert: PostgreSQL then
    raises IntegrityError, which ends in the ordinary message. (SQLite transactions take the
    write lock first, so there the check waits for the other desk's save and sees it.)
    """

    def taken() -> KefuError:  # made when raised: a kept instance would hold this frame alive
        if first:
            return KefuError("已有账号，不能再创建初始管理员。请用已有账号登录。")
        return _login_taken(login)

    try:
        with database.atomic():
            others = Staff.select() if first else Staff.select().where(Staff.login == login)
            if others.exists():
                raise taken()
            staff: Staff = Staff.create(
                login=login, display_name=display_name, role=role, password_hash=password_hash
            )
    except peewee.IntegrityError:
        log.info("login %r was created by another desk a moment ago", login)
        raise taken() from None
    return staff


def _login_taken(login: str) -> ValidationError:
    return ValidationError(
        f"登录名「{login}」已被使用（不分大小写和全角半角），请换一个。", "login"
    )


@own_rule("只在还没有任何账号的新数据库上创建第一个管理员")
def create_first_admin(login: str, display_name: str, password: str) -> User:
    """Create the first account (role admin); refused once any account exists."""
    login, display_name = _check_new_account(login, display_name, password)
    return _user_of(
        _insert_account(login, display_name, Role.ADMIN, hash_password(password), first=True)
    )


@operation(Operation.MANAGE_STAFF)
def create_staff(actor: User, login: str, display_name: str, role: Role, password: str) -> User:
    """Create a staff account (admin only); its login must differ from every other one."""
    login, display_name = _check_new_account(login, display_name, password)
    return _user_of(
        _insert_account(login, display_name, role, hash_password(password), first=False)
    )


@own_rule("登录：只记下输入的账号的失败次数、锁定和登录记录")
def login(login_name: str, password: str) -> User:
    """The user for these credentials; `LoginFailed` otherwise."""
    return begin_login(login_name, password)()


@own_rule("登录：只记下输入的账号的失败次数、锁定和登录记录")
def begin_login(login_name: str, password: str) -> Callable[[], User]:
    """Start checking credentials; calling the result waits and gives the user (or `LoginFailed`).

    The deliberately slow password hash runs on a worker thread (it releases the GIL), so the
    caller can load the next window meanwhile. The database is read on the calling thread.
    After MAX_FAILED_LOGINS wrong passwords in a row the account is locked for a while; every
    outcome goes to the audit log (never the password, nor an unknown login name, which may be
    a password typed into the wrong field).
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
        if staff is None:
            audit.record(
                AuditEvent.UNKNOWN_LOGIN, detail=f"输入的登录名共 {len(login_name)} 个字符"
            )
            log.info("login refused: unknown login name")
            raise LoginFailed("登录名或密码不对，请重新输入。")
        now = utc_now()
        if staff.locked_until is not None and staff.locked_until > now:
            audit.record(AuditEvent.REFUSED_LOCKED, staff.id, staff.login)
            log.info("login refused: %s is locked", staff.login)
            raise LoginFailed(_locked_message(staff.login, staff.locked_until))
        if not verdict or not verdict[0]:
            _wrong_password(staff, now)
        if not staff.active:
            audit.record(AuditEvent.REFUSED_DISABLED, staff.id, staff.login)
            raise LoginFailed("该账号已停用，请联系管理员。")
        with database.atomic():
            Staff.update(failed_logins=0, locked_until=None).where(Staff.id == staff.id).execute()
            audit.record(AuditEvent.LOGIN, staff.id, staff.login)
        log.info("login: %s", staff.login)
        return _user_of(staff)

    return finish


def _locked_message(login_name: str, until: datetime) -> str:
    local = to_local(until)
    when = (
        f"{local:%H:%M}"
        if local.date() == datetime.now().astimezone().date()
        else f"{local:%m-%d %H:%M}"
    )
    return (
        f"账号 {login_name} 因连续 {MAX_FAILED_LOGINS} 次密码错误已被锁定，请在 {when} 后再试；"
        "忘记密码请找管理员重置。"
    )


def _wrong_password(staff: Staff, now: datetime) -> None:
    """Count a wrong password (atomically: desks may try at once); lock at the limit; raise."""
    with database.atomic():
        Staff.update(failed_logins=Staff.failed_logins + 1).where(Staff.id == staff.id).execute()
        failures = int(Staff.select(Staff.failed_logins).where(Staff.id == staff.id).scalar())
        until = locked_until(failures, now)
        if until is not None:
            Staff.update(failed_logins=0, locked_until=until).where(Staff.id == staff.id).execute()
            audit.record(
                AuditEvent.LOCKED,
                staff.id,
                staff.login,
                f"连续 {failures} 次密码错误，锁定到 {to_local(until):%Y-%m-%d %H:%M}",
            )
        else:
            audit.record(AuditEvent.WRONG_PASSWORD, staff.id, staff.login, f"第 {failures} 次")
    log.info("login refused: wrong password for %s (%d in a row)", staff.login, failures)
    if until is not None:
        raise LoginFailed(_locked_message(staff.login, until))
    left = MAX_FAILED_LOGINS - failures
    raise LoginFailed(f"登录名或密码不对，请重新输入（再错 {left} 次账号将被锁定 5 分钟）。")


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
    Staff.update(password_hash=hash_password(password), failed_logins=0, locked_until=None).where(
        Staff.id == staff.id
    ).execute()
