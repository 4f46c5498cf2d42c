"""``aware_datetimes()`` (and so tickets and histories) draws instants around DST transitions.

Drawn uniformly over 2020-2030, a repeated hour is about one instant in 8,760 per zone: of
2,000 ``aware_datetimes()`` 11 lay in one, and of 1,000 histories none was created in one, so
a downstream property of a hundred examples almost never met the case the zones were chosen
for. About a fifth of the instants now lie within an hour of one of their zone's
transitions, on both sides of a fold and never in a gap.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

import servicemodel.strategies as sms
from servicemodel.model import TicketHistory
from servicemodel.strategies._model import _transitions


def _repeated(t: datetime) -> bool:
    # A wall time that occurs twice: the other fold names another instant.
    other = t.replace(fold=1 - t.fold)
    return other.utcoffset() != t.utcoffset()


def _drawn(strategy: st.SearchStrategy[datetime], n: int) -> list[datetime]:
    seen: list[datetime] = []

    @settings(max_examples=n, derandomize=True, database=None, deadline=None)
    @given(strategy)
    def draw(t: datetime) -> None:
        seen.append(t)

    draw()
    return seen


def test_folds_come_often_on_both_sides() -> None:
    drawn = _drawn(sms.aware_datetimes(), 300)
    folds = [t for t in drawn if _repeated(t)]
    assert len(folds) >= 10  # was about 1 in 200
    assert {t.fold for t in folds} == {0, 1}


def test_tickets_are_created_in_folds_too() -> None:
    drawn: list[TicketHistory] = []

    @settings(max_examples=1000, derandomize=True, database=None, deadline=None)
    @given(sms.histories(max_events=2))
    def draw(history: TicketHistory) -> None:
        drawn.append(history)

    draw()
    assert sum(_repeated(h.ticket.created_at) for h in drawn) >= 15  # was none in 1,000


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["Europe/Berlin", "Australia/Lord_Howe", "America/Santiago", "UTC"]),
    st.integers(2000, 2040),
    st.integers(0, 400),
    st.data(),
)
def test_drawn_instants_keep_their_bounds_and_skip_gaps(
    name: str, year: int, days: int, data: st.DataObject
) -> None:
    low = datetime(year, 1, 1) + timedelta(days=days)
    high = low + timedelta(days=data.draw(st.integers(0, 400)))
    t = data.draw(sms.aware_datetimes(min_value=low, max_value=high, timezones=[name]))
    assert low <= t.replace(tzinfo=None) <= high
    assert str(t.tzinfo) == name
    assert t.astimezone(UTC).astimezone(t.tzinfo) == t  # a real wall time, not one in a gap
    assert t.astimezone(UTC).astimezone(t.tzinfo).fold == t.fold


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(["Europe/Berlin", "Australia/Lord_Howe", "America/Santiago"]), st.data())
def test_transitions_are_where_the_offset_changes(name: str, data: st.DataObject) -> None:
    tz = ZoneInfo(name)
    year = data.draw(st.integers(1990, 2035))
    for at in _transitions(tz, year):
        second = timedelta(seconds=1)
        assert at.astimezone(tz).utcoffset() != (at - second).astimezone(tz).utcoffset()
        assert at.year == year
