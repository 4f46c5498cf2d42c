"""check_plan at its edges: rows with agents and no forecast, a week with nobody on shift, and
contacts in one batch only; the staff command's per-channel --aht without --channel.

Law: a row's level and interval come from its batches by one rule in both modes
(``row_level``): no contacts give 1 in [0, 1]; contacts in fewer than two batches their share
in [0, 1]; otherwise the ratio interval.
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._staff_cli import _aht
from servicemodel.errors import ConfigError
from servicemodel.forecast import check_plan
from servicemodel.forecast._check_week import ratio_interval, row_level
from servicemodel.staffing import ServiceLevelTarget, WeeklyPlan, plan_intervals

SL = ServiceLevelTarget(0.8, 20)


def _with_agents(plan: WeeklyPlan, **agents: int) -> WeeklyPlan:
    rows = tuple(attrs.evolve(r, agents=agents.get(f"r{r.index}", r.agents)) for r in plan.rows)
    return attrs.evolve(plan, rows=rows)


def test_an_agent_on_a_quiet_half_hour_is_checked_not_refused() -> None:
    # Before: StaffingError "calls must be a positive finite number, got 0.0" for the whole
    # plan, from the Erlang prediction of the row with no forecast contacts.
    plan = _with_agents(plan_intervals([0, 20], aht=180, targets=[SL]), r0=1)
    quiet, busy = check_plan(plan, batches=3, hours_per_batch=0.25).intervals
    assert (quiet.index, quiet.predicted, quiet.contacts, quiet.short) == (0, 1.0, 0, False)
    assert busy.index == 1


@settings(max_examples=25)
@given(
    agents=st.integers(1, 40),
    concurrency=st.integers(1, 3),
    aht=st.integers(1, 3600),
    within=st.integers(0, 600),
    patience=st.none() | st.integers(1, 3600),
)
def test_a_quiet_row_with_agents_is_predicted_as_a_workload_of_no_calls(
    agents: int, concurrency: int, aht: int, within: int, patience: int | None
) -> None:
    # docs/staffing.md, "An interval with no calls": a Workload of 0 calls is a queue nobody
    # joins, service level 1.0 at any threshold, in Erlang C and Erlang A alike -- the level
    # check_plan predicts for a row with agents and no forecast contacts.
    model = "erlang-c" if patience is None else "erlang-a"
    targets = [ServiceLevelTarget(0.8, within)]
    base = plan_intervals(
        [0], aht=aht, targets=targets, model=model, patience=patience, concurrency=concurrency
    )
    plan = _with_agents(base, r0=agents)
    (quiet,) = check_plan(plan, batches=2, hours_per_batch=0.25).intervals
    assert (quiet.index, quiet.agents, quiet.predicted) == (0, agents, 1.0)
    assert (quiet.contacts, quiet.short) == (0, False)


def _week(calls_at: dict[int, float]) -> WeeklyPlan:
    calls = [calls_at.get(i, 0.0) for i in range(336)]
    return plan_intervals(calls, aht=180, targets=[SL], start=datetime(2026, 3, 2, tzinfo=UTC))


def test_a_week_with_nobody_on_shift_is_short_where_contacts_come() -> None:
    # Before: StaffingError "the plan staffs no interval"; the steady check called the same
    # rows short.
    plan = _week({20: 10, 21: 10})
    nobody = attrs.evolve(plan, rows=tuple(attrs.evolve(r, agents=0) for r in plan.rows))
    for mode in ("week", "steady"):
        check = check_plan(nobody, mode=mode, weeks=2)
        assert [(c.index, c.simulated, c.short) for c in check.intervals] == [
            (20, 0.0, True), (21, 0.0, True)]  # fmt: skip


def test_an_agent_on_a_quiet_half_hour_of_a_week_is_checked() -> None:
    plan = _week({20: 10})
    rows = list(plan.rows)
    rows[5] = attrs.evolve(rows[5], agents=1)
    check = check_plan(attrs.evolve(plan, rows=tuple(rows)), mode="week", weeks=2)
    quiet = next(c for c in check.intervals if c.index == 5)
    assert (quiet.predicted, quiet.contacts, quiet.short) == (1.0, 0, False)


def test_one_missed_contact_in_one_batch_is_no_evidence_of_a_short_interval() -> None:
    # Seed 16: the two batches hold one contact, answered late. The steady check read
    # [0 %, 79 %] (Wilson's interval of 0 out of 1) and called the row short; the week check
    # gives [0, 1] to contacts in fewer than two batches, and now both do.
    plan = _with_agents(plan_intervals([2], aht=1500, targets=[SL]), r0=1)
    (c,) = check_plan(plan, batches=2, hours_per_batch=0.25, seed=16).intervals
    assert (c.contacts, c.simulated, c.low, c.high, c.short) == (1, 0.0, 0.0, 1.0, False)


@st.composite
def batches(draw: st.DrawFn) -> tuple[list[int], list[int]]:
    offered = draw(st.lists(st.integers(0, 30), min_size=2, max_size=10))
    return [draw(st.integers(0, n)) for n in offered], offered


@settings(max_examples=60, deadline=None)
@given(drawn=batches(), level=st.sampled_from([0.9, 0.95]))
def test_a_rows_level_follows_one_rule(drawn: tuple[list[int], list[int]], level: float) -> None:
    met, offered = drawn
    got = row_level(True, 3, offered, met, level)
    total = sum(offered)
    if total == 0:
        assert got == (3, 1.0, 0.0, 1.0, 0)
    elif sum(1 for n in offered if n) < 2:
        assert got == (3, sum(met) / total, 0.0, 1.0, total)
    else:
        assert got == (3, *ratio_interval(met, offered, level), total)
    assert row_level(False, 3, offered, met, level) is None


# -- the staff command's --aht per channel, without --channel ----------------------------------


def test_per_channel_handle_times_without_a_channel_say_to_add_one() -> None:
    # Before: "... (known: {...}); pass --aht", said to one who had passed --aht.
    with pytest.raises(ConfigError, match="add --channel NAME, or give one --aht") as caught:
        _aht("chat=3m,email=5m", [], None)
    assert caught.value.path == "--aht"
    assert "chat, email" in str(caught.value)
    assert _aht("chat=3m", [], None) == 180.0  # one channel: its time
    assert _aht("chat=3m,email=5m", [], "email") == 300.0


def test_an_interval_named_twice_is_checked_once_in_row_order() -> None:
    # Before: intervals=[1, 1, 0] listed row 1 twice (and counted it short twice) in the
    # steady check, in the order given; the week check gave each row once, in row order.
    plan = plan_intervals([20, 30], aht=180, targets=[SL])
    check = check_plan(plan, batches=2, hours_per_batch=0.1, intervals=[1, 1, 0])
    assert [c.index for c in check.intervals] == [0, 1]
