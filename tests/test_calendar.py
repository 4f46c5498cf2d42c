"""Examples and regressions for servicemodel.calendar (expected values worked out by hand)."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest
from dateutil.rrule import TU, WEEKLY, YEARLY, rrule, rruleset

from _zones import (
    LORD_HOWE_BACK_2026,
    LORD_HOWE_FORWARD_2026,
    change_like,
    first_instant,
    opening_around,
)
from servicemodel.calendar import BusinessCalendar, CountryHolidays, RRuleHolidays
from servicemodel.errors import (
    CalendarError,
    ConfigError,
    InputTypeError,
    NaiveDatetimeError,
)

H = timedelta(hours=1)
US = timedelta(microseconds=1)
NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0, us: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, us, tzinfo=UTC)


NINE_TO_FIVE = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})


# -- spans across midnight and holidays --------------------------------------------------------


def test_span_across_midnight() -> None:
    cal = BusinessCalendar.weekly("UTC", {"mon": "22:00-06:00"})
    # 2026-01-05 is a Monday.
    assert cal.elapsed(utc(2026, 1, 5, 21), utc(2026, 1, 6, 7)) == 8 * H
    assert cal.is_open(utc(2026, 1, 6, 5, 59))
    assert not cal.is_open(utc(2026, 1, 6, 6))
    assert cal.next_close(utc(2026, 1, 5, 23)) == utc(2026, 1, 6, 6)
    # 7 hours from 23:00 run out exactly at Tuesday's 06:00 close: the next opening.
    assert cal.add(utc(2026, 1, 5, 23), 7 * H) == utc(2026, 1, 12, 22)


def test_overnight_spans_of_consecutive_days_merge() -> None:
    cal = BusinessCalendar.weekly("UTC", {"mon": "22:00-24:00", "tue": "00:00-06:00"})
    assert cal.open_intervals(utc(2026, 1, 5), utc(2026, 1, 7)) == [
        (utc(2026, 1, 5, 22), utc(2026, 1, 6, 6))
    ]


def test_holiday_inside_an_overnight_span() -> None:
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "22:00-06:00"}, holidays=[date(2026, 1, 6)])
    # Monday's shift still runs into the holiday Tuesday; Tuesday's own shift does not start.
    assert cal.is_open(utc(2026, 1, 6, 5))
    assert not cal.is_open(utc(2026, 1, 6, 23))
    # Mon 22-06 (8h) + Wed 22-24 (2h)
    assert cal.elapsed(utc(2026, 1, 5), utc(2026, 1, 8)) == 10 * H
    assert cal.next_open(utc(2026, 1, 6, 12)) == utc(2026, 1, 7, 22)


def test_overnight_span_over_new_year_counts_once() -> None:
    cal = BusinessCalendar.weekly("Europe/Berlin", {"thu": "22:00-06:00"})
    # Thursday 2026-12-31 22:00 to Friday 2027-01-01 06:00 in Berlin (no DST then).
    a = datetime(2026, 12, 31, 12, tzinfo=BERLIN)
    assert cal.elapsed(a, a + 24 * H) == 8 * H
    assert cal.open_intervals(a, a + 24 * H) == [
        (datetime(2026, 12, 31, 22, tzinfo=BERLIN), datetime(2027, 1, 1, 6, tzinfo=BERLIN))
    ]


def test_override_replaces_hours_and_wins_over_holiday() -> None:
    cal = BusinessCalendar.weekly(
        "UTC",
        {"mon-fri": "09:00-17:00"},
        holidays=["2026-12-24", "2026-12-25"],
        overrides={"2026-12-24": ["09:00-12:00"], "2026-12-23": []},
    )
    assert cal.elapsed(utc(2026, 12, 23), utc(2026, 12, 26)) == 3 * H


# -- DST ---------------------------------------------------------------------------------------


def test_spring_forward_boundary_in_gap_moves_forward() -> None:
    # New York skips 02:00-03:00 on Sunday 2026-03-08.
    cal = BusinessCalendar.weekly("America/New_York", {"sun": "02:30-09:00"})
    day = datetime(2026, 3, 8, tzinfo=NY)
    # 02:30 does not exist: the span opens at 03:30 EDT, 5.5 real hours before 09:00 EDT.
    assert cal.open_intervals(day, day + 24 * H)[0][0] == datetime(2026, 3, 8, 3, 30, tzinfo=NY)
    assert cal.elapsed(day, day + 24 * H) == timedelta(hours=5, minutes=30)


def test_spring_forward_overnight_span_is_shorter() -> None:
    cal = BusinessCalendar.weekly("America/New_York", {"sat": "22:00-02:30"})
    start = datetime(2026, 3, 7, 22, tzinfo=NY)  # 03:00 UTC
    # 02:30 does not exist and moves to 03:30 EDT = 07:30 UTC: 4.5 real hours.
    assert cal.elapsed(start, start + 12 * H) == timedelta(hours=4, minutes=30)
    assert cal.next_close(start) == datetime(2026, 3, 8, 3, 30, tzinfo=NY)
    long_night = BusinessCalendar.weekly("America/New_York", {"sat": "22:00-06:00"})
    assert long_night.elapsed(start, start + 12 * H) == 7 * H  # 8 wall hours, one skipped


def test_fall_back_boundary_in_fold_takes_first_occurrence() -> None:
    # New York repeats 01:00-02:00 on Sunday 2026-11-01 (EDT, then EST).
    cal = BusinessCalendar.weekly("America/New_York", {"sun": ["00:00-01:30", "01:45-03:00"]})
    day = datetime(2026, 11, 1, tzinfo=NY)
    # 00:00 EDT-01:30 EDT = 1.5h; 01:45 EDT-03:00 EST = 2.25h.
    assert cal.elapsed(day, day + 24 * H) == timedelta(hours=3, minutes=45)
    second_0115 = datetime(2026, 11, 1, 1, 15, fold=1, tzinfo=NY)  # 06:15 UTC, inside 2nd span
    assert cal.is_open(second_0115)
    # Compared in UTC: Python never finds an ambiguous local time equal to another zone's.
    closes = cal.next_close(datetime(2026, 11, 1, 0, 30, tzinfo=NY))
    assert closes.astimezone(UTC) == utc(2026, 11, 1, 5, 30)
    assert closes.fold == 0


def test_fall_back_overnight_span_is_longer() -> None:
    cal = BusinessCalendar.weekly("Europe/Berlin", {"sat": "22:00-06:00"})
    start = datetime(2026, 10, 24, 12, tzinfo=BERLIN)  # clocks go back at 03:00 on Sunday
    assert cal.elapsed(start, start + 24 * H) == 9 * H


def test_lord_howe_half_hour_shift() -> None:
    # Lord Howe goes back from 02:00 (+11) to 01:30 (+10:30) on Sunday 2026-04-05: open
    # 01:00-02:00 that Sunday, 01:30-02:00 happens twice, 1 h 30 min. (The changes are read
    # from the zone data in use, see _zones: these while the data have them.)
    back = change_like("Australia/Lord_Howe", LORD_HOWE_BACK_2026)
    cal = BusinessCalendar.weekly("Australia/Lord_Howe", opening_around(back, H, 0 * H))
    day = first_instant(back.wall_before.date(), LORD_HOWE)
    assert cal.elapsed(day, day + 24 * H) == H + (back.before - back.after)
    # ... and forward from 02:00 (+10:30) to 02:30 (+11) on Sunday 2026-10-04: open
    # 01:00-03:00, 02:00-02:30 does not exist, 1 h 30 min.
    forward = change_like("Australia/Lord_Howe", LORD_HOWE_FORWARD_2026)
    spring_cal = BusinessCalendar.weekly("Australia/Lord_Howe", opening_around(forward, H, H))
    spring = first_instant(forward.wall_before.date(), LORD_HOWE)
    assert spring_cal.elapsed(spring, spring + 24 * H) == 2 * H - (forward.after - forward.before)


# -- add and its boundary rules ----------------------------------------------------------------


def test_forty_hour_add_over_weekend_and_holidays() -> None:
    cal = BusinessCalendar.weekly(
        "Europe/Berlin", {"mon-fri": "09:00-17:00"}, holidays=["2026-04-03", "2026-04-06"]
    )
    start = datetime(2026, 4, 2, 10, tzinfo=BERLIN)  # Thursday before Easter
    # Thu 7h, Good Friday, weekend, Easter Monday, Tue-Fri 32h, Mon 1h.
    due = cal.add(start, 40 * H)
    assert due == datetime(2026, 4, 13, 10, tzinfo=BERLIN)
    assert due.tzinfo is BERLIN
    assert cal.elapsed(start, due) == 40 * H


def test_add_running_out_at_close_gives_next_opening() -> None:
    assert NINE_TO_FIVE.add(utc(2026, 1, 5, 16), H) == utc(2026, 1, 6, 9)
    assert NINE_TO_FIVE.add(utc(2026, 1, 2, 16), H) == utc(2026, 1, 5, 9)  # Friday -> Monday
    due = NINE_TO_FIVE.add(utc(2026, 1, 5, 16), H)
    reply = utc(2026, 1, 6, 8, 30)  # before the next opening: still on time
    assert reply <= due
    assert NINE_TO_FIVE.elapsed(utc(2026, 1, 5, 16), reply) == H


def test_add_zero_is_next_open() -> None:
    sat = utc(2026, 1, 3, 12)
    assert NINE_TO_FIVE.add(sat, timedelta(0)) == NINE_TO_FIVE.next_open(sat) == utc(2026, 1, 5, 9)
    inside = utc(2026, 1, 5, 10)
    assert NINE_TO_FIVE.next_open(inside) == inside


def test_subtract() -> None:
    tue_10 = utc(2026, 1, 6, 10)
    assert NINE_TO_FIVE.add(tue_10, -H) == utc(2026, 1, 6, 9)  # stays at the opening
    assert NINE_TO_FIVE.add(tue_10, -2 * H) == utc(2026, 1, 5, 16)
    assert NINE_TO_FIVE.add(utc(2026, 1, 5, 9), -H) == utc(2026, 1, 2, 16)


def test_microsecond_precision() -> None:
    almost_close = utc(2026, 1, 5, 16, 59, 59, 999_999)
    assert NINE_TO_FIVE.add(almost_close, US) == utc(2026, 1, 6, 9)
    assert NINE_TO_FIVE.add(utc(2026, 1, 5, 9), US) == utc(2026, 1, 5, 9, 0, 0, 1)
    a = utc(2026, 1, 5, 9, 0, 0, 1)
    assert NINE_TO_FIVE.elapsed(a, almost_close) == 8 * H - 2 * US
    # Over decades, still exact: 52 weeks of 40 hours plus/minus whole days.
    far = NINE_TO_FIVE.add(a, 40 * H * 52 * 30 + 3 * US)
    assert NINE_TO_FIVE.elapsed(a, far) == 40 * H * 52 * 30 + 3 * US


def test_results_keep_the_input_zone() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    t = datetime(2026, 1, 5, 20, tzinfo=tokyo)  # 11:00 UTC
    assert NINE_TO_FIVE.add(t, H).tzinfo is tokyo
    assert NINE_TO_FIVE.add(t, H) == utc(2026, 1, 5, 12)
    assert NINE_TO_FIVE.next_close(t).tzinfo is tokyo
    assert all(s.tzinfo is tokyo for s, _ in NINE_TO_FIVE.open_intervals(t, t + 48 * H))


def test_next_close_of_closed_instant_is_itself() -> None:
    sat = utc(2026, 1, 3, 12)
    assert NINE_TO_FIVE.next_close(sat) == sat
    assert NINE_TO_FIVE.next_close(NINE_TO_FIVE.next_open(sat)) == utc(2026, 1, 5, 17)


# -- always and never --------------------------------------------------------------------------


def test_always_is_plain_arithmetic() -> None:
    cal = BusinessCalendar.always("Europe/Berlin")
    t = datetime(2026, 3, 28, 12, tzinfo=BERLIN)
    assert cal.is_always_open
    assert cal.add(t, 24 * H) == t.astimezone(UTC) + 24 * H
    # Berlin's clocks go forward on 29 March: real time, not Python's wall-clock ``t + 48h``.
    assert cal.elapsed(t, t + 48 * H) == 47 * H
    assert cal.elapsed(t, t.astimezone(UTC) + 48 * H) == 48 * H
    assert cal.open_intervals(t, t + H) == [(t, t + H)]
    assert cal.next_open(t) == t
    with pytest.raises(CalendarError):
        cal.next_close(t)
    assert BusinessCalendar.weekly("UTC", {"mon-sun": "00:00-24:00"}).is_always_open
    assert not BusinessCalendar.weekly("UTC", {"mon-sat": "00:00-24:00"}).is_always_open


def test_calendar_without_open_time_raises_instead_of_looping() -> None:
    never = BusinessCalendar.weekly("UTC", {})
    t = utc(2026, 1, 5)
    assert not never.is_open(t)
    assert never.elapsed(t, t + 1000 * H) == timedelta(0)
    assert never.next_close(t) == t
    with pytest.raises(CalendarError):
        never.next_open(t)
    with pytest.raises(CalendarError):
        never.add(t, H)
    every_monday_off = BusinessCalendar.weekly(
        "UTC", {"mon": "09:00-17:00"}, holidays=[rrule(WEEKLY, dtstart=datetime(2000, 1, 3))]
    )
    with pytest.raises(CalendarError):
        every_monday_off.add(t, H)


def test_override_only_calendar() -> None:
    cal = BusinessCalendar.weekly("UTC", {}, overrides={"2031-06-02": "10:00-11:00"})
    assert cal.next_open(utc(2026, 1, 1)) == utc(2031, 6, 2, 10)
    assert cal.add(utc(2032, 1, 1), -H) == utc(2031, 6, 2, 10)
    with pytest.raises(CalendarError):
        cal.next_open(utc(2031, 6, 2, 11))


# -- holidays sources --------------------------------------------------------------------------


def test_rrule_holidays_every_second_tuesday() -> None:
    rule = rrule(WEEKLY, interval=2, byweekday=TU, dtstart=datetime(2026, 1, 6))
    cal = BusinessCalendar.weekly("UTC", {"tue": "09:00-17:00"}, holidays=rule)
    # Tuesdays 6, 13, 20, 27 January: the 6th and 20th are holidays.
    assert cal.elapsed(utc(2026, 1, 1), utc(2026, 2, 1)) == 16 * H


def test_rruleset_and_holidays_package() -> None:
    rules = rruleset()
    rules.rrule(rrule(YEARLY, bymonth=12, bymonthday=25, dtstart=datetime(2000, 1, 1)))
    rules.exdate(datetime(2026, 12, 25))
    rules.rdate(datetime(2026, 12, 28))
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"}, holidays=rules)
    assert cal.is_open(utc(2026, 12, 25, 10))
    assert not cal.is_open(utc(2026, 12, 28, 10))
    assert not cal.is_open(utc(2025, 12, 25, 10))
    de = BusinessCalendar.weekly(
        "Europe/Berlin", {"mon-fri": "09:00-17:00"}, holidays=holidays.country_holidays("DE")
    )
    assert de.holiday_rules == (CountryHolidays("DE"),)
    assert not de.is_open(datetime(2026, 12, 25, 10, tzinfo=BERLIN))
    assert de.is_open(datetime(2026, 12, 23, 10, tzinfo=BERLIN))
    assert BusinessCalendar.from_dict(de.to_dict()) == de


def test_dates_added_to_a_holidays_calendar_are_kept() -> None:
    # A country calendar is stored by name; what the user added by hand must not be lost.
    bavaria = holidays.country_holidays("DE", subdiv="BY", years=2026)
    bavaria.update({date(2026, 7, 1): "Company day"})
    cal = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"}, holidays=bavaria)
    assert not cal.is_open(datetime(2026, 7, 1, 10, tzinfo=BERLIN))
    assert not cal.is_open(datetime(2026, 12, 25, 10, tzinfo=BERLIN))
    assert cal.is_open(datetime(2026, 7, 2, 10, tzinfo=BERLIN))
    assert BusinessCalendar.from_dict(cal.to_dict()) == cal
    bavaria.pop(date(2026, 12, 25))
    with pytest.raises(ConfigError, match=r"holidays\[0\]: .*'2026-12-25'"):
        BusinessCalendar.weekly("Europe/Berlin", {"mon": "09:00-17:00"}, holidays=bavaria)


def test_rruleset_with_different_starts_is_rejected() -> None:
    rules = rruleset()
    rules.rrule(rrule(YEARLY, dtstart=datetime(2000, 1, 1)))
    rules.rrule(rrule(YEARLY, dtstart=datetime(2001, 5, 1)))
    with pytest.raises(ConfigError, match="DTSTART"):
        BusinessCalendar.weekly("UTC", {"mon": "09:00-10:00"}, holidays=[rules])


# -- configuration -----------------------------------------------------------------------------

EXAMPLE: dict[str, Any] = {
    "tz": "Europe/Berlin",
    "hours": {"mon-fri": ["09:00-12:00", "13:00-17:00"], "sat": "10:00-14:00"},
    "holidays": ["2026-12-25"],
    "overrides": {"2026-12-24": ["09:00-12:00"]},
}


def test_from_dict_to_dict_round_trip() -> None:
    cal = BusinessCalendar.from_dict(EXAMPLE)
    assert cal.to_dict() == {**EXAMPLE, "hours": {**EXAMPLE["hours"], "sat": ["10:00-14:00"]}}
    assert BusinessCalendar.from_dict(cal.to_dict()) == cal
    assert eval(repr(cal), {"BusinessCalendar": BusinessCalendar}) == cal
    assert hash(cal) == hash(BusinessCalendar.from_dict(EXAMPLE))
    # Thu 24 Dec: 3h; Fri 25: holiday; Sat 26: 4h
    assert cal.elapsed(
        datetime(2026, 12, 24, tzinfo=BERLIN), datetime(2026, 12, 27, tzinfo=BERLIN)
    ) == (7 * H)


def test_from_dict_accepts_toml_dates_and_spellings() -> None:
    cal = BusinessCalendar.from_dict(
        {
            "tz": "UTC",
            "hours": {"Sat,Sun": "22:00-00:00", "mon": [], "tue-thu": "00:00-24:00"},
            "holidays": [date(2026, 1, 1), {"rrule": "DTSTART:20260101\nRRULE:FREQ=YEARLY"}],
            "overrides": {date(2026, 1, 2): "10:00-11:00"},
        }
    )
    assert cal.hours[5] == ((1320, 1440),)
    assert cal.overrides == ((date(2026, 1, 2), ((600, 660),)),)
    assert BusinessCalendar.from_dict(cal.to_dict()) == cal


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"tz": "UTC", "hours": {"mon": "25:00-26:00"}}, "hours.mon"),
        ({"tz": "UTC", "hours": {"mon": ["09:00-10:00", "9-5"]}}, "hours.mon[1]"),
        ({"tz": "UTC", "hours": {"mon-fri": ["09:00-12:00", "11:00-13:00"]}}, "hours.mon-fri"),
        ({"tz": "UTC", "hours": {"mon": "22:00-06:00", "mon ": "05:00-07:00"}}, "hours.mon "),
        ({"tz": "Mars/Olympus_Mons"}, "tz"),
        ({"tz": "UTC", "hours": {"mondays": "09:00-10:00"}}, "hours.mondays"),
        ({"tz": "UTC", "hours": {"mon": "09:00-09:00"}}, "hours.mon"),
        ({"tz": "UTC", "hours": {"mon": "24:00-02:00"}}, "hours.mon"),
        ({"tz": "UTC", "hours": {"mon": "09:60-10:00"}}, "hours.mon"),
        ({"tz": "UTC", "holidays": ["2026-02-30"]}, "holidays[0]"),
        ({"tz": "UTC", "holidays": [{"rrule": "FREQ=NEVER"}]}, "holidays[0].rrule"),
        ({"tz": "UTC", "holidays": [{"country": "Atlantis"}]}, "holidays[0].country"),
        ({"tz": "UTC", "overrides": {"2026-12-24": ["13:00-17:00", "09:00-14:00"]}}, "overrides"),
        ({"tz": "UTC", "colour": "blue"}, "colour"),
        ({"hours": {}}, "tz"),
    ],
)
def test_from_dict_errors_name_the_field(data: dict[str, object], path: str) -> None:
    with pytest.raises(ConfigError) as info:
        BusinessCalendar.from_dict(data)
    assert info.value.path.startswith(path)


def test_direct_construction_is_validated() -> None:
    with pytest.raises(ConfigError, match=r"hours\.tue"):
        BusinessCalendar(ZoneInfo("UTC"), ((), ((600, 500),), (), (), (), (), ()))
    with pytest.raises(ConfigError, match="overrides"):
        BusinessCalendar(
            ZoneInfo("UTC"), overrides=((date(2026, 1, 2), ()), (date(2026, 1, 1), ()))
        )
    with pytest.raises(TypeError):
        BusinessCalendar("UTC")  # type: ignore[arg-type]


def test_rrule_text_is_validated() -> None:
    with pytest.raises(ConfigError):
        RRuleHolidays("RRULE:FREQ=SOMETIMES")


def test_inputs_are_checked() -> None:
    with pytest.raises(NaiveDatetimeError):
        NINE_TO_FIVE.is_open(datetime(2026, 1, 5, 10))
    with pytest.raises(NaiveDatetimeError):
        NINE_TO_FIVE.elapsed(utc(2026, 1, 5), datetime(2026, 1, 6))
    with pytest.raises(InputTypeError):
        NINE_TO_FIVE.add(utc(2026, 1, 5), 3600)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        NINE_TO_FIVE.next_open("2026-01-05")  # type: ignore[arg-type]


def test_pickle_and_cache_do_not_affect_equality() -> None:
    cal = BusinessCalendar.from_dict(EXAMPLE)
    fresh = BusinessCalendar.from_dict(EXAMPLE)
    cal.elapsed(utc(2026, 1, 1), utc(2027, 1, 1))  # fills the cache
    assert cal == fresh
    assert hash(cal) == hash(fresh)
    clone = pickle.loads(pickle.dumps(cal))
    assert clone == cal
    assert clone.elapsed(utc(2026, 1, 1), utc(2027, 1, 1)) == cal.elapsed(
        utc(2026, 1, 1), utc(2027, 1, 1)
    )


def test_instants_outside_the_supported_years_raise_calendar_error() -> None:
    with pytest.raises(CalendarError):
        NINE_TO_FIVE.is_open(datetime(9999, 12, 31, 12, tzinfo=UTC))
    with pytest.raises(CalendarError):
        NINE_TO_FIVE.elapsed(datetime(1, 1, 2, tzinfo=UTC), utc(2026, 1, 1))
    with pytest.raises(CalendarError):
        NINE_TO_FIVE.add(utc(3, 1, 5), -timedelta(hours=5000))


# -- the one config layer: unknown keys, full paths, files -------------------------------------


@pytest.mark.parametrize(
    ("data", "path", "allowed"),
    [
        ({"tz": "UTC", "holiday": []}, "holiday", ["holidays", "hours", "overrides", "tz"]),
        (
            {"tz": "UTC", "holidays": ["2026-12-25", {"country": "DE", "subdivision": "BY"}]},
            "holidays[1].subdivision",
            ["country", "observed", "subdiv"],
        ),
        (
            {"tz": "UTC", "holidays": [{"rrule": "RRULE:FREQ=YEARLY", "note": "x"}]},
            "holidays[0].note",
            ["rrule"],
        ),
        (
            {"tz": "UTC", "holidays": [{"countri": "DE"}]},
            "holidays[0].countri",
            ["country", "observed", "rrule", "subdiv"],
        ),
    ],
)
def test_unknown_key_at_depth_names_its_full_path(
    data: dict[str, Any], path: str, allowed: list[str]
) -> None:
    key = path.rsplit(".", 1)[-1]
    with pytest.raises(ConfigError) as info:
        BusinessCalendar.from_dict(data)
    assert info.value.path == path
    assert info.value.message == f"unknown key {key!r}; expected one of {allowed}"
    assert str(info.value) == f"{path}: unknown key {key!r}; expected one of {allowed}"


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"tz": "UTC", "hours": {"mon": ["09:00-10:00", "9-5"]}}, "hours.mon[1]"),
        (
            {"tz": "UTC", "overrides": {"2026-12-24": ["09:00-12:00", "13-17"]}},
            "overrides.2026-12-24[1]",
        ),
        ({"tz": "UTC", "overrides": {"2026-12-24": 5}}, "overrides.2026-12-24"),
        ({"tz": "UTC", "overrides": {"24.12.2026": []}}, "overrides.24.12.2026"),
        ({"tz": "UTC", "holidays": ["2026-12-25", "2026-02-30"]}, "holidays[1]"),
        ({"tz": "UTC", "hours": {"mon": 9}}, "hours.mon"),
        ({"tz": "UTC", "hours": ["09:00-17:00"]}, "hours"),
    ],
)
def test_value_errors_name_their_full_path(data: dict[str, Any], path: str) -> None:
    with pytest.raises(ConfigError) as info:
        BusinessCalendar.from_dict(data)
    assert info.value.path == path


def test_from_toml_and_from_json_read_the_from_dict_shape() -> None:
    toml = """
