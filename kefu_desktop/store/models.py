"""Peewee models. Money in integer fen, weights in grams, times in naive UTC."""

from __future__ import annotations

import json
from typing import Any

import peewee

from kefu_desktop.domain.clock import utc_now
from kefu_desktop.store.db import database


class JSONField(peewee.TextField):
    """JSON stored as text (portable across SQLite and PostgreSQL)."""

    def db_value(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def python_value(self, value: str | None) -> Any:
        return None if value is None else json.loads(value)


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(BaseModel):
    version = peewee.IntegerField(primary_key=True)
    description = peewee.TextField()
    applied_at = peewee.DateTimeField(default=utc_now)


class AppSetting(BaseModel):
    """Office-wide settings shared by every desktop using this database."""

    key = peewee.CharField(max_length=100, primary_key=True)
    value = JSONField()


class Staff(BaseModel):
    login = peewee.CharField(max_length=64, unique=True)
    display_name = peewee.CharField(max_length=64)
    role = peewee.CharField(max_length=16)
    password_hash = peewee.TextField()
    active = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField(default=utc_now)
    failed_logins = peewee.IntegerField(default=0)
    """Wrong passwords since the last good login or lockout."""
    locked_until = peewee.DateTimeField(null=True)


class AuditEntry(BaseModel):
    """Append-only log of logins, lockouts and database backups, for the administrator."""

    at = peewee.DateTimeField(default=utc_now, index=True)
    event = peewee.CharField(max_length=32)
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    login = peewee.CharField(max_length=64, default="")
    detail = peewee.TextField(default="")


class Customer(BaseModel):
    platform_id = peewee.CharField(max_length=200, unique=True)
    created_at = peewee.DateTimeField(default=utc_now)


class Case(BaseModel):
    case_no = peewee.CharField(max_length=32, unique=True)
    kind = peewee.CharField(max_length=32)
    sub_kind = peewee.CharField(max_length=32, null=True)
    state = peewee.CharField(max_length=32)
    customer = peewee.ForeignKeyField(Customer, backref="cases", on_delete="RESTRICT")
    order_no = peewee.CharField(max_length=64, default="")
    waybill_no = peewee.CharField(max_length=64, default="")
    courier = peewee.CharField(max_length=16, default="")
    sku = peewee.CharField(max_length=64, default="")
    colour = peewee.CharField(max_length=32, default="")
    size = peewee.CharField(max_length=32, default="")
    quantity = peewee.IntegerField(default=1)
    batch = peewee.CharField(max_length=64, default="")
    summary = peewee.TextField(default="")
    handler = peewee.ForeignKeyField(Staff, null=True, backref="handled_cases")
    created_by = peewee.ForeignKeyField(Staff, null=True, backref="opened_cases")
    asked_at = peewee.DateTimeField(null=True)
    first_reply_at = peewee.DateTimeField(null=True)
    resolved_at = peewee.DateTimeField(null=True)
    created_at = peewee.DateTimeField(default=utc_now)
    updated_at = peewee.DateTimeField(default=utc_now)
    resolution = peewee.CharField(max_length=64, default="")
    resolution_text = peewee.TextField(default="")
    refund_fen = peewee.IntegerField(default=0)
    compensation_fen = peewee.IntegerField(default=0)
    postage_fen = peewee.IntegerField(default=0)
    postage_payer = peewee.CharField(max_length=16, default="")
    courier_fen = peewee.IntegerField(default=0)
    """Money the courier pays the shop for lost or broken goods (物流赔偿)."""
    note_text = peewee.TextField(default="")
    note_flag = peewee.IntegerField(default=0)
    wizard_path = JSONField(default=list)
    attention = peewee.CharField(max_length=200, default="")
    version = peewee.IntegerField(default=1)
    check_promised_at = peewee.DateTimeField(null=True)
    """When the agent told the customer we must check and will answer (需核实，已告知客户回复时间)."""
    check_answered_at = peewee.DateTimeField(null=True)
    sla_promise = peewee.CharField(max_length=32, default="")
    """The running time promise due first ('' when none runs), kept by `store.clocks`."""
    sla_due_at = peewee.DateTimeField(null=True, index=True)
    """When that promise is due (None while its clock is paused)."""
    sla_warn_at = peewee.DateTimeField(null=True, index=True)
    """The earliest moment a running promise has used its warning share of its limit."""
    outcome_first_reply = peewee.CharField(
        max_length=16, default="", constraints=[peewee.SQL("DEFAULT ''")]
    )
    """Each promise's `PromiseOutcome` ('' when it does not apply), kept by `store.clocks`
    (the database's default too, so rows written in bulk need not name them)."""
    outcome_logistics = peewee.CharField(
        max_length=16, default="", constraints=[peewee.SQL("DEFAULT ''")]
    )
    outcome_checked = peewee.CharField(
        max_length=16, default="", constraints=[peewee.SQL("DEFAULT ''")]
    )
    top_up_fen = peewee.IntegerField(default=0, constraints=[peewee.SQL("DEFAULT 0")])
    """What the customer paid on top (补差价, 补运费), from the case's price changes."""
    price_cut_fen = peewee.IntegerField(default=0, constraints=[peewee.SQL("DEFAULT 0")])
    """How much the price was lowered for the customer (改价优惠), from its price changes."""

    class Meta:
        table_name = "case"
        indexes = (
            (("customer", "id"), False),
            (("handler", "id"), False),
            (("kind", "id"), False),
            (("state", "id"), False),
            (("created_at",), False),
            (("order_no",), False),
            (("waybill_no",), False),
            # the dashboard: cases per day by kind, and the most reported style·batch
            (("created_at", "kind", "state"), False),
            (("kind", "created_at", "sku", "batch", "customer", "sub_kind", "state"), False),
            # a register's page: one walk per value its rule names (services.registers)
            (("kind", "created_at", "id"), False),
            (("sub_kind", "created_at", "id"), False),
            (("resolution", "created_at", "id"), False),
            (("state", "created_at", "id"), False),
        )


class CaseCounter(BaseModel):
    """The last case number handed out per local day ('SH20261123-'), bumped atomically."""

    prefix = peewee.CharField(max_length=16, primary_key=True)
    last = peewee.IntegerField()


class CaseEvent(BaseModel):
    """Append-only history: who did what to a case, when, from which state to which."""

    case = peewee.ForeignKeyField(Case, backref="events", on_delete="CASCADE")
    at = peewee.DateTimeField(default=utc_now)
    actor = peewee.ForeignKeyField(Staff, null=True)
    action = peewee.CharField(max_length=32)
    from_state = peewee.CharField(max_length=32, null=True)
    to_state = peewee.CharField(max_length=32, null=True)
    details = JSONField(default=dict)

    class Meta:
        indexes = ((("case", "at"), False), (("action", "case"), False))


class Evidence(BaseModel):
    """One archived evidence photo; the file lives in the archive at `rel_path`."""

    case = peewee.ForeignKeyField(Case, backref="evidence", on_delete="RESTRICT")
    customer = peewee.ForeignKeyField(Customer, backref="evidence")
    rel_path = peewee.CharField(max_length=400, unique=True)
    sha256 = peewee.CharField(max_length=64, index=True)
    size_bytes = peewee.BigIntegerField()
    width = peewee.IntegerField()
    height = peewee.IntegerField()
    image_format = peewee.CharField(max_length=16, default="")
    original_name = peewee.CharField(max_length=400, default="")
    added_by = peewee.ForeignKeyField(Staff, null=True)
    added_at = peewee.DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("case", "sha256"), True),)


