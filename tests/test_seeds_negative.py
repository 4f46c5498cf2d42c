"""Every int seed draws its own numbers: CPython seeds ``random.Random(n)`` with ``abs(n)``.

A seed >= 0 keeps the draws it always had (``random.Random(seed)``); a negative one does not
repeat its absolute value's draws, in the simulation and in the QA bootstraps alike.
"""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from servicemodel._numbers import seeded_random
from servicemodel.qa import krippendorff_alpha


@given(st.integers(min_value=0, max_value=2**70))
def test_a_seed_of_zero_or_more_draws_as_random_random_does(seed: int) -> None:
    assert seeded_random(seed).getrandbits(64) == random.Random(seed).getrandbits(64)


@given(st.integers(min_value=1, max_value=2**70))
def test_a_negative_seed_draws_other_numbers_than_its_absolute_value(seed: int) -> None:
    # Two 128-bit draws agreeing by chance: probability 2**-128.
    assert seeded_random(-seed).getrandbits(128) != seeded_random(seed).getrandbits(128)
    assert seeded_random(-seed).getrandbits(128) == seeded_random(-seed).getrandbits(128)


def test_a_qa_bootstrap_with_a_negative_seed_is_its_own_and_reproducible() -> None:
    # 60 units of interval ratings: a bootstrap's percentiles vary from draw to draw.
    rng = random.Random(3)
    units = [
        [x, x + rng.choice((-1, 0, 0, 1)), None] for x in (rng.randint(1, 7) for _ in range(60))
    ]
    plus = krippendorff_alpha(units, level="interval", seed=7)
    minus = krippendorff_alpha(units, level="interval", seed=-7)
    assert minus.value == plus.value
    assert (minus.lower, minus.upper) != (plus.lower, plus.upper)
    again = krippendorff_alpha(units, level="interval", seed=-7)
    assert (again.lower, again.upper) == (minus.lower, minus.upper)
