"""What a user's failing property reports: the SLA strategies shrink to the simplest value.

A property that fails on a drawn policy, set or ladder is reported with the example
Hypothesis shrinks it to; these pin that example for simple failing conditions (with
``find``, derandomized, no database), and that the strategies still reach the rest of their
domain (``benchmarks/bench_strategies_shrink.py`` measures how long shrinking takes).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import find, settings

import servicemodel.strategies as sms
from servicemodel.calendar import BusinessCalendar
from servicemodel.escalation import EscalationLadder, TriggerKind
from servicemodel.model import Priority
from servicemodel.sla import Always, Metric, PolicySet, SLAPolicy, Target

_FIND = settings(derandomize=True, database=None, max_examples=300, deadline=None)
_ALWAYS = BusinessCalendar.always()


def _find(strategy: Any, condition: Callable[[Any], bool]) -> Any:
    return find(strategy, condition, settings=_FIND)


def _targets(policy: SLAPolicy) -> list[Target]:
    return [t for ts in policy.targets.values() for t in ts]


def _is_simplest_apart_from_targets(policy: SLAPolicy) -> bool:
    return (
        policy.condition == Always()
        and policy.calendar == _ALWAYS
        and policy.reopen == "final"
        and not policy.pause
        and not policy.pause_labels
        and not policy.warn_at
    )


def test_a_policy_shrinks_to_one_target_at_low_on_the_24_7_calendar() -> None:
    policy = _find(sms.policies(metrics=[Metric.FIRST_REPLY]), lambda p: len(_targets(p)) >= 1)
    assert policy.targets == {Priority.LOW: (Target(Metric.FIRST_REPLY, timedelta(minutes=15)),)}
    assert _is_simplest_apart_from_targets(policy)


def test_a_policy_with_every_metric_shrinks_to_one_target_per_metric() -> None:
    policy = _find(sms.policies(), lambda p: len(_targets(p)) >= 1)
    quarter = timedelta(minutes=15)
    assert policy.targets == {Priority.LOW: tuple(Target(m, quarter) for m in Metric)}
    assert _is_simplest_apart_from_targets(policy)


def test_a_long_target_shrinks_to_the_next_quarter_hour_and_nothing_else() -> None:
    policy = _find(
        sms.policies(metrics=[Metric.RESOLUTION]),
        lambda p: any(t.within > timedelta(hours=8) for t in _targets(p)),
    )
    assert policy.targets == {
        Priority.LOW: (Target(Metric.RESOLUTION, timedelta(hours=8, minutes=15)),)
    }
    assert _is_simplest_apart_from_targets(policy)


def test_a_second_priority_shrinks_to_low_and_normal() -> None:
    # Two priorities, not a priority and a desk's own priority name (``"label:P0"``), which
    # is another way to have two keys.
    policy = _find(
        sms.policies(metrics=[Metric.FIRST_REPLY]),
        lambda p: sum(isinstance(k, Priority) for k in p.targets) >= 2,
    )
    quarter = (Target(Metric.FIRST_REPLY, timedelta(minutes=15)),)
    assert policy.targets == {Priority.LOW: quarter, Priority.NORMAL: quarter}
    assert _is_simplest_apart_from_targets(policy)


def test_a_policy_set_shrinks_to_as_few_policies_each_as_simple() -> None:
    found = _find(sms.policy_sets(metrics=[Metric.FIRST_REPLY]), lambda s: len(s.policies) >= 2)
    simplest = sms.policies(metrics=[Metric.FIRST_REPLY], conditions=True)
    one = _find(simplest, lambda _: True)
    assert isinstance(found, PolicySet)
    assert [p.name for p in found.policies] == ["p0", "p1"]
    for policy in found.policies:
        assert policy.targets == one.targets
        assert _is_simplest_apart_from_targets(policy)


def test_a_ladder_shrinks_to_levels_at_breach_without_a_repeat() -> None:
    ladder = _find(sms.ladders(), lambda lad: len(lad.levels) >= 2)
    assert isinstance(ladder, EscalationLadder)
    assert [level.trigger.kind for level in ladder.levels] == [TriggerKind.BREACH] * 2
    assert all(not level.targets and level.action == "notify" for level in ladder.levels)
    assert ladder.repeat_every is None


def test_a_repeating_ladder_shrinks_to_one_repeat_in_business_time() -> None:
    ladder = _find(sms.ladders(), lambda lad: lad.repeat_every is not None)
    assert [level.trigger.kind for level in ladder.levels] == [TriggerKind.BREACH]
    assert (ladder.repeat_every, ladder.repeat_times) == (timedelta(minutes=15), 1)
    assert ladder.repeat_business is True
    assert ladder.repeat_scope == "last"


# The same domain as before: every set of priorities a metric can have targets at, each
# clock a target can count, and targets in the order of the metrics asked for.
@pytest.mark.parametrize(
    "priorities",
    [
        {Priority.URGENT},
        {Priority.NORMAL, Priority.HIGH},
        {Priority.LOW, Priority.URGENT},
        set(Priority),
    ],
    ids=lambda ps: "+".join(sorted(p.value for p in ps)),
)
def test_a_metric_can_have_targets_at_any_priorities(priorities: set[Priority]) -> None:
    def at(policy: SLAPolicy, metric: Metric) -> set[Priority]:
        return {p for p in Priority if policy.target_for(p, metric) is not None}

    policy = _find(sms.policies(), lambda p: any(at(p, m) == priorities for m in Metric))
    assert any(at(policy, m) == priorities for m in Metric)


@pytest.mark.parametrize(
    ("clock", "condition"),
    [
        ("calendar time", lambda t: not t.business),
        ("own calendar", lambda t: t.calendar is not None),
        ("policy calendar", lambda t: t.business and t.calendar is None),
    ],
)
def test_a_target_can_count_every_clock(clock: str, condition: Callable[[Target], bool]) -> None:
    strategy = sms.policies(metrics=[Metric.FIRST_REPLY, Metric.RESOLUTION])
    policy = _find(strategy, lambda p: any(condition(t) for t in _targets(p)))
    assert any(condition(t) for t in _targets(policy)), clock


def test_without_target_calendars_every_target_counts_the_policy_calendar() -> None:
    policy = _find(
        sms.policies(target_calendars=False),
        lambda p: len(_targets(p)) > len(Metric),
    )
    assert all(t.business and t.calendar is None for t in _targets(policy))


def test_targets_at_a_priority_keep_the_order_of_the_metrics_asked_for() -> None:
    asked = [Metric.RESOLUTION, Metric.FIRST_REPLY]
    policy = _find(sms.policies(metrics=asked), lambda p: len(_targets(p)) >= 4)
    for targets in policy.targets.values():
        order = [asked.index(t.metric) for t in targets]
        assert order == sorted(order)
