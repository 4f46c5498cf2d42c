"""Instants in a repeated local hour are compared, ordered and merged in UTC.

A datetime with ``fold=1`` never equals (``==``) the same instant written in another zone,
and two datetimes sharing one ``ZoneInfo`` compare by wall clock, ignoring ``fold`` (PEP 495).
Each property below draws instants near DST transitions (``aware_datetimes``) and writes
them in another zone, or pairs the two sides of a fold explicitly.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from servicemodel.errors import MergeError
from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger
from servicemodel.model import CustomerMessage, Priority, Ticket, TicketHistory
from servicemodel.report._goals import build_goals
from servicemodel.report._overview import build_overview
from servicemodel.sla import Measurement, MeasurementState, Metric, SLALeftOut, SLAPolicy, Target
from servicemodel.strategies import aware_datetimes, histories
from servicemodel.strategies._model import DEFAULT_ZONES

BERLIN = ZoneInfo("Europe/Berlin")
#: The second 02:15 of 2020-10-25 in Berlin (01:15 UTC): after the first 02:45 (00:45 UTC).
SECOND_0215 = datetime(2020, 10, 25, 2, 15, tzinfo=BERLIN, fold=1)
FIRST_0245 = datetime(2020, 10, 25, 2, 45, tzinfo=BERLIN)
POLICY = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})


def _fixed(t: datetime) -> datetime:
    """``t`` in a fixed offset, as a JSON round trip reads it back."""
    offset = t.utcoffset()
    assert offset is not None
    return t.astimezone(timezone(offset))


def test_the_fold_example_is_a_fold() -> None:
    assert SECOND_0215.astimezone(UTC) != SECOND_0215  # PEP 495: the trap these tests cover
    assert SECOND_0215.astimezone(UTC) > FIRST_0245.astimezone(UTC)
    assert SECOND_0215 < FIRST_0245  # one ZoneInfo: by wall clock


@settings(max_examples=60, deadline=None)
@given(aware_datetimes())
@example(SECOND_0215)
def test_left_out_tallies_of_one_instant_in_any_zone_merge(t: datetime) -> None:
    a = SLALeftOut.empty(POLICY, at=t)
    for other in (t.astimezone(UTC), _fixed(t)):
        merged = a + SLALeftOut.empty(POLICY, at=other)
        assert merged.at is not None
        assert merged.at.astimezone(UTC) == t.astimezone(UTC)
    with pytest.raises(MergeError, match="different policies or at"):
        a + SLALeftOut.empty(POLICY, at=t + timedelta(seconds=1))


#: Instants written in one zone: the same ZoneInfo compares by wall clock across a fold.
one_zone_instants = st.builds(
    lambda ts, zone: [t.astimezone(ZoneInfo(zone)) for t in ts],
    st.lists(aware_datetimes(), min_size=1, max_size=6),
    st.sampled_from(DEFAULT_ZONES),
)


def _created(ts: list[datetime]) -> list[TicketHistory]:
    return [TicketHistory(Ticket(f"T{i}", t), []) for i, t in enumerate(ts)]


@settings(max_examples=60, deadline=None)
@given(one_zone_instants)
@example([FIRST_0245, SECOND_0215])
def test_goals_default_at_is_the_latest_event_in_utc(ts: list[datetime]) -> None:
    section = build_goals(_created(ts), [])
    assert section.at.astimezone(UTC) == max(t.astimezone(UTC) for t in ts)


@settings(max_examples=60, deadline=None)
@given(one_zone_instants, st.sampled_from(("Europe/Berlin", "America/New_York", "UTC")))
@example([FIRST_0245, SECOND_0215], "Europe/Berlin")
def test_overview_span_is_the_first_and_last_creation_in_utc(ts: list[datetime], tz: str) -> None:
    overview = build_overview(_created(ts), tz=ZoneInfo(tz))
    assert overview.first_created is not None
    assert overview.last_created is not None
    assert overview.first_created.astimezone(UTC) == min(t.astimezone(UTC) for t in ts)
    assert overview.last_created.astimezone(UTC) == max(t.astimezone(UTC) for t in ts)


FOUR_HOURS = Target("first_reply", "4h", business=False)
LADDER = EscalationLadder(
    [EscalationLevel("lead", Trigger.at_breach())], repeat_every="10m", repeat_times=2
)


def _by_hand(due: datetime, before: timedelta) -> Measurement:
    """An active clock due at ``due``, evaluated ``before`` it; every instant in due's zone."""
    zone, due_utc = due.tzinfo, due.astimezone(UTC)
    now = (due_utc - before).astimezone(zone)
    started = (due_utc - FOUR_HOURS.within).astimezone(zone)
    return Measurement(
        "T", "p", Metric.FIRST_REPLY, FOUR_HOURS, Priority.NORMAL, MeasurementState.ACTIVE,
        started, due, FOUR_HOURS.within - before, before, now,
    )  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    aware_datetimes(),
    st.integers(0, 7200).map(lambda s: timedelta(seconds=s)),
    st.integers(-7200, 7200).map(lambda s: timedelta(seconds=s)),
)
@example(SECOND_0215, timedelta(minutes=30), timedelta(0))  # evaluated at FIRST_0245
@example(SECOND_0215, timedelta(minutes=30), timedelta(minutes=-30))
def test_a_ladder_orders_a_hand_built_clock_in_utc(
    due: datetime, before: timedelta, probe: timedelta
) -> None:
    m = _by_hand(due, before)
    due_utc = due.astimezone(UTC)
    steps = LADDER.timeline(m)
    assert [s.at.astimezone(UTC) for s in steps] == [
        due_utc + timedelta(minutes=10 * k) for k in range(3)
    ]
    assert [s.projected for s in steps] == [s.at.astimezone(UTC) > due_utc - before for s in steps]
    t = (due_utc + probe).astimezone(due.tzinfo)
    level = LADDER.level_at(m, t)
    reached = [s for s in steps if s.at.astimezone(UTC) <= t.astimezone(UTC)]
    assert level == (reached[-1] if reached else None)


