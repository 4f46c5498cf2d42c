"""The Kaplan–Meier curve of counted (time, events, censorings) rows, and what it gives.

[SurvivalCurve][servicemodel.kpi.SurvivalCurve] is the result of the survival accumulators
([SurvivalTimes][servicemodel.kpi.SurvivalTimes] and the ticket clocks). The rules, in one
place (see ``docs/survival.md`` for the reasons and the literature):

* **Curve** (Kaplan & Meier 1958): ``S(t) = Π_{t_i <= t} (1 - d_i/n_i)`` over the distinct
  event times; an observation censored at ``t`` is still at risk at ``t`` (events before
  censorings at a tie), as in R ``survival`` and ``lifelines``.
* **Greenwood** (1926) variance: ``Var S(t) = S(t)² Σ d_i / (n_i (n_i - d_i))``.
* **Pointwise band**: log-log ("exponential Greenwood", Kalbfleisch & Prentice 2002):
  ``S(t) ** exp(±z · sqrt(Σ d_i/(n_i(n_i-d_i))) / log S(t))``; ``[1, 1]`` where ``S = 1``
  and ``[0, 0]`` where ``S = 0`` (the curve is certain there).
* **Percentile** ``q``: the smallest observed time ``t`` with ``S(t) <= 1 - q/100``, decided
  exactly (rational arithmetic breaks a floating-point near-tie). On a flat step where ``S``
  equals ``1 - q/100`` exactly, that is the step's *start* (R ``survival`` reports the
  midpoint instead); with no censoring it is the nearest-rank percentile of ``Durations``.
  When the curve never drops to ``1 - q/100`` the percentile is undefined (``None``, with a
  reason), never extrapolated. The curve's own values (``survival``, what ``survival_at``,
  the charts and the report's tables read) are decided the same way at the threshold of each
  chosen percentile and of the median: a step whose float product lies within ``_NEAR`` of
  ``1 - q/100`` holds its exact value rounded once (a step above the threshold stays above
  it), so a chart never crosses ``S = 1/2`` one step after the median the table gives.
* **Percentile interval** (Brookmeyer & Crowley 1982, log-log): the set of ``t`` whose band
  contains ``1 - q/100``, taken as R ``survival`` and ``lifelines`` do: the lower limit is the
  percentile of the band's lower curve, the upper limit that of its upper curve; ``None``
  where that curve never drops to ``1 - q/100`` while ``S > 0``. Where ``S = 0`` the band is
  undefined (R ``survival`` leaves it NA; ``lifelines`` reads it as 0 and reports the last
  time as the upper limit, which covered a true p90 in about 65 % of samples of 10 at 95 %):
  an upper curve that reaches the threshold only there gives no upper limit.
* **Restricted mean** up to ``τ``: ``∫_0^τ S(u) du`` with variance
  ``Σ_{t_i < τ} A_i² d_i / (n_i (n_i - d_i))``, ``A_i = ∫_{t_i}^τ S(u) du`` (Klein &
  Moeschberger 2003, eq. 4.5.2); undefined beyond the last observed time unless ``S`` is 0
  there. Interval: ``± z·SE``, clipped to ``[0, τ]``.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value, is_bool, real_number
from servicemodel._validators import as_tuple, instance_of, members_of
from servicemodel.errors import ConfigError, InputTypeError, ScaleError
from servicemodel.kpi._count_table import Row
from servicemodel.kpi._estimate import Estimate, EstimateMapping, estimate_pairs
from servicemodel.kpi._frames import records_to_frame, records_to_polars
from servicemodel.kpi._intervals import check_level, level_value, percentile_label, z_for_level
from servicemodel.kpi._plot import plot_survival

__all__ = ["Row", "SurvivalCurve", "build_curve", "check_horizon", "check_percentile"]

Rows = Sequence[Row]
Floats = tuple[float, ...]

_NEAR = 1e-9  # relative distance below which a float comparison of S with 1 - p is re-done exactly


def _real(value: Any, what: str) -> float:
    """``value`` as a finite float: no number (a bool, text) is an ``InputTypeError``, a number
    not allowed (NaN, an infinity, an int past the float range) a ``ConfigError``."""
    if is_bool(value):  # real_number would raise its value error for a bool
        raise InputTypeError(f"{what}: a bool is not a number, got {safe_repr(value)}")
    return real_number(value, what, error=ConfigError)


def check_percentile(q: Any) -> float:
    """Return ``q`` as a float if it is a percentile in ``(0, 100]``, else raise.

    No number is an [`InputTypeError`][servicemodel.errors.InputTypeError]; a number outside
    ``(0, 100]`` (or NaN) a [`ConfigError`][servicemodel.errors.ConfigError].
    """
    x = _real(q, "percentile")
    if not 0 < x <= 100:
        raise ConfigError(f"percentile must be in (0, 100], got {safe_repr(q)}")
    return x


def check_horizon(value: Any) -> float:
    """Return a restricted mean's ``horizon`` as a float if it is a number >= 0, else raise.

    No number is an [`InputTypeError`][servicemodel.errors.InputTypeError]; a negative number
    (or NaN, an infinity) a [`ConfigError`][servicemodel.errors.ConfigError].
    """
    x = _real(value, "horizon")
    if x < 0:
        raise ConfigError(f"horizon must be >= 0, got {safe_repr(value)}")
    # -0.0 is the 0 it equals: kept, the estimate read "restricted mean to -0 s" and its
    # interval "[0, -0]".
    return x if x else 0.0


class _Columns:
    """The event steps of counted rows as parallel tuples (one entry per distinct event time).

    Columns, not an object per step: a curve of a year of tickets has tens of thousands of
    steps, and the report builds a curve per channel and per week.
    """

    __slots__ = ("at_risk", "deaths", "greenwood", "n", "survival", "times")

    def __init__(self, rows: Rows) -> None:
        n = sum(map(_events, rows)) + sum(map(_censored, rows))
        steps: list[tuple[float, int, int, float, float]] = []
        append = steps.append
        at_risk, s, gw = n, 1.0, 0.0  # gw: Σ d_i / (n_i (n_i - d_i)) up to here; inf once S is 0
        for t, d, c in rows:
            if d:
                s *= (at_risk - d) / at_risk
                gw = gw + d / (at_risk * (at_risk - d)) if at_risk > d else math.inf
                append((t, at_risk, d, s, gw))
            at_risk -= d + c
        self.n = n
        columns = tuple(zip(*steps, strict=True)) if steps else ((),) * 5
        self.times, self.at_risk, self.deaths, self.survival, self.greenwood = columns


_events, _censored = operator.itemgetter(1), operator.itemgetter(2)


def _bands(cols: _Columns, z: float) -> tuple[Floats, Floats, Floats]:
    """The Greenwood standard errors and the log-log pointwise band of every step.

    The band of ``S(t) = s`` with Greenwood sum ``gw`` is ``[s, s]`` where ``S = 1`` (or no
    variance), ``[0, 0]`` where ``S = 0`` (``gw`` infinite), else
    ``s ** exp(∓z·sqrt(gw)/log s)``.
    """
    # One loop with local names, as it runs once per step of every curve; sqrt(gw) is taken
    # once (sqrt(inf) is inf).
    sqrt, log, exp, inf = math.sqrt, math.log, math.exp, math.inf
    se: list[float] = []
    lower: list[float] = []
    upper: list[float] = []
    add_se, add_lower, add_upper = se.append, lower.append, upper.append
    for s, gw in zip(cols.survival, cols.greenwood, strict=True):
        root = sqrt(gw)
        add_se(s * root if root < inf else 0.0)
        if s >= 1.0 or gw == 0.0:
            add_lower(s)
            add_upper(s)
        elif s <= 0.0 or root == inf:
            add_lower(0.0)
            add_upper(0.0)
        else:
            spread = z * root / log(s)  # negative: log s < 0
            add_lower(s ** exp(-spread))
            add_upper(s ** exp(spread))
    return tuple(se), tuple(lower), tuple(upper)


def _exact_survival(at_risk: Sequence[int], deaths: Sequence[int], i: int) -> Fraction:
    """``S`` after step ``i`` as a fraction: ``Π (n_j - d_j) / n_j`` for ``j <= i``.

    Where nobody is censored between two steps, the numerator of one factor is the
    denominator of the next, and both are left out: the same fraction, from a few integers.
    """
    numerators: list[int] = []
    denominators = [at_risk[0]]
    for j in range(i):
        left = at_risk[j] - deaths[j]
        if left != at_risk[j + 1]:
            numerators.append(left)
            denominators.append(at_risk[j + 1])
    numerators.append(at_risk[i] - deaths[i])
    return Fraction(math.prod(numerators), math.prod(denominators))


def _first_at_or_below(values: Sequence[float], limit: float, start: int = 0) -> int | None:
    """Index of the first of ``values`` from ``start`` on that is ``<= limit`` (or ``None``)."""
    # The walk does not count (it runs over most steps of a curve for each percentile and
    # band); the index of the value found is its first from ``start``: an earlier equal value
    # would have been found first.
    for v in itertools.islice(values, start, None) if start else values:
        if v <= limit:
            return values.index(v, start)
    return None


def _first_below(
    curve: SurvivalCurve, band: Sequence[float] | None, target: Fraction
) -> int | None:
    """Index of the first step whose ``S`` (or ``band`` value) is ``<= target``.

    For ``S`` itself the decision is exact: a float within ``_NEAR`` of the target is checked
    again with the rational product, so ``S = 1 - q/100`` on the nose (which is how the
    nearest-rank percentile arises without censoring) is never lost to rounding. A band value
    has no exact form to check again: it is compared with the target as it is (a lower curve
    at ``0.5000000001`` has not reached ``1/2``), as ``lifelines`` and R ``survival`` do.
    """
    limit = float(target)
    if band is not None:
        return _first_at_or_below(band, limit)
    high = limit * (1 + _NEAR)
    values = curve.survival
    i = _first_at_or_below(values, high)
    low = limit * (1 - _NEAR)
    # A float near-tie that the exact product puts above the target: look further.
    while (
        i is not None
        and values[i] >= low
        and _exact_survival(curve.at_risk, curve.deaths, i) > target
    ):
        i = _first_at_or_below(values, high, i + 1)
    return i


def _threshold(q: float) -> Fraction:
    """``1 - q/100`` exactly, for a percentile ``q`` in ``(0, 100]``."""
    return 1 - Fraction(repr(q)) / 100


def _settle(cols: _Columns, thresholds: Sequence[Fraction]) -> None:
    """Make ``cols.survival`` agree with the exact percentile rule at each threshold.

    The float product of a step can read ``0.5000000000000014`` where the exact product is
    ``1/2``: the percentile (decided exactly) is that step, and a chart of the float column
    would cross one step later. A step within ``_NEAR`` of a threshold takes its exact value,
    rounded once to the nearest float; where the exact value is above the threshold but
    rounds onto it, the next float above, so that ``value <= float(threshold)`` exactly when
    ``S <= threshold``. Every other step is further from the threshold than the product's
    rounding error, on the same side as its exact value.
    """
    values = list(cols.survival)
    changed = False
    for target in thresholds:
        limit = float(target)
        high, low = limit * (1 + _NEAR), limit * (1 - _NEAR)
        # The column never rises: the first step at or below ``high``, then those near it.
        i = bisect.bisect_left(values, -high, key=operator.neg)
        while i < len(values) and values[i] >= low:
            exact = _exact_survival(cols.at_risk, cols.deaths, i)
            value = float(exact)
            if exact > target and value <= limit:
                value = math.nextafter(limit, math.inf)
            changed = changed or value != values[i]
            values[i] = value
            i += 1
    if changed:
        cols.survival = tuple(values)


def build_curve(
    rows: Rows,
    *,
    metric: str,
    unit: str,
    level: float,
    percentiles: Sequence[float],
    horizon: float | None,
) -> SurvivalCurve:
    """Return the Kaplan–Meier curve of ``rows`` with its percentiles and restricted mean."""
    level = check_level(level)  # a Decimal, Fraction or numpy level as the float it is read as
    z = z_for_level(level)
    cols = _Columns(rows)
    # The median's threshold too: it is where a reader reads a chart, and the report marks it.
    _settle(cols, sorted({_threshold(q) for q in (*percentiles, 50.0)}))
    n = cols.n
    se, lower, upper = _bands(cols, z)
    events = sum(cols.deaths)
    last = rows[-1][0] if rows else 0.0
    curve = _computed(
        metric=metric,
        unit=unit,
        level=level,
        n=n,
        events=events,
        censored=n - events,
        last_time=last,
        times=cols.times,
        at_risk=cols.at_risk,
        deaths=cols.deaths,
        survival=cols.survival,
        se=se,
        lower=lower,
        upper=upper,
        censored_times=tuple([t for t, _, c in rows if c]),
        estimates=(),
        reasons=(),
    )
    named: list[tuple[str, Estimate]] = []
    reasons: list[tuple[str, str]] = []
    for q in percentiles:
        key = "median" if q == 50 else f"p{percentile_label(q)}"
        est, why = curve.percentile(q)
        named.append((key, est))
        if why:
            reasons.append((key, why))
    if horizon is not None:
        est, why = curve.restricted_mean(horizon)
        named.append(("rmst", est))
        if why:
            reasons.append(("rmst", why))
    done = {f.name: getattr(curve, f.name) for f in _FIELDS}
    return _computed(**{**done, "estimates": tuple(named), "reasons": tuple(reasons)})


def _computed(**fields: Any) -> SurvivalCurve:
    """A curve of the columns ``build_curve`` computed, without the constructor's checks.

    The checks exist for curves built by hand; these columns are of their kinds by
    construction (``_Columns`` and ``_bands``), and checking every point of seven columns twice
    per curve cost a report about a twentieth of its time. The tests hold every curve built
    here to ``attrs.evolve(curve)``, which runs every check.
    """
    curve = object.__new__(SurvivalCurve)
    for field in _FIELDS:
        object.__setattr__(curve, field.name, fields[field.name])
    return curve


_NUMBER = instance_of((int, float))
_NUMBERS = members_of((int, float), tuple)
_COUNTS = members_of(int, tuple)


def _reasons(value: Any) -> tuple[tuple[str, str], ...]:
    """attrs converter: ``(statistic, reason)`` pairs of text as a tuple, refusing the rest."""
    pairs = as_tuple(value, "reasons")
    for pair in pairs:
        if not (
            isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
        ):
            raise InputTypeError(
                f"reasons: expected (statistic, reason) pairs of text, got "
                f"{type(pair).__name__} {safe_repr(pair)}"
            )
    return pairs


@attrs.frozen(repr=False)
class SurvivalCurve(EstimateMapping):
    """A Kaplan–Meier curve with Greenwood errors, log-log band, percentiles and restricted mean.

    The tuples ``times``, ``at_risk``, ``deaths``, ``survival`` (``S(t)`` just after each time),
    ``se`` (Greenwood) and ``lower``/``upper`` (pointwise log-log band at ``level``) have one
    entry per distinct event time; ``censored_times`` lists the distinct times at which
    observations were censored (the ticks of [plot][servicemodel.kpi.SurvivalCurve.plot]). As a
    mapping it holds the accumulator's chosen estimates
    (``"median"``, ``"p90"``, ``"rmst"`` …); an undefined one has ``value=None`` and a
    [reason][servicemodel.kpi.SurvivalCurve.reason]. The rules are in ``docs/survival.md``.

    Examples:
        >>> from servicemodel.kpi import SurvivalTimes
        >>> acc = SurvivalTimes.empty(unit="h").add_many(
        ...     [(1, True), (2, True), (3, False), (4, True), (6, False)])
        >>> km = acc.result()
        >>> [round(s, 4) for s in km.survival]
        [0.8, 0.6, 0.3]
        >>> km["median"].value, km["p90"].value, km.reason("p90")
        (4.0, None, 'the curve stays above 0.1 (S = 0.3 at 6 h, the last observed time)')
    """

    metric: str = attrs.field(validator=instance_of(str))
    unit: str = attrs.field(validator=instance_of(str))
    level: float = attrs.field(converter=level_value, validator=_NUMBER)
    n: int = attrs.field(converter=count_value, validator=count_field)
    events: int = attrs.field(converter=count_value, validator=count_field)
    censored: int = attrs.field(converter=count_value, validator=count_field)
    last_time: float = attrs.field(validator=_NUMBER)
    times: tuple[float, ...] = attrs.field(validator=_NUMBERS)
    at_risk: tuple[int, ...] = attrs.field(validator=_COUNTS)
    deaths: tuple[int, ...] = attrs.field(validator=_COUNTS)
    survival: tuple[float, ...] = attrs.field(validator=_NUMBERS)
    se: tuple[float, ...] = attrs.field(validator=_NUMBERS)
    lower: tuple[float, ...] = attrs.field(validator=_NUMBERS)
    upper: tuple[float, ...] = attrs.field(validator=_NUMBERS)
    estimates: tuple[tuple[str, Estimate], ...] = attrs.field(default=(), converter=estimate_pairs)
    reasons: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_reasons)
    censored_times: tuple[float, ...] = attrs.field(default=(), validator=_NUMBERS)

    # -- the mapping of chosen estimates ------------------------------------------------------

    def reason(self, name: str) -> str | None:
        """Why the estimate ``name`` has no value (or a missing bound), or ``None``.

        Examples:
            >>> from servicemodel.kpi import SurvivalTimes
            >>> SurvivalTimes.empty().result().reason("median")
            'no observations'
        """
        if not isinstance(name, str):  # a list as a dict key was a bare TypeError
            raise InputTypeError(
                f"name: expected an estimate's name, got {type(name).__name__} {safe_repr(name)}"
            )
        return dict(self.reasons).get(name)

    def __repr__(self) -> str:
        head = (
            f"{self.metric} Kaplan–Meier (unit={self.unit}, n={self.n}, events={self.events}, "
            f"censored={self.censored})"
        )
        lines = [head]
        for key, est in self.estimates:
            why = self.reason(key)
            lines.append(f"  {key}: {est!r}" + (f" — {why}" if why else ""))
        return "\n".join(lines)

    # -- tables and charts -----------------------------------------------------------------

    def to_records(self) -> list[dict[str, Any]]:
        """Return one flat ``dict`` per chosen statistic, with a ``reason`` for an undefined one.

        Each row has a ``censored`` column, as the finished-only times' rows do, so one
        selection of columns reads both kinds of frame.

        Examples:
            >>> from servicemodel.kpi import SurvivalTimes
            >>> km = SurvivalTimes.empty().add_many([(1, True), (2, False)]).result()
            >>> [(r["statistic"], r["value"], r["censored"]) for r in km.to_records()]
            [('median', 1.0, 1), ('p90', None, 1)]
            >>> km.to_records()[1]["reason"][:22]
            'the curve stays above '
        """
        return [
            {
                "statistic": key,
                **est.to_record(),
                "censored": self.censored,
                "reason": self.reason(key),
            }
            for key, est in self.estimates
        ]

    def to_frame(self) -> Any:
        """Return a pandas ``DataFrame`` of [to_records][servicemodel.kpi.SurvivalCurve.to_records].

        Raises [MissingExtraError][servicemodel.errors.MissingExtraError] without pandas.

        Examples:
            >>> from servicemodel.kpi import SurvivalTimes
            >>> SurvivalTimes.empty().add((1, True)).result().to_frame()["statistic"].tolist()
            ['median', 'p90']
        """
        return records_to_frame(self.to_records(), feature="SurvivalCurve.to_frame")

    def to_polars(self) -> Any:
        """Return a polars ``DataFrame`` with the same columns and values as ``to_frame()``.

        Raises [MissingExtraError][servicemodel.errors.MissingExtraError] without polars
        (``pip install 'servicemodel[polars]'``).

        Examples:
            >>> from servicemodel.kpi import SurvivalTimes
            >>> SurvivalTimes.empty().add((1, True)).result().to_polars()["statistic"].to_list()
            ['median', 'p90']
        """
        return records_to_polars(self.to_records(), feature="SurvivalCurve.to_polars")

    def plot(
        self,
        ax: Any = None,
        *,
        label: str | None = None,
        band: bool = True,
        censored: bool = True,
        **kw: Any,
    ) -> Any:
        """Draw the Kaplan–Meier step curve with matplotlib and return the Axes.

        The curve starts at ``S(0) = 1`` and runs to the last observed time; ``band`` shades the
        pointwise log-log interval, ``censored`` marks each censoring time with a tick. ``ax``
        draws on existing Axes (else a new figure); ``kw`` goes to ``ax.step``. Needs
        matplotlib (``pip install 'servicemodel[report]'``, else
        [MissingExtraError][servicemodel.errors.MissingExtraError]).

        Examples:
            >>> from matplotlib.figure import Figure
            >>> from servicemodel.kpi import SurvivalTimes
            >>> km = SurvivalTimes.empty(unit="h").add_many([(1, True), (2, False), (3, True)])
            >>> ax = km.result().plot(ax=Figure().subplots())
            >>> ax.get_xlabel().splitlines(), len(ax.lines)  # the curve and its censor ticks
            (['time (h)', '95 % bands · n=3 · censored=1 (ticks)'], 2)
        """
        curves = [(self.metric if label is None else label, self)]
        return plot_survival(curves, ax, band=band, censored=censored, **kw)

    # -- evaluation ------------------------------------------------------------------------

    def survival_at(self, t: float) -> float:
        """``S(t)``: the share still without the event after time ``t`` (1 before any event).

        Examples:
            >>> from servicemodel.kpi import SurvivalTimes
            >>> SurvivalTimes.empty().add_many([(1, True), (2, False)]).result().survival_at(1.5)
            0.5
        """
        # The one numeric intake: numpy's timedelta64 passes as a numbers.Real and then failed
        # the comparisons. An infinity is a time (S after every event); NaN is none.
        if is_bool(t):
            raise InputTypeError(f"t must be a number, got {type(t).__name__} {safe_repr(t)}")
        t = real_number(t, "t", finite=False)
        if math.isnan(t):
            raise ScaleError(f"t: NaN is not a time, got {safe_repr(t)}")
        s = 1.0
        for time, value in zip(self.times, self.survival, strict=True):
            if time > t:
                break
            s = value
        return s

    def _bound_reason(self, key: str, target: float, name: str) -> str:
        return f"the band's {name} curve stays above {target:.4g}, so {key} has no {name} bound"

    def percentile(self, q: float) -> tuple[Estimate, str | None]:
        """Return the ``q`` percentile with its Brookmeyer–Crowley interval, and why not if not.

        The second element explains a ``None`` value or bound (``None`` when all exist).

        Examples:
            >>> from servicemodel.kpi import SurvivalTimes
            >>> km = SurvivalTimes.empty().add_many([(t, True) for t in range(1, 11)]).result()
            >>> km.percentile(90)[0].value
            9.0
        """
        q = check_percentile(q)
        key = "median" if q == 50 else f"p{percentile_label(q)}"
        target = _threshold(q)
        common: dict[str, Any] = {
            "level": self.level,
            "method": "kaplan-meier, brookmeyer-crowley log-log",
            "unit": self.unit,
            "counts": (("events", self.events), ("censored", self.censored)),
        }
        metric = f"{self.metric} p{percentile_label(q)}"
        i = _first_below(self, None, target)
        if i is None:
            return Estimate(metric, None, self.n, **common), self._undefined(float(target))
        lo_i = _first_below(self, self.lower, target)
        hi_i = _first_below(self, self.upper, target)
        why: str | None = None
        if hi_i is not None and self.survival[hi_i] <= 0:
            # The band's [0, 0] where S = 0 is no statement about the population: Greenwood's
            # variance needs someone still at risk (R survival leaves the band NA there). Its
            # upper curve reaching 0 there gave the last time as an upper bound whenever the
            # last observation was an event: the interval of a p90 of 10 uncensored times
            # covered the true p90 in about 65 % of samples at a nominal 95 %, of 10 times a
            # third censored in about 29 % (docs/intervals.md).
            hi_i = None
            why = (
                f"the band's upper curve stays above {float(target):.4g} until S = 0 at "
                f"{self.times[-1]:g} {self.unit}, where the band is undefined (nobody left at "
                f"risk), so {key} has no upper bound"
            )
        lower = None if lo_i is None else self.times[lo_i]
        upper = None if hi_i is None else self.times[hi_i]
        value = self.times[i]
        if upper is None and why is None:
            why = self._bound_reason(key, float(target), "upper")
        est = Estimate(metric, value, self.n, lower=lower, upper=upper, **common)
        return est, why

    def _undefined(self, target: float) -> str:
        if self.n == 0:
            return "no observations"
        s_end = self.survival[-1] if self.survival else 1.0
        return (
            f"the curve stays above {target:.4g} (S = {s_end:.4g} at {self.last_time:g} "
            f"{self.unit}, the last observed time)"
        )

    def restricted_mean(self, horizon: float) -> tuple[Estimate, str | None]:
        """Return the restricted mean time up to ``horizon`` (area under ``S``) with its interval.

        Undefined (``None`` with a reason) for a horizon beyond the last observed time, unless
        the curve is 0 there: the curve is unknown past the data.

        Examples:
            >>> from servicemodel.kpi import SurvivalTimes
            >>> km = SurvivalTimes.empty().add_many([(2, True), (4, True)]).result()
            >>> km.restricted_mean(4)[0].value  # with no censoring: the mean of min(T, 4)
            3.0
        """
        tau = check_horizon(horizon)
        metric = f"{self.metric} restricted mean to {tau:g} {self.unit}"
        common: dict[str, Any] = {
            "level": self.level,
            "method": "kaplan-meier restricted mean, greenwood",
            "unit": self.unit,
            "counts": (("events", self.events), ("censored", self.censored)),
        }
        s_end = self.survival[-1] if self.survival else 1.0
        if self.n == 0 or (tau > self.last_time and s_end > 0):
            why = (
                "no observations"
                if self.n == 0
                else (
                    f"horizon {tau:g} {self.unit} is beyond the last observed time "
                    f"{self.last_time:g} {self.unit}, where S = {s_end:.4g}"
                )
            )
            return Estimate(metric, None, self.n, **common), why
        area, variance = _area_and_variance(self._steps_with_gw(), tau)
        se = math.sqrt(variance)
        half = z_for_level(check_level(self.level)) * se
        est = Estimate(
            metric,
            area,
            self.n,
            lower=max(0.0, area - half),
            upper=min(tau, area + half),
            se=se,
            **common,
        )
        return est, None

    def _steps_with_gw(self) -> list[tuple[float, int, int, float]]:
        return list(zip(self.times, self.at_risk, self.deaths, self.survival, strict=True))


def _area_and_variance(
    steps: Sequence[tuple[float, int, int, float]], tau: float
) -> tuple[float, float]:
    """∫_0^τ S and Σ_{t_i < τ} A_i² d_i/(n_i(n_i-d_i)) with A_i = ∫_{t_i}^τ S (K&M 4.5.2)."""
    # Pieces of area between consecutive event times (and the last one to τ), from the end.
    knots = [t for t, *_ in steps if t < tau]
    levels = [1.0] + [s for t, _, _, s in steps if t < tau]
    edges = [0.0, *knots, tau]
    pieces = [lv * (b - a) for lv, (a, b) in zip(levels, itertools.pairwise(edges), strict=True)]
    area = math.fsum(pieces)
    variance = 0.0
    tail = 0.0  # ∫_{t_i}^τ S, built from the last piece backwards
    for k in range(len(knots) - 1, -1, -1):
        tail += pieces[k + 1]
        _, n_i, d_i, _ = steps[k]
        if n_i > d_i:  # n_i == d_i makes S 0 after t_i, so A_i is 0: the term is 0
            variance += tail * tail * d_i / (n_i * (n_i - d_i))
    return area, variance


#: Every field of a curve, in order, for ``_computed``.
_FIELDS = attrs.fields(SurvivalCurve)
