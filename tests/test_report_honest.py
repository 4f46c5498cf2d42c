"""Issue 14 in the report: open tickets counted, one base and zone per figure, partial periods.

The laws (Hypothesis): every duration figure in the JSON report carries its base and is
computed from durations of that base only. The rest pins the behaviours on the sample data:
Kaplan-Meier by default (finished-only by option, labelled), ``--at`` as a snapshot for every
section, partial weeks flagged, goals validated, NPS compared on one basis, and the JSON
output valid against its published schema.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from statistics import NormalDist
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError
from servicemodel.goals import goals_from_file, goals_from_toml
from servicemodel.io import load_jsonl
from servicemodel.kpi import NPS, SurvivalTimes, compare
from servicemodel.model import TicketHistory
from servicemodel.report import ReportOptions, build_report, render_text, report_to_dict
from servicemodel.report._base import base_of
from servicemodel.report._goals import build_goals
from servicemodel.sla import PolicySet, SLAPolicy, Target, evaluate_many
from servicemodel.strategies import histories, tickets

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "data" / "tickets.jsonl"
POLICY = ROOT / "examples" / "policies" / "standard.toml"
GOALS = ROOT / "examples" / "goals.toml"
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def sample() -> list[TicketHistory]:
    return list(load_jsonl(SAMPLE).histories)


@pytest.fixture(scope="module")
def full(sample: list[TicketHistory]) -> dict[str, Any]:
    options = ReportOptions(
        tz="Europe/Berlin", policies=PolicySet.from_file(POLICY), goals=goals_from_file(GOALS)
    )
    return report_to_dict(build_report(sample, options))


# --- the law: every duration carries its base and uses that base only -------------------------

OFFICE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "08:00-18:00"})
MIXED = PolicySet(
    [
        SLAPolicy(
            "mixed",
            {
                "urgent": [
                    Target("first_reply", "1h", business=False),
                    Target("resolution", "8h", business=False),
                ],
                "high": [Target("first_reply", "2h"), Target("resolution", "16h")],
                "normal": [Target("first_reply", "4h"), Target("resolution", "40h")],
                "low": [Target("first_reply", "8h", business=False)],
            },
            calendar=OFFICE,
        )
    ]
)


def _durations(data: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every record of the JSON report that holds a duration (a time unit or hours)."""
    if isinstance(data, dict):
        timed = data.get("unit") in ("s", "min", "h", "d") or any(
            k.endswith("_hours") and k not in ("fcr_window_hours",) for k in data
        )
        if timed:
            yield path, data
        for key, value in data.items():
            yield from _durations(value, f"{path}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _durations(value, f"{path}[{i}]")


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        histories(
            tickets=tickets(
                created_at=st.datetimes(
                    min_value=datetime(2026, 3, 2),
                    max_value=datetime(2026, 3, 20),
                    timezones=st.just(UTC),
                )
            ),
            max_events=6,
        ),
        max_size=10,
    ),
    st.booleans(),
)
def test_every_duration_carries_its_base_and_uses_that_base_only(
    items: list[TicketHistory], finished_only: bool
) -> None:
    opts = ReportOptions(tz="Europe/Berlin", policies=MIXED, finished_only=finished_only)
    report = build_report(items, opts)
    data = report_to_dict(report)
    bases = {"calendar time": "calendar", base_of(OFFICE).label: "business"}
    for path, record in _durations(data):
        if path.startswith(".goals"):
            continue  # goal series: the goal's own base, on the goal record (below)
        assert record.get("base") in bases, path
        assert record["base_kind"] == bases[record["base"]], path
        if "worst_breaches" not in path:
            want = "finished-only" if finished_only else "kaplan-meier"
            assert record["estimator"] == want, path
    if report.sla is None or report.scope is None:
        return
    # Each SLA time row is the clocks of its base only, and no (metric, base) row repeats.
    measurements = list(evaluate_many(MIXED, items, at=report.scope.as_of))
    rows = data["sla"]["times"]
    assert len({(r["metric"], r["base"]) for r in rows}) == len(rows)
    for row in rows:
        mine = [
            m
            for m in measurements
            if m.metric.value == row["metric"] and base_of(m.calendar).label == row["base"]
        ]
        stopped = [m for m in mine if m.stopped_at is not None]
        assert row["n"] + (row["censored"] if finished_only else 0) == len(mine)
        assert row["censored"] == len(mine) - len(stopped)
        if not finished_only:
            curve = SurvivalTimes.empty(unit="h").add_many(
                [(m.elapsed, m.stopped_at is not None) for m in mine]
            )
            assert row["median_hours"] == curve.result()["median"].value
    # Every clock of a timed metric is in exactly one row.
    timed = [m for m in measurements if m.metric.value in ("first_reply", "resolution")]
    counted = sum(r["n"] + (r["censored"] if finished_only else 0) for r in rows)
    assert counted == len(timed)