FOLD_HISTORY = TicketHistory(
    Ticket("T", FIRST_0245), [CustomerMessage("a", FIRST_0245), CustomerMessage("b", SECOND_0215)]
)


def test_one_zones_wall_clock_misorders_a_history_across_a_fold() -> None:
    assert list(FOLD_HISTORY.events) != sorted(FOLD_HISTORY.events, key=lambda e: e.at)


@settings(max_examples=60, deadline=None)
@given(histories())
@example(FOLD_HISTORY)
def test_history_events_are_in_utc_order(history: TicketHistory) -> None:
    ats = [e.at.astimezone(UTC) for e in history.events]
    assert ats == sorted(ats)


class _OpenWithoutSub:
    """A calendar of one's own, open at every instant, without ``sub`` (computes in UTC)."""

    is_always_open = False  # so the ladder asks its elapsed, as for any business calendar

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        return b.astimezone(UTC) - a.astimezone(UTC)

    def add(self, t: datetime, d: timedelta) -> datetime:
        return t.astimezone(UTC) + d


@settings(max_examples=40, deadline=None)
@given(aware_datetimes(), st.integers(1, 4 * 60).map(lambda m: timedelta(minutes=m)))
@example(SECOND_0215, timedelta(minutes=10))  # started at the first 02:45
def test_a_reminder_on_a_calendar_without_sub_counts_back_in_utc(
    due: datetime, delay: timedelta
) -> None:
    zone, due_utc = due.tzinfo, due.astimezone(UTC)
    # Started a few minutes before the deadline: in one zone's repeated hour, by wall clock,
    # the start can look later than the deadline.
    started = (due_utc - timedelta(minutes=30)).astimezone(zone)
    m = Measurement(
        "T", "p", Metric.FIRST_REPLY, Target("first_reply", "30m"), Priority.NORMAL,
        MeasurementState.ACTIVE, started, due, timedelta(0), timedelta(minutes=30), started,
        calendar=_OpenWithoutSub(),
    )  # fmt: skip
    ladder = EscalationLadder([EscalationLevel("remind", Trigger.before_due(delay))])
    (step,) = ladder.timeline(m)
    assert step.at.astimezone(UTC) == max(due_utc - delay, started.astimezone(UTC))
