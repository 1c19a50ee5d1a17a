"""History entries read as plain Chinese, not as stored codes."""

from __future__ import annotations

from kefu_desktop.domain.history import action_label, summarise


def test_labels() -> None:
    assert action_label("approval_decided") == "主管审批"
    assert action_label("something_new") == "未知（something_new）"


def test_approval_with_changed_amount() -> None:
    details = {
        "request_id": 12,
        "kind": "compensation",
        "decision": "approved",
        "requested_fen": 5000,
        "amount_fen": 4000,
        "note": "同意",
    }
    assert summarise("approval_decided", details) == "补偿；批准；申请 ¥50.00，批准 ¥40.00；同意"


def test_warehouse_verdict() -> None:
    details = {
        "check_id": 3,
        "outcome": "confirmed",
        "stub_found": True,
        "stub_matches": False,
        "measured_weight_g": 450,
        "expected_weight_g": 800,
        "observed": "少一件卫衣",
        "remark": "",
    }
    text = summarise("warehouse_verdict", details)
    assert text == "核实属实；找到底单；底单与订单不符；实重 0.450 kg；预计 0.800 kg；少一件卫衣"


def test_escalation_decision() -> None:
    details = {"kind": "escalation", "decision": "approved", "amount_fen": 3000,
               "escalation_decision": "compensate", "note": "补偿客户"}  # fmt: skip
    assert (
        summarise("approval_decided", details) == "升级主管；批准；同意补偿客户；¥30.00；补偿客户"
    )
    assert summarise("wizard_discarded", {"note": "放弃新建向导"}) == "放弃新建向导"


def test_internal_codes_stay_out() -> None:
    assert summarise("created", {"kind": "quality"}) == ""
    assert summarise("evidence_added", {"count": 2, "files": ["a/b.jpg"]}) == "2 张照片"
    assert summarise("state_changed", {"note": "等客户补拍"}) == "等客户补拍"
