"""A seed of any size is a seed: a negative one past 4,300 digits has numbers of its own.

``seeded_random`` seeded a negative seed with its decimal text, which Python refuses to write
past ``sys.get_int_max_str_digits()`` (4,300 digits by default): ``simulate``, ``check_plan``
and the QA bootstraps raised ``ValueError`` for such a seed, and ``repr`` of a run with a seed
that long raised it too.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._numbers import seeded_random
from servicemodel.qa import fleiss_kappa
from servicemodel.simulate import SupportDesk, simulate

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
DESK = SupportDesk(agents=2, arrivals=30, handle_time=300)
HUGE = [-(10**640), -(10**4300), -(10**5000), -(2**20000) + 1]


@pytest.fixture
def low_text_limit() -> Iterator[None]:
    """The lowest limit Python allows on writing an int as text (640 digits)."""
    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(before)


@pytest.mark.parametrize("seed", HUGE, ids=["641 digits", "4301", "5001", "2**20000"])
def test_a_huge_negative_seed_draws_numbers_of_its_own(seed: int) -> None:
    draws = seeded_random(seed).random()
    assert draws == seeded_random(seed).random()
    assert draws != seeded_random(-seed).random()  # not the run of its absolute value
    assert draws != seeded_random(seed + 1).random()
    run = simulate(DESK, T0, T0 + timedelta(minutes=30), seed=seed)
    assert run.contacts() == simulate(DESK, T0, T0 + timedelta(minutes=30), seed=seed).contacts()
    assert repr(run).count("<int of about") == 1  # repr names the seed by its size
    ratings = [["a", "a", "b"], ["b", "b", "b"], ["a", "b", "a"], ["a", "a", "a"]]
    kappa = fleiss_kappa(ratings, seed=seed, resamples=30)
    assert kappa == fleiss_kappa(ratings, seed=seed, resamples=30)


def test_a_seed_does_not_depend_on_the_int_text_limit(low_text_limit: None) -> None:
    # Up to 640 digits a negative seed is seeded with its text, whatever the limit; past it
    # with its bytes, which need no text.
    for seed in (-(10**639), -(10**640), -(10**5000)):
        draws = seeded_random(seed).random()
        sys.set_int_max_str_digits(0)  # no limit
        assert seeded_random(seed).random() == draws
        sys.set_int_max_str_digits(640)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=-(10**700), max_value=-1))
def test_negative_seeds_are_not_their_absolute_values(seed: int) -> None:
    # Law: a negative seed never draws what its absolute value draws, on either side of
    # 640 digits; a short one is seeded with its decimal text, as before.
    assert seeded_random(seed).random() != seeded_random(-seed).random()
    if seed > -(10**640):
        assert seeded_random(seed).random() == random.Random(str(seed)).random()
