"""``dask.sla_attainment`` measures a ticket once in a partition; across them it is the caller's.

A ticket given twice in one partition was measured twice and counted twice in the attainment,
where ``evaluate_many`` refuses it (commit 6e9fb36f). Now the partition refuses it with the
same ``ConfigError`` (at ``partition[i]``), through ``sla_attainment`` and through any
``accumulate`` / ``estimate`` whose ``extract`` is ``SLAMeasurements``. Across partitions it
is not told (each partition folds on its own worker; telling it is a second pass holding every
id in one place): the documented rule is one partition per ticket, and the documented recipe
(``foldby`` on the ticket id) restores the one-process figure. Laws (Hypothesis, synchronous
scheduler): a partition holding a ticket twice is refused naming it; a bag whose repeats lie
in different partitions gives, after the recipe, ``evaluate_many``'s attainment of one
history per ticket.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("dask")

import dask

from servicemodel.dask import SLAMeasurements, accumulate, estimate, sla_attainment
from servicemodel.errors import ConfigError
from servicemodel.kpi import SLAAttainment
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.sla import SLAPolicy, Target, evaluate_many

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
POLICY = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})


def _sync() -> Any:
    """The synchronous scheduler, for the block only (no cluster: tests/test_dask.py has one)."""
    return dask.config.set(scheduler="sync")


def _history(tid: str, reply: int) -> TicketHistory:
    return TicketHistory(Ticket(tid, T0), [AgentReply(f"r{tid}", T0 + timedelta(minutes=reply))])


def _bag(parts: list[list[Any]]) -> Any:
    """A bag with exactly these partitions, in this order."""
    from dask.bag.core import Bag

    name = f"once-{id(parts)}"
    return Bag({(name, i): part for i, part in enumerate(parts)}, name, len(parts))


def test_a_ticket_twice_in_one_partition_is_refused_naming_it() -> None:
    bag = _bag([[_history("A", 30), _history("B", 90), _history("A", 30)]])
    with _sync(), pytest.raises(ConfigError) as caught:
        sla_attainment(bag, POLICY)
    assert caught.value.path == "partition[2]"
    assert "ticket 'A' appears twice in partition" in str(caught.value)
    # Dict records too, and any accumulate whose extract is SLAMeasurements.
    records = [{"id": "A", "created_at": "2026-03-02T09:00:00Z", "events": []}] * 2
    with _sync(), pytest.raises(ConfigError, match=r"^partition\[1\]: ticket 'A' appears twice"):
        estimate(_bag([records]), SLAAttainment.empty(), extract=SLAMeasurements(POLICY))
    with _sync(), pytest.raises(ConfigError, match="ticket 'A' appears twice"):
        accumulate(_bag([records]), SLAAttainment.empty(), extract=SLAMeasurements(POLICY))


def test_a_ticket_in_two_partitions_counts_once_per_partition_as_documented() -> None:
    once = _bag([[_history("A", 30)], [_history("B", 90)]])
    twice = _bag([[_history("A", 30)], [_history("B", 90), _history("A", 30)]])
    with _sync():
        assert sla_attainment(once, POLICY).value == 0.5
        # Not told: A is counted in both partitions (2 of 3 in time).
        assert sla_attainment(twice, POLICY).value == pytest.approx(2 / 3)
        kept = twice.foldby(lambda h: h.id, lambda a, b: b).pluck(1)
        assert sla_attainment(kept, POLICY) == sla_attainment(once, POLICY)


_IDS = st.sampled_from(["1", "2", "3", "4", "5"])


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(_IDS, st.integers(1, 120)), min_size=1, max_size=10),
    st.lists(st.integers(0, 10), max_size=4),
)
def test_within_a_partition_refused_across_partitions_the_recipe_gives_one_pass(
    stream: list[tuple[str, int]], cuts: list[int]
) -> None:
    # The reply instant depends on the id alone: two copies of a ticket are the same history.
    histories = [_history(tid, 7 * int(tid)) for tid, _ in stream]
    edges = [0, *sorted(min(c, len(histories)) for c in cuts), len(histories)]
    parts = [histories[a:b] for a, b in itertools.pairwise(edges)]
    repeated_inside = [
        next(i for i, h in enumerate(part) if h.id in {g.id for g in part[:i]})
        for part in parts
        if len({h.id for h in part}) < len(part)
    ]
    with _sync():
        if repeated_inside:
            with pytest.raises(ConfigError) as caught:
                sla_attainment(_bag(parts), POLICY)
            assert caught.value.path in {f"partition[{i}]" for i in repeated_inside}
            assert "appears twice in partition" in str(caught.value)
            return
        unique = list({h.id: h for h in histories}.values())
        expected = SLAAttainment.empty().add_many(evaluate_many(POLICY, unique)).result()
        kept = _bag(parts).foldby(lambda h: h.id, lambda a, b: b).pluck(1)
        assert sla_attainment(kept, POLICY) == expected
