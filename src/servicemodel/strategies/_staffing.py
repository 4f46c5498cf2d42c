"""Hypothesis strategies for staffing inputs: workloads and Erlang targets.

Examples:
    >>> from hypothesis import find
    >>> find(workloads(), lambda w: True)
    Workload(calls=0.0, interval=1800.0, aht=180.0)
    >>> find(staffing_targets(), lambda t: True)
    ServiceLevelTarget(fraction=0.8, within=20.0)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.staffing import (
    MAX_TRAFFIC,
    AbandonmentTarget,
    AsaTarget,
    OccupancyTarget,
    ServiceLevelTarget,
    Workload,
)
from servicemodel.strategies._args import flag, names

__all__ = ["staffing_targets", "workloads"]

# Planning intervals and handle times a contact centre uses, the commonest first (so a
# workload shrinks to half an hour of 180-second contacts), then any whole second up to an hour.
_INTERVALS = st.sampled_from((1800, 900, 3600))
_AHTS = st.one_of(st.sampled_from((180, 300, 60, 600)), st.integers(1, 3600))
# A share in (0, 1]: the usual targets first, then any float there (0 is no target).
_SHARE = st.floats(min_value=0.0, max_value=1.0, exclude_min=True)
_LEAST_CALLS = 0.01


def _positive_number(fn: str, name: str, value: Any, most: float) -> float:
    """``value`` as a finite float above zero and at most ``most`` (a bool is no number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputTypeError(f"{fn}: {name} must be a number, got {safe_repr(value)}")
    if not (math.isfinite(value) and 0 < value <= most):
        raise ConfigError(f"{fn}: {name} must be above 0 and at most {most:g}, got {value!r}")
    return float(value)


def workloads(
    *, max_traffic: float = 100.0, allow_no_calls: bool = True
) -> st.SearchStrategy[Workload]:
    """Valid staffing [`Workload`][servicemodel.staffing.Workload]s of at most ``max_traffic`` Erlangs.

    An interval of 30, 15 or 60 minutes, a handle time of whole seconds up to an hour, and a
    number of calls (whole, or now and then a fractional forecast of at least 0.01) whose offered
    load stays at or below ``max_traffic``. The whole numbers start at 0: an interval with no
    calls (a night, a closed half hour) is a valid workload of offered load 0, which needs no
    agents. ``allow_no_calls=False`` draws at least some calls (a load above 0), as Hypothesis'
    ``allow_*`` options leave out an edge. Shrinks to no calls of 180 s in half an hour (with
    ``allow_no_calls=False``, to one call).

    Examples:
        >>> from hypothesis import given
        >>> @given(workloads(max_traffic=5))
        ... def check(w):
        ...     assert 0 <= w.traffic <= 5
        >>> check()
        >>> @given(workloads(max_traffic=5, allow_no_calls=False))
        ... def busy(w):
        ...     assert 0 < w.traffic <= 5
        >>> busy()
    """  # noqa: E501
    most = _positive_number("workloads", "max_traffic", max_traffic, MAX_TRAFFIC)
    least = 0 if flag("workloads", "allow_no_calls", allow_no_calls) else 1

    @st.composite
    def build(draw: st.DrawFn) -> Workload:
        interval = draw(_INTERVALS)
        aht = draw(_AHTS)
        limit = most * interval / aht  # the most calls within max_traffic
        top = math.floor(limit)
        whole = st.integers(least, top) if top >= least else st.nothing()
        # A forecast's fraction of a call, but not a subnormal one whose load underflows to 0.
        part = st.floats(min_value=min(_LEAST_CALLS, limit), max_value=limit)
        calls = draw(whole | part)
        workload = Workload(calls=calls, interval=interval, aht=aht)
        while workload.traffic > most:  # a float product rounded up past the bound
            workload = Workload(math.nextafter(workload.calls, 0.0), interval, aht)
        return workload

    strategy: st.SearchStrategy[Workload] = build()
    return strategy


#: The targets ``staffing_targets()`` draws; ``AbandonmentTarget`` is Erlang A's only.
_TARGET_KINDS = (ServiceLevelTarget, AsaTarget, OccupancyTarget, AbandonmentTarget)
# The usual pairs as one draw (a target of the first kind takes no more choices than the
# others', so it is the simplest), then any share within any whole second up to an hour.
_SERVICE_LEVELS = st.one_of(
    st.sampled_from(
        (
            ServiceLevelTarget(0.8, 20),
            ServiceLevelTarget(0.9, 30),
            ServiceLevelTarget(0.95, 60),
            ServiceLevelTarget(0.5, 15),
        )
    ),
    st.builds(ServiceLevelTarget, _SHARE, st.integers(0, 3600)),
)
_DRAWS: dict[type, st.SearchStrategy[Any]] = {
    ServiceLevelTarget: _SERVICE_LEVELS,
    AsaTarget: st.builds(
        AsaTarget,
        st.one_of(
            st.sampled_from((30, 10, 60)),
            st.floats(min_value=0.0, max_value=3600.0, exclude_min=True),
        ),
    ),
    OccupancyTarget: st.builds(
        OccupancyTarget, st.one_of(st.sampled_from((0.85, 0.8, 0.9)), _SHARE)
    ),
    AbandonmentTarget: st.builds(
        AbandonmentTarget, st.one_of(st.sampled_from((0.05, 0.1, 0.02)), _SHARE)
    ),
}


def staffing_targets(
    *, kinds: Sequence[type] = (ServiceLevelTarget, AsaTarget, OccupancyTarget)
) -> st.SearchStrategy[Any]:
    """Valid staffing targets of the given ``kinds``: what ``required_agents`` is asked to meet.

    ``kinds`` holds target classes: ``ServiceLevelTarget``, ``AsaTarget`` and
    ``OccupancyTarget`` by default (Erlang C's), and ``AbandonmentTarget`` for Erlang A
    (``required_agents_erlang_a`` takes all four). Values are the usual ones first (80 % in
    20 s, an ASA of 30 s, 85 % occupancy, 5 % abandonment), then any share in (0, 1] and any
    time up to an hour, so a target may be one no staff meets (100 % in 0 s): ``required_agents``
    refuses that with a ``StaffingError``. Shrinks to the first kind's usual value.

    Examples:
        >>> from hypothesis import given
        >>> from servicemodel.staffing import AsaTarget
        >>> @given(staffing_targets(kinds=[AsaTarget]))
        ... def check(target):
        ...     assert 0 < target.seconds <= 3600
        >>> check()
    """
    fn = "staffing_targets"
    chosen = names(fn, "kinds", kinds, kind=object, what="target classes")
    for cls in chosen:
        if cls not in _DRAWS:
            known = ", ".join(c.__name__ for c in _TARGET_KINDS)
            error = ConfigError if isinstance(cls, type) else InputTypeError
            raise error(f"{fn}: kinds holds {safe_repr(cls)}; known: {known}")
    strategy: st.SearchStrategy[Any] = st.one_of([_DRAWS[c] for c in dict.fromkeys(chosen)])
    return strategy
