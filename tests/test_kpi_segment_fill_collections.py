"""``by(..., fill=...)`` takes a list of segments: a lone name is refused, never split."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi import CSAT, by, periods

KEYS = ["channel", "priority", "group", "tag", periods("week")]


@given(
    key=st.sampled_from(KEYS),
    fill=st.one_of(st.text(min_size=1, max_size=8), st.binary(min_size=1, max_size=4)),
)
def test_a_lone_name_as_fill_is_refused_naming_it(key: object, fill: str | bytes) -> None:
    # "high" was read as the segments 'h', 'i', 'g', 'h' (or, by priority, as 'h' unknown).
    with pytest.raises(InputTypeError, match=r"fill: expected an iterable of items, got"):
        by(key, CSAT.empty(), fill=fill)


@pytest.mark.parametrize("fill", [3, 2.5, None, object()])
def test_a_fill_that_is_no_collection_is_the_librarys_error(fill: object) -> None:
    # tuple(3) raised Python's bare TypeError, not a ServiceModelError.
    with pytest.raises(InputTypeError, match=r"^fill: expected an iterable of items, got"):
        by("channel", CSAT.empty(), fill=fill)


def test_a_list_of_one_name_is_that_segment() -> None:
    assert by("channel", CSAT.empty(), fill=["fax"]).fill == ("fax",)
    assert by("priority", CSAT.empty(), fill=["high"]).segments() == ["high"]
    week = by(periods("week"), CSAT.empty(), fill=(date(2026, 3, 4),))
    assert week.fill == (date(2026, 3, 2),)


def test_a_fill_naming_a_period_the_range_overlaps_is_kept_one_wholly_outside_refused() -> None:
    # docs/kpi.md: the period a fill names must not lie wholly outside [start, end); a range
    # starting on a Wednesday still holds part of that week, so its Tuesday names it.
    weeks = periods("week", start=date(2026, 3, 4), end=date(2026, 3, 20))
    assert by(weeks, CSAT.empty(), fill=[date(2026, 3, 3)]).fill == (date(2026, 3, 2),)
    with pytest.raises(ConfigError, match=r"fill\[0\]: .*outside the periods' range"):
        by(weeks, CSAT.empty(), fill=[date(2026, 3, 1)])  # the Sunday: the week before
    with pytest.raises(ConfigError, match=r"fill\[0\]"):
        by(weeks, CSAT.empty(), fill=[date(2026, 3, 23)])  # the week after the end's
