"""A count past 2**53 (no exact float) is refused by the name the caller gave it.

``churn_rate``, ``retention_rate``, ``ratio_estimate`` and ``difference_interval`` hand their
counts on to ``proportion`` or ``wilson_interval``, which refused a huge one as their own
``n`` or ``successes`` (``churn_rate(start=2**53 + 1, lost=0)`` said "churn rate: n must be a
count up to 2**53"; ``ratio_estimate`` named ``n`` with a sum the caller never wrote). Each
now names its own argument; ``difference_interval`` checks ``0 <= x <= n`` by its names too.
A count past 2**53 is of the right type and too large: a ``ConfigError`` (a ``ValueError``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError
from servicemodel.feedback import difference_interval
from servicemodel.kpi import (
    churn_rate,
    mean_estimate,
    order_statistic_ranks,
    proportion,
    ratio_estimate,
    retention_rate,
)

LIMIT = 2**53

#: A call given one huge count (the others small and consistent) and the name it must say.
CALLS: dict[str, tuple[Callable[[int], Any], str]] = {
    "churn_rate start": (lambda big: churn_rate(start=big, lost=0), "start"),
    "retention_rate start": (lambda big: retention_rate(start=big, end=1, new=0), "start"),
    "retention_rate end": (lambda big: retention_rate(start=big, end=big, new=0), "start"),
    "difference_interval n1": (lambda big: difference_interval(1, big, 1, 2), "n1"),
    "difference_interval n2": (lambda big: difference_interval(1, 2, big, big), "n2"),
}


@pytest.mark.parametrize("where", sorted(CALLS))
@settings(max_examples=15, deadline=None)
@given(big=st.integers(LIMIT + 1, 2**80) | st.sampled_from([LIMIT + 1, 10**400]))
def test_a_count_past_2_53_is_refused_by_its_own_name(where: str, big: int) -> None:
    call, name = CALLS[where]
    with pytest.raises(ConfigError) as info:
        call(big)
    assert str(info.value) == f"{name} must be a count up to 2**53, got {safe_repr(big)}"


@settings(max_examples=30, deadline=None)
@given(a=st.integers(0, 2**60), b=st.integers(0, 2**60))
def test_ratio_estimate_names_its_counts_when_their_sum_is_too_large(a: int, b: int) -> None:
    if a + b <= LIMIT:
        assert ratio_estimate(a, b, metric="r", names=("good", "bad")).n == a + b
        return
    with pytest.raises(ConfigError) as info:
        ratio_estimate(a, b, metric="r", names=("good", "bad"))
    assert str(info.value) == (
        f"good + bad must be a count up to 2**53, got {safe_repr(a)} + {safe_repr(b)}"
    )


@pytest.mark.parametrize("args", [(5, 3, 1, 2), (1, 2, 3, 2), (0, 0, 1, 2), (1, 2, 0, 0)], ids=str)
def test_difference_interval_checks_x_and_n_by_its_names(args: tuple[int, ...]) -> None:
    # It said "need 0 <= successes <= n and n > 0, got 5 of 3", wilson_interval's words.
    x1, n1, x2, n2 = args
    with pytest.raises(ConfigError) as info:
        difference_interval(*args)
    assert str(info.value) == f"need 0 <= x <= n and n > 0, got {x1}/{n1} and {x2}/{n2}"


def test_counts_at_the_limit_are_still_read() -> None:
    assert churn_rate(start=LIMIT, lost=0).value == 0.0
    lo, hi = difference_interval(1, LIMIT, 1, 2)
    assert -1 <= lo <= hi <= 1


@pytest.mark.parametrize("where", sorted(CALLS))
def test_a_whole_float_past_2_53_is_shown_as_given(where: str) -> None:
    # A frame's float column gives 1e+300: the message shows it, not its 301-digit int.
    call, name = CALLS[where]
    with pytest.raises(ConfigError) as info:
        call(1e300)
    assert str(info.value) == f"{name} must be a count up to 2**53, got 1e+300"
    with pytest.raises(ConfigError, match=r"got 1\.0 \+ 1e\+300$"):
        ratio_estimate(1.0, 1e300, metric="r")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: proportion(1, 1e300), "proportion: n must be a count up to 2**53, got 1e+300"),
        (
            lambda: proportion(1, 2, missing=1e300),
            "missing must be a count up to 2**53, got 1e+300",
        ),
        (lambda: mean_estimate(1.2e24, 1.0, 1.0), "n must be a count up to 2**53, got 1.2e+24"),
        (
            lambda: mean_estimate(3, 1.0, 1.0, missing=1e300),
            "missing must be a count up to 2**53, got 1e+300",
        ),
        (
            lambda: ratio_estimate(1, 2, metric="r", missing=1e300),
            "missing must be a count up to 2**53, got 1e+300",
        ),
    ],
    ids=["proportion n", "proportion missing", "mean n", "mean missing", "ratio missing"],
)
def test_the_estimates_show_a_huge_float_count_as_given(
    call: Callable[[], Any], message: str
) -> None:
    # They showed the 301-digit int the float reads as ('<int of about 301 digits>').
    with pytest.raises(ConfigError) as info:
        call()
    assert str(info.value) == message


@pytest.mark.parametrize("n", [-1, -1.0, -3.0], ids=repr)
def test_order_statistic_ranks_shows_a_negative_n_as_given(n: Any) -> None:
    with pytest.raises(ConfigError) as info:
        order_statistic_ranks(n, 0.5)
    assert str(info.value) == f"n must be a number of values (0 or more), got {safe_repr(n)}"
