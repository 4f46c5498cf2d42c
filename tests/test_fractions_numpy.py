"""Warning thresholds and escalation fractions read numpy numbers as the numbers they hold."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.escalation import Trigger
from servicemodel.sla import SLAPolicy

KINDS = [np.float32, np.float64, np.float16]


@given(
    st.lists(st.integers(min_value=1, max_value=99), min_size=1, max_size=4), st.sampled_from(KINDS)
)
def test_numpy_thresholds_are_the_floats_they_hold(percents: list[int], kind: type) -> None:
    # np.array([0.5, 0.75], dtype=np.float32) was refused as "a warning threshold is a
    # fraction in (0, 1), got np.float32(0.5)", which it is (float64 passed: a float subclass).
    given_at = np.array([p / 100 for p in percents], dtype=kind)
    policy = SLAPolicy("p", {}, warn_at=given_at)
    assert policy == SLAPolicy("p", {}, warn_at=[float(f) for f in given_at])
    assert all(type(f) is float for f in policy.warn_at)
    for f in given_at:
        assert Trigger.at_fraction(f) == Trigger.at_fraction(float(f))
        assert Trigger.from_config(f) == Trigger.at_fraction(float(f))
        assert type(Trigger.at_fraction(f).fraction) is float


@pytest.mark.parametrize("bad", [np.bool_(True), np.float32(75), np.timedelta64(1, "s")])
def test_numpy_values_off_a_fraction_are_still_refused_with_their_path(bad: object) -> None:
    with pytest.raises(ConfigError, match=r"^warn_at\[0\]: a warning threshold is a fraction"):
        SLAPolicy("p", {}, warn_at=[bad])
    with pytest.raises(ConfigError, match=r"^fraction: a fraction of the target must be in"):
        Trigger.at_fraction(bad)  # type: ignore[arg-type]
