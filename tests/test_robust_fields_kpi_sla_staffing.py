"""Regressions: result classes of the forecast, KPI, simulation, SLA and staffing layers refuse
fields of the wrong kind at construction (a ``ServiceModelError`` naming the field), instead of
crashing later in a method with another exception type.

Each case was a site of the public-API sweep's ledger; the hostile values are the sweep's own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ServiceModelError
from servicemodel.forecast import ArrivalForecast, PlanCheck, WeeklyCounts
from servicemodel.model import Ticket

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

#: Values of the wrong kind for any typed field (text, numbers, times, collections, None).
WRONG = st.sampled_from(
    ["breach", "", 7, 2.5, None, [], (), {}, object(), T0, timedelta(hours=-1), b"a"]
)


def _evolved(instance: object, field: str, value: object) -> object:
    """The instance with ``field`` replaced, or the library's error refusing the value."""
    try:
        return attrs.evolve(instance, **{field: value})
    except ServiceModelError as exc:
        return exc


def _forecast() -> ArrivalForecast:
    from servicemodel.forecast import forecast_arrivals

    tickets = [Ticket(f"T{i}", T0 + timedelta(weeks=i), channel="chat") for i in range(4)]
    return forecast_arrivals(tickets)


@given(field=st.sampled_from(["start", "mean", "low", "high", "open", "weeks_used"]), value=WRONG)
def test_arrival_forecast_refuses_wrong_fields(field: str, value: object) -> None:
    bad = _evolved(_forecast(), field, value)
    if isinstance(bad, ServiceModelError):
        assert field in str(bad)
    else:  # accepted only when it is a valid value of the field after all
        assert isinstance(bad, ArrivalForecast)
        assert bad.to_records()
        assert bad.calls()


def test_arrival_forecast_refuses_a_short_row() -> None:
    forecast = _forecast()
    with pytest.raises(ServiceModelError, match="mean"):
        attrs.evolve(forecast, mean={"chat": (1.0,)})
    with pytest.raises(ServiceModelError, match="low"):
        attrs.evolve(forecast, low={})


@given(field=st.sampled_from(["tz", "weeks", "counts", "open", "next_week"]), value=WRONG)
def test_weekly_counts_refuse_wrong_fields(field: str, value: object) -> None:
    counts = WeeklyCounts(UTC, (date(2026, 3, 2),), {"a": ((1, 0),)}, ((True, False),))
    bad = _evolved(counts, field, value)
    if isinstance(bad, ServiceModelError):
        assert field in str(bad)
    else:
        assert isinstance(bad, WeeklyCounts)
        assert isinstance(bad.channels, tuple)


@given(value=WRONG.filter(lambda v: v not in ([], ())))
def test_plan_check_refuses_intervals_that_are_no_interval_checks(value: object) -> None:
    with pytest.raises(ServiceModelError, match="intervals"):
        PlanCheck(0.5, 0.5, value)  # type: ignore[arg-type]
    assert PlanCheck(0.5, 0.5, []).passed  # no interval: none is short


# --------------------------------------------------------------------------- KPI estimates


@given(value=WRONG.filter(lambda v: v not in ([], ())))
def test_estimate_counts_are_name_and_int_pairs(value: object) -> None:
    from servicemodel.kpi import Estimate

    with pytest.raises(ServiceModelError, match="counts"):
        Estimate("x", 0.5, 4, counts=(value,))  # type: ignore[arg-type]


@given(successes=WRONG, n=st.integers(0, 5))
def test_proportion_refuses_counts_that_are_no_ints(successes: object, n: int) -> None:
    from servicemodel.kpi import proportion

    with pytest.raises(ServiceModelError, match="successes"):
        proportion(successes, n)  # type: ignore[arg-type]


@given(field=st.sampled_from(["p_value", "level", "difference", "a", "metric"]), value=WRONG)
def test_comparison_refuses_wrong_fields(field: str, value: object) -> None:
    from servicemodel.kpi import compare, proportion

    bad = _evolved(compare(proportion(8, 10), proportion(9, 10)), field, value)
    if isinstance(bad, ServiceModelError):
        assert field in str(bad)
    else:  # a number or text where one is expected
        assert isinstance(bad.significant, bool)  # type: ignore[attr-defined]
        assert bad.to_record()  # type: ignore[attr-defined]