tz = "Europe/Berlin"
holidays = ["2026-12-25", {country = "DE", subdiv = "BY"}]
[hours]
mon-fri = ["09:00-12:00", "13:00-17:00"]
[overrides]
2026-12-24 = ["09:00-12:00"]
"""
    cal = BusinessCalendar.from_toml(toml)
    assert cal.overrides == ((date(2026, 12, 24), ((540, 720),)),)
    assert cal.holiday_rules == (CountryHolidays("DE", subdiv="BY"),)
    assert BusinessCalendar.from_json(json.dumps(cal.to_dict())) == cal


def test_from_file_error_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "calendar.toml"
    bad.write_text('tz = "UTC"\n[hours]\nmon = "09:00-17:00"\n[extra]\nx = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        BusinessCalendar.from_file(bad)
    assert info.value.source == str(bad)
    assert info.value.path == "extra"
    assert str(info.value).startswith(f"{bad}: extra: unknown key 'extra'; expected one of [")
    good = tmp_path / "calendar.json"
    good.write_text('{"tz": "UTC", "hours": {"mon": "09:00-17:00"}}', encoding="utf-8")
    assert BusinessCalendar.from_file(good) == BusinessCalendar.weekly(
        "UTC", {"mon": "09:00-17:00"}
    )


def test_pickles_name_only_the_public_module() -> None:
    cal = BusinessCalendar.weekly(
        "Europe/Berlin",
        {"mon-fri": "09:00-17:00"},
        holidays=["2026-12-25", {"rrule": "DTSTART:20260101T000000\nRRULE:FREQ=YEARLY"}],
    )
    for value in (cal, RRuleHolidays("DTSTART:20260101T000000\nRRULE:FREQ=YEARLY")):
        data = pickle.dumps(value)
        assert b"servicemodel.calendar._" not in data
        assert b"servicemodel.calendar" in data
        assert pickle.loads(data) == value
    assert BusinessCalendar.__module__ == "servicemodel.calendar"


def test_calendar_like_is_what_a_business_calendar_offers() -> None:
    from servicemodel.calendar import CalendarLike

    assert isinstance(NINE_TO_FIVE, CalendarLike)
    assert not isinstance(object(), CalendarLike)
