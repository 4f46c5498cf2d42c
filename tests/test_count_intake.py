"""Every count argument of a public function is read by one rule.

An int or an integral numpy scalar (a frame's column gives ``int64``) is a count and gives the
same result as the Python int; a bool (Python's or numpy's) is refused with an
``InputTypeError``, and so are a fractional float and text, naming the argument.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._numbers import as_count, integral
from servicemodel.errors import InputTypeError
from servicemodel.feedback import difference_interval
from servicemodel.kpi import (
    churn_rate,
    mean_estimate,
    nps_interval,
    order_statistic_ranks,
    proportion,
    ratio_estimate,
    retention_rate,
    wilson_interval,
)

np = pytest.importorskip("numpy")

#: Each count-taking function with its count arguments (as positions) and valid counts made
#: from three counts ``small <= middle <= large``.
CALLS: dict[str, tuple[Callable[..., Any], Callable[[int, int, int], tuple[int, ...]]]] = {
    "proportion": (proportion, lambda s, m, lg: (s, lg)),
    "mean_estimate": (lambda n: mean_estimate(n, 2.5, 1.0), lambda s, m, lg: (lg,)),
    "ratio_estimate": (
        lambda a, b: ratio_estimate(a, b, metric="ratio"),
        lambda s, m, lg: (s, m),
    ),
    "wilson_interval": (wilson_interval, lambda s, m, lg: (s, lg + 1)),
    "nps_interval": (nps_interval, lambda s, m, lg: (s, m - s, lg)),
    "order_statistic_ranks": (lambda n: order_statistic_ranks(n, 0.5), lambda s, m, lg: (lg,)),
    "retention_rate": (
        lambda s, e, n: retention_rate(start=s, end=e, new=n),
        lambda s, m, lg: (lg, m, s),
    ),
    "churn_rate": (lambda s, lost: churn_rate(start=s, lost=lost), lambda s, m, lg: (lg, m)),
    "difference_interval": (difference_interval, lambda s, m, lg: (s, m + 1, m, lg + 1)),
}

counts = st.lists(st.integers(0, 500), min_size=3, max_size=3).map(sorted)


@pytest.mark.parametrize("name", sorted(CALLS))
@settings(max_examples=25, deadline=None)
@given(values=counts)
def test_a_numpy_int_count_gives_the_python_int_result(name: str, values: list[int]) -> None:
    call, valid = CALLS[name]
    args = valid(*values)
    as_numpy = [np.int32(a) if i % 2 else np.int64(a) for i, a in enumerate(args)]
    assert call(*as_numpy) == call(*args)


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("flag", [True, np.True_], ids=["bool", "numpy.bool_"])
@pytest.mark.parametrize("position", [0, -1], ids=["first", "last"])
def test_a_bool_count_is_refused(name: str, flag: Any, position: int) -> None:
    call, valid = CALLS[name]
    args = list(valid(1, 2, 3))
    args[position] = flag
    with pytest.raises(InputTypeError):
        call(*args)


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("bad", [2.5, "3"], ids=["fractional float", "text"])
@pytest.mark.parametrize("position", [0, -1], ids=["first", "last"])
def test_a_fractional_or_text_count_is_refused(name: str, bad: Any, position: int) -> None:
    call, valid = CALLS[name]
    args = list(valid(1, 2, 3))
    args[position] = bad
    with pytest.raises(InputTypeError):
        call(*args)


@settings(max_examples=50)
@given(st.integers(-(2**70), 2**70))
def test_integral_reads_ints_and_numpy_ints_alike(n: int) -> None:
    assert integral(n) == n
    if -(2**63) <= n < 2**63:
        assert integral(np.int64(n)) == n
        assert type(integral(np.int64(n))) is int


def test_as_count_names_the_argument_as_check_count_does() -> None:
    assert as_count(np.uint8(7), "n") == 7
    for bad in (True, np.False_, 3.0, "3", -1, np.int64(-1)):
        with pytest.raises(InputTypeError, match=r"^missing must be an int >= 0, got"):
            as_count(bad, "missing")
