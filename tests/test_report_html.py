"""The HTML, Markdown and CSV reports: same figures as the JSON, escaping, reproducible bytes."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _report_figures import json_figures, shown
from servicemodel.cli import main
from servicemodel.goals import goals_from_file
from servicemodel.io import load_jsonl
from servicemodel.model import AgentReply, SatisfactionRating, StatusChange, Ticket, TicketHistory
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
from servicemodel.report import _html as html_module
from servicemodel.sla import PolicySet, SLAPolicy, Target

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "data" / "tickets.jsonl"
COLUMNS = [
    "section", "metric", "segment", "period", "value", "lower", "upper", "n", "base", "note",
    "missing", "censored",
]  # fmt: skip
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
HOSTILE = "<script>alert('x')</script>|*b*_[l](u)\n# h"


@pytest.fixture(scope="module")
def sample():
    histories = load_jsonl(SAMPLE).histories
    options = ReportOptions(
        tz="Europe/Berlin",
        policies=PolicySet.from_file(ROOT / "examples" / "policies" / "standard.toml"),
        goals=goals_from_file(ROOT / "examples" / "goals.toml"),
    )
    return build_report(histories, options, source=Source("examples/data/tickets.jsonl"))


def _hostile_report():
    histories = []
    for i in range(6):
        t = T0 + timedelta(hours=i)
        events = [AgentReply(f"r{i}", t + timedelta(hours=3 * i))]
        if i % 2:
            events.append(StatusChange(f"s{i}", t + timedelta(hours=5), status="solved"))
        events.append(SatisfactionRating(f"c{i}", t + timedelta(hours=6), score=1 + i % 5))
        plan = HOSTILE if i % 2 else "basic"
        ticket = Ticket(f'=HYPERLINK("x")|{i}<b>', t, channel="web", attributes={"plan": plan})
        histories.append(TicketHistory.from_unsorted(ticket, events))
    policy = SLAPolicy("p|<i>", {"normal": [Target("first_reply", "1h")]})
    return build_report(
        histories, ReportOptions(policies=policy, by="attr:plan"), source=Source("a<b>.jsonl")
    )


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _figure_rows(text: str) -> list[dict[str, str]]:
    # The figures' rows: the scope and source rows after them are tested in
    # tests/test_report_csv_scope.py (they are the JSON's scope and source, not figures).
    return [r for r in _csv_rows(text) if r["section"] not in ("scope", "source")]


def _number(cell: str) -> float | None:
    return None if cell == "" else float(cell)


# --- CSV ------------------------------------------------------------------------------------


def test_csv_has_the_tidy_columns_and_every_json_figure(sample):
    rows = _figure_rows(render_csv(sample))
    assert list(rows[0]) == COLUMNS
    expected = json_figures(json.loads(render_json(sample)))
    by_key = {f"{r['section']}|{r['metric']}|{r['segment']}|{r['period']}": r for r in rows}
    assert len(by_key) == len(rows)  # keys are unique
    policy_rows = [r for r in rows if r["segment"].startswith("policy=")]
    assert len(rows) == len(expected) + len(policy_rows)
    for key, fig in expected.items():
        row = by_key[key]
        assert _number(row["value"]) == fig["value"], key
        assert _number(row["lower"]) == fig["lower"], key
        assert _number(row["upper"]) == fig["upper"], key
    # Per policy, achieved + breached add up to the all-policies row of each metric/priority.
    for r in rows:
        if r["segment"].startswith("priority=") and r["metric"].endswith("attainment"):
            mine = [p for p in policy_rows if p["metric"] == r["metric"]]
            mine = [p for p in mine if p["segment"].endswith(r["segment"])]
            assert sum(int(p["n"]) for p in mine) == int(r["n"])


def test_csv_escapes_formulas_and_keeps_hostile_names_in_one_cell():
    report = _hostile_report()
    rows = _csv_rows(render_csv(report))
    assert all(len(r) == len(COLUMNS) and None not in r for r in rows)
    segments = {r["segment"] for r in rows}
    assert f"attr:plan={HOSTILE}" in segments
    breaches = [r for r in rows if r["metric"] == "breach overrun"]
    assert breaches
    assert all('ticket==HYPERLINK("x")|' in r["segment"] for r in breaches)
    for r in rows:
        for cell in r.values():
            assert not cell.startswith(("=", "+", "@")), cell


# --- Markdown -------------------------------------------------------------------------------


def _cells(line: str) -> int:
    return len(re.split(r"(?<!\\)\|", line.strip())) - 2


def test_markdown_tables_keep_their_shape_with_hostile_names():
    text = render_markdown(_hostile_report())
    assert "<script>" not in text
    assert "<b>" not in text
    assert "&lt;script&gt;" in text
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|---"):
            width = _cells(lines[i - 1])
            j = i + 1
            while j < len(lines) and lines[j].startswith("|"):
                assert _cells(lines[j]) == width, lines[j]
                j += 1
    assert not any(line.startswith("# h") for line in lines)


def test_markdown_has_the_text_reports_sections_and_figures(sample):
    text = render_markdown(sample)
    for heading in ("## Overview", "## KPIs", "## SLA attainment", "## Goals at"):
        assert heading in text
    figs = json_figures(json.loads(render_json(sample)))
    for fig in figs.values():
        assert shown(fig["value"], fig["unit"]).replace("_", "\\_") in text


# --- HTML -----------------------------------------------------------------------------------


def test_html_escapes_hostile_names():
    page = render_html(_hostile_report(), charts=False)
    assert "<script" not in page
    assert "<b>" not in page
    assert "<i>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "a&lt;b&gt;.jsonl" in page


def test_html_is_byte_reproducible_and_self_contained():
    report = _hostile_report()
    first = render_html(report)
    assert first == render_html(report)
    assert "<svg" in first
    assert not re.search(r"(src|href)=\"(https?:)?//", first)
    assert "@import" not in first
    assert "url(http" not in first
    assert "<script" not in first
    ids = re.findall(r' id="([^"]+)"', first)
    assert len(ids) == len(set(ids))


def test_html_without_matplotlib_still_has_the_tables(monkeypatch, sample):
    monkeypatch.setattr(html_module, "have_matplotlib", lambda: False)
    page = render_html(sample)
    assert "<svg" not in page
    assert "pip install &#x27;servicemodel[report]&#x27;" in page
    figs = json_figures(json.loads(render_json(sample)))
    keys = set(re.findall(r'data-key="([^"]+)"', page))
    assert {k.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for k in figs} <= keys


def test_text_and_json_output_are_unchanged_by_the_detail(sample):
    # The detail (curves, per-policy attainment) is for the charts: the text and JSON reports
    # of a report without it are the same.
    import attrs

    from servicemodel.report import Detail

    bare = attrs.evolve(sample, detail=Detail())
    assert render_text(bare) == render_text(sample)
    assert render_json(bare) == render_json(sample)


# --- CLI ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "csv"])
def test_cli_formats_write_to_stdout(fmt, capsys):
    assert main(["report", str(SAMPLE), "--tz", "Europe/Berlin", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# servicemodel report" if fmt == "markdown" else ",".join(COLUMNS))


# --- property -------------------------------------------------------------------------------

_names = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=8)


@st.composite
def _histories(draw):
    out = []
    for i in range(draw(st.integers(1, 6))):
        t = T0 + timedelta(days=draw(st.integers(0, 20)), minutes=i)
        events = []
        if draw(st.booleans()):
            events.append(AgentReply(f"r{i}", t + timedelta(hours=draw(st.integers(1, 30)))))
        if draw(st.booleans()):
            events.append(SatisfactionRating(f"c{i}", t + timedelta(hours=40), score=4))
        channel = draw(st.sampled_from(["chat", "email", "web"]))
        ticket = Ticket(f"T{i}", t, channel=channel, attributes={"plan": draw(_names)})
        out.append(TicketHistory(ticket, events))
    return out


@given(_histories(), st.booleans())
def test_csv_rows_are_the_json_figures(histories, with_policy):
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "2h")]}) if with_policy else None
    report = build_report(histories, ReportOptions(policies=policy, by="attr:plan"))
    rows = _figure_rows(render_csv(report))
    policy_rows = [r for r in rows if r["segment"].startswith("policy=")]
    assert len(rows) - len(policy_rows) == len(json_figures(json.loads(render_json(report))))
    page = render_html(report, charts=False)
    assert page.count("data-key=") == len(rows)


def test_docs_report_page_examples_run():
    # The python blocks of docs/report.md's HTML/Markdown/CSV section, with their printed
    # values checked against the ``# value`` comments.
    text = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    section = text.split("## HTML, Markdown and CSV", 1)[1]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert blocks
    for block in blocks:
        printed: list[str] = []
        namespace = {"print": lambda *a, out=printed: out.append(" ".join(map(str, a)))}
        exec(compile(block, "docs/report.md", "exec"), namespace)
        wanted = re.findall(r"print\(.*\)  # (.*)", block)
        assert printed == wanted
