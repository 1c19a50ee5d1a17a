"""The building blocks of a decision flow: steps, their fields, follow-ups and the outcome.

A flow is a walker: a function that reads the answers so far through a `Ctx` and either needs
a step that is not answered yet (`NeedStep`) or returns the `Outcome` the case ends with.
The steps the walker read, in order, are the path stored with the case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.money import format_yuan, parse_yuan
from kefu_desktop.domain.order_notes import OrderNote, compose_note
from kefu_desktop.domain.resolutions import PostagePayer, Resolution, check_money
from kefu_desktop.domain.states import CaseState
from kefu_desktop.domain.text import TextKind, clean_text

MAX_ANSWER_LENGTH = 500
"""Longest text answer to a question of a wizard."""

Answers = dict[str, Any]
"""Answer values by field key: choice → option value, money → fen, grams → int or None."""


class FieldType(StrEnum):
    CHOICE = "choice"
    YESNO = "yesno"
    MONEY = "money"
    GRAMS = "grams"
    TEXT = "text"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str = ""


YES_NO: tuple[Option, ...] = (Option("yes", "是"), Option("no", "否"))


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: FieldType
    options: tuple[Option, ...] = ()
    required: bool = True
    default: str = ""
    """What the page shows first (the common case); for money/grams the typed text."""
    hint: str = ""

    def choices(self) -> tuple[Option, ...]:
        return YES_NO if self.type == FieldType.YESNO else self.options


class StepMode(StrEnum):
    ASK = "ask"
    """The agent answers it when the flow reaches it."""
    DEFERRED = "deferred"
    """The agent answers it later, when continuing a waiting case."""
    EXTERNAL = "external"
    """Answered by someone else's record (warehouse verdict, supervisor's approval)."""


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    prompt: str
    fields: tuple[Field, ...]
    mode: StepMode = StepMode.ASK

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


class FollowUp(StrEnum):
    """What has to happen after the wizard, by whom."""

    ASK_CUSTOMER = "ask_customer"
    WAREHOUSE_CHECK = "warehouse_check"
    APPROVAL = "approval"
    ESCALATION = "escalation"
    TAKE_OFF_SALE = "take_off_sale"
    EXCHANGE_ORDER = "exchange_order"
    GUIDE_REFUND = "guide_refund"
    RESHIP = "reship"
    CUSTOMER_RETURN = "customer_return"
    UPLOAD_STUB = "upload_stub"
    COURIER_PICKUP = "courier_pickup"
    COMPLAINTS_AGENT = "complaints_agent"
    COURIER_CLAIM = "courier_claim"
    BACK_OFFICE_CHECK = "back_office_check"
    PAY_COMPENSATION = "pay_compensation"
    PRODUCTION_FEEDBACK = "production_feedback"
    CUSTOMER_CLOSES = "customer_closes"
    CHANGE_ORDER = "change_order"
    INTERCEPT_PARCEL = "intercept_parcel"
    TELL_CUSTOMER = "tell_customer"
    COURIER_RETURN = "courier_return"
    NOTE_INSTRUCTION = "note_instruction"
    EMS_FORWARD = "ems_forward"
    RETURN_RESHIP = "return_reship"
    NEW_ADDRESS = "new_address"
    COURIER_REDELIVER = "courier_redeliver"
    EXTEND_RECEIPT = "extend_receipt"

    @property
    def label(self) -> str:
        return FOLLOW_UP_LABELS[self]


FOLLOW_UP_LABELS: dict[FollowUp, str] = {
    FollowUp.ASK_CUSTOMER: "联系客户，等待客户回复",
    FollowUp.WAREHOUSE_CHECK: "请仓库核实底单、称重",
    FollowUp.APPROVAL: "补偿超过客服权限，提交客服主管审批",
    FollowUp.ESCALATION: "请示主管，交客服主管处理",
    FollowUp.TAKE_OFF_SALE: "错发/多发的商品下架，以便盘点库存",
    FollowUp.EXCHANGE_ORDER: "为客户换货下单",
    FollowUp.GUIDE_REFUND: "引导客户申请退款，收到退货后同意退款",
    FollowUp.RESHIP: "补发商品",
    FollowUp.CUSTOMER_RETURN: "客户寄回商品，收到后入库",
    FollowUp.UPLOAD_STUB: "向平台上传底单举证",
    FollowUp.COURIER_PICKUP: "预约物流上门取件",
    FollowUp.COMPLAINTS_AGENT: "交投诉客服向平台上诉",
    FollowUp.COURIER_CLAIM: "与物流协商赔偿",
    FollowUp.BACK_OFFICE_CHECK: "客户寄回商品，后道核实质量",
    FollowUp.PAY_COMPENSATION: "向客户支付补偿",
    FollowUp.PRODUCTION_FEEDBACK: "生产问题反馈（同款同批多次反馈或问题严重）",
    FollowUp.CUSTOMER_CLOSES: "请客户自行关闭交易（我方不关闭）",
    FollowUp.CHANGE_ORDER: "按客户要求改单/换款，备注订单",
    FollowUp.INTERCEPT_PARCEL: "请仓库找到包裹，按要求改单/撤单",
    FollowUp.TELL_CUSTOMER: "把处理结果告诉客户",
    FollowUp.COURIER_RETURN: "联系快递退回包裹（或客户拒收），运费客户承担",
    FollowUp.NOTE_INSTRUCTION: "把特殊要求写进订单备注（红旗），仓库照备注发货",
    FollowUp.EMS_FORWARD: "联系快递将包裹转EMS派送",
    FollowUp.RETURN_RESHIP: "快递将包裹退回，收到后重新发货",
    FollowUp.NEW_ADDRESS: "把客户的新地址告诉快递，按新地址派送",
    FollowUp.COURIER_REDELIVER: "联系快递追回包裹，重新派送到客户地址",
    FollowUp.EXTEND_RECEIPT: "在卖家后台为买家延长收货时间",
}


@dataclass(frozen=True)
class Outcome:
    """What a case ends with (or waits for) once the flow has the answers it needs."""

    state: CaseState
    resolution: Resolution | None
    """How the case ended; None while it waits (for the customer, warehouse, supervisor)."""
    resolution_text: str
    """What was decided, in the trade's words; also the reason in the order note."""
    flag: OrderFlag
    sub_kind: SubKind | None = None
    refund_fen: int = 0
    compensation_fen: int = 0
    postage_fen: int = 0
    postage_payer: PostagePayer = PostagePayer.NONE
    courier_fen: int = 0
    """Money the courier agreed to pay (物流赔偿)."""
    follow_ups: tuple[FollowUp, ...] = ()
    resume_step: str | None = None
    """For a waiting case: the step that is answered when the case is continued."""
    warehouse_request: str = ""
    expected_weight_g: int | None = None
    approval_kind: str = ""
    """'compensation' or 'escalation' when a supervisor's request is to be made."""
    approval_amount_fen: int = 0
    extends_receipt: bool = False
    """The parcel is delayed: extend the buyer's receipt deadline (延长收货时间)."""
    claim_fen: int = 0
    """What to claim from the courier (快递理赔) when the outcome claims against it."""

    def __post_init__(self) -> None:
        if (self.state == CaseState.RESOLVED) != (self.resolution is not None):
            raise ValueError(f"a {self.state} outcome cannot have resolution {self.resolution}")
        check_money(self.resolution, self.refund_fen, self.compensation_fen, self.courier_fen)

    @property
    def resolution_code(self) -> str:
        """The code stored in `Case.resolution` ('' while waiting)."""
        return self.resolution.value if self.resolution is not None else ""

    @property
    def is_waiting(self) -> bool:
        return self.resume_step is not None

    def note(self, kind: CaseKind, agent_name: str, day: date) -> OrderNote:
        """The order note (reason + agent + date) and flag for the seller workbench."""
        head = kind.label + (f"-{self.sub_kind.label}" if self.sub_kind else "")
        return compose_note(f"{head}：{self.resolution_text}", agent_name, day, self.flag)

    def money_lines(self) -> list[str]:
        """The money of the outcome as short Chinese lines for the outcome page."""
        lines = []
        if self.refund_fen:
            lines.append(f"退款 ¥{format_yuan(self.refund_fen)}")
        if self.compensation_fen:
            lines.append(f"补偿 ¥{format_yuan(self.compensation_fen)}")
        if self.courier_fen:
            lines.append(f"物流赔偿 ¥{format_yuan(self.courier_fen)}")
        if self.postage_payer:
            amount = f" ¥{format_yuan(self.postage_fen)}" if self.postage_fen else ""
            lines.append(f"邮费{amount}：{self.postage_payer.label}")
        if self.claim_fen:
            lines.append(f"向快递索赔 ¥{format_yuan(self.claim_fen)}")
        return lines

    @property
    def claims_courier(self) -> bool:
        """Whether the outcome claims against the courier (a 快递理赔 is opened on saving)."""
        return self.state == CaseState.RESOLVED and FollowUp.COURIER_CLAIM in self.follow_ups


