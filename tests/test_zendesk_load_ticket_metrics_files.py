"""``zendesk.load`` reads Ticket Metrics files (``/api/v2/ticket_metrics`` responses, or one
record a line) beside the pages, as ``histories(ticket_metrics=...)`` takes them, with every
error naming its file and line, and one bad record costing only itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import RecordError
from servicemodel.io import zendesk
from servicemodel.model import reopened

DATA = Path(__file__).parent / "data" / "zendesk" / "metric_sets"
PAGES = DATA / "tickets.json"
METRICS = DATA / "ticket_metrics.json"

#: Metric records for the fixture's tickets without their own metric set (2005 is the one
#: the page names none for); 2003's record here loses to its page's sideload.
RECORDS: list[dict[str, Any]] = [
    {"ticket_id": 2005, "reopens": 1, "replies": 2, "solved_at": "2026-03-04T09:00:00Z"},
    {"ticket_id": 2003, "reopens": 0, "replies": 1, "solved_at": None},
]


def _reopened(result: zendesk.LoadResult) -> dict[str, bool | None]:
    return {h.id: reopened(h) for h in result.histories}


def test_a_ticket_metrics_response_file_is_read_beside_the_pages() -> None:
    without = _reopened(zendesk.load([PAGES]))
    given_ = _reopened(zendesk.load([PAGES, METRICS]))
    assert without["2005"] is None  # solved, no audits, no metric set: unknown
    assert given_["2005"] is False  # its record says reopens 0
    assert {k: v for k, v in given_.items() if k != "2005"} == {
        k: v for k, v in without.items() if k != "2005"
    }


def _jsonl(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "ticket_metrics.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_lines_of_records_and_a_single_record_response(tmp_path: Path) -> None:
    lines = _jsonl(tmp_path, [json.dumps(r) for r in RECORDS])
    assert _reopened(zendesk.load([PAGES, lines]))["2005"] is True
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"ticket_metric": RECORDS[0]}), encoding="utf-8")
    assert _reopened(zendesk.load([PAGES, single]))["2005"] is True


def test_a_bad_metric_record_costs_only_itself(tmp_path: Path) -> None:
    lines = _jsonl(
        tmp_path,
        [json.dumps({"reopens": 1, "replies": 1, "ticket_id": None}), "{not json",
         json.dumps(RECORDS[0])],
    )  # fmt: skip
    with pytest.raises(RecordError, match=r"ticket_metrics\.jsonl: line 1: ticket_id"):
        zendesk.load([PAGES, lines])
    got = zendesk.load([PAGES, lines], on_error="collect")
    assert len(got.histories) == 5
    assert _reopened(got)["2005"] is True
    assert [(e.source, e.line) for e in got.errors] == [(str(lines), 1), (str(lines), 2)]


def test_a_metric_record_the_ticket_refuses_names_the_file_and_line(tmp_path: Path) -> None:
    lines = _jsonl(tmp_path, [json.dumps({**RECORDS[0], "reopens": -1})])
    got = zendesk.load([PAGES, lines], on_error="collect")
    (err,) = got.errors
    assert (err.source, err.line) == (str(lines), 1)
    assert "reopens" in err.path
    assert "-1" in str(err)
    assert sorted(h.id for h in got.histories) == ["2001", "2002", "2003", "2004"]


def _reopen_line(*paths: Path) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "servicemodel", "report", "--source", "zendesk", *map(str, paths)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return next(x for x in out.stdout.splitlines() if x.strip().startswith("Reopen rate"))


def test_the_command_line_reads_a_ticket_metrics_file() -> None:
    # Solved at least once: 2001, 2002, 2003 (reopened) and 2005; 2005 only with its record.
    assert "n=3  missing=1  (1 ticket left out" in _reopen_line(PAGES)
    assert _reopen_line(PAGES, METRICS).endswith("n=4")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(RECORDS), max_size=4), st.integers(1, 3))
def test_files_read_as_the_argument_takes_the_records(
    records: list[dict[str, Any]], files: int
) -> None:
    # However the records are split across files, load reads what histories(ticket_metrics=)
    # reads from them in the same order (a ticket's later record wins in both).
    import tempfile

    pages = json.loads(PAGES.read_text(encoding="utf-8"))
    expected = _reopened_of(zendesk.histories([pages], [], ticket_metrics=records))
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for k in range(files):
            part = records[k * len(records) // files : (k + 1) * len(records) // files]
            if part:
                path = Path(tmp) / f"m{k}.jsonl"
                path.write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
                paths.append(path)
        assert _reopened(zendesk.load([PAGES, *paths])) == expected


def _reopened_of(stream: Any) -> dict[str, bool | None]:
    return {h.id: reopened(h) for h in stream}
