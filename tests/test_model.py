"""Laws and cases of the canonical ticket model."""

from __future__ import annotations

import itertools
import pickle
import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from servicemodel.errors import (
    ConfigError,
    EventOrderError,
    InputTypeError,
    MissingExtraError,
    NaiveDatetimeError,
    RecordError,
    ScaleError,
    ServiceModelError,
)
from servicemodel.model import (
    AgentReply,
    AssignmentChange,
    CustomerMessage,
    Event,
    InternalNote,
    Priority,
    PriorityChange,
    Reopen,
    SatisfactionRating,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.strategies import events, histories, tickets

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_naive_created_at_is_a_specific_error() -> None:
    with pytest.raises(NaiveDatetimeError, match="naive datetime 2026-03-02T09:00:00"):
        Ticket("T", datetime(2026, 3, 2, 9))


def test_naive_event_time_is_a_specific_error() -> None:
    with pytest.raises(NaiveDatetimeError):
        AgentReply("r", datetime(2026, 3, 2, 9))


def test_string_instead_of_datetime_is_a_type_error() -> None:
    with pytest.raises(InputTypeError, match="expected an aware datetime, got str"):
        Ticket("T", "2026-03-02T09:00:00Z")  # type: ignore[arg-type]


def test_channel_vocabulary_is_open_and_normalised() -> None:
    assert Ticket("T", T0, channel=" WhatsApp ").channel == "whatsapp"
    with pytest.raises(ConfigError, match="channel"):
        Ticket("T", T0, channel="")


def test_unknown_priority_names_the_value() -> None:
    with pytest.raises(ConfigError, match="'critical'"):
        Ticket("T", T0, priority="critical")


def test_priorities_are_ordered() -> None:
    assert sorted([Priority.URGENT, Priority.LOW, Priority.HIGH, Priority.NORMAL]) == list(Priority)


def test_tags_as_a_string_is_rejected() -> None:
    with pytest.raises(InputTypeError, match="'vip'"):
        Ticket("T", T0, tags="vip")  # type: ignore[arg-type]


def test_out_of_order_events_are_rejected() -> None:
    with pytest.raises(EventOrderError, match=r"'b'.*time order"):
        TicketHistory(Ticket("T", T0), [AgentReply("a", at(10)), AgentReply("b", at(5))])


def test_event_before_creation_is_rejected() -> None:
    with pytest.raises(EventOrderError, match="before the ticket's creation"):
        TicketHistory(Ticket("T", T0), [AgentReply("a", at(-1))])


def test_event_before_creation_names_both_instants_in_their_own_zones() -> None:
    # The creation used to be shown in UTC beside an event shown in Berlin time, so the two
    # instants read as if an hour apart from what they were.
    from zoneinfo import ZoneInfo

    created = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Europe/Berlin"))
    with pytest.raises(EventOrderError) as err:
        TicketHistory(Ticket("T", created), [AgentReply("a", created - timedelta(hours=2))])
    assert str(err.value) == (
        "ticket 'T': event 'a' at 2026-03-02T07:00:00+01:00 is before the ticket's creation "
        "at 2026-03-02T09:00:00+01:00"
    )


def test_duplicate_event_ids_are_rejected() -> None:
    with pytest.raises(EventOrderError, match="repeats event id 'a'"):
        TicketHistory(Ticket("T", T0), [AgentReply("a", at(1)), CustomerMessage("a", at(2))])


def test_score_outside_scale_is_rejected() -> None:
    with pytest.raises(ConfigError, match=r"score 6\.0 is outside the scale 1\.\.5"):
        SatisfactionRating("s", T0, score=6)
    with pytest.raises(ConfigError, match="must be a number"):
        SatisfactionRating("s", T0, score=True)


def test_internal_note_is_not_a_reply_and_follow_up_does_not_count() -> None:
    h = TicketHistory(
        Ticket("T", T0),
        [InternalNote("n", at(1)), CustomerMessage("c", at(2)), AgentReply("r", at(30))],
    )
    assert h.first_reply_at() == at(30)


def test_agent_created_ticket_counts_from_the_second_public_reply() -> None:
    h = TicketHistory(
        Ticket("T", T0, created_by_agent=True), [AgentReply("r1", at(0)), AgentReply("r2", at(50))]
    )
    assert h.first_reply_at() == at(50)


def test_no_reply_is_censored_not_zero() -> None:
    assert TicketHistory(Ticket("T", T0), [CustomerMessage("c", at(3))]).first_reply_at() is None


def test_solve_reopen_solve() -> None:
    h = TicketHistory(
        Ticket("T", T0),
        [
            AgentReply("r", at(5)),
            StatusChange("s1", at(10), status=Status.SOLVED),
            CustomerMessage("c", at(100)),
            Reopen("o", at(100)),
            StatusChange("p", at(110), status=Status.PENDING),
            StatusChange("s2", at(200), status=Status.CLOSED),
        ],
    )
    assert h.first_solved_at() == at(10)
    assert h.solved_at() == at(200)
    assert h.reopens() == (at(100),)
    assert h.reopen_count() == 1
    assert h.status_at(at(0)) is Status.NEW
    assert h.status_at(at(10)) is Status.SOLVED  # an event at t has taken effect at t
    assert h.status_at(at(150)) is Status.PENDING
    assert [s.status for s in h.status_spans()] == [
        Status.NEW,
        Status.SOLVED,
        Status.OPEN,
        Status.PENDING,
        Status.CLOSED,
    ]


def test_unresolved_at_the_end_has_no_solved_at() -> None:
    h = TicketHistory(
        Ticket("T", T0),
        [StatusChange("s", at(10), status="solved"), StatusChange("o", at(20), status="open")],
    )
    assert h.first_solved_at() == at(10)
    assert h.solved_at() is None
    assert h.reopen_count() == 1


def test_status_before_creation_is_an_error() -> None:
    h = TicketHistory(Ticket("T", T0), [])
    with pytest.raises(EventOrderError, match="did not exist"):
        h.status_at(at(-5))


def test_priority_at() -> None:
    h = TicketHistory(
        Ticket("T", T0, priority="low"), [PriorityChange("p", at(30), priority=Priority.URGENT)]
    )
    assert h.priority_at(at(29)) is Priority.LOW
    assert h.priority_at(at(30)) is Priority.URGENT


def test_from_unsorted_sorts_explicitly_and_stably() -> None:
    evs = [AgentReply("b", at(5)), CustomerMessage("a", at(1)), InternalNote("c", at(5))]
    h = TicketHistory.from_unsorted(Ticket("T", T0), evs)
    assert [e.id for e in h.events] == ["a", "b", "c"]


def test_errors_share_one_root() -> None:
    for exc in (EventOrderError, ConfigError, NaiveDatetimeError, InputTypeError, ScaleError):
        assert issubclass(exc, ServiceModelError)


def test_bad_scores_are_scale_errors_with_the_field_path() -> None:
    for bad in (6, True, float("nan"), float("inf")):
        with pytest.raises(ScaleError) as info:
            SatisfactionRating("s", T0, score=bad)
        assert info.value.path == "score"
        assert repr(bad) in str(info.value) or str(float(bad)) in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "field", "shown"),
    [
        ({"survey": 5}, "survey", "5"),
        ({"survey": ""}, "survey", "''"),
        ({"scale_min": 1.5}, "scale_min", "1.5"),
        ({"scale_max": True}, "scale_max", "True"),
    ],
)
def test_rating_survey_and_scale_are_checked(
    kwargs: dict[str, object], field: str, shown: str
) -> None:
    with pytest.raises(ServiceModelError) as info:
        SatisfactionRating("s", T0, score=3, **kwargs)  # type: ignore[arg-type]
    assert str(info.value).startswith(f"{field}:")
    assert shown in str(info.value)


