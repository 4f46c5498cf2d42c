"""Regressions: what the sweep of every public name (``tests/fuzz/test_fuzz_public_api.py``) found.

Each case is the smallest call that broke the contract: bad input gets a specific
``ServiceModelError`` whose message names the value; never another exception type.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _deadline import deadline
from servicemodel.calendar import BusinessCalendar, CountryHolidays, RRuleHolidays, union
from servicemodel.errors import ConfigError, InputTypeError, ServiceModelError

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _calendar() -> BusinessCalendar:
    return BusinessCalendar.from_dict({"tz": "UTC", "hours": {"mon-fri": ["09:00-17:00"]}})


def _samples() -> dict[str, Callable[[], Any]]:
    from servicemodel.dask import RatingScores
    from servicemodel.feedback import ThemeSelector
    from servicemodel.goals import SmartGoal
    from servicemodel.kpi import SurvivalTimes
    from servicemodel.model import Ticket, TicketHistory
    from servicemodel.qa import Criterion, QAScores, Scale, Scorecard, Section
    from servicemodel.sla import AttributeIn, HasTags, SLAPolicy
    from servicemodel.standards import ServiceStandards

    def card() -> Scorecard:
        return Scorecard("c", [Section("s", [Criterion("greet", Scale.parse("yes_no"))])])

    goal = {
        "name": "g", "objective": "o", "kpi": "csat", "comparator": ">=", "target": 0.9,
        "baseline": 0.8, "start": "2026-01-01T00:00:00+00:00",
        "deadline": "2026-06-30T00:00:00+00:00",
    }  # fmt: skip
    return {
        "calendar": _calendar,
        "union": lambda: union(_calendar(), _calendar()),
        "rrule": lambda: RRuleHolidays("DTSTART:20260101\nRRULE:FREQ=YEARLY"),
        "country": lambda: CountryHolidays("DE"),
        "history": lambda: TicketHistory(Ticket("T", T0), []),
        "goal": lambda: SmartGoal.from_dict(goal),
        "theme": lambda: ThemeSelector("tags"),
        "standards": lambda: ServiceStandards.from_dict({"name": "s"}),
        "qa_scores": lambda: QAScores(card()),
        "criterion": lambda: Criterion("greet", Scale.parse("yes_no")),
        "survival": lambda: SurvivalTimes.empty(),
        "policy": lambda: SLAPolicy("p", {}),
        "has_tags": lambda: HasTags(["vip"]),
        "attribute_in": lambda: AttributeIn("plan", ["gold"]),
        "rating_scores": lambda: RatingScores("csat"),
    }


#: (sample, field, a value of the wrong type or not among the options): refused with a
#: ServiceModelError. attrs' own validators raised a bare TypeError/ValueError here.
WRONG_FIELDS = [
    ("calendar", "tz", "UTC"),
    ("calendar", "holidays", ["2026-01-01"]),
    ("calendar", "holidays", frozenset({"2026-01-01"})),
    ("calendar", "holiday_rules", [None]),
    ("union", "op", "xor"),
    ("rrule", "text", 5),
    ("country", "country", None),
    ("country", "subdiv", 7),
    ("country", "observed", "yes"),
    ("history", "ticket", "T"),
    ("goal", "unit", 10**5000),
    ("goal", "period", "fortnight"),
    ("theme", "kind", "colour"),
    ("standards", "name", 1.5),
    ("standards", "calendar", "Europe/Berlin"),
    ("qa_scores", "scorecard", "card"),
    ("criterion", "scale", "1-5"),
    ("survival", "metric", None),
    ("policy", "calendar_from", "channel"),
    ("has_tags", "require_all", "yes"),
    ("attribute_in", "name", ["plan"]),
    ("rating_scores", "survey", []),
]


@pytest.mark.parametrize(
    ("sample", "field", "value"), WRONG_FIELDS, ids=[f"{s}.{f}" for s, f, _ in WRONG_FIELDS]
)
def test_wrong_field_values_are_library_errors(sample: str, field: str, value: Any) -> None:
    instance = _samples()[sample]()
    with pytest.raises(ServiceModelError) as info:
        attrs.evolve(instance, **{field: value})
    assert isinstance(info.value, InputTypeError | ConfigError)
    assert field in str(info.value)


@given(value=st.one_of(st.integers(), st.text(max_size=5), st.none(), st.floats()))
def test_calendar_zone_of_any_other_type_is_an_input_type_error(value: Any) -> None:
    with pytest.raises(InputTypeError, match="tz: expected ZoneInfo"):
        attrs.evolve(_calendar(), tz=value)


def _busy_plan() -> Any:
    from servicemodel.staffing import ServiceLevelTarget, plan_intervals

    return plan_intervals([1000, 60], aht=180, targets=[ServiceLevelTarget(0.8, 20)])


@pytest.mark.parametrize(
    "options",
    [
        {"hours_per_batch": 101_593},  # years of simulated time per batch: ran for minutes
        {"batches": 297, "hours_per_batch": 2},  # every batch's summary reads the whole run
        {"batches": 10**5000},  # OverflowError on the way to the bound
        {"batches": 10_001},
    ],
    ids=["long-batches", "many-batches", "huge-int", "over-10000"],
)
def test_check_plan_refuses_unbounded_work_quickly(options: dict[str, Any]) -> None:
    from servicemodel.errors import StaffingError
    from servicemodel.forecast import check_plan

    with deadline(2.0, "check_plan"), pytest.raises(StaffingError) as info:
        check_plan(_busy_plan(), **options)
    assert "batches" in str(info.value)


@settings(max_examples=min(20, settings.default.max_examples))
@given(batches=st.integers(2, 40), hours=st.floats(0.05, 1.0))
def test_check_plan_within_its_bound_still_runs(batches: int, hours: float) -> None:
    from servicemodel.forecast import check_plan
    from servicemodel.staffing import ServiceLevelTarget, plan_intervals

    # 20 calls a half hour: at most 40 * 41 * 40 = 66,000 contact-batches, far inside the bound.
    plan = plan_intervals([20], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    check = check_plan(plan, batches=batches, hours_per_batch=hours, seed=3)
    assert [row.index for row in check.intervals] == [0]
    assert all(0.0 <= row.simulated <= 1.0 for row in check.intervals)
