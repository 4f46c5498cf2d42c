"""A roster reads its agent counts as a desk reads its number of agents.

``Roster`` refused ``numpy.int64`` (the type of a plan's ``agents`` column read from a frame)
and whole floats (a column with a gap) as "expected an int", where ``SupportDesk(agents=...)``,
the plan and every staffing function read them as the int they hold.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.simulate import Roster, SupportDesk

WEEK = st.lists(st.integers(0, 50), min_size=168, max_size=168).filter(any)


@given(counts=WEEK, kind=st.sampled_from([np.int64, np.int32, np.uint16, float, np.float64]))
def test_numpy_and_whole_float_counts_are_the_ints_they_hold(counts: list[int], kind: type) -> None:
    roster = Roster([kind(n) for n in counts])
    assert roster == Roster(counts)
    assert all(type(n) is int for n in roster.agents)


def test_a_plan_column_of_numpy_ints_rosters_a_desk() -> None:
    counts = np.array([0] * 18 + [3] * 16 + [1] * 302, dtype=np.int64)
    roster = Roster(list(counts))
    desk = SupportDesk(agents=3, arrivals=10, handle_time=180, roster=roster)
    assert desk.roster is roster
    assert roster.agents_at(datetime(2026, 3, 2, 9, 30, tzinfo=UTC)) == 3


@pytest.mark.parametrize("bad", [2.5, np.float64(2.5), float("nan"), float("inf")])
def test_a_count_that_is_no_whole_number_is_a_config_error(bad: object) -> None:
    with pytest.raises(ConfigError, match=r"agents\[5\] must be a whole number"):
        Roster([1] * 5 + [bad] + [1] * 162)


@pytest.mark.parametrize("bad", [True, np.bool_(False), "2", None])
def test_what_is_no_count_is_an_input_type_error(bad: object) -> None:
    with pytest.raises(InputTypeError, match=r"agents\[0\] must be a whole number"):
        Roster([bad] + [1] * 167)


def test_a_negative_count_still_names_its_slot() -> None:
    with pytest.raises(ConfigError, match="must be ≥ 0, got -1") as caught:
        Roster([1] * 7 + [np.int64(-1)] + [1] * 160)
    assert caught.value.path == "agents[7]"
