"""话术: the shop's phrases on a new database, variables filled (placeholders when missing),
search, supervisors' edits, and the reply that fits an outcome."""

from __future__ import annotations

import pytest

from kefu_desktop.domain.errors import PermissionDenied, StaleRecord, ValidationError
from kefu_desktop.domain.flows import FLOWS
from kefu_desktop.domain.flows.explore import reachable
from kefu_desktop.domain.flows.quality import SIMILAR_REPORTS_KEY
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.replies import (
    REPLY_TOPIC_LABELS,
    STANDARD_REPLIES,
    ReplyTopic,
    fill_reply,
    missing_variables,
    placeholder,
    topic_for_outcome,
)
from kefu_desktop.domain.resolutions import Resolution
from kefu_desktop.services import cases, replies
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store.migrations import _add_canned_replies
from kefu_desktop.store.models import CannedReply
from tests.conftest import Staffing

SHOP_PHRASES = {
    "开头",
    "议价",
    "发票",
    "申请退款流程",
    "填写物流单号",
    "补运费",
    "结束",
    "回复离线信息",
}


def test_fill_puts_values_in_and_a_clear_placeholder_for_what_is_missing() -> None:
    body = "亲，我是{店铺}的客服{客服}，运单号 {运单号}（{快递}），补 {金额} 元，备注「补运费-{买家ID}」"
    text = fill_reply(body, {"客服": "小美", "运单号": "SF1402345678901", "快递": "  "})
    assert text == (
        "亲，我是【待填：店铺】的客服小美，运单号 SF1402345678901（【待填：快递】），"
        "补 【待填：金额】 元，备注「补运费-【待填：买家ID】」"
    )
    assert missing_variables(text) == ["店铺", "快递", "金额", "买家ID"]
    assert placeholder("店铺") == "【待填：店铺】"


@pytest.mark.parametrize("body", ["{", "}", "{}", "{未知}", "{{店铺}}", "亲{店铺", "{" * 50])
def test_odd_braces_never_crash_and_unknown_ones_stay(body: str) -> None:
    text = fill_reply(body, {"店铺": "好店"})
    assert "{未知}" in text or "未知" not in body
    assert ("好店" in text) == ("{店铺}" in body)


def test_the_shops_phrases_cover_every_topic_the_shop_uses() -> None:
    assert {REPLY_TOPIC_LABELS[r.topic] for r in STANDARD_REPLIES} >= SHOP_PHRASES
    freight = next(r for r in STANDARD_REPLIES if r.topic == ReplyTopic.FREIGHT).body
    assert all(word in freight for word in ("申通", "EMS", "顺丰", "{金额}", "补运费-{买家ID}"))
    offline = next(r for r in STANDARD_REPLIES if r.topic == ReplyTopic.OFFLINE).body
    assert offline.startswith("亲你好，我是{店铺}家的客服{客服}")
    closing = next(r for r in STANDARD_REPLIES if r.topic == ReplyTopic.CLOSING).body
    assert "五星好评" in closing


def test_every_outcome_of_every_wizard_has_a_fitting_reply_in_the_library() -> None:
    topics = {r.topic for r in STANDARD_REPLIES}
    for kind, flow in FLOWS.items():
        for reached in reachable(
            flow, {SIMILAR_REPORTS_KEY: 0} if kind == CaseKind.QUALITY else {}
        ):
            outcome = reached.decision.outcome
            assert outcome is not None
            assert topic_for_outcome(outcome.resolution, outcome.postage_payer.value) in topics
    assert topic_for_outcome(None, "") == ReplyTopic.CHECKING
    assert topic_for_outcome(Resolution.SHIPPED_RETURN, "customer") == ReplyTopic.FREIGHT
    assert topic_for_outcome(Resolution.RETURN, "shop") == ReplyTopic.APPLY_RETURN


def test_a_new_database_holds_the_shops_phrases(staff: Staffing) -> None:
    listed = replies.list_replies(staff.agent)
    assert [r.body for r in listed] == [r.body for r in STANDARD_REPLIES]
    assert {r.topic_label for r in listed} >= SHOP_PHRASES
    _add_canned_replies(CannedReply._meta.database)  # running the step again adds nothing
    assert CannedReply.select().count() == len(STANDARD_REPLIES)


def test_search_finds_by_every_word(staff: Staffing) -> None:
    assert [r.topic for r in replies.list_replies(staff.agent, "运费 顺丰")] == ["freight"]
    assert [r.topic for r in replies.list_replies(staff.agent, "好评")] == ["closing"]
    assert replies.list_replies(staff.agent, "没有这个词") == []


def test_values_come_from_the_case_and_the_shop(staff: Staffing) -> None:
    detail = cases.create_case(
        staff.agent,
        NewCase(CaseKind.QUALITY, "tb_小王", waybill_no="SF1402345678901", courier="SF"),
    )
    freight = replies.reply_for_topic(staff.agent, ReplyTopic.FREIGHT)
    assert freight is not None
    text = replies.filled(freight, replies.reply_values(staff.agent, detail, 1200))
    assert "本次需补运费 12.00 元" in text and "补运费-tb_小王" in text
    greeting = replies.reply_for_topic(staff.agent, ReplyTopic.GREETING)
    assert greeting is not None
    before = replies.filled(greeting, replies.reply_values(staff.agent, detail))
    assert "【待填：店铺】的客服小美" in before
    replies.set_shop_name(staff.supervisor, "暖暖服饰旗舰店")
    after = replies.filled(greeting, replies.reply_values(staff.agent, detail))
    assert "暖暖服饰旗舰店的客服小美" in after and "待填" not in after


def test_supervisors_edit_agents_only_read(staff: Staffing) -> None:
    reply = replies.list_replies(staff.supervisor)[0]
    with pytest.raises(PermissionDenied):
        replies.save_reply(staff.agent, reply.id, reply.topic, "改", "改", reply.version)
    changed = replies.save_reply(
        staff.supervisor, reply.id, reply.topic, reply.title, "亲，您好！", reply.version
    )
    assert (changed.body, changed.version, changed.updated_by_name) == ("亲，您好！", 2, "陈主管")
    with pytest.raises(StaleRecord, match="已被 陈主管 修改"):
        replies.save_reply(staff.admin, reply.id, reply.topic, "旧", "旧", reply.version)
    with pytest.raises(ValidationError, match="请填写话术内容"):
        replies.save_reply(staff.supervisor, None, "closing", "空的", "   ")
    added = replies.save_reply(staff.supervisor, None, "closing", "新结束语", "亲，再见！")
    assert replies.list_replies(staff.agent)[-1].id == added.id
    replies.delete_reply(staff.supervisor, added.id, added.version)
    assert all(r.id != added.id for r in replies.list_replies(staff.agent))
