"""The `kefu-desktop` command: opens the app, or runs a subcommand (demo, archive, export)."""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from kefu_desktop import APP_TITLE, __version__
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.logging_setup import enable_crash_report, setup_logging
from kefu_desktop.paths import DATA_DIR_ENV, use_desk_choice

COMMAND_MODULES: tuple[str, ...] = ("demo", "export", "archive", "backup", "selftest")
"""Modules in kefu_desktop.commands; each has `register(subparsers)` setting `handler`."""

log = logging.getLogger("kefu.cli")

ARGPARSE_TEXTS: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n（用 %(prog)s --help 查看用法）\n",
    "the following arguments are required: %s": "缺少必填参数：%s",
    "one of the arguments %s is required": "参数 %s 至少要填一个",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "后面要跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面至少要跟一个值",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有 %(value)r 这一项（可选：%(choices)s）",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能和参数 %s 一起用",
    "ignored explicit argument %r": "多余的值 %r 已忽略",
    "unexpected option string: %s": "意外的选项：%s",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值",
    "can't open '%(filename)s': %(error)s": "打不开文件「%(filename)s」：%(error)s",
}
"""argparse's own texts (help headings, usage, its errors) in Chinese."""


def _chinese(text: str) -> str:
    return ARGPARSE_TEXTS.get(text, text)


def _chinese_n(singular: str, plural: str, n: int) -> str:
    return _chinese(singular if n == 1 else plural)


@contextmanager
def chinese_argparse() -> Iterator[None]:
    """While parsing or printing help, argparse speaks Chinese (it reads `_` at call time)."""
    module: object = argparse
    saved = (module._, module.ngettext)  # type: ignore[attr-defined]
    module._, module.ngettext = _chinese, _chinese_n  # type: ignore[attr-defined]
    try:
        yield
    finally:
        module._, module.ngettext = saved  # type: ignore[attr-defined]


def parse_args(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """`parser.parse_args` with argparse's help and errors in Chinese."""
    with chinese_argparse():
        return parser.parse_args(argv)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered (headings and -h in Chinese)."""
    with chinese_argparse():
        return _build_parser()


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kefu-desktop",
        description=f"{APP_TITLE} — 售后客服、仓库、主管的桌面工具。不带子命令时打开程序。",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"kefu-desktop {__version__}",
        help="显示版本号并退出",
    )
    parser.add_argument(
        "--db",
        metavar="数据库",
        help="数据库：SQLite 文件路径，或 postgresql://用户:密码@服务器:5432/库名（默认读 KEFU_DB_URL，"
        "否则用数据文件夹里的 kefu.db）",
    )
    parser.add_argument(
        "--data-dir",
        metavar="文件夹",
        help="数据文件夹（默认读 KEFU_DATA_DIR，否则为用户数据目录）",
    )
    parser.add_argument(
        "--user", metavar="账号", help="以该账号直接登录（密码取自环境变量 KEFU_PASSWORD）"
    )
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    subparsers = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMAND_MODULES:
        importlib.import_module(f"kefu_desktop.commands.{name}").register(subparsers)
    return parser


def one_line(error: BaseException) -> str:
    """An error message folded onto one line for the terminal."""
    return " ".join(str(error).split())


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = build_parser()
    args = parse_args(parser, argv)
    if args.data_dir:
        os.environ[DATA_DIR_ENV] = args.data_dir
    use_desk_choice()  # the data folder and database chosen in 文件 → 设置
    setup_logging()
    if args.command is None:
        # Loading makes few reference cycles: no collection passes until the window is up
        # (`freeze_start_up_objects` turns them back on).
        gc.disable()
        try:
            previous_crash = enable_crash_report()
            from kefu_desktop.store.db import check_file_ahead

            check_file_ahead(args.db)  # the database file is checked while the windows load
            from kefu_desktop.services.desk_start import load_desk_services

            load_desk_services()  # before Qt: see desk_start
            from kefu_desktop.ui.qt_loading import load_qt

            load_qt()
            from kefu_desktop.commands import PASSWORD_ENV
            from kefu_desktop.services.desk_start import open_desk

            opening = open_desk(args.db, args.user, os.environ.get(PASSWORD_ENV, ""))
            from kefu_desktop.ui.app import run_app

            return run_app(args, previous_crash, opening)
        finally:
            gc.enable()
    try:
        return int(args.handler(args))
    except KefuError as error:
        print(f"错误：{one_line(error)}", file=sys.stderr)
        return 2
    except Exception as error:
        from kefu_desktop.store.db import typed_fault

        fault = typed_fault(error)
        if fault is None:
            raise
        logging.getLogger("kefu.cli").warning("%s: %s", type(fault).__name__, fault.original)
        print(f"错误：{one_line(fault)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