def test_flags_and_ids_name_the_field_and_value() -> None:
    with pytest.raises(InputTypeError, match=r"^created_by_agent: .*'yes'"):
        Ticket("T", T0, created_by_agent="yes")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match=r"^first_contact: .*\b1\b"):
        Ticket("T", T0, first_contact=1)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match=r"^id: .*\b7\b"):
        Ticket(7, T0)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"^id: .*''"):
        AgentReply("", T0)
    assert Ticket("T", T0, first_contact=True).first_contact is True


def test_errors_survive_pickling() -> None:
    # Errors cross process boundaries in parallel runs; their fields must come back.
    for err in (
        ConfigError("bad", path="a.b"),
        RecordError("bad", path="x", line=3),
        ScaleError("out", path="score"),
        MissingExtraError("pandas", "to_frame"),
    ):
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err)
        assert str(back) == str(err)
        assert getattr(back, "path", None) == getattr(err, "path", None)
        assert getattr(back, "line", None) == getattr(err, "line", None)


# --- properties ---------------------------------------------------------------------------


@given(histories())
def test_events_are_in_time_order_and_after_creation(h: TicketHistory) -> None:
    # In UTC: same-zone datetimes compare by wall clock, wrong in a repeated DST hour.
    times = [e.at.astimezone(UTC) for e in h.events]
    assert times == sorted(times)
    assert all(t >= h.created_at for t in times)


