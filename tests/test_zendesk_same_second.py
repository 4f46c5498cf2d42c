"""Zendesk ticket metric events of one second: one rule for every pair of types.

docs/exports.md ("Events of one second"): Zendesk's times are whole seconds, and events of
one instant, whatever their types, are taken in the order of their ids, which Zendesk numbers
in the order it records them -- as if each came just after the one of the next lower id. An
id is compared as a number however long; events the ids do not order (one id, or none) are
taken apply_sla, pause, activate, breach, fulfill.

Laws: permuting the events of one second never changes the verdicts; with distinct ids the
verdict is the one of the same events recorded one second apart in id order; ids that are
the same numbers written otherwise (text, zero-padded, thousands of digits) give the same
verdicts.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.reconcile import VendorVerdict, zendesk_verdicts
from servicemodel.reconcile._zendesk import POLICY_UNKNOWN

T = datetime(2026, 3, 2, 9, tzinfo=UTC)
KINDS = ("apply_sla", "activate", "pause", "fulfill", "breach", "update_status")


def _time(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def _event(kind: str, eid: Any, n: int = 60, at: datetime = T) -> dict[str, Any]:
    """One metric event of ticket 7's resolution clock; ``n`` is the target or the minutes."""
    ev: dict[str, Any] = {"ticket_id": 7, "metric": "resolution_time", "instance_id": 1,
                          "type": kind, "time": _time(at)}  # fmt: skip
    if eid is not None:
        ev["id"] = eid
    if kind == "apply_sla":
        ev["sla"] = {"target": n, "business_hours": False, "policy": {"title": f"P{n}"}}
    elif kind == "update_status":
        ev["status"] = {"calendar": n, "business": None}
    return ev


def _earlier_sla() -> dict[str, Any]:
    """An SLA applied an hour before the second, so that the clock has a verdict."""
    return _event("apply_sla", 1, 480, T - timedelta(hours=1))


def _one(events: list[dict[str, Any]]) -> VendorVerdict:
    verdicts, errors = zendesk_verdicts(events)
    assert errors == ()
    (v,) = verdicts
    return v


# -- the rule, pair by pair (expected values from docs/exports.md) -----------------------------


def test_an_activate_recorded_after_the_fulfill_of_its_second_runs_the_clock_again() -> None:
    # "an activate of a higher id than the fulfill of its second runs the clock again, a stop
    # and its rerun in one second"
    for events in ([_event("fulfill", 5), _event("activate", 6)],
                   [_event("activate", 6), _event("fulfill", 5)]):  # fmt: skip
        v = _one([_earlier_sla(), *events])
        assert (v.state, v.fulfilled_at, v.stops) == ("active", None, ((T, T),))
        assert v.notes == (
            f"the vendor's clock ran again at {T.isoformat()} after its fulfilment at "
            f"{T.isoformat()} (a reopen)",
        )


def test_an_activate_recorded_before_the_fulfill_of_its_second_is_stopped_by_it() -> None:
    # "one of a lower id started the clock that the fulfill stopped"
    for events in ([_event("activate", 5), _event("fulfill", 6)],
                   [_event("fulfill", 6), _event("activate", 5)]):  # fmt: skip
        v = _one([_earlier_sla(), *events])
        assert (v.state, v.fulfilled_at, v.stops, v.notes) == ("achieved", T, ((T, None),), ())


def test_ids_are_compared_as_numbers_not_as_text() -> None:
    # 10 was recorded after 9, though the text "10" sorts before "9".
    v = _one([_earlier_sla(), _event("fulfill", "9"), _event("activate", "10")])
    assert v.state == "active"
    v = _one([_earlier_sla(), _event("activate", "9"), _event("fulfill", "10")])
    assert v.state == "achieved"
    huge = "1" + "0" * 5000  # past int()'s limit for text, still a number
    v = _one([_earlier_sla(), _event("activate", huge), _event("fulfill", "9" * 4999)])
    assert v.state == "active"


def test_without_ids_the_clock_stands_stopped_and_the_breach_stands() -> None:
    # Events the ids do not order are taken apply_sla, pause, activate, breach, fulfill.
    v = _one([_earlier_sla(), _event("fulfill", None), _event("activate", None)])
    assert (v.state, v.fulfilled_at) == ("achieved", T)
    v = _one([_earlier_sla(), _event("fulfill", 3), _event("activate", 3)])  # one id
    assert (v.state, v.fulfilled_at) == ("achieved", T)
    v = _one([_earlier_sla(), _event("fulfill", None), _event("breach", None)])
    assert (v.state, v.breached_at) == ("breached", T)
    v = _one([_earlier_sla(), _event("activate", None), _event("pause", None)])
    assert (v.state, v.paused) == ("active", False)


def test_an_event_without_an_id_comes_after_those_with_one() -> None:
    v = _one([_earlier_sla(), _event("fulfill", None), _event("activate", 99)])
    assert v.state == "achieved"
    v = _one([_earlier_sla(), _event("fulfill", 99), _event("activate", None)])
    assert v.state == "active"


