"""Long queues are read by a raw cursor (`read_dicts`): the rows must be exactly what peewee's
own conversion gives, on both databases, times and yes/no answers included."""

from __future__ import annotations

from kefu_desktop.services import warehouse
from kefu_desktop.services.approvals import _query
from kefu_desktop.services.warehouse import CheckState, _check_query
from kefu_desktop.store.models import WarehouseCheck
from kefu_desktop.store.queries import read_dicts
from tests.conftest import Staffing
from tests.test_approvals_service import compensation_case
from tests.test_warehouse_service import _confirm, _open


def test_read_dicts_gives_what_peewee_gives(staff: Staffing) -> None:
    for n in range(3):
        detail = _open(staff, f"SF14023456789{n:02d}")
        warehouse.request_check(staff.agent, detail.id, "请核实底单")
    checked = warehouse.list_pending(staff.warehouse)[0]
    warehouse.record_verdict(staff.warehouse, checked.id, checked.version, _confirm())
    compensation_case(staff.agent)
    compensation_case(staff.agent2, 7000, "tb_另一位")
    for query in (_check_query().order_by(WarehouseCheck.id), _query()):
        plain = read_dicts(query)
        assert plain == list(query.dicts())
        assert len(plain) >= 2
    done = next(r for r in read_dicts(_check_query()) if r["id"] == checked.id)
    assert done["state"] == CheckState.CONFIRMED and done["stub_found"] is True
    assert done["checked_at"] is not None and done["checked_at"].year >= 2026
