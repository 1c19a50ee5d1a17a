"""The Windows bundle's version resource and icon: build.spec writes the version text from
`kefu_desktop.__version__`, and PyInstaller (on Windows) must be able to read it back."""

from __future__ import annotations

import importlib.util
import os
import sys
import types
from pathlib import Path

import pytest
from PIL import Image

from kefu_desktop import APP_NAME, APP_TITLE, __version__

ROOT = Path(__file__).resolve().parent.parent


def _bundle_version() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bundle_version", ROOT / "scripts" / "bundle_version.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_version_numbers_are_the_release_part() -> None:
    numbers = _bundle_version().version_numbers
    assert numbers("0.1.0") == (0, 1, 0, 0)
    assert numbers("2.3") == (2, 3, 0, 0)
    assert numbers("1.2.3rc1") == (1, 2, 3, 0)
    assert numbers("1.2.3.4.5") == (1, 2, 3, 4)
    with pytest.raises(ValueError, match="版本号"):
        numbers("dev")


def _pyinstaller_versioninfo(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """PyInstaller's reader of version files; off Windows its Windows-only imports are stood in
    for (reading the text and packing the resource need neither)."""
    if importlib.util.find_spec("PyInstaller") is None:
        if os.environ.get("CI"):
            pytest.fail(
                "PyInstaller is not installed: CI installs the build extra before the tests"
            )
        pytest.skip("PyInstaller not installed (pip install -e .[build])")
    import PyInstaller.compat

    if sys.platform != "win32":
        monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
        monkeypatch.setattr(PyInstaller.compat, "win32api", None, raising=False)
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    from PyInstaller.utils.win32 import versioninfo

    return versioninfo


def test_the_version_file_reads_back_as_the_apps_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _bundle_version().write_version_info(
        tmp_path / "build", __version__, APP_TITLE, APP_NAME
    )
    versioninfo = _pyinstaller_versioninfo(monkeypatch)
    info = versioninfo.load_version_info_from_text_file(str(path))
    expected = _bundle_version().version_numbers(__version__)
    assert info.ffi.fileVersionMS == (expected[0] << 16) | expected[1]
    assert info.ffi.fileVersionLS == (expected[2] << 16) | expected[3]
    strings = {s.name: s.val for s in info.kids[0].kids[0].kids}
    assert strings["FileVersion"] == __version__ == strings["ProductVersion"]
    assert strings["FileDescription"] == APP_TITLE
    assert strings["OriginalFilename"] == f"{APP_NAME}.exe"
    raw = info.toRaw()  # what is written into the .exe
    assert APP_TITLE.encode("utf-16-le") in raw and __version__.encode("utf-16-le") in raw


def test_the_bundle_icon_is_a_windows_icon_with_every_size() -> None:
    icon = Image.open(ROOT / "resources" / "icons" / "app.ico")
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= icon.info["sizes"]
