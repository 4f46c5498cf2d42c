"""Private: one standard's values -- response targets, quality benchmarks, verdicts, shortfall.

A [`ResponseStandard`][servicemodel.standards.ResponseStandard] is a promise about time ("90 %
of email first replies within 8 business hours"); a
[`QualityBenchmark`][servicemodel.standards.QualityBenchmark] a level of a quality KPI ("CSAT at
least 85 %"). Two functions judge a measured estimate against a threshold the same way for
every kind of standard: [`verdict`][servicemodel.standards.verdict] and
[`shortfall`][servicemodel.standards.shortfall].

Examples:
    >>> from servicemodel.kpi import Estimate
    >>> e = Estimate("CSAT", 0.87, 400, lower=0.83, upper=0.90, unit="share")
    >>> verdict(e, ">=", 0.85).value, verdict(e, ">=", 0.80).value
    ('at_risk', 'met')
"""

from __future__ import annotations

import enum
import math
import sys
from datetime import timedelta
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import is_bool, percent_hint, real_number
from servicemodel._validators import instance_of
from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.goals import Comparator, EstimateLike
from servicemodel.model import Priority
from servicemodel.model._shared import normalize_channel, pasteable
from servicemodel.sla import Metric, Target
from servicemodel.sla._shared import format_duration, parse_duration, read_optional_calendar

__all__ = [
    "QUALITY_METRICS",
    "QualityBenchmark",
    "QualityMetric",
    "ResponseStandard",
    "Verdict",
    "shortfall",
    "verdict",
]


@pasteable
class Verdict(enum.StrEnum):
    """How a measured value stands against its standard.

    ``met``: the value *and its whole confidence interval* meet the standard. ``at_risk``: the
    value meets it but the interval reaches past the threshold (or has no bound on that side),
    so the data cannot rule out that the true value misses it. ``missed``: the value itself
    misses it. ``no_data``: nothing to measure (``n == 0``).

    Examples:
        >>> Verdict.AT_RISK.rank > Verdict.MISSED.rank
        True
    """

    MET = "met"
    AT_RISK = "at_risk"
    MISSED = "missed"
    NO_DATA = "no_data"

    @property
    def rank(self) -> int:
        """3 met, 2 at risk, 1 missed, 0 no data: higher is better.

        Examples:
            >>> Verdict.MET.rank
            3
        """
        return {"met": 3, "at_risk": 2, "missed": 1, "no_data": 0}[self.value]


def _comparator(value: Any) -> Comparator:
    if not isinstance(value, str):  # a Comparator is a str
        raise InputTypeError(
            f"comparator: expected one of {[c.value for c in Comparator]}, got "
            f"{type(value).__name__} {safe_repr(value)}"
        )
    try:
        return Comparator(value)
    except ValueError:  # text not allowed: a ValueError
        raise ConfigError(
            f"comparator: expected one of {[c.value for c in Comparator]}, got {safe_repr(value)}"
        ) from None


def verdict(estimate: EstimateLike, comparator: Comparator | str, threshold: float) -> Verdict:
    """Judge ``estimate`` against ``comparator threshold`` (see [`Verdict`][servicemodel.standards.Verdict]).

    For a higher-is-better standard (``>=``, ``>``) the interval's lower bound must meet the
    threshold for ``met``; for a lower-is-better one (``<=``, ``<``) its upper bound. The
    verdict is monotone in the threshold: asking more never gives a better verdict.

    Examples:
        >>> from servicemodel.kpi import Estimate
        >>> verdict(Estimate("reopen", 0.07, 900, lower=0.055, upper=0.087), "<=", 0.06).value
        'missed'
        >>> verdict(Estimate("x", None, 0), ">=", 0.5).value
        'no_data'
    """  # noqa: E501
    cmp = _comparator(comparator)
    threshold = real_number(threshold, "threshold", error=ConfigError)
    if not hasattr(estimate, "value"):
        raise InputTypeError(
            f"estimate: expected an Estimate, got {type(estimate).__name__} {safe_repr(estimate)}"
        )
    value = _number_or_none(estimate.value, estimate)
    if value is None:
        return Verdict.NO_DATA
    if not cmp.holds(value, threshold):
        return Verdict.MISSED
    bound = _number_or_none(estimate.upper if cmp.lower_is_better else estimate.lower, estimate)
    if bound is None or not cmp.holds(bound, threshold):
        return Verdict.AT_RISK
    return Verdict.MET


