"""A timestamp naming a day its year does not have is an error naming the timestamp as written.

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
