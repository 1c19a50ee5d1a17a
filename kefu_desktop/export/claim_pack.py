"""The evidence pack of a courier claim (理赔材料): the case's photos renamed by case, the waybill
stub check and a summary sheet, as a folder or a zip the agent sends to the courier.

Plain data in, files out. The pack appears only when complete: it is built beside the target
under a temporary name, then renamed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.export.monthly import cell_text

SUMMARY_NAME = "理赔说明.xlsx"


@dataclass(frozen=True)
class PackPhoto:
    source: Path
    name: str
    """The name in the pack: '<售后单号>_<nn>.<ext>'."""


@dataclass(frozen=True)
class ClaimPack:
    """What goes into one claim's pack; times local, money as text already formatted."""

    case_no: str
    summary: list[tuple[str, str]]
    """Label → value lines of the summary sheet (courier, waybill, amounts, what happened)."""
    stub_lines: list[tuple[str, str]]
    """The warehouse's stub and weight check, if one was made."""
    photos: list[PackPhoto]
    made_at: datetime


def pack_photos(case_no: str, sources: list[Path]) -> list[PackPhoto]:
    """The photos renamed by case: '<售后单号>_01.jpg', '<售后单号>_02.png', …"""
    return [
        PackPhoto(source, f"{case_no}_{number:02d}{source.suffix.lower()}")
        for number, source in enumerate(sources, start=1)
    ]


def _summary_workbook(pack: ClaimPack, path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "理赔说明"
    bold = Font(bold=True)
    sheet.append([cell_text(f"快递理赔材料 — 售后单 {pack.case_no}")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for label, value in pack.summary:
        sheet.append([cell_text(label), cell_text(value)])
        sheet.cell(sheet.max_row, 1).font = bold
    if pack.stub_lines:
        sheet.append([])
        sheet.append([cell_text("底单核实（仓库）")])
        sheet.cell(sheet.max_row, 1).font = bold
        for label, value in pack.stub_lines:
            sheet.append([cell_text(label), cell_text(value)])
    sheet.append([])
    sheet.append([cell_text("照片"), cell_text(f"共 {len(pack.photos)} 张")])
    sheet.cell(sheet.max_row, 1).font = bold
    for photo in pack.photos:
        sheet.append(["", cell_text(photo.name)])
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 60
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(path)


def write_claim_pack(pack: ClaimPack, target: Path, as_zip: bool) -> Path:
    """Write the pack as the folder `target` or the zip file `target` (.zip added); returns
    where it is. `KefuError` in words when a photo cannot be read or the target not written;
    a target that exists is never overwritten."""
    if as_zip and target.suffix.lower() != ".zip":
        target = target.with_name(target.name + ".zip")
    if target.exists():
        raise KefuError(f"「{target}」已存在，请换一个名字或位置。")
    missing = [p.source for p in pack.photos if not p.source.is_file()]
    if missing:
        raise KefuError(
            f"有 {len(missing)} 张照片在归档里找不到（例如 {missing[0].name}），理赔材料未导出。"
            "请检查归档位置是否连通，或在「照片」里重新添加后再导出。"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".~kefu-pack-", dir=target.parent))
    except OSError as error:
        raise KefuError(
            f"不能在「{target.parent}」写入文件（{error.strerror}），请换一个位置。"
        ) from None
    try:
        folder = work / "pack"
        folder.mkdir()
        _summary_workbook(pack, folder / SUMMARY_NAME)
        for photo in pack.photos:
            shutil.copyfile(photo.source, folder / photo.name)
        if as_zip:
            staged = work / "pack.zip"
            with zipfile.ZipFile(staged, "w", zipfile.ZIP_DEFLATED) as archive:
                for item in sorted(folder.iterdir()):
                    archive.write(item, f"{target.stem}/{item.name}")
            os.replace(staged, target)
        else:
            os.replace(folder, target)
    except OSError as error:
        raise KefuError(
            f"理赔材料未能写入「{target}」（{error.strerror or error}）。请检查磁盘空间和权限后重试。"
        ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target
