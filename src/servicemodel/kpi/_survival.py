"""Kaplan–Meier survival of ticket times: open tickets are censored, not dropped.

[SurvivalTimes][servicemodel.kpi.SurvivalTimes] counts ``(duration, observed)`` pairs;
[FirstReplySurvival][servicemodel.kpi.FirstReplySurvival] and
[ResolutionSurvival][servicemodel.kpi.ResolutionSurvival] read them from ticket histories as
of an instant: a ticket still waiting at ``as_of`` counts as censored at ``as_of -
created_at``. Their state is the exact count of events and censorings per distinct time, so
merging any split of the input equals one pass, and the input order does not matter. The
curve and its statistics are in [SurvivalCurve][servicemodel.kpi.SurvivalCurve].
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import timedelta
from typing import Any, Self

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import is_bool, real_number
from servicemodel._validators import instance_of, require_iterable
from servicemodel.errors import InputTypeError, ScaleError
from servicemodel.kpi._accumulator import MergeOperators
from servicemodel.kpi._clock_durations import UNIT_SECONDS
from servicemodel.kpi._columns import refuse_frame
from servicemodel.kpi._count_table import Row, count_rows, merge_rows
from servicemodel.kpi._survival_curve import SurvivalCurve, build_curve
from servicemodel.kpi._survival_fields import horizon as _horizon
from servicemodel.kpi._survival_fields import percentiles as _percentiles
from servicemodel.kpi._survival_fields import rows as _rows
from servicemodel.kpi._survival_fields import unit as _unit

__all__ = ["SurvivalTimes"]


@attrs.frozen
class SurvivalTimes(MergeOperators):
    """Kaplan–Meier accumulator of ``(duration, observed)`` pairs (observed=False: censored).

    A duration is a number in ``unit`` (seconds by default) or a ``timedelta``; ``observed`` is
    a bool: ``True`` when the event (reply, resolution) happened at that time, ``False`` when
    only "longer than this" is known. Negative, NaN or infinite durations are a
    ``ScaleError``. ``percentiles`` (in (0, 100]) and ``horizon`` (for the restricted mean,
    in ``unit``) choose what [result][servicemodel.kpi.SurvivalTimes.result] reports.

    Examples:
        >>> from datetime import timedelta
        >>> acc = SurvivalTimes.empty(metric="first reply time", unit="min").add_many(
        ...     [(timedelta(minutes=5), True), (12, True), (30, False), (45, True)])
        >>> km = acc.result()
        >>> km["median"]
        first reply time p50 12 min [5, ?] (n=4, 95 %)
        >>> (acc + SurvivalTimes.empty(metric="first reply time", unit="min")) == acc
        True
    """

    metric: str = attrs.field(default="time", validator=instance_of(str))
    unit: str = attrs.field(default="s", validator=_unit)
    percentiles: tuple[float, ...] = attrs.field(default=(50.0, 90.0), converter=_percentiles)
    horizon: float | None = attrs.field(default=None, converter=_horizon)
    rows: tuple[Row, ...] = attrs.field(default=(), converter=_rows, repr=False)

    @classmethod
    def empty(
        cls,
        *,
        metric: str = "time",
        unit: str = "s",
        percentiles: Iterable[float] = (50, 90),
        horizon: float | None = None,
    ) -> SurvivalTimes:
        """Return the accumulator of no observations with these parameters.

        Examples:
            >>> SurvivalTimes.empty(percentiles=(90, 50)).percentiles
            (50.0, 90.0)
        """
        return cls(metric, unit, _percentiles(percentiles), horizon)

    def _merge_params(self) -> tuple[Any, ...]:
        return (self.metric, self.unit, self.percentiles, self.horizon)

    @property
    def n(self) -> int:
        """The number of observations (events and censorings).

        Examples:
            >>> SurvivalTimes.empty().add((3, False)).n
            1
        """
        return sum(d + c for _, d, c in self.rows)

    @property
    def events(self) -> int:
        """The number of observed events.

        Examples:
            >>> SurvivalTimes.empty().add_many([(3, False), (1, True)]).events
            1
        """
        return sum(d for _, d, _ in self.rows)

    @property
    def censored(self) -> int:
        """The number of censored observations.

        Examples:
            >>> SurvivalTimes.empty().add_many([(3, False), (1, True)]).censored
            1
        """
        return sum(c for _, _, c in self.rows)

    def duration(self, value: Any) -> float:
        """Return ``value`` (a number in ``unit`` or a ``timedelta``) as a checked float.

        Examples:
            >>> from datetime import timedelta
            >>> SurvivalTimes.empty(unit="min").duration(timedelta(seconds=90))
            1.5
            >>> SurvivalTimes.empty().duration(-1)
            Traceback (most recent call last):
            ...
            servicemodel.errors.ScaleError: time: negative duration -1
        """
        what = f"{self.metric}: duration"
        if isinstance(value, timedelta):
            x = value / timedelta(seconds=UNIT_SECONDS[self.unit])
        else:
            x = real_number(value, what)
        if not math.isfinite(x):  # a huge timedelta in a tiny unit cannot overflow, but be sure
            raise ScaleError(f"{what} {safe_repr(value)} is not finite")
        if x < 0:
            raise ScaleError(f"{self.metric}: negative duration {safe_repr(value)}")
        return x + 0.0  # -0.0 becomes 0.0: one key per time

    def _pair(self, item: Any) -> tuple[float, bool]:
        if not isinstance(item, tuple) or len(item) != 2:
            raise InputTypeError(
                f"{self.metric}: expected a (duration, observed) pair, got "
                f"{type(item).__name__} {safe_repr(item)}"
            )
        duration, observed = item
        if not is_bool(observed):
            raise InputTypeError(
                f"{self.metric}: observed must be a bool (True: the event happened, False: "
                f"censored), got {safe_repr(observed)}"
            )
        return self.duration(duration), bool(observed)

    def add(self, item: Any) -> Self:
        """Return a new accumulator with one ``(duration, observed)`` pair added.

        Examples:
            >>> SurvivalTimes.empty().add((60, True)).rows
            ((60.0, 1, 0),)
        """
        return self.add_many((item,))

    def add_many(self, items: Iterable[Any]) -> Self:
        """Return a new accumulator with all ``(duration, observed)`` pairs added.

        Examples:
            >>> SurvivalTimes.empty().add_many([(5, True), (5, False), (2, True)]).rows
            ((2.0, 1, 0), (5.0, 1, 1))
        """
        refuse_frame(
            items,
            "(duration, observed) pairs",
            "its rows as pairs (df.iter_rows() in polars, df.itertuples(index=False) in pandas)",
        )
        require_iterable(items, "items")
        observed: list[float] = []
        censored: list[float] = []
        inf = math.inf
        for item in items:
            # The usual pair, (a finite non-negative float, a bool), is taken as it is (the
            # checks of _pair, inlined); anything else goes through _pair.
            if type(item) is tuple and len(item) == 2:
                t, happened = item
                if type(t) is float and type(happened) is bool and 0.0 <= t < inf:
                    (observed if happened else censored).append(t + 0.0)
                    continue
            t, happened = self._pair(item)
            (observed if happened else censored).append(t)
        return self._with_times(observed, censored)

    def _with_times(self, observed: list[float], censored: list[float]) -> Self:
        # The checked durations of the events and of the censorings, counted per time.
        return attrs.evolve(self, rows=merge_rows(self.rows, count_rows(observed, censored)))

    def merge(self, other: Self) -> Self:
        """Return the accumulator of both inputs (metric, unit, percentiles, horizon must match).

        Examples:
            >>> SurvivalTimes.empty(unit="min").merge(SurvivalTimes.empty(unit="h"))
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: cannot merge SurvivalTimes with different ...
        """
        self._check_mergeable(other)
        return attrs.evolve(self, rows=merge_rows(self.rows, other.rows))

    def result(self, level: float = 0.95) -> SurvivalCurve:
        """Return the Kaplan–Meier curve with the chosen percentiles (and restricted mean).

        Examples:
            >>> km = SurvivalTimes.empty().add_many([(1, True), (2, True), (3, False)]).result()
            >>> km.n, km.events, km.censored, km["median"].value
            (3, 2, 1, 2.0)
        """
        return build_curve(
            self.rows,
            metric=self.metric,
            unit=self.unit,
            level=level,
            percentiles=self.percentiles,
            horizon=self.horizon,
        )