@given(value=WRONG.filter(lambda v: v not in ([], ())))
def test_time_summary_and_time_kpis_refuse_wrong_fields(value: object) -> None:
    from servicemodel.kpi import FirstReplyTime, ResolutionTime

    summary = FirstReplyTime.empty().add_many([1, 2, 3]).result()
    with pytest.raises(ServiceModelError, match="estimates"):
        attrs.evolve(summary, estimates=(value,))
    for kpi in (FirstReplyTime.empty(), ResolutionTime.empty()):
        with pytest.raises(ServiceModelError, match="durations"):
            attrs.evolve(kpi, durations=value)


@given(value=st.sampled_from([7, 2.5, None, object(), float("nan")]))
def test_durations_summary_refuses_percentiles_that_are_no_collection(value: object) -> None:
    from servicemodel.kpi import Durations

    with pytest.raises(ServiceModelError, match="percentiles"):
        Durations.empty().add(1).summary(percentiles=value)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- survival


@given(
    value=st.one_of(WRONG, st.sampled_from([(1.0,), (1.0, "1", 0), (-1.0, 1, 0), (1.0, 1, True)]))
)
def test_survival_rows_are_time_event_censored_triples(value: object) -> None:
    from servicemodel.kpi import SurvivalTimes

    times = SurvivalTimes.empty().add_many([(1.0, True), (2.0, False)])
    with pytest.raises(ServiceModelError, match="rows"):
        attrs.evolve(times, rows=(value,))
    if not isinstance(value, list | tuple | dict):
        with pytest.raises(ServiceModelError, match="rows"):
            attrs.evolve(times, rows=value)


def test_survival_rows_of_numbers_of_other_kinds_are_accepted() -> None:
    from servicemodel.kpi import SurvivalTimes

    times = attrs.evolve(SurvivalTimes.empty(), rows=[(1, 1, 0), (2.5, 0, 2)])
    assert (times.n, times.events, times.censored) == (3, 1, 2)


@given(value=WRONG)
def test_ticket_survival_times_are_survival_times(value: object) -> None:
    from servicemodel.kpi import FirstReplySurvival, ResolutionSurvival

    for kpi in (FirstReplySurvival.empty(as_of=T0), ResolutionSurvival.empty(as_of=T0)):
        with pytest.raises(ServiceModelError, match="times"):
            attrs.evolve(kpi, times=value)


@given(
    field=st.sampled_from(["estimates", "reasons", "times", "n", "metric", "level"]),
    value=st.one_of(WRONG, st.just(("median",)), st.just((("median", 3),))),
)
def test_survival_curve_refuses_wrong_fields(field: str, value: object) -> None:
    from servicemodel.kpi import SurvivalTimes

    curve = SurvivalTimes.empty().add_many([(1.0, True), (3.0, False)]).result()
    bad = _evolved(curve, field, value)
    if isinstance(bad, ServiceModelError):
        assert field in str(bad)
    else:
        assert isinstance(bad.to_records(), list)  # type: ignore[attr-defined]
        assert bad.reason("median") is None or isinstance(bad.reason("median"), str)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- KPI functions

HUGE_INT = 10**5000  # its repr fails (past the int-text limit): messages must not repr it


@given(n=st.sampled_from([2**53 + 1, 10**400, HUGE_INT]))
def test_proportion_refuses_a_count_beyond_the_float_range(n: int) -> None:
    from servicemodel.kpi import proportion

    with pytest.raises(ServiceModelError, match="n must be a count"):
        proportion(1, n)


@given(estimates=st.sampled_from([1, 2.5, None, object()]))
def test_estimates_to_records_refuses_what_is_no_collection(estimates: object) -> None:
    from servicemodel.kpi import estimates_to_records

    with pytest.raises(ServiceModelError, match="estimates"):
        estimates_to_records(estimates)  # type: ignore[arg-type]


@given(key=st.sampled_from([1, 2.5, None, object(), [1], (None,)]))
def test_estimates_to_records_refuses_a_key_that_is_no_column_name(key: object) -> None:
    from servicemodel.kpi import estimates_to_records, proportion

    with pytest.raises(ServiceModelError, match="key"):
        estimates_to_records({"a": proportion(1, 2)}, key=key)  # type: ignore[arg-type]


def test_messages_name_a_huge_int_without_repr() -> None:
    from servicemodel.kpi import NPS, Periods, by, lifetime_value_from_orders

    with pytest.raises(ServiceModelError, match="purchase_frequency"):
        lifetime_value_from_orders(
            average_order_value=0.5, purchase_frequency=[HUGE_INT], lifespan=0.5
        )
    with pytest.raises(ServiceModelError, match="digits"):
        attrs.evolve(Periods("week"), start=HUGE_INT)
    segmented = by("channel", NPS.empty())
    with pytest.raises(ServiceModelError, match=r"has no \.channel"):
        segmented.segments_of({"x": HUGE_INT})


