"""A whole ``Decimal`` is a count wherever a whole ``Fraction`` is, and counts are refused in one
wording.

``Decimal(3)`` was refused as a count while ``Fraction(3, 1)`` was read as 3. A ``Decimal`` is
read as the ``Fraction`` it holds: whole and within the float range, it is the Python int; a
fractional one, NaN (quiet or signalling) or an infinity is refused with the message of every
count (``n must be a count (a whole number >= 0), got Decimal Decimal('2.5')``), which is also
the message of a count already held (``check_count``) and of the report's ``reconcile_listed``.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._numbers import as_count, check_count, count_value, whole_number
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi import (
    CSAT,
    NPS,
    Estimate,
    FirstReplyTime,
    LeaveOutPartial,
    proportion,
    wilson_interval,
)
from servicemodel.report import ReportOptions
from servicemodel.staffing import erlang_c

#: Decimals the float range holds (past it, see the test of the range below).
DECIMALS = st.decimals(min_value=-(10**300), max_value=10**300, allow_nan=False)


def _outcome(value: Any) -> int | str:
    try:
        return whole_number(value, "n")
    except ConfigError:  # a Decimal or a Fraction is a number: one no count is a value error
        return "refused"


@settings(max_examples=200)
@given(DECIMALS)
def test_a_decimal_is_read_as_the_fraction_it_holds(d: Decimal) -> None:
    assert _outcome(d) == _outcome(Fraction(d))


@settings(max_examples=100)
@given(st.integers(0, 10**12), st.integers(0, 6))
def test_a_whole_decimal_is_the_count_it_holds_however_written(n: int, zeros: int) -> None:
    for d in (Decimal(n), Decimal(n).quantize(Decimal(1).scaleb(-zeros)), Decimal(n).normalize()):
        assert as_count(d, "n") == n == as_count(Fraction(n), "n")
        assert type(as_count(d, "n")) is int
        assert count_value(d) == n


@pytest.mark.parametrize(
    "bad",
    ["2.5", "-1", "-0.5", "NaN", "-NaN", "sNaN", "Infinity", "-Infinity", "1E+400", "1E+999999999"],
)
def test_a_decimal_that_is_no_count_is_refused_in_the_words_of_every_count(bad: str) -> None:
    value = Decimal(bad)
    with pytest.raises(ConfigError) as caught:
        as_count(value, "n")
    assert str(caught.value) == f"n must be a count (a whole number >= 0), got Decimal {value!r}"


def test_past_the_float_range_a_decimal_is_refused_as_a_fraction_is() -> None:
    for big in (10**309, 10**400):
        assert _outcome(Decimal(big)) == _outcome(Fraction(big)) == "refused"
    assert _outcome(Decimal(10**300)) == _outcome(Fraction(10**300)) == 10**300


def test_count_arguments_and_stored_counts_read_a_whole_decimal() -> None:
    assert proportion(Decimal(3), Decimal("10.0")) == proportion(3, 10)
    assert wilson_interval(Decimal(3), Decimal(10)) == wilson_interval(3, 10)
    assert erlang_c(Decimal(5), 2.5) == erlang_c(5, 2.5)
    assert NPS(missing=Decimal(2)) == NPS(missing=2)
    assert CSAT(missing=Decimal("2.00")).missing == 2
    assert Estimate("x", 1.0, Decimal(4)) == Estimate("x", 1.0, 4)
    assert ReportOptions(reconcile_listed=Decimal(5)) == ReportOptions(reconcile_listed=5)
    with pytest.raises(ConfigError, match=r"^n must be a count \(a whole number >= 0\)"):
        Estimate("x", 1.0, Decimal("4.5"))


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (True, InputTypeError),
        (-1, ConfigError),
        (2.5, ConfigError),
        ("3", InputTypeError),
        (Decimal("NaN"), ConfigError),
    ],
    ids=repr,
)
def test_a_held_count_is_refused_in_the_words_of_every_count(bad: Any, error: type) -> None:
    # A number that is no count is a ConfigError, a bool or text an InputTypeError: held or given.
    with pytest.raises(error) as held:
        check_count(bad, "missing")
    with pytest.raises(error) as given_:
        as_count(bad, "missing")
    assert str(held.value) == str(given_.value)
    assert str(held.value).startswith("missing must be a count (a whole number >= 0), got ")


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (True, InputTypeError),
        (2.5, ConfigError),
        ("3", InputTypeError),
        (-1.0, ConfigError),
        (Decimal("0.5"), ConfigError),
    ],
    ids=repr,
)
def test_the_report_and_left_out_counts_use_the_one_wording(bad: Any, error: type) -> None:
    with pytest.raises(
        error, match=r"^reconcile_listed must be a count \(a whole number >= 0\), got "
    ):
        ReportOptions(reconcile_listed=bad)
    with pytest.raises(error, match=r"^used must be a count \(a whole number >= 0\)"):
        LeaveOutPartial(FirstReplyTime.empty(), used=bad)


def test_a_negative_left_out_count_stays_a_config_error() -> None:
    with pytest.raises(ConfigError, match="a count is never negative, got -1"):
        LeaveOutPartial(FirstReplyTime.empty(), left_out=-1)
    assert LeaveOutPartial(FirstReplyTime.empty(), used=Decimal(2)).used == 2
