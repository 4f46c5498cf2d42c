"""Hypothesis strategies for service standards: response standards and quality benchmarks.

Examples:
    >>> from hypothesis import find
    >>> find(quality_benchmarks(), lambda b: True)
    QualityBenchmark(channel=None, metric='csat', threshold=0.85)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import InputTypeError
from servicemodel.model import KNOWN_CHANNELS, Priority, Status
from servicemodel.sla import Metric
from servicemodel.standards import (
    QUALITY_METRICS,
    QualityBenchmark,
    ResponseStandard,
    ServiceStandards,
)
from servicemodel.strategies._args import MOST, names, strategy, whole

__all__ = ["quality_benchmarks", "response_standards", "service_standards"]

_CHANNELS = ("email", "chat", "phone", "web")
_PRIORITIES = st.none() | st.sampled_from(list(Priority))
# A standard refuses a share closer to its worst value 0 than the smallest normal float.
_ATTAINMENTS = st.one_of(
    st.sampled_from((0.9, 0.8, 0.95)), st.floats(min_value=sys.float_info.min, max_value=1.0)
)
#: A usual threshold for each quality metric: what a benchmark shrinks to.
_USUAL = {"csat": 0.85, "nps": 30.0, "fcr": 0.7, "reopen_rate": 0.05, "resolution_rate": 0.9}


def _channels(fn: str, value: Any) -> tuple[str, ...]:
    from servicemodel.model._shared import normalize_channel

    out = names(fn, "channels", value)
    for channel in out:
        try:
            normalize_channel(channel)
        except (ValueError, TypeError) as exc:
            raise InputTypeError(f"{fn}: channels holds {safe_repr(channel)}: {exc}") from None
    return out


def _metrics(fn: str, value: Any) -> tuple[Metric, ...]:
    known = [m.value for m in Metric]
    return tuple(Metric(m) for m in names(fn, "metrics", value, allowed=[*known, *Metric]))


def _calendar_draws(fn: str, calendars: Any) -> st.SearchStrategy[BusinessCalendar]:
    from servicemodel.strategies._sla import _OFFICE_HOURS

    strategy(fn, "calendars", calendars)
    return st.sampled_from(_OFFICE_HOURS) if calendars is None else calendars


def _checked_calendar(fn: str, value: Any) -> BusinessCalendar:
    if not isinstance(value, BusinessCalendar):
        raise InputTypeError(f"{fn}: calendars drew {safe_repr(value)}, not a BusinessCalendar")
    return value


def response_standards(
    *,
    channels: Sequence[str] = _CHANNELS,
    metrics: Sequence[Metric | str] = tuple(Metric),
    max_hours: int = 72,
    calendars: st.SearchStrategy[BusinessCalendar] | None = None,
) -> st.SearchStrategy[ResponseStandard]:
    """Valid [`ResponseStandard`][servicemodel.standards.ResponseStandard]s on ``channels``.

    A metric of ``metrics`` within a duration up to ``max_hours`` (whole quarter hours first),
    for every priority or one, met by a share of tickets (90 %, 80 %, 95 %, or any share), in
    business or calendar time, on the standards' calendar or now and then one of its own (a few
    office calendars, or ``calendars``, your strategy). Shrinks to first reply on ``email``
    within 15 minutes for 90 % of tickets.

    Examples:
        >>> from hypothesis import given
        >>> @given(response_standards(channels=["chat"], metrics=["first_reply"]))
        ... def check(standard):
        ...     assert standard.target.metric.value == "first_reply"
        >>> check()
    """
    return _response_standards("response_standards", channels, metrics, max_hours, calendars)


def _response_standards(
    fn: str, channels: Any, metrics: Any, max_hours: Any, calendars: Any
) -> st.SearchStrategy[ResponseStandard]:
    """``response_standards`` whose errors name ``fn``, the strategy the user called.

    ``service_standards`` draws its response standards here, so a wrong ``calendars`` it
    passes on is said to be its own option (it was reported as ``response_standards``').
    """
    from servicemodel.strategies._sla import _MOST_HOURS, _durations

    pool = st.sampled_from(_channels(fn, channels))
    chosen = st.sampled_from(_metrics(fn, metrics))
    within = _durations(whole(fn, "max_hours", max_hours, minimum=1, maximum=_MOST_HOURS))
    own = st.none() | _calendar_draws(fn, calendars)

    @st.composite
    def build(draw: st.DrawFn) -> ResponseStandard:
        channel, metric, time = draw(pool), draw(chosen), draw(within)
        priority, attainment = draw(_PRIORITIES), draw(_ATTAINMENTS)
        business = not draw(st.booleans())  # business hours, the default, first
        # Drawn either way, and dropped in calendar time (which counts every hour): a standard
        # with no draw for it would take fewer choices, so Hypothesis would shrink towards it.
        own_calendar = draw(own)
        calendar = own_calendar if business else None
        return ResponseStandard(
            channel,
            metric,
            time,
            priority=priority,
            attainment=attainment,
            business=business,
            calendar=None if calendar is None else _checked_calendar(fn, calendar),
        )

    drawn: st.SearchStrategy[ResponseStandard] = build()
    return drawn


def _thresholds(metric: str) -> st.SearchStrategy[float]:
    spec = QUALITY_METRICS[metric]
    low, high = sorted((spec.worst, spec.best))
    # The worst value is refused (the benchmark would always hold): it is left out, and so is
    # a threshold closer to it than the smallest normal float (only a worst value of 0 has
    # floats that close; its shortfall could not be measured).
    if spec.worst == low and low == 0:
        low = sys.float_info.min
    anywhere = st.floats(
        min_value=low,
        max_value=high,
        exclude_min=spec.worst == low,
        exclude_max=spec.worst == high,
    )
    return st.one_of(st.just(_USUAL[metric]), anywhere)


_THRESHOLDS = {metric: _thresholds(metric) for metric in QUALITY_METRICS}


def quality_benchmarks(
    *, channels: Sequence[str] = _CHANNELS, metrics: Sequence[str] = tuple(QUALITY_METRICS)
) -> st.SearchStrategy[QualityBenchmark]:
    """Valid [`QualityBenchmark`][servicemodel.standards.QualityBenchmark]s of ``metrics``.

    For all channels together or one of ``channels``, a threshold where the metric's values
    lie, never its worst value (a benchmark that always holds is refused): a usual one (CSAT
    0.85, NPS 30, FCR 0.7, reopen rate 0.05, resolution rate 0.9) or any. Shrinks to CSAT
    0.85 over all channels.

    Examples:
        >>> from hypothesis import given
        >>> @given(quality_benchmarks(metrics=["nps"]))
        ... def check(benchmark):
        ...     assert -100 < benchmark.threshold <= 100
        >>> check()
    """
    fn = "quality_benchmarks"
    where = st.none() | st.sampled_from(_channels(fn, channels))
    chosen = st.sampled_from(names(fn, "metrics", metrics, allowed=tuple(QUALITY_METRICS)))

    @st.composite
    def build(draw: st.DrawFn) -> QualityBenchmark:
        channel, metric = draw(where), draw(chosen)
        return QualityBenchmark(channel, metric, draw(_THRESHOLDS[metric]))

    drawn: st.SearchStrategy[QualityBenchmark] = build()
    return drawn


_PAUSES = st.sampled_from(
    (
        frozenset({Status.PENDING}),
        frozenset(),
        frozenset({Status.PENDING, Status.ON_HOLD}),
        frozenset({Status.ON_HOLD}),
    )
)
_NAMES = st.sampled_from(("Acme", "standards"))


def service_standards(
    *,
    channels: Sequence[str] = _CHANNELS,
    max_standards: int = 6,
    calendars: st.SearchStrategy[BusinessCalendar] | None = None,
) -> st.SearchStrategy[ServiceStandards]:
    """Valid [`ServiceStandards`][servicemodel.standards.ServiceStandards]: a team's standards.

    Up to ``max_standards`` response standards from
    [`response_standards`][servicemodel.strategies.response_standards] (at most one per
    channel, metric and priority) and up to ``max_standards`` quality benchmarks from
    [`quality_benchmarks`][servicemodel.strategies.quality_benchmarks] (one per channel and
    metric), on a calendar (a few office calendars, 24/7 first, or ``calendars``), pausing
    clocks while pending (or on hold, or never). A channel of ``channels`` outside the known
    ones is declared in ``extra_channels``. Shrinks to standards named ``Acme`` with none of
    either, 24/7, pausing while pending: ``ServiceStandards("Acme")``.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=20)
        ... @given(service_standards(channels=["email", "whatsapp"]))
        ... def check(standards):
        ...     assert ServiceStandards.from_dict(standards.to_dict()) == standards
        ...     assert len(standards.policies().policies) <= 2
        >>> check()
    """
    fn = "service_standards"
    pool = _channels(fn, channels)
    most = whole(fn, "max_standards", max_standards, maximum=MOST // 20)
    responses = st.lists(
        _response_standards(fn, pool, tuple(Metric), 72, calendars),
        max_size=most,
        unique_by=lambda s: (s.channel, s.metric, s.priority),
    )
    qualities = st.lists(
        quality_benchmarks(channels=pool),
        max_size=most,
        unique_by=lambda b: (b.channel, b.metric),
    )
    cals = _calendar_draws(fn, calendars)
    extra = tuple(c for c in pool if c not in KNOWN_CHANNELS)

    @st.composite
    def build(draw: st.DrawFn) -> ServiceStandards:
        name = draw(_NAMES)
        response, quality = draw(responses), draw(qualities)
        return ServiceStandards(
            name,
            response,
            quality,
            calendar=_checked_calendar(fn, draw(cals)),
            pause=draw(_PAUSES),
            extra_channels=extra,
        )

    drawn: st.SearchStrategy[ServiceStandards] = build()
    return drawn