class WarehouseCheck(BaseModel):
    """A request for the warehouse to check a waybill stub (底单) and weight, and its verdict."""

    case = peewee.ForeignKeyField(Case, backref="warehouse_checks", on_delete="CASCADE")
    state = peewee.CharField(max_length=16, default="pending")
    request_note = peewee.TextField(default="")
    expected_weight_g = peewee.IntegerField(null=True)
    requested_by = peewee.ForeignKeyField(Staff, null=True)
    requested_at = peewee.DateTimeField(default=utc_now)
    stub_found = peewee.BooleanField(null=True)
    stub_matches = peewee.BooleanField(null=True)
    measured_weight_g = peewee.IntegerField(null=True)
    observed = peewee.TextField(default="")
    remark = peewee.TextField(default="")
    checked_by = peewee.ForeignKeyField(Staff, null=True)
    checked_at = peewee.DateTimeField(null=True)
    version = peewee.IntegerField(default=1)

    class Meta:
        indexes = ((("state", "requested_at"), False),)


class ApprovalRequest(BaseModel):
    """Compensation above the agent's limit, or an escalation, waiting for the supervisor."""

    case = peewee.ForeignKeyField(Case, backref="approvals", on_delete="CASCADE")
    kind = peewee.CharField(max_length=16)
    amount_fen = peewee.IntegerField(default=0)
    """The amount the agent asked for."""
    approved_fen = peewee.IntegerField(null=True)
    """The amount the supervisor approved (may differ from the one asked)."""
    reason = peewee.TextField(default="")
    state = peewee.CharField(max_length=16, default="pending")
    requested_by = peewee.ForeignKeyField(Staff, null=True)
    requested_at = peewee.DateTimeField(default=utc_now)
    decided_by = peewee.ForeignKeyField(Staff, null=True)
    decided_at = peewee.DateTimeField(null=True)
    decision_note = peewee.TextField(default="")
    decision = peewee.CharField(max_length=16, default="")
    """An escalation's decision: 'compensate', 'refund' or 'explain' ('' for compensation)."""
    version = peewee.IntegerField(default=1)

    class Meta:
        indexes = ((("state", "requested_at"), False),)


