"""Private: the SLA state Freshdesk states on each ticket -- due dates and escalation flags.

The Freshdesk API v2 ticket (https://developers.freshdesk.com/api/#tickets) carries the
vendor's own SLA state beside the ticket's fields: ``fr_due_by`` (when the first response is
due), ``due_by`` (when the ticket is due to be resolved), ``fr_escalated`` and ``is_escalated``
(the ticket was escalated for a first response or a resolution past due) and, on accounts with
next-response SLAs, ``nr_due_by`` and ``nr_escalated`` (null and false where they are off).
The due times are "calculated based on the SLA policy active on a particular ticket"
(https://freshdesk.com/customer-support-glossary/due-by-time) and recomputed when it pauses
or its priority changes: they are the vendor's state when the ticket was fetched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import (
    check_on_error,
    instance_of,
    mapping_of,
    require_nonblank,
)
from servicemodel.errors import ConfigError, RecordError, require_instant
from servicemodel.io._source import OnError
from servicemodel.io.freshdesk._fields import (
    STATUSES,
    Options,
    code,
    fail,
    ident,
    mapping,
    options,
)
from servicemodel.io.freshdesk._join import _by_ticket, _kind, _latest, _tickets, _tid

__all__ = ["SLA_FIELDS", "TicketSLA", "sla_fields"]

#: Each due field of a Freshdesk ticket and the escalation flag that goes with it.
SLA_FIELDS: Mapping[str, str] = {
    "fr_due_by": "fr_escalated",
    "due_by": "is_escalated",
    "nr_due_by": "nr_escalated",
}
"""Freshdesk's SLA fields of a ticket: each due field and its escalation flag."""


def _nonblank(_instance: Any, attribute: Any, value: str) -> None:
    require_nonblank(value, attribute.name, "ticket id")


def _instant(_instance: Any, attribute: Any, value: Any) -> None:
    # An aware instant in the supported range, as the reader reads every timestamp: one built
    # by hand with a naive datetime would fail only when the verdicts compare it, if at all.
    require_instant(value, attribute.name)


