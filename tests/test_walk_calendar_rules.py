"""Business calendars against their documented rules, checked by an independent walk.

Every expected value here is either worked out by hand (the comment says how) or comes from a
brute-force walk written for this file: the open minutes of a window, listed one UTC minute at
a time from the definition (each local date contributes the spans that start on it: its
override, else nothing on a holiday, else its weekday's hours; span ends become instants as
``zoneinfo`` maps a local time with ``fold=0``; spans are half-open). ``elapsed`` counts those
minutes; ``add`` walks them. The walk shares no code with the calendar's year tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from _deadline import deadline
from servicemodel.calendar import BusinessCalendar, CountryHolidays, RRuleHolidays, ScheduleHistory
from servicemodel.errors import (
    CalendarError,
    ConfigError,
    InputTypeError,
    OutOfRangeError,
    UnknownHolidaysError,
)

MINUTE = timedelta(minutes=1)
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
APIA = ZoneInfo("Pacific/Apia")
KATHMANDU = ZoneInfo("Asia/Kathmandu")


# -- the walk ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Walk:
    """The open UTC minutes of a calendar in ``[lo, hi)`` (minute-aligned UTC instants)."""

    lo: datetime
    hi: datetime
    open: frozenset[int]  # minute indexes from ``lo``

    def index(self, t: datetime) -> int:
        i, rest = divmod(t.astimezone(UTC) - self.lo, MINUTE)
        assert not rest, f"{t} is not on a whole minute"
        return i

    def at(self, i: int) -> datetime:
        return self.lo + i * MINUTE

    @property
    def size(self) -> int:
        return (self.hi - self.lo) // MINUTE

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        i, j = self.index(a), self.index(b)
        assert 0 <= min(i, j) <= max(i, j) <= self.size, "outside the walked window"
        sign = 1
        if j < i:
            i, j, sign = j, i, -1
        return sign * MINUTE * sum(1 for m in range(i, j) if m in self.open)

    def add(self, t: datetime, minutes: int) -> datetime | None:
        """The latest ``x >= t`` with ``minutes`` open minutes in ``[t, x)``, walked forward;
        ``None`` when the window ends first. ``minutes < 0`` walks back (latest ``x <= t``)."""
        i = self.index(t)
        if minutes >= 0:
            left = minutes
            while left:
                if i >= self.size:
                    return None
                left -= i in self.open
                i += 1
            while i not in self.open:  # the latest such instant: on to the next opening
                i += 1
                if i >= self.size:
                    return None
            return self.at(i)
        left = -minutes
        while left:
            i -= 1
            if i < 0:
                return None
            left -= i in self.open
        return self.at(i)


def walk(cal: BusinessCalendar, lo: datetime, hi: datetime) -> Walk:
    """List the open minutes of ``cal`` in ``[lo, hi)`` straight from the definition."""
    tz = cal.tz
    holidays = set(cal.holidays)
    for rule in cal.holiday_rules:
        for year in range(lo.year - 1, hi.year + 2):
            holidays |= rule.dates_in(year)
    overrides = dict(cal.overrides)
    first = lo.astimezone(tz).date() - timedelta(days=3)
    last = hi.astimezone(tz).date() + timedelta(days=1)
    spans: list[tuple[datetime, datetime]] = []
    day = first
    while day <= last:
        todays = overrides.get(day)
        if todays is None:
            todays = () if day in holidays else cal.hours[day.weekday()]
        for s, e in todays:
            # Wall-clock time of the span's ends on this date, then zoneinfo's fold=0 mapping.
            start = (datetime.combine(day, time()) + timedelta(minutes=s)).replace(tzinfo=tz)
            end = (datetime.combine(day, time()) + timedelta(minutes=e)).replace(tzinfo=tz)
            spans.append((start.astimezone(UTC), end.astimezone(UTC)))
        day += timedelta(days=1)
    base = lo.astimezone(UTC)
    n = (hi - lo) // MINUTE
    opened: set[int] = set()
    for s, e in spans:
        i, j = (s - base) // MINUTE, (e - base) // MINUTE
        assert (s - base) % MINUTE == (e - base) % MINUTE == timedelta(0), "minutes only"
        opened.update(range(max(i, 0), min(j, n)))
    return Walk(base, hi.astimezone(UTC), frozenset(opened))


def utc(t: datetime) -> datetime:
    # A datetime in a repeated hour never equals another zone's (PEP 495): compare in UTC.
    return t.astimezone(UTC)


def local(tz: ZoneInfo, *args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=tz, fold=fold)  # type: ignore[misc]


H = timedelta(hours=1)


# -- the walk itself, checked by hand once --------------------------------------------------


def test_the_walk_counts_a_nine_to_five_week_by_hand() -> None:
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    monday = datetime(2026, 1, 5, tzinfo=UTC)
    w = walk(cal, monday, monday + timedelta(days=14))
    assert len(w.open) == 10 * 8 * 60  # ten days of eight hours
    assert w.elapsed(monday, monday + timedelta(days=7)) == 40 * H
    assert w.add(monday + 16 * H, 60) == monday + timedelta(days=1, hours=9)
    assert w.add(monday + timedelta(days=1, hours=10), -60) == monday + timedelta(days=1, hours=9)


# -- half-open spans, closes, openings ------------------------------------------------------

NINE_TO_FIVE = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
MONDAY = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday


def test_spans_are_half_open() -> None:
    assert NINE_TO_FIVE.is_open(MONDAY + 9 * H)
    assert not NINE_TO_FIVE.is_open(MONDAY + 17 * H)
    assert NINE_TO_FIVE.is_open(MONDAY + 17 * H - timedelta(microseconds=1))
    assert NINE_TO_FIVE.elapsed(MONDAY + 9 * H, MONDAY + 17 * H) == 8 * H
    assert NINE_TO_FIVE.next_close(MONDAY + 17 * H) == MONDAY + 17 * H


def test_adding_time_that_runs_out_at_a_close_gives_the_next_opening() -> None:
    # Mon 16:00 + 1 h runs out at Mon 17:00, closed: the answer is Tue 09:00.
    assert NINE_TO_FIVE.add(MONDAY + 16 * H, H) == MONDAY + timedelta(days=1, hours=9)
    # Fri 16:00 + 1 h: over the weekend to Mon 12 Jan 09:00.
    friday = MONDAY + timedelta(days=4)
    assert NINE_TO_FIVE.add(friday + 16 * H, H) == MONDAY + timedelta(days=7, hours=9)
    # Zero from a closed instant is the next opening; from an open one, the instant itself.
    assert NINE_TO_FIVE.add(MONDAY + 18 * H, timedelta(0)) == MONDAY + timedelta(days=1, hours=9)
    assert NINE_TO_FIVE.add(MONDAY + 10 * H, timedelta(0)) == MONDAY + 10 * H


def test_subtracting_onto_an_opening_stays_there() -> None:
    tuesday_10 = MONDAY + timedelta(days=1, hours=10)
    assert NINE_TO_FIVE.sub(tuesday_10, H) == MONDAY + timedelta(days=1, hours=9)
    assert NINE_TO_FIVE.add(tuesday_10, -H) == MONDAY + timedelta(days=1, hours=9)
    assert NINE_TO_FIVE.sub(tuesday_10, 2 * H) == MONDAY + 16 * H


def test_a_24_00_close_joins_the_next_day_and_a_23_59_close_leaves_a_minute() -> None:
    joined = BusinessCalendar.weekly("UTC", {"mon": "22:00-24:00", "tue": "00:00-02:00"})
    gap = BusinessCalendar.weekly("UTC", {"mon": "22:00-23:59", "tue": "00:00-02:00"})
    mon_22, tue_02 = MONDAY + 22 * H, MONDAY + 26 * H
    assert joined.elapsed(mon_22, tue_02) == 4 * H
    assert gap.elapsed(mon_22, tue_02) == 4 * H - MINUTE
    assert joined.is_open(MONDAY + 24 * H - MINUTE)
    assert gap.is_open(MONDAY + 24 * H - 2 * MINUTE)
    assert not gap.is_open(MONDAY + 24 * H - MINUTE)
    # Midnight is no close for the joined calendar: its next close is Tue 02:00.
    assert joined.next_close(mon_22) == tue_02
    assert gap.next_close(mon_22) == MONDAY + 24 * H - MINUTE
    # An hour from 23:00 runs out at Tue 00:00 (open) in one, at 00:01 in the other.
    assert joined.add(MONDAY + 23 * H, H) == MONDAY + 24 * H
    assert gap.add(MONDAY + 23 * H, H) == MONDAY + 24 * H + MINUTE
    # 59 minutes from 23:00 run out at the 23:59 close: the next opening, Tue 00:00.
    assert gap.add(MONDAY + 23 * H, 59 * MINUTE) == MONDAY + 24 * H
    assert joined.previous_open(MONDAY + 25 * H) == mon_22
    assert gap.previous_open(MONDAY + 25 * H) == MONDAY + 24 * H


# -- overnight spans and holidays -----------------------------------------------------------


@pytest.mark.parametrize(
    ("holidays", "expected"),
    [
        ([], 8 + 8),  # Mon 22:00-Tue 06:00 and Tue 22:00-Wed 06:00
        (["2026-01-05"], 8),  # Monday's shift never starts; Tuesday's runs
        (["2026-01-06"], 8),  # Monday's shift runs into the holiday; Tuesday's does not start
        (["2026-01-05", "2026-01-06"], 0),
    ],
)
def test_an_overnight_span_belongs_to_the_day_it_starts(holidays: list[str], expected: int) -> None:
    cal = BusinessCalendar.weekly("Europe/Berlin", {"mon-tue": "22:00-06:00"}, holidays=holidays)
    sunday = local(BERLIN, 2026, 1, 4)
    assert cal.elapsed(sunday, sunday + timedelta(days=4)) == expected * H
    if "2026-01-06" in holidays and "2026-01-05" not in holidays:
        # The holiday Tuesday is open until 06:00, from Monday's shift.
        assert cal.is_open(local(BERLIN, 2026, 1, 6, 5, 59))
        assert not cal.is_open(local(BERLIN, 2026, 1, 6, 22, 30))


def test_an_override_opens_a_closed_day_and_closes_an_open_one() -> None:
    cal = BusinessCalendar.weekly(
        "UTC",
        {"mon-fri": "09:00-17:00"},
        holidays=["2026-01-07"],
        overrides={"2026-01-10": "10:00-12:00", "2026-01-06": [], "2026-01-07": "13:00-14:00"},
    )
    week = cal.elapsed(MONDAY, MONDAY + timedelta(days=7))
    # Mon 8, Tue closed, Wed the override wins over the holiday (1), Thu 8, Fri 8, Sat 2.
    assert week == (8 + 0 + 1 + 8 + 8 + 2) * H
    # Mon 16:00 + 90 min: an hour on Monday, half an hour of Wednesday's override.
    assert cal.add(MONDAY + 16 * H, 90 * MINUTE) == MONDAY + timedelta(days=2, hours=13.5)
    # + 2 h runs out at the override's 14:00 close: the next opening, Thursday 09:00.
    assert cal.add(MONDAY + 16 * H, 2 * H) == MONDAY + timedelta(days=3, hours=9)


def test_an_override_with_a_night_shift_before_a_closed_date() -> None:
    # Sunday is opened overnight by an override; Monday, a holiday, still gets its morning.
    cal = BusinessCalendar.weekly(
        "UTC",
        {"mon-fri": "09:00-17:00"},
        holidays=["2026-01-05"],
        overrides={"2026-01-04": "22:00-06:00"},
    )
    sunday = MONDAY - timedelta(days=1)
    assert cal.open_intervals(sunday, MONDAY + timedelta(days=1)) == [
        (sunday + 22 * H, MONDAY + 6 * H)
    ]


# -- DST, worked by hand ----------------------------------------------------------------------


def test_berlin_night_shifts_across_both_dst_changes() -> None:
    cal = BusinessCalendar.weekly("Europe/Berlin", {"sat": "22:00-06:00"})
    # 28/29 March 2026: 22:00 CET (21:00 UTC) to 06:00 CEST (04:00 UTC), 7 hours.
    spring = local(BERLIN, 2026, 3, 28, 12)
    assert cal.elapsed(spring, spring + timedelta(days=1)) == 7 * H
    assert cal.open_intervals(spring, spring + timedelta(days=1))[0][0] == local(
        BERLIN, 2026, 3, 28, 22
    )
    # 24/25 October: 22:00 CEST (20:00 UTC) to 06:00 CET (05:00 UTC), 9 hours.
    autumn = local(BERLIN, 2026, 10, 24, 12)
    assert cal.elapsed(autumn, autumn + timedelta(days=1)) == 9 * H
    # Eight hours after the start of the long night: 04:00 UTC, 05:00 CET, one hour left.
    start = datetime(2026, 10, 24, 20, tzinfo=UTC)
    assert utc(cal.add(start, 8 * H)) == datetime(2026, 10, 25, 4, tzinfo=UTC)


def test_berlin_span_ends_in_the_gap_and_in_the_repeat() -> None:
    # A span 02:30-03:30 on 29 March: 02:30 does not exist and moves forward by the hour, to
    # 03:30 CEST, where the span also ends: nothing opens that day.
    gap = BusinessCalendar.weekly("Europe/Berlin", {"sun": "02:30-03:30"})
    day = local(BERLIN, 2026, 3, 29)
    assert gap.elapsed(day, day + timedelta(days=1)) == timedelta(0)
    # On 25 October 02:30 is the first 02:30 (CEST, 00:30 UTC), 03:30 is CET (02:30 UTC).
    day = local(BERLIN, 2026, 10, 25)
    assert gap.elapsed(day, day + timedelta(days=1)) == 2 * H
    assert utc(gap.next_open(day)) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_new_york_gap_and_fold() -> None:
    night = BusinessCalendar.weekly("America/New_York", {"sat": "22:00-06:00"})
    sat = local(NEW_YORK, 2026, 3, 7, 12)
    assert night.elapsed(sat, sat + timedelta(days=1)) == 7 * H
    sat = local(NEW_YORK, 2026, 10, 31, 12)
    assert night.elapsed(sat, sat + timedelta(days=1)) == 9 * H
    # 01:30 on 1 November exists twice: a span ending there ends at the first (05:30 UTC).
    fold = BusinessCalendar.weekly("America/New_York", {"sun": "00:00-01:30"})
    assert utc(fold.next_close(local(NEW_YORK, 2026, 11, 1))) == datetime(
        2026, 11, 1, 5, 30, tzinfo=UTC
    )
    # An instant in the second 01:15 (fold=1, EST, 06:15 UTC) is after that close.
    assert not fold.is_open(local(NEW_YORK, 2026, 11, 1, 1, 15, fold=1))
    assert fold.is_open(local(NEW_YORK, 2026, 11, 1, 1, 15, fold=0))


def test_lord_howe_half_hour_dst() -> None:
    cal = BusinessCalendar.weekly("Australia/Lord_Howe", {"sun": "01:00-03:00"})
    # 4 October 2026: 02:00 +10:30 becomes 02:30 +11. 01:00 +10:30 is 14:30 UTC, 03:00 +11
    # is 16:00 UTC: an hour and a half.
    day = local(LORD_HOWE, 2026, 10, 4)
    assert cal.elapsed(day, day + timedelta(days=1)) == 90 * MINUTE
    # 5 April 2026: 02:00 +11 becomes 01:30 +10:30. 01:00 (the first, +11) is 14:00 UTC,
    # 03:00 +10:30 is 16:30 UTC: two hours and a half.
    day = local(LORD_HOWE, 2026, 4, 5)
    assert cal.elapsed(day, day + timedelta(days=1)) == 150 * MINUTE
    # Two hours from the opening run 30 minutes past the end of the repeated half hour.
    opening = cal.next_open(day)
    assert utc(opening) == datetime(2026, 4, 4, 14, tzinfo=UTC)
    assert utc(cal.add(opening, 2 * H)) == datetime(2026, 4, 4, 16, tzinfo=UTC)


def test_apia_skipped_friday_30_december_2011() -> None:
    # Samoa went from UTC-10 to UTC+14 at the end of 29 December 2011: 30 December never
    # happened there. Friday's 09:00-17:00 lies wholly in that 24-hour gap, so by the rule
    # (a local time in a gap moves forward by the gap) it is Saturday 09:00-17:00.
    cal = BusinessCalendar.weekly("Pacific/Apia", {"mon-fri": "09:00-17:00"})
    thursday = local(APIA, 2011, 12, 29)
    monday = local(APIA, 2012, 1, 2)
    assert cal.elapsed(thursday, monday) == 16 * H
    spans = cal.open_intervals(thursday, monday)
    assert [(utc(a), utc(b)) for a, b in spans] == [
        (datetime(2011, 12, 29, 19, tzinfo=UTC), datetime(2011, 12, 30, 3, tzinfo=UTC)),
        (datetime(2011, 12, 30, 19, tzinfo=UTC), datetime(2011, 12, 31, 3, tzinfo=UTC)),
    ]
    # Thursday 16:00 + 2 h: one hour on Thursday, then Saturday 31 December 10:00 (+14).
    assert utc(cal.add(local(APIA, 2011, 12, 29, 16), 2 * H)) == datetime(
        2011, 12, 30, 20, tzinfo=UTC
    )


def test_kathmandu_quarter_hour_offset() -> None:
    cal = BusinessCalendar.weekly("Asia/Kathmandu", {"mon-fri": "09:00-17:00"})
    opening = datetime(2026, 1, 5, 3, 15, tzinfo=UTC)  # 09:00 +05:45
    assert cal.next_open(MONDAY) == opening
    assert cal.add(opening, 8 * H) == opening + timedelta(days=1)  # close: Tue 09:00
    assert cal.elapsed(MONDAY, MONDAY + timedelta(days=1)) == 8 * H
    assert not cal.is_open(opening - timedelta(microseconds=1))


# -- edges: zero, empty, reversed, the range's ends -----------------------------------------


def test_zero_length_and_reversed_queries() -> None:
    t = MONDAY + 10 * H
    assert NINE_TO_FIVE.elapsed(t, t) == timedelta(0)
    assert NINE_TO_FIVE.open_intervals(t, t) == []
    assert NINE_TO_FIVE.open_intervals(t + H, t) == []
    assert NINE_TO_FIVE.elapsed(t + timedelta(days=1), t) == -8 * H
    assert NINE_TO_FIVE.sub(t, timedelta(0)) == t


def test_a_calendar_with_no_open_time_says_so_and_does_not_hang() -> None:
    closed = [
        BusinessCalendar.weekly("UTC", {}),
        BusinessCalendar.weekly("Europe/Berlin", {}, overrides={"2026-01-05": []}),
        BusinessCalendar.weekly(
            "UTC",
            {"mon-sun": "09:00-17:00"},
            holidays=[{"rrule": "DTSTART:20250101T000000\nRRULE:FREQ=DAILY"}],
        ),
    ]
    for cal in closed:
        with deadline(20, f"queries on {cal!r}"):
            with pytest.raises(CalendarError, match="no open time"):
                cal.add(MONDAY, H)
            with pytest.raises(CalendarError, match="no open time"):
                cal.next_open(MONDAY)
            assert cal.elapsed(MONDAY, MONDAY + timedelta(days=30)) == timedelta(0)
            assert cal.next_close(MONDAY) == MONDAY
            assert not cal.is_open(MONDAY)


@pytest.mark.parametrize(
    "t",
    [
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(2, 1, 1, 12, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
        datetime(9998, 12, 31, 12, tzinfo=UTC),
    ],
)
def test_instants_outside_the_range_are_named(t: datetime) -> None:
    for query in (
        lambda: NINE_TO_FIVE.is_open(t),
        lambda: NINE_TO_FIVE.add(t, H),
        lambda: NINE_TO_FIVE.sub(t, H),
        lambda: NINE_TO_FIVE.elapsed(MONDAY, t),
        lambda: NINE_TO_FIVE.next_close(t),
        lambda: NINE_TO_FIVE.previous_open(t),
    ):
        with pytest.raises(OutOfRangeError, match=t.isoformat()[:10]):
            query()


# -- the walk against the calendar, on random calendars -------------------------------------

#: Zones and the dates where their clocks jump, to centre a window on.
JUMPS: dict[str, list[date]] = {
    "Europe/Berlin": [date(2026, 3, 29), date(2026, 10, 25)],
    "America/New_York": [date(2026, 3, 8), date(2026, 11, 1)],
    "Australia/Lord_Howe": [date(2026, 4, 5), date(2026, 10, 4)],
    "Pacific/Apia": [date(2011, 12, 30), date(2011, 9, 24)],
    "Asia/Kathmandu": [date(2026, 6, 1), date(1986, 1, 1)],  # +05:30 became +05:45 in 1986
    "America/Santiago": [date(2026, 4, 5), date(2026, 9, 6)],
}
#: Span ends where clocks jump somewhere (00:00-03:30), office hours and the day's end.
HOT = (0, 30, 60, 90, 120, 150, 180, 210, 540, 720, 1020, 1320, 1410, 1439, 1440)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def day_spans(draw: Any) -> list[str]:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return []
    if kind == 1:  # one span, overnight when it ends before it starts
        s = draw(st.sampled_from(HOT[:-1]))
        e = draw(st.sampled_from([m for m in HOT if m % 1440 != s]))
        return [f"{hhmm(s)}-{hhmm(e)}"]
    a, b, c, d = sorted(draw(st.lists(st.sampled_from(HOT), min_size=4, max_size=4, unique=True)))
    return [f"{hhmm(a)}-{hhmm(b)}", f"{hhmm(c)}-{hhmm(d)}"]


@st.composite
def windows(draw: Any) -> tuple[BusinessCalendar, Walk]:
    """A random calendar around a clock jump, and its walk over 16 days."""
    name = draw(st.sampled_from(sorted(JUMPS)))
    base = draw(st.sampled_from(JUMPS[name]))
    near = st.integers(-4, 4).map(lambda k: (base + timedelta(days=k)).isoformat())
    hours = {day: spans for day in DAYS if (spans := draw(day_spans()))}
    overrides = draw(
        st.dictionaries(
            near,
            st.sampled_from(
                [[], ["22:00-06:00"], ["02:00-03:00"], ["00:00-24:00"], ["12:00-13:00"]]
            ),
            max_size=2,
        )
    )
    holidays = draw(st.lists(near, max_size=2))
    cal = BusinessCalendar.weekly(name, hours, holidays=holidays, overrides=overrides)
    lo = datetime.combine(base - timedelta(days=8), time(), tzinfo=UTC)
    return cal, walk(cal, lo, lo + timedelta(days=16))


def inside(data: st.DataObject, w: Walk) -> datetime:
    """A whole-minute instant of the window's middle, in a zone of its own."""
    minute = data.draw(st.integers(2 * 1440, 14 * 1440))
    zone = data.draw(st.sampled_from([UTC, BERLIN, KATHMANDU, LORD_HOWE, APIA]))
    return w.at(minute).astimezone(zone)


