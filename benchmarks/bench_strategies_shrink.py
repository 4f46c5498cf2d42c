"""Benchmark: how long Hypothesis takes to shrink a failing example from our strategies.

A user's property that fails on a drawn policy, set, ladder, history or ticket is slow to
report when shrinking it takes long, and the example it reports is bigger than it need be.
For each strategy, a property that fails on a condition whose smallest example is clear runs
derandomized, without an example database; the script prints the time until Hypothesis
raises with the shrunk example, the test cases run while shrinking and how many of them were
successful shrinks, the length of the final example's repr, and the example itself with
``--show``. A script, not a test:

    .venv/bin/python benchmarks/bench_strategies_shrink.py [--only policies] [--show]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicemodel import strategies as sms
from servicemodel.model import Reopen, TicketHistory
from servicemodel.sla import Always, PolicySet, SLAPolicy

# Collects the engine's per-phase statistics, as Hypothesis' own ``--hypothesis-show-statistics``
# does. Internal to Hypothesis, so the script still runs (without step counts) if it moves.
try:
    from hypothesis.statistics import collector
except ImportError:  # pragma: no cover - depends on the Hypothesis version
    collector = None

_SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=False,
)


def _targets(policy: SLAPolicy) -> list[Any]:
    return [t for ts in policy.targets.values() for t in ts]


def _office_clock(policy: SLAPolicy) -> bool:
    # Some target counts business time on a calendar that is not open around the clock.
    return any(not t.calendar_in(policy.calendar).is_always_open for t in _targets(policy))


def _metric_twice(policy: SLAPolicy) -> bool:
    return len(_targets(policy)) > len(policy.metrics)


def _long_target(policy: SLAPolicy) -> bool:
    return any(t.within > timedelta(hours=8) for t in _targets(policy))


def _routed(ps: PolicySet) -> bool:
    return any(not isinstance(p.condition, Always) for p in ps.policies)


def _reopened(history: TicketHistory) -> bool:
    return any(isinstance(e, Reopen) for e in history.events)


#: name -> (strategy, the condition the property fails on, the smallest example in words).
#: Each condition is false for the simplest value, so Hypothesis has something to shrink.
CASES: dict[str, tuple[Callable[[], Any], Callable[[Any], bool], str]] = {
    "policies: a clock on office hours": (
        sms.policies,
        _office_clock,
        "one target per metric at one priority, on the first office calendar",
    ),
    "policies: a metric at two priorities": (
        sms.policies,
        _metric_twice,
        "one target per metric plus one more at a second priority",
    ),
    "policies: a target over 8h": (
        sms.policies,
        _long_target,
        "one target per metric, one of them just over 8h",
    ),
    "policy_sets: more than one policy": (
        sms.policy_sets,
        lambda ps: len(ps.policies) > 1,
        "two policies, each as small as one policy can be",
    ),
    "policy_sets: a policy with a condition": (
        sms.policy_sets,
        _routed,
        "one policy with the simplest condition other than Always",
    ),
    "policy_sets: a target over 8h": (
        sms.policy_sets,
        lambda ps: any(_long_target(p) for p in ps.policies),
        "one policy as above, one target just over 8h",
    ),
    "policies(calendars=calendars()): a holiday": (
        lambda: sms.policies(calendars=sms.calendars()),
        lambda p: bool(p.calendar.to_dict()["holidays"]),
        "the smallest policy on the smallest calendar with one holiday",
    ),
    "ladders: more than one level": (
        sms.ladders,
        lambda ladder: len(ladder.levels) > 1,
        "two levels with the simplest trigger, no repeat",
    ),
    "ladders: a repeat": (
        sms.ladders,
        lambda ladder: ladder.repeat_every is not None,
        "one level with the simplest trigger, repeating once",
    ),
    "histories: a reopen": (
        sms.histories,
        _reopened,
        "the smallest ticket, solved and reopened",
    ),
    "tickets: a tag": (
        sms.tickets,
        lambda t: bool(t.tags),
        "the smallest ticket with one tag",
    ),
}


def run(name: str, show: bool) -> dict[str, Any]:
    """Run one case; return its time, shrink statistics and final example."""
    make, fails, _ = CASES[name]
    last: list[Any] = []
    calls = [0]

    @_SETTINGS
    @given(make())
    def prop(value: Any) -> None:
        calls[0] += 1
        if fails(value):
            last[:] = [value]
            raise AssertionError("fails")

    stats: dict[str, Any] = {}
    t0 = time.perf_counter()
    try:
        if collector is not None:
            with collector.with_value(stats.update):
                prop()
        else:  # pragma: no cover
            prop()
    except AssertionError:
        pass
    else:
        raise SystemExit(f"{name}: the property never failed")
    seconds = time.perf_counter() - t0
    shrink = stats.get("shrink-phase", {})
    generate = stats.get("generate-phase", {})
    example = last[0]
    return {
        "seconds": seconds,
        "shrink_s": shrink.get("duration-seconds", float("nan")),
        "generated": len(generate.get("test-cases", [])),
        "shrink_cases": len(shrink.get("test-cases", [])),
        "shrinks": shrink.get("shrinks-successful", stats.get("shrinks-successful", -1)),
        "calls": calls[0],
        "repr_len": len(repr(example)),
        "example": example,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--show", action="store_true", help="print each final example")
    args = parser.parse_args()
    # Warm-up: the first strategy draw imports and validates lazily; keep that out of case 1.
    settings(database=None, max_examples=5)(given(st.just(0))(lambda _: None))()
    print(
        f"{'case':50} {'total s':>8} {'shrink s':>8} {'generated':>9} {'shrink cases':>12} "
        f"{'shrinks':>7} {'repr len':>8}"
    )
    for name in CASES:
        if args.only not in name:
            continue
        r = run(name, args.show)
        print(
            f"{name:50} {r['seconds']:8.2f} {r['shrink_s']:8.2f} {r['generated']:9d} "
            f"{r['shrink_cases']:12d} "
            f"{r['shrinks']:7d} {r['repr_len']:8d}",
            flush=True,
        )
        if args.show:
            print(f"    expected: {CASES[name][2]}\n    got: {r['example']!r}\n", flush=True)


if __name__ == "__main__":
    main()