class WizardDraft(BaseModel):
    """Answers of a wizard in progress, saved at every page so nothing is lost."""

    staff = peewee.ForeignKeyField(Staff, backref="drafts", on_delete="CASCADE")
    case = peewee.ForeignKeyField(Case, null=True, on_delete="CASCADE")
    kind = peewee.CharField(max_length=32)
    step = peewee.CharField(max_length=64, default="")
    answers = JSONField(default=dict)
    created_at = peewee.DateTimeField(default=utc_now)
    updated_at = peewee.DateTimeField(default=utc_now)


class Product(BaseModel):
    """A product's unit weight, for the expected weight of a parcel."""

    sku = peewee.CharField(max_length=64, unique=True)
    name = peewee.CharField(max_length=200, default="")
    unit_weight_g = peewee.IntegerField()
    updated_at = peewee.DateTimeField(default=utc_now)


class WriteReceipt(BaseModel):
    """Proof that one write landed: written in the write's own transaction, so a write cut off
    by a lost connection can be told apart from one that committed, and never runs twice."""

    key = peewee.CharField(max_length=64, unique=True)
    ref = peewee.IntegerField(null=True)
    """What the write made or changed (e.g. the case id), to answer a retry with it."""
    at = peewee.DateTimeField(default=utc_now, index=True)


class TextRepair(BaseModel):
    """One stored text changed by the text rule when a database was upgraded: before and after.

    Kept so nothing is lost (PostgreSQL has no file to back up beside the app), and as the log.
    """

    at = peewee.DateTimeField(default=utc_now)
    table_name = peewee.CharField(max_length=64)
    row_id = peewee.IntegerField()
    field_name = peewee.CharField(max_length=64)
    before = peewee.TextField()
    after = peewee.TextField()
    note = peewee.TextField(default="")


class PriceAdjustment(BaseModel):
    """One price change recorded on a case (补差价, 补运费, 改价优惠), with its 黄旗 note."""

    case = peewee.ForeignKeyField(Case, backref="price_adjustments", on_delete="CASCADE")
    kind = peewee.CharField(max_length=16)
    amount_fen = peewee.IntegerField()
    reason = peewee.CharField(max_length=200, default="")
    note_text = peewee.TextField(default="")
    created_by = peewee.ForeignKeyField(Staff, null=True)
    created_at = peewee.DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("case", "created_at"), False),)


class CannedReply(BaseModel):
    """A standard reply (话术) agents paste into the chat, with {变量} filled in."""

    category = peewee.CharField(max_length=32)
    title = peewee.CharField(max_length=64)
    body = peewee.TextField()
    position = peewee.IntegerField(default=0)
    updated_by = peewee.ForeignKeyField(Staff, null=True)
    updated_at = peewee.DateTimeField(default=utc_now)
    version = peewee.IntegerField(default=1)


