"""Benchmark: events per second of the export adapters, against only parsing the same data.

The Zendesk fixture (tests/data/zendesk: its three good tickets with their audits, read
also as the incremental ticket event export, time-ordered pages of 1,000 events), the
event-log fixture (tests/data/eventlog/incidents.csv), the Freshdesk fixture's good tickets
with their conversations and ratings, the Jira fixture's good issues (changelog and comments)
and the one-row-per-ticket summary CSV are copied under new ids until there are ``--tickets``
tickets. For each adapter, prints events read per second and the time relative to
``json.loads`` of the same data (the JSON text of the pages and audits; for the event log, the
rows as one JSON array), which is the floor any reader of that data pays. Our own JSON Lines
(the sample export's tickets under new ids) is measured the same way, with the converter-only
path beside it, and then with both sides treated alike: ``load_jsonl`` against a list of
``json.loads`` of every line (both keep what they read; the peer runs with the collector off,
at its best), and ``iter_jsonl`` dropping each history against ``json.loads`` dropping each
record. A script, not a test:

    .venv/bin/python benchmarks/bench_adapters.py [--tickets 20000] [--cpu]

Times are wall time, the best of three runs; ``--cpu`` times the process's CPU time instead
(the time on one core, steadier on a machine shared with other work).
"""

from __future__ import annotations

import argparse
import copy
import csv
import gc
import io
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from servicemodel.io import (
    _records,
    eventlog,
    freshdesk,
    iter_jsonl,
    jira,
    load_jsonl,
    summary,
    zendesk,
)

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
EVENTLOG_OPTIONS: dict[str, Any] = {
    "columns": {"case": "case_id", "activity": "activity", "timestamp": "timestamp",
                "resource": "resource", "channel": "channel", "priority": "priority"},
    "activity_map": {"Ticket opened": "customer_message", "Customer reply": "customer_message",
                     "Agent reply": "agent_reply", "Internal note": "internal_note",
                     "Reopened": "reopen"},
    "status_map": {"In Progress": "open", "Awaiting User Info": "pending",
                   "Waiting for Vendor": "on_hold", "Resolved": "solved", "Closed": "closed"},
    "ignore": {"Assigned"},
    "dayfirst": True,
}  # fmt: skip


CLOCK = time.perf_counter  # time.process_time with --cpu


def best_of(fn: Callable[[], int], repeat: int = 3) -> tuple[float, int]:
    """Best time of ``repeat`` runs (the machine is shared) and what the run counted."""
    best, count = float("inf"), 0
    gc.collect()
    for _ in range(repeat):
        t0 = CLOCK()
        count = fn()
        best = min(best, CLOCK() - t0)
    return best, count


def best_of_quiet(fn: Callable[[], int], repeat: int = 3) -> tuple[float, int]:
    """``best_of`` with the collector off during each run, and what a run made dropped before
    the next: a peer that keeps every parsed record at its best (no collections triggered by
    the records it keeps)."""
    best, count = float("inf"), 0
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            t0 = CLOCK()
            count = fn()
            best = min(best, CLOCK() - t0)
        finally:
            gc.enable()
    return best, count


def zendesk_data(n: int) -> tuple[str, str]:
    """(pages as JSON Lines, audits as JSON Lines) for ``n`` tickets, 100 tickets a page."""
    page = json.loads((DATA / "zendesk" / "tickets_page1.json").read_text())
    with open(DATA / "zendesk" / "audits.jsonl", encoding="utf-8") as fh:
        audits = [json.loads(line) for line in fh]
    by_ticket = {t["id"]: [a for a in audits if a["ticket_id"] == t["id"]] for t in page["tickets"]}
    templates = page["tickets"]
    pages, audit_lines, batch = [], [], []
    for k in range(n):
        t = copy.deepcopy(templates[k % len(templates)])
        old, t["id"] = t["id"], 10_000 + k
        batch.append(t)
        for a in by_ticket[old]:
            audit_lines.append(json.dumps({**a, "ticket_id": t["id"]}))
        if len(batch) == 100 or k == n - 1:
            pages.append(
                json.dumps({"tickets": batch, "after_cursor": str(k), "end_of_stream": False})
            )
            batch = []
    return "\n".join(pages), "\n".join(audit_lines)


