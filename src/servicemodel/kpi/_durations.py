"""Distributions of durations (or any non-negative numbers): mean, median and percentiles.

[Durations][servicemodel.kpi.Durations] has two modes:

* **exact** (default): keeps every value (sorted), so the mean, median and every percentile
  are exact; percentile intervals are distribution-free order-statistic intervals.
* **sketch** (``sketch=True``): a DDSketch-style logarithmic histogram (Masson, Rim & Lee,
  PVLDB 12(12), 2019). With ``relative_accuracy=α`` every percentile it reports is within a
  relative error ``α`` of the exact nearest-rank percentile, for values ``>= 1e-9`` units
  (smaller values count as 0). Memory grows with ``log(max/min) / α`` — the range of the
  data — not with ``n``; merging two sketches is exact. Mean and variance are kept exactly
  (as float sums), so the mean interval is the same as in exact mode.

Values are numbers in ``unit`` or ``timedelta``s (converted to ``unit``, which must then be a
time unit: ``"s"``, ``"min"``, ``"h"`` or ``"d"``). Results are plain floats in ``unit``;
use [as_timedelta][servicemodel.kpi.as_timedelta] to turn one back into a
``timedelta``. Negative values, NaN, infinities and bools raise
[ScaleError][servicemodel.errors.ScaleError].

Percentile definition: **nearest rank** by default — the ``q`` percentile of ``n`` sorted values
is the ``⌈q·n/100⌉``-th smallest (the 1st for ``q = 0``), always an observed value. ``method=
"linear"`` gives the interpolated definition used by default in numpy and pandas
(Hyndman & Fan type 7), exact mode only.

Examples:
    >>> from datetime import timedelta
    >>> d = Durations.empty(metric="first reply time").add_many(
    ...     [timedelta(minutes=m) for m in (5, 12, 30, 45, 90)])
    >>> d.percentile(50)
    first reply time p50 1800 s [?, ?] (n=5, 95 %)
    >>> as_timedelta(d.percentile(50).value, "s")
    datetime.timedelta(seconds=1800)
"""

from __future__ import annotations

import bisect
import math
import numbers
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import timedelta
from itertools import islice
from typing import Any, Literal

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value, is_bool
from servicemodel._validators import instance_of, require_iterable
from servicemodel.errors import ConfigError, InputTypeError, ScaleError
from servicemodel.kpi._accumulator import MergeOperators
from servicemodel.kpi._columns import column_floats, iterable, skip_option
from servicemodel.kpi._duration_values import (
    UNIT_SECONDS,
    as_timedelta,
    bucket_tuple,
    check_accuracy,
    check_unit,
    float_tuple,
    is_missing,
    one_duration,
)
from servicemodel.kpi._estimate import Estimate, mean_estimate
from servicemodel.kpi._intervals import (
    is_percentile,
    linear_percentile,
    nearest_rank,
    order_statistic_ranks,
    percentile_float,
    percentile_label,
)
from servicemodel.kpi._sketch import bucket_counts, bucket_value, mean_m2, merge_m2

__all__ = ["Durations", "as_timedelta"]

_CHUNK = 1 << 16


