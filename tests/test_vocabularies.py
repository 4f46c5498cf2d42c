"""Admin-defined vocabularies: status labels kept and round-tripped, policies pausing on them,
and custom priorities mapped to ours."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import (
    dump_jsonl,
    eventlog,
    history_from_dict,
    history_to_dict,
    load_csv,
    load_jsonl,
    zendesk,
)
from servicemodel.io._vocab import map_priority, read_priority_map
from servicemodel.model import (
    Priority,
    Reopen,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import SLAPolicy, TicketSLA, evaluate
from servicemodel.sla._config import read_pause_items
from servicemodel.strategies import histories, policies

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
LABELS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20
).filter(lambda s: s.strip() != "")


@st.composite
def labelled(draw: st.DrawFn) -> TicketHistory:
    """A history whose status changes carry drawn labels (some none)."""
    h = draw(histories())
    events = [
        attrs.evolve(ev, label=draw(st.none() | LABELS)) if isinstance(ev, StatusChange) else ev
        for ev in h.events
    ]
    return TicketHistory(h.ticket, events)


# -- the label round trip ------------------------------------------------------------------------


def test_status_change_keeps_its_label_and_refuses_an_empty_one() -> None:
    ev = StatusChange("s", T0, status="pending", label="Awaiting Vendor")
    assert (ev.status, ev.label) == (Status.PENDING, "Awaiting Vendor")
    assert StatusChange("s", T0, status="open").label is None
    with pytest.raises(ConfigError, match=r"label: .*got ' '"):
        StatusChange("s", T0, status="open", label=" ")


@given(labelled())
def test_labels_round_trip_through_dicts_and_json_lines(h: TicketHistory) -> None:
    assert history_from_dict(history_to_dict(h)) == h
    assert load_jsonl(dump_jsonl([h]).splitlines()).histories == (h,)


def test_an_unlabelled_status_change_is_written_as_before() -> None:
    h = TicketHistory(Ticket("T", T0), [StatusChange("s", T0, status="solved")])
    assert history_to_dict(h)["events"] == [
        {"kind": "status_change", "id": "s", "at": T0.isoformat(), "status": "solved"}
    ]


def _csv_text(h: TicketHistory) -> list[str]:
    """The history as our CSV export (one row per status change), written independently."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["ticket_id", "created_at", "event_id", "event_kind", "event_at", "event_status",
                "event_label"])  # fmt: skip
    for ev in h.events:
        assert isinstance(ev, StatusChange)
        w.writerow([h.id, h.created_at.isoformat(), ev.id, "status_change", ev.at.isoformat(),
                    ev.status.value, ev.label or ""])  # fmt: skip
    return out.getvalue().splitlines()


@given(
    st.lists(
        st.tuples(st.sampled_from(list(Status)), st.none() | LABELS.filter(lambda s: "\n" not in s
                  and "\r" not in s and s == s.strip())),
        min_size=1,
        max_size=6,
    )
)  # fmt: skip
def test_labels_round_trip_through_csv(changes: list[tuple[Status, str | None]]) -> None:
    events = [
        StatusChange(f"s{i}", T0 + timedelta(hours=i), status=s, label=label)
        for i, (s, label) in enumerate(changes)
    ]
    h = TicketHistory(Ticket("T", T0), events)
    assert load_csv(_csv_text(h)).histories == (h,)


# -- pausing on a label --------------------------------------------------------------------------


def _vendor_wait() -> TicketHistory:
    # Created 09:00; waits on a vendor 10:00-14:00 (on hold, labelled); solved 15:00.
    return TicketHistory(
        Ticket("T", T0),
        [
            StatusChange("a", T0 + timedelta(hours=1), status="on_hold", label="Awaiting Vendor"),
            StatusChange("b", T0 + timedelta(hours=5), status="open", label="In Progress"),
            StatusChange("c", T0 + timedelta(hours=6), status="solved", label="Done"),
        ],
    )


def _resolution_policy(**kw: Any) -> SLAPolicy:
    return SLAPolicy.from_dict(
        {
            "name": "p",
            "targets": {"normal": [{"metric": "resolution", "within": "3h", "time": "calendar"}]},
            **kw,
        }
    )