# --------------------------------------------------------------------------- simulation


def _simulation() -> object:
    from servicemodel.simulate import SupportDesk, simulate

    return simulate(SupportDesk(agents=2, arrivals=4, handle_time=300), T0, T0 + timedelta(hours=2))


@given(
    field=st.sampled_from(
        ["start", "end", "desk", "seed", "warmup", "id_prefix", "arrive", "answer", "agent"]
    ),
    value=st.one_of(WRONG, st.just(datetime(2026, 3, 2, 9)), st.just(("1",))),
)
def test_simulation_result_refuses_wrong_fields(field: str, value: object) -> None:
    bad = _evolved(_simulation(), field, value)
    if isinstance(bad, ServiceModelError):
        assert field in str(bad)
    else:  # a value of the right kind after all (a seed, a warmup of 7 s)
        assert bad.summary() is not None  # type: ignore[attr-defined]
        assert isinstance(bad.histories(), tuple)  # type: ignore[attr-defined]


@given(
    field=st.sampled_from(["arrived_at", "answered_at", "handle", "agent", "id"]),
    value=st.one_of(WRONG.filter(lambda v: v is not None), st.just(datetime(2026, 3, 2, 9))),
)
def test_contact_refuses_wrong_fields(field: str, value: object) -> None:
    from servicemodel.simulate import Contact

    contact = Contact("SIM-1", T0, 60.0, T0 + timedelta(seconds=30), None, None, "agent-01")
    bad = _evolved(contact, field, value)
    if isinstance(bad, ServiceModelError):
        assert field in str(bad)
    else:
        assert bad.wait is None or bad.wait >= 0  # type: ignore[attr-defined]


@given(
    t=st.sampled_from(
        [
            datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))),
            datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
        ]
    )
)
def test_roster_next_change_at_the_ends_of_time_is_out_of_range(t: datetime) -> None:
    from servicemodel.errors import OutOfRangeError
    from servicemodel.simulate import Roster

    with pytest.raises(OutOfRangeError, match="supported range"):
        Roster((2,) * 168).next_change(t)


# --------------------------------------------------------------------------- SLA


def _measurement() -> object:
    from servicemodel.model import Ticket, TicketHistory
    from servicemodel.sla import SLAPolicy, Target, evaluate

    policy = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
    return evaluate(policy, TicketHistory(Ticket("T-1", T0), []), T0 + timedelta(hours=1))[0]


@given(
    field=st.sampled_from(
        ["state", "calendar", "spans", "warn_at", "started_at", "stopped_at", "target", "metric"]
    ),
    value=st.one_of(
        WRONG.filter(lambda v: v is not None and v != ()),
        st.just(datetime(2026, 3, 2, 9)),
        st.just(((T0, "x"),)),
    ),
)
def test_measurement_refuses_wrong_fields_from_outside(field: str, value: object) -> None:
    bad = _evolved(_measurement(), field, value)
    if isinstance(bad, ServiceModelError):
        assert field in str(bad)
    else:  # an aware instant where one is expected
        assert isinstance(bad.is_final, bool)  # type: ignore[attr-defined]
        assert isinstance(bad.warnings, tuple)  # type: ignore[attr-defined]


def test_the_engine_measurement_still_round_trips_through_the_constructor() -> None:
    m = _measurement()
    assert attrs.evolve(m) == m


@given(field=st.sampled_from(["at", "metric", "cycle", "kind", "fraction", "repeat"]), value=WRONG)
def test_timer_refuses_wrong_fields(field: str, value: object) -> None:
    from servicemodel.sla import Metric, Timer

    timer = Timer(T0, "T-1", Metric.RESOLUTION, 0, "breach")
    bad = _evolved(timer, field, value)
    if isinstance(bad, ServiceModelError):
        assert field in str(bad)
    else:  # None for the optional fraction
        assert isinstance(bad.key, tuple)  # type: ignore[attr-defined]


@given(events=st.sampled_from([-1, 2.5, None, float("nan"), object()]))
def test_ticket_sla_replay_refuses_events_that_are_no_collection(events: object) -> None:
    from servicemodel.model import Ticket
    from servicemodel.sla import SLAPolicy, Target, TicketSLA

    policy = SLAPolicy("p", {"normal": [Target("first_reply", "4h")]})
    with pytest.raises(ServiceModelError, match="events"):
        TicketSLA.replay(policy, Ticket("T-1", T0), events)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- staffing, standards


