"""The mapping for the public Helpdesk event log (4TU.ResearchData) reads a log in its shape."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from servicemodel.cli import main
from servicemodel.io import eventlog
from servicemodel.model import InternalNote, Status

ROOT = Path(__file__).resolve().parents[1]
MAPPING = ROOT / "examples" / "mappings" / "helpdesk-4tu.toml"
LOG = ROOT / "tests" / "data" / "eventlog" / "helpdesk_shape.csv"


def _options() -> dict[str, object]:
    with open(MAPPING, "rb") as fh:
        return tomllib.load(fh)


def test_the_mapping_reads_every_case_with_its_statuses_and_notes() -> None:
    result = eventlog.load(LOG, **_options())  # type: ignore[arg-type]
    assert (len(result.histories), result.errors) == (3, ())
    by_id = {h.id: h for h in result.histories}
    # The log's local times are Italian: 14:50:17 on 9 October 2012 is 12:50:17 UTC (CEST).
    created = by_id["Case 1"].ticket.created_at
    assert created.astimezone(UTC) == datetime(2012, 10, 9, 12, 50, 17, tzinfo=UTC)
    # Case 2 waits (pending), then is solved after the end of summer time (+01:00).
    statuses = [s.status for s in by_id["Case 2"].status_spans()]
    assert statuses == [Status.NEW, Status.OPEN, Status.PENDING, Status.SOLVED, Status.CLOSED]
    case3 = by_id["Case 3"]
    assert case3.reopen_count() == 1
    assert [type(e) for e in case3.events].count(InternalNote) == 1  # "Require upgrade"
    assert case3.ticket.group == "Value 2"


def test_the_report_runs_on_it_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "--source", "eventlog", str(LOG), "--map", str(MAPPING),
                 "--format", "json"])  # fmt: skip
    captured = capsys.readouterr()
    assert (code, captured.err) == (0, "")
    report = json.loads(captured.out)
    assert report["overview"]["tickets"] == 3
