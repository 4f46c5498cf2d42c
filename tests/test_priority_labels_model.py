"""Admin-defined priorities in the model and its exports (``Ticket.priority_label``,
``PriorityChange.label``): validated like ``StatusChange.label``, written only when set,
read back unchanged, and built by the loaders' fast path exactly as by the converter."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, ServiceModelError
from servicemodel.io import dump_jsonl, history_from_dict, history_to_dict, load_csv, load_jsonl
from servicemodel.io._records import event_from_dict, structure
from servicemodel.model import Event, PriorityChange, StatusChange, Ticket, TicketHistory
from servicemodel.model._direct import direct_event, direct_ticket
from servicemodel.strategies import histories

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
LABELS = st.none() | st.sampled_from(["P0", "Highest", "Sev 1", " P0 ", "Ünicode ✓"])


@st.composite
def labelled_histories(draw: st.DrawFn, **kw: Any) -> TicketHistory:
    """Histories whose ticket and priority changes may carry the source's priority names."""
    h = draw(histories(**kw))
    ticket = attrs.evolve(h.ticket, priority_label=draw(LABELS))
    events: list[Event] = [
        attrs.evolve(ev, label=draw(LABELS)) if isinstance(ev, PriorityChange) else ev
        for ev in h.events
    ]
    return TicketHistory(ticket, events)


def _strip(h: TicketHistory) -> TicketHistory:
    """``h`` without any priority label."""
    events = [
        attrs.evolve(ev, label=None) if isinstance(ev, PriorityChange) else ev for ev in h.events
    ]
    return TicketHistory(attrs.evolve(h.ticket, priority_label=None), events)


# -- the model -------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "   ", 3, b"P0", ["P0"]])
def test_a_label_is_none_or_text_with_something_besides_spaces(bad: object) -> None:
    with pytest.raises(ConfigError, match="priority_label") as exc:
        Ticket("T", T0, priority_label=bad)  # type: ignore[arg-type]
    assert repr(bad)[:3] in str(exc.value)
    with pytest.raises(ConfigError, match="label"):
        PriorityChange("p", T0, priority="urgent", label=bad)  # type: ignore[arg-type]
    # The same rule as StatusChange.label.
    with pytest.raises(ConfigError, match="label"):
        StatusChange("s", T0, status="open", label=bad)  # type: ignore[arg-type]


def test_the_label_is_keyword_only_and_the_category_is_unchanged() -> None:
    t = Ticket("T", T0, priority="Urgent", priority_label="P0")
    assert (t.priority.value, t.priority_label) == ("urgent", "P0")
    assert Ticket("T", T0).priority_label is None
    fields = {f.name: f for f in attrs.fields(Ticket)}
    assert fields["priority_label"].kw_only
    assert {f.name: f for f in attrs.fields(PriorityChange)}["label"].kw_only


@given(labelled_histories(), st.data())
def test_priority_label_at_is_the_label_of_the_last_change_at_or_before(
    h: TicketHistory, data: st.DataObject
) -> None:
    at = h.ticket.created_at + data.draw(st.integers(0, 40 * 24 * 3600)) * timedelta(seconds=1)
    expected = h.ticket.priority_label
    category = h.ticket.priority
    for ev in h.events:  # a straightforward scan, independent of the bisection
        if isinstance(ev, PriorityChange) and ev.at.astimezone(UTC) <= at.astimezone(UTC):
            expected, category = ev.label, ev.priority
    assert h.priority_label_at(at) == expected
    assert h.priority_at(at) is category


# -- exports ---------------------------------------------------------------------------------


@given(labelled_histories())
def test_records_and_json_lines_round_trip_with_labels(h: TicketHistory) -> None:
    record = history_to_dict(h)
    assert history_from_dict(json.loads(json.dumps(record))) == h
    back = load_jsonl(dump_jsonl([h]).splitlines()).histories
    assert back == (h,)
    assert back[0].ticket.priority_label == h.ticket.priority_label
    got = [e.label for e in back[0].events if isinstance(e, PriorityChange)]
    assert got == [e.label for e in h.events if isinstance(e, PriorityChange)]


@given(labelled_histories())
def test_a_label_is_written_only_when_it_is_set(h: TicketHistory) -> None:
    record = history_to_dict(h)
    assert ("priority_label" in record) == (h.ticket.priority_label is not None)
    for ev, out in zip(h.events, record["events"], strict=True):
        if isinstance(ev, PriorityChange):
            assert ("label" in out) == (ev.label is not None)
    # Without labels, the exact bytes of the export before the field existed: no key at all.
    plain = dump_jsonl([_strip(h)])
    assert "priority_label" not in plain
    assert '"label"' not in plain or any(
        isinstance(e, StatusChange) and e.label is not None for e in h.events
    )


@given(labelled_histories())
def test_the_fast_path_builds_labelled_records_as_the_converter_does(h: TicketHistory) -> None:
    record = history_to_dict(h)
    for ev, original in zip(record.pop("events"), h.events, strict=True):
        direct = direct_event(ev)
        assert direct is not None
        assert direct == event_from_dict(ev, "") == original
        assert getattr(direct, "label", None) == getattr(original, "label", None)
    ticket = direct_ticket(record)
    assert ticket is not None
    assert ticket == structure(record, Ticket, "") == h.ticket
    assert ticket.priority_label == h.ticket.priority_label


@pytest.mark.parametrize("bad", ["", " ", 7, None, ["x"]])
def test_a_bad_label_in_a_record_takes_the_converter_path_and_its_error(bad: object) -> None:
    ticket = {"id": "T", "created_at": "2026-03-02T09:00:00Z", "priority_label": bad}
    event = {"kind": "priority_change", "id": "p", "at": "2026-03-02T10:00:00Z"}
    event |= {"priority": "urgent", "label": bad}
    if bad is None:  # an explicit null is the unset label
        assert history_from_dict({**ticket, "events": [event]}).ticket.priority_label is None
        return
    assert direct_ticket(ticket) is None
    assert direct_event(event) is None
    with pytest.raises(ServiceModelError, match="priority_label"):
        history_from_dict(ticket)
    ok = {"id": "T", "created_at": "2026-03-02T09:00:00Z"}
    with pytest.raises(ServiceModelError, match=r"events\[0\]\.label"):
        history_from_dict({**ok, "events": [event]})


def _csv_rows(h: TicketHistory) -> list[str]:
    """A CSV export of ``h`` written here with the csv module (one row per event)."""
    t = h.ticket
    buf = io.StringIO()
    cols = ["ticket_id", "created_at", "priority", "priority_label"]
    cols += ["event_id", "event_kind", "event_at", "event_priority", "event_label"]
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    head = [t.id, t.created_at.isoformat(), t.priority.value, t.priority_label or ""]
    prio = [e for e in h.events if isinstance(e, PriorityChange)]
    if not prio:
        w.writerow([*head, "", "", "", "", ""])
    for e in prio:
        w.writerow([*head, e.id, e.kind, e.at.isoformat(), e.priority.value, e.label or ""])
    return buf.getvalue().splitlines()


@given(labelled_histories(kinds=["priority_change"]))
def test_csv_reads_the_ticket_and_event_labels(h: TicketHistory) -> None:
    loaded = load_csv(_csv_rows(h)).histories
    assert len(loaded) == 1
    got = loaded[0]
    assert got.ticket.priority_label == h.ticket.priority_label
    # The rows are in time order already, so the reader's (stable) sort keeps them.
    assert [(e.id, e.label) for e in got.events] == [(e.id, e.label) for e in h.events]
