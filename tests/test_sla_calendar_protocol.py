"""SLA policies, targets and live states on any calendar of the calendar protocol.

A ``CombinedCalendar`` or a ``ScheduleHistory`` is measured through its public queries
(``elapsed``, ``add``, ``is_always_open``); a ``BusinessCalendar`` keeps its own fast paths.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar, CalendarLike, ScheduleHistory
from servicemodel.errors import ConfigError, InputTypeError, ServiceModelError
from servicemodel.model import AgentReply, Status, Ticket, TicketHistory
from servicemodel.sla import (
    CalendarSelector,
    HasTags,
    Measurement,
    MeasurementState,
    PolicySet,
    SLAPolicy,
    Target,
    TicketSLA,
    evaluate,
)
from servicemodel.strategies import calendars, histories, policies

SETTINGS = settings(max_examples=40, deadline=None)
ZERO = timedelta(0)
RESOLVED = {Status.SOLVED, Status.CLOSED}
NEVER = {
    "requester_wait": {Status.PENDING},
    "agent_work": {Status.PENDING, Status.ON_HOLD},
}
OFFICE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"})
LATE = BusinessCalendar.weekly("America/New_York", {"mon-fri": "10:00-19:00"})
LUNCH = BusinessCalendar.weekly("UTC", {"mon-fri": "12:00-13:00"})

#: Calendars equal in open time to the one they wrap, built each way the library offers.
Wrap = Callable[[BusinessCalendar, datetime], CalendarLike]
SAME: dict[str, Wrap] = {
    "union with itself": lambda cal, _: cal | cal,
    "intersection with itself": lambda cal, _: cal & cal,
    "history of one version": lambda cal, _: ScheduleHistory([(None, cal)]),
    "history of two equal versions": lambda cal, at: ScheduleHistory([(None, cal), (at, cal)]),
}
#: Calendars that differ from the one they are built from (two teams, a break, new hours).
OTHER: dict[str, Wrap] = {
    "follow-the-sun union": lambda cal, _: cal | LATE,
    "hours minus lunch": lambda cal, _: cal - LUNCH,
    "new hours from a date": lambda cal, at: ScheduleHistory([(None, cal), (at, LATE)]),
}


def end_of(m: Measurement) -> datetime:
    return m.stopped_at if m.stopped_at is not None else m.evaluated_at


def rebuilt(policy: SLAPolicy, wrap: Callable[[CalendarLike], CalendarLike]) -> SLAPolicy:
    """``policy`` with its calendar and each target's own calendar replaced by ``wrap`` of it."""
    made: dict[int, CalendarLike] = {}

    def swap(cal: CalendarLike) -> CalendarLike:
        if id(cal) not in made:
            made[id(cal)] = wrap(cal)
        return made[id(cal)]

    targets = {
        key: tuple(
            t if t.calendar is None else attrs.evolve(t, calendar=swap(t.calendar)) for t in ts
        )
        for key, ts in policy.targets.items()
    }
    return attrs.evolve(policy, targets=targets, calendar=swap(policy.calendar))


def seen(m: Measurement) -> tuple[Any, ...]:
    """Everything a measurement says, but the calendar object it counted on."""
    t = m.target
    return (
        *(
            getattr(m, a.name)
            for a in attrs.fields(Measurement)
            if a.name not in ("calendar", "target")
        ),
        (t.metric, t.within, t.business),
        m.warnings,
    )


def outcome(call: Callable[[], tuple[Measurement, ...]]) -> Any:
    """The measurements' ``seen`` values, or the kind of library error the call raised."""
    try:
        return [seen(m) for m in call()]
    except ServiceModelError as exc:
        return type(exc)


def instants(h: TicketHistory) -> st.SearchStrategy[datetime]:
    created = h.created_at.astimezone(UTC)
    span = (h.last_event_at.astimezone(UTC) - created) + timedelta(days=2)
    return st.integers(0, span // timedelta(minutes=1)).map(
        lambda k: created + timedelta(minutes=k)
    )


@st.composite
def cases(draw: st.DrawFn, wraps: dict[str, Wrap]) -> tuple[SLAPolicy, SLAPolicy, TicketHistory]:
    """A policy on business calendars, the same policy on calendars built from them, a ticket."""
    plain = draw(
        policies(calendars=st.sampled_from([OFFICE, LATE, BusinessCalendar.always()]) | calendars())
    )
    h = draw(histories())
    since = draw(instants(h))
    wrap = wraps[draw(st.sampled_from(sorted(wraps)))]
    return plain, rebuilt(plain, lambda cal: wrap(cal, since)), h  # type: ignore[arg-type]


# -- (1) a calendar equal in open time measures exactly as the BusinessCalendar -----------------


