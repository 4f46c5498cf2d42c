"""The documented behaviours of Zendesk's ``biz`` gem, as cases against our calendar.

Each case restates one behaviour that the gem's README, changelog or specs document, with the
expected value written out here from that source (not from our output); the comment on each
group names the gem's file it comes from (https://github.com/zendesk/biz). Where our calendar
follows a different convention on purpose, the case asserts our value and names the gem's value
next to it (marked ``biz:``); docs/calendars.md, "Compared with the biz gem", lists them.

The gem's vocabulary, translated:

- ``time(n, unit).after(t)`` is ``add(t, n)``; ``.before(t)`` is ``sub(t, n)``;
- ``within(a, b).in_seconds`` is ``elapsed(a, b)``; ``in_hours?(t)`` is ``is_open(t)``;
- shifts are date ``overrides``; breaks are a calendar open during the breaks, taken away with
  ``-``, so ``on_break?(t)`` is that calendar's ``is_open(t)``;
- ``periods.after(t)`` / ``.before(t)`` are the spans of ``open_intervals`` from / up to ``t``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from servicemodel.calendar import BusinessCalendar, CombinedCalendar

LA = ZoneInfo("America/Los_Angeles")
NY = ZoneInfo("America/New_York")
Span = tuple[datetime, datetime]
Calendar = BusinessCalendar | CombinedCalendar

# The gem's spec schedule (spec/support/time.rb): 2006-01-01 is a Sunday.
HOURS = {
    "mon": "09:00-17:00",
    "tue": "10:00-16:00",
    "wed": "09:00-17:00",
    "thu": "10:00-16:00",
    "fri": "09:00-17:00",
    "sat": "11:00-14:30",
}


def u(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def h(hours: float) -> timedelta:
    return timedelta(hours=hours)


def schedule(
    hours: Mapping[str, str | Sequence[str]] | None = None,
    *,
    tz: str = "UTC",
    shifts: Mapping[date | str, str | Sequence[str]] | None = None,
    breaks: Mapping[date | str, str | Sequence[str]] | None = None,
    holidays: Sequence[date | str] = (),
) -> Calendar:
    """The gem's ``schedule`` helper: weekly hours, shifts, breaks and holidays in ``tz``."""
    cal = BusinessCalendar.weekly(
        tz, HOURS if hours is None else hours, holidays=list(holidays), overrides=shifts
    )
    if not breaks:
        return cal
    return cal - on_break(breaks, tz=tz)


def on_break(
    breaks: Mapping[date | str, str | Sequence[str]], *, tz: str = "UTC"
) -> BusinessCalendar:
    """A calendar open exactly during the breaks: ``on_break?`` is its ``is_open``."""
    return BusinessCalendar.weekly(tz, {}, overrides=breaks)


def after(cal: Calendar, origin: datetime, n: int, *, days: int = 40) -> list[Span]:
    """The first ``n`` periods from ``origin`` on (``periods.after(origin).take(n)``)."""
    return cal.open_intervals(origin, origin + timedelta(days=days))[:n]


def before(cal: Calendar, origin: datetime, n: int, *, days: int = 40) -> list[Span]:
    """The last ``n`` periods up to ``origin``, latest first (``periods.before(origin)``)."""
    spans = cal.open_intervals(origin - timedelta(days=days), origin)
    return list(reversed(spans))[:n]


# -- spec/calculation/for_duration_spec.rb: time(n, unit).after / .before ----------------------


@pytest.mark.parametrize(
    ("start", "amount", "expected"),
    [
        (u(2006, 1, 4, 15, 58, 30), timedelta(seconds=90), u(2006, 1, 4, 16)),
        (u(2006, 1, 4, 14, 30), timedelta(minutes=90), u(2006, 1, 4, 16)),
        (u(2006, 1, 4, 13), h(3), u(2006, 1, 4, 16)),
        # zero from a closed instant: the first open moment ahead
        (u(2006, 1, 3), timedelta(0), u(2006, 1, 3, 10)),
        # spec/timeline/forward_spec.rb: zero from an open instant is the instant
        (u(2006, 1, 2, 13), timedelta(0), u(2006, 1, 2, 13)),
    ],
)
def test_after(start: datetime, amount: timedelta, expected: datetime) -> None:
    assert schedule().add(start, amount) == expected


@pytest.mark.parametrize(
    ("start", "amount", "expected"),
    [
        (u(2006, 1, 4, 16, 1, 30), timedelta(seconds=90), u(2006, 1, 4, 16)),
        (u(2006, 1, 4, 16, 30), timedelta(minutes=90), u(2006, 1, 4, 15)),
        (u(2006, 1, 4, 17), h(3), u(2006, 1, 4, 14)),  # from the closing instant itself
    ],
)
def test_before(start: datetime, amount: timedelta, expected: datetime) -> None:
    assert schedule().sub(start, amount) == expected


def test_before_zero_from_a_closed_instant() -> None:
    # biz: zero before Tue 00:00 is Mon 17:00, the last close ("the previous business time").
    # Ours: sub(t, 0) == t, so that sub is add's exact inverse; the gem's answer is
    # previous_close for a closed instant.
    cal = schedule()
    tuesday = u(2006, 1, 3)
    assert cal.sub(tuesday, timedelta(0)) == tuesday
    assert BusinessCalendar.weekly("UTC", HOURS).previous_close(tuesday) == u(2006, 1, 2, 17)


def test_before_zero_from_an_open_instant_is_the_instant() -> None:
    # biz: the day-unit zero case, Mon 14:00 stays Mon 14:00 (same answer for any unit).
    assert schedule().sub(u(2006, 1, 2, 14), timedelta(0)) == u(2006, 1, 2, 14)


