"""io.eventlog: ``dayfirst`` is a bool; any other value is refused, never taken for its truth.

``dayfirst="no"`` (a string is truthy) was read as ``True``, so every numeric date was read
day first, silently -- ``03/04/2026`` on 3 April instead of 4 March.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.io import eventlog

np = pytest.importorskip("numpy")

NOT_BOOLS = st.one_of(
    st.text(max_size=5), st.integers(), st.floats(allow_nan=False), st.none(),
    st.lists(st.booleans(), max_size=2),
)  # fmt: skip


@given(value=NOT_BOOLS)
def test_a_dayfirst_that_is_no_bool_is_refused_before_any_row(value: Any) -> None:
    with pytest.raises(ConfigError) as caught:
        eventlog.histories([], dayfirst=value)
    assert caught.value.path == "dayfirst"
    assert str(caught.value).startswith("dayfirst: expected True or False, got ")


@given(value=NOT_BOOLS)
def test_parse_timestamp_refuses_it_too(value: Any) -> None:
    with pytest.raises(ConfigError, match=r"^dayfirst: expected True or False"):
        eventlog.parse_timestamp("03/04/2026", tz="UTC", dayfirst=value)


@pytest.mark.parametrize(("dayfirst", "month"), [(True, 4), (False, 3), (np.bool_(True), 4)])
def test_a_bool_says_the_order(dayfirst: Any, month: int) -> None:
    rows = [{"case:concept:name": "C", "concept:name": "Done", "time:timestamp": "03/04/2026"}]
    (h,) = eventlog.histories(rows, status_map={"Done": "solved"}, tz="UTC", dayfirst=dayfirst)
    assert h.created_at.month == month
    assert eventlog.parse_timestamp("03/04/2026", tz="UTC", dayfirst=dayfirst).month == month
