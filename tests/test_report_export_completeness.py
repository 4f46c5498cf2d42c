"""A load's warnings (an export visibly incomplete) reach every report format and the CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from servicemodel.cli import main
from servicemodel.model import StatusChange, Ticket, TicketHistory
from servicemodel.report import (
    ReportOptions,
    Source,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from servicemodel.sla import SLAPolicy

SCHEMA = Path(__file__).parents[1] / "src/servicemodel/report/schema/report-1.json"

WARNING = "Freshdesk filter query (total 45, 1 page: a.json): 30 of its 45 tickets read"


def test_text_markdown_and_html_say_the_warning() -> None:
    report = build_report([], source=Source("a.json", warnings=[WARNING]))
    assert f"warning: {WARNING}" in render_text(report).splitlines()
    assert "warning: Freshdesk filter query (total 45" in render_markdown(report)
    assert WARNING in render_html(report, charts=False)


def test_json_and_csv_carry_the_warning() -> None:
    report = build_report([], source=Source("a.json", warnings=[WARNING]))
    assert json.loads(render_json(report))["source"]["warnings"] == [WARNING]
    rows = list(csv.reader(io.StringIO(render_csv(report))))
    # The note column (the tenth): the CSV's last two, missing and censored, are empty here.
    assert next(r for r in rows if r[:2] == ["source", "warning"])[9] == WARNING


def test_the_json_warnings_follow_the_schema_and_a_report_without_them_still_does() -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    waiting = StatusChange("s", t0, status="pending", label="Waiting for customer")
    history = TicketHistory(Ticket("T", t0), [waiting])
    policy = SLAPolicy("desk", {}, pause_labels=["Waiting for Customer"])
    report = build_report([history], ReportOptions(policies=policy),
                          source=Source("a.json", warnings=[WARNING]))  # fmt: skip
    data = json.loads(render_json(report))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["source"]["warnings"] == [WARNING]
    assert len(data["sla"]["warnings"]) == len(data["sla"]["unseen_labels"]) == 1
    # A report written before these fields existed is still valid: they are optional.
    del data["source"]["warnings"], data["sla"]["warnings"], data["sla"]["unseen_labels"]
    jsonschema.validate(data, schema)
    # And the schema refuses a warning that is no text.
    data["source"]["warnings"] = [3]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_a_complete_export_has_an_empty_warnings_list_as_the_sla_section_does() -> None:
    # Both keys are always written: a reader checks a list, never whether a key is there.
    policy = SLAPolicy("desk", {})
    report = build_report([], ReportOptions(policies=policy), source=Source("a.json"))
    data = json.loads(render_json(report))
    assert data["source"]["warnings"] == [] == data["sla"]["warnings"]
    assert "warning" not in render_text(report)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_source_refuses_a_warning_that_is_no_text() -> None:
    with pytest.raises(TypeError):
        Source("a.json", warnings=[3])


def _fd(i: int) -> dict[str, object]:
    return {"id": i, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
            "status": 2, "priority": 1, "source": 1}  # fmt: skip


def test_the_cli_says_a_short_filter_query_on_stderr_and_in_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page1.json"
    page.write_text(json.dumps({"results": [_fd(i) for i in range(1, 31)], "total": 330}))
    out = tmp_path / "r.json"
    assert main(["report", "--source", "freshdesk", str(page), "--format", "json",
                 "-o", str(out)]) == 0  # fmt: skip
    err = capsys.readouterr().err
    assert "warning: Freshdesk filter query (total 330" in err
    assert "30 of its 330 tickets read, 300 missing" in err
    (said,) = json.loads(out.read_text(encoding="utf-8"))["source"]["warnings"]
    assert "300 missing" in said


def test_the_cli_says_a_zendesk_export_stopped_early(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "tickets.json"
    ticket = {"id": 1, "created_at": "2026-03-02T09:00:00Z",
              "updated_at": "2026-03-02T10:00:00Z", "status": "open"}  # fmt: skip
    page.write_text(json.dumps({"tickets": [ticket], "after_cursor": "c9",
                                "end_of_stream": False}))  # fmt: skip
    assert main(["report", "--source", "zendesk", str(page)]) == 0
    captured = capsys.readouterr()
    assert "end_of_stream false; continue from after_cursor 'c9'" in captured.err
    assert "end_of_stream false; continue from after_cursor 'c9'" in captured.out