def test_an_apply_sla_recorded_after_the_breach_of_its_second_did_not_decide_it() -> None:
    # "an apply_sla of a lower id than a breach of its second was in force before the
    # breach; one of a higher id came after it"
    before = _one([_event("apply_sla", 4), _event("breach", 5)])
    assert (before.state, before.target, before.notes) == ("breached", timedelta(hours=1), ())
    after = _one([_event("apply_sla", 6), _event("breach", 5)])
    assert (after.state, after.target) == ("breached", timedelta(hours=1))
    assert after.notes == (
        f"{POLICY_UNKNOWN}: no apply_sla before its breach among Zendesk's events",
    )
    tied = _one([_event("apply_sla", None), _event("breach", None)])  # apply_sla first
    assert tied.notes == ()


def test_the_rerun_in_one_second_is_followed_by_a_later_fulfill() -> None:
    # fulfill 5, activate 6 at T: stopped and run again; fulfill 7 at T: stopped for good.
    v = _one([_earlier_sla(), _event("fulfill", 7), _event("activate", 6), _event("fulfill", 5)])
    assert (v.state, v.fulfilled_at, v.stops) == ("achieved", T, ((T, T), (T, None)))
    # A breach recorded between the rerun and the last fulfill stands, as it would a second
    # later; one recorded after the last fulfill is no breach.
    v = _one([_earlier_sla(), _event("fulfill", 5), _event("activate", 6),
              _event("breach", 7), _event("fulfill", 8)])  # fmt: skip
    assert (v.state, v.breached_at) == ("breached", T)
    v = _one([_earlier_sla(), _event("fulfill", 5), _event("activate", 6),
              _event("fulfill", 7), _event("breach", 8)])  # fmt: skip
    assert (v.state, v.breached_at) == ("achieved", None)


# -- laws -------------------------------------------------------------------------------------

#: Ids as Zendesk writes them and as a hand-edited file may: ints, digit texts (zero-padded,
#: longer than int() takes), other texts, repeated, or missing.
IDS = st.one_of(
    st.none(),
    st.integers(0, 12),
    st.integers(0, 12).map(str),
    st.integers(0, 12).map(lambda n: f"00{n}"),
    st.sampled_from(["9" * 5000, "1" + "0" * 5000, "abc", "x-1"]),
)
ONE_SECOND = st.lists(
    st.tuples(st.sampled_from(KINDS), IDS, st.sampled_from([30, 60, 120])),
    min_size=1,
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(ONE_SECOND, st.booleans(), st.data())
def test_permuting_the_events_of_one_second_never_changes_the_verdicts(
    events: list[tuple[str, Any, int]], earlier: bool, data: st.DataObject
) -> None:
    evs = [_event(kind, eid, n) for kind, eid, n in events]
    evs = [_earlier_sla(), *evs] if earlier else evs
    shuffled = data.draw(st.permutations(evs))
    assert zendesk_verdicts(shuffled) == zendesk_verdicts(evs)


def _shape(result: tuple[tuple[VendorVerdict, ...], Any]) -> tuple[Any, ...]:
    """What a verdict says apart from its instants: its state, pause, SLA, counted time,
    whether it breached or stands fulfilled, which of its stops ran again, and its notes'
    kinds (a rerun, an unknown policy)."""
    verdicts, errors = result
    assert errors == ()
    return tuple(
        (v.state, v.paused, v.policy, v.target, v.elapsed, v.breached_at is None,
         v.fulfilled_at is None, tuple(back is None for _, back in v.stops),
         tuple(n.startswith(POLICY_UNKNOWN) for n in v.notes), len(v.applied))
        for v in verdicts
    )  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(KINDS), st.sampled_from([30, 60, 120])), max_size=8),
    st.booleans(),
    st.data(),
)
def test_the_id_order_decides_as_if_each_came_a_second_after_the_one_before(
    events: list[tuple[str, int]], earlier: bool, data: st.DataObject
) -> None:
    ids = data.draw(st.permutations(range(10, 10 + len(events))))
    same = [_event(kind, eid, n) for (kind, n), eid in zip(events, ids, strict=True)]
    apart = [_event(kind, eid, n, T + timedelta(seconds=eid))
             for (kind, n), eid in zip(events, ids, strict=True)]  # fmt: skip
    if earlier:
        same, apart = [_earlier_sla(), *same], [_earlier_sla(), *apart]
    assert _shape(zendesk_verdicts(same)) == _shape(zendesk_verdicts(apart))


@pytest.mark.parametrize(
    "write",
    [str, lambda n: f"000{n}", lambda n: "0" * 5000 + str(n)],
    ids=["text", "zero-padded", "5000 leading zeros"],
)
@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 30)), max_size=8))
def test_an_id_written_otherwise_is_the_same_number(
    write: Any, events: list[tuple[str, int]]
) -> None:
    plain = [_earlier_sla(), *(_event(kind, eid) for kind, eid in events)]
    written = [_earlier_sla(), *(_event(kind, write(eid)) for kind, eid in events)]
    assert zendesk_verdicts(written) == zendesk_verdicts(plain)


def test_of_two_breaches_around_a_fulfill_the_first_stands() -> None:
    # breach 5, fulfill 6, breach 7 in one second: the clock breached before it stopped; the
    # later breach, after the fulfilment, is no breach and changes nothing.
    v = _one([_earlier_sla(), _event("breach", 7), _event("fulfill", 6), _event("breach", 5)])
    assert (v.state, v.breached_at, v.fulfilled_at) == ("breached", T, T)
