"""A one-row export without a first-reply or a solved column: the fact is unknown, not "never".

A Jira CSV export has Created and Resolved but no first reply. Read as if every first-reply
cell were empty, every ticket looked unanswered ("First reply p50 - not reached yet,
censored=5"); without a solved column every ticket looked open (backlog = every ticket,
resolution rate 0). A missing column now marks ``first_reply`` / ``resolution`` lost, and
the figures that need it refuse (the KPIs) or read "not available from this export" (the
report), while an empty cell in a present column still means "not yet" (censored).
"""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import PartialHistoryError
from servicemodel.io import summary
from servicemodel.kpi import (
    CSAT,
    Backlog,
    FirstContactResolution,
    FirstReplySurvival,
    FirstReplyTime,
    ReopenRate,
    ResolutionRate,
    ResolutionSurvival,
    ResolutionTime,
)
from servicemodel.model import TicketHistory, lost_facts
from servicemodel.report import ReportOptions, build_report, render_csv, render_json, render_text
from servicemodel.sla import SLAPolicy, Target, evaluate

ROOT = Path(__file__).resolve().parents[1]
JIRA = ROOT / "tests" / "data" / "summary" / "jira_issues.csv"
MAPPING = ROOT / "examples" / "mappings" / "jira-csv.toml"
SCHEMA = ROOT / "src" / "servicemodel" / "report" / "schema" / "report-1.json"
NO_REPLY = "not available from this export (lost: first_reply)"
NO_SOLVE = "not available from this export (lost: resolution)"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
FAR = datetime(2027, 1, 1, tzinfo=UTC)  # a snapshot after every generated instant


def _jira_options(*, solved: bool = True) -> dict[str, Any]:
    m = tomllib.loads(MAPPING.read_text("utf-8"))
    columns = dict(m["columns"])
    if not solved:
        del columns["solved"]
    return {
        "columns": columns,
        "date_format": m["date_format"],
        "tz": m["tz"],
        "priority_map": m["priority_map"],
    }


def _jira(*, solved: bool = True) -> list[TicketHistory]:
    return list(summary.load(JIRA, **_jira_options(solved=solved)))


def _hours(created: str, resolved: str) -> float:
    # The fixture's local times (Europe/Berlin), converted by hand: 29 March 2026 is the
    # spring-forward day (CET +01:00 before it, CEST +02:00 after).
    a, b = datetime.fromisoformat(created), datetime.fromisoformat(resolved)
    return (b.astimezone(UTC) - a.astimezone(UTC)) / timedelta(hours=1)


#: The Jira fixture's resolved tickets (SUP-101, SUP-102, SUP-104), by hand from the CSV.
JIRA_RESOLUTION_H = sorted(
    [
        _hours("2026-03-02T09:05+01:00", "2026-03-03T16:40+01:00"),
        _hours("2026-03-02T11:30+01:00", "2026-03-02T12:10+01:00"),
        _hours("2026-03-27T17:50+01:00", "2026-03-30T10:05+02:00"),
    ]
)


# --- the Jira fixture through the library ----------------------------------------------------


def test_jira_without_a_first_reply_column_loses_the_first_reply_only() -> None:
    hs = _jira()
    assert len(hs) == 5
    assert all("first_reply" in lost_facts(h) for h in hs)
    assert not any("resolution" in lost_facts(h) for h in hs)
    with pytest.raises(PartialHistoryError, match=r"first reply time needs the first agent"):
        FirstReplyTime.empty().add_many(hs)
    with pytest.raises(PartialHistoryError, match=r"\(lost: first_reply\)"):
        FirstReplySurvival.empty(as_of=FAR).add_many(hs)
    # What the export holds still works: resolution times (checked by hand), rate, backlog.
    times = ResolutionTime.empty(unit="h").add_many(hs).result()
    assert times.censored == 2
    assert times.median.value == pytest.approx(JIRA_RESOLUTION_H[1])
    assert ResolutionRate.empty().add_many(hs).result().value == pytest.approx(3 / 5)
    assert Backlog.empty(as_of=FAR).add_many(hs).result().value == 2


