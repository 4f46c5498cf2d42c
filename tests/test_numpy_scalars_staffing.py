"""numpy scalars from a frame's column read as the numbers they print as.

``scheduled_agents`` works on the decimal a shrinkage prints as (30 % of 14 is exactly 20), a
numpy float32 included: ``numpy.float32(0.3)`` holds 0.30000001192..., which read as a Python
float scheduled 21. ``SupportDesk(agents=numpy.int64(3))`` is a desk of 3 agents.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.simulate import SupportDesk
from servicemodel.staffing import scheduled_agents


def test_thirty_percent_of_fourteen_is_twenty_in_every_float_width() -> None:
    for shrinkage in (0.3, np.float64(0.3), np.float32(0.3), np.float16(0.3)):
        assert scheduled_agents(14, shrinkage) == 20
    assert scheduled_agents(np.int64(14), np.float32(0.3)) == 20


@given(
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=99).map(lambda p: p / 100),
)
def test_a_float32_shrinkage_schedules_as_the_percentage_it_prints(
    agents: int, shrinkage: float
) -> None:
    as_float32 = np.float32(shrinkage)
    exact = math.ceil(Fraction(agents) / (1 - Fraction(str(as_float32))))
    assert scheduled_agents(agents, as_float32) == exact
    assert scheduled_agents(agents, shrinkage) == math.ceil(
        Fraction(agents) / (1 - Fraction(repr(shrinkage)))
    )


@given(st.integers(min_value=1, max_value=1000), st.sampled_from([np.int8, np.int32, np.int64]))
def test_a_desk_takes_numpy_agent_counts_as_ints(agents: int, kind: type) -> None:
    count = kind(min(agents, 127) if kind is np.int8 else agents)
    desk = SupportDesk(agents=count, arrivals=20, handle_time=300)
    assert type(desk.agents) is int
    assert desk.agents == int(count)
    assert desk == SupportDesk(agents=int(count), arrivals=20, handle_time=300)


@pytest.mark.parametrize("bad", [True, np.bool_(True), "3"])
def test_a_desk_still_refuses_what_is_no_count(bad: object) -> None:
    with pytest.raises(InputTypeError, match="agents: expected an int"):
        SupportDesk(agents=bad, arrivals=20, handle_time=300)


@pytest.mark.parametrize("bad", [3.5, np.float64(3.5), float("nan")])
def test_a_desk_refuses_agents_that_are_no_whole_number(bad: object) -> None:
    with pytest.raises(ConfigError, match="agents: must be a whole number"):
        SupportDesk(agents=bad, arrivals=20, handle_time=300)