# --- Kaplan-Meier by default; finished only by option, labelled ------------------------------


def test_the_last_week_counts_its_open_tickets(
    sample: list[TicketHistory], full: dict[str, Any]
) -> None:
    week = full["kpi"]["by_week"]["2026-W44"]
    # Kaplan-Meier: 87 of 359 tickets still open, so the p90 is not known yet (not 45 h).
    assert week["resolution_p90"]["value"] is None
    assert (week["resolution_p90"]["n"], week["resolution_p90"]["censored"]) == (359, 87)
    assert week["resolution_p50"]["value"] == pytest.approx(19.91, abs=0.01)
    options = ReportOptions(tz="Europe/Berlin", finished_only=True)
    finished = report_to_dict(build_report(sample, options))["kpi"]
    old = finished["by_week"]["2026-W44"]["resolution_p90"]
    assert old["value"] == pytest.approx(45.34, abs=0.01)  # the biased figure, by option only
    assert (old["n"], old["missing"], old["estimator"]) == (272, 87, "finished-only")
    assert finished["estimator"] == "finished-only"


def test_the_text_says_which_estimator_and_base(sample: list[TicketHistory]) -> None:
    text = render_text(build_report(sample[:300], ReportOptions(tz="Europe/Berlin")))
    assert "times in h of calendar time" in text
    assert "Kaplan-Meier estimates" in text
    finished = render_text(
        build_report(sample[:300], ReportOptions(tz="Europe/Berlin", finished_only=True))
    )
    assert "FINISHED TICKETS ONLY (--finished-only)" in finished


# --- one base and one zone per figure ----------------------------------------------------------


