"""Every window, for every role, fits a 1366×768 laptop with a 40 px taskbar, at 100 % and 125 %.

Each screen is set up in its own process (Qt's offscreen platform with a configured screen):
the screen given to Qt is the area above the taskbar, which is what Windows reports as the
available geometry. Windows add a title bar that offscreen has not; `fits` allows for it.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kefu_desktop.ui.tour import CASE_KEYS, TITLE_BAR_PX, Shot, fits
from tests.plain_text import codes_and_english

pytestmark = pytest.mark.gui

TASKBAR = 40
SCREENS = {
    # name: (physical width, physical height, device pixel ratio)
    "1366x768 at 100%": (1366, 768 - TASKBAR, 1.0),
    "1920x1080 at 125%": (1920, 1080 - round(TASKBAR * 1.25), 1.25),
}


def tour_on(tmp_path: Path, width: int, height: int, dpr: float) -> tuple[list[Shot], list[str]]:
    config = tmp_path / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": dpr}
    config.write_text(json.dumps({"screens": [screen]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    env.pop("KEFU_DB_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "kefu_desktop.ui.tour", "--json"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    shots = [Shot(**{**s, "frame": tuple(s["frame"]), "available": tuple(s["available"])})
             for s in report["shots"]]  # fmt: skip
    return shots, report["data"]


@pytest.fixture(scope="module", params=list(SCREENS), ids=list(SCREENS))
def toured(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[list[Shot], list[str]]:
    width, height, dpr = SCREENS[request.param]
    return tour_on(tmp_path_factory.mktemp("screen"), width, height, dpr)


@pytest.fixture
def shots(toured: tuple[list[Shot], list[str]]) -> list[Shot]:
    return toured[0]


def test_every_window_of_every_role_was_opened(shots: list[Shot]) -> None:
    names = {(s.role, s.name) for s in shots}
    for role in ("agent", "warehouse", "supervisor", "admin"):
        assert {
            (role, "售后单"),
            (role, "售后单-照片"),
            (role, "快捷键"),
            (role, "照片预览"),
        } <= names
    assert {
        ("warehouse", "仓库核实"),
        ("warehouse", "仓库设置"),
        ("warehouse", "导入商品"),
        ("warehouse", "退货入库"),
        ("warehouse", "登记无主件"),
    } <= names
    assert {
        ("supervisor", "主管审批"),
        ("supervisor", "登记表"),
        ("supervisor", "导出月度报表"),
    } <= names
    assert {("admin", "员工账号"), ("agent", "更改状态"), ("all", "登录")} <= names
    assert {("agent", "向导-发错货"), ("agent", "向导-破包"), ("agent", "向导-质量问题")} <= names
    assert {("agent", "未完成的向导"), ("agent", "新建售后单"), ("agent", "向导-发错货-5")} <= names
    assert {("agent", "向导-订单变更"), ("agent", "改价补差"), ("supervisor", "编辑话术")} <= names


def test_every_frame_stays_inside_the_available_area(shots: list[Shot]) -> None:
    outside = [(s.role, s.name, s.frame, s.available) for s in shots if not fits(s)]
    assert outside == [], f"with a {TITLE_BAR_PX} px title bar"


def test_the_main_window_opens_maximised_on_first_start(shots: list[Shot]) -> None:
    mains = [s for s in shots if s.name == "售后单"]
    assert len(mains) == 4 and all(s.maximised and s.frame == s.available for s in mains)


def test_key_columns_are_never_cut(shots: list[Shot]) -> None:
    cut = [(s.role, s.name, s.cut_columns) for s in shots if s.cut_columns]
    assert cut == []
    assert CASE_KEYS == ("售后单号", "买家ID", "类型", "状态")


def test_every_window_shows_only_chinese(toured: tuple[list[Shot], list[str]]) -> None:
    """Titles, labels, buttons, fields, menus, headers and cells of every window, every role."""
    shots, data = toured
    found = {
        (s.role, s.name): sorted(
            {w for t in s.texts for w in codes_and_english(t, frozenset(data))}
        )
        for s in shots
    }
    assert {k: v for k, v in found.items() if v} == {}
    assert all(s.texts for s in shots)


def _window_classes() -> set[str]:
    """Every dialog, wizard and main window class the app defines (ui/, by source)."""
    bases = {"QDialog", "QWizard", "QMainWindow"}
    found = set()
    for path in (Path(__file__).resolve().parent.parent / "kefu_desktop" / "ui").rglob("*.py"):
        if "generated" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name) and base.id in bases for base in node.bases
            ):
                found.add(node.name)
    return found


def test_the_tour_opens_every_window_of_the_app(shots: list[Shot]) -> None:
    """The self-test, the screenshots and these fit checks see only what the tour opens: a new
    dialog must be added to ui/tour.py."""
    opened = {name for shot in shots for name in shot.classes}
    missing = _window_classes() - opened
    assert not missing, f"open these in ui/tour.py: {sorted(missing)}"
