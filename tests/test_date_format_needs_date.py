"""A ``date_format`` must read a year and a day, once: strptime fills what a format leaves out.

``datetime.strptime("30/11 14:05", "%d/%m %H:%M")`` is 1900-11-30 14:05, so a format without a
year read every timestamp of a log into 1900, and one without a day (``'%Y-%m'``) put every
event on the 1st: silently wrong instants. Such a format is a ``ConfigError`` naming it and
what it lacks; every format accepted reads back the calendar date it writes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.io import eventlog
from servicemodel.io.eventlog import parse_timestamp
from servicemodel.io.eventlog._time import date_formats

#: Directives that strptime reads back, in groups that a format may combine.
_PARTS = st.lists(
    st.sampled_from(
        ["%Y", "%y", "%m", "%b", "%B", "%d", "%j", "%H", "%M", "%S", "%U %w", "%W %a", "%A"]
    ),
    min_size=1,
    max_size=5,
    unique=True,
)


def _reads_date(parts: list[str]) -> bool:
    """Year and day, each read once, by the rule the docs state, decided independently of
    the library: strptime keeps one of two readings of the year, the month or the day (a
    week number with its weekday is a day, and a second weekday beside it is read twice; it
    and a day of the year, %j, give the month too, and strptime drops a %m, %b or %B beside
    them; two month names are read as one, and checked)."""
    years = [p for p in parts if p in ("%Y", "%y")]
    months = [p for p in parts if p == "%m"] + [p for p in parts if p in ("%b", "%B")][:1]
    weeks = [p for p in parts if p in ("%U %w", "%W %a")]
    days = [p for p in parts if p in ("%d", "%j")] + weeks
    if months:
        months += [p for p in parts if p == "%j"] + weeks
    # Beside a week number the weekday is part of the day: a second one is read twice.
    weekdays = weeks + [p for p in parts if p == "%A"] if weeks else []
    if any(len(read) > 1 for read in (years, months, days, weekdays)):
        return False
    return bool(years) and (("%d" in parts and bool(months)) or "%j" in parts or bool(weeks))


@given(parts=_PARTS, instant=st.datetimes(min_value=datetime(1971, 1, 1),
                                          max_value=datetime(2068, 12, 31)))  # fmt: skip
def test_a_format_is_accepted_exactly_when_it_reads_year_and_day(
    parts: list[str], instant: datetime
) -> None:
    fmt = " ".join(parts)
    message = ""
    try:
        date_formats(fmt)
    except ConfigError as err:
        message = str(err)
    if "is not a strptime format" in message:  # e.g. %U %w beside %j: not this rule's case
        return
    accepted = not message
    if not accepted:
        assert f"{fmt!r} reads " in message
    assert accepted == _reads_date(parts)
    if accepted:  # every accepted format reads back the calendar date it writes
        text = instant.replace(tzinfo=UTC).strftime(fmt)
        got = parse_timestamp(text, tz="UTC", date_format=fmt)
        assert got.date() == instant.date()


@pytest.mark.parametrize(
    ("fmt", "missing"),
    [
        ("%d/%m %H:%M", "no year:"),
        ("%b %d %H:%M:%S", "no year:"),  # syslog's layout
        ("%H:%M", "no year and day:"),
        ("%Y-%m", "no day:"),
        ("%d %Y", "no day:"),  # a day of which month?
        ("%Y %U", "no day:"),  # a week without its weekday
        ("%%Y %d/%m", "no year:"),  # '%%' is a literal percent sign
        ("%d %m %b %Y", "the month twice"),
        ("%Y %j %d/%m", "the day twice"),
        # strptime keeps the later year, and the week's day over %d/%m or %j
        ("%Y %y %m %d", "the year twice"),
        ("%x %Y", "the year twice"),  # %x is a whole date (C locale: %m/%d/%y)
        ("%c %m", "the month twice"),  # %c is a whole date (C locale: ... %b %d ... %Y)
        ("%Y-%m-%d W%U %w", "the day twice"),
        ("%Y %j %W %a", "the day twice"),
        ("%G-W%V-%u %d/%m", "the day twice"),
        ("%x %j", "the day twice"),
    ],
)
def test_a_format_missing_part_of_the_date_is_named(fmt: str, missing: str) -> None:
    with pytest.raises(ConfigError, match=rf"date_format: '{fmt}' reads {missing}"):
        date_formats(fmt)
    with pytest.raises(ConfigError, match=r"date_format\[1\]: .* reads "):
        date_formats(["%d/%m/%Y", fmt])


@pytest.mark.parametrize("fmt", ["%b %d %H:%M:%S", "%Y-%m", "%H:%M"])
def test_the_error_names_every_way_a_format_may_read_the_date(fmt: str) -> None:
    # The documented ways: a year is %Y or %y; a day is %d with %m, %b or %B, %j, or a week
    # number with its weekday (docs/exports.md, date_format).
    with pytest.raises(ConfigError) as info:
        date_formats(fmt)
    needs = str(info.value).split("a format needs ", 1)[1]
    for way in ("%Y", "%y", "%d with %m, %b or %B", "%j", "a week number with its weekday"):
        assert way in needs


def test_the_event_log_refuses_a_yearless_format_before_reading_a_row(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "case:concept:name,concept:name,time:timestamp\nC1,Done,30/11 14:05\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="'%d/%m %H:%M' reads no year"):
        eventlog.load(path, status_map={"Done": "solved"}, tz="UTC", date_format="%d/%m %H:%M")


@pytest.mark.parametrize(
    "fmt",
    [
        "%a, %d %b %Y %H:%M:%S %z",  # RFC 2822 (email Date:, RSS): the weekday is not a day
        "%Y%m%d%H%M%S",
        "%G-W%V-%u %H:%M",  # ISO 8601 week date
        "%Y-W%W-%w",
        "%y%j",
        "%c",
        "%x %X",
        "%d %b %B %Y",  # two month names: read, and checked to agree
        "%Y-%m-%d %H:%M 100%%",  # '%%' is a literal percent sign
    ],
)
def test_formats_that_read_each_part_of_the_date_once_are_accepted(fmt: str) -> None:
    assert date_formats(fmt) == (fmt,)
