"""Fuzz a live state's ticket as created and event fingerprints (``created_fields``,
``fingerprints``), ``TicketSLA.rebuild``, another event under an applied id (``EventIdError``),
and Zendesk's automated replies read from ``via``.

Harnesses, each checking the error contract (``assert_contract``: a ``ServiceModelError`` with
a message, never another type, never a hang):

- ``TicketSLA.from_dict`` with ``created_fields`` and ``fingerprints`` of any value (types,
  lengths, upper case and non-hex digits, one id listed twice, a hundred thousand entries):
  it loads, and what it loads writes a row that reads back equal, or it is a ``ConfigError``
  whose path names the key;
- ``TicketSLA.from_dict`` over stored states mutated at random after a JSON round trip: the
  same outcomes, any path; a state that loads measures, lists its timers and rebuilds within
  the contract;
- events with hostile ids and fields, from a small pool of ids (so ids repeat, with the same
  event or another) and instants (so some are late), through ``apply``, ``replay`` and
  ``rebuild``: a refused event leaves the state unchanged, the accepted ones replay and
  rebuild to the same state, and a state read back from its row ignores their redelivery;
  a desk's own event subclass with fields that are no JSON type;
- Zendesk audits and ticket events whose ``via`` objects (of the audit, of a comment) are
  hostile, read in collect mode: the other tickets read as without it, and the ticket itself
  reads with only its replies' ``automated`` flags changed, or is its own error.

Found and fixed: a desk's own event subclass with a field JSON cannot write even by ``repr``
(an int past Python's 4,300-digit limit for text, a dict keyed by tuples, a list nested
thousands deep) raised ``ValueError``, ``TypeError`` or ``RecursionError`` from ``to_dict``
and from the redelivery of the event; it is an ``InputTypeError`` naming the event. A stored
``fingerprints`` list holding an array raised numpy's ambiguous-truth ``ValueError``; it is
the ``ConfigError`` naming its entry.

A desk's event subclass written in a module with ``from __future__ import annotations`` is
written by ``event_to_dict`` and stored in a live state (it raised ``NameError`` for
``ClassVar``).

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=500 SERVICEMODEL_HYPOTHESIS=explore \
        .venv/bin/python -m pytest -p no:cacheprovider -x \
        tests/fuzz/test_fuzz_live_state_rebuild_and_event_ids.py
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import (
    ConfigError,
    EventIdError,
    EventOrderError,
    InputTypeError,
    ServiceModelError,
)
from servicemodel.io import zendesk
from servicemodel.model import (
    AgentReply,
    AssignmentChange,
    CustomerMessage,
    Event,
    InternalNote,
    PriorityChange,
    StatusChange,
    Ticket,
)
from servicemodel.sla import SLAPolicy, Target, TicketSLA

from .conftest import assert_contract, folder, fuzz_settings, require, show
from .hostile import DEEP, HUGE, hostile, mutated

pytestmark = pytest.mark.fuzz

DATA = Path(__file__).parent.parent / "data"
ZD = DATA / "zendesk" / "automated"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
POLICY = SLAPolicy(
    "p",
    {
        "normal": [
            Target("first_reply", "4h", business=False),
            Target("next_reply", "2h", business=False),
            Target("resolution", "1d", business=False),
        ],
        "high": [Target("first_reply", "1h", business=False)],
    },
)


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _states() -> list[TicketSLA]:
    """Stored states of every shape the optional keys take."""
    fresh = TicketSLA(POLICY, Ticket("T", T0, group="g1"))
    moved = fresh.copy()
    for ev in [
        CustomerMessage("m1", _at(1)),
        AssignmentChange("a1", _at(2), group="g2", assignee="ann"),
        PriorityChange("p1", _at(3), priority="high"),
        AgentReply("r1", _at(30)),
        StatusChange("s1", _at(40), status="solved"),
    ]:
        moved.apply(ev)
    # A row written before fingerprints and the ticket as created were kept.
    old = moved.to_dict()
    del old["fingerprints"], old["created_fields"]
    return [fresh, moved, TicketSLA.from_dict(old, POLICY)]


STATES = _states()
ROWS = [json.loads(json.dumps(s.to_dict())) for s in STATES]


def _loaded(state: TicketSLA) -> None:
    """A state that loaded measures within the contract and writes a row that reads back."""
    assert_contract(state.measurements)
    assert_contract(state.measurements, ended=True)
    assert_contract(state.timers)
    if state.created_ticket is not None:
        assert_contract(state.rebuild, [])
    row = assert_contract(state.to_dict)
    if isinstance(row, ServiceModelError):
        require(False, "TO_DICT", f"{state!r}: {row}", type(row).__name__)
        return
    text = assert_contract(json.dumps, row, allow_nan=False)
    back = assert_contract(TicketSLA.from_dict, json.loads(text), POLICY)
    require(back == state, "ROUND TRIP", f"{show(row)} reads back {back!r}", "from_dict")


def _hexes() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.text("0123456789abcdef", min_size=12, max_size=12),
        st.text("0123456789abcdefABCDEFg \n", min_size=11, max_size=13),
        st.sampled_from(["", "0" * 12 + "\n", "\u0660" * 12, "0x" + "0" * 10, " " * 12]),
        st.none(),
        hostile(),
    )


def _fingerprint_values(n: int) -> st.SearchStrategy[Any]:
    """Lists of ``n`` entries (or about), hostile entries, ids listed twice, huge lists."""
    return st.one_of(
        hostile(),
        st.lists(_hexes(), min_size=n, max_size=n),
        st.lists(_hexes(), min_size=max(n - 1, 0), max_size=n + 1),
        st.sampled_from([["0" * 12] * 100_000, [None] * 100_000, [HUGE] * n, [DEEP] * n]),
    )


def _created_values() -> st.SearchStrategy[Any]:
    names = st.one_of(st.none(), st.sampled_from(["g1", "g2", "ann", "", " "]), hostile())
    return st.one_of(
        hostile(),
        st.fixed_dictionaries({"group": names, "assignee": names}),
        st.fixed_dictionaries(
            {"group": names}, optional={"assignee": names, "extra": hostile(), "": hostile()}
        ),
        st.sampled_from([{"group": "x" * 100_000, "assignee": None}, {"group": DEEP}]),
    )


@given(st.data(), st.sampled_from(range(len(ROWS))), st.sampled_from(["fingerprints", "created"]))
@fuzz_settings(300)
def test_created_fields_and_fingerprints_of_any_value(data: Any, i: int, key: str) -> None:
    row = copy.deepcopy(ROWS[i])
    if key == "fingerprints":
        row["fingerprints"] = data.draw(_fingerprint_values(len(row["ids"])))
    else:
        key = "created_fields"
        row["created_fields"] = data.draw(_created_values())
    out = assert_contract(TicketSLA.from_dict, row, POLICY)
    if isinstance(out, ServiceModelError):
        require(isinstance(out, ConfigError), "WRONG ERROR", f"{out!r}", type(out).__name__)
        path = getattr(out, "path", "")
        require(path.startswith(key), "UNNAMED", f"{key}: {out}", key)
        return
    _loaded(out)
    if key == "fingerprints" and row["ids"]:
        # The fingerprints read are the ones it tells a redelivery by, and writes back.
        found = out.to_dict().get("fingerprints")
        given_ = row["fingerprints"]
        want = None if all(f is None for f in given_) else given_
        require(found == want, "FINGERPRINTS", f"{show(given_)} written as {show(found)}", key)


@given(st.sampled_from(range(len(ROWS))).flatmap(lambda i: mutated(ROWS[i], 3)))
@fuzz_settings(300)
def test_a_state_mutated_in_storage_loads_or_names_a_path(row: Any) -> None:
    out = assert_contract(TicketSLA.from_dict, row, POLICY)
    if isinstance(out, ServiceModelError):
        require(isinstance(out, ConfigError), "WRONG ERROR", f"{out!r}", type(out).__name__)
        # Only a row that is no mapping at all has no field to name.
        require(
            bool(out.path) or not isinstance(row, dict),
            "UNNAMED",
            f"{show(row)[:300]}: {out}",
            str(out)[:40],
        )
        return
    _loaded(out)
    if row in ROWS:  # a mutation that changed nothing (a value copied onto itself)
        require(out == STATES[ROWS.index(row)], "NOT EQUAL", show(row), "unchanged row")


# -- events with hostile ids and fields ------------------------------------------------------

_KINDS: dict[str, Any] = {
    "message": CustomerMessage,
    "reply": AgentReply,
    "note": InternalNote,
    "status": StatusChange,
    "priority": PriorityChange,
    "assign": AssignmentChange,
}
_FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "status": st.one_of(st.sampled_from(["open", "pending", "solved", "hold"]), hostile()),
    "priority": st.one_of(st.sampled_from(["low", "high", "urgent"]), hostile()),
    "group": st.one_of(st.sampled_from(["g1", "g2"]), hostile()),
    "automated": st.one_of(st.booleans(), hostile()),
}
_FIELDS_OF = {"status": "status", "priority": "priority", "assign": "group", "reply": "automated"}


@st.composite
def _events(draw: st.DrawFn) -> list[Any]:
    """Events (or the errors making them raised) from a small pool of ids and instants."""
    out: list[Any] = []
    for _ in range(draw(st.integers(1, 10))):
        kind = draw(st.sampled_from(sorted(_KINDS)))
        eid = draw(
            st.one_of(st.sampled_from(["e1", "e2", "e3", "e1 ", "E1"]), hostile(), st.text())
        )
        at = _at(draw(st.integers(-5, 60)))
        kwargs: dict[str, Any] = {}
        field = _FIELDS_OF.get(kind)
        if field is not None:
            kwargs[field] = draw(_FIELD_VALUES[field])
        out.append(assert_contract(_KINDS[kind], eid, at, **kwargs))
    return out


@given(_events())
@fuzz_settings(200)
def test_hostile_events_through_apply_replay_and_rebuild(events: list[Any]) -> None:
    state = TicketSLA(POLICY, Ticket("T", T0, group="g1"))
    accepted: list[Event] = []
    for ev in events:
        if isinstance(ev, ServiceModelError):
            continue
        before = state.to_dict()
        out = assert_contract(state.apply, ev)
        if isinstance(out, ServiceModelError):
            require(
                isinstance(out, EventOrderError | InputTypeError),
                "WRONG ERROR",
                f"{ev!r}: {out!r}",
                type(out).__name__,
            )
            require(state.to_dict() == before, "CHANGED", f"{ev!r}: {out}", "refused apply")
            if isinstance(out, EventIdError):
                require(any(a.id == ev.id for a in accepted), "ID", f"{ev!r}", "id error")
        elif out:
            accepted.append(ev)
    made = [ev for ev in events if isinstance(ev, Event)]
    replayed = assert_contract(TicketSLA.replay, POLICY, Ticket("T", T0, group="g1"), accepted)
    require(replayed == state, "REPLAY", f"{accepted!r}", "replay")
    rebuilt = assert_contract(state.rebuild, accepted)
    require(rebuilt == state, "REBUILD", f"{accepted!r}", "rebuild")
    assert_contract(state.rebuild, made)  # any order, ids reused: the contract only
    back = assert_contract(TicketSLA.from_dict, json.loads(json.dumps(state.to_dict())), POLICY)
    require(back == state, "ROUND TRIP", f"{accepted!r}", "from_dict")
    for ev in accepted:
        again = assert_contract(back.apply, ev)
        require(again is False, "REDELIVERY", f"{ev!r}: {again!r}", "redelivery")


#: A desk's own event, with a field of any value. Made with ``make_class``: a class written
#: in this module (``from __future__ import annotations``) meets the known limit below.
_DeskEvent = attrs.make_class(
    "_DeskEvent", {"payload": attrs.field(default=None)}, bases=(Event,), frozen=True
)


@attrs.frozen
class _AnnotatedEvent(Event):
    """A desk's own event written in a module with ``from __future__ import annotations``."""

    payload: Any = None


