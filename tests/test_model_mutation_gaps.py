"""Laws of the ticket model that no other test pinned down, each against a simple reference.

The histories are drawn around the repeated hour of a DST change (Europe/Berlin, 2026-10-25),
with every instant written in that one zone: two datetimes sharing a ``ZoneInfo`` compare by
wall clock, so only a comparison in UTC orders them right (docs/concepts.md, "Rules that hold
everywhere"). Some events are of the user's own subclasses of the library's types, which a
history must treat as the types they extend (``isinstance``), with the same facts.

The references restate the documented rules directly:

- a status change takes effect at its instant (``status_at``: "an event at ``t`` has already
  taken effect"), a ``Reopen`` sets ``OPEN``;
- a solve is a move from an unresolved status to solved or closed, a reopen one from solved or
  closed back to an unresolved status (``solve_times``, ``reopens``);
- the first reply is the first public agent reply not marked ``automated``, after the opening
  message of an agent-created ticket (its first agent reply) (``first_reply_at``);
- a status span lasts while its status holds (``status_spans``: the next starts where the
  status changes);
- the priority timeline holds ``(since, priority)`` pairs in UTC, from creation;
- ``cut_history`` keeps the events at or before the cutoff ("events after it are not known
  yet"); ``from_unsorted`` sorts by instant, keeping the given order at one instant;
- an instant is held only inside the supported range, 0002-01-02 to 9998-12-31 (exclusive) in
  UTC, whatever its offset (``servicemodel.errors.require_instant``), by the model and by the
  loaders' fast path alike.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import (
    ConfigError,
    EventOrderError,
    InputTypeError,
    OutOfRangeError,
    ServiceModelError,
)
from servicemodel.io import history_from_dict
from servicemodel.io._records import event_from_dict, structure
from servicemodel.model import (
    PARTIAL_ATTRIBUTE,
    REOPENS_ATTRIBUTE,
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
    known_reopens,
    reopened,
)
from servicemodel.model._shared import choose_snapshot, cut_history, direct_event, direct_ticket

BERLIN = ZoneInfo("Europe/Berlin")
#: 02:00 CEST on the day clocks go back: the wall clock reads 02:00-03:00 twice after it.
START = datetime(2026, 10, 25, 0, 0, tzinfo=UTC)


@attrs.frozen
class OwnMessage(CustomerMessage):
    """A customer message of the user's own type (a subclass)."""


@attrs.frozen
class OwnReply(AgentReply):
    """A public agent reply of the user's own type."""


@attrs.frozen
class OwnStatus(StatusChange):
    """A status change of the user's own type."""


@attrs.frozen
class OwnReopen(Reopen):
    """A reopen of the user's own type."""


def _local(minutes: int) -> datetime:
    """``START`` plus ``minutes``, written in Berlin's zone (``fold`` set by ``astimezone``)."""
    return (START + timedelta(minutes=minutes)).astimezone(BERLIN)


_STATUSES = list(Status)
_PRIORITIES = list(Priority)


@st.composite
def drawn(draw: st.DrawFn, *, own_types: bool = True) -> TicketHistory:
    """A valid history around the fold, some events of the user's own types."""
    by_agent = draw(st.booleans())
    ticket = Ticket("T", _local(0), created_by_agent=by_agent)
    n = draw(st.integers(0, 12))
    # Often at a few shared instants: several changes at one instant are a rule of their own.
    minute = st.one_of(st.sampled_from([0, 55, 60, 65, 120]), st.integers(0, 240))
    minutes = sorted(draw(st.lists(minute, min_size=n, max_size=n)))
    events: list[Event] = []
    resolved = False
    for i, m in enumerate(minutes):
        at, eid = _local(m), f"e{i}"
        own = own_types and draw(st.booleans())
        kind = draw(st.sampled_from(["message", "reply", "note", "status", "reopen", "priority"]))
        if kind == "reopen" and not resolved:
            kind = "message"  # only a resolved ticket can be reopened
        if kind == "message":
            events.append((OwnMessage if own else CustomerMessage)(eid, at))
        elif kind == "reply":
            auto = draw(st.booleans())
            events.append((OwnReply if own else AgentReply)(eid, at, automated=auto))
        elif kind == "note":
            events.append(InternalNote(eid, at))
        elif kind == "status":
            status = draw(st.sampled_from(_STATUSES))
            events.append((OwnStatus if own else StatusChange)(eid, at, status=status))
            resolved = status.is_resolved
        elif kind == "reopen":
            events.append((OwnReopen if own else Reopen)(eid, at))
            resolved = False
        else:
            events.append(PriorityChange(eid, at, priority=draw(st.sampled_from(_PRIORITIES))))
    return TicketHistory(ticket, events)


