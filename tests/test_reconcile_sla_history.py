"""A vendor verdict's SLA history (``VendorVerdict.applied``) and the verdict at a snapshot.

Zendesk emits ``apply_sla`` "when a SLA policy is applied to a ticket or when an SLA policy or
target is changed on a ticket", its ``sla`` being the policy and target enforced, "if any"
(the "Ticket Metric Events" API reference,
https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metric_events/). A report
at a snapshot reads the SLA in force then: none before the first, the earlier target before a
change, the verdict before a removal.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest

from servicemodel.errors import InputTypeError, NaiveDatetimeError
from servicemodel.model import Ticket, TicketHistory
from servicemodel.reconcile import VendorVerdict, reconcile, zendesk_verdicts
from servicemodel.reconcile._verdict import check_verdict, has_sla, sla_in_force
from servicemodel.report._reconcile import ReconcileTally, at_snapshot
from servicemodel.sla import SLAPolicy, Target, evaluate

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
M = timedelta(minutes=1)
GOLD = {"target": 480, "business_hours": False, "policy": {"title": "Gold"}}
SILVER = {"target": 60, "business_hours": True, "policy": {"title": "Silver"}}


def ev(eid: int, kind: str, minutes: int, **extra: Any) -> dict[str, Any]:
    at = (T0 + minutes * M).isoformat().replace("+00:00", "Z")
    return {"id": eid, "ticket_id": 7, "metric": "resolution_time", "instance_id": 1,
            "type": kind, "time": at, **extra}  # fmt: skip


def verdict(events: list[dict[str, Any]]) -> VendorVerdict:
    (v,), errors = zendesk_verdicts(events)
    assert errors == ()
    return v


def test_every_apply_sla_is_kept_in_the_order_zendesk_recorded_it() -> None:
    # Two at one instant: the higher id is in force (later in the history), whatever the order.
    events = [ev(3, "apply_sla", 0, sla=SILVER), ev(2, "apply_sla", 0, sla=GOLD),
              ev(1, "activate", 0), ev(9, "apply_sla", 120, sla=GOLD)]  # fmt: skip
    v = verdict(events)
    assert v.applied == (
        (T0, timedelta(hours=8), False, "Gold"),
        (T0, timedelta(hours=1), True, "Silver"),
        (T0 + 120 * M, timedelta(hours=8), False, "Gold"),
    )
    assert (v.target, v.policy, v.target_since) == (timedelta(hours=8), "Gold", T0 + 120 * M)
    assert verdict(events[::-1]) == v


def test_before_its_first_apply_sla_a_clock_has_no_vendor_verdict() -> None:
    v = verdict([ev(1, "activate", 0), ev(2, "apply_sla", 120, sla=GOLD)])
    assert at_snapshot(v, T0 + 60 * M) is None
    then = at_snapshot(v, T0 + 120 * M)
    assert then is not None
    assert (then.target, then.policy) == (timedelta(hours=8), "Gold")


def test_a_target_changed_after_the_snapshot_is_read_as_it_was_then() -> None:
    v = verdict([ev(1, "activate", 0), ev(2, "apply_sla", 0, sla=GOLD),
                 ev(3, "apply_sla", 90, sla=SILVER)])  # fmt: skip
    then = at_snapshot(v, T0 + 60 * M)
    assert then is not None
    assert (then.target, then.business, then.policy, then.target_since, then.applied) == (
        timedelta(hours=8),
        False,
        "Gold",
        T0,
        ((T0, timedelta(hours=8), False, "Gold"),),
    )
    assert at_snapshot(v, T0 + 90 * M) == v


def test_a_verdict_whose_sla_was_removed_later_stands_at_the_snapshot() -> None:
    v = verdict([ev(1, "activate", 0), ev(2, "apply_sla", 0, sla=GOLD),
                 ev(3, "apply_sla", 120, sla=None)])  # fmt: skip
    assert (v.target, has_sla(v)) == (None, False)
    then = at_snapshot(v, T0 + 60 * M)
    assert then is not None
    assert (then.state, then.target) == ("active", timedelta(hours=8))
    assert at_snapshot(v, T0 + 120 * M) is None
    assert at_snapshot(v, None) is None


def test_a_breach_keeps_the_verdict_of_a_clock_whose_sla_was_removed() -> None:
    v = verdict([ev(1, "activate", 0), ev(2, "apply_sla", 0, sla=GOLD), ev(3, "breach", 480),
                 ev(4, "apply_sla", 600, sla=None)])  # fmt: skip
    assert has_sla(v)
    later = at_snapshot(v, T0 + 700 * M)
    assert later is not None
    assert (later.state, later.target) == ("breached", None)


_POLICY = SLAPolicy("Gold", {"normal": [Target("resolution", "8h", business=False)]})


def _section(verdicts: list[VendorVerdict], at: datetime) -> Any:
    tally = ReconcileTally(verdicts, {"7"}, at=at)
    tally.add(evaluate(_POLICY, TicketHistory(Ticket("7", T0), []), at=at))
    return tally.section()


def test_the_report_at_the_snapshot_has_no_vendor_clock_before_the_first_sla() -> None:
    v = verdict([ev(1, "activate", 0), ev(2, "apply_sla", 120, sla=GOLD)])
    section = _section([v], T0 + 60 * M)
    assert (section.overall.ours_only, section.verdicts, section.not_started) == (1, 0, 0)
    assert section.disagreements[0].reason == "vendor has no clock for it"
    assert _section([v], T0 + 180 * M).overall.agreed == 1


def test_without_a_snapshot_a_removed_sla_is_no_vendor_clock() -> None:
    v = verdict([ev(1, "activate", 0), ev(2, "apply_sla", 0, sla=GOLD),
                 ev(3, "apply_sla", 30, sla=None)])  # fmt: skip
    m = evaluate(_POLICY, TicketHistory(Ticket("7", T0), []), at=T0 + 60 * M)
    (c,) = reconcile([v], m).clocks
    assert (c.vendor_state, c.reason) == (None, "vendor has no clock for it")


# -- the record itself: old constructors, JSON lists, checks ------------------------------------


def test_a_verdict_without_a_history_is_read_as_before() -> None:
    v = VendorVerdict("7", "resolution_time", 1, "active", "Gold", timedelta(hours=8), False,
                      started_at=T0, target_since=T0 + 90 * M)  # fmt: skip
    assert (v.applied, has_sla(v), sla_in_force(v)) == ((), True, None)
    then = at_snapshot(v, T0 + 60 * M)
    assert then is not None
    assert (then.target, then.policy) == (None, None)


def test_a_history_read_from_json_lists_equals_one_built_with_tuples() -> None:
    built = VendorVerdict("7", "resolution_time", 1, "active",
                          applied=[(T0, timedelta(hours=8), False, "Gold")])  # fmt: skip
    raw = json.loads(json.dumps([[0, None, False, "Gold"]]))
    read = VendorVerdict("7", "resolution_time", 1, "active",
                         applied=[[T0, timedelta(hours=8), *raw[0][2:]]])  # fmt: skip
    assert read == built
    assert hash(read) == hash(built)
    assert attrs.evolve(built, applied=()) == VendorVerdict("7", "resolution_time", 1, "active")


@pytest.mark.parametrize(
    ("entry", "error", "where"),
    [
        ((datetime(2026, 3, 2), None, None, None), NaiveDatetimeError, r"applied\[0\]\[0\]"),
        ((T0, 60, False, "Gold"), InputTypeError, r"applied\[0\]: expected an \(instant"),
        ((T0, None, "yes", None), InputTypeError, r"applied\[0\]: expected"),
        ((T0, None), InputTypeError, r"applied\[0\]: expected"),
    ],
)
def test_a_bad_history_entry_is_refused_naming_it(entry: Any, error: type, where: str) -> None:
    v = VendorVerdict("7", "resolution_time", 1, "active", applied=[entry])
    with pytest.raises(error, match=r"vendor_verdicts\[0\]\." + where):
        check_verdict(v, "vendor_verdicts[0]")


# -- stops at a snapshot (found by the snapshot law above, over events without a first SLA) ----


def test_a_stop_and_its_rerun_both_after_the_snapshot_are_no_part_of_it() -> None:
    v = verdict([ev(1, "activate", 0), ev(2, "apply_sla", 0, sla=GOLD),
                 ev(3, "fulfill", 60), ev(4, "activate", 90)])  # fmt: skip
    assert v.notes  # the rerun at 90 min
    then = at_snapshot(v, T0 + 30 * M)
    assert then is not None
    assert (then.state, then.stops, then.notes) == ("active", (), ())


def test_a_breach_while_the_clock_stood_stopped_at_the_snapshot_is_no_breach_then() -> None:
    # Fulfilled at 30 min, a breach event at 60 (after the fulfilment: no breach), reopened
    # at 120: at 90 min the clock stood fulfilled, achieved, as the events up to 90 say.
    events = [ev(1, "activate", 0), ev(2, "apply_sla", 0, sla=GOLD), ev(3, "fulfill", 30),
              ev(4, "breach", 60)]  # fmt: skip
    then = at_snapshot(verdict([*events, ev(5, "activate", 120)]), T0 + 90 * M)
    assert then is not None
    assert (then.state, then.breached_at) == ("achieved", None)
    assert then == at_snapshot(verdict(events), T0 + 90 * M)
