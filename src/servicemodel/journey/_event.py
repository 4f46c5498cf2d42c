"""Journey events: one thing a customer did, and events made from ticket histories."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from servicemodel._config import fields, safe_repr
from servicemodel._validators import (
    instance_of,
    iso_datetime,
    require_iterable,
    require_nonblank,
    require_type,
)
from servicemodel.errors import ConfigError, InputTypeError, require_instant
from servicemodel.model import (
    PARTIAL_ATTRIBUTE,
    REOPENS_ATTRIBUTE,
    AttributeValue,
    TicketHistory,
    lost_facts,
    reopened,
)
from servicemodel.model._shared import ticket_attributes, typed_attribute

__all__ = ["JourneyEvent", "events_from_histories"]


def collection(value: Any, what: str) -> Iterable[Any]:
    """``value`` if it is a collection (not a string, not a scalar), else ``InputTypeError``."""
    if isinstance(value, str):
        raise InputTypeError(f"expected {what}, got the string {safe_repr(value)}")
    if isinstance(value, bytes) or not hasattr(value, "__iter__"):
        raise InputTypeError(f"expected {what}, got {type(value).__name__} {safe_repr(value)}")
    return value  # type: ignore[no-any-return]


def _names(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    items = list(collection(value, "a collection of names"))
    # Each item checked before the set is made: a list among them is unhashable (TypeError).
    for item in items:
        if not isinstance(item, str) or not item:
            raise InputTypeError(f"names must be non-empty strings, got {safe_repr(item)}")
    return frozenset(items)


def no_nul(value: str, path: str, what: str = "name") -> str:
    """``value``, refused if it holds a NUL: a name nobody could type, find or write to a
    file (a TOML string cannot hold one), as a QA section's name is refused.

    Examples:
        >>> no_nul("a\\x00", "stages[0].name", "stage name")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: stages[0].name: a stage name cannot hold a NUL, got 'a\\x00'
    """  # noqa: E501
    if "\x00" in value:
        raise ConfigError(f"a {what} cannot hold a NUL, got {safe_repr(value)}", path=path)
    return value


def _lower_names(value: Any, path: str = "names") -> frozenset[str]:
    """Names compared as an event's ``kind`` and ``channel`` are: stripped and lower-cased.

    A rule's ``"Ticket "`` matched no event, whose kind ``" Ticket "`` reads as ``"ticket"``;
    a name that is blank once stripped names nothing and is a ``ConfigError`` at ``path``.

    Examples:
        >>> sorted(_lower_names([" Ticket", "CHAT "], "kinds"))
        ['chat', 'ticket']
        >>> _lower_names(["email", " "], "channels")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: channels: expected a non-blank name, got ' '
    """
    if value is None:
        return frozenset()
    items = list(collection(value, "a collection of names"))
    for item in items:
        if isinstance(item, str):  # "" too: a blank name, as " " (the type is right)
            no_nul(require_nonblank(item, path), path)
    return frozenset(_lower(n) for n in _names(items))


def lower_kinds(value: Any) -> frozenset[str]:
    """A rule's ``kinds``: ``_lower_names`` at ``kinds``."""
    return _lower_names(value, "kinds")


def lower_channels(value: Any) -> frozenset[str]:
    """A rule's or a stage's ``channels``: ``_lower_names`` at ``channels``."""
    return _lower_names(value, "channels")


def _pairs(value: Any) -> tuple[tuple[str, AttributeValue], ...]:
    if value is None:
        return ()
    items = value.items() if isinstance(value, Mapping) else collection(value, "attributes")
    out: dict[str, AttributeValue] = {}
    for pair in items:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise InputTypeError(f"attributes: expected (name, value) pairs, got {safe_repr(pair)}")
        key, item = pair
        # The ticket's type check, in its words (a numpy scalar as Python's own value).
        out[key] = typed_attribute(key, item)
    return tuple(sorted(out.items(), key=lambda kv: kv[0]))


