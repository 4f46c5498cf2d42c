"""The statistics behind feedback analysis, in pure standard library.

- ``benjamini_hochberg``: step-up adjusted p-values (q-values) controlling the false discovery
  rate (Benjamini & Hochberg 1995, *J. R. Statist. Soc. B* 57(1), 289–300).
- ``two_proportion_test``: the pooled two-sample z test of equal proportions (equivalent to
  Pearson's chi-square on the 2×2 table, without continuity correction).
- ``difference_interval``: Newcombe's hybrid score interval for a difference of two
  independent proportions (Newcombe 1998, *Statistics in Medicine* 17, 873–890, method 10),
  built from the library's Wilson intervals.
- ``chi_square_sf``: the upper tail of the chi-square distribution, through the regularised
  incomplete gamma function (series and continued fraction, as in *Numerical Recipes* §6.2).
- ``ratio_estimate``: the ratio ``a / b`` of two counts with an interval from the Wilson
  interval of ``π = a / (a + b)`` mapped by ``π / (1 − π)``.

Examples:
    >>> [round(q, 4) for q in benjamini_hochberg([0.01, 0.04, 0.03])]
    [0.03, 0.04, 0.04]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from servicemodel._config import safe_repr
from servicemodel._numbers import as_count, is_bool, real_number
from servicemodel._validators import require_iterable
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi import wilson_interval

#: Counts past 2**53 have no exact float (as in ``wilson_interval``).
_MAX_COUNT = 2**53

__all__ = [
    "between",
    "benjamini_hochberg",
    "chi_square_sf",
    "difference_interval",
    "name_counts",
    "two_proportion_test",
]


def between(low: float, high: float, *, optional: bool = False) -> Any:
    """attrs validator of a figure of a result: a number in ``[low, high]`` (NaN is not).

    The type is checked by the field's ``instance_of``; this checks the range, naming the
    field (a p-value of 5 or a NaN statistic would otherwise print as a result).

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Test:
        ...     p: float = attrs.field(validator=between(0, 1))
        >>> Test(1.5)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: p: expected a number from 0 to 1, got 1.5
    """

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if value is None and optional:
            return
        if isinstance(value, int | float) and not low <= value <= high:
            if math.isfinite(low) and math.isfinite(high):
                span = f"from {low:g} to {high:g}"
            else:
                span = f"at least {low:g}" if math.isfinite(low) else "(not NaN)"
            raise ConfigError(f"{attribute.name}: expected a number {span}, got {safe_repr(value)}")

    return check


def _probability(value: object, i: int) -> float:
    if is_bool(value) or not isinstance(value, int | float):
        raise InputTypeError(
            f"p_values[{i}]: expected a number in [0, 1], got {type(value).__name__} "
            f"{safe_repr(value)}"
        )
    if not 0 <= value <= 1:  # a number not allowed (1.5, NaN): a ValueError
        raise ConfigError(f"p_values[{i}]: expected a number in [0, 1], got {safe_repr(value)}")
    return float(value)


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Return the Benjamini–Hochberg adjusted p-values (q-values), in the order given.

    With the p-values sorted, ``p₍₁₎ ≤ … ≤ p₍ₘ₎``, the q-value of ``p₍ᵢ₎`` is
    ``min over j ≥ i of min(1, m·p₍ⱼ₎ / j)``; rejecting every hypothesis with ``q ≤ α`` is the
    step-up procedure of Benjamini & Hochberg (1995), which keeps the expected share of false
    discoveries at most ``α`` for independent tests. Each q-value is at least its p-value, and
    q-values are in the same order as the p-values.

    Examples:
        >>> benjamini_hochberg([0.04, 0.01])
        [0.04, 0.02]
        >>> benjamini_hochberg([])
        []
    """
    ps = [_probability(p, i) for i, p in enumerate(require_iterable(p_values, "p_values"))]
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):  # from the largest p down: the running minimum of m·p/rank
        i = order[rank - 1]
        running = min(running, m * ps[i] / rank)
        q[i] = max(running, ps[i])  # m·p/rank >= p mathematically; keep it so in floating point
    return q


