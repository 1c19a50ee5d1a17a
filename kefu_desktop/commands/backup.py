"""`kefu-desktop backup` and `kefu-desktop restore`: a copy of the database, and putting one back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kefu_desktop.domain.errors import KefuError


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="备份数据库",
        description="把数据库备份到一个文件。SQLite 用在线备份，程序正在使用时也能得到一致的副本；"
        "PostgreSQL 用 pg_dump（需安装 PostgreSQL 客户端工具）。",
    )
    backup.add_argument("--out", required=True, metavar="文件", help="备份文件，例如 kefu-备份.db")
    backup.set_defaults(handler=run_backup)
    restore = subparsers.add_parser(
        "restore",
        help="用备份恢复数据库",
        description="用备份文件替换当前数据库：先检查文件确实是本程序的备份且不来自更新版本，"
        "再把当前数据库另存一份，然后恢复并升级到本程序的数据库版本。",
    )
    restore.add_argument("file", metavar="文件", help="备份文件")
    restore.add_argument(
        "--yes", action="store_true", help="确认用备份替换当前数据库（不加则只检查备份文件）"
    )
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from kefu_desktop.services.backup import backup_database
    from kefu_desktop.store import connect

    url = connect(args.db)  # refuses a newer schema, migrates an older one, like every command
    out = backup_database(url, Path(args.out))
    print(f"已备份到 {out}（{out.stat().st_size:,} 字节）")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from kefu_desktop.services.backup import inspect_backup, restore_database
    from kefu_desktop.store.db import describe_database, resolve_url

    url = resolve_url(args.db)
    info = inspect_backup(Path(args.file))
    if not args.yes:
        raise KefuError(
            f"{args.file} 是有效的备份（数据库版本 {info.schema_version}）。恢复会替换当前数据库"
            f"（{describe_database(url)}）的全部内容；确认请加 --yes 再运行。"
        )
    report = restore_database(url, Path(args.file))
    print(
        f"已从 {report.restored.path} 恢复到 {describe_database(url)}。"
        f"恢复前的数据库另存在 {report.previous_copy}"
    )
    return 0
