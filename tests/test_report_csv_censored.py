"""The CSV report's ``missing`` and ``censored`` columns: the counts beside ``n``, as the JSON
names them and the text, HTML and Markdown reports show them (``missing=``, ``censored=``).

docs/report.md, "HTML, Markdown and CSV": the columns are ``section, metric, segment, period,
value, lower, upper, n, base, note, missing, censored`` -- the two new ones last, so a reader
by position from the left keeps working. ``censored`` counts the tickets (or SLA clocks) of a
Kaplan-Meier time still waiting at the snapshot; ``missing`` the tickets (or clocks) a figure
does not count, the waiting ones under ``--finished-only`` (then ``censored`` is 0, and the
JSON's ``censored`` of that time repeats them). Both are empty where a figure has no ``n`` (a
count, a goal's target, a breach's overrun) and on the ``scope`` and ``source`` rows.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.model import AgentReply, StatusChange, Ticket, TicketHistory
from servicemodel.report import (
    Figure,
    ReportOptions,
    build_report,
    render_csv,
    render_json,
    render_markdown,
)
from servicemodel.sla import SLAPolicy, Target

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
#: The columns before this change, in their order: a reader by position still finds them.
OLD = ["section", "metric", "segment", "period", "value", "lower", "upper", "n", "base", "note"]
DURATIONS = ("frt_p50", "frt_p90", "resolution_p50", "resolution_p90")


@st.composite
def histories(draw: st.DrawFn) -> list[TicketHistory]:
    """Tickets over three weeks: some answered, some solved, some still waiting."""
    out = []
    for i in range(draw(st.integers(1, 8))):
        t = T0 + timedelta(days=draw(st.integers(0, 20)), minutes=i)
        events: list[Any] = []
        if draw(st.booleans()):
            events.append(AgentReply(f"r{i}", t + timedelta(hours=draw(st.integers(1, 30)))))
        if draw(st.booleans()):
            solved = t + timedelta(hours=draw(st.integers(31, 90)))
            events.append(StatusChange(f"s{i}", solved, status="solved"))
        channel = draw(st.sampled_from(["chat", "email"]))
        out.append(TicketHistory(Ticket(f"T{i}", t, channel=channel), events))
    return out


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _kpi_records(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The JSON's KPI figures keyed as the CSV names them."""
    kpi = data["kpi"]
    scopes = [("", "", kpi["overall"])]
    scopes += [(f"channel={k}", "", s) for k, s in kpi["by_channel"].items()]
    scopes += [("", k, s) for k, s in kpi["by_week"].items()]
    return {
        f"kpi|{key}|{segment}|{period}": rec
        for segment, period, scope in scopes
        for key, rec in scope.items()
    }


@given(histories(), st.booleans(), st.booleans())
def test_the_counts_are_the_jsons_beside_each_figure(
    found: list[TicketHistory], finished_only: bool, with_policy: bool
) -> None:
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "8h")]}) if with_policy else None
    at = T0 + timedelta(days=22)
    report = build_report(found, ReportOptions(at=at, finished_only=finished_only, policies=policy))
    text = render_csv(report)
    header = next(csv.reader(io.StringIO(text)))
    assert header == [*OLD, "missing", "censored"]
    rows = _rows(text)
    by_key = {f"{r['section']}|{r['metric']}|{r['segment']}|{r['period']}": r for r in rows}
    data = json.loads(render_json(report))
    for key, rec in _kpi_records(data).items():
        row = by_key[key]
        assert int(row["missing"]) == rec["missing"], key
        if key.split("|")[1] not in DURATIONS:
            assert row["censored"] == "0", key  # only a time waits
        elif finished_only:
            # The waiting tickets are left out (missing), not censored; the JSON's censored
            # names them (no partial history here: none left out besides them).
            assert row["censored"] == "0", key
            assert int(row["missing"]) == rec["censored"], key
        else:
            assert int(row["censored"]) == rec["censored"], key
    for rec in data["sla"]["times"] if with_policy else []:
        for stat in ("median", "p90"):
            row = by_key[f"sla|{rec['metric']} {stat}|base={rec['base_kind']}|"]
            # The row's clocks still running: censored under Kaplan-Meier, else not counted.
            waiting = "missing" if finished_only else "censored"
            other = "censored" if finished_only else "missing"
            assert int(row[waiting]) == rec["censored"]
            assert row[other] == "0"
    for r in rows:
        if r["section"] in ("scope", "source") or r["n"] == "":
            assert (r["missing"], r["censored"]) == ("", ""), r


