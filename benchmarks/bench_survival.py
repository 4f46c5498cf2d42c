"""Benchmark: SurvivalTimes (Kaplan–Meier) against lifelines' KaplanMeierFitter.

Same random censored times for both (seed 2026; exponential times rounded to the second, a
third censored). Prints the time to count and fit, the time to merge 64 partitions, and the
largest difference of the curves. A script, not a test:

    .venv/bin/python benchmarks/bench_survival.py [--n 200000]
"""

from __future__ import annotations

import argparse
import random
import time
import warnings

from servicemodel.kpi import SurvivalTimes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200_000)
    args = parser.parse_args()
    rng = random.Random(2026)
    pairs = [(float(round(rng.expovariate(1 / 3600))), rng.random() > 1 / 3) for _ in range(args.n)]

    start = time.perf_counter()
    acc = SurvivalTimes.empty().add_many(pairs)
    km = acc.result()
    ours = time.perf_counter() - start
    print(f"servicemodel: count + curve of {args.n} pairs: {ours:.3f} s, {len(acc.rows)} times")

    parts = [SurvivalTimes.empty().add_many(pairs[i::64]) for i in range(64)]
    start = time.perf_counter()
    merged = sum(parts)
    print(f"servicemodel: merge 64 partitions: {time.perf_counter() - start:.3f} s")
    assert merged == acc

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from lifelines import KaplanMeierFitter
    except ImportError:
        print("lifelines not installed: no comparison")
        return
    times, events = zip(*pairs, strict=True)
    start = time.perf_counter()
    kmf = KaplanMeierFitter().fit(list(times), [int(e) for e in events])
    theirs = time.perf_counter() - start
    sf = kmf.survival_function_["KM_estimate"]
    diff = max(abs(s - sf.loc[t]) for t, s in zip(km.times, km.survival, strict=True))
    print(f"lifelines: fit: {theirs:.3f} s; largest |S difference| {diff:.2e}")


if __name__ == "__main__":
    main()