def test_jira_without_a_solved_column_loses_the_resolution() -> None:
    hs = _jira(solved=False)
    assert all({"first_reply", "resolution"} <= lost_facts(h) for h in hs)
    refusing = [
        ResolutionTime.empty(),
        ResolutionSurvival.empty(as_of=FAR),
        ResolutionRate.empty(),
        Backlog.empty(as_of=FAR),
        ReopenRate.empty(),
        FirstContactResolution.empty(),
    ]
    for acc in refusing:
        with pytest.raises(PartialHistoryError, match=r"lost: [a-z_, ]*resolution"):
            acc.add_many(hs)  # type: ignore[attr-defined]


def test_sla_clocks_needing_a_lost_fact_refuse() -> None:
    h = _jira()[0]
    plain = SLAPolicy("plain", {"high": [Target("first_reply", "1h")]}, pause=[])
    with pytest.raises(PartialHistoryError, match=r"SLA policy 'plain', metric first_reply"):
        evaluate(plain, h)
    solve = SLAPolicy("solve", {"high": [Target("resolution", "2d")]}, pause=[])
    (m,) = evaluate(solve, h)
    assert m.state == "achieved"
    with pytest.raises(PartialHistoryError, match=r"metric resolution"):
        evaluate(solve, _jira(solved=False)[0])


def test_the_report_says_not_available_and_keeps_the_rest() -> None:
    report = build_report(_jira())
    text = render_text(report)
    assert f"First reply p50                  –   {NO_REPLY}" in text
    assert "censored=5" not in text  # the old "not reached yet" over every ticket
    assert "lost: first_reply" in render_csv(report)
    data = json.loads(render_json(report))
    jsonschema.validate(data, json.loads(SCHEMA.read_text("utf-8")))
    overall = data["kpi"]["overall"]
    assert overall["frt_p50"]["note"] == overall["frt_p90"]["note"] == NO_REPLY
    assert overall["resolution_p50"]["value"] is not None
    assert "note" not in overall["resolution_p50"]
    assert "note" not in overall["csat"]
    assert data["overview"]["by_status"]["solved"] == 3


def test_a_mixed_export_keeps_each_file_s_columns(tmp_path: Path) -> None:
    # Two files of one export: the one with a first-reply column keeps its replies, and the
    # report's figure stands on them alone, saying it left the other file's ticket out (it
    # read "not available" for the whole export while one ticket could not say).
    full = tmp_path / "full.csv"
    full.write_text(
        "id,created_at,first_reply_at\nA,2026-03-02T09:00:00Z,2026-03-02T09:30:00Z\n", "utf-8"
    )
    bare = tmp_path / "bare.csv"
    bare.write_text("id,created_at\nB,2026-03-02T10:00:00Z\n", "utf-8")
    a, b = summary.load([full, bare])
    assert "first_reply" not in lost_facts(a)
    assert "first_reply" in lost_facts(b)
    assert FirstReplyTime.empty().add(a).result().median.value == 30.0
    report = build_report([a, b])
    frt = report.kpi.overall.figure("frt_p50")
    assert (frt.value, frt.n, frt.missing) == (0.5, 1, 1)
    text = render_text(report)
    left = "1 ticket left out: partial history (lost: first_reply)"
    assert f"0.50 h   [0.50, ?]            n=1  missing=1  ({left})" in text
    assert NO_REPLY not in text  # no ticket of the export has a solved column: that one stays
    assert NO_SOLVE in text


# --- the CLI --------------------------------------------------------------------------------


