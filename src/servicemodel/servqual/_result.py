"""SERVQUAL results: gap estimates per item, dimension and overall, with their intervals."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel.errors import UnknownKeyError
from servicemodel.kpi import Estimate, t_quantile, z_for_level
from servicemodel.servqual._instrument import Instrument

__all__ = ["ServqualResult"]


@attrs.frozen(repr=False)
class ServqualResult:
    """Gap scores with n and intervals: per item, per dimension, unweighted and weighted.

    Every score is an [`Estimate`][servicemodel.kpi.Estimate] (value ``None`` when ``n == 0``).
    Dimension and overall intervals are taken over respondents' own scores, so the correlation
    between a respondent's items is accounted for. Weights are treated as fixed constants.

    Examples:
        >>> from servicemodel.servqual import Servqual
        >>> r = Servqual.empty().result()
        >>> r.n, r.unweighted.value
        (0, None)
    """

    instrument: Instrument
    n: int
    item_gaps: tuple[tuple[int, Estimate], ...]
    dimension_gaps: tuple[tuple[str, Estimate], ...]
    unweighted: Estimate
    weighted: Estimate | None
    expectation_means: tuple[tuple[str, float | None], ...]
    perception_means: tuple[tuple[str, float | None], ...]

    def item(self, number: int) -> Estimate:
        """The gap estimate for item ``number``.

        Examples:
            >>> from servicemodel.servqual import Servqual
            >>> Servqual.empty().result().item(22).n
            0
        """
        for key, est in self.item_gaps:
            if key == number:
                return est
        raise UnknownKeyError(
            f"item {safe_repr(number)} is not in instrument {safe_repr(self.instrument.name)}"
        )

    def dimension(self, name: str) -> Estimate:
        """The gap estimate (mean of its item gaps) for dimension ``name``.

        Examples:
            >>> from servicemodel.servqual import Servqual
            >>> Servqual.empty().result().dimension("empathy").metric
            'SERVQUAL gap: empathy'
        """
        for key, est in self.dimension_gaps:
            if key == name:
                return est
        raise UnknownKeyError(
            f"dimension {safe_repr(name)} is not in instrument {safe_repr(self.instrument.name)}"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One row per dimension plus the overall scores: E, P, gap, interval, n.

        Examples:
            >>> from servicemodel.servqual import Servqual
            >>> [row["dimension"] for row in Servqual.empty().result().to_records()][-1]
            'overall (unweighted)'
        """
        e_means, p_means = dict(self.expectation_means), dict(self.perception_means)
        rows: list[dict[str, Any]] = []
        for dim, est in self.dimension_gaps:
            rows.append(
                {
                    "dimension": dim,
                    "expectation": e_means[dim],
                    "perception": p_means[dim],
                    "gap": est.value,
                    "lower": est.lower,
                    "upper": est.upper,
                    "n": est.n,
                }
            )
        overall = [("overall (unweighted)", self.unweighted)]
        if self.weighted is not None:
            overall.append(("overall (weighted)", self.weighted))
        for label, est in overall:
            rows.append(
                {
                    "dimension": label,
                    "expectation": None,
                    "perception": None,
                    "gap": est.value,
                    "lower": est.lower,
                    "upper": est.upper,
                    "n": est.n,
                }
            )
        return rows

    def __repr__(self) -> str:
        dims = ", ".join(f"{d} {_short(e.value)}" for d, e in self.dimension_gaps)
        return f"ServqualResult(n={self.n}, overall {_short(self.unweighted.value)}; {dims})"


def _short(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


def _critical(n: int, level: float, interval: str) -> float | None:
    if n < 2:
        z_for_level(level)  # still validate the level
        return None
    if interval == "normal":
        return z_for_level(level)
    return t_quantile(0.5 + level / 2, n - 1)


def _estimate(
    metric: str,
    mean: Fraction | None,
    m2: Fraction | None,
    n: int,
    crit: float | None,
    level: float,
    interval: str,
) -> Estimate:
    if mean is None or m2 is None or n == 0:
        return Estimate(metric, None, 0, level=level, method=interval)
    value = float(mean)
    if crit is None:
        return Estimate(metric, value, n, level=level, method=interval)
    se = math.sqrt(float(max(m2, Fraction(0)) / (n - 1) / n))
    half = crit * se
    return Estimate(
        metric,
        value,
        n,
        lower=value - half,
        upper=value + half,
        level=level,
        method=interval,
        se=se,
    )
