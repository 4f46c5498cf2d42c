"""What a deadline means when a schedule history changes hours (docs/sla.md, "Calendars that
change or combine"): the time a clock used before the change counts under the old hours, the
time left under the new ones; a change after the deadline the old hours give never moves it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar, ScheduleHistory
from servicemodel.model import Ticket, TicketHistory
from servicemodel.sla import SLAPolicy, Target, evaluate
from servicemodel.strategies import calendars

T0 = datetime(2026, 1, 5, tzinfo=UTC)
MINUTES = st.integers(0, 60 * 24 * 21).map(lambda k: T0 + timedelta(minutes=k))
WITHIN = st.integers(1, 60 * 40).map(lambda k: timedelta(minutes=k))
CALENDARS = calendars(min_date=date(2025, 12, 1), max_date=date(2026, 3, 1)) | st.sampled_from(
    [
        BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"}),
        BusinessCalendar.weekly("America/New_York", {"mon-sat": "22:00-06:00"}),
    ]
)


@settings(max_examples=60, deadline=None)
@given(CALENDARS, CALENDARS, MINUTES, MINUTES, WITHIN)
def test_a_deadline_across_a_change_counts_each_stretch_under_its_hours(
    old: BusinessCalendar,
    new: BusinessCalendar,
    start: datetime,
    change: datetime,
    within: timedelta,
) -> None:
    history = ScheduleHistory([(None, old), (change, new)])
    policy = SLAPolicy("p", {"normal": [Target("first_reply", within)]}, calendar=history)
    (m,) = evaluate(policy, TicketHistory(Ticket("T", start), []), at=start)
    if start >= change:  # the clock runs under the new hours only
        assert m.due_at == new.add(start, within)
        return
    before = old.elapsed(start, change)
    if before > within:
        # Reached under the old hours: a change after that deadline never moves it.
        assert m.due_at == old.add(start, within)
        assert m.due_at < change
    else:
        # What is left after the change counts under the new hours (a target that runs out
        # exactly at the change gives the new hours' next opening, by the boundary rule).
        assert m.due_at == new.add(change, within - before)