def test_negative_amounts() -> None:
    # biz: a negative scalar is refused (ArgumentError). Ours: add(t, -d) counts backwards,
    # the same as sub(t, d).
    cal = schedule()
    assert cal.add(u(2006, 1, 4, 17), -h(3)) == u(2006, 1, 4, 14)


# -- biz_spec.rb: the top-level schedule (Sundays 11:00-12:00, Africa/Abidjan) -----------------

ABIDJAN = {"sun": "11:00-12:00"}


def test_sum_landing_on_a_close_gives_the_next_opening() -> None:
    # biz: two hours after Sun 1 Jan 00:00 is Sun 15 Jan 11:00 (one hour on 1 Jan, one on 8 Jan
    # ending at its 12:00 close, which moves on to the next opening).
    cal = schedule(ABIDJAN, tz="Africa/Abidjan", breaks={"2015-06-01": "10:00-12:00"})
    assert cal.add(u(2006, 1, 1), h(2)) == u(2006, 1, 15, 11)


def test_top_level_schedule() -> None:
    cal = schedule(
        ABIDJAN, tz="Africa/Abidjan", breaks={"2015-06-01": "10:00-12:00"}, holidays=["2015-12-25"]
    )
    # biz: periods.after(2006-01-01).first is Sun 1 Jan 11:00-12:00
    assert after(cal, u(2006, 1, 1), 1) == [(u(2006, 1, 1, 11), u(2006, 1, 1, 12))]
    # biz: one hour within a week that starts and ends mid-period
    assert cal.elapsed(u(2006, 1, 1, 11, 30), u(2006, 1, 8, 11, 30)) == h(1)
    # biz: the opening instant is in hours
    assert cal.is_open(u(2006, 1, 1, 11)) is True
    assert on_break({"2015-06-01": "10:00-12:00"}, tz="Africa/Abidjan").is_open(u(2015, 6, 1, 11))


# -- spec/calculation/duration_within_spec.rb --------------------------------------------------


def test_within_a_week() -> None:
    # biz: 39.5 hours from Sun 1 Jan to Sun 8 Jan (8 + 6 + 8 + 6 + 8 + 3.5)
    assert schedule().elapsed(u(2006, 1, 1), u(2006, 1, 8)) == h(39.5)


def test_within_an_empty_span() -> None:
    assert schedule().elapsed(u(2006, 1, 1), u(2006, 1, 1)) == timedelta(0)  # biz: zero


def test_within_reversed_ends() -> None:
    # biz: zero when the end is before the start. Ours: elapsed is antisymmetric, so it is
    # the negative of the forward answer (and within(a, b) == within(a, c) + within(c, b)
    # holds for any order).
    assert schedule().elapsed(u(2006, 1, 8), u(2006, 1, 1)) == -h(39.5)


# -- spec/schedule_spec.rb ---------------------------------------------------------------------

SCHEDULE_BREAKS = {"2006-01-02": "10:00-11:30", "2006-01-03": ["14:15-14:30", "15:40-15:50"]}
SCHEDULE_HOLIDAYS = ["2006-01-01", "2006-12-25"]


def test_schedule_queries() -> None:
    cal = schedule(breaks=SCHEDULE_BREAKS, holidays=SCHEDULE_HOLIDAYS)
    # biz: thirty minutes after Mon 09:00 is 09:30
    assert cal.add(u(2006, 1, 2, 9), timedelta(minutes=30)) == u(2006, 1, 2, 9, 30)
    # biz: seven hours from Thu noon to Fri noon
    assert cal.elapsed(u(2006, 1, 5, 12), u(2006, 1, 6, 12)) == h(7)
    # biz: in_hours? is false before the opening and true at noon
    assert cal.is_open(u(2006, 1, 2, 8)) is False
    assert cal.is_open(u(2006, 1, 2, 12)) is True
    # biz: on_break? during the Monday break, and not after it
    breaks = on_break(SCHEDULE_BREAKS)
    assert breaks.is_open(u(2006, 1, 2, 11)) is True
    assert breaks.is_open(u(2006, 1, 2, 13)) is False


def test_in_hours_at_the_ends_of_a_period() -> None:
    # spec/interval_spec.rb and time_segment_spec.rb: a period holds its start, not its end
    cal = schedule()
    assert cal.is_open(u(2006, 1, 2, 9)) is True
    assert cal.is_open(u(2006, 1, 2, 17)) is False
    # and zero after a closing instant is the next opening (Mon 17:00 to Tue 10:00)
    assert cal.add(u(2006, 1, 2, 17), timedelta(0)) == u(2006, 1, 3, 10)


def test_schedule_first_period() -> None:
    # biz: with Mondays 01:00-02:00, the first period after Sun 1 Jan is Mon 2 Jan 01:00-02:00
    cal = schedule({"mon": "01:00-02:00"}, breaks=SCHEDULE_BREAKS, holidays=SCHEDULE_HOLIDAYS)
    assert after(cal, u(2006, 1, 1), 1) == [(u(2006, 1, 2, 1), u(2006, 1, 2, 2))]


def test_schedule_dates() -> None:
    # biz: dates.after(1 Jan) with Monday and Friday hours are Mon 2 Jan and Fri 6 Jan. We have
    # no date helper; the business days are the local dates of the next openings.
    cal = BusinessCalendar.weekly("UTC", {"mon": "09:00-17:00", "fri": "09:00-17:00"})
    first = cal.next_open(u(2006, 1, 2))
    second = cal.next_open(cal.next_close(first))
    assert (first.date(), second.date()) == (date(2006, 1, 2), date(2006, 1, 6))


