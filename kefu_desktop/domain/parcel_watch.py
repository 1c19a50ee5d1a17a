"""The daily parcel watch (今日跟进): parcels and courier claims nobody has acted on for a day.

Every day the shop checks where its problem parcels are, chases the courier and the customer,
and extends the buyer's receipt deadline before the order confirms itself. What the agent did
is recorded as one of these actions in the case's history.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

WATCH_AFTER = timedelta(days=1)
"""A parcel or claim is due for follow-up once its last action is this old."""


class WatchAction(StrEnum):
    PARCEL_CHECKED = "parcel_checked"
    COURIER_CONTACTED = "courier_contacted"
    RECEIPT_EXTENDED = "receipt_extended"

    @property
    def label(self) -> str:
        return WATCH_ACTION_LABELS[self]


WATCH_ACTION_LABELS: dict[WatchAction, str] = {
    WatchAction.PARCEL_CHECKED: "已查件",
    WatchAction.COURIER_CONTACTED: "已联系快递",
    WatchAction.RECEIPT_EXTENDED: "已延长收货时间",
}


def is_due(last_action_at: datetime, now: datetime) -> bool:
    """Whether something last acted on at `last_action_at` needs following up `now`."""
    return now - last_action_at >= WATCH_AFTER
