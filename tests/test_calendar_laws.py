"""Property tests: the laws of issue 3 over random calendars, instants and DST zones."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import find, given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.strategies._calendar import DST_ZONES, calendars

US = timedelta(microseconds=1)
ZONES = [ZoneInfo(z) for z in (*DST_ZONES, "Asia/Kolkata", "Pacific/Chatham")]
LO = datetime(2024, 1, 1, tzinfo=UTC)
HI = datetime(2027, 12, 31, tzinfo=UTC)


def _transitions() -> list[datetime]:
    """Every UTC-offset change of the test zones between LO and HI, found by hourly scanning."""
    found: list[datetime] = []
    for tz in ZONES:
        t = LO
        before = t.astimezone(tz).utcoffset()
        while t < HI:
            t += timedelta(hours=1)
            now = t.astimezone(tz).utcoffset()
            if now != before:
                found.append(t)
            before = now
    return found


TRANSITIONS = _transitions()


@st.composite
def instants(draw: Any) -> datetime:
    """Aware datetimes in random zones, biased to DST changes and round local times."""
    kind = draw(st.integers(0, 2))
    if kind == 0:
        us = draw(st.integers(0, (HI - LO) // US))
        t = LO + timedelta(microseconds=us)
    elif kind == 1:
        t = draw(st.sampled_from(TRANSITIONS)) + timedelta(
            minutes=draw(st.integers(-180, 180)), microseconds=draw(st.sampled_from([0, 0, 1, -1]))
        )
    else:
        tz = draw(st.sampled_from(ZONES))
        day = draw(st.dates(LO.date(), HI.date()))
        local = datetime.combine(
            day, time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 30])))
        )
        t = local.replace(tzinfo=tz, fold=draw(st.integers(0, 1)))
    return t.astimezone(draw(st.sampled_from(ZONES)))


@st.composite
def durations(draw: Any, cal: BusinessCalendar) -> timedelta:
    """Non-negative open-time durations, capped at about 20 weeks of the calendar's hours."""
    weekly = sum(e - s for spans in cal.hours for s, e in spans)
    cap = max(weekly, 1) * 20  # minutes
    if draw(st.booleans()):
        return timedelta(minutes=draw(st.integers(0, cap)))
    return timedelta(microseconds=draw(st.integers(0, cap * 60_000_000)))


def utc(t: datetime) -> datetime:
    # Python never finds an ambiguous local time == to another zone's; compare in UTC.
    return t.astimezone(UTC)


def oracle_elapsed(cal: BusinessCalendar, a: datetime, b: datetime) -> timedelta:
    """Open time in [a, b) straight from the definition, one local date at a time."""
    tz = cal.tz
    ua, ub = utc(a), utc(b)
    first = ua.astimezone(tz).date() - timedelta(days=2)
    last = ub.astimezone(tz).date()
    holidays: set[date] = set(cal.holidays)
    for rule in cal.holiday_rules:
        for year in range(first.year, last.year + 1):
            holidays |= rule.dates_in(year)
    overrides = dict(cal.overrides)
    spans: list[tuple[datetime, datetime]] = []
    day = first
    while day <= last:
        if day in overrides:
            todays = overrides[day]
        else:
            todays = () if day in holidays else cal.hours[day.weekday()]
        midnight = datetime.combine(day, time(), tzinfo=tz)
        for s, e in todays:
            start = utc(midnight + timedelta(minutes=s))
            end = utc(midnight + timedelta(minutes=e))
            if start < end:
                spans.append((max(start, ua), min(end, ub)))
        day += timedelta(days=1)
    total = timedelta(0)
    reached = ua
    for start, end in sorted(spans):
        start = max(start, reached)
        if start < end:
            total += end - start
            reached = end
    return total


@given(
    calendars(),
    instants(),
    st.one_of(
        st.integers(0, 60 * 86_400_000_000), st.integers(0, 48).map(lambda h: h * 3_600_000_000)
    ),
    st.sampled_from(ZONES),
)
def test_elapsed_matches_the_definition(
    cal: BusinessCalendar, a: datetime, us: int, zone: ZoneInfo
) -> None:
    b = (utc(a) + timedelta(microseconds=us)).astimezone(zone)
    assert cal.elapsed(a, b) == oracle_elapsed(cal, a, b)