def shortfall(
    value: float, comparator: Comparator | str, threshold: float, worst: float | None
) -> float:
    """How far ``value`` falls short of the standard, as a fraction comparable across metrics.

    The shortfall is the distance from the threshold toward the metric's worst possible value,
    divided by the whole way from the threshold to that worst value: ``(threshold - value) /
    (threshold - worst)`` for a higher-is-better standard, ``(value - threshold) / (worst -
    threshold)`` for a lower-is-better one. 0 is exactly at the standard, 1 is the worst
    value the metric can take; a negative shortfall is a margin (the standard is beaten).
    For shares whose worst is 0 (CSAT, FCR, SLA attainment) this is the *relative shortfall*
    ``(threshold - value) / threshold``. A metric without a worst value (``worst=None``:
    times, which have no upper end) uses the relative overrun ``(value - threshold) /
    threshold``. A shortfall past the float range (1e308 against -1e308) is a
    ``ConfigError`` naming the numbers, never an infinity.

    ``worst`` lies on the missing side of the threshold: below it for a higher-is-better
    standard, above it for a lower-is-better one. A worst value on the other side (1 for a
    ``>= 0.9`` share, which gave 0.8 a shortfall of 1, "the worst value") or at the
    threshold is a ``ConfigError`` naming the numbers. So for a value between the worst and
    the threshold the shortfall is in ``(0, 1]``, and it grows as the value moves away from
    the threshold.

    Examples:
        >>> round(shortfall(0.81, ">=", 0.9, worst=0.0), 4)  # CSAT 81 % against 90 %
        0.1
        >>> round(shortfall(30, ">=", 40, worst=-100), 4)  # NPS 30 against 40
        0.0714
        >>> shortfall(3.0, "<=", 2.0, worst=None)  # 3 h against 2 h
        0.5
        >>> shortfall(0.8, ">=", 0.9, worst=1.0)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: the worst value 1.0 lies above the threshold 0.9 of a '>=' standard; the worst value of a higher-is-better standard lies below its threshold
    """  # noqa: E501
    cmp = _comparator(comparator)
    value = real_number(value, "value", error=ConfigError)
    threshold = real_number(threshold, "threshold", error=ConfigError)
    worst = None if worst is None else real_number(worst, "worst", error=ConfigError)
    if worst is not None and worst != threshold and (worst < threshold) == cmp.lower_is_better:
        side, better, where = (
            ("below", "lower", "above") if cmp.lower_is_better else ("above", "higher", "below")
        )
        raise ConfigError(
            f"the worst value {safe_repr(worst)} lies {side} the threshold {safe_repr(threshold)} "
            f"of a {cmp.value!r} standard; the worst value of a {better}-is-better standard "
            f"lies {where} its threshold"
        )
    raw = value - threshold if cmp.lower_is_better else threshold - value
    span = abs(threshold - worst) if worst is not None else abs(threshold)
    if span == 0 or not math.isfinite(span):  # numbers that contradict each other: a ValueError
        raise ConfigError(
            f"a threshold of {safe_repr(threshold)} leaves no room between the standard and "
            f"the worst value {safe_repr(worst)}"
        )
    out = raw / span
    if not math.isfinite(out):  # 1e308 against -1e308: the distance passed the float range
        raise ConfigError(
            f"the shortfall of {safe_repr(value)} from the threshold {safe_repr(threshold)} "
            f"(worst value {safe_repr(worst)}) is beyond the float range"
        )
    return out


@attrs.frozen
class QualityMetric:
    """A quality KPI a benchmark may name: its direction, unit and scale ends.

    Examples:
        >>> QUALITY_METRICS["reopen_rate"].comparator
        <Comparator.LE: '<='>
    """

    name: str
    comparator: Comparator
    unit: str
    worst: float
    best: float
    label: str


#: The quality KPIs a benchmark can name, with their direction (CSAT ≥, reopen ≤, ...).
QUALITY_METRICS: dict[str, QualityMetric] = {
    m.name: m
    for m in (
        # Each rating judged on its own scale (Ratings.satisfied_share): 4-5 of 1-5, good of
        # good/bad, 6-7 of 1-7.
        QualityMetric("csat", Comparator.GE, "share", 0.0, 1.0, "CSAT (share satisfied)"),
        QualityMetric("nps", Comparator.GE, "points", -100.0, 100.0, "NPS"),
        QualityMetric("fcr", Comparator.GE, "share", 0.0, 1.0, "first contact resolution"),
        QualityMetric("reopen_rate", Comparator.LE, "share", 1.0, 0.0, "reopen rate"),
        QualityMetric("resolution_rate", Comparator.GE, "share", 0.0, 1.0, "resolution rate"),
    )
}