def _checked_pairs(value: Any) -> tuple[tuple[str, AttributeValue], ...]:
    """An event's attributes: ``_pairs``, each value one a ticket's attributes take.

    The ticket's own check, so an event refuses what a ticket refuses, in its words: strict
    JSON (``to_dict`` written with ``json.dumps(allow_nan=False)``) has no NaN or infinity, and
    a whole number past a JSON writer's limit (13,000 bits, about 4,000 digits) cannot be
    written at all. A missing value is ``None`` or no attribute at all, never NaN.

    Examples:
        >>> _checked_pairs({"seats": 10**4000})
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: attributes.seats: an attribute's whole number has 13,288 bits, more than the 13,000 a JSON writer takes, got <int of about 4001 digits>
    """  # noqa: E501
    pairs = _pairs(value)
    ticket_attributes(dict(pairs))  # a ConfigError at attributes.<name>
    return pairs


def _ordered_names(value: Any) -> tuple[str, ...]:
    out = tuple(collection(value, "a sequence of names"))
    for item in out:
        if not isinstance(item, str) or not item:
            raise InputTypeError(f"names must be non-empty strings, got {safe_repr(item)}")
        no_nul(item, "touchpoints", "touchpoint")
    return out


def rule_tags(value: Any) -> frozenset[str]:
    """A rule's ``tags``: names as an event's are, and none holding a NUL (a rule is
    configuration, written by hand; an event's tags are data, kept as they come)."""
    out = _names(value)
    for tag in out:
        no_nul(tag, "tags", "tag")
    return out


def _reopened(history: TicketHistory) -> bool | None:
    """Whether a solved ticket was reopened, as ``ReopenRate`` counts it (``None``: not in its
    denominator: never solved, or the export cannot say)."""
    attributes = history.ticket.attributes
    if PARTIAL_ATTRIBUTE not in attributes and REOPENS_ATTRIBUTE not in attributes:
        return bool(history.reopens()) if history.solve_times() else None  # its events say all
    if "resolution" in lost_facts(history):  # solved or not is unknown, for every ticket
        return None
    known = reopened(history)  # True where shown or counted; None where lost and not counted
    if known:  # reopened: solved before it, even where no solve is shown (not solved again)
        return True
    return known if history.solve_times() else None


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _kind(value: Any) -> Any:
    """An event's kind stripped and lower-cased; a blank one (``" "``) is a ``ConfigError``
    naming it as given (it read as ``''``, an ``InputTypeError`` naming the stripped text)."""
    if isinstance(value, str):
        require_nonblank(value, "kind", "kind")
    return _lower(value)


def _channel(value: Any) -> Any:
    """An event's channel stripped and lower-cased, or ``None``; a blank one names no channel
    (a ticket refuses it) and is a ``ConfigError`` (it was kept as ``''``, matching no rule)."""
    if isinstance(value, str):
        require_nonblank(value, "channel", "channel")
    return _lower(value)


