"""Estimates with confidence intervals, and the interval formulas behind them.

Everything here is pure standard library: the normal quantile comes from
``statistics.NormalDist().inv_cdf``, Student's t from a closed form or the Cornish-Fisher
expansion (Abramowitz & Stegun 26.7.5), binomial probabilities from ``math.lgamma``.

Examples:
    >>> est = proportion(81, 263, metric="CSAT")
    >>> round(est.lower, 4), round(est.upper, 4)
    (0.2553, 0.3662)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from statistics import NormalDist
from typing import Any

import attrs

from servicemodel.errors import InputTypeError, MissingExtraError

__all__ = [
    "Comparison",
    "Estimate",
    "compare",
    "estimates_to_frame",
    "estimates_to_records",
    "mean_estimate",
    "nps_interval",
    "order_statistic_ranks",
    "proportion",
    "t_quantile",
    "wilson_interval",
    "z_for_level",
]

_STD_NORMAL = NormalDist()


def _check_level(level: float) -> float:
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 < level < 1:
        raise InputTypeError(f"level must be a number strictly between 0 and 1, got {level!r}")
    return float(level)


def z_for_level(level: float = 0.95) -> float:
    """Return the two-sided standard-normal critical value for a confidence ``level``.

    Examples:
        >>> round(z_for_level(0.95), 4)
        1.96
    """
    return _STD_NORMAL.inv_cdf(0.5 + _check_level(level) / 2)


def _t_abs_cdf(t: float, df: int) -> float:
    """Return ``P(|T| <= t)`` for integer ``df`` (Abramowitz & Stegun 26.7.3 and 26.7.4)."""
    theta = math.atan(t / math.sqrt(df))
    c2 = math.cos(theta) ** 2
    if df % 2 == 1:
        if df == 1:
            return 2 * theta / math.pi
        term, total = 1.0, 1.0
        for k in range(2, df - 1, 2):
            term *= c2 * k / (k + 1)
            total += term
        return 2 / math.pi * (theta + math.sin(theta) * math.cos(theta) * total)
    term, total = 1.0, 1.0
    for k in range(1, df - 2, 2):
        term *= c2 * k / (k + 1)
        total += term
    return math.sin(theta) * total


def t_quantile(p: float, df: int) -> float:
    """Return the ``p`` quantile of Student's t with ``df`` degrees of freedom.

    Starts from the Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5) and, for
    ``df <= 300``, polishes it with Newton steps on the exact integer-df distribution function
    (A&S 26.7.3/26.7.4); beyond that the expansion alone is accurate to better than 1e-9.

    Examples:
        >>> round(t_quantile(0.975, 10), 6)
        2.228139
    """
    if not 0 < p < 1:
        raise InputTypeError(f"p must be strictly between 0 and 1, got {p!r}")
    if isinstance(df, bool) or not isinstance(df, int) or df < 1:
        raise InputTypeError(f"df must be an int >= 1, got {df!r}")
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    z = _STD_NORMAL.inv_cdf(p)
    v = float(df)
    z2 = z * z
    g1 = (z2 + 1) * z / 4
    g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
    g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
    g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
    t = z + g1 / v + g2 / v**2 + g3 / v**3 + g4 / v**4
    if df > 300:
        return t
    log_norm = math.lgamma((v + 1) / 2) - math.lgamma(v / 2) - 0.5 * math.log(v * math.pi)
    for _ in range(6):
        cdf = 0.5 + math.copysign(_t_abs_cdf(abs(t), df), t) / 2
        pdf = math.exp(log_norm - (v + 1) / 2 * math.log1p(t * t / v))
        step = (cdf - p) / pdf
        t -= step
        if abs(step) < 1e-12 * max(1.0, abs(t)):
            break
    return t


def wilson_interval(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Return the Wilson (1927) score interval for ``successes`` out of ``n``.

    The interval always contains ``successes / n`` and stays within [0, 1]. ``n`` must be > 0.

    Examples:
        >>> lo, hi = wilson_interval(81, 263)
        >>> f"{lo:.4f}-{hi:.4f}"
        '0.2553-0.3662'
    """
    if n <= 0 or not 0 <= successes <= n:
        raise InputTypeError(f"need 0 <= successes <= n and n > 0, got {successes!r} of {n!r}")
    z = z_for_level(level)
    p = successes / n
    z2n = z * z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(p * (1 - p) / n + z2n / (4 * n))
    # Rounding can push a bound a hair past p at p = 0 or 1; the interval must contain p.
    return max(0.0, min(centre - half, p)), min(1.0, max(centre + half, p))


