"""SERVQUAL results: gap estimates per item, dimension and overall, with their intervals."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value, is_bool
from servicemodel._validators import instance_of
from servicemodel.errors import InputTypeError, UnknownKeyError
from servicemodel.kpi import Estimate, t_quantile, z_for_level
from servicemodel.servqual._instrument import Instrument

__all__ = ["ServqualResult"]


def _pairs(key: type, kinds: type | tuple[type, ...]) -> Any:
    """attrs validator: a tuple of ``(key, value)`` pairs, each value one of ``kinds``."""

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if type(value) is not tuple or not all(
            type(p) is tuple
            and len(p) == 2
            and isinstance(p[0], key)
            and not is_bool(p[0])
            and isinstance(p[1], kinds)
            and not is_bool(p[1])
            for p in value
        ):
            raise InputTypeError(
                f"{attribute.name}: expected ({key.__name__}, value) pairs, got {safe_repr(value)}"
            )

    return check


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

    instrument: Instrument = attrs.field(validator=instance_of(Instrument))
    n: int = attrs.field(converter=count_value, validator=count_field)
    item_gaps: tuple[tuple[int, Estimate], ...] = attrs.field(validator=_pairs(int, Estimate))
    dimension_gaps: tuple[tuple[str, Estimate], ...] = attrs.field(validator=_pairs(str, Estimate))
    unweighted: Estimate = attrs.field(validator=instance_of(Estimate))
    weighted: Estimate | None = attrs.field(validator=instance_of(Estimate, optional=True))
    expectation_means: tuple[tuple[str, float | None], ...] = attrs.field(
        validator=_pairs(str, (int, float, type(None)))
    )
    perception_means: tuple[tuple[str, float | None], ...] = attrs.field(
        validator=_pairs(str, (int, float, type(None)))
    )

    def __attrs_post_init__(self) -> None:
        dims = {d for d, _ in self.dimension_gaps}
        for name in ("expectation_means", "perception_means"):
            if not dims <= {d for d, _ in getattr(self, name)}:
                raise InputTypeError(
                    f"{name}: expected a mean for every dimension of dimension_gaps, got "
                    f"{safe_repr(getattr(self, name))}"
                )

    def item(self, number: int) -> Estimate:
        """The gap estimate for item ``number``.

        Examples:
            >>> from servicemodel.servqual import Servqual
            >>> Servqual.empty().result().item(22).n
            0
        """
        for key, est in self.item_gaps:
            if isinstance(number, int) and not is_bool(number) and key == number:
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
            if isinstance(name, str) and key == name:  # an array's == is no bool
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
    z = z_for_level(level)  # validates the level, whatever the interval
    if n < 2:
        return None
    if interval == "normal":
        return z
    return t_quantile(0.5 + level / 2, n - 1)


def _estimate(
    metric: str,
    mean: Fraction | None,
    m2: Fraction | None,
    n: int,
    crit: float | None,
    level: float,
    interval: str,
    bounds: tuple[Fraction, Fraction],
) -> Estimate:
    """The mean with its interval, clipped to ``bounds``: the values the score can take.

    A gap P − E lies in [low − high, high − low] of the instrument's scale, and so does any
    mean of gaps; a t or normal interval of a few respondents reaches past that (as CSAT, CES
    and QA intervals are clipped to their scales).
    """
    if mean is None or m2 is None or n == 0:
        return Estimate(metric, None, 0, level=level, method=interval)
    value = float(mean)
    if crit is None:
        return Estimate(metric, value, n, level=level, method=interval)
    se = math.sqrt(float(max(m2, Fraction(0)) / (n - 1) / n))
    half = crit * se
    low, high = float(bounds[0]), float(bounds[1])
    return Estimate(
        metric,
        value,
        n,
        lower=max(value - half, min(low, value)),
        upper=min(value + half, max(high, value)),
        level=level,
        method=interval,
        se=se,
    )
