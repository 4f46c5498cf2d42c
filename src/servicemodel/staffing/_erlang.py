"""Erlang B and C by the stable recursion, queue metrics, and the search for the smallest N."""

from __future__ import annotations

import math
from datetime import timedelta
from fractions import Fraction

from servicemodel._config import safe_repr
from servicemodel._numbers import percent_hint, whole_number
from servicemodel.errors import InputTypeError, StaffingError
from servicemodel.staffing._values import (
    MAX_AGENTS,
    MAX_TRAFFIC,
    AsaTarget,
    OccupancyTarget,
    QueueMetrics,
    ServiceLevelTarget,
    StaffingPlan,
    StaffingTarget,
    Workload,
    _number,
    _seconds,
    _service_level,
    _workload,
)


def _check_agents(value: int, name: str = "agents") -> int:
    # A number of agents is read as every count argument is: numpy ints and whole floats too.
    # Refused as given: a float column's 1e+308 read as the 309-digit int it holds was shown as
    # "<int of about 309 digits>".
    agents = whole_number(value, name)
    if agents < 0:
        raise StaffingError(f"{name} must be ≥ 0, got {safe_repr(value)}")
    if agents > MAX_AGENTS:
        raise StaffingError(
            f"{name}={safe_repr(value)} is above the supported maximum of {MAX_AGENTS:,} agents"
        )
    return agents


def _check_traffic(traffic: float) -> float:
    value = _number(traffic, "traffic")
    if not (math.isfinite(value) and value >= 0):
        # 0 is a load: an interval with no calls (B(0) = 1, B(N ≥ 1) = 0, nobody waits).
        raise StaffingError(
            f"traffic (offered load) must be a finite number ≥ 0, got {safe_repr(traffic)}"
        )
    if value > MAX_TRAFFIC:
        raise StaffingError(
            f"offered load A={value:g} Erlangs is above the supported maximum of "
            f"{MAX_TRAFFIC:g} (the Erlang recursion runs about A steps)"
        )
    return value


def _erlang_b_step(b: float, k: int, traffic: float) -> float:
    ab = traffic * b
    return ab / (k + ab)


def erlang_b(agents: int, traffic: float) -> float:
    """Erlang B blocking probability for ``agents`` servers and offered load ``traffic``.

    Uses the recursion ``B(k) = A·B(k−1) / (k + A·B(k−1))``, stable for any ``agents``. Once
    ``B`` underflows to 0.0 every later step gives 0.0 again (``A·0 / k``): the true value is
    below the smallest double, so the recursion stops there and the work is bounded however
    large ``agents`` is: 122 steps at A = 0.1, 304 at 10, 2,445 at 1,000, and 2A from A = 2,000
    up (the smallest subnormal times A/k rounds back to itself until A/k is one half).

    Examples:
        >>> round(erlang_b(2, 1.0), 4)  # A²/2 / (1 + A + A²/2) = 0.5 / 2.5
        0.2
    """
    n = _check_agents(agents)
    a = _check_traffic(traffic)
    b = 1.0
    for k in range(1, n + 1):
        b = _erlang_b_step(b, k, a)
        if b == 0.0:
            break
    return b


def _erlang_c_from_b(b: float, n: int, a: float) -> float:
    return n * b / (n - a * (1.0 - b))


def erlang_c(agents: int, traffic: float) -> float:
    """Erlang C probability that a contact waits, for ``agents`` > ``traffic``.

    With no traffic nobody waits: 0.0 for any number of agents, none included.

    Examples:
        >>> round(erlang_c(14, 10.0), 4)
        0.1741
        >>> erlang_c(0, 0.0)
        0.0
    """
    n = _check_agents(agents)
    a = _check_traffic(traffic)
    if a == 0:
        return 0.0  # N·B / (N − A·(1 − B)) is 0/N with agents, 0/0 without: nobody arrives
    if n <= a:
        raise StaffingError(
            f"agents={n} must exceed the offered load A={a:g} Erlangs: "
            "the queue has no steady state"
        )
    return _erlang_c_from_b(erlang_b(n, a), n, a)


