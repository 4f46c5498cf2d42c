"""A report of no tickets, built without ``at``, has no snapshot: its head says so, not
"snapshot at None", in every format that prints the scope line."""

from __future__ import annotations

from servicemodel.report import (
    ReportOptions,
    Source,
    build_report,
    render_html,
    render_markdown,
    render_text,
)


def test_an_empty_report_says_it_has_no_snapshot() -> None:
    report = build_report([], ReportOptions(), source=Source("empty.jsonl"))
    for text in (render_text(report), render_markdown(report), render_html(report)):
        assert "no snapshot (no ticket to take it from): 0 of 0 tickets" in text
        assert "None" not in text.split("Overview")[0]
