"""Every count argument of a public function is read by one rule.

A count is a whole number: an int, an integral numpy scalar (a frame's column gives ``int64``)
or a float holding a whole number (``12.0``, as a frame's column of counts with a gap gives
``float64``), and each gives the same result as the Python int. A number of the right type that
is no count (a fractional float, NaN, an infinity, a negative number) is refused with a
``ConfigError``, a bool (Python's or numpy's) or text with an ``InputTypeError``; both name the
argument and the value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel._numbers import as_count, integral, whole_number
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.feedback import difference_interval, two_proportion_test
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
from servicemodel.staffing import erlang_b, erlang_c, scheduled_agents

np = pytest.importorskip("numpy")

Valid = Callable[[int, int, int], tuple[int, ...]]

#: Each count-taking function, the names of its count arguments (as the messages name them)
#: and valid counts made from three counts ``small <= middle <= large``.
CALLS: dict[str, tuple[Callable[..., Any], tuple[str, ...], Valid]] = {
    "proportion": (proportion, ("successes", "n"), lambda s, m, lg: (s, lg)),
    "proportion missing": (
        lambda s, n, missing: proportion(s, n, missing=missing),
        ("successes", "n", "missing"),
        lambda s, m, lg: (s, lg, m),
    ),
    "mean_estimate": (
        lambda n, missing: mean_estimate(n, 2.5, 1.0, missing=missing),
        ("n", "missing"),
        lambda s, m, lg: (lg, s),
    ),
    "ratio_estimate": (
        lambda a, b, missing: ratio_estimate(a, b, metric="ratio", missing=missing),
        ("numerator", "denominator", "missing"),
        lambda s, m, lg: (s, m, lg),
    ),
    "wilson_interval": (wilson_interval, ("successes", "n"), lambda s, m, lg: (s, lg + 1)),
    "nps_interval": (
        nps_interval,
        ("promoters", "detractors", "n"),
        lambda s, m, lg: (s, m - s, lg),
    ),
    "order_statistic_ranks": (
        lambda n: order_statistic_ranks(n, 0.5),
        ("n",),
        lambda s, m, lg: (lg,),
    ),
    "retention_rate": (
        lambda s, e, n: retention_rate(start=s, end=e, new=n),
        ("start", "end", "new"),
        lambda s, m, lg: (lg, m, s),
    ),
    "churn_rate": (
        lambda s, lost: churn_rate(start=s, lost=lost),
        ("start", "lost"),
        lambda s, m, lg: (lg, m),
    ),
    "difference_interval": (
        difference_interval,
        ("x1", "n1", "x2", "n2"),
        lambda s, m, lg: (s, m + 1, m, lg + 1),
    ),
    "two_proportion_test": (
        two_proportion_test,
        ("x1", "n1", "x2", "n2"),
        lambda s, m, lg: (s, m + 1, m, lg + 1),
    ),
    "erlang_b": (lambda n: erlang_b(n, 2.5), ("agents",), lambda s, m, lg: (lg + 1,)),
    "erlang_c": (lambda n: erlang_c(n, 2.5), ("agents",), lambda s, m, lg: (lg + 3,)),
    "scheduled_agents": (
        lambda n: scheduled_agents(n, 0.3),
        ("agents",),
        lambda s, m, lg: (lg,),
    ),
}

counts = st.lists(st.integers(0, 500), min_size=3, max_size=3).map(sorted)

#: The other spellings of a whole number a count argument takes.
SPELLINGS: dict[str, Callable[[int], Any]] = {
    "numpy.int64": np.int64,
    "numpy.int32": np.int32,
    "numpy.uint16": np.uint16,
    "float": float,
    "numpy.float64": np.float64,
    "numpy.float32": np.float32,
}


@pytest.mark.parametrize("name", sorted(CALLS))
@settings(max_examples=25, deadline=None)
@given(values=counts, spelling=st.sampled_from(sorted(SPELLINGS)), data=st.data())
def test_a_whole_number_count_gives_the_python_int_result(
    name: str, values: list[int], spelling: str, data: st.DataObject
) -> None:
    call, _names, valid = CALLS[name]
    args = valid(*values)
    # Some of the counts respelled, the others left as Python ints.
    which = data.draw(st.lists(st.booleans(), min_size=len(args), max_size=len(args)))
    respelled = [SPELLINGS[spelling](a) if w else a for a, w in zip(args, which, strict=True)]
    assert call(*respelled) == call(*args)


REFUSED: dict[str, tuple[Any, type[Exception]]] = {
    "bool": (True, InputTypeError),
    "numpy.bool_": (np.True_, InputTypeError),
    "fractional float": (2.5, ConfigError),
    "fractional numpy.float64": (np.float64(3.5), ConfigError),
    "NaN": (float("nan"), ConfigError),
    "numpy NaN": (np.float64("nan"), ConfigError),
    "infinity": (float("inf"), ConfigError),
    "text": ("3", InputTypeError),
}


@pytest.mark.parametrize("name", sorted(CALLS))
@settings(max_examples=30, deadline=None)
@given(data=st.data(), bad=st.sampled_from(sorted(REFUSED)))
def test_a_count_that_is_no_whole_number_is_refused_naming_it(
    name: str, data: st.DataObject, bad: str
) -> None:
    call, names, valid = CALLS[name]
    args = list(valid(1, 2, 3))
    position = data.draw(st.integers(0, len(args) - 1))
    value, error = REFUSED[bad]
    args[position] = value
    with pytest.raises(error) as info:
        call(*args)
    message = str(info.value)
    assert f"{names[position]} must be a" in message
    assert safe_repr(value) in message


@settings(max_examples=50)
@given(st.integers(-(2**70), 2**70))
def test_integral_reads_ints_and_numpy_ints_alike(n: int) -> None:
    assert integral(n) == n
    if -(2**63) <= n < 2**63:
        assert integral(np.int64(n)) == n
        assert type(integral(np.int64(n))) is int


def test_as_count_names_the_argument_and_the_value() -> None:
    assert as_count(np.uint8(7), "n") == 7
    assert as_count(np.float64(7.0), "n") == 7
    for bad in (True, np.False_, "3", np.timedelta64(3, "s")):
        with pytest.raises(
            InputTypeError, match=r"^missing must be a count \(a whole number >= 0\), got"
        ):
            as_count(bad, "missing")
    for bad in (3.5, -1, -1.0, np.int64(-1)):
        with pytest.raises(
            ConfigError, match=r"^missing must be a count \(a whole number >= 0\), got"
        ):
            as_count(bad, "missing")


@settings(max_examples=50)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_whole_number_takes_a_float_exactly_when_it_is_whole(x: float) -> None:
    if x == x and abs(x) != float("inf") and x.is_integer():
        assert whole_number(x, "n") == int(x)
    else:
        with pytest.raises(ConfigError, match=r"^n must be a whole number, got float"):
            whole_number(x, "n")
