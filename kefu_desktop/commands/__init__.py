"""Subcommands of `kefu-desktop`; each module has `register(subparsers)`."""

from __future__ import annotations

import argparse


def whole_number(text: str) -> int:
    """An argparse type: a whole number ≥ 0, with a Chinese message otherwise."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{text}」不是整数，请填写数字，例如 100") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"「{text}」不能是负数")
    return value
