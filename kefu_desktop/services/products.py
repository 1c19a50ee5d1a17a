"""The product table (SKU, name, unit weight in grams) and its import from an Excel sheet."""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from peewee import EXCLUDED

from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.errors import KefuError, ValidationError
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.scale import MAX_WEIGHT_G
from kefu_desktop.domain.text import TextKind, clean_text
from kefu_desktop.services.auth import User, operation
from kefu_desktop.store.db import database
from kefu_desktop.store.models import Product

log = logging.getLogger("kefu.services.products")

HEADER_SEARCH_ROWS = 10
MAX_SKU_LENGTH = 64
MAX_NAME_LENGTH = 200
SAVE_BATCH = 200

_SKU_HEADERS = ("sku", "款号", "货号", "商品编码", "商家编码", "skuid")
_NAME_HEADERS = ("名称", "品名", "商品名称", "name", "productname", "商品")
_WEIGHT_HEADERS = ("单件重量", "重量", "单重", "weight", "unitweight", "净重")
_KG_MARKS = ("kg", "千克", "公斤")


@dataclass(frozen=True)
class ProductRow:
    sku: str
    name: str
    unit_weight_g: int


@dataclass(frozen=True)
class SkippedRow:
    row: int
    """The row number as Excel shows it."""
    reason: str


@dataclass
class ProductSheet:
    """What a product sheet holds: rows fit to import, and rows skipped with the reason."""

    sheet_name: str
    rows: list[ProductRow] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int
    skipped: list[SkippedRow]

    def describe(self) -> str:
        text = (
            f"已导入 {self.added + self.updated} 个商品（新增 {self.added}，更新 {self.updated}）"
        )
        if self.skipped:
            text += f"，跳过 {len(self.skipped)} 行"
        return text + "。"


def _header_key(value: Any) -> str:
    text = str(value or "").strip().lower()
    text = text.replace("（", "(").replace("）", ")")
    return re.sub(r"[\s_\-]", "", text)


def _matches(key: str, names: Sequence[str]) -> bool:
    base = key.split("(")[0]
    return base in names or key in names