def _new_status(ev: Event) -> Status | None:
    if isinstance(ev, StatusChange):
        return ev.status
    if isinstance(ev, Reopen):
        return Status.OPEN
    return None


def _reference_status_at(h: TicketHistory, t: datetime) -> Status:
    status = Status.NEW
    for ev in h.events:
        new = _new_status(ev)
        if new is not None and ev.at.astimezone(UTC) <= t.astimezone(UTC):
            status = new
    return status


def _reference_moves(h: TicketHistory) -> tuple[list[datetime], list[datetime]]:
    solves: list[datetime] = []
    reopens: list[datetime] = []
    status = Status.NEW
    for ev in h.events:
        new = _new_status(ev)
        if new is None:
            continue
        if new.is_resolved and not status.is_resolved:
            solves.append(ev.at.astimezone(UTC))
        elif status.is_resolved and not new.is_resolved:
            reopens.append(ev.at.astimezone(UTC))
        status = new
    return solves, reopens


def _reference_first_reply(h: TicketHistory) -> datetime | None:
    replies = [e for e in h.events if isinstance(e, AgentReply)]
    if h.ticket.created_by_agent:
        replies = replies[1:]  # the opening message answers nobody
    found = [e.at for e in replies if not e.automated]
    return found[0].astimezone(UTC) if found else None


def _utc_all(ts: tuple[datetime, ...]) -> list[datetime]:
    return [t.astimezone(UTC) for t in ts]


@settings(max_examples=150, deadline=None)
@given(drawn())
def test_the_facts_of_a_history_follow_the_documented_rules(h: TicketHistory) -> None:
    solves, reopens = _reference_moves(h)
    assert _utc_all(h.solve_times()) == solves
    assert _utc_all(h.reopens()) == reopens
    assert h.reopen_count() == len(reopens)
    first = h.first_reply_at()
    assert (first.astimezone(UTC) if first else None) == _reference_first_reply(h)
    probes = [_local(m) for m in range(0, 250, 5)]
    for t in probes:
        assert h.status_at(t) is _reference_status_at(h, t), t
    assert h.final_status() is _reference_status_at(h, _local(10_000))
    # The spans tile the timeline from creation, each start in UTC order, no empty span, and
    # a span lasts as long as its status: the next starts where the status changes.
    spans = h.status_spans()
    starts = [s.start.astimezone(UTC) for s in spans]
    assert starts[0] == START
    assert all(a < b for a, b in itertools.pairwise(starts))
    assert all(a.status is not b.status for a, b in itertools.pairwise(spans))


@settings(max_examples=150, deadline=None)
@given(drawn())
def test_user_event_types_give_the_same_facts_as_the_librarys(h: TicketHistory) -> None:
    plain_types = {
        OwnMessage: CustomerMessage,
        OwnReply: AgentReply,
        OwnStatus: StatusChange,
        OwnReopen: Reopen,
    }
    plain = [
        plain_types[type(e)](**attrs.asdict(e, recurse=False)) if type(e) in plain_types else e
        for e in h.events
    ]
    twin = TicketHistory(h.ticket, plain)
    assert h.status_spans() == twin.status_spans()
    assert h.solve_times() == twin.solve_times()
    assert h.reopens() == twin.reopens()
    assert h.first_reply_at() == twin.first_reply_at()
    opening, twins = h.opening_message(), twin.opening_message()
    assert (opening and opening.id) == (twins and twins.id)


