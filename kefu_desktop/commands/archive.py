"""`kefu-desktop archive verify`: check the evidence archive against the database."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kefu_desktop.store import connect, describe_database

LIST_LIMIT = 50


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "archive",
        help="证据照片归档（售后问题图片）的检查",
        description="检查证据照片归档：每条记录的文件都在且 sha256 一致，并列出没有记录的文件。",
    )
    actions = parser.add_subparsers(dest="archive_command", metavar="操作", required=True)
    verify = actions.add_parser(
        "verify",
        help="核对归档文件与数据库记录",
        description="核对每条证据记录的文件是否存在、内容是否一致（sha256），并列出归档里没有记录的文件。"
        "有问题时退出码为 1。可用于共享文件夹上的归档。",
    )
    verify.add_argument(
        "--root", metavar="文件夹", help="归档根目录（默认用数据库里设置的归档位置）"
    )
    verify.add_argument("--all", action="store_true", help="列出全部问题文件（默认每类最多 50 个）")
    verify.add_argument(
        "--adopt",
        action="store_true",
        help="先给“没有记录的文件”补回记录（程序在保存照片时被中断留下的；只补回文件名里的买家ID"
        "与售后单一致、且在该单月份文件夹里的），删除一天以前的临时文件，再核对",
    )
    verify.set_defaults(handler=run_verify)


def _print_list(title: str, items: list[str], show_all: bool) -> None:
    if not items:
        return
    print(f"{title}（{len(items)} 个）：")
    shown = items if show_all else items[:LIST_LIMIT]
    for item in shown:
        print(f"  {item}")
    if len(shown) < len(items):
        print(f"  …… 另有 {len(items) - len(shown)} 个，加 --all 查看全部")


def run_verify(args: argparse.Namespace) -> int:
    from kefu_desktop.services import evidence

    url = connect(args.db)
    root = Path(args.root) if args.root else evidence.archive_root()
    print(f"数据库：{describe_database(url)}")
    print(f"归档位置：{root}")
    if not args.root and not root.exists() and evidence.evidence_count() == 0:
        print("还没有归档任何证据照片，无需核对。")
        return 0
    if args.adopt:
        adopted = evidence.adopt_unknown_files(root)
        _print_list("已补回记录的照片", adopted.adopted, args.all)
        _print_list(
            "未补回（原因见后；可在售后单的“照片”页认领）",
            [f"{rel}：{why}" for rel, why in adopted.left],
            args.all,
        )
        _print_list("已删除的一天以前的临时文件", adopted.removed_leftovers, args.all)
        _print_list("保留的临时文件（不到一天，可能正在导入）", adopted.kept_leftovers, args.all)
    waiting = evidence.pending_count()
    if waiting:
        print(f"本机还有 {waiting} 张照片暂存，等待存入归档（程序运行时会自动存入）。")
    report = evidence.verify(root)
    _print_list("记录有但文件缺失", report.missing, args.all)
    _print_list("文件内容与记录不一致（sha256 不同）", report.mismatched, args.all)
    _print_list("文件无法读取", report.unreadable, args.all)
    _print_list("归档里没有记录的文件", report.unknown, args.all)
    _print_list("未完成的临时文件（可删除）", report.leftovers, args.all)
    if report.ok:
        print(f"全部正常：核对了 {report.checked} 个文件。")
        return 0
    problems = (
        len(report.missing)
        + len(report.mismatched)
        + len(report.unreadable)
        + len(report.unknown)
        + len(report.leftovers)
    )
    print(f"发现 {problems} 个问题（共核对 {report.checked} 条记录）。")
    return 1
