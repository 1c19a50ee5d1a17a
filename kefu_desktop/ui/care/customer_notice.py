"""The intake's line about a known customer: recent cases with a link to the profile, the
blocklist in red, 回头客 in green."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kefu_desktop.domain.care import recent_cases_text
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.roles import Operation
from kefu_desktop.services import customers
from kefu_desktop.services.auth import User
from kefu_desktop.services.customers import CustomerNotice
from kefu_desktop.ui.care.profile_dialog import BLOCKED_STYLE, REGULAR_STYLE, CustomerProfileDialog

log = logging.getLogger("kefu.ui.care")

PROFILE_LINK = "profile"
REPEAT_STYLE = "color: #e65100; font-weight: bold;"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def notice_html(notice: CustomerNotice) -> str:
    """The notice as rich text: marks first (blocklist red), then the recent cases and the link."""
    parts: list[str] = []
    blocked = notice.blocked
    if blocked is not None:
        parts.append(f"<span style='{BLOCKED_STYLE}'>⚠ {_html(blocked.text)}</span>")
    regular = notice.regular
    if regular is not None:
        parts.append(f"<span style='{REGULAR_STYLE}'>{_html(regular.text)}</span>")
    recent = recent_cases_text(notice.recent_cases, _settings_of(notice))
    if recent:
        style = REPEAT_STYLE if notice.repeat_returner else ""
        suffix = "（多次售后）" if notice.repeat_returner else ""
        parts.append(f"<span style='{style}'>{recent}{suffix}</span>")
    parts.append(f"<a href='{PROFILE_LINK}'>查看客户档案</a>")
    return "　".join(parts)


def _settings_of(notice: CustomerNotice) -> customers.CareSettings:
    return customers.CareSettings(repeat_window_days=notice.window_days)


class CustomerNoticeLabel(QLabel):
    """Shows what the office knows of the customer ID typed; empty for a new customer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerNotice")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.linkActivated.connect(self._open_profile)
        self.notice: CustomerNotice | None = None
        self.user: User | None = None
        self.setVisible(False)

    def show_for(self, user: User, typed_id: str) -> None:
        """Look the typed ID up and show what is known (a problem reading it shows nothing)."""
        self.user = user
        notice: CustomerNotice | None = None
        if user.may_do(Operation.VIEW_CUSTOMER):
            try:
                notice = customers.customer_notice(user, typed_id)
            except KefuError as error:  # the intake goes on; the notice is a help, not a step
                log.warning("customer notice not read: %s", error)
        self.notice = notice
        self.setText(notice_html(notice) if notice is not None else "")
        self.setVisible(notice is not None)

    def _open_profile(self, _link: str) -> None:
        if self.notice is None or self.user is None:
            return
        dialog = CustomerProfileDialog(self.user, self.notice.platform_id, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.profile_dialog = dialog