@given(windows(), st.data())
def test_elapsed_add_and_sub_match_the_walk(
    window: tuple[BusinessCalendar, Walk], data: Any
) -> None:
    cal, w = window
    a, b = inside(data, w), inside(data, w)
    assert cal.elapsed(a, b) == w.elapsed(a, b)
    assert cal.is_open(a) == (w.index(a) in w.open)
    minutes = data.draw(st.integers(-3000, 3000))
    expected = w.add(a, minutes)
    if expected is not None:
        assert utc(cal.add(a, minutes * MINUTE)) == expected
    if minutes > 0 and (back := w.add(a, -minutes)) is not None:
        assert utc(cal.sub(a, minutes * MINUTE)) == back
    spans = cal.open_intervals(*sorted([a, b], key=utc))
    assert sum((utc(e) - utc(s) for s, e in spans), timedelta(0)) == abs(w.elapsed(a, b))


@given(windows(), st.data())
def test_the_deadline_law(window: tuple[BusinessCalendar, Walk], data: Any) -> None:
    # For t >= s: t <= add(s, d) exactly when elapsed(s, t) <= d.
    cal, w = window
    s, t = sorted([inside(data, w), inside(data, w)], key=utc)
    d = data.draw(st.integers(0, 3000)) * MINUTE + data.draw(st.sampled_from([0, 1, 59_999])) * (
        timedelta(microseconds=1)
    )
    assume(w.add(s, d // MINUTE + 1) is not None)  # the deadline lies in the window
    due = cal.add(s, d)
    assert (utc(t) <= utc(due)) == (cal.elapsed(s, t) <= d)
    assert cal.elapsed(s, due) == d


# -- holidays: the holidays package against hand lists, recurrences ---------------------------


def test_country_holidays_match_the_published_lists() -> None:
    # Bavaria 2026 (Bayerisches Staatsministerium des Innern): the national days plus
    # Epiphany, Corpus Christi and All Saints; the Assumption is a holiday only in the
    # mainly Catholic municipalities, so not in the state's list.
    bavaria = [
        "2026-01-01", "2026-01-06", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14",
        "2026-05-25", "2026-06-04", "2026-10-03", "2026-11-01", "2026-12-25", "2026-12-26",
    ]  # fmt: skip
    by_package = BusinessCalendar.weekly(
        "Europe/Berlin", {"mon-sun": "09:00-17:00"}, holidays=[{"country": "DE", "subdiv": "BY"}]
    )
    by_hand = BusinessCalendar.weekly("Europe/Berlin", {"mon-sun": "09:00-17:00"}, holidays=bavaria)
    year = local(BERLIN, 2026, 1, 1)
    assert by_package.elapsed(year, year + timedelta(days=365)) == (365 - 12) * 8 * H
    assert by_package.open_intervals(year, year + timedelta(days=365)) == by_hand.open_intervals(
        year, year + timedelta(days=365)
    )


def test_observed_days_follow_the_observed_flag() -> None:
    # 4 July 2026 is a Saturday; the federal holiday is observed on Friday 3 July.
    observed = BusinessCalendar.weekly(
        "America/New_York", {"mon-fri": "09:00-17:00"}, holidays=[{"country": "US"}]
    )
    actual = BusinessCalendar.weekly(
        "America/New_York",
        {"mon-fri": "09:00-17:00"},
        holidays=[{"country": "US", "observed": False}],
    )
    friday = local(NEW_YORK, 2026, 7, 3, 10)
    assert not observed.is_open(friday)
    assert actual.is_open(friday)
    # Scotland: Boxing Day 2026 is a Saturday, observed on Monday 28 December.
    scotland = BusinessCalendar.weekly(
        "Europe/London", {"mon-fri": "09:00-17:00"}, holidays=[{"country": "GB", "subdiv": "SCT"}]
    )
    assert not scotland.is_open(datetime(2026, 12, 28, 10, tzinfo=UTC))
    assert not scotland.is_open(datetime(2026, 1, 2, 10, tzinfo=UTC))  # 2 January, Scotland only
    assert scotland.is_open(datetime(2026, 12, 29, 10, tzinfo=UTC))


RULE_BODIES = st.sampled_from(
    [
        "FREQ=YEARLY",
        "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        "FREQ=DAILY;COUNT=3",
    ]
)


@given(RULE_BODIES, st.booleans())
def test_a_recurrence_without_dtstart_is_refused(body: str, prefixed: bool) -> None:
    # dateutil starts such a rule at the moment it is read: 'FREQ=YEARLY' was a holiday on
    # the date the calendar was first asked about, every year from then on.
    text = f"RRULE:{body}" if prefixed else body
    with pytest.raises(ConfigError, match="DTSTART") as caught:
        RRuleHolidays(text)
    assert repr(text) in str(caught.value)
    with pytest.raises(ConfigError, match=r"holidays\[0\]\.rrule: .*DTSTART"):
        BusinessCalendar.from_dict({"tz": "UTC", "holidays": [{"rrule": text}]})
    # With one, the same rule is taken, and its dates do not depend on the day it is read.
    dated = RRuleHolidays(f"DTSTART:20200101T000000\nRRULE:{body}")
    assert dated.dates_in(2026) == RRuleHolidays(dated.text).dates_in(2026)


def test_dates_alone_need_no_dtstart() -> None:
    assert RRuleHolidays("RDATE:20260105T000000").dates_in(2026) == {date(2026, 1, 5)}


@given(
    st.sampled_from([("BYMONTH", 12, False), ("BYMONTHDAY", 31, True), ("BYYEARDAY", 366, True),
                     ("BYWEEKNO", 53, True)]),
    st.integers(-400, 400),
    st.booleans(),
)  # fmt: skip
def test_a_recurrence_part_that_names_no_date_is_refused(
    part: tuple[str, int, bool], value: int, exclusion: bool
) -> None:
    # dateutil took BYMONTH=13 or BYMONTHDAY=32 and matched no date: no holiday, no word.
    name, top, signed = part
    assume(value != 0)  # dateutil drops a 0 itself
    line = f"{'EXRULE' if exclusion else 'RRULE'}:FREQ=YEARLY;{name}={value}"
    text = f"DTSTART:20260101T000000\nRRULE:FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1\n{line}"
    valid = 1 <= (abs(value) if signed else value) <= top
    if valid:
        RRuleHolidays(text).dates_in(2026)
    else:
        with pytest.raises(ConfigError, match=f"{name}={value} names no date"):
            RRuleHolidays(text)


# -- hostile input -----------------------------------------------------------------------------


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_a_datetime_is_no_holiday_or_override_date(moment: datetime) -> None:
    # A datetime is a date to isinstance but equals no date: given as a holiday it closed
    # nothing, and to_dict wrote it as text from_dict refuses.
    hours = (((540, 1020),),) * 7
    with pytest.raises(InputTypeError, match=r"holidays: expected dates, got the datetime"):
        BusinessCalendar(ZoneInfo("UTC"), hours, holidays=frozenset([moment]))
    with pytest.raises(InputTypeError, match=r"overrides\[0\]: expected a date, got the datetime"):
        BusinessCalendar(ZoneInfo("UTC"), hours, overrides=((moment, ()),))
    day = moment.date()
    cal = BusinessCalendar(ZoneInfo("UTC"), hours, holidays=frozenset([day]))
    midnight = datetime.combine(day, time(), tzinfo=UTC)
    assert cal.elapsed(midnight, midnight + timedelta(days=1)) == timedelta(0)
    assert BusinessCalendar.from_dict(cal.to_dict()) == cal


@pytest.mark.parametrize("key", ["mon-", "fri-", "mon-fri,sat-"])
def test_a_weekday_range_cut_short_is_refused(key: str) -> None:
    # 'mon-' was read as Monday alone.
    with pytest.raises(ConfigError, match=rf"hours\.{key}: unknown weekday '"):
        BusinessCalendar.weekly("UTC", {key: "09:00-17:00"})


@given(st.permutations(list(range(6))))
def test_pandas_columns_are_paired_by_label_or_refused(order: list[int]) -> None:
    pd = pytest.importorskip("pandas")
    starts = pd.Series(
        [MONDAY + timedelta(hours=8 + 5 * i) for i in range(6)], index=list("abcdef")
    )
    ends = (starts + pd.Timedelta(hours=30)).iloc[order]
    durations = pd.Series([pd.Timedelta(hours=i) for i in range(6)], index=list("abcdef"))
    if order == sorted(order):
        got = NINE_TO_FIVE.elapsed_many(starts, ends)
        assert got.tolist() == [
            NINE_TO_FIVE.elapsed(a, b) for a, b in zip(starts, ends, strict=True)
        ]
        return
    # pandas pairs ``ends - starts`` by label; pairing them by position instead gave each
    # row another row's answer. Refused, naming the first row where the labels differ.
    first = next(i for i, j in enumerate(order) if i != j)
    with pytest.raises(InputTypeError, match=rf"starts.index\[{first}\] is '"):
        NINE_TO_FIVE.elapsed_many(starts, ends)
    with pytest.raises(InputTypeError, match=r"durations\.reindex"):
        NINE_TO_FIVE.add_many(starts, durations.iloc[order])
    aligned = NINE_TO_FIVE.elapsed_many(starts, ends.reindex(starts.index))
    assert aligned.tolist() == [NINE_TO_FIVE.elapsed(a, a + 30 * H) for a in starts]


@given(windows(), windows(), st.data())
def test_combined_calendars_and_histories_match_the_walk(
    first: tuple[BusinessCalendar, Walk], second: tuple[BusinessCalendar, Walk], data: Any
) -> None:
    # Open time is a set of instants: &, | and - are the set operations on the walked
    # minutes (in any two zones), and a history takes each version's minutes from its since.
    (a_cal, a_walk), (b_cal, _) = first, second
    b_walk = walk(b_cal, a_walk.lo, a_walk.hi)
    since = inside(data, a_walk)
    cut = a_walk.index(since)
    history_minutes = {m for m in a_walk.open if m < cut} | {m for m in b_walk.open if m >= cut}
    cases = [
        (a_cal & b_cal, a_walk.open & b_walk.open),
        (a_cal | b_cal, a_walk.open | b_walk.open),
        (a_cal - b_cal, a_walk.open - b_walk.open),
        (ScheduleHistory([(None, a_cal), (since, b_cal)]), history_minutes),
    ]
    for cal, minutes in cases:
        w = Walk(a_walk.lo, a_walk.hi, frozenset(minutes))
        x, y = inside(data, w), inside(data, w)
        assert cal.elapsed(x, y) == w.elapsed(x, y)
        assert cal.is_open(x) == (w.index(x) in w.open)
        step = data.draw(st.integers(-2000, 2000))
        expected = w.add(x, step)
        if expected is not None:
            assert utc(cal.add(x, step * MINUTE)) == expected


@given(st.integers(10**8, 999_999_999), st.booleans())
def test_a_sub_past_the_range_names_the_call_as_made(days: int, combined: bool) -> None:
    # sub(t, -d) is add(t, d): its error named add(t, d), a call and a value not given.
    cal = NINE_TO_FIVE | NINE_TO_FIVE if combined else NINE_TO_FIVE
    d = -timedelta(days=days)
    with pytest.raises(OutOfRangeError, match=r"^sub\(2026-01-05T10:00:00\+00:00, ") as caught:
        cal.sub(MONDAY + 10 * H, d)
    assert repr(d) in str(caught.value)


@pytest.mark.parametrize(
    ("table", "path", "shown"),
    [
        ({"country": "DE", "subdiv": "ZZ"}, "holidays[0].subdiv", "ZZ"),
        ({"country": "XX", "subdiv": "BY"}, "holidays[0].country", "XX"),
        ({"country": "DE", "subdiv": ""}, "holidays[0].subdiv", "''"),
        ({"country": "US", "subdiv": "  "}, "holidays[0].subdiv", "'  '"),
    ],
)
def test_a_bad_country_table_names_the_key_that_is_wrong(
    table: dict[str, str], path: str, shown: str
) -> None:
    # An unknown subdivision was blamed on the country; a blank one gave the country's
    # holidays alone, where the file asked for a region's.
    with pytest.raises(ConfigError, match=re.escape(path)) as caught:
        BusinessCalendar.weekly("UTC", {"mon": "09:00-17:00"}, holidays=[table])
    assert shown in str(caught.value)


@pytest.mark.parametrize("name", ["localtime", "posixrules", "LocalTime"])
def test_the_machines_own_zone_is_no_calendar_zone(name: str) -> None:
    # 'localtime' is a link to the machine's zone in many zone databases: the same calendar
    # file counted other hours on another machine.
    with pytest.raises(ConfigError, match=rf"tz: '{name}' is this machine's zone"):
        BusinessCalendar.from_dict({"tz": name, "hours": {"mon": "09:00-17:00"}})


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (
            "right/Europe/Berlin",
            "counts leap seconds, which civil clocks do not: give 'Europe/Berlin'",
        ),
        ("right/UTC", "give 'UTC'"),
        ("Factory", "is a placeholder for an unset zone"),
        ("factory", "is a placeholder for an unset zone"),
    ],
)
def test_zones_that_are_no_places_clock_are_refused(name: str, shown: str) -> None:
    # A 'right/' copy counts leap seconds, so its changes fall 27 s off the civil ones (Berlin's
    # 2024 summer time would begin at 01:00:27 UTC); 'Factory' is a placeholder at UTC.
    with pytest.raises(ConfigError, match=rf"tz: '{re.escape(name)}' ") as caught:
        BusinessCalendar.from_dict({"tz": name, "hours": {"mon": "09:00-17:00"}})
    assert shown in str(caught.value)