def _channel_or_none(value: Any) -> str | None:
    return None if value is None else normalize_channel(value)


def _number_or_none(x: Any, estimate: Any) -> float | None:
    """An estimate's value or bound: a number, or ``None``; anything else is no estimate."""
    if x is None:
        return None
    if is_bool(x) or not isinstance(x, int | float):
        raise InputTypeError(
            f"estimate: expected an Estimate (numbers or None as value and bounds), got "
            f"{type(estimate).__name__} {safe_repr(estimate)}"
        )
    return float(x)


def _quality_metric(value: Any) -> str:
    if not isinstance(value, str) or value not in QUALITY_METRICS:
        raise ConfigError(
            f"unknown quality metric {safe_repr(value)}; expected one of {sorted(QUALITY_METRICS)}",
            path="metric",
        )
    return str(value)


def _share(value: Any, path: str) -> float:
    """A share in (0, 1] that a standard can be measured against.

    A share closer to 0 than the smallest normal float (a subnormal, 5e-324) is refused: a
    standard's shortfall divides by its distance from the worst value 0, and the margin of
    any attainment past it would be beyond the float range.

    Examples:
        >>> _share(0.9, "attainment")
        0.9
        >>> _share(5e-324, "attainment")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: attainment: expected a share in (0, 1] of at least 2.2250738585072014e-308 (the smallest normal float: a standard's shortfall divides by it), got 5e-324
    """  # noqa: E501
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ConfigError(f"expected a share in (0, 1], got {safe_repr(value)}", path=path)
    if value < sys.float_info.min:
        raise ConfigError(
            f"expected a share in (0, 1] of at least {sys.float_info.min!r} (the smallest "
            f"normal float: a standard's shortfall divides by it), got {safe_repr(value)}",
            path=path,
        )
    return float(value)


def _attainment(value: Any) -> float:
    return _share(value, "attainment")


def _priority(value: Any) -> Priority | None:
    return None if value is None else Priority.parse(value)


def _metric(value: Any) -> Metric:
    try:
        return Metric(value)
    except ValueError:
        raise ConfigError(
            f"unknown response metric {safe_repr(value)}; expected one of "
            f"{[m.value for m in Metric]}",
            path="metric",
        ) from None


def _within(value: Any) -> timedelta:
    return parse_duration(value, path="within")


