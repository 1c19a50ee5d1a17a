"""`kefu-desktop export`: write the monthly registers workbook, e.g. from a scheduled task."""

from __future__ import annotations

import argparse
import logging
import os
import time
from datetime import date
from pathlib import Path
from typing import Any

from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.storage import storage_error
from kefu_desktop.store import connect, describe_database

PASSWORD_ENV = "KEFU_PASSWORD"

log = logging.getLogger("kefu.export")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="导出月度登记表（Excel）",
        description="把一个月（或一段日期）的售后单导出为 Excel 月度报表：汇总、各登记表、"
        "客服考核、生产反馈、明细。成功时退出码为 0，失败时非 0 并给出一行原因。",
    )
    parser.add_argument("--month", metavar="年-月", help="月份，例如 2026-11")
    parser.add_argument("--from", dest="date_from", metavar="年-月-日", help="开始日期（含）")
    parser.add_argument("--to", dest="date_to", metavar="年-月-日", help="结束日期（含）")
    parser.add_argument("--out", required=True, metavar="文件", help="输出文件，例如 登记表.xlsx")
    parser.set_defaults(handler=run)


def period_from_args(args: argparse.Namespace, today: date) -> Any:
    """The report period the arguments ask for; `ValidationError` when they make no sense."""
    from kefu_desktop.domain.registers import date_range_period, parse_date, parse_month

    if args.month and (args.date_from or args.date_to):
        raise ValidationError("--month 与 --from/--to 只能二选一。", "month")
    if args.month:
        return parse_month(args.month, today)
    if args.date_from and args.date_to:
        return date_range_period(
            parse_date(args.date_from, "from"), parse_date(args.date_to, "to"), today
        )
    if args.date_from or args.date_to:
        raise ValidationError(
            "请同时给出 --from 和 --to（例如 --from 2026-11-01 --to 2026-11-15）。"
        )
    raise ValidationError("请用 --month 2026-11 指定月份，或用 --from/--to 指定日期范围。")


def _export_user() -> Any:
    """Who a scheduled export runs as when no --user is given (it only reads)."""
    from kefu_desktop.domain.roles import Role
    from kefu_desktop.services.auth import User

    return User(id=0, login="export", display_name="定时导出", role=Role.ADMIN)


def run(args: argparse.Namespace) -> int:
    from kefu_desktop.domain.registers import ReportPeriod
    from kefu_desktop.export.monthly import normalise_target
    from kefu_desktop.services.registers import export_monthly

    period: ReportPeriod = period_from_args(args, date.today())
    target = normalise_target(Path(args.out).expanduser())
    url = connect(args.db)
    if args.user:
        from kefu_desktop.services import auth

        user = auth.login(args.user, os.environ.get(PASSWORD_ENV, ""))
    else:
        user = _export_user()
    started = time.perf_counter()
    try:
        written = export_monthly(user, period, target.resolve())
    except OSError as error:
        failure = storage_error(error, "导出月度报表", target.parent)
        log.warning("export to %s failed: %s", target, failure.original)
        raise failure from None
    elapsed = time.perf_counter() - started
    print(
        f"已导出 {period.label} 的月度报表到 {written}（{describe_database(url)}，"
        f"用时 {elapsed:.1f} 秒）。"
    )
    return 0
