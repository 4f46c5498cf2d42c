"""Staffing inputs and outputs: workload, targets, queue metrics and the plan."""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol, TypeAlias

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import is_bool, percent_hint, real_number, type_name
from servicemodel.errors import InputTypeError, StaffingError

#: The largest offered load (Erlangs) the Erlang functions take: the B recursion runs about
#: ``A`` steps, so this bounds the work (a million agents busy at once is no contact centre).
MAX_TRAFFIC = 1e6
#: The largest agent count accepted anywhere (and the largest ``max_agents``).
MAX_AGENTS = 10**9


def _seconds(value: float | timedelta, what: str) -> float:
    """Convert a duration given as seconds or a timedelta into float seconds.

    ``what`` names the parameter in the message of a value of the wrong type: with a
    workload's ``interval`` and ``aht`` (and a target's ``within``) all durations, a bare
    "seconds" would not say which one is wrong.

    Examples:
        >>> _seconds(True, "aht")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: aht: expected a number, got bool True
    """
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, str):
        # "30m" is how the command line and the policy files write it; here it is a number.
        raise InputTypeError(
            f"{what}: a duration here is seconds (a number) or a timedelta, got str "
            f"{safe_repr(value)} (e.g. 1800 or timedelta(minutes=30) for half an hour)"
        )
    # -0.0 is the 0 it equals (as a count of calls is): kept, a target read
    # ServiceLevelTarget(fraction=0.8, within=-0.0) and its figures "within -0 s".
    return _number(value, what) + 0.0


def _number(value: float, what: str) -> float:
    """``value`` as a float; a numpy scalar as the decimal it prints as.

    ``numpy.float32(0.7)`` holds 0.699999988..., and an occupancy target of it read so
    needed 11 agents for a load of 7 Erlangs where ``0.7`` needs 10 (7 / 10 is exactly the
    float 0.7): every staffing number reads a numpy scalar as a shrinkage already was.

    Examples:
        >>> import numpy as np
        >>> _number(np.float32(0.7), "maximum"), _number(np.float16(20.1), "within")
        (0.7, 20.1)
    """
    # NaN and infinities pass here: the field validators name the field in their message.
    if is_bool(value):
        raise InputTypeError(f"{what}: expected a number, got bool {value!r}")
    number = real_number(value, what, error=StaffingError, finite=False)
    if type(value).__module__ == "numpy":  # a number (real_number read it): a decimal text
        return float(str(value))
    return number


# The fields' converters, one a field so that a value of the wrong type is named by its field
# (attrs' mypy plugin takes named functions as converters, not partials or factories).
def _interval(value: float | timedelta) -> float:
    return _seconds(value, "interval")


def _aht(value: float | timedelta) -> float:
    return _seconds(value, "aht")


def _within(value: float | timedelta) -> float:
    return _seconds(value, "within")


def _asa_seconds(value: float | timedelta) -> float:
    return _seconds(value, "seconds")


def _fraction(value: float) -> float:
    return _number(value, "fraction")


def _maximum(value: float) -> float:
    return _number(value, "maximum")


def _calls(value: float) -> float:
    # -0.0 is the 0 it equals: a load of -0.0 printed as "-0" in the figures and messages.
    number = _number(value, "calls")
    refuse_tiny_calls(value, number, "calls")
    return 0.0 if number == 0 else number


def refuse_tiny_calls(value: Any, number: float, what: str) -> None:
    """Refuse a Decimal or Fraction call count that is not 0 but reads as the float 0.0.

    ``float()`` rounds a count below the smallest float (``Decimal("1e-400")``, or
    ``-1e-400``) to 0.0 or -0.0: read so, a negative count or one whose load underflows,
    which are refused, would pass as an interval with no calls.
    """
    if number == 0 and isinstance(value, Decimal | Fraction) and value != 0:
        if value < 0:
            raise StaffingError(f"{what} must be a finite number ≥ 0, got {safe_repr(value)}")
        raise StaffingError(
            f"{what}: {safe_repr(value)} is above 0 but below the smallest float, so its load "
            "underflows to 0; give 0 for an interval with no calls"
        )


