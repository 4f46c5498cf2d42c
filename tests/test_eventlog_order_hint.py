"""io.eventlog: the hint after a numeric date that is no date in the order read.

Law: the error suggests the other day/month order exactly when that order reads the text
(``31/31/2026`` is no date either way, so no ``dayfirst`` is suggested for it).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.io.eventlog import parse_timestamp


def valid(day: int, month: int, year: int) -> bool:
    """The reference: whether the parts are a calendar date (independent of the reader)."""
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return True


@settings(max_examples=200)
@given(
    a=st.integers(0, 40), b=st.integers(0, 40), year=st.integers(1990, 2040),
    dayfirst=st.booleans(), clock=st.sampled_from(["", " 10:00", " 99:00"]),
)  # fmt: skip
def test_the_other_order_is_suggested_exactly_when_it_reads_the_date(
    a: int, b: int, year: int, dayfirst: bool, clock: str
) -> None:
    text = f"{a}/{b}/{year}{clock}"
    day, month = (a, b) if dayfirst else (b, a)
    clock_ok = clock != " 99:00"
    if valid(day, month, year) and clock_ok:
        assert parse_timestamp(text, tz="UTC", dayfirst=dayfirst).day == day
        return
    with pytest.raises(ConfigError) as caught:
        parse_timestamp(text, tz="UTC", dayfirst=dayfirst)
    message = str(caught.value)
    other_reads = valid(month, day, year) and clock_ok  # the other order's day and month
    suggests = "dayfirst=True reads D/M/Y" in message or "dayfirst=False reads M/D/Y" in message
    assert suggests == other_reads, message


def test_a_date_no_order_reads_suggests_no_dayfirst() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_timestamp("31/31/2026 10:00", tz="UTC")
    assert str(caught.value) == (
        "not a valid M/D/Y timestamp: '31/31/2026 10:00' "
        "(read month first; D/M/Y does not read it either)"
    )


def test_a_day_first_date_read_month_first_still_suggests_dayfirst() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_timestamp("30/11/2026", tz="UTC")
    assert str(caught.value).endswith("(dayfirst=True reads D/M/Y)")
