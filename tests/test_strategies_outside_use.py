"""The strategies as another project's property-based suite meets them, failing examples first.

docs/strategies.md promises that a failing test prints its example as code to paste into
``@example(...)``. Hypothesis prints an attrs value field by field unless it has a
``_repr_pretty_``, so a calendar printed as its internal minute tuples
(``hours=(((540, 1020),), (), ...)``) and a desk's arrival profile and roster as 168 numbers,
one a line, although each has a short ``repr`` of its own. These tests pin down that a failing
example shows them as the code that makes them, and that the code still pastes back.
"""

from __future__ import annotations

import datetime
import zoneinfo
from datetime import timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis.vendor.pretty import pretty

import servicemodel.calendar
import servicemodel.model
import servicemodel.simulate
import servicemodel.sla
import servicemodel.standards
from servicemodel.calendar import BusinessCalendar
from servicemodel.simulate import Exponential, RateProfile, Roster, SupportDesk
from servicemodel.strategies import (
    calendars,
    combined_calendars,
    desks,
    policies,
    rate_profiles,
    rosters,
    service_standards,
    targets,
)


def _paste(text: str) -> Any:
    """``text`` evaluated with the imports docs/strategies.md names for a pasted example."""
    names: dict[str, Any] = {"datetime": datetime, "zoneinfo": zoneinfo, "timedelta": timedelta}
    for module in (
        servicemodel.model,
        servicemodel.calendar,
        servicemodel.simulate,
        servicemodel.sla,
    ):
        names.update({n: getattr(module, n) for n in module.__all__})
    names.update({n: getattr(servicemodel.standards, n) for n in servicemodel.standards.__all__})
    return eval(text, names)


def test_a_calendar_prints_as_its_file_form() -> None:
    cal = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"})
    shown = pretty(cal)
    assert " ".join(line.strip() for line in shown.splitlines()) == repr(cal)  # wrapped
    assert shown.startswith("BusinessCalendar.from_dict({'tz': 'Europe/Berlin',\n  'hours': ")
    assert _paste(shown) == cal


@settings(max_examples=40, deadline=None)
@given(calendars())
def test_a_drawn_calendar_prints_as_its_file_form_and_pastes_back(cal: BusinessCalendar) -> None:
    shown = pretty(cal)
    assert shown.startswith("BusinessCalendar.from_dict(")
    assert "hours=(" not in shown
    assert _paste(shown) == cal


@settings(max_examples=25, deadline=None)
@given(policies())
def test_a_policy_shows_its_calendar_readably(policy: Any) -> None:
    shown = pretty(policy)
    assert "calendar=BusinessCalendar.from_dict(" in shown
    assert "hours=(" not in shown
    assert _paste(shown) == policy


@settings(max_examples=25, deadline=None)
@given(combined_calendars(), service_standards())
def test_calendars_inside_other_values_paste_back(combined: Any, standards: Any) -> None:
    for value in (combined, standards):
        shown = pretty(value)
        assert "hours=(" not in shown
        assert _paste(shown) == value


def test_a_profile_and_a_roster_print_as_the_calls_that_make_them() -> None:
    assert pretty(RateProfile.constant(0.0)) == "RateProfile.constant(0.0)"
    assert pretty(Roster([1] * 168)) == "Roster([1] * 168)"
    roster = Roster([0] * 18 + [3] * 16 + [1] * 302, tz="Europe/Berlin")
    assert pretty(roster) == "Roster([0] * 18 + [3] * 16 + [1] * 302, tz='Europe/Berlin')"
    profile = RateProfile.weekly([2] * 8 + [30] * 10 + [5] * 6, tz="Europe/Berlin")
    shown = pretty(profile)
    assert shown.startswith("RateProfile([2.0] * 8 + [30.0] * 10 + [5.0] * 6 + [2.0] * 8 + ")
    assert shown.endswith(", tz='Europe/Berlin')")
    assert _paste(shown) == profile


def test_the_simplest_desk_prints_in_a_few_lines() -> None:
    # docs/strategies.md: desks() shrinks to "a desk of one agent with no arrivals and
    # Exponential(mean=180.0) handle times"; its example must not be 168 lines of 0.0.
    desk = SupportDesk(agents=1, arrivals=RateProfile.constant(0.0), handle_time=Exponential(180))
    shown = pretty(desk)
    assert "arrivals=RateProfile.constant(0.0)" in shown
    assert len(shown.splitlines()) <= 10
    assert _paste(shown) == desk


@settings(max_examples=40, deadline=None)
@given(rate_profiles(), rosters(), desks())
def test_drawn_profiles_rosters_and_desks_paste_back(
    profile: RateProfile, roster: Roster, desk: SupportDesk
) -> None:
    for value, slots in ((profile, profile.per_hour), (roster, roster.agents)):
        shown = pretty(value)
        assert len(shown.splitlines()) < len(slots)  # never a line per slot
        assert _paste(shown) == value
    assert _paste(pretty(desk)) == desk


def test_a_failing_target_prints_its_duration_as_written() -> None:
    # docs/strategies.md: a failing example shrinks to "a first-reply target of 15 minutes";
    # it printed as timedelta(minutes=15 * 1), the body of the lambda that made it.
    seen: list[str] = []

    @settings(database=None, derandomize=True, max_examples=5)
    @given(targets())
    def fails(target: Any) -> None:
        raise AssertionError

    try:
        fails()
    except AssertionError as err:
        seen = [note for note in getattr(err, "__notes__", []) if "Failing" in note]
    assert seen
    assert "within=timedelta(minutes=15)," in seen[0]
    assert "15 * 1" not in seen[0]
