"""Interval formulas and order statistics behind the estimates, in pure standard library.

The normal quantile comes from ``statistics.NormalDist().inv_cdf``, Student's t from a closed
form or the Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5), binomial probabilities from
``math.lgamma``. The nearest-rank percentile rule lives here, once: ``nearest_rank`` is what
[Durations][servicemodel.kpi.Durations] (and so every time KPI) uses.

Examples:
    >>> lo, hi = wilson_interval(81, 263)
    >>> round(lo, 4), round(hi, 4)
    (0.2553, 0.3662)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from fractions import Fraction
from statistics import NormalDist
from typing import Any, cast

from servicemodel._config import safe_repr
from servicemodel._numbers import integral, is_bool, number_type, type_name, whole_number
from servicemodel.errors import ConfigError, InputTypeError

__all__ = [
    "STD_NORMAL",
    "check_fraction",
    "check_level",
    "fraction_field",
    "level_field",
    "level_value",
    "is_percentile",
    "percentile_float",
    "linear_percentile",
    "nearest_rank",
    "percentile_label",
    "nps_interval",
    "order_statistic_ranks",
    "t_quantile",
    "wilson_interval",
    "z_for_level",
]

STD_NORMAL = NormalDist()


#: Counts past 2**53 lose exactness as floats (and past ~1e308 cannot be floats at all).
_MAX_COUNT = 2**53


def _counts_only(**counts: Any) -> list[int]:
    """Return the counts as ints: whole numbers (``whole_number``) no larger than a float holds.

    numpy integers and whole floats pass (counts from frames arrive as ``int64`` or, with a
    gap in the column, ``float64``); a bool, NaN, 2.5, text or a numpy time is refused. The
    sign is left to the caller, whose message says what the counts must satisfy.
    """
    out = []
    for name, value in counts.items():
        whole = whole_number(value, name)
        if not -_MAX_COUNT <= whole <= _MAX_COUNT:
            raise ConfigError(
                f"{name} must be a count (a whole number up to 2**53), got {safe_repr(value)}"
            )
        out.append(whole)
    return out


def check_fraction(value: Any, name: str) -> float:
    """Return ``value`` as a float if it is a number strictly between 0 and 1, else raise.

    The one check of a confidence ``level``, a false discovery rate (``fdr``) and a
    significance level (``alpha``). Any real number is of the right type, as every other
    number parameter reads one: an int, a float, a ``Decimal``, a ``Fraction`` and a numpy
    number, which is the decimal it prints as (``numpy.float32(0.95)`` holds
    0.949999988..., and is 0.95, as a staffing target given so is). Something that is no
    number (a string, ``None``, a bool, a numpy time, an array) is an
    [`InputTypeError`][servicemodel.errors.InputTypeError]; a number outside (0, 1), NaN, an
    infinity or one whose float is 0 or 1 (``Fraction(1, 10**400)``) is a
    [`ConfigError`][servicemodel.errors.ConfigError] (a ``ValueError``): the right type, a
    value not allowed. Both messages name ``name`` and the value.

    Examples:
        >>> check_fraction(0.05, "alpha")
        0.05
        >>> from decimal import Decimal
        >>> import numpy as np
        >>> check_fraction(Decimal("0.05"), "alpha"), check_fraction(np.float32(0.95), "level")
        (0.05, 0.95)
        >>> check_fraction(5, "alpha")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: alpha must be a number strictly between 0 and 1, got 5
        >>> check_fraction("0.05", "fdr")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: fdr must be a number strictly between 0 and 1, got str '0.05'
    """  # noqa: E501
    if type(value) is float and 0 < value < 1:  # the usual case, kept cheap
        return value
    if not number_type(value):
        raise InputTypeError(
            f"{name} must be a number strictly between 0 and 1, got {type_name(value)} "
            f"{safe_repr(value)}"
        )
    try:
        # A numpy number is the decimal it prints as; numpy's longdouble included.
        number = float(str(value)) if type(value).__module__ == "numpy" else float(value)
    except OverflowError:  # an int or a Fraction past the float range
        number = math.inf
    except (TypeError, ValueError):  # Decimal('sNaN') refuses float()
        number = math.nan
    if not 0 < number < 1:  # a number not allowed (0, 1, NaN): a ValueError
        raise ConfigError(
            f"{name} must be a number strictly between 0 and 1, got {safe_repr(value)}"
            + (
                f" (read as the float {number!r})"
                if number in (0.0, 1.0) and value != number
                else ""
            )
        )
    return number


def level_value(value: Any) -> Any:
    """attrs converter of a stored confidence level, alpha or fdr: a real number as its float.

    A ``Decimal``, ``Fraction`` or numpy number that
    [check_fraction][servicemodel.kpi._intervals.check_fraction] accepts is kept as the float
    it computes with (``numpy.float32(0.95)`` as 0.95), so the value's arithmetic and its dict
    hold a float; anything else is left for the field's validator
    ([level_field][servicemodel.kpi._intervals.level_field] or
    [fraction_field][servicemodel.kpi._intervals.fraction_field]) to refuse, named as given.

    Examples:
        >>> from fractions import Fraction
        >>> level_value(Fraction(9, 10)), level_value("0.9")
        (0.9, '0.9')
    """
    if type(value) is float or not number_type(value):
        return value
    try:
        return check_fraction(value, "level")
    except ConfigError:
        return value  # refused by the validator, named as given


def fraction_field(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator of a stored alpha or fdr: [check_fraction][servicemodel.kpi._intervals.check_fraction]
    naming the field, after [level_value][servicemodel.kpi._intervals.level_value] as its converter.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Test:
        ...     alpha: float = attrs.field(converter=level_value, validator=fraction_field)
        >>> Test(Fraction(1, 20)).alpha
        0.05
        >>> Test(5)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: alpha must be a number strictly between 0 and 1, got 5
    """  # noqa: E501
    check_fraction(value, attribute.name)


