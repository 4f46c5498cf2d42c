"""Loading and dumping the canonical model: round trips, strict errors, collected bad records."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given

from servicemodel.errors import ConfigError, EventOrderError, RecordError
from servicemodel.io import (
    dump_jsonl,
    history_from_dict,
    history_to_dict,
    iter_jsonl,
    load_csv,
    load_jsonl,
)
from servicemodel.model import TicketHistory
from servicemodel.strategies import histories

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "data" / "tickets.jsonl"

GOOD = {"id": "A", "created_at": "2026-01-05T09:00:00+01:00", "events": []}


@given(histories())
def test_dict_round_trip(h: TicketHistory) -> None:
    assert history_from_dict(history_to_dict(h)) == h


@given(histories())
def test_json_round_trip(h: TicketHistory) -> None:
    text = json.dumps(history_to_dict(h))
    back = history_from_dict(json.loads(text))
    assert back == h
    # The instants' offsets survive, not just the instants.
    assert [e.at.utcoffset() for e in back.events] == [e.at.utcoffset() for e in h.events]


@given(histories())
def test_jsonl_round_trip(h: TicketHistory) -> None:
    assert load_jsonl(dump_jsonl([h]).splitlines()).histories == (h,)


@pytest.mark.parametrize(
    ("record", "path", "fragment"),
    [
        ({**GOOD, "priority": "critical"}, "priority", "'critical'"),
        ({**GOOD, "prioirty": "high"}, "", "unknown field(s) ['prioirty']"),
        ({**GOOD, "created_at": "2026-01-05 09:00"}, "created_at", "naive datetime"),
        ({**GOOD, "created_at": "soon"}, "created_at", "'soon'"),
        ({**GOOD, "events": [{"kind": "telepathy", "id": "e", "at": "2026-01-05T10:00Z"}]},
         "events[0].kind", "'telepathy'"),
        ({**GOOD, "events": [{"kind": "status_change", "id": "e", "at": "2026-01-05T10:00Z",
                              "status": "sovled"}]}, "events[0].status", "'sovled'"),
        ({**GOOD, "events": [{"kind": "satisfaction", "id": "e", "at": "2026-01-05T10:00Z",
                              "score": 9}]}, "events[0].score", "outside the scale"),
        ({**GOOD, "tags": "vip"}, "tags", "'vip'"),
        ({**GOOD, "events": "none"}, "events", "must be a list"),
    ],
)  # fmt: skip
def test_bad_records_name_the_field(record: dict[str, object], path: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        history_from_dict(record)
    assert info.value.path == path
    assert fragment in str(info.value)


def test_events_out_of_order_in_a_record() -> None:
    rec = {
        **GOOD,
        "events": [
            {"kind": "agent_reply", "id": "b", "at": "2026-01-05T11:00:00+01:00"},
            {"kind": "agent_reply", "id": "a", "at": "2026-01-05T10:00:00+01:00"},
        ],
    }
    with pytest.raises(EventOrderError):
        history_from_dict(rec)
    assert [e.id for e in history_from_dict(rec, sort_events=True).events] == ["a", "b"]


def test_jsonl_error_names_line_and_field() -> None:
    lines = [json.dumps(GOOD), "", json.dumps({**GOOD, "id": "B", "channel": 5})]
    with pytest.raises(RecordError) as info:
        load_jsonl(lines)
    assert info.value.line == 3
    assert str(info.value).startswith("line 3: channel:")


def test_collect_keeps_the_good_records() -> None:
    lines = [
        json.dumps(GOOD),
        "{not json",
        json.dumps({**GOOD, "id": "B", "priority": "??"}),
        json.dumps({**GOOD, "id": "C"}),
        json.dumps(GOOD),  # a duplicate id is a bad record too
    ]
    result = load_jsonl(lines, on_error="collect")
    assert [h.id for h in result.histories] == ["A", "C"]
    assert [(e.line, e.path) for e in result.errors] == [(2, ""), (3, "priority"), (5, "id")]


def test_iter_jsonl_streams() -> None:
    errors: list[RecordError] = []
    it = iter_jsonl([json.dumps(GOOD), "[]"], on_error="collect", errors=errors)
    assert next(it).id == "A"
    assert list(it) == []
    assert errors[0].line == 2


def test_bad_on_error_value() -> None:
    with pytest.raises(ConfigError, match="'ignore'"):
        load_jsonl([], on_error="ignore")  # type: ignore[arg-type]


def _csv(rows: list[dict[str, str]]) -> list[str]:
    buf = io.StringIO()
    fields = sorted({k for r in rows for k in r})
    w = csv.DictWriter(buf, fieldnames=fields)
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().splitlines(keepends=True)


def test_csv_rows_group_into_tickets_and_sort_events() -> None:
    base = {"ticket_id": "A", "created_at": "2026-01-05T09:00:00Z", "channel": "chat",
            "tags": "vip;bug", "attr_plan": "team"}  # fmt: skip
    rows = [
        {**base, "event_id": "2", "event_kind": "status_change",
         "event_at": "2026-01-05T10:00:00Z", "event_status": "solved"},
        {"ticket_id": "B", "created_at": "2026-01-05T09:30:00Z", "event_kind": ""},
        {**base, "event_id": "1", "event_kind": "agent_reply",
         "event_at": "2026-01-05T09:10:00Z", "event_agent": "ada"},
    ]  # fmt: skip
    result = load_csv(_csv(rows))
    a, b = result.histories
    assert [e.id for e in a.events] == ["1", "2"]
    assert a.ticket.tags == frozenset({"vip", "bug"})
    assert a.ticket.attributes == {"plan": "team"}
    assert b.events == ()


def test_csv_bad_row_sets_aside_its_ticket_only() -> None:
    rows = [
        {"ticket_id": "A", "created_at": "2026-01-05T09:00:00Z", "event_id": "1",
         "event_kind": "satisfaction", "event_at": "2026-01-05T10:00:00Z", "event_score": "x"},
        {"ticket_id": "B", "created_at": "2026-01-05T09:00:00Z", "event_id": "",
         "event_kind": "", "event_at": "", "event_score": ""},
    ]  # fmt: skip
    with pytest.raises(RecordError, match="line 2: event_score"):
        load_csv(_csv(rows))
    result = load_csv(_csv(rows), on_error="collect")
    assert [h.id for h in result.histories] == ["B"]
    assert result.errors[0].line == 2


def test_csv_missing_required_columns() -> None:
    with pytest.raises(RecordError, match="ticket_id"):
        load_csv(["created_at\n", "2026-01-05T09:00:00Z\n"])


def test_sample_data_loads_without_errors() -> None:
    result = load_jsonl(SAMPLE, on_error="collect")
    assert result.errors == ()
    assert 4500 <= len(result.histories) <= 5500


def test_sample_data_is_reproducible_byte_for_byte(tmp_path: Path) -> None:
    script = ROOT / "examples" / "make_sample_data.py"
    code = (
        "import runpy, sys, pathlib;"
        f"m = runpy.run_path({str(script)!r});"
        "sys.stdout.write(m['dump_jsonl'](m['generate']()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out == SAMPLE.read_text(encoding="utf-8")