@given(histories(min_events=2), st.randoms(use_true_random=False))
def test_shuffled_events_are_rejected_or_sorted_explicitly(
    h: TicketHistory, rnd: random.Random
) -> None:
    # The instants are shuffled, not the events: events at one instant keep their recorded
    # order, which is part of the history (a reopen recorded before the solve it reopens, at
    # the same instant, is no history at all, whatever the timestamps say).
    blocks: dict[datetime, list[Event]] = {}
    for e in h.events:
        blocks.setdefault(e.at.astimezone(UTC), []).append(e)
    order = list(blocks)
    rnd.shuffle(order)
    shuffled = [e for at in order for e in blocks[at]]
    if order == sorted(order):
        assert TicketHistory(h.ticket, shuffled).events == h.events
    else:
        with pytest.raises(EventOrderError):
            TicketHistory(h.ticket, shuffled)
    # Sorting is stable within an instant, so the recorded history comes back exactly.
    assert TicketHistory.from_unsorted(h.ticket, shuffled).events == h.events


@given(histories())
def test_status_spans_tile_the_timeline(h: TicketHistory) -> None:
    spans = h.status_spans()
    assert spans[0].start == h.created_at
    assert spans[-1].end is None
    for prev, nxt in itertools.pairwise(spans):
        assert prev.end == nxt.start
        assert prev.status is not nxt.status
    for span in spans:
        assert h.status_at(span.start) is span.status


@given(histories())
def test_reopens_and_solves_alternate(h: TicketHistory) -> None:
    solves, reopens = h.solve_times(), h.reopens()
    assert len(solves) - len(reopens) in (0, 1)
    assert all(s < r or s == r for s, r in zip(solves, reopens, strict=False))
    assert (h.solved_at() is not None) == (h.is_resolved() and bool(solves))


@given(histories())
def test_first_reply_is_a_public_agent_reply(h: TicketHistory) -> None:
    replies = h.agent_replies()
    first = h.first_reply_at()
    if h.ticket.created_by_agent:
        assert first == (replies[1].at if len(replies) > 1 else None)
    else:
        assert first == (replies[0].at if replies else None)


def _scan(h: TicketHistory, t: datetime) -> tuple[Status, Priority, tuple[str | None, str | None]]:
    """The facts at ``t`` by the definition: replay every event up to ``t`` in order."""
    status, prio = Status.NEW, h.ticket.priority
    assignment = (h.ticket.group, h.ticket.assignee)
    for ev in h.events:
        if ev.at.astimezone(UTC) > t:
            break
        if isinstance(ev, StatusChange):
            status = ev.status
        elif isinstance(ev, Reopen):
            status = Status.OPEN
        elif isinstance(ev, PriorityChange):
            prio = ev.priority
        elif isinstance(ev, AssignmentChange):
            assignment = (ev.group, ev.assignee)
    return status, prio, assignment


@given(histories(), st.data())
def test_lookups_at_t_agree_with_replaying_the_events(
    h: TicketHistory, data: st.DataObject
) -> None:
    created = h.created_at.astimezone(UTC)
    instants = [e.at.astimezone(UTC) for e in h.events] + [created]
    offsets = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30))
    instants += [created + data.draw(offsets) for _ in range(3)]
    for t in instants:
        status, prio, assignment = _scan(h, t)
        assert h.status_at(t) is status
        assert h.priority_at(t) is prio
        assert h.assignee_at(t) == assignment
    assert (h.final_group(), h.final_assignee()) == _scan(h, h.last_event_at.astimezone(UTC))[2]
    # The derived collections are what filtering the events gives.
    assert h.agent_replies() == tuple(e for e in h.events if isinstance(e, AgentReply))
    assert h.customer_messages() == tuple(e for e in h.events if isinstance(e, CustomerMessage))
    assert h.priority_changes() == tuple(e for e in h.events if isinstance(e, PriorityChange))
    assert h.ratings() == tuple(e for e in h.events if isinstance(e, SatisfactionRating))


@given(histories())
def test_pickle_round_trip(h: TicketHistory) -> None:
    back = pickle.loads(pickle.dumps(h))
    assert back == h
    assert back.status_spans() == h.status_spans()


