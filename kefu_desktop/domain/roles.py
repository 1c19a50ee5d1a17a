"""Staff roles and what each may do."""

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


class Permission(StrEnum):
    OPEN_CASE = "open_case"
    HANDLE_CASE = "handle_case"
    WAREHOUSE_CHECK = "warehouse_check"
    APPROVE = "approve"
    MANAGE_STAFF = "manage_staff"
    EXPORT = "export"
    VIEW_CASES = "view_cases"
    ADD_EVIDENCE = "add_evidence"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.AGENT: frozenset(
        {
            Permission.OPEN_CASE,
            Permission.HANDLE_CASE,
            Permission.VIEW_CASES,
            Permission.ADD_EVIDENCE,
        }
    ),
    Role.WAREHOUSE: frozenset(
        {Permission.WAREHOUSE_CHECK, Permission.VIEW_CASES, Permission.ADD_EVIDENCE}
    ),
    Role.SUPERVISOR: frozenset(
        {
            Permission.OPEN_CASE,
            Permission.HANDLE_CASE,
            Permission.APPROVE,
            Permission.EXPORT,
            Permission.VIEW_CASES,
            Permission.ADD_EVIDENCE,
        }
    ),
    Role.ADMIN: frozenset(Permission),
}


def role_may(role: Role, permission: Permission) -> bool:
    """Whether staff with `role` hold `permission`."""
    return permission in ROLE_PERMISSIONS[role]
