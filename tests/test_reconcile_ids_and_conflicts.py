"""Reconciliation under hostile ids and conflicting verdicts.

Laws: Zendesk events of one instant give one verdict whatever order they are read in, even
when ids repeat, are zero-padded or too long for ``int()``; a verdict at a snapshot after all
its instants is the verdict as given, and the order of its stops never matters; with
``on_error="collect"`` a clock with two different verdicts costs only itself.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, NaiveDatetimeError, RecordError
from servicemodel.io._sources import SourceMap
from servicemodel.model import Ticket, TicketHistory
from servicemodel.reconcile import VendorVerdict, reconcile, zendesk_verdicts
from servicemodel.reconcile._compare import ClockVerdicts, set_aside_conflicts
from servicemodel.report import ReportOptions, build_report
from servicemodel.report._reconcile import at_snapshot
from servicemodel.report._vendor_files import with_vendor_sla
from servicemodel.sla import SLAPolicy, Target

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
AT = "2026-03-02T09:00:00Z"


def _event(kind: str, eid: Any, minutes: int) -> dict[str, Any]:
    ev: dict[str, Any] = {"ticket_id": 7, "metric": "resolution_time", "instance_id": 1,
                          "type": kind, "time": AT}  # fmt: skip
    if eid is not None:
        ev["id"] = eid
    if kind == "apply_sla":
        ev["sla"] = {"target": minutes, "business_hours": False, "policy": {"title": "P"}}
    else:
        ev["status"] = {"calendar": minutes, "business": minutes}
    return ev


#: Ids as Zendesk writes them and as a hand-edited file may: ints, digit texts (zero-padded,
#: longer than int() takes), other texts, repeated, or missing.
IDS = st.one_of(
    st.none(),
    st.integers(0, 30),
    st.integers(0, 30).map(str),
    st.integers(0, 30).map(lambda n: f"00{n}"),
    st.sampled_from(["9" * 5000, "1" + "0" * 5000, "abc", "x-1"]),
)


@settings(max_examples=60, deadline=None)
@given(
    events=st.lists(
        st.tuples(st.sampled_from(["apply_sla", "update_status"]), IDS, st.integers(1, 600)),
        min_size=1,
        max_size=6,
    ),
    seed=st.integers(0, 2**32 - 1),
)
def test_events_of_one_instant_give_one_verdict_in_any_order(
    events: list[tuple[str, Any, int]], seed: int
) -> None:
    # Before: two events of one id (or "12" and "012") at one instant left the one read last
    # in force, and an id of 5,000 digits raised ValueError from int().
    evs = [_event(kind, eid, minutes) for kind, eid, minutes in events]
    shuffled = evs[:]
    random.Random(seed).shuffle(shuffled)
    assert zendesk_verdicts(shuffled) == zendesk_verdicts(evs)


def test_a_numeric_id_too_long_for_int_is_compared_as_a_number() -> None:
    low, high = _event("apply_sla", "9" * 4999, 60), _event("apply_sla", "1" + "0" * 5000, 120)
    for evs in ([low, high], [high, low]):
        (v,), _ = zendesk_verdicts(evs)
        assert v.target == timedelta(minutes=120)
    padded, plain = _event("apply_sla", "007", 60), _event("apply_sla", 8, 120)
    (v,), _ = zendesk_verdicts([plain, padded])
    assert v.target == timedelta(minutes=120)  # 8 > 007 as numbers, not as texts


@pytest.mark.parametrize(
    ("field", "value"),
    [("instance", "1"), ("instance", 1.0), ("instance", None), ("instance", 10**5000),
     ("ticket_id", 7), ("our_cycle", "0"), ("breached_at", datetime(2026, 3, 2))],
    ids=["text", "float", "none", "huge", "int-id", "text-cycle", "naive"],
)  # fmt: skip
def test_reconcile_refuses_a_verdict_field_of_another_type(field: str, value: Any) -> None:
    # Before: a TypeError or ValueError from deep in the matching ('"1" <= 1').
    v = attrs.evolve(VendorVerdict("7", "reply_time", 1, "achieved", source="jsm",
                                   our_metric="first_reply"), **{field: value})  # fmt: skip
    error = NaiveDatetimeError if field == "breached_at" else InputTypeError
    with pytest.raises(error, match=rf"vendor_verdicts\[0\]\.{field}"):
        reconcile([v], [])


def test_reply_time_instance_0_never_takes_the_first_replys_clock() -> None:
    # Before: reply_time instance 0 and 1 both were first_reply#0: a ConfigError for the
    # whole report ("map one vendor metric to each of ours") over one odd event.
    zero = VendorVerdict("7", "reply_time", 0, "active")
    one = VendorVerdict("7", "reply_time", 1, "achieved")
    clocks = {(c.metric, c.cycle) for c in reconcile([zero, one], []).clocks}
    assert clocks == {("first_reply", -1), ("first_reply", 0)}


INSTANTS = st.integers(0, 20).map(lambda h: T0 + timedelta(hours=h))


@st.composite
def verdicts_with_stops(draw: st.DrawFn) -> VendorVerdict:
    stops = draw(st.lists(st.tuples(INSTANTS, st.none() | INSTANTS), max_size=4))
    return VendorVerdict(
        "7", "resolution_time", 1, draw(st.sampled_from(["achieved", "breached", "active"])),
        breached_at=draw(st.none() | INSTANTS), fulfilled_at=draw(st.none() | INSTANTS),
        elapsed=draw(st.none() | st.just(timedelta(minutes=30))), started_at=T0,
        stops=stops,
    )  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(v=verdicts_with_stops(), late=st.integers(21, 40))
def test_a_snapshot_after_every_instant_keeps_the_verdict(v: VendorVerdict, late: int) -> None:
    # Before: a Zendesk clock fulfilled twice in one stretch (stops: the first fulfil;
    # fulfilled_at: the latest) lost its counted time at any snapshot, however late.
    assert at_snapshot(v, T0 + timedelta(hours=late)) is v


@settings(max_examples=60, deadline=None)
@given(v=verdicts_with_stops(), cut=st.integers(0, 22), seed=st.integers(0, 2**32 - 1))
def test_the_order_of_the_stops_never_matters(v: VendorVerdict, cut: int, seed: int) -> None:
    stops = list(v.stops)
    random.Random(seed).shuffle(stops)
    at = T0 + timedelta(hours=cut)
    one, other = at_snapshot(v, at), at_snapshot(attrs.evolve(v, stops=stops), at)
    assert one is not None
    assert other is not None
    assert (one.state, one.fulfilled_at, one.breached_at) == (
        other.state, other.fulfilled_at, other.breached_at)  # fmt: skip


def test_zendesk_fulfilled_twice_in_one_stretch_keeps_its_time_at_a_late_snapshot() -> None:
    def ev(kind: str, hour: int, eid: int) -> dict[str, Any]:
        out = {"id": eid, "ticket_id": 1, "metric": "resolution_time", "instance_id": 1,
               "type": kind, "time": f"2026-01-01T0{hour}:00:00Z"}  # fmt: skip
        if kind == "apply_sla":
            out["sla"] = {"target": 600, "business_hours": False}
        if kind == "update_status":
            out["status"] = {"calendar": 30, "business": 30}
        return out

    evs = [ev("apply_sla", 0, 1), ev("activate", 0, 2), ev("fulfill", 1, 3), ev("fulfill", 2, 4),
           ev("update_status", 2, 5)]  # fmt: skip
    (v,), _ = zendesk_verdicts(evs)
    late = at_snapshot(v, datetime(2026, 2, 1, tzinfo=UTC))
    assert late is v
    assert late.elapsed == timedelta(minutes=30)


CLOCK_VERDICTS = st.builds(
    VendorVerdict,
    ticket_id=st.sampled_from(["A", "B", "C"]),
    metric=st.sampled_from(["resolution_time", "reply_time"]),
    instance=st.integers(1, 2),
    state=st.sampled_from(["achieved", "breached", "active"]),
)


@settings(max_examples=60, deadline=None)
@given(verdicts=st.lists(CLOCK_VERDICTS, max_size=8))
def test_a_conflict_costs_only_its_own_clock(verdicts: list[VendorVerdict]) -> None:
    kept, bad = set_aside_conflicts(verdicts)
    held = ClockVerdicts()
    for i, v in enumerate(kept):  # what is kept takes one verdict per clock: no ConfigError
        held.first(v, f"kept[{i}]")
    by_clock: dict[tuple[str, str, int], set[VendorVerdict]] = {}
    for v in verdicts:
        by_clock.setdefault((v.ticket_id, v.metric, v.instance), set()).add(v)
    clean = [v for v in verdicts if len(by_clock[(v.ticket_id, v.metric, v.instance)]) == 1]
    assert list(kept) == clean
    assert len(bad) == sum(len(found) > 1 for found in by_clock.values())
    assert all("has two different vendor verdicts" in str(e) for e in bad)


_POLICY = SLAPolicy("p", {"normal": [Target("resolution", "8h", business=False)]})
_RULES = {"sla_verdicts": {"resolution": {"attribute": "status", "achieved": ["Within SLA"],
                                          "breached": ["SLA Violated"]}}}  # fmt: skip


def _histories() -> list[TicketHistory]:
    def one(tid: str, status: str) -> TicketHistory:
        return TicketHistory(Ticket(tid, T0, attributes={"status": status}), [])

    # Ticket A read twice (two exports of different days): its two verdicts contradict.
    return [one("A", "Within SLA"), one("A", "SLA Violated"), one("B", "Within SLA")]


def test_with_skip_bad_records_two_verdicts_on_one_clock_cost_only_that_clock() -> None:
    # Before: the ConfigError stopped the whole report, --skip-bad-records or not.
    options = ReportOptions(policies=_POLICY)
    mapping = SourceMap.from_dict(_RULES)
    found, bad = with_vendor_sla(options, "zendesk", [], mapping=mapping,
                                 histories=_histories(), on_error="collect")  # fmt: skip
    assert bad == 1
    assert [v.ticket_id for v in found.vendor_verdicts or ()] == ["B"]
    (said,) = found.vendor_bad_records
    assert "ticket 'A' resolution#0 has two different vendor verdicts" in said
    assert "differ in state" in said
    # Without it, the report still refuses the stream, naming both.
    raised, none = with_vendor_sla(options, "zendesk", [], mapping=mapping,
                                   histories=_histories())  # fmt: skip
    assert none == 0
    with pytest.raises(ConfigError, match="ticket 'A' resolution#0 has two different"):
        build_report(_histories()[1:], raised)


def _reopened() -> VendorVerdict:
    """Zendesk's resolution clock: solved at 1:00, reopened at 3:00, solved again at 4:00."""

    def ev(kind: str, hour: int, eid: int) -> dict[str, Any]:
        out: dict[str, Any] = {"id": eid, "ticket_id": 1, "metric": "resolution_time",
                               "instance_id": 1, "type": kind,
                               "time": f"2026-03-02T0{hour}:00:00Z"}  # fmt: skip
        if kind == "apply_sla":
            out["sla"] = {"target": 600, "business_hours": False}
        return out

    evs = [ev("apply_sla", 0, 1), ev("activate", 0, 2), ev("fulfill", 1, 3), ev("activate", 3, 4),
           ev("fulfill", 4, 5)]  # fmt: skip
    (v,), _ = zendesk_verdicts(evs)
    return v


