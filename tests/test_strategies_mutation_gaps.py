"""The strategies keep every documented option and reach every documented edge case.

Each test states one promise of a strategy's docstring (or of docs/strategies.md): an option
bounds every value drawn, or a case the docs say is drawn (an empty calendar when allowed, a
nested combination, a catch-all policy, a history of exactly ``min_events``) comes in a
derandomized run. A strategy that ignored an option, bounded it one off, or never drew the
case would pass a test that only checks that its values construct.
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import servicemodel.strategies as sms
from servicemodel.calendar import BusinessCalendar, CombinedCalendar
from servicemodel.goals import Comparator
from servicemodel.model import SatisfactionRating
from servicemodel.sla import Always, PriorityIn

#: Enough derandomized examples that a case drawn now and then comes; the same ones every run.
_SOME = 200


def _drawn(strategy: st.SearchStrategy[Any], n: int = _SOME) -> list[Any]:
    """The values ``strategy`` draws in one derandomized run of ``n`` examples."""
    seen: list[Any] = []

    @settings(max_examples=n, derandomize=True, database=None, deadline=None)
    @given(strategy)
    def draw(value: Any) -> None:
        seen.append(value)

    draw()
    return seen


# -- tickets, events, histories ---------------------------------------------


def test_every_channel_asked_for_is_drawn() -> None:
    channels = ["email", "chat", "phone"]
    drawn = {t.channel for t in _drawn(sms.tickets(channels=channels))}
    assert drawn == set(channels)


def test_a_history_reaches_both_ends_of_its_event_range() -> None:
    lengths = {len(h.events) for h in _drawn(sms.histories(min_events=2, max_events=5))}
    assert lengths <= {2, 3, 4, 5}
    assert {2, 5} <= lengths


@settings(max_examples=50, deadline=None)
@given(sms.histories(max_gap=timedelta(minutes=90), max_events=6))
def test_no_gap_between_events_exceeds_max_gap(history: Any) -> None:
    instants = [history.ticket.created_at] + [e.at for e in history.events]
    in_utc = [t.astimezone(UTC) for t in instants]
    assert all(b - a <= timedelta(minutes=90) for a, b in itertools.pairwise(in_utc))


def test_histories_draw_ties_in_time() -> None:
    def tied(history: Any) -> bool:
        at = [e.at.astimezone(UTC) for e in history.events]
        return len(set(at)) < len(at)

    assert any(tied(h) for h in _drawn(sms.histories(min_events=2, max_events=4)))


def test_a_zero_max_gap_puts_every_event_at_the_creation_instant() -> None:
    for history in _drawn(sms.histories(max_gap=timedelta(0), min_events=1, max_events=3), 30):
        created = history.ticket.created_at.astimezone(UTC)
        assert all(e.at.astimezone(UTC) == created for e in history.events)


def test_ratings_reach_both_ends_of_each_scale() -> None:
    scales = {"csat": {1, 5}, "nps": {0, 10}, "ces": {1, 7}}
    ratings = list(_drawn(sms.events(kinds=["satisfaction"]), 400))
    assert all(isinstance(r, SatisfactionRating) for r in ratings)
    for survey, ends in scales.items():
        assert ends <= {r.score for r in ratings if r.survey == survey}, survey


# -- calendars and calendars built from calendars --------------------------------------------


def test_allow_empty_draws_a_calendar_with_no_weekly_hours() -> None:
    drawn = _drawn(calendars_without_extras(allow_empty=True))
    assert any(not any(cal.hours) for cal in drawn)


def calendars_without_extras(**options: Any) -> st.SearchStrategy[BusinessCalendar]:
    return sms.calendars(allow_holidays=False, allow_overrides=False, **options)


def _spans(cal: BusinessCalendar) -> list[tuple[int, int]]:
    """Every span of ``cal``'s week and overrides, as (start, end) minutes of its day."""
    weekly = [s for spans in cal.hours for s in spans]
    return weekly + [s for _, spans in cal.overrides for s in spans]


def test_allow_overnight_false_draws_no_overnight_span() -> None:
    for cal in _drawn(sms.calendars(allow_overnight=False, allow_holidays=False), 100):
        assert all(end <= 24 * 60 for _, end in _spans(cal)), cal  # none ends the next day