def test_a_desks_event_written_under_postponed_annotations_is_stored() -> None:
    # typing read the string annotations of Event, a base class, in servicemodel.model (its
    # published __module__), which lacks ClassVar: event_to_dict raised NameError.
    state = TicketSLA(POLICY, Ticket("T", T0))
    assert state.apply(_AnnotatedEvent("d1", _at(1), payload=1))
    assert state.to_dict()["ids"] == ["d1"]


@given(st.one_of(hostile(), st.sampled_from([HUGE, DEEP, {(1, 2): 3}, {1: 2}, b"\xff", {1, 2}])))
@fuzz_settings(100)
def test_a_desks_own_event_with_a_field_of_any_value(payload: Any) -> None:
    state = TicketSLA(POLICY, Ticket("T", T0))
    ev = assert_contract(_DeskEvent, "d1", _at(1), payload=payload)
    if isinstance(ev, ServiceModelError):
        return
    assert_contract(state.apply, ev)
    assert_contract(state.apply, _DeskEvent("d1", _at(1), payload=payload))  # a redelivery
    out = assert_contract(state.apply, _DeskEvent("d1", _at(1), payload="other"))
    require(isinstance(out, ServiceModelError), "ACCEPTED", show(payload), "another event")
    row = assert_contract(state.to_dict)
    if isinstance(row, ServiceModelError):
        require("d1" in str(row), "UNNAMED", str(row), "to_dict")


