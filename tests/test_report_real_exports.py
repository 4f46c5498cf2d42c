"""The report on real helpdesk exports: regressions of the new-user trial of issue 13.

CSAT on any rating scale (Zendesk's good/bad, Freshdesk's 1..7), NPS refusing another scale,
our own files' errors naming the file, skipped records reaching the report, the ``report``
help, negative zeros, the assessment's goal note and the staffing week.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.blueprint._assess import goal_note
from servicemodel.cli import main
from servicemodel.errors import ScaleError
from servicemodel.forecast import forecast_arrivals
from servicemodel.goals import GoalState, SmartGoal
from servicemodel.io import LoadResult, Skipped, freshdesk, zendesk
from servicemodel.kpi import CSAT, NPS, Ratings
from servicemodel.model import SatisfactionRating, Ticket, TicketHistory
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
from servicemodel.report._figures import fmt_interval, fmt_value, num
from servicemodel.report._page import CSS
from servicemodel.standards import Verdict

DATA = Path(__file__).parent / "data"
ZENDESK = [DATA / "zendesk" / n for n in ("tickets_page1.json", "tickets_page2.json")]
AUDITS = DATA / "zendesk" / "audits.jsonl"
FRESHDESK = sorted((DATA / "freshdesk").glob("*.json"))
SCHEMA = Path(__file__).parents[1] / "src/servicemodel/report/schema/report-1.json"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
LABEL = "CSAT (satisfied share)"


def run(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def reference_satisfied(score: int, low: int, high: int) -> bool:
    """Top-2-box on scales of 5 points or more, the top point on 2- to 4-point scales."""
    points = list(range(low, high + 1))
    top = points[-2:] if len(points) >= 5 else points[-1:]
    return score in top


def rated(i: int, score: int, low: int, high: int, survey: str = "csat") -> TicketHistory:
    at = T0 + timedelta(hours=i)
    rating = SatisfactionRating(
        f"r{i}", at, score=score, survey=survey, scale_min=low, scale_max=high
    )
    return TicketHistory(Ticket(f"T{i}", at), [rating])


# -- 1. CSAT on any rating scale -------------------------------------------------------------


@st.composite
def ratings_on_scales(draw: st.DrawFn) -> list[tuple[int, int, int]]:
    out = []
    for _ in range(draw(st.integers(0, 30))):
        low = draw(st.integers(-3, 3))
        high = low + draw(st.integers(1, 10))
        out.append((draw(st.integers(low, high)), low, high))
    return out


@given(ratings_on_scales())
def test_satisfied_share_judges_each_rating_on_its_own_scale(
    items: list[tuple[int, int, int]],
) -> None:
    histories = [rated(i, s, lo, hi) for i, (s, lo, hi) in enumerate(items)]
    est = Ratings.satisfied_share().add_many(histories).result()
    wanted = sum(reference_satisfied(s, lo, hi) for s, lo, hi in items)
    assert est.n == len(items)
    if items:
        assert est.value == pytest.approx(wanted / len(items))
    else:
        assert est.value is None


@given(ratings_on_scales(), st.integers(0, 30))
def test_satisfied_share_merges_like_one_pass(items: list[tuple[int, int, int]], cut: int) -> None:
    histories = [rated(i, s, lo, hi) for i, (s, lo, hi) in enumerate(items)]
    empty = Ratings.satisfied_share()
    whole = empty.add_many(histories)
    parts = empty.add_many(histories[:cut]) + empty.add_many(histories[cut:])
    assert parts == whole


def test_satisfied_rule_on_named_scales() -> None:
    # 4-5 of 1-5, 6-7 of 1-7, 9-10 of 0-10, "good" (1) of good/bad (0..1).
    assert [Ratings.satisfied_from(lo, hi) for lo, hi in ((1, 5), (1, 7), (0, 10), (0, 1))] == [
        4,
        6,
        9,
        1,
    ]


def test_satisfied_needs_a_zero_one_csat() -> None:
    with pytest.raises(TypeError, match="satisfied=True"):
        Ratings(CSAT.empty(), "csat", satisfied=True)


def test_a_plain_csat_refuses_a_rating_on_another_scale_naming_the_ticket() -> None:
    with pytest.raises(ScaleError, match=r"ticket 'T0'.*scale 0\.\.1.*satisfied_share"):
        Ratings.empty(CSAT.empty()).add(rated(0, 1, 0, 1))


def _mixed() -> list[TicketHistory]:
    # Zendesk good/bad, Freshdesk 1..7 and our 1..5, side by side.
    items = [(1, 0, 1), (0, 0, 1), (7, 1, 7), (5, 1, 7), (4, 1, 5), (3, 1, 5)]
    return [rated(i, s, lo, hi) for i, (s, lo, hi) in enumerate(items)]


def test_the_report_counts_every_scale_and_labels_the_figure_honestly() -> None:
    report = build_report(_mixed(), ReportOptions(tz=UTC), source=Source("mixed.jsonl"))
    est = report.kpi.overall.figure("csat")
    assert (est.n, est.value) == (6, pytest.approx(3 / 6))
    for text in (render_text(report), render_markdown(report), render_html(report, charts=False)):
        assert LABEL in text
        assert "4-5 of 1-5" not in text
    # JSON and CSV name the figure by its key, with the share in 0..1.
    doc = json.loads(render_json(report))
    assert doc["kpi"]["overall"]["csat"]["value"] == pytest.approx(0.5)
    assert "kpi,csat,,,0.5," in render_csv(report)


def test_zendesk_report_csat_is_good_over_good_and_bad(
    capsys: pytest.CaptureFixture[str],
) -> None:
    loaded = zendesk.load([*ZENDESK, AUDITS], on_error="collect")
    latest = [h.ratings("csat")[-1] for h in loaded.histories if h.ratings("csat")]
    good = sum(r.score == 1 for r in latest)
    code, out, err = run(
        capsys, "report", "--source", "zendesk", *ZENDESK, AUDITS, "--skip-bad-records",
        "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    figure = json.loads(out)["kpi"]["overall"]["csat"]
    assert figure["n"] == len(latest) > 0
    assert figure["value"] == pytest.approx(good / len(latest))


def test_freshdesk_report_csat_is_the_top_two_of_seven(
    capsys: pytest.CaptureFixture[str],
) -> None:
    loaded = freshdesk.load(FRESHDESK, on_error="collect")
    latest = [h.ratings("csat")[-1] for h in loaded.histories if h.ratings("csat")]
    code, out, err = run(
        capsys, "report", "--source", "freshdesk", *FRESHDESK, "--skip-bad-records",
        "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    figure = json.loads(out)["kpi"]["overall"]["csat"]
    assert figure["n"] == len(latest) > 0
    assert figure["value"] == pytest.approx(sum(r.score >= 6 for r in latest) / len(latest))


def test_nps_refuses_a_rating_off_zero_to_ten_naming_the_ticket(tmp_path: Path) -> None:
    histories = [rated(0, 9, 0, 10, "nps"), rated(1, 4, 1, 5, "nps")]
    with pytest.raises(ScaleError, match=r"ticket 'T1': nps rating 'r1'.*1\.\.5.*0\.\.10"):
        build_report(histories, ReportOptions(tz=UTC))
    # Either way NPS counts nothing off its scale: the accumulator alone refuses 11 too.
    with pytest.raises(ScaleError):
        NPS.empty().add(11)


def test_a_csat_goal_reads_ratings_of_any_scale() -> None:
    histories = [rated(d * 24, s, lo, hi) for d, (s, lo, hi) in enumerate([(1, 0, 1)] * 9)]
    goal = SmartGoal.from_dict(
        {
            "name": "csat",
            "kpi": "csat",
            "target": 0.8,
            "comparator": ">=",
            "baseline": 0.5,
            "objective": "keep customers happy",
            "start": "2026-03-02T00:00:00+00:00",
            "deadline": "2026-03-31T00:00:00+00:00",
            "period": "day",
        }
    )
    report = build_report(histories, ReportOptions(tz=UTC, goals=(goal,)))
    assert report.goals is not None
    latest = report.goals.goals[0].status.latest
    assert latest is not None
    assert latest.value == 1.0


# -- 2. our own files' errors name the file ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "B", "x": "abc', "Unterminated string starting at column"),
        ('{"id": "B", x}', "Expecting property name enclosed in double quotes at column"),
        ("{oops", "Expecting property name enclosed in double quotes at column"),
    ],
)
@pytest.mark.parametrize("skip", [False, True])
def test_a_bad_line_of_one_jsonl_file_names_the_file_once(
    line: str, reason: str, skip: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = '{"id": "A", "created_at": "2026-01-05T09:00:00Z"}'
    path = tmp_path / "export.jsonl"
    path.write_text(f"{good}\n\n\n{line}", encoding="utf-8")  # the last line: no newline
    args = ["report", path, "--skip-bad-records"] if skip else ["report", path]
    code, out, err = run(capsys, *args)
    assert "at at" not in err + out
    where = f"{path}: line 4: not valid JSON ({reason}"
    if skip:
        assert code == 0
        assert where in out
    else:
        assert code == 2
        assert err.startswith(f"servicemodel report: error: {where}")


def test_a_bad_row_of_one_csv_file_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "ticket_id,created_at\nA,2026-01-05T09:00:00Z\nB,not a time\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "report", path)
    assert code == 2
    assert err.startswith(f"servicemodel report: error: {path}: line 3: ")


# -- 3. skipped records reach the report ------------------------------------------------------


def test_load_result_lists_skipped_records() -> None:
    assert LoadResult(()).skipped == ()
    loaded = zendesk.load([*ZENDESK, AUDITS], on_error="collect")
    assert isinstance(loaded, LoadResult)
    assert {s.reason for s in loaded.skipped} == {"deleted", "merged"}


def test_skipped_records_are_in_the_text_json_and_html(
    capsys: pytest.CaptureFixture[str],
) -> None:
    loaded = zendesk.load([*ZENDESK, AUDITS], on_error="collect")
    expected = [{"id": s.id, "reason": s.reason} for s in loaded.skipped]
    base = ["report", "--source", "zendesk", *ZENDESK, AUDITS, "--skip-bad-records"]
    code, out, err = run(capsys, *base, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["source"]["skipped"] == expected
    jsonschema.validate(doc, json.loads(SCHEMA.read_text(encoding="utf-8")))
    summary = f"{len(expected)} record(s) skipped on purpose: 1 deleted, 1 merged"
    for fmt in ("text", "html", "markdown"):
        code, out, err = run(capsys, *base, "--format", fmt)
        assert code == 0, err
        assert summary in out


def test_without_skipped_records_the_json_has_no_skipped_field() -> None:
    doc = json.loads(render_json(build_report([], source=Source("x.jsonl"))))
    assert "skipped" not in doc["source"]
    with_one = Source("x.json", skipped=[Skipped("9", "spam")])
    doc = json.loads(render_json(build_report([], source=with_one)))
    assert doc["source"]["skipped"] == [{"id": "9", "reason": "spam"}]


# -- 4. the report's help ---------------------------------------------------------------------


def test_report_help_names_helpdesk_exports(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps the line
    assert "report print a report on a ticket export (ours, or a helpdesk's with --source)" in out


# -- 5. small ones ----------------------------------------------------------------------------


def test_the_page_title_wraps() -> None:
    assert re.search(r"h1\{[^}]*overflow-wrap:anywhere", CSS)


@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.sampled_from([".1f", ".2f", ".3g", ".0f"]),
)
def test_no_number_prints_a_negative_zero(value: float, spec: str) -> None:
    text = num(value, spec)
    signed = format(value, spec)
    assert not re.fullmatch(r"-0(\.0*)?", text)
    # Only the sign of a zero is dropped; every other text is format()'s own.
    assert text == (signed[1:] if re.fullmatch(r"-0(\.0*)?", signed) else signed)


@given(st.floats(-4.9e-4, 0.0, allow_nan=False), st.sampled_from(["share", "points", "h"]))
def test_intervals_and_values_near_zero_are_unsigned(x: float, unit: str) -> None:
    # Each of these units rounds a value this close to zero to zero: it shows unsigned.
    assert "-" not in fmt_interval(x, x, unit)
    assert "-" not in fmt_value(x, unit)


@given(st.sampled_from(list(GoalState)), st.sampled_from(list(Verdict)))
def test_goal_note_never_pairs_at_risk_with_achieved_unexplained(
    state: GoalState, judged: Verdict
) -> None:
    note = goal_note(state, judged)
    assert ("achieved" in note) == (state is GoalState.ACHIEVED)
    assert "at risk" not in note
    assert "at_risk" not in note
    if state is GoalState.ACHIEVED and judged is Verdict.AT_RISK:
        assert "interval does not rule out a miss" in note


# -- 6. the staffing week ---------------------------------------------------------------------


@given(st.integers(3, 6), st.integers(0, 7 * 48 - 1))
def test_the_forecast_week_starts_after_the_last_contact(weeks: int, end_slot: int) -> None:
    # Hourly tickets from a Monday for ``weeks`` weeks, then up to ``end_slot`` half hours more.
    last = T0 + timedelta(weeks=weeks, minutes=30 * end_slot)
    stamps = [T0 + timedelta(hours=h) for h in range(int((last - T0).total_seconds()) // 3600)]
    tickets = [Ticket(f"T{i}", at) for i, at in enumerate([*stamps, last])]
    forecast = forecast_arrivals(tickets, tz="UTC")
    start = forecast.start.astimezone(UTC)
    assert start.weekday() == 0
    assert start.time() == datetime.min.time()
    assert last <= start < last + timedelta(weeks=1)


def test_staff_plans_the_week_after_the_sample_export(
    capsys: pytest.CaptureFixture[str],
) -> None:
    sample = Path(__file__).parents[1] / "examples/data/tickets.jsonl"
    last = max(
        datetime.fromisoformat(json.loads(line)["created_at"]).astimezone(UTC)
        for line in sample.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    code, out, err = run(
        capsys, "staff", sample, "--target", "80% in 20s", "--aht", "4m", "--tz",
        "Europe/Berlin", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    rows = json.loads(out)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    first = datetime.fromisoformat(rows[0]["start"])
    assert first.astimezone(UTC) > last
    assert first.date() == date(2026, 11, 2)  # the sample ends on Sunday 2026-11-01