def test_intersection_in_one_zone() -> None:
    # configuration_spec.rb, #&: two UTC schedules intersect to Mon 09:00-10:00, Tue 11:00-15:00,
    # Wed 16:00-17:00, Thu 11:00-12:00 and 13:00-14:00, breaks and holidays combined.
    other = schedule(
        {
            "sun": "10:00-12:00",
            "mon": "08:00-10:00",
            "tue": "11:00-15:00",
            "wed": "16:00-18:00",
            "thu": ["11:00-12:00", "13:00-14:00"],
        },
        breaks={"2006-01-03": "11:15-11:45"},
        holidays=["2006-01-01", "2006-07-04", "2006-11-24"],
    )
    both = schedule(breaks=SCHEDULE_BREAKS, holidays=SCHEDULE_HOLIDAYS) & other
    # schedule_spec.rb gives these first three periods from 1 Jan (there the other schedule is
    # in Los Angeles, which biz's wall-clock intersection ignores; see the next test)
    assert after(both, u(2006, 1, 1), 3) == [
        (u(2006, 1, 2, 9), u(2006, 1, 2, 10)),
        (u(2006, 1, 3, 11), u(2006, 1, 3, 11, 15)),
        (u(2006, 1, 3, 11, 45), u(2006, 1, 3, 14, 15)),
    ]
    week = after(both, u(2006, 1, 8), 5)
    assert week == [
        (u(2006, 1, 9, 9), u(2006, 1, 9, 10)),
        (u(2006, 1, 10, 11), u(2006, 1, 10, 15)),
        (u(2006, 1, 11, 16), u(2006, 1, 11, 17)),
        (u(2006, 1, 12, 11), u(2006, 1, 12, 12)),
        (u(2006, 1, 12, 13), u(2006, 1, 12, 14)),
    ]


def test_intersection_across_zones() -> None:
    # schedule_spec.rb, #&: the other schedule is in Los Angeles. biz intersects the two weeks'
    # wall-clock hours and keeps the first zone, so Mon 2 Jan 09:00-10:00 UTC. Ours intersects
    # instants: Los Angeles Mon 08:00-10:00 is 16:00-18:00 UTC, which meets 09:00-17:00 UTC in
    # 16:00-17:00 UTC.
    other = BusinessCalendar.weekly(
        "America/Los_Angeles",
        {
            "sun": "10:00-12:00",
            "mon": "08:00-10:00",
            "tue": "11:00-15:00",
            "wed": "16:00-18:00",
            "thu": ["11:00-12:00", "13:00-14:00"],
        },
        holidays=["2006-01-01", "2006-07-04", "2006-11-24"],
    )
    both = BusinessCalendar.weekly("UTC", HOURS, holidays=SCHEDULE_HOLIDAYS) & other
    assert after(both, u(2006, 1, 1), 1) == [(u(2006, 1, 2, 16), u(2006, 1, 2, 17))]


def test_shifts_are_kept_by_intersection() -> None:
    # configuration_spec.rb, #&: biz drops both schedules' shifts from an intersection. Ours is
    # the set of instants open in both, so a shift (an override) still counts: Sun 15 Jan
    # 19:00-19:30 meets a calendar open all that day.
    shifted = BusinessCalendar.weekly("UTC", HOURS, overrides={"2006-01-15": ["19:00-19:30"]})
    both = shifted & BusinessCalendar.always()
    assert both.elapsed(u(2006, 1, 15), u(2006, 1, 16)) == timedelta(minutes=30)


# -- spec/calculation/active_spec.rb: in_hours? with shifts, breaks and holidays ---------------

ACTIVE_SHIFTS = {
    "2006-01-07": "09:00-11:00",
    "2006-01-10": "09:00-11:00",
    "2006-01-11": "09:00-11:00",
}
ACTIVE_BREAKS = {"2006-01-03": "05:30-11:00", "2006-01-10": "05:30-11:00"}


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (u(2006, 1, 1, 6), False),  # outside hours, no break, no holiday
        (u(2006, 1, 3, 6), False),  # outside hours, in a break
        (u(2006, 1, 4, 6), False),  # outside hours, on a holiday
        (u(2006, 1, 2, 12), True),  # in hours
        (u(2006, 1, 3, 10), False),  # in hours, in a break
        (u(2006, 1, 4, 12), False),  # in hours, on a holiday
        (u(2006, 1, 7, 12), False),  # weekly hours on a date with a shift: the shift replaces them
        (u(2006, 1, 7, 10), True),  # in a shift
        (u(2006, 1, 10, 10), False),  # in a shift, in a break
        (u(2006, 1, 11, 12), False),  # on a holiday that has a shift, outside the shift
    ],
)
def test_in_hours(t: datetime, expected: bool) -> None:
    cal = schedule(
        shifts=ACTIVE_SHIFTS, breaks=ACTIVE_BREAKS, holidays=["2006-01-04", "2006-01-11"]
    )
    assert cal.is_open(t) is expected


def test_a_shift_on_a_holiday() -> None:
    # README: "Periods occurring on holidays are disregarded", shifts included, so biz is
    # closed at 10:00 on 11 Jan, a holiday with a 09:00-11:00 shift. Ours: an override is the
    # explicit word for its date and wins over a holiday, so the shift runs.
    cal = schedule(
        shifts=ACTIVE_SHIFTS, breaks=ACTIVE_BREAKS, holidays=["2006-01-04", "2006-01-11"]
    )
    assert cal.is_open(u(2006, 1, 11, 10)) is True  # biz: False


