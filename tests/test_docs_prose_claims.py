"""Prose claims of the docs pages that no code block shows, held to what the code does.

- docs/report.md: a Zendesk export or a Jira search is incomplete when a page says it goes on
  and no page says it ends, in whatever order the pages come (not "the last page given").
- docs/staffing.md: handling more than 200 years long never ends on a calendar that closes,
  and ends as usual (within the supported range) without a calendar.
- docs/exports-freshdesk.md: a stream that raised, or that was not read to its end, has no
  completeness warning yet.
- docs/exports-summary.md: with pandas' default dtypes a whole-number attribute column with a
  gap comes as floats (``1.0``), where polars and the nullable dtypes give ``1``.
- docs/kpi.md: a missing answer (``None``, NA, NaT, NaN) given to a survey's ``add`` is a
  ``ScaleError``, as in a list given to ``add_many``.
- docs/journey.md: the last stage has no drop-off (nor conversion); a path another journey
  placed is refused where its furthest stage or disallowed transitions differ from this one's.
- docs/intervals.md: the median of 5 at 95 % has neither bound and prints ``[?, ?]`` with its
  level, never as an exact count.
- docs/strategies.md: some strategies check their options where they are made, and a few
  maxima stop below 1,000.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, MergeError, RecordError, ScaleError
from servicemodel.io import freshdesk, jira, summary, zendesk
from servicemodel.journey import Journey, JourneyEvent, JourneyStats
from servicemodel.kpi import CES, CSAT, NPS, Durations, FirstReplyTime, LeaveOutPartial, by
from servicemodel.simulate import Contact, Exponential, SupportDesk, simulate

DATA = Path(__file__).resolve().parent / "data"


def _json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def test_report_md_pages_that_go_on_warn_in_any_order_unless_one_ends() -> None:
    zd1 = _json(DATA / "zendesk" / "tickets_page1.json")  # end_of_stream: false
    zd2 = _json(DATA / "zendesk" / "tickets_page2.json")  # end_of_stream: true
    zmap = {"9002": "pending"}
    assert len(zendesk.histories([zd1], status_map=zmap, on_error="collect").collect().warnings)
    for pages in ([zd1, zd2], [zd2, zd1]):  # the page given last says false in the second
        stream = zendesk.histories(pages, status_map=zmap, on_error="collect")
        assert stream.collect().warnings == ()
    jq1 = _json(DATA / "jira" / "search_jql" / "page1.json")  # isLast: false
    jq2 = _json(DATA / "jira" / "search_jql" / "page2.json")  # isLast: true
    assert len(jira.histories([jq1], on_error="collect").collect().warnings) == 1
    for pages in ([jq1, jq2], [jq2, jq1]):
        assert jira.histories(pages, on_error="collect").collect().warnings == ()


def test_exports_freshdesk_md_a_stream_raised_or_stopped_says_nothing_yet() -> None:
    def ticket(i: int, status: object = 2) -> dict[str, object]:
        return {"id": i, "created_at": "2026-03-02T09:00:00Z", "status": status,
                "updated_at": "2026-03-02T10:00:00Z", "priority": 1, "source": 1}  # fmt: skip

    short = [{"results": [ticket(1), ticket(2, status="x"), ticket(3)], "total": 40}]
    raised = freshdesk.histories(short)
    with pytest.raises(RecordError):
        list(raised)
    assert raised.warnings == ()
    stopped = freshdesk.histories(short, on_error="collect")
    next(stopped)
    assert stopped.warnings == ()
    list(stopped)
    assert len(stopped.warnings) == 1  # read to its end: 3 of its 40 tickets


YEAR_S = 365.2425 * 86400.0


def _far_run(calendar: BusinessCalendar | None) -> list[Contact]:
    t0 = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday
    extra = {} if calendar is None else {"calendar": calendar}
    desk = SupportDesk(agents=1, arrivals=2.0, handle_time=Exponential(150 * YEAR_S), **extra)
    return list(simulate(desk, t0, t0 + timedelta(hours=2), seed=1).contacts())


def test_staffing_md_handling_past_200_years_ends_without_a_calendar() -> None:
    contacts = [c for c in _far_run(None) if c.answered_at is not None]
    far = [c for c in contacts if c.handle > 200 * YEAR_S]
    assert far  # the claim is exercised: some handling is longer than 200 years
    for c in contacts:
        assert c.solved_at is not None
        # run offsets are float seconds: a few microseconds of rounding, centuries on
        took = (c.solved_at - c.answered_at).total_seconds()
        assert took == pytest.approx(c.handle, abs=1e-3)


def test_staffing_md_handling_past_200_years_never_ends_on_a_calendar_that_closes() -> None:
    office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    contacts = [c for c in _far_run(office) if c.answered_at is not None]
    far = [c for c in contacts if c.handle > 200 * YEAR_S]
    assert far
    assert all(c.solved_at is None for c in far)


def test_exports_summary_md_pandas_default_dtypes_give_floats_for_a_column_with_a_gap() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    text = "id,created,Reopens\n1,2026-03-02T09:00:00Z,1\n2,2026-03-02T10:00:00Z,\n"
    opts = {"columns": {"id": "id", "created": "created"}, "attributes": ["Reopens"]}

    def reopens(stream: object) -> list[object]:
        return [h.ticket.attributes.get("Reopens") for h in stream]  # type: ignore[attr-defined]

    from_csv = list(summary.histories(csv.DictReader(io.StringIO(text)), **opts))
    assert reopens(from_csv) == ["1", None]
    default = reopens(summary.from_pandas(pd.read_csv(io.StringIO(text)), **opts))
    assert default == [1.0, None]
    assert type(default[0]) is float
    frame_histories = list(summary.from_pandas(pd.read_csv(io.StringIO(text)), **opts))
    segments = by("attr:Reopens", LeaveOutPartial(FirstReplyTime.empty()))
    assert list(segments.add_many(frame_histories).result()) == ["1.0", None]
    nullable = pd.read_csv(io.StringIO(text), dtype_backend="numpy_nullable")
    for got in (
        reopens(summary.from_pandas(nullable, **opts)),
        reopens(summary.from_polars(pl.read_csv(io.StringIO(text)), **opts)),
    ):
        assert got == [1, None]
        assert type(got[0]) is int
    as_text = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(summary.from_pandas(as_text, **opts)) == from_csv
    as_polars_text = pl.read_csv(io.StringIO(text), infer_schema=False)
    assert list(summary.from_polars(as_polars_text, **opts)) == from_csv


@pytest.mark.parametrize("accumulator", [NPS.empty(), CSAT.empty(), CES.empty()], ids=repr)
def test_kpi_md_a_missing_answer_given_to_add_is_a_scale_error(accumulator: object) -> None:
    pd = pytest.importorskip("pandas")
    for missing in (None, pd.NA, pd.NaT, float("nan")):
        with pytest.raises(ScaleError, match="score"):
            accumulator.add(missing)  # type: ignore[attr-defined]
        with pytest.raises(ScaleError, match="skip_missing=True"):
            accumulator.add_many([missing])  # type: ignore[attr-defined]
    assert accumulator.add_many([None], skip_missing=True).missing == 1  # type: ignore[attr-defined]


def test_journey_md_the_last_stage_has_no_drop_off_and_paths_placed_elsewhere() -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    journey = Journey.default()
    report = JourneyStats.empty(journey).add_events([JourneyEvent("c", t0, "review")]).result()
    last = report.stage("advocacy")
    assert (last.reached, last.dropped) == (1, 1)
    assert last.conversion is None
    assert last.drop_off is None
    assert report.stage("retention").drop_off is not None
    # Another journey that places the path the same way (other backward pairs): accepted.
    other = Journey.default(backward=[("retention", "support")])
    agrees = other.path([JourneyEvent("d", t0, "ticket")])
    assert JourneyStats.empty(journey).add(agrees).result().customers == 1
    # One whose stage order differs gives another furthest stage: refused.
    reversed_order = Journey(list(reversed(journey.stages)))
    differs = reversed_order.path([JourneyEvent("d", t0, "ticket")])
    with pytest.raises(MergeError, match="placed by another journey"):
        JourneyStats.empty(journey).add(differs)


def test_intervals_md_the_median_of_five_has_no_bound_and_says_so() -> None:
    median = Durations.empty().add_many([1, 2, 3, 4, 5]).median()
    assert (median.lower, median.upper) == (None, None)
    assert repr(median) == "duration p50 3 s [?, ?] (n=5, 95 %)"
    assert median.describe() == "duration p50 3 s (no 95 % CI), n=5"
    assert median.method.startswith("order-statistic")
    one_sided = Durations.empty().add_many(range(1, 11)).percentile(90)
    assert one_sided.upper is None
    assert "?]" in repr(one_sided)


def test_strategies_md_options_checked_where_made_and_lower_maxima() -> None:
    pytest.importorskip("hypothesis")
    from servicemodel import strategies

    eager = [
        lambda: strategies.aware_datetimes(min_value=datetime(2, 1, 1)),
        lambda: strategies.survey_scores(min_size=501, missing=True),
        lambda: strategies.accumulators(NPS, max_inputs=101),
        lambda: strategies.goals(min_start=datetime(2, 1, 1, tzinfo=UTC)),
        lambda: strategies.journey_events(Journey.default(), min_size=301),
        lambda: strategies.service_standards(max_standards=51),
    ]
    for make in eager:
        with pytest.raises(ConfigError):
            make()
    strategies.accumulators(NPS, max_inputs=100)
    strategies.service_standards(max_standards=50)
    strategies.histories(min_events=501)  # checked at its first draw, not here
