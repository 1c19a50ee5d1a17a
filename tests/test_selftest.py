"""`kefu-desktop selftest` in its own process: passes on a complete installation listing every
window it opened, and fails naming the problem when a window raises, Qt warns, a message box pops
up, a wizard stops short, a resource, translation or module is missing, or it hangs."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.roles import Role
from kefu_desktop.ui.selftest import REQUIRED_MODULES

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parent.parent

SELFTEST = """
import sys
from kefu_desktop.cli import main
{patch}
sys.exit(main(["selftest", "--report", sys.argv[1]]))
"""


def selftest(
    tmp_path: Path, patch: str = "", env: dict[str, str] | None = None
) -> tuple[int, list[str], list[str]]:
    """Run the self-test in a child process: exit code, printed lines, report file lines."""
    report = tmp_path / "报告" / "selftest.txt"
    done = subprocess.run(
        [sys.executable, "-c", SELFTEST.format(patch=patch), str(report)],
        capture_output=True, text=True, encoding="utf-8", timeout=300, check=False,
        env=env if env is not None else dict(os.environ), cwd=tmp_path,
    )  # fmt: skip
    printed = done.stdout.splitlines()
    written = report.read_text(encoding="utf-8").splitlines() if report.exists() else []
    assert printed == written, done.stderr
    return done.returncode, printed, written


def test_selftest_opens_every_window_and_exports(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM")  # it chooses offscreen itself: this machine has no display
    env.pop("KEFU_DATA_DIR")
    env["KEFU_DB_URL"] = "postgresql://kefu:wrong@127.0.0.1:1/office"  # never used
    config = tmp_path / "config"  # where the desk's own Qt settings live on Linux
    env["XDG_CONFIG_HOME"] = str(config)
    env["XDG_DATA_HOME"] = str(tmp_path / "share")
    desk = tmp_path / "desk-data"  # the data folder and database this desk chose in 文件 → 设置
    choice = {"data_dir": str(desk), "db_url": str(desk / "office.db")}
    (tmp_path / "share" / "kefu-desktop").mkdir(parents=True)
    (tmp_path / "share" / "kefu-desktop" / "desk.json").write_text(json.dumps(choice))
    code, lines, _ = selftest(tmp_path, env=env)
    assert code == 0, lines[-3:]
    assert lines[0].endswith("自检（Qt 平台 offscreen）")
    assert "资源：Qt 中文翻译 qtbase_zh_CN" in lines
    assert any(line.startswith("模块：") and "pillow_heif" in line for line in lines)
    assert "已打开：登录（所有角色）" in lines
    for role in Role:
        assert f"已打开：售后单（{role.label}）" in lines
    assert "已打开：统计看板（客服主管）" in lines and "已打开：仓库核实（仓库）" in lines
    for kind in CaseKind:
        assert any(line.startswith(f"已打开：向导-{kind.label}-") and "— 结果页：" in line
                   for line in lines), kind  # fmt: skip
    assert any(line.startswith("已导出：") and "可以打开" in line for line in lines)
    assert lines[-1].startswith("自检通过")
    # the desk's own database, settings and log are left alone
    assert not (desk / "office.db").exists() and not (desk / "kefu.db").exists()
    assert not config.exists() or not any(config.rglob("*"))
    log = desk / "logs" / "kefu-desktop.log"  # the desk's choice was in force: its log is there
    assert log.exists() and "zhuguan01" not in log.read_text(encoding="utf-8")


FAULTS = {
    "a dialog that raises while it is built": (
        "from kefu_desktop.ui.cases.price_change_dialog import PriceChangeDialog\n"
        "def broken(self, *args):\n"
        "    raise RuntimeError('改价补差坏了')\n"
        "PriceChangeDialog.__init__ = broken\n",
        ("PriceChangeDialog", "RuntimeError: 改价补差坏了", "上一个打开的窗口是「更改状态」"),
    ),
    "a window that raises as it is shown": (
        "from kefu_desktop.ui.widgets.shortcuts import ShortcutsDialog\n"
        "def broken(self, event):\n"
        "    raise ValueError('快捷键列表坏了')\n"
        "ShortcutsDialog.showEvent = broken\n",
        ("打开「快捷键」（售后客服）时出错", "ValueError", "快捷键列表坏了"),
    ),
    "a slot that raises once the window is open": (
        "from PySide6.QtCore import QTimer\n"
        "from kefu_desktop.ui.cases.state_dialog import StateDialog\n"
        "built = StateDialog.__init__\n"
        "def later(self, *args):\n"
        "    built(self, *args)\n"
        "    QTimer.singleShot(0, lambda: {}['状态'])\n"
        "StateDialog.__init__ = later\n",
        ("打开「更改状态」（售后客服）时", "未捕获的异常 KeyError: '状态'"),
    ),
    "a Qt warning": (
        "from PySide6.QtCore import qWarning\n"
        "from kefu_desktop.ui.replies.replies_editor import RepliesEditor\n"
        "built = RepliesEditor.__init__\n"
        "def warns(self, *args):\n"
        "    built(self, *args)\n"
        "    qWarning('QLayout: Attempting to add QLayout to a widget which already has one')\n"
        "RepliesEditor.__init__ = warns\n",
        ("打开「编辑话术」（客服主管）时", "Qt 警告：QLayout: Attempting"),
    ),
    "a message box nobody asked for": (
        "from PySide6.QtWidgets import QMessageBox\n"
        "from kefu_desktop.ui.accounts.staff_dialog import StaffDialog\n"
        "built = StaffDialog.__init__\n"
        "def asks(self, *args):\n"
        "    built(self, *args)\n"
        "    QMessageBox.warning(self, '读取失败', '员工列表读不出来')\n"
        "StaffDialog.__init__ = asks\n",
        ("打开「员工账号」（管理员）时", "弹出了提示框「读取失败」：员工列表读不出来"),
    ),
    "a wizard that stops before its outcome": (
        "from kefu_desktop.ui.wizards.pages import QuestionPage\n"
        "QuestionPage.validatePage = lambda self: False\n",
        ("向导「发错货」没有走到结果页",),
    ),
    "a missing resources folder": (
        "import sys, tempfile\nsys._MEIPASS = tempfile.mkdtemp()\n",
        ("缺少资源文件：程序图标", "app.png"),
    ),
    "Qt's Chinese translation missing": (
        "import kefu_desktop.ui.app as app\napp.install_chinese_translations = lambda app: None\n",
        ("Qt 的中文翻译 qtbase_zh_CN 没有载入",),
    ),
    "a library that does not import": (
        "import sys\nsys.modules['pillow_heif'] = None\n",
        ("无法载入", "pillow_heif"),
    ),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_selftest_fails_naming_the_first_problem(tmp_path: Path, fault: str) -> None:
    patch, expected = FAULTS[fault]
    code, lines, written = selftest(tmp_path, patch)
    assert code == 1, lines[-3:]
    failure = lines[-1]
    assert failure.startswith("自检失败："), lines[-3:]
    for words in expected:
        assert words in failure
    assert written[-1] == failure  # the windowed .exe's only output
    if "异常" in failure or "出错" in failure:  # and for whoever fixes it, where it was raised
        assert any(line.strip() == "Traceback (most recent call last):" for line in lines)
    assert not any(line.startswith("自检通过") for line in lines)


def test_selftest_that_hangs_ends_with_code_3(tmp_path: Path) -> None:
    patch = (
        "import kefu_desktop.ui.selftest as selftest\n"
        "selftest.TIMEOUT_S = 8\n"
        "from PySide6.QtWidgets import QDialog\n"
        "from kefu_desktop.ui.replies.replies_editor import RepliesEditor\n"
        "RepliesEditor.__init__ = lambda self, *args: QDialog().exec()\n"
    )
    code, lines, _ = selftest(tmp_path, patch)
    assert code == 3
    assert "卡住了" in lines[-1]
    assert lines[-2] == "已打开：改价补差（客服主管）"  # the last window that opened


def _imported_libraries() -> set[str]:
    """Every third-party module the app's source imports (`from X import y` counts X.y when y
    is a module)."""
    names: set[str] = set()
    for path in (ROOT / "kefu_desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
                names |= {
                    f"{node.module}.{alias.name}"
                    for alias in node.names
                    if importlib.util.find_spec(node.module) is not None
                    and node.module.split(".")[0] not in sys.stdlib_module_names
                    and _is_module(f"{node.module}.{alias.name}")
                }
    return {
        name
        for name in names
        if name.split(".")[0] not in sys.stdlib_module_names
        and name.split(".")[0] not in {"kefu_desktop", "__future__"}
    }


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def test_the_selftest_imports_every_library_the_app_uses() -> None:
    """A library imported only inside a function would be found missing from the bundle by a
    desk, not by the self-test, unless the self-test imports it too."""
    missing = {
        name
        for name in _imported_libraries()
        if not any(m == name or m.startswith(f"{name}.") for m in REQUIRED_MODULES)
    }
    assert not missing, f"add to REQUIRED_MODULES in ui/selftest.py: {sorted(missing)}"