# -- spec/calculation/on_break_spec.rb and on_holiday_spec.rb, spec/holiday_spec.rb ------------


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (u(2006, 1, 4, 11), True),  # the start of a break is in it
        (u(2006, 1, 4, 12), True),
        (u(2006, 1, 4, 13), False),  # its end is not
        (u(2006, 1, 5, 12), False),
    ],
)
def test_on_break(t: datetime, expected: bool) -> None:
    breaks = {"2006-01-04": "11:00-13:00"}
    assert on_break(breaks).is_open(t) is expected
    if t.day == 4:  # a Wednesday, open 09:00-17:00 except during the break
        assert schedule(breaks=breaks).is_open(t) is (not expected)


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (u(2006, 1, 4), True),  # local midnight starts the holiday
        (u(2006, 1, 4, 12), True),
        (u(2006, 1, 5), False),  # the next midnight ends it
        (u(2006, 1, 5, 12), False),
    ],
)
def test_on_holiday(t: datetime, expected: bool) -> None:
    # A holiday covers its local date, [00:00, 24:00): a calendar open exactly that day.
    day = BusinessCalendar.weekly("UTC", {}, overrides={"2006-01-04": "00:00-24:00"})
    assert day.is_open(t) is expected
    # and on the holiday no weekly span starts
    closed = BusinessCalendar.weekly("UTC", HOURS, holidays=["2006-01-04"])
    assert closed.is_open(u(2006, 1, 4, 12)) is False


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (datetime(2010, 7, 15, 2, tzinfo=NY), False),  # 23:00 the day before in Los Angeles
        (datetime(2010, 7, 15, 3, tzinfo=NY), True),  # midnight in Los Angeles
        (datetime(2010, 7, 15, 15, tzinfo=NY), True),
        (datetime(2010, 7, 16, 3, tzinfo=NY), False),  # the next midnight in Los Angeles
        (datetime(2010, 7, 16, 4, tzinfo=NY), False),
    ],
)
def test_a_holiday_is_a_local_date_of_the_calendar_zone(t: datetime, expected: bool) -> None:
    day = BusinessCalendar.weekly(LA, {}, overrides={"2010-07-15": "00:00-24:00"})
    assert day.is_open(t) is expected
    # a Thursday, 15 Jul 2010: open all day unless it is a holiday
    allday = BusinessCalendar.weekly(LA, {"mon-sun": "00:00-24:00"}, holidays=["2010-07-15"])
    assert allday.is_open(t) is (not expected)


# -- spec/periods/after_spec.rb ----------------------------------------------------------------

AFTER_SHIFTS = {
    "2005-12-31": "10:00-14:00",
    "2006-01-04": "08:00-12:00",
    "2006-01-06": "09:00-10:00",
}
AFTER_HOLIDAYS = ["2006-01-16", "2006-01-18"]


def after_schedule(
    hours: Mapping[str, str | Sequence[str]] | None = None,
    breaks: Mapping[date | str, str | Sequence[str]] | None = None,
) -> Calendar:
    return schedule(hours, shifts=AFTER_SHIFTS, breaks=breaks, holidays=AFTER_HOLIDAYS)


WEEK_AFTER = [
    (u(2006, 1, 2, 9), u(2006, 1, 2, 17)),
    (u(2006, 1, 3, 10), u(2006, 1, 3, 16)),
    (u(2006, 1, 4, 8), u(2006, 1, 4, 12)),  # shift
    (u(2006, 1, 5, 10), u(2006, 1, 5, 16)),
    (u(2006, 1, 6, 9), u(2006, 1, 6, 10)),  # shift
    (u(2006, 1, 7, 11), u(2006, 1, 7, 14, 30)),
]


def test_periods_after() -> None:
    cal = after_schedule()
    assert after(cal, u(2006, 1, 1), 6) == WEEK_AFTER
    assert after(cal, u(2006, 1, 1), 12) == [
        *WEEK_AFTER,
        (u(2006, 1, 9, 9), u(2006, 1, 9, 17)),
        (u(2006, 1, 10, 10), u(2006, 1, 10, 16)),
        (u(2006, 1, 11, 9), u(2006, 1, 11, 17)),
        (u(2006, 1, 12, 10), u(2006, 1, 12, 16)),
        (u(2006, 1, 13, 9), u(2006, 1, 13, 17)),
        (u(2006, 1, 14, 11), u(2006, 1, 14, 14, 30)),
    ]
    # an origin inside a period cuts the first one
    assert after(cal, u(2006, 1, 2, 12), 1) == [(u(2006, 1, 2, 12), u(2006, 1, 2, 17))]
    # the holidays 16 and 18 Jan are skipped
    assert after(cal, u(2006, 1, 14), 3) == [
        (u(2006, 1, 14, 11), u(2006, 1, 14, 14, 30)),
        (u(2006, 1, 17, 10), u(2006, 1, 17, 16)),
        (u(2006, 1, 19, 10), u(2006, 1, 19, 16)),
    ]
    # the timeline up to Wed 4 Jan 00:00
    assert cal.open_intervals(u(2006, 1, 1), u(2006, 1, 4)) == WEEK_AFTER[:2]


