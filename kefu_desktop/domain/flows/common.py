"""Steps and endings shared by the kinds: warehouse check, remedies, money, approval, escalation."""

from __future__ import annotations

from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.flows.base import (
    Ctx,
    Done,
    Field,
    FieldType,
    FollowUp,
    Option,
    Outcome,
    Step,
    StepMode,
)
from kefu_desktop.domain.kinds import SubKind
from kefu_desktop.domain.money import (
    AGENT_COMPENSATION_LIMIT_FEN,
    format_yuan,
    limit_text,
    needs_supervisor,
)
from kefu_desktop.domain.resolutions import PostagePayer, Resolution
from kefu_desktop.domain.states import CaseState

AGENT_LIMIT_KEY = "agent_limit_fen"
"""Context answer: the office's compensation limit of an agent (fen); the default when absent."""


def choice_step(
    step_id: str,
    title: str,
    prompt: str,
    options: tuple[Option, ...],
    mode: StepMode = StepMode.ASK,
    default: str = "",
) -> Step:
    """A step with one single-choice field keyed by the step id."""
    field = Field(step_id, title, FieldType.CHOICE, options, default=default or options[0].value)
    return Step(step_id, title, prompt, (field,), mode)


def postage_field(label: str = "来回邮费（元）") -> Field:
    return Field(
        "postage",
        label,
        FieldType.MONEY,
        default="0",
        hint="我方原因我方承担来回邮费；填写预计金额，未知填 0",
    )


SUPERVISOR_DECISIONS: tuple[Option, ...] = (
    Option("compensate", "同意补偿客户"),
    Option("refund", "同意退货退款"),
    Option("explain", "维持原方案，向客户说明后结案"),
)
"""What a supervisor may decide on an escalated case (kept on the escalation's record)."""

COMMON_STEPS: tuple[Step, ...] = (
    Step(
        "warehouse_request",
        "请仓库核实",
        "请仓库核实底单、称重。写清楚要核实什么，有商品单重时填写预计重量。",
        (
            Field(
                "request_note",
                "核实内容",
                FieldType.TEXT,
                default="请核实该单底单及发货重量是否与订单一致",
            ),
            Field(
                "expected_weight_g",
                "预计重量（克）",
                FieldType.GRAMS,
                required=False,
                hint="不知道可留空，仓库按商品表计算",
            ),
        ),
    ),
    choice_step(
        "warehouse_verdict",
        "仓库核实结果",
        "仓库核实底单和重量后的结论。",
        (
            Option("confirmed", "仓库核实属实（确认客户所说）"),
            Option("refuted", "仓库核实不属实（发货无误）"),
        ),
        mode=StepMode.EXTERNAL,
    ),
    choice_step(
        "refuted_action",
        "仓库核实发货无误",
        "仓库核实发货与订单一致。下一步怎么处理？",
        (
            Option("explain", "附底单向客户说明，结案", "客户接受说明"),
            Option("escalate", "客户不接受，请示主管", "交客服主管处理"),
        ),
    ),
    choice_step(
        "remedy_exchange_refund",
        "处理方式",
        "与客户确认：换货还是退款？",
        (
            Option("exchange", "换货（为客户换货下单）"),
            Option("refund", "退货退款（引导客户申请退款）"),
        ),
    ),
    choice_step(
        "remedy_reship_refund",
        "处理方式",
        "与客户确认：补发还是退款？",
        (
            Option("reship", "补发缺少的商品"),
            Option("refund", "退还缺少商品的货款"),
        ),
    ),
    Step(
        "refund_money",
        "退款金额",
        "填写退给客户的金额和邮费。",
        (Field("refund", "退款金额（元）", FieldType.MONEY), postage_field()),
    ),
    Step("exchange_money", "换货邮费", "换货的来回邮费。", (postage_field(),)),
    Step("reship_money", "补发邮费", "补发的邮费。", (postage_field("补发邮费（元）"),)),
    Step(
        "compensation_money",
        "补偿金额",
        "与客户谈定的补偿金额。超过客服补偿权限（文件 → 设置）需客服主管审批。",
        (Field("compensation", "补偿金额（元）", FieldType.MONEY),),
    ),
    choice_step(
        "approval",
        "主管审批结果",
        "客服主管对超额补偿的审批。",
        (Option("approved", "主管已批准"), Option("rejected", "主管未批准")),
        mode=StepMode.EXTERNAL,
    ),
    choice_step(
        "supervisor_decision",
        "主管处理意见",
        "客服主管的处理意见（以主管在审批台的决定为准）。",
        SUPERVISOR_DECISIONS,
        mode=StepMode.EXTERNAL,
    ),
)

