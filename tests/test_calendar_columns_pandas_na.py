"""``pandas.NA`` in a pandas column of starts or ends is a missing value, as ``None`` is there.

pandas makes ``None`` or ``NaT`` beside aware datetimes the ``NaT`` of a zoned column, but
keeps ``pandas.NA`` (the missing value of its nullable dtypes) in an object column, which
``elapsed_many`` and ``add_many`` refused cell by cell ("expected an aware datetime, got
NAType"), while a durations column already read it as missing. docs/calendars.md: a missing
value gives a missing answer, and every other answer is exactly the scalar one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import InputTypeError

OFFICE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": ["09:00-12:00", "13:00-17:00"]})
MISSING = (None, pd.NaT, pd.NA)


def moments() -> st.SearchStrategy[datetime]:
    return st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    )


def cells() -> st.SearchStrategy[list[Any]]:
    """Aware datetimes and missing values, with at least one ``pandas.NA`` and one instant."""
    return st.lists(st.one_of(moments(), st.sampled_from(MISSING)), max_size=12).map(
        lambda xs: [datetime(2026, 1, 5, 8, tzinfo=UTC), *xs, pd.NA]
    )


def column(values: list[Any], kind: str) -> Any:
    return (
        pd.Series(values, index=range(len(values), 0, -1)) if kind == "series" else pd.Index(values)
    )


def with_none(values: list[Any]) -> list[Any]:
    return [None if v is pd.NA else v for v in values]


@given(
    cells(),
    st.sampled_from(["series", "index"]),
    st.timedeltas(min_value=timedelta(days=-99), max_value=timedelta(days=99)),
)
def test_add_many_reads_na_in_starts_as_none(
    values: list[Any], kind: str, duration: timedelta
) -> None:
    got = OFFICE.add_many(column(values, kind), duration)
    # The same answer, of the same kind, as the column with None in each NA's place.
    expected = OFFICE.add_many(column(with_none(values), kind), duration)
    assert type(got) is type(expected)
    assert got.dtype == expected.dtype
    assert list(got.index if kind == "series" else got) == list(
        expected.index if kind == "series" else expected
    )
    for value, answer in zip(values, list(got), strict=True):
        if any(value is m for m in MISSING):
            assert answer is pd.NaT
        else:
            assert answer == OFFICE.add(value, duration)


@given(cells(), st.data())
def test_elapsed_many_reads_na_in_starts_or_ends_as_missing(
    values: list[Any], data: st.DataObject
) -> None:
    others = data.draw(st.lists(moments(), min_size=len(values), max_size=len(values)))
    na_in_starts = data.draw(st.booleans())
    starts, ends = (values, others) if na_in_starts else (others, values)
    got = OFFICE.elapsed_many(pd.Series(starts), pd.Series(ends))
    expected = OFFICE.elapsed_many(pd.Series(with_none(starts)), pd.Series(with_none(ends)))
    assert got.dtype == expected.dtype
    for a, b, answer in zip(starts, ends, got.tolist(), strict=True):
        if any(a is m or b is m for m in MISSING):
            assert answer is pd.NaT
        else:
            assert answer == OFFICE.elapsed(a, b)


def test_na_beside_datetimes_of_several_zones_is_refused_as_none_is_there() -> None:
    # pandas holds instants of two zones as objects, with None too: each cell is read as it
    # is, and a missing one has no instant (as None had, and has).
    paris = datetime(2026, 1, 5, 8, tzinfo=ZoneInfo("Europe/Paris"))
    utc = datetime(2026, 1, 5, 8, tzinfo=UTC)
    with pytest.raises(InputTypeError, match=r"starts\[2\]: .*NoneType"):
        OFFICE.add_many(pd.Series([utc, paris, None]), timedelta(hours=1))
    with pytest.raises(InputTypeError, match=r"starts\[2\]: .*NAType <NA>"):
        OFFICE.add_many(pd.Series([utc, paris, pd.NA]), timedelta(hours=1))
