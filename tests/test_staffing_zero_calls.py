"""An interval with no calls: a Workload of 0 calls needs 0 agents, in every entry point.

The rule (docs/staffing.md, "An interval with no calls"): at offered load A = 0 nobody arrives,
so nobody waits -- probability of waiting 0, ASA 0, service level 1.0 at any threshold (the
limit of 1 − P_w·exp(−(N − A)·t/h) as A → 0) -- and Erlang A's abandonment, ``asa_all`` and
queue length are 0. Occupancy is A / N: 0.0 with agents, ``None`` with none (0 / 0, no agent
time to be busy in). The smallest N meeting any target is 0 at A = 0 and floor(A) + 1 ≥ 1 just
above it; a weekly plan's row for such an interval equals the interval planned alone, and the
``staff`` command writes those rows.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import StaffingError
from servicemodel.staffing import (
    AbandonmentTarget,
    AsaTarget,
    OccupancyTarget,
    ServiceLevelTarget,
    Workload,
    erlang_a_metrics,
    erlang_b,
    erlang_c,
    plan_intervals,
    queue_metrics,
    required_agents,
    required_agents_erlang_a,
)
from servicemodel.strategies import staffing_targets

INTERVALS = st.sampled_from([900.0, 1800.0, 3600.0])
AHTS = st.one_of(st.sampled_from([60.0, 180.0, 300.0]), st.integers(1, 3600).map(float))
WITHIN = st.integers(0, 3600).map(float)
C_TARGETS = st.lists(staffing_targets(), min_size=1, max_size=3)
A_TARGETS = st.lists(
    staffing_targets(kinds=(ServiceLevelTarget, AsaTarget, OccupancyTarget, AbandonmentTarget)),
    min_size=1,
    max_size=3,
)
SHRINKAGE = st.sampled_from([0.0, 0.3, 0.5])


def _empty_queue(m: Any, agents: int) -> None:
    """The documented figures of a queue nobody joins, staffed with ``agents``."""
    assert m.agents == agents
    assert m.traffic == 0.0
    assert m.probability_of_waiting == 0.0
    assert m.service_level == 1.0
    assert m.asa == 0.0
    assert m.occupancy == (0.0 if agents else None)


# --- the workload and the Erlang functions ---------------------------------------------------


@given(interval=INTERVALS, aht=AHTS, zero=st.sampled_from([0, 0.0, -0.0]))
def test_no_calls_is_a_workload_of_no_load(interval: float, aht: float, zero: float) -> None:
    w = Workload(calls=zero, interval=interval, aht=aht)
    assert (w.calls, w.arrival_rate, w.traffic) == (0.0, 0.0, 0.0)
    assert math.copysign(1.0, w.calls) == 1.0  # -0.0 is stored as the 0 it equals
    assert Workload(calls=-0.0, interval=interval, aht=aht) == w


@pytest.mark.parametrize("calls", [-1, -1e-300, math.nan, math.inf])
def test_fewer_than_no_calls_are_still_refused(calls: float) -> None:
    with pytest.raises(StaffingError, match=r"calls must be a finite number ≥ 0"):
        Workload(calls=calls, interval=1800, aht=180)


@given(agents=st.integers(0, 500))
def test_erlang_b_and_c_at_no_load(agents: int) -> None:
    # B(0) = 1 and B(k) = A·B(k−1)/(k + A·B(k−1)) = 0 for k ≥ 1 at A = 0; nobody waits.
    assert erlang_b(agents, 0.0) == (1.0 if agents == 0 else 0.0)
    assert erlang_c(agents, 0.0) == 0.0


@given(interval=INTERVALS, aht=AHTS, agents=st.integers(0, 200), within=WITHIN)
def test_queue_metrics_of_no_calls(interval: float, aht: float, agents: int, within: float) -> None:
    w = Workload(calls=0, interval=interval, aht=aht)
    m = queue_metrics(w, agents, within=within)
    _empty_queue(m, agents)
    assert m.service_level_at(within) == 1.0
    assert m.service_level_at(timedelta(0)) == 1.0


@given(
    interval=INTERVALS,
    aht=AHTS,
    agents=st.integers(0, 200),
    patience=st.sampled_from([1.0, 60.0, 300.0, 1e6]),
    within=WITHIN,
)
def test_erlang_a_metrics_of_no_calls(
    interval: float, aht: float, agents: int, patience: float, within: float
) -> None:
    w = Workload(calls=0, interval=interval, aht=aht)
    m = erlang_a_metrics(w, agents, patience=patience, within=within)
    _empty_queue(m, agents)
    assert (m.probability_of_abandoning, m.asa_all, m.queue_length) == (0.0, 0.0, 0.0)
    assert m.service_level_at(within) == 1.0


def test_erlang_a_still_needs_an_agent_for_calls() -> None:
    with pytest.raises(StaffingError, match="agents must be ≥ 1 for Erlang A with calls"):
        erlang_a_metrics(Workload(calls=1, interval=1800, aht=180), 0, patience=300)


# --- the smallest N --------------------------------------------------------------------------


@given(interval=INTERVALS, aht=AHTS, targets=C_TARGETS, shrinkage=SHRINKAGE)
def test_no_calls_need_no_agents_whatever_the_targets(
    interval: float, aht: float, targets: list[Any], shrinkage: float
) -> None:
    w = Workload(calls=0, interval=interval, aht=aht)
    plan = required_agents(w, *targets, shrinkage=shrinkage)
    assert (plan.agents, plan.scheduled) == (0, 0)
    _empty_queue(plan.metrics, 0)
    assert all(t.is_met_by(plan.metrics) for t in targets)
    assert plan.metrics == queue_metrics(w, 0, within=plan.metrics.within)


@given(interval=INTERVALS, aht=AHTS, targets=A_TARGETS, patience=st.sampled_from([30.0, 300.0]))
def test_erlang_a_no_calls_need_no_agents(
    interval: float, aht: float, targets: list[Any], patience: float
) -> None:
    w = Workload(calls=0, interval=interval, aht=aht)
    plan = required_agents_erlang_a(w, *targets, patience=patience, shrinkage=0.3)
    assert (plan.agents, plan.scheduled) == (0, 0)
    _empty_queue(plan.metrics, 0)
    assert all(t.is_met_by(plan.metrics) for t in targets)


def test_a_full_service_level_is_met_by_no_calls_only() -> None:
    # 100 % answered in time: nobody waits when nobody calls; with calls P_w > 0 for every N.
    full = ServiceLevelTarget(fraction=1.0, within=20)
    assert required_agents(Workload(0, 1800, 180), full).agents == 0
    assert required_agents_erlang_a(Workload(0, 1800, 180), full, patience=300).agents == 0
    with pytest.raises(StaffingError, match="unreachable target"):
        required_agents(Workload(1, 1800, 180), full)
    with pytest.raises(StaffingError, match="unreachable target"):
        required_agents_erlang_a(Workload(1, 1800, 180), full, patience=300)


@given(
    aht=AHTS,
    targets=C_TARGETS,
    calls=st.lists(
        st.one_of(st.just(0.0), st.floats(1e-6, 2.0), st.floats(1e-3, 400.0)),
        min_size=2,
        max_size=4,
    ),
)
def test_the_smallest_n_grows_with_the_load_from_zero_at_none(
    aht: float, targets: list[Any], calls: list[float]
) -> None:
    # Each target is easier to meet with less load, so the smallest N never falls as A grows:
    # 0 at A = 0, at least floor(A) + 1 (so at least 1) for any A > 0.
    needed = []
    for c in sorted(calls):
        w = Workload(calls=c, interval=1800, aht=aht)
        try:
            n = required_agents(w, *targets).agents
        except StaffingError:  # an occupancy cap no count up to max_agents meets
            break
        assert n == 0 if c == 0 else n >= math.floor(w.traffic) + 1
        needed.append(n)
    assert needed == sorted(needed)


@given(
    targets=A_TARGETS,
    calls=st.lists(
        st.one_of(st.just(0.0), st.floats(1e-6, 2.0), st.floats(1e-3, 200.0)),
        min_size=2,
        max_size=3,
    ),
)
def test_erlang_a_the_smallest_n_grows_with_the_load_from_zero_at_none(
    targets: list[Any], calls: list[float]
) -> None:
    # With patience any N ≥ 1 is stable, so just above no load the answer is at least 1.
    needed = []
    for c in sorted(calls):
        try:
            plan = required_agents_erlang_a(Workload(c, 1800, 180), *targets, patience=300)
        except StaffingError:  # a target no count up to max_agents meets
            break
        assert plan.agents == 0 if c == 0 else plan.agents >= 1
        needed.append(plan.agents)
    assert needed == sorted(needed)


# --- weekly plans and the staff command ------------------------------------------------------


def _alone(row: Any, plan: Any) -> tuple[Any, ...]:
    """A row's figures, without where it sits in the plan."""
    return (row.calls, row.traffic, row.agents, row.fte, row.scheduled, row.scheduled_fte,
            row.service_level, row.asa, row.abandonment, row.occupancy)  # fmt: skip