def test_a_policy_pauses_on_a_source_label() -> None:
    (plain,) = evaluate(_resolution_policy(), _vendor_wait())
    (paused,) = evaluate(_resolution_policy(pause=["label:Awaiting Vendor"]), _vendor_wait())
    # By hand: 6 h from creation to solve; 4 h of it awaiting the vendor.
    assert (plain.elapsed, plain.state.value) == (timedelta(hours=6), "breached")
    assert (paused.elapsed, paused.state.value) == (timedelta(hours=2), "achieved")


def test_a_paused_label_holds_the_clock_while_it_is_the_current_label() -> None:
    h = TicketHistory(
        Ticket("T", T0),
        [StatusChange("a", T0 + timedelta(hours=1), status="pending", label="Awaiting Vendor")],
    )
    policy = _resolution_policy(pause=["label:Awaiting Vendor"])
    (m,) = evaluate(policy, h, at=T0 + timedelta(hours=10))
    assert (m.state.value, m.elapsed) == ("paused", timedelta(hours=1))


def test_pause_labels_in_a_policy_file_and_in_python_read_the_same() -> None:
    from_file = _resolution_policy(pause=["pending", "label:Awaiting Vendor"])
    in_python = SLAPolicy(
        "p", from_file.targets, pause=["pending"], pause_labels=["Awaiting Vendor"]
    )
    assert from_file == in_python
    assert from_file.to_dict()["pause"] == ["pending", "label:Awaiting Vendor"]
    assert SLAPolicy.from_dict(from_file.to_dict()) == from_file