@given(calendars(), instants(), instants(), instants())
def test_elapsed_is_additive_antisymmetric_and_bounded(
    cal: BusinessCalendar, a: datetime, b: datetime, c: datetime
) -> None:
    ab, bc, ac = cal.elapsed(a, b), cal.elapsed(b, c), cal.elapsed(a, c)
    assert ab + bc == ac
    assert cal.elapsed(b, a) == -ab
    lo, hi = sorted([a, b], key=utc)
    assert timedelta(0) <= cal.elapsed(lo, hi) <= utc(hi) - utc(lo)


@given(st.data(), calendars(), instants())
def test_add_is_the_latest_instant_with_that_much_open_time(
    data: st.DataObject, cal: BusinessCalendar, t: datetime
) -> None:
    d = data.draw(durations(cal))
    x = cal.add(t, d)
    assert x.tzinfo is t.tzinfo
    assert utc(x) >= utc(t)
    assert cal.elapsed(t, x) == d
    assert cal.elapsed(t, utc(x) + US) > d  # latest: one microsecond more is too late
    assert cal.is_open(x)
    if not d:
        return  # add(t, -0) is add(t, 0), covered above
    back = cal.add(t, -d)
    assert utc(back) <= utc(t)
    assert cal.elapsed(back, t) == d
    if utc(back) < utc(t):
        assert cal.elapsed(utc(back) + US, t) < d


@given(st.data(), calendars(), instants(), instants())
def test_add_is_monotone(
    data: st.DataObject, cal: BusinessCalendar, t1: datetime, t2: datetime
) -> None:
    d1, d2 = sorted([data.draw(durations(cal)), data.draw(durations(cal))])
    t1, t2 = sorted([t1, t2], key=utc)
    assert utc(cal.add(t1, d1)) <= utc(cal.add(t2, d1))
    assert utc(cal.add(t1, d1)) <= utc(cal.add(t1, d2))
    assert utc(cal.add(t1, -d2)) <= utc(cal.add(t1, -d1))


@given(st.data(), calendars(), instants(), instants())
def test_deadline_law(data: st.DataObject, cal: BusinessCalendar, s: datetime, x: datetime) -> None:
    s, x = sorted([s, x], key=utc)
    d = data.draw(durations(cal))
    due = cal.add(s, d)
    assert (utc(x) <= utc(due)) == (cal.elapsed(s, x) <= d)
    # and the same right at the deadline and just after it
    assert cal.elapsed(s, due) <= d
    assert cal.elapsed(s, utc(due) + US) > d


@given(st.data(), calendars(), instants())
def test_add_composes(data: st.DataObject, cal: BusinessCalendar, t: datetime) -> None:
    d1, d2 = data.draw(durations(cal)), data.draw(durations(cal))
    assert utc(cal.add(t, d1 + d2)) == utc(cal.add(cal.add(t, d1), d2))


@given(calendars(), instants())
def test_is_open_agrees_with_open_intervals_and_next_open_close(
    cal: BusinessCalendar, t: datetime
) -> None:
    a, b = utc(t) - timedelta(days=3), utc(t) + timedelta(days=3)
    spans = cal.open_intervals(a, b)
    inside = any(utc(s) <= utc(t) < utc(e) for s, e in spans)
    assert cal.is_open(t) == inside
    # disjoint, non-touching, ordered, non-empty, summing to elapsed
    for (_, e1), (s2, _) in itertools.pairwise(spans):
        assert utc(e1) < utc(s2)
    assert all(utc(s) < utc(e) for s, e in spans)
    assert sum((e - s for s, e in spans), timedelta(0)) == cal.elapsed(a, b)
    for s, e in spans:
        assert cal.is_open(s)
        assert not cal.is_open(e) or utc(e) == b
        if utc(s) > a:
            assert not cal.is_open(utc(s) - US)
    opens = cal.next_open(t)
    assert cal.is_open(opens)
    assert utc(opens) >= utc(t)
    assert cal.elapsed(t, opens) == timedelta(0)
    closes = cal.next_close(t)
    assert not cal.is_open(closes)
    assert cal.elapsed(t, closes) == utc(closes) - utc(t)


