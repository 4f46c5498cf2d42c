"""Regressions: the report's document classes and public functions refuse input of the wrong kind.

A report value built by hand (or changed with ``attrs.evolve``) with a field of the wrong kind
was accepted and crashed later in a renderer or a method with another exception type; the
public functions (``build_report``, ``goal_series``, the renderers) crashed on an argument of
the wrong kind. Each case was a site of the public-API sweep's ledger; the hostile values are
the sweep's own. Every refusal is a ``ServiceModelError`` whose message names the field.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _samples import sample_goal
from servicemodel.errors import ConfigError, InputTypeError, ServiceModelError, UnknownKeyError
from servicemodel.kpi import Estimate, SLAAttainment, SurvivalTimes
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.reconcile import VendorVerdict
from servicemodel.report import (
    Breach,
    CurveReport,
    KPIScope,
    Overview,
    PolicyAttainment,
    ReconcileRow,
    ReconcileSection,
    Report,
    ReportOptions,
    SeriesPoint,
    SLASection,
    Source,
    TimeRow,
    build_report,
    figures,
    goal_series,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_plan_html,
    render_text,
    report_to_dict,
)
from servicemodel.sla import SLAPolicy, Target

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
HUGE = 10**5000

#: Values of the wrong kind for any typed field (text, numbers, times, collections, None).
WRONG = st.sampled_from(["1", "", 7, 2.5, [], (), {}, object(), T0, b"a", HUGE, [None] * 3])


def _histories() -> list[TicketHistory]:
    return [
        TicketHistory(
            Ticket(f"{i}", T0 + timedelta(hours=i), channel="chat"),
            [AgentReply("a", T0 + timedelta(hours=i, minutes=20 * i))],
        )
        for i in range(1, 5)
    ]


def _report() -> Report:
    """A report with every section: SLA, goals, reconciliation, detail."""
    verdicts = [VendorVerdict("1", "first_reply", 0, "achieved", source="zendesk")]
    options = ReportOptions(
        policies=SLAPolicy("p", {"normal": [Target("first_reply", "1h")]}),
        goals=[sample_goal()],
        vendor_verdicts=verdicts,
    )
    return build_report(_histories(), options, source=Source("x.jsonl"))


REPORT = _report()


def _samples() -> dict[str, Any]:
    """One valid instance of each document class, from the full report."""
    assert REPORT.sla is not None
    assert REPORT.goals is not None
    assert REPORT.reconciliation is not None
    goal = REPORT.goals.goals[0]
    row = REPORT.sla.attainment[0]
    est = Estimate("x", 1.0, 3)
    return {
        "Report": REPORT,
        "Source": REPORT.source,
        "Overview": REPORT.overview,
        "KPISection": REPORT.kpi,
        "KPIScope": REPORT.kpi.overall,
        "SLASection": REPORT.sla,
        "AttainmentRow": row,
        "TimeRow": TimeRow("resolution", 3, 0, est, est),
        "Breach": Breach("T1", "p", "first_reply", "high", timedelta(1), timedelta(2), None, None),
        "GoalsSection": REPORT.goals,
        "GoalReport": goal,
        "SeriesPoint": SeriesPoint("2026-W10", T0, est),
        "CurveReport": CurveReport("resolution", "chat", SurvivalTimes.empty().result()),
        "PolicyAttainment": PolicyAttainment("p", row),
        "Detail": REPORT.detail,
        "ReconcileSection": REPORT.reconciliation,
        "ReconcileRow": REPORT.reconciliation.overall,
    }


SAMPLES = _samples()


def _show(value: Any) -> str | None:
    """A test id: pytest's own, but a short one for a huge int (``str`` of it raises)."""
    return "huge" if value is HUGE else None


def _evolved(instance: Any, field: str, value: object) -> object:
    """The instance with ``field`` replaced, or the library's error refusing the value."""
    try:
        return attrs.evolve(instance, **{field: value})
    except ServiceModelError as exc:
        return exc


def test_the_samples_are_valid_and_survive_evolve() -> None:
    # The validators accept every value the builders produce: evolve with no change is equal.
    for instance in SAMPLES.values():
        assert attrs.evolve(instance) == instance


@given(name=st.sampled_from(sorted(SAMPLES)), data=st.data())
def test_every_field_refuses_an_object_of_no_kind(name: str, data: st.DataObject) -> None:
    # Law: a value of no kind any field takes is refused at construction, naming the field.
    instance = SAMPLES[name]
    field = data.draw(st.sampled_from([f.name for f in attrs.fields(type(instance))]))
    refused = _evolved(instance, field, object())
    assert isinstance(refused, ServiceModelError)
    assert field in str(refused)


@given(name=st.sampled_from(sorted(SAMPLES)), data=st.data(), value=WRONG)
def test_a_wrong_value_is_refused_or_kept_working(
    name: str, data: st.DataObject, value: Any
) -> None:
    # Law: whatever the field gets, evolve refuses it with the library's error, or the new
    # instance renders (through the report's renderers) without another exception type.
    instance = SAMPLES[name]
    field = data.draw(st.sampled_from([f.name for f in attrs.fields(type(instance))]))
    evolved = _evolved(instance, field, value)
    if isinstance(evolved, ServiceModelError):
        assert str(evolved)
        return
    if isinstance(evolved, Report):
        for render in (render_text, render_json, render_markdown, render_csv):
            assert isinstance(render(evolved), str)