EXTERNAL_REDO: dict[str, frozenset[str]] = {"approval": frozenset({"rejected"})}


def yuan(fen: int) -> str:
    return f"¥{format_yuan(fen)}"


def wait_customer(sub_kind: SubKind | None, step_id: str, text: str) -> Done:
    """Stop here: the case waits for the customer; `step_id` is asked again on continuing."""
    return Done(
        Outcome(
            CaseState.WAITING_CUSTOMER,
            None,
            text,
            OrderFlag.BLUE,
            sub_kind,
            follow_ups=(FollowUp.ASK_CUSTOMER,),
            resume_step=step_id,
        )
    )


def warehouse_verdict(ctx: Ctx, sub_kind: SubKind | None, what: str) -> str:
    """Ask the warehouse to check stub and weight; the verdict once it is in."""
    request = ctx.ask("warehouse_request")
    verdict = ctx.later("warehouse_verdict")
    if verdict is None:
        raise Done(
            Outcome(
                CaseState.WAITING_WAREHOUSE,
                None,
                f"{what}，已请仓库核实底单、称重",
                OrderFlag.BLUE,
                sub_kind,
                follow_ups=(FollowUp.WAREHOUSE_CHECK,),
                resume_step="warehouse_verdict",
                warehouse_request=str(request["request_note"]),
                expected_weight_g=request["expected_weight_g"],
            )
        )
    return str(verdict["warehouse_verdict"])


def remedy(
    ctx: Ctx,
    sub_kind: SubKind | None,
    step_id: str,
    prefix: str,
    before: tuple[FollowUp, ...] = (),
    payer: PostagePayer = PostagePayer.SHOP,
) -> Outcome:
    """Exchange, refund or reship, with its money; `prefix` says what led here.

    A refund on a step that offers an exchange is a return-and-refund (the goods come back);
    on the reship-or-refund step it is money back for goods that never arrived.
    """
    choice = ctx.choice(step_id)
    payer_text = payer.label
    if choice == "exchange":
        postage = int(ctx.ask("exchange_money")["postage"])
        return Outcome(
            CaseState.RESOLVED,
            Resolution.EXCHANGE,
            f"{prefix}，换货下单，来回邮费{payer_text}",
            OrderFlag.BLUE,
            sub_kind,
            postage_fen=postage,
            postage_payer=payer,
            follow_ups=(*before, FollowUp.EXCHANGE_ORDER),
        )
    if choice == "reship":
        postage = int(ctx.ask("reship_money")["postage"])
        return Outcome(
            CaseState.RESOLVED,
            Resolution.RESHIP,
            f"{prefix}，补发，邮费{payer_text}",
            OrderFlag.BLUE,
            sub_kind,
            postage_fen=postage,
            postage_payer=payer,
            follow_ups=(*before, FollowUp.RESHIP),
        )
    money = ctx.ask("refund_money")
    refund = int(money["refund"])
    if step_id == "remedy_reship_refund":
        return refund_outcome(
            Resolution.REFUND,
            sub_kind,
            f"{prefix}，退还缺少商品的货款 {yuan(refund)}",
            refund,
            int(money["postage"]),
            payer,
            before,
        )
    return refund_outcome(
        Resolution.RETURN,
        sub_kind,
        f"{prefix}，退货退款 {yuan(refund)}",
        refund,
        int(money["postage"]),
        payer,
        before,
    )