def level_field(_instance: Any, _attribute: Any, value: Any) -> None:
    """attrs validator of a stored confidence level: [check_level][servicemodel.kpi._intervals.check_level]
    (its message names ``level``), after [level_value][servicemodel.kpi._intervals.level_value]
    as the field's converter.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Interval:
        ...     level: float = attrs.field(converter=level_value, validator=level_field)
        >>> import numpy as np
        >>> Interval(np.float32(0.95)).level
        0.95
        >>> Interval(float("nan"))
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: level must be a number strictly between 0 and 1, got nan
    """  # noqa: E501
    check_level(value)


def check_level(level: float) -> float:
    """Return ``level`` as a float if it is strictly between 0 and 1, else raise.

    Something that is no number (a string, ``None``, a bool) is an
    [`InputTypeError`][servicemodel.errors.InputTypeError]; a number outside (0, 1), NaN or an
    infinity is a [`ConfigError`][servicemodel.errors.ConfigError] (a ``ValueError``): the
    right type, a value not allowed ([check_fraction][servicemodel.kpi._intervals.check_fraction]).
    The level must also leave ``0.5 + level / 2`` below 1 in
    floating point (the quantile the intervals need): ``1 - 1e-16`` is below 1 but rounds that
    quantile to 1, where no critical value exists.

    Examples:
        >>> check_level(0.9)
        0.9
        >>> check_level(95)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: level must be a number strictly between 0 and 1, got 95
        >>> check_level(1 - 1e-16)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: level must be a number strictly between 0 and 1 and ...
        >>> check_level("0.95")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: level must be a number strictly between 0 and 1, ...
    """
    value = check_fraction(level, "level")
    if not 0.5 + value / 2 < 1:
        raise ConfigError(
            "level must be a number strictly between 0 and 1 and far enough from 1 for a "
            f"critical value to exist in floating point, got {safe_repr(level)}"
        )
    return value


