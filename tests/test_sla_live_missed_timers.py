"""Timers a live desk's loop has passed: ``TicketSLA.timers(since, past=True)``.

A desk's timer loop moves ``fired_until`` past a ticket's last event (a warning fired at 11:00
on a ticket last touched at 09:00). An event stamped before ``fired_until`` -- a webhook retried
an hour later, a late event inserted with ``rebuild`` -- or a tightened policy set can put a
timer in that stretch: ``next_timer(fired_until)`` never lists it, so its breach and its
escalation were never sent. ``timers(since, past=True)`` lists the timers from ``since`` on,
the past ones included, exactly as the batch view does, and a desk fires those its loop had
not fired.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import EventOrderError, InputTypeError
from servicemodel.escalation import EscalationLadder
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Event,
    InternalNote,
    Reopen,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import PolicySet, PriorityIn, SLAPolicy, Target, TicketSLA, Timer, evaluate
from servicemodel.strategies import (
    aware_datetimes,
    histories,
    ladders,
    policies,
    policy_sets,
    tickets,
)

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
H = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
NY = ZoneInfo("America/New_York")
#: An ops desk in New York: weekdays, a Saturday night shift across both 2026 DST changes
#: (7 to 8 March, 31 October to 1 November), and a holiday on the Monday after each.
OPS = BusinessCalendar.weekly(
    "America/New_York",
    {"mon-fri": "08:00-18:00", "sat": "22:00-04:00"},
    holidays=["2026-03-09", "2026-11-02"],
)
LADDER = EscalationLadder.from_dict(
    {
        "levels": [
            {"name": "remind", "trigger": {"before_due": "1h"}},
            {"name": "lead", "trigger": "breach"},
            {"name": "manager", "trigger": {"after_previous": "2h"}},
        ],
        "repeat": {"every": "3h", "times": 3, "scope": "ladder"},
    }
)
#: Every kind but a priority change: a change of target makes what a loop fired under the old
#: target differ from the batch view (docs/live.md, "Fired timers are history").
KINDS = [
    "customer_message",
    "agent_reply",
    "internal_note",
    "status_change",
    "reopen",
    "assignment_change",
]
# Tickets created in the two weeks around each DST change of New York, Berlin and London.
AROUND_DST = st.one_of(
    aware_datetimes(
        min_value=datetime(2026, 3, 1),
        max_value=datetime(2026, 4, 2),
        timezones=["America/New_York", "Europe/Berlin"],
    ),
    aware_datetimes(
        min_value=datetime(2026, 10, 20),
        max_value=datetime(2026, 11, 5),
        timezones=["America/New_York", "Europe/London"],
    ),
)
DESK_POLICIES = policies(calendars=st.sampled_from([OPS, BusinessCalendar.always()]), max_hours=16)
DESK_HISTORIES = histories(tickets=tickets(created_at=AROUND_DST), kinds=KINDS, max_events=8)


def listed_by_batch(
    policy: SLAPolicy | PolicySet, h: TicketHistory, ladder: EscalationLadder, end: datetime
) -> Counter[Any]:
    """Every warning, breach and ladder step ``evaluate`` says happened before ``end``."""
    out: Counter[Any] = Counter()
    for m in evaluate(policy, h, at=end):
        key = (h.ticket.id, m.metric.value, m.cycle)
        out.update(((*key, "warning", f, 0), x) for f, x in m.warnings if x is not None and x < end)
        if m.breached_at is not None and m.breached_at < end:
            out[(*key, "breach", None, 0), m.breached_at] += 1
        out.update(
            ((*key, "escalation", s.level, s.repeat), s.at)
            for s in ladder.timeline(m)
            if s.at < end
        )
    return out


# -- the option ----------------------------------------------------------------------------


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DESK_POLICIES, DESK_HISTORIES, ladders(max_levels=3), st.data())
def test_past_timers_are_what_the_batch_view_lists(
    policy: SLAPolicy, h: TicketHistory, ladder: EscalationLadder, data: st.DataObject
) -> None:
    s = TicketSLA.from_history(policy, h)
    last = h.last_event_at.astimezone(UTC)
    end = last + timedelta(hours=data.draw(st.integers(0, 72)))
    created = h.created_at.astimezone(UTC)
    listed = [(t.key, t.at) for t in s.timers(created, ladder=ladder, past=True) if t.at < end]
    assert Counter(listed) == listed_by_batch(policy, h, ladder, end)
    # From any instant: the same list cut there, and at or after the last event the list
    # without the option.
    since = created + (end - created) * data.draw(st.floats(0, 1))
    cut = [x for x in listed if x[1] >= since]
    assert [(t.key, t.at) for t in s.timers(since, ladder=ladder, past=True) if t.at < end] == cut
    if since >= last:
        assert s.timers(since, ladder=ladder, past=True) == s.timers(since, ladder=ladder)


def test_since_before_the_last_event_names_the_option() -> None:
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
    s = TicketSLA(policy, Ticket("T", T0))
    s.apply(AgentReply("r", T0 + 3 * H))
    with pytest.raises(EventOrderError, match=r"timers\(since, past=True\)"):
        s.timers(T0)
    with pytest.raises(InputTypeError, match="past: expected True or False, got str 'yes'"):
        s.timers(T0, past="yes")  # type: ignore[arg-type]
    # The 75 % warning falls at the reply's instant: a reply then is in time to cancel it.
    assert [(t.kind, t.at) for t in s.timers(T0, past=True)] == [("warning", T0 + 2 * H)]
    assert s.timers(past=True) == s.timers()


# -- a desk's timer loop with deliveries behind it -----------------------------------------


class Desk:
    """One ticket's row (a JSON state read back for every step: a restart each time)."""

    def __init__(self, policy: SLAPolicy, ticket: Ticket, ladder: EscalationLadder) -> None:
        self.policy, self.ladder = policy, ladder
        self.row = json.dumps(TicketSLA(policy, ticket).to_dict())
        self.fired_until = ticket.created_at.astimezone(UTC)
        self.stored: list[Event] = []
        self.fired: Counter[Any] = Counter()

    def state(self) -> TicketSLA:
        return TicketSLA.from_dict(json.loads(self.row), self.policy)

    def fire(self, timers: Any) -> None:
        self.fired.update((t.key, t.at) for t in timers)

    def tick(self, now: datetime) -> None:
        if now > self.fired_until:
            s = self.state()
            self.fire(t for t in s.timers(self.fired_until, ladder=self.ladder) if t.at < now)
            self.fired_until = now

    def ingest(self, event: Event) -> bool:
        """Apply one delivery; ``False``: leave it in the queue (a reopen before its solve)."""
        s = self.state()
        at = event.at.astimezone(UTC)
        self.tick(at)
        try:
            applied = s.apply(event)
        except EventOrderError:
            try:
                s = s.rebuild([*self.stored, event])
            except EventOrderError:
                return False
            applied = True
        if applied:
            self.stored.append(event)
            if at < self.fired_until:
                # The loop has been past the event's instant: what the event put there fires
                # now, late, unless the log of sent timers has it (an event of the same
                # instant may have cancelled it and another brought it back).
                self.fire(
                    t
                    for t in s.timers(at, ladder=self.ladder, past=True)
                    if t.at < self.fired_until and (t.key, t.at) not in self.fired
                )
            self.row = json.dumps(s.to_dict())
            self.fired_until = max(self.fired_until, s.last_event_at)
        return True


