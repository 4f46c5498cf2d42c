"""Regressions: public-API sweep sites a longer exploratory run found beyond the ledger.

Each case is the smallest call that broke the contract at one site: bad input gets a specific
``ServiceModelError`` whose message names the argument or field and the value; never another
exception type, never a hang, never a silently wrong number.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _samples import sample_goal
from servicemodel.errors import ConfigError, InputTypeError, OutOfRangeError, ServiceModelError

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

#: A 5,000-digit int: ``repr`` and ``str`` refuse it, ``float`` overflows.
HUGE = 10**5000

#: Instants at the ends of the datetime range whose UTC form does not exist.
EAST = timezone(timedelta(hours=23, minutes=59))
WEST = timezone(-timedelta(hours=14))
EDGES = [datetime(1, 1, 1, tzinfo=EAST), datetime(9999, 12, 31, 12, tzinfo=WEST)]

#: Option values that are no text; an array answers ``==`` and ``in`` with an array.
NOT_TEXT = [np.array([1, 2]), None, 1, ["raise"], HUGE]


def _raises_library_error(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> ServiceModelError:
    """Call ``fn``; it must raise a ``ServiceModelError`` with a message (returned)."""
    with pytest.raises(ServiceModelError) as info:
        fn(*args, **kwargs)
    assert str(info.value).strip()
    return info.value


# --------------------------------------------------------------------------- on_error


def _scorecard() -> Any:
    from servicemodel.qa import Criterion, Scale, Scorecard, Section

    return Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])


def _loaders() -> dict[str, Callable[[Any], Any]]:
    """Every loader with an ``on_error`` option, called on a small valid input."""
    from servicemodel.io import iter_jsonl, load_csv, load_jsonl
    from servicemodel.qa import load_evaluations
    from servicemodel.reconcile import jsm_verdicts, zendesk_verdicts
    from servicemodel.selfservice import load_sessions

    header = "ticket_id,created_at"
    return {
        "qa.load_evaluations": lambda on_error: load_evaluations(
            ["ticket_id,agent,rater,date,tone", "T1,a,rob,2026-03-02,4"],
            _scorecard(),
            on_error=on_error,
        ),
        "io.load_csv": lambda on_error: load_csv([header], on_error=on_error),
        "io.load_jsonl": lambda on_error: load_jsonl([], on_error=on_error),
        "io.iter_jsonl": lambda on_error: list(iter_jsonl([], on_error=on_error)),
        "reconcile.jsm_verdicts": lambda on_error: jsm_verdicts([], on_error=on_error),
        "reconcile.zendesk_verdicts": lambda on_error: zendesk_verdicts([], on_error=on_error),
        "selfservice.load_sessions": lambda on_error: load_sessions(
            [], format="jsonl", on_error=on_error
        ),
    }


@pytest.mark.parametrize("loader", sorted(_loaders()))
@pytest.mark.parametrize("on_error", NOT_TEXT, ids=lambda v: type(v).__name__)
def test_on_error_that_is_no_text_is_a_config_error(loader: str, on_error: Any) -> None:
    # Was: qa, io csv and reconcile jsm tested ``on_error not in (...)`` (an array raised
    # ValueError), zendesk_verdicts never checked it (an array raised at the first bad event).
    with pytest.raises(ConfigError, match="on_error must be 'raise' or 'collect'"):
        _loaders()[loader](on_error)


@pytest.mark.parametrize("loader", sorted(_loaders()))
@pytest.mark.parametrize("on_error", ["raise", "collect"])
def test_on_error_text_is_still_read(loader: str, on_error: str) -> None:
    _loaders()[loader](on_error)


def test_zendesk_verdicts_checks_on_error_before_reading_events() -> None:
    from servicemodel.reconcile import zendesk_verdicts

    bad_event = {"ticket_id": 7, "metric": "reply_time", "type": "no such type"}
    with pytest.raises(ConfigError, match="on_error"):
        zendesk_verdicts([bad_event], on_error="Collect")


# --------------------------------------------------------------------------- kpi


@pytest.mark.parametrize("as_of", EDGES, ids=["east-of-year-1", "west-of-year-9999"])
def test_kpi_as_of_at_the_ends_of_the_range_is_an_out_of_range_error(as_of: datetime) -> None:
    # Was: require_aware let them in and moving them to UTC raised OverflowError.
    from servicemodel.kpi import (
        FirstContactResolution,
        FirstReplySurvival,
        ResolutionRate,
    )

    for make in (FirstContactResolution.empty, ResolutionRate.empty, FirstReplySurvival.empty):
        with pytest.raises(OutOfRangeError, match="as_of"):
            make(as_of=as_of)


@pytest.mark.parametrize(
    "skip_missing", [np.array([True, False]), "yes", 1, HUGE], ids=lambda v: type(v).__name__
)
def test_add_many_skip_missing_is_none_or_a_bool(skip_missing: Any) -> None:
    # Was: bool() of an array raised ValueError (Durations at once, score counters at the first
    # missing value).
    from servicemodel.kpi import CSAT, NPS, Durations

    for acc in (Durations.empty(), NPS.empty(), CSAT.empty()):
        with pytest.raises(InputTypeError, match="skip_missing"):
            acc.add_many([1, None], skip_missing=skip_missing)


def test_add_many_skip_missing_takes_numpy_bools() -> None:
    from servicemodel.kpi import NPS, Durations

    assert Durations.empty().add_many([1, None], skip_missing=np.bool_(True)).missing == 1
    assert NPS.empty().add_many([10, None], skip_missing=np.True_).missing == 1


@pytest.mark.parametrize("method", [np.array([1, 2]), HUGE, None], ids=lambda v: type(v).__name__)
def test_durations_percentile_method_is_named_whatever_it_is(method: Any) -> None:
    from servicemodel.kpi import Durations

    d = Durations.empty().add_many([1, 2, 3])
    with pytest.raises(InputTypeError, match="method must be 'nearest-rank' or 'linear'"):
        d.percentile(50, method=method)


def test_estimates_to_polars_refuses_a_column_name_utf8_cannot_encode() -> None:
    from servicemodel.kpi import estimates_to_polars, proportion

    with pytest.raises(InputTypeError, match="column name"):
        estimates_to_polars({"email": proportion(8, 10)}, key="\udcff")
    # a surrogate in a segment's value (not a name) is still kept
    frame = estimates_to_polars({"\udcff": proportion(8, 10)}, key="channel")
    assert frame.height == 1


@pytest.mark.parametrize("measurement", [HUGE, [HUGE]], ids=["huge-int", "list-of-huge"])
def test_sla_attainment_names_what_is_no_measurement(measurement: Any) -> None:
    from servicemodel.kpi import SLAAttainment

    _raises_library_error(SLAAttainment.empty().add, measurement)


def test_sla_attainment_names_a_huge_state() -> None:
    from servicemodel.kpi import SLAAttainment

    @attrs.frozen
    class Odd:
        state: Any = HUGE
        metric: str = "first_reply"
        priority: str = "normal"

    with pytest.raises(ConfigError, match="unknown SLA state <int of about 5001 digits>"):
        SLAAttainment.empty().add(Odd())


@pytest.mark.parametrize(
    "kwargs",
    [
        {"start": -HUGE, "lost": 1},
        {"start": 1, "lost": HUGE},
    ],
    ids=["negative-huge-start", "huge-lost"],
)
def test_churn_rate_names_huge_counts(kwargs: dict[str, Any]) -> None:
    from servicemodel.kpi import churn_rate

    assert "digits" in str(_raises_library_error(churn_rate, **kwargs))


@pytest.mark.parametrize(
    "kwargs",
    [{"start": 1, "end": HUGE, "new": 0}, {"start": 1, "end": 0, "new": HUGE}],
    ids=["huge-end", "huge-new"],
)
def test_retention_rate_names_huge_counts(kwargs: dict[str, Any]) -> None:
    from servicemodel.kpi import retention_rate

    assert "digits" in str(_raises_library_error(retention_rate, **kwargs))


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_churn_rate_is_lost_over_start_when_both_are_counts(start: int, lost: int) -> None:
    from servicemodel.kpi import churn_rate

    if lost > start:
        with pytest.raises(ConfigError, match="exceeds start"):
            churn_rate(start=start, lost=lost)
    elif start:
        assert churn_rate(start=start, lost=lost).value == lost / start


# --------------------------------------------------------------------------- goals


@pytest.mark.parametrize("field", ["target", "baseline", "max_improvement"])
def test_goal_numbers_past_the_float_range_are_goal_errors(field: str) -> None:
    # Was: float() of a 5,000-digit int raised OverflowError in the converter.
    from servicemodel.errors import GoalError

    with pytest.raises(GoalError, match="beyond the float range"):
        attrs.evolve(sample_goal(), **{field: HUGE})


# --------------------------------------------------------------------------- sla


def _policy() -> Any:
    from servicemodel.sla import SLAPolicy, Target

    return SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})


def test_measurement_elapsed_is_never_negative() -> None:
    # Was: elapsed=timedelta.min was kept and ``overdue`` (elapsed - within) overflowed.
    from servicemodel.model import Ticket, TicketHistory
    from servicemodel.sla import evaluate

    (m,) = evaluate(_policy(), TicketHistory(Ticket("T", T0), []), T0 + timedelta(hours=5))
    assert m.overdue == timedelta(hours=1)
    for elapsed in (timedelta.min, timedelta(seconds=-1)):
        with pytest.raises(ConfigError, match=r"Measurement\.elapsed"):
            attrs.evolve(m, elapsed=elapsed)


@pytest.mark.parametrize("ended", [np.array([1, 2]), "yes", None], ids=lambda v: type(v).__name__)
def test_ticket_sla_measurements_ended_is_a_bool(ended: Any) -> None:
    from servicemodel.model import Ticket
    from servicemodel.sla import TicketSLA

    live = TicketSLA(_policy(), Ticket("T", T0))
    with pytest.raises(InputTypeError, match="ended"):
        live.measurements(ended=ended)
    assert live.measurements(ended=np.True_) == live.measurements(ended=True)


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("pause", ["solved"], "pause[0]"),
        ("pause", [1], "pause[0]"),
        ("pause_labels", [1], "pause_labels[0]"),
        ("pause_labels", [""], "pause_labels[0]"),
    ],
)
def test_policy_pause_errors_name_the_field(field: str, value: Any, where: str) -> None:
    # Was: the converters read the list without a path, so the error said "[0]: ...".
    with pytest.raises(ConfigError) as info:
        attrs.evolve(_policy(), **{field: value})
    assert str(info.value).startswith(f"{where}: ")


# --------------------------------------------------------------------------- simulate


def _desk() -> Any:
    from servicemodel.simulate import SupportDesk

    return SupportDesk(agents=2, arrivals=4, handle_time=300)


@pytest.mark.parametrize(
    "start",
    [datetime(1, 1, 1, tzinfo=UTC), *EDGES],
    ids=["year-1-utc", "east-of-year-1", "west-of-year-9999"],
)
def test_simulate_from_the_ends_of_the_range_is_an_out_of_range_error(start: datetime) -> None:
    # Was: a start in year 1 ran 2,000 years of arrivals (a hang); east of year 1, OverflowError.
    from servicemodel.simulate import simulate

    with pytest.raises(OutOfRangeError, match="start"):
        simulate(_desk(), start, T0)


def test_simulate_refuses_a_run_expecting_more_arrivals_than_it_holds() -> None:
    from servicemodel.simulate import simulate
    from servicemodel.simulate._engine import MAX_ARRIVALS

    # 4 arrivals an hour: the limit is reached after MAX_ARRIVALS / 4 hours.
    hours = MAX_ARRIVALS / 4
    with pytest.raises(ConfigError, match="simulate a shorter window"):
        simulate(_desk(), T0, T0 + timedelta(hours=hours + 1))


@pytest.mark.parametrize("drain", [np.array([1, 2]), "yes", None], ids=lambda v: type(v).__name__)
def test_simulate_drain_is_a_bool(drain: Any) -> None:
    from servicemodel.simulate import simulate

    with pytest.raises(InputTypeError, match="drain"):
        simulate(_desk(), T0, T0 + timedelta(hours=1), drain=drain)


def test_simulation_summary_window_off_the_range_is_an_out_of_range_error() -> None:
    from servicemodel.simulate import simulate

    result = simulate(_desk(), T0, T0 + timedelta(hours=2), seed=1)
    with pytest.raises(OutOfRangeError, match="start"):
        result.summary(start=EDGES[0])


# --------------------------------------------------------------------------- staffing


@pytest.mark.parametrize("patience", [1e-320, 5e-324, 1e307, 1.7e308], ids=repr)
def test_erlang_a_patience_at_the_ends_of_the_float_range_is_a_staffing_error(
    patience: float,
) -> None:
    # Was: 1/θ or λ/θ left the float range (ZeroDivisionError, OverflowError).
    from servicemodel.errors import StaffingError
    from servicemodel.staffing import Workload, erlang_a_metrics

    with pytest.raises(StaffingError, match="patience"):
        erlang_a_metrics(Workload(10.0, 1800.0, 300.0), 4, patience=patience)


@pytest.mark.parametrize("patience", [1e9, 1e12, 1e300], ids=repr)
def test_erlang_a_of_an_overloaded_endlessly_patient_queue_ends_at_once(patience: float) -> None:
    # Was: the tail sums walked about 9·sqrt(λ × patience) terms a side: minutes, or forever.
    from servicemodel.errors import StaffingError
    from servicemodel.staffing import Workload, erlang_a_metrics

    with pytest.raises(StaffingError, match="shorter patience"):
        erlang_a_metrics(Workload(1000.0, 1800.0, 300.0), 4, patience=patience)


def test_erlang_a_of_an_underloaded_patient_queue_is_still_summed() -> None:
    from servicemodel.staffing import Workload, erlang_a_metrics, queue_metrics

    w = Workload(10.0, 1800.0, 300.0)
    a = erlang_a_metrics(w, 4, patience=1e300)
    c = queue_metrics(w, 4)
    assert a.probability_of_waiting == pytest.approx(c.probability_of_waiting, rel=1e-9)


@pytest.mark.parametrize("concurrency", [HUGE, 2**53 + 1], ids=["huge", "past-2**53"])
def test_plan_intervals_concurrency_past_2_53_is_a_staffing_error(concurrency: int) -> None:
    # Was: fte = servers / concurrency overflowed converting the int to a float.
    from servicemodel.errors import StaffingError
    from servicemodel.staffing import ServiceLevelTarget, plan_intervals

    target = ServiceLevelTarget(0.8, 20)
    with pytest.raises(StaffingError, match="concurrency"):
        plan_intervals([100, 50], aht=180, targets=[target], concurrency=concurrency)


# --------------------------------------------------------------------------- io


@pytest.mark.parametrize("paths", ["\x00", ["tickets.csv", "a\x00b"]], ids=["one", "second"])
def test_paths_with_a_nul_character_are_config_errors(paths: Any) -> None:
    # Was: open() raised a bare ValueError (embedded null byte).
    from servicemodel.io import eventlog, summary

    for load in (eventlog.load, summary.load):
        with pytest.raises(ConfigError, match="NUL"):
            load(paths)


_ROW = {"id": "1", "created_at": "2026-03-02T09:00Z"}


@pytest.mark.parametrize(
    ("option", "value", "where"),
    [
        ("survey", HUGE, "survey"),
        ("survey", ["csat"], "survey"),
        ("dayfirst", np.array([1, 2]), "dayfirst"),
        ("dayfirst", "yes", "dayfirst"),
        ("rating_map", {HUGE: "x"}, "rating_map.<int of about 5001 digits>"),
        ("rating_map", {"great": HUGE}, "rating_map.great"),
        ("rating_map", {"great": float("inf")}, "rating_map.great"),
    ],
    ids=lambda v: v if isinstance(v, str) else type(v).__name__,
)
def test_summary_options_are_checked_and_named(option: str, value: Any, where: str) -> None:
    from servicemodel.io import summary

    with pytest.raises(ConfigError) as info:
        list(summary.histories([_ROW], **{option: value}))
    assert str(info.value).startswith(f"{where}: ")


def test_summary_rating_map_keys_that_are_numbers_read_as_their_text() -> None:
    from servicemodel.io import summary

    row = {**_ROW, "rating": "5"}
    (history,) = summary.histories([row], rating_map={5: 1.0}, rating_scale=(0, 1))
    assert [r.score for r in history.ratings()] == [1.0]


# --------------------------------------------------------------------------- beyond the list


ARRAY = np.array([1, 2])


def _charts_calls() -> dict[str, Callable[[Any], Any]]:
    from servicemodel.blueprint import Blueprint, assess
    from servicemodel.blueprint import render_html as blueprint_html
    from servicemodel.report import render_plan_html
    from servicemodel.staffing import ServiceLevelTarget, plan_intervals

    assessment = assess(Blueprint("Acme"), [], at=T0)
    plan = plan_intervals([100], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    return {
        "blueprint.render_html": lambda charts: blueprint_html(assessment, charts=charts),
        "report.render_plan_html": lambda charts: render_plan_html(plan, charts=charts),
    }


@pytest.mark.parametrize("page", sorted(_charts_calls()))
@pytest.mark.parametrize("charts", [ARRAY, "yes", None], ids=lambda v: type(v).__name__)
def test_page_charts_option_is_a_bool(page: str, charts: Any) -> None:
    # Was: ``charts and have_matplotlib()`` took the truth value of an array (ValueError).
    with pytest.raises(InputTypeError, match="charts"):
        _charts_calls()[page](charts)


def test_theme_selector_and_theme_lookup_take_an_array_as_no_name() -> None:
    from servicemodel.errors import UnknownKeyError
    from servicemodel.feedback import ThemeCounts, ThemeSelector

    with pytest.raises(ConfigError, match="unknown theme selector"):
        ThemeSelector.parse(ARRAY)
    shares = ThemeCounts.empty("tags").result()
    for key in (ARRAY, HUGE, "billing"):
        with pytest.raises(UnknownKeyError, match="no theme"):
            shares[key]
    assert shares.get(ARRAY) is None  # still a KeyError for the mapping protocol


@pytest.mark.parametrize(
    ("statistic", "df"),
    [(HUGE, 1), (1.0, HUGE), (1.0, 10**8), (math.nan, 1), ("1", 1)],
    ids=["huge-statistic", "huge-df", "df-past-the-series", "nan", "text"],
)
def test_chi_square_sf_refuses_what_it_cannot_compute(statistic: Any, df: Any) -> None:
    # Was: OverflowError for huge ints; at df = 10**8 the series stopped early and p was 0.58
    # where it is 0.49998 (a silently wrong number).
    from servicemodel.feedback import chi_square_sf

    # A number not allowed (a df too large, a NaN statistic or one past the float range) is a
    # ConfigError; no number (text) an InputTypeError.
    error = InputTypeError if isinstance(statistic, str) else ConfigError
    with pytest.raises(error):
        chi_square_sf(statistic, df)


@given(st.integers(1, 10**6), st.floats(0, 1e7, allow_nan=False))
def test_chi_square_sf_is_a_probability_within_its_df_range(df: int, statistic: float) -> None:
    from servicemodel.feedback import chi_square_sf

    assert 0.0 <= chi_square_sf(statistic, df) <= 1.0


def test_chi_square_sf_of_a_subnormal_statistic_is_one() -> None:
    # Was: 5e-324 / 2 is 0.0 and log(0) raised "math domain error" (found by the law above).
    from servicemodel.feedback import chi_square_sf

    assert chi_square_sf(5e-324, 1) == 1.0


def test_chi_square_sf_of_two_df_is_the_exponential_tail() -> None:
    # With 2 degrees of freedom the chi-square is exponential with mean 2: P(X > s) = e^(-s/2).
    from servicemodel.feedback import chi_square_sf

    for s in (0.5, 4.0, 30.0):
        assert chi_square_sf(s, 2) == pytest.approx(math.exp(-s / 2), rel=1e-12)


def test_two_proportion_test_names_huge_counts() -> None:
    from servicemodel.feedback import two_proportion_test

    error = _raises_library_error(two_proportion_test, HUGE, 1, 0, 1)
    assert "digits" in str(error)


def test_check_plan_mode_is_text() -> None:
    from servicemodel.forecast import check_plan
    from servicemodel.staffing import ServiceLevelTarget, plan_intervals

    plan = plan_intervals([100], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    with pytest.raises(InputTypeError, match="mode must be 'steady' or 'week'"):
        check_plan(plan, mode=ARRAY)


def test_goal_meets_strict_is_a_bool() -> None:
    from servicemodel.kpi import Estimate

    estimate = Estimate("csat", 0.95, 90, lower=0.85, upper=0.99)
    with pytest.raises(InputTypeError, match="strict"):
        sample_goal().meets(estimate, strict=ARRAY)
    assert sample_goal().meets(estimate)
    assert not sample_goal().meets(estimate, strict=True)


def test_resolution_survival_which_is_named_whatever_it_is() -> None:
    from servicemodel.kpi import ResolutionSurvival

    with pytest.raises(ConfigError, match="which"):
        ResolutionSurvival.empty(as_of=T0, which=ARRAY)


def test_history_ratings_survey_is_a_name() -> None:
    from servicemodel.model import SatisfactionRating, Ticket, TicketHistory

    h = TicketHistory(Ticket("T", T0), [SatisfactionRating("c", T0, score=4)])
    with pytest.raises(InputTypeError, match="survey"):
        h.ratings(ARRAY)
    assert [r.score for r in h.ratings("csat")] == [4.0]


def test_qa_scale_and_criterion_refuse_values_that_cannot_be_compared() -> None:
    from decimal import Decimal

    from servicemodel.errors import ScaleError
    from servicemodel.qa import Criterion, Scale, Scorecard, Section

    scale = Scale.parse("1-5")
    criterion = Criterion("a", scale, fail_on=(1,))
    for point in (Decimal("sNaN"), ARRAY):
        with pytest.raises(ScaleError, match="is not a point of the scale"):
            scale.value(point)
        with pytest.raises(ScaleError, match="is not a point of the scale"):
            criterion.fails(point)
    with pytest.raises(ConfigError, match="expected 'yes_no'"):
        Scale.parse(ARRAY)
    card = Scorecard("x", [Section("s", [criterion])])
    with pytest.raises(ConfigError, match="unknown criterion <int of about 5001 digits>"):
        card.criterion(HUGE)
    assert criterion.fails(1)
    assert not criterion.fails(2)


def test_journey_names_refuse_unhashable_items_by_name() -> None:
    from servicemodel.journey import Stage

    stage = Stage("a")
    with pytest.raises(InputTypeError, match="names must be non-empty strings"):
        attrs.evolve(stage, channels=[["email"]])


def test_dask_read_tickets_blocksize_past_the_float_range_is_a_config_error() -> None:
    pytest.importorskip("dask")
    from servicemodel.dask import read_tickets

    with pytest.raises(ConfigError, match="blocksize"):
        read_tickets("tickets.jsonl", blocksize="1e999")


def test_fcr_window_past_the_datetime_range_never_closes() -> None:
    # Was: solve + window overflowed (OverflowError); such a window is open for good.
    from servicemodel.kpi import FirstContactResolution
    from servicemodel.model import (
        AgentReply,
        CustomerMessage,
        StatusChange,
        Ticket,
        TicketHistory,
    )

    solved = [
        AgentReply("r", T0 + timedelta(hours=1)),
        StatusChange("s", T0 + timedelta(hours=2), status="solved"),
    ]
    late = CustomerMessage("m", datetime(9000, 1, 1, tzinfo=UTC))
    quiet = TicketHistory(Ticket("A", T0), solved)
    spoke = TicketHistory(Ticket("B", T0), [*solved, late])
    fcr = FirstContactResolution.empty(window=timedelta.max).add_many([quiet, spoke])
    assert fcr.result().value == 0.5  # the late message falls inside an endless window
    pending = FirstContactResolution.empty(window=timedelta.max, as_of=T0 + timedelta(days=9))
    assert pending.add_many([quiet, spoke]).result().n == 0  # still open at as_of


@pytest.mark.parametrize("metric", [ARRAY, "bogus", HUGE], ids=lambda v: type(v).__name__)
def test_quality_estimate_refuses_unknown_metrics(metric: Any) -> None:
    # Was: an array raised ValueError; an unknown name fell through to an FCR estimate.
    from servicemodel.standards import quality_estimate

    with pytest.raises(ConfigError, match="unknown quality metric"):
        quality_estimate(metric, [])


def test_huge_ints_are_refused_where_plans_and_runs_hold_floats() -> None:
    # Was: WeeklyPlan.interval and SimulationResult.warmup took a 5,000-digit int, and
    # total_agent_hours / summary() raised OverflowError.
    from servicemodel.simulate import SupportDesk, simulate
    from servicemodel.staffing import ServiceLevelTarget, plan_intervals

    plan = plan_intervals([100], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    # An int is of the right type; one past the float range is a value not allowed.
    with pytest.raises(ConfigError, match=r"interval: .* is beyond the float range"):
        attrs.evolve(plan, interval=HUGE)
    run = simulate(SupportDesk(agents=2, arrivals=4, handle_time=300), T0, T0 + timedelta(hours=1))
    with pytest.raises(ConfigError, match=r"warmup: .* is beyond the float range"):
        attrs.evolve(run, warmup=HUGE)
    assert attrs.evolve(run, warmup=10**300).warmup == 10**300  # within the float range
