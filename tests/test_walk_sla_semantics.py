"""SLA clocks checked against answers worked out by hand from the metric definitions.

Each history below is small enough to measure on paper: the expected verdict, elapsed time,
``due_at`` and ``breached_at`` come from the definitions (Zendesk's seven metrics, half-open
business spans, the one boundary rule), not from running the library. The laws at the end
check that the live engine, fed the same events one at a time and stored and restored between
every event, says what the batch evaluation says.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, NaiveDatetimeError, OutOfRangeError
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Event,
    InternalNote,
    PriorityChange,
    Reopen,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import (
    AllOf,
    Always,
    AnyOf,
    Condition,
    GroupIn,
    HasTags,
    Measurement,
    Not,
    PolicySet,
    PriorityIn,
    SLAPolicy,
    Target,
    TicketSLA,
    condition_from_dict,
    evaluate,
)
from servicemodel.sla._condition import MAX_NESTING
from servicemodel.strategies import histories, policies, policy_sets

MON = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday
H = timedelta(hours=1)
M = timedelta(minutes=1)
OFFICE = {"tz": "UTC", "hours": {"mon-fri": "09:00-17:00"}}
PRIORITIES = ("low", "normal", "high", "urgent")


def at(day: int, hour: int, minute: int = 0, second: int = 0, micro: int = 0) -> datetime:
    """An instant in the week of Monday 2 March 2026 (day 0 is Monday), UTC."""
    return MON + timedelta(days=day, hours=hour, minutes=minute, seconds=second, microseconds=micro)


def policy(metric: str, within: str, *, business: bool = True, **options: object) -> SLAPolicy:
    targets = {p: [Target(metric, within, business=business)] for p in PRIORITIES}
    return SLAPolicy("p", targets, calendar=_office(), **options)  # type: ignore[arg-type]


def _office() -> object:
    return SLAPolicy.from_dict({"name": "x", "calendar": OFFICE, "targets": {}}).calendar


def one(p: SLAPolicy | PolicySet, ticket: Ticket, events: list[Event], **kw: object) -> Measurement:
    (m,) = evaluate(p, TicketHistory(ticket, events), **kw)  # type: ignore[arg-type]
    return m


def row(m: Measurement) -> tuple[str, int, str, timedelta, datetime | None, datetime | None]:
    return (m.metric.value, m.cycle, m.state.value, m.elapsed, m.due_at, m.breached_at)


# -- the boundary rule, in business hours (Mon-Fri 09:00-17:00 UTC) -----------------------------


def test_business_first_reply_counts_only_open_hours() -> None:
    # Created Monday 16:00, 2 h business: 1 h on Monday, 1 h from Tuesday 09:00 -> due 10:00.
    # Answered Tuesday 10:30: 1 h + 1 h 30 = 2 h 30 counted, breached at the deadline.
    m = one(policy("first_reply", "2h"), Ticket("A", at(0, 16)), [AgentReply("r", at(1, 10, 30))])
    assert row(m) == ("first_reply", 0, "breached", 2.5 * H, at(1, 10), at(1, 10))


@pytest.mark.parametrize(
    ("reply", "state", "elapsed"),
    [
        (at(0, 12), "achieved", 2 * H),  # exactly at the deadline: on time
        (at(0, 12, micro=1), "breached", 2 * H + timedelta(microseconds=1)),
    ],
)
def test_a_reply_at_the_deadline_instant_is_on_time_and_a_microsecond_later_is_not(
    reply: datetime, state: str, elapsed: timedelta
) -> None:
    m = one(policy("first_reply", "2h"), Ticket("B", at(0, 10)), [AgentReply("r", reply)])
    assert (m.state.value, m.elapsed, m.due_at) == (state, elapsed, at(0, 12))
    assert m.breached_at == (None if state == "achieved" else at(0, 12))


@pytest.mark.parametrize(
    ("reply", "state"),
    [
        (at(0, 17), "achieved"),  # the close itself: the target has just run out
        (at(0, 23), "achieved"),  # overnight: no business time passes
        (at(1, 9), "achieved"),  # the next opening is the deadline
        (at(1, 9, 0, 1), "breached"),
    ],
)
def test_a_target_running_out_at_the_close_is_due_at_the_next_opening(
    reply: datetime, state: str
) -> None:
    # Created Monday 15:00, 2 h business: they run out at the 17:00 close.
    m = one(policy("first_reply", "2h"), Ticket("C", at(0, 15)), [AgentReply("r", reply)])
    assert (m.state.value, m.due_at) == (state, at(1, 9))
    assert m.elapsed == 2 * H + (reply - at(1, 9) if reply > at(1, 9) else timedelta(0))


def test_an_unanswered_ticket_is_active_until_the_next_opening_and_breached_after() -> None:
    p, ticket = policy("first_reply", "2h"), Ticket("C", at(0, 15))
    evening = one(p, ticket, [], at=at(0, 17, 30))
    assert (evening.state.value, evening.elapsed, evening.remaining) == ("active", 2 * H, 0 * H)
    assert one(p, ticket, [], at=at(1, 9)).state.value == "active"
    late = one(p, ticket, [], at=at(1, 9, micro=1))
    assert (late.state.value, late.breached_at, late.overdue) == (
        "breached",
        at(1, 9),
        timedelta(microseconds=1),
    )


# -- first reply: notes, bots, agent-created tickets ---------------------------------------------


@pytest.mark.parametrize(
    ("automated", "state", "elapsed"),
    [("ignore", "breached", 2.5 * H), ("count", "achieved", 20 * M)],
)
def test_internal_notes_never_answer_and_bots_answer_only_when_counted(
    automated: str, state: str, elapsed: timedelta
) -> None:
    events: list[Event] = [
        InternalNote("n", at(0, 9, 10)),
        AgentReply("bot", at(0, 9, 20), automated=True),
        AgentReply("r", at(0, 11, 30)),
    ]
    p = policy("first_reply", "2h", business=False, automated_replies=automated)
    m = one(p, Ticket("D", at(0, 9)), events)
    assert (m.state.value, m.elapsed, m.due_at) == (state, elapsed, at(0, 11))


def test_an_agent_created_ticket_is_first_answered_by_its_second_public_agent_comment() -> None:
    # The opening comment at 09:00 answers nobody; the reply at 10:00 is the first reply, 1 h
    # after creation. The periodic update clock starts at the opening comment (09:00-10:00).
    ticket = Ticket("E", at(0, 9), created_by_agent=True)
    events: list[Event] = [
        AgentReply("open", at(0, 9)),
        CustomerMessage("c", at(0, 9, 30)),
        AgentReply("r", at(0, 10)),
    ]
    m = one(policy("first_reply", "30m", business=False), ticket, events)
    assert row(m) == ("first_reply", 0, "breached", H, at(0, 9, 30), at(0, 9, 30))
    # The message before the first reply starts no next_reply cycle.
    assert (
        evaluate(policy("next_reply", "30m", business=False), TicketHistory(ticket, events)) == ()
    )
    cycles = evaluate(
        policy("periodic_update", "30m", business=False), TicketHistory(ticket, events)
    )
    assert [row(c) for c in cycles] == [
        ("periodic_update", 0, "breached", H, at(0, 9, 30), at(0, 9, 30)),
        ("periodic_update", 1, "active", 0 * H, at(0, 10, 30), None),
    ]


# -- next reply, periodic and pausable update ------------------------------------------------------


def test_next_reply_runs_from_the_first_unanswered_message_to_the_next_reply() -> None:
    events: list[Event] = [
        AgentReply("r1", at(0, 9, 30)),
        CustomerMessage("c1", at(0, 10)),
        CustomerMessage("c2", at(0, 10, 20)),  # the same wait: no new cycle
        AgentReply("r2", at(0, 11, 30)),
        CustomerMessage("c3", at(0, 12)),
        AgentReply("r3", at(0, 12, 45)),
    ]
    ms = evaluate(
        policy("next_reply", "1h", business=False), TicketHistory(Ticket("F", at(0, 9)), events)
    )
    assert [row(m) for m in ms] == [
        ("next_reply", 0, "breached", 1.5 * H, at(0, 11), at(0, 11)),
        ("next_reply", 1, "achieved", 45 * M, at(0, 13), None),
    ]


@pytest.mark.parametrize(
    ("pause", "first"),
    [
        # Pausable update: 10:00-10:30 and 12:30-13:00 count; due 12:00 pushed out by 2 h paused.
        (["pending"], ("periodic_update", 0, "achieved", H, at(0, 14), None)),
        # Periodic update: every minute counts, 3 h against 2 h.
        ([], ("periodic_update", 0, "breached", 3 * H, at(0, 12), at(0, 12))),
    ],
)
def test_periodic_update_counts_pending_time_only_when_nothing_pauses(
    pause: list[str], first: tuple[object, ...]
) -> None:
    events: list[Event] = [
        AgentReply("r1", at(0, 10)),
        StatusChange("s1", at(0, 10, 30), status="pending"),
        StatusChange("s2", at(0, 12, 30), status="open"),
        AgentReply("r2", at(0, 13)),
    ]
    p = policy("periodic_update", "2h", business=False, pause=pause)
    ms = evaluate(p, TicketHistory(Ticket("G", at(0, 9)), events))
    assert [row(m) for m in ms] == [first, ("periodic_update", 1, "active", 0 * H, at(0, 15), None)]


# -- requester wait, agent work, resolution --------------------------------------------------------

#: new 09:00, open 09:30, pending 10:00-11:00, open, on hold 12:00-13:00, open, solved 14:00.
STATUS_WALK: list[Event] = [
    StatusChange("s0", at(0, 9, 30), status="open"),
    StatusChange("s1", at(0, 10), status="pending"),
    StatusChange("s2", at(0, 11), status="open"),
    StatusChange("s3", at(0, 12), status="on_hold"),
    StatusChange("s4", at(0, 13), status="open"),
    StatusChange("s5", at(0, 14), status="solved"),
]


@pytest.mark.parametrize(
    ("metric", "counted"),
    [
        ("requester_wait", 4 * H),  # new, open, on hold: 09:00-10:00 + 11:00-14:00
        ("agent_work", 3 * H),  # new and open only: 09:00-10:00 + 11:00-12:00 + 13:00-14:00
        ("resolution", 5 * H),  # everything to the solve
    ],
)
def test_wait_and_work_clocks_skip_the_statuses_their_definitions_exclude(
    metric: str, counted: timedelta
) -> None:
    ticket = Ticket("H", at(0, 9))
    exact = policy(metric, f"{counted // M}m", business=False, pause=[])
    assert row(one(exact, ticket, STATUS_WALK)) == (metric, 0, "achieved", counted, at(0, 14), None)
    # One minute less: the clock passes its target in the last minute before the solve.
    short = policy(metric, f"{counted // M - 1}m", business=False, pause=[])
    m = one(short, ticket, STATUS_WALK)
    assert row(m) == (metric, 0, "breached", counted, at(0, 13, 59), at(0, 13, 59))


@pytest.mark.parametrize("reopen_event", ["reopen", "status"])
@pytest.mark.parametrize(
    ("reopen", "expected"),
    [
        # Final resolution: 09:00-10:00 and 12:00-13:00, 2 h against 1 h 30 -> breached at 12:30.
        ("final", ("breached", 2 * H, at(0, 12, 30), at(0, 12, 30))),
        # First resolution: solved after 1 h, the reopen ignored.
        ("first", ("achieved", H, at(0, 10, 30), None)),
    ],
)
def test_a_reopen_restarts_the_resolution_clocks_only_for_the_final_resolution(
    reopen_event: str, reopen: str, expected: tuple[object, ...]
) -> None:
    back: Event = (
        Reopen("o", at(0, 12))
        if reopen_event == "reopen"
        else StatusChange("o", at(0, 12), status="open")
    )
    events: list[Event] = [
        StatusChange("s1", at(0, 10), status="solved"),
        back,
        StatusChange("s2", at(0, 13), status="solved"),
    ]
    for metric in ("resolution", "requester_wait", "agent_work"):
        p = policy(metric, "90m", business=False, pause=[], reopen=reopen)
        m = one(p, Ticket("I", at(0, 9)), events)
        assert (m.state.value, m.elapsed, m.due_at, m.breached_at) == expected, metric


def test_a_solved_then_closed_ticket_keeps_its_resolution() -> None:
    p = SLAPolicy(
        "p",
        {
            "normal": [
                Target("first_reply", "1h", business=False),
                Target("periodic_update", "30m", business=False),
                Target("resolution", "1h", business=False),
            ]
        },
        pause=[],
    )
    events: list[Event] = [
        AgentReply("r", at(0, 9, 10)),
        StatusChange("s", at(0, 9, 50), status="solved"),
        StatusChange("c", at(0, 11), status="closed"),
    ]
    ms = evaluate(p, TicketHistory(Ticket("N", at(0, 9)), events))
    assert [row(m) for m in ms] == [
        ("first_reply", 0, "achieved", 10 * M, at(0, 10), None),
        # The solve stops the update clock that ran from the reply: 40 min against 30.
        ("periodic_update", 0, "breached", 40 * M, at(0, 9, 40), at(0, 9, 40)),
        ("resolution", 0, "achieved", 50 * M, at(0, 10), None),
    ]


# -- priorities and policies ---------------------------------------------------------------------

TIERED = SLAPolicy(
    "p",
    {
        "normal": [Target("first_reply", "8h", business=False)],
        "urgent": [Target("first_reply", "1h", business=False)],
    },
)


def test_a_raised_priority_applies_from_the_clock_start() -> None:
    answered = one(
        TIERED,
        Ticket("J", at(0, 9)),
        [PriorityChange("c", at(0, 9, 30), priority="urgent"), AgentReply("r", at(0, 9, 50))],
    )
    assert (answered.state.value, answered.elapsed, answered.due_at, answered.priority.value) == (
        "achieved",
        50 * M,
        at(0, 10),
        "urgent",
    )
    # Raised 2 h in, unanswered: the deadline is retroactive, the breach is at the change.
    late = one(TIERED, Ticket("J", at(0, 9)), [PriorityChange("c", at(0, 11), priority="urgent")])
    assert row(late) == ("first_reply", 0, "breached", 2 * H, at(0, 10), at(0, 11))


def test_lowering_the_priority_helps_only_a_clock_still_within_its_target() -> None:
    within = one(
        TIERED,
        Ticket("J", at(0, 9), priority="urgent"),
        [PriorityChange("c", at(0, 9, 30), priority="normal"), AgentReply("r", at(0, 12))],
    )
    assert row(within) == ("first_reply", 0, "achieved", 3 * H, at(0, 17), None)
    past = one(
        TIERED,
        Ticket("J", at(0, 9), priority="urgent"),
        [PriorityChange("c", at(0, 10, 30), priority="normal"), AgentReply("r", at(0, 12))],
    )
    assert row(past) == ("first_reply", 0, "breached", 3 * H, at(0, 10), at(0, 10))
    assert past.priority.value == "urgent"  # a breach is final, under the target it broke


def test_the_first_matching_policy_applies() -> None:
    def fast(name: str, within: str, *cond: object) -> SLAPolicy:
        targets = {"normal": [Target("first_reply", within, business=False)]}
        return SLAPolicy(name, targets, *cond)  # type: ignore[arg-type]

    policies = PolicySet(
        [
            fast("vip", "1h", HasTags(["vip"])),
            fast("normal", "2h", PriorityIn(["normal"])),  # matches every ticket below too
            fast("all", "4h"),
        ]
    )
    reply = [AgentReply("r", at(0, 10, 30))]
    vip = one(policies, Ticket("K", at(0, 9), tags=["vip"]), reply)
    assert (vip.policy, vip.state.value, vip.due_at) == ("vip", "breached", at(0, 10))
    plain = one(policies, Ticket("K", at(0, 9)), reply)
    assert (plain.policy, plain.state.value, plain.due_at) == ("normal", "achieved", at(0, 11))
    # A low-priority ticket falls through to the catch-all, which has no low target: no clock.
    low = TicketHistory(Ticket("K", at(0, 9), priority="low"), reply)
    assert evaluate(policies, low) == ()


# -- DST in a non-UTC calendar ---------------------------------------------------------------------

BERLIN = ZoneInfo("Europe/Berlin")
NIGHT_SHIFT = {"tz": "Europe/Berlin", "hours": {"sun": "00:00-06:00"}}


def night(within: str) -> SLAPolicy:
    return SLAPolicy.from_dict(
        {
            "name": "night",
            "calendar": NIGHT_SHIFT,
            "targets": {"normal": [{"metric": "first_reply", "within": within}]},
        }
    )


def test_the_spring_forward_night_has_five_business_hours() -> None:
    # Sunday 29 March 2026: 00:00-06:00 in Berlin is 23:00-04:00 UTC, five real hours.
    created = datetime(2026, 3, 29, tzinfo=BERLIN)
    next_sunday = datetime(2026, 4, 5, tzinfo=BERLIN)
    ticket = Ticket("S", created)
    m = one(night("5h"), ticket, [AgentReply("r", datetime(2026, 3, 29, 5, 59, tzinfo=BERLIN))])
    assert (m.state.value, m.elapsed, m.due_at) == ("achieved", 4 * H + 59 * M, next_sunday)
    # 5 h run out at the 06:00 close: the deadline is the next opening, a week later.
    waiting = one(night("5h"), ticket, [], at=datetime(2026, 3, 29, 6, tzinfo=BERLIN))
    assert (waiting.state.value, waiting.elapsed, waiting.due_at) == ("active", 5 * H, next_sunday)
    over = one(
        night("5h1m"), ticket, [AgentReply("r", datetime(2026, 3, 29, 6, 30, tzinfo=BERLIN))]
    )
    assert (over.elapsed, over.due_at) == (5 * H, next_sunday + M)


def test_the_fall_back_night_has_seven_business_hours() -> None:
    # Sunday 25 October 2026: 00:00 CEST to 06:00 CET is 22:00-05:00 UTC, seven real hours.
    created = datetime(2026, 10, 25, tzinfo=BERLIN)
    next_sunday = datetime(2026, 11, 1, tzinfo=BERLIN)
    ticket = Ticket("S", created)
    m = one(night("8h"), ticket, [AgentReply("r", datetime(2026, 10, 25, 6, tzinfo=BERLIN))])
    assert (m.state.value, m.elapsed, m.due_at) == ("achieved", 7 * H, next_sunday + H)
    seven = one(night("7h"), ticket, [], at=datetime(2026, 10, 25, 12, tzinfo=BERLIN))
    assert (seven.state.value, seven.elapsed, seven.due_at) == ("active", 7 * H, next_sunday)


# -- events at one instant -------------------------------------------------------------------------

ALL_REPLY = SLAPolicy(
    "p",
    {
        "normal": [
            Target("first_reply", "1h", business=False),
            Target("next_reply", "30m", business=False),
            Target("periodic_update", "30m", business=False),
            Target("resolution", "1h", business=False),
        ]
    },
    pause=[],
)


def test_a_reply_sent_with_the_solve_opens_no_update_cycle() -> None:
    events: list[Event] = [
        AgentReply("r", at(0, 10)),
        StatusChange("s", at(0, 10), status="solved"),
    ]
    ms = evaluate(ALL_REPLY, TicketHistory(Ticket("M", at(0, 9)), events))
    assert [row(m) for m in ms] == [
        ("first_reply", 0, "achieved", H, at(0, 10), None),
        ("resolution", 0, "achieved", H, at(0, 10), None),
    ]


def test_the_recorded_order_at_one_instant_decides_what_a_reply_answers() -> None:
    # A message and the reply to it at 09:20: a next_reply cycle of no time.
    answered: list[Event] = [
        AgentReply("r1", at(0, 9, 10)),
        CustomerMessage("c", at(0, 9, 20)),
        AgentReply("r2", at(0, 9, 20)),
    ]
    ms = evaluate(ALL_REPLY, TicketHistory(Ticket("M", at(0, 9)), answered), at=at(0, 10))
    assert [row(m) for m in ms if m.metric.value == "next_reply"] == [
        ("next_reply", 0, "achieved", 0 * H, at(0, 9, 50), None)
    ]
    # The reply recorded before the message answers nothing: the message still waits at 10:00.
    waiting: list[Event] = [answered[0], answered[2], answered[1]]
    ms = evaluate(ALL_REPLY, TicketHistory(Ticket("M", at(0, 9)), waiting), at=at(0, 10))
    assert [row(m) for m in ms if m.metric.value == "next_reply"] == [
        ("next_reply", 0, "breached", 40 * M, at(0, 9, 50), at(0, 9, 50))
    ]


# -- a status of the desk's own that pauses --------------------------------------------------------


def test_a_custom_status_listed_as_a_pause_label_pauses_like_pending() -> None:
    p = SLAPolicy(
        "p",
        {"normal": [Target("first_reply", "1h", business=False)]},
        pause=[],
        pause_labels=["Awaiting Vendor"],
    )
    vendor = StatusChange("v", at(0, 9, 30), status="open", label="Awaiting Vendor")
    events: list[Event] = [
        vendor,
        StatusChange("o", at(0, 12), status="open"),
        AgentReply("r", at(0, 12, 45)),
    ]
    # 09:00-09:30 and 12:00-12:45 count; due 10:00 pushed out by the 2 h 30 paused.
    m = one(p, Ticket("O", at(0, 9)), events)
    assert row(m) == ("first_reply", 0, "breached", 75 * M, at(0, 12, 30), at(0, 12, 30))
    live = one(p, Ticket("O", at(0, 9)), [vendor], at=at(0, 20))
    assert (live.state.value, live.elapsed, live.due_at) == ("paused", 30 * M, None)


# -- the live engine, stored and restored after every event, says what the batch view says -------


def stored(state: TicketSLA, rules: SLAPolicy | PolicySet) -> TicketSLA:
    """The state as a desk keeps it: written to its database as JSON and read back."""
    return TicketSLA.from_dict(json.loads(json.dumps(state.to_dict())), rules)


@given(policies(conditions=True) | policy_sets(), histories(), st.data())
def test_a_state_stored_and_restored_between_every_event_equals_the_batch_view(
    rules: SLAPolicy | PolicySet, h: TicketHistory, data: st.DataObject
) -> None:
    state = stored(TicketSLA(rules, h.ticket), rules)
    for k, ev in enumerate(h.events, 1):
        assert state.apply(ev) is True
        state = stored(state, rules)
        so_far = TicketHistory(h.ticket, h.events[:k])
        assert state.measurements(ended=True) == evaluate(rules, so_far)
        later = ev.at.astimezone(UTC) + timedelta(minutes=data.draw(st.integers(0, 5000)))
        # ``evaluate`` at or after a history's last event takes it as ended.
        assert state.measurements(later, ended=True) == evaluate(rules, so_far, at=later)
        # A redelivery of any applied event (at-least-once queues) changes nothing.
        again = data.draw(st.sampled_from(h.events[:k]))
        before = state.to_dict()
        assert state.apply(again) is False
        assert state.to_dict() == before
    assert state.measurements(ended=True) == evaluate(rules, h)


# -- a stored state whose clocks contradict each other is refused ---------------------------------

CONVERSATION = TicketHistory(
    Ticket("C", at(0, 9)),
    [
        AgentReply("r1", at(0, 9, 30)),
        CustomerMessage("m1", at(0, 10)),
        AgentReply("r2", at(0, 10, 20)),
        CustomerMessage("m2", at(0, 11)),
    ],
)


def _reversed_cycle(d: dict[str, Any]) -> None:
    (start, stop) = d["next_reply"][0]
    d["next_reply"] = [[stop[0], [start, *stop[1:]]]]


def _solved(d: dict[str, Any]) -> None:
    d["statuses"] = [*d["statuses"], [d["last"], "solved"]]


TAMPERINGS: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    # A cycle stopping before its start was measured as no time: achieved.
    "reversed cycle": (_reversed_cycle, "next_reply[0][1][0]", "before it starts"),
    # A first reply answered with no stop was measured as never answered: breached.
    "answered without a stop": (
        lambda d: d.update(first_stop=None),
        "first_stop",
        "answered is true but first_stop is null",
    ),
    # A running cycle opened before the last one stopped overlapped it: breached.
    "overlapping cycle": (
        lambda d: d.update(next_open=at(0, 9, 45).isoformat()),
        "next_open",
        "before the last finished one stopped (2026-03-02T10:20:00+00:00)",
    ),
    "next reply before any reply": (
        lambda d: d.update(answered=False, first_stop=None),
        "next_open",
        "next_open is set but answered is false",
    ),
    "opening message of a customer's ticket": (
        lambda d: d.update(opening_pending=True),
        "opening_pending",
        "not created by an agent",
    ),
    "waiting on an open ticket": (
        lambda d: d.update(waiting=True),
        "waiting",
        "waiting is true on a new ticket",
    ),
    "a first solve without a last": (
        lambda d: d.update(first_solve=[at(0, 10, 30).isoformat(), 1, "p"]),
        "last_solve",
        "first_solve (2026-03-02T10:30:00+00:00) and last_solve (null) disagree",
    ),
    "solved with clocks running": (
        lambda d: (
            _solved(d),
            d.update(first_solve=[d["last"], 1, "p"], last_solve=[d["last"], 1, "p"]),
        ),
        "next_open",
        "a clock runs from 2026-03-02T11:00:00+00:00 on a solved ticket",
    ),
}

ALL_CLOCKS = SLAPolicy(
    "p",
    {
        "normal": [
            Target("first_reply", "1h", business=False),
            Target("next_reply", "1h", business=False),
            Target("periodic_update", "2h", business=False),
            Target("resolution", "4h", business=False),
        ]
    },
    pause=[],
)


@pytest.mark.parametrize("case", sorted(TAMPERINGS))
def test_a_state_whose_clocks_contradict_each_other_is_refused_naming_the_key(case: str) -> None:
    tamper, path, words = TAMPERINGS[case]
    data = json.loads(json.dumps(TicketSLA.from_history(ALL_CLOCKS, CONVERSATION).to_dict()))
    TicketSLA.from_dict(data, ALL_CLOCKS)  # as stored: read back
    tamper(data)
    with pytest.raises(ConfigError) as info:
        TicketSLA.from_dict(data, ALL_CLOCKS)
    assert info.value.path == path
    assert words in info.value.message
    assert "TicketSLA.replay" in info.value.message


@given(policies(), histories(), st.data())
def test_a_cycle_stopped_before_its_start_or_before_the_one_before_is_refused(
    rules: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    # Law: every state a replay leaves is read back as itself; a finished cycle whose stop is
    # moved before its start, or whose start is moved before the stop of the cycle before
    # it, is refused naming that instant.
    state = json.loads(json.dumps(TicketSLA.from_history(rules, h).to_dict()))
    assert TicketSLA.from_dict(state, rules).to_dict() == state
    key = data.draw(st.sampled_from(["next_reply", "periodic"]))
    cycles = state[key]
    assume(cycles)
    i = data.draw(st.integers(0, len(cycles) - 1))
    start, stop = cycles[i]
    if i and data.draw(st.booleans()):
        earlier = datetime.fromisoformat(cycles[i - 1][1][0]) - timedelta(microseconds=1)
        assume(earlier >= h.created_at)
        cycles[i] = [earlier.isoformat(), stop]
        path = f"{key}[{i}][0]"
    else:
        assume(datetime.fromisoformat(stop[0]) > datetime.fromisoformat(start))
        cycles[i] = [stop[0], [start, *stop[1:]]]
        path = f"{key}[{i}][1][0]"
    with pytest.raises(ConfigError) as info:
        TicketSLA.from_dict(state, rules)
    assert info.value.path == path


# -- a measurement built by hand keeps its spans as from_dict reads them -----------------------


def _running_resolution() -> Measurement:
    p = SLAPolicy("p", {"normal": [Target("resolution", "4h")]}, calendar=_office())  # type: ignore[arg-type]
    (m,) = evaluate(p, TicketHistory(Ticket("X", at(0, 9)), []), at=at(0, 9, 30))
    return m


NAIVE = datetime(2026, 3, 2, 9)  # the naive instant under test


@pytest.mark.parametrize(
    ("spans", "error", "words"),
    [
        # A naive instant made ``warnings`` and ``instant_at`` raise TypeError.
        (((NAIVE, None),), NaiveDatetimeError, "Measurement.spans[0][0]: naive datetime"),
        (((at(0, 9), NAIVE),), NaiveDatetimeError, "Measurement.spans[0][1]: naive datetime"),
        # Past the supported range: to_dict wrote a row from_dict refused.
        (
            ((datetime(9999, 12, 31, tzinfo=UTC), None),),
            OutOfRangeError,
            "Measurement.spans[0][0]: 9999-12-31T00:00:00+00:00 is outside",
        ),
        # A span ending before its start counted nothing: no warning instant at all.
        (
            ((at(0, 10), at(0, 9)),),
            ConfigError,
            "Measurement.spans[0][1]: span ends at 2026-03-02T09:00:00+00:00, before its start",
        ),
        # Overlapping spans counted their common time twice: warnings too early.
        (
            ((at(0, 9), at(0, 10)), (at(0, 9, 30), None)),
            ConfigError,
            "Measurement.spans[1][0]: span starting at 2026-03-02T09:30:00+00:00 overlaps",
        ),
        (
            ((at(0, 9), None), (at(0, 10), None)),
            ConfigError,
            "Measurement.spans[1][0]: span starting at 2026-03-02T10:00:00+00:00 overlaps",
        ),
    ],
)
def test_a_measurements_spans_are_checked_as_from_dict_checks_them(
    spans: tuple[tuple[datetime, datetime | None], ...], error: type[Exception], words: str
) -> None:
    m = _running_resolution()
    with pytest.raises(error) as info:
        attrs.evolve(m, spans=spans)
    assert words in str(info.value)
    # The row form is refused alike (it names the key, without the class).
    row_form = {**m.to_dict(), "spans": [[a.isoformat(), b and b.isoformat()] for a, b in spans]}
    with pytest.raises(ConfigError):
        Measurement.from_dict(row_form)


@given(policies(), histories(), st.data())
def test_a_measurement_rebuilt_from_its_fields_equals_itself_and_moved_spans_are_refused(
    rules: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    # Law: every measurement the engine makes passes the public constructor's checks, and
    # swapping a span's ends (when it has two different ones) is refused naming the span.
    ms = evaluate(rules, h)
    assume(ms)
    m = data.draw(st.sampled_from(ms))
    assert attrs.evolve(m) == m
    assert Measurement.from_dict(m.to_dict()) == m
    closed = [i for i, (a, b) in enumerate(m.spans) if b is not None and b > a]
    if closed:  # a clock that paused or stopped
        i = data.draw(st.sampled_from(closed))
        a, b = m.spans[i]
        swapped = (*m.spans[:i], (b, a), *m.spans[i + 1 :])
        with pytest.raises(ConfigError, match=re.escape(f"Measurement.spans[{i}][1]: span ends")):
            attrs.evolve(m, spans=swapped)


# -- conditions built in code --------------------------------------------------------------------


def test_a_condition_folded_over_many_groups_stays_flat_and_matches() -> None:
    # ``cond | GroupIn([g])`` in a loop nested one level per group: 3,000 groups made
    # ``matches``, ``to_dict``, ``==`` and ``repr`` raise RecursionError.
    groups = [f"g{i}" for i in range(3000)]
    folded = functools.reduce(lambda c, g: c | GroupIn([g]), groups[1:], GroupIn(groups[:1]))
    assert folded == AnyOf([GroupIn([g]) for g in groups])
    assert folded.matches(Ticket("K", at(0, 9), group="g2999"))
    assert not folded.matches(Ticket("K", at(0, 9), group="other"))
    both = functools.reduce(lambda c, g: c & ~GroupIn([g]), groups, Always())
    assert isinstance(both, AllOf)
    assert len(both.conditions) == 3001
    assert both.matches(Ticket("K", at(0, 9), group="other"))
    assert len(both.to_dict()["all"]) == 3001


def test_a_condition_nested_past_the_bound_is_refused() -> None:
    c: Condition = Always()
    for _ in range(MAX_NESTING - 1):
        c = ~c
    assert c.matches(Ticket("K", at(0, 9))) is (MAX_NESTING % 2 == 1)
    with pytest.raises(ConfigError, match="at most 200 levels deep"):
        Not(c)
    with pytest.raises(ConfigError, match="at most 200 levels deep"):
        AllOf([PriorityIn(["low"]), c])


@given(st.lists(st.sampled_from(["&", "|"]), min_size=1, max_size=30), st.data())
def test_combining_with_and_and_or_keeps_the_truth_of_the_nested_form(
    ops: list[str], data: st.DataObject
) -> None:
    # Law: a & b & c and a | b | c flatten, yet match exactly what the nested form matched
    # (left to right, as Python groups them).
    leaves = [GroupIn([f"g{i}"]) for i in range(len(ops) + 1)]
    combined: Condition = leaves[0]
    nested: Condition = leaves[0]
    for op, leaf in zip(ops, leaves[1:], strict=True):
        combined = combined & leaf if op == "&" else combined | leaf
        nested = AllOf([nested, leaf]) if op == "&" else AnyOf([nested, leaf])
    group = data.draw(st.sampled_from([*(f"g{i}" for i in range(len(leaves))), None]))
    ticket = Ticket("K", at(0, 9), group=group)
    assert combined.matches(ticket) == nested.matches(ticket)
    assert condition_from_dict(combined.to_dict()) == combined


@pytest.mark.parametrize("name", ["p\x00", "\x00", "tier\x001"])
def test_a_policy_name_holding_a_nul_is_refused_in_code_and_in_a_file(name: str) -> None:
    with pytest.raises(ConfigError, match="a policy name cannot hold a NUL") as info:
        SLAPolicy(name, {})
    assert repr(name) in info.value.message
    escaped = name.replace(chr(0), "\\u0000")  # TOML's escape for a NUL
    text = f'[[policies]]\nname = "{escaped}"\ntargets = {{}}\n'
    with pytest.raises(ConfigError, match="cannot hold a NUL") as info:
        PolicySet.from_toml(text)
    assert info.value.path == "policies[0].name"