def test_a_snapshot_before_a_reopen_drops_the_note_about_it() -> None:
    # Before: at 2:00 the clock stood solved, yet the note "ran again at 03:00" explained a
    # disagreement with a reopen the snapshot had not seen.
    v = _reopened()
    assert len(v.notes) == 1
    assert "ran again at 2026-03-02T03:00:00+00:00" in v.notes[0]
    then = at_snapshot(v, datetime(2026, 3, 2, 2, tzinfo=UTC))
    assert then is not None
    assert (then.state, then.notes) == ("achieved", ())
    later = at_snapshot(v, datetime(2026, 3, 2, 3, 30, tzinfo=UTC))
    assert later is not None
    assert (later.state, later.notes) == ("active", v.notes)


def test_stops_given_as_lists_are_pairs() -> None:
    # Read from JSON, a pair is a list: the verdict was unhashable and unequal to its copy.
    pair = (T0, T0 + timedelta(hours=1))
    v = VendorVerdict("7", "resolution_time", 1, "active", stops=[list(pair)])
    assert v == VendorVerdict("7", "resolution_time", 1, "active", stops=[pair])
    assert hash(v) == hash(VendorVerdict("7", "resolution_time", 1, "active", stops=[pair]))


def test_two_records_of_one_vendor_clock_say_what_differs() -> None:
    a = VendorVerdict("7", "resolution_time", 1, "achieved", elapsed=timedelta(minutes=5))
    b = attrs.evolve(a, elapsed=timedelta(minutes=6))
    with pytest.raises(ConfigError, match=r"#1 achieved \(differing in elapsed\)"):
        reconcile([a, b], [])


