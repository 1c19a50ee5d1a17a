"""`kefu-desktop demo`: fill a database with realistic demo data."""

from __future__ import annotations

import argparse
import time
from typing import Any

from kefu_desktop.commands import whole_number
from kefu_desktop.store import connect, describe_database


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="生成演示数据（客服、仓库、主管账号和若干售后单）",
        description="往数据库里写入逼真的演示数据：各角色账号（密码见 README）和分布在近几个月的售后单。",
    )
    parser.add_argument(
        "--cases",
        type=whole_number,
        default=3000,
        metavar="条数",
        help="生成多少条售后单（默认 3000）",
    )
    parser.add_argument(
        "--months", type=whole_number, default=6, metavar="月数", help="分布在最近几个月（默认 6）"
    )
    parser.add_argument(
        "--seed",
        type=whole_number,
        default=20261123,
        metavar="种子",
        help="随机种子（相同种子生成相同数据）",
    )
    parser.add_argument(
        "--if-empty", action="store_true", help="数据库里已有售后单时什么都不做（用于快速开始）"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kefu_desktop.services.demo import generate_demo

    if args.cases < 0:
        raise SystemExit("错误：--cases 不能为负数")
    url = connect(args.db)
    started = time.perf_counter()
    report = generate_demo(
        args.cases, months=args.months, seed=args.seed, only_if_empty=args.if_empty
    )
    elapsed = time.perf_counter() - started
    if report.skipped:
        print(f"{describe_database(url)} 里已有 {report.existing_cases} 条售后单，未生成演示数据。")
        return 0
    print(
        f"已在 {describe_database(url)} 生成 {report.cases} 条售后单、{report.events} 条处理记录，"
        f"用时 {elapsed:.1f} 秒。"
    )
    if report.accounts_created:
        print("演示账号（密码均为 demo123）：" + "，".join(report.accounts_created))
    return 0