def _find_columns(row: Sequence[Any]) -> tuple[dict[str, int], bool]:
    """Column index per field found in a header row, and whether the weight is in kg."""
    columns: dict[str, int] = {}
    in_kg = False
    for index, cell in enumerate(row):
        key = _header_key(cell)
        if not key:
            continue
        if "sku" not in columns and _matches(key, _SKU_HEADERS):
            columns["sku"] = index
        elif "name" not in columns and _matches(key, _NAME_HEADERS):
            columns["name"] = index
        elif "weight" not in columns and _matches(key, _WEIGHT_HEADERS):
            columns["weight"] = index
            in_kg = any(mark in key for mark in _KG_MARKS)
    return columns, in_kg


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _weight_grams(value: Any, in_kg: bool) -> int:
    """The unit weight in grams; `ValueError` with the reason when the cell is unusable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("缺少单件重量")
    if isinstance(value, bool):
        raise ValueError(f"重量「{value}」不是数字")
    try:
        number = Decimal(str(value).strip().removesuffix("g").removesuffix("克").strip())
    except InvalidOperation:
        raise ValueError(f"重量「{_cell_text(value)}」不是数字") from None
    if not number.is_finite():
        raise ValueError(f"重量「{_cell_text(value)}」不是数字")
    grams = number * 1000 if in_kg else number
    whole = int(grams.quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    if whole <= 0:
        raise ValueError("单件重量须大于 0")
    if whole > MAX_WEIGHT_G:
        raise ValueError(f"单件重量超过 {MAX_WEIGHT_G // 1000} kg，请核对单位（克）")
    return whole


def parse_product_rows(
    rows: Iterable[Sequence[Any]], sheet_name: str = "", search_rows: int = HEADER_SEARCH_ROWS
) -> ProductSheet:
    """Find the header row (Chinese or English) and read every product row below it.

    Raises `ValidationError` naming the missing columns when no header row has them;
    bad rows are listed in `skipped` with their Excel row number and the reason.
    """
    sheet = ProductSheet(sheet_name)
    iterator = iter(rows)
    columns: dict[str, int] = {}
    in_kg = False
    best: dict[str, int] = {}
    header_row = 0
    for number, row in enumerate(iterator, start=1):
        found, kg = _find_columns(row)
        if "sku" in found and "weight" in found:
            columns, in_kg, header_row = found, kg, number
            break
        if len(found) > len(best):
            best = found
        if number >= search_rows:
            break
    if not columns:
        missing = [
            label
            for key, label in (("sku", "款号(SKU)"), ("weight", "单件重量(g)"))
            if key not in best
        ]
        raise ValidationError(
            f"商品表{f'「{sheet_name}」' if sheet_name else ''}缺少列：{'、'.join(missing)}。"
            "表头须包含 款号/SKU、名称/品名、单件重量(g)/重量。未导入任何商品。",
            "sheet",
        )
    first_row_of_sku: dict[str, int] = {}
    for number, row in enumerate(iterator, start=header_row + 1):
        cells = list(row)
        if not any(_cell_text(c) for c in cells):
            continue

        def cell(key: str, cells: list[Any] = cells) -> Any:
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        try:
            sku = clean_text(_cell_text(cell("sku")), TextKind.IDENTIFIER, "款号", "sku")
            name = clean_text(_cell_text(cell("name")), TextKind.LINE, "名称", "name")
        except ValidationError as error:
            sheet.skipped.append(SkippedRow(number, str(error).removesuffix("。")))
            continue
        if not sku:
            sheet.skipped.append(SkippedRow(number, "缺少款号"))
            continue
        if len(sku) > MAX_SKU_LENGTH:
            sheet.skipped.append(SkippedRow(number, f"款号超过 {MAX_SKU_LENGTH} 个字符"))
            continue
        if sku in first_row_of_sku:
            sheet.skipped.append(
                SkippedRow(number, f"款号 {sku} 与第 {first_row_of_sku[sku]} 行重复")
            )
            continue
        try:
            grams = _weight_grams(cell("weight"), in_kg)
        except ValueError as exc:
            sheet.skipped.append(SkippedRow(number, f"款号 {sku}：{exc}"))
            continue
        first_row_of_sku[sku] = number
        sheet.rows.append(ProductRow(sku, name[:MAX_NAME_LENGTH], grams))
    return sheet


def read_product_sheet(path: Path) -> ProductSheet:
    """Read the first sheet of an Excel file (no database; safe off the UI thread)."""
    from openpyxl import load_workbook  # imported here: openpyxl is slow to load at start-up
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise KefuError(f"找不到文件：{path}") from exc
    except PermissionError as exc:
        raise KefuError(f"无法打开 {path.name}：文件可能正在 Excel 中打开，请关闭后重试。") from exc
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise KefuError(
            f"{path.name} 不是可读取的 Excel 文件（.xlsx）。请在 Excel 中另存为 .xlsx 后再导入。"
        ) from exc
    try:
        worksheet = workbook.worksheets[0]
        return parse_product_rows(worksheet.iter_rows(values_only=True), worksheet.title)
    finally:
        workbook.close()


@operation(Operation.WAREHOUSE_SETTINGS)
def save_products(user: User, rows: Sequence[ProductRow]) -> tuple[int, int]:
    """Insert or update products by SKU; return (added, updated)."""
    rows = [
        ProductRow(
            clean_text(r.sku, TextKind.IDENTIFIER, "款号", "sku", Product.sku.max_length),
            clean_text(r.name, TextKind.LINE, "名称", "name", Product.name.max_length),
            r.unit_weight_g,
        )
        for r in rows
    ]
    skus = [r.sku for r in rows]
    existing: set[str] = set()
    for start in range(0, len(skus), SAVE_BATCH):
        chunk = skus[start : start + SAVE_BATCH]
        query = Product.select(Product.sku).where(Product.sku.in_(chunk))
        existing.update(str(p.sku) for p in query)
    now = utc_now()
    with database.atomic():
        for start in range(0, len(rows), SAVE_BATCH):
            batch = [
                {"sku": r.sku, "name": r.name, "unit_weight_g": r.unit_weight_g, "updated_at": now}
                for r in rows[start : start + SAVE_BATCH]
            ]
            Product.insert_many(batch).on_conflict(
                conflict_target=[Product.sku],
                update={
                    Product.name: EXCLUDED.name,
                    Product.unit_weight_g: EXCLUDED.unit_weight_g,
                    Product.updated_at: EXCLUDED.updated_at,
                },
            ).execute()
    added = len(set(skus) - existing)
    return added, len(skus) - added


@operation(Operation.WAREHOUSE_SETTINGS)
def import_products(user: User, path: Path) -> ImportReport:
    """Read an Excel product sheet and save its good rows; bad rows are reported, not saved."""
    sheet = read_product_sheet(path)
    added, updated = save_products(user, sheet.rows)
    log.info(
        "imported %d products from %s, skipped %d rows", added + updated, path, len(sheet.skipped)
    )
    return ImportReport(added, updated, sheet.skipped)


def unit_weight_g(sku: str) -> int | None:
    """A product's unit weight in grams, None when the SKU is not in the product table."""
    if not sku.strip():
        return None
    value = Product.select(Product.unit_weight_g).where(Product.sku == sku.strip()).scalar()
    return int(value) if value is not None else None


def count_products() -> int:
    return int(Product.select().count())
