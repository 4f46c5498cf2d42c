"""Coverage study: how often each interval method contains the true value (nominal 95 %).

Prints the tables of ``docs/intervals.md`` ("Measured coverage"). Exact where the sample space
can be enumerated (Wilson, the odds ratio of two counts, order statistics, the NPS and the
change of two proportions: every outcome weighted by its probability); Monte Carlo, seeded,
for the rest (means, ddsketch percentiles, Kaplan–Meier). A script, not a test (about half a
minute on one core):

    .venv/bin/python benchmarks/bench_interval_coverage.py [--reps 1000]

A cell reads ``covered %`` and, in brackets, the share of samples with a bound of ``None``
(an unbounded side, counted as covering) or, for Kaplan–Meier, ``no value / a bound None``;
a sample with no value is left out of the coverage (it gives no interval to judge).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import time
from collections.abc import Callable

from servicemodel.feedback import difference_interval
from servicemodel.kpi import (
    Durations,
    Estimate,
    SurvivalTimes,
    compare,
    mean_estimate,
    order_statistic_ranks,
    proportion,
    wilson_interval,
)
from servicemodel.kpi._intervals import nps_interval
from servicemodel.qa import cohen_kappa

NS = (5, 10, 30, 100, 1000)
SHARES = (0.02, 0.1, 0.5, 0.9, 0.98)
LEVEL = 0.95


def binomial_pmf(n: int, p: float) -> list[float]:
    """``P(B = k)`` for ``k = 0..n``, B ~ Bin(n, p), from logarithms (no overflow at n = 1000)."""
    lp, lq = math.log(p), math.log1p(-p)
    lf = [math.lgamma(k + 1) for k in range(n + 1)]
    return [math.exp(lf[n] - lf[k] - lf[n - k] + k * lp + (n - k) * lq) for k in range(n + 1)]


def row(label: str, cells: list[str]) -> None:
    print(f"| {label} | " + " | ".join(cells) + " |")


def header(first: str, columns: tuple[object, ...]) -> None:
    print(f"| {first} | " + " | ".join(str(c) for c in columns) + " |")
    print("|---" * (len(columns) + 1) + "|")


def wilson_table() -> None:
    print("\nWilson score (proportions; the odds of two counts, `wilson-odds`, is the same")
    print("event mapped by π/(1 − π), so it has the same coverage) — exact:\n")
    header("n \\ p", SHARES)
    for n in NS:
        cells = []
        for p in SHARES:
            pmf = binomial_pmf(n, p)
            hit = 0.0
            for k, w in enumerate(pmf):
                lo, hi = wilson_interval(k, n, LEVEL)
                hit += w * (lo <= p <= hi)
            cells.append(f"{100 * hit:.1f}")
        row(str(n), cells)
    cells = []
    for n in (10, 30, 100):
        grid = [0.005 + i * 0.0025 for i in range(397)]
        worst = min(grid, key=lambda p, n=n: wilson_coverage(n, p))
        cells.append(f"n={n}: {100 * wilson_coverage(n, worst):.1f} at p={worst:.4g}")
    print("\nLowest over p in [0.005, 0.995] (step 0.0025): " + "; ".join(cells))


def wilson_coverage(n: int, p: float) -> float:
    pmf = binomial_pmf(n, p)
    return sum(w for k, w in enumerate(pmf) if _within(wilson_interval(k, n, LEVEL), p))


def _within(bounds: tuple[float, float], x: float) -> bool:
    return bounds[0] <= x <= bounds[1]


def order_statistic_table() -> None:
    print("\nOrder statistics (exact percentiles of a continuous distribution) — exact:\n")
    header("percentile \\ n", NS)
    for q in (0.5, 0.9):
        cells = []
        for n in NS:
            lower, upper = order_statistic_ranks(n, q, LEVEL)
            pmf = binomial_pmf(n, q)
            lo = 0 if lower is None else lower
            hi = n if upper is None else upper - 1
            hit = sum(pmf[lo : hi + 1])
            none = "" if lower and upper else " (a bound None)"
            cells.append(f"{100 * hit:.1f}{none}")
        row(f"p{round(100 * q)}", cells)


NPS_MIXES = ((0.3, 0.3), (0.5, 0.2), (0.7, 0.1), (0.9, 0.02), (0.1, 0.6), (0.02, 0.02))


def nps_coverage(n: int, promoters: float, detractors: float) -> float:
    truth = 100 * (promoters - detractors)
    passives = 1 - promoters - detractors
    lf = [math.lgamma(k + 1) for k in range(n + 1)]
    hit = 0.0
    for p in range(n + 1):
        for d in range(n + 1 - p):
            a = n - p - d
            log_w = lf[n] - lf[p] - lf[d] - lf[a]
            log_w += p * math.log(promoters) + d * math.log(detractors)
            log_w += a * math.log(passives) if a else 0.0
            if log_w < -40:
                continue
            lo, hi, _ = nps_interval(p, d, n, LEVEL)
            value = 100 * (p - d) / n
            hit += math.exp(log_w) * (min(lo, value) <= truth <= max(hi, value))
    return hit


def nps_table() -> None:
    print("\nNPS adjusted Wald (columns: promoter / detractor shares) — exact:\n")
    header("n \\ mix", tuple(f"{p:g}/{d:g}" for p, d in NPS_MIXES))
    for n in (5, 10, 30, 100):
        row(str(n), [f"{100 * nps_coverage(n, p, d):.1f}" for p, d in NPS_MIXES])


def change_table() -> None:
    print("\nChange of two proportions, equal n — exact. `compare` (z on Agresti–Caffo SEs)")
    print("and `feedback.difference_interval` (Newcombe's hybrid score):\n")
    pairs = ((0.1, 0.1), (0.5, 0.5), (0.1, 0.3), (0.02, 0.1))
    header("p₁ → p₂, method \\ n", (5, 10, 30, 100))
    for p1, p2 in pairs:
        for name in ("compare", "Newcombe"):
            cells = []
            for n in (5, 10, 30, 100):
                pmf1, pmf2 = binomial_pmf(n, p1), binomial_pmf(n, p2)
                ests = [proportion(k, n) for k in range(n + 1)]
                hit = 0.0
                for k1, w1 in enumerate(pmf1):
                    for k2, w2 in enumerate(pmf2):
                        if w1 * w2 < 1e-13:
                            continue
                        if name == "compare":
                            c = compare(ests[k1], ests[k2], level=LEVEL)
                            bounds = (c.lower, c.upper)
                        else:
                            bounds = difference_interval(k1, n, k2, n, LEVEL)
                        hit += w1 * w2 * _within(bounds, p2 - p1)
                cells.append(f"{100 * hit:.1f}")
            row(f"{p1:g} → {p2:g}, {name}", cells)


def _covers(est: Estimate, truth: float) -> tuple[bool, bool]:
    lo = -math.inf if est.lower is None else est.lower
    hi = math.inf if est.upper is None else est.upper
    return lo <= truth <= hi, est.lower is None or est.upper is None


Draw = Callable[[random.Random, int], list[float]]


def _pareto(alpha: float) -> Draw:
    return lambda rng, n: [rng.paretovariate(alpha) for _ in range(n)]


# name: (draw, true mean, true quantile function)
POPULATIONS: dict[str, tuple[Draw, float, Callable[[float], float]]] = {
    "exponential(1)": (
        lambda rng, n: [rng.expovariate(1.0) for _ in range(n)],
        1.0,
        lambda q: -math.log1p(-q),
    ),
    "lognormal(0, 1)": (
        lambda rng, n: [rng.lognormvariate(0.0, 1.0) for _ in range(n)],
        math.exp(0.5),
        lambda q: math.exp(statistics.NormalDist().inv_cdf(q)),
    ),
    "Pareto(α = 2.5)": (_pareto(2.5), 2.5 / 1.5, lambda q: (1 - q) ** (-1 / 2.5)),
    "Pareto(α = 1.5)": (_pareto(1.5), 1.5 / 0.5, lambda q: (1 - q) ** (-1 / 1.5)),
}


def _reps(reps: int, n: int) -> int:
    return reps if n < 1000 else max(50, reps // 2)


def mean_table(rng: random.Random, reps: int) -> None:
    print(f"\nStudent's t for a mean (Durations.mean) — Monte Carlo, {reps} samples each")
    print(f"({_reps(reps, 1000)} at n = 1000):\n")
    header("population \\ n", NS)
    for name, (draw, mean, _) in POPULATIONS.items():
        cells = []
        for n in NS:
            k = _reps(reps, n)
            hit = 0
            for _ in range(k):
                x = draw(rng, n)
                m = math.fsum(x) / n
                est = mean_estimate(n, m, math.fsum((v - m) ** 2 for v in x), level=LEVEL)
                hit += _covers(est, mean)[0]
            cells.append(f"{100 * hit / k:.1f}")
        row(name, cells)


def sketch_table(rng: random.Random, reps: int) -> None:
    print(f"\nOrder statistics in sketch mode (relative accuracy 0.01) — Monte Carlo, {reps}")
    print("samples each:\n")
    header("population, percentile \\ n", NS)
    for name in ("exponential(1)", "lognormal(0, 1)", "Pareto(α = 1.5)"):
        draw, _, quantile = POPULATIONS[name]
        for q in (50, 90):
            cells = []
            for n in NS:
                k = _reps(reps, n)
                hit = none = 0
                for _ in range(k):
                    d = Durations.empty(sketch=True).add_many(draw(rng, n))
                    c, m = _covers(d.percentile(q, LEVEL), quantile(q / 100))
                    hit += c
                    none += m
                cells.append(f"{100 * hit / k:.1f}" + (f" [{100 * none / k:.0f}]" if none else ""))
            row(f"{name}, p{q}", cells)


def survival_table(rng: random.Random, reps: int) -> None:
    k_reps = max(100, reps // 2)
    print("\nKaplan–Meier, exponential(1) times (true median ln 2, p90 ln 10, restricted mean")
    print(f"to 1: 1 − 1/e) — Monte Carlo, {k_reps} samples each ({max(50, k_reps // 2)} at")
    print("n = 1000); brackets: % with no value / % with a bound None:\n")
    header("censoring, statistic \\ n", NS)
    setups = (("none", 0.0), ("exponential(0.5), ~33 %", 0.5), ("exponential(1), ~50 %", 1.0))
    truths = (("median", math.log(2)), ("p90", math.log(10)), ("rmst", 1 - math.exp(-1)))
    for label, rate in setups:
        for key, truth in truths:
            cells = []
            for n in NS:
                k = k_reps if n < 1000 else max(50, k_reps // 2)
                hit = undefined = unbounded = 0
                for _ in range(k):
                    pairs = []
                    for _ in range(n):
                        t = rng.expovariate(1.0)
                        c = rng.expovariate(rate) if rate else math.inf
                        pairs.append((min(t, c), t <= c))
                    curve = SurvivalTimes.empty(horizon=1.0).add_many(pairs).result()
                    est = curve[key]
                    if est.value is None:
                        undefined += 1
                        continue
                    c_, m = _covers(est, truth)
                    hit += c_
                    unbounded += m
                judged = k - undefined
                shown = f"{100 * hit / judged:.1f}" if judged else "–"
                cells.append(f"{shown} [{100 * undefined / k:.0f}/{100 * unbounded / k:.0f}]")
            row(f"{label}, {key}", cells)


#: Two raters' joint shares of (first, second) labels, and the population's Cohen's κ of each.
KAPPA_TABLES = (
    ("balanced", {("a", "a"): 0.4, ("a", "b"): 0.1, ("b", "a"): 0.1, ("b", "b"): 0.4}),
    ("skewed", {("a", "a"): 0.8, ("a", "b"): 0.05, ("b", "a"): 0.05, ("b", "b"): 0.1}),
)


def _kappa(joint: dict[tuple[str, str], float]) -> float:
    first = joint["a", "a"] + joint["a", "b"]
    second = joint["a", "a"] + joint["b", "a"]
    observed = joint["a", "a"] + joint["b", "b"]
    chance = first * second + (1 - first) * (1 - second)
    return (observed - chance) / (1 - chance)


def kappa_table(rng: random.Random, reps: int) -> None:
    print(f"\nCohen's κ, κ ± z·SE (Fleiss–Cohen–Everitt) — Monte Carlo, {reps} samples each")
    print(f"({_reps(reps, 1000)} at n = 1000); brackets: % of samples with no lower bound")
    print("(a standard error of 0):\n")
    header("raters' table (κ) \\ n", (10, 30, 100, 1000))
    for name, joint in KAPPA_TABLES:
        truth = _kappa(joint)
        cells = []
        for n in (10, 30, 100, 1000):
            k = _reps(reps, n)
            hit = judged = open_below = 0
            for _ in range(k):
                pairs = rng.choices(list(joint), list(joint.values()), k=n)
                est = cohen_kappa([a for a, _ in pairs], [b for _, b in pairs], level=LEVEL)
                if est.value is None:
                    continue
                judged += 1
                open_below += est.lower is None
                hit += _covers(est.to_estimate(), truth)[0]
            cells.append(f"{100 * hit / judged:.1f} [{100 * open_below / judged:.0f}]")
        row(f"{name} ({truth:.3g})", cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=1000, help="Monte Carlo samples per cell")
    args = parser.parse_args()
    start = time.perf_counter()
    rng = random.Random(2026)
    wilson_table()
    order_statistic_table()
    nps_table()
    change_table()
    mean_table(rng, args.reps)
    sketch_table(rng, args.reps)
    survival_table(rng, args.reps)
    kappa_table(rng, args.reps)
    print(f"\n({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