def _plan() -> object:
    from servicemodel.staffing import ServiceLevelTarget, plan_intervals

    return plan_intervals([100, 50], aht=180, targets=[ServiceLevelTarget(0.8, 20)])


@given(
    field=st.sampled_from(["model", "interval", "concurrency", "rows", "patience"]),
    value=st.one_of(WRONG.filter(lambda v: v not in ([], (), None)), st.just(("row",))),
)
def test_weekly_plan_refuses_wrong_fields(field: str, value: object) -> None:
    bad = _evolved(_plan(), field, value)
    if isinstance(bad, ServiceModelError):
        assert field in str(bad)
    else:  # a number where one is expected
        assert isinstance(bad.total_agent_hours, float)  # type: ignore[attr-defined]
        assert isinstance(bad.to_records(), list)  # type: ignore[attr-defined]
        assert isinstance(bad.zone, str)  # type: ignore[attr-defined]


@given(field=st.sampled_from(["start", "agents", "calls", "asa"]), value=WRONG)
def test_plan_row_refuses_wrong_fields(field: str, value: object) -> None:
    row = _plan().rows[0]  # type: ignore[attr-defined]
    bad = _evolved(row, field, value)
    if isinstance(bad, ServiceModelError):
        assert field in str(bad)
    else:
        assert value is None or isinstance(value, int | float | datetime)


def test_plan_intervals_refuses_a_model_that_is_no_name() -> None:
    np = pytest.importorskip("numpy")
    from servicemodel.staffing import ServiceLevelTarget, plan_intervals

    with pytest.raises(ServiceModelError, match="model"):
        plan_intervals(
            [100], aht=180, targets=[ServiceLevelTarget(0.8, 20)], model=np.array([1, 2])
        )


@given(histories=st.sampled_from([-3702, 2.5, None, object()]))
def test_standards_measure_refuses_histories_that_are_no_collection(histories: object) -> None:
    from servicemodel.standards import measure

    standards = _standards()
    with pytest.raises(ServiceModelError, match="histories"):
        measure(standards, histories)  # type: ignore[arg-type]


def _standards() -> object:
    from servicemodel.standards import ResponseStandard, ServiceStandards

    return ServiceStandards("Acme", [ResponseStandard("email", "first_reply", "2h")])


@given(
    t=st.sampled_from(
        [
            datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))),
            datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
        ]
    )
)
def test_instants_past_the_supported_range_are_refused_at_construction(t: datetime) -> None:
    from servicemodel.errors import OutOfRangeError
    from servicemodel.simulate import Contact
    from servicemodel.sla import Metric, Timer

    with pytest.raises(OutOfRangeError, match="arrived_at"):
        Contact("SIM-1", t, 60.0, T0, None, None, "agent-01")
    with pytest.raises(OutOfRangeError, match="at"):
        Timer(t, "T-1", Metric.RESOLUTION, 0, "breach")
    with pytest.raises(OutOfRangeError, match="start"):
        attrs.evolve(_forecast(), start=t)
    with pytest.raises(OutOfRangeError, match="started_at"):
        attrs.evolve(_measurement(), started_at=t)


@given(
    start=st.sampled_from(
        [True, 1, "2026-03-02", datetime(2026, 3, 2, 9), datetime(9998, 12, 30, tzinfo=UTC)]
    )
)
def test_plan_intervals_refuses_a_start_that_is_no_instant_in_range(start: object) -> None:
    from servicemodel.staffing import ServiceLevelTarget, plan_intervals

    with pytest.raises(ServiceModelError, match="start"):
        plan_intervals([100] * 200, aht=180, targets=[ServiceLevelTarget(0.8, 20)], start=start)  # type: ignore[arg-type]


def test_simulation_offsets_past_the_range_of_instants_are_refused() -> None:
    from servicemodel.errors import OutOfRangeError

    result = _simulation()
    n = result.size  # type: ignore[attr-defined]
    with pytest.raises(ServiceModelError, match="finite"):
        attrs.evolve(result, arrive=(float("nan"),) * n)
    far = attrs.evolve(result, arrive=(10**30,) * n)
    with pytest.raises(OutOfRangeError, match="supported range"):
        far.contacts()


@given(value=st.sampled_from([HUGE_INT, 10**400, float("nan"), float("inf")]))
def test_lifetime_value_refuses_numbers_beyond_the_float_range(value: object) -> None:
    from servicemodel.kpi import lifetime_value_from_orders

    with pytest.raises(ServiceModelError, match="average_order_value"):
        lifetime_value_from_orders(average_order_value=value, purchase_frequency=0.5, lifespan=0.5)