@pytest.mark.parametrize(
    ("hours", "breaks", "expected"),
    [
        (None, {"2006-01-02": "08:00-10:00"}, [(u(2006, 1, 2, 10), u(2006, 1, 2, 17))]),
        (None, {"2006-01-02": "16:00-18:00"}, [(u(2006, 1, 2, 9), u(2006, 1, 2, 16))]),
        (None, {"2006-01-02": "08:00-18:00"}, [(u(2006, 1, 3, 10), u(2006, 1, 3, 16))]),
        (
            None,
            {"2006-01-02": "13:30-15:30"},
            [(u(2006, 1, 2, 9), u(2006, 1, 2, 13, 30)), (u(2006, 1, 2, 15, 30), u(2006, 1, 2, 17))],
        ),
        (
            None,
            {"2006-01-02": ["10:00-11:30", "13:00-14:00"]},
            [
                (u(2006, 1, 2, 9), u(2006, 1, 2, 10)),
                (u(2006, 1, 2, 11, 30), u(2006, 1, 2, 13)),
                (u(2006, 1, 2, 14), u(2006, 1, 2, 17)),
            ],
        ),
        (
            {"mon": ["17:00-19:00", "20:00-22:00"]},
            {"2006-01-02": "18:00-21:00"},
            [(u(2006, 1, 2, 17), u(2006, 1, 2, 18)), (u(2006, 1, 2, 21), u(2006, 1, 2, 22))],
        ),
        (
            None,
            {
                "2006-01-02": ["08:00-10:15", "11:30-12:30"],
                "2006-01-03": ["12:00-13:00", "14:25-14:40"],
            },
            [
                (u(2006, 1, 2, 10, 15), u(2006, 1, 2, 11, 30)),
                (u(2006, 1, 2, 12, 30), u(2006, 1, 2, 17)),
                (u(2006, 1, 3, 10), u(2006, 1, 3, 12)),
                (u(2006, 1, 3, 13), u(2006, 1, 3, 14, 25)),
                (u(2006, 1, 3, 14, 40), u(2006, 1, 3, 16)),
            ],
        ),
    ],
)
def test_periods_after_with_breaks(
    hours: Mapping[str, str | Sequence[str]] | None,
    breaks: Mapping[date | str, str | Sequence[str]],
    expected: list[Span],
) -> None:
    assert after(after_schedule(hours, breaks), u(2006, 1, 1), len(expected)) == expected


def test_periods_after_in_los_angeles() -> None:
    # Saturday 06:00-18:00 in Los Angeles, from Sat 7 Jan 17:00 local (Sunday 01:00 UTC,
    # already the next week in UTC): the rest of the Saturday period comes first.
    cal = BusinessCalendar.weekly(LA, {"sat": "06:00-18:00"}, overrides=AFTER_SHIFTS)
    origin = datetime(2006, 1, 7, 17, tzinfo=LA)
    assert after(cal, origin, 1) == [(origin, datetime(2006, 1, 7, 18, tzinfo=LA))]


def test_a_span_emptied_by_the_spring_gap_is_dropped() -> None:
    # Sunday 02:30-03:15 on 2 Apr 2006 in Los Angeles: 02:30 does not exist and moves to 03:30,
    # after 03:15, so the period is empty and the first one is Monday 09:00-17:00.
    cal = BusinessCalendar.weekly(LA, {"sun": "02:30-03:15", "mon": "09:00-17:00"})
    assert after(cal, datetime(2006, 4, 2, tzinfo=LA), 1) == [
        (datetime(2006, 4, 3, 9, tzinfo=LA), datetime(2006, 4, 3, 17, tzinfo=LA))
    ]
    assert cal.is_open(datetime(2006, 4, 2, 3, 10, tzinfo=LA)) is False


# -- spec/periods/before_spec.rb ---------------------------------------------------------------

BEFORE_SHIFTS = {
    "2006-01-04": "09:00-10:00",
    "2006-01-05": "08:00-12:00",
    "2006-01-31": "06:00-20:00",
}


def before_schedule(
    hours: Mapping[str, str | Sequence[str]] | None = None,
    breaks: Mapping[date | str, str | Sequence[str]] | None = None,
) -> Calendar:
    return schedule(hours, shifts=BEFORE_SHIFTS, breaks=breaks, holidays=AFTER_HOLIDAYS)


WEEK_BEFORE = [
    (u(2006, 1, 7, 11), u(2006, 1, 7, 14, 30)),
    (u(2006, 1, 6, 9), u(2006, 1, 6, 17)),
    (u(2006, 1, 5, 8), u(2006, 1, 5, 12)),  # shift
    (u(2006, 1, 4, 9), u(2006, 1, 4, 10)),  # shift
    (u(2006, 1, 3, 10), u(2006, 1, 3, 16)),
    (u(2006, 1, 2, 9), u(2006, 1, 2, 17)),
]


def test_periods_before() -> None:
    cal = before_schedule()
    assert before(cal, u(2006, 1, 8), 6) == WEEK_BEFORE
    assert before(cal, u(2006, 1, 15), 12) == [
        (u(2006, 1, 14, 11), u(2006, 1, 14, 14, 30)),
        (u(2006, 1, 13, 9), u(2006, 1, 13, 17)),
        (u(2006, 1, 12, 10), u(2006, 1, 12, 16)),
        (u(2006, 1, 11, 9), u(2006, 1, 11, 17)),
        (u(2006, 1, 10, 10), u(2006, 1, 10, 16)),
        (u(2006, 1, 9, 9), u(2006, 1, 9, 17)),
        *WEEK_BEFORE,
    ]
    assert before(cal, u(2006, 1, 3), 1) == [(u(2006, 1, 2, 9), u(2006, 1, 2, 17))]
    # an origin inside a period cuts the first one
    assert before(cal, u(2006, 1, 2, 12), 1) == [(u(2006, 1, 2, 9), u(2006, 1, 2, 12))]
    assert before(cal, u(2006, 1, 18), 2) == [
        (u(2006, 1, 17, 10), u(2006, 1, 17, 16)),
        (u(2006, 1, 14, 11), u(2006, 1, 14, 14, 30)),
    ]
    assert before(cal, u(2006, 1, 20), 3) == [
        (u(2006, 1, 19, 10), u(2006, 1, 19, 16)),
        (u(2006, 1, 17, 10), u(2006, 1, 17, 16)),
        (u(2006, 1, 14, 11), u(2006, 1, 14, 14, 30)),
    ]
    # the timeline from Wed 4 Jan 00:00 back to Sun 1 Jan
    spans = cal.open_intervals(u(2006, 1, 1), u(2006, 1, 4))
    assert list(reversed(spans)) == WEEK_BEFORE[4:]


