"""A list of ``date_format``s passes over a format naming a day its year lacks, as over 30 February.

docs/exports.md: ``date_format`` is a format or a list of them tried in order; a timestamp
naming a day of the year or a week its year does not have (``2025 366`` by ``%Y %j``, ISO
week 53 of a year of 52) is refused as a date strptime refuses (30 February) is: the next
format is tried, and the error -- the one that format alone gives -- is raised only when no
format reads the timestamp. The list stopped at the first format whose shape matched.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.io.eventlog import parse_timestamp

#: Years without a 29 February: day 366 is not theirs.
_COMMON_YEARS = st.integers(1971, 2999).filter(lambda y: not calendar.isleap(y))
#: Reads ``YYYY 366`` as a day its year lacks (strptime alone would read 1 January after).
_LACKS = "%Y %j"
#: Never match ``YYYY 366``: another layout, or a month and day strptime refuses ("3" "66").
_OTHERS = ("%d/%m/%Y", "%Y-%m-%d", "%Y %j %H:%M", "%Y %m%d", "%Y-%j")
#: Reads ``YYYY 366`` as Sunday-based week 36 (``%U``), its weekday 6 (a Saturday).
_READS = "%Y %U%w"


def _week_36_saturday(year: int) -> date:
    # Python's datetime docs: %U counts weeks from the year's first Sunday (week 1); %w 6 is
    # Saturday, the sixth day after that week's Sunday.
    jan1 = date(year, 1, 1)
    first_sunday = jan1 + timedelta(days=(6 - jan1.weekday()) % 7)
    return first_sunday + timedelta(weeks=35, days=6)


def _lacks_message(year: int) -> str:
    # The error of "%Y %j" alone (tests/test_date_format_day_the_year_lacks.py): day 366 of a
    # common year is 1 January of the next one to strptime.
    return (
        f"timestamp '{year} 366': date_format '%Y %j' reads a day that the year {year} does "
        f"not have (strptime would read {year + 1}-01-01)"
    )


@given(
    year=_COMMON_YEARS,
    formats=st.lists(st.sampled_from((_LACKS, *_OTHERS)), min_size=1, max_size=5, unique=True),
    reads_at=st.none() | st.integers(0, 5),
)
def test_a_day_its_year_lacks_passes_to_the_next_format(
    year: int, formats: list[str], reads_at: int | None
) -> None:
    if reads_at is not None:
        formats.insert(min(reads_at, len(formats)), _READS)
    text = f"{year} 366"
    if _READS in formats:
        # The one format that reads the text gives its date, wherever it stands in the list.
        got = parse_timestamp(text, tz="UTC", date_format=formats)
        expected = _week_36_saturday(year)
        assert got == datetime(expected.year, expected.month, expected.day, tzinfo=UTC)
    elif _LACKS in formats:
        # None reads it: the error is the one the format naming the lacking day gives alone.
        with pytest.raises(ConfigError) as caught:
            parse_timestamp(text, tz="UTC", date_format=formats)
        assert type(caught.value) is ConfigError
        assert str(caught.value) == _lacks_message(year)
        with pytest.raises(ConfigError) as alone:
            parse_timestamp(text, tz="UTC", date_format=_LACKS)
        assert str(alone.value) == str(caught.value)
    else:
        with pytest.raises(ConfigError, match=r"matches neither date_format"):
            parse_timestamp(text, tz="UTC", date_format=formats)


def _iso_weeks(year: int) -> int:
    # ISO 8601: a year has 53 weeks when it begins on a Thursday, or is a leap year that
    # begins on a Wednesday; else 52.
    jan1 = date(year, 1, 1).isoweekday()
    return 53 if jan1 == 4 or (calendar.isleap(year) and jan1 == 3) else 52


@given(year=st.integers(1971, 2999).filter(lambda y: _iso_weeks(y) == 52), day=st.integers(1, 6))
def test_an_iso_week_its_year_lacks_passes_to_a_monday_based_week(year: int, day: int) -> None:
    # "2025-W53-1": ISO week 53 of a year of 52 weeks; the second format reads the same text
    # as Monday-based week 53 (%W: weeks from the year's first Monday, %w 1-6 Monday-Saturday),
    # a day of that year when the year has one, else a day its year lacks too.
    text = f"{year}-W53-{day}"
    formats = ["%G-W%V-%u", "%Y-W%W-%w"]
    jan1 = date(year, 1, 1)
    first_monday = jan1 + timedelta(days=(7 - jan1.weekday()) % 7)
    expected = first_monday + timedelta(weeks=52, days=day - 1)
    if expected.year == year:
        got = parse_timestamp(text, tz="UTC", date_format=formats)
        assert got == datetime(year, expected.month, expected.day, tzinfo=UTC)
    else:
        # Neither reads it: the first refusal, the ISO week's, as that format alone gives it.
        with pytest.raises(ConfigError) as caught:
            parse_timestamp(text, tz="UTC", date_format=formats)
        assert str(caught.value) == (
            f"timestamp {text!r}: date_format '%G-W%V-%u' reads a day that the year {year} "
            "does not have (ISO week 53 of a year of 52 weeks)"
        )


@given(year=_COMMON_YEARS)
def test_month_names_pass_over_a_day_its_year_lacks_too(year: int) -> None:
    # With month_names the formats are tried in order as well (docs/exports-summary.md).
    formats = ["%d %b %Y", _LACKS, _READS]
    expected = _week_36_saturday(year)
    got = parse_timestamp(f"{year} 366", tz="UTC", date_format=formats, month_names="fr")
    assert got == datetime(expected.year, expected.month, expected.day, tzinfo=UTC)
    assert parse_timestamp(
        f"6 févr. {year}", tz="UTC", date_format=formats, month_names="fr"
    ) == datetime(year, 2, 6, tzinfo=UTC)
    with pytest.raises(ConfigError) as caught:
        parse_timestamp(f"{year} 366", tz="UTC", date_format=formats[:2], month_names="fr")
    assert str(caught.value) == _lacks_message(year)


def test_30_february_and_a_day_its_year_lacks_are_passed_over_alike() -> None:
    # 30 December read day first is month 30, which strptime refuses: the next format reads
    # it. Day 366 of 2025 is passed over the same way: week 36's Saturday, 13 September 2025.
    assert parse_timestamp("2026-12-30", tz="UTC", date_format=["%Y-%d-%m", "%Y-%m-%d"]) == (
        datetime(2026, 12, 30, tzinfo=UTC)
    )
    assert parse_timestamp("2025 366", tz="UTC", date_format=[_LACKS, _READS]) == datetime(
        2025, 9, 13, tzinfo=UTC
    )
