"""Staff roles, and the one table of who may do what.

Every service operation names its `Operation`; `OPERATION_PERMISSIONS` says which permission
it needs and `ROLE_PERMISSIONS` which roles hold it. The services check it against the account
stored in the database, and the UI's menus and buttons read the same table.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    AGENT = "agent"
    WAREHOUSE = "warehouse"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.AGENT: "售后客服",
    Role.WAREHOUSE: "仓库",
    Role.SUPERVISOR: "客服主管",
    Role.ADMIN: "管理员",
}

CASE_OVERSEERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
"""Roles that may change any case, not only the ones they handle, and take a case over."""


class Permission(StrEnum):
    OPEN_CASE = "open_case"
    HANDLE_CASE = "handle_case"
    WAREHOUSE_CHECK = "warehouse_check"
    APPROVE = "approve"
    MANAGE_STAFF = "manage_staff"
    OFFICE_SETTINGS = "office_settings"
    EXPORT = "export"
    """The registers and the monthly workbook (报表)."""
    VIEW_CASES = "view_cases"
    ADD_EVIDENCE = "add_evidence"
    CARE_SETTINGS = "care_settings"
    """The office's follow-up and repeat-returner settings."""
    EDIT_REPLIES = "edit_replies"
    """The shop's standard replies (话术)."""


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.AGENT: frozenset(
        {
            Permission.OPEN_CASE,
            Permission.HANDLE_CASE,
            Permission.VIEW_CASES,
            Permission.ADD_EVIDENCE,
        }
    ),
    Role.WAREHOUSE: frozenset({Permission.WAREHOUSE_CHECK, Permission.VIEW_CASES}),
    Role.SUPERVISOR: frozenset(
        {
            Permission.OPEN_CASE,
            Permission.HANDLE_CASE,
            Permission.APPROVE,
            Permission.EXPORT,
            Permission.VIEW_CASES,
            Permission.ADD_EVIDENCE,
            Permission.CARE_SETTINGS,
            Permission.EDIT_REPLIES,
        }
    ),
    Role.ADMIN: frozenset(Permission),
}


class Operation(StrEnum):
    """Everything a person does through the services, reading or changing data."""

    VIEW_CASES = "view_cases"
    OPEN_CASE = "open_case"
    EDIT_CASE_DETAILS = "edit_case_details"
    CHANGE_STATE = "change_state"
    RECORD_FIRST_REPLY = "record_first_reply"
    RECORD_OUTCOME = "record_outcome"
    TAKE_OVER_CASE = "take_over_case"
    CLEAR_HIGHLIGHT = "clear_highlight"
    WORK_WIZARD = "work_wizard"
    ADD_EVIDENCE = "add_evidence"
    REQUEST_WAREHOUSE_CHECK = "request_warehouse_check"
    WAREHOUSE_QUEUE = "warehouse_queue"
    RECORD_VERDICT = "record_verdict"
    WAREHOUSE_SETTINGS = "warehouse_settings"
    APPROVALS_QUEUE = "approvals_queue"
    DECIDE_REQUEST = "decide_request"
    VIEW_REGISTERS = "view_registers"
    EXPORT_WORKBOOK = "export_workbook"
    MANAGE_STAFF = "manage_staff"
    OFFICE_SETTINGS = "office_settings"
    ADOPT_ARCHIVE_FILES = "adopt_archive_files"
    BACKUP_DATABASE = "backup_database"
    READ_AUDIT_LOG = "read_audit_log"
    RECORD_PRICE_CHANGE = "record_price_change"
    READ_REPLIES = "read_replies"
    EDIT_REPLIES = "edit_replies"
    RETURNS_QUEUE = "returns_queue"
    RECEIVE_RETURN = "receive_return"
    SET_RETURN_WAYBILL = "set_return_waybill"
    CARRY_OUT_AFTER_RECEIPT = "carry_out_after_receipt"
    VIEW_CLAIMS = "view_claims"
    WORK_CLAIMS = "work_claims"
    WATCH_PARCELS = "watch_parcels"
    RECORD_CHECK_PROMISE = "record_check_promise"
    DAILY_WATCH = "daily_watch"
    REMIND_HANDLER = "remind_handler"
    VIEW_CUSTOMER = "view_customer"
    MARK_CUSTOMER = "mark_customer"
    RECORD_FOLLOW_UP = "record_follow_up"
    CARE_SETTINGS = "care_settings"
    RECORD_REVIEW = "record_review"
    SCORE_SHEET = "score_sheet"

    @property
    def label(self) -> str:
        return OPERATION_LABELS[self]

    @property
    def permission(self) -> Permission:
        return OPERATION_PERMISSIONS[self]