@pytest.mark.parametrize(
    ("hours", "breaks", "expected"),
    [
        (None, {"2006-01-07": "14:00-15:00"}, [(u(2006, 1, 7, 11), u(2006, 1, 7, 14))]),
        (None, {"2006-01-07": "10:00-12:00"}, [(u(2006, 1, 7, 12), u(2006, 1, 7, 14, 30))]),
        (None, {"2006-01-07": "10:00-16:00"}, [(u(2006, 1, 6, 9), u(2006, 1, 6, 17))]),
        (
            None,
            {"2006-01-07": "12:00-13:00"},
            [(u(2006, 1, 7, 13), u(2006, 1, 7, 14, 30)), (u(2006, 1, 7, 11), u(2006, 1, 7, 12))],
        ),
        (
            None,
            {"2006-01-07": ["11:30-12:00", "12:30-13:00"]},
            [
                (u(2006, 1, 7, 13), u(2006, 1, 7, 14, 30)),
                (u(2006, 1, 7, 12), u(2006, 1, 7, 12, 30)),
                (u(2006, 1, 7, 11), u(2006, 1, 7, 11, 30)),
            ],
        ),
        (
            {"sat": ["17:00-19:00", "20:00-22:00"]},
            {"2006-01-07": "18:00-21:00"},
            [(u(2006, 1, 7, 21), u(2006, 1, 7, 22)), (u(2006, 1, 7, 17), u(2006, 1, 7, 18))],
        ),
        (
            None,
            {
                "2006-01-06": ["09:30-10:15", "11:30-12:30"],
                "2006-01-07": ["12:00-13:00", "14:25-14:40"],
            },
            [
                (u(2006, 1, 7, 13), u(2006, 1, 7, 14, 25)),
                (u(2006, 1, 7, 11), u(2006, 1, 7, 12)),
                (u(2006, 1, 6, 12, 30), u(2006, 1, 6, 17)),
                (u(2006, 1, 6, 10, 15), u(2006, 1, 6, 11, 30)),
                (u(2006, 1, 6, 9), u(2006, 1, 6, 9, 30)),
            ],
        ),
    ],
)
def test_periods_before_with_breaks(
    hours: Mapping[str, str | Sequence[str]] | None,
    breaks: Mapping[date | str, str | Sequence[str]],
    expected: list[Span],
) -> None:
    assert before(before_schedule(hours, breaks), u(2006, 1, 8), len(expected)) == expected


def test_periods_before_in_brunei() -> None:
    # Sunday 06:00-18:00 in Brunei (UTC+8), back from Sun 8 Jan 07:00 local (Sat 23:00 UTC,
    # still the previous week in UTC): the start of the Sunday period comes first.
    brunei = ZoneInfo("Asia/Brunei")
    cal = BusinessCalendar.weekly(brunei, {"sun": "06:00-18:00"})
    origin = datetime(2006, 1, 8, 7, tzinfo=brunei)
    assert before(cal, origin, 1) == [(datetime(2006, 1, 8, 6, tzinfo=brunei), origin)]


# -- spec/periods/proxy_spec.rb: periods after, before and on a date ---------------------------


def test_periods_proxy() -> None:
    cal = schedule({**HOURS, "thu": ["10:00-12:00", "13:00-17:00"]})
    assert after(cal, u(2006, 1, 3), 2) == [
        (u(2006, 1, 3, 10), u(2006, 1, 3, 16)),
        (u(2006, 1, 4, 9), u(2006, 1, 4, 17)),
    ]
    assert before(cal, u(2006, 1, 5), 2) == [
        (u(2006, 1, 4, 9), u(2006, 1, 4, 17)),
        (u(2006, 1, 3, 10), u(2006, 1, 3, 16)),
    ]
    # periods.on(Thu 5 Jan): the spans of that local date
    assert cal.open_intervals(u(2006, 1, 5), u(2006, 1, 6)) == [
        (u(2006, 1, 5, 10), u(2006, 1, 5, 12)),
        (u(2006, 1, 5, 13), u(2006, 1, 5, 17)),
    ]


# -- spec/dates_spec.rb ------------------------------------------------------------------------


def test_business_dates_skip_holidays() -> None:
    # biz: Mondays 01:00-02:00 with a holiday on Mon 9 Jan: the business dates after 1 Jan are
    # 2 Jan and 16 Jan (through next openings, as in test_schedule_dates).
    cal = BusinessCalendar.weekly("UTC", {"mon": "01:00-02:00"}, holidays=["2006-01-09"])
    first = cal.next_open(u(2006, 1, 2))
    second = cal.next_open(u(2006, 1, 3))
    assert (first.date(), second.date()) == (date(2006, 1, 2), date(2006, 1, 16))


