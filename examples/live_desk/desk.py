"""A small live SLA service: SQLite rows of ticket state, an ingest function, a timer loop.

Copy this file into a helpdesk backend and replace ``print`` with your notifier. One row per
ticket holds its serialised [`TicketSLA`][servicemodel.sla.TicketSLA] state, the instant up to
which its timers have fired, and when it next has to wake up (indexed, so the timer loop reads
only the tickets that are due). Every event is also kept in an ``events`` table, so an event
that arrives late (older than one already applied) can be inserted by replaying the ticket,
and every timer sent in a ``sent`` table: an event that arrives after the timer loop has
passed its instant, or an edited policy set, can put a timer where the loop has been, and
that one is sent late, once (prune the table of closed tickets as you like).

    desk = LiveDesk("desk.sqlite3", PolicySet.from_file("policies.toml"), ladder)
    desk.open_ticket(ticket)          # a ticket was created
    desk.ingest(ticket.id, event)     # a webhook delivered an event (at least once)
    desk.fire_due(now)                # every few seconds: warnings, breaches, escalations
    desk.change_policies(edited)      # an edited policy set, while tickets are open

Everything the desk needs lives in the database: a restarted process builds a new ``LiveDesk``
on the same file and carries on (the in-memory cache is only a cache).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from servicemodel.errors import EventOrderError
from servicemodel.escalation import EscalationLadder
from servicemodel.io import event_from_dict, event_to_dict
from servicemodel.model import Event, Ticket
from servicemodel.sla import PolicySet, TicketSLA, Timer

SCHEMA = """
CREATE TABLE IF NOT EXISTS tickets (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,          -- TicketSLA.to_dict() as JSON (with the ticket as created)
    fired_until TEXT NOT NULL,    -- every timer before this instant (UTC) has fired
    wake_at TEXT                  -- the next timer's instant (UTC), NULL: nothing to wait for
);
CREATE INDEX IF NOT EXISTS tickets_wake_at ON tickets (wake_at);
CREATE TABLE IF NOT EXISTS events (
    ticket_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    record TEXT NOT NULL,         -- the event as servicemodel.io writes it
    PRIMARY KEY (ticket_id, seq)
);
CREATE TABLE IF NOT EXISTS sent (
    ticket_id TEXT NOT NULL,
    timer TEXT NOT NULL,          -- Timer.key as JSON
    at TEXT NOT NULL,             -- the timer's instant (UTC)
    PRIMARY KEY (ticket_id, timer, at)
);
"""


def _iso(t: datetime) -> str:
    # Fixed-width UTC text sorts like the instants, so SQLite can compare wake_at directly.
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


class LiveDesk:
    """Live SLA clocks for many tickets, kept in one SQLite database."""

    def __init__(
        self,
        path: str,
        policies: PolicySet,
        ladder: EscalationLadder | None = None,
        on_timer: Callable[[Timer], None] = print,
    ) -> None:
        self.db = sqlite3.connect(path)
        # Write-ahead log without an fsync per commit: a commit survives a process crash (what
        # a restart needs); only a power cut can lose the last few. An fsync per event would
        # cost ~10 ms each.
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.executescript(SCHEMA)
        self.policies = policies
        self.ladder = ladder
        self.on_timer = on_timer
        self._cache: dict[str, TicketSLA] = {}

    def close(self) -> None:
        """Close the database (a restarted process opens a new ``LiveDesk`` on it)."""
        self.db.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            with self.db:  # commits on success, rolls back on an exception
                yield
        except BaseException:
            # The rows rolled back, but ``apply`` changed the cached state in place (an event
            # stamped centuries ahead applies, then its timers raise): drop the cache, or the
            # process would go on from an event its database never stored.
            self._cache.clear()
            raise

    # -- state rows ------------------------------------------------------------------------

    def state(self, ticket_id: str) -> TicketSLA:
        """The ticket's live state (from the cache, else from its row)."""
        found = self._cache.get(ticket_id)
        if found is None:
            row = self.db.execute("SELECT state FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
            if row is None:
                raise KeyError(f"unknown ticket {ticket_id!r}")
            found = TicketSLA.from_dict(json.loads(row[0]), self.policies)
            self._cache[ticket_id] = found
        return found

    def _fired_until(self, ticket_id: str) -> datetime:
        row = self.db.execute("SELECT fired_until FROM tickets WHERE id = ?", (ticket_id,))
        return datetime.fromisoformat(row.fetchone()[0])

    def _save(self, state: TicketSLA, fired_until: datetime) -> None:
        timer = state.next_timer(fired_until, ladder=self.ladder)
        self.db.execute(
            "UPDATE tickets SET state = ?, fired_until = ?, wake_at = ? WHERE id = ?",
            (
                json.dumps(state.to_dict(), separators=(",", ":")),
                _iso(fired_until),
                _iso(timer.at) if timer is not None else None,
                state.ticket.id,
            ),
        )
        self._cache[state.ticket.id] = state

    # -- ingest ----------------------------------------------------------------------------

    def open_ticket(self, ticket: Ticket) -> None:
        """Start the clocks of a new ticket (a repeated creation is ignored)."""
        exists = self.db.execute("SELECT 1 FROM tickets WHERE id = ?", (ticket.id,)).fetchone()
        if exists is None:
            with self._transaction():
                self.db.execute(
                    "INSERT INTO tickets (id, state, fired_until) VALUES (?, '', '')", (ticket.id,)
                )
                self._save(TicketSLA(self.policies, ticket), ticket.created_at)

    def ingest(self, ticket_id: str, event: Event) -> bool:
        """Apply one incoming event; ``False`` for a repeated delivery.

        The ticket's own timers due before the event fire first, so each timer fires once,
        in time order, before anything the event changes.
        """
        state = self.state(ticket_id)
        at = event.at.astimezone(UTC)
        due: list[Timer] = []
        with self._transaction():
            fired_until = self._fired_until(ticket_id)
            if at > fired_until:
                due = self._due(state, fired_until, at)
                fired_until = at
            try:
                applied = state.apply(event)
            except EventOrderError:
                # A late event: replay the stored events with it (timers already fired stay
                # fired; the replayed state is right from now on).
                state = self._replay(state, event)
                applied = True
            if applied:
                self._store_event(ticket_id, event)
                if at < fired_until:
                    # The loop was past the event's instant: what the event put there (a
                    # breach of the clock it started) fires now, late, unless it was sent.
                    due += self._missed(state, at, fired_until)
                self._save(state, max(fired_until, state.last_event_at))
        # Fired once the row says so: an event that fails rolls the row back, and these
        # timers then fire with the next event, once, not twice.
        for timer in due:
            self.on_timer(timer)
        return applied

    def _store_event(self, ticket_id: str, event: Event) -> None:
        self.db.execute(
            "INSERT INTO events (ticket_id, seq, record) VALUES "
            "(?, (SELECT COUNT(*) FROM events WHERE ticket_id = ?), ?)",
            (ticket_id, ticket_id, json.dumps(event_to_dict(event))),
        )

    def _replay(self, state: TicketSLA, late: Event) -> TicketSLA:
        """The ticket's state rebuilt from its stored events with ``late`` inserted.

        The state keeps the ticket as created, which the replay starts from (its ``ticket``
        has the fields as they are now); ``rebuild`` puts the events in time order.
        """
        rows = self.db.execute(
            "SELECT record FROM events WHERE ticket_id = ? ORDER BY seq", (state.ticket.id,)
        )
        stored = [event_from_dict(json.loads(r[0])) for r in rows]
        return state.rebuild([*stored, late])

    # -- the timer loop --------------------------------------------------------------------

    def fire_due(self, before: datetime) -> list[Timer]:
        """Fire every timer before ``before``, across all tickets, in time order."""
        rows = self.db.execute(
            "SELECT id, fired_until FROM tickets WHERE wake_at < ? ORDER BY wake_at",
            (_iso(before),),
        ).fetchall()
        fired: list[Timer] = []
        if not rows:
            return fired
        with self._transaction():
            for ticket_id, fired_until in rows:
                state = self.state(ticket_id)
                fired += self._due(state, datetime.fromisoformat(fired_until), before)
                self._save(state, before)
        fired.sort(key=lambda t: t.at)
        for timer in fired:
            self.on_timer(timer)
        return fired

    def change_policies(self, policies: PolicySet) -> list[Timer]:
        """Measure every ticket under ``policies`` from now on (an edited set).

        A tightened target can put a breach where the timer loop has been: it fires now,
        late, once; every ticket's wake-up time is computed again. A set that some ticket's
        row cannot be read under (a clock stopped under a policy the set no longer has) is
        refused as a whole: the ``ConfigError`` propagates and the desk keeps its old set.
        """
        before, self.policies = self.policies, policies
        self._cache.clear()
        fired: list[Timer] = []
        try:
            with self._transaction():
                for ticket_id, fired_until in self.db.execute(
                    "SELECT id, fired_until FROM tickets"
                ).fetchall():
                    state = self.state(ticket_id)
                    until = datetime.fromisoformat(fired_until)
                    fired += self._missed(state, state.last_event_at, until)
                    self._save(state, until)
        except BaseException:
            # A set some row cannot be read under (a stopped clock names a removed policy):
            # the rows rolled back, so the desk goes on under the set they were written for.
            self.policies = before
            raise
        fired.sort(key=lambda t: t.at)
        for timer in fired:
            self.on_timer(timer)
        return fired

    def _due(self, state: TicketSLA, since: datetime, before: datetime) -> list[Timer]:
        due = [t for t in state.timers(since, ladder=self.ladder) if t.at < before]
        self._mark_sent(due)
        return due

    def _missed(self, state: TicketSLA, since: datetime, before: datetime) -> list[Timer]:
        """Timers from ``since`` to ``before`` (where the loop has been) not sent yet."""
        missed = [
            t
            for t in state.timers(since, ladder=self.ladder, past=True)
            if t.at < before
            and self.db.execute(
                "SELECT 1 FROM sent WHERE ticket_id = ? AND timer = ? AND at = ?",
                (t.ticket_id, json.dumps(t.key), _iso(t.at)),
            ).fetchone()
            is None
        ]
        self._mark_sent(missed)
        return missed

    def _mark_sent(self, timers: list[Timer]) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO sent (ticket_id, timer, at) VALUES (?, ?, ?)",
            [(t.ticket_id, json.dumps(t.key), _iso(t.at)) for t in timers],
        )
