"""The `kefu-desktop` command: opens the app, or runs a subcommand (demo, archive, export)."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from kefu_desktop import APP_TITLE, __version__
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.logging_setup import enable_crash_report, setup_logging
from kefu_desktop.paths import DATA_DIR_ENV

COMMAND_MODULES: tuple[str, ...] = ("demo", "export", "archive", "backup")
"""Modules in kefu_desktop.commands; each has `register(subparsers)` setting `handler`."""

log = logging.getLogger("kefu.cli")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="kefu-desktop",
        description=f"{APP_TITLE} — 售后客服、仓库、主管的桌面工具。不带子命令时打开程序。",
    )
    parser.add_argument("--version", action="version", version=f"kefu-desktop {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="数据库：SQLite 文件路径，或 postgresql://用户:密码@服务器:5432/库名（默认读 KEFU_DB_URL，"
        "否则用数据文件夹里的 kefu.db）",
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", help="数据文件夹（默认读 KEFU_DATA_DIR，否则为用户数据目录）"
    )
    parser.add_argument(
        "--user", metavar="LOGIN", help="以该账号直接登录（密码取自环境变量 KEFU_PASSWORD）"
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
    args = parser.parse_args(argv)
    if args.data_dir:
        os.environ[DATA_DIR_ENV] = args.data_dir
    setup_logging()
    if args.command is None:
        previous_crash = enable_crash_report()
        from kefu_desktop.ui.app import run_app

        return run_app(args, previous_crash)
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
