"""Goal comparators, states and the status a goal evaluation returns."""

from __future__ import annotations

import enum
import math
from datetime import datetime
from typing import Any, Protocol

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import check_count, count_field, count_value, real_number
from servicemodel._validators import instance_of, real
from servicemodel.errors import ConfigError, InputTypeError, ServiceModelError
from servicemodel.model._shared import pasteable

__all__ = ["Comparator", "EstimateLike", "GoalState", "GoalStatus"]


class EstimateLike(Protocol):
    """What a goal reads from one point of a KPI series (``servicemodel.kpi.Estimate`` fits).

    Examples:
        >>> from servicemodel.kpi import Estimate
        >>> e: EstimateLike = Estimate("csat", 0.8, 50, lower=0.7, upper=0.9)
        >>> e.value
        0.8
    """

    @property
    def value(self) -> float | None: ...

    @property
    def n(self) -> int: ...

    @property
    def lower(self) -> float | None: ...

    @property
    def upper(self) -> float | None: ...


@pasteable
class Comparator(enum.StrEnum):
    """How a KPI value must relate to the target: ``<``, ``<=``, ``>`` or ``>=``.

    Examples:
        >>> Comparator("<").holds(1.5, 2.0), Comparator.GE.lower_is_better
        (True, False)
    """

    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="

    @property
    def lower_is_better(self) -> bool:
        """True for ``<`` and ``<=`` (the goal asks the KPI to go down).

        Examples:
            >>> Comparator.LE.lower_is_better
            True
        """
        return self in (Comparator.LT, Comparator.LE)

    def holds(self, value: float, target: float) -> bool:
        """Whether ``value <comparator> target`` is true.

        Examples:
            >>> Comparator.LE.holds(2.0, 2.0), Comparator.LT.holds(2.0, 2.0)
            (True, False)
        """
        if self is Comparator.LT:
            return value < target
        if self is Comparator.LE:
            return value <= target
        if self is Comparator.GT:
            return value > target
        return value >= target


@pasteable
class GoalState(enum.StrEnum):
    """Where a goal stands at an instant.

    ``not_started``: before the start, or no data since it. ``on_track``: not met yet, but the
    trend reaches the target by the deadline. ``at_risk``: not met and the trend does not reach
    it. ``achieved``: the latest value meets the target. ``missed``: the deadline has passed and
    the last value before it does not meet the target.

    Examples:
        >>> GoalState("at_risk").value
        'at_risk'
    """

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    ACHIEVED = "achieved"
    MISSED = "missed"


def _fmt_num(value: float) -> str:
    return f"{value:.4g}"


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an int past the float range
        return False


def check_interval(
    estimate: Any, name: str, *, error: type[ServiceModelError] = ConfigError
) -> None:
    """Refuse an estimate whose value or bounds are no finite number, or whose interval is reversed.

    ``value``, ``lower`` and ``upper`` are each ``None`` or a real number: something else is
    an ``InputTypeError``; a NaN or an infinity (a NaN value compares false with every target,
    so a goal read it as "not met" without a word) is ``error``. ``lower > upper`` (an
    interval that contains nothing; a strict goal read the upper bound as the lower) is a
    ``ConfigError``. Each names ``name``, the field and the value. An
    [`Estimate`][servicemodel.kpi.Estimate] never holds any of these; a duck-typed one built
    by hand may.

    Examples:
        >>> from types import SimpleNamespace as E
        >>> check_interval(E(value=0.5, lower=0.9, upper=0.1), "latest")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: latest: lower bound 0.9 is above upper bound 0.1; an interval runs from its lower bound up to its upper bound
    """  # noqa: E501
    for field in ("value", "lower", "upper"):
        x = getattr(estimate, field, None)
        if x is not None:
            real_number(x, f"{name}.{field}", error=error)
    lower, upper = getattr(estimate, "lower", None), getattr(estimate, "upper", None)
    if lower is not None and upper is not None and lower > upper:
        raise ConfigError(
            f"{name}: lower bound {safe_repr(lower)} is above upper bound {safe_repr(upper)}; "
            "an interval runs from its lower bound up to its upper bound"
        )