def z_for_level(level: float = 0.95) -> float:
    """Return the two-sided standard-normal critical value for a confidence ``level``.

    Examples:
        >>> round(z_for_level(0.95), 4)
        1.96
    """
    return STD_NORMAL.inv_cdf(0.5 + check_level(level) / 2)


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (Lentz; *Numerical Recipes* §6.4).

    Converges quickly for ``x < (a + 1) / (a + b + 2)``, where its callers use it.
    """
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (tiny if abs(d) < tiny else d)
    h = d
    for m in range(1, 10_000):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (tiny if abs(d) < tiny else d)
            c = 1.0 + numerator / c
            c = tiny if abs(c) < tiny else c
            h *= d * c
        if abs(d * c - 1.0) < 1e-16:
            break
    return h


def _log_gamma_half_ratio(a: float) -> float:
    """Return ``log(Γ(a + ½) / Γ(a))`` without the cancellation of two large ``lgamma`` values.

    For ``a >= 25`` from Stirling's series (Abramowitz & Stegun 6.1.41), where the difference
    of the two ``lgamma`` values (each about ``a·log a``) would lose digits in proportion.
    """
    if a < 25:
        return math.lgamma(a + 0.5) - math.lgamma(a)

    def series(z: float) -> float:  # the Stirling correction 1/(12z) − 1/(360z³) + …
        w = 1 / (z * z)
        return (1 / 12 - w * (1 / 360 - w * (1 / 1260 - w / 1680))) / z

    return 0.5 * math.log(a) + (a * math.log1p(0.5 / a) - 0.5) + series(a + 0.5) - series(a)


def _t_log_tail(log_t: float, df: int) -> tuple[float, float]:
    """Return ``log P(T > t)`` and ``−d log P(T > t) / d log t`` for ``t = exp(log_t) > 0``.

    ``P(T > t) = I_x(df/2, 1/2) / 2`` with ``x = df / (df + t²)``: the regularised incomplete
    beta function by its continued fraction on whichever side converges (Abramowitz & Stegun
    26.7.1, *Numerical Recipes* §6.4). Everything is kept in logarithms, so the tail keeps its
    relative accuracy where ``1 − P(T <= t)`` would be lost to cancellation (p within a few
    floats of 1) and where the tail itself is below the smallest float.
    """
    v = float(df)
    a = v / 2
    d = log_t - 0.5 * math.log(v)  # log(t / √df)
    if d > 0:  # t² > df: r = df/t² <= 1, computed without squaring a huge t
        r = math.exp(-2 * d)
        log_x, log_1x = -2 * d - math.log1p(r), -math.log1p(r)
    else:  # s = t²/df <= 1
        s = math.exp(2 * d)
        log_x, log_1x = -math.log1p(s), 2 * d - math.log1p(s)
    log_gamma_ratio = _log_gamma_half_ratio(a)  # log Γ(a + ½) / Γ(a)
    log_front = log_gamma_ratio - 0.5 * math.log(math.pi) + a * log_x + 0.5 * log_1x
    if 2 * d > math.log(3 / (v + 2)):  # x < (a + 1)/(a + 3/2): the fraction for I_x(a, ½)
        fraction = _beta_fraction(a, 0.5, math.exp(log_x))
        log_tail = log_front + math.log(fraction) - math.log(a) - math.log(2)
    else:  # I_x(a, ½) = 1 − I_{1−x}(½, a); the tail is above 0.04 here: no cancellation
        fraction = _beta_fraction(0.5, a, math.exp(log_1x))
        log_tail = math.log((1.0 - math.exp(log_front) * fraction / 0.5) / 2)
    # The density: Γ(a + ½)/(Γ(a)·√(df·π)) · x^((df + 1)/2).
    log_pdf = log_gamma_ratio - 0.5 * math.log(v * math.pi) + (v + 1) / 2 * log_x
    return log_tail, math.exp(log_t + log_pdf - log_tail)


#: Beyond this many degrees of freedom the Cornish-Fisher start is already exact to about
#: 1e-13 (relative) for every level ``check_level`` admits, and the continued fraction would
#: need thousands of terms.
_T_EXPANSION_DF = 5000


def _check_t_args(p: Any, df: Any) -> tuple[float, int]:
    """Return ``t_quantile``'s arguments as a float and an int, or refuse them: no number is an
    InputTypeError, a number not allowed (``p`` 0, 1.5 or NaN; ``df`` 0) a ConfigError.

    ``p`` is read as the float it is (a numpy scalar as the decimal it prints as, as
    ``percentile_float`` reads one) and checked as that float: ``Fraction(1, 10**400)`` is
    above 0 but its float is 0, where a division by zero and ``inv_cdf`` failed bare. ``df``
    is an int or a numpy int (a count from a frame, ``n - 1`` of a column's length).
    """
    if is_bool(p) or not isinstance(p, numbers.Real):
        raise InputTypeError(
            f"p must be a number strictly between 0 and 1, got {type(p).__name__} {safe_repr(p)}"
        )
    if not 0 < cast(float, p) < 1:
        raise ConfigError(f"p must be strictly between 0 and 1, got {safe_repr(p)}")
    as_float = percentile_float(p)
    if not 0.0 < as_float < 1.0:
        raise ConfigError(
            f"p must be strictly between 0 and 1 as a float, got {safe_repr(p)} (the float "
            f"{as_float!r})"
        )
    whole = integral(df)
    if whole is None:
        raise InputTypeError(f"df must be an int >= 1, got {type(df).__name__} {safe_repr(df)}")
    if whole < 1:
        raise ConfigError(f"df must be an int >= 1, got {safe_repr(df)}")
    return as_float, whole


def t_quantile(p: float, df: int) -> float:
    """Return the ``p`` quantile of Student's t with ``df`` degrees of freedom.

    Starts from the Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5) and, for
    ``df <= 5000``, polishes it with Newton steps on the logarithm of the upper tail
    ``P(T > t)``, computed through the incomplete beta function so that quantiles far in the
    tail (``p`` within a few floats of 1) stay accurate; beyond that the expansion alone is
    accurate to about 1e-13, and is polished the same way where ``p`` is so far in the tail
    (below about 1e-30) that it is not.

    Examples:
        >>> round(t_quantile(0.975, 10), 6)
        2.228139
    """
    p, df = _check_t_args(p, df)
    if df == 1:  # Cauchy: tan(π(p − ½)), written on the tail side so a tiny p keeps its digits
        if p == 0.5:
            return 0.0
        return math.copysign(1.0, p - 0.5) / math.tan(math.pi * min(p, 1.0 - p))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    z = STD_NORMAL.inv_cdf(p)
    # Past 2**53 degrees of freedom every correction term is below a float's resolution (and
    # float(df) overflows past 1e308): t is the normal quantile.
    v = float(df) if df < 2**53 else math.inf
    z2 = z * z
    g1 = (z2 + 1) * z / 4
    g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
    g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
    g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
    last = g4 / v**4
    t = z + g1 / v + g2 / v**2 + g3 / v**3 + last
    # Past _T_EXPANSION_DF the expansion is exact unless p is far in the tail, where its
    # terms grow as z**(2k+1): the next, omitted term is about a thousandth of the last one
    # there, so a last term above 1e-10 of t (p < 1e-30 at df 5001, p < 1e-300 up to ~70,000
    # degrees of freedom) is polished too.
    if p == 0.5 or (df > _T_EXPANSION_DF and abs(last) <= 1e-10 * abs(t)):
        return t
    # Solve P(T > |t|) = q on the tail side, q = min(p, 1 − p) (exact in floats): Newton on
    # log(tail) against log(t), nearly linear for t's power-law tail. Newton steps on the
    # distribution function itself run off (to a division by zero) when p is within a few
    # floats of 1, where that function no longer changes in floating point.
    q = min(p, 1.0 - p)
    sign = 1.0 if p > 0.5 else -1.0
    start = abs(t) if math.isfinite(t) and t != 0 else max(abs(z), 1.0)
    log_t, log_q = math.log(start), math.log(q)
    # A handful of steps from the expansion; up to a few hundred (each at most a factor e²)
    # for a p so small, with few degrees of freedom, that t is astronomically far out.
    for _ in range(400):
        log_tail, slope = _t_log_tail(log_t, df)
        if not (slope > 0 and math.isfinite(slope)):
            break
        step = max(-2.0, min(2.0, (log_tail - log_q) / slope))
        log_t += step
        if abs(step) < 1e-9:  # Newton converges quadratically: what is left is below 1e-16
            break
    return sign * math.exp(min(log_t, 709.0))  # t < 1e308 for every df >= 3 and p > 0


def wilson_interval(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Return the Wilson (1927) score interval for ``successes`` out of ``n``.

    The interval always contains ``successes / n`` and stays within [0, 1]. ``n`` must be > 0
    and ``successes`` in 0..n, else a [`ConfigError`][servicemodel.errors.ConfigError].
    Counts are whole numbers (ints, numpy ints, or floats such as 81.0); a bool, NaN or a
    fractional count is an [`InputTypeError`][servicemodel.errors.InputTypeError] naming it.

    Examples:
        >>> lo, hi = wilson_interval(81, 263)
        >>> f"{lo:.4f}-{hi:.4f}"
        '0.2553-0.3662'
    """
    successes, n = _counts_only(successes=successes, n=n)
    if n <= 0 or not 0 <= successes <= n:
        raise ConfigError(
            f"need 0 <= successes <= n and n > 0, got {safe_repr(successes)} of {safe_repr(n)}"
        )
    z = z_for_level(level)
    p = successes / n
    z2n = z * z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(p * (1 - p) / n + z2n / (4 * n))
    # Rounding can push a bound a hair past p at p = 0 or 1; the interval must contain p.
    return max(0.0, min(centre - half, p)), min(1.0, max(centre + half, p))


