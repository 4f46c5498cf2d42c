"""Estimates with confidence intervals, and comparisons of two of them.

An [Estimate][servicemodel.kpi.Estimate] is a value with its ``n``, interval, unit and the
counts behind it; the interval formulas are in ``_intervals``.

Examples:
    >>> est = proportion(81, 263, metric="CSAT")
    >>> round(est.lower, 4), round(est.upper, 4)
    (0.2553, 0.3662)
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import (
    as_count,
    count_field,
    count_value,
    count_value_up_to,
    is_bool,
    level_percent,
    real_number,
    type_name,
)
from servicemodel._validators import as_tuple, instance_of
from servicemodel.errors import ConfigError, InputTypeError, UnknownKeyError
from servicemodel.kpi._accumulator import _parameter_differences
from servicemodel.kpi._intervals import (
    check_level,
    level_field,
    level_value,
    t_quantile,
    wilson_interval,
    z_for_level,
)

__all__ = ["Comparison", "Estimate", "compare", "mean_estimate", "proportion"]


def _fmt(value: float, unit: str) -> str:
    if unit == "share":
        return f"{100 * value:.1f}"
    if unit == "points":
        return f"{value:.1f}"
    if value != 0 and (abs(value) >= 1e6 or abs(value) < 1e-2):
        return f"{value:.3g}"
    return f"{value:.4g}" if abs(value) < 100 else f"{value:.0f}"


_UNIT_SUFFIX = {"share": " %", "points": "", "": ""}


def _suffix(value: float, unit: str) -> str:
    # A count of one is singular: "backlog 1 ticket", "backlog 2 tickets".
    if unit == "tickets" and value == 1:
        return " ticket"
    return _UNIT_SUFFIX.get(unit, f" {unit}")


def _finite_or_none(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: ``None`` or a finite real number (never NaN, an infinity or a bool)."""
    if value is None:
        return
    if is_bool(value) or not isinstance(value, int | float):
        raise InputTypeError(
            f"Estimate.{attribute.name}: expected a number or None, got "
            f"{type(value).__name__} {safe_repr(value)}"
        )
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an int beyond the float range
        finite = False
    if not finite:  # a number not allowed (NaN, an infinity, an int past floats): a ValueError
        raise ConfigError(
            f"Estimate.{attribute.name}: {safe_repr(value)} is not a finite number; use None "
            "for 'no value' or 'no finite bound'"
        )


def _counts(value: Any) -> tuple[tuple[str, int], ...]:
    # Each count read as a count field is (a numpy int or a whole float is the int it holds).
    pairs = tuple(
        (p[0], count_value(p[1])) if isinstance(p, tuple) and len(p) == 2 else p
        for p in as_tuple(value, "counts")
    )
    for pair in pairs:
        if not (
            isinstance(pair, tuple)
            and len(pair) == 2
            and isinstance(pair[0], str)
            and isinstance(pair[1], int)
            and not is_bool(pair[1])
            and pair[1] >= 0  # a count of tickets: "-1 left out" is no count
        ):
            raise InputTypeError(
                f"counts: expected (name, int >= 0) pairs, got {type(pair).__name__} "
                f"{safe_repr(pair)}"
            )
    return pairs


def _count_in(value: Any) -> Any:
    """attrs converter of a count the estimate holds (at most 2**53): ``count_value``, a count
    past it given otherwise than as an int handed on as given, for ``_count_field`` to name so
    (``count_value_up_to``)."""
    return count_value_up_to(value, 2**53)