class NeedStep(Exception):
    """The walker reached a step that has no answer yet."""

    def __init__(self, step_id: str) -> None:
        super().__init__(step_id)
        self.step_id = step_id


class Done(Exception):
    """The walker reached an outcome deep inside a helper (e.g. a wait)."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.state)
        self.outcome = outcome


RESUME_KEY = "_resume"
"""Answer key naming the deferred step a continued case may now ask."""


@dataclass
class Ctx:
    """The answers as the walker reads them; records the path it takes."""

    answers: Answers
    steps: dict[str, Step]
    path: list[dict[str, Any]] = field(default_factory=list)

    def ask(self, step_id: str) -> Answers:
        """The answers to `step_id`; `NeedStep` when a required one is missing."""
        step = self.steps[step_id]
        values = self._values(step)
        if values is None:
            raise NeedStep(step_id)
        self.path.append({"step": step_id, "answers": values})
        return values

    def choice(self, step_id: str) -> str:
        """The chosen option of a single-choice step (its field key is the step id)."""
        return str(self.ask(step_id)[step_id])

    def later(self, step_id: str) -> Answers | None:
        """The answers of a deferred or external step, or None while they are not in yet."""
        step = self.steps[step_id]
        values = self._values(step)
        if values is not None:
            self.path.append({"step": step_id, "answers": values, "mode": step.mode.value})
        elif step.mode == StepMode.DEFERRED and self.answers.get(RESUME_KEY) == step_id:
            raise NeedStep(step_id)
        return values

    def _values(self, step: Step) -> Answers | None:
        if any(f.required and self.answers.get(f.key) in (None, "") for f in step.fields):
            return None
        return {f.key: self.answers.get(f.key) for f in step.fields}


Walker = Callable[[Ctx], Outcome]


@dataclass(frozen=True)
class Decision:
    """Where the flow stands: the next step to ask, or the outcome (with the path either way)."""

    next_step: str | None
    outcome: Outcome | None
    path: list[dict[str, Any]]


@dataclass(frozen=True)
class Flow:
    kind: CaseKind
    steps: dict[str, Step]
    walker: Walker
    verdict_redo: dict[str, frozenset[str]] = field(default_factory=dict)
    """External step → verdicts that send the agent back to the step before it."""

    def decide(self, answers: Answers) -> Decision:
        """Walk the answers: the next step to ask, or the outcome."""
        ctx = Ctx(answers, self.steps)
        try:
            outcome = self.walker(ctx)
        except NeedStep as need:
            return Decision(need.step_id, None, ctx.path)
        except Done as done:
            outcome = done.outcome
        return Decision(None, outcome, ctx.path)

    def next_step(self, answers: Answers) -> str | None:
        """The step to ask next, or None when the flow has an outcome."""
        return self.decide(answers).next_step

    def outcome(self, answers: Answers) -> Outcome:
        """The outcome; `ValueError` if a step still needs an answer."""
        decision = self.decide(answers)
        if decision.outcome is None:
            raise ValueError(f"flow not finished: step {decision.next_step} needs an answer")
        return decision.outcome

    def path(self, answers: Answers) -> list[dict[str, Any]]:
        return self.decide(answers).path

    def asked_steps(self) -> list[str]:
        """Steps the agent answers on a page (asked now or when continuing)."""
        return [s.id for s in self.steps.values() if s.mode != StepMode.EXTERNAL]

    def continue_answers(self, answers: Answers, verdicts: dict[str, str]) -> Answers:
        """The answers to continue a waiting case with.

        The step the case waits on is cleared so it is asked again; a verdict from someone
        else's record (warehouse, supervisor) is filled in, and a refusing verdict clears the
        step before it (e.g. a rejected compensation is asked again).
        """
        decision = self.decide(answers)
        outcome = decision.outcome
        if outcome is None or outcome.resume_step is None:
            return dict(answers)
        resume = self.steps[outcome.resume_step]
        result = dict(answers)
        result.pop(RESUME_KEY, None)
        if resume.mode == StepMode.DEFERRED:
            result[RESUME_KEY] = resume.id
        if resume.mode != StepMode.EXTERNAL:
            return self._cleared(result, decision.path, resume.id)
        verdict = verdicts.get(resume.id)
        if verdict is None:
            return result
        if verdict in self.verdict_redo.get(resume.id, frozenset()):
            previous = decision.path[-1]["step"] if decision.path else None
            return self._cleared(result, decision.path, previous) if previous else result
        result[resume.fields[0].key] = verdict
        return result

    def _cleared(self, answers: Answers, path: list[dict[str, Any]], step_id: str) -> Answers:
        ids = [entry["step"] for entry in path]
        start = ids.index(step_id) if step_id in ids else len(ids)
        for entry_id in [*ids[start:], step_id]:
            for f in self.steps[entry_id].fields:
                answers.pop(f.key, None)
        return answers


def clean_step(step: Step, raw: dict[str, str]) -> tuple[Answers, dict[str, str]]:
    """Turn what was typed/chosen on a step's page into answers; problems by field key."""
    values: Answers = {}
    problems: dict[str, str] = {}
    for f in step.fields:
        text = (raw.get(f.key) or "").strip()
        try:
            values[f.key] = clean_value(f, text)
        except ValidationError as error:
            problems[f.key] = str(error)
    return values, problems