@given(
    st.sampled_from(ZONES),
    instants(),
    instants(),
    st.timedeltas(-timedelta(days=999), timedelta(days=999)),
)
def test_always_is_plain_arithmetic(tz: ZoneInfo, a: datetime, b: datetime, d: timedelta) -> None:
    cal = BusinessCalendar.always(tz)
    assert cal.elapsed(a, b) == utc(b) - utc(a)
    assert utc(cal.add(a, d)) == utc(a) + d
    assert cal.is_open(a)
    assert utc(cal.next_open(a)) == utc(a)
    expected = [(utc(a), utc(b))] if utc(a) < utc(b) else []
    assert [(utc(s), utc(e)) for s, e in cal.open_intervals(a, b)] == expected


@given(st.data(), calendars(), instants(), instants(), st.sampled_from(ZONES))
def test_results_do_not_depend_on_the_input_zone(
    data: st.DataObject, cal: BusinessCalendar, a: datetime, b: datetime, zone: ZoneInfo
) -> None:
    a2, b2 = a.astimezone(zone), b.astimezone(zone)
    d = data.draw(durations(cal))
    assert cal.elapsed(a, b) == cal.elapsed(a2, b2)
    assert cal.is_open(a) == cal.is_open(a2)
    assert utc(cal.add(a, d)) == utc(cal.add(a2, d))
    assert cal.add(a2, d).tzinfo is zone
    assert utc(cal.next_close(a)) == utc(cal.next_close(a2))
    assert [tuple(map(utc, s)) for s in cal.open_intervals(a, b)] == [
        tuple(map(utc, s)) for s in cal.open_intervals(a2, b2)
    ]


@given(calendars())
def test_to_dict_round_trips(cal: BusinessCalendar) -> None:
    assert BusinessCalendar.from_dict(cal.to_dict()) == cal
    assert hash(BusinessCalendar.from_dict(cal.to_dict())) == hash(cal)
    # to_dict is JSON-ready: the text form reads back to the same calendar.
    assert BusinessCalendar.from_dict(json.loads(json.dumps(cal.to_dict()))) == cal


@given(calendars(zones=["Europe/London"]), instants(), instants())
def test_far_apart_instants(cal: BusinessCalendar, a: datetime, b: datetime) -> None:
    # Reaching back over a decade: additivity across many yearly tables.
    far = a - timedelta(days=365 * 12)
    assert cal.elapsed(far, b) == cal.elapsed(far, a) + cal.elapsed(a, b)
    d = cal.elapsed(far, b) if utc(far) < utc(b) else timedelta(0)
    assert cal.elapsed(far, cal.add(far, d)) == d


# -- the strategy itself -----------------------------------------------------------------------


def _overnight(cal: BusinessCalendar) -> bool:
    return any(e > 1440 for spans in cal.hours for _, e in spans)


@given(
    calendars(
        zones=["Europe/London"], allow_overnight=False, allow_holidays=False, allow_overrides=False
    )
)
def test_calendars_respects_its_options(cal: BusinessCalendar) -> None:
    assert cal.tz.key == "Europe/London"
    assert not _overnight(cal)
    assert not cal.holidays
    assert not cal.holiday_rules
    assert not cal.overrides
    assert any(cal.hours)  # allow_empty=False


def test_calendars_reaches_the_interesting_cases() -> None:
    assert _overnight(find(calendars(), _overnight))
    assert find(calendars(), lambda c: bool(c.holiday_rules)).holiday_rules
    assert find(calendars(), lambda c: any(not s for _, s in c.overrides)).overrides
    assert not any(find(calendars(allow_empty=True), lambda c: not any(c.hours)).hours)
    lord_howe = find(calendars(), lambda c: c.tz.key == "Australia/Lord_Howe")
    assert lord_howe.tz.key == "Australia/Lord_Howe"
