"""The log-rank test: do two groups' survival curves differ (Mantel 1966; Peto & Peto 1972)?

At every distinct event time of the pooled data, with ``n = n_a + n_b`` at risk and ``d``
events, group ``a`` expects ``E = d · n_a / n`` events, with hypergeometric variance
``V = d (n_a/n)(1 - n_a/n)(n - d)/(n - 1)``. The statistic ``(Σ O_a - Σ E_a)² / Σ V`` is
chi-square with 1 degree of freedom under equal curves; its survival function is
``erfc(sqrt(x / 2))``. Ties are handled as R ``survdiff`` and ``lifelines.logrank_test`` do.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import check_count, is_bool, type_name
from servicemodel.errors import ConfigError, InputTypeError, MergeError
from servicemodel.kpi._survival import SurvivalTimes

__all__ = ["LogRankResult", "logrank"]


def _real(value: Any, name: str) -> float:
    """``value`` as a float if it is a finite number ≥ 0 (no bool), else raise naming ``name``."""
    if is_bool(value) or not isinstance(value, int | float):
        raise InputTypeError(
            f"{name}: expected a number, got {type_name(value)} {safe_repr(value)}"
        )
    try:
        x = float(value)
    except OverflowError:  # an int past the float range
        x = math.inf
    if not (x >= 0 and x != math.inf):
        raise ConfigError(f"expected a finite number ≥ 0, got {safe_repr(value)}", path=name)
    return x


def _non_negative(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: a finite number ≥ 0 (a statistic, a variance), named in the error."""
    _real(value, attribute.name)


def _probability(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: a p-value in [0, 1], named in the error."""
    if _real(value, attribute.name) > 1:
        raise ConfigError(
            f"expected a probability in [0, 1], got {safe_repr(value)}", path=attribute.name
        )


def _pair(read: Callable[[Any, str], Any], what: str) -> Any:
    """attrs validator: a tuple of two values (group a, group b), each checked by ``read``."""

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, tuple) or len(value) != 2:
            raise InputTypeError(
                f"{attribute.name}: expected a tuple of two {what} (group a, group b), got "
                f"{type_name(value)} {safe_repr(value)}"
            )
        for i, x in enumerate(value):
            read(x, f"{attribute.name}[{i}]")

    return check


@attrs.frozen
class LogRankResult:
    """The log-rank statistic, its p-value (chi-square, 1 df) and observed/expected events.

    ``observed`` and ``expected`` are ``(group a, group b)``; ``variance`` is ``Σ V``.

    Examples:
        >>> from servicemodel.kpi import SurvivalTimes
        >>> a = SurvivalTimes.empty().add_many([(t, True) for t in (1, 2, 3)])
        >>> b = SurvivalTimes.empty().add_many([(t, True) for t in (4, 5, 6)])
        >>> r = logrank(a, b)
        >>> r.observed, tuple(round(e, 3) for e in r.expected), round(r.statistic, 3)
        ((3, 3), (1.15, 4.85), 5.052)
    """

    statistic: float = attrs.field(validator=_non_negative)
    p_value: float = attrs.field(validator=_probability)
    observed: tuple[int, int] = attrs.field(validator=_pair(check_count, "counts"))
    expected: tuple[float, float] = attrs.field(validator=_pair(_real, "numbers"))
    variance: float = attrs.field(validator=_non_negative)

    def __repr__(self) -> str:
        return (
            f"log-rank chi2={self.statistic:.4g} (1 df) p={self.p_value:.3g} "
            f"observed={self.observed} expected=({self.expected[0]:.4g}, "
            f"{self.expected[1]:.4g})"
        )


def _times_of(acc: Any) -> SurvivalTimes:
    if isinstance(acc, SurvivalTimes):
        return acc
    times = getattr(acc, "times", None)
    if isinstance(times, SurvivalTimes):
        return times
    raise InputTypeError(
        f"logrank: expected survival accumulators, got {type(acc).__name__} {safe_repr(acc)}"
    )


def logrank(a: Any, b: Any) -> LogRankResult:
    """Return the log-rank test of two survival accumulators (same unit).

    ``a`` and ``b`` are [SurvivalTimes][servicemodel.kpi.SurvivalTimes] or ticket clocks
    ([FirstReplySurvival][servicemodel.kpi.FirstReplySurvival] …); only their counted times
    are read. With no events at all the statistic is 0 and p is 1.

    Examples:
        >>> from servicemodel.kpi import SurvivalTimes
        >>> a = SurvivalTimes.empty().add_many([(1, True), (3, True), (5, False)])
        >>> b = SurvivalTimes.empty().add_many([(2, True), (4, True), (6, True)])
        >>> logrank(a, b)
        log-rank chi2=0.0739 (1 df) p=0.786 observed=(2, 3) expected=(1.733, 3.267)
    """
    ta, tb = _times_of(a), _times_of(b)
    if ta.unit != tb.unit:
        raise MergeError(f"logrank: times in {ta.unit!r} and {tb.unit!r} cannot be compared")
    rows_a, rows_b = dict(_counts(ta)), dict(_counts(tb))
    n_a, n_b = ta.n, tb.n
    o_a = o_b = 0
    e_a = e_b = v = 0.0
    for t in sorted(rows_a.keys() | rows_b.keys()):
        da, ca = rows_a.get(t, (0, 0))
        db, cb = rows_b.get(t, (0, 0))
        n, d = n_a + n_b, da + db
        if d:
            e_a += d * n_a / n
            e_b += d * n_b / n
            if n > 1:
                v += d * (n_a / n) * (n_b / n) * (n - d) / (n - 1)
        o_a, o_b = o_a + da, o_b + db
        n_a -= da + ca
        n_b -= db + cb
    stat = (o_a - e_a) ** 2 / v if v > 0 else 0.0
    p_value = math.erfc(math.sqrt(stat / 2))  # P(chi2 with 1 df > stat)
    return LogRankResult(stat, p_value, (o_a, o_b), (e_a, e_b), v)


def _counts(times: SurvivalTimes) -> list[tuple[float, tuple[int, int]]]:
    return [(t, (d, c)) for t, d, c in times.rows]
