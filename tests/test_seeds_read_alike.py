"""One reading of a seed (read_seed) for simulate, check_plan and the QA bootstraps.

A numpy int seed (replications over ``np.arange``) was refused by all three ("seed: expected
an int, got int64 np.int64(3)"), and the bootstraps said "seed must be an int" in words of
their own; now each reads it as the Python int it holds, and refuses the rest alike.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._numbers import read_seed
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.forecast import check_plan
from servicemodel.qa import fleiss_kappa, krippendorff_alpha
from servicemodel.simulate import SupportDesk, simulate
from servicemodel.staffing import ServiceLevelTarget, plan_intervals

T0 = datetime(2026, 3, 2, tzinfo=UTC)
DESK = SupportDesk(agents=2, arrivals=20, handle_time=240)
UNITS = [[x, x % 3 + 1, None] for x in (1, 2, 3, 1, 2, 3, 3, 2, 1, 1)]
SUBJECTS = [["a", "a", "b"], ["b", "b", "b"], ["a", "b", "b"], ["a", "a", "a"]]
KINDS = [np.int64, np.int32, np.int16, np.uint8]


@given(st.integers(min_value=-100, max_value=100), st.sampled_from(KINDS))
def test_a_numpy_int_seed_is_the_int_it_holds(seed: int, kind: type) -> None:
    if kind is np.uint8:
        seed = abs(seed)
    read = read_seed(kind(seed))
    assert read == seed
    assert type(read) is int


@settings(max_examples=10)
@given(st.integers(min_value=-5, max_value=5))
def test_simulate_and_the_bootstraps_run_a_numpy_seed_as_its_int(seed: int) -> None:
    end = T0.replace(hour=1)
    run = simulate(DESK, T0, end, seed=np.int64(seed))
    assert run.contacts() == simulate(DESK, T0, end, seed=seed).contacts()
    assert type(run.seed) is int
    alpha = krippendorff_alpha(UNITS, level="interval", resamples=50, seed=np.int32(seed))
    assert alpha == krippendorff_alpha(UNITS, level="interval", resamples=50, seed=seed)
    kappa = fleiss_kappa(SUBJECTS, resamples=50, seed=np.int64(seed))
    assert kappa == fleiss_kappa(SUBJECTS, resamples=50, seed=seed)


def test_check_plan_runs_a_numpy_seed_as_its_int() -> None:
    # check_plan seeds its batches with seed + i: a numpy int would have reached simulate.
    plan = plan_intervals([100, 60], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    assert check_plan(plan, batches=3, seed=np.int64(-2)) == check_plan(plan, batches=3, seed=-2)


@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        (True, "bool True"),
        (np.bool_(True), "numpy.bool np.True_"),
        (3.0, "float 3.0"),
        (np.float64(3.0), "numpy.float64 np.float64(3.0)"),
        ("3", "str '3'"),
    ],
)
def test_every_seed_reader_refuses_the_same_values_in_the_same_words(
    bad: object, shown: str
) -> None:
    message = rf"^seed: expected an int, got {re.escape(shown)}$"
    plan = plan_intervals([100, 60], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    with pytest.raises(InputTypeError, match=message):
        simulate(DESK, T0, T0.replace(hour=1), seed=bad)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match=message):
        check_plan(plan, batches=3, seed=bad)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match=message):
        krippendorff_alpha(UNITS, seed=bad)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match=message):
        fleiss_kappa(SUBJECTS, seed=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", [np.int64, np.int32, np.uint16])
def test_a_numpy_int_resample_count_is_read_as_the_seed_beside_it_is(kind: type) -> None:
    # resamples=np.int64(50) was "resamples must be an int in 0..1000000", beside a numpy
    # seed the same call took.
    alpha = krippendorff_alpha(UNITS, level="interval", resamples=kind(50), seed=kind(3))
    assert alpha == krippendorff_alpha(UNITS, level="interval", resamples=50, seed=3)
    kappa = fleiss_kappa(SUBJECTS, resamples=kind(50), seed=kind(3))
    assert kappa == fleiss_kappa(SUBJECTS, resamples=50, seed=3)


@pytest.mark.parametrize("bad", [np.bool_(True), 50.0, np.float64(50.0), -1, 10**6 + 1])
def test_a_resample_count_that_is_no_int_in_range_is_still_refused(bad: object) -> None:
    # No int is an InputTypeError; an int outside 0..1000000 a ConfigError (a ValueError).
    error = ConfigError if isinstance(bad, int) else InputTypeError
    with pytest.raises(error, match=r"^resamples must be an int in 0\.\.1000000, got "):
        krippendorff_alpha(UNITS, resamples=bad)  # type: ignore[arg-type]
