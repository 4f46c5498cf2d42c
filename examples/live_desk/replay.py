"""Replay a JSON Lines export through the live desk, as if its events arrived one by one.

Every ticket creation and event of the file is delivered in time order (a ticket's events at
one instant keep their recorded order); every ``duplicate_every``-th event is delivered a
second time a few deliveries later (webhooks are at-least-once), and halfway through the
process "restarts": the desk is closed and a new one opened on the same database. Before each
delivery the timer loop fires everything due before it.

    python examples/live_desk/replay.py                   # the whole sample file
    python examples/live_desk/replay.py --limit 300       # the first 300 tickets
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from servicemodel.escalation import EscalationLadder
from servicemodel.io import load_jsonl
from servicemodel.model import Event, Ticket, TicketHistory
from servicemodel.sla import PolicySet, TicketSLA, Timer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from desk import LiveDesk

ROOT = Path(__file__).resolve().parents[2]
#: The escalation ladder the example runs: a reminder to the team lead 2 business hours before
#: any deadline (Freshdesk's reminders), the manager at the breach, and again every 2 business
#: hours after it, twice. Nothing escalates while a clock is paused (pending, or solved).
LADDER = EscalationLadder.from_dict(
    {
        "levels": [
            {"name": "team-lead", "trigger": {"before_due": "2h"}, "targets": ["lead"]},
            {"name": "manager", "trigger": "breach", "targets": ["manager"]},
        ],
        "repeat": {"every": "2h", "times": 2},
    }
)

Delivery = tuple[datetime, Ticket, Event | None]


def deliveries(histories: Iterable[TicketHistory], duplicate_every: int) -> list[Delivery]:
    """Creations and events in time order, with some events delivered twice."""
    items: list[Delivery] = []
    for h in histories:
        items.append((h.created_at.astimezone(UTC), h.ticket, None))
        items += [(ev.at.astimezone(UTC), h.ticket, ev) for ev in h.events]
    items.sort(key=lambda item: item[0])  # stable: one ticket's events keep their order
    if duplicate_every:
        for i in range(len(items) - 1, 0, -duplicate_every):
            if items[i][2] is not None:
                items.insert(min(i + 3, len(items)), items[i])
    return items


def replay(
    histories: list[TicketHistory],
    policies: PolicySet,
    db: str,
    *,
    duplicate_every: int = 7,
    restart: bool = True,
) -> tuple[dict[str, TicketSLA], list[Timer], datetime]:
    """Run every delivery through a desk; the final states, the fired timers, the end."""
    fired: list[Timer] = []
    desk = LiveDesk(db, policies, LADDER, on_timer=fired.append)
    items = deliveries(histories, duplicate_every)
    half = len(items) // 2 if restart else -1
    for i, (at, ticket, event) in enumerate(items):
        if i == half:
            desk.close()  # the process "restarts": nothing survives but the database
            desk = LiveDesk(db, policies, LADDER, on_timer=fired.append)
        desk.fire_due(at)
        if event is None:
            desk.open_ticket(ticket)
        else:
            desk.ingest(ticket.id, event)
    end = items[-1][0] + timedelta(seconds=1)
    desk.fire_due(end)
    states = {h.ticket.id: desk.state(h.ticket.id) for h in histories}
    desk.close()
    return states, fired, end


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(ROOT / "examples/data/tickets.jsonl"))
    parser.add_argument("--policy", default=str(ROOT / "examples/policies/standard.toml"))
    parser.add_argument("--limit", type=int, default=None, help="only the first N tickets")
    args = parser.parse_args(argv)
    histories = list(load_jsonl(args.file))[: args.limit]
    policies = PolicySet.from_file(args.policy)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        states, fired, _ = replay(histories, policies, str(Path(tmp) / "desk.sqlite3"))
        took = time.perf_counter() - started
    events = sum(len(h.events) for h in histories)
    print(f"{len(states)} tickets, {events} events replayed in {took:.1f} s")
    for kind in ("warning", "breach", "escalation"):
        print(f"  {kind:<10} {sum(t.kind == kind for t in fired):>6} fired")


if __name__ == "__main__":
    main()
