"""SupportDesk reads its agents as the staffing functions read agents (whole_number)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.simulate import SupportDesk
from servicemodel.staffing import erlang_c, scheduled_agents


@given(
    st.integers(min_value=1, max_value=1000),
    st.sampled_from([float, np.float64, np.float32, np.int64]),
)
def test_a_whole_number_of_agents_is_a_desk_of_that_many(agents: int, kind: type) -> None:
    # erlang_c and scheduled_agents took agents=3.0 (a frame's column with a gap is float),
    # SupportDesk refused it as "expected an int".
    given_agents = kind(agents)
    desk = SupportDesk(agents=given_agents, arrivals=20, handle_time=300)
    assert desk == SupportDesk(agents=agents, arrivals=20, handle_time=300)
    assert type(desk.agents) is int
    assert scheduled_agents(given_agents, 0.0) == agents
    assert erlang_c(given_agents, 0.5) == erlang_c(agents, 0.5)


@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        (np.bool_(True), "numpy.bool np.True_"),
        ("3", "str '3'"),
    ],
)
def test_a_desk_names_numpy_types_as_numpy_s(bad: object, shown: str) -> None:
    # "agents: expected an int, got bool np.True_" read as nonsense, as the validators' did.
    with pytest.raises(InputTypeError, match=rf"^agents: expected an int, got {re.escape(shown)}$"):
        SupportDesk(agents=bad, arrivals=20, handle_time=300)


@pytest.mark.parametrize(
    ("bad", "shown"),
    [(np.float64(3.5), "numpy.float64 np.float64(3.5)"), (3.5, "float 3.5")],
)
def test_a_desk_refuses_a_number_of_agents_that_is_no_whole_number(bad: object, shown: str) -> None:
    # A number is of the right type for agents, as for every count: 3.5 is a value not allowed.
    want = rf"^agents: must be a whole number, got {re.escape(shown)}$"
    with pytest.raises(ConfigError, match=want):
        SupportDesk(agents=bad, arrivals=20, handle_time=300)