@attrs.frozen
class JourneyEvent:
    """One thing a customer did or experienced: a touchpoint at an instant.

    ``kind`` names the touchpoint (``"ad_view"``, ``"purchase"``, ``"ticket"``...); ``channel``,
    ``tags`` and ``attributes`` are what stage rules look at. An attribute holds what a
    ticket's does, checked by the ticket's rule: a string, a whole number a JSON writer takes
    (13,000 bits at most), a finite float, a bool or ``None`` (a numpy scalar of those as
    Python's own value; a missing value is ``None`` or no attribute). A value of another type
    (a list, a mapping, a set) is an ``InputTypeError`` naming ``attributes.<name>`` and the
    value; NaN, an infinity (strict JSON has neither) or a longer whole number is a
    ``ConfigError`` at ``attributes.<name>``. ``satisfied`` is the customer's
    CSAT answer where a survey was answered (top-2-box: True/False; ``None`` = no answer) and
    ``reopened`` whether a solved ticket was reopened (``None`` = not a solved ticket); both
    feed the pain-point analysis. A blank ``customer`` (``""``, ``" "``) names nobody and is a
    ``ConfigError``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> e = JourneyEvent("ada", datetime(2026, 8, 3, tzinfo=timezone.utc), "Ticket",
        ...                  channel="Email", tags=["refund"], attributes={"plan": "team"})
        >>> e.kind, e.channel, e.attribute("plan")
        ('ticket', 'email', 'team')
    """

    customer: str = attrs.field(validator=instance_of(str))
    at: datetime = attrs.field()
    kind: str = attrs.field(converter=_kind)
    channel: str | None = attrs.field(
        default=None,
        kw_only=True,
        converter=_channel,
        validator=instance_of(str, optional=True),
    )
    tags: frozenset[str] = attrs.field(default=frozenset(), kw_only=True, converter=_names)
    attributes: tuple[tuple[str, AttributeValue], ...] = attrs.field(
        default=(), kw_only=True, converter=_checked_pairs
    )
    id: str | None = attrs.field(
        default=None,
        kw_only=True,
        validator=instance_of(str, optional=True),
    )
    satisfied: bool | None = attrs.field(
        default=None,
        kw_only=True,
        validator=instance_of(bool, optional=True),
    )
    reopened: bool | None = attrs.field(
        default=None,
        kw_only=True,
        validator=instance_of(bool, optional=True),
    )

    @at.validator
    def _check_at(self, _attribute: Any, value: Any) -> None:
        # In the supported range: an instant whose UTC time falls outside the datetime range
        # (year 9999 at -05:00) raised a bare OverflowError when paths sorted events by it.
        require_instant(value, "at")

    @customer.validator
    def _check_customer(self, _attribute: Any, value: str) -> None:
        # A blank customer names nobody: every such event would be one customer '', as
        # ``from_history`` and ``events_from_histories`` refuse a blank requester. A value
        # error (the type is right), in the words of every blank name.
        require_nonblank(value, "customer", "customer id")

    @kind.validator
    def _check_kind(self, _attribute: Any, value: Any) -> None:
        if not isinstance(value, str) or not value:
            raise InputTypeError(f"kind must be a non-empty string, got {safe_repr(value)}")

    def attribute(self, name: str) -> AttributeValue:
        """The value of attribute ``name``, or ``None``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> JourneyEvent("c", datetime(2026, 1, 1, tzinfo=timezone.utc), "x").attribute("a")
        """
        if not isinstance(name, str):  # an array's == is no bool (a ValueError in the loop)
            raise InputTypeError(
                f"name: expected an attribute name (a string), got {type(name).__name__} "
                f"{safe_repr(name)}"
            )
        for key, value in self.attributes:
            if key == name:
                return value
        return None

    @classmethod
    def from_history(
        cls, history: TicketHistory, *, customer: str | None = None, kind: str = "ticket"
    ) -> JourneyEvent:
        """One event for a ticket: at its creation, with its channel, tags and attributes.

        ``customer`` defaults to the ticket's requester (a ticket with neither is a
        [`ConfigError`][servicemodel.errors.ConfigError]). ``satisfied`` comes from the last
        ``"csat"`` rating (top-2-box: a score within 1 of the scale's top); ``reopened`` is set
        for tickets that were solved at least once, as
        [`ReopenRate`][servicemodel.kpi.ReopenRate] counts them: a partial history the export
        says was reopened (its reopens lost, [`reopened`][servicemodel.model.reopened]) is
        reopened, and solved before, even where it shows no solve; one that lacks its reopens
        and says nothing of them, or lacks its solves, is ``None`` (the rate refuses it).

        Examples:
            >>> from datetime import datetime, timedelta, timezone
            >>> from servicemodel.model import Ticket, TicketHistory, StatusChange, Reopen
            >>> from servicemodel.model import SatisfactionRating
            >>> t0 = datetime(2026, 8, 3, tzinfo=timezone.utc)
            >>> h = TicketHistory(Ticket("T-1", t0, requester="ada", channel="chat"), [
            ...     StatusChange("s", t0 + timedelta(hours=1), status="solved"),
            ...     SatisfactionRating("r", t0 + timedelta(hours=2), score=2),
            ...     Reopen("o", t0 + timedelta(hours=3))])
            >>> e = JourneyEvent.from_history(h)
            >>> e.customer, e.kind, e.satisfied, e.reopened
            ('ada', 'ticket', False, True)
        """
        require_type(history, TicketHistory, "history")
        who = customer if customer is not None else history.ticket.requester
        # A blank requester names nobody: kept, every such ticket would be one customer ''.
        if who is None or (isinstance(who, str) and not who.strip()):
            raise ConfigError(
                f"ticket {history.id!r} has no requester (got {safe_repr(who)}); pass customer= "
                "to place it in a journey",
                path="requester",
            )
        ratings = history.ratings("csat")
        satisfied = None
        if ratings:
            last = ratings[-1]
            satisfied = last.score >= last.scale_max - 1
        try:
            return cls(
                who,
                history.created_at,
                kind,
                channel=history.ticket.channel,
                tags=history.ticket.tags,
                attributes=history.ticket.attributes,
                id=history.id,
                satisfied=satisfied,
                reopened=_reopened(history),
            )
        except ConfigError as exc:
            # A ticket refuses a NaN or infinite attribute when it is built, but loading a
            # pickle runs no converter, so an unpickled one may still hold it: say which.
            raise ConfigError(
                f"ticket {safe_repr(history.id)}: {exc.message}", path=exc.path
            ) from None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JourneyEvent:
        """Build an event from a JSON-style mapping (``at`` as an ISO 8601 string with offset).

        Examples:
            >>> JourneyEvent.from_dict({"customer": "c1", "at": "2026-08-03T09:00:00+02:00",
            ...                         "kind": "site_visit", "channel": "web"}).channel
            'web'
        """
        table = fields(
            data,
            required=("customer", "at", "kind"),
            optional=[f.name for f in attrs.fields(cls)],
            what="an event",
        )
        kwargs = dict(table)
        at = kwargs.pop("at")
        if isinstance(at, str):
            try:
                at = iso_datetime(at)
            except ValueError:
                raise ConfigError(
                    f"not an ISO 8601 timestamp: {safe_repr(at)}", path="at"
                ) from None
        try:
            return cls(kwargs.pop("customer"), at, kwargs.pop("kind"), **kwargs)
        except ConfigError:
            raise  # its path kept (``attributes.x`` for a NaN or an infinity)
        except (InputTypeError, ValueError, TypeError) as exc:
            raise ConfigError(str(exc)) from None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict`` that ``JourneyEvent.from_dict`` reads back.

        Examples:
            >>> from datetime import datetime, timezone
            >>> e = JourneyEvent("c", datetime(2026, 1, 1, tzinfo=timezone.utc), "review")
            >>> JourneyEvent.from_dict(e.to_dict()) == e
            True
        """
        out: dict[str, Any] = {
            "customer": self.customer,
            "at": self.at.isoformat(),
            "kind": self.kind,
            "channel": self.channel,
            "tags": sorted(self.tags),
            "attributes": dict(self.attributes),
            "id": self.id,
            "satisfied": self.satisfied,
            "reopened": self.reopened,
        }
        return {k: v for k, v in out.items() if v not in (None, [], {})}


def _event_key(e: JourneyEvent) -> tuple[Any, ...]:
    """A total order on events, so accumulated tuples are canonical (merge is commutative)."""
    return (
        e.customer,
        e.at.astimezone(UTC),
        e.kind,
        e.id or "",
        e.channel or "",
        tuple(sorted(e.tags)),
        repr(e.attributes),
        repr(e.satisfied),
        repr(e.reopened),
    )


def events_from_histories(
    histories: Iterable[TicketHistory],
    *,
    customer: Callable[[TicketHistory], str | None] | None = None,
) -> list[JourneyEvent]:
    """One [`JourneyEvent`][servicemodel.journey.JourneyEvent] per ticket (kind ``"ticket"``).

    ``customer`` maps a history to its customer (default: the requester).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> t0 = datetime(2026, 8, 3, tzinfo=timezone.utc)
        >>> hs = [TicketHistory(Ticket("T-1", t0, requester="ada", tags=["bug"]), [])]
        >>> [(e.customer, e.id) for e in events_from_histories(hs)]
        [('ada', 'T-1')]
    """
    if customer is not None and not callable(customer):
        raise InputTypeError(
            f"customer: expected a function of a history, got {type(customer).__name__} "
            f"{safe_repr(customer)}"
        )
    return [
        JourneyEvent.from_history(
            require_type(h, TicketHistory, f"histories[{i}]"),
            customer=None if customer is None else customer(h),
        )
        for i, h in enumerate(require_iterable(histories, "histories"))
    ]
