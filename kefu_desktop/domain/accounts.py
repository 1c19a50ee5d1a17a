"""Staff account rules: the one form a login is compared in, and what a password must be."""

from __future__ import annotations

import unicodedata

from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.text import is_surrogate

MAX_LOGIN_LENGTH = 64
MIN_PASSWORD_LENGTH = 6


def normalise_login(text: str) -> str:
    """The form logins are stored and compared in: NFKC, case-folded, trimmed.

    So 'Admin', 'ADMIN' and full-width 'ａｄｍｉｎ' are all 'admin'.
    """
    return unicodedata.normalize("NFKC", text).casefold().strip()


def check_login(text: str) -> str:
    """The normalised login; `ValidationError` (field 'login') when it is empty or too long."""
    login = normalise_login(text)
    if not login:
        raise ValidationError("请填写登录名。", "login")
    if len(login) > MAX_LOGIN_LENGTH:
        raise ValidationError(f"登录名最多 {MAX_LOGIN_LENGTH} 个字符。", "login")
    if any(ch.isspace() for ch in login):
        raise ValidationError("登录名里不能有空格。", "login")
    return login


def check_password(password: str) -> None:
    """`ValidationError` (field 'password') unless the password is long enough, not just spaces."""
    if len(password.strip()) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"密码至少 {MIN_PASSWORD_LENGTH} 位（不算首尾空格），不能全是空格。", "password"
        )
    if any(is_surrogate(char) for char in password):
        raise ValidationError(
            "密码里有损坏的字符（不完整的 Unicode 编码），请重新输入。", "password"
        )