@given(
    calls=st.lists(st.sampled_from([0.0, 0.0, 0.5, 3.0, 100.0]), min_size=1, max_size=6),
    erlang_a=st.booleans(),
    concurrency=st.sampled_from([1, 2]),
)
def test_a_plan_row_equals_its_interval_planned_alone(
    calls: list[float], erlang_a: bool, concurrency: int
) -> None:
    targets = [ServiceLevelTarget(0.8, 20)]
    model: dict[str, Any] = {"model": "erlang-a", "patience": 300} if erlang_a else {}
    common = dict(aht=180, targets=targets, shrinkage=0.3, concurrency=concurrency, **model)
    plan = plan_intervals(calls, **common)
    for c, row in zip(calls, plan.rows, strict=True):
        (alone,) = plan_intervals([c], **common).rows
        assert _alone(row, plan) == _alone(alone, plan)
        if c == 0:
            assert (row.agents, row.fte, row.scheduled, row.scheduled_fte) == (0, 0.0, 0, 0.0)
            assert (row.service_level, row.asa, row.abandonment, row.occupancy) == (
                1.0, 0.0, 0.0, None)  # fmt: skip
        else:
            assert row.occupancy is not None


@given(calls=st.lists(st.sampled_from([0.0, 40.0, 100.0]), min_size=1, max_size=5))
def test_a_plan_row_equals_the_single_interval_answer(calls: list[float]) -> None:
    target = ServiceLevelTarget(0.8, 20)
    plan = plan_intervals(calls, aht=180, targets=[target], shrinkage=0.3)
    for c, row in zip(calls, plan.rows, strict=True):
        single = required_agents(Workload(c, 1800, 180), target, shrinkage=0.3)
        m = single.metrics
        assert (row.agents, row.scheduled) == (single.agents, single.scheduled)
        assert (row.service_level, row.asa, row.occupancy) == (m.service_level, m.asa, m.occupancy)