OPERATION_PERMISSIONS: dict[Operation, Permission] = {
    Operation.VIEW_CASES: Permission.VIEW_CASES,
    Operation.OPEN_CASE: Permission.OPEN_CASE,
    Operation.EDIT_CASE_DETAILS: Permission.HANDLE_CASE,
    Operation.CHANGE_STATE: Permission.HANDLE_CASE,
    Operation.RECORD_FIRST_REPLY: Permission.HANDLE_CASE,
    Operation.RECORD_OUTCOME: Permission.HANDLE_CASE,
    Operation.TAKE_OVER_CASE: Permission.HANDLE_CASE,
    Operation.CLEAR_HIGHLIGHT: Permission.HANDLE_CASE,
    Operation.WORK_WIZARD: Permission.HANDLE_CASE,
    Operation.ADD_EVIDENCE: Permission.ADD_EVIDENCE,
    Operation.REQUEST_WAREHOUSE_CHECK: Permission.HANDLE_CASE,
    Operation.WAREHOUSE_QUEUE: Permission.WAREHOUSE_CHECK,
    Operation.RECORD_VERDICT: Permission.WAREHOUSE_CHECK,
    Operation.WAREHOUSE_SETTINGS: Permission.WAREHOUSE_CHECK,
    Operation.APPROVALS_QUEUE: Permission.APPROVE,
    Operation.DECIDE_REQUEST: Permission.APPROVE,
    Operation.VIEW_REGISTERS: Permission.EXPORT,
    Operation.EXPORT_WORKBOOK: Permission.EXPORT,
    Operation.MANAGE_STAFF: Permission.MANAGE_STAFF,
    Operation.OFFICE_SETTINGS: Permission.OFFICE_SETTINGS,
    Operation.ADOPT_ARCHIVE_FILES: Permission.OFFICE_SETTINGS,
    Operation.BACKUP_DATABASE: Permission.OFFICE_SETTINGS,
    Operation.READ_AUDIT_LOG: Permission.MANAGE_STAFF,
    Operation.RECORD_PRICE_CHANGE: Permission.HANDLE_CASE,
    Operation.READ_REPLIES: Permission.HANDLE_CASE,
    Operation.EDIT_REPLIES: Permission.EDIT_REPLIES,
    Operation.RETURNS_QUEUE: Permission.WAREHOUSE_CHECK,
    Operation.RECEIVE_RETURN: Permission.WAREHOUSE_CHECK,
    Operation.SET_RETURN_WAYBILL: Permission.HANDLE_CASE,
    Operation.CARRY_OUT_AFTER_RECEIPT: Permission.HANDLE_CASE,
    Operation.VIEW_CLAIMS: Permission.HANDLE_CASE,
    Operation.WORK_CLAIMS: Permission.HANDLE_CASE,
    Operation.WATCH_PARCELS: Permission.HANDLE_CASE,
    Operation.RECORD_CHECK_PROMISE: Permission.HANDLE_CASE,
    Operation.DAILY_WATCH: Permission.APPROVE,
    Operation.REMIND_HANDLER: Permission.APPROVE,
    Operation.VIEW_CUSTOMER: Permission.VIEW_CASES,
    Operation.MARK_CUSTOMER: Permission.HANDLE_CASE,
    Operation.RECORD_FOLLOW_UP: Permission.HANDLE_CASE,
    Operation.CARE_SETTINGS: Permission.CARE_SETTINGS,
    Operation.RECORD_REVIEW: Permission.HANDLE_CASE,
    Operation.SCORE_SHEET: Permission.EXPORT,
}