def _metrics(pw: float, n: int, a: float, aht: float, within: float) -> QueueMetrics:
    # No load: nobody waits (P_w = 0), also with no agents, where N − A is 0.
    asa = 0.0 if pw == 0 else pw * aht / (n - a)
    if asa == math.inf:
        # P_w·aht / (N − A) past the float range (an aht near 1e300 s with N just above A):
        # inf is a figure no target or report can use, so it is refused instead.
        raise StaffingError(
            f"the average speed of answer with {n} agent{'' if n == 1 else 's'} at offered "
            f"load A={a:g} Erlangs (P_w={pw:.4g} × aht {aht:g} s / (N − A = {n - a:.4g})) is "
            "beyond the float range"
        )
    return QueueMetrics(
        agents=n,
        traffic=a,
        aht=aht,
        probability_of_waiting=pw,
        within=within,
        service_level=_service_level(pw, n, a, aht, within),
        asa=asa,
        # No agents (only possible with no load): no agent time, so no busy share (0 / 0).
        occupancy=a / n if n else None,
    )


class _Figures:
    """The Erlang C figures a target reads, for one count tried by the search.

    Not a [QueueMetrics][servicemodel.staffing.QueueMetrics]: the search tries a count after
    another, and the figures it returns are built (and checked) once, by ``queue_metrics``.
    An ASA past the float range is inf here, which meets no ASA target.
    """

    __slots__ = ("agents", "aht", "asa", "occupancy", "pw", "traffic")

    def __init__(self, n: int, a: float, aht: float, pw: float) -> None:
        self.agents, self.traffic, self.aht, self.pw = n, a, aht, pw
        self.asa = 0.0 if pw == 0 else pw * aht / (n - a)
        self.occupancy = a / n

    def service_level_at(self, within: float | timedelta) -> float:
        assert isinstance(within, float)  # a target's within, read as seconds
        return _service_level(self.pw, self.agents, self.traffic, self.aht, within)


def queue_metrics(
    workload: Workload, agents: int, *, within: float | timedelta = 20.0
) -> QueueMetrics:
    """Probability of waiting, service level within ``within`` s, ASA and occupancy for ``agents``.

    Raises [`StaffingError`][servicemodel.errors.StaffingError] if ``agents`` does not exceed
    the offered load (no steady state). A workload of no calls has one with any number of
    agents, none included: nobody waits (see [`QueueMetrics`][servicemodel.staffing.QueueMetrics]).
    ``agents`` is a count, read as every count is: ``14``, ``numpy.int64(14)`` or ``14.0``
    (a frame's column with a gap) is 14; ``14.5`` or NaN, a number holding no whole value, is
    a ``ConfigError``, and a bool or text, of the wrong type, an ``InputTypeError``, each
    naming ``agents`` and the value.

    Examples:
        >>> m = queue_metrics(Workload(calls=100, interval=1800, aht=180), 14, within=20)
        >>> round(m.service_level, 4)
        0.8884
    """
    n = _check_agents(agents)
    seconds = _seconds(within, "within")
    if not (math.isfinite(seconds) and seconds >= 0):
        raise StaffingError(f"within must be a finite number ≥ 0, got {safe_repr(within)}")
    a = _check_traffic(_workload(workload).traffic)
    if n <= a and a > 0:
        raise StaffingError(
            f"agents={n} must exceed the offered load A={a:g} Erlangs "
            f"({workload.calls:g} calls × {workload.aht:g} s / {workload.interval:g} s): "
            "the queue has no steady state"
        )
    return _metrics(erlang_c(n, a), n, a, workload.aht, seconds)


def _check_shrinkage(shrinkage: float) -> float:
    """A shrinkage in [0, 1) as the decimal it prints as, for every function that takes one.

    A numpy scalar prints at its own precision: ``numpy.float32(0.3)`` prints as ``0.3``
    though it holds 0.30000001192..., and 14 agents at that shrinkage scheduled 21 in
    ``required_agents`` and ``plan_intervals`` where ``scheduled_agents`` gave 20.
    """
    value = _number(shrinkage, "shrinkage")
    if type(shrinkage).__module__ == "numpy":  # a number (_number checked it): a decimal text
        value = float(str(shrinkage))
    if not (0 <= value < 1):
        raise StaffingError(
            f"shrinkage must be in [0, 1), got {safe_repr(shrinkage)}"
            f"{percent_hint(value, hundred=False)}"
        )
    return value