def nps_interval(
    promoters: int, detractors: int, n: int, level: float = 0.95
) -> tuple[float, float, float]:
    """Return the adjusted-Wald NPS interval (Rocks 2016) as ``(lower, upper, se)`` in points.

    Add ¾ to promoters and ¾ to detractors and 3 to ``n``, then use the variance of a
    difference of proportions, ``p + d - (p - d)²``; the bounds are clipped to [-100, 100].
    ``se`` is the adjusted standard error in points. The caller widens the interval to include
    the observed NPS if a small-sample extreme needs it.

    Examples:
        >>> lo, hi, se = nps_interval(50, 20, 100)
        >>> f"{lo:.1f} {hi:.1f}"
        '14.1 44.2'
    """
    counts = (promoters, detractors, n)
    promoters, detractors, n = _counts_only(promoters=promoters, detractors=detractors, n=n)
    if n < 0 or min(promoters, detractors) < 0 or promoters + detractors > n:
        shown = ", ".join(
            f"{k}={safe_repr(v)}"
            for k, v in zip(("promoters", "detractors", "n"), counts, strict=True)
        )
        raise ConfigError(f"bad NPS counts (ints >= 0, not bools): {shown}")
    z = z_for_level(level)
    n_adj = n + 3
    p = (promoters + 0.75) / n_adj
    d = (detractors + 0.75) / n_adj
    se = math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n_adj)
    centre = p - d
    return (
        100 * max(-1.0, centre - z * se),
        100 * min(1.0, centre + z * se),
        100 * se,
    )


