"""Loading and dumping the canonical model: round trips, strict errors, collected bad records."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import attrs
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


_PLAIN = (str, int, float, bool, type(None))


def plain_leaves(value: object) -> list[type]:
    """The types of every leaf of ``value`` that is not exactly a plain JSON type."""
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in plain_leaves(k) + plain_leaves(v)]
    if isinstance(value, list):
        return [t for v in value for t in plain_leaves(v)]
    return [] if type(value) in _PLAIN else [type(value)]


@given(histories())
def test_dict_holds_only_plain_json_types(h: TicketHistory) -> None:
    # Priorities and statuses used to be written as their StrEnum members: json.dumps takes
    # them, a strict serialiser (YAML's safe dumper) refuses a str subclass.
    assert plain_leaves(history_to_dict(h)) == []


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


# --- CSV round trip, new columns, precise errors ----------------------------------------


def _history_rows(h: TicketHistory) -> list[dict[str, str]]:
    """The CSV shape load_csv documents, written from a history (one row per event)."""
    rec = history_to_dict(h)
    base = {"ticket_id": rec["id"], "created_at": rec["created_at"], "tags": ";".join(rec["tags"])}
    # ``priority_label`` too: load_csv documents the column, and drawn tickets carry one.
    for col in ("requester", "channel", "priority", "priority_label", "group", "assignee"):
        base[col] = rec.get(col) or ""
    for col in ("created_by_agent", "first_contact"):
        base[col] = "" if rec[col] is None else str(rec[col]).lower()
    for key, value in rec["attributes"].items():
        base[f"attr_{key}"] = "" if value is None else str(value)
    rows = []
    for ev in rec["events"] or [None]:
        row = dict(base)
        if ev is not None:
            for key, value in ev.items():
                row[f"event_{key}"] = "" if value is None else str(value)
        rows.append(row)
    return rows


@given(histories())
def test_csv_round_trip(h: TicketHistory) -> None:
    back = load_csv(_csv(_history_rows(h))).histories
    # CSV cells are text: attributes come back as strings, and empty ones are absent.
    text_attrs = {k: str(v) for k, v in h.ticket.attributes.items() if v is not None}
    expected = TicketHistory(attrs.evolve(h.ticket, attributes=text_attrs), h.events)
    assert back == (expected,)
    assert back[0].ticket.first_contact == h.ticket.first_contact
    assert back[0].ticket.created_by_agent == h.ticket.created_by_agent


def test_csv_first_contact_and_created_by_agent_columns() -> None:
    base = {"created_at": "2026-01-05T09:00:00Z", "created_by_agent": ""}
    rows = [
        {**base, "ticket_id": "A", "first_contact": "TRUE", "created_by_agent": "yes"},
        {**base, "ticket_id": "B", "first_contact": "0"},
        {**base, "ticket_id": "C", "first_contact": ""},
        {**base, "ticket_id": "D", "first_contact": "maybe"},
    ]
    result = load_csv(_csv(rows), on_error="collect")
    flags = [(h.id, h.ticket.first_contact, h.ticket.created_by_agent) for h in result]
    assert flags == [("A", True, True), ("B", False, False), ("C", None, False)]
    assert [(e.line, e.path) for e in result.errors] == [(5, "first_contact")]
    assert "'maybe'" in str(result.errors[0])


def test_csv_unknown_column_is_an_error_not_lost_data() -> None:
    rows = [{"ticket_id": "A", "created_at": "2026-01-05T09:00:00Z", "event_scroe": "5"}]
    with pytest.raises(RecordError, match=r"line 1: .*\['event_scroe'\]"):
        load_csv(_csv(rows))


def test_csv_errors_name_the_row_and_its_column() -> None:
    ok = {"ticket_id": "A", "created_at": "2026-01-05T09:00:00Z", "event_kind": "",
          "event_id": "", "event_at": "", "event_status": "", "attr_plan": ""}  # fmt: skip
    rows = [
        ok,
        {**ok, "event_kind": "agent_reply", "event_id": "r", "event_at": "2026-01-05T10:00:00Z"},
        {**ok, "event_kind": "status_change", "event_id": "s", "event_at": "2026-01-05T11:00Z",
         "event_status": "sovled"},
        {**ok, "ticket_id": "B", "priority": "hgh"},
    ]  # fmt: skip
    result = load_csv(_csv(rows), on_error="collect")
    assert result.histories == ()
    assert [(e.line, e.path) for e in result.errors] == [(4, "event_status"), (5, "priority")]
    assert "'sovled'" in str(result.errors[0])
    assert "'hgh'" in str(result.errors[1])


def test_undecodable_lines_are_bad_records_not_tracebacks(tmp_path: Path) -> None:
    good = json.dumps(GOOD).encode()
    path = tmp_path / "export.jsonl"
    path.write_bytes(good + b"\n\xff\xfe{}\n" + json.dumps({**GOOD, "id": "B"}).encode() + b"\n")
    result = load_jsonl(path, on_error="collect")
    assert [h.id for h in result] == ["A", "B"]
    assert [e.line for e in result.errors] == [2]
    assert "b'\\xff'" in str(result.errors[0])
    csv_path = tmp_path / "export.csv"
    csv_path.write_bytes(
        b"ticket_id,created_at\nA,2026-01-05T09:00:00Z\nB\xff,2026-01-05T09:00:00Z\n"
    )
    result = load_csv(csv_path, on_error="collect")
    assert [h.id for h in result] == ["A"]
    assert [e.line for e in result.errors] == [3]


def test_byte_order_mark_and_lone_carriage_returns(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "ticket_id,created_at\rA,2026-01-05T09:00:00Z\rB,2026-01-05T09:00:00Z\r".encode("utf-8-sig")
    )
    assert [h.id for h in load_csv(path)] == ["A", "B"]


def test_whole_numbers_are_not_truncated() -> None:
    ev = {"kind": "satisfaction", "id": "s", "at": "2026-01-05T10:00Z", "score": 3}
    with pytest.raises(ConfigError) as info:
        history_from_dict({**GOOD, "events": [{**ev, "scale_max": 4.5}]})
    assert info.value.path == "events[0].scale_max"
    assert "4.5" in str(info.value)


def test_getting_started_page_prints_what_it_says(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each ``print(...)  # output`` line of docs/getting-started.md, run in page order."""
    import ast
    import re

    monkeypatch.chdir(ROOT)  # the page's paths are relative to a checkout
    text = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
    namespace: dict[str, object] = {"__name__": "docs"}
    checked = 0
    for block in re.findall(r"```python\n(.*?)```", text, re.S):
        lines = block.splitlines()
        for node in ast.parse(block).body:
            capsys.readouterr()
            exec(compile(ast.Module([node], []), "getting-started.md", "exec"), namespace)
            last = lines[(node.end_lineno or 1) - 1]
            if last.lstrip().startswith("print(") and "  # " in last:
                said = last.split("  # ", 1)[1].strip()
                printed = capsys.readouterr().out.strip()
                if said.endswith("..."):
                    assert printed.startswith(said[:-3].rstrip()), (printed, said)
                else:
                    assert printed == said
                checked += 1
    assert checked >= 6


def test_records_of_the_wrong_shape_name_the_value() -> None:
    lines = ["[1, 2, 3]", json.dumps({**GOOD, "events": ["hello"]})]
    result = load_jsonl(lines, on_error="collect")
    assert [(e.line, e.path) for e in result.errors] == [(1, ""), (2, "events[0]")]
    assert "[1, 2, 3]" in str(result.errors[0])
    assert "'hello'" in str(result.errors[1])
