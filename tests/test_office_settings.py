"""The office's settings in the database: the agent's compensation limit (admin only), read by
every rule that decides when the supervisor must approve; saved and read back on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest

from kefu_desktop.domain.errors import PermissionDenied, ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.money import AGENT_COMPENSATION_LIMIT_FEN, AGENT_LIMIT_MAX_FEN
from kefu_desktop.domain.price_changes import PriceChange
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import approvals, cases, evidence, price_changes, promises, settings
from kefu_desktop.services.cases import NewCase, OutcomeRecord
from kefu_desktop.store.db import database
from kefu_desktop.store.models import ApprovalRequest, AppSetting
from tests.conftest import Staffing
from tests.test_wizard_service import finish, opened


def test_the_limit_is_20_yuan_until_the_admin_sets_it_and_reads_back(staff: Staffing) -> None:
    assert settings.agent_compensation_limit_fen() == AGENT_COMPENSATION_LIMIT_FEN == 2000
    assert settings.set_agent_compensation_limit(staff.admin, 5050) == 5050
    database.close()  # read back through a new connection
    database.connect()
    assert settings.agent_compensation_limit_fen() == 5050
    settings.set_agent_compensation_limit(staff.admin, 3000)
    assert settings.agent_compensation_limit_fen() == 3000
    assert AppSetting.select().where(AppSetting.key == settings.AGENT_LIMIT_KEY).count() == 1


def test_only_an_admin_sets_office_settings(staff: Staffing) -> None:
    for person in (staff.agent, staff.supervisor, staff.warehouse):
        with pytest.raises(PermissionDenied):
            settings.set_agent_compensation_limit(person, 10_000)
        with pytest.raises(PermissionDenied):
            promises.set_defect_rule(person, 4, 10)
        with pytest.raises(PermissionDenied):
            promises.set_promise_limits(person, 10, 24, 12)
        with pytest.raises(PermissionDenied):
            evidence.set_archive_root(person, str(Path.home()))
    assert settings.agent_compensation_limit_fen() == AGENT_COMPENSATION_LIMIT_FEN
    assert AppSetting.get_or_none(AppSetting.key == settings.AGENT_LIMIT_KEY) is None


@pytest.mark.parametrize(
    ("limit", "message"),
    [
        (0, "须大于 0 元"),
        (-100, "须大于 0 元"),
        (AGENT_LIMIT_MAX_FEN + 1, "最多 1000 元"),
        (20.5, "精确到分"),
        ("2000", "精确到分"),
        (True, "精确到分"),
    ],
)
def test_a_limit_that_is_not_whole_positive_or_sensible_is_refused_and_nothing_stored(
    staff: Staffing, limit: object, message: str
) -> None:
    settings.set_agent_compensation_limit(staff.admin, 2500)
    with pytest.raises(ValidationError, match=message):
        settings.set_agent_compensation_limit(staff.admin, limit)  # type: ignore[arg-type]
    assert settings.agent_compensation_limit_fen() == 2500


def test_an_unusable_stored_limit_counts_as_the_default(staff: Staffing) -> None:
    AppSetting.insert(key=settings.AGENT_LIMIT_KEY, value=-5).execute()
    assert settings.agent_compensation_limit_fen() == AGENT_COMPENSATION_LIMIT_FEN


def _quality_compensation(staff: Staffing, fen: int) -> cases.CaseDetail:
    draft = opened(staff.agent, CaseKind.QUALITY)
    return finish(
        staff.agent,
        draft,
        within_3_days="no",
        worn="no",
        customer_fault="no",
        q_negotiate="agreed",
        compensation=fen,
    )


def test_the_wizard_asks_the_supervisor_above_the_offices_limit(staff: Staffing) -> None:
    assert _quality_compensation(staff, 3000).state == CaseState.WAITING_SUPERVISOR
    settings.set_agent_compensation_limit(staff.admin, 5000)
    done = _quality_compensation(staff, 3000)
    assert (done.state, done.compensation_fen) == (CaseState.RESOLVED, 3000)
    waiting = _quality_compensation(staff, 5001)
    assert waiting.state == CaseState.WAITING_SUPERVISOR
    assert "超过 50 元" in waiting.note_text
    request = ApprovalRequest.get(ApprovalRequest.case == waiting.id)
    view = approvals.get_request(request.id)
    assert (view.agent_limit_fen, view.over_limit) == (5000, True)
    settings.set_agent_compensation_limit(staff.admin, 1000)
    assert _quality_compensation(staff, 1500).state == CaseState.WAITING_SUPERVISOR


def test_recording_money_and_price_cuts_follow_the_offices_limit(staff: Staffing) -> None:
    case = cases.create_case(staff.agent, NewCase(CaseKind.QUALITY, "tb_权限", order_no="1"))
    record = OutcomeRecord("compensation", "补偿 40 元", compensation_fen=4000)
    with pytest.raises(ValidationError, match="超过客服可自行决定的 20 元"):
        cases.record_outcome(staff.agent, case.id, case.version, record, CaseState.RESOLVED)
    settings.set_agent_compensation_limit(staff.admin, 4000)
    done = cases.record_outcome(staff.agent, case.id, case.version, record, CaseState.RESOLVED)
    assert done.compensation_fen == 4000

    settings.set_agent_compensation_limit(staff.admin, 1500)
    other = cases.create_case(staff.agent, NewCase(CaseKind.QUALITY, "tb_改价", order_no="2"))
    with pytest.raises(ValidationError, match="超过客服可自行决定的 15 元"):
        price_changes.record_price_change(
            staff.agent, other.id, other.version, PriceChange.DISCOUNT, 1600, "换购"
        )
    with pytest.raises(ValidationError, match="未超过 15 元"):
        price_changes.request_price_cut_approval(staff.agent, other.id, 1500, "换购")