def _binomial_cdf_window(n: int, q: float) -> tuple[int, list[float]]:
    """Return ``(k0, cdf)`` with ``cdf[i] = P(B <= k0 + i)`` for B ~ Bin(n, q) near its mode."""
    if q <= 0.0:
        return 0, [1.0]
    if q >= 1.0:
        return n, [0.0, 1.0] if n > 0 else [1.0]
    sd = math.sqrt(n * q * (1 - q))
    # Beyond 12 standard deviations (plus a margin for small n) the mass is below 1e-30.
    width = int(12 * sd) + 40
    mode = int(n * q)
    k0, k1 = max(0, mode - width), min(n, mode + width)
    # Each probability relative to the mode's, by the ratio P(k + 1) / P(k) = (n − k) / (k + 1)
    # · q / (1 − q), then normalised over the window, which holds all but 1e-30 of the mass.
    # (log C(n, k) from lgamma lost digits with n: lgamma(n + 1) is about n·log n, so at n =
    # 2**53 its rounding alone was larger than the whole spread of the probabilities.)
    odds = math.log(q) - math.log1p(-q)
    logs = [0.0] * (k1 - k0 + 1)
    at = mode - k0
    for i in range(at, len(logs) - 1):  # upwards from the mode
        k = k0 + i
        logs[i + 1] = logs[i] + math.log((n - k) / (k + 1)) + odds
    for i in range(at, 0, -1):  # downwards
        k = k0 + i
        logs[i - 1] = logs[i] - math.log((n - k + 1) / k) - odds
    top = max(logs)
    cdf: list[float] = []
    total = 0.0
    for w in logs:
        total += math.exp(w - top)
        cdf.append(total)
    return k0, [c / total for c in cdf]