def clean_value(f: Field, text: str) -> Any:
    """One field's typed text as its answer value; `ValidationError` naming the field."""
    if not text:
        if f.required and f.type != FieldType.MONEY:
            verb = "选择" if f.type in (FieldType.CHOICE, FieldType.YESNO) else "填写"
            raise ValidationError(f"请{verb}「{f.label}」。", f.key)
        if f.type == FieldType.MONEY:
            return 0
        return None if f.type == FieldType.GRAMS else ""
    if f.type in (FieldType.CHOICE, FieldType.YESNO):
        if text not in {o.value for o in f.choices()}:
            raise ValidationError(f"请从列表中选择「{f.label}」。", f.key)
        return text
    if f.type == FieldType.MONEY:
        return parse_yuan(text, f.key)
    if f.type == FieldType.GRAMS:
        if not (text.isascii() and text.isdigit()):
            raise ValidationError(f"「{f.label}」请填写整数克数，例如 850。", f.key)
        digits = text.lstrip("0")
        if not digits or len(digits) > 6 or int(digits) > 100_000:
            raise ValidationError(f"「{f.label}」应在 1 到 100000 克之间。", f.key)
        return int(digits)
    return clean_text(text, TextKind.TEXT, f"「{f.label}」", f.key, MAX_ANSWER_LENGTH)