def nps_interval(
    promoters: int, detractors: int, n: int, level: float = 0.95
) -> tuple[float, float, float]:
    """Return the adjusted-Wald NPS interval (Rocks 2016) as ``(lower, upper, se)`` in points.

    Add ¾ to promoters and ¾ to detractors and 3 to ``n``, then use the variance of a
    difference of proportions, ``p + d - (p - d)²``; the bounds are clipped to [-100, 100].
    ``se`` is the adjusted standard error in points. The caller widens the interval to include
    the observed NPS if a small-sample extreme needs it.

    Examples:
        >>> lo, hi, se = nps_interval(50, 20, 100)
        >>> f"{lo:.1f} {hi:.1f}"
        '14.1 44.2'
    """
    if n < 0 or promoters < 0 or detractors < 0 or promoters + detractors > n:
        raise InputTypeError(f"bad NPS counts: {promoters=}, {detractors=}, {n=}")
    z = z_for_level(level)
    n_adj = n + 3
    p = (promoters + 0.75) / n_adj
    d = (detractors + 0.75) / n_adj
    se = math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n_adj)
    centre = p - d
    return (
        100 * max(-1.0, centre - z * se),
        100 * min(1.0, centre + z * se),
        100 * se,
    )


def _binomial_cdf_window(n: int, q: float) -> tuple[int, list[float]]:
    """Return ``(k0, cdf)`` with ``cdf[i] = P(B <= k0 + i)`` for B ~ Bin(n, q) near its mode."""
    if q <= 0.0:
        return 0, [1.0]
    if q >= 1.0:
        return n, [0.0, 1.0] if n > 0 else [1.0]
    sd = math.sqrt(n * q * (1 - q))
    # Beyond 12 standard deviations (plus a margin for small n) the mass is below 1e-30.
    width = int(12 * sd) + 40
    mode = int(n * q)
    k0, k1 = max(0, mode - width), min(n, mode + width)
    log_q, log_1q = math.log(q), math.log1p(-q)
    lg_n = math.lgamma(n + 1)
    cdf: list[float] = []
    total = 0.0
    for k in range(k0, k1 + 1):
        total += math.exp(
            lg_n - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * log_q + (n - k) * log_1q
        )
        cdf.append(total)
    if k0 == 0 and k1 == n:
        # Renormalise the full support so rounding cannot leave the last value below 1.
        cdf = [c / total for c in cdf]
    return k0, cdf