@pytest.mark.parametrize(
    ("pause", "message"),
    [
        (["pendng"], r"pause\[0\]: unknown status 'pendng'.*'label:NAME'"),
        (["label: "], r"pause\[0\]: expected a non-blank source label, got ' '$"),
        (["solved"], r"pause\[0\]: 'solved' cannot pause a clock"),
    ],
)
def test_a_bad_pause_item_names_its_path(pause: list[str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        _resolution_policy(pause=pause)


def test_a_label_in_the_python_pause_list_says_where_it_belongs() -> None:
    with pytest.raises(ConfigError, match=r"pause_labels=\['X'\]"):
        SLAPolicy("p", {}, pause=["label:X"])
    assert read_pause_items(["label:X", "on-hold"]) == (
        frozenset({Status.ON_HOLD}),
        frozenset({"X"}),
    )


def _verdicts(policy: SLAPolicy, h: TicketHistory) -> list[tuple[Any, ...]]:
    at = max([h.created_at, *(e.at for e in h.events)], key=lambda t: t.astimezone(UTC))
    return [
        (m.metric, m.cycle, m.state, m.elapsed, m.due_at, m.breached_at)
        for m in evaluate(policy, h, at=at + timedelta(hours=1))
    ]


@given(labelled(), policies())
def test_labels_change_no_verdict_when_the_policy_pauses_on_statuses_only(
    h: TicketHistory, policy: SLAPolicy
) -> None:
    unlabelled = TicketHistory(
        h.ticket,
        [attrs.evolve(e, label=None) if isinstance(e, StatusChange) else e for e in h.events],
    )
    assert _verdicts(policy, h) == _verdicts(policy, unlabelled)


@given(histories(), policies(), st.frozensets(st.sampled_from([Status.PENDING, Status.ON_HOLD])))
def test_pausing_on_labels_that_name_statuses_equals_pausing_on_the_statuses(
    h: TicketHistory, policy: SLAPolicy, paused: frozenset[Status]
) -> None:
    # Every status change labelled with its status's name: pausing on those labels is pausing
    # on those statuses (a reopen leaves the ticket open, which neither pauses on).
    labelled_h = TicketHistory(
        h.ticket,
        [
            attrs.evolve(e, label=e.status.value) if isinstance(e, StatusChange) else e
            for e in h.events
        ],
    )
    by_status = attrs.evolve(policy, pause=paused, pause_labels=())
    by_label = attrs.evolve(policy, pause=(), pause_labels=[s.value for s in paused])
    assert _verdicts(by_label, labelled_h) == _verdicts(by_status, h)


def test_a_reopen_clears_the_label() -> None:
    h = TicketHistory(
        Ticket("T", T0),
        [
            StatusChange("a", T0 + timedelta(hours=1), status="solved", label="Awaiting Vendor"),
            Reopen("r", T0 + timedelta(hours=2)),
            StatusChange("b", T0 + timedelta(hours=4), status="solved"),
        ],
    )
    # Resolution (final): 1 h before the first solve, 2 h after the reopen; the label was the
    # solved one's and does not carry over to the reopened ticket.
    (m,) = evaluate(_resolution_policy(pause=["label:Awaiting Vendor"]), h)
    assert m.elapsed == timedelta(hours=3)


# -- custom priorities ---------------------------------------------------------------------------


def test_priority_map_maps_custom_priorities_and_lists_the_known_ones() -> None:
    pm = read_priority_map({"P1": "Urgent", "Sev 3": "low"})
    assert (map_priority("P1", pm), map_priority("Sev 3", pm)) == (Priority.URGENT, Priority.LOW)
    assert map_priority("high", pm) is Priority.HIGH
    with pytest.raises(ConfigError, match=r"unknown priority 'P7'.*'P1', 'Sev 3', 'high'"):
        map_priority("P7", pm)
    with pytest.raises(ConfigError, match=r"priority_map\.P1: unknown priority 'asap'"):
        read_priority_map({"P1": "asap"})


def _zendesk_page(priority: str) -> dict[str, Any]:
    ticket = {"id": 1, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
              "status": "open", "priority": priority}  # fmt: skip
    return {"tickets": [ticket], "end_of_stream": True}


def test_zendesk_priority_map() -> None:
    (h,) = zendesk.histories([_zendesk_page("critical")], priority_map={"critical": "urgent"})
    assert h.ticket.priority is Priority.URGENT
    with pytest.raises(RecordError, match=r"priority 'critical'.*expected one of \["):
        list(zendesk.histories([_zendesk_page("critical")]))


def test_eventlog_priority_map_and_labels() -> None:
    rows = [
        {"case:concept:name": "C", "concept:name": "Opened", "time:timestamp": "2026-03-02T09:00Z",
         "prio": "P1"},
        {"case:concept:name": "C", "concept:name": "Waiting on Vendor",
         "time:timestamp": "2026-03-02T10:00Z", "prio": ""},
        {"case:concept:name": "C", "concept:name": "Waiting on Customer",
         "time:timestamp": "2026-03-02T11:00Z", "prio": ""},
    ]  # fmt: skip
    opts: dict[str, Any] = {
        "columns": {"priority": "prio"},
        "activity_map": {"Opened": "customer_message"},
        "status_map": {"Waiting on Vendor": "pending", "Waiting on Customer": "pending"},
    }
    (h,) = eventlog.histories(rows, priority_map={"P1": "urgent"}, **opts)
    assert h.ticket.priority is Priority.URGENT
    # Two changes to one category with different labels are both kept.
    assert [(e.status.value, e.label) for e in h.events if isinstance(e, StatusChange)] == [
        ("pending", "Waiting on Vendor"),
        ("pending", "Waiting on Customer"),
    ]
    with pytest.raises(RecordError, match=r"unknown priority 'P1'; expected one of \["):
        list(eventlog.histories(rows, **opts))


@given(labelled(), policies(), st.data())
def test_a_live_state_pauses_on_labels_as_the_batch_engine_does(
    h: TicketHistory, policy: SLAPolicy, data: st.DataObject
) -> None:
    used = sorted({e.label for e in h.events if isinstance(e, StatusChange) and e.label})
    chosen = data.draw(st.lists(st.sampled_from(used), unique=True) if used else st.just([]))
    at = max([h.created_at, *(e.at for e in h.events)], key=lambda t: t.astimezone(UTC))
    at += timedelta(hours=1)

    def both(p: SLAPolicy) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        # ``at`` is past the last event, where the batch view takes the history as ended: the
        # live state is asked the same question (``ended=True``). Without it a solved ticket's
        # resolution clocks are ``paused`` live (it may be reopened), by design.
        live = TicketSLA.replay(p, h.ticket, h.events).measurements(at, ended=True)
        return live, evaluate(p, h, at=at)

    plain_live, plain_batch = both(policy)
    assert plain_live == plain_batch
    with_live, with_batch = both(attrs.evolve(policy, pause_labels=chosen))
    assert with_live == with_batch