class ExpectedReturn(BaseModel):
    """Goods a case's outcome expects back (退货): what, how many, the return waybill if known."""

    case = peewee.ForeignKeyField(Case, backref="expected_returns", on_delete="CASCADE")
    reason = peewee.CharField(max_length=32)
    state = peewee.CharField(max_length=16, default="expected")
    sku = peewee.CharField(max_length=64, default="")
    colour = peewee.CharField(max_length=32, default="")
    size = peewee.CharField(max_length=32, default="")
    quantity = peewee.IntegerField(default=1)
    return_waybill = peewee.CharField(max_length=64, default="")
    created_by = peewee.ForeignKeyField(Staff, null=True)
    created_at = peewee.DateTimeField(default=utc_now)
    version = peewee.IntegerField(default=1)

    class Meta:
        indexes = (
            (("state", "created_at"), False),
            (("return_waybill",), False),
        )


class ReturnReceipt(BaseModel):
    """A returned parcel the warehouse received: matched to an expected return, or 无主件."""

    expected = peewee.ForeignKeyField(
        ExpectedReturn, null=True, unique=True, backref="receipts", on_delete="RESTRICT"
    )
    case = peewee.ForeignKeyField(Case, null=True, backref="return_receipts", on_delete="RESTRICT")
    waybill = peewee.CharField(max_length=64, unique=True)
    courier = peewee.CharField(max_length=16, default="")
    sender = peewee.CharField(max_length=200, default="")
    contents = peewee.TextField(default="")
    empty_parcel = peewee.BooleanField(default=False)
    missing = peewee.IntegerField(default=0)
    defective = peewee.IntegerField(default=0)
    summary = peewee.TextField(default="")
    remark = peewee.TextField(default="")
    received_by = peewee.ForeignKeyField(Staff, null=True)
    received_at = peewee.DateTimeField(default=utc_now, index=True)
    matched_by = peewee.ForeignKeyField(Staff, null=True)
    matched_at = peewee.DateTimeField(null=True)
    version = peewee.IntegerField(default=1)


class ReturnLine(BaseModel):
    """One graded group of items of a receipt."""

    receipt = peewee.ForeignKeyField(ReturnReceipt, backref="lines", on_delete="CASCADE")
    quantity = peewee.IntegerField()
    condition = peewee.CharField(max_length=16)
    disposition = peewee.CharField(max_length=16, default="")
    remark = peewee.TextField(default="")


class ReturnPhoto(BaseModel):
    """A photo of a parcel nobody expected (无主件), kept in the archive's 退货无主件 folder."""

    receipt = peewee.ForeignKeyField(ReturnReceipt, backref="photos", on_delete="CASCADE")
    rel_path = peewee.CharField(max_length=400, unique=True)
    sha256 = peewee.CharField(max_length=64)
    original_name = peewee.CharField(max_length=400, default="")
    added_by = peewee.ForeignKeyField(Staff, null=True)
    added_at = peewee.DateTimeField(default=utc_now)


class CourierClaim(BaseModel):
    """A claim against the courier (快递理赔) for a case's parcel; its history is the case's."""

    case = peewee.ForeignKeyField(Case, backref="courier_claims", on_delete="CASCADE")
    courier = peewee.CharField(max_length=16, default="")
    waybill_no = peewee.CharField(max_length=64, default="")
    claimed_fen = peewee.IntegerField(default=0)
    received_fen = peewee.IntegerField(default=0)
    state = peewee.CharField(max_length=16, default="draft")
    remark = peewee.TextField(default="")
    created_by = peewee.ForeignKeyField(Staff, null=True)
    created_at = peewee.DateTimeField(default=utc_now)
    submitted_at = peewee.DateTimeField(null=True)
    accepted_at = peewee.DateTimeField(null=True)
    settled_at = peewee.DateTimeField(null=True)
    """When the courier paid or refused."""
    updated_at = peewee.DateTimeField(default=utc_now)
    version = peewee.IntegerField(default=1)

    class Meta:
        indexes = ((("state", "created_at"), False), (("courier", "state"), False))


class ProductionFeedback(BaseModel):
    """One report to production (生产问题反馈) for a style + batch that enough customers
    complained of within the office's window: one record per run of complaints, not per case."""

    sku = peewee.CharField(max_length=64)
    batch = peewee.CharField(max_length=64)
    first_at = peewee.DateTimeField()
    last_at = peewee.DateTimeField()
    customers = peewee.IntegerField()
    case_nos = JSONField(default=list)
    created_at = peewee.DateTimeField(default=utc_now)
    created_by = peewee.ForeignKeyField(Staff, null=True)

    class Meta:
        indexes = ((("sku", "batch", "last_at"), False),)