@settings(max_examples=100, deadline=None)
@given(drawn(own_types=False))
def test_the_priority_timeline_is_in_utc(h: TicketHistory) -> None:
    expected = [(START, h.ticket.priority)] + [
        (e.at.astimezone(UTC), e.priority) for e in h.events if isinstance(e, PriorityChange)
    ]
    got = h.priority_timeline()
    assert list(got) == expected
    assert all(t.utcoffset() == timedelta(0) for t, _ in got)


@settings(max_examples=150, deadline=None)
@given(drawn(), st.integers(-5, 250))
def test_a_cut_keeps_the_events_at_or_before_the_cutoff_in_utc(
    h: TicketHistory, minute: int
) -> None:
    cutoff = _local(minute)
    kept = cut_history(h, cutoff)
    assert [e.id for e in kept.events] == [
        e.id for e in h.events if e.at.astimezone(UTC) <= cutoff.astimezone(UTC)
    ]


@settings(max_examples=150, deadline=None)
@given(drawn(own_types=False), st.randoms(use_true_random=False))
def test_from_unsorted_sorts_by_instant_keeping_the_given_order_at_one(
    h: TicketHistory, rnd: object
) -> None:
    shuffled = list(h.events)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    # Reopens and status changes may land in an order no helpdesk records: keep only the
    # event types whose order breaks no rule.
    shuffled = [e for e in shuffled if _new_status(e) is None]
    expected = sorted(shuffled, key=lambda e: e.at.astimezone(UTC))  # stable
    got = TicketHistory.from_unsorted(h.ticket, shuffled)
    assert [e.id for e in got.events] == [e.id for e in expected]


@settings(max_examples=100, deadline=None)
@given(drawn(), st.booleans(), st.booleans())
def test_a_reopen_of_an_unresolved_ticket_is_refused(
    h: TicketHistory, solve_first: bool, own: bool
) -> None:
    # After a solve and a reopen (or with no solve at all) the ticket is unresolved, so one
    # more reopen is a history no helpdesk records: an EventOrderError, whatever the types.
    last = len(h.events) + 250
    tail: list[Event] = []
    if solve_first:
        tail += [StatusChange("s", _local(last), status="solved"), Reopen("o1", _local(last))]
    elif h.final_status().is_resolved:
        tail.append(Reopen("o1", _local(last)))
    tail.append((OwnReopen if own else Reopen)("o2", _local(last + 1)))
    with pytest.raises(EventOrderError, match="only a resolved ticket can be reopened"):
        TicketHistory(h.ticket, [*h.events, *tail])


def test_a_detour_and_a_new_status_at_one_instant_leave_the_earlier_span_as_it_was() -> None:
    # pending, then new again (a zero-length detour), then solved, all at one instant: the
    # ticket is new until that instant and solved from it.
    t0, t = _local(0), _local(60)
    h = TicketHistory(
        Ticket("T", t0),
        [
            StatusChange("p", t, status="pending"),
            StatusChange("n", t, status="new"),
            StatusChange("s", t, status="solved"),
        ],
    )
    assert h.status_at(t0) is Status.NEW
    assert h.status_at(_local(59)) is Status.NEW
    assert h.status_at(t) is Status.SOLVED
    assert [(s.status, s.start) for s in h.status_spans()] == [
        (Status.NEW, t0),
        (Status.SOLVED, t),
    ]


@settings(max_examples=100, deadline=None)
@given(drawn(own_types=False), st.integers(0, 3), st.integers(0, 30))
def test_a_cut_at_or_after_the_last_event_is_the_history_itself(
    h: TicketHistory, counted: int, after: int
) -> None:
    # Nothing is after the cutoff, so nothing is unknown: the history as it stood then is the
    # whole history, the export's count of lost reopens included.
    attributes = {PARTIAL_ATTRIBUTE: "reopens"} if counted else {}
    if counted:
        attributes[REOPENS_ATTRIBUTE] = counted
    whole = TicketHistory(attrs.evolve(h.ticket, attributes=attributes), h.events)
    cutoff = (whole.last_event_at.astimezone(UTC) + timedelta(minutes=after)).astimezone(BERLIN)
    cut = cut_history(whole, cutoff)
    assert cut == whole
    assert cut.ticket.attributes == attributes
    assert reopened(cut) is reopened(whole) is bool(counted or h.reopens())


