"""Subcommands of `kefu-desktop`; each module has `register(subparsers)`."""

from __future__ import annotations

import argparse
import logging
import os
from typing import TYPE_CHECKING

from kefu_desktop.domain.errors import KefuError

if TYPE_CHECKING:
    from kefu_desktop.services.auth import User

PASSWORD_ENV = "KEFU_PASSWORD"

log = logging.getLogger("kefu.audit")


def logged_in_user(args: argparse.Namespace, what: str) -> User:
    """The account a command that changes or takes out data runs as: `--user`, password in
    KEFU_PASSWORD. Refused without one, so every such command has a person behind it."""
    from kefu_desktop.services import auth

    if not args.user:
        raise KefuError(
            f"{what}需要登录：请加上 --user 登录名，并把密码放在环境变量 {PASSWORD_ENV} 里，"
            f"例如 kefu-desktop --user admin {args.command} …"
        )
    user = auth.login(args.user, os.environ.get(PASSWORD_ENV, ""))
    log.info(
        "%s: %s by %s (id %s) from %s",
        args.command,
        what,
        user.login,
        user.id,
        auth.system_origin(),
    )
    return user


def whole_number(text: str) -> int:
    """An argparse type: a whole number ≥ 0, with a Chinese message otherwise."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{text}」不是整数，请填写数字，例如 100") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"「{text}」不能是负数")
    return value
