"""A quick look at unfinished wizards, for start-up (the wizard service itself loads later)."""

from __future__ import annotations

from kefu_desktop.services.auth import User
from kefu_desktop.store.models import WizardDraft


def has_drafts(user: User) -> bool:
    """Whether `user` left wizards unfinished (e.g. the app was closed or killed mid-wizard)."""
    return bool(WizardDraft.select().where(WizardDraft.staff == user.id).exists())
