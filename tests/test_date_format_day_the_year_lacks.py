"""A timestamp refused after strptime read it (a day its year lacks, a zone name against its
offset) is an error naming the timestamp as written.

docs/exports.md: a timestamp naming a day of the year or a week its year does not have
(``2025 366`` by ``%Y %j``) is an error for its case, never moved into the next year; a ``%p``
also reads the dotted markers (``p.m.``, ``p. m.``). The error names the value the export
holds, not the text with its marker rewritten for strptime.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.io.eventlog import parse_timestamp
from servicemodel.io.eventlog._time import date_formats

#: Years without a 29 February: day 366 is not theirs.
_COMMON_YEARS = st.integers(1971, 2999).filter(lambda y: not calendar.isleap(y))
_MARKERS = st.sampled_from(["p.m.", "P.M.", "p. m.", "a.m.", "A. M.", "PM", "am"])


@given(year=_COMMON_YEARS, hour=st.integers(1, 12), marker=_MARKERS)
def test_day_366_of_a_common_year_names_the_timestamp_as_written(
    year: int, hour: int, marker: str
) -> None:
    text = f"{year} 366 {hour} {marker}"
    with pytest.raises(ConfigError) as caught:
        parse_timestamp(text, tz="UTC", date_format="%Y %j %I %p")
    message = str(caught.value)
    assert f"timestamp {text!r}:" in message
    assert f"the year {year} does not have" in message


@given(
    hour=st.integers(1, 12),
    marker=_MARKERS,
    name=st.sampled_from(["UTC", "GMT", "utc"]),
    offset=st.sampled_from(["+0100", "-0530", "+1200"]),
)
def test_a_zone_name_against_its_offset_names_the_timestamp_as_written(
    hour: int, marker: str, name: str, offset: str
) -> None:
    # docs/exports.md: a UTC or GMT read by %Z beside a non-zero offset read by %z contradicts
    # it and is refused; the error names the timestamp the export holds.
    text = f"2026-03-02 {hour} {marker} {name} {offset}"
    with pytest.raises(ConfigError) as caught:
        parse_timestamp(text, tz="UTC", date_format="%Y-%m-%d %I %p %Z %z")
    assert f"timestamp {text!r}:" in str(caught.value)
    assert "contradict" in str(caught.value)


class _StrictISOWeeks(datetime):
    """``datetime`` whose strptime refuses an ISO week its ISO year lacks, as Python 3.12 and
    later do (``ValueError: Invalid week``), where Python 3.11 moves it to the next year."""

    @classmethod
    def strptime(cls, date_string: str, format: str) -> datetime:
        found = datetime.strptime(date_string, format)
        if "%V" in format and found.isocalendar()[0] != int(date_string[:4]):
            raise ValueError("Invalid week")
        return found


def _last_iso_week(year: int) -> int:
    # ISO 8601: a year has 53 weeks when it begins on a Thursday, or is a leap year that
    # begins on a Wednesday; else 52.
    jan1 = datetime(year, 1, 1).isoweekday()
    return 53 if jan1 == 4 or (calendar.isleap(year) and jan1 == 3) else 52


@pytest.mark.parametrize("strict", [False, True])
@given(year=st.integers(1971, 2999), day=st.integers(1, 7))
def test_an_iso_week_53_its_year_lacks_is_the_same_error_on_every_python(
    strict: bool, year: int, day: int
) -> None:
    # docs/exports.md: ISO week 53 of a year of 52 is an error for its case, never a day of
    # the next year; strict emulates Python 3.12's strptime, which refuses it itself.
    text = f"{year}-W53-{day}"
    with pytest.MonkeyPatch.context() as patch:
        if strict:
            patch.setattr("servicemodel.io.eventlog._time.datetime", _StrictISOWeeks)
        if _last_iso_week(year) == 53:
            got = parse_timestamp(text, tz="UTC", date_format="%G-W%V-%u")
            assert tuple(got.isocalendar()) == (year, 53, day)
        else:
            with pytest.raises(ConfigError, match=rf"'{text}'.*the year {year} does not have"):
                parse_timestamp(text, tz="UTC", date_format="%G-W%V-%u")


@given(
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    clock=st.sampled_from(["%I:%M", "%I.%M", "%I%M", "T%I:%M:%S"]),
)
def test_a_12_hour_clock_without_its_marker_is_refused(hour: int, minute: int, clock: str) -> None:
    # Python's datetime docs: strptime's %p affects the hour only with %I, and an %I read
    # without it is taken as before noon -- 12:30 read as 00:30, an afternoon's 2:05 as 02:05.
    # Such a format is refused before any row is read, as %p without %I is (docs/exports.md).
    fmt = f"%Y-%m-%d {clock}"
    with pytest.raises(ConfigError, match=r"reads a 12-hour hour \(%I\) without its marker"):
        date_formats(fmt)
    text = datetime(2026, 3, 2, hour, minute).strftime(fmt)
    with pytest.raises(ConfigError, match=r"without its marker"):
        parse_timestamp(text, tz="UTC", date_format=fmt)
    # With the marker the same clock reads every hour of the day back.
    marked = f"{fmt} %p"
    assert parse_timestamp(
        datetime(2026, 3, 2, hour, minute).strftime(marked), tz="UTC", date_format=marked
    ) == datetime(2026, 3, 2, hour, minute, tzinfo=UTC)


@given(year=_COMMON_YEARS.filter(lambda y: 1969 <= y <= 2068))
def test_a_two_digit_year_is_named_as_the_year_it_stands_for(year: int) -> None:
    # Python's datetime docs: %y reads 69-99 as 1969-1999 and 00-68 as 2000-2068; the error
    # names the year the text stands for, not its last two digits.
    text = f"{year % 100:02d} 366"
    with pytest.raises(ConfigError, match=rf"the year {year} does not have"):
        parse_timestamp(text, tz="UTC", date_format="%y %j")