def order_statistic_ranks(n: int, q: float, level: float = 0.95) -> tuple[int | None, int | None]:
    """Return 1-based ranks ``(l, u)`` with ``P(x_(l) <= ξ_q <= x_(u)) >= level``.

    Distribution-free (binomial) interval for the ``q`` quantile ``ξ_q`` of a continuous
    distribution: with B ~ Bin(n, q), coverage is ``P(l <= B <= u - 1)``. ``l`` is the largest
    rank with ``P(B <= l - 1) <= α/2`` and ``u`` the smallest with ``P(B <= u - 1) >= 1 - α/2``;
    ``None`` means no rank is far enough out for this ``n`` (the bound is unbounded).

    Examples:
        >>> order_statistic_ranks(100, 0.5)  # the textbook ranks 40 and 61 for a median
        (40, 61)
    """
    alpha = 1 - _check_level(level)
    if n <= 0:
        return None, None
    k0, cdf = _binomial_cdf_window(n, q)

    def cdf_at(k: int) -> float:  # P(B <= k)
        if k < k0:
            return 0.0
        i = k - k0
        return cdf[i] if i < len(cdf) else 1.0

    # Both conditions are monotone in the rank, so binary searches find the extreme ranks.
    lo, hi = 0, n  # invariant: ranks <= lo satisfy the lower condition (0 = none), > hi don't
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if cdf_at(mid - 1) <= alpha / 2:
            lo = mid
        else:
            hi = mid - 1
    lower = lo if lo >= 1 else None
    lo, hi = 1, n + 1  # smallest rank meeting the upper condition; n + 1 = none
    while lo < hi:
        mid = (lo + hi) // 2
        if cdf_at(mid - 1) >= 1 - alpha / 2:
            hi = mid
        else:
            lo = mid + 1
    upper = lo if lo <= n else None
    return lower, upper


def _fmt(value: float, unit: str) -> str:
    if unit == "share":
        return f"{100 * value:.1f}"
    if unit == "points":
        return f"{value:.1f}"
    if value != 0 and (abs(value) >= 1e6 or abs(value) < 1e-2):
        return f"{value:.3g}"
    return f"{value:.4g}" if abs(value) < 100 else f"{value:.0f}"