def _export(path: Any) -> str:
    """Four weeks with contacts only on weekday mornings 10:00-10:30 UTC, every other half
    hour forecast as 0 calls."""
    from servicemodel.io import dump_jsonl
    from servicemodel.model import Ticket, TicketHistory

    monday = datetime(2026, 3, 2, tzinfo=UTC)
    histories = [
        TicketHistory(Ticket(f"T-{w}-{d}-{k}", monday + timedelta(weeks=w, days=d, hours=10,
                                                                 minutes=3 * k)), [])
        for w in range(4) for d in range(5) for k in range(6)
    ]  # fmt: skip
    path.write_text(dump_jsonl(histories), encoding="utf-8")
    return str(path)


def test_the_staff_command_writes_zero_call_half_hours_as_the_library_plans_them(
    tmp_path: Any,
) -> None:
    from servicemodel._staff_cli import main

    export = _export(tmp_path / "tickets.jsonl")
    argv = [export, "--target", "80% in 20s", "--aht", "3m", "--shrinkage", "0.3"]
    outs = {}
    for fmt in ("json", "csv", "text"):
        out = io.StringIO()
        assert main([*argv, "--format", fmt], out) == 0
        outs[fmt] = out.getvalue()
    rows = json.loads(outs["json"])
    quiet = [r for r in rows if r["calls"] == 0]
    busy = [r for r in rows if r["calls"] > 0]
    assert len(busy) == 5  # every weekday's 10:00 half hour
    assert len(quiet) == 336 - 5
    for r in quiet:
        assert (r["agents"], r["fte"], r["scheduled"], r["scheduled_fte"]) == (0, 0.0, 0, 0.0)
        assert (r["service_level"], r["asa"], r["abandonment"], r["occupancy"]) == (
            1.0, 0.0, 0.0, None)  # fmt: skip
    for r in busy:
        single = required_agents(
            Workload(r["calls"], 1800, 180), ServiceLevelTarget(0.8, 20), shrinkage=0.3
        )
        assert (r["agents"], r["scheduled"]) == (single.agents, single.scheduled)
        assert r["occupancy"] == single.metrics.occupancy
    table = list(csv.DictReader(io.StringIO(outs["csv"])))
    assert [r["occupancy"] for r in table if float(r["calls"]) == 0] == [""] * len(quiet)
    # The text lists the half hours with contacts forecast only (docs/staffing.md).
    assert len(outs["text"].splitlines()) == 2 + len(busy)


