"""examples/live_desk: a delivery that fails leaves the desk as its database says.

``LiveDesk.ingest`` applies an event to the ticket's cached state, then stores it in one
transaction. When something after ``apply`` raises (an event stamped centuries ahead applies,
then its timers are a ``CalendarError``), the transaction rolls back; the cached state must
not keep the event, or the process would refuse the ticket's later events (as late) and
ignore the corrected redelivery, until a restart reads the row again.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from servicemodel.errors import CalendarError, ConfigError
from servicemodel.model import AgentReply, CustomerMessage, Ticket
from servicemodel.sla import GroupIn, PolicySet, SLAPolicy, Target, TicketSLA

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples" / "live_desk"))
from desk import LiveDesk  # noqa: E402

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
POLICY = SLAPolicy.from_dict(
    {
        "name": "office",
        "calendar": {"tz": "Europe/Berlin", "hours": {"mon-fri": "08:00-18:00"}},
        "targets": {"normal": [{"metric": "first_reply", "within": "4h"}]},
        "warn_at": [],
    }
)


def test_a_failed_delivery_changes_nothing(tmp_path: Path) -> None:
    fired: list[object] = []
    desk = LiveDesk(str(tmp_path / "desk.sqlite3"), POLICY, on_timer=fired.append)
    desk.open_ticket(Ticket("T-1", T0))
    assert desk.ingest("T-1", CustomerMessage("m1", T0 + timedelta(minutes=5)))
    with pytest.raises(CalendarError):
        desk.ingest("T-1", AgentReply("r1", datetime(2400, 1, 1, tzinfo=UTC)))
    # As the row says: one event applied, the last one the customer's message.
    state = desk.state("T-1")
    assert (state.applied, state.last_event_at) == (1, T0 + timedelta(minutes=5))
    # The source corrects the timestamp and delivers the reply again: applied, not a
    # redelivery, and the first reply is achieved (1 h of its 4 business hours: Monday 10:00
    # in Berlin is 09:00 UTC, office hours).
    assert desk.ingest("T-1", AgentReply("r1", T0 + timedelta(hours=1)))
    (m,) = desk.state("T-1").measurements()
    assert (m.state.value, m.elapsed) == ("achieved", timedelta(hours=1))
    desk.close()
    restarted = LiveDesk(str(tmp_path / "desk.sqlite3"), POLICY, on_timer=fired.append)
    assert restarted.state("T-1").applied == 2
    restarted.close()
    assert fired == []


def test_a_refused_policy_set_leaves_the_desk_on_its_old_set(tmp_path: Path) -> None:
    # A clock that stopped under a policy the edited set removes cannot be measured (a
    # ConfigError, docs: Schema versions); the desk keeps the set its rows were written for.
    tier1 = SLAPolicy(
        "tier-1",
        {"normal": [Target("first_reply", "8h", business=False)]},
        condition=GroupIn(["tier-1"]),
    )
    tier2 = SLAPolicy(
        "tier-2",
        {"normal": [Target("first_reply", "1h", business=False)]},
        condition=GroupIn(["tier-2"]),
    )
    both = PolicySet([tier1, tier2])
    desk = LiveDesk(str(tmp_path / "desk.sqlite3"), both, on_timer=lambda timer: None)
    desk.open_ticket(Ticket("A", T0, group="tier-1"))
    desk.ingest("A", AgentReply("r1", T0 + timedelta(hours=1)))  # stopped under tier-1
    with pytest.raises(ConfigError):
        desk.change_policies(PolicySet([tier2]))
    assert desk.policies == both
    # The ticket goes on: a customer message after the first reply starts no clock here.
    assert desk.ingest("A", CustomerMessage("m1", T0 + timedelta(hours=2)))
    (m,) = desk.state("A").measurements()
    assert (m.policy, m.state.value, m.elapsed) == ("tier-1", "achieved", timedelta(hours=1))
    desk.close()


def test_a_row_naming_a_removed_policy_names_its_ticket() -> None:
    # A desk loads many rows under an edited set: the refusal says which ticket to replay.
    tier1 = SLAPolicy("tier-1", {"normal": [Target("first_reply", "8h", business=False)]})
    state = TicketSLA(tier1, Ticket("T-9", T0))
    state.apply(AgentReply("r1", T0 + timedelta(hours=1)))
    other = SLAPolicy("tier-2", {"normal": [Target("first_reply", "1h", business=False)]})
    with pytest.raises(ConfigError, match=r"\(ticket 'T-9'\)") as info:
        TicketSLA.from_dict(state.to_dict(), other)
    assert info.value.path == "first_stop[2]"