@attrs.frozen
class Durations(MergeOperators):
    """Mergeable accumulator of durations or other non-negative numbers (exact or sketch).

    Build one with [empty][servicemodel.kpi.Durations.empty]; ``mean()``, ``median()``,
    ``percentile(q)`` and ``summary()`` return [Estimate][servicemodel.kpi.Estimate]s;
    ``result()`` is the median (durations are heavy-tailed: the median says more than the mean).

    Examples:
        >>> d = Durations.empty(unit="min").add_many([3, 4, 8, 15, 60])
        >>> d.mean().value, d.median().value
        (18.0, 8.0)
        >>> sum([d, d]).n
        10
    """

    metric: str = attrs.field(default="duration", validator=instance_of(str))
    unit: str = attrs.field(default="s", validator=check_unit)
    sketch: bool = attrs.field(default=False, validator=instance_of(bool))
    relative_accuracy: float = attrs.field(default=0.01, validator=check_accuracy)
    values: tuple[float, ...] = attrs.field(default=(), converter=float_tuple, repr=False)
    buckets: tuple[tuple[int, int], ...] = attrs.field(
        default=(), converter=bucket_tuple, repr=False
    )
    zeros: int = attrs.field(default=0, converter=count_value, validator=count_field)
    count: int = attrs.field(default=0, converter=count_value, validator=count_field)
    total: float = 0.0
    m2: float = 0.0
    low: float = math.inf
    high: float = -math.inf
    missing: int = attrs.field(default=0, converter=count_value, validator=count_field)

    def __attrs_post_init__(self) -> None:
        # Fields of the right type that contradict ``sketch``: a ValueError.
        if not self.sketch and (self.buckets or self.zeros):
            raise ConfigError(
                f"an exact Durations (sketch=False) has no sketch buckets, got "
                f"{len(self.buckets)} bucket(s) and zeros={safe_repr(self.zeros)}"
            )
        if self.sketch and self.values:
            raise ConfigError(
                f"a sketch Durations (sketch=True) keeps no values, got {len(self.values)} "
                f"value(s) such as {safe_repr(self.values[0])}"
            )

    @classmethod
    def empty(
        cls,
        *,
        metric: str = "duration",
        unit: str = "s",
        sketch: bool = False,
        relative_accuracy: float = 0.01,
    ) -> Durations:
        """Return an empty accumulator (the identity of ``merge``).

        ``unit`` labels numbers and is the unit timedeltas are converted to; ``sketch=True``
        selects bounded memory with percentiles within ``relative_accuracy``.

        Examples:
            >>> Durations.empty(sketch=True, relative_accuracy=0.02).n
            0
        """
        return cls(metric=metric, unit=unit, sketch=sketch, relative_accuracy=relative_accuracy)

    # -- state -----------------------------------------------------------------------------

    @property
    def n(self) -> int:
        """Number of values counted (missing ones excluded).

        Examples:
            >>> Durations.empty().add(3).n
            1
        """
        return self.count if self.sketch else len(self.values)

    @property
    def gamma(self) -> float:
        """Ratio between consecutive sketch bucket bounds, ``(1 + α) / (1 - α)``.

        Examples:
            >>> round(Durations.empty(relative_accuracy=0.01).gamma, 4)
            1.0202
        """
        return (1 + self.relative_accuracy) / (1 - self.relative_accuracy)

    def _merge_params(self) -> tuple[Any, ...]:
        return (
            self.metric,
            self.unit,
            self.sketch,
            self.relative_accuracy if self.sketch else None,
        )

    def _merge_param_names(self) -> tuple[str, ...]:
        return ("metric", "unit", "sketch", "relative_accuracy")

    # -- input -----------------------------------------------------------------------------

    def _to_floats(
        self, chunk: list[Any] | tuple[Any, ...], skip: bool, *, sorting: bool = False
    ) -> tuple[Sequence[float], int]:
        """Validate one chunk; return its values as floats in ``unit`` and its missing count.

        ``sorting=True`` leaves the check for negative values to the caller, which finds the
        smallest value for free once it has sorted them.
        """
        types = set(map(type, chunk))
        floats: Sequence[float]
        if types == {float}:
            floats = chunk
            missing = 0
        elif types <= {float, int}:
            try:
                floats = list(map(float, chunk))
            except OverflowError:  # an int beyond the float range: name it
                return self._one_by_one(chunk, skip)
            missing = 0
        elif types == {timedelta}:
            scale = self._timedelta_scale()
            floats = [s / scale for s in map(timedelta.total_seconds, chunk)]
            missing = 0
        else:
            return self._one_by_one(chunk, skip)
        if not math.isfinite(sum(floats)):
            if skip:
                kept = [x for x in floats if not math.isnan(x)]
                missing += len(floats) - len(kept)
                floats = kept
            bad = next((x for x in floats if not math.isfinite(x)), None)
            if bad is not None:
                raise ScaleError(f"{self.metric}: {bad!r} is not a finite value")
        if not sorting and floats and min(floats) < 0:
            raise ScaleError(f"{self.metric}: negative value {min(floats)!r}")
        return floats, missing

    def _one_by_one(
        self, chunk: list[Any] | tuple[Any, ...], skip: bool
    ) -> tuple[list[float], int]:
        """The slow path of ``_to_floats`` for mixed types: check every value on its own."""
        checked: list[float] = []
        missing = 0
        for value in chunk:
            if not is_missing(value):
                checked.append(self._one(value))
            elif skip:
                missing += 1
            else:
                raise ScaleError(
                    f"{safe_repr(value)} is not a duration; pass skip_missing=True to count "
                    "missing values in .missing"
                )
        return checked, missing

    def _timedelta_scale(self) -> float:
        if self.unit not in UNIT_SECONDS:  # a unit of counts, not of time: a ValueError
            raise ConfigError(
                f"{self.metric}: timedeltas need a time unit ({list(UNIT_SECONDS)}), "
                f"got {safe_repr(self.unit)}"
            )
        return UNIT_SECONDS[self.unit]

    def _one(self, value: Any) -> float:
        return one_duration(value, self.metric, self._timedelta_scale)

    def add(self, value: Any) -> Durations:
        """Return a new accumulator with one more value (a number in ``unit`` or a timedelta).

        Examples:
            >>> Durations.empty().add(5).add(1).values
            (1.0, 5.0)
        """
        x = self._one(value) + 0.0  # -0.0 is the 0 it equals (see _extend)
        if not self.sketch:
            values = list(self.values)
            bisect.insort(values, x)
            return attrs.evolve(self, values=tuple(values))
        return self._sketch_add([x], 0)

    def add_many(self, values: Iterable[Any], *, skip_missing: bool | None = None) -> Durations:
        """Return a new accumulator with all ``values`` added (iterable, or pandas/polars/numpy).

        ``skip_missing=None`` skips missing values (None, NaN, NaT, null) in columns and
        rejects them in plain iterables; skipped values are counted in ``missing``.

        Examples:
            >>> import pandas as pd
            >>> d = Durations.empty().add_many(pd.Series(pd.to_timedelta(["1h", None, "2h"])))
            >>> d.n, d.missing, d.values
            (2, 1, (3600.0, 7200.0))
        """
        skip_missing = skip_option(skip_missing)
        floats, missing = self._column_floats(iterable(values, self.metric))
        if floats is not None:
            if missing and skip_missing is False:
                raise ScaleError(f"{self.metric}: the column has {missing} missing values")
            return self._extend(floats, missing)
        skip = bool(skip_missing)
        if isinstance(values, list | tuple):
            # Read in place: _extend copies once into the list it sorts.
            new, missing = self._to_floats(values, skip, sorting=not self.sketch)
            return self._extend(new, missing)
        acc = self
        iterator = iter(values)
        while chunk := list(islice(iterator, _CHUNK)):
            new, missing = self._to_floats(chunk, skip, sorting=not self.sketch)
            acc = acc._extend(new, missing)
        return acc

    def _column_floats(self, values: Any) -> tuple[list[float] | None, int]:
        """Return (floats, missing) for a pandas/polars/numpy column, or (None, 0) otherwise."""
        read = column_floats(values, self.metric, self._timedelta_scale)
        if read is None:
            return None, 0
        floats, missing = read
        checked, extra = self._to_floats(floats, skip=False)
        return list(checked), missing + extra

    def _extend(self, floats: Sequence[float], missing: int) -> Durations:
        if self.sketch:
            return self._sketch_add(floats, missing)
        if not floats:
            return attrs.evolve(self, missing=self.missing + missing) if missing else self
        if 0.0 in floats:  # -0.0 too: kept, a median or p0 of it read "-0 s", "[?, -0]"
            floats = [f + 0.0 for f in floats]  # -0.0 + 0.0 is 0.0; every other float itself
        merged = [*self.values, *floats]
        merged.sort()  # timsort: the old values are one sorted run, so this stays cheap
        if merged[0] < 0:  # unchecked so far: the first value is the smallest, negative or not
            raise ScaleError(f"{self.metric}: negative value {merged[0]!r}")
        return attrs.evolve(self, values=tuple(merged), missing=self.missing + missing)

    def _sketch_add(self, floats: Sequence[float], missing: int) -> Durations:
        if not floats:
            return attrs.evolve(self, missing=self.missing + missing)
        buckets, zeros = bucket_counts(floats, self.gamma)
        try:
            total = math.fsum(floats)
        except OverflowError:
            total = math.inf
        self._check_total(total)
        chunk = attrs.evolve(
            Durations.empty(
                metric=self.metric,
                unit=self.unit,
                sketch=True,
                relative_accuracy=self.relative_accuracy,
            ),
            buckets=tuple(sorted(buckets.items())),
            zeros=zeros,
            count=len(floats),
            total=total,
            m2=mean_m2(floats)[1],
            low=min(floats),
            high=max(floats),
            missing=missing,
        )
        return self.merge(chunk)

    # -- merging ---------------------------------------------------------------------------

    def merge(self, other: Durations) -> Durations:
        """Return the accumulator of both inputs; metric, unit and mode must match.

        Examples:
            >>> Durations.empty().add(1).merge(Durations.empty().add(2)).values
            (1.0, 2.0)
        """
        self._check_mergeable(other)
        if not self.sketch:
            if not other.values:
                return attrs.evolve(self, missing=self.missing + other.missing)
            return attrs.evolve(
                self,
                values=tuple(sorted(self.values + other.values)),
                missing=self.missing + other.missing,
            )
        total = self.total + other.total
        self._check_total(total)
        buckets: Counter[int] = Counter(dict(self.buckets))
        buckets.update(dict(other.buckets))
        n = self.count + other.count
        m2 = merge_m2((self.count, self.total, self.m2), (other.count, other.total, other.m2))
        return attrs.evolve(
            self,
            buckets=tuple(sorted(buckets.items())),
            zeros=self.zeros + other.zeros,
            count=n,
            total=total,
            m2=m2,
            low=min(self.low, other.low),
            high=max(self.high, other.high),
            missing=self.missing + other.missing,
        )

    def _check_total(self, total: float) -> None:
        # A sketch keeps the sum of its values for the mean; past the float range it would be
        # inf and the mean a silent inf, so such data is refused (exact mode has no such limit).
        if not math.isfinite(total):
            raise ScaleError(
                f"{self.metric}: the sum of the values is beyond the float range (about 1.8e308); "
                "a sketch cannot hold it — use exact mode or a larger unit"
            )

    # -- results ---------------------------------------------------------------------------

    def _at_rank(self, k: int) -> float:
        """Return the ``k``-th smallest value (1-based), exactly or from the sketch."""
        if not self.sketch:
            return self.values[k - 1]
        if k <= self.zeros:
            return 0.0
        seen = self.zeros
        gamma = self.gamma
        for index, count in self.buckets:
            seen += count
            if seen >= k:
                return min(max(bucket_value(index, gamma), self.low), self.high)
        return self.high  # pragma: no cover - k <= n always lands in a bucket

    def percentile(
        self,
        q: float,
        level: float = 0.95,
        *,
        method: Literal["nearest-rank", "linear"] = "nearest-rank",
    ) -> Estimate:
        """Return the ``q``-th percentile (0–100) with a distribution-free interval.

        The interval is ``[x_(l), x_(u)]`` for the order-statistic ranks of
        [order_statistic_ranks][servicemodel.kpi.order_statistic_ranks]; a bound is ``None``
        when ``n`` is too small for it at this ``level``. In sketch mode the values are the
        sketch's, each within ``relative_accuracy`` of the exact one.

        Examples:
            >>> d = Durations.empty().add_many(range(1, 101))
            >>> p90 = d.percentile(90)
            >>> p90.value, p90.lower, p90.upper
            (90.0, 84.0, 96.0)
            >>> d.percentile(90, method="linear").value
            90.1
        """
        if is_bool(q) or not isinstance(q, numbers.Real):
            raise InputTypeError(
                f"percentile q must be a number in 0..100, got {type(q).__name__} {safe_repr(q)}"
            )
        if not is_percentile(q):  # a number not allowed (101, -1, NaN): a ValueError
            raise ConfigError(f"percentile q must be a number in 0..100, got {safe_repr(q)}")
        q = percentile_float(q)
        # Text first: ``in`` compares with ==, which an array answers with an array.
        if not isinstance(method, str):
            raise InputTypeError(
                f"method must be 'nearest-rank' or 'linear', got {type(method).__name__} "
                f"{safe_repr(method)}"
            )
        if method not in ("nearest-rank", "linear"):
            raise ConfigError(f"method must be 'nearest-rank' or 'linear', got {safe_repr(method)}")
        if method == "linear" and self.sketch:
            raise ConfigError("a sketch gives nearest-rank percentiles only, got 'linear'")
        label = f"{self.metric} p{percentile_label(q)}"
        kind = "ddsketch" if self.sketch else "exact"
        common: dict[str, Any] = {
            "level": level,
            "method": f"order-statistic ({kind}, {method})",
            "unit": self.unit,
            "missing": self.missing,
        }
        n = self.n
        if n == 0:
            return Estimate(label, None, 0, **common)
        if method == "nearest-rank":
            value = self._at_rank(nearest_rank(n, q))
        else:
            value = linear_percentile(self.values, q)
        lo_rank, hi_rank = order_statistic_ranks(n, q / 100, level)
        lower = None if lo_rank is None else min(self._at_rank(lo_rank), value)
        upper = None if hi_rank is None else max(self._at_rank(hi_rank), value)
        return Estimate(label, value, n, lower=lower, upper=upper, **common)

    def median(self, level: float = 0.95) -> Estimate:
        """Return the median (nearest-rank 50th percentile) with its order-statistic interval.

        Examples:
            >>> Durations.empty().add_many([1, 2, 3]).median().value
            2.0
        """
        return self.percentile(50, level)

    def mean(self, level: float = 0.95) -> Estimate:
        """Return the mean with a Student's t interval (exact sums in both modes).

        Examples:
            >>> Durations.empty().add_many([1, 2, 3]).mean().value
            2.0
        """
        label = f"{self.metric} mean"
        if self.sketch:
            n, mean, m2 = self.count, (self.total / self.count if self.count else 0.0), self.m2
        else:
            n = len(self.values)
            mean, m2 = mean_m2(self.values)
        est = mean_estimate(
            n, mean, m2, metric=label, level=level, unit=self.unit, missing=self.missing
        )
        if n >= 2 and (est.lower is None or est.lower < 0):
            # Durations are never negative; a bound of None at n >= 2 is an unbounded one
            # (a spread beyond the float range), so 0 is the lower bound there too.
            est = attrs.evolve(est, lower=0.0)
        return est

    def result(self, level: float = 0.95) -> Estimate:
        """Return the median, the accumulator's headline statistic.

        Examples:
            >>> Durations.empty().result().value is None
            True
        """
        return self.median(level)

    def summary(
        self, level: float = 0.95, *, percentiles: Iterable[float] = (50, 90)
    ) -> dict[str, Estimate]:
        """Return ``{"mean": ..., "p50": ..., "p90": ...}`` — ready for ``estimates_to_records``.

        Examples:
            >>> sorted(Durations.empty().add(1).summary(percentiles=(50, 99)))
            ['mean', 'p50', 'p99']
        """
        out = {"mean": self.mean(level)}
        for q in require_iterable(percentiles, "percentiles"):
            out[f"p{percentile_label(q)}"] = self.percentile(q, level)
        return out