def _whole_count(n: Any) -> int:
    """Return ``n`` as an int (a whole number, as every count is read), else raise.

    A whole float is read as its int: as a float it reached the list of cumulative
    probabilities, which refused a float index.
    """
    return _counts_only(n=n)[0]


#: A binomial probability this close (relative) to a tail is compared exactly: at a tie
#: (n = 1, q = 0.95 and level 0.9: P(B <= 0) = α/2 = 1/20) the rounding of either side decided
#: the rank, and the documented bound that exists was dropped.
_TIE = 1e-9
#: Beyond this many values ties are left to floating point (an exact sum would cost too much).
_EXACT_TIES_N = 2000


def _exact_binomial_cdf(n: int, q: float, k: int) -> Fraction:
    """Return ``P(B <= k)`` for B ~ Bin(n, q) as a fraction, ``q`` read as written (repr)."""
    p = Fraction(repr(float(q)))
    a, b = p.numerator, p.denominator
    total = sum(math.comb(n, j) * a**j * (b - a) ** (n - j) for j in range(max(k, -1) + 1))
    return Fraction(total, b**n)


#: Above this variance n·q·(1 − q) the binomial window (about 24 standard deviations, term by
#: term) costs more and rounds worse with n: a rank off by one or two from about 1e8, seconds
#: from 1e10, hours at n = 2**53. The CDF is then the normal one with continuity correction and
#: the skewness term of its Edgeworth expansion, whose error is of order 1 / (n·q·(1 − q))
#: (Esseen's expansion for lattice distributions; Feller, vol. II, XVI.4): at most about 1e-7,
#: far less than one rank's probability there. Its ranks equal those of scipy's exact binomial
#: (Boost's incomplete beta) from 1e6 to 2.1e12 in the checks made.
_EDGEWORTH_VARIANCE = 1e7


