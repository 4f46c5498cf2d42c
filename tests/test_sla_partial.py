"""SLA clocks over partial histories: ``partial="leave_out"`` and ``SLALeftOut``.

The laws: the option changes nothing for complete histories; a partial copy of a complete
history is measured, on every metric whose clock needs none of the lost facts, exactly as the
complete one, and left out of the others, counted once per metric a target applies to; when
the default refuses nothing, the option changes nothing; counts merge by addition.
"""

from __future__ import annotations

import itertools
import pickle
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import attrs
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, MergeError, PartialHistoryError
from servicemodel.model import (
    LOST,
    PARTIAL_ATTRIBUTE,
    AgentReply,
    PriorityChange,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import (
    HasTags,
    Metric,
    PolicySet,
    PriorityIn,
    SLALeftOut,
    SLAPolicy,
    Target,
    evaluate,
    evaluate_many,
)
from servicemodel.sla._engine import evaluations, fold, policies_of
from servicemodel.strategies import histories, policies, policy_sets

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
HOUR = timedelta(hours=1)
#: What each metric's clock needs, as the docs' table says (written out here, not imported).
NEEDS = {
    Metric.FIRST_REPLY: {"first_reply", "resolution"},
    Metric.NEXT_REPLY: {"next_reply"},
    Metric.PERIODIC_UPDATE: {"periodic_update"},
    Metric.RESOLUTION: {"resolution"},
    Metric.REQUESTER_WAIT: {"pauses", "resolution"},
    Metric.AGENT_WORK: {"pauses", "resolution"},
}
LOSABLE = sorted(LOST)


def marked(h: TicketHistory, lost: Sequence[str]) -> TicketHistory:
    """``h`` (same id, same events) marked as lacking ``lost``."""
    attributes = {**h.ticket.attributes, PARTIAL_ATTRIBUTE: ",".join(sorted(lost))}
    return TicketHistory(attrs.evolve(h.ticket, attributes=attributes), h.events)


def members(ps: SLAPolicy | PolicySet) -> tuple[SLAPolicy, ...]:
    return (ps,) if isinstance(ps, SLAPolicy) else ps.policies


def in_force(ps: SLAPolicy | PolicySet, h: TicketHistory) -> tuple[SLAPolicy, ...]:
    """The policies the engine measures ``h`` under at some point (its own record of them)."""
    chosen = policies_of(ps)
    facts = fold(chosen, h, h.last_event_at.astimezone(UTC))
    found = {facts.policy} | {q for _, _, q in facts.matches}
    return tuple(chosen[i] for i in sorted(found) if i >= 0)


def left_out_of(ps: SLAPolicy | PolicySet, h: TicketHistory, lost: set[str]) -> set[Metric]:
    """The metrics a history lacking ``lost`` is left out of: its clock needs a lost fact, or,
    without the time in each status, a policy in force for it pauses."""
    found = in_force(ps, h)
    out = {m for p in found for m in p.metrics if NEEDS[m] & lost}
    if "pauses" in lost:
        out |= {m for p in found if p.pause or p.pause_labels for m in p.metrics}
    return out


def one_policy_targets(p: SLAPolicy, h: TicketHistory, metric: Metric) -> bool:
    """Whether ``p`` (matching every ticket) has a target for ``metric`` at a priority ``h``'s
    ticket had: under its label's targets where the policy has some for the label in force
    (docs/sla.md, admin-defined priorities), else its category's."""
    had = {(h.ticket.priority, h.ticket.priority_label)} | {
        (e.priority, e.label) for e in h.events if isinstance(e, PriorityChange)
    }
    return any(p.target_for(p.target_key(prio, label), metric) is not None for prio, label in had)


ANY_POLICIES = st.one_of(policies(conditions=True), policy_sets(max_policies=2))


@settings(max_examples=60, deadline=None)
@given(
    ps=ANY_POLICIES,
    hs=st.lists(histories(max_events=8), max_size=4, unique_by=lambda h: h.id),
    later=st.booleans(),
)
def test_complete_histories_are_measured_as_without_the_option(
    ps: SLAPolicy | PolicySet, hs: list[TicketHistory], later: bool
) -> None:
    at = max((h.last_event_at for h in hs), default=T0) + HOUR if later else None
    plain = list(evaluations(ps, hs, at))
    assert list(evaluations(ps, hs, at, partial="leave_out")) == plain
    assert list(evaluate_many(ps, hs, at, partial="leave_out")) == [m for ms in plain for m in ms]
    assert [evaluate(ps, h, at, partial="leave_out") for h in hs] == plain
    tally = SLALeftOut.empty(ps, at=at).add_many(hs)
    assert (tally.tickets, tally.partial, tally.left_out, tally.counts) == (len(hs), 0, 0, {})


@settings(max_examples=80, deadline=None)
@given(
    ps=ANY_POLICIES,
    h=histories(max_events=8),
    lost=st.sets(st.sampled_from(LOSABLE), min_size=1),
)
def test_a_partial_copy_keeps_every_clock_it_can_run(
    ps: SLAPolicy | PolicySet, h: TicketHistory, lost: set[str]
) -> None:
    # The clocks that need no lost fact give the complete history's measurements, one for
    # one and in order; the others are not measured at all (the clocks that need a lost fact
    # are never guessed, even where the copy's events would let them run).
    copy = marked(h, sorted(lost))
    gone = left_out_of(ps, h, lost)
    want = tuple(m for m in evaluate(ps, h) if m.metric not in gone)
    assert evaluate(ps, copy, partial="leave_out") == want
    assert list(evaluate_many(ps, [copy], partial="leave_out")) == list(want)


@settings(max_examples=80, deadline=None)
@given(
    p=policies(),
    hs=st.lists(histories(max_events=6), min_size=1, max_size=4),
    lost=st.lists(st.sets(st.sampled_from(LOSABLE)), min_size=4, max_size=4),
)
def test_each_metric_counts_each_ticket_it_left_out_once(
    p: SLAPolicy, hs: list[TicketHistory], lost: list[set[str]]
) -> None:
    # A partial ticket is counted once per metric it cannot run that has a target at a
    # priority it had (however many cycles the clock would have run); complete ones never.
    copies = [marked(h, sorted(facts)) if facts else h for h, facts in zip(hs, lost, strict=False)]
    tally = SLALeftOut.empty(p).add_many(copies)
    want: dict[Metric, int] = {}
    wanted_lost: dict[Metric, set[str]] = {}
    tickets = 0
    for h, facts in zip(hs, lost, strict=False):
        hit = False
        for metric in sorted(left_out_of(p, h, facts), key=list(Metric).index):
            if one_policy_targets(p, h, metric):
                want[metric] = want.get(metric, 0) + 1
                pauses = p.pause or p.pause_labels  # as in left_out_of
                why = (NEEDS[metric] & facts) | ({"pauses"} & facts if pauses else set())
                wanted_lost.setdefault(metric, set()).update(why)
                hit = True
        tickets += hit
    assert tally.counts == want
    assert tally.lost == {m: frozenset(f) for m, f in wanted_lost.items()}
    assert tally.left_out == tickets
    assert tally.partial == sum(1 for facts in lost[: len(hs)] if facts)
    assert sum(n for _, _, n, _ in tally.entries) == sum(want.values())


#: Events that never match a ticket to another policy (no priority or assignment change).
UNMATCHED = [
    "customer_message",
    "agent_reply",
    "internal_note",
    "status_change",
    "reopen",
    "satisfaction",
]


@pytest.mark.parametrize("kinds", [UNMATCHED, None], ids=["never-matched-again", "any"])
@settings(max_examples=100, deadline=None)
@given(data=st.data(), p=ANY_POLICIES, lost=st.sets(st.sampled_from(LOSABLE), min_size=1))
def test_what_the_default_measures_the_option_measures_alike(
    kinds: list[str] | None, data: st.DataObject, p: SLAPolicy | PolicySet, lost: set[str]
) -> None:
    # The default refuses a partial history when a policy it is ever matched to (as created,
    # or again after a priority or assignment change) needs a lost fact; the option leaves out
    # the clocks that need one under the policies in force, so when the default refuses
    # nothing it measures alike. Histories without field changes are drawn on their own too,
    # where the default refuses less often.
    h = data.draw(histories(max_events=8, kinds=kinds) if kinds else histories(max_events=8))
    copy = marked(h, sorted(lost))
    try:
        refused = evaluate(p, copy)
    except PartialHistoryError:
        assume(False)
    assert evaluate(p, copy, partial="leave_out") == refused


@st.composite
def mixes(draw: st.DrawFn) -> list[TicketHistory]:
    found = draw(st.lists(histories(max_events=5), max_size=6))
    out = []
    for i, h in enumerate(found):
        h = TicketHistory(attrs.evolve(h.ticket, id=f"T{i}"), h.events)
        facts = draw(st.sets(st.sampled_from(LOSABLE), max_size=3))
        out.append(marked(h, sorted(facts)) if facts else h)
    return out


@settings(max_examples=40, deadline=None)
@given(p=policies(), hs=mixes(), cuts=st.lists(st.integers(0, 6), max_size=3))
def test_split_tallies_merge_to_one_pass(p: SLAPolicy, hs: list[TicketHistory], cuts: list[int]):
    tally = SLALeftOut.empty(p)
    whole = tally.add_many(hs)
    bounds = [0, *sorted(cuts), len(hs)]
    parts = [tally.add_many(hs[a:b]) for a, b in itertools.pairwise(bounds)]
    assert sum(parts) == whole
    assert sum(reversed(parts)) == whole  # the order of the parts does not matter
    assert pickle.loads(pickle.dumps(whole)) == whole


# --- examples ----------------------------------------------------------------------------------

POLICY = SLAPolicy(
    "p",
    {
        "normal": [Target("first_reply", "1h", business=False), Target("resolution", "1d")],
        "high": [Target("first_reply", "30m", business=False)],
    },
    pause=[],
)


def _ticket(tid: str, lost: str = "", priority: str = "normal") -> TicketHistory:
    attributes = {PARTIAL_ATTRIBUTE: lost} if lost else {}
    t = Ticket(tid, T0, priority=priority, attributes=attributes)
    events = [StatusChange(f"{tid}.s", T0 + 3 * HOUR, status="solved")]
    if not lost:
        events.insert(0, AgentReply(f"{tid}.r", T0 + HOUR))
    return TicketHistory(t, events)


def test_the_default_still_refuses() -> None:
    with pytest.raises(PartialHistoryError, match="lost: first_reply"):
        evaluate(POLICY, _ticket("B", "first_reply"))
    with pytest.raises(PartialHistoryError):
        list(evaluate_many(POLICY, [_ticket("A"), _ticket("B", "first_reply")]))


def test_the_refusal_names_the_option_that_leaves_it_out() -> None:
    # It said "leave it out for these tickets" without saying how.
    with pytest.raises(PartialHistoryError) as caught:
        evaluate(POLICY, _ticket("B", "first_reply"))
    assert 'partial="leave_out" measures it on the clocks it can run' in str(caught.value)
    assert caught.value.lost == {"first_reply"}
    assert "ticket 'B'" in str(caught.value)


@pytest.mark.parametrize("value", ["drop", "", "Leave_Out", None, True, 0])
def test_an_unknown_partial_option_names_itself_and_the_known_ones(value: object) -> None:
    calls = [
        lambda: evaluate(POLICY, _ticket("A"), partial=value),  # type: ignore[arg-type]
        lambda: list(evaluate_many(POLICY, [_ticket("A")], partial=value)),  # type: ignore[arg-type]
        lambda: list(evaluations(POLICY, [_ticket("A")], partial=value)),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(ConfigError) as info:
            call()
        assert str(info.value) == f"partial: must be 'refuse' or 'leave_out', got {value!r}"


def test_a_partial_ticket_is_measured_on_what_it_holds_and_counted() -> None:
    hs = [_ticket("A"), _ticket("B", "first_reply"), _ticket("C", "first_reply", "high")]
    got = [
        (m.ticket_id, m.metric.value, m.state.value)
        for m in evaluate_many(POLICY, hs, partial="leave_out")
    ]
    assert got == [
        ("A", "first_reply", "achieved"),
        ("A", "resolution", "achieved"),
        ("B", "resolution", "achieved"),
    ]
    tally = SLALeftOut.empty(POLICY).add_many(hs)
    assert tally.counts == {Metric.FIRST_REPLY: 2}
    assert tally.lost == {Metric.FIRST_REPLY: frozenset({"first_reply"})}
    assert [(m.value, p.value, n) for m, p, n, _ in tally.entries] == [
        ("first_reply", "normal", 1),
        ("first_reply", "high", 1),
    ]
    assert repr(tally) == "SLALeftOut(tickets=3, partial=2, left_out={'first_reply': 2})"


def test_a_ticket_created_after_at_is_no_loss() -> None:
    late = TicketHistory(
        Ticket("L", T0 + 5 * HOUR, attributes={PARTIAL_ATTRIBUTE: "first_reply"}), []
    )
    assert SLALeftOut.empty(POLICY, at=T0 + HOUR).add(late).counts == {}
    assert SLALeftOut.empty(POLICY).add(late).counts == {Metric.FIRST_REPLY: 1}
    assert evaluate(POLICY, late, T0 + HOUR, partial="leave_out") == ()


def test_the_tally_refuses_what_is_not_its_kind() -> None:
    with pytest.raises(InputTypeError, match="expected an SLAPolicy or PolicySet"):
        SLALeftOut.empty("p")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="history: expected a TicketHistory, got str"):
        SLALeftOut.empty(POLICY).add("T1")  # type: ignore[arg-type]
    with pytest.raises(MergeError, match="different policies or at"):
        SLALeftOut.empty(POLICY) + SLALeftOut.empty(POLICY, at=T0)
    with pytest.raises(MergeError, match="only another SLALeftOut"):
        1 + SLALeftOut.empty(POLICY)  # type: ignore[operator]


def test_a_policy_never_in_force_leaves_nothing_out() -> None:
    # Only the VIP policy pauses: a ticket without status times that the standard policy
    # measures runs every clock; a VIP one is left out of the metrics of its pausing policy.
    vip = SLAPolicy(
        "vip",
        {"normal": [Target("first_reply", "30m", business=False)]},
        condition=HasTags(["vip"]),
    )
    ps = PolicySet([vip, attrs.evolve(POLICY, name="standard")])
    plain = _ticket("A")
    lacking = marked(plain, ["pauses"])
    tagged = TicketHistory(attrs.evolve(lacking.ticket, id="V", tags=["vip"]), lacking.events)
    assert evaluate(ps, lacking, partial="leave_out") == evaluate(ps, plain)
    assert evaluate(ps, tagged, partial="leave_out") == ()
    tally = SLALeftOut.empty(ps).add_many([lacking, tagged])
    assert tally.counts == {Metric.FIRST_REPLY: 1}
    assert tally.lost == {Metric.FIRST_REPLY: frozenset({"pauses"})}


def test_a_ticket_matched_again_is_left_out_of_the_new_policy_too() -> None:
    # The low policy applies only once the ticket is made low: its first reply clock, which
    # needs the lost first reply, is left out and counted (the default refuses the ticket:
    # test_the_default_refuses_a_ticket_matched_again_to_a_policy_needing_a_lost_fact).
    low = SLAPolicy(
        "low",
        {"low": [Target("first_reply", "1h", business=False)]},
        condition=PriorityIn(["low"]),
        pause=[],
    )
    t = Ticket("T", T0, attributes={PARTIAL_ATTRIBUTE: "first_reply"})
    h = TicketHistory(t, [PriorityChange("c", T0, priority="low")])
    assert evaluate(low, h, partial="leave_out") == ()
    tally = SLALeftOut.empty(low).add(h)
    assert [(m.value, p.value, n) for m, p, n, _ in tally.entries] == [("first_reply", "low", 1)]


def test_the_default_refuses_a_ticket_matched_again_to_a_policy_needing_a_lost_fact() -> None:
    low = SLAPolicy(
        "low", {"low": [Target("first_reply", "1h")]}, condition=PriorityIn(["low"]), pause=[]
    )
    h = TicketHistory(
        Ticket("A", T0, attributes={PARTIAL_ATTRIBUTE: "first_reply"}),
        [PriorityChange("c", T0, priority="low")],
    )
    with pytest.raises(PartialHistoryError, match="SLA policy 'low', metric first_reply"):
        evaluate(low, h)


@settings(max_examples=80, deadline=None)
@given(
    ps=ANY_POLICIES,
    h=histories(max_events=8),
    lost=st.sets(st.sampled_from(LOSABLE), min_size=1),
    cut=st.integers(0, 8),
)
def test_measured_at_an_instant_a_partial_copy_keeps_the_clocks_of_the_policies_by_then(
    ps: SLAPolicy | PolicySet, h: TicketHistory, lost: set[str], cut: int
) -> None:
    # With ``at`` before the last event, only the policies in force up to ``at`` decide what
    # is left out: a policy the ticket is matched to later leaves nothing out yet.
    instants = sorted([h.created_at, *(e.at for e in h.events)], key=lambda t: t.astimezone(UTC))
    at = instants[min(cut, len(instants) - 1)]
    chosen = policies_of(ps)
    facts = fold(chosen, h, at.astimezone(UTC))
    found = [chosen[i] for i in sorted({facts.policy} | {q for _, _, q in facts.matches}) if i >= 0]
    gone = {m for p in found for m in p.metrics if NEEDS[m] & lost}
    if "pauses" in lost:
        gone |= {m for p in found if p.pause or p.pause_labels for m in p.metrics}
    want = tuple(m for m in evaluate(ps, h, at) if m.metric not in gone)
    assert evaluate(ps, marked(h, sorted(lost)), at, partial="leave_out") == want


def test_a_pausing_policy_matched_after_at_leaves_nothing_out_at_at() -> None:
    # Standard (no pauses) is in force until the ticket is made high at +2h, then VIP, which
    # pauses. Measured at +1h, a copy without the time in each status runs every clock of
    # standard; over its whole history, VIP's pausing leaves the metrics out.
    vip = SLAPolicy(
        "vip", {"high": [Target("first_reply", "1h", business=False)]},
        condition=PriorityIn(["high"]),
    )  # fmt: skip
    ps = PolicySet([vip, attrs.evolve(POLICY, name="standard")])
    h = TicketHistory(
        Ticket("T", T0),
        [AgentReply("r", T0 + HOUR / 2), PriorityChange("c", T0 + 2 * HOUR, priority="high")],
    )
    copy = marked(h, ["pauses"])
    at = T0 + HOUR
    assert evaluate(ps, copy, at, partial="leave_out") == evaluate(ps, h, at)
    assert [m.metric for m in evaluate(ps, h, at)] == [Metric.FIRST_REPLY, Metric.RESOLUTION]
    assert SLALeftOut.empty(ps, at=at).add(copy).counts == {}
    assert evaluate(ps, copy, partial="leave_out") == ()
    assert SLALeftOut.empty(ps).add(copy).counts == {Metric.FIRST_REPLY: 1}


@given(
    st.lists(st.sampled_from(["refuse", "leave_out", 0, 1]), min_size=2, max_size=4).map(np.array)
)
@settings(max_examples=20)
def test_an_array_as_the_partial_option_is_refused_naming_it(value: object) -> None:
    # An array compares with a text element by element and has no truth value: it was
    # Python's own ValueError ("The truth value of an array ... is ambiguous").
    calls = [
        lambda: evaluate(POLICY, _ticket("A"), partial=value),  # type: ignore[arg-type]
        lambda: list(evaluate_many(POLICY, [_ticket("A")], partial=value)),  # type: ignore[arg-type]
        lambda: list(evaluations(POLICY, [_ticket("A")], partial=value)),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(ConfigError, match=r"^partial: must be 'refuse' or 'leave_out', got "):
            call()
