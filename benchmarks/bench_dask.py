"""Benchmark: NPS over N synthetic survey answers, on a local Dask cluster vs one process.

Writes N answers (scores 0-10 with a realistic skew, a channel column, seeded) as Parquet files
in a temporary directory, then times, on the same files:

- one process: read every file with pandas and fold it into ``NPS`` with ``add_many``;
- the cluster: ``servicemodel.dask.estimate`` over ``dask.dataframe.read_parquet`` on a
  ``LocalCluster`` of worker processes (cluster start-up is timed separately).

Both must give the identical Estimate. ``--workload tickets`` times a CPU-bound job instead:
SLA attainment (examples/policies/standard.toml) over N simulated tickets stored as JSON Lines
shards, parsed and evaluated ticket by ticket in Python.

Run from the repository root (needs the ``dask`` extra):

    python benchmarks/bench_dask.py [--n 10000000] [--partitions 40] [--workers 2]
    python benchmarks/bench_dask.py --workload tickets --n 100000
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from distributed import Client, LocalCluster

from servicemodel.io import dump_jsonl, load_jsonl
from servicemodel.kpi import NPS
from servicemodel.kpi.tickets import SLAAttainment
from servicemodel.simulate import SupportDesk, simulate
from servicemodel.sla import PolicySet, evaluate_many

POLICIES = Path(__file__).resolve().parents[1] / "examples" / "policies" / "standard.toml"

CHANNELS = np.array(["email", "chat", "phone", "web", "social"])
# P(score) for 0..10: mostly 8-10, a long tail of detractors.
WEIGHTS = np.array([3, 1, 1, 2, 2, 4, 5, 9, 18, 22, 33], dtype=float)


def write_answers(directory: Path, n: int, partitions: int, seed: int) -> list[Path]:
    """Write ``n`` answers split evenly over ``partitions`` Parquet files; return the paths."""
    rng = np.random.default_rng(seed)
    sizes = [n // partitions + (1 if i < n % partitions else 0) for i in range(partitions)]
    paths = []
    for i, size in enumerate(sizes):
        frame = pd.DataFrame(
            {
                "score": rng.choice(11, size=size, p=WEIGHTS / WEIGHTS.sum()).astype("int8"),
                "channel": rng.choice(CHANNELS, size=size),
            }
        )
        path = directory / f"part-{i:04d}.parquet"
        frame.to_parquet(path, index=False)
        paths.append(path)
    return paths


def write_tickets(directory: Path, n: int, partitions: int, seed: int) -> list[Path]:
    """Simulate about ``n`` chat tickets and write them as ``partitions`` JSON Lines shards."""
    hours = n / 120  # 120 contacts an hour
    start = datetime(2026, 1, 5, tzinfo=UTC)
    desk = SupportDesk(agents=9, arrivals=120, handle_time=240, patience=900)
    histories = simulate(desk, start, start + timedelta(hours=hours), seed=seed).histories()
    size = -(-len(histories) // partitions)
    paths = []
    for i in range(partitions):
        path = directory / f"tickets-{i:04d}.jsonl"
        path.write_text(dump_jsonl(histories[i * size : (i + 1) * size]), encoding="utf-8")
        paths.append(path)
    return paths


def tickets_one_process(paths: list[Path], policies: PolicySet) -> SLAAttainment:
    """Parse and evaluate every shard in this process."""
    acc = SLAAttainment.empty()
    for path in paths:
        acc = acc.add_many(evaluate_many(policies, load_jsonl(path).histories))
    return acc


def one_process(paths: list[Path]) -> NPS:
    """Fold every file into NPS in this process."""
    acc = NPS.empty()
    for path in paths:
        acc = acc.merge(NPS.empty().add_many(pd.read_parquet(path, columns=["score"])["score"]))
    return acc


def _cluster(workers: int) -> tuple[LocalCluster, Client, float]:
    t = time.perf_counter()
    cluster = LocalCluster(
        processes=True,
        n_workers=workers,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
    )
    return cluster, Client(cluster), time.perf_counter() - t


def _best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t)
    return min(times), result


def main() -> None:
    """Generate the data, run both variants, print the times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", choices=["answers", "tickets"], default="answers")
    parser.add_argument("--n", type=int, default=None, help="answers (10M) or tickets (100k)")
    parser.add_argument("--partitions", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()

    import dask.dataframe as dd

    from servicemodel.dask import estimate, read_tickets, sla_attainment

    tickets = args.workload == "tickets"
    n = args.n if args.n is not None else (100_000 if tickets else 10_000_000)
    with tempfile.TemporaryDirectory(prefix="servicemodel-bench-") as tmp:
        directory = Path(tmp)
        t = time.perf_counter()
        if tickets:
            paths = write_tickets(directory, n, args.partitions, args.seed)
            what = f"{sum(1 for p in paths for _ in p.open()):,} simulated tickets in JSON Lines"
        else:
            paths = write_answers(directory, n, args.partitions, args.seed)
            what = f"{n:,} survey answers in Parquet"
        print(f"data: {what}, {len(paths)} files ({time.perf_counter() - t:.2f} s to write)")
        # Other processes compete for the same CPUs; say how busy the machine was.
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"machine: {os.cpu_count()} CPUs, load average {load} before the runs")

        policies = PolicySet.from_file(POLICIES)
        if tickets:
            single, expected = _best(
                args.repeat, lambda: tickets_one_process(paths, policies).result()
            )
        else:
            single, expected = _best(args.repeat, lambda: one_process(paths).result())
        print(f"one process:   {single:.3f} s (best of {args.repeat})  {expected}")

        cluster, client, startup = _cluster(args.workers)
        try:
            if tickets:
                on_cluster, got = _best(
                    args.repeat,
                    lambda: sla_attainment(read_tickets(str(directory / "*.jsonl")), policies),
                )
            else:
                on_cluster, got = _best(
                    args.repeat,
                    lambda: estimate(
                        dd.read_parquet(str(directory), columns=["score"]),
                        NPS.empty(),
                        column="score",
                    ),
                )
        finally:
            client.close()
            cluster.close()
        assert got == expected, (got, expected)
        print(
            f"local cluster: {on_cluster:.3f} s (best of {args.repeat}; {args.workers} worker "
            f"processes; start-up {startup:.2f} s not included)  {got}"
        )
        print(f"speed-up: {single / on_cluster:.2f}x; results identical")


if __name__ == "__main__":
    main()
