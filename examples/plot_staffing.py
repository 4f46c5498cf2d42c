"""Plot simulated against Erlang C service level over the number of agents.

The desk is the Call Centre Helper example: 200 contacts an hour (100 per 30 minutes), an
average handle time of 180 s, so an offered load of A = 10 Erlangs; the target is "answered
within 20 s". For each N from 11 to 18 agents the simulation runs 1,000 hours (about 200,000
contacts) after a 10-hour warm-up, and reports service level and ASA with a 95 % interval from
20 batch means. Prints a Markdown table and writes docs/img/staffing_sl.png (needs matplotlib,
which servicemodel itself does not depend on: ``pip install 'servicemodel[report]'``).

Run from the repository root:

    python examples/plot_staffing.py [--hours 1000] [--out docs/img/staffing_sl.png]
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import statistics
from datetime import UTC, datetime, timedelta
from pathlib import Path

from servicemodel.simulate import SupportDesk, simulate
from servicemodel.staffing import Workload, queue_metrics

RATE, AHT, WITHIN = 200.0, 180.0, 20.0
AGENTS = range(11, 19)
WARMUP, BATCHES = 10, 20
T0 = datetime(2026, 1, 5, tzinfo=UTC)
Z95 = 1.96


def _batch_interval(values: list[float]) -> float:
    return Z95 * statistics.stdev(values) / math.sqrt(len(values))


def run(hours: int, seed: int) -> list[dict[str, float]]:
    """Simulate every staffing level and return one row of figures per N."""
    rows = []
    length = (hours - WARMUP) / BATCHES
    for n in AGENTS:
        desk = SupportDesk(agents=n, arrivals=RATE, handle_time=AHT)
        result = simulate(
            desk, T0, T0 + timedelta(hours=hours), seed=seed, warmup=timedelta(hours=WARMUP)
        )
        overall = result.summary(WITHIN)
        sl, asa = [], []
        for j in range(BATCHES):
            lo = T0 + timedelta(hours=WARMUP + j * length)
            batch = result.summary(WITHIN, start=lo, end=lo + timedelta(hours=length))
            assert batch.service_level is not None
            assert batch.asa is not None
            sl.append(batch.service_level)
            asa.append(batch.asa)
        predicted = queue_metrics(Workload(calls=RATE, interval=3600, aht=AHT), n, within=WITHIN)
        assert overall.service_level is not None
        assert overall.asa is not None
        rows.append(
            {
                "agents": n,
                "contacts": overall.offered,
                "sl_sim": overall.service_level,
                "sl_ci": _batch_interval(sl),
                "sl_erlang": predicted.service_level,
                "asa_sim": overall.asa,
                "asa_ci": _batch_interval(asa),
                "asa_erlang": predicted.asa,
            }
        )
    return rows


def table(rows: list[dict[str, float]]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| agents | contacts | SL simulated (95 % CI) | SL Erlang C | "
        "ASA simulated, s (95 % CI) | ASA Erlang C, s |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['agents']:.0f} | {r['contacts']:,.0f} "
            f"| {100 * r['sl_sim']:.1f} % ± {100 * r['sl_ci']:.1f} | {100 * r['sl_erlang']:.1f} % "
            f"| {r['asa_sim']:.2f} ± {r['asa_ci']:.2f} | {r['asa_erlang']:.2f} |"
        )
    return "\n".join(lines)


def plot(rows: list[dict[str, float]], out: Path) -> None:
    """Write the service-level chart to ``out``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = [r["agents"] for r in rows]
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
    ax.plot(n, [100 * r["sl_erlang"] for r in rows], "-", color="0.3", label="Erlang C")
    ax.errorbar(
        n,
        [100 * r["sl_sim"] for r in rows],
        yerr=[100 * r["sl_ci"] for r in rows],
        fmt="o",
        capsize=3,
        color="tab:blue",
        label="simulated (95 % batch-means CI)",
    )
    ax.axhline(80, color="tab:red", linestyle=":", linewidth=1, label="target 80 % in 20 s")
    ax.set_xlabel("agents N")
    ax.set_ylabel("answered within 20 s (%)")
    ax.set_title("200 contacts/h, AHT 180 s (A = 10 Erlangs)")
    ax.set_ylim(0, 101)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    # No software/version stamp: the PNG changes only when the figures do.
    fig.savefig(out, metadata={"Software": None})
    plt.close(fig)


def main() -> None:
    """Parse the arguments, simulate, print the table and write the chart."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=Path("docs/img/staffing_sl.png"))
    parser.add_argument("--no-plot", action="store_true", help="only print the table")
    args = parser.parse_args()
    if not args.no_plot and importlib.util.find_spec("matplotlib") is None:
        # Say so before the simulation, not after minutes of it.
        parser.error(
            "the chart needs matplotlib: pip install 'servicemodel[report]' (or --no-plot)"
        )
    rows = run(args.hours, args.seed)
    print(table(rows))
    if not args.no_plot:
        plot(rows, args.out)
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
