"""Office-wide settings kept in the database (AppSetting), shared by every desktop."""

from __future__ import annotations

from typing import Any

from kefu_desktop.store.models import AppSetting


def get_setting(key: str, default: Any = None) -> Any:
    """The stored value for `key`, or `default`."""
    row = AppSetting.get_or_none(AppSetting.key == key)
    return default if row is None else row.value


def set_setting(key: str, value: Any) -> None:
    """Store `value` under `key` (replacing any earlier value)."""
    AppSetting.insert(key=key, value=value).on_conflict(
        conflict_target=[AppSetting.key], update={AppSetting.value: value}
    ).execute()


def demo_logins() -> list[str]:
    """Logins of the demo accounts when the database holds demo data (shown at login)."""
    value = get_setting("demo_accounts", [])
    return [str(v) for v in value] if isinstance(value, list) else []