def _counted(lost: bool) -> Ticket:
    attributes: dict[str, str | int] = {REOPENS_ATTRIBUTE: 1}
    if lost:
        attributes[PARTIAL_ATTRIBUTE] = "reopens"
    return Ticket("T", _local(0), attributes=attributes)


def test_a_cut_at_the_final_solve_keeps_the_count_of_lost_reopens() -> None:
    # The cut keeps the final solve (an event at the cutoff is known), before which every
    # lost reopen fell: the count still holds. Just before it, it does not.
    h = TicketHistory(
        _counted(lost=True),
        [StatusChange("s", _local(60), status="solved"), CustomerMessage("m", _local(90))],
    )
    at_solve = cut_history(h, _local(60))
    assert at_solve.ticket.attributes.get(REOPENS_ATTRIBUTE) == 1
    assert known_reopens(at_solve) == 1
    assert reopened(at_solve) is True
    before = cut_history(h, _local(59))
    assert REOPENS_ATTRIBUTE not in before.ticket.attributes
    assert reopened(before) is None


def test_a_cut_drops_the_count_beside_a_history_lacking_none_of_its_reopens() -> None:
    # Beside a history that shows every reopen the count told nothing the events do not:
    # a cut drops it, even where the cut keeps the final solve.
    h = TicketHistory(
        _counted(lost=False),
        [
            StatusChange("s1", _local(10), status="solved"),
            Reopen("o", _local(20)),
            StatusChange("s2", _local(60), status="solved"),
            CustomerMessage("m", _local(90)),
        ],
    )
    cut = cut_history(h, _local(60))
    assert REOPENS_ATTRIBUTE not in cut.ticket.attributes
    assert [e.id for e in cut.events] == ["s1", "o", "s2"]
    assert known_reopens(cut) == 1
    assert reopened(cut) is True


#: The supported range, as documented (``servicemodel.errors.require_instant``): 0002-01-02
#: inclusive to 9998-12-31 exclusive, in UTC, whatever the offset an instant is written in.
RANGE_START = datetime(2, 1, 2, tzinfo=UTC)
RANGE_END = datetime(9998, 12, 31, tzinfo=UTC)


@st.composite
def near_the_ends(draw: st.DrawFn) -> tuple[datetime, datetime]:
    """An instant within three days of an end of the range (UTC), and it written at an offset."""
    end = draw(st.sampled_from([RANGE_START, RANGE_END]))
    utc = end + timedelta(minutes=draw(st.integers(-3 * 1440, 3 * 1440)))
    offset = timezone(timedelta(minutes=draw(st.integers(-1439, 1439))))
    return utc, utc.astimezone(offset)


@settings(max_examples=200, deadline=None)
@given(near_the_ends())
def test_an_instant_is_held_exactly_when_it_lies_in_the_supported_range(
    drawn_instant: tuple[datetime, datetime],
) -> None:
    utc, local = drawn_instant
    inside = RANGE_START <= utc < RANGE_END
    created = RANGE_START if utc < datetime(5000, 1, 1, tzinfo=UTC) else RANGE_END - timedelta(10)
    built = [
        lambda: Ticket("T", local),
        lambda: CustomerMessage("m", local),
        lambda: history_from_dict({"id": "T", "created_at": local.isoformat(), "events": []}),
        lambda: history_from_dict(
            {
                "id": "T",
                "created_at": created.isoformat(),
                "events": [{"kind": "customer_message", "id": "m", "at": local.isoformat()}],
            }
        ),
    ]
    for build in built:
        if inside:
            build()
        else:
            with pytest.raises((OutOfRangeError, ConfigError), match="outside the supported"):
                build()


