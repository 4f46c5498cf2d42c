"""The report is a value: built once from the primitives, rendered as text and JSON that agree."""

from __future__ import annotations

import json
import math
import pickle
from pathlib import Path
from typing import Any

import pytest

from servicemodel.cli import main
from servicemodel.goals import goals_from_file
from servicemodel.io import load_jsonl
from servicemodel.kpi import Durations, SLAAttainment, SurvivalTimes
from servicemodel.model import TicketHistory
from servicemodel.report import (
    Report,
    ReportOptions,
    Source,
    build_report,
    render_json,
    render_text,
    report_to_dict,
)
from servicemodel.report._base import base_of
from servicemodel.sla import Metric, PolicySet, evaluate_many

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "data" / "tickets.jsonl"
POLICY = ROOT / "examples" / "policies" / "standard.toml"
GOALS = ROOT / "examples" / "goals.toml"


@pytest.fixture(scope="module")
def sample() -> list[TicketHistory]:
    return list(load_jsonl(SAMPLE).histories)


@pytest.fixture(scope="module")
def policies() -> PolicySet:
    return PolicySet.from_file(POLICY)


@pytest.fixture(scope="module")
def report(sample: list[TicketHistory], policies: PolicySet) -> Report:
    options = ReportOptions(tz="Europe/Berlin", policies=policies, goals=goals_from_file(GOALS))
    return build_report(sample, options, source=Source(str(SAMPLE)))


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def _line_with(lines: list[str], *words: str) -> str:
    found = [line for line in lines if line.split()[: len(words)] == list(words)]
    assert len(found) == 1, (words, found)
    return found[0]


