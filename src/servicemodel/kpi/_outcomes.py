"""Business outcomes: customer retention and churn rates, and a simple customer lifetime value.

Formulas:

* **retention rate** = (E − N) / S, with S customers at the start of the period, E at its end
  and N new customers acquired during it (so E − N is the customers kept from the start).
* **churn rate** = lost / S (customers lost during the period over customers at its start).
* **customer lifetime value** (simple, Gupta & Lehmann 2003, "Customers as assets", Journal
  of Interactive Marketing 17(1)) = m · r / (1 + d − r), for a yearly margin m per customer,
  a yearly retention rate r and a yearly discount rate d, with an infinite horizon and the
  margin received at the end of each year. The order-based variant is average order value ×
  purchase frequency × expected lifespan.

Rates are proportions with Wilson intervals (each of the S starting customers either stays
or leaves); the CLV is a plain value, since its inputs are usually not from one sample.

Examples:
    >>> retention_rate(start=200, end=210, new=30)
    retention rate 90.0 % [85.1, 93.4] (n=200, 95 %)
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from servicemodel._config import safe_repr
from servicemodel._numbers import is_bool, real_number, whole_number
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi._estimate import Estimate, proportion

#: Counts past 2**53 have no exact float (as in ``proportion``).
_MAX_COUNT = 2**53

__all__ = [
    "churn_rate",
    "customer_lifetime_value",
    "lifetime_value_from_orders",
    "retention_rate",
]


def _count(value: Any, name: str) -> int:
    """``value`` as an int count, read as every count argument is (``whole_number``)."""
    whole = whole_number(value, name)  # ints, numpy ints, whole floats; no bool, NaN or 2.5
    if whole < 0:
        raise ConfigError(f"must be >= 0, got {safe_repr(value)}", path=name)
    if whole > _MAX_COUNT:
        # Refused here, by its own name: proportion would refuse it as its "n". A count, too
        # large: a ValueError.
        raise ConfigError(f"{name} must be a count up to 2**53, got {safe_repr(value)}")
    return whole


def _number(value: Any, name: str) -> float:
    """``value`` as a finite float: any real number, a numpy scalar as the decimal it prints as.

    A frame's figure is a numpy scalar (``frame["margin"].mean()`` of a float32 column, a
    ``numpy.int64`` sum) and a money amount often a ``Decimal``: each is a number, refused
    before as "must be a number, got float32". ``numpy.float32(0.8)`` holds 0.800000011...; a
    retention rate given so is the 0.8 it prints as.

    Examples:
        >>> import numpy as np
        >>> from decimal import Decimal
        >>> _number(np.float32(0.8), "retention"), _number(Decimal("12.5"), "margin")
        (0.8, 12.5)
    """
    if is_bool(value) or isinstance(value, complex) or not isinstance(value, numbers.Number):
        raise InputTypeError(
            f"{name} must be a number, got {type(value).__name__} {safe_repr(value)}"
        )
    # A number not allowed (NaN, an infinity, an int past the float range): a ValueError.
    number = real_number(value, name, error=ConfigError)
    if type(value).__module__ == "numpy":  # a finite number (checked): a decimal text
        return float(str(value))
    return number


def _finite(value: float, formula: str) -> float:
    """``value`` if finite: finite inputs near the float maximum can multiply to infinity.

    Numbers of the right type whose result leaves the float range: a ``ConfigError``.
    """
    if not math.isfinite(value):
        raise ConfigError(f"{formula} is beyond the float range (got {value})")
    return value


def retention_rate(*, start: int, end: int, new: int, level: float = 0.95) -> Estimate:
    """Return the customer retention rate (E − N) / S with a Wilson interval.

    ``start`` (S) customers at the start, ``end`` (E) at the end, ``new`` (N) acquired in
    between, each a whole number (an int, a numpy int, or a float such as 95.0 from a
    DataFrame; a bool is an [`InputTypeError`][servicemodel.errors.InputTypeError], NaN,
    95.5 or a negative count a [`ConfigError`][servicemodel.errors.ConfigError], each naming
    it). ``start == 0`` gives an estimate with no value.

    Examples:
        >>> retention_rate(start=100, end=95, new=10).value
        0.85
    """
    s, e, n = _count(start, "start"), _count(end, "end"), _count(new, "new")
    kept = e - n
    if kept < 0:
        raise ConfigError(
            f"new ({safe_repr(n)}) exceeds end ({safe_repr(e)}): E - N would be negative",
            path="new",
        )
    if kept > s:
        raise ConfigError(
            f"end - new = {safe_repr(kept)} exceeds start = {safe_repr(s)}: "
            "more customers kept than there were",
            path="end",
        )
    return proportion(kept, s, metric="retention rate", level=level)


def churn_rate(*, start: int, lost: int, level: float = 0.95) -> Estimate:
    """Return the churn rate lost / S with a Wilson interval.

    Examples:
        >>> churn_rate(start=100, lost=15).value
        0.15
    """
    s, lost_ = _count(start, "start"), _count(lost, "lost")
    if lost_ > s:
        raise ConfigError(f"lost ({safe_repr(lost_)}) exceeds start ({safe_repr(s)})", path="lost")
    return proportion(lost_, s, metric="churn rate", level=level)


def customer_lifetime_value(*, margin: float, retention: float, discount: float) -> float:
    """Return the simple CLV m · r / (1 + d − r) (Gupta & Lehmann 2003).

    ``margin`` is the yearly margin per customer, ``retention`` the yearly retention rate in
    [0, 1), ``discount`` the yearly discount rate (>= 0).

    Examples:
        >>> round(customer_lifetime_value(margin=100.0, retention=0.8, discount=0.1), 2)
        266.67
    """
    m = _number(margin, "margin")
    r = _number(retention, "retention")
    d = _number(discount, "discount")
    if not 0 <= r < 1:
        raise ConfigError(f"must be in [0, 1), got {safe_repr(retention)}", path="retention")
    if d < 0:
        raise ConfigError(f"must be >= 0, got {safe_repr(discount)}", path="discount")
    return _finite(m * r / (1 + d - r), f"CLV m·r/(1 + d − r) for m={m!r}, r={r!r}, d={d!r}")


def lifetime_value_from_orders(
    *, average_order_value: float, purchase_frequency: float, lifespan: float
) -> float:
    """Return the order-based CLV: average order value × purchases per year × years.

    Examples:
        >>> lifetime_value_from_orders(average_order_value=40.0, purchase_frequency=5,
        ...                            lifespan=3)
        600.0
    """
    values = {
        "average_order_value": _number(average_order_value, "average_order_value"),
        "purchase_frequency": _number(purchase_frequency, "purchase_frequency"),
        "lifespan": _number(lifespan, "lifespan"),
    }
    for name, value in values.items():
        if value < 0:
            raise ConfigError(f"must be >= 0, got {safe_repr(value)}", path=name)
    return _finite(
        values["average_order_value"] * values["purchase_frequency"] * values["lifespan"],
        "average_order_value × purchase_frequency × lifespan "
        f"({values['average_order_value']!r} × {values['purchase_frequency']!r} × "
        f"{values['lifespan']!r})",
    )
