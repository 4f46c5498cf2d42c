"""The arithmetic of the DDSketch-style histogram and of exact streaming moments.

Masson, Rim & Lee (PVLDB 12(12), 2019): with ``γ = (1 + α)/(1 − α)``, value ``x`` goes to
bucket ``⌈log_γ x⌉``, which holds ``(γ^(i−1), γ^i]``; reporting ``2γ^i/(γ + 1)`` for it is
within a relative error ``α`` of every value there. Counts per bucket add, so merging is exact.

Examples:
    >>> buckets, zeros = bucket_counts([0.0, 1.0, 1.0, 100.0], gamma=1.0202)
    >>> sum(buckets.values()), zeros
    (3, 1)
"""

from __future__ import annotations

import math
import operator
import sys
from collections import Counter
from collections.abc import Sequence
from itertools import repeat

__all__ = ["MIN_INDEXABLE", "bucket_counts", "bucket_value", "mean_m2", "merge_m2"]

#: Values below this (in the accumulator's unit) go to the sketch's zero bucket.
MIN_INDEXABLE = 1e-9


def bucket_counts(floats: Sequence[float], gamma: float) -> tuple[Counter[int], int]:
    """Return the count per bucket index of ``floats`` (non-empty) and the count of zeros."""
    positives = (
        floats if min(floats) >= MIN_INDEXABLE else [x for x in floats if x >= MIN_INDEXABLE]
    )
    inv = 1 / math.log(gamma)
    counts = Counter(map(math.ceil, map(operator.mul, map(math.log, positives), repeat(inv))))
    return counts, len(floats) - len(positives)


def bucket_value(index: int, gamma: float) -> float:
    """Return the value reported for bucket ``index``: within α of all the values it holds.

    Examples:
        >>> round(bucket_value(0, 1.0202), 4)
        0.99
    """
    # 2/(γ + 1) = 1 − α is below 1, so the product cannot overflow where γ^i does not
    # (``2 * γ^i`` did for γ^i above half the float maximum: inf, then read as the maximum).
    scale = 2 / (gamma + 1)
    try:
        return gamma**index * scale
    except OverflowError:
        pass
    # The top bucket of values near the float maximum: its upper edge γ^i is past the float
    # range, but its report (1 + α)·γ^(i−1) may not be. Reporting the largest float instead was
    # off by up to γ − 1 for a value near the lower edge (α = 0.6: 4.5e307 read as 1.3e308).
    # Past the range the largest float is within α: every value there is above max / (1 + α).
    try:
        return min(gamma ** (index - 1) * (scale * gamma), sys.float_info.max)
    except OverflowError:
        return sys.float_info.max


def mean_m2(values: Sequence[float]) -> tuple[float, float]:
    """Return the mean and Σ(x − mean)² with C-speed passes and little cancellation.

    Never raises for finite values and never returns NaN: values whose squares leave the float
    range (above about 1e154) are summed scaled by a power of two, and a Σ(x − mean)² beyond
    the float range is returned as ``inf`` (the mean itself is always finite).

    Examples:
        >>> mean_m2([1.0, 2.0, 3.0])
        (2.0, 2.0)
        >>> mean_m2([1e308, 1e308])
        (1e+308, 0.0)
        >>> mean_m2([1e308, 0.0])
        (5e+307, inf)
    """
    n = len(values)
    if n == 0:
        return 0.0, 0.0
    try:
        s1 = math.fsum(values)
        s2 = math.fsum(map(operator.mul, values, values))
        fits = math.isfinite(s1 * s1) and math.isfinite(s2)
    except OverflowError:  # fsum: intermediate overflow
        fits = False
    if not fits:
        return _scaled_mean_m2(values)
    # One pass over squares needs no list of deviations (storing a million new floats costs
    # more than the arithmetic). Its rounding error is at most about 5·2⁻⁵³·Σx², so it is used
    # only when Σ(x − mean)² keeps at least 2⁻¹⁰ of Σx² (relative error below 1e-12).
    m2 = s2 - s1 * s1 / n
    if m2 >= s2 * 2.0**-10:
        return s1 / n, m2
    # Shifting by the median before summing squares keeps Σd² − (Σd)²/n well conditioned
    # even when the spread is tiny compared with the values themselves.
    shift = values[n // 2]
    d = list(map(operator.sub, values, repeat(shift)))
    s1 = math.fsum(d)
    s2 = math.fsum(map(operator.mul, d, d))
    return shift + s1 / n, max(s2 - s1 * s1 / n, 0.0)


def _scaled_mean_m2(values: Sequence[float]) -> tuple[float, float]:
    """``mean_m2`` of huge values: computed on ``x · 2⁻ᵉ`` (exact) so nothing overflows.

    Values far below the largest lose only what is below 2⁻¹⁰⁷⁴ of it, which the sums could
    not hold anyway.
    """
    big = max(max(values), -min(values))
    e = math.frexp(big)[1]
    mean, m2 = mean_m2([math.ldexp(x, -e) for x in values])
    try:
        m2 = math.ldexp(m2, 2 * e)
    except OverflowError:
        m2 = math.inf  # the spread is beyond the float range; the mean is not
    return math.ldexp(mean, e), m2


def merge_m2(a: tuple[int, float, float], b: tuple[int, float, float]) -> float:
    """Return Σ(x − mean)² of two parts given each as ``(count, total, m2)``.

    Chan, Golub & LeVeque (1979): the pairwise update, exact up to rounding.

    Examples:
        >>> merge_m2((2, 3.0, 0.5), (1, 3.0, 0.0))  # [1, 2] and [3]
        2.0
    """
    (na, ta, ma), (nb, tb, mb) = a, b
    n = na + nb
    if n == 0:
        return 0.0
    delta = (tb / nb if nb else 0.0) - (ta / na if na else 0.0)
    return ma + mb + delta * delta * na * nb / n
