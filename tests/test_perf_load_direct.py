"""The loader's direct path builds exactly what the converter and the model build, or defers.

Exactly: the same type, and every field of the same type with the same repr (a float score,
an enum member, a timestamp's own offset), not merely equal values. The fused order check and
eager pass of a history give what the two passes give, and the same error when they refuse.
"""

from __future__ import annotations

import copy
import itertools
import pickle
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import EventOrderError, ServiceModelError
from servicemodel.io import history_from_dict, history_to_dict, load_jsonl
from servicemodel.io._records import event_from_dict, structure
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Event,
    Reopen,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.model._direct import direct_event, direct_ticket
from servicemodel.model._facts import check_order, checked_derive, derive
from servicemodel.strategies import histories

VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.just(10**400)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["On-Hold", " solved ", "URGENT", "nps", "", " ", "pending"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)
TIMES = st.sampled_from(
    [
        "2026-03-02T09:00:00Z",
        " 2026-03-02T09:00:00+01:00 ",
        "2026-03-02T09:00:00",
        "0001-01-01T00:00:00+14:00",
        "0003-01-01T00:00:00+14:00",
        "9997-12-31T23:00:00-05:00",
        "9999-12-31T23:00:00-05:00",
        "x",
    ]
)


def _shape(value: Any) -> Any:
    if attrs.has(type(value)):
        fields = attrs.astuple(value, recurse=False)
        return type(value), [(type(v), _repr(v), _shape(v)) for v in fields]
    return None


def _repr(value: Any) -> str:
    # A set's order depends on how it was built (a pickled one is rebuilt): sorted here.
    return repr(sorted(value)) if isinstance(value, frozenset) else repr(value)


def _same(a: Any, b: Any) -> bool:
    return _shape(a) == _shape(b) and a == b


def _or_none(build: Any) -> Any:
    try:
        return build()
    except ServiceModelError:
        return None


@given(histories())
def test_well_formed_records_are_built_directly_exactly_as_the_converter_builds(
    h: TicketHistory,
) -> None:
    record = history_to_dict(h)
    for ev, original in zip(record.pop("events"), h.events, strict=True):
        direct = direct_event(ev)
        assert direct is not None
        assert _same(direct, event_from_dict(ev, ""))
        assert direct == original
    ticket = direct_ticket(record)
    assert ticket is not None
    assert _same(ticket, structure(record, Ticket, ""))
    assert ticket == h.ticket


@given(histories(min_events=1), st.data())
def test_a_damaged_event_is_built_directly_only_as_the_converter_builds_it(
    h: TicketHistory, data: st.DataObject
) -> None:
    ev = history_to_dict(h)["events"][data.draw(st.integers(0, len(h.events) - 1))]
    for _ in range(data.draw(st.integers(1, 2))):
        key = data.draw(st.sampled_from([*ev, "extra", "label", "agent", "survey", "scale_min"]))
        if data.draw(st.booleans()) and key in ev:
            del ev[key]
        else:
            ev[key] = data.draw(VALUES | TIMES)
    direct = direct_event(ev)
    if direct is not None:
        assert _same(direct, _or_none(lambda: event_from_dict(ev, "")))


@given(histories(), st.data())
def test_a_damaged_ticket_is_built_directly_only_as_the_converter_builds_it(
    h: TicketHistory, data: st.DataObject
) -> None:
    record = history_to_dict(h)
    del record["events"]
    key = data.draw(st.sampled_from([*record, "extra"]))
    if data.draw(st.booleans()) and key in record:
        del record[key]
    else:
        record[key] = data.draw(VALUES | TIMES)
    direct = direct_ticket(record)
    if direct is not None:
        assert _same(direct, _or_none(lambda: structure(record, Ticket, "")))


@given(histories())
def test_directly_built_values_pickle_evolve_hash_and_print_as_the_usual_ones(
    h: TicketHistory,
) -> None:
    record = history_to_dict(h)
    loaded = history_from_dict(record)
    ticket = structure({k: v for k, v in record.items() if k != "events"}, Ticket, "")
    usual = TicketHistory(ticket, [event_from_dict(ev, "") for ev in record["events"]])
    assert loaded == usual == h
    assert repr(loaded) == repr(usual)
    for ev, other in zip(loaded.events, usual.events, strict=True):
        assert hash(ev) == hash(other)
        assert _same(pickle.loads(pickle.dumps(ev)), other)
        assert _same(attrs.evolve(ev), other)
        assert _same(copy.deepcopy(ev), other)
    assert _same(attrs.evolve(loaded.ticket), usual.ticket)
    assert _same(pickle.loads(pickle.dumps(loaded.ticket)), usual.ticket)
    back = pickle.loads(pickle.dumps(loaded))
    assert back == usual
    assert _same(back.ticket, usual.ticket)


@given(histories())
def test_the_fused_pass_gives_what_the_two_passes_give(h: TicketHistory) -> None:
    assert checked_derive(h.ticket, h.events) == derive(h.ticket, h.events)