def _binomial_cdf_edgeworth(n: int, q: float) -> Callable[[int], float]:
    """Return ``P(B <= k)`` for B ~ Bin(n, q) with a huge variance (see ``_EDGEWORTH_VARIANCE``)."""
    mean, sd = n * q, math.sqrt(n * q * (1 - q))
    skew = (1 - 2 * q) / sd

    def cdf(k: int) -> float:
        x = (k + 0.5 - mean) / sd
        phi = math.exp(-x * x / 2) / math.sqrt(2 * math.pi)
        value = 0.5 * math.erfc(-x / math.sqrt(2)) - phi * skew * (x * x - 1) / 6
        return min(1.0, max(0.0, value))

    return cdf


def _cdf_sign(n: int, q: float) -> Callable[[int, float, Fraction], int]:
    """Return ``sign(k, bound, exact)``: the sign of ``P(B <= k) - bound`` for B ~ Bin(n, q).

    In floating point, except within ``_TIE`` of the bound, where ``exact`` (the bound as a
    fraction) is compared with the exact probability.
    """
    if 0.0 < q < 1.0 and n * q * (1 - q) > _EDGEWORTH_VARIANCE:
        approx = _binomial_cdf_edgeworth(n, q)

        def approx_sign(k: int, bound: float, exact: Fraction) -> int:
            c = approx(k)
            return (c > bound) - (c < bound)

        return approx_sign
    k0, cdf = _binomial_cdf_window(n, q)

    def sign(k: int, bound: float, exact: Fraction) -> int:
        c = 0.0 if k < k0 else cdf[k - k0] if k - k0 < len(cdf) else 1.0  # P(B <= k)
        if n <= _EXACT_TIES_N and abs(c - bound) <= _TIE * bound:
            c_exact = _exact_binomial_cdf(n, q, k)
            return (c_exact > exact) - (c_exact < exact)
        return (c > bound) - (c < bound)

    return sign


def order_statistic_ranks(n: int, q: float, level: float = 0.95) -> tuple[int | None, int | None]:
    """Return 1-based ranks ``(l, u)`` with ``P(x_(l) <= ξ_q <= x_(u)) >= level``.

    Distribution-free (binomial) interval for the ``q`` quantile ``ξ_q`` of a continuous
    distribution: with B ~ Bin(n, q), coverage is ``P(l <= B <= u - 1)``. ``l`` is the largest
    rank with ``P(B <= l - 1) <= α/2`` and ``u`` the smallest with ``P(B <= u - 1) >= 1 - α/2``;
    ``None`` means no rank is far enough out for this ``n`` (the bound is unbounded).

    Examples:
        >>> order_statistic_ranks(100, 0.5)  # the textbook ranks 40 and 61 for a median
        (40, 61)
    """
    alpha = 1 - check_level(level)
    given, n = n, _whole_count(n)
    if is_bool(q) or not isinstance(q, numbers.Real):
        raise InputTypeError(f"q must be a number in [0, 1], got {type(q).__name__} {safe_repr(q)}")
    if not 0 <= q <= 1:
        raise ConfigError(f"q must be a number in [0, 1], got {safe_repr(q)}")
    # A Python float from here on, a numpy scalar the decimal it prints as (as percentile_float
    # reads one): numpy's own arithmetic overflowed a float16's n·q (a RuntimeWarning), kept a
    # float32's n·q·(1 − q) to 7 digits, and at n = 2**53 a numpy float64 reached a numpy bool
    # subtraction (a bare TypeError).
    q = percentile_float(q)
    if n < 0:  # shown as given: -1.0 from a float column, not the int it reads as
        raise ConfigError(f"n must be a number of values (0 or more), got {safe_repr(given)}")
    if n == 0:
        return None, None
    cdf_vs = _cdf_sign(n, q)
    # The tails as written (level 0.9: α/2 = 1/20 exactly), for the ties decided exactly.
    tail = (1 - Fraction(repr(float(level)))) / 2
    # Both conditions are monotone in the rank, so binary searches find the extreme ranks.
    lo, hi = 0, n  # invariant: ranks <= lo satisfy the lower condition (0 = none), > hi don't
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if cdf_vs(mid - 1, alpha / 2, tail) <= 0:
            lo = mid
        else:
            hi = mid - 1
    lower = lo if lo >= 1 else None
    lo, hi = 1, n + 1  # smallest rank meeting the upper condition; n + 1 = none
    while lo < hi:
        mid = (lo + hi) // 2
        if cdf_vs(mid - 1, 1 - alpha / 2, 1 - tail) >= 0:
            hi = mid
        else:
            lo = mid + 1
    upper = lo if lo <= n else None
    return lower, upper


