"""Per-day case number counters kept in step with the case numbers actually stored."""

from __future__ import annotations

import peewee

from kefu_desktop.store.models import Case, CaseCounter
from kefu_desktop.store.queries import starts_with

_DAY_PREFIX_LENGTH = len("SH20261123-")


def _sequence_after(prefix_length: int) -> peewee.Node:
    return peewee.Cast(peewee.fn.substr(Case.case_no, prefix_length + 1), "INTEGER")


def highest_case_sequence(prefix: str) -> int:
    """The numerically highest daily sequence among cases numbered `prefix`… (0 if none)."""
    value = (
        Case.select(peewee.fn.MAX(_sequence_after(len(prefix))))
        .where(starts_with(Case.case_no, prefix))
        .scalar()
    )
    return int(value or 0)


def last_case_sequence(prefix: str) -> int:
    """The last sequence handed out or stored for `prefix`, whichever is higher."""
    counter = CaseCounter.select(CaseCounter.last).where(CaseCounter.prefix == prefix).scalar()
    return max(int(counter or 0), highest_case_sequence(prefix))


def sync_case_counters() -> None:
    """Lift every day's counter to at least that day's highest stored case number.

    For numbers written without the counter: the schema migration, demo data, a restore.
    """
    day = peewee.fn.substr(Case.case_no, 1, _DAY_PREFIX_LENGTH)
    highest = peewee.fn.MAX(_sequence_after(_DAY_PREFIX_LENGTH))
    stored = {
        prefix: int(last or 0) for prefix, last in Case.select(day, highest).group_by(day).tuples()
    }
    counters = dict(CaseCounter.select(CaseCounter.prefix, CaseCounter.last).tuples())
    for prefix, last in stored.items():
        if prefix not in counters:
            CaseCounter.insert(prefix=prefix, last=last).on_conflict_ignore().execute()
        if counters.get(prefix, 0) < last:
            CaseCounter.update(last=last).where(
                (CaseCounter.prefix == prefix) & (CaseCounter.last < last)
            ).execute()
