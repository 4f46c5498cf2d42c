"""``--source freshdesk --policy`` without ``--vendor-read-at``: the fetch instant's two bounds.

docs/exports-freshdesk.md: without ``--vendor-read-at`` the export's tickets are taken as
fetched at the latest ``updated_at`` among them (the export was pulled after its last update),
and never after the time the report is made (a fetch is before the report): a latest update
after it -- a skewed helpdesk clock, a typo, which the snapshot does not take either -- gives
the time the report is made. A vendor's verdict is its state when the ticket was fetched: a
due time not passed by then is "active", whatever the snapshot.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.cli import main

#: Our first reply is due 7 hours after creation: 16:00, as the vendor's fr_due_by below.
POLICY = """\
[[policies]]
name = "desk"
pause = []

[policies.targets]
normal = [{ metric = "first_reply", within = "7h", time = "calendar" }]
"""
CREATED = datetime(2026, 3, 2, 9, tzinfo=UTC)
DUE = datetime(2026, 3, 2, 16, tzinfo=UTC)


def _z(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _ticket(i: int, updated: datetime, **more: Any) -> dict[str, Any]:
    return {"id": i, "created_at": _z(CREATED), "updated_at": _z(updated), "status": 2,
            "priority": 2, "source": 1, "stats": {}, **more}  # fmt: skip


def _first_reply_of_1(latest_update: datetime, due: datetime, at: datetime) -> Any:
    """Ticket 1's first-reply entry of the reconciliation (None: the two sides agree).

    Ticket 1 is unanswered, last updated at 09:30 and due at ``due``; ticket 2, with no due
    time, was last updated at ``latest_update``: the export's latest update.
    """
    page = [_ticket(1, CREATED + timedelta(minutes=30), fr_due_by=_z(due), fr_escalated=False),
            _ticket(2, latest_update)]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "policy.toml").write_text(POLICY, encoding="utf-8")
        (Path(tmp) / "tickets.json").write_text(json.dumps(page), encoding="utf-8")
        argv = ["report", "--source", "freshdesk", str(Path(tmp) / "tickets.json"),
                "--policy", str(Path(tmp) / "policy.toml"), "--format", "json",
                "--at", at.isoformat()]  # fmt: skip
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            assert main(argv) == 0, err.getvalue()
    section = json.loads(out.getvalue())["reconciliation"]
    found = [c for c in section["disagreements"]
             if (c["ticket"], c["metric"]) == ("1", "first_reply")]  # fmt: skip
    assert len(found) <= 1
    return found[0] if found else None


@settings(max_examples=20)
@given(st.integers(30, 26 * 60).filter(lambda m: m != 7 * 60))
def test_tickets_are_taken_as_fetched_at_the_exports_latest_update(minutes: int) -> None:
    # A latest update before now (2026-03, before any clock this runs on): the fetch is then.
    # The snapshot (--at) is after both the fetch and the due time: our clock is breached.
    latest = CREATED + timedelta(minutes=minutes)
    at = CREATED + timedelta(days=1, hours=3)
    entry = _first_reply_of_1(latest, DUE, at)
    if latest < DUE:
        # Fetched before 16:00: the vendor's verdict is "active", as of that fetch.
        assert entry is not None
        assert (entry["vendor_state"], entry["our_state"]) == ("active", "breached")
        assert f"as of its fetch at {latest.isoformat()}, before the snapshot" in entry["reason"]
    else:
        # Fetched after 16:00: breached on both sides, at the same due instant.
        assert entry is None


def test_a_latest_update_after_now_is_no_later_fetch_than_now() -> None:
    # The export's latest update lies in year 9000, after the time the report is made; the
    # vendor's due time, year 4000, is after that time too. Fetched at the time the report is
    # made, the ticket's due time had not passed: the vendor's verdict is "active" -- at year
    # 9000 it would have been breached -- while ours (due 16:00, 2026-03-02) is breached at
    # the snapshot, year 5000.
    entry = _first_reply_of_1(
        datetime(9000, 1, 1, tzinfo=UTC),
        datetime(4000, 1, 1, tzinfo=UTC),
        datetime(5000, 1, 1, tzinfo=UTC),
    )
    assert entry is not None
    assert (entry["vendor_state"], entry["our_state"]) == ("active", "breached")
    assert entry["vendor_breached_at"] is None
