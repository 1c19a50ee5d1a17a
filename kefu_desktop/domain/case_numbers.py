"""Human case numbers: SH + local date + a four-digit daily sequence, e.g. SH20261123-0001."""

from __future__ import annotations

import re
from datetime import date

CASE_NUMBER_PATTERN = re.compile(r"^SH(\d{8})-(\d{4,})$")


def case_number_prefix(day: date) -> str:
    """The part shared by all case numbers of `day`: 'SH20261123-'."""
    return f"SH{day:%Y%m%d}-"


def format_case_number(day: date, sequence: int) -> str:
    """The case number for the `sequence`-th case opened on `day` (1-based)."""
    return f"{case_number_prefix(day)}{sequence:04d}"


def sequence_of(case_number: str) -> int:
    """The daily sequence part of a case number ('SH20261123-0042' → 42)."""
    match = CASE_NUMBER_PATTERN.match(case_number)
    if match is None:
        raise ValueError(f"not a case number: {case_number!r}")
    return int(match.group(2))
