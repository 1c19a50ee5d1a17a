"""The command line speaks Chinese: help headings, usage, metavars and argparse's own errors."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

import pytest

from kefu_desktop.cli import build_parser

COMMAND_WORDS = {"kefu-desktop", "demo", "export", "archive", "verify", "backup", "restore",
                 "selftest"}  # fmt: skip
"""Command names are typed as they are; they are not English prose."""
ALLOWED = {"KEFU_DB_URL", "KEFU_DATA_DIR", "KEFU_PASSWORD", "SQLite", "PostgreSQL", "README",
           "Excel", "sha256", "postgresql", "kefu.db", "xlsx", "ID", "pg_dump", "pg_restore",
           "kefu", "db"}  # fmt: skip


def subcommands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    """Every command path: (), ('demo',), ('archive',), ('archive', 'verify'), …"""
    found = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += subcommands(sub, (*prefix, name))
    return found


def english_words(text: str) -> list[str]:
    """Latin words left once options (--out, -h), command names and allowed names are removed."""
    words = []
    text = re.sub(r"「[^」]*」|'[^']*'", "", text)  # what the user typed, echoed back
    for token in re.findall(r"[-\w.:/@]+", text, flags=re.ASCII):
        if token.startswith("-") or token in COMMAND_WORDS or token in ALLOWED:
            continue
        if "://" in token or token.startswith("postgresql"):
            continue
        words += [w for w in re.findall(r"[A-Za-z]{2,}", token) if w not in ALLOWED]
    return words


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "kefu_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )


PATHS = subcommands(build_parser())


def test_every_command_path_is_covered() -> None:
    assert {(), ("demo",), ("export",), ("archive",), ("archive", "verify"), ("backup",),
            ("restore",), ("selftest",)} <= set(PATHS)  # fmt: skip


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "kefu-desktop")
def test_help_is_chinese(path: tuple[str, ...]) -> None:
    result = run_cli(*path, "--help")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("用法：kefu-desktop")
    assert "选项" in out and "显示本帮助并退出" in out
    assert english_words(out) == [], out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("export",), "缺少必填参数：--out"),
        (("demo", "--cases", "abc"), "「abc」不是整数"),
        (("demo", "--months"), "后面要跟一个值"),
        (("archive",), "缺少必填参数：操作"),
        (("restore",), "缺少必填参数：文件"),
        (("nosuch",), "没有 'nosuch' 这一项"),
        (("--bogus",), "不认识的参数：--bogus"),
    ],
)
def test_argparse_errors_are_chinese(args: tuple[str, ...], expected: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr
    assert "错误：" in result.stderr and "查看用法" in result.stderr
    assert english_words(result.stderr) == [], result.stderr


def test_other_argparse_users_are_left_alone() -> None:
    """The translation is in force only while our own parser works (pytest parses too)."""
    build_parser()
    other = argparse.ArgumentParser(prog="other")
    assert "show this help message and exit" in other.format_help()
