"""Due instants within the tolerance of each other, with the fetch between them.

A Freshdesk ticket resolved and reopened a minute later: our resolution clock stood still for
that minute and is due a minute after the vendor's ``due_by`` as fetched. Within the
tolerance the two are one deadline, yet a fetch between them finds the vendor's passed and
ours not: the verdicts differ, and the reason named only the unset ``is_escalated``, not our
pause that moved our due instant. Resolved at the vendor's due instant and reopened later,
the pause is all that lies between the two instants, and was not named either. Found by a long
randomized run of the Freshdesk resolution fuzz harness.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.io import freshdesk
from servicemodel.reconcile import ClockComparison, freshdesk_verdicts, reconcile
from servicemodel.sla import SLAPolicy, Target, evaluate_many

POLICY = SLAPolicy("desk", {"normal": [Target("resolution", "8h")]}, pause=())
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _z(t: datetime) -> str:
    return t.isoformat().replace("+00:00", "Z")


def _resolution(rec: dict[str, Any], at: datetime) -> ClockComparison:
    verdicts, errors = freshdesk_verdicts([[rec]], read_at=at)
    assert errors == ()
    ours = evaluate_many(POLICY, freshdesk.histories([[rec]]), at=at)
    (clock,) = [c for c in reconcile(verdicts, ours).clocks if c.metric == "resolution"]
    return clock


@given(
    paused=st.integers(1, 60).map(lambda s: timedelta(seconds=s)),
    into=st.floats(0.01, 0.99),
)
def test_a_pause_within_the_tolerance_is_named_where_the_fetch_parts_the_verdicts(
    paused: timedelta, into: float
) -> None:
    resolved = T0 + timedelta(hours=3)
    due = T0 + timedelta(hours=8)  # the vendor's, not moved by the reopen
    fetched = due + paused * into  # past the vendor's due instant, before ours
    stats = {"first_responded_at": _z(T0 + timedelta(minutes=1)), "resolved_at": _z(resolved),
             "reopened_at": _z(resolved + paused)}  # fmt: skip
    rec = {"id": 3, "created_at": _z(T0), "updated_at": _z(fetched), "status": 2, "priority": 2,
           "source": 1, "due_by": _z(due), "stats": stats}  # fmt: skip
    c = _resolution(rec, fetched)
    assert (c.vendor_state, c.our_state) == ("breached", "active")
    assert c.reason is not None
    assert f"due instants differ by {paused} (vendor earlier)" in c.reason
    assert f"our clock was paused for {paused} before its due instant" in c.reason


@given(paused=st.integers(1, 60).map(lambda s: timedelta(seconds=s)))
def test_a_pause_between_the_due_instants_is_named_as_what_our_clock_did_not_count(
    paused: timedelta,
) -> None:
    # Resolved at the vendor's due instant, reopened and fetched `paused` later: none of our
    # counted time lies between the two due instants, our pause does.
    due = T0 + timedelta(hours=8)
    rec = {"id": 3, "created_at": _z(T0), "updated_at": _z(due + paused), "status": 2,
           "priority": 2, "source": 1, "due_by": _z(due),
           "stats": {"first_responded_at": _z(T0 + timedelta(minutes=1)),
                     "resolved_at": _z(due), "reopened_at": _z(due + paused)}}  # fmt: skip
    c = _resolution(rec, due + paused)
    assert (c.vendor_state, c.our_state) == ("breached", "active")
    assert c.reason is not None
    assert f"our clock was paused for {paused} between them" in c.reason
    assert "closed time" not in c.reason