def _cli_json(capsys: pytest.CaptureFixture[str], mapping: Path) -> dict[str, Any]:
    args = ["report", "--source", "summary", str(JIRA), "--map", str(mapping), "--format"]
    assert main([*args, "json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_cli_json_on_the_jira_export(capsys: pytest.CaptureFixture[str]) -> None:
    data = _cli_json(capsys, MAPPING)
    overall = data["kpi"]["overall"]
    assert overall["frt_p50"]["value"] is None
    assert overall["frt_p50"]["note"] == NO_REPLY
    assert overall["resolution_p50"]["n"] == 5
    assert overall["resolution_p50"]["censored"] == 2


def test_cli_json_without_a_solved_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "jira-no-solved.toml"
    lines = MAPPING.read_text("utf-8").splitlines()
    mapping.write_text("\n".join(x for x in lines if not x.startswith("solved =")), "utf-8")
    data = _cli_json(capsys, mapping)
    overall = data["kpi"]["overall"]
    assert overall["resolution_p50"]["note"] == NO_SOLVE
    assert overall["reopen_rate"]["note"].endswith("(lost: reopens, resolution)")
    assert data["overview"]["by_status"] == {"status unknown (no solved column)": 5}
    assert not data["kpi"]["partial_weeks"].get("2026-W10")  # no ticket counted as open


def test_cli_sla_shows_the_metric_not_available(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text(
        '[[policies]]\nname = "p"\npause = []\n[policies.targets]\n'
        'high = [{ metric = "first_reply", within = "1h" }, '
        '{ metric = "resolution", within = "2d" }]\n',
        "utf-8",
    )
    args = ["report", "--source", "summary", str(JIRA), "--map", str(MAPPING)]
    assert main([*args, "--policy", str(policy), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, json.loads(SCHEMA.read_text("utf-8")))
    totals = {row["metric"]: row for row in data["sla"]["by_metric"]}
    assert totals["first_reply"]["attainment"] is None
    assert totals["first_reply"]["note"] == NO_REPLY
    assert totals["resolution"]["achieved"] == 1  # SUP-101: 31.6 h < 2 d
    assert "note" not in totals["resolution"]


# --- an empty cell is still "not yet" ----------------------------------------------------------


def test_a_present_but_empty_column_still_censors() -> None:
    rows = [
        {"id": "1", "created_at": "2026-03-02T09:00:00Z", "first_reply_at": "", "solved_at": ""},
        {
            "id": "2",
            "created_at": "2026-03-02T09:00:00Z",
            "first_reply_at": "2026-03-02T10:00:00Z",
            "solved_at": "2026-03-02T12:00:00Z",
        },
    ]
    hs = list(summary.histories(rows))
    assert not any(lost_facts(h) & {"first_reply", "resolution"} for h in hs)
    frt = FirstReplyTime.empty(unit="h").add_many(hs).result()
    assert (frt.n, frt.censored, frt.median.value) == (1, 1, 1.0)
    assert ResolutionRate.empty().add_many(hs).result().value == 0.5
    assert Backlog.empty(as_of=FAR).add_many(hs).result().value == 1


def test_the_first_row_decides_for_a_stream_of_mappings() -> None:
    # Documented: the keys of the first row (that is a mapping) decide for the whole stream.
    rows = [
        {"id": "1", "created_at": "2026-03-02T09:00:00Z"},
        {"id": "2", "created_at": "2026-03-02T09:00:00Z", "first_reply_at": ""},
    ]
    assert all("first_reply" in lost_facts(h) for h in summary.histories(rows))
    assert not any("first_reply" in lost_facts(h) for h in summary.histories(rows[::-1]))


# --- properties -------------------------------------------------------------------------------


@st.composite
def exports(draw: st.DrawFn) -> list[dict[str, str]]:
    """One-row exports with every column present: some cells empty, instants after creation."""
    n = draw(st.integers(1, 8))
    rows = []
    for i in range(n):
        created = T0 + timedelta(minutes=draw(st.integers(0, 20_000)))
        row = {"id": f"T{i}", "created_at": created.isoformat()}
        for column in ("first_reply_at", "solved_at"):
            after = draw(st.none() | st.integers(0, 20_000))
            row[column] = "" if after is None else (created + timedelta(minutes=after)).isoformat()
        rating = draw(st.none() | st.integers(1, 5))
        row["rating"] = "" if rating is None else str(rating)
        rows.append(row)
    return rows


def _drop(rows: list[dict[str, str]], column: str) -> list[dict[str, str]]:
    return [{k: v for k, v in row.items() if k != column} for row in rows]


def _csat(hs: list[TicketHistory]) -> Any:
    return CSAT.empty().add_many([r.score for h in hs for r in h.ratings()]).result().value


def _kpi(report: Any, key: str) -> Any:
    return report.kpi.overall.figure(key)


@given(exports())
def test_dropping_the_first_reply_column_never_yields_a_first_reply_figure(
    rows: list[dict[str, str]],
) -> None:
    full = list(summary.histories(rows))
    bare = list(summary.histories(_drop(rows, "first_reply_at")))
    with pytest.raises(PartialHistoryError):
        FirstReplyTime.empty().add_many(bare)
    with pytest.raises(PartialHistoryError):
        FirstReplySurvival.empty(as_of=FAR).add_many(bare)
    report = build_report(bare, ReportOptions(at=FAR))
    for key in ("frt_p50", "frt_p90"):
        assert _kpi(report, key).value is None
        assert _kpi(report, key).method == NO_REPLY
    # The figures that do not need a first reply are unchanged.
    assert len(bare) == len(full)
    assert ResolutionTime.empty().add_many(bare) == ResolutionTime.empty().add_many(full)
    assert ResolutionRate.empty().add_many(bare) == ResolutionRate.empty().add_many(full)
    assert Backlog.empty(as_of=FAR).add_many(bare) == Backlog.empty(as_of=FAR).add_many(full)
    assert _csat(bare) == _csat(full)
    before = build_report(full, ReportOptions(at=FAR))
    for key in ("resolution_p50", "resolution_p90", "csat"):
        assert _kpi(report, key) == _kpi(before, key)
    assert report.overview.by_status == before.overview.by_status


@given(exports())
def test_dropping_the_solved_column_never_yields_a_resolution_figure(
    rows: list[dict[str, str]],
) -> None:
    full = list(summary.histories(rows))
    bare = list(summary.histories(_drop(rows, "solved_at")))
    for acc in (
        ResolutionTime.empty(),
        ResolutionSurvival.empty(as_of=FAR),
        ResolutionRate.empty(),
        Backlog.empty(as_of=FAR),
    ):
        with pytest.raises(PartialHistoryError):
            acc.add_many(bare)  # type: ignore[attr-defined]
    report = build_report(bare, ReportOptions(at=FAR))
    for key in ("resolution_p50", "resolution_p90"):
        assert _kpi(report, key).value is None
        assert _kpi(report, key).method == NO_SOLVE
    assert dict(report.overview.by_status) == {"status unknown (no solved column)": len(rows)}
    assert all(scope.partial is None or "unresolved" not in scope.partial
               for scope in report.kpi.by_week)  # fmt: skip
    # The figures that do not need the solve are unchanged.
    assert len(bare) == len(full)
    assert FirstReplyTime.empty().add_many(bare) == FirstReplyTime.empty().add_many(full)
    reply_km = FirstReplySurvival.empty(as_of=FAR)
    assert reply_km.add_many(bare) == reply_km.add_many(full)
    assert _csat(bare) == _csat(full)
    before = build_report(full, ReportOptions(at=FAR))
    for key in ("frt_p50", "frt_p90", "csat"):
        assert _kpi(report, key) == _kpi(before, key)


def test_a_period_keyed_by_an_instant_the_export_lacks_refuses() -> None:
    from servicemodel.errors import PartialHistoryError
    from servicemodel.kpi import ResolutionRate, by, periods

    rows = [{"id": "1", "created_at": "2026-03-02T09:00:00Z", "solved_at": "2026-03-03T09:00:00Z"}]
    (h,) = summary.histories(rows)  # no first-reply column: the first reply is unknown
    with pytest.raises(PartialHistoryError, match="first_reply"):
        by(periods("week", at="first_reply"), ResolutionRate.empty()).add(h)
    # The instants the export holds still key a period.
    solved = by(periods("week", at="solved"), ResolutionRate.empty()).add(h).result()
    assert [(v.n, v.value) for v in solved.values()] == [(1, 1.0)]
