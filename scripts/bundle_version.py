"""The Windows version resource of kefu-desktop.exe (Explorer's 属性 → 详细信息), written by
build.spec from `kefu_desktop.__version__` in the text form PyInstaller reads.

The text is built here rather than with PyInstaller's own classes, which import Windows-only
modules: the spec must also run on Linux (CI builds and self-tests the bundle there)."""

from __future__ import annotations

import re
from pathlib import Path

CHINESE_UNICODE = ("080404b0", 0x0804, 1200)
"""String table key, language (zh-CN) and code page (Unicode) of the version strings."""


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """'1.2.3' → (1, 2, 3, 0): the four numbers Windows shows; a suffix such as 'rc1' is dropped."""
    release = re.match(r"\d+(\.\d+)*", version.strip())
    if release is None:
        raise ValueError(f"版本号 {version!r} 不是以数字开头（例如 1.2.3）")
    numbers = [int(part) for part in release.group().split(".")[:4]]
    numbers += [0] * (4 - len(numbers))
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def version_info_text(version: str, title: str, name: str) -> str:
    """The VSVersionInfo structure as the text `pyinstaller` evaluates for EXE(version=...)."""
    numbers = version_numbers(version)
    key, language, codepage = CHINESE_UNICODE
    strings = {
        "CompanyName": name,
        "FileDescription": title,
        "FileVersion": version,
        "InternalName": name,
        "LegalCopyright": name,
        "OriginalFilename": f"{name}.exe",
        "ProductName": title,
        "ProductVersion": version,
    }
    table = ",\n".join(f"        StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3F,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0),
  ),
  kids=[
    StringFileInfo([
      StringTable({key!r}, [
{table},
      ]),
    ]),
    VarFileInfo([VarStruct('Translation', [{language:#06x}, {codepage}])]),
  ],
)
"""


def write_version_info(folder: Path, version: str, title: str, name: str) -> Path:
    """Write the version resource text into `folder`; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "version-info.txt"
    path.write_text(version_info_text(version, title, name), encoding="utf-8")
    return path