# --- percentiles of sorted values --------------------------------------------------------------


def nearest_rank(n: int, q: float) -> int:
    """Return the 1-based rank of the nearest-rank ``q`` percentile (0–100) of ``n`` values.

    The ``⌈q·n/100⌉``-th smallest value (the 1st for ``q = 0``), so the percentile is always an
    observed value. This is the library's one percentile rule; use it, or
    [Durations][servicemodel.kpi.Durations], rather than another formula.

    Examples:
        >>> nearest_rank(10, 90), nearest_rank(5, 0), nearest_rank(5, 100)
        (9, 1, 5)
    """
    # Exact rational arithmetic: 0.9 * 10 must give rank 9, not 10.
    return max(1, math.ceil(Fraction(repr(float(q))) * n / 100))


def percentile_label(q: float) -> str:
    """Return the ``q`` of a percentile's name (``p90``, ``p99.9``), as short as names it.

    ``f"{q:g}"`` when it reads back as ``q``; otherwise every digit, so two percentiles never
    share a name and none is named for another (99.99999 was ``p100``).

    Examples:
        >>> percentile_label(90), percentile_label(99.9), percentile_label(99.99999)
        ('90', '99.9', '99.99999')
    """
    # As a float first: a Fraction or Decimal percentile is a number, but Python 3.11's
    # Fraction has no "g" format; a numpy scalar is the decimal it prints as.
    x = percentile_float(q)
    short = f"{x:g}"
    return short if float(short) == x else repr(x)


def is_percentile(q: Any) -> bool:
    """Whether ``q`` is a percentile in 0..100: a real number of any kind, numpy's too; no bool.

    The one test of the KPIs' percentile arguments (a time KPI's ``percentiles`` and
    ``Durations.percentile``): ``np.int64(90)`` from an array is a real number though no int.
    Compared as given: ``float()`` of a huge int overflows, and NaN compares false.

    Examples:
        >>> import numpy as np
        >>> is_percentile(np.int64(90)), is_percentile(True), is_percentile(float("nan"))
        (True, False, False)
    """
    return not is_bool(q) and isinstance(q, numbers.Real) and bool(0 <= cast(float, q) <= 100)


def percentile_float(q: Any) -> float:
    """A percentile (checked by ``is_percentile``) as the float it is written as.

    A numpy scalar is the decimal it prints as: ``numpy.float32(99.9)`` holds
    99.90000152587891, which would be measured and labelled ``p99.90000152587891``; it is
    99.9, as a shrinkage given so is.

    Examples:
        >>> import numpy as np
        >>> percentile_float(np.float32(99.9)), percentile_float(np.int64(90)), percentile_float(50)
        (99.9, 90.0, 50.0)
    """
    if type(q).__module__ == "numpy":
        return float(str(q))
    return float(q)


def linear_percentile(values: Sequence[float], q: float) -> float:
    """Return the interpolated ``q`` percentile of sorted, non-empty ``values``.

    Hyndman & Fan type 7, the default of numpy and pandas; offered next to nearest rank only
    because users compare with those tools.

    Examples:
        >>> linear_percentile([1.0, 2.0, 3.0, 4.0], 50)
        2.5
    """
    n = len(values)
    h = (n - 1) * q / 100
    lo_i = math.floor(h)
    hi_i = min(lo_i + 1, n - 1)
    a, b = values[lo_i], values[hi_i]
    return a + (h - lo_i) * (b - a)
