"""Reminders before a breach (issue 12): ``before_due`` triggers, and no escalation while paused.

The references are written out by hand (instants in UTC) or computed by the calendar's own
``sub``, never by the ladder under test.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError
from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger, TriggerKind
from servicemodel.model import (
    AgentReply,
    Event,
    Reopen,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import Measurement, SLAPolicy, Target, TicketSLA, evaluate
from servicemodel.strategies import histories
from servicemodel.strategies._sla import ladders, policies

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "08:00-18:00"})
H = timedelta(hours=1)
M = timedelta(minutes=1)


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def measure(
    created: datetime,
    events: list[Event],
    *,
    within: str = "4h",
    calendar: BusinessCalendar = OFFICE,
    at: datetime | None = None,
) -> Measurement:
    policy = SLAPolicy("p", {"normal": [Target("first_reply", within)]}, calendar=calendar)
    (m,) = evaluate(policy, TicketHistory(Ticket("T", created), events), at=at)
    return m


def reminder(delay: str, *, business: bool = True) -> EscalationLadder:
    return EscalationLadder(
        [EscalationLevel("remind", Trigger.before_due(delay, business=business), "lead")]
    )


def instants(ladder: EscalationLadder, m: Measurement) -> list[datetime]:
    return [s.at for s in ladder.timeline(m)]


# -- config ------------------------------------------------------------------------------------


def test_before_due_reads_and_writes_config() -> None:
    trigger = Trigger.from_config({"before_due": "2h"})
    assert trigger == Trigger.before_due("2h")
    assert trigger.kind is TriggerKind.BEFORE_DUE
    assert trigger.business
    assert Trigger.from_config(trigger.to_config()) == trigger
    wall = Trigger.from_config({"before_due": "30m", "time": "calendar"})
    assert wall.delay == 30 * M
    assert not wall.business
    ladder = EscalationLadder.from_toml(
        '[[levels]]\nname = "remind"\ntrigger = { before_due = "2h" }\ntargets = ["lead"]\n'
    )
    assert ladder.levels[0].trigger == trigger
    assert EscalationLadder.from_dict(ladder.to_dict()) == ladder


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"before_due": "soon"}, "levels[0].trigger.before_due: cannot read duration 'soon'"),
        ({"before_due": -1}, "levels[0].trigger.before_due: duration must be positive"),
        ({"before_due": "1h", "after_breach": "1h"}, "levels[0].trigger: expected one of"),
    ],
)
def test_bad_before_due_names_the_field(value: Any, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        EscalationLadder.from_dict({"levels": [{"name": "x", "trigger": value}]})
    with pytest.raises(ConfigError, match="needs a delay"):
        Trigger(TriggerKind.BEFORE_DUE)


# -- business time, counted backwards ------------------------------------------------------------


def test_business_reminder_counts_back_across_the_night() -> None:
    # Mon 2 March 16:00 Berlin (15:00 UTC), 4 business hours on 08-18: due Tue 10:00 Berlin.
    m = measure(datetime(2026, 3, 2, 16, tzinfo=BERLIN), [])
    assert m.due_at == utc(3, 3, 9)
    # 3 business hours before: Tue 08-10 is 2 h, then back into Monday 17-18.
    assert instants(reminder("3h"), m) == [utc(3, 2, 16)]
    # 2 business hours before lands on Tuesday's opening (subtracting onto an opening stays).
    assert instants(reminder("2h"), m) == [utc(3, 3, 7)]
    for d in (3 * H, 2 * H, 90 * M):
        assert instants(reminder(str(d.seconds // 60)), m) == [OFFICE.sub(m.due_at, d)]


def test_business_reminder_counts_back_across_the_weekend() -> None:
    # Fri 6 March 17:00 Berlin, 4 business hours: Fri 17-18, then Mon 08-11 -> due Mon 11:00.
    m = measure(datetime(2026, 3, 6, 17, tzinfo=BERLIN), [])
    assert m.due_at == utc(3, 9, 10)
    assert instants(reminder("3h30m"), m) == [utc(3, 6, 16, 30)]  # Fri 17:30 Berlin
    # In calendar time, 3.5 h before Mon 10:00 UTC is a Monday night instant.
    assert instants(reminder("3h30m", business=False), m) == [utc(3, 9, 6, 30)]


def test_business_reminder_across_the_spring_forward() -> None:
    # Open every day 08-20 Berlin; clocks go forward on Sunday 29 March 2026 (CET -> CEST).
    daily = BusinessCalendar.weekly("Europe/Berlin", {"mon-sun": "08:00-20:00"})
    created = datetime(2026, 3, 28, 19, tzinfo=BERLIN)  # Sat 18:00 UTC
    m = measure(created, [], within="3h", calendar=daily)
    # Sat 19-20 CET (1 h), Sun 08:00 CEST = 06:00 UTC, plus 2 h: due 08:00 UTC.
    assert m.due_at == utc(3, 29, 8)
    assert instants(reminder("2h"), m) == [utc(3, 29, 6)]  # Sunday's opening
    assert instants(reminder("2h30m"), m) == [utc(3, 28, 18, 30)]  # Sat 19:30 CET
    assert instants(reminder("13h", business=False), m) == [utc(3, 28, 19)]


def test_a_pause_pushes_the_reminder_out_with_the_deadline() -> None:
    # 24/7, 4 h target; pending 10:00-12:00 pushes the deadline from 13:00 to 15:00 UTC.
    t0 = utc(3, 2, 9)
    pause: list[Event] = [
        StatusChange("p", utc(3, 2, 10), status="pending"),
        StatusChange("o", utc(3, 2, 12), status="open"),
    ]
    m = measure(t0, pause, calendar=BusinessCalendar.always())
    assert m.due_at == utc(3, 2, 15)
    # 1 h before: 14:00. The live engine, before the pause, projected 12:00 -- in the pause,
    # so it never fired; after the pause it projects 14:00. Batch says the same.
    assert instants(reminder("1h"), m) == [utc(3, 2, 14)]
    # In wall time, 3.5 h before the deadline projected before the pause (13:00) is 09:30,
    # while the clock ran: it fired then, and live it did too.
    assert instants(reminder("3h30m", business=False), m) == [utc(3, 2, 9, 30)]
    # 2.5 h before: 10:30 was projected, inside the pause; after it, 15:00 less 2.5 h is
    # 12:30, while the clock runs again.
    assert instants(reminder("2h30m", business=False), m) == [utc(3, 2, 12, 30)]
    # A reply before the reminder: no reminder.
    replied = measure(t0, [*pause, AgentReply("r", utc(3, 2, 13))], calendar=OFFICE)
    assert instants(reminder("30m"), replied) == []


def test_a_target_shorter_than_the_reminder_reminds_at_the_start() -> None:
    m = measure(datetime(2026, 3, 2, 7, tzinfo=BERLIN), [], within="1h")  # before opening
    assert instants(reminder("2h"), m) == [utc(3, 2, 7)]  # 08:00 Berlin, the opening
    m = measure(utc(3, 2, 9), [], within="1h", calendar=BusinessCalendar.always())
    assert instants(reminder("2h", business=False), m) == [utc(3, 2, 9)]


def test_next_timer_wakes_for_the_reminder() -> None:
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "4h")]}, calendar=OFFICE)
    policy = SLAPolicy("p", policy.targets, calendar=OFFICE, warn_at=[])
    state = TicketSLA(policy, Ticket("T", datetime(2026, 3, 2, 16, tzinfo=BERLIN)))
    timer = state.next_timer(ladder=reminder("3h"))
    assert timer is not None
    assert (timer.kind, timer.level, timer.at) == ("escalation", "remind", utc(3, 2, 16))


# -- no escalation while the clock is paused or the ticket solved ----------------------------


REPEATING = EscalationLadder(
    [EscalationLevel("page", Trigger.at_breach(), "on-call")],
    repeat_every="1h",
    repeat_times=6,
    repeat_business=False,
)
ALWAYS = SLAPolicy("p", {"normal": [Target("resolution", "2h", business=False)]})


def test_a_level_does_not_repeat_while_the_ticket_is_solved() -> None:
    # Breached at 11:00; solved 12:30-15:30, then reopened and solved for good at 17:30.
    t0 = utc(3, 2, 9)
    events: list[Event] = [
        StatusChange("s1", utc(3, 2, 12, 30), status="solved"),
        Reopen("o", utc(3, 2, 15, 30)),
        StatusChange("s2", utc(3, 2, 17, 30), status="solved"),
    ]
    (m,) = evaluate(ALWAYS, TicketHistory(Ticket("T", t0), events))
    assert m.state == "breached"
    assert m.breached_at == utc(3, 2, 11)
    got = [(s.repeat, s.at) for s in REPEATING.timeline(m)]
    # 11:00, 12:00 fire; 13:00, 14:00, 15:00 fall while solved: skipped; 16:00, 17:00 fire.
    assert got == [(0, utc(3, 2, 11)), (1, utc(3, 2, 12)), (5, utc(3, 2, 16)), (6, utc(3, 2, 17))]
    # Live, at the first solve: nothing more is due while it stays solved.
    live = TicketSLA(ALWAYS, Ticket("T", t0))
    live.apply(events[0])
    assert [t for t in live.timers(ladder=REPEATING) if t.kind == "escalation"] == []
    live.apply(events[1])
    due = [(t.repeat, t.at) for t in live.timers(ladder=REPEATING) if t.kind == "escalation"]
    assert due[:2] == [(5, utc(3, 2, 16)), (6, utc(3, 2, 17))]


def test_a_step_falling_in_a_pending_pause_is_skipped() -> None:
    events: list[Event] = [
        StatusChange("p", utc(3, 2, 11, 30), status="pending"),
        StatusChange("o", utc(3, 2, 13, 30), status="open"),
    ]
    ladder = EscalationLadder([EscalationLevel("a", Trigger.after_previous("3h", business=False))])
    (m,) = evaluate(ALWAYS, TicketHistory(Ticket("T", utc(3, 2, 9)), events))
    assert instants(ladder, m) == []  # 12:00 is inside the pause


# -- laws ------------------------------------------------------------------------------------------


@st.composite
def reminder_ladders(
    draw: st.DrawFn, repeat_scope: Literal["last", "ladder"] | None = None
) -> EscalationLadder:
    """A generated ladder with a ``before_due`` level in front."""
    base = draw(ladders(max_levels=3, repeat_scope=repeat_scope))
    delay = timedelta(minutes=draw(st.integers(1, 8 * 60)))
    first = EscalationLevel("remind", Trigger.before_due(delay, business=draw(st.booleans())))
    return attrs.evolve(base, levels=[first, *base.levels])


def fired_live(policy: SLAPolicy, h: TicketHistory, ladder: EscalationLadder) -> set[Any]:
    """The escalations a timer loop fires, asking the state after each event."""
    state = TicketSLA(policy, h.ticket)
    end = h.last_event_at.astimezone(UTC)
    out: set[Any] = set()
    events = list(h.events)
    # The state after k events fires what falls before the next event; the last one, up to
    # the end of the history.
    for k in range(len(events) + 1):
        if k:
            state.apply(events[k - 1])
        last = k == len(events)
        until = end if last else events[k].at.astimezone(UTC)
        for t in state.timers(ladder=ladder):
            if t.kind == "escalation" and (t.at < until or (last and t.at == until)):
                out.add((t.key, t.at))
    return out


#: Every event kind but priority changes: a timer that fired under the target in force can
#: not be unfired when a later change swaps the target (or removes it), so for those the
#: batch view, which measures against the final target, is hindsight (see docs/live.md).
STEADY = (
    "customer_message",
    "agent_reply",
    "internal_note",
    "status_change",
    "reopen",
    "assignment_change",
)


def listed_by_batch(policy: SLAPolicy, h: TicketHistory, ladder: EscalationLadder) -> set[Any]:
    """The escalations ``timeline`` lists up to the end of the history."""
    end = h.last_event_at.astimezone(UTC)
    expected = set()
    for m in evaluate(policy, h):
        for step in ladder.timeline(m):
            if step.at <= end:
                key = (h.ticket.id, m.metric.value, m.cycle, "escalation", step.level, step.repeat)
                expected.add((key, step.at))
    return expected


@given(policies(), histories(max_events=8, kinds=STEADY), reminder_ladders())
def test_live_fires_exactly_the_steps_batch_lists(
    policy: SLAPolicy, h: TicketHistory, ladder: EscalationLadder
) -> None:
    assert fired_live(policy, h, ladder) == listed_by_batch(policy, h, ladder)


@given(policies(), histories(max_events=8, kinds=STEADY), reminder_ladders(repeat_scope="ladder"))
def test_live_fires_exactly_the_steps_batch_lists_when_the_whole_ladder_repeats(
    policy: SLAPolicy, h: TicketHistory, ladder: EscalationLadder
) -> None:
    # The same law for ladders that repeat from their first level: each round's steps come
    # from the first round's instants, which are history by the time a round starts.
    assert ladder.repeat_scope == "ladder"
    assert fired_live(policy, h, ladder) == listed_by_batch(policy, h, ladder)


@given(policies(), histories(max_events=8), reminder_ladders())
def test_no_step_falls_while_its_clock_is_paused(
    policy: SLAPolicy, h: TicketHistory, ladder: EscalationLadder
) -> None:
    for m in evaluate(policy, h):
        for step in ladder.timeline(m):
            assert any(a <= step.at and (b is None or step.at < b) for a, b in m.spans)