@SETTINGS
@given(cases(SAME), st.data())
def test_an_equivalent_calendar_gives_the_same_measurements(
    case: tuple[SLAPolicy, SLAPolicy, TicketHistory], data: st.DataObject
) -> None:
    plain, derived, h = case
    at = data.draw(st.none() | instants(h))
    assert outcome(lambda: evaluate(derived, h, at=at)) == outcome(
        lambda: evaluate(plain, h, at=at)
    )


# -- (2) the deadline law on combined calendars and schedule histories -------------------------


def unpaused_time(policy: SLAPolicy, h: TicketHistory, m: Measurement) -> timedelta:
    """The calendar's open time over the spans the clock does not pause, from first principles."""
    paused = set(policy.pause) | RESOLVED | NEVER.get(m.metric.value, set())
    start, end = m.started_at, end_of(m)
    total = ZERO
    for span in h.status_spans():
        lo = max(span.start.astimezone(UTC), start)
        hi = end if span.end is None else min(span.end.astimezone(UTC), end)
        if lo < hi and span.status not in paused:
            total += m.calendar.elapsed(lo, hi)
    return total


@SETTINGS
@given(cases({**SAME, **OTHER}), st.data())
def test_a_clock_is_breached_exactly_when_its_business_time_exceeds_the_target(
    case: tuple[SLAPolicy, SLAPolicy, TicketHistory], data: st.DataObject
) -> None:
    _, policy, h = case
    at = data.draw(st.none() | instants(h))
    for m in evaluate(policy, h, at=at):
        assert m.calendar is m.target.calendar_in(policy.calendar)
        assert m.elapsed == unpaused_time(policy, h, m)
        assert (m.state is MeasurementState.BREACHED) == (m.elapsed > m.target.within)
        assert m.remaining == m.target.within - m.elapsed
        if m.state is not MeasurementState.PAUSED:
            assert m.due_at is not None
        if m.due_at is not None and len(m.spans) == 1 and m.spans[0][0] == m.started_at:
            # One run from the start: the deadline is the calendar's add, and the clock is
            # past its target exactly when its end is past that deadline.
            assert m.due_at == m.calendar.add(m.started_at, m.target.within)
            assert (m.state is MeasurementState.BREACHED) == (end_of(m) > m.due_at)
        if m.state is MeasurementState.ACTIVE:
            assert m.due_at is not None
            assert m.calendar.elapsed(m.evaluated_at, m.due_at) == m.remaining
        if m.state is MeasurementState.ACHIEVED:
            assert m.due_at is not None
            assert m.stopped_at is not None
            assert m.stopped_at <= m.due_at


# -- (3) the live engine equals the batch one on such calendars --------------------------------


@SETTINGS
@given(cases({**SAME, **OTHER}), st.data())
def test_a_live_state_fed_one_event_at_a_time_equals_evaluate(
    case: tuple[SLAPolicy, SLAPolicy, TicketHistory], data: st.DataObject
) -> None:
    _, policy, h = case
    cut = data.draw(st.integers(0, len(h.events)))
    try:
        batch = evaluate(policy, h)
        live = TicketSLA(policy, h.ticket)
        for ev in h.events[:cut]:
            live.apply(ev)
        # Stored and read back halfway: policies are linked by name, calendars and all.
        live = TicketSLA.from_dict(json.loads(json.dumps(live.to_dict())), policy)
        for ev in h.events[cut:]:
            live.apply(ev)
        got = live.measurements(ended=True)
    except ServiceModelError as exc:  # both or neither: the same error from the same query
        with pytest.raises(type(exc)):
            evaluate(policy, h)
        return
    assert got == batch


# -- examples ----------------------------------------------------------------------------------

T0 = datetime(2026, 6, 26, 15, tzinfo=UTC)  # a Friday, 17:00 in Berlin


def test_follow_the_sun_counts_while_either_team_is_in() -> None:
    both = OFFICE | LATE  # Berlin 09-17, then New York 10-19 (16:00-01:00 Berlin in summer)
    policy = SLAPolicy("sun", {"normal": [Target("first_reply", "4h")]}, calendar=both)
    h = TicketHistory(Ticket("T", T0), [AgentReply("r", T0 + timedelta(hours=5))])
    (m,) = evaluate(policy, h)
    # Friday 15:00 UTC: Berlin closes at once, New York is open until 23:00 UTC.
    assert m.due_at == datetime(2026, 6, 26, 19, tzinfo=UTC)
    assert m.state is MeasurementState.BREACHED
    assert m.calendar is both