# -- spec/timeline/forward_spec.rb and backward_spec.rb: January open every year ---------------


def januaries(first: int = 2003, last: int = 2009) -> BusinessCalendar:
    """Open all of January each year and closed otherwise, as the gem's timeline specs."""
    days = {
        date(year, 1, day): "00:00-24:00" for year in range(first, last + 1) for day in range(1, 32)
    }
    return BusinessCalendar.weekly("UTC", {}, overrides=days)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (timedelta(seconds=2), u(2006, 1, 1, 0, 0, 2)),
        (timedelta(0), u(2006, 1, 1)),  # the origin is open: it is its own first open moment
        (timedelta(days=15), u(2006, 1, 16)),
        # all of one period: the sum lands on its close and moves on to the next opening
        (timedelta(days=31), u(2007, 1, 1)),
        (timedelta(days=62), u(2008, 1, 1)),
        (timedelta(days=46), u(2007, 1, 16)),
    ],
)
def test_timeline_forward_for(amount: timedelta, expected: datetime) -> None:
    assert januaries().add(u(2006, 1, 1), amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (timedelta(seconds=2), u(2006, 1, 31, 23, 59, 58)),
        (timedelta(0), u(2006, 2, 1)),  # the origin is the close: it stays
        (timedelta(days=15), u(2006, 1, 17)),
        # all of one period: counting back stops at its opening, not at the close before it
        (timedelta(days=31), u(2006, 1, 1)),
        (timedelta(days=62), u(2005, 1, 1)),
        (timedelta(days=46), u(2005, 1, 17)),
    ],
)
def test_timeline_backward_for(amount: timedelta, expected: datetime) -> None:
    assert januaries().sub(u(2006, 2, 1), amount) == expected


@pytest.mark.parametrize(
    ("terminus", "expected"),
    [
        (u(2006, 1, 1, 0, 1), [(u(2006, 1, 1), u(2006, 1, 1, 0, 1))]),
        (u(2005, 1, 1), []),  # before the origin
        (u(2007, 3, 1), [(u(2006, 1, 1), u(2006, 2, 1)), (u(2007, 1, 1), u(2007, 2, 1))]),
        (u(2007, 1, 15), [(u(2006, 1, 1), u(2006, 2, 1)), (u(2007, 1, 1), u(2007, 1, 15))]),
        (u(2007, 2, 1), [(u(2006, 1, 1), u(2006, 2, 1)), (u(2007, 1, 1), u(2007, 2, 1))]),
        # biz adds a zero-length segment at a terminus that is an opening; ours lists only
        # open time
        (u(2008, 1, 1), [(u(2006, 1, 1), u(2006, 2, 1)), (u(2007, 1, 1), u(2007, 2, 1))]),
        (u(2006, 1, 1), []),
    ],
)
def test_timeline_forward_until(terminus: datetime, expected: list[Span]) -> None:
    assert januaries().open_intervals(u(2006, 1, 1), terminus) == expected


@pytest.mark.parametrize(
    ("terminus", "expected"),
    [
        (u(2006, 1, 1, 0, 1), [(u(2006, 1, 1, 0, 1), u(2006, 2, 1))]),
        (u(2007, 1, 1), []),  # after the origin
        (u(2004, 3, 1), [(u(2006, 1, 1), u(2006, 2, 1)), (u(2005, 1, 1), u(2005, 2, 1))]),
        (u(2004, 2, 1), [(u(2006, 1, 1), u(2006, 2, 1)), (u(2005, 1, 1), u(2005, 2, 1))]),
        (u(2006, 2, 1), []),
        (u(2005, 1, 15), [(u(2006, 1, 1), u(2006, 2, 1)), (u(2005, 1, 15), u(2005, 2, 1))]),
        (u(2005, 1, 1), [(u(2006, 1, 1), u(2006, 2, 1)), (u(2005, 1, 1), u(2005, 2, 1))]),
    ],
)
def test_timeline_backward_until(terminus: datetime, expected: list[Span]) -> None:
    spans = januaries().open_intervals(terminus, u(2006, 2, 1))
    assert list(reversed(spans)) == expected


# -- CHANGELOG v1.8.2, "Treat endpoints consistently" (#139): 24 hours a day, Mon-Fri ----------


def test_a_full_friday_runs_on_to_monday() -> None:
    # biz: 24 hours after Fri 11 Jan 2019 00:00 is Mon 14 Jan 00:00, not Sat 00:00
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "00:00-24:00"})
    assert cal.add(u(2019, 1, 11), h(24)) == u(2019, 1, 14)
    # and counting back onto an opening stays there: 24 hours before Tue 00:00 is Mon 00:00
    assert cal.sub(u(2019, 1, 15), h(24)) == u(2019, 1, 14)


# -- spec/time_spec.rb: local times in a DST change --------------------------------------------


def test_a_time_in_the_spring_gap_moves_forward() -> None:
    # biz: 02:30 on 9 Mar 2014 in Los Angeles does not exist; it becomes 03:30 PDT
    cal = BusinessCalendar.weekly(LA, {"sun": "02:30-09:00"})
    assert cal.next_open(datetime(2014, 3, 9, tzinfo=LA)) == u(2014, 3, 9, 10, 30)


def test_a_repeated_time_takes_its_first_occurrence() -> None:
    # biz: 01:30 on 2 Nov 2014 in Los Angeles happens twice; the DST (first) one counts
    cal = BusinessCalendar.weekly(LA, {"sun": "01:30-05:00"})
    assert cal.next_open(datetime(2014, 11, 2, tzinfo=LA)).astimezone(UTC) == u(2014, 11, 2, 8, 30)