def test_known_reopens_are_those_shown_where_the_export_counted_fewer() -> None:
    # "The reopens its events show, or the count its export gave where that is more": a
    # count of 1 beside a history showing 2 reopens (the rest lost) is 2.
    attributes: dict[str, str | int] = {PARTIAL_ATTRIBUTE: "reopens", REOPENS_ATTRIBUTE: 1}
    h = TicketHistory(
        Ticket("T", _local(0), attributes=attributes),
        [
            StatusChange("s1", _local(10), status="solved"),
            Reopen("o1", _local(20)),
            StatusChange("s2", _local(30), status="closed"),
            Reopen("o2", _local(40)),
        ],
    )
    assert known_reopens(h) == 2


@pytest.mark.parametrize("flag", [True, False])
def test_a_bool_is_no_count_of_reopens(flag: bool) -> None:
    # A count of reopens is a whole number of at least 1; a bool (an int in Python) is none.
    with pytest.raises(ConfigError, match="whole number of at least 1"):
        Ticket("T", _local(0), attributes={PARTIAL_ATTRIBUTE: "reopens", REOPENS_ATTRIBUTE: flag})
    record = {
        "id": "T",
        "created_at": _local(0).isoformat(),
        "attributes": {PARTIAL_ATTRIBUTE: "reopens", REOPENS_ATTRIBUTE: flag},
        "events": [],
    }
    with pytest.raises(ConfigError, match="whole number of at least 1"):
        history_from_dict(record)


@pytest.mark.parametrize("end", [2**53, 2**53 + 1])
def test_a_scale_ends_at_most_at_two_to_the_53(end: int) -> None:
    # A rating's scale ends are counts: one past 2**53 (no exact float) is a ConfigError;
    # 2**53 itself is a count (docs/kpi.md, "The counts ... are whole numbers").
    if end <= 2**53:
        assert SatisfactionRating("r", _local(0), score=1, scale_max=end).scale_max == end
    else:
        with pytest.raises(ConfigError):
            SatisfactionRating("r", _local(0), score=1, scale_max=end)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Ticket("T", _local(0), created_by_agent=None),
        lambda: AgentReply("r", _local(0), automated=None),
    ],
)
def test_a_flag_that_must_be_true_or_false_refuses_none(build: object) -> None:
    # ``created_by_agent`` and ``automated`` are bools with a default: None is a value of
    # the wrong type (only ``first_contact`` may be unknown).
    with pytest.raises(InputTypeError, match="expected true or false"):
        build()  # type: ignore[operator]
    assert Ticket("T", _local(0), first_contact=None).first_contact is None


#: The documented order of priorities, lowest first.
_ORDER = ["low", "normal", "high", "urgent"]


@given(st.sampled_from(_ORDER), st.sampled_from(_ORDER))
def test_priorities_compare_as_their_documented_order(a: str, b: str) -> None:
    # "Ticket priority, ordered from LOW to URGENT": a strict order, so no priority is
    # below itself.
    i, j = _ORDER.index(a), _ORDER.index(b)
    pa, pb = Priority(a), Priority(b)
    assert (pa < pb, pa <= pb, pa > pb, pa >= pb) == (i < j, i <= j, i > j, i >= j)


#: Field values a record may hold, typed right or wrong, at the edges of what is allowed.
_ODD = st.sampled_from(
    [
        *(True, False, None, 0, 1, 3, 5, 1.0, 2.5, float("nan"), float("inf"), 2**53, 2**53 + 1),
        *("1", "", " ", "low", "Urgent", "Awaiting Vendor", [], ["a"], [""], {}),
        *({"k": 2**14000}, {"k": float("nan")}, {"servicemodel.reopens": 0}),
        {"servicemodel.partial": "reopens"},
    ]
)
_EVENT_RECORDS = [
    {"kind": "agent_reply", "id": "r", "at": "2026-03-02T09:00:00+01:00", "agent": "bo"},
    {"kind": "internal_note", "id": "n", "at": "2026-03-02T09:00:00+01:00", "agent": "bo"},
    {"kind": "satisfaction", "id": "s", "at": "2026-03-02T09:00:00+01:00", "score": 4},
    {"kind": "status_change", "id": "c", "at": "2026-03-02T09:00:00+01:00", "status": "open"},
    {"kind": "priority_change", "id": "p", "at": "2026-03-02T09:00:00Z", "priority": "high"},
]
_EVENT_KEYS = ["agent", "automated", "score", "survey", "scale_min", "scale_max", "label", "x"]
_TICKET_RECORD = {
    "id": "T",
    "created_at": "2026-03-02T09:00:00+01:00",
    "requester": "ann",
    "channel": "email",
    "priority": "high",
    "tags": ["a"],
    "attributes": {"k": 1},
    "created_by_agent": True,
    "first_contact": None,
}


