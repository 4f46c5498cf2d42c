"""The strategies reach a desk's own status and priority names (docs/strategies.md).

Two SLA bugs (a status label set at the creation instant was ignored; a stored live state lost
the label timeline) went unseen because ``histories()`` drew no ``StatusChange.label``,
``PriorityChange.label`` or ``Ticket.priority_label``, and ``policies()`` no ``pause_labels``
and no ``"label:NAME"`` targets. They now draw them by default, from one shared vocabulary,
each name under one category (the table in docs/strategies.md), shrinking to no label.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

import servicemodel.strategies as sms
from servicemodel.errors import InputTypeError
from servicemodel.model import Priority, PriorityChange, Status, StatusChange, TicketHistory
from servicemodel.sla import PolicySet, SLAPolicy
from test_strategies_history_length import _without_local_constants

# The vocabulary as docs/strategies.md lists it, category by category.
STATUS_NAMES = {
    "Triage": Status.NEW,
    "In Progress": Status.OPEN,
    "Escalated": Status.OPEN,
    "Awaiting Vendor": Status.PENDING,
    "Awaiting Customer": Status.PENDING,
    "On Hold - Customer": Status.ON_HOLD,
    "On Hold - Parts": Status.ON_HOLD,
    "Resolved - Workaround": Status.SOLVED,
}
PRIORITY_NAMES = {
    "Lowest": Priority.LOW,
    "Medium": Priority.NORMAL,
    "P1": Priority.HIGH,
    "P0": Priority.URGENT,
    "Highest": Priority.URGENT,
}


def _drawn(strategy: st.SearchStrategy[Any], n: int) -> list[Any]:
    seen: list[Any] = []

    @settings(max_examples=n, derandomize=True, database=None, deadline=None)
    @given(strategy)
    def draw(value: Any) -> None:
        seen.append(value)

    with _without_local_constants():  # the same sample whichever tests ran before
        draw()
    return seen


def _status_labels(h: TicketHistory) -> list[StatusChange]:
    return [e for e in h.events if isinstance(e, StatusChange) and e.label is not None]


def _priority_labels(h: TicketHistory) -> list[PriorityChange]:
    return [e for e in h.events if isinstance(e, PriorityChange) and e.label is not None]


def _label_keys(policy: SLAPolicy) -> list[str]:
    return [k for k in policy.targets if not isinstance(k, Priority)]


def _share(values: list[Any], has: Any) -> float:
    return sum(bool(has(v)) for v in values) / len(values)


def test_default_histories_carry_the_desks_own_names_each_under_its_category() -> None:
    drawn = _drawn(sms.histories(), 300)
    assert _share(drawn, lambda h: h.ticket.priority_label) >= 0.2
    assert _share(drawn, _status_labels) >= 0.1
    assert _share(drawn, _priority_labels) >= 0.1
    # A labelled status change at the creation instant: the case one of the bugs hid in.
    assert any(e.at == h.ticket.created_at for h in drawn for e in _status_labels(h))
    for h in drawn:
        if h.ticket.priority_label is not None:
            assert PRIORITY_NAMES[h.ticket.priority_label] is h.ticket.priority
        for s in _status_labels(h):
            assert STATUS_NAMES[s.label] is s.status  # type: ignore[index]
        for p in _priority_labels(h):
            assert PRIORITY_NAMES[p.label] is p.priority  # type: ignore[index]


def test_default_policies_pause_on_and_target_the_same_names() -> None:
    drawn = _drawn(sms.policies(), 200)
    assert _share(drawn, lambda p: p.pause_labels) >= 0.2
    assert _share(drawn, _label_keys) >= 0.2
    assert {n for p in drawn for n in p.pause_labels} <= set(STATUS_NAMES)
    assert {k for p in drawn for k in _label_keys(p)} <= {f"label:{n}" for n in PRIORITY_NAMES}
    # Pending and on-hold names are the usual ones, but a name of another category comes too.
    paused = [n for p in drawn for n in p.pause_labels]
    assert any(STATUS_NAMES[n] in (Status.PENDING, Status.ON_HOLD) for n in paused)
    assert any(STATUS_NAMES[n] not in (Status.PENDING, Status.ON_HOLD) for n in paused)
    sets = _drawn(sms.policy_sets(), 100)
    assert any(p.pause_labels for s in sets for p in s.policies)
    assert any(_label_keys(p) for s in sets for p in s.policies)


def test_drawn_policies_and_histories_meet_on_a_label() -> None:
    pairs = _drawn(st.tuples(sms.policies(), sms.histories()), 300)
    assert any(s.label in p.pause_labels for p, h in pairs for s in _status_labels(h)), (
        "no drawn history set a status label its policy pauses on"
    )
    assert any(
        f"label:{h.ticket.priority_label}" in p.targets
        or any(f"label:{c.label}" in p.targets for c in _priority_labels(h))
        for p, h in pairs
    ), "no drawn history had a priority label its policy targets"


@pytest.mark.parametrize(
    "strategy",
    [
        sms.histories(labels=False),
        sms.histories(labels=False, kinds=["status_change", "priority_change", "reopen"]),
    ],
)
def test_labels_false_draws_no_label(strategy: st.SearchStrategy[TicketHistory]) -> None:
    for h in _drawn(strategy, 100):
        assert h.ticket.priority_label is None
        assert not _status_labels(h)
        assert not _priority_labels(h)


def test_labels_false_policies_tickets_and_events_draw_none() -> None:
    for p in _drawn(sms.policies(labels=False), 100):
        assert not p.pause_labels
        assert not _label_keys(p)
    for s in _drawn(sms.policy_sets(labels=False), 50):
        assert all(not p.pause_labels and not _label_keys(p) for p in s.policies)
    assert all(t.priority_label is None for t in _drawn(sms.tickets(labels=False), 100))
    kinds = ["status_change", "priority_change"]
    assert all(e.label is None for e in _drawn(sms.events(kinds=kinds, labels=False), 100))


def test_events_draw_labels_too() -> None:
    drawn = _drawn(sms.events(kinds=["status_change", "priority_change"]), 200)
    assert any(isinstance(e, StatusChange) and e.label for e in drawn)
    assert any(isinstance(e, PriorityChange) and e.label for e in drawn)


def test_a_label_shrinks_away() -> None:
    # A failure that needs a status change, not a label: the shrunk change has none.
    h = find(sms.histories(), lambda h: any(isinstance(e, StatusChange) for e in h.events))
    (change,) = h.events
    assert isinstance(change, StatusChange)
    assert change.label is None
    assert h.ticket.priority_label is None
    p = find(sms.policies(), lambda p: True)
    assert not p.pause_labels
    assert not _label_keys(p)
    ps = find(sms.policy_sets(), lambda s: True)
    assert isinstance(ps, PolicySet)
    assert all(not p.pause_labels and not _label_keys(p) for p in ps.policies)


def test_a_failure_that_needs_a_label_shrinks_to_one_labelled_change() -> None:
    h = find(sms.histories(), lambda h: bool(_status_labels(h)))
    (change,) = h.events
    assert isinstance(change, StatusChange)
    assert change.label is not None
    assert change.at == h.ticket.created_at  # a gap of zero, the simplest
    p = find(sms.policies(), lambda p: bool(p.pause_labels))
    assert len(p.pause_labels) == 1
    assert not _label_keys(p)


@pytest.mark.parametrize("fn", ["tickets", "events", "histories", "policies", "policy_sets"])
def test_a_labels_option_that_is_not_a_bool_names_the_strategy(fn: str) -> None:
    strategy = getattr(sms, fn)(labels="yes")
    with pytest.raises(InputTypeError, match=rf"^{fn}: labels must be True or False, got 'yes'"):
        find(strategy, lambda _: True)
