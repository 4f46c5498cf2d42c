"""Benchmark: JSON Lines export to the full text report (KPI and SLA sections), end to end.

The 5,032 sample tickets (examples/data/tickets.jsonl, about 7.2 events each) are copied under
new ids, each copy shifted by whole weeks, until there are ``--tickets`` tickets, and written
to a JSON Lines file (not timed). Then, timed stage by stage on one core, as
``servicemodel report FILE --policy examples/policies/standard.toml`` does it:

1. ``json.loads`` of every line (the floor any reader pays; for the ratio),
2. ``load_jsonl`` (records to histories),
3. ``build_report`` with the SLA policy set (overview, KPI, SLA sections),
4. ``render_text``.

Peak RSS (``resource.getrusage``) is printed after each stage. ``--profile`` runs the whole
pipeline under cProfile and prints the top functions by cumulative and by own time. A script,
not a test; the goal is under 60 s for 1,000,000 tickets:

    nice -n 10 .venv/bin/python benchmarks/bench_adapters_end_to_end.py --tickets 1000000
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from servicemodel.io import load_jsonl
from servicemodel.report import ReportOptions, Source, build_report, render_text
from servicemodel.sla import PolicySet

#: The clock each stage is timed with (``--cpu``: this process's CPU time, steadier on a
#: shared machine; the default, wall time).
CLOCK = time.perf_counter

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "data" / "tickets.jsonl"
POLICY = ROOT / "examples" / "policies" / "standard.toml"


def peak_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports kB)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / 1024 / 1024


def _shift(text: str, weeks: int) -> str:
    return (datetime.fromisoformat(text) + timedelta(weeks=weeks)).isoformat()


def generate(n: int, path: Path) -> int:
    """Write ``n`` tickets to ``path``; returns the number of events written."""
    with open(SAMPLE, encoding="utf-8") as fh:
        templates = [json.loads(line) for line in fh]
    events = 0
    with open(path, "w", encoding="utf-8") as out:
        for k in range(n):
            block, t = divmod(k, len(templates))
            rec: dict[str, Any] = dict(templates[t])
            rec["id"] = f"{rec['id']}-{block}"
            if block:
                rec["created_at"] = _shift(rec["created_at"], block)
                rec["events"] = [{**e, "at": _shift(e["at"], block)} for e in rec["events"]]
            events += len(rec["events"])
            out.write(json.dumps(rec, separators=(",", ":")))
            out.write("\n")
    return events


def stages(path: Path, policies: PolicySet) -> dict[str, float]:
    """Run the pipeline once, timing each stage; returns seconds by stage."""
    took: dict[str, float] = {}
    gc.collect()
    t0 = CLOCK()
    with open(path, "rb") as fh:
        parsed = sum(1 for line in fh if json.loads(line))
    took["json.loads"] = CLOCK() - t0
    print(f"  json.loads   {took['json.loads']:7.2f} s  ({parsed:,} records)  "
          f"peak RSS {peak_mb():7.0f} MB", flush=True)  # fmt: skip
    t0 = CLOCK()
    loaded = load_jsonl(path)
    took["load_jsonl"] = CLOCK() - t0
    print(f"  load_jsonl   {took['load_jsonl']:7.1f} s  "
          f"peak RSS {peak_mb():7.0f} MB", flush=True)  # fmt: skip
    t0 = CLOCK()
    report = build_report(loaded.histories, ReportOptions(policies=policies), source=Source("x"))
    took["build_report"] = CLOCK() - t0
    print(f"  build_report {took['build_report']:7.1f} s  "
          f"peak RSS {peak_mb():7.0f} MB", flush=True)  # fmt: skip
    t0 = CLOCK()
    text = render_text(report)
    took["render_text"] = CLOCK() - t0
    print(f"  render_text  {took['render_text']:7.1f} s  ({len(text.splitlines())} lines)  "
          f"peak RSS {peak_mb():7.0f} MB", flush=True)  # fmt: skip
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--file", type=Path, help="reuse (or keep) the generated export here")
    parser.add_argument("--profile", action="store_true", help="run under cProfile instead")
    parser.add_argument("--cpu", action="store_true", help="time CPU time, not wall time")
    args = parser.parse_args()
    if args.cpu:
        global CLOCK
        CLOCK = time.process_time
        print("(CPU time of this process)")
    policies = PolicySet.from_file(POLICY)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.file or Path(tmp) / "tickets.jsonl"
        if not path.exists():
            t0 = CLOCK()
            events = generate(args.tickets, path)
            print(f"generated {args.tickets:,} tickets, {events:,} events "
                  f"({path.stat().st_size / 1e6:,.0f} MB) in {CLOCK() - t0:.0f} s "
                  "(not timed below)")  # fmt: skip
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            stages(path, policies)
            prof.disable()
            stats = pstats.Stats(prof).strip_dirs()
            stats.sort_stats("cumulative").print_stats(25)
            stats.sort_stats("tottime").print_stats(25)
            return
        took = stages(path, policies)
    pipeline = took["load_jsonl"] + took["build_report"] + took["render_text"]
    floor = took["json.loads"]
    print(f"end to end (load + report + render): {pipeline:.1f} s for {args.tickets:,} tickets "
          f"(goal < 60 s for 1,000,000); peak RSS {peak_mb():,.0f} MB")  # fmt: skip
    stages_ = ("load_jsonl", "build_report", "render_text")
    ratios = ", ".join(f"{stage} {took[stage] / floor:.1f}x" for stage in stages_)
    print(f"ratios to json.loads of the same file: {ratios}, end to end {pipeline / floor:.1f}x")


if __name__ == "__main__":
    main()