def _check_size(n1: int, n2: int, given: Mapping[str, Any]) -> None:
    """Refuse a sample size past 2**53, naming it as given."""
    for name, n in (("n1", n1), ("n2", n2)):
        if n > _MAX_COUNT:  # a count, too large: a ValueError
            raise ConfigError(f"{name} must be a count up to 2**53, got {safe_repr(given[name])}")


def two_proportion_test(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """Return ``(z, p)`` of the pooled two-proportion z test of ``x1/n1`` against ``x2/n2``.

    ``z = (p₂ − p₁) / sqrt(p̄(1 − p̄)(1/n₁ + 1/n₂))`` with ``p̄ = (x₁ + x₂)/(n₁ + n₂)``, and the
    two-sided p-value ``erfc(|z|/√2)``. When ``p̄`` is 0 or 1 both proportions are equal and
    there is nothing to test: ``z = 0``, ``p = 1``. ``z²`` is Pearson's chi-square of the 2×2
    table. Like every large-sample test it is rough for very small counts.

    Examples:
        >>> z, p = two_proportion_test(10, 100, 25, 100)
        >>> round(z, 3), round(p, 4)
        (2.791, 0.0052)
    """
    # Ints, numpy ints and whole floats (a frame's column), as every count argument is read.
    given = {"n1": n1, "n2": n2}
    x1, n1, x2, n2 = (as_count(v, k) for k, v in (("x1", x1), ("n1", n1), ("x2", x2), ("n2", n2)))
    if n1 == 0 or n2 == 0 or x1 > n1 or x2 > n2:
        raise ConfigError(
            f"need 0 <= x <= n and n > 0, got {safe_repr(x1)}/{safe_repr(n1)} and "
            f"{safe_repr(x2)}/{safe_repr(n2)}"
        )
    # As in difference_interval: past 2**53 a count has no exact float, and far past it
    # 1/n underflows to 0, so 0/n against n/n came out z = 0, p = 1 ("no difference").
    _check_size(n1, n2, given)
    pooled = (x1 + x2) / (n1 + n2)
    var = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if var <= 0:
        return 0.0, 1.0
    z = (x2 / n2 - x1 / n1) / math.sqrt(var)
    return z, min(1.0, math.erfc(abs(z) / math.sqrt(2)))


def difference_interval(
    x1: int, n1: int, x2: int, n2: int, level: float = 0.95
) -> tuple[float, float]:
    """Return Newcombe's hybrid score interval for ``x2/n2 − x1/n1`` (method 10 of 1998).

    With Wilson intervals ``(l₁, u₁)`` and ``(l₂, u₂)`` of the two proportions and
    ``d = p₂ − p₁``: lower ``d − sqrt((p₂ − l₂)² + (u₁ − p₁)²)``, upper
    ``d + sqrt((u₂ − p₂)² + (p₁ − l₁)²)``. It stays within [−1, 1] and behaves at 0 % and
    100 %, where the Wald interval collapses.

    Examples:
        >>> lo, hi = difference_interval(48, 80, 56, 70)  # Newcombe (1998), example (a)
        >>> round(lo, 4), round(hi, 4)
        (0.0524, 0.3339)
    """
    given = {"n1": n1, "n2": n2}
    # Ints, numpy ints and whole floats (a frame's column), as every count argument is read.
    x1, n1, x2, n2 = (as_count(v, k) for k, v in (("x1", x1), ("n1", n1), ("x2", x2), ("n2", n2)))
    # Checked here, by these names: wilson_interval would name its own "successes" and "n".
    if n1 == 0 or n2 == 0 or x1 > n1 or x2 > n2:
        raise ConfigError(
            f"need 0 <= x <= n and n > 0, got {safe_repr(x1)}/{safe_repr(n1)} and "
            f"{safe_repr(x2)}/{safe_repr(n2)}"
        )
    _check_size(n1, n2, given)
    l1, u1 = wilson_interval(x1, n1, level)
    l2, u2 = wilson_interval(x2, n2, level)
    p1, p2 = x1 / n1, x2 / n2
    d = p2 - p1
    lower = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    upper = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return max(-1.0, min(lower, d)), min(1.0, max(upper, d))


# --- the chi-square distribution -----------------------------------------------------------


def _gamma_p_series(a: float, x: float) -> float:
    """Regularised lower incomplete gamma P(a, x) by its series (good for x < a + 1)."""
    term = total = 1.0 / a
    ap = a
    for _ in range(10_000):
        ap += 1
        term *= x / ap
        total += term
        if abs(term) < abs(total) * 1e-16:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _gamma_q_fraction(a: float, x: float) -> float:
    """Regularised upper incomplete gamma Q(a, x) by Lentz's continued fraction (x ≥ a + 1)."""
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        step = d * c
        h *= step
        if abs(step - 1) < 1e-16:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


_MAX_DF = 10**6


def chi_square_sf(statistic: float, df: int) -> float:
    """Return ``P(X > statistic)`` for X chi-square with ``df`` degrees of freedom.

    Computed as the regularised upper incomplete gamma ``Q(df/2, statistic/2)``.

    Examples:
        >>> import math
        >>> round(chi_square_sf(3.841458820694124, 1), 6)
        0.05
        >>> round(chi_square_sf(4.0, 2), 6) == round(math.exp(-2.0), 6)
        True
    """
    # Past a million degrees of freedom the series and fraction below (10,000 steps each) no
    # longer converge: the p-value would be silently wrong (0.58 for 0.5 at df = 10**8).
    if is_bool(df) or not isinstance(df, int):
        raise InputTypeError(
            f"df: expected an int from 1 to {_MAX_DF:,}, got {type(df).__name__} {safe_repr(df)}"
        )
    if not 1 <= df <= _MAX_DF:  # an int not allowed: a ValueError
        raise ConfigError(f"df: expected an int from 1 to {_MAX_DF:,}, got {safe_repr(df)}")
    if is_bool(statistic) or not isinstance(statistic, int | float):
        raise InputTypeError(f"statistic: expected a number, got {safe_repr(statistic)}")
    # finite=False: an infinite statistic has p = 0; an int past the float range is refused
    # (a number not allowed: a ValueError).
    statistic = real_number(statistic, "statistic", error=ConfigError, finite=False)
    if math.isnan(statistic):
        raise ConfigError("statistic: expected a number, got nan")
    if statistic <= 0:
        return 1.0
    if math.isinf(statistic):
        return 0.0
    a, x = df / 2, statistic / 2
    if x == 0.0:  # the smallest subnormal statistic halves to 0: log(x) would be a domain error
        return 1.0
    if x < a + 1:
        return min(1.0, max(0.0, 1.0 - _gamma_p_series(a, x)))
    return min(1.0, max(0.0, _gamma_q_fraction(a, x)))


def name_counts(value: Any) -> tuple[tuple[str, int], ...]:
    """``(name, count >= 0)`` pairs (or a mapping of them), sorted by name; the last count wins.

    The ``counts`` of theme and channel results.

    Examples:
        >>> name_counts({"chat": 2, "email": 5})
        (('chat', 2), ('email', 5))
    """
    pairs = value.items() if isinstance(value, Mapping) else require_iterable(value, "counts")
    out: dict[str, int] = {}
    for pair in pairs:
        ok = isinstance(pair, tuple | list) and len(pair) == 2 and isinstance(pair[0], str)
        if not ok or is_bool(pair[1]) or not isinstance(pair[1], int) or pair[1] < 0:
            raise InputTypeError(
                f"counts: expected (name, count >= 0) pairs, got {safe_repr(pair)}"
            )
        out[pair[0]] = pair[1]
    return tuple(sorted(out.items()))
