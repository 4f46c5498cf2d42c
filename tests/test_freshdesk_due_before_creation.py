"""A Freshdesk due instant before the ticket's creation is that ticket's error, not a verdict.

Freshdesk computes ``fr_due_by`` and ``due_by`` from the ticket's creation by its SLA policy
("calculated based on the SLA policy active on a particular ticket",
https://freshdesk.com/customer-support-glossary/due-by-time), and ``nr_due_by`` from a
customer message after it: none can precede ``created_at``. ``sla_fields`` read one as given,
and ``freshdesk_verdicts`` made it a breach of a clock that had not started. Now the record's
error names the ticket, the field and both instants; ``on_error="collect"`` costs only that
ticket; a ``TicketSLA`` or a ``VendorVerdict`` built by hand with such a due instant is refused
too. Law (Hypothesis): a due instant written at any offset is refused exactly when its instant
precedes the creation's, and among good tickets each such ticket costs only itself.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, RecordError
from servicemodel.io.freshdesk import SLA_FIELDS, TicketSLA, sla_fields
from servicemodel.reconcile import VendorVerdict, freshdesk_verdicts, reconcile

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _iso(at: datetime, minutes: int = 0) -> str:
    """``at`` written at a UTC offset of ``minutes`` (``Z`` for 0)."""
    if minutes == 0:
        return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return at.astimezone(timezone(timedelta(minutes=minutes))).isoformat()


@pytest.mark.parametrize("field", list(SLA_FIELDS))
def test_a_due_instant_before_creation_is_the_tickets_error_naming_both_instants(
    field: str,
) -> None:
    rec = {"id": 42, "created_at": _iso(T0), field: _iso(T0 - timedelta(minutes=1))}
    with pytest.raises(RecordError) as caught:
        sla_fields([[rec]])
    message = str(caught.value)
    assert caught.value.path == f"pages[0][0].{field}"
    assert "ticket 42" in message
    assert f"{field} '2026-03-02T08:59:00Z'" in message
    assert "before the ticket's creation 2026-03-02T09:00:00+00:00" in message
    assert "Freshdesk computes it from the creation" in message


@pytest.mark.parametrize("field", list(SLA_FIELDS))
def test_a_due_instant_at_the_creation_itself_is_read(field: str) -> None:
    (s,), errors = sla_fields([[{"id": 1, "created_at": _iso(T0), field: _iso(T0)}]])
    assert errors == ()
    assert s.due[field] == T0


def test_the_instants_are_compared_not_the_wall_clock_times() -> None:
    # 10:00+05:30 is 04:30Z, before the 09:00Z creation although its wall time is later;
    # 08:00-05:00 is 13:00Z, after it although its wall time is earlier.
    early = {"id": 1, "created_at": _iso(T0), "fr_due_by": "2026-03-02T10:00:00+05:30"}
    late = {"id": 2, "created_at": _iso(T0), "fr_due_by": "2026-03-02T08:00:00-05:00"}
    found, errors = sla_fields([[early, late]], on_error="collect")
    assert [s.ticket_id for s in found] == ["2"]
    assert [e.path for e in errors] == ["pages[0][0].fr_due_by"]


def test_collect_sets_aside_only_that_ticket_and_its_verdicts() -> None:
    good = {"id": 1, "created_at": _iso(T0), "updated_at": _iso(T0 + timedelta(hours=2)),
            "fr_due_by": _iso(T0 + timedelta(hours=1)), "due_by": _iso(T0 + timedelta(hours=8)),
            "stats": {"first_responded_at": _iso(T0 + timedelta(minutes=30))}}  # fmt: skip
    bad = {**good, "id": 2, "due_by": _iso(T0 - timedelta(days=1))}
    verdicts, errors = freshdesk_verdicts([[good, bad]], on_error="collect")
    assert {v.ticket_id for v in verdicts} == {"1"}
    assert len(verdicts) == 2
    (error,) = errors
    assert error.path == "pages[0][1].due_by"
    assert "ticket 2: due_by '2026-03-01T09:00:00Z'" in str(error)
    with pytest.raises(RecordError, match=r"ticket 2: due_by .*before the ticket's creation"):
        freshdesk_verdicts([[good, bad]])


@st.composite
def _records(draw: st.DrawFn) -> tuple[dict[str, Any], bool]:
    """A Freshdesk ticket with one due field at any offset; whether its instant is early."""
    created = T0 + timedelta(minutes=draw(st.integers(-(10**5), 10**5)))
    due = created + timedelta(minutes=draw(st.integers(-3000, 3000)))
    offsets = st.sampled_from([0, 330, -300, 60, -720, 840])
    field = draw(st.sampled_from(list(SLA_FIELDS)))
    rec = {"created_at": _iso(created, draw(offsets)), field: _iso(due, draw(offsets))}
    return rec, due < created


@settings(max_examples=80, deadline=None)
@given(st.lists(_records(), min_size=1, max_size=6))
def test_each_ticket_with_an_early_due_instant_costs_only_itself(
    drawn: list[tuple[dict[str, Any], bool]],
) -> None:
    records = [{**rec, "id": i} for i, (rec, _) in enumerate(drawn)]
    early = {str(i) for i, (_, bad) in enumerate(drawn) if bad}
    found, errors = sla_fields([records], on_error="collect")
    assert {s.ticket_id for s in found} == {str(i) for i in range(len(drawn))} - early
    assert {e.path.split("[")[2].split("]")[0] for e in errors} == early
    assert all("before the ticket's creation" in str(e) for e in errors)


def test_a_ticket_sla_built_by_hand_with_an_early_due_instant_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        TicketSLA("7", T0, {"due_by": T0 - timedelta(seconds=1)})
    assert caught.value.path == "due['due_by']"
    assert "ticket '7': due_by 2026-03-02T08:59:59+00:00 is before the ticket's creation " \
        "2026-03-02T09:00:00+00:00" in str(caught.value)  # fmt: skip
    # At the creation, or at another offset naming a later instant, it is built.
    assert TicketSLA("7", T0, {"due_by": T0}).due["due_by"] == T0
    later = T0.astimezone(timezone(timedelta(hours=-5))).replace(hour=8)
    assert TicketSLA("7", T0, {"fr_due_by": later}).due["fr_due_by"] == later


def test_reconcile_refuses_a_vendor_due_instant_before_its_clock_started() -> None:
    v = VendorVerdict("7", "due_by", 1, "breached", source="freshdesk",
                      our_metric="resolution", our_cycle=0, started_at=T0,
                      due_at=T0 - timedelta(hours=1))  # fmt: skip
    with pytest.raises(ConfigError) as caught:
        reconcile([v], [])
    assert caught.value.path == "vendor_verdicts[0].due_at"
    assert "ticket '7' 'due_by' #1: due at 2026-03-02T08:00:00+00:00, before its clock " \
        "started at 2026-03-02T09:00:00+00:00" in str(caught.value)  # fmt: skip
    # A due instant at the start, or with no start said, is compared.
    for ok in (
        VendorVerdict("7", "due_by", 1, "breached", source="freshdesk", our_metric="resolution",
                      our_cycle=0, started_at=T0, due_at=T0),
        VendorVerdict("7", "nr_due_by", 1, "active", source="freshdesk",
                      our_metric="next_reply", due_at=T0 - timedelta(days=1)),
    ):  # fmt: skip
        assert len(reconcile([ok], []).clocks) == 1
