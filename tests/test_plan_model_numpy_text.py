"""A model named by a numpy text scalar (a frame's cell) plans as the same Python text does.

``numpy.str_`` is a ``str``: ``plan_intervals`` accepted ``model=numpy.str_("erlang-c")``, and
the plan it built then refused it ("model: expected one of ['erlang-c', 'erlang-a'], got
np.str_('erlang-c')"), a message naming an allowed value as not allowed.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.staffing import ErlangATarget, ServiceLevelTarget, plan_intervals

_TARGETS: list[ErlangATarget] = [ServiceLevelTarget(0.8, 20)]


@given(
    st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=4),
    st.sampled_from(["erlang-c", "erlang-a"]),
)
def test_a_numpy_text_model_plans_as_its_python_text(calls: list[int], model: str) -> None:
    as_numpy = plan_intervals(calls, aht=180, targets=_TARGETS, model=np.str_(model), patience=90)
    as_text = plan_intervals(calls, aht=180, targets=_TARGETS, model=model, patience=90)
    assert as_numpy == as_text
    assert type(as_numpy.model) is str
    assert as_numpy.model == model