def test_holidays_and_overrides_fall_between_min_date_and_max_date() -> None:
    low, high = date(2026, 3, 1), date(2026, 6, 30)
    for cal in _drawn(sms.calendars(min_date=low, max_date=high), 100):
        days = [*cal.holidays, *(day for day, _ in cal.overrides)]
        assert all(low <= d <= high for d in days), cal
        for rule in cal.holiday_rules:
            assert not rule.dates_in(2027), rule  # the rule stops at max_date


def test_a_calendars_recurring_holiday_skips_weeks() -> None:
    rules = [r for cal in _drawn(sms.calendars(), 100) for r in cal.holiday_rules]
    assert rules
    for rule in rules:
        every = re.search(r"INTERVAL=(\d+)", rule.text)
        assert every is not None, rule.text
        assert int(every.group(1)) in (2, 3, 4), rule.text


def test_allow_overrides_false_draws_no_override() -> None:
    assert all(not cal.overrides for cal in _drawn(sms.calendars(allow_overrides=False), 50))


def test_every_zone_asked_for_is_drawn() -> None:
    zones = ["Europe/London", "Asia/Kolkata", "America/Santiago"]
    drawn = {cal.tz.key for cal in _drawn(calendars_without_extras(zones=zones), 100)}
    assert drawn == set(zones)


def test_holiday_rules_start_between_min_date_and_max_date() -> None:
    low, high = date(2021, 5, 1), date(2021, 5, 31)
    for rule in _drawn(sms.holiday_rules(min_date=low, max_date=high), 100):
        start = re.search(r"DTSTART:(\d{8})", rule.text)
        assert start is not None
        assert low <= datetime.strptime(start.group(1), "%Y%m%d").date() <= high, rule.text


def test_holiday_rules_stop_after_a_count_now_and_then() -> None:
    assert any(";COUNT=" in rule.text for rule in _drawn(sms.holiday_rules(), 100))


def test_a_flat_combination_holds_two_to_max_operands_and_reaches_both() -> None:
    # Flat: a nested operand of the same operation merges into its parent (a & (b & c) is
    # a & b & c, as ``intersection`` documents), so only a flat one's operands are counted.
    strategy = sms.combined_calendars(
        calendars=st.sampled_from(_PLAIN), ops=["union"], max_operands=3, nested=False
    )
    assert {len(cal.operands) for cal in _drawn(strategy, 100)} == {2, 3}


_PLAIN = (
    BusinessCalendar.always(),
    BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"}),
    BusinessCalendar.weekly("Europe/Berlin", {"mon-sat": "08:00-18:00"}),
)


def test_a_combination_is_nested_now_and_then() -> None:
    drawn = _drawn(sms.combined_calendars(calendars=st.sampled_from(_PLAIN)), 100)
    nested = [c for c in drawn if any(isinstance(o, CombinedCalendar) for o in c.operands)]
    assert nested


def test_a_schedule_history_holds_at_most_max_versions_and_reaches_it() -> None:
    strategy = sms.schedule_histories(calendars=st.sampled_from(_PLAIN), max_versions=2)
    counts = {len(h.versions) for h in _drawn(strategy, 100)}
    assert counts == {1, 2}


def test_a_schedule_historys_first_version_starts_now_and_then() -> None:
    drawn = _drawn(sms.schedule_histories(calendars=st.sampled_from(_PLAIN)), 100)
    firsts = {h.versions[0][0] is None for h in drawn}
    assert firsts == {True, False}


def test_a_calendar_selector_names_one_to_three_calendars() -> None:
    counts = {len(s.calendars) for s in _drawn(sms.calendar_selectors(), 200)}
    assert counts <= {1, 2, 3}
    assert {1, 2} <= counts


# -- SLA policies, sets, ladders, targets, conditions, measurements --------------------------


def _targets(policy: Any) -> list[Any]:
    return [t for ts in policy.targets.values() for t in ts]