def as_ticket_event(audit: dict[str, Any]) -> dict[str, Any]:
    """An audit in the incremental ticket event export's shape (``include=comment_events``):
    Create and Change child events name their field by a key of its own."""
    kids = []
    for ev in audit["events"]:
        if ev["type"] in ("Create", "Change") and "field_name" in ev:
            kid = {"id": ev["id"], "via": "Web form", ev["field_name"]: ev["value"]}
            if "previous_value" in ev:
                kid["previous_value"] = ev["previous_value"]
            kids.append({**kid, "event_type": ev["type"]})
        else:
            kids.append({**ev, "event_type": ev["type"]})
    return {"id": audit["id"], "ticket_id": audit["ticket_id"], "created_at": audit["created_at"],
            "updater_id": audit.get("author_id"), "via": "Web form", "event_type": "Audit",
            "child_events": kids}  # fmt: skip


def ticket_events_data(audits_text: str) -> str:
    """The audits as ticket event export pages (JSON Lines), 1,000 events a page, in time
    order -- not grouped by ticket, as the export gives them."""
    events = [as_ticket_event(json.loads(line)) for line in audits_text.splitlines()]
    events.sort(key=lambda e: e["created_at"])
    return "\n".join(
        json.dumps({"ticket_events": events[i : i + 1000], "end_of_stream": False})
        for i in range(0, len(events), 1000)
    )


