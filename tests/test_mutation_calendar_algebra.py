"""Combined calendars and schedule histories at their edges: spans that touch, versions that
meet, zones of the answers, and the checks made when one is built.

Each expected value follows from the rules in docs/calendars.md (spans are half-open,
``open_intervals`` gives merged spans in order, ``previous_open`` is the start of a span,
every result is in the zone of the input, ``sub(t, 0) == t``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import (
    BusinessCalendar,
    CombinedCalendar,
    ScheduleHistory,
    intersection,
    union,
)
from servicemodel.errors import ConfigError, InputTypeError

H = timedelta(hours=1)
DAY = timedelta(days=1)
WEEK = timedelta(days=7)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe")
#: Monday 5 January 2026 (no DST change anywhere near it in these zones).
MONDAY = (2026, 1, 5)


def hhmm(hour: int) -> str:
    return f"{hour:02d}:00"


@st.composite
def touching(draw: Any) -> tuple[str, int, int, int, int]:
    """A zone, a weekday, and hours ``s < m < e``: spans ``[s, m)`` and ``[m, e)`` touch at m."""
    zone = draw(st.sampled_from(ZONES))
    day = draw(st.integers(0, 6))
    s, m, e = sorted(draw(st.lists(st.integers(0, 24), min_size=3, max_size=3, unique=True)))
    return zone, day, s, m, e


def local(zone: str, day: int, hour: int, weeks: int = 0) -> datetime:
    """``hour`` o'clock (24 is the next midnight) on weekday ``day`` of the week of MONDAY."""
    return datetime(*MONDAY, tzinfo=ZoneInfo(zone)) + (day + 7 * weeks) * DAY + hour * H


def spans_of(cal: Any, zone: str) -> list[tuple[datetime, datetime]]:
    """Open spans from a week before to two weeks after MONDAY, in UTC."""
    a, b = local(zone, 0, 0, -1), local(zone, 0, 0, 2)
    return [(s.astimezone(UTC), e.astimezone(UTC)) for s, e in cal.open_intervals(a, b)]


def check_events(cal: Any, t: datetime) -> None:
    """The event queries name open or closed instants, as their definitions say."""
    assert cal.is_open(cal.next_open(t))
    assert not cal.is_open(cal.next_close(t))
    assert cal.is_open(cal.previous_open(t))
    assert not cal.is_open(cal.previous_close(t))


# -- spans that touch: no empty span, no opening where nothing opens ----------------------------


@given(touching(), st.integers(0, 7 * 24 - 1))
def test_calendars_that_touch_meet_in_no_open_instant(
    case: tuple[str, int, int, int, int], hour: int
) -> None:
    zone, day, s, m, e = case
    other = DAYS[(day + 3) % 7]  # a day away from the touching spans, open 09-17 in both
    a = BusinessCalendar.weekly(zone, {DAYS[day]: f"{hhmm(s)}-{hhmm(m)}", other: "09:00-17:00"})
    b = BusinessCalendar.weekly(zone, {DAYS[day]: f"{hhmm(m)}-{hhmm(e)}", other: "09:00-17:00"})
    both = a & b
    o = (day + 3) % 7
    # Open on `other` only: the instant m where the two spans touch is open in neither.
    assert spans_of(both, zone) == [
        (local(zone, o, 9, w).astimezone(UTC), local(zone, o, 17, w).astimezone(UTC))
        for w in (-1, 0, 1)
    ]
    assert not both.is_open(local(zone, day, m))
    t = local(zone, 0, hour)
    check_events(both, t)
    # The opening at or before t is a 09:00 on `other`; so is the next one, unless t is open.
    assert both.previous_open(t).astimezone(ZoneInfo(zone)).hour == 9
    following = both.next_open(t)
    assert following == t if both.is_open(t) else following.astimezone(ZoneInfo(zone)).hour == 9
    assert both.previous_close(t).astimezone(ZoneInfo(zone)).hour == 17


@given(touching(), st.integers(0, 7 * 24 - 1))
def test_a_difference_that_shares_an_end_leaves_no_empty_span(
    case: tuple[str, int, int, int, int], hour: int
) -> None:
    zone, day, s, m, e = case
    whole = BusinessCalendar.weekly(zone, {DAYS[day]: f"{hhmm(s)}-{hhmm(e)}"})
    head = BusinessCalendar.weekly(zone, {DAYS[day]: f"{hhmm(s)}-{hhmm(m)}"})
    tail = BusinessCalendar.weekly(zone, {DAYS[day]: f"{hhmm(m)}-{hhmm(e)}"})
    weeks = (-1, 0, 1)
    # [s, e) less its head [s, m) is [m, e); less its tail, [s, m).
    assert spans_of(whole - head, zone) == [
        (local(zone, day, m, w).astimezone(UTC), local(zone, day, e, w).astimezone(UTC))
        for w in weeks
    ]
    assert spans_of(whole - tail, zone) == [
        (local(zone, day, s, w).astimezone(UTC), local(zone, day, m, w).astimezone(UTC))
        for w in weeks
    ]
    t = local(zone, 0, hour)
    for cal in (whole - head, whole - tail):
        check_events(cal, t)