def _or_none(build: Callable[[], object]) -> object:
    try:
        return build()
    except ServiceModelError:
        return None


def _fields(value: object) -> object:
    # Every field with its type: an int kept where the model keeps a float is another value.
    if value is None:
        return None
    return [
        (type(v), repr(sorted(v) if isinstance(v, frozenset) else v))
        for v in attrs.astuple(value, recurse=False)
    ]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_EVENT_RECORDS), st.sampled_from(_EVENT_KEYS), _ODD, st.booleans())
def test_the_loaders_fast_path_builds_an_event_only_as_the_model_would(
    base: dict[str, object], key: str, value: object, delete: bool
) -> None:
    # The fast path runs the model's checks inline, so it builds exactly what the model's
    # reader builds from the same record, or leaves the record to it.
    record = dict(base)
    if delete:
        record.pop(key, None)
    else:
        record[key] = value
    direct = direct_event(record)
    if direct is not None:
        assert _fields(direct) == _fields(_or_none(lambda: event_from_dict(record, "")))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([*_TICKET_RECORD, "x"]), _ODD, st.booleans())
def test_the_loaders_fast_path_builds_a_ticket_only_as_the_model_would(
    key: str, value: object, delete: bool
) -> None:
    record = dict(_TICKET_RECORD)
    if delete:
        record.pop(key, None)
    else:
        record[key] = value
    direct = direct_ticket(record)
    if direct is not None:
        assert _fields(direct) == _fields(_or_none(lambda: structure(record, Ticket, "")))


def test_an_update_past_the_wall_clock_is_refused_when_no_time_made_is_given() -> None:
    # "with an observed_until and no now, now is the wall clock": an update in year 9000 lies
    # after any clock this runs under, so it is refused and the last event kept.
    h = TicketHistory(Ticket("T", _local(0)), [CustomerMessage("m", _local(30))])
    update = datetime(9000, 1, 1, tzinfo=UTC)
    chosen = choose_snapshot([h], None, update, None, caller="measure")
    assert chosen.basis == "last_event"
    assert chosen.at.astimezone(UTC) == START + timedelta(minutes=30)
    assert chosen.refused_update == update


def test_the_priority_before_any_change_is_the_tickets_own_even_before_its_creation() -> None:
    # "The priority in force at t (the ticket's own priority before any change)": an instant
    # before the creation is before every change too.
    h = TicketHistory(
        Ticket("T", _local(60), priority="low", priority_label="P4"),
        [PriorityChange("p", _local(90), priority="urgent", label="P0")],
    )
    for t in (_local(0), _local(59), _local(60)):
        assert h.priority_at(t) is Priority.LOW
        assert h.priority_label_at(t) == "P4"
    assert h.priority_at(_local(90)) is Priority.URGENT


def test_the_assignment_before_any_change_is_the_tickets_own_even_before_its_creation() -> None:
    # assignee_at: "the ticket's own before any change", also before the creation.
    h = TicketHistory(
        Ticket("T", _local(60), group="tier-1", assignee="ann"),
        [AssignmentChange("a", _local(90), group="tier-2", assignee="bo")],
    )
    for t in (_local(0), _local(59), _local(60), _local(89)):
        assert h.assignee_at(t) == ("tier-1", "ann")
    assert h.assignee_at(_local(90)) == ("tier-2", "bo")
