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
from hypothesis import given
from hypothesis import strategies as st

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
