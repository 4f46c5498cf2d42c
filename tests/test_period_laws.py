"""Laws of per-period and per-segment figures, in time zones with DST changes.

* The backlog at any instant t is the tickets created by t, less the moves to solved by t,
  plus the moves back from solved by t (events at t have happened): with no reopen, created
  by t minus solved by t. Checked at every local period start, where a ticket created, solved
  or reopened exactly at the boundary is counted by that rule.
* The periods of a creation-period key partition the tickets: their accumulators merged give
  the accumulator of all tickets, and so the same figures; a channel × period grid does too.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from _zones import midnight_gap
from servicemodel.kpi import (
    CSAT,
    NPS,
    Backlog,
    FirstContactResolution,
    FirstReplyTime,
    Ratings,
    ReopenRate,
    ResolutionRate,
    ResolutionTime,
    by,
    periods,
)
from servicemodel.model import Reopen, StatusChange, Ticket, TicketHistory
from servicemodel.strategies import aware_datetimes, histories, tickets

ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago"]
UNITS = ["day", "week", "month", "quarter"]
RESOLVED = {"solved", "closed"}

desk = st.lists(
    histories(
        tickets=tickets(
            created_at=aware_datetimes(
                min_value=datetime(2026, 2, 20), max_value=datetime(2026, 5, 10), timezones=ZONES
            ),
            channels=("chat", "email"),
        ),
        max_events=8,
        max_gap=timedelta(days=4),
    ),
    max_size=8,
    unique_by=lambda h: h.id,
)


def moves(h: TicketHistory) -> tuple[list[datetime], list[datetime]]:
    """The instants (UTC) of each move to solved/closed and back, read from the raw events."""
    status, solves, reopens = "new", [], []
    for ev in h.events:
        if isinstance(ev, StatusChange):
            new = str(ev.status.value)
        elif isinstance(ev, Reopen):
            new = "open"
        else:
            continue
        at = ev.at.astimezone(UTC)
        if status in RESOLVED and new not in RESOLVED:
            reopens.append(at)
        elif new in RESOLVED and status not in RESOLVED:
            solves.append(at)
        status = new
    return solves, reopens


def boundaries(items: list[TicketHistory], unit: str, tz: str) -> list[datetime]:
    """The start of every local period from the first ticket's to the one after the last."""
    key = periods(unit, tz=tz)  # type: ignore[arg-type]
    days = [key.floor(h.created_at) for h in items]
    starts = key.range(min(days), max(days) + key.step)
    return [key.period_start(d) for d in starts]


@given(desk, st.sampled_from(UNITS), st.sampled_from(ZONES), st.data())
def test_backlog_at_each_period_start_is_created_less_solved_plus_reopened(
    items: list[TicketHistory], unit: str, tz: str, data: Any
) -> None:
    if not items:
        return
    instants = boundaries(items, unit, tz)
    # Also the instants of the events themselves: a boundary exactly on a solve or a reopen.
    events = [e.at for h in items for e in h.events]
    if events:
        instants.append(data.draw(st.sampled_from(events)))
    for t in instants:
        t_utc = t.astimezone(UTC)
        created = sum(1 for h in items if h.created_at.astimezone(UTC) <= t_utc)
        solved = reopened = 0
        for h in items:
            solves, reopens = moves(h)
            solved += sum(1 for s in solves if s <= t_utc)
            reopened += sum(1 for r in reopens if r <= t_utc)
        backlog = Backlog.empty(as_of=t).add_many(items).result()
        assert backlog.n == created
        assert backlog.value == (created - solved + reopened if created else None)
        # The same tickets exist for the resolution rate at t.
        rate = ResolutionRate.empty(as_of=t).add_many(items).result()
        assert rate.n == created
        assert rate.count("successes") == solved - reopened
        # Per channel, the backlogs add up to the whole.
        per_channel = by("channel", Backlog.empty(as_of=t)).add_many(items).result()
        assert sum(e.n for e in per_channel.values()) == created


def accumulators() -> list[Any]:
    return [
        ResolutionRate.empty(),
        ReopenRate.empty(),
        FirstReplyTime.empty(unit="h"),
        ResolutionTime.empty(which="first", unit="h"),
        Ratings.empty(CSAT.empty()),
        Ratings.empty(NPS.empty()),
        FirstContactResolution.empty(),
        Backlog.empty(as_of=datetime(2026, 4, 1, tzinfo=ZoneInfo("Europe/Berlin"))),
    ]


@given(desk, st.sampled_from(UNITS), st.sampled_from(ZONES), st.sampled_from(accumulators()))
def test_the_periods_of_creation_merge_to_the_whole(
    items: list[TicketHistory], unit: str, tz: str, empty: Any
) -> None:
    key = periods(unit, tz=tz)  # type: ignore[arg-type]
    weekly = by(key, empty).add_many(items)
    assert weekly.dropped == 0
    merged = sum(weekly.parts.values(), empty)
    assert merged.result() == empty.add_many(items).result()
    # Channel x period: the cells partition the tickets too.
    grid = by("channel", by(key, empty)).add_many(items)
    cells = [acc for inner in grid.parts.values() for acc in inner.parts.values()]
    assert sum(cells, empty).result() == merged.result()


def test_a_ticket_at_a_local_midnight_on_a_dst_day_is_in_that_day() -> None:
    # 2026-09-06 has no 00:00 in Santiago: the day starts at 01:00 (-03), 04:00 UTC (or the
    # day the zone data in use give, see _zones).
    gap = midnight_gap()
    zone, first = ZoneInfo(gap.zone), gap.begins
    h = TicketHistory(Ticket("T", first.astimezone(zone)), [])
    key = periods("day", tz=gap.zone)
    assert key(h) == first.astimezone(zone).date() == gap.day
    assert key.period_start(key(h)) == first
    assert key.period_start(key(h)).isoformat() == gap.shown
    just_before = TicketHistory(Ticket("U", first - timedelta(microseconds=1)), [])
    assert key(just_before) == gap.day - timedelta(days=1)
    backlog = Backlog.empty(as_of=key.period_start(key(h))).add_many([h, just_before]).result()
    assert backlog.value == 2  # created at the boundary: it exists then


@functools.cache
def change_days(tz: str) -> list[date]:
    """The local dates, 2025-2027, on which ``tz`` changes its offset (and the days around)."""
    zone, found = ZoneInfo(tz), []
    t = datetime(2025, 1, 1, tzinfo=UTC)
    while t.year < 2028:
        after = t + timedelta(minutes=30)
        if after.astimezone(zone).utcoffset() != t.astimezone(zone).utcoffset():
            day = after.astimezone(zone).date()
            found += [day - timedelta(days=1), day, day + timedelta(days=1)]
        t = after
    return found


@st.composite
def zone_days(draw: Any) -> tuple[str, date]:
    tz = draw(st.sampled_from([*ZONES, "Asia/Beirut"]))
    day = draw(st.sampled_from(change_days(tz)) | st.dates(date(2025, 1, 1), date(2027, 12, 31)))
    return tz, day


@given(zone_days())
def test_a_day_starts_at_a_wall_time_its_clocks_show(zone_day: tuple[str, date]) -> None:
    tz, day = zone_day
    key = periods("day", tz=tz)
    start = key.period_start(day)
    zone = ZoneInfo(tz)
    # A real wall time: read back from UTC it is the same (not a time inside a DST gap).
    assert start.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == start.replace(tzinfo=None)
    assert key.floor(start) == day
    before = start.astimezone(UTC) - timedelta(microseconds=1)  # in UTC: not by wall clock
    assert key.floor(before) == day - timedelta(days=1)
