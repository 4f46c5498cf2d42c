"""Ticket deflection and the self-service score, from help-centre sessions joined with tickets.

**Deflection** (one common definition; see the domain notes): a help-centre session is
*deflected* when no ticket from the same customer is created within ``window`` after it —
in ``[started_at, started_at + window)`` —, and the deflection rate is deflected sessions /
sessions. A session whose window is not yet over at ``as_of`` and has no ticket so far is
*censored*: it may still be followed by one, so it is left out of the rate and reported as
``missing`` (counting it as deflected would flatter recent weeks). **Self-service score**
(Zendesk's definition): help-centre users / users who created tickets, both counted as
distinct customers over the same span.

Both figures come from one accumulator, [`SelfService`][servicemodel.selfservice.SelfService],
which takes sessions and tickets alike; it keeps each customer's session and ticket instants,
so merging any split of the data — even one that puts a session and the ticket that follows
it in different parts — equals one pass.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import Ticket
    >>> from servicemodel.selfservice import Session
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> data = [Session("s1", "ann", t0), Session("s2", "bob", t0),
    ...         Ticket("T1", t0 + timedelta(days=2), requester="ann"),
    ...         Ticket("T2", t0 + timedelta(days=30), requester="cy")]
    >>> res = SelfService.empty().add_many(data).result()
    >>> res.deflection.value, res.score.value
    (0.5, 1.0)
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value, is_bool
from servicemodel._validators import as_tuple, instance_of, require_iterable, require_type
from servicemodel.errors import ConfigError, InputTypeError, require_aware
from servicemodel.kpi import (
    Estimate,
    MergeOperators,
    Periods,
    SegmentResult,
    proportion,
    ratio_estimate,
)
from servicemodel.model import Ticket, TicketHistory
from servicemodel.selfservice._session import Session

__all__ = ["DEFAULT_WINDOW", "SelfService", "SelfServiceResult"]

DEFAULT_WINDOW = timedelta(days=7)
"""The default deflection window: a ticket within 7 days of a session means it did not help."""

_SessionRow = tuple[str, datetime, str]  # (customer, started_at in UTC, session id)
_TicketRow = tuple[str, datetime]  # (customer, created_at in UTC)


def _window(value: Any) -> timedelta:
    if not isinstance(value, timedelta):
        raise InputTypeError(f"window: expected a timedelta, got {safe_repr(value)}")
    if value <= timedelta(0):
        raise ConfigError(f"must be positive, got {value}", path="window")
    return value


def _customer_key(value: Any) -> str:
    if isinstance(value, str) and value == "requester":  # text first: an array's == is no bool
        return "requester"
    if isinstance(value, str) and value.startswith("attr:") and value[5:].strip():
        return f"attr:{value[5:].strip()}"
    raise ConfigError(
        f"expected 'requester' or 'attr:NAME', got {safe_repr(value)}", path="customer"
    )


@attrs.frozen(repr=False)
class SelfServiceResult:
    """Deflection rate and self-service score, with the counts behind them.

    ``deflection`` is a proportion (Wilson interval) of the sessions whose window was
    observed, ``missing`` = censored sessions; ``score`` is help-centre users per ticket creator
    with a Wilson interval on ``users / (users + creators)`` mapped by ``π / (1 − π)``
    (no value, only a lower bound, when nobody created a ticket).

    Examples:
        >>> SelfService.empty().result().deflection.value is None
        True
    """

    deflection: Estimate = attrs.field(validator=instance_of(Estimate))
    score: Estimate = attrs.field(validator=instance_of(Estimate))
    sessions: int = attrs.field(converter=count_value, validator=count_field)
    deflected: int = attrs.field(converter=count_value, validator=count_field)
    followed: int = attrs.field(converter=count_value, validator=count_field)
    censored: int = attrs.field(converter=count_value, validator=count_field)
    help_centre_users: int = attrs.field(converter=count_value, validator=count_field)
    ticket_creators: int = attrs.field(converter=count_value, validator=count_field)
    window: timedelta = attrs.field(validator=instance_of(timedelta))
    as_of: datetime | None = attrs.field(validator=instance_of(datetime, optional=True))

    def __repr__(self) -> str:
        return f"SelfServiceResult\n  {self.deflection!r}\n  {self.score!r}"

    def to_records(self) -> list[dict[str, Any]]:
        """Two flat rows: the deflection rate and the self-service score.

        Examples:
            >>> [r["metric"] for r in SelfService.empty().result().to_records()]
            ['deflection rate', 'self-service score']
        """
        return [self.deflection.to_record(), self.score.to_record()]


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    """The later of two optional instants."""
    if a is None or b is None:
        return b if a is None else a
    return max(a, b)


@attrs.frozen
class _At:
    """A bare instant with ``.at``, so period keys can place a ticket's creation."""

    at: datetime


