"""Ticket rates and counts read from histories: resolution, reopen and one-touch rates, backlog.

Each is a frozen accumulator on the one protocol
([`MergeOperators`][servicemodel.kpi.MergeOperators]): ``empty(...)`` takes the parameters,
``add(history)`` / ``add_many(histories)`` and ``merge`` (or ``+``, so ``sum(parts)`` works)
return new values, and ``result()`` returns an [Estimate][servicemodel.kpi.Estimate].
Proportions carry a Wilson score interval and their explicit numerator and denominator in
``Estimate.counts``. Accumulators with different parameters refuse to merge with a
[MergeError][servicemodel.errors.MergeError].

An ``as_of`` instant is read inclusively, as everywhere in the library: the events at exactly
``as_of`` have happened. A ticket created at ``as_of`` exists then (it is in the backlog and
in the resolution rate's denominator), one solved at ``as_of`` is resolved, one reopened at
``as_of`` is not, and a reply at ``as_of`` counts. Instants are compared in UTC.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, StatusChange, Ticket, TicketHistory
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> solved = TicketHistory(Ticket("T-1", t0), [
    ...     AgentReply("r", t0 + timedelta(minutes=30)),
    ...     StatusChange("s", t0 + timedelta(hours=2), status="solved")])
    >>> waiting = TicketHistory(Ticket("T-2", t0), [])
    >>> ResolutionRate.empty().add_many([solved, waiting]).result()
    resolution rate 50.0 % ±40.5 (n=2, 95 %)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import attrs

from servicemodel._numbers import count_value
from servicemodel._validators import require_iterable
from servicemodel.errors import require_instant
from servicemodel.kpi._accumulator import MergeOperators
from servicemodel.kpi._estimate import Estimate, proportion
from servicemodel.kpi._ticket_base import as_history, count_field, optional_aware, utc, with_counts
from servicemodel.model import (
    PARTIAL_ATTRIBUTE,
    REOPENS_ATTRIBUTE,
    TicketHistory,
    known_reopens,
    require_facts,
)

__all__ = ["Backlog", "OneTouchRate", "ReopenRate", "ResolutionRate"]

#: What a history must hold to say whether (and when) it was solved: an export without a
#: solved column cannot (see servicemodel.model.lost_facts), and every ticket would look open.
_SOLVE_FACTS = ("resolution",)


# --- resolution rate -----------------------------------------------------------------------


@attrs.frozen
class ResolutionRate(MergeOperators):
    """Resolution rate: tickets resolved / tickets created, with a Wilson interval.

    The denominator is every ticket added (segment by creation period for "created in the
    period"); the numerator those resolved (solved or closed) at ``as_of``, or after their last
    event when ``as_of`` is ``None``. With ``as_of``, tickets created after it are not counted;
    one created at exactly ``as_of`` is (the same tickets as ``Backlog.existing``).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import StatusChange, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> h = TicketHistory(Ticket("T", t0), [StatusChange("s", t0, status="solved")])
        >>> acc = ResolutionRate.empty().add(h)
        >>> acc.created, acc.resolved
        (1, 1)
    """

    as_of: datetime | None = attrs.field(default=None, validator=optional_aware("as_of"))
    created: int = attrs.field(default=0, converter=count_value, validator=count_field)
    resolved: int = attrs.field(default=0, converter=count_value, validator=count_field)

    def _merge_params(self) -> tuple[Any, ...]:
        return (self.as_of,)

    @classmethod
    def empty(cls, *, as_of: datetime | None = None) -> ResolutionRate:
        """Return the accumulator of no tickets.

        Examples:
            >>> ResolutionRate.empty().result().value is None
            True
        """
        return cls(as_of)

    def _counts(self, history: TicketHistory) -> tuple[int, int]:
        h = as_history(history)
        if PARTIAL_ATTRIBUTE in h.ticket.attributes:  # a complete history lacks nothing
            require_facts(h, _SOLVE_FACTS, what="the resolution rate")
        if self.as_of is None:
            return 1, int(h.is_resolved())
        if utc(h.created_at) > utc(self.as_of):
            return 0, 0
        return 1, int(h.is_resolved(self.as_of))

    def add(self, history: TicketHistory) -> ResolutionRate:
        """Return a new accumulator with one more ticket.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> h = TicketHistory(Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc)), [])
            >>> ResolutionRate.empty().add(h).resolved
            0
        """
        c, r = self._counts(history)
        return ResolutionRate(self.as_of, self.created + c, self.resolved + r)

    def add_many(self, histories: Iterable[TicketHistory]) -> ResolutionRate:
        """Return a new accumulator with all ``histories`` added, in one pass.

        Examples:
            >>> ResolutionRate.empty().add_many([]).created
            0
        """
        require_iterable(histories, "histories")
        created, resolved = self.created, self.resolved
        for h in histories:
            c, r = self._counts(h)
            created += c
            resolved += r
        return ResolutionRate(self.as_of, created, resolved)

    def merge(self, other: ResolutionRate) -> ResolutionRate:
        """Return the accumulator of both inputs; ``as_of`` must match.

        Examples:
            >>> (ResolutionRate.empty() + ResolutionRate.empty()).created
            0
        """
        self._check_mergeable(other)
        return ResolutionRate(
            self.as_of, self.created + other.created, self.resolved + other.resolved
        )

    def result(self, level: float = 0.95) -> Estimate:
        """Return resolved / created with a Wilson interval (no value when nothing was created).

        Examples:
            >>> ResolutionRate(None, created=4, resolved=3).result().value
            0.75
        """
        est = proportion(self.resolved, self.created, metric="resolution rate", level=level)
        return with_counts(est, resolved=self.resolved, created=self.created)


# --- reopen rate ---------------------------------------------------------------------------


#: What a history must hold to count its reopens (a summary export may not: see
#: servicemodel.model.lost_facts).
_REOPEN_FACTS = ("reopens",)


@attrs.frozen
class ReopenRate(MergeOperators):
    """Reopen rate: tickets reopened at least once / tickets solved at least once.

    A reopen is any move from solved or closed back to an unresolved status (an explicit
    ``Reopen`` event or a status change). Tickets never solved are not in the denominator.
    A partial history that lacks its reopens (``lost_facts``) counts as reopened when it shows
    one or its export counted one ([`known_reopens`][servicemodel.model.known_reopens]: a
    Zendesk "Reopens" column, a Freshdesk ``stats.reopened_at``): one reopen decides "at least
    once", and a ticket reopened was solved before, so it is in the denominator even when its
    history shows no solve (reopened and not solved again). A solved one that neither shows
    nor counts a reopen is refused; an unsolved one is counted nowhere, as a complete one is.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import Reopen, StatusChange, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> h = TicketHistory(Ticket("T", t0), [StatusChange("s", t0, status="solved"),
        ...                                     Reopen("o", t0 + timedelta(days=1))])
        >>> ReopenRate.empty().add(h).result().value
        1.0
    """

    solved: int = attrs.field(default=0, converter=count_value, validator=count_field)
    reopened: int = attrs.field(default=0, converter=count_value, validator=count_field)

    def _merge_params(self) -> tuple[Any, ...]:
        return ()

    @classmethod
    def empty(cls) -> ReopenRate:
        """Return the accumulator of no tickets.

        Examples:
            >>> ReopenRate.empty().solved
            0
        """
        return cls()

    def add(self, history: TicketHistory) -> ReopenRate:
        """Return a new accumulator with one more ticket.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> h = TicketHistory(Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc)), [])
            >>> ReopenRate.empty().add(h).solved  # never solved: not counted
            0
        """
        return self.add_many((history,))

    def add_many(self, histories: Iterable[TicketHistory]) -> ReopenRate:
        """Return a new accumulator with all ``histories`` added, in one pass.

        Examples:
            >>> ReopenRate.empty().add_many([]).reopened
            0
        """
        require_iterable(histories, "histories")
        solved, reopened = self.solved, self.reopened
        for history in histories:
            h = history if type(history) is TicketHistory else as_history(history)
            attributes = h.ticket.attributes
            if PARTIAL_ATTRIBUTE in attributes or REOPENS_ATTRIBUTE in attributes:
                if PARTIAL_ATTRIBUTE in attributes:  # its denominator: the solved tickets
                    require_facts(h, _SOLVE_FACTS, what="the reopen rate")
                # Reopened at least once however many reopens the export lost, and solved
                # before it even where the history shows no solve (reopened, not solved again).
                # (known_reopens is 0 without a count or a reopen shown: most tickets.)
                if (REOPENS_ATTRIBUTE in attributes or h.reopens()) and known_reopens(h):
                    solved += 1
                    reopened += 1
                elif h.solve_times():
                    require_facts(h, _REOPEN_FACTS, what="the reopen rate")
                    solved += 1
            elif h.solve_times():  # a complete history: its events say it all
                solved += 1
                reopened += bool(h.reopens())
        return ReopenRate(solved, reopened)

    def merge(self, other: ReopenRate) -> ReopenRate:
        """Return the accumulator of both inputs.

        Examples:
            >>> ReopenRate(2, 1).merge(ReopenRate(2, 0)).result().value
            0.25
        """
        self._check_mergeable(other)
        return ReopenRate(self.solved + other.solved, self.reopened + other.reopened)

    def result(self, level: float = 0.95) -> Estimate:
        """Return reopened / solved with a Wilson interval.

        Examples:
            >>> ReopenRate.empty().result().n
            0
        """
        est = proportion(self.reopened, self.solved, metric="reopen rate", level=level)
        return with_counts(est, reopened=self.reopened, solved=self.solved)


# --- one-touch rate ------------------------------------------------------------------------


#: What a history must hold to count its public replies: the first and every later one.
_REPLY_COUNT_FACTS = ("first_reply", "periodic_update")


@attrs.frozen
class OneTouchRate(MergeOperators):
    """One-touch rate: resolved tickets with fewer than 2 public agent replies / resolved tickets.

    The denominator is every ticket resolved (solved or closed) after its last event, or at
    ``as_of`` when given (then only replies up to ``as_of`` count). A reply is a public agent
    reply to the customer: internal notes, replies marked ``automated`` (a bot, an
    auto-responder) and the opening message of an agent-created ticket are not counted, as for
    first reply time. A ticket solved with no reply at all is one-touch too (fewer than 2).

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import AgentReply, StatusChange, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> one = TicketHistory(Ticket("T-1", t0), [
        ...     AgentReply("r", t0 + timedelta(minutes=30)),
        ...     StatusChange("s", t0 + timedelta(hours=1), status="solved")])
        >>> two = TicketHistory(Ticket("T-2", t0), [
        ...     AgentReply("r1", t0 + timedelta(minutes=30)),
        ...     AgentReply("r2", t0 + timedelta(hours=2)),
        ...     StatusChange("s", t0 + timedelta(hours=3), status="solved")])
        >>> acc = OneTouchRate.empty().add_many([one, two])
        >>> acc.resolved, acc.one_touch, acc.result().value
        (2, 1, 0.5)
    """

    as_of: datetime | None = attrs.field(default=None, validator=optional_aware("as_of"))
    resolved: int = attrs.field(default=0, converter=count_value, validator=count_field)
    one_touch: int = attrs.field(default=0, converter=count_value, validator=count_field)

    def _merge_params(self) -> tuple[Any, ...]:
        return (self.as_of,)

    @classmethod
    def empty(cls, *, as_of: datetime | None = None) -> OneTouchRate:
        """Return the accumulator of no tickets.

        Examples:
            >>> OneTouchRate.empty().result().value is None
            True
        """
        return cls(as_of)

    def _counts(self, history: TicketHistory) -> tuple[int, int]:
        h = as_history(history)
        if PARTIAL_ATTRIBUTE in h.ticket.attributes:  # a complete history lacks nothing
            require_facts(h, _SOLVE_FACTS, what="the one-touch rate")
        if self.as_of is None:
            if not h.is_resolved():
                return 0, 0
            replies = h.replies_to_customer()
        else:
            as_of = utc(self.as_of)
            if utc(h.created_at) > as_of or not h.is_resolved(self.as_of):
                return 0, 0
            replies = tuple(r for r in h.replies_to_customer() if utc(r.at) <= as_of)
        if PARTIAL_ATTRIBUTE in h.ticket.attributes:
            require_facts(h, _REPLY_COUNT_FACTS, what="the one-touch rate")
        touches = sum(1 for r in replies if not r.automated)
        return 1, int(touches < 2)

    def add(self, history: TicketHistory) -> OneTouchRate:
        """Return a new accumulator with one more ticket.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> h = TicketHistory(Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc)), [])
            >>> OneTouchRate.empty().add(h).resolved  # not resolved: not counted
            0
        """
        return self.add_many((history,))

    def add_many(self, histories: Iterable[TicketHistory]) -> OneTouchRate:
        """Return a new accumulator with all ``histories`` added, in one pass.

        Examples:
            >>> OneTouchRate.empty().add_many([]).one_touch
            0
        """
        require_iterable(histories, "histories")
        resolved, one_touch = self.resolved, self.one_touch
        for h in histories:
            r, o = self._counts(h)
            resolved += r
            one_touch += o
        return OneTouchRate(self.as_of, resolved, one_touch)

    def merge(self, other: OneTouchRate) -> OneTouchRate:
        """Return the accumulator of both inputs; ``as_of`` must match.

        Examples:
            >>> (OneTouchRate(None, 2, 1) + OneTouchRate(None, 2, 2)).result().value
            0.75
        """
        self._check_mergeable(other)
        return OneTouchRate(
            self.as_of, self.resolved + other.resolved, self.one_touch + other.one_touch
        )

    def result(self, level: float = 0.95) -> Estimate:
        """Return one-touch / resolved with a Wilson interval (no value when none resolved).

        Examples:
            >>> OneTouchRate(None, resolved=4, one_touch=3).result().value
            0.75
        """
        est = proportion(self.one_touch, self.resolved, metric="one-touch rate", level=level)
        return with_counts(est, one_touch=self.one_touch, resolved=self.resolved)


# --- backlog -------------------------------------------------------------------------------


@attrs.frozen
class Backlog(MergeOperators):
    """Backlog at an instant: tickets that exist at ``as_of`` and are not resolved at it.

    The state at an instant includes the events at exactly that instant, as everywhere in the
    library (a ticket is open on ``[created, solved)``): a ticket created at ``as_of`` exists
    then and is in the backlog unless it was also solved at ``as_of``; one solved at ``as_of``
    is not, one reopened at ``as_of`` is. Instants are compared in UTC. The result is an exact
    count (no interval); ``n`` (``existing``) is the number of tickets created at or before
    ``as_of``, the same tickets ``ResolutionRate(as_of=...)`` counts as created. No such
    ticket gives no value (``None``), as for every other estimate.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import StatusChange, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> hs = [TicketHistory(Ticket(f"T{i}", t0 + timedelta(days=i)), []) for i in range(3)]
        >>> Backlog.empty(as_of=t0 + timedelta(hours=36)).add_many(hs).result()
        backlog 2 tickets (n=2)
        >>> Backlog.empty(as_of=t0).add_many(hs).result()  # T0, created at as_of, is open
        backlog 1 ticket (n=1)
        >>> solved = TicketHistory(Ticket("S", t0), [StatusChange("s", t0, status="solved")])
        >>> Backlog.empty(as_of=t0).add(solved).result()  # created and solved at as_of
        backlog 0 tickets (n=1)
    """

    as_of: datetime = attrs.field(validator=lambda _i, _a, v: require_instant(v, "as_of"))
    existing: int = attrs.field(default=0, converter=count_value, validator=count_field)
    open: int = attrs.field(default=0, converter=count_value, validator=count_field)

    def _merge_params(self) -> tuple[Any, ...]:
        return (self.as_of,)

    @classmethod
    def empty(cls, *, as_of: datetime) -> Backlog:
        """Return the accumulator of no tickets, for the instant ``as_of``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> Backlog.empty(as_of=datetime(2026, 3, 2, tzinfo=timezone.utc)).open
            0
        """
        return cls(as_of)

    def add(self, history: TicketHistory) -> Backlog:
        """Return a new accumulator with one more ticket.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
            >>> Backlog.empty(as_of=t0).add(TicketHistory(Ticket("T", t0), [])).existing
            1
        """
        return self.add_many((history,))

    def add_many(self, histories: Iterable[TicketHistory]) -> Backlog:
        """Return a new accumulator with all ``histories`` added, in one pass.

        Examples:
            >>> from datetime import datetime, timezone
            >>> Backlog.empty(as_of=datetime(2026, 3, 2, tzinfo=timezone.utc)).add_many([]).open
            0
        """
        require_iterable(histories, "histories")
        existing, backlog = self.existing, self.open
        as_of = self.as_of
        as_of_utc = utc(as_of)
        for history in histories:
            h = as_history(history)
            if PARTIAL_ATTRIBUTE in h.ticket.attributes:  # a complete history lacks nothing
                require_facts(h, _SOLVE_FACTS, what="the backlog")
            # Created at as_of: it exists at as_of (events at an instant have happened).
            if utc(h.created_at) <= as_of_utc:
                existing += 1
                backlog += 0 if h.is_resolved(as_of) else 1
        return Backlog(as_of, existing, backlog)

    def merge(self, other: Backlog) -> Backlog:
        """Return the accumulator of both inputs; ``as_of`` must match.

        Examples:
            >>> from datetime import datetime, timezone
            >>> b = Backlog(datetime(2026, 3, 2, tzinfo=timezone.utc), existing=3, open=1)
            >>> (b + b).open
            2
        """
        self._check_mergeable(other)
        return Backlog(self.as_of, self.existing + other.existing, self.open + other.open)

    def result(self, level: float = 0.95) -> Estimate:
        """Return the backlog count as an exact estimate (no interval).

        Examples:
            >>> from datetime import datetime, timezone
            >>> Backlog.empty(as_of=datetime(2026, 3, 2, tzinfo=timezone.utc)).result().value
        """
        value = self.open if self.existing else None
        extra: dict[str, Any] = {"counts": (("open", self.open), ("existing", self.existing))}
        return Estimate(
            "backlog", value, self.existing, level=level, method="count", unit="tickets", **extra
        )