def deliver(
    policy: SLAPolicy,
    h: TicketHistory,
    ladder: EscalationLadder,
    delays: list[int],
    ticks: list[int],
) -> tuple[Desk, datetime]:
    """Deliver ``h``'s events, each instant's group ``delays[i]`` minutes late, with ticks.

    The timer loop ticks at each delivery and at the instants ``ticks`` (minutes after the
    creation) besides.
    """
    desk = Desk(policy, h.ticket, ladder)
    instants = sorted({e.at.astimezone(UTC) for e in h.events})
    late = {x: timedelta(minutes=delays[i % len(delays)]) for i, x in enumerate(instants)}
    queue = sorted(
        ((e.at.astimezone(UTC) + late[e.at.astimezone(UTC)], i, e) for i, e in enumerate(h.events)),
        key=lambda item: item[:2],
    )
    created = h.created_at.astimezone(UTC)
    wake = sorted(created + timedelta(minutes=m) for m in ticks)
    end = max([created, *(when for when, _, _ in queue), *wake])
    waiting: list[Event] = []
    for when, _, event in queue:
        while wake and wake[0] <= when:
            desk.tick(wake.pop(0))
        desk.tick(when)  # the loop runs on its own: at a delivery it has reached the time
        for ev in [*waiting, event]:  # a held-back reopen goes again before the new delivery
            if ev in waiting:
                waiting.remove(ev)
            if not desk.ingest(ev):
                waiting.append(ev)
    for ev in list(waiting):
        assert desk.ingest(ev)
    end += H
    desk.tick(end)
    return desk, end


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    DESK_POLICIES,
    DESK_HISTORIES,
    ladders(max_levels=3),
    st.lists(st.sampled_from([0, 0, 1, 30, 90, 600, 1440]), min_size=1, max_size=4),
    st.lists(st.integers(0, 60 * 24 * 6), max_size=12),
)
def test_a_desk_behind_its_deliveries_fires_every_timer_the_batch_view_lists(
    policy: SLAPolicy,
    h: TicketHistory,
    ladder: EscalationLadder,
    delays: list[int],
    ticks: list[int],
) -> None:
    # Deliveries late by up to ten hours, the loop ticking anywhere, the state read from its
    # row at every step: every timer the batch view lists fires, none twice. On time, the
    # desk fires exactly what the batch view lists.
    desk, end = deliver(policy, h, ladder, delays, ticks)
    listed = listed_by_batch(policy, h, ladder, end)
    assert desk.state().measurements(end, ended=True) == evaluate(policy, h, at=end)
    assert not listed - desk.fired
    assert max(desk.fired.values(), default=1) == 1
    if not any(delays):
        assert desk.fired == listed