def scheduled_agents(agents: int, shrinkage: float) -> int:
    """Staff to schedule so that ``agents`` remain after ``shrinkage`` (breaks, training...).

    ``ceil(agents / (1 − shrinkage))``, computed on the decimal ``shrinkage`` prints as, so 30 %
    of 14 gives exactly 20 and not 21 through binary rounding -- also for a numpy float32
    (``numpy.float32(0.3)`` prints as ``0.3``, though it holds 0.30000001192...).

    Examples:
        >>> scheduled_agents(14, 0.3)
        20
    """
    n = _check_agents(agents)
    # A float's repr is the shortest decimal that reads back as it (and a numpy scalar is
    # already the decimal it prints as).
    s = Fraction(repr(_check_shrinkage(shrinkage)))
    return math.ceil(Fraction(n) / (1 - s))


def _default_cap(traffic: float) -> int:
    return 10 * math.ceil(traffic) + 1000


def _check_targets(targets: tuple[StaffingTarget, ...], within: float | timedelta | None) -> float:
    """Check ``required_agents``' targets; return the service-level threshold in seconds."""
    if not targets:
        raise InputTypeError("required_agents needs at least one target")
    for target in targets:
        if not isinstance(target, ServiceLevelTarget | AsaTarget | OccupancyTarget):
            raise InputTypeError(
                "targets must be ServiceLevelTarget, AsaTarget or OccupancyTarget values, "
                f"got {type(target).__name__} {safe_repr(target)}"
            )
    service_levels = [t for t in targets if isinstance(t, ServiceLevelTarget)]
    if within is None:
        seconds = service_levels[0].within if service_levels else 20.0
    else:
        seconds = _seconds(within, "within")
        if not (math.isfinite(seconds) and seconds >= 0):
            raise StaffingError(f"within must be a finite number ≥ 0, got {safe_repr(within)}")
    return seconds


def _refuse_full_service(targets: tuple[StaffingTarget, ...], traffic: float) -> None:
    """Refuse a 100 % service-level target for a load above 0 (no calls: nobody waits)."""
    for target in targets if traffic > 0 else ():
        if isinstance(target, ServiceLevelTarget) and target.fraction >= 1:
            # P_w > 0 and exp(−x) > 0 for every finite N, so SL < 1 always; a float search
            # would only "succeed" once rounding hides the remainder.
            raise StaffingError(
                f"unreachable target: Erlang C never answers 100 % within {target.within:g} s "
                f"(fraction={target.fraction!r}); use a fraction below 1"
            )


def required_agents(
    workload: Workload,
    *targets: StaffingTarget,
    shrinkage: float = 0.0,
    within: float | timedelta | None = None,
    max_agents: int | None = None,
) -> StaffingPlan:
    """The smallest number of agents meeting every one of ``targets``, and the staff to schedule.

    The search starts at ``floor(A) + 1`` (the first count with a steady state) and walks up,
    extending the Erlang B recursion one agent at a time. ``within`` sets the threshold of the
    reported service level (default: the first service-level target's, else 20 s).
    ``max_agents`` caps the search (default ``10·ceil(A) + 1000``); an unreachable target
    raises [`StaffingError`][servicemodel.errors.StaffingError] saying so.

    A workload of no calls needs no agents, whatever the targets (even 100 % answered in
    time: nobody waits): ``agents`` and ``scheduled`` are 0, the service level is 1.0, ASA
    and the probability of waiting 0, and ``occupancy`` is ``None`` (no agent time to be busy
    in). The smallest ``N`` is 1 for any load just above 0 (``floor(A) + 1``) and 0 at 0,
    where nothing arrives and ``N > A`` is no condition.

    Examples:
        >>> w = Workload(calls=100, interval=1800, aht=180)
        >>> plan = required_agents(w, OccupancyTarget(maximum=0.7))
        >>> plan.agents, round(plan.metrics.occupancy, 3)
        (15, 0.667)
        >>> both = required_agents(
        ...     w, ServiceLevelTarget(fraction=0.8, within=20), OccupancyTarget(maximum=0.7)
        ... )
        >>> both.agents, round(both.metrics.service_level, 3)
        (15, 0.941)
        >>> night = required_agents(Workload(calls=0, interval=1800, aht=180), AsaTarget(10))
        >>> night.agents, night.metrics.service_level, night.metrics.occupancy
        (0, 1.0, None)
    """
    s = _check_shrinkage(shrinkage)
    seconds = _check_targets(targets, within)
    a = _check_traffic(_workload(workload).traffic)
    _refuse_full_service(targets, a)
    cap = _default_cap(a) if max_agents is None else _check_agents(max_agents, "max_agents")
    start = math.floor(a) + 1
    if a > 0:
        _check_cap(cap, start, a)
    # No calls: no agents meet every target (nobody waits, nobody is busy); N > A is no
    # condition then, so the search would start one agent too high.
    n = 0 if a == 0 else _search(workload, targets, a, seconds, start, cap)
    if n is None:
        shown = ", ".join(repr(t) for t in targets)
        raise StaffingError(
            f"unreachable target {shown}: not met by any agent count from {start} to "
            f"max_agents={cap} (offered load A={a:g} Erlangs); raise max_agents if this is "
            "intended"
        )
    metrics = queue_metrics(workload, n, within=seconds)
    return StaffingPlan(
        agents=n, scheduled=scheduled_agents(n, s), shrinkage=s, targets=targets, metrics=metrics
    )