def _in_order(rows: tuple[Any, ...]) -> tuple[Any, ...]:
    """The rows sorted (by customer, then instant): the join bisects them and merges keep them.

    Rows built by ``add`` and ``merge`` are in order already (then this is one pass); rows
    given to the constructor may not be, and unsorted the join would miss the ticket that
    follows a session. Rows that do not compare are left for ``_check`` to refuse by name.
    """
    try:
        return tuple(sorted(rows))
    except TypeError:
        return rows


def _sessions(value: Any) -> tuple[_SessionRow, ...]:
    return _in_order(as_tuple(value, "sessions"))


def _tickets(value: Any) -> tuple[_TicketRow, ...]:
    return _in_order(as_tuple(value, "tickets"))


def _check_rows(name: str, rows: tuple[Any, ...], width: int) -> None:
    """Refuse rows that are not ``(customer, aware instant[, session id])`` tuples."""
    for row in rows:
        if not (
            type(row) is tuple
            and len(row) == width
            and isinstance(row[0], str)
            and isinstance(row[1], datetime)
            and row[1].utcoffset() is not None
            and (width == 2 or isinstance(row[2], str))
        ):
            raise InputTypeError(
                f"{name}: expected (customer, aware datetime{', id' if width == 3 else ''}) "
                f"rows, got {safe_repr(row)}"
            )


#: A whole float at or beyond this may not be the number it was written as (a float has 53 bits).
_EXACT_FLOAT = 2**53


