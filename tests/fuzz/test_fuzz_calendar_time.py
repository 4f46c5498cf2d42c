"""Fuzz calendar time arithmetic at the ends of the datetime range and with heavy holiday rules.

``add``/``elapsed``/``is_open``/``next_open``/``next_close``/``open_intervals`` with instants
near year 1 and 9999 (with offsets that leave the range in UTC), huge deltas, naive or non-
datetime values, and calendars whose holiday rule recurs every second (bounded time!).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar, RRuleHolidays

from .conftest import assert_contract, fuzz_settings
from .hostile import EDGE_INSTANTS, LONG_ZONE, hostile

pytestmark = pytest.mark.fuzz

SECONDLY = "DTSTART:20260101T000000\nRRULE:FREQ=SECONDLY"
CALENDARS: dict[str, dict[str, Any]] = {
    "always": {"tz": "UTC", "hours": {"mon-sun": "00:00-24:00"}},
    "office": {
        "tz": "Europe/Berlin",
        "hours": {"mon-fri": "09:00-17:00"},
        "holidays": ["2026-01-01"],
    },
    "overnight": {"tz": "America/New_York", "hours": {"mon-fri": "22:00-06:00"}},
    "kiritimati": {"tz": "Pacific/Kiritimati", "hours": {"sun": "00:00-00:01"}},
    "never": {"tz": "UTC", "hours": {}},
    "secondly": {
        "tz": "UTC",
        "hours": {"mon-fri": "09:00-17:00"},
        "holidays": [{"rrule": SECONDLY}],
    },
    "minutely_forever": {
        "tz": "UTC",
        "hours": {"mon-sun": "00:00-24:00"},
        "holidays": [
            {"rrule": "DTSTART:00010101T000000\nRRULE:FREQ=MINUTELY;UNTIL=99991231T235959"}
        ],
    },
    "yearly_from_1": {
        "tz": "UTC",
        "hours": {"mon-fri": "09:00-17:00"},
        "holidays": [{"rrule": "DTSTART:00010101T000000\nRRULE:FREQ=YEARLY"}],
    },
}

ZONES = [
    UTC,
    timezone(timedelta(hours=23, minutes=59)),
    timezone(-timedelta(hours=23, minutes=59)),
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("Pacific/Kiritimati"),
    ZoneInfo("America/St_Johns"),
]
INSTANTS = st.one_of(
    st.sampled_from(EDGE_INSTANTS),
    st.datetimes(timezones=st.sampled_from(ZONES)),
    st.datetimes(
        min_value=datetime(2025, 1, 1),
        max_value=datetime(2027, 1, 1),
        timezones=st.sampled_from(ZONES),
    ),
    st.datetimes(),  # naive
    hostile(),
)
DELTAS = st.one_of(
    st.sampled_from(
        [
            timedelta.max,
            timedelta.min,
            timedelta(0),
            timedelta(days=10**6),
            -timedelta(days=10**6),
            timedelta(microseconds=1),
        ]
    ),
    st.timedeltas(),
    hostile(),
)


def _calendar(name: str) -> Any:
    return BusinessCalendar.from_dict(CALENDARS[name])


def test_calendars_build() -> None:
    for name in CALENDARS:
        assert_contract(_calendar, name)


@fuzz_settings(150)
@given(name=st.sampled_from(sorted(CALENDARS)), t=INSTANTS, d=DELTAS)
@example(name="office", t=datetime(9999, 12, 31, 23, tzinfo=UTC), d=timedelta(hours=2))
@example(name="office", t=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))), d=timedelta(0))
@example(name="secondly", t=datetime(2026, 1, 5, 10, tzinfo=UTC), d=timedelta(hours=1))
def test_add(name: str, t: Any, d: Any) -> None:
    cal = assert_contract(_calendar, name)
    if isinstance(cal, BusinessCalendar):
        assert_contract(cal.add, t, d)


@fuzz_settings(150)
@given(name=st.sampled_from(sorted(CALENDARS)), a=INSTANTS, b=INSTANTS)
@example(name="office", a=datetime(1, 1, 1, tzinfo=UTC), b=datetime(9999, 12, 31, tzinfo=UTC))
def test_elapsed(name: str, a: Any, b: Any) -> None:
    cal = assert_contract(_calendar, name)
    if isinstance(cal, BusinessCalendar):
        assert_contract(cal.elapsed, a, b)
        assert_contract(cal.open_intervals, a, b)


@fuzz_settings(150)
@given(name=st.sampled_from(sorted(CALENDARS)), t=INSTANTS)
@example(name="office", t=datetime(9999, 12, 31, 23, tzinfo=UTC))
def test_point_queries(name: str, t: Any) -> None:
    cal = assert_contract(_calendar, name)
    if isinstance(cal, BusinessCalendar):
        for query in (cal.is_open, cal.next_open, cal.next_close):
            assert_contract(query, t)


@fuzz_settings(60)
@given(
    freq=st.sampled_from(["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "YEARLY"]),
    start=st.sampled_from(
        ["00010101T000000", "20260101T000000", "99991231T235959", "20260101T000000Z"]
    ),
    tail=st.sampled_from(
        [
            "",
            ";COUNT=100000000",
            ";UNTIL=99991231T235959",
            ";INTERVAL=0",
            ";BYSETPOS=1",
            ";BYDAY=MO;BYMONTHDAY=13",
        ]
    ),
    year=st.sampled_from([1, 2026, 9999, 0, 10000, -1]),
)
def test_rrule_holidays(freq: str, start: str, tail: str, year: int) -> None:
    rule = assert_contract(RRuleHolidays, f"DTSTART:{start}\nRRULE:FREQ={freq}{tail}")
    if isinstance(rule, RRuleHolidays):
        assert_contract(rule.dates_in, year)


@fuzz_settings(60)
@given(
    tz=st.one_of(
        st.sampled_from([LONG_ZONE, "UTC\x00", "../../etc/passwd", "", "/", "Etc/GMT+99"]),
        hostile(),
    )
)
def test_zone_names(tz: Any) -> None:
    assert_contract(BusinessCalendar.always, tz)
    assert_contract(BusinessCalendar.from_dict, {"tz": tz})
