from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from kefu_desktop.domain.errors import KefuError, PermissionDenied, ValidationError
from kefu_desktop.domain.scale import ScaleFormat, SerialParity
from kefu_desktop.services import products, warehouse_settings
from kefu_desktop.services.products import SkippedRow, import_products, parse_product_rows
from kefu_desktop.services.warehouse_settings import ScaleSettings, ScannerSettings
from kefu_desktop.store.models import Product
from tests.conftest import Staffing


def _sheet(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "商品重量"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_import_good_and_bad_rows(staff: Staffing, tmp_path: Path) -> None:
    Product.create(sku="OLD1", name="旧名", unit_weight_g=10)
    path = _sheet(
        tmp_path / "products.xlsx",
        [
            ["2024 秋冬商品重量表"],
            [],
            ["款号", "品名", "颜色", "单件重量（g）"],
            ["A100", "羊毛衫", "灰", 350],
            ["OLD1", "新名", "", "120"],
            ["A101", "围巾", "红", "abc"],
            ["", "无款号", "", 100],
            ["A102", "袜子", "", 0],
            ["A103", "大衣", "", -5],
            [None, None, None, None],
            ["A100", "重复", "", 360],
            ["A104", "棉服", "", 200000],
            [8801, "数字款号", "", 99.6],
        ],
    )
    report = import_products(staff.warehouse, path)
    assert (report.added, report.updated) == (2, 1)
    assert report.skipped == [
        SkippedRow(6, "款号 A101：重量「abc」不是数字"),
        SkippedRow(7, "缺少款号"),
        SkippedRow(8, "款号 A102：单件重量须大于 0"),
        SkippedRow(9, "款号 A103：单件重量须大于 0"),
        SkippedRow(11, "款号 A100 与第 4 行重复"),
        SkippedRow(12, "款号 A104：单件重量超过 100 kg，请核对单位（克）"),
    ]
    assert "跳过 6 行" in report.describe()
    saved = {p.sku: (p.name, p.unit_weight_g) for p in Product.select()}
    assert saved == {"A100": ("羊毛衫", 350), "OLD1": ("新名", 120), "8801": ("数字款号", 100)}
    assert products.unit_weight_g("A100") == 350
    assert products.unit_weight_g("nope") is None


def test_import_english_headers_in_kg(staff: Staffing, tmp_path: Path) -> None:
    path = _sheet(tmp_path / "en.xlsx", [["SKU", "Name", "Weight (kg)"], ["B1", "Cap", 0.125]])
    report = import_products(staff.admin, path)
    assert (report.added, report.updated, report.skipped) == (1, 0, [])
    assert Product.get(Product.sku == "B1").unit_weight_g == 125


def test_missing_columns_import_nothing(staff: Staffing, tmp_path: Path) -> None:
    path = _sheet(tmp_path / "bad.xlsx", [["款号", "品名", "颜色"], ["A1", "x", "红"]])
    with pytest.raises(ValidationError, match="缺少列：单件重量") as err:
        import_products(staff.warehouse, path)
    assert "未导入任何商品" in str(err.value)
    assert Product.select().count() == 0


def test_not_an_excel_file_and_roles(staff: Staffing, tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    with pytest.raises(KefuError, match="不是可读取的 Excel"):
        import_products(staff.warehouse, fake)
    with pytest.raises(KefuError, match="找不到文件"):
        import_products(staff.warehouse, tmp_path / "missing.xlsx")
    good = _sheet(tmp_path / "ok.xlsx", [["SKU", "名称", "重量"], ["A", "a", 1]])
    with pytest.raises(PermissionDenied):
        import_products(staff.agent, good)


def test_header_must_be_near_the_top() -> None:
    rows: list[list[object]] = [["说明"]] * 12 + [["SKU", "重量"], ["A", 1]]
    with pytest.raises(ValidationError, match="款号"):
        parse_product_rows(rows)


def test_scale_settings_file_roundtrip(data_dir: Path) -> None:
    assert warehouse_settings.load_scale_settings() == ScaleSettings("", 9600)
    warehouse_settings.save_scale_settings(ScaleSettings("COM3", 4800))
    assert warehouse_settings.load_scale_settings() == ScaleSettings("COM3", 4800)
    assert json.loads((data_dir / "scale.json").read_text("utf-8")) == {
        "port": "COM3",
        "baud": 4800,
        "parity": "none",
        "data_bits": 8,
        "scale_format": "auto",
    }
    assert [p.name for p in data_dir.iterdir()] == ["scale.json"]  # no temp file left behind
    xk3190 = ScaleSettings("COM4", 9600, SerialParity.EVEN, 7, ScaleFormat.XK3190_TF1)
    warehouse_settings.save_scale_settings(xk3190)
    assert warehouse_settings.load_scale_settings() == xk3190
    with pytest.raises(ValidationError, match="波特率"):
        warehouse_settings.save_scale_settings(ScaleSettings("COM3", 1234))
    with pytest.raises(ValidationError, match="数据位"):
        warehouse_settings.save_scale_settings(ScaleSettings("COM3", 9600, data_bits=5))
    (data_dir / "scale.json").write_text('{"port": "COM3", "parity": "mark", "scale_format": 7}')
    assert warehouse_settings.load_scale_settings() == ScaleSettings("COM3")
    (data_dir / "scale.json").write_text("{broken", encoding="utf-8")
    assert warehouse_settings.load_scale_settings() == ScaleSettings()


def test_scanner_settings_file_roundtrip(data_dir: Path) -> None:
    assert warehouse_settings.load_scanner_settings() == ScannerSettings(35, 6)
    warehouse_settings.save_scanner_settings(ScannerSettings(50, 10))
    assert warehouse_settings.load_scanner_settings() == ScannerSettings(50, 10)
    with pytest.raises(ValidationError, match="按键间隔"):
        warehouse_settings.save_scanner_settings(ScannerSettings(500, 10))
    with pytest.raises(ValidationError, match="最少字符数"):
        warehouse_settings.save_scanner_settings(ScannerSettings(50, 1))
    (data_dir / "scanner.json").write_text('{"max_interval_ms": "fast", "min_length": 99}')
    assert warehouse_settings.load_scanner_settings() == ScannerSettings()