# -- what the persona met --------------------------------------------------------------------


def test_a_retried_message_behind_the_loop_fires_its_breach_late() -> None:
    # Replied at 09:10, a note at 10:00; the loop fired the resolution warning at 11:00 and
    # moved fired_until to 12:00. The customer's message of 09:30 arrives then (a retried
    # webhook): its next reply clock breached at 10:30, before fired_until, and
    # next_timer(fired_until) never listed it.
    policy = SLAPolicy(
        "p",
        {
            "normal": [
                Target("first_reply", "1h", business=False),
                Target("next_reply", "1h", business=False),
                Target("resolution", "4h", business=False),
            ]
        },
        warn_at=[0.5],
    )
    ladder = EscalationLadder.from_dict({"levels": [{"name": "lead", "trigger": "breach"}]})
    desk = Desk(policy, Ticket("T", T0), ladder)
    desk.ingest(AgentReply("r1", T0 + 10 * MINUTE))
    desk.ingest(InternalNote("n1", T0 + H, agent="ada"))
    desk.tick(T0 + 3 * H)
    assert desk.state().next_timer(desk.fired_until, ladder=ladder) is not None
    message = CustomerMessage("m1", T0 + 30 * MINUTE)
    desk.ingest(message)  # late to the state too: inserted with rebuild
    got = sorted((k[1], k[3], at) for (k, at) in desk.fired)
    assert got == [
        ("next_reply", "breach", T0 + 90 * MINUTE),
        ("next_reply", "escalation", T0 + 90 * MINUTE),
        ("next_reply", "warning", T0 + H),
        ("resolution", "warning", T0 + 2 * H),
    ]
    h = TicketHistory(Ticket("T", T0), sorted([*desk.stored], key=lambda e: e.at))
    assert desk.fired == listed_by_batch(policy, h, ladder, desk.fired_until)


def test_a_tightened_policy_fires_the_breach_it_put_behind_the_loop() -> None:
    # A VIP ticket with 4 business hours to its first reply; at 11:30 the loop has fired the
    # 50 % warning of 11:00 (New York). The policy set is edited to 2 h: the breach is now
    # 11:00, behind fired_until. The docs' recipe fires what the edit put there.
    def office(within: str) -> PolicySet:
        target = Target("first_reply", within)
        return PolicySet([SLAPolicy("vip", {"normal": [target]}, calendar=OPS, warn_at=[0.5])])

    ladder = EscalationLadder.from_dict({"levels": [{"name": "lead", "trigger": "breach"}]})
    t0 = datetime(2026, 3, 2, 9, tzinfo=NY)
    state = TicketSLA(office("4h"), Ticket("T", t0))
    state.apply(CustomerMessage("m", t0 + 5 * MINUTE))
    fired_until = t0 + 150 * MINUTE
    last = state.last_event_at
    sent = {(t.key, t.at) for t in state.timers(last, ladder=ladder) if t.at < fired_until}
    assert [(k[3], at.astimezone(NY).hour) for k, at in sent] == [("warning", 11)]
    edited = TicketSLA.from_dict(state.to_dict(), office("2h"))
    assert edited.next_timer(fired_until, ladder=ladder) is None  # the breach is behind it
    missed = [
        t
        for t in edited.timers(last, ladder=ladder, past=True)
        if t.at < fired_until and (t.key, t.at) not in sent
    ]
    assert [(t.kind, t.at.astimezone(NY).hour) for t in missed] == [
        ("warning", 10),
        ("breach", 11),
        ("escalation", 11),
    ]


