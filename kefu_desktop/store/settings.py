"""Office-wide settings rows (AppSetting). Writing one is for the services' named operations."""

from __future__ import annotations

from typing import Any

from kefu_desktop.store.models import AppSetting


def read_setting(key: str, default: Any = None) -> Any:
    """The stored value for `key`, or `default`."""
    row = AppSetting.get_or_none(AppSetting.key == key)
    return default if row is None else row.value


def write_setting(key: str, value: Any) -> None:
    """Store `value` under `key` (replacing any earlier value)."""
    AppSetting.insert(key=key, value=value).on_conflict(
        conflict_target=[AppSetting.key], update={AppSetting.value: value}
    ).execute()
