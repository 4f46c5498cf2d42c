"""Benchmark: the HTML report's KPI charts for histories spread over 1, 3, 10 and 30 years.

The sample tickets (``examples/data/tickets.jsonl``, 13 weeks) are spread over the span, a
few to each ISO week, so the report's weekly KPI series has about 52 periods a year. Prints
the time to build the report and to draw ``kpi_charts`` per span, the ticks and labels the
first chart holds, and the ratio of chart time 10 years / 1 year (a time axis that grows
with the span should cost little more than the data it draws). A script, not a test:

    .venv/bin/python benchmarks/bench_report_charts.py [--years 1 3 10 30] [--per-week 4]
        [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from servicemodel.io import history_from_dict
from servicemodel.model import TicketHistory
from servicemodel.report import ReportOptions, build_report
from servicemodel.report._charts import kpi_charts

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "data" / "tickets.jsonl"


def _shift(record: dict[str, Any], by: timedelta) -> dict[str, Any]:
    def moved(text: str) -> str:
        return (datetime.fromisoformat(text) - by).isoformat()

    out = dict(record)
    out["id"] = f"{record['id']}-{by.days}"
    out["created_at"] = moved(record["created_at"])
    out["events"] = [
        {**e, "id": f"{e['id']}-{by.days}", "at": moved(e["at"])} for e in record["events"]
    ]
    return out


def spread(years: int, per_week: int) -> list[TicketHistory]:
    """Return ``per_week`` sample tickets to a week, over ``years`` years ending where it ends."""
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    weeks = 52 * years
    out = []
    for w in range(weeks):
        for k in range(per_week):
            record = records[(w * per_week + k) % len(records)]
            out.append(history_from_dict(_shift(record, timedelta(weeks=w))))
    return out


def _ticks(svg: str, cid: str) -> tuple[int, int]:
    """Return a chart's x ticks (labelled and minor) and its x tick labels."""
    axis = svg[
        svg.index(f'id="{cid}-matplotlib.axis_1"') : svg.index(f'id="{cid}-matplotlib.axis_2"')
    ]
    return axis.count(f'id="{cid}-xtick_'), len(re.findall(r"<text[^>]*>[^<]*</text>", axis))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, nargs="*", default=[1, 3, 10, 30])
    parser.add_argument("--per-week", type=int, default=4)
    parser.add_argument("--profile", action="store_true", help="cProfile the longest span")
    args = parser.parse_args()
    options = ReportOptions(tz="Europe/Berlin")
    times: dict[int, float] = {}
    kpi_charts(build_report(spread(1, 1), options))  # matplotlib's import and font cache
    for years in args.years:
        hs = spread(years, args.per_week)
        start = time.perf_counter()
        report = build_report(hs, options)
        built = time.perf_counter() - start
        start = time.perf_counter()
        charts = kpi_charts(report)
        times[years] = time.perf_counter() - start
        drawn = [c for c in charts if c.svg is not None]
        ticks = _ticks(drawn[0].svg or "", drawn[0].id) if drawn else (0, 0)
        print(
            f"{years:>2} years: {len(report.kpi.by_week):>5} weeks, {len(hs):>6} tickets; "
            f"build_report {built:6.2f} s; kpi_charts {times[years]:6.2f} s "
            f"({len(drawn)} charts, {times[years] / max(len(drawn), 1):.2f} s each); "
            f"first chart {ticks[0]} x ticks, {ticks[1]} labelled"
        )
    if 1 in times and 10 in times:
        print(f"kpi_charts time 10 years / 1 year: {times[10] / times[1]:.1f}")
    if args.profile:
        report = build_report(spread(max(args.years), args.per_week), options)
        prof = cProfile.Profile()
        prof.enable()
        kpi_charts(report)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
