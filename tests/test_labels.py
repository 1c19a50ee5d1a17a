"""No code reaches a person: every shown enum has a Chinese label, unknown codes read 未知（…）."""

from __future__ import annotations

import logging
import re
from enum import Enum

import pytest

from kefu_desktop.domain.couriers import courier_name
from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.flows.base import FollowUp
from kefu_desktop.domain.history import action_label, summarise
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.labels import label_of, mapped_label
from kefu_desktop.domain.registers import Register
from kefu_desktop.domain.resolutions import PostagePayer, Resolution, resolution_label
from kefu_desktop.domain.roles import Role
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services.approvals import RequestKind, RequestState
from kefu_desktop.services.warehouse import CheckState

SHOWN: tuple[type[Enum], ...] = (
    CaseState, CaseKind, SubKind, Resolution, Role, OrderFlag, FollowUp, PostagePayer,
    Register, CheckState, RequestKind, RequestState,
)  # fmt: skip
LATIN_WORD = re.compile(r"[A-Za-z_]{2,}")
ALLOWED = {"EMS", "ID"}


@pytest.mark.parametrize("enum_type", SHOWN, ids=lambda e: e.__name__)
def test_every_member_shown_has_a_chinese_label(enum_type: type[Enum]) -> None:
    for member in enum_type:
        text = label_of(enum_type, member.value, empty="无")
        assert text and not text.startswith("未知"), (enum_type, member)
        assert set(LATIN_WORD.findall(text)) <= ALLOWED, (member, text)


def test_an_unknown_code_reads_unknown_and_is_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="kefu.labels"):
        assert resolution_label("waiting_for_godot") == "未知（waiting_for_godot）"
        assert resolution_label("waiting_for_godot") == "未知（waiting_for_godot）"
        assert label_of(CaseState, "frozen_solid") == "未知（frozen_solid）"
        assert courier_name("PIGEON") == "未知（PIGEON）"
        assert action_label("teleported") == "未知（teleported）"
        assert summarise("approval_decided", {"decision": "maybe"}) == "未知（maybe）"
        assert mapped_label({"a": "甲"}, "b", "test table") == "未知（b）"
    logged = [r.getMessage() for r in caplog.records]
    assert sum("waiting_for_godot" in m for m in logged) == 1
    assert any("frozen_solid" in m for m in logged) and any("PIGEON" in m for m in logged)


def test_no_value_is_empty_not_unknown() -> None:
    assert resolution_label("") == ""
    assert label_of(SubKind, None) == ""
    assert courier_name("") == ""
    assert courier_name("SF") == "顺丰速运"
    assert resolution_label("refund") == "退款"
