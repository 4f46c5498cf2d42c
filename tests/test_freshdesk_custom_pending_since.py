"""A custom Freshdesk status read as pending holds from ``status_updated_at``.

Freshdesk sets ``stats.pending_since`` only when a ticket enters its own Pending (3) and never
clears it (Freshdesk's ticket state code; docs/exports-freshdesk.md: "pending since
``pending_since``, a custom status since ``status_updated_at``"). A ticket now in an account's
own status that stops the SLA timer (``stop_sla_timer``, or ``status_map`` to pending) and was
Pending before carries that earlier ``pending_since``: the pause starts when it took the
current status, not at the stale Pending.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.io import freshdesk
from servicemodel.model import StatusChange

FIELDS = [{"id": 9, "label": "Status", "type": "default_status", "choices": [
    {"id": 6, "value": "Waiting on Third Party", "stop_sla_timer": True}]}]  # fmt: skip


def _pause_start(status: int, stats: dict[str, Any], **options: Any) -> datetime:
    ticket = {"id": 1, "created_at": "2026-03-02T09:00:00Z", "status": status,
              "updated_at": "2026-03-02T15:00:00Z", "source": 1, "stats": stats}  # fmt: skip
    (h,) = freshdesk.histories([[ticket]], **options)
    (e,) = [e for e in h.events if isinstance(e, StatusChange) and e.id == "1.status"]
    assert e.status.value == "pending"
    return e.at.astimezone(UTC)


STATS = {"pending_since": "2026-03-02T10:00:00Z", "status_updated_at": "2026-03-02T13:00:00Z"}


@pytest.mark.parametrize(
    "options", [{"ticket_fields": FIELDS}, {"status_map": {6: "pending"}}], ids=["fields", "map"]
)
def test_a_custom_pending_status_starts_at_status_updated_at(options: dict[str, Any]) -> None:
    assert _pause_start(6, STATS, **options) == datetime(2026, 3, 2, 13, tzinfo=UTC)


def test_freshdesks_own_pending_starts_at_pending_since() -> None:
    assert _pause_start(3, STATS) == datetime(2026, 3, 2, 10, tzinfo=UTC)


@given(pending=st.integers(0, 240), changed=st.integers(0, 240), status=st.sampled_from([3, 6]))
def test_the_pause_starts_at_the_instant_that_is_about_the_current_status(
    pending: int, changed: int, status: int
) -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    stats = {
        "pending_since": (t0 + timedelta(minutes=pending)).isoformat(),
        "status_updated_at": (t0 + timedelta(minutes=changed)).isoformat(),
    }
    got = _pause_start(status, stats, ticket_fields=FIELDS)
    assert got == t0 + timedelta(minutes=pending if status == 3 else changed)