@pytest.mark.parametrize("name", ["localtime", "right/Europe/Berlin", "Factory"])
def test_a_zoneinfo_object_of_such_a_name_is_refused_too(name: str) -> None:
    try:
        tz = ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # not in this machine's zone database
        pytest.skip(f"no zone {name!r} here")
    with pytest.raises(ConfigError, match=re.escape(repr(name))):
        BusinessCalendar.weekly(tz, {"mon": "09:00-17:00"})


def test_an_event_log_zone_is_read_as_a_calendar_zone_is() -> None:
    # Naive timestamps put in the machine's zone or a leap-second copy would be off by hours or
    # by 27 s on the day the clocks change; the reader refuses the same names.
    from servicemodel.io.eventlog import parse_timestamp

    for name in ("localtime", "right/Europe/Berlin", "Factory"):
        with pytest.raises(ConfigError, match=re.escape(repr(name))):
            parse_timestamp("2024-03-31 03:00:10", tz=name)
    got = parse_timestamp("2024-03-31 03:00:10", tz="Europe/Berlin")
    assert got.astimezone(UTC) == datetime(2024, 3, 31, 1, 0, 10, tzinfo=UTC)


def test_a_year_outside_the_holiday_tables_is_unknown_not_a_working_year() -> None:
    # The holidays package keeps Germany's table from 1991 and answers "no holidays" before
    # it: Christmas 1985 counted as a working day.
    de = CountryHolidays("DE")
    assert date(1991, 12, 25) in de.dates_in(1991)
    assert date(2100, 12, 25) in de.dates_in(2100)
    for year in (1985, 1990, 2101):
        with pytest.raises(UnknownHolidaysError, match=rf"1991\.\.2100, not for {year}$"):
            de.dates_in(year)
    cal = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"}, holidays=[de])
    with pytest.raises(UnknownHolidaysError, match="not for 1985"):
        cal.add(datetime(1985, 12, 24, 12, tzinfo=UTC), timedelta(hours=8))
    with pytest.raises(UnknownHolidaysError, match="not for 2101"):
        cal.add(datetime(2100, 12, 31, 12, tzinfo=UTC), timedelta(hours=8))
    # Christmas and Boxing Day 1991 closed: the last four hours fall on Friday the 27th.
    got = cal.add(datetime(1991, 12, 24, 12, tzinfo=UTC), timedelta(hours=8))
    assert got == datetime(1991, 12, 27, 12, tzinfo=UTC)