def test_the_docs_block_prints_what_its_comments_say() -> None:
    from _docs import blocks, kept, promised, run

    (block,) = [b for b in blocks("staffing.md") if "Workload(calls=0" in b]
    printed = run(block, "staffing.md")
    comments = promised(block)
    assert len(printed) == len(comments) == 3
    for comment, line in zip(comments, printed, strict=True):
        assert kept(comment, [line]), (comment, line)


def test_a_plan_row_of_minus_zero_calls_holds_the_zero_it_equals() -> None:
    (row,) = plan_intervals([-0.0], aht=180, targets=[ServiceLevelTarget(0.8, 20)]).rows
    assert (row.calls, math.copysign(1.0, row.calls), row.agents) == (0.0, 1.0, 0)


def test_only_no_agents_may_have_no_occupancy() -> None:
    # None is the occupancy of no agents (0 / 0); figures with agents and no occupancy are no
    # queue figures, and a target says so rather than taking them as met.
    from types import SimpleNamespace

    from servicemodel.errors import InputTypeError

    target = OccupancyTarget(maximum=0.85)
    assert target.is_met_by(SimpleNamespace(agents=0, occupancy=None))
    with pytest.raises(InputTypeError, match="with occupancy"):
        target.is_met_by(SimpleNamespace(agents=3, occupancy=None))
    with pytest.raises(InputTypeError, match="with occupancy"):
        target.is_met_by(SimpleNamespace(occupancy=None))


_TINY = st.builds(
    lambda digits, exponent, negative: (-1 if negative else 1) * Decimal(digits).scaleb(exponent),
    st.integers(1, 9999),
    st.integers(-2000, -330),  # below 2**-1075 (about 2.5e-324): float() reads it as ±0.0
    st.booleans(),
)


@given(_TINY, st.booleans())
def test_a_count_below_the_float_range_is_no_interval_without_calls(
    tiny: Decimal, as_fraction: bool
) -> None:
    # docs/staffing.md: a negative call count is refused, and so is a count whose load
    # underflows to 0 -- a forecast gone wrong, not an empty interval. A Decimal or Fraction
    # too small for a float is such a count, though float() gives it as 0.0 (or -0.0).
    calls: Any = Fraction(tiny) if as_fraction else tiny
    with pytest.raises(StaffingError, match="calls"):
        Workload(calls=calls, interval=1800, aht=180)
    with pytest.raises(StaffingError, match=r"calls\[1\]"):
        plan_intervals([0, calls], aht=180, targets=[ServiceLevelTarget(0.8, 20)])


@pytest.mark.parametrize("zero", [Decimal(0), Decimal("-0"), Decimal("0E-500"), Fraction(0)])
def test_an_exact_zero_of_any_kind_is_no_calls(zero: Any) -> None:
    assert Workload(calls=zero, interval=1800, aht=180).calls == 0.0
    (row,) = plan_intervals([zero], aht=180, targets=[ServiceLevelTarget(0.8, 20)]).rows
    assert (row.calls, row.agents) == (0.0, 0)


@given(st.floats(min_value=1e-300, max_value=50.0), st.floats(min_value=1.0, max_value=3600.0))
def test_erlang_a_with_no_agents_is_refused_for_any_load_above_none(
    calls: float, patience: float
) -> None:
    # docs/staffing.md: any N >= 1 has a steady state, and N = 0 only with no calls: however
    # few calls come, one who arrives with nobody to answer cannot be answered.
    workload = Workload(calls=calls, interval=1800, aht=180)
    with pytest.raises(StaffingError, match="agents must be ≥ 1 for Erlang A"):
        erlang_a_metrics(workload, 0, patience=patience)


@given(
    st.lists(st.sampled_from([0.0, 3.0, 40.0]), max_size=4),
    st.sampled_from([5e-324, 1e-323]),
)
def test_a_plans_interval_whose_load_underflows_is_named_by_its_index(
    before: list[float], tiny: float
) -> None:
    # docs/staffing.md: a count whose load underflows to 0 is refused -- in a plan, as each
    # interval's other errors are, naming the interval and its contacts.
    calls = [*before, tiny]
    with pytest.raises(StaffingError, match=rf"^interval {len(before)} \({tiny:g} contacts\): "):
        plan_intervals(calls, aht=180, targets=[ServiceLevelTarget(0.8, 20)])
