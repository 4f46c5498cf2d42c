"""Benchmark: servicemodel KPI accumulators vs the pandas one-liners, on the same data.

Run: ``.venv/bin/python benchmarks/bench_kpi.py [--n 1000000] [--histories FILE.jsonl]``.
Not a test: prints times (best of ``--repeat`` runs) and ratios. servicemodel gets plain
Python lists (pure Python); pandas gets ready-made Series (its best case). "pandas incl.
Series()" adds building the Series from the same list, which is what a pure-Python caller
would pay. With ``--histories``, it also times the report's KPI section (one pass: overall,
per channel and per week, Kaplan-Meier times) and overview on the tickets of a JSON Lines
export, each on freshly loaded histories (as ``build_report`` meets them).
"""

from __future__ import annotations

import argparse
import pickle
import random
import time
from collections.abc import Callable
from datetime import UTC
from typing import Any

import pandas as pd

from servicemodel.kpi import CSAT, NPS, Durations


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def row(label: str, ours: float, theirs: float, theirs_incl: float | None = None) -> None:
    extra = ""
    if theirs_incl is not None:
        extra = f"  | pandas incl. Series() {theirs_incl * 1e3:8.1f} ms"
        extra += f"  ratio {ours / theirs_incl:5.2f}x"
    print(
        f"{label:<34} servicemodel {ours * 1e3:8.1f} ms  pandas {theirs * 1e3:8.1f} ms  "
        f"ratio {ours / theirs:5.2f}x{extra}"
    )


def report_sections(path: str, repeat: int) -> None:
    """Time the report's KPI section and overview on the histories of ``path``."""
    from servicemodel.io import load_jsonl
    from servicemodel.io._files import bulk
    from servicemodel.report._kpi import kpi_parts
    from servicemodel.report._overview import build_overview
    from servicemodel.report._partial import PartialRule
    from servicemodel.report._select import select

    kpi, overview = [], []
    for _ in range(repeat):
        chosen, scope = select(load_jsonl(path).histories)
        with bulk():  # as build_report runs its sections: the collector paused
            t0 = time.perf_counter()
            kpi_parts(chosen, as_of=scope.as_of, partial=PartialRule(scope.as_of))
            t1 = time.perf_counter()
            build_overview(chosen, tz=UTC)
            kpi.append(t1 - t0)
            overview.append(time.perf_counter() - t1)
    print(
        f"report sections, {len(chosen):,} tickets: KPI section {min(kpi) * 1e3:8.1f} ms  "
        f"overview {min(overview) * 1e3:8.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--histories", help="a JSON Lines export: also time the report sections")
    args = parser.parse_args()
    n, repeat = args.n, args.repeat
    if args.histories:
        report_sections(args.histories, repeat)
    rnd = random.Random(2026)
    nps_scores = rnd.choices(range(11), weights=[2, 1, 1, 2, 2, 4, 6, 10, 18, 24, 30], k=n)
    csat_scores = rnd.choices(range(1, 6), weights=[5, 5, 10, 30, 50], k=n)
    # Resolution times in seconds: log-normal, median about 5 h, heavy right tail.
    seconds = [rnd.lognormvariate(9.8, 1.3) for _ in range(n)]
    nps_s, csat_s, sec_s = pd.Series(nps_scores), pd.Series(csat_scores), pd.Series(seconds)
    print(f"n = {n:,}, best of {repeat}")

    def ours_nps() -> Any:
        return NPS.empty().add_many(nps_scores).result()

    def pandas_nps(s: pd.Series = nps_s) -> Any:
        return ((s >= 9).mean() - (s <= 6).mean()) * 100, len(s)

    ours = ours_nps()
    ref = pandas_nps()[0]
    assert ours.value is not None
    assert abs(ours.value - ref) < 1e-9, (ours, ref)
    row(
        "NPS (value + interval)",
        best(ours_nps, repeat),
        best(pandas_nps, repeat),
        best(lambda: pandas_nps(pd.Series(nps_scores)), repeat),
    )
    row(
        "NPS, Series input to servicemodel",
        best(lambda: NPS.empty().add_many(nps_s).result(), repeat),
        best(pandas_nps, repeat),
    )

    def ours_csat() -> Any:
        return CSAT.empty().add_many(csat_scores).result()

    def pandas_csat(s: pd.Series = csat_s) -> Any:
        return (s >= 4).mean(), len(s)

    assert abs(ours_csat().value - pandas_csat()[0]) < 1e-12
    row(
        "CSAT (value + interval)",
        best(ours_csat, repeat),
        best(pandas_csat, repeat),
        best(lambda: pandas_csat(pd.Series(csat_scores)), repeat),
    )

    def ours_pct() -> Any:
        return Durations.empty().add_many(seconds).summary(percentiles=(50, 90, 99))

    def pandas_pct(s: pd.Series = sec_s) -> Any:
        return s.mean(), s.quantile([0.5, 0.9, 0.99], interpolation="higher")

    summary = ours_pct()
    assert abs(summary["mean"].value - sec_s.mean()) < 1e-6 * sec_s.mean()
    row(
        "mean+p50/p90/p99 exact (with CIs)",
        best(ours_pct, repeat),
        best(pandas_pct, repeat),
        best(lambda: pandas_pct(pd.Series(seconds)), repeat),
    )
    row(
        "  same, pandas linear quantiles",
        best(ours_pct, 1),
        best(lambda: (sec_s.mean(), sec_s.quantile([0.5, 0.9, 0.99])), repeat),
    )

    def ours_sketch(values: list[float]) -> Durations:
        return Durations.empty(sketch=True, relative_accuracy=0.01).add_many(values)

    t_sketch = best(lambda: ours_sketch(seconds).summary(percentiles=(50, 90, 99)), repeat)
    row("mean+p50/p90/p99 sketch (α=1 %)", t_sketch, best(pandas_pct, repeat))
    small, big = ours_sketch(seconds[: n // 10]), ours_sketch(seconds)
    print(
        f"sketch buckets: n={n // 10:,}: {len(small.buckets)} buckets "
        f"({len(pickle.dumps(small)):,} bytes pickled); n={n:,}: {len(big.buckets)} buckets "
        f"({len(pickle.dumps(big)):,} bytes pickled)"
    )
    exact = Durations.empty().add_many(seconds)
    print(f"exact mode pickled: {len(pickle.dumps(exact)):,} bytes")
    for q in (50, 90, 99):
        e, s = exact.percentile(q).value, big.percentile(q).value
        assert e is not None
        assert s is not None
        print(f"  p{q}: exact {e:12.1f} s  sketch {s:12.1f} s  relative error {abs(s - e) / e:.4%}")
    print(summary["p90"], "|", NPS.empty().add_many(nps_scores).result())


if __name__ == "__main__":
    main()