def _optional_instant(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        _instant(instance, attribute, value)


def _is_due_field(key: Any) -> bool:
    return isinstance(key, str) and key in SLA_FIELDS


def _is_flag_field(key: Any) -> bool:
    return isinstance(key, str) and key in _FLAG_FIELDS


_FLAG_FIELDS = frozenset(SLA_FIELDS.values())
_DUE_TYPES = mapping_of(
    datetime, keys=_is_due_field, keys_what=f"due fields ({', '.join(SLA_FIELDS)})"
)
_ESCALATED = mapping_of(
    bool, keys=_is_flag_field, keys_what=f"escalation flags ({', '.join(SLA_FIELDS.values())})"
)


#: Why a due instant before the ticket's creation is refused (said after the creation instant).
_DUE_BEFORE = (
    "a due instant cannot precede the ticket's creation (Freshdesk computes it from the "
    "creation by the ticket's SLA policy)"
)


def _due(instance: Any, attribute: Any, value: Any) -> None:
    _DUE_TYPES(instance, attribute, value)
    for name, when in value.items():
        require_instant(when, f"{attribute.name}[{name!r}]")
    created = instance.created_at  # checked first: it is the field before ``due``
    for name, when in value.items():
        if when.astimezone(UTC) < created.astimezone(UTC):
            raise ConfigError(
                f"ticket {safe_repr(instance.ticket_id)}: {name} {when.isoformat()} is before "
                f"the ticket's creation {created.isoformat()}: {_DUE_BEFORE}",
                path=f"{attribute.name}[{name!r}]",
            )


@attrs.frozen
class TicketSLA:
    """The SLA state one Freshdesk ticket states: its due times and escalation flags.

    ``due`` maps each of ``fr_due_by``, ``due_by`` and ``nr_due_by`` the ticket gives (not
    null) to its instant, ``escalated`` each of ``fr_escalated``, ``is_escalated`` and
    ``nr_escalated`` it gives to its flag. ``first_responded_at``, ``resolved_at``,
    ``reopened_at`` and, for a Resolved or Closed ticket (4, 5), ``closed_at`` come from ``stats``
    (``include=stats``), ``None`` where not given;
    ``with_stats`` says whether the ticket carried ``stats`` at all (``GET /api/v2/tickets``
    embeds them only with ``include=stats``): without them a ``None`` stamp says nothing, not
    "not yet".
    ``status`` is the ticket's status code (4 Resolved, 5 Closed; ``None``: not an integer).
    ``updated_at`` is the ticket's last update, before which it cannot have been fetched.
    ``path`` is where the record was read.

    Built by hand (a test, another reader), it is checked as ``sla_fields`` reads a ticket:
    ``ticket_id`` non-blank text, every instant an aware datetime in the supported range (a
    naive one is a ``NaiveDatetimeError``, anything else an ``InputTypeError``, naming the
    field and the value), ``due`` keyed by the due fields and ``escalated`` by the flags
    above, the flags true or false, and no due instant before ``created_at`` (a
    ``ConfigError`` at ``due['fr_due_by']`` naming the ticket and both instants: Freshdesk
    computes its due instants from the creation).

    Examples:
        >>> rec = {"id": 7, "created_at": "2026-03-02T09:00:00Z", "fr_due_by": "2026-03-02T10:00:00Z",
        ...        "fr_escalated": False}
        >>> ((s,), errors) = sla_fields([[rec]])
        >>> s.ticket_id, s.due["fr_due_by"].hour, s.escalated
        ('7', 10, {'fr_escalated': False})
        >>> TicketSLA("7", s.created_at, {"fr_due_by": s.due["fr_due_by"].replace(tzinfo=None)})
        Traceback (most recent call last):
        ...
        servicemodel.errors.NaiveDatetimeError: due['fr_due_by']: naive datetime 2026-03-02T10:00:00 has no time zone; ...
    """  # noqa: E501

    ticket_id: str = attrs.field(validator=(instance_of(str), _nonblank))
    created_at: datetime = attrs.field(validator=_instant)
    due: Mapping[str, datetime] = attrs.field(factory=dict, validator=_due)
    escalated: Mapping[str, bool] = attrs.field(factory=dict, validator=_ESCALATED)
    updated_at: datetime | None = attrs.field(default=None, validator=_optional_instant)
    first_responded_at: datetime | None = attrs.field(default=None, validator=_optional_instant)
    resolved_at: datetime | None = attrs.field(default=None, validator=_optional_instant)
    reopened_at: datetime | None = attrs.field(default=None, validator=_optional_instant)
    path: str = attrs.field(default="", validator=instance_of(str))
    with_stats: bool = attrs.field(default=False, validator=instance_of(bool))
    status: int | None = attrs.field(default=None, validator=instance_of(int, optional=True))
    closed_at: datetime | None = attrs.field(default=None, validator=_optional_instant)


#: The built-in statuses of a resolved ticket (Resolved, Closed): the history reads their
#: ``closed_at``.
_RESOLVED = frozenset(c for c, status in STATUSES.items() if status.is_resolved)


def _one(rec: Mapping[str, Any], path: str, opts: Options) -> TicketSLA:
    tid = ident(rec.get("id"), f"{path}.id", None, "id")
    created = opts.instant(rec.get("created_at"), f"{path}.created_at", tid, "created_at")
    due: dict[str, datetime] = {}
    flags: dict[str, bool] = {}
    for name, flag in SLA_FIELDS.items():
        if rec.get(name) is not None:
            # Freshdesk computes a due instant from the ticket's creation by its SLA policy (a
            # next response's from a later customer message): one before the creation is no
            # state the vendor can have, and read as given it would breach a clock that had not
            # started. The ticket's error, naming both instants.
            due[name] = opts.after(rec[name], f"{path}.{name}", tid, name, created,
                                   why=_DUE_BEFORE)  # fmt: skip
        value = rec.get(flag)
        if value is not None:
            if not isinstance(value, bool):
                raise fail(f"{path}.{flag}", tid, flag, value, "expected true or false")
            flags[flag] = value
    stamps: dict[str, datetime | None] = {}
    raw = rec.get("stats")
    stats = {} if raw is None else mapping(raw, f"{path}.stats", tid, "stats")
    status = code(rec.get("status"))
    # closed_at is read as the history reads it: for a Resolved or Closed ticket only (an open
    # ticket's stale closed_at says nothing, and is no error here the history would not make).
    names = ["first_responded_at", "resolved_at", "reopened_at"]
    if status in _RESOLVED:
        names.append("closed_at")
    stamps["closed_at"] = None
    for name in names:
        value = stats.get(name)
        at = f"{path}.stats"
        stamps[name] = None if value is None else opts.after(value, f"{at}.{name}", tid, name,
                                                             created)  # fmt: skip
    updated = rec.get("updated_at")
    return TicketSLA(
        tid, created, due, flags,
        None if updated is None else opts.instant(updated, f"{path}.updated_at", tid, "updated_at"),
        path=path, with_stats=raw is not None, status=status, **stamps,
    )  # fmt: skip


def sla_fields(
    tickets: Iterable[Any],
    *,
    tz: str | tzinfo | None = None,
    on_error: OnError = "raise",
) -> tuple[tuple[TicketSLA, ...], tuple[RecordError, ...]]:
    """The SLA state each Freshdesk ticket states (see [`TicketSLA`][servicemodel.io.freshdesk.TicketSLA]).

    ``tickets`` are what [`histories`][servicemodel.io.freshdesk.histories] reads: pages of
    ``GET /api/v2/tickets`` (JSON arrays), pages of the filter API (``{"results": [...]}``) or
    single tickets. Conversations, ratings and ticket fields among them (an export's files
    read together) are no tickets and are passed over, and so are deleted and spam tickets; a
    ticket given twice is read from its latest record (latest ``updated_at``, then the last
    read), as [`load`][servicemodel.io.freshdesk.load] reads it. ``tz`` reads timestamps
    written without an offset; without it such a timestamp is an error naming the ticket and
    the field, as a value that is no timestamp is, and as a due instant (``fr_due_by``,
    ``due_by``, ``nr_due_by``) before the ticket's ``created_at`` is, naming both instants:
    Freshdesk computes its due instants from the creation by the ticket's SLA policy, so such
    a record is damaged, not late (it would have breached a clock before it started). Returns
    the tickets in the order read and the errors set aside (``on_error="collect"``: one bad
    ticket costs only itself).

    Examples:
        >>> bad = {"id": 8, "created_at": "2026-03-02T09:00:00Z", "fr_due_by": "2026-03-02 10:00"}
        >>> sla_fields([[bad]])
        Traceback (most recent call last):
        ...
        servicemodel.errors.RecordError: pages[0][0].fr_due_by: ticket 8: fr_due_by '2026-03-02 10:00': no offset (Freshdesk writes UTC with 'Z'); pass tz= to read local times
        >>> early = {"id": 9, "created_at": "2026-03-02T09:00:00Z", "due_by": "2026-03-02T08:00:00Z"}
        >>> sla_fields([[early]], on_error="collect")[1][0].args[0]
        "pages[0][0].due_by: ticket 9: due_by '2026-03-02T08:00:00Z': before the ticket's creation 2026-03-02T09:00:00+00:00: a due instant cannot precede the ticket's creation (Freshdesk computes it from the creation by the ticket's SLA policy)"
    """  # noqa: E501
    check_on_error(on_error)
    opts = options(None, None, None, None, tz)
    found = [
        (path, rec)
        for path, rec in _tickets(tickets)
        if not (isinstance(rec, Mapping) and (_kind(rec) != "tickets" or _by_ticket(rec)))
    ]
    keep = _latest(found, opts)
    out: list[TicketSLA] = []
    errors: list[RecordError] = []
    for k, (path, rec) in enumerate(found):
        try:
            if not isinstance(rec, Mapping):
                raise fail(path, None, "ticket", rec, "expected a ticket as a JSON object")
            if (
                keep.get(_tid(rec) or "", k) != k
                or rec.get("deleted") is True
                or (rec.get("spam") is True)
            ):
                continue  # superseded by a later record of the ticket, or no ticket any more
            out.append(_one(rec, path, opts))
        except (RecordError, OverflowError) as exc:
            err = exc if isinstance(exc, RecordError) else RecordError(
                f"an instant out of range ({exc})", path=path)  # fmt: skip
            if on_error == "raise":
                raise err from None
            errors.append(err)
    return tuple(out), tuple(errors)
