"""A timestamp refused after strptime read it (a day its year lacks, a zone name against its
offset) is an error naming the timestamp as written.

docs/exports.md: a timestamp naming a day of the year or a week its year does not have
(``2025 366`` by ``%Y %j``) is an error for its case, never moved into the next year; a ``%p``
also reads the dotted markers (``p.m.``, ``p. m.``). The error names the value the export
holds, not the text with its marker rewritten for strptime.
"""

from __future__ import annotations

import calendar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.io.eventlog import parse_timestamp

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