@given(touching())
def test_a_union_of_touching_spans_is_one_span(case: tuple[str, int, int, int, int]) -> None:
    zone, day, s, m, e = case
    head = BusinessCalendar.weekly(zone, {DAYS[day]: f"{hhmm(s)}-{hhmm(m)}"})
    tail = BusinessCalendar.weekly(zone, {DAYS[day]: f"{hhmm(m)}-{hhmm(e)}"})
    either = head | tail
    assert spans_of(either, zone) == [
        (local(zone, day, s, w).astimezone(UTC), local(zone, day, e, w).astimezone(UTC))
        for w in (-1, 0, 1)
    ]
    # The first closed instant after s is e, not m; the opening before m is s, not m.
    assert either.next_close(local(zone, day, s)) == local(zone, day, e)
    assert either.previous_open(local(zone, day, m)) == local(zone, day, s)


# -- answers in the zone of the input --------------------------------------------------------


@given(st.sampled_from(ZONES), st.sampled_from(ZONES), st.integers(0, 7 * 24 - 1))
def test_every_answer_is_in_the_zone_of_its_input(zone: str, asked_in: str, hour: int) -> None:
    office = BusinessCalendar.weekly(zone, {"mon-fri": "09:00-17:00"})
    lunch = BusinessCalendar.weekly(zone, {"mon-fri": "12:00-13:00"})
    history = ScheduleHistory([(None, office), (local(zone, 2, 0), office - lunch)])
    tz = ZoneInfo(asked_in)
    t = local(zone, 0, hour).astimezone(tz)
    for cal in (office - lunch, office | lunch, office & lunch, history):
        for answer in (
            cal.next_open(t),
            cal.next_close(t),
            cal.previous_open(t),
            cal.previous_close(t),
            cal.add(t, 3 * H),
            cal.sub(t, 3 * H),
        ):
            assert answer.tzinfo is tz


@given(st.sampled_from(ZONES), st.sampled_from(ZONES))
def test_open_intervals_are_in_the_zone_of_the_start(start_zone: str, end_zone: str) -> None:
    office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    cal = office - BusinessCalendar.weekly("UTC", {"mon-fri": "12:00-13:00"})
    a = datetime(*MONDAY, tzinfo=ZoneInfo(start_zone))
    b = (a + 3 * DAY).astimezone(ZoneInfo(end_zone))
    found = cal.open_intervals(a, b)
    assert found
    assert all(s.tzinfo is a.tzinfo and e.tzinfo is a.tzinfo for s, e in found)


# -- sub(t, 0) is t, open or not; sub by a negative duration is add -------------------------


@given(st.integers(0, 7 * 24 * 4 - 1), st.integers(1, 40 * 4))
def test_sub_of_zero_stays_put_and_sub_of_a_negative_is_add(quarter: int, step: int) -> None:
    office = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"})
    cal = office - BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "12:00-13:00"})
    t = local("Europe/Berlin", 0, 0) + quarter * timedelta(minutes=15)
    d = step * timedelta(minutes=15)
    assert cal.sub(t, timedelta(0)) == t  # docs: sub(t, 0) == t, also where t is closed
    assert cal.sub(t, -d) == cal.add(t, d)  # for d > 0 (at 0, sub stays and add opens)
    assert cal.add(t, -d) == cal.sub(t, d)


# -- what is known about a combination, and what may be built ---------------------------------


@given(st.sampled_from(ZONES), st.integers(2, 4))
def test_always_open_only_where_it_is_certain(zone: str, n: int) -> None:
    # docs: true for a union with a 24/7 calendar and an intersection of 24/7 calendars only.
    always = BusinessCalendar.always(zone)
    office = BusinessCalendar.weekly(zone, {"mon-fri": "09:00-17:00"})
    assert intersection(*[always] * n).is_always_open
    assert union(*[office] * (n - 1), always).is_always_open
    assert not intersection(*[always] * (n - 1), office).is_always_open
    assert not union(*[office] * n).is_always_open
    assert not (always - office).is_always_open
    assert not (always - always).is_always_open
    assert not (office - always).is_always_open


@pytest.mark.parametrize("build", [union, intersection])
def test_a_union_or_intersection_needs_two_calendars(build: Any) -> None:
    office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    with pytest.raises(ConfigError, match=r"needs two operands, got 1"):
        build(office)
    with pytest.raises(ConfigError, match=r"needs two operands, got 0"):
        build()


def test_a_difference_is_of_two_calendars_exactly() -> None:
    office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    for n in (1, 3):
        with pytest.raises(ConfigError, match=rf"a difference needs two operands, got {n}"):
            CombinedCalendar("difference", (office,) * n)


@given(st.integers(2, 60), st.sampled_from(["|", "&"]))
def test_a_chain_of_one_operator_is_one_combination(n: int, op: str) -> None:
    # union(a, b, c) is a | b | c (its docstring): a long chain is one node, not n levels,
    # so it never meets the nesting limit of 32.
    cals = [
        BusinessCalendar.weekly("UTC", {DAYS[i % 7]: f"{hhmm(i % 23)}-24:00"}) for i in range(n)
    ]
    chained = cals[0]
    for cal in cals[1:]:
        chained = chained | cal if op == "|" else chained & cal
    assert chained == (union if op == "|" else intersection)(*cals)
    assert len(chained.operands) == n