def test_a_deadline_crossing_a_schedule_change_counts_each_stretch_under_its_hours() -> None:
    summer = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "08:00-20:00"})
    history = ScheduleHistory([(None, OFFICE), (datetime(2026, 6, 29, tzinfo=UTC), summer)])
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "4h")]}, calendar=history)
    friday = datetime(2026, 6, 26, 14, tzinfo=UTC)  # 16:00 in Berlin: 1 h left on Friday
    (m,) = evaluate(policy, TicketHistory(Ticket("T", friday), []), at=friday)
    # 1 h on Friday under the old hours, 3 h from Monday 08:00 under the new: 11:00 Berlin.
    assert m.due_at == datetime(2026, 6, 29, 9, tzinfo=UTC)


def test_a_calendar_selector_picks_a_combined_calendar() -> None:
    pick = CalendarSelector("attr:desk", {"sun": OFFICE | LATE, "office": OFFICE})
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "4h")]}, calendar_from=pick)
    t = Ticket("T", T0, attributes={"desk": "sun"})
    (m,) = evaluate(policy, TicketHistory(t, []), at=T0)
    assert m.calendar == OFFICE | LATE
    assert m.due_at == datetime(2026, 6, 26, 19, tzinfo=UTC)


@pytest.mark.parametrize("value", ["mon-fri 9-5", 42, {"tz": "UTC"}.items(), BusinessCalendar])
def test_what_is_no_calendar_is_refused_by_name(value: Any) -> None:
    with pytest.raises(InputTypeError, match=r"^calendar: expected a BusinessCalendar or another"):
        SLAPolicy("p", {}, calendar=value)
    with pytest.raises(ConfigError, match=r"^calendars\.x: expected a BusinessCalendar or another"):
        CalendarSelector("channel", {"x": value})


# -- policy files --------------------------------------------------------------------------------

FILE = """
[calendars.berlin]
tz = "Europe/Berlin"
hours = { mon-fri = "09:00-17:00" }

[calendars.new_york]
tz = "America/New_York"
hours = { mon-fri = "10:00-19:00" }

[calendars.follow_the_sun]
union = ["berlin", "new_york"]

[[calendars.summer_hours.versions]]
calendar = { tz = "Europe/Berlin", hours = { mon-fri = "09:00-17:00" } }

[[calendars.summer_hours.versions]]
since = 2026-06-29T00:00:00Z
calendar = { tz = "Europe/Berlin", hours = { mon-fri = "08:00-20:00" } }

[[policies]]
name = "sun"
condition = { tags = ["sun"] }
calendar = "follow_the_sun"
targets.normal = [{ metric = "first_reply", within = "4h" }]

[[policies]]
name = "default"
calendar = "summer_hours"
targets.normal = [{ metric = "first_reply", within = "4h" }]
"""


def test_a_policy_file_names_combinations_and_schedule_histories() -> None:
    ps = PolicySet.from_toml(FILE)
    sun, default = ps.policies
    assert sun.calendar == OFFICE | LATE
    assert isinstance(default.calendar, ScheduleHistory)
    assert PolicySet.from_dict(json.loads(json.dumps(ps.to_dict()))) == ps
    (m,) = evaluate(ps, TicketHistory(Ticket("T", T0, tags=["sun"]), []), at=T0)
    assert m.due_at == datetime(2026, 6, 26, 19, tzinfo=UTC)


@pytest.mark.parametrize(
    ("calendar", "message"),
    [
        ({"union": ["berlin"]}, "policies[0].calendar.union: a union needs at least two"),
        ({"union": ["berlin", "paris"]}, "policies[0].calendar.union[1]: unknown calendar 'paris'"),
        ({"difference": ["berlin"]}, "policies[0].calendar.difference: a difference takes two"),
        ({"union": ["berlin", "berlin"], "tz": "UTC"}, "policies[0].calendar.tz: unknown key"),
        ({"union": "berlin"}, "policies[0].calendar.union: expected a list of calendars"),
        ({"union": ["berlin", {"tz": "Mars"}]}, "policies[0].calendar.union[1].tz: unknown time"),
        (
            {"versions": [{"calendar": {"tz": "UTC"}}, {"calendar": {"tz": "UTC"}}]},
            "policies[0].calendar.versions[1].since: missing required key 'since'",
        ),
    ],
)
def test_a_bad_calendar_in_a_policy_file_is_named_by_path(
    calendar: dict[str, Any], message: str, tmp_path: Any
) -> None:
    data = {
        "calendars": {"berlin": OFFICE.to_dict()},
        "policies": [{"name": "p", "calendar": calendar, "targets": {}}],
    }
    path = tmp_path / "policies.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ConfigError) as info:
        PolicySet.from_file(path)
    assert str(info.value).startswith(f"{path}: {message}")


