"""A list's filters as the user last left them, kept per user beside the window layout
(`window_layout.layout_settings`) and put back before the list is first read."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDateEdit, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QListWidget  # only the desks that have one load its class


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class RememberedFilters:
    """Filter widgets whose choices are saved under `filters/<key>/…` in the user's settings.

    A saved choice that no longer exists (a colleague's account gone, a kind removed) falls back
    to the first item (全部). A date range that ended today ends today again, as long as before.
    """

    def __init__(self, settings: QSettings, key: str) -> None:
        self.settings = settings
        self.prefix = f"filters/{key}"
        self.combos: dict[str, QComboBox] = {}
        self.checks: dict[str, QAbstractButton] = {}
        self.lists: dict[str, QListWidget] = {}
        self.ranges: dict[str, tuple[QDateEdit, QDateEdit]] = {}

    def combo(self, name: str, combo: QComboBox) -> RememberedFilters:
        self.combos[name] = combo
        return self

    def check(self, name: str, check: QAbstractButton) -> RememberedFilters:
        self.checks[name] = check
        return self

    def list_row(self, name: str, widget: QListWidget) -> RememberedFilters:
        self.lists[name] = widget
        return self

    def date_range(self, name: str, start: QDateEdit, end: QDateEdit) -> RememberedFilters:
        self.ranges[name] = (start, end)
        return self

    def _value(self, name: str) -> object:
        raw = self.settings.value(f"{self.prefix}/{name}")
        if not isinstance(raw, str):
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return None

    def _widgets(self) -> list[QWidget]:
        ranges = [edit for pair in self.ranges.values() for edit in pair]
        return [*self.combos.values(), *self.checks.values(), *self.lists.values(), *ranges]

    def restore(self) -> None:
        """Put the saved choices back without signals (the caller then reads the list once)."""
        if not self.settings.contains(f"{self.prefix}/saved"):
            return
        blocked = [(w, w.blockSignals(True)) for w in self._widgets()]
        try:
            for name, combo in self.combos.items():
                combo.setCurrentIndex(max(combo.findData(self._value(name)), 0))
            for name, check in self.checks.items():
                check.setChecked(self._value(name) is True)
            for name, widget in self.lists.items():
                row = self._value(name)
                if isinstance(row, int) and 0 <= row < widget.count():
                    widget.setCurrentRow(row)
            for name, (start, end) in self.ranges.items():
                self._restore_range(self._value(name), start, end)
        finally:
            for widget, was in blocked:
                widget.blockSignals(was)

    @staticmethod
    def _restore_range(saved: object, start: QDateEdit, end: QDateEdit) -> None:
        if not isinstance(saved, dict):
            return
        try:
            first = date.fromisoformat(str(saved["from"]))
            last = date.fromisoformat(str(saved["to"]))
        except (KeyError, ValueError):
            return
        if saved.get("to_today"):
            today = date.today()
            first, last = today - (last - first), today
        start.setDate(QDate(first.year, first.month, first.day))
        end.setDate(QDate(last.year, last.month, last.day))

    def save(self) -> None:
        """Keep the choices shown now (written to disk with the rest of the layout)."""
        values: dict[str, object] = {name: c.currentData() for name, c in self.combos.items()}
        values |= {name: c.isChecked() for name, c in self.checks.items()}
        values |= {name: w.currentRow() for name, w in self.lists.items()}
        today = date.today()
        for name, (start, end) in self.ranges.items():
            first, last = _to_date(start.date()), _to_date(end.date())
            values[name] = {
                "from": first.isoformat(),
                "to": last.isoformat(),
                "to_today": last == today,
            }
        for name, value in values.items():
            self.settings.setValue(f"{self.prefix}/{name}", _json(value))
        self.settings.setValue(f"{self.prefix}/saved", True)


__all__ = ["RememberedFilters"]