@pytest.mark.parametrize(
    ("cls", "field", "value"),
    [
        (Source, "bad_records", 1),
        (Source, "bad_records", [None]),
        (Source, "skipped", "1"),
        (Source, "skipped", 2.5),
        (Overview, "by_channel", "1"),
        (Overview, "by_channel", 1),
        (Overview, "by_week", [("2026-W10", "2")]),
        (Overview, "tickets", HUGE),
        (SLASection, "tickets", HUGE),
        (SLASection, "measured_tickets", HUGE),
        (SLASection, "by_metric", ["1"]),
        (ReconcileRow, "reasons", "1"),
        (ReconcileRow, "reasons", 1),
        (ReconcileRow, "one_sided", [("x", -1)]),
        (ReconcileRow, "compared", "1"),
        (ReconcileRow, "agreed", "1"),
        (ReconcileSection, "vendors", 1),
        (ReconcileSection, "bad_records", 2.5),
        (ReconcileSection, "outside", HUGE),
        (ReconcileSection, "not_started", HUGE),
        (ReportOptions, "goals", 1),
        (ReportOptions, "goals", ["a"]),
        (ReportOptions, "by", 1),
        (ReportOptions, "level", 2.5),
    ],
    ids=_show,
)
def test_a_field_of_the_wrong_kind_is_refused(cls: type, field: str, value: Any) -> None:
    instance = ReportOptions() if cls is ReportOptions else SAMPLES[cls.__name__]
    with pytest.raises(ServiceModelError, match=field):
        attrs.evolve(instance, **{field: value})


def test_more_agreeing_than_compared_clocks_is_refused() -> None:
    # ``disagreed`` is compared - agreed: a negative count would be a silently wrong number.
    row = ReconcileRow("first_reply", 2, 2, SLAAttainment(None, 2, 0).result())
    with pytest.raises(ConfigError, match="agreed"):  # counts that contradict: a ValueError
        attrs.evolve(row, agreed=3)


@pytest.mark.parametrize("when", [HUGE, None, 1.5], ids=_show)
def test_tally_refuses_when_of_no_text(when: Any) -> None:
    with pytest.raises(InputTypeError, match="when"):
        SAMPLES["SLASection"].tally(when)


def test_figure_by_a_key_of_no_text_or_not_held() -> None:
    scope = KPIScope("Overall", (("csat", Estimate("CSAT", 0.9, 10)),))
    with pytest.raises(InputTypeError, match="key"):
        scope.figure(HUGE)  # type: ignore[arg-type]
    with pytest.raises(UnknownKeyError, match="no figure '' in scope 'Overall'"):
        scope.figure("")


@pytest.mark.parametrize(
    "render",
    [render_text, render_json, render_markdown, render_csv, render_html, figures, report_to_dict],
)
@pytest.mark.parametrize("value", ["1", 1.5, None, object()])
def test_the_renderers_refuse_what_is_no_report(render: Any, value: Any) -> None:
    with pytest.raises(InputTypeError, match="report"):
        render(value)


@pytest.mark.parametrize("charts", ["1", 1, None])
def test_render_html_refuses_charts_that_are_no_bool(charts: Any) -> None:
    with pytest.raises(InputTypeError, match="charts"):
        render_html(REPORT, charts=charts)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"histories": 1},
        {"histories": "ab"},
        {"histories": [1]},
        {"options": "1"},
        {"source": 3},
    ],
)
def test_build_report_refuses_arguments_of_the_wrong_kind(kwargs: dict[str, Any]) -> None:
    arguments = {"histories": _histories(), **kwargs}
    name = next(iter(kwargs))
    with pytest.raises(InputTypeError, match=name):
        build_report(**arguments)


@pytest.mark.parametrize(
    "kwargs",
    [{"histories": 1}, {"histories": "1.5"}, {"histories": [None]}, {"goal": "1"}],
)
def test_goal_series_refuses_arguments_of_the_wrong_kind(kwargs: dict[str, Any]) -> None:
    arguments = {"histories": _histories(), "goal": sample_goal(), **kwargs}
    name = next(iter(kwargs))
    with pytest.raises(InputTypeError, match=name):
        goal_series(**arguments)


@given(
    counts=st.dictionaries(st.text(max_size=5), st.integers(0, 2**63 - 1), max_size=5),
    bad=st.one_of(st.integers(max_value=-1), st.integers(min_value=2**63), st.booleans()),
)
def test_counts_are_pairs_of_a_name_and_a_count(counts: dict[str, int], bad: Any) -> None:
    # Law: the overview's counts are the mapping's items, in order; a count that is no int
    # from 0 to 2**63 - 1 (negative, past the limit, a bool) is refused, naming the field.
    overview = Overview(tickets=0, events=0, by_status=counts)
    assert overview.by_status == tuple(counts.items())
    with pytest.raises(InputTypeError, match="by_status"):
        Overview(tickets=0, events=0, by_status={**counts, "x": bad})


@pytest.mark.parametrize("source", [HUGE, 1.5, b"a"], ids=_show)
def test_render_plan_html_refuses_a_source_of_no_text(source: Any) -> None:
    from servicemodel.staffing import ServiceLevelTarget, plan_intervals

    plan = plan_intervals([100], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    with pytest.raises(InputTypeError, match="source"):
        render_plan_html(plan, charts=False, source=source)