def _check_cap(cap: int, start: int, a: float) -> None:
    """Refuse a ``max_agents`` below the first count searched, saying so plainly.

    The search walks ``floor(A) + 1 .. max_agents``; a cap below its start searched nothing,
    and the unreachable-target message then read "from 11 to max_agents=5".

    Examples:
        >>> _check_cap(0, 11, 10.0)
        Traceback (most recent call last):
        ...
        servicemodel.errors.StaffingError: max_agents must be ≥ 1 with calls to answer (offered load A=10 Erlangs), got 0
        >>> _check_cap(5, 11, 10.0)
        Traceback (most recent call last):
        ...
        servicemodel.errors.StaffingError: max_agents=5 is below 11, the fewest agents with a steady state at offered load A=10 Erlangs (N must exceed A); raise max_agents
    """  # noqa: E501
    if cap < 1:
        raise StaffingError(
            f"max_agents must be ≥ 1 with calls to answer (offered load A={a:g} Erlangs), got {cap}"
        )
    if cap < start:
        raise StaffingError(
            f"max_agents={cap} is below {start}, the fewest agents with a steady state at "
            f"offered load A={a:g} Erlangs (N must exceed A); raise max_agents"
        )


def _occupancy_floor(a: float, targets: tuple[StaffingTarget, ...]) -> float:
    """The fewest agents every occupancy target allows (``A / maximum``, a float)."""
    maxima = [t.maximum for t in targets if isinstance(t, OccupancyTarget)]
    return a / min(maxima) if maxima else 0.0


def _search(
    workload: Workload,
    targets: tuple[StaffingTarget, ...],
    a: float,
    seconds: float,
    start: int,
    cap: int,
) -> int | None:
    """The smallest ``n`` in ``start..cap`` meeting every target, or None; bounded work.

    Walks up one agent at a time, extending the Erlang B recursion. Once B underflows to 0.0,
    P_w is 0 for every larger ``n``: every service-level (fraction < 1) and ASA target is met,
    so only occupancy can still fail and the answer is the first ``n`` with ``A / n`` within
    it — found directly instead of walking (an unreachable occupancy is known at once).
    """
    if _occupancy_floor(a, targets) > cap:
        return None
    b = 1.0
    for k in range(1, start):
        b = _erlang_b_step(b, k, a)
    for n in range(start, cap + 1):
        b = _erlang_b_step(b, n, a)
        figures = _Figures(n, a, workload.aht, _erlang_c_from_b(b, n, a))
        if all(target.is_met_by(figures) for target in targets):
            return n
        if b == 0.0:
            # A / maximum is rounded, so its ceiling may be one off either way: 0.1 / 1e-6
            # gives 100000.00000000001, whose ceiling 100001 skipped 100000, where A / N is
            # exactly 1e-6. Every count from one below the ceiling to one above is tried.
            first = max(n + 1, math.ceil(_occupancy_floor(a, targets)) - 1)
            for m in range(first, min(first + 3, cap) + 1):
                if all(t.is_met_by(_Figures(m, a, workload.aht, 0.0)) for t in targets):
                    return m
            return None
    return None