def test_a_ticket_across_the_spring_change_and_a_holiday_fires_in_open_hours() -> None:
    # Created Friday 6 March 17:00 in New York, 8 business hours: Friday 1 h, the Saturday
    # night shift 22:00 EST to 04:00 EDT is 5 real hours, Monday is a holiday, so the 75 %
    # warning falls on the shift's close and fires at Tuesday's opening; the breach is
    # Tuesday 10:00 EDT, the reminder an hour before it.
    policy = SLAPolicy(
        "ops", {"normal": [Target("first_reply", "8h")]}, calendar=OPS, warn_at=[0.75]
    )
    s = TicketSLA(policy, Ticket("T", datetime(2026, 3, 6, 17, tzinfo=NY)))
    timers = s.timers(ladder=LADDER)
    first = [
        (t.kind, t.level or t.fraction, t.at.astimezone(NY).strftime("%a %H:%M %Z"))
        for t in timers[:5]
    ]
    assert first == [
        ("warning", 0.75, "Tue 08:00 EDT"),
        ("escalation", "remind", "Tue 09:00 EDT"),
        ("breach", None, "Tue 10:00 EDT"),
        ("escalation", "lead", "Tue 10:00 EDT"),
        ("escalation", "manager", "Tue 12:00 EDT"),
    ]
    assert all(OPS.is_open(t.at) for t in timers)
    # Answered on Tuesday 10:30: everything before fired, nothing after.
    s.apply(AgentReply("r", datetime(2026, 3, 10, 10, 30, tzinfo=NY)))
    assert s.timers(ladder=LADDER) == ()
    assert list(s.timers(timers[0].at, ladder=LADDER, past=True)) == list(timers[:4])
    assert isinstance(timers[0], Timer)


def test_a_reopen_held_back_until_its_solve_arrives() -> None:
    # The helper above leaves a reopen delivered before its solve in the queue.
    policy = SLAPolicy("p", {"normal": [Target("resolution", "8h", business=False)]})
    h = TicketHistory(Ticket("T", T0), [])
    desk = Desk(policy, h.ticket, LADDER)
    assert desk.ingest(Reopen("o", T0 + H)) is False
    # The refusal names the ticket and the event, as the batch view's does, and what to do.
    s = TicketSLA(policy, h.ticket)
    for refuse in (lambda: s.apply(Reopen("o", T0 + H)), lambda: s.rebuild([Reopen("o", T0 + H)])):
        with pytest.raises(EventOrderError) as err:
            refuse()
        assert str(err.value).startswith(
            "ticket 'T': reopen event 'o' at 2026-03-02T10:00:00+00:00 reopens a ticket that "
            "is new, not solved or closed"
        )
        assert "keep it until the solve has been applied" in str(err.value)
    with pytest.raises(EventOrderError) as batch:
        TicketHistory(h.ticket, [Reopen("o", T0 + H)])
    assert str(err.value).startswith(str(batch.value))


# -- over policy sets that match a ticket again -----------------------------------------
# A ticket matched again measures some clocks under a policy in force from a later instant;
# the cut-off ``since`` must stay the caller's for every clock of the ticket.

KINDS_ALL = ["priority_change", "agent_reply", "customer_message", "status_change", "reopen"]


@st.composite
def by_priority(draw: st.DrawFn) -> PolicySet:
    """Two policies routed by priority, as a desk routes urgent tickets: a ticket whose
    priority changes is matched again (drawn sets route by tags or channel too, which a
    history never changes, so few of their tickets are)."""
    urgent, rest = draw(policies()), draw(policies())
    return PolicySet(
        [
            attrs.evolve(urgent, name="urgent", condition=PriorityIn(["urgent", "high"])),
            attrs.evolve(rest, name="rest"),  # matches every ticket
        ]
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(policy_sets(), by_priority()),
    st.one_of(histories(max_events=8), histories(max_events=8, kinds=KINDS_ALL)),
    ladders(max_levels=2),
    st.data(),
)
def test_past_timers_of_a_policy_set_are_what_the_batch_view_lists(
    policy: PolicySet, h: TicketHistory, ladder: EscalationLadder, data: st.DataObject
) -> None:
    s = TicketSLA.from_history(policy, h)
    end = h.last_event_at.astimezone(UTC) + timedelta(hours=data.draw(st.integers(0, 72)))
    created = h.created_at.astimezone(UTC)
    listed = [(t.key, t.at) for t in s.timers(created, ladder=ladder, past=True) if t.at < end]
    assert Counter(listed) == listed_by_batch(policy, h, ladder, end)
    # From any instant: the same list cut there.
    since = created + (end - created) * data.draw(st.floats(0, 1))
    cut = [x for x in listed if x[1] >= since]
    assert [(t.key, t.at) for t in s.timers(since, ladder=ladder, past=True) if t.at < end] == cut
