"""Courier claims (快递理赔): opened by the outcomes that claim against the courier, moved one
step at a time, refused when stale or settled, kept in the case's history, and packed for the
courier with every photo of the case."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image

from kefu_desktop.domain.claims import ClaimState
from kefu_desktop.domain.errors import InvalidTransition, StaleRecord, ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases, claims, evidence, warehouse
from kefu_desktop.services import wizard as wz
from kefu_desktop.services.auth import User
from kefu_desktop.services.claims import ClaimFilter
from kefu_desktop.store.models import CourierClaim, WarehouseCheck
from tests.conftest import Staffing
from tests.test_wizard_service import INTAKE

LOST_RESHIP = {"lg_sub_kind": "lost", "lg_lost_remedy": "reship", "postage": 800,
               "claim_amount": 20800}  # fmt: skip


def _finish(agent: User, kind: CaseKind, answers: dict[str, Any], **intake: str) -> int:
    draft = wz.start_draft(agent, kind)
    values, problems = wz.check_intake(kind, {**INTAKE, **intake})
    assert problems == {}
    draft = wz.save_intake(agent, draft.id, values)
    return wz.finish(agent, draft.id, {**draft.answers, **answers}).id


def _claim_of(case_id: int) -> claims.ClaimView:
    [claim] = claims.claims_of_case(case_id)
    return claim


def test_a_logistics_outcome_opens_one_claim_with_its_amount(staff: Staffing) -> None:
    case_id = _finish(staff.agent, CaseKind.LOGISTICS, LOST_RESHIP)
    claim = _claim_of(case_id)
    assert (claim.state, claim.claimed_fen, claim.received_fen) == (ClaimState.DRAFT, 20800, 0)
    assert (claim.courier, claim.waybill_no) == ("SF", "SF1402345678901")
    detail = cases.get_case(case_id)
    assert detail.postage_payer == "courier"
    assert any(e.action == "claim_opened" for e in detail.events)


def test_outcomes_without_a_claim_open_none(staff: Staffing) -> None:
    case_id = _finish(
        staff.agent,
        CaseKind.LOGISTICS,
        {"lg_sub_kind": "wrong_address", "lg_misdelivery_remedy": "courier_retrieve"},
    )
    assert claims.claims_of_case(case_id) == []


def test_damaged_parcel_outcomes_claim_against_the_courier(staff: Staffing) -> None:
    broken = _finish(
        staff.agent,
        CaseKind.DAMAGED_PARCEL,
        {"dp_sub_kind": "contents_damaged", "dp_damage_evidence": "received",
         "dp_courier_coord": "courier_pays", "remedy_exchange_refund": "refund",
         "refund": 8800, "postage": 600},
        customer_id="tb_破损",
    )  # fmt: skip
    assert _claim_of(broken).claimed_fen == 9400  # the refund and the postage we paid
    missing = _finish(
        staff.agent,
        CaseKind.DAMAGED_PARCEL,
        {"dp_sub_kind": "signed_missing", "request_note": "核实", "expected_weight_g": None},
        customer_id="tb_少件",
    )
    assert claims.claims_of_case(missing) == []  # still waiting for the warehouse
    check = WarehouseCheck.get(WarehouseCheck.case == missing)
    warehouse.record_verdict(
        staff.warehouse,
        check.id,
        check.version,
        warehouse.Verdict(warehouse.CheckState.REFUTED, True, True, 900),
    )
    resumed = wz.continue_case(staff.agent, missing)
    wz.finish(
        staff.agent,
        resumed.id,
        {**resumed.answers, "dp_courier_claim": "agreed", "courier_amount": 5000},
    )
    assert _claim_of(missing).claimed_fen == 5000


def test_a_claim_moves_one_step_at_a_time_and_is_dated(staff: Staffing) -> None:
    agent = staff.agent
    claim = _claim_of(_finish(agent, CaseKind.LOGISTICS, LOST_RESHIP))
    for wrong in (ClaimState.ACCEPTED, ClaimState.PAID, ClaimState.REJECTED):
        with pytest.raises(InvalidTransition, match="不能直接改为"):
            claims.move_claim(agent, claim.id, claim.version, wrong, received_fen=100)
    claim = claims.move_claim(agent, claim.id, claim.version, ClaimState.SUBMITTED)
    assert claim.submitted_at is not None and claim.accepted_at is None
    with pytest.raises(InvalidTransition):
        claims.move_claim(agent, claim.id, claim.version, ClaimState.PAID, received_fen=100)
    claim = claims.move_claim(agent, claim.id, claim.version, ClaimState.ACCEPTED)
    with pytest.raises(ValidationError, match="实际赔付"):
        claims.move_claim(agent, claim.id, claim.version, ClaimState.PAID)
    with pytest.raises(ValidationError, match="超过索赔金额"):
        claims.move_claim(agent, claim.id, claim.version, ClaimState.PAID, received_fen=30000)
    claim = claims.move_claim(
        agent, claim.id, claim.version, ClaimState.PAID, received_fen=18000, remark="顺丰已打款"
    )
    assert (claim.state, claim.received_fen, claim.remark) == (ClaimState.PAID, 18000, "顺丰已打款")
    assert claim.settled_at is not None
    history = [entry.text for entry in claims.claim_history(agent, claim.id)]
    assert history[0].startswith("快递理赔")
    assert history[1:] == [
        "快递理赔：待提交 → 已提交",
        "快递理赔：已提交 → 已受理",
        "快递理赔：已受理 → 已赔付，到账 ¥180.00；备注：顺丰已打款",
    ]


def test_nothing_changes_after_paid_or_rejected(staff: Staffing) -> None:
    agent = staff.agent
    claim = _claim_of(_finish(agent, CaseKind.LOGISTICS, LOST_RESHIP))
    for target in (ClaimState.SUBMITTED, ClaimState.ACCEPTED):
        claim = claims.move_claim(agent, claim.id, claim.version, target)
    paid = claims.move_claim(agent, claim.id, claim.version, ClaimState.PAID, received_fen=100)
    with pytest.raises(ValidationError, match="已赔付，不能再修改"):
        claims.edit_claim(agent, paid.id, paid.version, paid.claimed_fen, "改一下")
    for target in ClaimState:
        with pytest.raises(InvalidTransition, match="已赔付"):
            claims.move_claim(agent, paid.id, paid.version, target, received_fen=100)
    stored = CourierClaim.get_by_id(paid.id)
    assert (stored.state, stored.received_fen, stored.remark) == ("paid", 100, "")


def test_the_amount_is_fixed_once_submitted(staff: Staffing) -> None:
    agent = staff.agent
    claim = _claim_of(_finish(agent, CaseKind.LOGISTICS, LOST_RESHIP))
    claim = claims.edit_claim(agent, claim.id, claim.version, 21000, "含运费")
    assert (claim.claimed_fen, claim.remark) == (21000, "含运费")
    claim = claims.move_claim(agent, claim.id, claim.version, ClaimState.SUBMITTED)
    with pytest.raises(ValidationError, match="索赔金额不能再改"):
        claims.edit_claim(agent, claim.id, claim.version, 25000, "含运费")
    assert claims.edit_claim(agent, claim.id, claim.version, 21000, "快递说三天内回复").remark


def test_a_stale_save_is_refused_and_says_who(staff: Staffing) -> None:
    claim = _claim_of(_finish(staff.agent, CaseKind.LOGISTICS, LOST_RESHIP))
    seen = claim.version
    claims.move_claim(staff.supervisor, claim.id, seen, ClaimState.SUBMITTED)
    with pytest.raises(StaleRecord, match="主管") as refused:
        claims.edit_claim(staff.agent, claim.id, seen, 1, "我的改动")
    assert "重新载入" in str(refused.value)
    with pytest.raises(StaleRecord):
        claims.move_claim(staff.agent, claim.id, seen, ClaimState.SUBMITTED)
    stored = CourierClaim.get_by_id(claim.id)
    assert (stored.claimed_fen, stored.remark, stored.state) == (20800, "", "submitted")


def test_only_the_handler_or_a_supervisor_works_a_claim(staff: Staffing) -> None:
    claim = _claim_of(_finish(staff.agent, CaseKind.LOGISTICS, LOST_RESHIP))
    with pytest.raises(Exception, match="只有处理人"):
        claims.move_claim(staff.agent2, claim.id, claim.version, ClaimState.SUBMITTED)


def test_the_view_lists_open_claims_oldest_first_with_totals(staff: Staffing) -> None:
    agent = staff.agent
    first = _claim_of(_finish(agent, CaseKind.LOGISTICS, LOST_RESHIP, customer_id="tb_1"))
    second = _claim_of(
        _finish(agent, CaseKind.LOGISTICS, {**LOST_RESHIP, "claim_amount": 5000},
                customer_id="tb_2", waybill_no="78312345678901", courier="ZTO")
    )  # fmt: skip
    assert [c.id for c in claims.list_claims(agent, ClaimFilter(open_only=True))] == [
        first.id,
        second.id,
    ]
    assert [c.id for c in claims.list_claims(agent, ClaimFilter(courier="ZTO"))] == [second.id]
    for target in (ClaimState.SUBMITTED, ClaimState.ACCEPTED):
        first = claims.move_claim(agent, first.id, first.version, target)
    claims.move_claim(agent, first.id, first.version, ClaimState.PAID, received_fen=20000)
    assert [c.id for c in claims.list_claims(agent, ClaimFilter(open_only=True))] == [second.id]
    paid = claims.list_claims(agent, ClaimFilter(state=ClaimState.PAID))
    assert [c.id for c in paid] == [first.id]
    totals = {t.courier: t for t in claims.courier_totals(agent)}
    assert (totals["SF"].claimed_fen, totals["SF"].received_fen) == (20800, 20000)
    assert (totals["ZTO"].claimed_fen, totals["ZTO"].received_fen, totals["ZTO"].count) == (
        5000,
        0,
        1,
    )
    assert totals["SF"].courier_name == "顺丰速运"


def _photos(tmp_path: Path, count: int) -> list[Path]:
    paths = []
    for number in range(count):
        path = tmp_path / f"微信图片_{number}.{'png' if number % 2 else 'jpg'}"
        Image.new("RGB", (40 + number, 30), (number * 40, 20, 20)).save(path)
        paths.append(path)
    return paths


@pytest.mark.parametrize("as_zip", [True, False])
def test_the_evidence_pack_holds_every_photo_renamed_and_a_summary(
    staff: Staffing, tmp_path: Path, as_zip: bool
) -> None:
    agent = staff.agent
    draft = wz.start_draft(agent, CaseKind.LOGISTICS)
    values, _ = wz.check_intake(CaseKind.LOGISTICS, INTAKE)
    draft = wz.save_intake(agent, draft.id, values)
    assert draft.case_id is not None
    report = evidence.add_photos(
        agent, draft.case_id, [evidence.PhotoSource.from_path(p) for p in _photos(tmp_path, 5)]
    )
    assert len(report.added) == 5
    case_id = wz.finish(agent, draft.id, {**draft.answers, **LOST_RESHIP}).id
    case_no = cases.get_case(case_id).case_no
    claim = _claim_of(case_id)
    out = claims.export_claim_pack(agent, claim.id, tmp_path / "out" / "理赔材料", as_zip)
    if as_zip:
        assert out.suffix == ".zip"
        with zipfile.ZipFile(out) as archive:
            names = {Path(n).name: archive.read(n) for n in archive.namelist()}
    else:
        names = {p.name: p.read_bytes() for p in out.iterdir()}
    photos = {n: data for n, data in names.items() if not n.endswith(".xlsx")}
    assert sorted(photos) == [
        f"{case_no}_01.jpg", f"{case_no}_02.png", f"{case_no}_03.jpg", f"{case_no}_04.png",
        f"{case_no}_05.jpg",
    ]  # fmt: skip
    archived = {v.sha256 for v in evidence.list_evidence(agent, case_id)}
    import hashlib

    assert {hashlib.sha256(data).hexdigest() for data in photos.values()} == archived
    sheet_path = tmp_path / "summary.xlsx"
    sheet_path.write_bytes(names["理赔说明.xlsx"])
    sheet = load_workbook(sheet_path).active
    cells = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert cells["运单号"] == "SF1402345678901" and cells["快递公司"] == "顺丰速运"
    assert cells["索赔金额"] == "¥208.00" and cells["照片"] == "共 5 张"
    assert not list((tmp_path / "out").glob(".~kefu-pack-*"))  # nothing left behind
    with pytest.raises(Exception, match="已存在"):
        claims.export_claim_pack(agent, claim.id, out, as_zip)


def test_a_missing_photo_stops_the_pack_with_a_message(staff: Staffing, tmp_path: Path) -> None:
    agent = staff.agent
    draft = wz.start_draft(agent, CaseKind.LOGISTICS)
    values, _ = wz.check_intake(CaseKind.LOGISTICS, INTAKE)
    draft = wz.save_intake(agent, draft.id, values)
    assert draft.case_id is not None
    evidence.add_photos(
        agent, draft.case_id, [evidence.PhotoSource.from_path(_photos(tmp_path, 1)[0])]
    )
    case_id = wz.finish(agent, draft.id, {**draft.answers, **LOST_RESHIP}).id
    [view] = evidence.list_evidence(agent, case_id)
    view.path.unlink()
    with pytest.raises(Exception, match="找不到"):
        claims.export_claim_pack(agent, _claim_of(case_id).id, tmp_path / "pack", True)
    assert not (tmp_path / "pack.zip").exists()


def test_bad_input_is_refused_in_chinese_and_nothing_changes(staff: Staffing) -> None:
    from kefu_desktop.domain.money import parse_yuan

    agent = staff.agent
    claim = _claim_of(_finish(agent, CaseKind.LOGISTICS, LOST_RESHIP))
    with pytest.raises(ValidationError, match="备注") as refused:
        claims.edit_claim(agent, claim.id, claim.version, 100, "快递\x07说明")
    assert refused.value.field == "remark"
    with pytest.raises(ValidationError, match="备注最多 1000 个字"):
        claims.edit_claim(agent, claim.id, claim.version, 100, "长" * 1001)
    with pytest.raises(ValidationError, match="负数"):
        claims.edit_claim(agent, claim.id, claim.version, -100, "")
    with pytest.raises(ValidationError):
        parse_yuan("两百", "claimed")  # what the view parses the typed amount with
    claim = claims.move_claim(agent, claim.id, claim.version, ClaimState.SUBMITTED)
    claim = claims.move_claim(agent, claim.id, claim.version, ClaimState.ACCEPTED)
    with pytest.raises(ValidationError, match="负数"):
        claims.move_claim(agent, claim.id, claim.version, ClaimState.PAID, received_fen=-1)
    stored = CourierClaim.get_by_id(claim.id)
    assert (stored.claimed_fen, stored.remark, stored.state, stored.received_fen) == (
        20800, "", "accepted", 0)  # fmt: skip


def test_a_broken_parcel_waits_for_evidence_and_continuing_opens_the_claim(
    staff: Staffing,
) -> None:
    agent = staff.agent
    waiting = {"lg_sub_kind": "courier_damaged", "lg_damage_evidence": "waiting"}
    case_id = _finish(agent, CaseKind.LOGISTICS, waiting)
    detail = cases.get_case(case_id)
    assert detail.state == "waiting_customer" and wz.can_continue(detail)
    assert claims.claims_of_case(case_id) == []
    resumed = wz.continue_case(agent, case_id)
    assert resumed.step == "lg_damage_evidence"
    done = wz.finish(
        agent,
        resumed.id,
        {**resumed.answers, "lg_damage_evidence": "received", "remedy_exchange_refund": "exchange",
         "postage": 1200, "claim_amount": 13900},
    )  # fmt: skip
    assert (done.state, done.resolution, done.postage_payer) == ("resolved", "exchange", "courier")
    assert _claim_of(case_id).claimed_fen == 13900
