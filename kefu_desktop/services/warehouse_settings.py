"""Warehouse desk settings: office-wide (tolerance, packaging) and this desktop's scale and scanner."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from kefu_desktop.domain.errors import KefuError, ValidationError
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.scale import ScaleFormat, SerialParity
from kefu_desktop.domain.weights import (
    DEFAULT_PACKAGING_G,
    Tolerance,
    check_packaging,
    check_tolerance,
)
from kefu_desktop.paths import data_dir
from kefu_desktop.services.auth import User, operation
from kefu_desktop.services.settings import get_setting
from kefu_desktop.store.settings import write_setting

log = logging.getLogger("kefu.services.warehouse")

E = TypeVar("E", bound=Enum)

TOLERANCE_KEY = "warehouse.tolerance"
PACKAGING_KEY = "warehouse.packaging_g"
SCALE_FILE_NAME = "scale.json"
SCANNER_FILE_NAME = "scanner.json"
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
DEFAULT_BAUD = 9600
DATA_BITS = (7, 8)
DEFAULT_DATA_BITS = 8


# --- office-wide (database) ------------------------------------------------------------------


def get_tolerance() -> Tolerance:
    """The office's weight tolerance (default: the larger of 50 g and 5 %)."""
    value = get_setting(TOLERANCE_KEY)
    if isinstance(value, dict):
        try:
            return check_tolerance(int(value["min_g"]), int(value["percent"]))
        except (KeyError, TypeError, ValueError, ValidationError):
            log.warning("ignoring unusable tolerance setting %r", value)
    return Tolerance()


@operation(Operation.WAREHOUSE_SETTINGS)
def set_tolerance(user: User, min_g: int, percent: int) -> Tolerance:
    """Store the office's weight tolerance (warehouse or admin)."""
    tolerance = check_tolerance(min_g, percent)
    write_setting(TOLERANCE_KEY, {"min_g": tolerance.min_g, "percent": tolerance.percent})
    return tolerance


def get_packaging_g() -> int:
    """What the packaging of a parcel weighs, added to the goods for the expected weight."""
    value = get_setting(PACKAGING_KEY)
    if isinstance(value, int) and 0 <= value <= 10_000:
        return value
    return DEFAULT_PACKAGING_G


@operation(Operation.WAREHOUSE_SETTINGS)
def set_packaging_g(user: User, grams: int) -> int:
    """Store the office's packaging weight (warehouse or admin)."""
    write_setting(PACKAGING_KEY, check_packaging(grams))
    return grams


# --- this desktop (JSON file in the data folder) ---------------------------------------------


@dataclass(frozen=True)
class ScaleSettings:
    """The serial port the scale is on ('' = no scale), its line settings and output format."""

    port: str = ""
    baud: int = DEFAULT_BAUD
    parity: SerialParity = SerialParity.NONE
    data_bits: int = DEFAULT_DATA_BITS
    scale_format: ScaleFormat = ScaleFormat.AUTO


@dataclass(frozen=True)
class ScannerSettings:
    """How the desk tells a barcode scanner from hands on the keyboard.

    A scanner "types" the code much faster than a person and ends it with Enter: keys at most
    `max_interval_ms` apart, at least `min_length` of them, then Enter, are a scan.
    """

    max_interval_ms: int = 35
    min_length: int = 6


SCANNER_INTERVAL_RANGE = (10, 100)
SCANNER_LENGTH_RANGE = (3, 40)


def scale_settings_path() -> Path:
    return data_dir() / SCALE_FILE_NAME


def scanner_settings_path() -> Path:
    return data_dir() / SCANNER_FILE_NAME


def _read_json(path: Path) -> dict[str, Any]:
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("unreadable settings in %s; using defaults", path)
        return {}
    return raw if isinstance(raw, dict) else {}


def load_scale_settings() -> ScaleSettings:
    """This desktop's scale settings; defaults when the file is missing or unreadable."""
    raw = _read_json(scale_settings_path())
    port = raw.get("port", "")
    baud = raw.get("baud", DEFAULT_BAUD)
    data_bits = raw.get("data_bits", DEFAULT_DATA_BITS)
    return ScaleSettings(
        port=port.strip() if isinstance(port, str) else "",
        baud=baud if isinstance(baud, int) and baud in BAUD_RATES else DEFAULT_BAUD,
        parity=_enum_or(SerialParity, raw.get("parity"), SerialParity.NONE),
        data_bits=data_bits if data_bits in DATA_BITS else DEFAULT_DATA_BITS,
        scale_format=_enum_or(ScaleFormat, raw.get("scale_format"), ScaleFormat.AUTO),
    )


def save_scale_settings(settings: ScaleSettings) -> None:
    """Write this desktop's scale settings atomically (a crash never leaves half a file)."""
    if settings.baud not in BAUD_RATES:
        raise ValidationError(
            f"波特率须为 {'、'.join(map(str, BAUD_RATES))} 之一，请查看电子秤说明书。", "baud"
        )
    if settings.data_bits not in DATA_BITS:
        raise ValidationError("数据位须为 7 或 8，请查看电子秤说明书。", "data_bits")
    write_settings_file(scale_settings_path(), asdict(settings), "电子秤设置")


def load_scanner_settings() -> ScannerSettings:
    """This desktop's scanner recognition settings; defaults when missing or unusable."""
    raw = _read_json(scanner_settings_path())
    default = ScannerSettings()
    interval = raw.get("max_interval_ms", default.max_interval_ms)
    length = raw.get("min_length", default.min_length)
    low, high = SCANNER_INTERVAL_RANGE
    shortest, longest = SCANNER_LENGTH_RANGE
    return ScannerSettings(
        max_interval_ms=interval
        if isinstance(interval, int) and low <= interval <= high
        else default.max_interval_ms,
        min_length=length
        if isinstance(length, int) and shortest <= length <= longest
        else default.min_length,
    )


def save_scanner_settings(settings: ScannerSettings) -> None:
    """Write this desktop's scanner settings atomically."""
    low, high = SCANNER_INTERVAL_RANGE
    if not low <= settings.max_interval_ms <= high:
        raise ValidationError(
            f"扫码枪按键间隔须在 {low}–{high} 毫秒之间（一般 30–50 毫秒）。", "max_interval_ms"
        )
    shortest, longest = SCANNER_LENGTH_RANGE
    if not shortest <= settings.min_length <= longest:
        raise ValidationError(
            f"扫码最少字符数须在 {shortest}–{longest} 之间（运单号一般 10 位以上）。", "min_length"
        )
    write_settings_file(scanner_settings_path(), asdict(settings), "扫码枪设置")


def _enum_or(kind: type[E], value: object, default: E) -> E:
    try:
        return kind(value)
    except ValueError:
        return default


def write_settings_file(path: Path, content: dict[str, Any], what: str) -> None:
    """Write a desk's settings file atomically, readable by this user only (a crash never
    leaves half a file); `KefuError` naming `what` when it cannot be written."""
    text = json.dumps(content, ensure_ascii=False, indent=2)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise KefuError(
            f"无法保存{what}到 {path}：{exc.strerror or exc}。请检查数据文件夹权限。"
        ) from exc