def _finite_or_none(instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: ``None`` or a finite real number (a NaN progress was kept, and written)."""
    real(optional=True)(instance, attribute, value)
    if value is not None and not _finite(value):  # a float not allowed: a ValueError
        raise ConfigError(
            f"GoalStatus.{attribute.name}: {safe_repr(value)} is not a finite number; use None "
            "when no point was used"
        )


def _estimate_like(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: ``None`` or an estimate (duck-typed: a value, bounds and an ``n``).

    What ``to_dict`` writes is checked: finite numbers or ``None`` as value and bounds, the
    interval in order, and a count as ``n``.
    """
    if value is None:
        return
    where = f"GoalStatus.{attribute.name}"
    if not all(hasattr(value, name) for name in ("value", "lower", "upper", "n")):
        raise InputTypeError(
            f"{where}: expected an Estimate or None, got {type(value).__name__} {safe_repr(value)}"
        )
    check_interval(value, where)
    check_count(count_value(value.n), f"{where}.n")


@attrs.frozen
class GoalStatus:
    """Where a goal stands at ``at``: its status, progress, latest value and projection.

    ``progress`` is the latest value's fraction of the way from baseline to target (not
    clipped); ``latest`` is the latest point's estimate (with its interval) and
    ``latest_period`` its key in the series; ``projection`` is the least-squares trend's value
    at the deadline and ``slope_per_day`` its slope in the KPI's unit per day of 24 hours
    elapsed (instants subtracted in UTC, whatever zone the periods are keyed in). These are
    ``None`` when no point was used. ``points`` counts the points used.

    Built by hand, a status refuses what no evaluation gives: a NaN or infinite ``progress``,
    ``projection`` or ``slope_per_day``, and a ``latest`` estimate whose value or bounds are
    not finite, whose ``lower`` bound is above its ``upper`` bound, or whose ``n`` is no count
    (a ``ConfigError`` naming the field and the value).

    Examples:
        >>> from datetime import timedelta
        >>> from servicemodel.goals import _example_goal
        >>> g = _example_goal()
        >>> g.evaluate({}, at=g.window[1] + timedelta(days=1)).status
        <GoalState.MISSED: 'missed'>
    """

    goal: str = attrs.field(validator=instance_of(str))
    status: GoalState = attrs.field(validator=instance_of(GoalState))
    at: datetime = attrs.field(validator=instance_of(datetime))
    reason: str = attrs.field(validator=instance_of(str))
    points: int = attrs.field(default=0, converter=count_value, validator=count_field)
    strict: bool = attrs.field(default=False, validator=instance_of(bool))
    attainable: bool = attrs.field(default=True, validator=instance_of(bool))
    progress: float | None = attrs.field(default=None, validator=_finite_or_none)
    latest: EstimateLike | None = attrs.field(default=None, validator=_estimate_like)
    latest_period: Any = None
    latest_at: datetime | None = attrs.field(
        default=None, validator=instance_of(datetime, optional=True)
    )
    projection: float | None = attrs.field(default=None, validator=_finite_or_none)
    slope_per_day: float | None = attrs.field(default=None, validator=_finite_or_none)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict``.

        Examples:
            >>> from servicemodel.goals import _example_goal
            >>> g = _example_goal()
            >>> g.evaluate({}, at=g.window[0]).to_dict()["status"]
            'not_started'
        """
        latest = self.latest
        return {
            "goal": self.goal,
            "status": self.status.value,
            "at": self.at.isoformat(),
            "reason": self.reason,
            "points": self.points,
            "strict": self.strict,
            "attainable": self.attainable,
            "progress": self.progress,
            "latest": None
            if latest is None
            else {
                "value": latest.value,
                "lower": latest.lower,
                "upper": latest.upper,
                "n": latest.n,
                # Censored items (e.g. tickets not replied to yet), where the estimate says.
                "missing": getattr(latest, "missing", 0),
            },
            "latest_at": None if self.latest_at is None else self.latest_at.isoformat(),
            "projection": self.projection,
            "slope_per_day": self.slope_per_day,
        }
