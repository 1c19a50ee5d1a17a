"""How a case's history entries read to people: the action's label and a one-line summary."""

from __future__ import annotations

from typing import Any

from kefu_desktop.domain.labels import mapped_label
from kefu_desktop.domain.money import format_yuan

ACTION_LABELS: dict[str, str] = {
    "created": "新建",
    "state_changed": "更改状态",
    "first_reply": "首次回复",
    "evidence_added": "添加照片",
    "evidence_pending": "照片等待存入归档",
    "intake_changed": "修改基本信息",
    "wizard_saved": "向导处理",
    "warehouse_check_requested": "请仓库核实",
    "warehouse_verdict": "仓库核实结果",
    "approval_requested": "申请主管审批",
    "approval_decided": "主管审批",
    "outcome_recorded": "记录处理结果",
    "taken_over": "接手",
    "highlight_cleared": "已查看提醒",
    "evidence_adopted": "补回照片记录",
    "wizard_discarded": "放弃新建向导",
    "text_cleaned": "整理文字",
    "customer_merged": "合并买家",
    "price_changed": "改价/补差",
    "return_expected": "等待退货",
    "return_waybill_set": "填写退货运单号",
    "return_received": "退货入库",
    "return_cancelled": "不再等待退货",
    "return_already_received": "退货已在库",
    "agree_refund": "同意退款",
    "send_exchange": "发出换货",
    "claim_opened": "生成快递理赔",
    "claim_moved": "快递理赔进度",
    "claim_changed": "修改快递理赔",
    "parcel_checked": "已查件",
    "courier_contacted": "已联系快递",
    "receipt_extended": "已延长收货时间",
    "follow_up_recorded": "回访",
    "follow_up_skipped": "不回访",
    "follow_up_reopened": "回访不满意，重新处理",
}

FIELD_LABELS: dict[str, str] = {
    "customer": "买家ID",
    "order_no": "订单号",
    "waybill_no": "运单号",
    "courier": "快递公司",
    "sku": "款号",
    "colour": "颜色",
    "size": "尺码",
    "quantity": "数量",
    "batch": "批次",
    "summary": "情况说明",
    "handler": "处理人",
    "sub_kind": "问题细类",
    "resolution": "处理结果代码",
    "resolution_text": "处理结果",
    "refund_fen": "退款",
    "compensation_fen": "补偿",
    "courier_fen": "物流赔偿",
    "postage_fen": "邮费",
    "postage_payer": "邮费承担",
    "note_text": "订单备注",
    "note_flag": "旗帜",
    "attention": "需关注",
    "first_reply_at": "首次回复",
    "resolved_at": "解决时间",
    "wizard_path": "向导路径",
    "top_up_fen": "客户补差/补运费",
    "price_cut_fen": "改价优惠",
}
"""The Chinese name of each case field whose old and new values the history keeps."""

_MONEY_FIELDS = frozenset(
    {"refund_fen", "compensation_fen", "courier_fen", "postage_fen", "top_up_fen", "price_cut_fen"}
)
_SHOWN_IN_SUMMARY = frozenset(FIELD_LABELS) - {"wizard_path", "resolution", "note_text"}

_DECISIONS = {"approved": "批准", "rejected": "驳回"}
_ESCALATION_DECISIONS = {
    "compensate": "同意补偿客户",
    "refund": "同意退货退款",
    "explain": "维持原方案，向客户说明后结案",
}
_CHECK_OUTCOMES = {"confirmed": "核实属实", "refuted": "核实不属实"}
_REQUEST_KINDS = {"compensation": "补偿", "escalation": "升级主管"}


def action_label(action: str) -> str:
    """The Chinese name of a history action (「未知（code）」 when unknown)."""
    return mapped_label(ACTION_LABELS, action, "history action")


def _grams(value: Any) -> str:
    return f"{int(value) / 1000:.3f} kg"


def _field_value(name: str, value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if name in _MONEY_FIELDS:
        return f"¥{format_yuan(int(value))}"
    return str(value)


def describe_changes(changes: dict[str, Any]) -> list[str]:
    """'运单号：A → B' for each changed field an entry recorded (old and new value)."""
    lines: list[str] = []
    for name, values in changes.items():
        if name not in _SHOWN_IN_SUMMARY or not isinstance(values, list) or len(values) != 2:
            continue
        old, new = values
        label = FIELD_LABELS[name]
        lines.append(f"{label}：{_field_value(name, old)} → {_field_value(name, new)}")
    return lines


def summarise(action: str, details: dict[str, Any]) -> str:
    """One line saying what the entry's details mean, for the history list."""
    parts: list[str] = []
    if action == "evidence_added" and details.get("count"):
        parts.append(f"{details['count']} 张照片")
    if action == "evidence_pending" and details.get("count"):
        parts.append(f"{details['count']} 张照片暂存在本机，归档位置恢复后自动存入")
    if action in ("approval_requested", "approval_decided") and details.get("kind"):
        parts.append(mapped_label(_REQUEST_KINDS, details["kind"], "request kind"))
    if details.get("decision"):
        parts.append(mapped_label(_DECISIONS, details["decision"], "decision"))
    if details.get("escalation_decision"):
        parts.append(
            mapped_label(
                _ESCALATION_DECISIONS, details["escalation_decision"], "escalation decision"
            )
        )
    if action == "warehouse_verdict" and details.get("outcome"):
        parts.append(mapped_label(_CHECK_OUTCOMES, details["outcome"], "check outcome"))
    requested, amount = details.get("requested_fen"), details.get("amount_fen")
    if requested and amount is not None and requested != amount:
        parts.append(f"申请 ¥{format_yuan(int(requested))}，批准 ¥{format_yuan(int(amount))}")
    elif amount:
        parts.append(f"¥{format_yuan(int(amount))}")
    if details.get("resolution_text"):
        parts.append(str(details["resolution_text"]))
    if details.get("stub_found") is not None:
        parts.append("找到底单" if details["stub_found"] else "未找到底单")
    if details.get("stub_matches") is not None:
        parts.append("底单与订单相符" if details["stub_matches"] else "底单与订单不符")
    if details.get("measured_weight_g"):
        parts.append(f"实重 {_grams(details['measured_weight_g'])}")
    if details.get("expected_weight_g"):
        parts.append(f"预计 {_grams(details['expected_weight_g'])}")
    if details.get("goods"):
        parts.append(f"应退 {details['goods']}")
    if action == "return_received" and details.get("summary"):
        parts.append(str(details["summary"]))
    for key in ("observed", "remark", "note"):
        if details.get(key):
            parts.append(str(details[key]))
    changes = details.get("changes")
    if isinstance(changes, dict) and action not in ("warehouse_verdict", "approval_decided"):
        parts.extend(describe_changes(changes))
    return "；".join(parts)
