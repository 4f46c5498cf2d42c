"""Erlang A (M/M/N+M, Palm's queue with exponential patience): metrics and the smallest N."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import TypeAlias

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import instance_of
from servicemodel.errors import InputTypeError, StaffingError
from servicemodel.staffing._erlang import (
    _check_agents,
    _check_shrinkage,
    _check_traffic,
    _default_cap,
    _erlang_b_step,
    scheduled_agents,
)
from servicemodel.staffing._palm import PalmState, palm_state
from servicemodel.staffing._values import (
    MAX_AGENTS,
    AsaTarget,
    OccupancyTarget,
    ServiceLevelTarget,
    Workload,
    _figure,
    _maximum,
    _seconds,
    _unit_interval,
    _workload,
    agent_count,
    check_fields,
    check_metrics_agents,
    check_plan,
    positive_figure,
    seconds_figure,
    share,
    share_or_none,
    shrinkage_figure,
)


def _check_patience(patience: float | timedelta) -> float:
    value = _seconds(patience, "patience")
    if not (math.isfinite(value) and value > 0):
        raise StaffingError(
            f"patience must be a positive finite duration (mean time a customer waits before "
            f"giving up), got {safe_repr(patience)}; for customers who never give up use Erlang C"
        )
    return value


def _check_within(within: float | timedelta) -> float:
    seconds = _seconds(within, "within")
    if not (math.isfinite(seconds) and seconds >= 0):
        raise StaffingError(f"within must be a finite number ≥ 0, got {safe_repr(within)}")
    return seconds


@attrs.frozen
class AbandonmentTarget:
    """Keep the share of contacts that give up while waiting at or below ``maximum``.

    Examples:
        >>> AbandonmentTarget(maximum=0.05)
        AbandonmentTarget(maximum=0.05)
    """

    maximum: float = attrs.field(converter=_maximum, validator=_unit_interval)

    def is_met_by(self, metrics: ErlangAMetrics) -> bool:
        """Whether at most ``maximum`` of the contacts abandon under ``metrics``.

        Examples:
            >>> m = erlang_a_metrics(Workload(calls=100, interval=1800, aht=180), 14, patience=300)
            >>> AbandonmentTarget(maximum=0.02).is_met_by(m)
            True
        """
        return bool(_figure(metrics, "probability_of_abandoning") <= self.maximum)


ErlangATarget: TypeAlias = ServiceLevelTarget | AsaTarget | OccupancyTarget | AbandonmentTarget
_TARGET_TYPES = (ServiceLevelTarget, AsaTarget, OccupancyTarget, AbandonmentTarget)


@attrs.frozen
class ErlangAMetrics:
    """Erlang A steady-state figures for one workload, ``agents`` agents and a mean patience.

    ``service_level`` is the share of *all* contacts answered within ``within`` seconds
    (abandoned contacts count as not answered in time, as in
    [`SimulationSummary`][servicemodel.simulate.SimulationSummary]); ``asa`` is the mean wait of
    answered contacts and ``asa_all`` the mean wait of every contact, until answer or
    abandonment. ``occupancy`` is ``A·(1 − P(abandon)) / N``: only answered contacts keep agents
    busy. ``queue_length`` is the mean number waiting.

    With no calls nobody waits or gives up: the probabilities, ASAs and queue length are 0,
    the service level 1.0, and ``occupancy`` is 0.0 with agents and ``None`` with none (no
    agent time to be busy in), as in [`QueueMetrics`][servicemodel.staffing.QueueMetrics].

    Examples:
        >>> m = erlang_a_metrics(Workload(calls=100, interval=1800, aht=180), 14, patience=300)
        >>> round(m.probability_of_waiting, 4), round(m.probability_of_abandoning, 4)
        (0.1453, 0.014)
        >>> round(m.service_level, 4), round(m.asa, 2), round(m.occupancy, 4)
        (0.9168, 3.88, 0.7043)
    """

    agents: int
    traffic: float
    aht: float
    patience: float
    probability_of_waiting: float
    probability_of_abandoning: float
    within: float
    service_level: float
    asa: float
    asa_all: float
    occupancy: float | None
    queue_length: float
    _state: PalmState = attrs.field(repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        # What erlang_a_metrics gives by construction, so figures built by hand hold it too:
        # checked at once (the search builds figures per agent count), one by one to name
        # what fails.
        inf = math.inf
        if not (
            type(self.agents) is int
            and 0 <= self.agents <= MAX_AGENTS
            and type(self.traffic) is float
            and 0.0 <= self.traffic < inf
            and type(self.aht) is float
            and 0.0 < self.aht < inf
            and type(self.patience) is float
            and 0.0 < self.patience < inf
            and type(self.probability_of_waiting) is float
            and 0.0 <= self.probability_of_waiting <= 1.0
            and type(self.probability_of_abandoning) is float
            and 0.0 <= self.probability_of_abandoning <= 1.0
            and type(self.within) is float
            and 0.0 <= self.within < inf
            and type(self.service_level) is float
            and 0.0 <= self.service_level <= 1.0
            and type(self.asa) is float
            and 0.0 <= self.asa < inf
            and type(self.asa_all) is float
            and 0.0 <= self.asa_all < inf
            and type(self.occupancy) is float
            and 0.0 <= self.occupancy <= 1.0
            and type(self.queue_length) is float
            and 0.0 <= self.queue_length < inf
            and type(self._state) is PalmState
            and self.agents > 0
            and self.probability_of_abandoning <= self.probability_of_waiting
        ):
            self._check()

    def _check(self) -> None:
        """Each field, then how they agree, naming the first that fails."""
        check_fields(self, _ERLANG_A_FIELDS)
        check_metrics_agents(self, self.agents)
        if self.probability_of_abandoning > self.probability_of_waiting:
            raise StaffingError(
                f"probability_of_abandoning ({self.probability_of_abandoning!r}) is more than "
                f"probability_of_waiting ({self.probability_of_waiting!r}): only a caller who "
                "waits can give up"
            )

    def service_level_at(self, within: float | timedelta) -> float:
        """Share of all contacts answered within ``within`` seconds.

        Examples:
            >>> m = erlang_a_metrics(Workload(calls=100, interval=1800, aht=180), 14, patience=300)
            >>> round(m.service_level_at(0), 4)  # answered at once = 1 − P(wait)
            0.8547
        """
        seconds = _check_within(within)
        state = self._state
        later = state.served_later_than(seconds)
        return min(1.0, max(0.0, 1.0 - state.probability_of_abandoning - later))


def _metrics_from_state(state: PalmState, traffic: float, within: float) -> ErlangAMetrics:
    p_ab = state.probability_of_abandoning
    served = 1.0 - p_ab
    later = state.served_later_than(within)
    return ErlangAMetrics(
        agents=state.agents,
        traffic=traffic,
        aht=state.aht,
        patience=state.patience,
        probability_of_waiting=state.probability_of_waiting,
        probability_of_abandoning=p_ab,
        within=within,
        service_level=min(1.0, max(0.0, served - later)),
        asa=state.wait_of_served / served if served > 0 else math.inf,
        # Little's law on the queue; with no arrivals the queue is empty (0, not 0 / 0).
        asa_all=state.queue_length / state.arrival_rate if state.arrival_rate else 0.0,
        # ≤ 1 up to rounding; no agents (only with no calls): no agent time, no busy share.
        occupancy=min(1.0, traffic * served / state.agents) if state.agents else None,
        queue_length=state.queue_length,
        state=state,
    )


def _erlang_b_table(agents: int, traffic: float) -> float:
    b = 1.0
    for k in range(1, agents + 1):
        b = _erlang_b_step(b, k, traffic)
        if b == 0.0:
            break
    return b


def erlang_a_metrics(
    workload: Workload,
    agents: int,
    *,
    patience: float | timedelta,
    within: float | timedelta = 20.0,
) -> ErlangAMetrics:
    """Erlang A figures for ``agents`` agents when customers wait ``patience`` s on average.

    Unlike Erlang C, any ``agents ≥ 1`` has a steady state: customers who wait too long leave.
    A workload of no calls takes ``agents = 0`` too: nobody arrives, nobody waits.

    Examples:
        >>> from datetime import timedelta
        >>> w = Workload(calls=100, interval=1800, aht=180)
        >>> m = erlang_a_metrics(w, 8, patience=timedelta(minutes=5))  # 8 < A = 10 agents
        >>> round(m.probability_of_abandoning, 3), round(m.occupancy, 3)
        (0.232, 0.96)
    """
    n = _check_agents(agents)
    theta_mean = _check_patience(patience)
    seconds = _check_within(within)
    a = _check_traffic(_workload(workload).traffic)
    if n == 0 and a > 0:
        raise StaffingError(
            f"agents must be ≥ 1 for Erlang A with calls to answer, got 0 "
            f"(offered load A={a:g} Erlangs)"
        )
    if a == 0:
        return _metrics_from_state(_empty_state(n, workload.aht, theta_mean), a, seconds)
    state = palm_state(n, workload.arrival_rate, workload.aht, theta_mean, _erlang_b_table(n, a))
    return _metrics_from_state(state, a, seconds)


def _empty_state(agents: int, aht: float, patience: float) -> PalmState:
    """The steady state of a queue nobody joins: nobody waits, abandons or is in the queue."""
    return PalmState(agents, 0.0, aht, patience, 0.0, 0.0, 0.0, 0.0, 0.0, -math.inf)


@attrs.frozen
class ErlangAPlan:
    """The smallest agent count meeting Erlang A targets, and the staff to schedule.

    Examples:
        >>> plan = required_agents_erlang_a(
        ...     Workload(calls=100, interval=1800, aht=180),
        ...     ServiceLevelTarget(fraction=0.8, within=20),
        ...     patience=300,
        ...     shrinkage=0.3,
        ... )
        >>> plan.agents, plan.scheduled
        (13, 19)
    """

    agents: int = attrs.field(validator=agent_count)
    scheduled: int = attrs.field(validator=agent_count)
    shrinkage: float = attrs.field(validator=shrinkage_figure)
    patience: float = attrs.field(validator=positive_figure)
    targets: tuple[ErlangATarget, ...]
    metrics: ErlangAMetrics

    def __attrs_post_init__(self) -> None:
        check_plan(self, ErlangAMetrics)
        if self.metrics.patience != self.patience:
            raise StaffingError(
                f"metrics are of a mean patience of {self.metrics.patience!r} s, the plan's is "
                f"{self.patience!r} s"
            )


_ERLANG_A_FIELDS = (
    ("agents", agent_count),
    ("traffic", seconds_figure),
    ("aht", positive_figure),
    ("patience", positive_figure),
    ("probability_of_waiting", share),
    ("probability_of_abandoning", share),
    ("within", seconds_figure),
    ("service_level", share),
    ("asa", seconds_figure),
    ("asa_all", seconds_figure),
    ("occupancy", share_or_none),
    ("queue_length", seconds_figure),
    ("_state", instance_of(PalmState)),
)


def _check_targets_a(targets: tuple[ErlangATarget, ...], within: float | timedelta | None) -> float:
    if not targets:
        raise InputTypeError("required_agents_erlang_a needs at least one target")
    for target in targets:
        if not isinstance(target, _TARGET_TYPES):
            raise InputTypeError(
                "targets must be ServiceLevelTarget, AsaTarget, OccupancyTarget or "
                f"AbandonmentTarget values, got {type(target).__name__} {safe_repr(target)}"
            )
    if within is not None:
        return _check_within(within)
    levels = [t for t in targets if isinstance(t, ServiceLevelTarget)]
    return levels[0].within if levels else 20.0


class _Search:
    """Erlang A metrics by agent count, with the Erlang B recursion extended only once."""

    def __init__(self, workload: Workload, patience: float, within: float) -> None:
        self.workload = workload
        self.patience = patience
        self.within = within
        self.traffic = workload.traffic
        self.b = [1.0]

    def metrics(self, n: int) -> ErlangAMetrics:
        b = self.b
        # Once B underflows to 0.0 every later step gives 0.0 again (A·0 / k), so the table
        # stops there (304 entries at A = 10, 2A from A = 2,000 up; see erlang_b): extended
        # to n it held one float per agent, and a search up to max_agents=10**9 (an occupancy
        # target far below the load) ran for minutes and gigabytes where Erlang C answers at
        # once.
        while len(b) <= n and b[-1] != 0.0:
            b.append(_erlang_b_step(b[-1], len(b), self.traffic))
        w = self.workload
        state = palm_state(n, w.arrival_rate, w.aht, self.patience, b[n] if n < len(b) else 0.0)
        return _metrics_from_state(state, self.traffic, self.within)

    def meets(self, n: int, targets: tuple[ErlangATarget, ...]) -> bool:
        m = self.metrics(n)
        return all(t.is_met_by(m) for t in targets)


def _smallest(search: _Search, targets: tuple[ErlangATarget, ...], cap: int) -> int | None:
    """The smallest ``n`` in ``1..cap`` meeting ``targets``: gallop from ``A``, then bisect.

    Every figure improves with ``n`` (more agents: less waiting, fewer abandons, lower
    occupancy), so "meets all targets" is monotone and bisection finds the first ``n``.
    """
    guess = min(cap, max(1, math.floor(search.traffic)))
    if search.meets(guess, targets):
        hi, step = guess, 1
        lo = hi - step
        while lo >= 1 and search.meets(lo, targets):
            hi, step = lo, step * 2
            lo = hi - step
        lo = max(lo, 0)  # lo fails (or is 0, "no agents")
    else:
        lo, step = guess, 1
        hi = min(cap, lo + step)
        while not search.meets(hi, targets):
            if hi == cap:
                return None
            lo, step = hi, step * 2
            hi = min(cap, lo + step)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if search.meets(mid, targets):
            hi = mid
        else:
            lo = mid
    return hi


def _refuse_full_service_a(targets: tuple[ErlangATarget, ...], traffic: float) -> None:
    """Refuse a 100 % service-level target for a load above 0 (no calls: nobody waits)."""
    for target in targets if traffic > 0 else ():
        if isinstance(target, ServiceLevelTarget) and target.fraction >= 1:
            raise StaffingError(
                f"unreachable target: no finite staff answers 100 % within {target.within:g} s "
                f"(fraction={target.fraction!r}); use a fraction below 1"
            )


def required_agents_erlang_a(
    workload: Workload,
    *targets: ErlangATarget,
    patience: float | timedelta,
    shrinkage: float = 0.0,
    within: float | timedelta | None = None,
    max_agents: int | None = None,
) -> ErlangAPlan:
    """The smallest number of agents meeting every Erlang A target, and the staff to schedule.

    Targets: service level (answered within T out of all contacts), ASA (of answered
    contacts), occupancy and maximum abandonment, in any combination. ``max_agents`` caps the
    search (default ``10·ceil(A) + 1000``); a target no count up to it meets raises
    [`StaffingError`][servicemodel.errors.StaffingError] with the best value reachable there.
    A workload of no calls needs no agents, as in
    [`required_agents`][servicemodel.staffing.required_agents] (``occupancy`` is then ``None``).

    Examples:
        >>> w = Workload(calls=100, interval=1800, aht=180)
        >>> plan = required_agents_erlang_a(w, AbandonmentTarget(maximum=0.05), patience=300)
        >>> plan.agents, round(plan.metrics.probability_of_abandoning, 4)
        (12, 0.0427)
    """
    s = _check_shrinkage(shrinkage)
    mean_patience = _check_patience(patience)
    seconds = _check_targets_a(targets, within)
    a = _check_traffic(_workload(workload).traffic)
    _refuse_full_service_a(targets, a)
    cap = _default_cap(a) if max_agents is None else _check_agents(max_agents, "max_agents")
    if a == 0:  # no calls: no agents meet every target (nobody waits, gives up or is busy)
        metrics = _metrics_from_state(_empty_state(0, workload.aht, mean_patience), a, seconds)
        return ErlangAPlan(0, 0, s, mean_patience, targets, metrics)
    if cap < 1:
        raise StaffingError(
            f"max_agents must be ≥ 1 for Erlang A with calls to answer (offered load "
            f"A={a:g} Erlangs), got {safe_repr(max_agents)}"
        )
    search = _Search(workload, mean_patience, seconds)
    n = _smallest(search, targets, cap)
    if n is None:
        best = search.metrics(cap)
        # Occupancy in significant figures: a far-off maximum (1e-9) is missed at 1e-08,
        # which four decimals would print as 0.0000, a value that meets it.
        shown = ", ".join(repr(t) for t in targets)
        raise StaffingError(
            f"unreachable target {shown}: not met with up to max_agents={cap} agents "
            f"(offered load A={a:g} Erlangs, patience {mean_patience:g} s); the best reachable "
            f"at {cap} agents is service level {best.service_level:.4f} within {seconds:g} s, "
            f"ASA {best.asa:.4g} s, occupancy {best.occupancy or 0.0:.4g}, abandonment "
            f"{best.probability_of_abandoning:.4g}"
        )
    return ErlangAPlan(
        agents=n,
        scheduled=scheduled_agents(n, s),
        shrinkage=s,
        patience=mean_patience,
        targets=targets,
        metrics=search.metrics(n),
    )