def test_a_desks_event_json_cannot_write_is_an_error_naming_it() -> None:
    for payload in (HUGE, {(1, 2): 3}, DEEP):
        state = TicketSLA(POLICY, Ticket("T", T0))
        assert state.apply(_DeskEvent("d1", _at(1), payload=payload))
        with pytest.raises(InputTypeError, match="event 'd1'"):
            state.to_dict()
        with pytest.raises(InputTypeError, match="event 'd1'"):
            state.apply(_DeskEvent("d1", _at(1), payload=payload))


# -- Zendesk via objects ---------------------------------------------------------------------


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _vias() -> st.SearchStrategy[Any]:
    channels = st.one_of(
        st.sampled_from(["rule", "web", "answer_bot", "answer_bot_for_agents", 8, 64, 0]),
        st.sampled_from([8.0, True, "RULE", " rule", ["rule"], {"rule": 1}, HUGE, -(2**63)]),
        hostile(),
    )
    sources = st.one_of(
        st.none(),
        st.fixed_dictionaries(
            {"rel": st.one_of(st.sampled_from(["trigger", "automation", None, ["trigger"]]))}
        ),
        hostile(),
    )
    return st.one_of(
        hostile(),
        st.fixed_dictionaries({"channel": channels}, optional={"source": sources}),
        st.sampled_from([DEEP, "Web form", [], {}, {"source": {"rel": {"trigger": 1}}}]),
    )


