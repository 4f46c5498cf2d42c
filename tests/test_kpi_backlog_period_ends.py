"""The backlog at each period's end, as docs/kpi.md shows it, adds up week to week.

A period is half-open, ``[start, end)``; ``Backlog.empty(as_of=t)`` takes the events at ``t``
into the state. The documented recipe takes each week's last instant (``end`` minus one
microsecond), so that a ticket created at ``end`` belongs to the next week and one solved at
``end`` was open in this one. Laws, over tickets created and solved at instants drawn on and
around local midnights across both 2026 DST changes in Europe/Berlin:

- the backlog at a week's last instant is the tickets created before ``end`` and not solved
  before it (the definition, counted by hand here);
- from one week's end to the next, it grows by the tickets created in the week and falls by
  those solved in it, each week found as the ISO week of the instant's local date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.kpi import Backlog, periods
from servicemodel.model import StatusChange, Ticket, TicketHistory

BERLIN = ZoneInfo("Europe/Berlin")
#: Local midnights that start ISO weeks around the two DST changes of 2026 (29 March, 25 October).
MONDAYS = [date(2026, 3, 23), date(2026, 3, 30), date(2026, 10, 19), date(2026, 10, 26)]


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=BERLIN).astimezone(UTC)


@st.composite
def instants(draw: st.DrawFn) -> datetime:
    """An instant at, just before or just after a week's start, or anywhere in two weeks."""
    monday = draw(st.sampled_from(MONDAYS))
    edge = _midnight(monday)
    near = draw(st.sampled_from([timedelta(0), -timedelta(microseconds=1), timedelta(seconds=1)]))
    anywhere = timedelta(minutes=draw(st.integers(min_value=-7 * 24 * 60, max_value=7 * 24 * 60)))
    return edge + draw(st.sampled_from([near, anywhere]))


@st.composite
def tickets(draw: st.DrawFn) -> list[tuple[datetime, datetime | None]]:
    out = []
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        created = draw(instants())
        solved = draw(st.none() | instants())
        out.append((created, None if solved is None or solved < created else solved))
    return out


def _histories(drawn: list[tuple[datetime, datetime | None]]) -> list[TicketHistory]:
    return [
        TicketHistory(
            Ticket(f"T{i}", created),
            [] if solved is None else [StatusChange(f"s{i}", solved, status="solved")],
        )
        for i, (created, solved) in enumerate(drawn)
    ]


def _week(instant: datetime) -> date:
    """The ISO week (its Monday) of the instant's local date in Berlin."""
    local = instant.astimezone(BERLIN).date()
    return local - timedelta(days=local.weekday())


def _at_ends(histories: list[TicketHistory], mondays: list[date]) -> list[int]:
    weeks = periods("week", tz="Europe/Berlin")
    out = []
    for start in mondays:
        end = weeks.period_start(start + weeks.step)
        backlog = Backlog.empty(as_of=end - timedelta(microseconds=1)).add_many(histories)
        out.append(backlog.open)
    return out


def _span() -> list[date]:
    """Every Monday from two weeks before the first drawn week to one after the last."""
    first, last = MONDAYS[0] - timedelta(days=14), MONDAYS[-1] + timedelta(days=7)
    return [first + timedelta(days=7 * k) for k in range((last - first).days // 7 + 1)]


@given(drawn=tickets())
def test_a_weeks_backlog_is_the_tickets_created_and_not_solved_before_its_end(
    drawn: list[tuple[datetime, datetime | None]],
) -> None:
    mondays = _span()
    expected = []
    for start in mondays:
        end = _midnight(start + timedelta(days=7))
        expected.append(sum(c < end and (s is None or s >= end) for c, s in drawn))
    assert _at_ends(_histories(drawn), mondays) == expected


@given(drawn=tickets())
def test_week_to_week_the_backlog_changes_by_created_minus_solved(
    drawn: list[tuple[datetime, datetime | None]],
) -> None:
    mondays = _span()
    ends = _at_ends(_histories(drawn), mondays)
    for k in range(1, len(mondays)):
        created = sum(_week(c) == mondays[k] for c, _ in drawn)
        solved = sum(s is not None and _week(s) == mondays[k] for _, s in drawn)
        assert ends[k] == ends[k - 1] + created - solved


def test_the_week_containing_the_autumn_change_ends_at_local_midnight() -> None:
    weeks = periods("week", tz="Europe/Berlin")
    end = weeks.period_start(date(2026, 10, 19) + weeks.step)
    # Sunday 25 October has 25 hours; Monday 00:00 CET is 23:00 UTC on the Sunday.
    assert end == datetime(2026, 10, 25, 23, tzinfo=UTC)