def eventlog_data(n: int) -> str:
    with open(DATA / "eventlog" / "incidents.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cases = sorted({r["case_id"] for r in rows})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for k in range(n):
        template = cases[k % len(cases)]
        for r in rows:
            if r["case_id"] == template:
                writer.writerow({**r, "case_id": f"C{k}"})
    return out.getvalue()


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument(
        "--only", choices=["all", "first", "vendors"], default="all",
        help="first: zendesk, eventlog, jsonl; vendors: freshdesk, jira, summary",
    )  # fmt: skip
    parser.add_argument("--cpu", action="store_true", help="time CPU time, not wall time")
    args = parser.parse_args()
    if args.cpu:
        global CLOCK
        CLOCK = time.process_time
        print("(CPU time of this process)")
    return args


def main() -> None:
    args = _args()
    if args.only == "vendors":
        vendors(args.tickets)
        return

    pages_text, audits_text = zendesk_data(args.tickets)

    def parse_only() -> int:
        pages = [json.loads(line) for line in pages_text.splitlines()]
        audits = [json.loads(line) for line in audits_text.splitlines()]
        return sum(len(p["tickets"]) for p in pages) + len(audits)

    def adapter() -> int:
        pages = (json.loads(line) for line in pages_text.splitlines())
        audits = (json.loads(line) for line in audits_text.splitlines())
        stream = zendesk.histories(pages, audits, status_map={"9002": "pending"})
        return sum(len(h.events) for h in stream)

    floor, _ = best_of(parse_only)
    took, events = best_of(adapter)
    print(f"zendesk : {events:>8} events  {events / took:>10,.0f} events/s  "
          f"{took / floor:5.1f}x json.loads of the same data")  # fmt: skip

    events_text = ticket_events_data(audits_text)

    def parse_events_only() -> int:
        pages = [json.loads(line) for line in pages_text.splitlines()]
        events = [json.loads(line) for line in events_text.splitlines()]
        return sum(len(p["tickets"]) for p in pages) + sum(len(e["ticket_events"]) for e in events)

    def from_ticket_events() -> int:
        pages = (json.loads(line) for line in pages_text.splitlines())
        events = (json.loads(line) for line in events_text.splitlines())
        stream = zendesk.histories(pages, ticket_events=events, status_map={"9002": "pending"})
        return sum(len(h.events) for h in stream)

    floor, _ = best_of(parse_events_only)
    took, events = best_of(from_ticket_events)
    print(f"zendesk ticket events: {events:>8} events  {events / took:>10,.0f} events/s  "
          f"{took / floor:5.1f}x json.loads of the same data")  # fmt: skip

    csv_text = eventlog_data(args.tickets)
    json_text = json.dumps(list(csv.DictReader(io.StringIO(csv_text))))

    def rows_only() -> int:
        return len(json.loads(json_text))

    def from_rows() -> int:
        stream = eventlog.histories(csv.DictReader(io.StringIO(csv_text)), **EVENTLOG_OPTIONS)
        return sum(len(h.events) for h in stream)

    floor, _ = best_of(rows_only)
    took, events = best_of(from_rows)
    print(f"eventlog: {events:>8} events  {events / took:>10,.0f} events/s  "
          f"{took / floor:5.1f}x json.loads of the same rows")  # fmt: skip

    ours(args.tickets)
    if args.only == "all":
        vendors(args.tickets)


def ours(n: int) -> None:
    """Our own JSON Lines: load_jsonl against json.loads of the same lines, three ways."""
    jsonl_lines = jsonl_data(n)

    def json_only() -> int:
        return sum(1 for line in jsonl_lines if json.loads(line))

    def our_jsonl() -> int:
        return sum(len(h.events) for h in load_jsonl(jsonl_lines).histories)

    def converter_only() -> int:
        # The converter for every record, as before the fast path (for the ratio).
        fast = (_records._fast_event, _records._fast_ticket)
        _records._fast_event = _records._fast_ticket = lambda _data: None  # type: ignore[assignment]
        try:
            return our_jsonl()
        finally:
            _records._fast_event, _records._fast_ticket = fast  # type: ignore[assignment]

    def json_kept() -> int:
        # json.loads of every line, the records kept: a load, as load_jsonl keeps histories.
        return len([json.loads(line) for line in jsonl_lines])

    def our_stream() -> int:
        # Our stream, each history dropped once read: the same treatment as json_only.
        return sum(len(h.events) for h in iter_jsonl(jsonl_lines))

    floor, _ = best_of(json_only)
    took, events = best_of(our_jsonl)
    slow, _ = best_of(converter_only)
    kept, _ = best_of_quiet(json_kept)
    streamed, _ = best_of(our_stream)
    print(f"jsonl   : {events:>8} events  {events / took:>10,.0f} events/s  "
          f"{took / floor:5.1f}x json.loads of the same lines (converter for every record: "
          f"{slow / floor:.1f}x)")  # fmt: skip
    print(f"  jsonl, both keeping what they read: load_jsonl {took / kept:.2f}x "
          f"[json.loads(line) for line in lines]")  # fmt: skip
    print(f"  jsonl, both dropping what they read: iter_jsonl {streamed / floor:.2f}x "
          f"json.loads of each line")  # fmt: skip


FRESHDESK = DATA / "freshdesk"
FRESHDESK_MAP = {6: ("on_hold", "Waiting on Third Party")}
SUMMARY_OPTIONS: dict[str, Any] = {
    "columns": {"id": "Ticket ID", "created": "Created", "first_reply": "First Reply",
                "solved": "Solved", "closed": "Closed", "rating": "Rating",
                "channel": "Channel", "priority": "Priority", "group": "Group"},
    "tz": "Europe/Berlin", "dayfirst": True,
}  # fmt: skip


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def freshdesk_data(n: int) -> tuple[str, str, str]:
    """(ticket pages, conversations, ratings) as JSON text for ``n`` good tickets."""
    tickets = [t for i in (1, 2, 3) for t in _read(FRESHDESK / f"tickets_page{i}.json")]
    convs = [
        c
        for name in ("conversations_101.json", "conversations_102.json")
        for c in _read(FRESHDESK / name)
    ] + _read(FRESHDESK / "conversations_more.json")
    ratings = _read(FRESHDESK / "satisfaction_ratings.json")

    def good(t: dict[str, Any]) -> bool:
        mine = [c for c in convs if c["ticket_id"] == t["id"]]
        stream = freshdesk.histories([[t]], mine, status_map=FRESHDESK_MAP, on_error="collect")
        return len(list(stream)) == 1

    templates = [t for t in tickets if good(t)]
    pages, conv_out, rating_out, batch = [], [], [], []
    for k in range(n):
        t = templates[k % len(templates)]
        new_id = 1_000_000 + k
        batch.append({**t, "id": new_id})
        conv_out += [{**c, "ticket_id": new_id} for c in convs if c["ticket_id"] == t["id"]]
        rating_out += [{**r, "ticket_id": new_id} for r in ratings if r["ticket_id"] == t["id"]]
        if len(batch) == 100 or k == n - 1:
            pages.append(batch)
            batch = []
    return json.dumps(pages), json.dumps(conv_out), json.dumps(rating_out)


def jira_data(n: int) -> str:
    """The good issues of the Jira search pages (changelog and comments) as one JSON array."""
    issues = [i for k in (1, 2) for i in _read(DATA / "jira" / f"search_page{k}.json")["issues"]]

    def good(raw: Any) -> bool:
        return len(list(jira.histories([raw], on_error="collect"))) == 1

    templates = [i for i in issues if isinstance(i, dict) and good(i)]
    out = []
    for k in range(n):
        t = templates[k % len(templates)]
        out.append({**t, "id": str(1_000_000 + k), "key": f"B-{k}"})
    return json.dumps(out)


def summary_data(n: int) -> str:
    """The good rows of the one-row-per-ticket CSV under new ids, as CSV text."""
    with open(DATA / "summary" / "tickets.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    good = [
        r
        for r in rows
        if len(list(summary.histories([r], on_error="collect", **SUMMARY_OPTIONS))) == 1
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for k in range(n):
        writer.writerow({**good[k % len(good)], "Ticket ID": f"S{k}"})
    return out.getvalue()


def vendors(n: int) -> None:
    """Freshdesk, Jira and summary rows: events per second against json.loads of the data."""
    pages, convs, ratings = freshdesk_data(n)

    def fd_parse() -> int:
        return len(json.loads(pages)) + len(json.loads(convs)) + len(json.loads(ratings))

    def fd_adapter() -> int:
        stream = freshdesk.histories(
            json.loads(pages),
            json.loads(convs),
            ratings=json.loads(ratings),
            status_map=FRESHDESK_MAP,
        )
        return sum(len(h.events) for h in stream)

    report("freshdesk", fd_parse, fd_adapter, "json.loads of the same data")
    issues = jira_data(n)

    def jira_parse() -> int:
        return len(json.loads(issues))

    def jira_adapter() -> int:
        return sum(len(h.events) for h in jira.histories(json.loads(issues)))

    report("jira", jira_parse, jira_adapter, "json.loads of the same data")
    parsed = json.loads(issues)

    def jira_only() -> int:
        # Jira's issues are verbose JSON (most of the time above is parsing them).
        return sum(len(h.events) for h in jira.histories(parsed))

    took, events = best_of(jira_only)
    print(f"  jira without parsing: {events / took:>10,.0f} events/s", flush=True)
    text = summary_data(n)
    as_json = json.dumps(list(csv.DictReader(io.StringIO(text))))

    def rows_only() -> int:
        return len(json.loads(as_json))

    def summary_adapter() -> int:
        stream = summary.histories(csv.DictReader(io.StringIO(text)), **SUMMARY_OPTIONS)
        return sum(len(h.events) for h in stream)

    report("summary", rows_only, summary_adapter, "json.loads of the same rows")


def report(name: str, floor_fn: Callable[[], int], fn: Callable[[], int], peer: str) -> None:
    floor, _ = best_of(floor_fn)
    took, events = best_of(fn)
    print(f"{name:<9}: {events:>8} events  {events / took:>10,.0f} events/s  "
          f"{took / floor:5.1f}x {peer}", flush=True)  # fmt: skip


def jsonl_data(n: int) -> list[str]:
    """``n`` tickets of the sample export (about 7 events each) under new ids, as lines."""
    sample = DATA.parent.parent / "examples" / "data" / "tickets.jsonl"
    with open(sample, encoding="utf-8") as fh:
        templates = [json.loads(line) for line in fh]
    return [
        json.dumps({**templates[k % len(templates)], "id": f"J{k}"}, separators=(",", ":"))
        for k in range(n)
    ]


if __name__ == "__main__":
    main()