@attrs.frozen
class ResponseStandard:
    """A response-time standard: on ``channel``, ``metric`` within ``within`` for a share of tickets.

    ``priority`` is ``None`` for the channel's default (every priority without its own
    standard). ``attainment`` is the share of clocks that must stop within the target (SLA
    attainment, achieved / (achieved + breached)); ``business`` counts business hours on the
    standards' calendar (or ``calendar``, this standard's own); ``False`` counts every hour.

    Examples:
        >>> s = ResponseStandard("email", "first_reply", "8h", attainment=0.9)
        >>> s.target
        Target(metric=<Metric.FIRST_REPLY: 'first_reply'>, within=datetime.timedelta(seconds=28800), business=True, calendar=None)
        >>> s.describe()
        'first_reply within 8h (business hours) for 90 % of tickets'
    """  # noqa: E501

    channel: str = attrs.field(converter=normalize_channel)
    metric: Metric = attrs.field(converter=_metric)
    within: timedelta = attrs.field(converter=_within)
    priority: Priority | None = attrs.field(default=None, converter=_priority, kw_only=True)
    attainment: float = attrs.field(default=0.9, converter=_attainment, kw_only=True)
    business: bool = attrs.field(default=True, validator=instance_of(bool), kw_only=True)
    calendar: BusinessCalendar | None = attrs.field(
        default=None, converter=read_optional_calendar, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        # Its target refuses the pair (an SLA target's rule): say so here, where it is built,
        # not when the standards are compiled or measured.
        if not self.business and self.calendar is not None:
            raise ConfigError(
                "a standard in calendar time (business=False) cannot also name a calendar",
                path="calendar",
            )

    @property
    def target(self) -> Target:
        """The SLA target this standard compiles to.

        Examples:
            >>> ResponseStandard("chat", "first_reply", "2m", business=False).target.business
            False
        """
        return Target(self.metric, self.within, self.business, self.calendar)

    def describe(self) -> str:
        """One line: what the standard asks for.

        Examples:
            >>> ResponseStandard("chat", "resolution", "1d", priority="urgent").describe()
            'resolution within 1d (business hours) for 90 % of urgent tickets'
        """
        base = "business hours" if self.business else "calendar time"
        which = f"{self.priority.value} tickets" if self.priority else "tickets"
        return (
            f"{self.metric.value} within {format_duration(self.within)} ({base}) "
            f"for {100 * self.attainment:g} % of {which}"
        )


#: What a threshold of each unit is, for messages ("csat is a share in [0, 1]"), and an
#: example of a valid one.
_UNIT_WORDS: dict[str, tuple[str, str, str]] = {
    "share": ("a share", "share", "0.85 for 85 %"),
    "points": ("a score in points", "score", "30"),
}


def _off_scale(metric: str, spec: QualityMetric, value: Any, x: float) -> str:
    """The message for a threshold ``value`` (read as ``x``) off the metric's scale.

    Examples:
        >>> _off_scale("csat", QUALITY_METRICS["csat"], 85, 85.0)
        'csat is a share in [0, 1], got 85 (for 85 %, write 0.85)'
        >>> _off_scale("nps", QUALITY_METRICS["nps"], math.nan, math.nan)
        'nps is a score in points in [-100, 100], got nan: NaN is not a score; write a number in [-100, 100], such as 30'
    """  # noqa: E501
    low, high = sorted((spec.worst, spec.best))
    article, noun, example = _UNIT_WORDS.get(spec.unit, (f"a {spec.unit}", spec.unit, ""))
    text = f"{metric} is {article} in [{low:g}, {high:g}], got {safe_repr(value)}"
    if math.isnan(x):
        such = f", such as {example}" if example else ""
        return f"{text}: NaN is not a {noun}; write a number in [{low:g}, {high:g}]{such}"
    if spec.unit == "share":
        # A percentage written for a share: say which share it means, as everywhere.
        return f"{text}{percent_hint(x)}"
    return text


@attrs.frozen
class QualityBenchmark:
    """A quality benchmark: ``metric`` at least (or at most) ``threshold`` on ``channel``.

    The direction belongs to the metric (see ``QUALITY_METRICS``): CSAT, NPS, FCR and the
    resolution rate must reach the threshold, the reopen rate must stay at or below it.
    ``channel`` ``None`` means all channels together. Shares are fractions (0.85 for 85 %).

    Examples:
        >>> QualityBenchmark(None, "csat", 0.85).describe()
        'csat >= 0.85'
        >>> QualityBenchmark("email", "csat", 85)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: threshold: csat is a share in [0, 1], got 85 (for 85 %, write 0.85)
    """  # noqa: E501

    channel: str | None = attrs.field(converter=_channel_or_none)
    metric: str = attrs.field(converter=_quality_metric)
    threshold: float = attrs.field()

    @threshold.validator
    def _check(self, _attribute: Any, value: Any) -> None:
        spec = QUALITY_METRICS[self.metric]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"expected a number, got {safe_repr(value)}", path="threshold")
        # Read as a float: math.isfinite and the hint's x / 100 overflowed for a huge int.
        x = real_number(value, "threshold", error=ConfigError, finite=False)
        low, high = sorted((spec.worst, spec.best))
        if not (math.isfinite(x) and low <= x <= high):
            raise ConfigError(_off_scale(self.metric, spec, value, x), path="threshold")
        if value == spec.worst:
            raise ConfigError(
                f"{self.metric} {spec.comparator.value} {value:g} always holds: it is the worst "
                "value the metric can take",
                path="threshold",
            )
        if abs(x - spec.worst) < sys.float_info.min:  # a subnormal distance: see _share
            raise ConfigError(
                f"{self.metric} {spec.comparator.value} {safe_repr(value)} lies closer to the "
                f"worst value {spec.worst:g} than the smallest normal float "
                f"{sys.float_info.min!r}: its shortfall, which divides by that distance, "
                "could not be measured",
                path="threshold",
            )

    @property
    def spec(self) -> QualityMetric:
        """The metric's direction, unit and scale.

        Examples:
            >>> QualityBenchmark(None, "nps", 30).spec.unit
            'points'
        """
        return QUALITY_METRICS[self.metric]

    def describe(self) -> str:
        """One line: what the benchmark asks for.

        Examples:
            >>> QualityBenchmark("chat", "reopen_rate", 0.06).describe()
            'reopen_rate <= 0.06'
        """
        return f"{self.metric} {self.spec.comparator.value} {self.threshold:g}"