def _count_field(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: a count (an int >= 0, not a bool) up to 2**53.

    Past 2**53 a count has no exact float, and past 4,300 digits no ``str``: ``repr`` and
    ``describe`` of the estimate failed for a huge int. One given otherwise than as an int
    (``1e308``) is handed on as given by the converter (``_count_in``) and named so here, not as
    the '<int of about 309 digits>' it reads as.
    """
    if type(value) is not int and type(count_value(value)) is int:
        raise ConfigError(
            f"{attribute.name} must be a count up to 2**53, got {type_name(value)} "
            f"{safe_repr(value)}"
        )
    count_field(_instance, attribute, value)
    if value > _MAX_COUNT:  # a count, too large: a ValueError
        raise ConfigError(f"{attribute.name} must be a count up to 2**53, got {safe_repr(value)}")


def estimate_pairs(value: Any) -> tuple[tuple[str, Estimate], ...]:
    """attrs converter: ``(name, Estimate)`` pairs as a tuple, refusing anything else.

    For the ``estimates`` of an [EstimateMapping][servicemodel.kpi._estimate.EstimateMapping]:
    another value would fail later, when the mapping is read.

    Examples:
        >>> estimate_pairs([("mean", Estimate("x", None, 0))])[0][0]
        'mean'
        >>> estimate_pairs(["mean"])
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: estimates: expected (name, Estimate) pairs, got str ...
    """
    pairs = as_tuple(value, "estimates")
    for pair in pairs:
        if not (
            isinstance(pair, tuple)
            and len(pair) == 2
            and isinstance(pair[0], str)
            and isinstance(pair[1], Estimate)
        ):
            raise InputTypeError(
                f"estimates: expected (name, Estimate) pairs, got {type(pair).__name__} "
                f"{safe_repr(pair)}"
            )
    return pairs


#: The named count of the partial histories an estimate left out (``kpi.LeaveOutPartial``).
LEFT_OUT = "left_out"


def _exact(method: str) -> bool:
    """Whether an estimate made by ``method`` is exact, so has no interval by nature.

    ``"count"`` is an exact count (a backlog); ``""`` is an estimate made by hand, whose maker
    said nothing about an interval. A note after ``;`` (partial histories left out) is
    ignored.
    """
    return method.split(";", 1)[0].strip() in ("", "count")


@attrs.frozen(repr=False)
class Estimate:
    """A statistic with its sample size and a confidence interval.

    ``value`` is ``None`` when there is nothing to estimate (``n == 0``, or a mean of one
    value has no interval); it is never a made-up 0. ``lower``/``upper`` are ``None`` when no
    finite bound exists at this ``level`` for this ``n``. When both exist,
    ``lower <= value <= upper``. Units: ``"share"`` is a fraction in [0, 1] shown as a
    percentage; ``"points"`` is NPS points in [-100, 100]; time units (``"s"``, ``"min"``...)
    and ``""`` are plain numbers. ``missing`` counts inputs excluded from ``n`` (unanswered
    surveys, tickets never replied to); ``counts`` keeps the named counts behind the value
    (e.g. promoters/passives/detractors) so estimates can be compared later; ``se`` is the
    standard error used by [compare][servicemodel.kpi.compare] (``None`` if it has none).
    A number not allowed (a NaN or infinite value, bound or ``se``, a count past 2**53, bounds
    that do not contain the value) is a [`ConfigError`][servicemodel.errors.ConfigError]; a
    value of another type (text, a bool) an [`InputTypeError`][servicemodel.errors.InputTypeError].

    Examples:
        >>> Estimate("NPS", 34.2, 812, lower=30.1, upper=38.3, method="nps-adjusted-wald",
        ...          unit="points")
        NPS 34.2 ±4.1 (n=812, 95 %)
    """

    metric: str = attrs.field(validator=instance_of(str))
    value: float | None = attrs.field(validator=_finite_or_none)
    n: int = attrs.field(converter=_count_in, validator=_count_field)
    lower: float | None = attrs.field(default=None, kw_only=True, validator=_finite_or_none)
    upper: float | None = attrs.field(default=None, kw_only=True, validator=_finite_or_none)
    level: float = attrs.field(default=0.95, kw_only=True, converter=level_value)
    method: str = attrs.field(default="", kw_only=True, validator=instance_of(str))
    unit: str = attrs.field(default="", kw_only=True, validator=instance_of(str))
    missing: int = attrs.field(default=0, kw_only=True, converter=_count_in, validator=_count_field)
    counts: tuple[tuple[str, int], ...] = attrs.field(default=(), kw_only=True, converter=_counts)
    se: float | None = attrs.field(default=None, kw_only=True, validator=_finite_or_none)

    @level.validator
    def _level_ok(self, _attribute: Any, level: float) -> None:
        check_level(level)

    def __attrs_post_init__(self) -> None:
        v = self.value
        if v is not None and (
            (self.lower is not None and self.lower > v)
            or (self.upper is not None and self.upper < v)
        ):
            raise ConfigError(
                f"{self.metric}: interval [{self.lower}, {self.upper}] does not contain {v}"
            )

    @property
    def half_width(self) -> float | None:
        """Half the interval width, or ``None`` if a bound is missing.

        Examples:
            >>> Estimate("x", 1.0, 9, lower=0.5, upper=1.5).half_width
            0.5
        """
        if self.lower is None or self.upper is None:
            return None
        return (self.upper - self.lower) / 2

    def count(self, name: str) -> int:
        """Return the named count behind the value (e.g. ``"promoters"``).

        Examples:
            >>> proportion(3, 4, metric="CSAT").count("successes")
            3
        """
        if not isinstance(name, str):
            # Compared with ==, an array answered with an array, which ``if`` refused bare.
            raise InputTypeError(
                f"{self.metric}: a count's name is text, got {type(name).__name__} "
                f"{safe_repr(name)}; it has {[k for k, _ in self.counts]}"
            )
        for key, value in self.counts:
            if key == name:
                return value
        known = [k for k, _ in self.counts]
        raise UnknownKeyError(f"{self.metric} has no count {safe_repr(name)}; it has {known}")

    def _text(self) -> tuple[str, str, str]:
        """Return (value, interval, context) strings shared by repr and html."""
        # The level only where there is an interval: an exact count (a backlog) has none. An
        # estimate whose interval could not be had (a median of five, a mean of one) shows
        # "[?, ?]", as a missing bound shows "?" and as the report prints it, so that it is
        # never read as an exact count.
        bounded = self.lower is not None or self.upper is not None
        exact = not bounded and _exact(self.method)
        shown = bounded or (self.value is not None and not exact)
        level = f", {level_percent(self.level)} %" if shown else ""
        context = f"(n={self.n}{level})" + (f" missing={self.missing}" if self.missing else "")
        left_out = dict(self.counts).get(LEFT_OUT, 0)  # partial histories: kpi.LeaveOutPartial
        if left_out:
            context += f" left_out={left_out}"
        if self.value is None:
            return "–", "", context
        value = _fmt(self.value, self.unit) + _suffix(self.value, self.unit)
        if exact:
            return value, "", context
        if self.lower is None or self.upper is None:
            lo = "?" if self.lower is None else _fmt(self.lower, self.unit)
            hi = "?" if self.upper is None else _fmt(self.upper, self.unit)
            return value, f"[{lo}, {hi}]", context
        lower, upper = _fmt(self.lower, self.unit), _fmt(self.upper, self.unit)
        half = (self.upper - self.lower) / 2
        # "±" only where it gives back the bounds as printed: a lopsided interval (Wilson,
        # a median's order statistics) is never shown as a symmetric one.
        if (
            _fmt(self.value - half, self.unit) == lower
            and _fmt(self.value + half, self.unit) == upper
        ):
            return value, f"±{_fmt(half, self.unit)}", context
        return value, f"[{lower}, {upper}]", context

    def __repr__(self) -> str:
        value, interval, context = self._text()
        return " ".join(part for part in (self.metric, value, interval, context) if part)

    def describe(self) -> str:
        """Return the estimate in plain words, as notebook tooltips show it.

        Examples:
            >>> proportion(82, 100, metric="CSAT").describe()
            'CSAT 82.0 % (95 % CI 73.3 to 88.3 %), n=100'
            >>> proportion(0, 0, metric="CSAT").describe()
            'CSAT: no value, n=0'
            >>> Estimate("FCR", None, 0, missing=2, counts=[("left_out", 2)]).describe()
            'FCR: no value, n=0, 2 missing (2 left out: partial history)'
        """
        if self.value is None:
            head = f"{self.metric}: no value"
        else:
            head = f"{self.metric} {self._plain(self.value)} ({self._interval_words()})"
        tail = f", {self.missing} missing" if self.missing else ""
        left_out = dict(self.counts).get(LEFT_OUT, 0)
        if left_out:
            tail += f" ({left_out} left out: partial history)"
        return f"{head}, n={self.n}{tail}"

    def _plain(self, x: float) -> str:
        return _fmt(x, self.unit) + _suffix(x, self.unit)

    def _interval_words(self) -> str:
        level = f"{level_percent(self.level)} % CI"
        lo, hi = self.lower, self.upper
        if lo is not None and hi is not None:
            # "to", not a dash: a dash reads as a minus sign next to a negative NPS bound.
            return f"{level} {_fmt(lo, self.unit)} to {self._plain(hi)}"
        if lo is not None:
            return f"{level} from {self._plain(lo)}, no upper bound"
        if hi is not None:
            return f"{level} up to {self._plain(hi)}, no lower bound"
        if self.method.split(";", 1)[0].strip() == "count":
            return "exact count"
        return f"no {level}"

    def _repr_html_(self) -> str:
        import html

        value, interval, context = self._text()
        method = f"; interval: {self.method}" if self.method else ""
        title = html.escape(self.describe() + method, quote=True)
        return (
            f'<span class="servicemodel-estimate" title="{title}">'
            f"<b>{html.escape(self.metric)}</b> {html.escape(value)} "
            f"<small>{html.escape(interval)} {html.escape(context)}</small></span>"
        )

    def to_record(self) -> dict[str, Any]:
        """Return a flat ``dict`` (one row of a table); counts become ``count_<name>`` keys.

        Examples:
            >>> proportion(3, 4, metric="CSAT").to_record()["count_successes"]
            3
        """
        record: dict[str, Any] = {
            "metric": self.metric,
            "value": self.value,
            "lower": self.lower,
            "upper": self.upper,
            "n": self.n,
            "missing": self.missing,
            "level": self.level,
            "method": self.method,
            "unit": self.unit,
            "se": self.se,
        }
        for name, value in self.counts:
            record[f"count_{name}"] = value
        return record


#: The largest count a proportion takes (as the Wilson interval): its shares are floats.
_MAX_COUNT = 2**53


def _bounded_count(value: Any, name: str, prefix: str = "") -> int:
    """``as_count(value, name)`` up to 2**53, refused showing ``value`` as given (a float
    column's 1e+300, not the 301-digit int it reads as)."""
    count = as_count(value, name)
    if count > _MAX_COUNT:  # a count, too large: a ValueError
        raise ConfigError(f"{prefix}{name} must be a count up to 2**53, got {safe_repr(value)}")
    return count


def proportion(
    successes: int,
    n: int,
    *,
    metric: str = "proportion",
    level: float = 0.95,
    missing: int = 0,
) -> Estimate:
    """Return a proportion ``successes / n`` with its Wilson score interval.

    ``n == 0`` gives an estimate with ``value=None`` and no ``se``. The ``se`` is the
    Agresti–Caffo adjusted one, ``sqrt(p̃(1-p̃)/(n+2))`` with ``p̃ = (successes+1)/(n+2)``,
    so it is never 0 and comparisons of 0 % against 0 % stay defined. Each count (``missing``
    too) is a whole number: an int, a numpy int or a whole float such as 45.0 (as a frame's
    column gives); a bool, NaN, 2.5 or text is an
    [`InputTypeError`][servicemodel.errors.InputTypeError] naming it, and a count past 2**53
    or ``successes`` over ``n`` a [`ConfigError`][servicemodel.errors.ConfigError] (a
    ``ValueError``) naming it.

    Examples:
        >>> proportion(45, 50, metric="resolution rate")
        resolution rate 90.0 % [78.6, 95.7] (n=50, 95 %)
        >>> proportion(0, 0).value is None
        True
    """
    given = (successes, n)  # shown as given: 1e+308, not the 309-digit int it reads as
    successes = as_count(successes, "successes")  # numpy ints and whole floats read as ints
    # Past 2**53 the share would not convert to a float (an OverflowError).
    n = _bounded_count(n, "n", f"{metric}: ")
    missing = _bounded_count(missing, "missing")
    if not successes <= n:  # counts that contradict each other: a ValueError
        raise ConfigError(
            f"{metric}: need 0 <= successes <= n, got {safe_repr(given[0])} of "
            f"{safe_repr(given[1])}"
        )
    counts = (("successes", successes), ("failures", n - successes))
    p_adj = (successes + 1) / (n + 2)
    se = math.sqrt(p_adj * (1 - p_adj) / (n + 2))
    common: dict[str, Any] = {
        "level": level,
        "method": "wilson",
        "unit": "share",
        "missing": missing,
        "counts": counts,
    }
    if n == 0:  # no value, so no standard error of one
        return Estimate(metric, None, 0, **common)
    lo, hi = wilson_interval(successes, n, level)
    return Estimate(metric, successes / n, n, lower=lo, upper=hi, se=se, **common)


def _mean_inputs(
    n: Any, mean: Any, m2: Any, bounds: Any
) -> tuple[int, float, float, tuple[float, float] | None]:
    """Return ``mean_estimate``'s ``n`` as an int, mean, ``m2`` and bounds as floats, or raise.

    ``n`` is a count, the mean and bounds finite numbers; ``m2`` any float: inf or NaN (a
    sketch's spread of values near the float maximum) leaves the interval out.
    """
    n = _bounded_count(n, "n")  # past 2**53, n - 1 and n would not convert to floats
    m2_float = real_number(m2, "m2", finite=False)
    if bounds is not None:
        ends = as_tuple(bounds, "bounds")
        if len(ends) != 2:
            raise InputTypeError(f"bounds: expected (low, high), got {safe_repr(bounds)}")
        bounds = (real_number(ends[0], "bounds[0]"), real_number(ends[1], "bounds[1]"))
    return n, real_number(mean, "mean"), m2_float, bounds


def mean_estimate(
    n: int,
    mean: float,
    m2: float,
    *,
    metric: str = "mean",
    level: float = 0.95,
    unit: str = "",
    missing: int = 0,
    bounds: tuple[float, float] | None = None,
) -> Estimate:
    """Return a mean with Student's t interval from ``n``, the mean and ``m2 = Σ(x - mean)²``.

    ``n == 0`` gives no value; ``n == 1`` gives the value with no interval. ``bounds`` (e.g. a
    rating scale's ends) clips the interval to values the mean can take.

    Examples:
        >>> mean_estimate(4, 2.5, 5.0, metric="CES")  # values 1, 2, 3, 4
        CES 2.5 ±2.054 (n=4, 95 %)
    """
    n, mean, m2, bounds = _mean_inputs(n, mean, m2, bounds)
    missing = _bounded_count(missing, "missing")
    if n == 0:
        return Estimate(metric, None, 0, level=level, method="t", unit=unit, missing=missing)
    if n == 1:
        return Estimate(metric, mean, 1, level=level, method="t", unit=unit, missing=missing)
    # m2 is inf when Σ(x − mean)² is beyond the float range (values near 1e154 and more):
    # then the standard error and the bounds it gives are not finite, and are left out (None)
    # rather than reported as inf or NaN.
    se = math.sqrt(m2 / (n - 1) / n) if not m2 <= 0 else 0.0  # NaN stays NaN
    half = t_quantile(0.5 + check_level(level) / 2, n - 1) * se
    lo, hi = mean - half, mean + half
    if bounds is not None:
        lo, hi = max(lo, min(bounds[0], mean)), min(hi, max(bounds[1], mean))
    return Estimate(
        metric,
        mean,
        n,
        lower=lo if math.isfinite(lo) else None,
        upper=hi if math.isfinite(hi) else None,
        level=level,
        method="t",
        unit=unit,
        missing=missing,
        se=se if math.isfinite(se) else None,
    )


def _estimate_like(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: an estimate (duck-typed, as ``compare`` takes it: a value and an se)."""
    if not (hasattr(value, "value") and hasattr(value, "se")):
        raise InputTypeError(
            f"Comparison.{attribute.name}: expected an Estimate, got {type(value).__name__} "
            f"{safe_repr(value)}"
        )


#: A Comparison's numbers: ``z`` is an infinity when the standard error is 0.
_NUMBER = instance_of((int, float))


@attrs.frozen(repr=False)
class Comparison:
    """The change from estimate ``a`` to estimate ``b``: ``difference = b - a``, its interval and p.

    The test is the two-sample z test ``z = Δ / sqrt(SE_a² + SE_b²)`` with a two-sided p-value;
    the interval is ``Δ ± z_level · sqrt(SE_a² + SE_b²)`` (so it excludes 0 exactly when
    ``p < 1 - level``).

    Examples:
        >>> c = compare(proportion(80, 100), proportion(90, 100))
        >>> round(c.difference, 2), c.significant
        (0.1, True)
        >>> c
        proportion change +10.0 % [0.1, 19.9] p=0.0475 (95 %)
    """

    metric: str = attrs.field(validator=instance_of(str))
    a: Estimate = attrs.field(validator=_estimate_like)
    b: Estimate = attrs.field(validator=_estimate_like)
    difference: float = attrs.field(validator=_NUMBER)
    lower: float = attrs.field(validator=_NUMBER)
    upper: float = attrs.field(validator=_NUMBER)
    se: float = attrs.field(validator=_NUMBER)
    z: float = attrs.field(validator=_NUMBER)
    p_value: float = attrs.field(validator=_NUMBER)
    # The one rule of a level: any real number, as the decimal it prints as.
    level: float = attrs.field(default=0.95, converter=level_value, validator=level_field)
    unit: str = attrs.field(default="", validator=instance_of(str))
    basis: str = attrs.field(default="estimates' standard errors", validator=instance_of(str))

    def __repr__(self) -> str:
        def f(x: float) -> str:
            return _fmt(x, self.unit)

        suffix = _UNIT_SUFFIX.get(self.unit, f" {self.unit}")
        return (
            f"{self.metric} change {'+' if self.difference >= 0 else ''}{f(self.difference)}"
            f"{suffix} [{f(self.lower)}, {f(self.upper)}] p={self.p_value:.3g} "
            f"({level_percent(self.level)} %)"
        )

    @property
    def significant(self) -> bool:
        """Whether ``p_value < 1 - level`` (the interval excludes 0).

        Examples:
            >>> compare(proportion(5, 10), proportion(6, 10)).significant
            False
        """
        return self.p_value < 1 - self.level

    def to_record(self) -> dict[str, Any]:
        """Return a flat ``dict`` with the difference, its interval, z and p.

        Examples:
            >>> sorted(compare(proportion(5, 10), proportion(6, 10)).to_record())[:4]
            ['a', 'b', 'basis', 'difference']
        """
        return {
            "metric": self.metric,
            "a": self.a.value,
            "b": self.b.value,
            "difference": self.difference,
            "lower": self.lower,
            "upper": self.upper,
            "se": self.se,
            "z": self.z,
            "p_value": self.p_value,
            "level": self.level,
            "unit": self.unit,
            "basis": self.basis,
        }


def _compare_hint(value: Any) -> str:
    """What to compare instead of a summary of times (a mapping of statistics).

    Examples:
        >>> _compare_hint({"mean": 1})
        "; pick one statistic of each (summary['mean']), or test whether two groups' times differ with logrank(a, b) on their survival accumulators"
        >>> _compare_hint(3)
        ''
    """  # noqa: E501
    try:  # a TimeSummary (or a dict of estimates); any other value: no hint
        statistics = tuple(value.keys())
    except Exception:
        return ""
    if "mean" not in statistics:
        return ""
    return (
        "; pick one statistic of each (summary['mean']), or test whether two groups' times "
        "differ with logrank(a, b) on their survival accumulators"
    )


def _no_se_hint(a: Any, b: Any) -> str:
    """Why one side cannot be compared: no value (nothing measured), a percentile (its
    interval has no standard error), or an exact count (no sampling error at all).

    Examples:
        >>> p50 = Estimate("t", 1.0, 9, method="order-statistic (exact, nearest-rank)")
        >>> print(_no_se_hint(p50, p50).split(":")[0])
         (a percentile's interval comes from order statistics or a survival curve and has no standard error
        >>> backlog = Estimate("backlog", 3.0, 9, method="count")
        >>> print(_no_se_hint(backlog, backlog))
         (an exact count has no sampling error to test)
    """  # noqa: E501
    if a.value is None or b.value is None:
        return " (a side without a value has nothing measured: n=0 or every record missing)"
    methods = (str(getattr(a, "method", "")), str(getattr(b, "method", "")))
    if any(m.startswith(("order-statistic", "kaplan-meier")) for m in methods):
        return (
            " (a percentile's interval comes from order statistics or a survival curve and "
            "has no standard error: compare the means, or test whether two groups' times "
            "differ with logrank(a, b) on their survival accumulators)"
        )
    if "count" in methods:
        return " (an exact count has no sampling error to test)"
    return ""


def compare(a: Any, b: Any, *, level: float = 0.95) -> Comparison:
    """Compare two independent estimates (or accumulators): did it change from ``a`` to ``b``?

    Works for any two estimates of the same unit that carry a standard error: NPS, proportions
    (Agresti–Caffo adjusted SE) and means. Accumulators are turned into estimates with their
    default ``result()``.

    Two NPS are compared on one basis, the Wald basis (``basis="wald"``): the difference of
    the observed scores, each side's standard error ``100·sqrt((p + d - (p - d)²)/n)`` from
    its promoter and detractor shares, and the interval and z test from those, so the
    interval is centred on the difference and excludes 0 exactly when the test rejects. (Each
    NPS alone keeps its adjusted-Wald interval, Rocks 2016; mixing the two bases, as this
    function did before, gave an interval and test for a difference other than the one shown.)

    Examples:
        >>> from servicemodel.kpi import NPS
        >>> before = NPS.empty().add_many([10] * 40 + [8] * 30 + [3] * 30)
        >>> after = NPS.empty().add_many([10] * 55 + [8] * 25 + [3] * 20)
        >>> c = compare(before, after)
        >>> round(c.difference, 1), round(c.p_value, 3), c.basis
        (25.0, 0.029, 'wald')
    """
    # Over 60 lines for its docstring (the NPS basis) and checks; the arithmetic is 15 lines.
    # Duck-typed on purpose: an accumulator is anything with result(), an estimate anything
    # with value/se/unit (so estimates survive module reloads and pickling across versions).
    if type(a) is type(b) and hasattr(a, "_merge_params") and hasattr(a, "result"):
        # Two accumulators that would not merge (CES 2.0 and CES 1.0, two CSAT scales) measure
        # different things: their difference is no change of one score.
        mine, theirs = a._merge_params(), b._merge_params()
        if mine != theirs:
            # Named as merge names them (only those that differ, by field), not as tuples.
            # Two accumulators of the right type whose parameters differ: a ValueError.
            raise ConfigError(
                f"cannot compare {type(a).__name__} accumulators with different parameters: "
                + _parameter_differences(mine, theirs, left=a, right=b)
            )
    ea = a.result() if hasattr(a, "result") and not hasattr(a, "se") else a
    eb = b.result() if hasattr(b, "result") and not hasattr(b, "se") else b
    for original, est in ((a, ea), (b, eb)):
        if not all(hasattr(est, name) for name in ("value", "se", "unit", "metric")):
            raise InputTypeError(
                f"compare needs Estimates or accumulators, got {type(original).__name__} "
                f"{safe_repr(original)}{_compare_hint(original)}"
            )
    # Estimates of the right type, but not two that can be compared: a ValueError.
    if ea.unit != eb.unit:
        raise ConfigError(f"cannot compare {ea.unit!r} with {eb.unit!r} estimates")
    if ea.value is None or eb.value is None or ea.se is None or eb.se is None:
        raise ConfigError(
            f"compare needs a value and a standard error on both sides: {ea!r} vs {eb!r}"
            + _no_se_hint(ea, eb)
        )
    diff = eb.value - ea.value
    wald = _nps_wald_se(ea), _nps_wald_se(eb)
    if wald[0] is not None and wald[1] is not None:
        se, basis = math.sqrt(wald[0] ** 2 + wald[1] ** 2), "wald"
    else:
        se, basis = math.sqrt(ea.se**2 + eb.se**2), "estimates' standard errors"
    z_stat = diff / se if se > 0 else (0.0 if diff == 0 else math.copysign(math.inf, diff))
    # erfc keeps small p-values: 2·(1 − Φ(|z|)) is exactly 0 from |z| ≈ 8.3 on.
    p_value = math.erfc(abs(z_stat) / math.sqrt(2)) if math.isfinite(z_stat) else 0.0
    half = z_for_level(level) * se
    lo, hi = diff - half, diff + half
    bound = {"share": 1.0, "points": 200.0}.get(ea.unit)
    if bound is not None:
        lo, hi = max(lo, -bound), min(hi, bound)
    metric = ea.metric if ea.metric == eb.metric else f"{ea.metric} vs {eb.metric}"
    return Comparison(
        metric=metric,
        a=ea,
        b=eb,
        difference=diff,
        lower=lo,
        upper=hi,
        se=se,
        z=z_stat,
        p_value=min(1.0, max(0.0, p_value)),
        level=level,
        unit=ea.unit,
        basis=basis,
    )


def _nps_wald_se(est: Any) -> float | None:
    """The Wald standard error of an NPS estimate from its counts (None: not an NPS)."""
    counts = dict(getattr(est, "counts", ()))
    if getattr(est, "unit", "") != "points" or not {"promoters", "detractors"} <= set(counts):
        return None
    n = est.n
    if not n:
        return None
    p, d = counts["promoters"] / n, counts["detractors"] / n
    return 100 * math.sqrt(max(0.0, p + d - (p - d) ** 2) / n)


class EstimateMapping(Mapping[str, Estimate]):
    """Mixin: a result read as a mapping ``{"median": Estimate, "p90": Estimate, ...}``.

    The class holds its figures in order as ``estimates``, a tuple of ``(name, Estimate)``
    pairs (a tuple keeps the frozen value hashable and its order stable).
    """

    __slots__ = ()

    if TYPE_CHECKING:  # every subclass defines it; declared here for the type checker only
        estimates: tuple[tuple[str, Estimate], ...]

    def __getitem__(self, name: str) -> Estimate:
        if not isinstance(name, str):  # == with an array answers an array, which `if` refuses
            raise UnknownKeyError(f"no estimate {safe_repr(name)}; the names are {list(self)}")
        for key, est in self.estimates:
            if key == name:
                return est
        # Name what there is: a percentile not asked for (``"p95"``) is the usual miss.
        raise UnknownKeyError(f"no estimate {safe_repr(name)}; the names are {list(self)}")

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self.estimates)

    def __len__(self) -> int:
        return len(self.estimates)
