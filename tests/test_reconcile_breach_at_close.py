"""reconcile: breach instants are compared in the clock's own counted time.

A business-time target that runs out exactly at a close is due at the next opening (the
boundary rule), while JSM dates the breach at the close (its ``breachTime``, the instant the
remaining time reached zero). Nothing is counted between the two: one breach, not a
disagreement "by 16:00:00".
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.model import StatusChange, Ticket, TicketHistory
from servicemodel.reconcile import VendorVerdict, reconcile
from servicemodel.sla import SLAPolicy, Target, evaluate

CAL = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"})
POLICY = SLAPolicy("desk", {"normal": [Target("resolution", "8h")]}, calendar=CAL)
# Monday 30 March 2026, 09:00 in Berlin (CEST): eight open hours run out at 17:00 (15:00 UTC).
CREATED = datetime(2026, 3, 30, 7, tzinfo=UTC)
CLOSE = datetime(2026, 3, 30, 15, tzinfo=UTC)
NEXT_OPENING = datetime(2026, 3, 31, 7, tzinfo=UTC)
AT = datetime(2026, 4, 2, 12, tzinfo=UTC)


def _measurement(history: TicketHistory | None = None) -> object:
    (m,) = evaluate(POLICY, history or TicketHistory(Ticket("HD-6", CREATED), []), at=AT)
    return m


def _vendor(breached_at: datetime) -> VendorVerdict:
    return VendorVerdict(
        "HD-6", "Time to resolution", 1, "breached", breached_at=breached_at, source="jsm",
        our_metric="resolution", our_cycle=0,
    )  # fmt: skip


def test_ours_is_due_at_the_next_opening() -> None:
    m = _measurement()
    assert m.breached_at.astimezone(UTC) == NEXT_OPENING  # type: ignore[attr-defined]


def test_a_breach_dated_at_the_close_agrees_with_ours_at_the_next_opening() -> None:
    result = reconcile([_vendor(CLOSE)], [_measurement()])  # type: ignore[list-item]
    (clock,) = result.clocks
    assert clock.agrees, clock.reason
    assert result.agreements == 1


def test_a_breach_an_open_hour_away_still_disagrees() -> None:
    result = reconcile([_vendor(CLOSE - timedelta(hours=1))], [_measurement()])  # type: ignore[list-item]
    (clock,) = result.clocks
    # 17 hours apart on the wall clock, one open hour of the clock's counted time: the
    # tolerance is held against the counted time, and the reason names both.
    assert clock.reason == (
        "breach instants differ by 17:00:00 (1:00:00 of the clock's counted time; "
        "tolerance 0:01:00)"
    )


def test_a_paused_stretch_is_not_counted_between_the_instants() -> None:
    # Created Monday 11:00 in Berlin; pending from Tuesday 11:00 to 14:00: the eight hours run
    # out as the pause begins, and ours is due when the clock counts again, at 14:00.
    created = CREATED + timedelta(hours=2)
    pause = datetime(2026, 3, 31, 9, tzinfo=UTC)
    resume = pause + timedelta(hours=3)
    paused = TicketHistory(
        Ticket("HD-6", created),
        [StatusChange("s1", pause, status="pending"), StatusChange("s2", resume, status="open")],
    )
    m = _measurement(paused)
    assert m.breached_at.astimezone(UTC) == resume  # type: ignore[attr-defined]
    as_paused = reconcile([_vendor(pause)], [m])  # type: ignore[list-item]
    assert as_paused.clocks[0].agrees, as_paused.clocks[0].reason
    before = reconcile([_vendor(pause - timedelta(hours=1))], [m])  # type: ignore[list-item]
    assert before.clocks[0].reason == (
        "breach instants differ by 4:00:00 (1:00:00 of the clock's counted time; tolerance 0:01:00)"
    )


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=16 * 60))
def test_any_instant_of_the_closed_night_is_the_same_breach(minutes: int) -> None:
    # Law: two breach instants with no counted time between them agree, whatever the wall
    # clock says; one an open minute past the tolerance away does not.
    vendor = CLOSE + timedelta(minutes=minutes)
    assert reconcile([_vendor(vendor)], [_measurement()]).clocks[0].agrees  # type: ignore[list-item]
    later = NEXT_OPENING + timedelta(minutes=2)
    assert not reconcile([_vendor(later)], [_measurement()]).clocks[0].agrees  # type: ignore[list-item]
