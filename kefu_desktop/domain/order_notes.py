"""Order notes (备注): reason + agent name + date, with the flag to set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kefu_desktop.domain.flags import OrderFlag


@dataclass(frozen=True)
class OrderNote:
    text: str
    flag: OrderFlag

    def clipboard_text(self) -> str:
        """What an agent pastes into the seller workbench's memo field."""
        return f"【{self.flag.label}】{self.text}" if self.flag else self.text


def compose_note(reason: str, agent_name: str, day: date, flag: OrderFlag) -> OrderNote:
    """The note as the shop writes it: '<reason> <agent> <YYYY-MM-DD>'."""
    reason = " ".join(reason.split())
    return OrderNote(text=f"{reason} {agent_name} {day:%Y-%m-%d}", flag=flag)