def _instants(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for value in data.values():
            yield from _instants(value)
    elif isinstance(data, list):
        for value in data:
            yield from _instants(value)
    elif isinstance(data, str) and len(data) >= 25 and data[10:11] == "T" and data[4] == "-":
        yield data


def test_every_instant_is_in_the_report_zone(full: dict[str, Any]) -> None:
    found = list(_instants(full))
    assert len(found) > 50
    for text in found:
        when = datetime.fromisoformat(text)
        assert when.utcoffset() == when.astimezone(BERLIN).utcoffset(), text


def test_sla_times_are_split_by_base_and_breaches_name_policy_and_base(
    full: dict[str, Any],
) -> None:
    rows = full["sla"]["times"]
    kinds = {(r["metric"], r["base_kind"]) for r in rows}
    assert kinds == {
        (m, k) for m in ("first_reply", "resolution") for k in ("business", "calendar")
    }
    for b in full["sla"]["worst_breaches"]:
        assert b["policy"] in ("enterprise", "standard")
        assert b["base_kind"] == "calendar"  # the worst are urgent, counted around the clock


# --- --at is a snapshot for every section ------------------------------------------------------


def test_at_is_a_snapshot_for_every_section(sample: list[TicketHistory]) -> None:
    at = datetime(2026, 9, 1, tzinfo=UTC)
    report = build_report(sample, ReportOptions(tz="Europe/Berlin", at=at))
    earlier = [h for h in sample if h.created_at.astimezone(UTC) <= at]
    truncated = [
        TicketHistory(h.ticket, [e for e in h.events if e.at.astimezone(UTC) <= at])
        for h in earlier
    ]
    again = build_report(truncated, ReportOptions(tz="Europe/Berlin", at=at))
    assert report.overview == again.overview
    assert report.kpi == again.kpi
    assert report.overview.tickets == len(earlier)
    assert report.scope is not None
    assert report.scope.after_snapshot == len(sample) - len(earlier)


def test_an_empty_selection_says_why(sample: list[TicketHistory]) -> None:
    early = datetime(2026, 7, 1, tzinfo=UTC)
    scope = build_report(sample, ReportOptions(at=early)).scope
    assert scope is not None
    assert scope.empty_reason() == (
        "all 5032 tickets were created after the snapshot instant (--at 2026-07-01T00:00:00+00:00)"
    )


# --- partial periods ----------------------------------------------------------------------------


def test_the_last_week_is_flagged_partial_in_text_json_and_goals(
    sample: list[TicketHistory], full: dict[str, Any]
) -> None:
    assert list(full["kpi"]["partial_weeks"]) == ["2026-W44"]
    assert "87 of 359 tickets (24 %) unresolved" in full["kpi"]["partial_weeks"]["2026-W44"]
    first = full["goals"]["goals"][0]
    assert first["series"][-1]["partial"].startswith("35 of 359 tickets (10 %) not replied to")
    assert "2026-W44" in first["treatment"]
    # The goal's latest value is the last complete week's, not the partial week's 3.18 h.
    assert first["status"]["latest"]["value"] == pytest.approx(first["series"][-2]["value"])
    text = render_text(build_report(sample, ReportOptions(tz="Europe/Berlin")))
    assert "2026-W44  PARTIAL: 87 of 359 tickets (24 %) unresolved at the snapshot" in text


# --- goals validate -----------------------------------------------------------------------------

GOAL = """
[[goals]]
name = "CSAT at 90 %"
objective = "keep customers"
kpi = "csat"
unit = "share"
comparator = ">="
target = {target}
baseline = 0.85
tz = "Europe/Berlin"
start = 2026-08-03
deadline = 2026-11-02
{extra}
"""


def test_a_percentage_written_as_a_share_is_a_config_error_with_its_path() -> None:
    with pytest.raises(ConfigError) as info:
        goals_from_toml(GOAL.format(target=90, extra=""))
    assert info.value.path == "goals[0].target"
    assert "(for 90 %, write 0.9)" in str(info.value)


def test_a_segment_value_that_never_occurs_lists_the_values_that_do(
    sample: list[TicketHistory],
) -> None:
    goals = goals_from_toml(GOAL.format(target=0.9, extra='segment = { channel = "emial" }'))
    at = datetime(2026, 11, 2, tzinfo=UTC)
    with pytest.raises(ConfigError) as info:
        build_goals(sample, goals, at=at)
    assert info.value.path == "goals[0].segment.channel"
    assert "'emial'" in str(info.value)
    assert "['chat', 'email', 'phone', 'social', 'web']" in str(info.value)
    section = build_goals(sample, goals, at=at, allow_unknown_segments=True)
    assert "warning: goals[0].segment.channel: no ticket has channel 'emial'" in (
        section.goals[0].treatment
    )


def test_the_projection_is_labelled_as_the_trend_line_with_its_slope(
    sample: list[TicketHistory],
) -> None:
    options = ReportOptions(tz="Europe/Berlin", goals=goals_from_file(GOALS))
    text = render_text(build_report(sample, options))
    assert "trend line (least squares) at the deadline" in text
    assert "h/day (improving)" in text  # the first reply mean falls, and lower is better
    assert "projection" not in text


# --- compare() for NPS: one basis ---------------------------------------------------------------


def _wald_se(p: int, q: int, d: int) -> float:
    n = p + q + d
    pp, dd = p / n, d / n
    return 100 * math.sqrt((pp + dd - (pp - dd) ** 2) / n)


@given(*[st.integers(0, 40)] * 6)
def test_nps_compare_stands_on_the_wald_basis(
    p1: int, q1: int, d1: int, p2: int, q2: int, d2: int
) -> None:
    if not (p1 + q1 + d1) or not (p2 + q2 + d2):
        return
    a = NPS.empty().add_many([10] * p1 + [8] * q1 + [2] * d1)
    b = NPS.empty().add_many([9] * p2 + [7] * q2 + [0] * d2)
    c = compare(a, b)
    assert c.basis == "wald"
    ea, eb = a.result(), b.result()
    assert ea.value is not None
    assert eb.value is not None
    assert c.difference == pytest.approx(eb.value - ea.value)
    se = math.sqrt(_wald_se(p1, q1, d1) ** 2 + _wald_se(p2, q2, d2) ** 2)
    assert c.se == pytest.approx(se)
    if se > 0:
        z = c.difference / se
        assert c.p_value == pytest.approx(2 * (1 - NormalDist().cdf(abs(z))), abs=1e-9)
        half = NormalDist().inv_cdf(0.975) * se
        if c.difference - half > -200 and c.difference + half < 200:
            # Centred on the difference, and excluding 0 exactly when the test rejects.
            assert (c.lower + c.upper) / 2 == pytest.approx(c.difference)
            assert (c.lower > 0 or c.upper < 0) == c.significant


# --- the published JSON Schema ------------------------------------------------------------------


def _schema() -> dict[str, Any]:
    text = resources.files("servicemodel.report").joinpath("schema/report-1.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


def test_the_sample_report_is_valid_against_the_published_schema(full: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert full["schema"] == schema["$id"]
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(full)]
    assert errors == []
    # A duration without its base is invalid: the schema enforces the law.
    broken = json.loads(json.dumps(full))
    del broken["kpi"]["overall"]["frt_p50"]["base"]
    assert not validator.is_valid(broken)


def test_a_breakdown_and_finished_only_report_is_valid_too(sample: list[TicketHistory]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    options = ReportOptions(
        tz="Europe/Berlin",
        policies=PolicySet.from_file(POLICY),
        finished_only=True,
        by="attr:plan",
        since=datetime(2026, 10, 1, tzinfo=UTC),
    )
    data = report_to_dict(build_report(sample, options))
    jsonschema.validate(data, _schema(), cls=jsonschema.Draft202012Validator)
    assert set(data["kpi"]["by_breakdown"]) >= {"enterprise"}


def test_evolve_keeps_scope_optional() -> None:
    # A report built by hand (no scope) still renders: the JSON's scope is null.
    report = attrs.evolve(build_report([]), scope=None)
    assert report_to_dict(report)["scope"] is None