def test_the_first_covered_year_needs_the_year_before_only_when_its_hours_reach_in() -> None:
    de = CountryHolidays("DE")
    # Day hours: 31 Dec 1990 ends before 1991 begins, so its holidays cannot matter.
    day = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"}, holidays=[de])
    start = datetime(1991, 1, 1, 12, tzinfo=UTC)  # New Year's Day: closed
    assert day.add(start, timedelta(hours=8)) == datetime(1991, 1, 3, 8, tzinfo=UTC)
    # Night hours from 31 Dec 1990 run into 1 Jan 1991: whether that night was a holiday is
    # unknown, so the answer is too.
    night = BusinessCalendar.weekly("Europe/Berlin", {"mon-sun": "22:00-06:00"}, holidays=[de])
    with pytest.raises(UnknownHolidaysError, match="not for 1990"):
        night.add(datetime(1991, 1, 1, 0, tzinfo=UTC), timedelta(hours=1))


def test_a_holidays_calendar_with_dates_added_in_an_uncovered_year_keeps_them() -> None:
    holidays = pytest.importorskip("holidays")
    table = holidays.country_holidays("DE", years=[1985, 2026])
    table.update({"1985-06-03": "team day"})
    cal = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"}, holidays=[table])
    assert cal.to_dict()["holidays"] == ["1985-06-03", {"country": "DE"}]