def test_a_combination_names_the_calendars_above_it() -> None:
    text = FILE.replace(
        "[calendars.follow_the_sun]",
        "[calendars.aaa]\nunion = ['zzz', 'berlin']\n[calendars.follow_the_sun]",
    )
    text = text.replace("[[policies]]", "[calendars.zzz]\ntz = 'UTC'\n\n[[policies]]", 1)
    with pytest.raises(
        ConfigError, match=r"^calendars\.aaa\.union\[0\]: calendar 'zzz' is defined below"
    ):
        PolicySet.from_toml(text)


def test_a_calendar_of_ones_own_is_measured_but_has_no_file_form() -> None:
    class Wall:
        is_always_open = False  # take the general path, through elapsed and add

        def elapsed(self, a: datetime, b: datetime) -> timedelta:
            return b - a

        def add(self, t: datetime, d: timedelta) -> datetime:
            return t + d

    policy = SLAPolicy("p", {"normal": [Target("first_reply", "4h")]}, calendar=Wall())
    (m,) = evaluate(policy, TicketHistory(Ticket("T", T0), []), at=T0)
    assert m.due_at == T0 + timedelta(hours=4)
    with pytest.raises(InputTypeError, match=r"^p\.calendar: this calendar has no dict form.*Wall"):
        policy.to_dict()


def test_a_reminder_before_the_deadline_on_a_calendar_without_sub() -> None:
    # A measurement built by hand (no spans) on a calendar of one's own, which has no ``sub``:
    # the reminder is where the clock, run from its start, has ``within - delay`` left.
    from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger

    class Wall:
        is_always_open = False

        def elapsed(self, a: datetime, b: datetime) -> timedelta:
            return b - a

        def add(self, t: datetime, d: timedelta) -> datetime:
            return t + d

    (m,) = evaluate(
        SLAPolicy("p", {"normal": [Target("first_reply", "4h")]}),
        TicketHistory(Ticket("T", T0), []),
        at=T0,
    )
    hand = attrs.evolve(m, calendar=Wall(), spans=())
    ladder = EscalationLadder([EscalationLevel("remind", Trigger.before_due("1h"), "lead")])
    assert [s.at for s in ladder.timeline(hand)] == [T0 + timedelta(hours=3)]
    on_union = attrs.evolve(m, calendar=OFFICE | LATE, spans=())
    assert [s.at for s in ladder.timeline(on_union)] == [
        (OFFICE | LATE).sub(m.due_at, timedelta(hours=1))
    ]


@SETTINGS
@given(cases({**SAME, **OTHER}))
def test_a_policy_on_combined_calendars_round_trips_through_its_dict(
    case: tuple[SLAPolicy, SLAPolicy, TicketHistory],
) -> None:
    _, policy, _ = case
    data = json.loads(json.dumps(policy.to_dict()))
    assert SLAPolicy.from_dict(data) == policy


def test_a_policy_file_selects_a_combined_calendar_per_ticket() -> None:
    text = FILE.replace('calendar = "follow_the_sun"', 'calendar_from = "attr:desk"')
    ps = PolicySet.from_toml(text)
    sun = Ticket("T", T0, tags=["sun"], attributes={"desk": "follow_the_sun"})
    (m,) = evaluate(ps, TicketHistory(sun, []), at=T0)
    assert m.calendar == OFFICE | LATE
    assert m.due_at == datetime(2026, 6, 26, 19, tzinfo=UTC)
    assert PolicySet.from_dict(json.loads(json.dumps(ps.to_dict()))) == ps


def test_the_sla_report_keeps_each_calendars_durations_apart() -> None:
    # Durations on different calendars are never summarised together: each time row names
    # its calendar in full, combinations and schedule histories by their parts.
    from servicemodel.report._sla import build_sla

    summer = ScheduleHistory([(None, OFFICE | LATE), (datetime(2026, 6, 29, tzinfo=UTC), OFFICE)])
    ps = PolicySet(
        [
            SLAPolicy(
                "sun", {"normal": [Target("first_reply", "4h")]}, HasTags(["sun"]), OFFICE | LATE
            ),
            SLAPolicy("summer", {"normal": [Target("first_reply", "4h")]}, calendar=summer),
        ]
    )
    reply = [AgentReply("r", T0 + timedelta(hours=1))]
    histories_ = [
        TicketHistory(Ticket(f"T{i}", T0, tags=tags), reply) for i, tags in enumerate([["sun"], []])
    ]
    labels = sorted(t.base.label for t in build_sla(histories_, ps).times)
    both = "(Europe/Berlin mon-fri 09:00-17:00 | America/New_York mon-fri 10:00-19:00)"
    later = "from 2026-06-29T00:00:00+00:00 Europe/Berlin mon-fri 09:00-17:00"
    assert labels == [f"business hours of {both}", f"business hours of {both}; {later}"]
