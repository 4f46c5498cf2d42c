"""Benchmark: memory stays flat while an adapter streams 1,000,000 tickets.

Each adapter reads generated vendor-shaped input one ticket at a time -- Zendesk export pages
with their audits (the fixture's tickets under new ids), event-log rows (the fixture's cases
under new ids) and our own JSON Lines (the sample export's tickets under new ids) -- produced
lazily, so the input itself takes no memory. Every history is counted and dropped. Peak RSS
(``resource.getrusage``) is printed after 100,000 tickets and at the end: flat memory means
the two figures are about equal. The one thing a reader keeps for the whole input is the ids
it has read, to report a repeated ticket; past 65,536 of them they move to a private temporary
SQLite database behind a 4 MB Bloom filter (``servicemodel.io._seen``), so they no longer grow
in memory (before, about 90 bytes per ticket). Run it once per adapter; it is heavy:

    nice -n 10 .venv/bin/python benchmarks/bench_adapters_stream.py --tickets 1000000
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import resource
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from servicemodel.io import eventlog, iter_jsonl, zendesk
from servicemodel.model import TicketHistory

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
CHECKPOINT = 100_000

sys.path.insert(0, str(Path(__file__).parent))
from bench_adapters import EVENTLOG_OPTIONS  # noqa: E402  (one set of options for both)


def peak_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports kB)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / 1024 / 1024


def zendesk_input(n: int) -> tuple[Iterator[dict[str, Any]], Iterator[dict[str, Any]]]:
    """Pages of 100 tickets and their audits, grouped by ticket in page order, made lazily."""
    page = json.loads((DATA / "zendesk" / "tickets_page1.json").read_text())
    with open(DATA / "zendesk" / "audits.jsonl", encoding="utf-8") as fh:
        audits = [json.loads(line) for line in fh]
    templates = page["tickets"]
    by_ticket = {t["id"]: [a for a in audits if a["ticket_id"] == t["id"]] for t in templates}

    def tickets() -> Iterator[tuple[int, dict[str, Any]]]:
        for k in range(n):
            t = copy.deepcopy(templates[k % len(templates)])
            yield t["id"], {**t, "id": 10_000_000 + k}

    def pages() -> Iterator[dict[str, Any]]:
        batch: list[dict[str, Any]] = []
        for _old, t in tickets():
            batch.append(t)
            if len(batch) == 100:
                yield {"tickets": batch, "after_cursor": str(t["id"]), "end_of_stream": False}
                batch = []
        if batch:
            yield {"tickets": batch, "after_cursor": "end", "end_of_stream": True}

    def audit_stream() -> Iterator[dict[str, Any]]:
        for old, t in tickets():
            for a in by_ticket[old]:
                yield {**a, "ticket_id": t["id"]}

    return pages(), audit_stream()


def eventlog_input(n: int) -> Iterator[dict[str, str]]:
    """The fixture's cases under new ids, rows of a case together, made lazily."""
    with open(DATA / "eventlog" / "incidents.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cases: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        cases.setdefault(r["case_id"], []).append(r)
    templates = list(cases.values())
    for k in range(n):
        for r in templates[k % len(templates)]:
            yield {**r, "case_id": f"C{k}"}


def jsonl_input(n: int) -> Iterator[str]:
    with open(ROOT / "examples" / "data" / "tickets.jsonl", encoding="utf-8") as fh:
        templates = [json.loads(line) for line in fh]
    for k in range(n):
        yield json.dumps({**templates[k % len(templates)], "id": f"J{k}"}, separators=(",", ":"))


def drain(name: str, stream: Iterable[TicketHistory]) -> None:
    t0 = time.perf_counter()
    tickets = events = 0
    at_checkpoint = 0.0
    for h in stream:
        tickets += 1
        events += len(h.events)
        if tickets == CHECKPOINT:
            at_checkpoint = peak_mb()
            print(f"{name:8}: {tickets:>9,} tickets  peak RSS {at_checkpoint:7.0f} MB", flush=True)
    took = time.perf_counter() - t0
    end = peak_mb()
    ratio = end / max(at_checkpoint, 1)
    print(f"{name:8}: {tickets:>9,} tickets  peak RSS {end:7.0f} MB  "
          f"({ratio:.2f}x the figure at {CHECKPOINT:,}); {events:,} events "
          f"in {took:.0f} s = {events / took:,.0f} ev/s, generating input too")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--adapter", choices=("zendesk", "eventlog", "jsonl", "all"), default="all")
    args = parser.parse_args()
    chosen = ("zendesk", "eventlog", "jsonl") if args.adapter == "all" else (args.adapter,)
    print(f"peak RSS before reading: {peak_mb():.0f} MB")
    for name in chosen:
        if name == "zendesk":
            pages, audits = zendesk_input(args.tickets)
            drain(name, zendesk.histories(pages, audits, status_map={"9002": "pending"}))
        elif name == "eventlog":
            drain(name, eventlog.histories(eventlog_input(args.tickets), **EVENTLOG_OPTIONS))
        else:
            drain(name, iter_jsonl(jsonl_input(args.tickets)))


if __name__ == "__main__":
    main()