_UNIT_SUFFIX = {"share": " %", "points": "", "": ""}


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

    Examples:
        >>> Estimate("NPS", 34.2, 812, lower=30.1, upper=38.3, method="nps-adjusted-wald",
        ...          unit="points")
        NPS 34.2 ±4.1 (n=812, 95 %)
    """

    metric: str = attrs.field(validator=attrs.validators.instance_of(str))
    value: float | None = attrs.field(
        validator=attrs.validators.optional(attrs.validators.instance_of((float, int)))
    )
    n: int = attrs.field(validator=[attrs.validators.instance_of(int), attrs.validators.ge(0)])
    lower: float | None = attrs.field(default=None, kw_only=True)
    upper: float | None = attrs.field(default=None, kw_only=True)
    level: float = attrs.field(default=0.95, kw_only=True)
    method: str = attrs.field(default="", kw_only=True)
    unit: str = attrs.field(default="", kw_only=True)
    missing: int = attrs.field(default=0, kw_only=True, validator=attrs.validators.ge(0))
    counts: tuple[tuple[str, int], ...] = attrs.field(default=(), kw_only=True, converter=tuple)
    se: float | None = attrs.field(default=None, kw_only=True)

    @level.validator
    def _level_ok(self, _attribute: Any, level: float) -> None:
        _check_level(level)

    def __attrs_post_init__(self) -> None:
        v = self.value
        if v is not None and isinstance(v, float) and math.isnan(v):
            raise InputTypeError(f"{self.metric}: value is NaN; use None for 'no value'")
        if v is not None and (
            (self.lower is not None and self.lower > v)
            or (self.upper is not None and self.upper < v)
        ):
            raise InputTypeError(
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
        for key, value in self.counts:
            if key == name:
                return value
        raise KeyError(f"{self.metric} has no count {name!r}; it has {[k for k, _ in self.counts]}")

    def _text(self) -> tuple[str, str, str]:
        """Return (value, interval, context) strings shared by repr and html."""
        level = f"{100 * self.level:g} %"
        context = f"(n={self.n}, {level})" + (f" missing={self.missing}" if self.missing else "")
        if self.value is None:
            return "–", "", context
        suffix = _UNIT_SUFFIX.get(self.unit, f" {self.unit}")
        value = _fmt(self.value, self.unit) + suffix
        if self.lower is None and self.upper is None:
            return value, "", context
        if self.lower is None or self.upper is None:
            lo = "?" if self.lower is None else _fmt(self.lower, self.unit)
            hi = "?" if self.upper is None else _fmt(self.upper, self.unit)
            return value, f"[{lo}, {hi}]", context
        below, above = self.value - self.lower, self.upper - self.value
        width = self.upper - self.lower
        if abs(above - below) <= 0.05 * width:
            return value, f"±{_fmt(width / 2, self.unit)}", context
        return value, f"[{_fmt(self.lower, self.unit)}, {_fmt(self.upper, self.unit)}]", context

    def __repr__(self) -> str:
        value, interval, context = self._text()
        return " ".join(part for part in (self.metric, value, interval, context) if part)

    def _repr_html_(self) -> str:
        import html

        value, interval, context = self._text()
        title = html.escape(f"{self.method}; {self.to_record()}", quote=True)
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


def proportion(
    successes: int,
    n: int,
    *,
    metric: str = "proportion",
    level: float = 0.95,
    missing: int = 0,
) -> Estimate:
    """Return a proportion ``successes / n`` with its Wilson score interval.

    ``n == 0`` gives an estimate with ``value=None``. The ``se`` is the Agresti–Caffo adjusted
    one, ``sqrt(p̃(1-p̃)/(n+2))`` with ``p̃ = (successes+1)/(n+2)``, so it is never 0 and
    comparisons of 0 % against 0 % stay defined.

    Examples:
        >>> proportion(45, 50, metric="resolution rate")
        resolution rate 90.0 % [78.6, 95.7] (n=50, 95 %)
        >>> proportion(0, 0).value is None
        True
    """
    if isinstance(successes, bool) or isinstance(n, bool):
        raise InputTypeError(f"counts must be ints, got {successes!r} and {n!r}")
    if not 0 <= successes <= n:
        raise InputTypeError(f"{metric}: need 0 <= successes <= n, got {successes} of {n}")
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
    if n == 0:
        return Estimate(metric, None, 0, se=se, **common)
    lo, hi = wilson_interval(successes, n, level)
    return Estimate(metric, successes / n, n, lower=lo, upper=hi, se=se, **common)


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
    if n == 0:
        return Estimate(metric, None, 0, level=level, method="t", unit=unit, missing=missing)
    if n == 1:
        return Estimate(metric, mean, 1, level=level, method="t", unit=unit, missing=missing)
    se = math.sqrt(max(m2, 0.0) / (n - 1) / n)
    half = t_quantile(0.5 + _check_level(level) / 2, n - 1) * se
    lo, hi = mean - half, mean + half
    if bounds is not None:
        lo, hi = max(lo, min(bounds[0], mean)), min(hi, max(bounds[1], mean))
    return Estimate(
        metric,
        mean,
        n,
        lower=lo,
        upper=hi,
        level=level,
        method="t",
        unit=unit,
        missing=missing,
        se=se,
    )


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

    metric: str
    a: Estimate
    b: Estimate
    difference: float
    lower: float
    upper: float
    se: float
    z: float
    p_value: float
    level: float = 0.95
    unit: str = ""

    def __repr__(self) -> str:
        def f(x: float) -> str:
            return _fmt(x, self.unit)

        suffix = _UNIT_SUFFIX.get(self.unit, f" {self.unit}")
        return (
            f"{self.metric} change {'+' if self.difference >= 0 else ''}{f(self.difference)}"
            f"{suffix} [{f(self.lower)}, {f(self.upper)}] p={self.p_value:.3g} "
            f"({100 * self.level:g} %)"
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
            >>> sorted(compare(proportion(5, 10), proportion(6, 10)).to_record())[:3]
            ['a', 'b', 'difference']
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
        }


def compare(a: Any, b: Any, *, level: float = 0.95) -> Comparison:
    """Compare two independent estimates (or accumulators): did it change from ``a`` to ``b``?

    Works for any two estimates of the same unit that carry a standard error: NPS (adjusted-Wald
    SE, Rocks 2016), proportions (Agresti–Caffo adjusted SE) and means. Accumulators are turned
    into estimates with their default ``result()``.

    Examples:
        >>> from servicemodel.kpi import NPS
        >>> before = NPS.empty().add_many([10] * 40 + [8] * 30 + [3] * 30)
        >>> after = NPS.empty().add_many([10] * 55 + [8] * 25 + [3] * 20)
        >>> c = compare(before, after)
        >>> round(c.difference, 1), round(c.p_value, 3)
        (25.0, 0.027)
    """
    # Duck-typed on purpose: an accumulator is anything with result(), an estimate anything
    # with value/se/unit (so estimates survive module reloads and pickling across versions).
    ea = a.result() if hasattr(a, "result") and not hasattr(a, "se") else a
    eb = b.result() if hasattr(b, "result") and not hasattr(b, "se") else b
    for original, est in ((a, ea), (b, eb)):
        if not all(hasattr(est, name) for name in ("value", "se", "unit", "metric")):
            raise InputTypeError(
                f"compare needs Estimates or accumulators, got {type(original).__name__} "
                f"{original!r}"
            )
    if ea.unit != eb.unit:
        raise InputTypeError(f"cannot compare {ea.unit!r} with {eb.unit!r} estimates")
    if ea.value is None or eb.value is None or ea.se is None or eb.se is None:
        raise InputTypeError(
            f"compare needs a value and a standard error on both sides: {ea!r} vs {eb!r}"
        )
    diff = eb.value - ea.value
    se = math.sqrt(ea.se**2 + eb.se**2)
    z_stat = diff / se if se > 0 else (0.0 if diff == 0 else math.copysign(math.inf, diff))
    p_value = 2 * (1 - _STD_NORMAL.cdf(abs(z_stat))) if math.isfinite(z_stat) else 0.0
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
    )


def _items(
    estimates: Mapping[Any, Estimate] | Iterable[Estimate],
) -> Iterable[tuple[Any, Estimate]]:
    if isinstance(estimates, Mapping):
        return estimates.items()
    return ((None, e) for e in estimates)


def estimates_to_records(
    estimates: Mapping[Any, Estimate] | Iterable[Estimate],
    *,
    key: str | Sequence[str] = "segment",
) -> list[dict[str, Any]]:
    """Return one flat ``dict`` per estimate; mapping keys become a ``key`` column.

    A tuple key (e.g. ``(channel, week)``) is spread over several columns when ``key`` is a
    sequence of names of the same length. A plain iterable of estimates gets no key column.

    Examples:
        >>> recs = estimates_to_records({"email": proportion(8, 10), "chat": proportion(9, 10)},
        ...                             key="channel")
        >>> [(r["channel"], r["value"]) for r in recs]
        [('email', 0.8), ('chat', 0.9)]
    """
    records: list[dict[str, Any]] = []
    is_mapping = isinstance(estimates, Mapping)
    for k, est in _items(estimates):
        if not hasattr(est, "to_record"):
            raise InputTypeError(f"expected Estimate values, got {type(est).__name__} {est!r}")
        row: dict[str, Any] = {}
        if is_mapping:
            if isinstance(key, str):
                row[key] = k
            else:
                parts = tuple(k) if isinstance(k, tuple) else (k,)
                if len(parts) != len(key):
                    raise InputTypeError(f"key {k!r} does not match columns {list(key)!r}")
                row.update(zip(key, parts, strict=True))
        row.update(est.to_record())
        records.append(row)
    return records


def estimates_to_frame(
    estimates: Mapping[Any, Estimate] | Iterable[Estimate],
    *,
    key: str | Sequence[str] = "segment",
) -> Any:
    """Return a pandas ``DataFrame`` with one row per estimate (see ``estimates_to_records``).

    Raises ``MissingExtraError`` when pandas is not installed.

    Examples:
        >>> frame = estimates_to_frame({"email": proportion(8, 10)}, key="channel")
        >>> list(frame["channel"])
        ['email']
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - pandas is in the dev venv
        raise MissingExtraError("pandas", "estimates_to_frame") from exc
    return pd.DataFrame.from_records(estimates_to_records(estimates, key=key))