def test_renderers_only_format_the_value(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    # Rendering computes nothing: with the SLA engine and the KPI layer gone, both still work.
    import servicemodel.report._kpi as kpi_builder
    import servicemodel.report._sla as sla_builder

    def refuse(*_: Any, **__: Any) -> Any:
        raise AssertionError("a renderer re-derived a figure")

    monkeypatch.setattr(sla_builder, "evaluate", refuse)
    monkeypatch.setattr(sla_builder, "Durations", refuse)
    monkeypatch.setattr(sla_builder, "SurvivalTimes", refuse)
    monkeypatch.setattr(kpi_builder, "by", refuse)
    text = render_text(report)
    data = json.loads(render_json(report))
    assert data == json.loads(json.dumps(report_to_dict(report), default=str))
    assert text.startswith(f"servicemodel report: {SAMPLE}\n")
    assert set(data) == {"schema", "source", "scope", "overview", "kpi", "sla", "goals"}


def _hours(x: float | None) -> str:
    return "?" if x is None else f"{x:.1f}"


def test_every_sla_figure_in_the_json_is_in_the_text(report: Report) -> None:
    data = report_to_dict(report)["sla"]
    lines = render_text(report).splitlines()
    rows = data["attainment"] + data["by_metric"]
    assert len(data["by_metric"]) == len({r["metric"] for r in data["attainment"]})
    for row in rows:
        line = _line_with(lines, row["metric"], row["priority"] or "all")
        numbers = line.split()[2:6]
        assert numbers == [str(row[k]) for k in ("achieved", "breached", "active", "paused")]
        assert f"{_pct(row['attainment'])} %" in line
        assert f"[{_pct(row['attainment_lower'])}, {_pct(row['attainment_upper'])}]" in line
    # One block per time base, then a line per metric (n tells the bases' lines apart).
    for t in data["times"]:
        assert f" in hours of {t['base']}:" in lines
        line = _line_with(lines, t["metric"], f"n={t['n']}")
        assert f"median {t['median_hours']:.1f} h" in " ".join(line.split())
        assert f"p90 {t['p90_hours']:.1f} h" in " ".join(line.split())
        median = f"[{_hours(t['median_lower_hours'])}, {_hours(t['median_upper_hours'])}]"
        assert median in line
        assert f"[{_hours(t['p90_lower_hours'])}, {_hours(t['p90_upper_hours'])}]" in line
        assert f"({t['censored']} still running, censored)" in line
    for b in data["worst_breaches"]:
        base = "calendar time" if b["base_kind"] == "calendar" else "business hours"
        assert any(
            line.split()[:3] == [b["ticket"], b["policy"], b["metric"]]
            and f"over by {b['overrun_hours']:.1f} h (target {b['target_hours']:g} h of {base}"
            in line
            for line in lines
        ), b


def test_every_kpi_figure_in_the_json_is_in_the_text(report: Report) -> None:
    data = report_to_dict(report)["kpi"]
    text = render_text(report)
    for key, rec in data["overall"].items():
        if rec["value"] is None:
            continue
        # As the text shows them: shares in percent, points with one decimal, hours with two.
        shown = {"share": _pct(rec["value"]), "points": f"{rec['value']:.1f}"}.get(
            rec["unit"], f"{rec['value']:.2f}"
        )
        assert shown in text, key
        assert f"n={rec['n']}" in text


def test_sla_attainment_is_sla_attainment_over_evaluate_many(
    sample: list[TicketHistory], policies: PolicySet, report: Report
) -> None:
    assert report.sla is not None
    assert report.scope is not None
    # The report is a snapshot: the clocks are evaluated at its instant.
    measurements = list(evaluate_many(policies, sample, at=report.scope.as_of))
    for row in report.sla.attainment:
        mine = [
            m
            for m in measurements
            if m.metric.value == row.metric and m.priority.value == row.priority
        ]
        expected = SLAAttainment.empty(metric=row.metric).add_many(mine).result()
        assert row.attainment == expected
        counts = dict(expected.counts)
        assert (row.achieved, row.breached, row.active, row.paused) == (
            counts["achieved"],
            counts["breached"],
            counts["active"],
            counts["paused"],
        )
    for row in report.sla.by_metric:
        expected = SLAAttainment.empty(metric=row.metric).add_many(measurements).result()
        assert row.attainment == expected
        assert expected.lower is not None
        assert expected.upper is not None
        assert expected.lower <= row.attainment.value <= expected.upper  # type: ignore[operator]
    assert sum(r.achieved for r in report.sla.attainment) == sum(
        r.achieved for r in report.sla.by_metric
    )


def _clocks_by_base(measurements: list[Any], metric: Metric) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for m in measurements:
        if m.metric is metric:
            out.setdefault(base_of(m.calendar).label, []).append(m)
    return out


def test_sla_times_are_durations_nearest_rank(
    sample: list[TicketHistory], policies: PolicySet, report: Report
) -> None:
    # --finished-only: the stopped clocks of each base, nearest rank (as the report did before,
    # but never pooling business-hours clocks with calendar-time clocks).
    assert report.scope is not None
    options = ReportOptions(tz="Europe/Berlin", policies=policies, finished_only=True)
    finished = build_report(sample, options)
    assert finished.sla is not None
    times = {(t.metric, t.base.label): t for t in finished.sla.times}
    measurements = list(evaluate_many(policies, sample, at=report.scope.as_of))
    seen = 0
    for metric in (Metric.FIRST_REPLY, Metric.RESOLUTION):
        for label, mine in _clocks_by_base(measurements, metric).items():
            stopped = sorted(m.elapsed.total_seconds() / 3600 for m in mine if m.stopped_at)
            d = Durations.empty(metric=f"{metric.value} ({label})", unit="h").add_many(stopped)
            row = times[metric.value, label]
            seen += 1
            assert row.estimator == "finished-only"
            assert row.median == d.percentile(50)
            assert row.p90 == d.percentile(90)
            assert (row.n, row.censored) == (len(stopped), len(mine) - len(stopped))
            # Nearest rank: the ceil(q n)-th smallest value, as the report printed before.
            assert row.median.value == stopped[math.ceil(0.5 * len(stopped)) - 1]
            assert row.p90.value == stopped[math.ceil(0.9 * len(stopped)) - 1]
    assert seen == len(times) == 4  # first reply and resolution, in two bases each


def test_sla_times_are_kaplan_meier_per_base(
    sample: list[TicketHistory], policies: PolicySet, report: Report
) -> None:
    assert report.sla is not None
    assert report.scope is not None
    times = {(t.metric, t.base.label): t for t in report.sla.times}
    measurements = list(evaluate_many(policies, sample, at=report.scope.as_of))
    for metric in (Metric.FIRST_REPLY, Metric.RESOLUTION):
        for label, mine in _clocks_by_base(measurements, metric).items():
            pairs = [(m.elapsed, m.stopped_at is not None) for m in mine]
            acc = SurvivalTimes.empty(metric=f"{metric.value} ({label})", unit="h")
            curve = acc.add_many(pairs).result()
            row = times[metric.value, label]
            assert row.estimator == "kaplan-meier"
            assert (row.median, row.p90) == (curve["median"], curve["p90"])
            assert (row.n, row.censored) == (len(mine), sum(1 for _, done in pairs if not done))


def test_the_document_is_a_value(report: Report, sample: list[TicketHistory]) -> None:
    assert Report.__module__ == "servicemodel.report"
    assert type(report.sla).__module__ == "servicemodel.report"
    again = pickle.loads(pickle.dumps(report))
    assert again == report
    assert render_text(again) == render_text(report)
    small = build_report(sample[:50], ReportOptions(tz="Europe/Berlin"))
    assert small == build_report(sample[:50], ReportOptions(tz="Europe/Berlin"))
    assert list(small.sections()) == ["overview", "kpi"]


def test_cli_prints_exactly_the_rendered_document(
    report: Report, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["report", str(SAMPLE), "--tz", "Europe/Berlin", "--policy", str(POLICY)]
    argv += ["--goals", str(GOALS)]
    assert main(argv) == 0
    assert capsys.readouterr().out == render_text(report)
    assert main([*argv, "--format", "json"]) == 0
    assert capsys.readouterr().out == render_json(report)