def test_an_end_of_day_in_the_spring_gap_moves_forward() -> None:
    # biz: 24:00 on Sat 17 Oct 2015 in Sao Paulo is a midnight that did not exist (clocks went
    # from 00:00 to 01:00); it becomes 01:00 -02, that is 03:00 UTC
    cal = BusinessCalendar.weekly("America/Sao_Paulo", {"sat": "22:00-24:00"})
    saturday = datetime(2015, 10, 17, 12, tzinfo=UTC)
    assert cal.next_close(cal.next_open(saturday)) == u(2015, 10, 18, 3)


# -- README: the worked timelines (America/Los_Angeles) ----------------------------------------

README = BusinessCalendar.weekly(
    LA,
    {
        "mon": "09:00-17:00",
        "tue": "00:00-24:00",
        "wed": "09:00-17:00",
        "thu": ["09:00-12:00", "13:00-17:00"],
        "sat": "10:00-14:00",
    },
    holidays=["2016-01-01", "2016-12-25"],
    overrides={
        "2006-01-01": "09:00-12:00",
        "2006-01-07": ["08:00-10:00", "12:00-14:00"],
    },
)


def test_readme_timeline_after() -> None:
    assert README.open_intervals(u(2015, 1, 10, 10), u(2015, 1, 17, 10)) == [
        (u(2015, 1, 10, 18), u(2015, 1, 10, 22)),
        (u(2015, 1, 12, 17), u(2015, 1, 13, 1)),
        (u(2015, 1, 13, 8), u(2015, 1, 14, 8)),
        (u(2015, 1, 14, 17), u(2015, 1, 15, 1)),
        (u(2015, 1, 15, 17), u(2015, 1, 15, 20)),
        (u(2015, 1, 15, 21), u(2015, 1, 16, 1)),
    ]


def test_readme_timeline_before() -> None:
    # biz: the periods 3,598 minutes back from Tue 5 May 2015 12:34:57 UTC; the last starts at
    # Mon 27 Apr 20:36:57 UTC, which is what before() returns
    end = u(2015, 5, 5, 12, 34, 57)
    start = u(2015, 4, 27, 20, 36, 57)
    assert README.sub(end, timedelta(minutes=3598)) == start
    assert list(reversed(README.open_intervals(start, end))) == [
        (u(2015, 5, 5, 7), end),
        (u(2015, 5, 4, 16), u(2015, 5, 5)),
        (u(2015, 5, 2, 17), u(2015, 5, 2, 21)),
        (u(2015, 4, 30, 20), u(2015, 5, 1)),
        (u(2015, 4, 30, 16), u(2015, 4, 30, 19)),
        (u(2015, 4, 29, 16), u(2015, 4, 30)),
        (u(2015, 4, 28, 7), u(2015, 4, 29, 7)),
        (start, u(2015, 4, 28)),
    ]


# -- README: holidays drop the periods that start on them; hours across midnight ---------------


def test_hours_across_midnight_written_as_two_spans() -> None:
    # biz has no span across midnight: a night shift is Mon 22:00-24:00 and Tue 00:00-06:00,
    # two periods, and a holiday on Tuesday drops the second. Written the same way, ours agrees.
    split = BusinessCalendar.weekly(
        "UTC", {"mon": "22:00-24:00", "tue": "00:00-06:00"}, holidays=["2006-01-03"]
    )
    assert split.elapsed(u(2006, 1, 2), u(2006, 1, 4)) == h(2)
    # A single overnight span "22:00-06:00" belongs to Monday, the date it starts on, so the
    # Tuesday holiday does not cut it (biz cannot express this span).
    night = BusinessCalendar.weekly("UTC", {"mon": "22:00-06:00"}, holidays=["2006-01-03"])
    assert night.elapsed(u(2006, 1, 2), u(2006, 1, 4)) == h(8)
    # Either way, adding across midnight runs straight on: two hours from Mon 23:00 is Tue 01:00.
    assert BusinessCalendar.weekly("UTC", {"mon": "22:00-06:00"}).add(u(2006, 1, 2, 23), h(2)) == u(
        2006, 1, 3, 1
    )


def test_adjacent_periods_merge() -> None:
    # biz keeps Mon 22:00-24:00 and Tue 00:00-06:00 as two periods; ours merges touching spans
    # into one, which changes no sum: a sum running out at Mon 24:00 continues without a gap.
    split = BusinessCalendar.weekly("UTC", {"mon": "22:00-24:00", "tue": "00:00-06:00"})
    assert split.open_intervals(u(2006, 1, 2), u(2006, 1, 4)) == [
        (u(2006, 1, 2, 22), u(2006, 1, 3, 6))
    ]
    assert split.add(u(2006, 1, 2, 22), h(2)) == u(2006, 1, 3)


# -- docs/calendars.md, "Compared with the biz gem": the page's examples give what it says -----


def test_the_comparison_on_the_calendar_page() -> None:
    from test_calendar_docs import PAGE, _run_page

    _, results = _run_page(PAGE)
    by_source = {source.split("\n")[0]: value for source, value, _ in results}
    assert by_source["utc_cal.previous_close(tuesday_midnight)"] == u(2026, 1, 5, 17)
    assert by_source["utc_cal.elapsed(tue_10, start)"] == -h(2)
    assert by_source["night_shift.elapsed(monday, monday + timedelta(days=2))"] == h(8)
    assert by_source["two_spans.elapsed(monday, monday + timedelta(days=2))"] == h(2)