class CustomerMark(BaseModel):
    """A mark on a customer (黑名单 with its reason, 回头客 with a remark); removing one keeps it."""

    customer = peewee.ForeignKeyField(Customer, backref="marks", on_delete="CASCADE")
    kind = peewee.CharField(max_length=16)
    reason = peewee.CharField(max_length=32, default="")
    remark = peewee.TextField(default="")
    marked_by = peewee.ForeignKeyField(Staff, null=True)
    marked_at = peewee.DateTimeField(default=utc_now)
    active = peewee.BooleanField(default=True)
    removed_by = peewee.ForeignKeyField(Staff, null=True)
    removed_at = peewee.DateTimeField(null=True)

    class Meta:
        indexes = ((("customer", "active"), False),)


class FollowUp(BaseModel):
    """The follow-up visit (回访) of one resolution of a case: done with its result, or skipped."""

    case = peewee.ForeignKeyField(Case, backref="follow_ups", on_delete="CASCADE")
    resolved_at = peewee.DateTimeField()
    """The case's resolution this visit follows (a case reopened and resolved again has another)."""
    agent = peewee.ForeignKeyField(Staff, null=True)
    """The case's handler, whose satisfaction rate this counts for."""
    state = peewee.CharField(max_length=16)
    reached = peewee.BooleanField(null=True)
    satisfaction = peewee.CharField(max_length=16, default="")
    skip_reason = peewee.CharField(max_length=32, default="")
    remark = peewee.TextField(default="")
    recorded_by = peewee.ForeignKeyField(Staff, null=True)
    recorded_at = peewee.DateTimeField(default=utc_now, index=True)

    class Meta:
        indexes = ((("case", "resolved_at"), True),)


class Review(BaseModel):
    """A middling or bad review (中评/差评) being handled (评价跟踪)."""

    customer = peewee.ForeignKeyField(Customer, backref="reviews", on_delete="RESTRICT")
    order_no = peewee.CharField(max_length=64, default="")
    sku = peewee.CharField(max_length=64, default="")
    rating = peewee.CharField(max_length=16)
    reviewed_on = peewee.DateField()
    text = peewee.TextField(default="")
    reason = peewee.CharField(max_length=32)
    state = peewee.CharField(max_length=16, default="open")
    note = peewee.TextField(default="")
    case = peewee.ForeignKeyField(Case, null=True, backref="reviews", on_delete="SET NULL")
    recorded_by = peewee.ForeignKeyField(Staff, null=True)
    recorded_at = peewee.DateTimeField(default=utc_now)
    handled_by = peewee.ForeignKeyField(Staff, null=True)
    handled_at = peewee.DateTimeField(null=True)
    version = peewee.IntegerField(default=1)

    class Meta:
        indexes = ((("state", "reviewed_on"), False), (("reviewed_on",), False))


class ScoreAdjustment(BaseModel):
    """A supervisor's adjustment of an agent's monthly score, with the reason (kept: the latest
    per agent and month counts, the earlier ones are its history)."""

    month = peewee.CharField(max_length=7)
    agent_name = peewee.CharField(max_length=64)
    points = peewee.FloatField()
    comment = peewee.TextField()
    made_by = peewee.ForeignKeyField(Staff, null=True)
    made_at = peewee.DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("month", "agent_name"), False),)


class ScoreSignOff(BaseModel):
    """A month's score sheet as the supervisor signed it off: locked from then on."""

    month = peewee.CharField(max_length=7, unique=True)
    signed_by = peewee.ForeignKeyField(Staff, null=True)
    signed_at = peewee.DateTimeField(default=utc_now)
    rules = JSONField()
    lines = JSONField()


ALL_MODELS: tuple[type[BaseModel], ...] = (
    SchemaVersion,
    AppSetting,
    Staff,
    AuditEntry,
    Customer,
    Case,
    CaseCounter,
    CaseEvent,
    Evidence,
    WarehouseCheck,
    ApprovalRequest,
    WizardDraft,
    Product,
    WriteReceipt,
    TextRepair,
    PriceAdjustment,
    CannedReply,
    ExpectedReturn,
    ReturnReceipt,
    ReturnLine,
    ReturnPhoto,
    CourierClaim,
    ProductionFeedback,
    CustomerMark,
    FollowUp,
    Review,
    ScoreAdjustment,
    ScoreSignOff,
)
