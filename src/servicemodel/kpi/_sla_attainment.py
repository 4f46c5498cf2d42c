"""SLA attainment: achieved / (achieved + breached), with running clocks reported apart."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_value
from servicemodel._validators import instance_of, require_iterable
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi._accumulator import MergeOperators
from servicemodel.kpi._estimate import Estimate, proportion
from servicemodel.kpi._ticket_base import count_field, with_counts

__all__ = ["SLA_STATES", "SLAAttainment", "SLAMeasurementLike"]


class SLAMeasurementLike(Protocol):
    """What [SLAAttainment][servicemodel.kpi.SLAAttainment] reads from an SLA measurement.

    ``state`` is one of ``"achieved"``, ``"breached"``, ``"active"``, ``"paused"`` (a string or
    a string enum); ``metric`` and ``priority`` name what was measured, for segmenting.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class M:
        ...     state: str
        ...     metric: str = "first_reply"
        ...     priority: str = "normal"
        >>> SLAAttainment.empty().add(M("achieved")).result().value
        1.0
    """

    @property
    def state(self) -> Any:
        """The measurement's state."""
        ...  # pragma: no cover

    @property
    def metric(self) -> Any:
        """The SLA metric measured (e.g. ``"first_reply"``)."""
        ...  # pragma: no cover

    @property
    def priority(self) -> Any:
        """The ticket priority the target applied to."""
        ...  # pragma: no cover


SLA_STATES = ("achieved", "breached", "active", "paused")
"""The states an SLA measurement can be in."""

# --- SLA attainment ------------------------------------------------------------------------


def _state_name(measurement: Any) -> str:
    try:
        state = measurement.state
    except AttributeError:
        raise InputTypeError(
            f"expected an SLA measurement with a .state, got {type(measurement).__name__} "
            f"{safe_repr(measurement)}"
        ) from None
    name = state.value if hasattr(state, "value") else state
    if not isinstance(name, str) or name.lower() not in SLA_STATES:
        raise ConfigError(
            f"unknown SLA state {safe_repr(state)}; expected one of {list(SLA_STATES)}",
            path="state",
        )
    return name.lower()


def _metric_of(measurement: Any, wanted: str) -> Any:
    """The ``metric`` of a measurement read by an attainment of ``wanted`` only, or refuse.

    Examples:
        >>> from types import SimpleNamespace as M
        >>> _metric_of(M(state="achieved"), "first_reply")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: SLA attainment of metric 'first_reply': expected an SLA measurement with a .metric, got SimpleNamespace namespace(state='achieved')
    """  # noqa: E501
    try:
        return measurement.metric
    except AttributeError:
        # Without one it cannot be told to be of the metric asked for or another: a value
        # of the wrong type (the attribute lookup failed bare before).
        raise InputTypeError(
            f"SLA attainment of metric {safe_repr(wanted)}: expected an SLA measurement with a "
            f".metric, got {type(measurement).__name__} {safe_repr(measurement)}"
        ) from None


@attrs.frozen
class SLAAttainment(MergeOperators):
    """SLA attainment: achieved / (achieved + breached), active and paused clocks apart.

    Reads any objects with ``state`` (``"achieved"``, ``"breached"``, ``"active"``,
    ``"paused"``), ``metric`` and ``priority`` (see
    [SLAMeasurementLike][servicemodel.kpi.SLAMeasurementLike]), such as the SLA
    module's measurements. With ``metric`` set, measurements of other metrics are ignored.
    Clocks still running (active or paused) have no outcome yet: they are reported in
    ``active``/``paused`` and ``Estimate.missing``, never counted as achieved or breached.

    Examples:
        >>> from types import SimpleNamespace as M
        >>> ms = [M(state=s, metric="first_reply", priority="high")
        ...       for s in ["achieved"] * 9 + ["breached", "active"]]
        >>> est = SLAAttainment.empty().add_many(ms).result()
        >>> est.value, est.n, est.missing
        (0.9, 10, 1)
    """

    metric: str | None = attrs.field(default=None, validator=instance_of(str, optional=True))
    achieved: int = attrs.field(default=0, converter=count_value, validator=count_field)
    breached: int = attrs.field(default=0, converter=count_value, validator=count_field)
    active: int = attrs.field(default=0, converter=count_value, validator=count_field)
    paused: int = attrs.field(default=0, converter=count_value, validator=count_field)

    def _merge_params(self) -> tuple[Any, ...]:
        return (self.metric,)

    @classmethod
    def empty(cls, *, metric: str | None = None) -> SLAAttainment:
        """Return the accumulator of no measurements (of ``metric`` only, if given).

        Examples:
            >>> SLAAttainment.empty(metric="resolution").metric
            'resolution'
        """
        return cls(metric)

    def add(self, measurement: SLAMeasurementLike) -> SLAAttainment:
        """Return a new accumulator with one more measurement.

        Examples:
            >>> from types import SimpleNamespace as M
            >>> SLAAttainment.empty().add(M(state="paused", metric="x", priority=None)).paused
            1
        """
        return self.add_many((measurement,))

    def add_many(self, measurements: Iterable[SLAMeasurementLike]) -> SLAAttainment:
        """Return a new accumulator with all ``measurements`` added, in one pass.

        Examples:
            >>> SLAAttainment.empty().add_many([]).achieved
            0
        """
        require_iterable(measurements, "measurements")
        tally = dict.fromkeys(SLA_STATES, 0)
        wanted = self.metric
        for m in measurements:
            state = _state_name(m)
            if wanted is not None:
                metric = _metric_of(m, wanted)
                if getattr(metric, "value", metric) != wanted:
                    continue
            tally[state] += 1
        return SLAAttainment(
            wanted,
            self.achieved + tally["achieved"],
            self.breached + tally["breached"],
            self.active + tally["active"],
            self.paused + tally["paused"],
        )

    def merge(self, other: SLAAttainment) -> SLAAttainment:
        """Return the accumulator of both inputs; ``metric`` must match.

        Examples:
            >>> (SLAAttainment(None, 3, 1) + SLAAttainment(None, 1, 1)).result().value
            0.6666666666666666
        """
        self._check_mergeable(other)
        return SLAAttainment(
            self.metric,
            self.achieved + other.achieved,
            self.breached + other.breached,
            self.active + other.active,
            self.paused + other.paused,
        )

    def result(self, level: float = 0.95) -> Estimate:
        """Return achieved / (achieved + breached) with a Wilson interval.

        ``missing`` is the number of clocks still running (active + paused); ``counts`` holds
        all four states.

        Examples:
            >>> SLAAttainment(None, 0, 0, active=2).result()
            SLA attainment – (n=0) missing=2
        """
        est = proportion(
            self.achieved,
            self.achieved + self.breached,
            metric="SLA attainment",
            level=level,
            missing=self.active + self.paused,
        )
        return with_counts(est, **{state: getattr(self, state) for state in SLA_STATES})