def test_a_ticket_still_waiting_is_censored_and_a_finished_only_time_leaves_it_out() -> None:
    # Two tickets: one answered after 2 h, one never answered by the snapshot.
    found = [
        TicketHistory(Ticket("A", T0), [AgentReply("r", T0 + timedelta(hours=2))]),
        TicketHistory(Ticket("B", T0 + timedelta(minutes=1)), []),
    ]
    at = T0 + timedelta(days=1)
    km = {r["metric"]: r for r in _rows(render_csv(build_report(found, ReportOptions(at=at))))}
    assert (km["frt_p50"]["n"], km["frt_p50"]["missing"], km["frt_p50"]["censored"]) == (
        "2",
        "0",
        "1",
    )
    finished = ReportOptions(at=at, finished_only=True)
    fo = {r["metric"]: r for r in _rows(render_csv(build_report(found, finished)))}
    assert (fo["frt_p50"]["n"], fo["frt_p50"]["missing"], fo["frt_p50"]["censored"]) == (
        "1",
        "1",
        "0",
    )
    # The old columns keep their places: the note is the tenth, the value the fifth.
    line = render_csv(build_report(found, ReportOptions(at=at))).splitlines()[1]
    assert line.split(",")[:10] == ["overview", "tickets", "", "", "2", "", "", "", "", ""]
    assert line.split(",")[10:] == ["", ""]  # a count: no n, so no counts beside it


_COUNTS = st.integers(min_value=0, max_value=10**6)


@given(
    st.none() | _COUNTS,
    _COUNTS,
    _COUNTS,
    st.sampled_from(["", "not reached yet", "=1+2"]),
)
def test_a_figures_row_ends_with_its_counts_beside_n(
    n: int | None, missing: int, censored: int, note: str
) -> None:
    fig = Figure("kpi", "frt_p50", "", "", None, n=n, note=note, missing=missing, censored=censored)
    row = fig.row()
    assert len(row) == 12
    assert row[:10] == ("kpi", "frt_p50", "", "", None, None, None, n, "", note)
    assert row[10:] == ((missing, censored) if n is not None else (None, None))


def test_the_sample_reports_goal_series_and_sla_times_carry_the_jsons_counts() -> None:
    from pathlib import Path

    from servicemodel.goals import goals_from_file
    from servicemodel.io import load_jsonl
    from servicemodel.sla import PolicySet

    root = Path(__file__).resolve().parents[1]
    options = ReportOptions(
        tz="Europe/Berlin",
        policies=PolicySet.from_file(root / "examples" / "policies" / "standard.toml"),
        goals=goals_from_file(root / "examples" / "goals.toml"),
    )
    report = build_report(
        load_jsonl(root / "examples" / "data" / "tickets.jsonl").histories, options
    )
    rows = _rows(render_csv(report))
    by_key = {f"{r['section']}|{r['metric']}|{r['segment']}|{r['period']}": r for r in rows}
    data = json.loads(render_json(report))
    points = [p for g in data["goals"]["goals"] for p in g["series"]]
    assert any(p["missing"] for p in points)  # the sample's last week still waits
    censored = 0
    for g in data["goals"]["goals"]:
        km = g["goal"].get("statistic") not in (None, "mean", "share")  # a median or pNN time
        for p in g["series"]:
            row = by_key[f"goals|value|goal={g['name']}|{p['period']}"]
            assert int(row["missing"]) == p["missing"]
            if not km:
                assert row["censored"] == "0"
            elif int(row["censored"]):
                # A Kaplan-Meier time's waiting tickets: the ones the goal's treatment says
                # were not replied to at the snapshot, of all the period's tickets (n).
                censored += 1
                told = f"{p['period']} ({row['censored']} of {p['n']} tickets"
                assert told in g["treatment"], (told, g["treatment"])
    assert censored  # the email median's last week still waits
    assert data["sla"]["times"]
    for rec in data["sla"]["times"]:
        for stat in ("median", "p90"):
            row = by_key[f"sla|{rec['metric']} {stat}|base={rec['base_kind']}|"]
            assert int(row["censored"]) == rec["censored"]  # Kaplan-Meier, the default