@given(tickets(), st.datetimes(timezones=st.none()))
def test_naive_instants_are_always_refused(t: Ticket, naive: datetime) -> None:
    assume(naive.year > 1)
    with pytest.raises(NaiveDatetimeError):
        TicketHistory(t, []).status_at(naive)


@pytest.mark.parametrize(
    "cls",
    [
        Event,
        CustomerMessage,
        AgentReply,
        InternalNote,
        StatusChange,
        Reopen,
        PriorityChange,
        AssignmentChange,
        SatisfactionRating,
    ],
)
def test_every_event_type_resolves_through_from_type(cls: type[Event]) -> None:
    @settings(max_examples=20)
    @given(st.from_type(cls))
    def check(event: Event) -> None:
        assert isinstance(event, cls)
        assert event.at.tzinfo is not None
        # Each drawn event is valid on its own ticket (a reopen once the ticket is solved:
        # only a resolved ticket can be reopened).
        solved = [StatusChange("s", event.at, status="solved")] if isinstance(event, Reopen) else []
        TicketHistory(Ticket("T", event.at), [*solved, event])

    check()


def test_events_strategy_checks_its_options() -> None:
    @given(events(kinds=["telepathy"]))
    def check(event: Event) -> None:
        raise AssertionError("never drawn")

    with pytest.raises(ValueError, match="telepathy"):
        check()


# -- the agent-created rule, timelines, public module paths ------------------------------------


def test_agent_created_ticket_opening_message_is_not_a_reply_to_the_customer() -> None:
    opening, reply = AgentReply("r1", at(0), agent="bo"), AgentReply("r2", at(50))
    h = TicketHistory(Ticket("T", T0, created_by_agent=True), [opening, reply])
    assert h.opening_message() == opening
    assert h.replies_to_customer() == (reply,)
    assert h.agent_replies() == (opening, reply)
    plain = TicketHistory(Ticket("T", T0), [opening, reply])
    assert plain.opening_message() is None
    assert plain.replies_to_customer() == (opening, reply)
    alone = TicketHistory(Ticket("T", T0, created_by_agent=True), [opening])
    assert alone.opening_message() == opening
    assert alone.replies_to_customer() == ()
    assert alone.first_reply_at() is None


@given(histories())
def test_replies_to_customer_carry_the_agent_created_rule(h: TicketHistory) -> None:
    replies, answers = h.agent_replies(), h.replies_to_customer()
    opening = h.opening_message()
    if h.ticket.created_by_agent and replies:
        assert opening is replies[0]
        assert answers == replies[1:]
    else:
        assert opening is None
        assert answers == replies
    assert h.first_reply_at() == (answers[0].at if answers else None)


@given(histories(), st.data())
def test_timelines_agree_with_the_lookups_at_t(h: TicketHistory, data: st.DataObject) -> None:
    statuses, priorities = h.status_timeline(), h.priority_timeline()
    assert [s for _, s in statuses] == [span.status for span in h.status_spans()]
    assert [t for t, _ in statuses] == [span.start.astimezone(UTC) for span in h.status_spans()]
    assert priorities[0] == (h.created_at.astimezone(UTC), h.ticket.priority)
    assert [p for _, p in priorities[1:]] == [c.priority for c in h.priority_changes()]
    for t, _ in (*statuses, *priorities):
        assert t.tzinfo is UTC
    offsets = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30))
    t = h.created_at.astimezone(UTC) + data.draw(offsets)
    assert [s for start, s in statuses if start <= t][-1] is h.status_at(t)
    assert [p for since, p in priorities if since <= t][-1] is h.priority_at(t)
    # Built once per history: the SLA engine reads them for every policy.
    assert h.status_timeline() is statuses
    assert h.priority_timeline() is priorities


def test_pickles_name_only_the_public_module() -> None:
    ticket = Ticket("T", T0, channel="chat", tags=frozenset({"vip"}))
    h = TicketHistory(
        ticket,
        [AgentReply("r", at(5)), StatusChange("s", at(9), status="solved")],
    )
    for value in (ticket, h, h.events[0], h.status_spans()[0], Priority.HIGH, Status.OPEN):
        data = pickle.dumps(value)
        assert b"servicemodel.model._" not in data, value
        assert b"servicemodel.model" in data
        assert pickle.loads(data) == value
    assert TicketHistory.first_reply_at.__module__ == "servicemodel.model"
