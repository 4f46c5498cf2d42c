"""Valid ticket records (from examples/data/tickets.jsonl) as JSON Lines and CSV, for mutation."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

_EXPORT = Path(__file__).resolve().parents[2] / "examples" / "data" / "tickets.jsonl"


def _read(limit: int = 40) -> list[dict[str, Any]]:
    out = []
    with _EXPORT.open(encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line))
            if len(out) == limit:
                break
    return out


RECORDS: list[dict[str, Any]] = _read()

TICKET_COLUMNS = [
    "ticket_id",
    "created_at",
    "requester",
    "channel",
    "priority",
    "group",
    "assignee",
    "tags",
    "created_by_agent",
    "first_contact",
    "attr_plan",
    "attr_region",
]
EVENT_FIELDS = [
    "agent",
    "status",
    "priority",
    "group",
    "assignee",
    "score",
    "survey",
    "scale_min",
    "scale_max",
]
HEADER = [*TICKET_COLUMNS, "event_id", "event_kind", "event_at"] + [
    f"event_{f}" for f in EVENT_FIELDS
]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_rows(record: dict[str, Any]) -> list[dict[str, str]]:
    """The CSV rows of one record: one per event (one with empty event columns if none)."""
    ticket = {
        "ticket_id": record["id"],
        "created_at": record["created_at"],
        "tags": ";".join(record.get("tags", [])),
        **{c: _cell(record.get(c)) for c in TICKET_COLUMNS[2:] if c not in ("tags",)},
    }
    for key, value in record.get("attributes", {}).items():
        ticket[f"attr_{key}"] = _cell(value)
    rows = []
    for ev in record["events"] or [{}]:
        row = dict(ticket)
        row.update(
            event_id=_cell(ev.get("id")),
            event_kind=_cell(ev.get("kind")),
            event_at=_cell(ev.get("at")),
        )
        for f in EVENT_FIELDS:
            row[f"event_{f}"] = _cell(ev.get(f))
        rows.append(row)
    return rows


def csv_line(row: dict[str, str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([row.get(c, "") for c in HEADER])
    return buf.getvalue()


def header_line() -> str:
    return ",".join(HEADER)
