"""The start-up check for unfinished wizards agrees with the wizard service's own list."""

from __future__ import annotations

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import wizard
from kefu_desktop.services.drafts import has_drafts
from tests.conftest import Staffing


def test_has_drafts_follows_the_users_own_drafts(staff: Staffing) -> None:
    assert not has_drafts(staff.agent)
    draft = wizard.start_draft(staff.agent, CaseKind.QUALITY)
    assert has_drafts(staff.agent)
    assert not has_drafts(staff.agent2)  # a colleague's drafts are not offered to me
    wizard.discard_draft(staff.agent, draft.id)
    assert not has_drafts(staff.agent) and wizard.list_drafts(staff.agent) == []
