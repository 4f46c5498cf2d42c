"""The report says how many bad records a load set aside, why, and which: not only the first.

With ``--skip-bad-records`` the text and Markdown (and HTML) reports said ``7 bad record(s)
set aside, first: ...``: the other six, and what was wrong with them, were only in the JSON.
They now count the records for each reason and quote the first five, each with its file,
line, field and ticket, then "and N more"; the JSON and CSV reports keep every one.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _deadline import deadline
from servicemodel.cli import main
from servicemodel.report import (
    Source,
    build_report,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from servicemodel.report._markdown import md_escape
from servicemodel.report._set_aside import EXAMPLES, reason_of, reasons_of, set_aside_lines

LOG = """case,activity,time,prio
C1,Opened,2026-03-02T09:00:00Z,P1
C1,Resolved,2026-03-02T11:00:00Z,P1
C2,Oops,2026-03-02T09:00:00Z,P1
C3,Opened,notatime,P1
C4,Opened,2026-03-02T09:00:00Z,P9
C5,Opened,2026-03-02T09:00:00Z,P1
C6,Oops2,2026-03-02T09:00:00Z,P1
C7,Opened,2026-03-02T09:00:00Z,P1
C7,Resolved,,P1
C8,Opened,yesterday,P1
C9,Opened,2026-03-02T09:00:00Z,P7
"""
MAP = """[columns]
case = "case"
activity = "activity"
timestamp = "time"
priority = "prio"
[priority_map]
P1 = "high"
[activity_map]
Opened = "customer_message"
[status_map]
Resolved = "solved"
"""
#: The reasons of the log's seven bad rows, most frequent first.
REASONS = "2 not a timestamp, 2 unknown activity, 2 unknown priority, 1 missing timestamp"


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    log, mapping = tmp_path / "bad.csv", tmp_path / "map.toml"
    log.write_text(LOG)
    mapping.write_text(MAP)
    argv = ["report", "--source", "eventlog", str(log), "--map", str(mapping)]
    assert main([*argv, "--skip-bad-records", *extra]) == 0
    out, err = capsys.readouterr()
    assert err == "servicemodel report: 7 bad record(s) set aside\n"
    return out


def test_the_text_report_counts_each_reason_and_quotes_five(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _run(tmp_path, capsys)
    log = tmp_path / "bad.csv"
    lines = out.splitlines()
    assert lines[1] == f"7 bad record(s) set aside: {REASONS}"
    quoted = lines[2:7]
    # The first five, in the file's order, each with its file, line, field and ticket.
    assert [q.split(": ")[1] for q in quoted] == [f"line {n}" for n in (4, 5, 6, 8, 10)]
    assert quoted[0].startswith(f"  {log}: line 4: activity: case 'C2': unknown activity 'Oops'")
    assert quoted[2].startswith(f"  {log}: line 6: case 'C4': priority: unknown priority 'P9'")
    assert quoted[4].startswith(f"  {log}: line 10: time: case 'C7': missing timestamp")
    assert lines[7] == "  and 2 more (the JSON and CSV reports list every one)"
    assert "set aside, first:" not in out


def test_the_markdown_report_says_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _run(tmp_path, capsys, "--format", "markdown")
    lines = out.splitlines()
    assert lines[2] == f"7 bad record(s) set aside: {REASONS}  "
    log = md_escape(str(tmp_path / "bad.csv"))
    assert lines[3].startswith(f"{log}: line 4: activity: case 'C2': ")
    assert lines[7].startswith(f"{log}: line 10: time: case 'C7': ")
    assert lines[8] == "and 2 more (the JSON and CSV reports list every one)  "


def test_the_json_and_csv_reports_list_every_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(_run(tmp_path, capsys, "--format", "json"))
    bad = data["source"]["bad_records"]
    assert [b.split(": ")[1] for b in bad] == [f"line {n}" for n in (4, 5, 6, 8, 10, 11, 12)]
    assert bad[-1].endswith(": line 12: case 'C9': priority: unknown priority 'P7'; expected "
                            "one of ['P1', 'high', 'low', 'normal', 'urgent'] (map it in "
                            "priority_map)")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(_run(tmp_path, capsys, "--format", "csv"))))
    assert [r["note"] for r in rows if r["metric"] == "bad_record"] == bad


def test_five_or_fewer_are_all_quoted_with_no_more() -> None:
    bad = [f"a.csv: line {n}: created: ticket 'T{n}': not a timestamp: 'x{n}'" for n in (2, 3)]
    text = render_text(build_report([], source=Source("a.csv", bad))).splitlines()
    assert text[1:4] == [
        "2 bad record(s) set aside: 2 not a timestamp",
        f"  {bad[0]}",
        f"  {bad[1]}",
    ]
    assert not any("more (the JSON" in line for line in text)


def test_the_html_report_says_the_same() -> None:
    bad = [f"a.csv: line {n}: id: not a whole number: '{n}.5'" for n in range(2, 9)]
    page = render_html(build_report([], source=Source("a.csv", bad)), charts=False)
    assert "7 bad record(s) set aside: 7 not a whole number" in page
    assert '<p class="meta">  a.csv: line 6: id: not a whole number: &#x27;6.5&#x27;</p>' in page
    assert "line 7: id" not in page
    assert "and 2 more (the JSON and CSV reports list every one)" in page


def test_json_of_a_built_report_keeps_every_record_as_given() -> None:
    bad = [f"a.csv: line {n}: id: not a whole number: '{n}.5'" for n in range(2, 30)]
    report = build_report([], source=Source("a.csv", bad))
    assert json.loads(render_json(report))["source"]["bad_records"] == bad
    assert render_markdown(report).count("not a whole number: '") == EXAMPLES


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("t.jsonl: line 3: events[0].at: not a timestamp: '2026-13-01'", "not a timestamp"),
        ("t.jsonl: line 9: not valid JSON: Expecting value", "not valid JSON"),
        ("b.jsonl: line 2: ticket 'T-1' is in an earlier file", "ticket … is in an earlier file"),
        ("log.csv: line 4: case 'C 2': status: unknown status 'x'", "unknown status"),
        ("my export.csv: line 2: id: expected a string, got 5", "expected a string"),
        ("a.csv: line 7: row has more fields: ['x', 'y']", "row has more fields"),
        ("no place at all", "no place at all"),
        ("", "…"),
    ],
)
def test_a_reason_leaves_out_the_place_and_the_values(text: str, reason: str) -> None:
    assert reason_of(text) == reason


def test_a_long_reason_is_cut() -> None:
    reason = reason_of("a.csv: line 2: " + "word " * 40)
    assert len(reason) == 60
    assert reason.endswith("…")


_texts = st.lists(
    st.builds(
        "a.csv: line {}: {}: {}: {!r}".format,
        st.integers(1, 10**6),
        st.sampled_from(["id", "created", "events[0].at"]),
        st.sampled_from(["not a timestamp", "unknown status", "missing value"]),
        st.text(max_size=8),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(texts=_texts, limit=st.integers(1, 6))
def test_law_reasons_count_every_record_and_the_quoted_are_the_first(
    texts: list[str], limit: int
) -> None:
    lines = set_aside_lines(texts, limit=limit)
    assert sum(n for _, n in reasons_of(texts)) == len(texts)
    if not texts:
        assert lines == []
        return
    shown = min(limit, len(texts))
    assert lines[0].startswith(f"{len(texts)} bad record(s) set aside: ")
    assert lines[1 : 1 + shown] == [f"  {t}" for t in texts[:shown]]
    rest = len(texts) - shown
    assert lines[1 + shown :] == (
        [f"  and {rest} more (the JSON and CSV reports list every one)"] if rest else []
    )
    # The same reasons whatever the values: the quoted value is left out.
    assert {r for r, _ in reasons_of(texts)} <= {
        "not a timestamp", "unknown status", "missing value"
    }  # fmt: skip


def test_a_message_of_thousands_of_separators_gets_its_reason_at_once() -> None:
    # The place is a few fields at most: reading every ': ' part as one took time growing with
    # their square (28 s for 20,000).
    text = "a.csv: line 3: " + ": ".join(["x"] * 20_000)
    with deadline(2, "reason_of of 20,000 separators"):
        assert reason_of(text) == "x"