@settings(max_examples=50, deadline=None)
@given(sms.policies(max_hours=1), sms.policy_sets(max_hours=1), sms.targets(max_hours=1))
def test_every_target_is_within_max_hours(policy: Any, policy_set: Any, target: Any) -> None:
    everything = _targets(policy) + [t for p in policy_set.policies for t in _targets(p)]
    assert all(t.within <= timedelta(hours=1) for t in [*everything, target])


def test_a_default_fallback_is_drawn_about_half_the_time() -> None:
    # fallback=None draws whether the last policy is a catch-all: it comes as ``Always()``
    # far more often than where only the drawn conditions make it one (fallback=False).
    def catch_alls(fallback: bool | None) -> float:
        drawn = _drawn(sms.policy_sets(fallback=fallback, max_policies=2), 200)
        return sum(isinstance(ps.policies[-1].condition, Always) for ps in drawn) / len(drawn)

    assert catch_alls(None) >= catch_alls(False) + 0.2


def test_conditions_true_draws_policies_that_match_some_tickets_only() -> None:
    drawn = _drawn(sms.policies(conditions=True), 100)
    assert any(not isinstance(p.condition, Always) for p in drawn)


@settings(max_examples=50, deadline=None)
@given(sms.policies(target_calendars=False))
def test_target_calendars_false_keeps_every_target_on_the_policys_calendar(policy: Any) -> None:
    assert all(t.calendar is None and t.business for t in _targets(policy))


@settings(max_examples=50, deadline=None)
@given(sms.ladders(repeat_scope="ladder"))
def test_a_ladder_scoped_repeat_always_repeats(ladder: Any) -> None:
    assert ladder.repeat_every is not None
    assert ladder.repeat_scope == "ladder"


_OWN = BusinessCalendar.weekly("Asia/Kolkata", {"sun-thu": "10:00-19:00"})


def test_a_targets_own_calendar_comes_from_calendars() -> None:
    drawn = _drawn(sms.targets(calendars=st.just(_OWN)), 100)
    own = [t.calendar for t in drawn if t.calendar is not None]
    assert own
    assert all(c == _OWN for c in own)


@settings(max_examples=50, deadline=None)
@given(sms.conditions(kinds=[PriorityIn]))
def test_conditions_of_one_kind_are_of_that_kind(condition: Any) -> None:
    assert isinstance(condition, PriorityIn)


@settings(max_examples=50, deadline=None)
@given(sms.policies())
def test_a_policy_pauses_on_at_most_two_labels(policy: Any) -> None:
    assert len(policy.pause_labels) <= 2
    assert len([k for k in policy.targets if str(k).startswith("label:")]) <= 2


@settings(max_examples=20, deadline=None)
@given(st.data())
def test_a_measurement_is_evaluated_at_the_historys_last_instant(data: st.DataObject) -> None:
    history = data.draw(sms.histories(min_events=1))
    m = data.draw(sms.measurements(histories=st.just(history)))
    assert m.evaluated_at == history.last_event_at


# -- survey scores, goals, journeys ----------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(sms.survey_scores(survey="csat", min_value=2, max_value=4, min_size=1))
def test_survey_scores_keep_min_value_and_max_value(scores: list[int]) -> None:
    assert scores
    assert all(2 <= s <= 4 for s in scores)


def test_missing_draws_an_unanswered_survey_now_and_then() -> None:
    drawn = _drawn(sms.survey_scores(missing=True, min_size=1), 100)
    assert any(None in scores for scores in drawn)


@settings(max_examples=50, deadline=None)
@given(sms.goals(kpis=["csat"], comparators=[Comparator.LT]))
def test_a_strict_goal_on_a_share_has_a_target_some_value_meets(goal: Any) -> None:
    assert 0 < goal.target <= 1  # no share is below 0 %


@settings(max_examples=50, deadline=None)
@given(sms.goals(max_duration=timedelta(hours=1)))
def test_a_goals_deadline_is_within_max_duration(goal: Any) -> None:
    assert timedelta(seconds=1) <= goal.deadline - goal.start <= timedelta(hours=1)


@settings(max_examples=50, deadline=None)
@given(sms.journeys().flatmap(lambda j: sms.journey_events(j, max_size=3)))
def test_journey_events_hold_at_most_max_size(events: list[Any]) -> None:
    assert len(events) <= 3
