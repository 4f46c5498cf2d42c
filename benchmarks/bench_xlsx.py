"""Benchmark: the same rows read from an Excel workbook (.xlsx) and from their CSV.

Writes, in a temporary directory, 100,000 one-row-per-ticket rows (an id, three date cells, a
rating, a channel) and a 100,000-row event log (a case id, an activity, a date cell), each as
a workbook and as CSV, then times ``summary.load`` and ``eventlog.load`` (``contiguous=True``)
on each. openpyxl parses the sheet's XML, so the workbook is slower; there is no speed goal,
the figures are stated in docs/exports-summary.md and docs/exports.md. Needs the ``excel``
extra:

    .venv/bin/python benchmarks/bench_xlsx.py --rows 100000
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl

from servicemodel.io import eventlog, summary

START = datetime(2026, 1, 5, 9)
ACTIVITIES = {"Opened": "customer_message", "Replied": "agent_reply"}


def _write(folder: Path, name: str, header: list[str], rows: list[list[Any]]) -> list[Path]:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(folder / f"{name}.xlsx")
    with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for row in rows:
            out.writerow([v.isoformat(sep=" ") if isinstance(v, datetime) else v for v in row])
    return [folder / f"{name}.csv", folder / f"{name}.xlsx"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    n = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        tickets = []
        for i in range(n):
            created = START + timedelta(minutes=7 * i)
            tickets.append([
                f"T{i}", created, created + timedelta(minutes=40), created + timedelta(hours=5),
                1 + i % 5, ("email", "chat")[i % 2],
            ])  # fmt: skip
        header = ["id", "created_at", "first_reply_at", "solved_at", "rating", "channel"]
        for path in _write(folder, "tickets", header, tickets):
            began = time.perf_counter()
            count = len(summary.load(path, tz="UTC"))
            print(f"summary.load  {path.suffix:5} {n:,} rows, {count:,} tickets: "
                  f"{time.perf_counter() - began:.1f} s")  # fmt: skip
        log = [
            [f"C{i // 2}", ("Opened", "Replied")[i % 2],
             START + timedelta(minutes=7 * (i // 2) + 30 * (i % 2))]
            for i in range(n)
        ]  # fmt: skip
        header = ["case:concept:name", "concept:name", "time:timestamp"]
        for path in _write(folder, "log", header, log):
            began = time.perf_counter()
            loaded = eventlog.load(path, activity_map=ACTIVITIES, tz="UTC", contiguous=True)
            print(f"eventlog.load {path.suffix:5} {n:,} rows, {len(loaded.histories):,} cases: "
                  f"{time.perf_counter() - began:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
