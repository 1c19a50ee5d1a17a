"""Warehouse desk settings: office-wide (tolerance, packaging) and this desktop's scale port."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kefu_desktop.domain.errors import KefuError, ValidationError
from kefu_desktop.domain.roles import Operation
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

TOLERANCE_KEY = "warehouse.tolerance"
PACKAGING_KEY = "warehouse.packaging_g"
SCALE_FILE_NAME = "scale.json"
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
DEFAULT_BAUD = 9600


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
    """The serial port the scale is on ('' = no scale) and its baud rate."""

    port: str = ""
    baud: int = DEFAULT_BAUD


def scale_settings_path() -> Path:
    return data_dir() / SCALE_FILE_NAME


def load_scale_settings() -> ScaleSettings:
    """This desktop's scale settings; defaults when the file is missing or unreadable."""
    path = scale_settings_path()
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ScaleSettings()
    except (OSError, ValueError):
        log.warning("unreadable scale settings in %s; using defaults", path)
        return ScaleSettings()
    if not isinstance(raw, dict):
        return ScaleSettings()
    port = raw.get("port", "")
    baud = raw.get("baud", DEFAULT_BAUD)
    return ScaleSettings(
        port=port.strip() if isinstance(port, str) else "",
        baud=baud if isinstance(baud, int) and baud in BAUD_RATES else DEFAULT_BAUD,
    )


def save_scale_settings(settings: ScaleSettings) -> None:
    """Write this desktop's scale settings atomically (a crash never leaves half a file)."""
    if settings.baud not in BAUD_RATES:
        raise ValidationError(
            f"波特率须为 {'、'.join(map(str, BAUD_RATES))} 之一，请查看电子秤说明书。", "baud"
        )
    path = scale_settings_path()
    text = json.dumps(asdict(settings), ensure_ascii=False, indent=2)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".scale-", suffix=".tmp", dir=path.parent)
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
            f"无法保存电子秤设置到 {path}：{exc.strerror or exc}。请检查数据文件夹权限。"
        ) from exc