def test_a_chain_of_one_operator_keeps_other_operators_as_operands() -> None:
    a = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    b = BusinessCalendar.weekly("UTC", {"mon-fri": "12:00-13:00"})
    c = BusinessCalendar.weekly("UTC", {"sat": "10:00-14:00"})
    combined = (a - b) | c
    assert combined.operands == (a - b, c)
    saturday = datetime(2026, 1, 10, tzinfo=UTC)
    monday = datetime(*MONDAY, tzinfo=UTC)
    assert combined.elapsed(monday, saturday + DAY) == 5 * 7 * H + 4 * H


def test_the_limits_on_building_are_inclusive() -> None:
    from servicemodel.calendar._algebra import MAX_NESTING, MAX_PARTS, nesting, parts

    a = BusinessCalendar.weekly("UTC", {"mon": "09:00-17:00"})
    # "at most MAX_PARTS calendars in all": exactly that many is allowed, one more is not.
    assert parts(union(*[a] * MAX_PARTS)) == MAX_PARTS
    with pytest.raises(ConfigError, match=r"at most 10,000 calendars in all .* got 10,001"):
        union(*[a] * (MAX_PARTS + 1))
    # "nested at most MAX_NESTING levels deep": a history over the deepest combination is one
    # level too many; the combination itself is allowed.
    deepest: Any = a
    for i in range(MAX_NESTING):
        deepest = deepest | a if i % 2 else deepest & a
    assert nesting(deepest) == MAX_NESTING
    with pytest.raises(ConfigError, match=rf"nested at most {MAX_NESTING} levels deep, got 33"):
        ScheduleHistory([(None, deepest)])
    assert nesting(ScheduleHistory([(None, a)])) == 1


# -- versions in order of since, compared as instants ---------------------------------------

offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@given(st.integers(-48 * 60, 48 * 60), offsets, offsets)
def test_versions_go_in_order_of_since_as_instants(
    minutes: int, first_tz: Any, next_tz: Any
) -> None:
    # docs: "versions go in order of since, each instant once", aware datetimes compared in
    # UTC, whatever the wall clocks of their offsets say.
    office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    always = BusinessCalendar.always()
    first = datetime(2026, 3, 2, 12, tzinfo=UTC).astimezone(first_tz)
    then = (first + timedelta(minutes=minutes)).astimezone(next_tz)
    versions = [(None, office), (first, always), (then, office)]
    table = {
        "versions": [
            {"calendar": office.to_dict()},
            {"since": first.isoformat(), "calendar": always.to_dict()},
            {"since": then.isoformat(), "calendar": office.to_dict()},
        ]
    }
    if minutes <= 0:
        with pytest.raises(InputTypeError, match=r"versions\[2\]\.since: .* is not after"):
            ScheduleHistory(versions)
        with pytest.raises(ConfigError, match=r"^versions\[2\]\.since: \S+ is not after") as info:
            ScheduleHistory.from_dict(table)
        assert info.value.path == "versions[2].since"  # the key to fix, as every config error
        return
    history = ScheduleHistory(versions)
    assert ScheduleHistory.from_dict(table) == history
    # Open around the clock from `first` to `then` (a Monday: office hours before and after).
    assert history.elapsed(first, then) == timedelta(minutes=minutes)


@given(st.sampled_from(ZONES), st.integers(3, 6))
def test_an_intersection_of_many_is_open_where_every_one_is(zone: str, n: int) -> None:
    # Open where all operands are: [8 + i, 20 - i) for i < n meet in [8 + n - 1, 20 - n + 1).
    cals = [
        BusinessCalendar.weekly(zone, {"mon-fri": f"{hhmm(8 + i)}-{hhmm(20 - i)}"})
        for i in range(n)
    ]
    both = intersection(*cals)
    assert len(both.operands) == n
    monday = local(zone, 0, 0)
    assert both.elapsed(monday, monday + WEEK) == 5 * (12 - 2 * (n - 1)) * H
    assert both.open_intervals(monday, monday + DAY) == [
        (local(zone, 0, 8 + n - 1), local(zone, 0, 20 - n + 1))
    ]


def test_a_history_of_one_version_is_that_calendar_to_the_ends_of_the_range() -> None:
    # docs: a history of one version equals that calendar; instants are supported on
    # [0002-01-02, 9998-12-31) UTC, first and last microsecond included.
    from servicemodel.errors import MAX_INSTANT, MIN_INSTANT

    always = BusinessCalendar.always()
    history = ScheduleHistory([(None, always)])
    first, last = MIN_INSTANT, MAX_INSTANT - timedelta(microseconds=1)
    for t in (first, last):
        assert history.is_open(t) is always.is_open(t) is True
    assert history.elapsed(first, first + H) == H
    assert history.elapsed(last - H, last) == H
