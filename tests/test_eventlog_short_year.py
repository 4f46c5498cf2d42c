"""A two-digit year is never guessed, but the error names a format that reads it.

Spreadsheets re-save an export's dates as ``11/30/26 2:05 PM``: the readers refuse to guess the
century and the order, and the message says which ``date_format`` would read the value. The
law: the suggested format, given back to the reader, reads the same text as an instant, and
when the value shows its order (a day after the 12th) that instant is the one written.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, ServiceModelError
from servicemodel.io.eventlog import parse_timestamp

#: How spreadsheets and helpdesks write a short-year date: (strftime layout, day first?).
LAYOUTS = [
    ("%m/%d/%y %H:%M", False),
    ("%m/%d/%y %I:%M %p", False),
    ("%m/%d/%y %H:%M:%S", False),
    ("%d.%m.%y %H:%M", True),
    ("%d/%m/%y %H:%M", True),
    ("%d-%m-%y", True),
    ("%m/%d/%y", False),
]


def _suggestion(text: str) -> str:
    with pytest.raises(ConfigError) as err:
        parse_timestamp(text, tz="UTC")
    found = re.search(r"date_format = '([^']+)'", str(err.value))
    assert found, str(err.value)
    return found[1]


@given(
    at=st.datetimes(datetime(2000, 1, 13), datetime(2068, 12, 31)).filter(lambda d: d.day > 12),
    layout=st.sampled_from(LAYOUTS),
)
def test_the_suggested_format_reads_back_the_written_instant(
    at: datetime, layout: tuple[str, bool]
) -> None:
    fmt, _ = layout
    text = at.strftime(fmt)
    suggested = _suggestion(text)
    read = parse_timestamp(text, tz="UTC", date_format=suggested)
    # The written instant, to the layout's precision (strptime's own round trip).
    assert read == datetime.strptime(text, fmt).replace(tzinfo=UTC)


@given(
    at=st.datetimes(datetime(2000, 1, 1), datetime(2068, 12, 12)).filter(lambda d: d.day <= 12),
    layout=st.sampled_from(LAYOUTS),
)
def test_an_ambiguous_order_still_gets_a_format_that_reads_and_a_warning(
    at: datetime, layout: tuple[str, bool]
) -> None:
    text = at.strftime(layout[0])
    with pytest.raises(ConfigError) as err:
        parse_timestamp(text, tz="UTC")
    assert "check the day/month order" in str(err.value)
    parse_timestamp(text, tz="UTC", date_format=_suggestion(text))


@pytest.mark.parametrize("text", ["13/13/26 10:00", "1/2/26 25:00", "11/30/26 13:05 P.M."])
def test_no_suggestion_when_no_format_reads_the_value(text: str) -> None:
    with pytest.raises(ServiceModelError) as err:
        parse_timestamp(text, tz="UTC")
    assert "date_format = '" not in str(err.value)
    assert repr(text) in str(err.value)


@pytest.mark.parametrize("text", ["11/30/26 2:05 A.M.", "11/30/26 2:05 a. m."])
def test_a_dotted_marker_gets_the_format_that_reads_it(text: str) -> None:
    # %p reads the dotted markers too, so the suggestion is honest for them.
    suggested = _suggestion(text)
    assert suggested == "%m/%d/%y %I:%M %p"
    read = parse_timestamp(text, tz="UTC", date_format=suggested)
    assert read == datetime(2026, 11, 30, 2, 5, tzinfo=UTC)


def test_four_digit_years_are_unchanged() -> None:
    # The numeric layouts read natively keep reading; no suggestion is involved.
    read = parse_timestamp("11/30/2026 14:05", tz="UTC")
    assert read == datetime(2026, 11, 30, 14, 5, tzinfo=UTC)
