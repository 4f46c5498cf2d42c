"""Simulation, staffing and escalation results against their published definitions.

- A simulation summary's service level in each of ICMI's five formulas (and the "short calls"
  one), abandonment with and without short abandons, AHT = (talk + hold + after-call work) /
  handled, on a run built by hand with the numbers of ICMI's worked example.
- Occupancy is handling time over staffed time; an agent a roster takes off shift is staffed
  until the contact in hand ends, so occupancy is a share (it read 3.85 after a roster dip).
  Recomputed by an independent sweep over the contacts.
- Hand-built result values (queue figures, plans, Erlang A figures, log-rank results,
  summaries) refuse impossible fields, naming the field and the value.
- A confidence level, alpha or fdr reads any real number, a numpy one as the decimal it prints
  as, as every other number parameter does.
- Escalation ladders (PagerDuty's escalation delay and num_loops, Opsgenie's repeat) step by
  step against an independent walk on a clock that never stops.
- Hostile input to the public functions of simulate, staffing and escalation.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests._deadline import deadline

from servicemodel.errors import ConfigError, InputTypeError, ServiceModelError, StaffingError
from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger
from servicemodel.kpi import Durations, LogRankResult, SurvivalTimes, logrank, wilson_interval
from servicemodel.kpi._intervals import check_fraction, check_level, z_for_level
from servicemodel.model import Ticket, TicketHistory
from servicemodel.simulate import (
    LogNormal,
    Roster,
    SimulationResult,
    SupportDesk,
    simulate,
)
from servicemodel.sla import SLAPolicy, Target, evaluate
from servicemodel.staffing import (
    AsaTarget,
    OccupancyTarget,
    ServiceLevelTarget,
    Workload,
    erlang_a_metrics,
    queue_metrics,
    required_agents,
    required_agents_erlang_a,
)

T0 = datetime(2026, 3, 2, tzinfo=UTC)


# -- a. the summary's definitions ------------------------------------------------------------


def _icmi_run() -> SimulationResult:
    """ICMI's worked example as a run: 1000 answered, 860 within 20 s; 60 abandoned, 20 within
    20 s, 10 of them within 5 s. Handle times 100..199 s, every answered contact finished but
    the last ten (still in hand at the end)."""
    arrive: list[float] = []
    handle: list[float] = []
    answer: list[float | None] = []
    finish: list[float | None] = []
    abandon: list[float | None] = []
    agent: list[int | None] = []
    t = 0.0
    for i in range(1000):
        wait = 10.0 if i < 860 else 30.0
        arrive.append(t)
        handle.append(100.0 + i % 100)
        answer.append(t + wait)
        finish.append(None if i >= 990 else t + wait + 100.0 + i % 100)
        abandon.append(None)
        agent.append(0)
        t += 1.0
    for j in range(60):
        gave_up = 3.0 if j < 10 else 15.0 if j < 20 else 40.0
        arrive.append(t)
        handle.append(100.0)
        answer.append(None)
        finish.append(None)
        abandon.append(t + gave_up)
        agent.append(None)
        t += 1.0
    desk = SupportDesk(agents=1000, arrivals=1, handle_time=100)
    return SimulationResult(
        desk=desk,
        start=T0,
        end=T0 + timedelta(days=1),
        seed=0,
        warmup=0.0,
        id_prefix="SIM-",
        arrive=tuple(arrive),
        handle=tuple(handle),
        answer=tuple(answer),
        finish=tuple(finish),
        abandon=tuple(abandon),
        agent=tuple(agent),
    )


@pytest.mark.parametrize(
    ("abandons", "expected"),
    [
        ("met_if_short", (860 + 20) / (1000 + 60)),  # ICMI formula 1: 83 %
        ("ignored", 860 / 1000),  # formula 2: 86 %
        ("missed", 860 / (1000 + 60)),  # formula 3: 81 %
        ("excluded_if_short", 860 / (1000 + 40)),  # formula 4: 83 %
        ("met_if_short_abandon", (860 + 10) / (1000 + 60)),  # formula 5, short = 5 s: 82 %
        ("excluded_if_short_abandon", 860 / (1000 + 60 - 10)),  # short calls left out
    ],
)
def test_service_level_is_each_icmi_formula(abandons: str, expected: float) -> None:
    s = _icmi_run().summary(within=20, abandons=abandons, short_abandon=5)
    assert (s.offered, s.answered, s.answered_within) == (1060, 1000, 860)
    assert (s.abandoned, s.abandoned_within, s.short_abandoned) == (60, 20, 10)
    assert s.service_level == pytest.approx(expected, rel=1e-12)


def test_abandonment_rate_with_and_without_short_abandons() -> None:
    run = _icmi_run()
    assert run.summary(within=20).abandonment_rate == pytest.approx(60 / 1060, rel=1e-12)
    # Short abandons leave numerator and denominator alike.
    short = run.summary(within=20, short_abandon=5).abandonment_rate
    assert short == pytest.approx((60 - 10) / (1060 - 10), rel=1e-12)


def test_aht_is_handle_time_over_handled_contacts() -> None:
    s = _icmi_run().summary(within=20)
    # 990 contacts finished, handle times 100 + i % 100 for i < 990.
    assert s.handled == 990
    assert s.aht == pytest.approx(sum(100.0 + i % 100 for i in range(990)) / 990, rel=1e-12)


def test_a_summary_without_handled_contacts_has_no_aht() -> None:
    desk = SupportDesk(agents=1, arrivals=0, handle_time=60)
    s = simulate(desk, T0, T0 + timedelta(hours=1)).summary()
    assert (s.handled, s.aht, s.service_level, s.abandonment_rate) == (0, None, None, None)


def _staffed_and_busy(run: SimulationResult, lo: datetime, hi: datetime) -> tuple[float, float]:
    """Integral over [lo, hi) of max(roster, busy) and of busy, by a sweep over the contacts."""
    desk = run.desk
    assert desk.roster is not None
    edges = {lo, hi}
    spans = []
    for c in run.contacts():
        if c.answered_at is None:
            continue
        end = c.solved_at if c.solved_at is not None else run.end
        a, b = max(c.answered_at, lo), min(end, hi)
        if a < b:
            spans.append((a, b))
            edges |= {a, b}
    t = lo
    while t < hi:
        edges.add(t)
        t = desk.roster.next_change(t)
    cuts = sorted(e for e in edges if lo <= e <= hi)
    staffed = busy = 0.0
    for a, b in pairwise(cuts):
        n_busy = sum(1 for x, y in spans if x <= a and b <= y)
        seconds = (b - a).total_seconds()
        staffed += max(desk.roster.agents_at(a), n_busy) * seconds
        busy += n_busy * seconds
    return staffed, busy


@given(
    seed=st.integers(0, 2**32),
    high=st.integers(2, 6),
    load=st.floats(0.5, 4.0),
    hours=st.integers(1, 6),
)
def test_occupancy_is_busy_over_staffed_time_after_roster_dips(
    seed: int, high: int, load: float, hours: int
) -> None:
    # Half-hour slots alternating `high` agents and 1: long contacts keep agents busy past
    # their shift at every dip. Staffed time is the roster's count or the busy agents,
    # whichever is more.
    counts = [high if s % 2 == 0 else 1 for s in range(336)]
    desk = SupportDesk(
        agents=high, arrivals=load * 3600 / 1500 * high, handle_time=1500, roster=Roster(counts)
    )
    run = simulate(desk, T0, T0 + timedelta(hours=hours), seed=seed, drain=False)
    s = run.summary(within=20, start=T0)
    staffed, busy = _staffed_and_busy(run, T0, run.end)
    assert s.occupancy is not None
    assert 0 <= s.occupancy <= 1
    assert s.occupancy == pytest.approx(busy / staffed, rel=1e-9, abs=1e-12)


def test_occupancy_after_a_dip_was_above_one() -> None:
    # Five agents, then one for half an hour, alternately, with 25-minute contacts: the four
    # agents who leave finish their contacts, and that work was counted over one agent's time.
    counts = [5 if s % 2 == 0 else 1 for s in range(336)]
    desk = SupportDesk(agents=5, arrivals=40, handle_time=1500, roster=Roster(counts))
    run = simulate(desk, T0, T0 + timedelta(days=2), seed=3, drain=False)
    for h in range(6):
        lo = T0 + timedelta(minutes=30 * h)
        s = run.summary(within=20, start=lo, end=lo + timedelta(minutes=30))
        assert s.occupancy is not None
        assert s.occupancy <= 1.0
    assert run.summary(within=20).occupancy <= 1.0  # type: ignore[operator]


def test_a_hand_built_summary_refuses_an_occupancy_above_one_and_an_aht_without_handled() -> None:
    s = simulate(SupportDesk(agents=2, arrivals=10, handle_time=300), T0, T0 + timedelta(hours=2))
    summary = s.summary(within=20, start=T0)
    with pytest.raises(ConfigError, match=r"occupancy.*1\.5"):
        attrs.evolve(summary, occupancy=1.5)
    with pytest.raises(ConfigError, match="aht"):
        attrs.evolve(summary, handled=0, aht=120.0)
    with pytest.raises(ConfigError, match="handled"):
        attrs.evolve(summary, handled=summary.answered + 1)
    with pytest.raises(ConfigError, match="abandons"):
        attrs.evolve(summary, abandons="short")


# -- b. result values built by hand ----------------------------------------------------------

W = Workload(calls=100, interval=1800, aht=180)
SL = ServiceLevelTarget(0.8, 20)

_BAD_FIGURES = [
    ("probability_of_waiting", 1.5),
    ("probability_of_waiting", -0.1),
    ("service_level", math.nan),
    ("asa", math.inf),
    ("asa", -1.0),
    ("traffic", math.nan),
    ("aht", 0.0),
    ("within", -1.0),
    ("occupancy", 1.2),
    ("agents", -1),
    ("agents", True),
    ("agents", 2.5),
    ("service_level", "0.9"),
]


@pytest.mark.parametrize(("field", "value"), _BAD_FIGURES)
def test_queue_metrics_refuse_impossible_fields(field: str, value: Any) -> None:
    with pytest.raises(ServiceModelError, match=field) as info:
        attrs.evolve(queue_metrics(W, 14), **{field: value})
    assert isinstance(info.value, InputTypeError | StaffingError)


@pytest.mark.parametrize(
    ("field", "value"),
    [*_BAD_FIGURES, ("probability_of_abandoning", 0.9), ("patience", -1.0), ("asa_all", -2.0)],
)
def test_erlang_a_metrics_refuse_impossible_fields(field: str, value: Any) -> None:
    with pytest.raises(ServiceModelError, match=field):
        attrs.evolve(erlang_a_metrics(W, 14, patience=300), **{field: value})


def test_figures_that_disagree_are_refused() -> None:
    m = queue_metrics(W, 14)
    with pytest.raises(StaffingError, match="steady state"):
        attrs.evolve(m, agents=10)  # N = A = 10
    with pytest.raises(StaffingError, match="occupancy is None exactly"):
        attrs.evolve(m, occupancy=None)
    plan = required_agents(W, SL, shrinkage=0.3)
    with pytest.raises(StaffingError, match="scheduled"):
        attrs.evolve(plan, scheduled=plan.agents - 1)
    with pytest.raises(StaffingError, match="metrics are of"):
        attrs.evolve(plan, agents=plan.agents + 1, scheduled=99)
    with pytest.raises(StaffingError, match="shrinkage"):
        attrs.evolve(plan, shrinkage=1.0)
    with pytest.raises(InputTypeError, match="metrics"):
        attrs.evolve(plan, metrics=erlang_a_metrics(W, 14, patience=300))
    plan_a = required_agents_erlang_a(W, SL, patience=300)
    with pytest.raises(StaffingError, match="patience"):
        attrs.evolve(plan_a, patience=200.0)
    with pytest.raises(InputTypeError, match="targets"):
        attrs.evolve(plan_a, targets=())


@given(
    calls=st.floats(0, 2000),
    aht=st.floats(10, 3600),
    patience=st.floats(1, 3600),
    within=st.floats(0, 600),
    fraction=st.floats(0.05, 0.99),
)
def test_every_model_output_passes_its_own_checks(
    calls: float, aht: float, patience: float, within: float, fraction: float
) -> None:
    # The checks at construction hold for everything the models give: a plan and its
    # figures in both models, the probability of abandoning never above that of waiting.
    w = Workload(calls=calls, interval=1800, aht=aht)
    target = ServiceLevelTarget(fraction, within)
    plan = required_agents(w, target, max_agents=10**5)
    assert attrs.evolve(plan) == plan
    plan_a = required_agents_erlang_a(w, target, patience=patience, max_agents=10**5)
    m = plan_a.metrics
    assert m.probability_of_abandoning <= m.probability_of_waiting
    for n in (plan_a.agents, plan_a.agents + 3):
        if n:
            erlang_a_metrics(w, n, patience=patience, within=within)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("statistic", math.nan, ConfigError),
        ("statistic", -1.0, ConfigError),
        ("p_value", 1.5, ConfigError),
        ("p_value", "0.5", InputTypeError),
        ("observed", (1, -2), ConfigError),
        ("observed", (1, True), InputTypeError),
        ("observed", [1, 2], InputTypeError),
        ("expected", (1.0, math.inf), ConfigError),
        ("variance", math.nan, ConfigError),
    ],
)
def test_logrank_result_refuses_impossible_fields(field: str, value: Any, error: type) -> None:
    a = SurvivalTimes.empty().add_many([(t, True) for t in (1, 2, 3)])
    b = SurvivalTimes.empty().add_many([(t, True) for t in (4, 5, 6)])
    with pytest.raises(error, match=field):
        attrs.evolve(logrank(a, b), **{field: value})
    assert LogRankResult(5.0, 0.025, (3, 3), (1.15, 4.85), 1.0).observed == (3, 3)


# -- c. confidence levels, alpha and fdr: one rule for numbers -------------------------------


def _kinds(text: str) -> list[Any]:
    return [
        float(text),
        np.float64(text),
        np.float32(text),
        np.float16(text),
        Decimal(text),
        Fraction(text),
    ]


@given(st.integers(1, 999))
def test_a_level_of_any_number_kind_is_the_decimal_it_is_written_as(milli: int) -> None:
    text = f"0.{milli:03d}"
    want = float(text)
    for value in _kinds(text):
        if type(value).__module__ == "numpy" and float(str(value)) != want:
            continue  # float16 prints 0.001 as 0.001, but 0.999 as 1.0: a level of 1, refused
        assert check_level(value) == want
        assert check_fraction(value, "fdr") == want
        assert z_for_level(value) == z_for_level(want)
        assert wilson_interval(3, 10, value) == wilson_interval(3, 10, want)
    est = Durations.empty().add_many([1, 2, 3, 4, 5]).result(level=Decimal(text))
    assert type(est.level) is float
    assert est.level == want
    curve = SurvivalTimes.empty().add_many([(1, True), (2, False)]).result(level=Fraction(text))
    assert type(curve.level) is float
    assert curve.level == want


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (True, InputTypeError),
        (np.True_, InputTypeError),
        ("0.95", InputTypeError),
        (None, InputTypeError),
        (np.array(0.5), InputTypeError),
        (np.timedelta64(1, "s"), InputTypeError),
        (complex(0.5), InputTypeError),
        (Decimal("NaN"), ConfigError),
        (Decimal("sNaN"), ConfigError),
        (Fraction(1, 10**400), ConfigError),  # a float of 0
        (1 - Fraction(1, 10**400), ConfigError),  # a float of 1
        (np.float32(1 - 1e-9), ConfigError),  # prints as 1.0
        (10**400, ConfigError),
        (np.int64(1), ConfigError),
        (-0.0, ConfigError),
    ],
)
def test_a_level_that_is_no_level_is_refused_naming_it(value: Any, error: type) -> None:
    for name in ("level", "alpha", "fdr"):
        with pytest.raises(error, match=name):
            check_fraction(value, name)


# -- 1. escalation ladders against an independent walk ---------------------------------------

ALWAYS = SLAPolicy("p", {"normal": [Target("resolution", "2h", business=False)]})


@given(
    delays=st.lists(st.integers(1, 180), min_size=0, max_size=4),
    every=st.integers(1, 240),
    times=st.integers(0, 4),
    scope=st.sampled_from(["last", "ladder"]),
)
def test_ladder_steps_are_the_pagerduty_walk(
    delays: list[int], every: int, times: int, scope: str
) -> None:
    # A clock that never stops (a 2 h resolution target, calendar time, never solved): the
    # first level fires at the breach; each next one its delay after the one before
    # (PagerDuty's escalation_delay_in_minutes); then, `times` times (num_loops, Opsgenie's
    # repeat), `every` after the previous step, the last level or the whole ladder again.
    created = datetime(2026, 3, 2, 9, tzinfo=UTC)
    (m,) = evaluate(
        ALWAYS, TicketHistory(Ticket("T", created), []), at=created + timedelta(days=60)
    )
    levels = [EscalationLevel("L0", Trigger.at_breach(), ("a",))] + [
        EscalationLevel(f"L{i + 1}", Trigger.after_previous(timedelta(minutes=d)), ("b",))
        for i, d in enumerate(delays)
    ]
    if times == 0 and scope == "ladder":
        scope = "last"
    ladder = EscalationLadder(
        levels,
        repeat_every=timedelta(minutes=every) if times else None,
        repeat_times=times,
        repeat_scope=scope,  # type: ignore[arg-type]
    )
    breach = created + timedelta(hours=2)
    expected: list[tuple[str, datetime, int]] = []
    t = breach
    for i, level in enumerate(levels):
        t = t if i == 0 else t + timedelta(minutes=delays[i - 1])
        expected.append((level.name, t, 0))
    for r in range(1, times + 1):
        t += timedelta(minutes=every)
        if scope == "last":
            expected.append((levels[-1].name, t, r))
        else:
            for i, level in enumerate(levels):
                t = t if i == 0 else t + timedelta(minutes=delays[i - 1])
                expected.append((level.name, t, r))
    got = [(s.level, s.at.astimezone(UTC), s.repeat) for s in ladder.timeline(m)]
    assert got == expected


# -- 2. hostile input ------------------------------------------------------------------------

_HOSTILE = [
    True,
    np.True_,
    math.nan,
    math.inf,
    -math.inf,
    -1,
    10**400,
    1e308,
    "3",
    None,
    [1],
    np.array([1.0, 2.0]),
    Decimal("NaN"),
    complex(1, 1),
]


#: What a message shows of each hostile value (its repr, or its size or type for the huge).
_SHOWN = {
    "True": "True",
    "np.True_": "True",
    "nan": "nan",
    "inf": "inf",
    "-inf": "-inf",
    "-1": "-1",
    "1e+308": "1e+308",
    "'3'": "'3'",
    "None": "None",
    "[1]": "[1]",
    "Decimal('NaN')": "NaN",
    "(1+1j)": "(1+1j)",
}


def _refused_or_fine(call: Any, value: Any) -> None:
    """The call answers, or raises a ServiceModelError naming the value; within a deadline."""
    error: ServiceModelError | None = None
    with deadline(10):
        try:
            call()
        except ServiceModelError as exc:
            error = exc
    if error is not None and value is None and "needs both" in str(error):
        return  # no interval at all: the message says a repeat needs one
    if error is not None:
        text = repr(value) if not isinstance(value, int) or abs(value) < 10**100 else "digits"
        shown = _SHOWN.get(text, "digits" if text == "digits" else "array")
        assert shown.lower() in str(error).lower(), f"{error!r} does not show {text}"


@pytest.mark.parametrize("value", _HOSTILE, ids=repr)
def test_staffing_functions_refuse_hostile_numbers(value: Any) -> None:
    _refused_or_fine(lambda: Workload(calls=value, interval=1800, aht=180), value)
    _refused_or_fine(lambda: Workload(calls=10, interval=value, aht=180), value)
    _refused_or_fine(lambda: queue_metrics(W, value), value)
    _refused_or_fine(lambda: queue_metrics(W, 14, within=value), value)
    _refused_or_fine(lambda: erlang_a_metrics(W, 14, patience=value), value)
    _refused_or_fine(lambda: erlang_a_metrics(W, value, patience=300), value)
    _refused_or_fine(lambda: required_agents(W, SL, shrinkage=value), value)
    _refused_or_fine(lambda: required_agents(W, SL, max_agents=value), value)
    _refused_or_fine(lambda: required_agents_erlang_a(W, SL, patience=300, max_agents=value), value)
    _refused_or_fine(lambda: ServiceLevelTarget(value, 20), value)
    _refused_or_fine(lambda: AsaTarget(value), value)
    _refused_or_fine(lambda: OccupancyTarget(value), value)


@pytest.mark.parametrize("value", _HOSTILE, ids=repr)
def test_simulate_refuses_hostile_numbers(value: Any) -> None:
    end = T0 + timedelta(hours=1)

    def run_of(**fields: Any) -> Any:
        desk = {"agents": 1, "arrivals": 1, "handle_time": 60} | fields
        return lambda: simulate(SupportDesk(**desk), T0, end)

    for name in ("agents", "arrivals", "handle_time", "patience"):
        _refused_or_fine(run_of(**{name: value}), value)
    desk = SupportDesk(agents=1, arrivals=1, handle_time=60)
    _refused_or_fine(lambda: simulate(desk, T0, end, seed=value), value)
    _refused_or_fine(lambda: simulate(desk, T0, end, warmup=value), value)
    run = simulate(SupportDesk(agents=1, arrivals=10, handle_time=60), T0, end, seed=1)
    _refused_or_fine(lambda: run.summary(within=value), value)
    _refused_or_fine(lambda: run.summary(short_abandon=value), value)
    _refused_or_fine(lambda: run.summary(abandons=value), value)


@pytest.mark.parametrize("value", _HOSTILE, ids=repr)
def test_escalation_refuses_hostile_numbers(value: Any) -> None:
    _refused_or_fine(lambda: Trigger.at_fraction(value), value)
    _refused_or_fine(lambda: Trigger.after_breach(value), value)
    _refused_or_fine(lambda: Trigger.after_previous(value), value)
    _refused_or_fine(lambda: Trigger.before_due(value), value)
    level = EscalationLevel("lead", Trigger.at_breach(), ("a",))
    hour = timedelta(hours=1)
    _refused_or_fine(lambda: EscalationLadder([level], repeat_every=value, repeat_times=2), value)
    _refused_or_fine(
        lambda: EscalationLadder([level], repeat_every=hour, repeat_times=value), value
    )


def test_a_run_whose_size_the_input_blows_up_is_refused_up_front() -> None:
    # 1e9 contacts an hour for a year: refused before anything is drawn, not a hang.
    desk = SupportDesk(agents=1, arrivals=1e9, handle_time=60)
    with deadline(10), pytest.raises(ServiceModelError, match=r"arrivals|contacts"):
        simulate(desk, T0, T0 + timedelta(days=365))


def test_seeds_of_odd_types() -> None:
    desk = SupportDesk(agents=1, arrivals=10, handle_time=60)
    end = T0 + timedelta(hours=1)
    same = simulate(desk, T0, end, seed=np.int64(7)).summary()
    assert same == simulate(desk, T0, end, seed=7).summary()
    for seed in (7.0, "7", np.random.default_rng(7), b"7", Decimal(7)):
        with pytest.raises(InputTypeError, match="seed"):
            simulate(desk, T0, end, seed=seed)


@pytest.mark.parametrize(
    ("handle", "mean", "sd"),
    [(180, 180.0, 180.0), (LogNormal(mean=600, cv=0.8), 600.0, 480.0)],
    ids=["exponential", "lognormal"],
)
def test_simulated_aht_estimates_the_mean_handle_time(handle: Any, mean: float, sd: float) -> None:
    # A draining run finishes every contact, so AHT is the mean of n independent handle-time
    # draws: its standard error is sd/√n exactly (no batch means needed), and 4·SE is a false
    # alarm with probability ~6e-5. 100 hours at 200 contacts/h: n ≈ 20,000, SE < 0.8 %.
    agents = 40 if mean > 200 else 14
    desk = SupportDesk(agents=agents, arrivals=200, handle_time=handle)
    s = simulate(desk, T0, T0 + timedelta(hours=100), seed=11).summary(within=20, start=T0)
    assert s.handled == s.answered == s.offered > 19_000
    assert s.aht is not None
    assert abs(s.aht - mean) <= 4 * sd / math.sqrt(s.handled)