def _positive(_inst: Any, attribute: attrs.Attribute[float], value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise StaffingError(
            f"{attribute.name} must be a positive finite number, got {safe_repr(value)}"
        )


def _non_negative(_inst: Any, attribute: attrs.Attribute[float], value: float) -> None:
    if not (math.isfinite(value) and value >= 0):
        raise StaffingError(f"{attribute.name} must be a finite number ≥ 0, got {safe_repr(value)}")


def _unit_interval(_inst: Any, attribute: attrs.Attribute[float], value: float) -> None:
    # (0, 1]: a target of 0 % is no target, above 100 % is impossible.
    if not (0 < value <= 1):
        raise StaffingError(
            f"{attribute.name} must be in (0, 1], got {safe_repr(value)}{percent_hint(value)}"
        )


def _figure_number(attribute: Any, value: Any) -> float:
    """A figure's value as a float if it is an int or a float (no bool), else refuse it."""
    if type(value) is float:  # as the models give it: no further check of the type
        return value
    if is_bool(value) or not isinstance(value, int | float):
        raise InputTypeError(
            f"{attribute.name}: expected a number, got {type_name(value)} {safe_repr(value)}"
        )
    try:
        return float(value)
    except OverflowError:  # an int past the float range
        return math.inf


def share(_inst: Any, attribute: Any, value: Any) -> None:
    """attrs validator of a figure that is a probability or a share: in [0, 1], no NaN."""
    if not 0.0 <= _figure_number(attribute, value) <= 1.0:
        raise StaffingError(
            f"{attribute.name} must be a share in [0, 1], got {safe_repr(value)}"
            f"{percent_hint(value) if isinstance(value, int | float) else ''}"
        )


def share_or_none(inst: Any, attribute: Any, value: Any) -> None:
    """attrs validator of an occupancy: ``None`` (no agents) or a share in [0, 1]."""
    if value is not None:
        share(inst, attribute, value)


def seconds_figure(_inst: Any, attribute: Any, value: Any) -> None:
    """attrs validator of a figure in seconds or Erlangs: a finite number ≥ 0."""
    x = _figure_number(attribute, value)
    if not (x >= 0.0 and x != math.inf):
        raise StaffingError(f"{attribute.name} must be a finite number ≥ 0, got {safe_repr(value)}")


def positive_figure(_inst: Any, attribute: Any, value: Any) -> None:
    """attrs validator of a handle time or a patience: a positive finite number."""
    x = _figure_number(attribute, value)
    if not (x > 0.0 and x != math.inf):
        raise StaffingError(
            f"{attribute.name} must be a positive finite number, got {safe_repr(value)}"
        )


def agent_count(_inst: Any, attribute: Any, value: Any) -> None:
    """attrs validator of an agent count: an int in 0..MAX_AGENTS (no bool)."""
    if is_bool(value) or not isinstance(value, int):
        raise InputTypeError(
            f"{attribute.name}: expected a whole number of agents, got {type_name(value)} "
            f"{safe_repr(value)}"
        )
    if not 0 <= value <= MAX_AGENTS:
        raise StaffingError(
            f"{attribute.name} must be a whole number of agents in 0..{MAX_AGENTS}, got "
            f"{safe_repr(value)}"
        )


def shrinkage_figure(inst: Any, attribute: Any, value: Any) -> None:
    """attrs validator of a plan's shrinkage: a number in [0, 1)."""
    if not 0.0 <= _figure_number(attribute, value) < 1.0:
        raise StaffingError(f"{attribute.name} must be in [0, 1), got {safe_repr(value)}")


class _Field:
    """What a validator reads of an attrs attribute: its name."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


def check_fields(value: Any, fields: tuple[tuple[str, Any], ...]) -> None:
    """Run each field's validator on ``value``, raising at the first field that fails."""
    for name, check in fields:
        check(value, _Field(name), getattr(value, name))


def check_metrics_agents(metrics: Any, agents: int) -> None:
    """Refuse Erlang C figures whose agents cannot carry the load, or disagree on no agents.

    Shared by both models' figures: with no agents there is no occupancy (``None``), and with
    agents there is one; Erlang C needs ``N > A`` for a load above 0 (``erlang_c`` alone).
    """
    if (agents == 0) != (metrics.occupancy is None):
        raise StaffingError(
            f"occupancy is None exactly when there are no agents, got agents={agents} and "
            f"occupancy={safe_repr(metrics.occupancy)}"
        )
    if agents == 0 and metrics.traffic > 0:
        raise StaffingError(
            f"agents=0 cannot answer an offered load of {metrics.traffic!r} Erlangs"
        )


def check_plan(plan: Any, metrics_type: type[Any]) -> None:
    """Refuse a plan whose parts disagree: its metrics are of its agents, scheduled ≥ agents."""
    metrics: Any = plan.metrics
    if not isinstance(metrics, metrics_type):
        raise InputTypeError(
            f"metrics: expected {metrics_type.__name__}, got {type_name(metrics)} "
            f"{safe_repr(metrics)}"
        )
    if metrics.agents != plan.agents:
        raise StaffingError(
            f"metrics are of {metrics.agents} agents, the plan's agents are {plan.agents}"
        )
    if plan.scheduled < plan.agents:
        raise StaffingError(
            f"scheduled ({plan.scheduled}) must be at least agents ({plan.agents}): shrinkage "
            "only adds staff"
        )
    if not isinstance(plan.targets, tuple) or not plan.targets:
        raise InputTypeError(
            f"targets: expected a non-empty tuple of targets, got {type_name(plan.targets)} "
            f"{safe_repr(plan.targets)}"
        )


class QueueFigures(Protocol):
    """What a target reads from a model's metrics: Erlang C's and Erlang A's alike."""

    @property
    def asa(self) -> float: ...  # pragma: no cover - protocol

    @property
    def occupancy(self) -> float | None: ...  # pragma: no cover - protocol

    def service_level_at(self, within: float | timedelta) -> float: ...  # pragma: no cover


@attrs.frozen
class Workload:
    """Offered work in one planning interval: calls (contacts) arriving and their handle time.

    ``interval`` and ``aht`` are seconds (or timedeltas). ``calls`` may be fractional (a
    forecast), and 0 for an interval with no contacts (a night, a closed half hour): it needs
    no agents, and its figures are those of a queue nobody joins (see
    [`required_agents`][servicemodel.staffing.required_agents]).

    Examples:
        >>> w = Workload(calls=100, interval=1800, aht=180)
        >>> w.traffic
        10.0
        >>> Workload(calls=0, interval=1800, aht=180).traffic
        0.0
    """

    calls: float = attrs.field(converter=_calls, validator=_non_negative)
    interval: float = attrs.field(converter=_interval, validator=_positive)
    aht: float = attrs.field(converter=_aht, validator=_positive)

    def __attrs_post_init__(self) -> None:
        if self.calls == 0:  # no contacts: a rate and a load of exactly 0, not an underflow
            return
        # Each field is finite; their quotient and product need not be (1e308 calls in 1e-300 s).
        for name, value in (("arrival rate", self.arrival_rate), ("offered load", self.traffic)):
            if not math.isfinite(value):
                raise StaffingError(
                    f"the {name} of {self.calls!r} calls in {self.interval!r} s with an aht "
                    f"of {self.aht!r} s is beyond the float range"
                )
            if value == 0.0:  # every field is positive: the quotient underflowed (5e-324 calls)
                raise StaffingError(
                    f"the {name} of {self.calls!r} calls in {self.interval!r} s with an aht "
                    f"of {self.aht!r} s underflows to 0 (below the smallest float)"
                )

    @property
    def arrival_rate(self) -> float:
        """Arrivals per second.

        Examples:
            >>> Workload(calls=90, interval=1800, aht=60).arrival_rate
            0.05
        """
        return self.calls / self.interval

    @property
    def traffic(self) -> float:
        """Offered load ``A`` in Erlangs: arrival rate × mean handle time.

        Examples:
            >>> Workload(calls=90, interval=1800, aht=60).traffic
            3.0
        """
        return self.calls * self.aht / self.interval


@attrs.frozen
class ServiceLevelTarget:
    """Answer at least ``fraction`` of contacts within ``within`` seconds (e.g. 80 % in 20 s).

    Examples:
        >>> ServiceLevelTarget(fraction=0.8, within=20)
        ServiceLevelTarget(fraction=0.8, within=20.0)
    """

    fraction: float = attrs.field(converter=_fraction, validator=_unit_interval)
    within: float = attrs.field(converter=_within, validator=_non_negative)

    def is_met_by(self, metrics: QueueFigures) -> bool:
        """Whether ``metrics`` answer at least ``fraction`` within ``within`` seconds.

        Examples:
            >>> m = queue_metrics(Workload(calls=100, interval=1800, aht=180), 14)
            >>> ServiceLevelTarget(fraction=0.8, within=20).is_met_by(m)
            True
        """
        level = _figure(metrics, "service_level_at")
        return bool(level(self.within) >= self.fraction)


@attrs.frozen
class AsaTarget:
    """Keep the average speed of answer at or below ``seconds``.

    Examples:
        >>> AsaTarget(seconds=30)
        AsaTarget(seconds=30.0)
    """

    seconds: float = attrs.field(converter=_asa_seconds, validator=_positive)

    def is_met_by(self, metrics: QueueFigures) -> bool:
        """Whether the ASA of ``metrics`` is at most ``seconds``.

        Examples:
            >>> m = queue_metrics(Workload(calls=100, interval=1800, aht=180), 14)
            >>> AsaTarget(seconds=10).is_met_by(m), AsaTarget(seconds=5).is_met_by(m)
            (True, False)
        """
        return bool(_figure(metrics, "asa") <= self.seconds)


@attrs.frozen
class OccupancyTarget:
    """Keep agent occupancy (share of time busy, ``A / N``) at or below ``maximum``.

    No agents for no contacts (occupancy ``None``) meet it: nobody is kept busy.

    Examples:
        >>> OccupancyTarget(maximum=0.85)
        OccupancyTarget(maximum=0.85)
    """

    maximum: float = attrs.field(converter=_maximum, validator=_unit_interval)

    def is_met_by(self, metrics: QueueFigures) -> bool:
        """Whether the occupancy of ``metrics`` is at most ``maximum``.

        Examples:
            >>> m = queue_metrics(Workload(calls=100, interval=1800, aht=180), 14)
            >>> OccupancyTarget(maximum=0.75).is_met_by(m)
            True
        """
        occupancy = _figure(metrics, "occupancy")
        return occupancy is None or bool(occupancy <= self.maximum)


StaffingTarget: TypeAlias = ServiceLevelTarget | AsaTarget | OccupancyTarget


def _figure(metrics: Any, name: str) -> Any:
    """``metrics.name``, a number (or, for ``service_level_at``, a function); else refuse."""
    value = getattr(metrics, name, None)
    if name == "service_level_at":
        ok = callable(value)
    elif value is None:
        # The occupancy of no agents (a workload of no calls) is None; every other figure is
        # a number. Told apart by the agents, so an object lacking the figure is still refused.
        ok = name == "occupancy" and getattr(metrics, "agents", None) == 0
    else:
        ok = not is_bool(value) and isinstance(value, int | float)
    if not ok:
        raise InputTypeError(
            f"metrics: expected queue figures (QueueMetrics, ErlangAMetrics) with {name}, got "
            f"{type(metrics).__name__} {safe_repr(metrics)}"
        )
    return value


def _workload(value: Any) -> Workload:
    """``value`` if it is a ``Workload``, else an ``InputTypeError`` naming it."""
    if not isinstance(value, Workload):
        raise InputTypeError(
            f"workload: expected a Workload, got {type(value).__name__} {safe_repr(value)}"
        )
    return value


def _service_level(pw: float, n: int, a: float, aht: float, within: float) -> float:
    return 1.0 - pw * math.exp(-(n - a) * within / aht)


@attrs.frozen
class QueueMetrics:
    """Erlang C steady-state figures for one workload staffed with ``agents`` agents.

    ``service_level`` is the share answered within ``within`` seconds; use
    [`service_level_at`][servicemodel.staffing.QueueMetrics.service_level_at] for other
    thresholds. ``asa`` is in seconds.

    With no calls (offered load 0) nobody waits: ``probability_of_waiting`` and ``asa`` are 0
    and the service level is 1.0 at any threshold (the limit of the formulas as the load goes
    to 0). ``occupancy`` is ``A / N``, 0.0 with agents and no calls, and ``None`` with no
    agents: no agent time to be busy in (0 / 0), so no share to report.

    Examples:
        >>> m = queue_metrics(Workload(calls=100, interval=1800, aht=180), 14, within=20)
        >>> round(m.probability_of_waiting, 4), round(m.asa, 2), round(m.occupancy, 4)
        (0.1741, 7.84, 0.7143)
    """

    agents: int
    traffic: float
    aht: float
    probability_of_waiting: float
    within: float
    service_level: float
    asa: float
    occupancy: float | None

    def __attrs_post_init__(self) -> None:
        # What queue_metrics gives by construction, so figures built by hand hold it too. The
        # fields are checked at once (the search builds figures per agent count; a validator
        # per field cost a fifth of its time), and one by one only to name what fails.
        inf = math.inf
        if not (
            type(self.agents) is int
            and 0 <= self.agents <= MAX_AGENTS
            and type(self.traffic) is float
            and 0.0 <= self.traffic < inf
            and type(self.aht) is float
            and 0.0 < self.aht < inf
            and type(self.probability_of_waiting) is float
            and 0.0 <= self.probability_of_waiting <= 1.0
            and type(self.within) is float
            and 0.0 <= self.within < inf
            and type(self.service_level) is float
            and 0.0 <= self.service_level <= 1.0
            and type(self.asa) is float
            and 0.0 <= self.asa < inf
            and type(self.occupancy) is float
            and 0.0 <= self.occupancy <= 1.0
            and self.agents > self.traffic
        ):
            self._check()

    def _check(self) -> None:
        """Each field, then how they agree, naming the first that fails."""
        check_fields(self, _QUEUE_FIELDS)
        check_metrics_agents(self, self.agents)
        if self.traffic > 0 and self.agents <= self.traffic:
            raise StaffingError(
                f"agents={self.agents} must exceed the offered load A={self.traffic!r} "
                "Erlangs: Erlang C has no steady state there"
            )

    def service_level_at(self, within: float | timedelta) -> float:
        """Share of contacts answered within ``within`` seconds.

        Examples:
            >>> m = queue_metrics(Workload(calls=100, interval=1800, aht=180), 14)
            >>> round(m.service_level_at(0), 4)  # answered at once = 1 − P_w
            0.8259
        """
        seconds = _seconds(within, "within")
        if not (math.isfinite(seconds) and seconds >= 0):
            raise StaffingError(f"within must be a finite number ≥ 0, got {safe_repr(within)}")
        return _service_level(
            self.probability_of_waiting, self.agents, self.traffic, self.aht, seconds
        )


@attrs.frozen
class StaffingPlan:
    """The smallest agent count meeting the targets, and the staff to schedule after shrinkage.

    Examples:
        >>> plan = required_agents(
        ...     Workload(calls=100, interval=1800, aht=180), AsaTarget(seconds=10), shrinkage=0.3
        ... )
        >>> plan.agents, plan.scheduled
        (14, 20)
    """

    agents: int = attrs.field(validator=agent_count)
    scheduled: int = attrs.field(validator=agent_count)
    shrinkage: float = attrs.field(validator=shrinkage_figure)
    targets: tuple[StaffingTarget, ...]
    metrics: QueueMetrics

    def __attrs_post_init__(self) -> None:
        check_plan(self, QueueMetrics)


_QUEUE_FIELDS = (
    ("agents", agent_count),
    ("traffic", seconds_figure),
    ("aht", positive_figure),
    ("probability_of_waiting", share),
    ("within", seconds_figure),
    ("service_level", share),
    ("asa", seconds_figure),
    ("occupancy", share_or_none),
)