def _join_text(ticket: Ticket, name: str, value: Any) -> str | None:
    """The text a ticket attribute joins on: text as it is, a whole number as its digits.

    A session's customer is text, so an attribute is compared as text: ``"5"`` and the whole
    numbers ``5`` and ``5.0`` (a frame's integer column with a gap in it is read as floats)
    all join the session customer ``"5"``. Anything else -- a fraction, NaN, an infinity, a
    float too large to be exact, a bool -- names no customer the same way twice, and is
    refused rather than joined on its ``str()``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> t = Ticket("T1", datetime(2026, 3, 2, tzinfo=timezone.utc))
        >>> _join_text(t, "account", 5.0), _join_text(t, "account", 5), _join_text(t, "a", "05")
        ('5', '5', '05')
        >>> _join_text(t, "account", 5.5)
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: ticket 'T1': attribute 'account' ... got float 5.5
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not is_bool(value):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT_FLOAT:
        return str(int(value))
    # A ticket refuses NaN when it is built, but loading a pickle runs no converter (and the
    # attributes dict can be changed in place), so a ticket may still hold one: kept, it says
    # what a missing customer is.
    hint = "; a missing customer is None" if isinstance(value, float) and value != value else ""
    raise InputTypeError(
        f"ticket {safe_repr(ticket.id)}: attribute {safe_repr(name)} is the customer to join "
        f"on and must be text or a whole number, got {type(value).__name__} "
        f"{safe_repr(value)}{hint}"
    )


@attrs.frozen
class SelfService(MergeOperators):
    """Accumulator of help-centre sessions and tickets: deflection and self-service score.

    ``add`` takes a [`Session`][servicemodel.selfservice.Session], a ``Ticket`` or a
    ``TicketHistory``. A ticket's customer is its ``requester`` (``customer="requester"``, the
    default) or one of its attributes (``customer="attr:account_id"``); a ticket with none (or
    a blank one) cannot be joined and is counted in ``anonymous_tickets``. Customers are
    compared as text: an attribute that is a whole number (``5`` or ``5.0``) joins as its
    digits (``"5"``); any other non-text value (``5.5``, NaN, a bool) is an ``InputTypeError``
    naming the ticket. ``window`` is the
    deflection window (default [`DEFAULT_WINDOW`][servicemodel.selfservice.DEFAULT_WINDOW], 7
    days). A
    session id seen twice (also across merged parts) is a ``ConfigError`` naming it.

    Examples:
        >>> from datetime import datetime, timezone
        >>> s = Session("s1", "ann", datetime(2026, 3, 2, tzinfo=timezone.utc))
        >>> SelfService.empty().add(s).add(s)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: session_id: session 's1' appears twice
    """

    # Read by kpi.by: a period key would part a session from the ticket that follows it.
    _not_by_period: ClassVar[str] = (
        "a session and the ticket that follows it can fall in different periods, so each "
        "period's deflection would miss its customers' tickets of the next one; use "
        "SelfService.per_period(periods(...)), which looks at every ticket"
    )

    window: timedelta = attrs.field(default=DEFAULT_WINDOW, converter=_window)
    customer: str = attrs.field(default="requester", converter=_customer_key)
    sessions: tuple[_SessionRow, ...] = attrs.field(default=(), converter=_sessions)
    tickets: tuple[_TicketRow, ...] = attrs.field(default=(), converter=_tickets)
    anonymous_tickets: int = attrs.field(default=0, converter=count_value, validator=count_field)
    #: When the latest ticket with no customer was created (UTC): it cannot be joined, but it
    #: shows the data runs until then, so it counts in ``latest()``, the default ``as_of``.
    anonymous_latest: datetime | None = attrs.field(default=None)

    @classmethod
    def empty(
        cls, *, window: timedelta = DEFAULT_WINDOW, customer: str = "requester"
    ) -> SelfService:
        """Return the accumulator with no sessions and no tickets.

        Examples:
            >>> from datetime import timedelta
            >>> SelfService.empty(window=timedelta(days=3)).window.days
            3
        """
        return cls(window, customer)

    def _merge_params(self) -> Any:
        return (self.window, self.customer)

    def customer_of(self, ticket: Ticket) -> str | None:
        """Return the customer a ticket is joined on (``None``: it has none).

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket
            >>> t = Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc), requester="ann")
            >>> SelfService.empty().customer_of(t)
            'ann'
        """
        require_type(ticket, Ticket, "ticket")
        if self.customer == "requester":
            value: Any = ticket.requester
        else:
            value = _join_text(ticket, self.customer[5:], ticket.attributes.get(self.customer[5:]))
        # A blank id names nobody (a session's customer cannot be blank): counting it would
        # make every blank-requester ticket one more distinct ticket creator in the score.
        return None if value is None or not value.strip() else str(value)

    def add(self, item: Any) -> SelfService:
        """Return a new accumulator with one more session or ticket.

        Examples:
            >>> SelfService.empty().add("s1")
            Traceback (most recent call last):
            ...
            servicemodel.errors.InputTypeError: expected a Session, Ticket or TicketHistory, got str 's1'
        """  # noqa: E501
        return self.add_many((item,))

    def add_many(self, items: Iterable[Any]) -> SelfService:
        """Return a new accumulator with all ``items`` (sessions and tickets) added.

        Examples:
            >>> SelfService.empty().add_many([]).sessions
            ()
        """
        new_sessions: list[_SessionRow] = []
        new_tickets: list[_TicketRow] = []
        anonymous = self.anonymous_tickets
        anonymous_latest = self.anonymous_latest
        for item in require_iterable(items, "items"):
            if isinstance(item, Session):
                new_sessions.append((item.customer, item.started_at.astimezone(UTC), item.id))
                continue
            if isinstance(item, TicketHistory):
                item = item.ticket
            if not isinstance(item, Ticket):
                raise InputTypeError(
                    "expected a Session, Ticket or TicketHistory, got "
                    f"{type(item).__name__} {safe_repr(item)}"
                )
            who = self.customer_of(item)
            created = item.created_at.astimezone(UTC)
            if who is None:
                anonymous += 1
                anonymous_latest = _later(anonymous_latest, created)
            else:
                new_tickets.append((who, created))
        return self._combined(
            sorted(new_sessions), sorted(new_tickets), anonymous, anonymous_latest
        )

    def _combined(
        self,
        sessions: list[_SessionRow],
        tickets: list[_TicketRow],
        anonymous: int,
        anonymous_latest: datetime | None,
    ) -> SelfService:
        ids = {row[2] for row in self.sessions}
        for row in sessions:
            if row[2] in ids:
                raise ConfigError(f"session {row[2]!r} appears twice", path="session_id")
            ids.add(row[2])
        return SelfService(
            self.window,
            self.customer,
            tuple(heapq.merge(self.sessions, sessions)),
            tuple(heapq.merge(self.tickets, tickets)),
            anonymous,
            anonymous_latest,
        )

    def merge(self, other: SelfService) -> SelfService:
        """Return the accumulator of both inputs; windows and customer keys must match.

        Examples:
            >>> from datetime import timedelta
            >>> SelfService.empty().merge(SelfService.empty(window=timedelta(days=3)))
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: cannot merge SelfService with different parameters: ...
        """
        self._check()
        if type(other) is type(self):
            other._check()
        self._check_mergeable(other)
        return self._combined(
            list(other.sessions),
            list(other.tickets),
            self.anonymous_tickets + other.anonymous_tickets,
            _later(self.anonymous_latest, other.anonymous_latest),
        )

    def _check(self) -> None:
        # The rows are checked where they are read (merge, latest, result, per_period), not
        # when built: add rebuilds the accumulator for every item.
        _check_rows("sessions", self.sessions, 3)
        _check_rows("tickets", self.tickets, 2)
        # add and merge refuse a session id seen twice; rows given to the constructor are
        # checked here, or the session would count twice.
        ids: set[str] = set()
        for _, _, session_id in self.sessions:
            if session_id in ids:
                raise ConfigError(f"session {session_id!r} appears twice", path="session_id")
            ids.add(session_id)
        latest = self.anonymous_latest
        if latest is not None and not (
            isinstance(latest, datetime) and latest.utcoffset() is not None
        ):
            raise InputTypeError(
                f"anonymous_latest: expected an aware datetime or None, got {safe_repr(latest)}"
            )

    def latest(self) -> datetime | None:
        """Return the latest instant seen (a session start or a ticket creation), in UTC.

        A ticket with no customer counts too: it cannot be joined, but the data runs until it.

        Examples:
            >>> SelfService.empty().latest() is None
            True
        """
        self._check()
        times = [row[1] for row in self.sessions] + [row[1] for row in self.tickets]
        if self.anonymous_latest is not None:
            times.append(self.anonymous_latest.astimezone(UTC))
        return max(times) if times else None

    def _summary(
        self,
        sessions: Iterable[_SessionRow],
        creators: set[str],
        as_of: datetime | None,
        level: float,
    ) -> SelfServiceResult:
        by_customer: dict[str, list[datetime]] = {}
        for who, at in self.tickets:  # sorted by customer, then time
            if as_of is None or at <= as_of:
                by_customer.setdefault(who, []).append(at)
        deflected = followed = censored = 0
        users: set[str] = set()
        for who, start, _ in sessions:
            if as_of is not None and start > as_of:
                continue
            users.add(who)
            times = by_customer.get(who, [])
            i = bisect.bisect_left(times, start)
            # Differences, not start + window: a window near timedelta.max would overflow.
            if i < len(times) and times[i] - start < self.window:
                followed += 1
            elif as_of is None or as_of - start >= self.window:
                deflected += 1
            else:
                censored += 1
        observed = deflected + followed
        return SelfServiceResult(
            proportion(
                deflected, observed, metric="deflection rate", level=level, missing=censored
            ),
            ratio_estimate(
                len(users),
                len(creators),
                metric="self-service score",
                names=("help_centre_users", "ticket_creators"),
                level=level,
            ),
            observed + censored,
            deflected,
            followed,
            censored,
            len(users),
            len(creators),
            self.window,
            as_of,
        )

    def _as_of(self, as_of: datetime | None) -> datetime | None:
        if as_of is None:
            return self.latest()
        if not isinstance(as_of, datetime):
            raise InputTypeError(f"as_of: expected an aware datetime, got {safe_repr(as_of)}")
        try:
            return require_aware(as_of, "as_of").astimezone(UTC)
        except OverflowError:  # year 1 at +23:59 has no UTC instant
            raise InputTypeError(f"as_of: {safe_repr(as_of)} is out of range in UTC") from None

    def result(self, level: float = 0.95, *, as_of: datetime | None = None) -> SelfServiceResult:
        """Return the deflection rate and self-service score.

        ``as_of`` is the end of the data (default: the latest instant seen): tickets after it
        are ignored, and sessions whose window runs past it with no ticket so far are censored.

        Examples:
            >>> from datetime import datetime, timezone
            >>> s = Session("s1", "ann", datetime(2026, 3, 2, tzinfo=timezone.utc))
            >>> res = SelfService.empty().add(s).result()
            >>> res.censored, res.deflection.value, res.score.value
            (1, None, None)
        """
        self._check()
        cut = self._as_of(as_of)
        creators = {who for who, at in self.tickets if cut is None or at <= cut}
        return self._summary(self.sessions, creators, cut, level)

    def per_period(
        self, key: Periods, level: float = 0.95, *, as_of: datetime | None = None
    ) -> SegmentResult:
        """Return a result per period of the sessions' start (a ``SegmentResult``).

        A session's deflection still looks at every ticket (a ticket early next month can
        follow a session at the end of this one); the score of a period divides that period's
        help-centre users by that period's ticket creators. Every period of the range is
        present.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.kpi import periods
            >>> s = Session("s1", "ann", datetime(2026, 3, 2, tzinfo=timezone.utc))
            >>> list(SelfService.empty().add(s).per_period(periods("month")))
            [datetime.date(2026, 3, 1)]
        """
        if not isinstance(key, Periods):
            raise InputTypeError(f"key: expected periods(...), got {safe_repr(key)}")
        self._check()
        cut = self._as_of(as_of)
        groups: dict[date, list[_SessionRow]] = {}
        for row in self.sessions:
            period = key(_At(row[1]))
            if period is not None:
                groups.setdefault(period, []).append(row)
        creators: dict[date, set[str]] = {}
        for who, at in self.tickets:
            period = key(_At(at))
            if period is not None and (cut is None or at <= cut):
                creators.setdefault(period, set()).add(who)
        first, last = key.bounds()
        seen = sorted(set(groups) | set(creators))
        first = first if first is not None else (seen[0] if seen else None)
        last = last if last is not None else (seen[-1] if seen else None)
        keys = key.range(first, last) if first is not None and last is not None else []
        items = [
            (p, self._summary(groups.get(p, []), creators.get(p, set()), cut, level)) for p in keys
        ]
        return SegmentResult(items, name=key.name, key=key)
