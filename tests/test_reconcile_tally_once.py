"""The report's reconciliation tally reconciles each ticket once, as ``evaluate_many`` measures it.

``ReconcileTally.add`` took a ticket's measurements whenever given: a ticket added twice found
its vendor verdicts already taken and counted every clock of ours again, "vendor has no clock
for it" (one compared clock became a compared one plus an "only ours" one), and one add
holding two tickets' measurements counted the second's clocks as ours only and its vendor
verdicts as the vendor's only. Now both are a ``ConfigError`` naming the ticket, the repeat at
``histories[i]`` with the message ``evaluate_many`` gives (commit 6e9fb36f, the same
``OnceEach``). Laws (Hypothesis): a stream of tickets is refused exactly at its first repeated
id, at that index; without a repeat, the tally's counts are those of one ``reconcile`` of every
verdict and every measurement.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.reconcile import VendorVerdict, reconcile
from servicemodel.report._reconcile import ReconcileTally, side
from servicemodel.sla import SLAPolicy, Target, evaluate, evaluate_many

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
POLICY = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})


def _history(tid: str, reply: int) -> TicketHistory:
    return TicketHistory(Ticket(tid, T0), [AgentReply(f"r{tid}", T0 + timedelta(minutes=reply))])


def _verdict(tid: str, state: str) -> VendorVerdict:
    return VendorVerdict(tid, "reply_time", 1, state)


def test_a_ticket_added_twice_is_refused_naming_it_at_its_second_place() -> None:
    tally = ReconcileTally([_verdict("7", "achieved")], {"7", "8"})
    tally.add(evaluate(POLICY, _history("7", 30)))
    tally.add(evaluate(POLICY, _history("8", 30)))
    with pytest.raises(ConfigError) as caught:
        tally.add(evaluate(POLICY, _history("7", 30)))
    assert caught.value.path == "histories[2]"
    assert str(caught.value).startswith("histories[2]: ticket '7' appears twice in histories")
    # evaluate_many says the same of the same stream.
    with pytest.raises(ConfigError, match=r"^histories\[2\]: ticket '7' appears twice"):
        list(evaluate_many(POLICY, [_history("7", 30), _history("8", 30), _history("7", 30)]))


def test_a_tickets_clocks_are_counted_once() -> None:
    tally = ReconcileTally([_verdict("7", "achieved")], {"7"})
    tally.add(evaluate(POLICY, _history("7", 30)))
    with pytest.raises(ConfigError):
        tally.add(evaluate(POLICY, _history("7", 30)))
    o = tally.section().overall
    # Before the fix: compared 1, agreed 1, ours only 1 (the same clock again).
    assert (o.compared, o.agreed, o.ours_only, o.vendor_only) == (1, 1, 0, 0)


def test_one_add_holding_two_tickets_is_refused_naming_both() -> None:
    tally = ReconcileTally([_verdict("7", "achieved"), _verdict("8", "achieved")], {"7", "8"})
    both = evaluate(POLICY, _history("7", 30)) + evaluate(POLICY, _history("8", 30))
    with pytest.raises(ConfigError) as caught:
        tally.add(both)
    assert caught.value.path == "histories[0][1]"
    assert "measurements of two tickets in one add, '7' and '8'" in str(caught.value)


def test_an_add_with_no_measurement_takes_its_place() -> None:
    tally = ReconcileTally([], {"7"})
    tally.add(())
    tally.add(evaluate(POLICY, _history("7", 30)))
    with pytest.raises(ConfigError, match=r"^histories\[2\]: ticket '7'"):
        tally.add(evaluate(POLICY, _history("7", 90)))


_IDS = st.sampled_from(["1", "2", "3", "4", "5", "6"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(_IDS, st.integers(1, 120)), max_size=8),
    st.dictionaries(_IDS, st.sampled_from(["achieved", "breached", "active"])),
)
def test_refused_exactly_at_the_first_repeat_else_one_reconcile_of_all(
    stream: list[tuple[str, int]], vendor: dict[str, str]
) -> None:
    verdicts = [_verdict(tid, state) for tid, state in vendor.items()]
    histories = [_history(tid, reply) for tid, reply in stream]
    ids = [tid for tid, _ in stream]
    first_repeat = next((i for i, tid in enumerate(ids) if tid in ids[:i]), None)
    tally = ReconcileTally(verdicts, set(ids))
    measured = []
    for i, h in enumerate(histories):
        ms = evaluate(POLICY, h)
        if i == first_repeat:
            with pytest.raises(ConfigError) as caught:
                tally.add(ms)
            assert caught.value.path == f"histories[{i}]"
            assert f"ticket {ids[i]!r} appears twice" in str(caught.value)
            return
        tally.add(ms)
        measured.extend(ms)
    assert first_repeat is None
    o = tally.section().overall
    # The verdicts on tickets outside the stream are left out of the tally (``selected``).
    kept = [v for v in verdicts if v.ticket_id in set(ids)]
    whole = Counter(side(c) for c in reconcile(kept, measured).clocks)
    agreed = sum(c.agrees for c in reconcile(kept, measured).clocks)
    assert (o.compared, o.agreed, o.ours_only, o.vendor_only) == (
        whole["both"], agreed, whole["ours_only"], whole["vendor_only"])  # fmt: skip
