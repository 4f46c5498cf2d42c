"""Benchmark: the live SLA engine (issue 12) on the sample export.

Prints, on this machine (one core):

- ``apply`` throughput: events per second through ``TicketSLA.apply`` on the sample data's
  event mix (and what an immutable state would cost: a ``copy()`` before every ``apply``);
- live versus re-evaluating the whole history after each event, on tickets with 20+ events
  (the sample's own and synthetic conversations of 20, 50 and 100 events): the ratio, for
  ``apply`` alone and for ``apply`` followed by ``measurements()``;
- ``apply`` + ``next_timer()`` per event on conversations of 20 to 1,000 events, with the
  state's running totals and without them (flat per event with them: linear in the history);
- bytes of serialised state per ticket (compact JSON of ``to_dict()``): median and p99;
- the batch path (``evaluate_many``, now the engine folded over each history) against the
  engine as it was before the live refactor, loaded from git (``--baseline``), same run.

    python benchmarks/bench_live.py
    python benchmarks/bench_live.py --repeat 5 --baseline 95268dfd
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from servicemodel.io import load_jsonl
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Event,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import PolicySet, TicketSLA, evaluate, evaluate_many

ROOT = Path(__file__).resolve().parents[1]
#: The last commit before the SLA engine became the live engine folded over a history.
BEFORE_LIVE = "95268dfd9928bd2d423d4b9e9b8406c3e4ac98c2"


def best(fn: Callable[[], Any], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by other processes)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def apply_all(policies: PolicySet, histories: list[TicketHistory]) -> None:
    for h in histories:
        state = TicketSLA(policies, h.ticket)
        apply = state.apply
        for ev in h.events:
            apply(ev)


def apply_only(policies: PolicySet, histories: list[TicketHistory], repeat: int) -> float:
    """Seconds for the ``apply`` calls alone (the states are started outside the clock)."""
    times = []
    for _ in range(repeat):
        states = [(TicketSLA(policies, h.ticket), h.events) for h in histories]
        started = time.perf_counter()
        for state, events in states:
            apply = state.apply
            for ev in events:
                apply(ev)
        times.append(time.perf_counter() - started)
    return min(times)


def apply_immutably(policies: PolicySet, histories: list[TicketHistory]) -> None:
    for h in histories:
        state = TicketSLA(policies, h.ticket)
        for ev in h.events:
            state = state.copy()
            state.apply(ev)


def conversation(n: int, seed: int = 0) -> TicketHistory:
    """A ticket of ``n`` events: messages, replies, pending and open, one every 40 minutes."""
    t0 = datetime(2026, 3, 2, 8, tzinfo=UTC) + timedelta(minutes=seed)
    cycle: list[Callable[[int, datetime], Event]] = [
        lambda i, t: CustomerMessage(f"e{i}", t),
        lambda i, t: AgentReply(f"e{i}", t),
        lambda i, t: StatusChange(f"e{i}", t, status="pending"),
        lambda i, t: StatusChange(f"e{i}", t, status="open"),
    ]
    events: list[Event] = [cycle[i % 4](i, t0 + timedelta(minutes=40 * (i + 1))) for i in range(n)]
    return TicketHistory(Ticket(f"C-{n}-{seed}", t0, priority="high"), events)


def live_vs_reevaluate(
    policies: PolicySet, histories: list[TicketHistory], repeat: int
) -> dict[str, float]:
    """Seconds for each way of following the tickets event by event."""

    def live(after: Callable[[TicketSLA], object] | None) -> None:
        for h in histories:
            state = TicketSLA(policies, h.ticket)
            for ev in h.events:
                state.apply(ev)
                if after is not None:
                    after(state)

    def again() -> None:
        for h in histories:
            events = h.events
            for k in range(1, len(events) + 1):
                evaluate(policies, TicketHistory(h.ticket, events[:k]))

    return {
        "apply": best(lambda: live(None), repeat),
        "apply + next_timer": best(lambda: live(TicketSLA.next_timer), repeat),
        "apply + measurements": best(lambda: live(TicketSLA.measurements), repeat),
        "re-evaluate": best(again, repeat),
    }


def next_timer_cost(policies: PolicySet, n: int, repeat: int) -> tuple[float, float]:
    """Microseconds per ``next_timer()`` after each event of ``n``-event conversations.

    With the state's running totals, and without them (the state's cache switched off, so
    every call walks the whole status timeline and every interval the clocks ran).
    """
    group = [conversation(n, s) for s in range(3)]
    calls = sum(len(h.events) for h in group)

    def follow(totals: bool) -> None:
        for h in group:
            state = TicketSLA(policies, h.ticket)
            if not totals:
                state._facts.memo = None
            for ev in h.events:
                state.apply(ev)
                state.next_timer()

    with_totals = best(lambda: follow(True), repeat) / calls * 1e6
    without = best(lambda: follow(False), repeat) / calls * 1e6
    return with_totals, without


def load_baseline(rev: str) -> types.ModuleType | None:
    """The SLA engine module as it was at ``rev`` (with its facts module), or ``None``."""

    def source(path: str) -> str:
        return subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{rev}:{path}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    try:
        facts_src = source("src/servicemodel/sla/_facts.py")
        engine_src = source("src/servicemodel/sla/_engine.py")
    except (OSError, subprocess.CalledProcessError):
        return None
    facts = types.ModuleType("baseline_sla_facts")
    exec(compile(facts_src, "baseline _facts.py", "exec"), facts.__dict__)
    sys.modules["baseline_sla_facts"] = facts
    engine = types.ModuleType("baseline_sla_engine")
    engine_src = engine_src.replace("servicemodel.sla._facts", "baseline_sla_facts")
    exec(compile(engine_src, "baseline _engine.py", "exec"), engine.__dict__)
    return engine


def percentile(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(ROOT / "examples/data/tickets.jsonl"))
    parser.add_argument("--policy", default=str(ROOT / "examples/policies/standard.toml"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", default=BEFORE_LIVE, help="git revision to compare with")
    args = parser.parse_args(argv)
    histories = list(load_jsonl(args.file))
    policies = PolicySet.from_file(args.policy)
    n_events = sum(len(h.events) for h in histories)
    print(f"{len(histories)} tickets, {n_events} events ({args.file})")

    took = apply_only(policies, histories, args.repeat)
    print(f"apply:                 {n_events / took:>10,.0f} events/s (mutable state)")
    took = best(lambda: apply_all(policies, histories), args.repeat)
    print(f"start + apply:         {n_events / took:>10,.0f} events/s (a state per ticket too)")
    took = best(lambda: apply_immutably(policies, histories), args.repeat)
    print(f"apply, copy each time: {n_events / took:>10,.0f} events/s (an immutable state)")

    long = [h for h in histories if len(h.events) >= 20]
    groups = [("sample, 20+ events", long)]
    groups += [
        (f"synthetic, {n} events", [conversation(n, s) for s in range(5)]) for n in (20, 50, 100)
    ]
    print("re-evaluating the whole history after each event, divided by following it live:")
    for name, group in groups:
        if not group:
            continue
        ways = live_vs_reevaluate(policies, group, args.repeat)
        again = ways.pop("re-evaluate")
        ratios = ", ".join(f"{again / t:,.0f}x {what}" for what, t in ways.items())
        print(f"  {name:<22} ({len(group)} tickets): {ratios}")

    print("apply + next_timer() per event, microseconds (running totals / walking it all):")
    for n in (20, 100, 400, 1000):
        fast, slow = next_timer_cost(policies, n, args.repeat)
        print(f"  {n:>5} events: {fast:7.1f} / {slow:7.1f} us ({slow / fast:.1f}x)")

    sizes = []
    for h in histories:
        state = TicketSLA.from_history(policies, h)
        sizes.append(len(json.dumps(state.to_dict(), separators=(",", ":")).encode()))
    print(
        f"state per ticket:      median {statistics.median(sizes):,.0f} B, "
        f"p99 {percentile(sizes, 0.99):,} B, max {max(sizes):,} B"
    )

    baseline = load_baseline(args.baseline)
    if baseline is None:
        now = best(lambda: list(evaluate_many(policies, histories)), args.repeat)
        print(f"batch evaluate_many:   {len(histories) / now:,.0f} tickets/s (no baseline: git?)")
        return
    # Interleaved, best of at least five each: on a shared machine the load changes between
    # two back-to-back blocks of runs more than the engines differ.
    now_times, before_times = [], []
    for _ in range(max(args.repeat, 5)):
        now_times.append(best(lambda: list(evaluate_many(policies, histories)), 1))
        before_times.append(
            best(lambda: [m for h in histories for m in baseline.evaluate(policies, h)], 1)
        )
    now, before = min(now_times), min(before_times)
    same = list(evaluate_many(policies, histories)) == [
        m for h in histories for m in baseline.evaluate(policies, h)
    ]
    print(
        f"batch evaluate_many:   {len(histories) / now:,.0f} tickets/s; before the live engine "
        f"({args.baseline[:8]}): {len(histories) / before:,.0f} tickets/s; "
        f"ratio now/before time {now / before:.2f} (identical results: {same})"
    )


if __name__ == "__main__":
    main()