def _goal(statistic: str) -> Any:
    from servicemodel.goals import SmartGoal

    return SmartGoal(
        name="g",
        kpi="first_reply_time",
        statistic=statistic,
        unit="h",
        comparator="<",
        target=2.0,
        baseline=8.0,
        objective="speed",
        start=T0.replace(hour=0),  # a Monday: the weeks are ISO weeks
        deadline=T0.replace(hour=0) + timedelta(weeks=5),
    )


def _waiting_by_week(found: list[TicketHistory]) -> dict[str, int]:
    """Per ISO week of creation, the tickets with no agent reply (none comes after ``at``)."""
    out: dict[str, int] = {}
    for h in found:
        year, week, _ = h.ticket.created_at.isocalendar()
        label = f"{year}-W{week:02d}"
        waiting = not any(isinstance(e, AgentReply) for e in h.events)
        out[label] = out.get(label, 0) + waiting
    return out


@given(histories(), st.sampled_from(["median", "p90", "mean"]), st.booleans())
def test_a_goals_time_counts_its_waiting_tickets_as_the_kpi_times_do(
    found: list[TicketHistory], statistic: str, finished_only: bool
) -> None:
    # docs/report.md: ``censored`` counts the tickets of a Kaplan-Meier time still waiting at
    # the snapshot, ``missing`` those a figure does not count. A goal's median or percentile
    # is a Kaplan-Meier estimate (docs/goals.md), a mean is over finished tickets only, and
    # under --finished-only every time is.
    at = T0 + timedelta(days=22)
    options = ReportOptions(at=at, finished_only=finished_only, goals=[_goal(statistic)])
    report = build_report(found, options)
    rows = [
        r for r in _rows(render_csv(report)) if (r["section"], r["metric"]) == ("goals", "value")
    ]
    waiting = _waiting_by_week(found)
    km = statistic != "mean" and not finished_only
    for row in rows:
        expected = waiting.get(row["period"], 0)
        assert (int(row["censored"]), int(row["missing"])) == (
            (expected, 0) if km else (0, expected)
        ), row
    if km and any(waiting.values()):
        assert "censored=" in render_markdown(report)


@given(histories(), st.sampled_from(["median", "p90", "mean"]))
def test_a_goals_percentile_the_curve_never_reaches_says_not_reached_yet(
    found: list[TicketHistory], statistic: str
) -> None:
    # docs/report.md: ``note`` says "not reached yet" for a Kaplan-Meier percentile the curve
    # never falls to while tickets still wait, as the KPI times' rows do; a period with no
    # tickets, or a mean, has no value for another reason and says nothing of the kind.
    at = T0 + timedelta(days=22)
    report = build_report(found, ReportOptions(at=at, goals=[_goal(statistic)]))
    rows = [
        r for r in _rows(render_csv(report)) if (r["section"], r["metric"]) == ("goals", "value")
    ]
    for row in rows:
        unreached = row["value"] == "" and int(row["censored"]) > 0
        assert row["note"].startswith("not reached yet") == unreached, row


@given(histories(), st.booleans())
def test_the_sla_times_table_names_its_running_clocks_as_its_estimator_counts_them(
    found: list[TicketHistory], finished_only: bool
) -> None:
    # docs/report.md: under --finished-only a time's running clocks are not counted (missing,
    # as the text says them "not counted"), not censored; its n is the stopped clocks.
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "8h")]})
    at = T0 + timedelta(days=22)
    report = build_report(found, ReportOptions(at=at, finished_only=finished_only, policies=policy))
    text = render_markdown(report)
    header = next(line for line in text.splitlines() if line.startswith("| Metric | Base |"))
    if finished_only:
        assert "| Stopped clocks | Still running, not counted |" in header
        assert "Censored" not in header
    else:
        assert "| Clocks | Censored |" in header