def _load(tickets: Any, audits: Any) -> Any:
    with folder() as d:
        files = [d / "tickets.json", d / "audits.json"]
        files[0].write_text(json.dumps(tickets), encoding="utf-8")
        try:
            files[1].write_text(json.dumps(audits), encoding="utf-8")
        except (TypeError, ValueError, RecursionError):  # no JSON for it
            return None
        return assert_contract(zendesk.load, files, on_error="collect")


def _plain(h: Any) -> list[Any]:
    """The history's events, every reply marked as a person's."""
    return [attrs.evolve(e, automated=False) if isinstance(e, AgentReply) else e for e in h.events]


TICKETS = _json(ZD / "tickets.json")
SOURCES = {"audits": _json(ZD / "audits.json"), "ticket_events": _json(ZD / "ticket_events.json")}
BASE = {
    key: {h.id: h for h in zendesk.load([ZD / "tickets.json", ZD / name]).histories}
    for key, name in [("audits", "audits.json"), ("ticket_events", "ticket_events.json")]
}


@given(
    st.sampled_from(sorted(SOURCES)),
    st.data(),
    st.sampled_from(["record", "comment"]),
    _vias(),
)
@fuzz_settings(200)
def test_a_hostile_via_costs_its_ticket_only(source: str, data: Any, where: str, via: Any) -> None:
    pages = copy.deepcopy(SOURCES[source])
    records = pages[source]
    k = data.draw(st.integers(0, len(records) - 1))
    record = records[k]
    children = record["events"] if source == "audits" else record["child_events"]
    if where == "record":
        record["via"] = via
    else:
        comments = [e for e in children if e.get("type") == "Comment"] or children
        data.draw(st.sampled_from(comments))["via"] = via
    out = _load(TICKETS, pages)
    if out is None:
        return
    if isinstance(out, ServiceModelError):
        require(False, "WHOLE LOAD", f"{source} via={show(via)}: {out}", source)
        return
    tid = str(record["ticket_id"])
    got = {h.id: h for h in out.histories}
    for other, h in BASE[source].items():
        if other != tid:
            require(got.get(other) == h, "COST OTHERS", f"via={show(via)}: {other}", source)
    if tid in got:
        same = _plain(got[tid]) == _plain(BASE[source][tid])
        require(same, "CHANGED", f"via={show(via)}: {got[tid].events}", source)
        require(got[tid].ticket == BASE[source][tid].ticket, "TICKET", show(via), source)
    else:
        require(len(out.errors) == 1, "ERRORS", show(out.errors), source)
        require(tid in str(out.errors[0]), "UNNAMED", str(out.errors[0]), source)


def test_a_fingerprint_that_is_an_array_is_a_config_error_naming_it() -> None:
    np = pytest.importorskip("numpy")
    row = copy.deepcopy(ROWS[1])
    row["fingerprints"] = [None] * (len(row["ids"]) - 1) + [np.array([1, 2])]
    with pytest.raises(ConfigError, match=r"fingerprints\[4\]"):
        TicketSLA.from_dict(row, POLICY)


def test_a_ticket_events_own_via_object_marks_its_comments_without_one() -> None:
    # The ticket event export's ``via`` is mostly a display text; when it is an object, it
    # says who made the update, as an audit's does.
    pages = copy.deepcopy(SOURCES["ticket_events"])
    for record in pages["ticket_events"]:
        for child in record["child_events"]:
            via = child.pop("via", None)
            if child.get("event_type") == "Comment":
                record["via"] = via
    (page,) = TICKETS if isinstance(TICKETS, list) else [TICKETS]
    got = {h.id: h for h in zendesk.histories([page], ticket_events=pages["ticket_events"])}
    for tid, h in BASE["ticket_events"].items():
        assert got[tid].events == h.events
    assert [r.automated for r in got["8001"].agent_replies()] == [True, False]