def _order_error(ticket: Ticket, events: list[Event]) -> str | None:
    try:
        check_order(ticket, tuple(events))
    except EventOrderError as exc:
        return str(exc)
    return None


@given(histories(min_events=2), st.data())
def test_a_broken_order_is_refused_with_the_same_error(
    h: TicketHistory, data: st.DataObject
) -> None:
    events = list(h.events)
    i = data.draw(st.integers(0, len(events) - 1))
    how = data.draw(st.sampled_from(["swap", "repeat id", "early", "reopen"]))
    if how == "swap":
        events[0], events[i] = events[i], events[0]
    elif how == "repeat id":
        events[i] = attrs.evolve(events[i], id=events[0].id)
    elif how == "early":
        events[i] = attrs.evolve(events[i], at=h.ticket.created_at - timedelta(seconds=1))
    else:
        events.insert(i, Reopen("x-reopen", events[i].at))
    expected = _order_error(h.ticket, events)
    if expected is None:
        TicketHistory(h.ticket, events)
        return
    with pytest.raises(EventOrderError) as caught:
        TicketHistory(h.ticket, events)
    assert str(caught.value) == expected


def test_an_event_type_of_the_users_is_handled_by_the_two_passes() -> None:
    @attrs.frozen
    class BotReply(AgentReply):
        pass

    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    events = [CustomerMessage("m", t0), BotReply("b", t0 + timedelta(minutes=5))]
    h = TicketHistory(Ticket("T", t0), events)
    assert checked_derive(h.ticket, h.events) is None
    assert h.first_reply_at() == t0 + timedelta(minutes=5)


def test_instants_in_other_offsets_and_at_one_instant_keep_their_order_and_spans() -> None:
    plus2 = timezone(timedelta(hours=2))
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    events = [
        StatusChange("a", t0.astimezone(plus2), status="open"),
        StatusChange("b", t0, status="new"),
        StatusChange("c", t0 + timedelta(hours=1), status="solved"),
        Reopen("d", (t0 + timedelta(hours=2)).astimezone(plus2)),
    ]
    h = TicketHistory(Ticket("T", t0.astimezone(plus2)), events)
    assert checked_derive(h.ticket, h.events) == derive(h.ticket, h.events)
    assert [s.status.value for s in h.status_spans()] == ["new", "solved", "open"]


def test_loading_lines_builds_what_the_converter_builds() -> None:
    line = (
        '{"id": "A", "created_at": "2026-01-05T09:00:00+02:00", "priority": "High", '
        '"channel": "WhatsApp", "tags": ["x"], "attributes": {"n": 1.5}, "events": ['
        '{"kind": "status_change", "id": "s", "at": " 2026-01-05T09:30:00+02:00", '
        '"status": "On-Hold", "label": "Vendor"}, '
        '{"kind": "satisfaction", "id": "r", "at": "2026-01-05T10:00:00+02:00", "score": 9, '
        '"survey": "nps", "scale_min": 0, "scale_max": 10}]}'
    )
    (h,) = load_jsonl([line]).histories
    assert h.ticket.priority.value == "high"
    assert h.ticket.channel == "whatsapp"
    rating = h.events[1]
    assert _same(rating, event_from_dict(history_to_dict(h)["events"][1], ""))
    assert type(rating.score) is float  # type: ignore[attr-defined]


@given(histories())
def test_a_loaded_history_has_every_field_the_constructor_sets(h: TicketHistory) -> None:
    loaded = TicketHistory._of_loaded(h.ticket, list(h.events))
    built = TicketHistory(h.ticket, list(h.events))
    for field in attrs.fields(TicketHistory):
        assert getattr(loaded, field.name) == getattr(built, field.name), field.name
    assert loaded.status_spans() == built.status_spans()
    assert loaded.status_timeline() == built.status_timeline()


@given(histories())
def test_status_spans_built_on_first_use_are_those_of_the_eager_walk(h: TicketHistory) -> None:
    loaded = history_from_dict(history_to_dict(h))
    usual = TicketHistory(loaded.ticket, list(loaded.events))
    fresh = pickle.loads(pickle.dumps(loaded))  # pickled before its spans were built
    spans = loaded.status_spans()
    assert spans is loaded.status_spans()  # built once
    assert spans == usual.status_spans() == fresh.status_spans()
    assert [_shape(span) for span in spans] == [_shape(span) for span in usual.status_spans()]
    assert pickle.loads(pickle.dumps(loaded)).status_spans() == spans  # pickled after
    assert attrs.evolve(loaded).status_spans() == spans
    assert loaded.final_status() is spans[-1].status
    assert h.final_status() is h.status_spans()[-1].status
    assert [(span.start, span.status) for span in spans] == [
        (start, status) for status, start in loaded._statuses
    ]
    for before, after in itertools.pairwise(spans):
        assert before.end is after.start  # the instant the event gave, not a copy
    assert spans[-1].end is None
    assert repr(loaded) == repr(usual)
    assert loaded.is_resolved() is spans[-1].status.is_resolved