@pytest.mark.parametrize(
    "minutes", ["30", True, -1, [30]], ids=["text", "bool", "negative", "list"]
)
def test_status_minutes_that_are_no_number_are_a_record_error(minutes: Any) -> None:
    # Before: taken for no count without a word, so the counted time was never compared.
    status = _event("update_status", 2, 0)
    status["status"] = {"calendar": minutes, "business": 5}
    with pytest.raises(RecordError, match=r"status\.calendar") as caught:
        zendesk_verdicts([_event("apply_sla", 1, 60), status])
    assert caught.value.path == "metric_events[1].status.calendar"
    (v,), errors = zendesk_verdicts([_event("apply_sla", 1, 60), status], on_error="collect")
    assert (v.elapsed, len(errors)) == (None, 1)  # the clock's verdict stands, uncounted


def test_a_copy_that_names_the_same_clock_differently_counts_once() -> None:
    # Before: our_cycle None and 0 (one clock, cycle 0), a Zendesk verdict's unread
    # our_metric, or stops in another order were "two different vendor verdicts".
    jsm = VendorVerdict("7", "VIP", 1, "achieved", source="jsm", our_metric="resolution")
    stops = [(T0, T0 + timedelta(hours=1)), (T0 + timedelta(hours=2), None)]
    zd = VendorVerdict("7", "resolution_time", 1, "achieved", stops=stops)
    copies = [
        (jsm, attrs.evolve(jsm, our_cycle=0)),
        (zd, attrs.evolve(zd, our_metric="resolution", our_cycle=0)),
        (zd, attrs.evolve(zd, stops=zd.stops[::-1])),
    ]
    for a, b in copies:
        assert len(reconcile([a, b], []).clocks) == 1
        assert set_aside_conflicts([a, b]) == ((a, b), ())
    with pytest.raises(ConfigError, match="two different vendor verdicts"):
        reconcile([jsm, attrs.evolve(jsm, our_cycle=0, state="breached")], [])


def test_a_naive_target_since_is_refused_where_it_enters_the_report() -> None:
    # Before: accepted by ReportOptions and refused only when the report was built.
    v = VendorVerdict("A", "resolution_time", 1, "active", target_since=datetime(2026, 3, 2))
    with pytest.raises(NaiveDatetimeError, match=r"vendor_verdicts\[0\]\.target_since"):
        ReportOptions(policies=_POLICY, vendor_verdicts=[v])
