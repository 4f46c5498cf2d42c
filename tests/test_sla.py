"""Examples and regression cases for SLA policies and clocks (issue 4)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, EventOrderError, InputTypeError, NaiveDatetimeError
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Event,
    InternalNote,
    Priority,
    PriorityChange,
    Reopen,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import (
    ChannelIn,
    HasTags,
    Measurement,
    MeasurementState,
    Metric,
    PolicySet,
    PriorityIn,
    SLAPolicy,
    Target,
    evaluate,
    evaluate_many,
)

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = BusinessCalendar.weekly(
    "Europe/Berlin", {"mon-fri": "08:00-18:00"}, holidays=["2026-12-25"]
)
H = timedelta(hours=1)
M = timedelta(minutes=1)


def b(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """A Berlin wall-clock instant in 2026 (March 2 is a Monday)."""
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


def hist(created: datetime, *events: Event, **ticket: object) -> TicketHistory:
    return TicketHistory(Ticket("T-1", created, **ticket), list(events))  # type: ignore[arg-type]


def one(
    policy: SLAPolicy | PolicySet, h: TicketHistory, metric: Metric, **kw: object
) -> Measurement:
    found = [m for m in evaluate(policy, h, **kw) if m.metric is metric]  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


def office_policy(metric: str, within: str, **kw: object) -> SLAPolicy:
    return SLAPolicy("p", {"normal": [Target(metric, within)]}, calendar=OFFICE, **kw)  # type: ignore[arg-type]


# --- the boundary rule ---------------------------------------------------------------------


def test_reply_exactly_at_deadline_is_achieved() -> None:
    p = office_policy("first_reply", "4h")
    on_time = one(p, hist(b(2, 9), AgentReply("r", b(2, 13))), Metric.FIRST_REPLY)
    assert on_time.state == "achieved"
    assert on_time.due_at == b(2, 13)
    assert on_time.remaining == timedelta(0)
    assert on_time.achieved_at == b(2, 13)
    late = one(
        p, hist(b(2, 9), AgentReply("r", b(2, 13) + timedelta(microseconds=1))), Metric.FIRST_REPLY
    )
    assert late.state == "breached"
    assert late.breached_at == b(2, 13)
    assert late.achieved_at is None


def test_deadline_running_out_at_close_is_next_opening() -> None:
    # 4 business hours from Monday 14:00 run out at 18:00 sharp: the deadline is the next
    # opening, so any reply while the office is closed is still on time.
    p = office_policy("first_reply", "4h")
    assert one(p, hist(b(2, 14), AgentReply("r", b(2, 18))), Metric.FIRST_REPLY).due_at == b(3, 8)
    for reply in (b(2, 18, 30), b(3, 7, 59), b(3, 8)):
        m = one(p, hist(b(2, 14), AgentReply("r", reply)), Metric.FIRST_REPLY)
        assert m.state == "achieved", reply
        assert m.elapsed == 4 * H
    m = one(p, hist(b(2, 14), AgentReply("r", b(3, 8, 1))), Metric.FIRST_REPLY)
    assert m.state == "breached"


def test_created_outside_hours_starts_counting_at_opening() -> None:
    p = office_policy("first_reply", "2h")
    saturday = b(7, 10)
    m = one(p, hist(saturday, AgentReply("r", b(9, 9, 59))), Metric.FIRST_REPLY)
    assert m.started_at == saturday
    assert m.due_at == b(9, 10)
    assert m.state == "achieved"
    assert m.elapsed == 2 * H - M
    live = one(p, hist(saturday), Metric.FIRST_REPLY, at=b(8, 23))
    assert (live.state, live.elapsed, live.due_at) == ("active", timedelta(0), b(9, 10))


# --- pausing -------------------------------------------------------------------------------


def test_pause_across_a_weekend() -> None:
    p = office_policy("resolution", "10h")
    h = hist(
        b(6, 16),  # Friday
        StatusChange("p", b(6, 17), status="pending"),
        StatusChange("o", b(9, 10), status="open"),  # Monday
        StatusChange("s", b(9, 18), status="solved"),
    )
    m = one(p, h, Metric.RESOLUTION)
    # Friday 16-17 and Monday 10-18 count: 9 h; the rest of the 10 h runs Tuesday 08-09.
    assert m.elapsed == 9 * H
    assert m.due_at == b(10, 9)
    assert m.state == "achieved"
    paused = one(p, h, Metric.RESOLUTION, at=b(7, 12))
    assert (paused.state, paused.due_at, paused.elapsed) == ("paused", None, 1 * H)
    assert paused.remaining == 9 * H
    # Without the pause the weekend would not matter but Monday 08-10 would: breached.
    unpaused = one(office_policy("resolution", "10h", pause=[]), h, Metric.RESOLUTION)
    assert unpaused.state == "breached"
    assert unpaused.breached_at == b(9, 16)


def test_paused_clock_resumes_where_it_stopped() -> None:
    p = SLAPolicy("p", {"normal": [Target("resolution", "3h", business=False)]})
    t0 = b(2, 9)
    h = hist(
        t0,
        StatusChange("p", t0 + H, status="pending"),
        StatusChange("o", t0 + 5 * H, status="open"),
    )
    m = one(p, h, Metric.RESOLUTION, at=t0 + 6 * H)
    assert m.elapsed == 2 * H
    assert m.due_at == t0 + 7 * H
    assert m.state == "active"


def test_requester_wait_and_agent_work_count_their_statuses() -> None:
    t0 = b(2, 9)
    p = SLAPolicy(
        "p",
        {
            "normal": [
                Target(metric, "24h", business=False)
                for metric in ("resolution", "requester_wait", "agent_work")
            ]
        },
    )
    h = hist(
        t0,
        StatusChange("a", t0 + 1 * H, status="open"),
        StatusChange("b", t0 + 2 * H, status="on_hold"),
        StatusChange("c", t0 + 4 * H, status="pending"),
        StatusChange("d", t0 + 6 * H, status="open"),
        StatusChange("e", t0 + 8 * H, status="solved"),
    )
    got = {m.metric: m.elapsed for m in evaluate(p, h)}
    assert got == {
        Metric.RESOLUTION: 6 * H,  # pending paused by the policy
        Metric.REQUESTER_WAIT: 6 * H,  # new, open and on-hold
        Metric.AGENT_WORK: 4 * H,  # new and open only
    }


# --- reopen --------------------------------------------------------------------------------


def test_reopen_after_solve_final_and_first() -> None:
    t0 = b(2, 9)
    h = hist(
        t0,
        StatusChange("s1", t0 + 2 * H, status="solved"),
        Reopen("o", t0 + 24 * H),
        StatusChange("s2", t0 + 31 * H, status="solved"),
    )
    targets = {"normal": [Target("resolution", "8h", business=False)]}
    final = one(SLAPolicy("p", targets, pause=[]), h, Metric.RESOLUTION)
    assert final.elapsed == 9 * H  # 2 h before the solve, 7 h after the reopen
    assert final.state == "breached"
    assert final.breached_at == t0 + 30 * H
    first = one(SLAPolicy("p", targets, pause=[], reopen="first"), h, Metric.RESOLUTION)
    assert (first.state, first.elapsed, first.achieved_at) == ("achieved", 2 * H, t0 + 2 * H)
    # Live, between the solve and the reopen, a "final" clock is paused: it may resume.
    live = one(SLAPolicy("p", targets, pause=[]), h, Metric.RESOLUTION, at=t0 + 5 * H)
    assert (live.state, live.elapsed, live.due_at) == ("paused", 2 * H, None)
    # From the last event on, the history has ended: its last resolution is final.
    for at in (t0 + 31 * H, t0 + 99 * H):
        ended = one(SLAPolicy("p", targets, pause=[]), h, Metric.RESOLUTION, at=at)
        assert (ended.state, ended.stopped_at) == ("breached", t0 + 31 * H)


def test_customer_message_after_solve_waits_for_reopen() -> None:
    t0 = b(2, 9)
    p = SLAPolicy("p", {"normal": [Target("next_reply", "1h", business=False)]})
    h = hist(
        t0,
        AgentReply("r1", t0 + H),
        StatusChange("s", t0 + 2 * H, status="solved"),
        CustomerMessage("c", t0 + 3 * H),
        Reopen("o", t0 + 5 * H),
        AgentReply("r2", t0 + 5 * H + 30 * M),
    )
    m = one(p, h, Metric.NEXT_REPLY)
    assert (m.started_at, m.state, m.elapsed) == (t0 + 5 * H, "achieved", 30 * M)


# --- priority changes ----------------------------------------------------------------------

TWO_PRIORITIES = SLAPolicy(
    "p",
    {
        "normal": [Target("first_reply", "8h", business=False)],
        "urgent": [Target("first_reply", "1h", business=False)],
    },
)


def test_priority_raised_mid_clock_applies_new_target_from_start() -> None:
    t0 = b(2, 9)
    raised_late = hist(t0, PriorityChange("p", t0 + 2 * H, priority="urgent"))
    m = one(TWO_PRIORITIES, raised_late, Metric.FIRST_REPLY, at=t0 + 3 * H)
    # The 1 h deadline is retroactive; the clock is past it from the moment of the change.
    assert (m.state, m.priority, m.due_at) == ("breached", Priority.URGENT, t0 + H)
    assert m.breached_at == t0 + 2 * H
    assert m.target.within == H
    raised_early = hist(
        t0, PriorityChange("p", t0 + 30 * M, priority="urgent"), AgentReply("r", t0 + 50 * M)
    )
    m = one(TWO_PRIORITIES, raised_early, Metric.FIRST_REPLY)
    assert (m.state, m.priority, m.due_at) == ("achieved", Priority.URGENT, t0 + H)
    before = one(TWO_PRIORITIES, raised_early, Metric.FIRST_REPLY, at=t0 + 20 * M)
    assert (before.priority, before.due_at) == (Priority.NORMAL, t0 + 8 * H)


def test_priority_raise_never_puts_a_warning_before_the_change() -> None:
    # 50 % of the urgent hour fell 30 min in, while the ticket was still normal (8 h): the
    # warning is crossed when the raise makes it so, like ``breached_at``.
    t0 = b(2, 9)
    raised = hist(t0, PriorityChange("p", t0 + 45 * M, priority="urgent"))
    m = one(TWO_PRIORITIES, raised, Metric.FIRST_REPLY, at=t0 + 50 * M)
    assert (m.state, m.target_since) == ("active", t0 + 45 * M)
    assert dict(m.warnings) == {0.5: t0 + 45 * M, 0.75: t0 + 45 * M}
    assert m.instant_at(0.9) == t0 + 54 * M  # still ahead: unchanged
    before = one(TWO_PRIORITIES, raised, Metric.FIRST_REPLY, at=t0 + 40 * M)
    assert before.warnings[0][1] == t0 + 4 * H  # as seen live before the raise (normal, 8 h)
    unchanged = one(TWO_PRIORITIES, hist(t0), Metric.FIRST_REPLY)
    assert unchanged.target_since == t0


def test_priority_raise_at_night_warns_at_the_next_opening() -> None:
    # Business-hours clock: 9 h counted by Monday 18:00 on a 10 h normal target; raised to a
    # 2 h urgent target at 22:00. Breached at the raise, but nobody is warned at night.
    p = SLAPolicy(
        "p",
        {"normal": [Target("first_reply", "10h")], "urgent": [Target("first_reply", "2h")]},
        calendar=OFFICE,
    )
    t0 = b(2, 9)
    h = hist(t0, PriorityChange("p", b(2, 22), priority="urgent"))
    m = one(p, h, Metric.FIRST_REPLY, at=b(3, 12))
    assert (m.state, m.due_at, m.breached_at) == ("breached", b(2, 11), b(2, 22))
    assert dict(m.warnings) == {0.5: b(3, 8), 0.75: b(3, 8)}
    assert all(OFFICE.is_open(x) for _, x in m.warnings if x is not None)


def test_priority_lowered_after_breach_stays_breached() -> None:
    t0 = b(2, 9)
    h = hist(
        t0,
        PriorityChange("p", t0 + 2 * H, priority="normal"),
        AgentReply("r", t0 + 3 * H),
        priority="urgent",
    )
    m = one(TWO_PRIORITIES, h, Metric.FIRST_REPLY)
    assert (m.state, m.priority, m.breached_at) == ("breached", Priority.URGENT, t0 + H)
    lowered_in_time = hist(
        t0,
        PriorityChange("p", t0 + 30 * M, priority="normal"),
        AgentReply("r", t0 + 3 * H),
        priority="urgent",
    )
    m = one(TWO_PRIORITIES, lowered_in_time, Metric.FIRST_REPLY)
    assert (m.state, m.priority) == ("achieved", Priority.NORMAL)


def test_priority_without_target_gives_no_measurement() -> None:
    p = SLAPolicy("p", {"urgent": [Target("first_reply", "1h")]})
    assert evaluate(p, hist(b(2, 9), priority="low")) == ()


# --- what counts as a reply ----------------------------------------------------------------


def test_internal_note_is_not_a_reply() -> None:
    t0 = b(2, 9)
    p = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
    h = hist(t0, InternalNote("n", t0 + 10 * M, agent="bo"), AgentReply("r", t0 + 3 * H))
    m = one(p, h, Metric.FIRST_REPLY)
    assert (m.state, m.stopped_at, m.elapsed) == ("breached", t0 + 3 * H, 3 * H)


def test_customer_follow_up_does_not_restart_first_reply() -> None:
    t0 = b(2, 9)
    p = SLAPolicy(
        "p",
        {
            "normal": [
                Target("first_reply", "1h", business=False),
                Target("next_reply", "1h", business=False),
            ]
        },
    )
    h = hist(
        t0,
        CustomerMessage("c1", t0 + 30 * M),
        CustomerMessage("c2", t0 + 50 * M),
        AgentReply("r", t0 + 2 * H),
    )
    ms = evaluate(p, h)
    assert [(m.metric, m.started_at, m.state) for m in ms] == [(Metric.FIRST_REPLY, t0, "breached")]


def test_agent_created_ticket_first_reply_is_the_second_reply() -> None:
    t0 = b(2, 9)
    p = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
    h = hist(t0, AgentReply("open", t0), AgentReply("r", t0 + 2 * H), created_by_agent=True)
    assert one(p, h, Metric.FIRST_REPLY).stopped_at == t0 + 2 * H


def test_next_reply_one_measurement_per_cycle() -> None:
    t0 = b(2, 9)
    p = SLAPolicy("p", {"normal": [Target("next_reply", "90m", business=False)]})
    h = hist(
        t0,
        AgentReply("r1", t0 + H),
        CustomerMessage("c1", t0 + 2 * H),
        AgentReply("r2", t0 + 3 * H),
        CustomerMessage("c2", t0 + 4 * H),
        CustomerMessage("c3", t0 + 4 * H + 30 * M),
        AgentReply("r3", t0 + 6 * H),
        CustomerMessage("c4", t0 + 7 * H),
    )
    got = [(m.cycle, m.started_at - t0, m.state) for m in evaluate(p, h, at=t0 + 7 * H + 5 * M)]
    assert got == [(0, 2 * H, "achieved"), (1, 4 * H, "breached"), (2, 7 * H, "active")]


def test_periodic_update_between_replies_until_solved() -> None:
    t0 = b(2, 9)
    p = SLAPolicy("p", {"normal": [Target("periodic_update", "3h", business=False)]})
    h = hist(
        t0,
        AgentReply("r1", t0 + H),
        AgentReply("r2", t0 + 5 * H),
        StatusChange("s", t0 + 6 * H, status="solved"),
    )
    got = [(m.started_at - t0, m.stopped_at - t0, m.state) for m in evaluate(p, h)]  # type: ignore[operator]
    assert got == [(H, 5 * H, "breached"), (5 * H, 6 * H, "achieved")]


def test_reply_and_solve_together_leave_no_periodic_clock() -> None:
    t0 = b(2, 9)
    p = SLAPolicy("p", {"normal": [Target("periodic_update", "3h", business=False)]})
    h = hist(t0, AgentReply("r", t0 + H), StatusChange("s", t0 + H, status="solved"))
    assert evaluate(p, h) == ()


# --- histories, sets and inputs ------------------------------------------------------------


def test_events_out_of_order_are_an_error() -> None:
    t0 = b(2, 9)
    with pytest.raises(EventOrderError):
        hist(t0, AgentReply("r", t0 + 2 * H), CustomerMessage("c", t0 + H))
    with pytest.raises(EventOrderError):
        hist(t0, AgentReply("r", t0 - H))


def test_evaluate_before_creation_gives_nothing() -> None:
    p = office_policy("first_reply", "4h")
    assert evaluate(p, hist(b(2, 9)), at=b(2, 8)) == ()


def test_evaluate_rejects_bad_inputs() -> None:
    p = office_policy("first_reply", "4h")
    with pytest.raises(NaiveDatetimeError):
        evaluate(p, hist(b(2, 9)), at=datetime(2026, 3, 2, 10))
    with pytest.raises(InputTypeError):
        evaluate(p, "T-1")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        evaluate("p", hist(b(2, 9)))  # type: ignore[arg-type]


def test_live_view_ignores_later_events() -> None:
    p = office_policy("first_reply", "4h")
    h = hist(b(2, 9), AgentReply("r", b(2, 12)))
    live = one(p, h, Metric.FIRST_REPLY, at=b(2, 11))
    assert (live.state, live.elapsed, live.remaining) == ("active", 2 * H, 2 * H)
    assert live.evaluated_at == b(2, 11)


def test_policy_set_first_match_applies() -> None:
    vip = SLAPolicy("vip", {"normal": [Target("first_reply", "1h")]}, condition=HasTags(["vip"]))
    chat = SLAPolicy("chat", {"normal": [Target("first_reply", "2h")]}, condition=ChannelIn("chat"))
    ps = PolicySet([vip, chat])
    t0 = b(2, 9)
    assert {m.policy for m in evaluate(ps, hist(t0, channel="chat", tags=["vip"]))} == {"vip"}
    assert {m.policy for m in evaluate(ps, hist(t0, channel="chat"))} == {"chat"}
    assert evaluate(ps, hist(t0, channel="email")) == ()
    # A single policy also honours its own condition.
    assert evaluate(vip, hist(t0)) == ()


def test_evaluate_many_streams() -> None:
    p = office_policy("first_reply", "4h")
    consumed: list[int] = []

    def gen() -> object:
        for i in range(3):
            consumed.append(i)
            yield TicketHistory(Ticket(f"T-{i}", b(2, 9)), [])

    stream = evaluate_many(p, gen())  # type: ignore[arg-type]
    assert next(stream).ticket_id == "T-0"
    assert consumed == [0]
    assert [m.ticket_id for m in stream] == ["T-1", "T-2"]


def test_measurement_state_is_plain_string_compatible() -> None:
    m = one(office_policy("first_reply", "4h"), hist(b(2, 9)), Metric.FIRST_REPLY)
    assert m.state == "active"
    assert isinstance(m.state, str)
    assert m.metric == "first_reply"
    assert m.priority == "normal"
    assert not MeasurementState.ACTIVE.is_final


def test_warnings_default_and_custom() -> None:
    t0 = b(2, 9)
    p = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]}, warn_at=[0.9])
    m = one(p, hist(t0, AgentReply("r", t0 + H)), Metric.FIRST_REPLY)
    assert m.warnings == ((0.9, None),)  # replied before 90 %
    m = one(p, hist(t0), Metric.FIRST_REPLY, at=t0 + H)
    assert m.warnings == ((0.9, t0 + 4 * H * 0.9),)
    office = one(office_policy("first_reply", "4h"), hist(b(2, 16)), Metric.FIRST_REPLY)
    # 2 h (50 %) run out at 18:00: the warning falls at the next opening, not at night.
    assert [w for _, w in office.warnings] == [b(3, 8), b(3, 9)]


# --- configuration -------------------------------------------------------------------------


def test_config_error_names_the_field_path() -> None:
    data = {
        "policies": [
            {"name": "a", "targets": {"normal": [{"metric": "first_reply", "within": "1h"}]}},
            {"name": "b", "targets": {"urgent": [{"metric": "first_reply", "within": "4 hours"}]}},
        ]
    }
    with pytest.raises(ConfigError) as err:
        PolicySet.from_dict(data)
    assert err.value.path == "policies[1].targets.urgent[0].within"
    assert "'4 hours'" in str(err.value)


def _t(**kw: object) -> dict[str, object]:
    return {"metric": "resolution", "within": "1h", **kw}


@pytest.mark.parametrize(
    ("policy", "path"),
    [
        ({"name": "a", "targets": {"urgent": [_t(metric="speed")]}}, "targets.urgent[0].metric"),
        ({"name": "a", "targets": {"asap": []}}, "targets.asap"),
        ({"name": "a", "targets": {"low": [{"metric": "first_reply"}]}}, "targets.low[0].within"),
        ({"name": "a", "targets": {}, "pause": ["snoozed"]}, "pause[0]"),
        ({"name": "a", "targets": {}, "pause": ["solved"]}, "pause[0]"),
        ({"name": "a", "targets": {}, "reopen": "last"}, "reopen"),
        ({"name": "a", "targets": {}, "warn_at": [1.5]}, "warn_at[0]"),
        ({"name": "a", "targets": {}, "calendar": "nowhere"}, "calendar"),
        ({"name": "a", "targets": {}, "calendar": {"tz": "Mars/Base"}}, "calendar.tz"),
        ({"name": "a", "targets": {}, "condition": {"colour": "red"}}, "condition.colour"),
        (
            {"name": "a", "targets": {}, "condition": {"any": [{"priority": "meh"}]}},
            "condition.any[0].priority",
        ),
        ({"name": "a", "targets": {}, "colour": 1}, "colour"),
        ({"targets": {}}, "name"),
        ({"name": "a", "targets": {"low": [_t(), _t(within="2h")]}}, "targets.low[1].metric"),
        (
            {"name": "a", "targets": {"low": [_t(time="calendar", calendar="office")]}},
            "targets.low[0].calendar",
        ),
        ({"name": "a", "targets": {"low": [_t(time="wall")]}}, "targets.low[0].time"),
    ],
)
def test_config_errors(policy: dict[str, object], path: str) -> None:
    data = {"calendars": {"office": {"tz": "UTC", "hours": {"mon-fri": "09:00-17:00"}}}}
    with pytest.raises(ConfigError) as err:
        PolicySet.from_dict({**data, "policies": [policy]})
    assert err.value.path == f"policies[0].{path}"


def test_duplicate_policy_names_rejected() -> None:
    p = SLAPolicy("p", {})
    with pytest.raises(ConfigError, match="duplicate"):
        PolicySet([p, p])


def test_round_trip_through_dict() -> None:
    ps = PolicySet.from_file(Path(__file__).parents[1] / "examples/policies/standard.toml")
    again = PolicySet.from_dict(ps.to_dict())
    assert again == ps
    assert PolicySet.from_json(__import__("json").dumps(ps.to_dict())) == ps


def test_bad_toml_and_json_are_config_errors() -> None:
    with pytest.raises(ConfigError):
        PolicySet.from_toml("[[policies]\nname=")
    with pytest.raises(ConfigError):
        PolicySet.from_json("{")


def test_standard_policy_file_applies() -> None:
    ps = PolicySet.from_file(Path(__file__).parents[1] / "examples/policies/standard.toml")
    assert [p.name for p in ps.policies] == ["enterprise", "standard"]
    monday = b(2, 9)
    vip = hist(monday, AgentReply("r", monday + 2 * H), tags=["vip"])
    m = one(ps, vip, Metric.FIRST_REPLY)
    assert (m.policy, m.target.within, m.state) == ("enterprise", 2 * H, "achieved")
    urgent = hist(b(7, 10), AgentReply("r", b(7, 10, 59)), priority="urgent")
    m = one(ps, urgent, Metric.FIRST_REPLY)  # Saturday: urgent counts around the clock
    assert (m.policy, m.state, m.elapsed) == ("standard", "achieved", 59 * M)
    christmas = one(ps, hist(b(24, 11, month=12)), Metric.FIRST_REPLY, at=b(28, 9, month=12))
    assert christmas.elapsed == 2 * H  # 24th 11-12, 25th/26th closed, 27th Sunday, 28th 8-9


def test_condition_operators_and_config() -> None:
    t = Ticket("T", b(2, 9), channel="chat", priority="high", tags=["vip"])
    assert (PriorityIn(["high"]) & ~ChannelIn(["phone"])).matches(t)
    assert not (PriorityIn(["low"]) | HasTags(["bug"])).matches(t)
    p = SLAPolicy.from_dict(
        {
            "name": "x",
            "condition": {"priority": "high", "attributes": {"plan": ["pro"]}},
            "targets": {},
        }
    )
    assert not p.condition.matches(t)
    assert p.condition.matches(Ticket("T", b(2, 9), priority="high", attributes={"plan": "pro"}))


def test_target_calendar_overrides_policy_calendar() -> None:
    late_desk = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "12:00-20:00"})
    p = SLAPolicy(
        "p", {"normal": [Target("first_reply", "2h", calendar=late_desk)]}, calendar=OFFICE
    )
    m = one(p, hist(b(2, 9)), Metric.FIRST_REPLY, at=b(2, 13))
    assert (m.elapsed, m.due_at) == (1 * H, b(2, 14))


def test_dst_fall_back_hour_is_counted_once() -> None:
    london = ZoneInfo("Europe/London")
    first = datetime(2026, 10, 25, 1, 30, tzinfo=london)  # 00:30 UTC
    second = datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=london)  # 01:30 UTC
    p = SLAPolicy("p", {"normal": [Target("resolution", "90m", business=False)]}, pause=[])
    h = TicketHistory(Ticket("T", first), [StatusChange("s", second, status="solved")])
    m = one(p, h, Metric.RESOLUTION)
    assert (m.elapsed, m.state) == (H, "achieved")
    live = one(p, TicketHistory(Ticket("T", first), []), Metric.RESOLUTION, at=second)
    assert live.elapsed == H
    assert live.due_at == datetime(2026, 10, 25, 2, 0, tzinfo=ZoneInfo("UTC"))


def test_pause_before_a_priority_raise_delays_the_breach() -> None:
    t0 = b(2, 9)
    raise_at = PriorityChange("u", t0 + 2 * H, priority="urgent")
    plain = hist(t0, raise_at)
    paused = hist(
        t0,
        StatusChange("p", t0 + 10 * M, status="pending"),
        StatusChange("o", t0 + 110 * M, status="open"),
        raise_at,
    )
    p = SLAPolicy(
        "p",
        {
            "normal": [Target("resolution", "3h", business=False)],
            "urgent": [Target("resolution", "1h", business=False)],
        },
    )
    a = one(p, plain, Metric.RESOLUTION, at=t0 + 5 * H)
    c = one(p, paused, Metric.RESOLUTION, at=t0 + 5 * H)
    assert (a.due_at, a.breached_at) == (t0 + H, t0 + 2 * H)
    assert (c.due_at, c.breached_at) == (t0 + 160 * M, t0 + 160 * M)