OPERATION_LABELS: dict[Operation, str] = {
    Operation.VIEW_CASES: "查看售后单",
    Operation.OPEN_CASE: "新建售后单",
    Operation.EDIT_CASE_DETAILS: "修改基本信息",
    Operation.CHANGE_STATE: "更改状态",
    Operation.RECORD_FIRST_REPLY: "记录首次回复",
    Operation.RECORD_OUTCOME: "记录处理结果和金额",
    Operation.TAKE_OVER_CASE: "接手售后单",
    Operation.CLEAR_HIGHLIGHT: "取消需关注提示",
    Operation.WORK_WIZARD: "使用处理向导",
    Operation.ADD_EVIDENCE: "添加证据照片",
    Operation.REQUEST_WAREHOUSE_CHECK: "请仓库核实",
    Operation.WAREHOUSE_QUEUE: "查看仓库核实队列",
    Operation.RECORD_VERDICT: "录入仓库核实结果",
    Operation.WAREHOUSE_SETTINGS: "仓库设置（误差、包装、商品重量）",
    Operation.APPROVALS_QUEUE: "查看主管审批队列",
    Operation.DECIDE_REQUEST: "审批补偿和升级",
    Operation.VIEW_REGISTERS: "查看登记表",
    Operation.EXPORT_WORKBOOK: "导出月度报表",
    Operation.MANAGE_STAFF: "管理员工账号",
    Operation.OFFICE_SETTINGS: "更改办公室设置",
    Operation.ADOPT_ARCHIVE_FILES: "补回照片记录",
    Operation.BACKUP_DATABASE: "备份数据库",
    Operation.READ_AUDIT_LOG: "查看登录与备份记录",
    Operation.RECORD_PRICE_CHANGE: "记录改价/补差",
    Operation.READ_REPLIES: "查看和复制话术",
    Operation.EDIT_REPLIES: "编辑话术",
    Operation.RETURNS_QUEUE: "查看待退回商品",
    Operation.RECEIVE_RETURN: "登记退货入库",
    Operation.SET_RETURN_WAYBILL: "填写客户退货运单号",
    Operation.CARRY_OUT_AFTER_RECEIPT: "退货入库后同意退款或发出换货",
    Operation.VIEW_CLAIMS: "查看快递理赔",
    Operation.WORK_CLAIMS: "办理快递理赔",
    Operation.WATCH_PARCELS: "今日跟进（查件、联系快递、延长收货时间）",
    Operation.RECORD_CHECK_PROMISE: "记录需核实及核实答复",
    Operation.DAILY_WATCH: "查看每日巡查",
    Operation.REMIND_HANDLER: "提醒处理人",
    Operation.VIEW_CUSTOMER: "查看客户档案",
    Operation.MARK_CUSTOMER: "标记客户（黑名单、回头客）",
    Operation.RECORD_FOLLOW_UP: "记录回访",
    Operation.CARE_SETTINGS: "回访与多次售后设置",
    Operation.RECORD_REVIEW: "登记和处理中差评",
    Operation.SCORE_SHEET: "奖罚评分表（评分规则、调整、签字）",
}


def role_may(role: Role, permission: Permission) -> bool:
    """Whether staff with `role` hold `permission`."""
    return permission in ROLE_PERMISSIONS[role]


def role_may_do(role: Role, operation: Operation) -> bool:
    """Whether staff with `role` may do `operation` (the one table the services and UI read)."""
    return role_may(role, OPERATION_PERMISSIONS[operation])
