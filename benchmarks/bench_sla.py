"""Benchmark: stream synthetic tickets through a business-hours SLA policy set.

Generates ``--n`` tickets (default 1,000,000) of about six events each, on the fly, and
evaluates each against ``examples/policies/standard.toml`` (Europe/Berlin office hours with
holidays, urgent 24/7; first reply, next reply, periodic update and resolution targets),
holding one ticket at a time. Prints throughput (overall, and for evaluation alone) and peak
memory (resident set size, from ``resource.getrusage``), sampled after a tenth of the run
and at the end to show that memory stays flat.

    python benchmarks/bench_sla.py            # 1,000,000 tickets
    python benchmarks/bench_sla.py --n 100000
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Event,
    InternalNote,
    Priority,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import PolicySet, evaluate

ROOT = Path(__file__).resolve().parents[1]
PRIORITIES = list(Priority)
WEIGHTS = [25, 50, 18, 7]


def synthetic(n: int, seed: int = 1) -> Iterator[TicketHistory]:
    """``n`` plausible ticket histories of about six events, created over 2026."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 5, tzinfo=UTC)
    minute = timedelta(minutes=1)
    for i in range(n):
        t = start + timedelta(seconds=rng.randrange(360 * 86400))
        ticket = Ticket(
            f"T-{i}",
            t,
            channel=rng.choice(("email", "chat", "phone", "web")),
            priority=rng.choices(PRIORITIES, WEIGHTS)[0],
            tags=("vip",) if rng.random() < 0.1 else (),
        )
        events: list[Event] = []
        t += rng.randrange(5, 600) * minute
        events.append(InternalNote("n1", t))
        t += rng.randrange(0, 600) * minute
        events.append(AgentReply("r1", t))
        t += rng.randrange(1, 1440) * minute
        if rng.random() < 0.5:
            events.append(StatusChange("p1", t, status="pending"))
            t += rng.randrange(60, 4000) * minute
        events.append(CustomerMessage("c1", t))
        t += rng.randrange(1, 900) * minute
        events.append(AgentReply("r2", t))
        t += rng.randrange(1, 300) * minute
        events.append(StatusChange("s1", t, status="solved"))
        yield TicketHistory(ticket, events)


def rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of tickets")
    parser.add_argument("--policies", default=str(ROOT / "examples/policies/standard.toml"))
    args = parser.parse_args()
    policies = PolicySet.from_file(args.policies)
    states: Counter[str] = Counter()
    measurements = 0
    eval_seconds = 0.0
    checkpoint = max(1, args.n // 10)
    rss_early = None
    began = time.perf_counter()
    for i, history in enumerate(synthetic(args.n), 1):
        t = time.perf_counter()
        ms = evaluate(policies, history)
        eval_seconds += time.perf_counter() - t
        measurements += len(ms)
        for m in ms:
            states[m.state.value] += 1
        if i == checkpoint:
            rss_early = rss_mib()
    total = time.perf_counter() - began
    print(f"tickets:          {args.n:,} (~6 events each), {measurements:,} measurements")
    print(f"states:           {dict(sorted(states.items()))}")
    print(f"total time:       {total:.1f} s  ({args.n / total:,.0f} tickets/s incl. generation)")
    print(f"evaluation time:  {eval_seconds:.1f} s  ({args.n / eval_seconds:,.0f} tickets/s)")
    print(
        f"peak RSS:         {rss_early:.1f} MiB after {checkpoint:,} tickets, "
        f"{rss_mib():.1f} MiB at the end"
    )


if __name__ == "__main__":
    main()
