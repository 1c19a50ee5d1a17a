"""`kefu-desktop selftest`: open every window on throw-away demo data and say what is missing."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "selftest",
        help="自检：在临时演示数据上打开每个窗口，检查程序是否完整",
        description="在一个临时数据文件夹的演示数据库上（不碰本机的数据和办公室数据库），"
        "不显示画面地打开登录窗口、每个角色的主窗口、每种向导直到结果页、每个工作台和对话框，"
        "导出一份月度报表，并检查图标、中文翻译、图片插件和按需载入的模块。"
        "全部正常时逐行列出打开的窗口，退出码为 0；否则给出第一个问题，退出码非 0。",
    )
    parser.add_argument(
        "--report",
        metavar="文件",
        help="同时把结果写入这个文件。打包好的程序没有控制台窗口，要用这个文件看结果",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kefu_desktop.ui.selftest import run_selftest

    return run_selftest(Path(args.report).expanduser() if args.report else None)
