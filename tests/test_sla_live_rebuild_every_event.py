"""``TicketSLA.rebuild`` needs every event the state applied, with the late one.

The docs' recipe is ``state.rebuild([*stored, late])``. Passing only the late event, or a
store that lost an event, used to give a state measured on part of the history, silently;
it is now a ``ConfigError`` naming the missing ids (``TicketSLA.replay`` drops an event on
purpose).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Reopen,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import SLAPolicy, Target, TicketSLA
from servicemodel.strategies import histories

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
POLICY = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})


def test_only_the_late_event_is_refused() -> None:
    state = TicketSLA(POLICY, Ticket("T-1", T0))
    state.apply(CustomerMessage("m1", T0 + timedelta(hours=1)))
    state.apply(CustomerMessage("m2", T0 + timedelta(hours=2)))
    late = AgentReply("r1", T0 + timedelta(minutes=30))
    with pytest.raises(ConfigError) as info:
        state.rebuild([late])
    assert info.value.path == "events"
    assert "2 events this state applied are not among" in info.value.message
    assert "'m1', 'm2'" in info.value.message
    assert state.applied == 2  # unchanged
    # With the stored events it is the replay: the first reply at 09:30 is achieved.
    rebuilt = state.rebuild(
        [
            CustomerMessage("m1", T0 + timedelta(hours=1)),
            CustomerMessage("m2", T0 + timedelta(hours=2)),
            late,
        ]
    )
    (m,) = rebuilt.measurements()
    assert (rebuilt.applied, m.state.value) == (3, "achieved")


@given(histories(max_events=8), st.data())
def test_a_rebuild_missing_an_applied_event_is_refused(
    history: TicketHistory, data: st.DataObject
) -> None:
    # Law: rebuild(events) with every applied event is the replay; without one, ConfigError.
    state = TicketSLA.replay(POLICY, history.ticket, history.events)
    n = len(history.events)
    dropped = data.draw(st.sets(st.integers(0, n - 1)) if n else st.just(set[int]()))
    kept = [e for i, e in enumerate(history.events) if i not in dropped]
    if not dropped:
        assert state.rebuild(kept) == state
    else:
        with pytest.raises(ConfigError) as info:
            state.rebuild(kept)
        assert info.value.path == "events"
        assert state.applied == n


def test_a_missing_solve_is_named_not_a_reopen_of_an_open_ticket() -> None:
    # Without the solve it applied, the reopen after it could not be replayed: the rebuild
    # raised an EventOrderError about the reopen, not the ConfigError naming the missing
    # event that the docs promise (found by the law above once histories drew labels).
    state = TicketSLA(POLICY, Ticket("T-1", T0))
    state.apply(StatusChange("s", T0 + timedelta(hours=1), status="solved"))
    state.apply(Reopen("o", T0 + timedelta(hours=2)))
    with pytest.raises(ConfigError, match=r"1 event this state applied is not among .*'s'") as info:
        state.rebuild([Reopen("o", T0 + timedelta(hours=2))])
    assert info.value.path == "events"
    assert state.applied == 2
