"""The ticket model, SLA evaluation streams and policy conditions at their edges.

A ticket measured twice counts twice: ``evaluate_many`` refuses a repeated ticket id. A
condition built in code reads back from its ``to_dict`` however deep it nests (up to the
bound), and an empty ``AnyOf`` is refused as an empty ``any`` list is. An identifier (an id, a
group, an agent, a tag, an attribute name) holding a NUL is refused naming the field, built in
code as read from a record. An unknown status that another desk uses says what ours is.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.io import event_from_dict, history_from_dict, load_jsonl
from servicemodel.model import (
    AgentReply,
    AssignmentChange,
    InternalNote,
    Priority,
    SatisfactionRating,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import (
    AllOf,
    Always,
    AnyOf,
    AttributeIn,
    ChannelIn,
    Condition,
    GroupIn,
    HasTags,
    Not,
    PolicySet,
    PriorityIn,
    SLALeftOut,
    SLAPolicy,
    Target,
    TicketSLA,
    condition_from_dict,
    evaluate,
    evaluate_many,
)
from servicemodel.sla._condition import MAX_NESTING
from servicemodel.strategies import histories

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
POLICY = SLAPolicy(
    "p",
    {
        "normal": [Target("first_reply", "1h"), Target("resolution", "8h")],
        "urgent": [Target("first_reply", "15m")],
    },
)


def _history(tid: str, minutes: int = 30) -> TicketHistory:
    return TicketHistory(Ticket(tid, T0), [AgentReply(f"{tid}-r", T0 + timedelta(minutes=minutes))])


# -- a ticket measured once ----------------------------------------------------------------------


@pytest.mark.parametrize("partial", ["refuse", "leave_out"])
def test_evaluate_many_refuses_a_repeated_ticket_naming_it_and_its_place(partial: str) -> None:
    hs = [_history("A"), _history("B"), _history("A", 90)]
    stream = evaluate_many(POLICY, hs, partial=partial)  # type: ignore[arg-type]
    seen = [next(stream).ticket_id for _ in range(4)]  # two metrics each for A and B
    assert seen == ["A", "A", "B", "B"]
    with pytest.raises(ConfigError, match=r"ticket 'A' appears twice in histories") as info:
        next(stream)
    assert info.value.path == "histories[2]"


def test_a_left_out_tally_refuses_a_repeated_ticket_too() -> None:
    tally = SLALeftOut.empty(POLICY)
    with pytest.raises(ConfigError, match=r"^histories\[1\]: ticket 'A' appears twice"):
        list(tally.evaluations(iter([_history("A"), _history("A")])))


def test_a_repeated_item_that_is_no_history_is_still_a_type_error() -> None:
    with pytest.raises(InputTypeError, match="expected a TicketHistory"):
        list(evaluate_many(POLICY, [_history("A"), "A", "A"]))  # type: ignore[list-item]


@given(st.lists(histories(), min_size=1, max_size=6), st.data())
def test_evaluate_many_is_evaluate_of_each_and_refuses_the_first_repeat(
    hs: list[TicketHistory], data: st.DataObject
) -> None:
    # Law: the stream is the evaluations one by one up to the first ticket id met before,
    # which is refused at its place; with no repeat it is all of them.
    policies = PolicySet([POLICY])
    ids = [h.ticket.id for h in hs]
    first_repeat = next((i for i, tid in enumerate(ids) if tid in ids[:i]), None)
    if first_repeat is None and data.draw(st.booleans()):
        hs = [*hs, data.draw(st.sampled_from(hs))]
        first_repeat = len(hs) - 1
    expected = [m for h in hs[:first_repeat] for m in evaluate(policies, h)]
    got = []
    if first_repeat is None:
        got = list(evaluate_many(policies, hs))
    else:
        with pytest.raises(ConfigError) as info:
            got.extend(evaluate_many(policies, hs))
        assert info.value.path == f"histories[{first_repeat}]"
        assert repr(hs[first_repeat].ticket.id) in info.value.message
    assert got == expected


# -- conditions read back from their dict --------------------------------------------------------

_LEAVES = st.one_of(
    st.just(Always()),
    st.builds(PriorityIn, st.lists(st.sampled_from(list(Priority)), min_size=1, max_size=3)),
    st.builds(ChannelIn, st.lists(st.sampled_from(["email", "chat", "Phone"]), min_size=1)),
    st.builds(GroupIn, st.lists(st.sampled_from(["tier-1", "billing", "é x"]), min_size=1)),
    st.builds(
        HasTags, st.lists(st.sampled_from(["vip", "bug"]), min_size=1), require_all=st.booleans()
    ),
    st.builds(
        AttributeIn,
        st.sampled_from(["plan", "seats", ""]),
        st.lists(
            st.one_of(
                st.sampled_from(["gold", "", "1"]),
                st.integers(-(2**70), 2**70),
                st.floats(allow_nan=False, allow_infinity=False),
                st.booleans(),
                st.none(),
            ),
            min_size=1,
            max_size=3,
        ),
    ),
)


def _combined(children: st.SearchStrategy[Condition]) -> st.SearchStrategy[Condition]:
    return st.one_of(
        st.builds(Not, children),
        st.builds(AllOf, st.lists(children, max_size=3)),
        st.builds(AnyOf, st.lists(children, min_size=1, max_size=3)),
    )


@st.composite
def _deep(draw: st.DrawFn) -> Condition:
    """A drawn condition wrapped in combinators, often up to the nesting bound."""
    c = draw(st.recursive(_LEAVES, _combined, max_leaves=6))
    depth = draw(st.one_of(st.integers(0, 5), st.integers(MAX_NESTING - 5, MAX_NESTING)))
    pattern = draw(st.lists(st.integers(0, 4), min_size=1, max_size=4))  # repeated outwards
    leaf = draw(_LEAVES)
    wraps = [
        lambda c: Not(c),
        lambda c: AllOf([c]),
        lambda c: AnyOf([c]),
        lambda c: AllOf([c, leaf]),
        lambda c: AnyOf([leaf, c]),
    ]
    for level in range(depth):
        try:
            c = wraps[pattern[level % len(pattern)]](c)
        except ConfigError:  # past the bound: keep the deepest one built
            break
    return c


@given(_deep(), st.lists(st.builds(
    Ticket,
    id=st.just("K"),
    created_at=st.just(T0),
    channel=st.sampled_from(["email", "chat", "phone"]),
    priority=st.sampled_from(list(Priority)),
    group=st.sampled_from([None, "tier-1", "billing", "é x"]),
    tags=st.frozensets(st.sampled_from(["vip", "bug"])),
    attributes=st.dictionaries(
        st.sampled_from(["plan", "seats", ""]),
        st.one_of(st.sampled_from(["gold", "1"]), st.integers(-3, 3), st.booleans(), st.none()),
    ),
), max_size=4))  # fmt: skip
def test_a_condition_reads_back_from_its_dict_and_matches_the_same_tickets(
    c: Condition, tickets: list[Ticket]
) -> None:
    # Law: condition -> to_dict -> condition is the same condition, through JSON text too, and
    # a policy holding it reads back equal from its own to_dict; both match the same tickets.
    back = condition_from_dict(c.to_dict())
    assert back == c
    assert condition_from_dict(json.loads(json.dumps(c.to_dict()))) == c
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]}, condition=c)
    assert SLAPolicy.from_dict(policy.to_dict()) == policy
    for t in tickets:
        assert back.matches(t) == c.matches(t)


def test_a_condition_at_the_nesting_bound_reads_back_and_one_level_more_is_refused() -> None:
    c: Condition = GroupIn("g")
    for _ in range(MAX_NESTING - 1):
        c = Not(c)
    assert condition_from_dict(c.to_dict()) == c
    policies = PolicySet([SLAPolicy("p", {}, condition=c)])
    assert PolicySet.from_json(json.dumps(policies.to_dict())) == policies
    too_deep: Any = c.to_dict()
    for _ in range(2):
        too_deep = {"not": too_deep}
    with pytest.raises(ConfigError, match=f"nested more than {MAX_NESTING} levels"):
        condition_from_dict(too_deep)


def test_an_empty_any_of_is_refused_in_code_as_in_a_file() -> None:
    with pytest.raises(ConfigError, match="an AnyOf of no conditions matches no ticket"):
        AnyOf([])
    with pytest.raises(ConfigError, match="an empty 'any' list matches no ticket"):
        condition_from_dict({"any": []})
    assert condition_from_dict(AllOf([]).to_dict()) == AllOf([])  # all of none: every ticket


# -- identifiers hold no NUL -----------------------------------------------------------------------

_TICKET_NAMES = ["id", "requester", "group", "assignee"]


@pytest.mark.parametrize("field", _TICKET_NAMES)
@pytest.mark.parametrize("value", ["a\x00b", "\x00", "x\x00"])
def test_a_ticket_identifier_holding_a_nul_is_refused_naming_the_field(
    field: str, value: str
) -> None:
    kwargs: dict[str, Any] = {"id": "T", "created_at": T0, field: value}
    with pytest.raises(ConfigError, match=f"^{field}: {field} cannot hold a NUL") as info:
        Ticket(**kwargs)
    assert repr(value) in info.value.message
    record = {"id": "T", "created_at": "2026-03-02T09:00:00Z", field: value}
    with pytest.raises(ConfigError, match=f"^{field}: {field} cannot hold a NUL"):
        history_from_dict(record)


@pytest.mark.parametrize(
    ("kwargs", "path", "what"),
    [
        ({"tags": ["ok", "t\x00"]}, "tags", "a tag"),
        ({"attributes": {"plan": "x", "k\x00": 1}}, "attributes", "an attribute name"),
    ],
)
def test_a_tag_or_an_attribute_name_holding_a_nul_is_refused(
    kwargs: dict[str, Any], path: str, what: str
) -> None:
    pattern = f"^{path}: {what} cannot hold a NUL"
    with pytest.raises(ConfigError, match=pattern):
        Ticket("T", T0, **kwargs)
    with pytest.raises(ConfigError, match=pattern):
        history_from_dict({"id": "T", "created_at": "2026-03-02T09:00:00Z", **kwargs})


def test_an_attribute_value_may_hold_a_nul() -> None:
    # A value is free text (a subject line, a form field), not a name a policy matches by.
    assert Ticket("T", T0, attributes={"note": "a\x00b"}).attributes == {"note": "a\x00b"}


_AT = "2026-03-02T09:00:00Z"


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"kind": "customer_message", "id": "e\x00"}, "id"),
        ({"kind": "agent_reply", "id": "e", "agent": "a\x00"}, "agent"),
        ({"kind": "internal_note", "id": "e", "agent": "\x00"}, "agent"),
        ({"kind": "assignment_change", "id": "e", "group": "g\x00"}, "group"),
        ({"kind": "assignment_change", "id": "e", "assignee": "a\x00"}, "assignee"),
        ({"kind": "satisfaction", "id": "e", "score": 4, "survey": "cs\x00at"}, "survey"),
    ],
)
def test_an_event_identifier_holding_a_nul_is_refused_naming_the_field(
    record: dict[str, Any], field: str
) -> None:
    data = {**record, "at": _AT}
    with pytest.raises(ConfigError, match=f"^{field}: {field} cannot hold a NUL"):
        event_from_dict(data)
    ticket = {"id": "T", "created_at": _AT, "events": [data]}
    with pytest.raises(ConfigError, match=rf"^events\[0\]\.{field}: {field} cannot hold a NUL"):
        history_from_dict(ticket)
    line = json.dumps(ticket)
    with pytest.raises(ConfigError, match=rf"^line 1: events\[0\]\.{field}: .*NUL"):
        load_jsonl([line])


def test_events_built_in_code_refuse_a_nul_in_their_names() -> None:
    for build, field in [
        (lambda: AgentReply("e", T0, agent="a\x00"), "agent"),
        (lambda: InternalNote("e\x00", T0), "id"),
        (lambda: AssignmentChange("e", T0, group="\x00"), "group"),
        (lambda: SatisfactionRating("e", T0, score=4, survey="\x00"), "survey"),
    ]:
        with pytest.raises(ConfigError, match=f"^{field}: {field} cannot hold a NUL"):
            build()


def test_a_name_of_the_wrong_type_names_its_field() -> None:
    with pytest.raises(InputTypeError, match=r"^group: expected a string or None, got int 5"):
        Ticket("T", T0, group=5)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"^group: expected a string or None, got int 5"):
        history_from_dict({"id": "T", "created_at": _AT, "group": 5})


@given(st.text(alphabet="ab\x00 é", min_size=1, max_size=6))
def test_an_identifier_is_taken_exactly_when_it_holds_no_nul(name: str) -> None:
    # Law: the model (in code) and a record (the loaders' fast path or the converter) agree:
    # a name with no NUL is kept as given, one with a NUL is a ConfigError naming it.
    record = {"id": name, "created_at": _AT, "group": name, "tags": [name]}
    if "\x00" in name:
        with pytest.raises(ConfigError, match="cannot hold a NUL"):
            Ticket(name, T0)
        with pytest.raises(ConfigError, match="cannot hold a NUL"):
            history_from_dict(record)
    else:
        h = history_from_dict(record)
        assert (h.ticket.id, h.ticket.group, h.ticket.tags) == (name, name, frozenset([name]))
        assert h.ticket == Ticket(name, T0, group=name, tags=[name])


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: GroupIn(["a", "b\x00"]), r"^\[1\]: a name cannot hold a NUL"),
        (lambda: HasTags("t\x00"), r"^a name cannot hold a NUL, got 't\\x00'"),
        (lambda: AttributeIn("k\x00", [1]), r"^name: an attribute name cannot hold a NUL"),
        (
            lambda: condition_from_dict({"group": ["x", "g\x00"]}),
            r"^group\[1\]: a name cannot hold a NUL",
        ),
        (
            lambda: condition_from_dict({"attributes": {"k\x00": [1]}}),
            r"^attributes: an attribute name cannot hold a NUL, got 'k\\x00'",
        ),
    ],
)
def test_a_condition_naming_a_group_tag_or_attribute_with_a_nul_is_refused(
    build: Any, message: str
) -> None:
    # No ticket's name holds a NUL (refused above), so such a condition could match none.
    with pytest.raises(ConfigError, match=message):
        build()


# -- statuses other desks name -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "ours"),
    [("hold", "on_hold"), ("Hold", "on_hold"), ("onhold", "on_hold"), ("resolved", "solved")],
)
def test_another_desks_status_word_is_refused_saying_what_ours_is(word: str, ours: str) -> None:
    with pytest.raises(ConfigError) as info:
        StatusChange("e", T0, status=word)
    text = str(info.value)
    assert text.startswith(f"status: unknown status {word!r}; expected one of ")
    assert all(s.value in text for s in Status)
    assert re.search(rf"is '{ours}' here\)$", text)
    assert StatusChange("e", T0, status=ours).status is Status(ours)


# -- constructors given the wrong shape ----------------------------------------------------------


@pytest.mark.parametrize("tags", [{"vip": False}, {"vip": True, "bug": False}])
def test_tags_given_as_a_mapping_are_refused_not_read_as_its_keys(tags: dict[str, bool]) -> None:
    # frozenset(mapping) is its keys: {"vip": False} tagged the ticket vip.
    with pytest.raises(InputTypeError, match=r"^tags: expected a collection of strings, got dict"):
        Ticket("T", T0, tags=tags)  # type: ignore[arg-type]
    wanted = [k for k, v in tags.items() if v]
    assert Ticket("T", T0, tags=wanted).tags == frozenset(wanted)


def test_a_stored_live_state_naming_an_event_id_with_a_nul_is_refused_at_it() -> None:
    state = TicketSLA(POLICY, Ticket("T", T0))
    state.apply(AgentReply("r1", T0 + timedelta(minutes=5)))
    stored = state.to_dict()
    assert TicketSLA.from_dict(stored, POLICY).to_dict() == stored
    stored["ids"] = ["r\x001"]
    with pytest.raises(
        ConfigError, match=r"ids\[0\]: an event id cannot hold a NUL, got 'r\\x001'"
    ):
        TicketSLA.from_dict(stored, POLICY)


@pytest.mark.parametrize("events", [{"a": 1}, "e1", 5])
def test_a_records_events_that_are_no_list_are_refused_as_such(events: Any) -> None:
    # A mapping iterated as its keys: the error named the first key as an event.
    record = {"id": "T", "created_at": _AT, "events": events}
    with pytest.raises(ConfigError, match=r"^events: events must be a list, got "):
        history_from_dict(record)
    with pytest.raises(ConfigError, match=r"^line 1: events: events must be a list, got "):
        load_jsonl([json.dumps(record)])
