"""The HTML, Markdown and CSV reports say what the text report says beside a time figure.

The text report prints ``censored=`` beside every Kaplan-Meier time (tickets still waiting at
the snapshot: in ``n``, not dropped) and "not reached yet" where the curve never falls to the
percentile (docs/survival.md: a percentile is undefined, not 0 and not "no data", when the
curve never gets there). The Markdown and HTML tables showed ``– n=4`` and a median without
its censored count; the CSV an empty value with an empty note. Now:

- the Markdown and HTML cells follow ``n`` with ``missing=`` and ``censored=`` (not printed
  when 0), as the text report does;
- a Kaplan-Meier percentile without a value because tickets still wait reads "not reached
  yet" where the interval goes, and is the CSV ``note`` (why the figure has no value).

Law: every rendering gives each figure the counts the JSON gives it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.model import AgentReply, CustomerMessage, Ticket, TicketHistory
from servicemodel.report import (
    Report,
    ReportOptions,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
)

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
AT = T0 + timedelta(days=2)
KEYS = ("frt_p50", "frt_p90", "resolution_p50", "resolution_p90")


def _ticket(i: int, reply_after_min: int | None) -> TicketHistory:
    created = T0 + timedelta(minutes=i)
    events: list[object] = [CustomerMessage(f"m{i}", created)]
    if reply_after_min is not None:
        events.append(AgentReply(f"r{i}", created + timedelta(minutes=reply_after_min)))
    return TicketHistory(Ticket(f"T{i}", created), events)


def _report(replies: list[int | None]) -> Report:
    histories = [_ticket(i, r) for i, r in enumerate(replies)]
    return build_report(histories, ReportOptions(at=AT))


def _markdown_cell(text: str, label: str) -> list[str]:
    """The cells of the row ``label`` of the "Overall and by channel" table."""
    table = text.split("**Overall and by channel**", 1)[1]
    for line in table.splitlines():
        if line.startswith(f"| {label} |"):
            return [c.strip() for c in line.strip("|").split("|")][1:]
    raise AssertionError(label)


def test_one_of_four_answered_reads_not_reached_with_three_censored() -> None:
    # One reply after 30 minutes, three tickets still waiting at the snapshot: the curve falls
    # to 3/4 and no further, so no median (1 - 0.5) and no p90 are reached.
    report = _report([30, None, None, None])
    cells = _markdown_cell(render_markdown(report), "Overall")
    frt_p50, frt_p90 = cells[2], cells[3]
    assert frt_p50 == "– not reached yet n=4 censored=3"
    assert frt_p90 == "– not reached yet n=4 censored=3"
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    (p50,) = [r for r in rows if r["metric"] == "frt_p50" and not r["segment"] and not r["period"]]
    assert (p50["value"], p50["n"], p50["note"]) == ("", "4", "not reached yet")
    html = render_html(report, charts=False)
    cell = re.search(r'data-key="kpi\|frt_p50\|\|">(.*?)</td>', html)
    assert cell is not None
    assert "not reached yet" in cell[1]
    assert '<span class="n">n=4</span><span class="n">censored=3</span>' in cell[1]


def test_a_median_with_a_value_keeps_its_censored_count() -> None:
    # Three replies (10, 20, 30 minutes) and one waiting: S falls to 3/4, 2/4, 1/4, so the
    # median is the second reply, 20 minutes, and one ticket is censored.
    report = _report([10, 20, 30, None])
    cells = _markdown_cell(render_markdown(report), "Overall")
    assert cells[2].startswith("0.33 h")
    assert cells[2].endswith("n=4 censored=1")
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    (p50,) = [r for r in rows if r["metric"] == "frt_p50" and not r["segment"] and not r["period"]]
    assert p50["note"] == ""
    assert float(p50["value"]) * 60 == 20


def test_nothing_waiting_prints_no_censored_count() -> None:
    cells = _markdown_cell(render_markdown(_report([10, 20])), "Overall")
    assert "censored" not in cells[2]


@given(replies=st.lists(st.none() | st.integers(min_value=0, max_value=600), max_size=8))
def test_every_rendering_gives_the_jsons_counts(replies: list[int | None]) -> None:
    report = _report(replies)
    data = json.loads(render_json(report))["kpi"]["overall"]
    markdown = _markdown_cell(render_markdown(report), "Overall") if replies else None
    rows = {
        r["metric"]: r
        for r in csv.DictReader(io.StringIO(render_csv(report)))
        if r["section"] == "kpi" and not r["segment"] and not r["period"]
    }
    for column, key in enumerate(KEYS, start=2):
        figure = data[key]
        not_reached = figure["value"] is None and figure["censored"] > 0
        assert (rows[key]["note"] == "not reached yet") == not_reached
        if markdown is None:
            continue
        cell = markdown[column]
        assert cell.endswith(
            f"n={figure['n']}" + (f" censored={figure['censored']}" if figure["censored"] else "")
        )
        assert ("not reached yet" in cell) == not_reached