def refund_outcome(
    resolution: Resolution,
    sub_kind: SubKind | None,
    text: str,
    refund: int,
    postage: int,
    payer: PostagePayer,
    before: tuple[FollowUp, ...] = (),
) -> Outcome:
    return Outcome(
        CaseState.RESOLVED,
        resolution,
        text,
        OrderFlag.GREEN,
        sub_kind,
        refund_fen=refund,
        postage_fen=postage,
        postage_payer=payer,
        follow_ups=(*before, FollowUp.GUIDE_REFUND),
    )


def compensation(
    ctx: Ctx,
    sub_kind: SubKind | None,
    prefix: str,
    resolution: Resolution,
    before: tuple[FollowUp, ...] = (),
    supervisor_decided: bool = False,
) -> Outcome:
    """Pay an agreed compensation; above the agent's limit it waits for the supervisor."""
    amount = int(ctx.ask("compensation_money")["compensation"])
    limit = int(ctx.answers.get(AGENT_LIMIT_KEY) or AGENT_COMPENSATION_LIMIT_FEN)
    if needs_supervisor(amount, limit_fen=limit) and not supervisor_decided:
        approval = ctx.later("approval")
        if approval is None:
            raise Done(
                Outcome(
                    CaseState.WAITING_SUPERVISOR,
                    None,
                    f"{prefix}，拟补偿 {yuan(amount)}（超过 {limit_text(limit)}），待主管审批",
                    OrderFlag.BLUE,
                    sub_kind,
                    follow_ups=(*before, FollowUp.APPROVAL),
                    resume_step="approval",
                    approval_kind="compensation",
                    approval_amount_fen=amount,
                )
            )
        prefix += "，主管已批准"
    return Outcome(
        CaseState.RESOLVED,
        resolution,
        f"{prefix}，补偿 {yuan(amount)}",
        OrderFlag.GREEN,
        sub_kind,
        compensation_fen=amount,
        follow_ups=(*before, FollowUp.PAY_COMPENSATION),
    )


def explained(sub_kind: SubKind | None, text: str, before: tuple[FollowUp, ...] = ()) -> Outcome:
    """Nothing to pay or send: the customer was told why, the case is done."""
    return Outcome(
        CaseState.RESOLVED, Resolution.EXPLAINED, text, OrderFlag.BLUE, sub_kind, follow_ups=before
    )


def escalate(
    ctx: Ctx,
    sub_kind: SubKind | None,
    prefix: str,
    before: tuple[FollowUp, ...] = (),
    payer: PostagePayer = PostagePayer.SHOP,
) -> Outcome:
    """Hand to the supervisor; once they decided, the agent records it and carries it out."""
    decision = ctx.later("supervisor_decision")
    if decision is None:
        raise Done(
            Outcome(
                CaseState.ESCALATED,
                None,
                f"{prefix}，请示主管",
                OrderFlag.BLUE,
                sub_kind,
                follow_ups=(*before, FollowUp.ESCALATION),
                resume_step="supervisor_decision",
                approval_kind="escalation",
            )
        )
    choice = decision["supervisor_decision"]
    prefix += "，主管意见"
    if choice == "compensate":
        return compensation(
            ctx, sub_kind, prefix, Resolution.COMPENSATION, before, supervisor_decided=True
        )
    if choice == "refund":
        money = ctx.ask("refund_money")
        refund = int(money["refund"])
        return refund_outcome(
            Resolution.RETURN,
            sub_kind,
            f"{prefix}：退货退款 {yuan(refund)}",
            refund,
            int(money["postage"]),
            payer,
            before,
        )
    return explained(sub_kind, f"{prefix}：向客户说明后结案", before)