def test_a_simulation_or_review_window_in_an_uncovered_year_is_refused_not_open_for_good() -> None:
    # Both treat a calendar's CalendarError as "no open time ahead"; unknown holidays are not.
    from servicemodel.kpi import FirstContactResolution
    from servicemodel.model import AgentReply, StatusChange, Ticket, TicketHistory
    from servicemodel.simulate import SupportDesk, simulate

    de = CountryHolidays("DE")
    cal = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"}, holidays=[de])
    t0 = datetime(1985, 3, 4, 9, tzinfo=UTC)
    h = TicketHistory(
        Ticket("T-1", t0),
        [AgentReply("r", t0 + MINUTE), StatusChange("s", t0 + MINUTE, status="solved")],
    )
    fcr = FirstContactResolution.empty(window=timedelta(hours=24), calendar=cal)
    with pytest.raises(UnknownHolidaysError, match="not for 1985"):
        fcr.add(h).result()
    desk = SupportDesk(agents=2, arrivals=10, handle_time=300, calendar=cal)
    with pytest.raises(UnknownHolidaysError, match="not for 1985"):
        simulate(desk, t0, t0 + timedelta(hours=4), seed=1)
    # In a covered year both answer as before.
    t1 = datetime(2025, 3, 3, 9, tzinfo=UTC)
    h1 = TicketHistory(
        Ticket("T-2", t1),
        [AgentReply("r", t1 + MINUTE), StatusChange("s", t1 + MINUTE, status="solved")],
    )
    assert fcr.add(h1).result().value == 1.0
    assert simulate(desk, t1, t1 + timedelta(hours=4), seed=1).summary().offered > 0
