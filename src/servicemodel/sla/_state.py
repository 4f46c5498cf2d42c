"""Private: a ticket's live SLA state as plain JSON types, with a schema version.

The dict holds the engine's facts (see ``_facts``), never a policy: policies are named, and
loading links the names back to a [`PolicySet`][servicemodel.sla.PolicySet]. Instants are ISO
8601 strings in UTC.

Examples:
    >>> from datetime import datetime, timezone
    >>> from servicemodel.model import Ticket
    >>> from servicemodel.sla._policy import SLAPolicy
    >>> p = (SLAPolicy("p", {}),)
    >>> facts = ClockFacts(Ticket("T", datetime(2026, 3, 2, 9, tzinfo=timezone.utc)), p)
    >>> data = facts_to_dict(facts, {"e1": "0123456789ab"})
    >>> data["schema"], data["statuses"], data["fingerprints"]
    (1, [['2026-03-02T09:00:00+00:00', 'new']], ['0123456789ab'])
    >>> facts_from_dict(data, p)[1]
    {'e1': '0123456789ab'}
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs

from servicemodel._config import as_list, fields, safe_repr
from servicemodel.errors import ConfigError, InputTypeError, ServiceModelError
from servicemodel.io import event_to_dict, history_from_dict, history_to_dict
from servicemodel.model import REOPENS_ATTRIBUTE, Event, Priority, Status, Ticket, TicketHistory
from servicemodel.sla._facts import ClockFacts, Cycle, Stop, match
from servicemodel.sla._policy import SLAPolicy
from servicemodel.sla._verdict import read_instant

__all__ = ["SCHEMA", "event_form", "facts_from_dict", "facts_to_dict", "fingerprint"]

#: The version of the dict written by ``facts_to_dict``; bump it (and add an upgrade or a
#: clear refusal in ``facts_from_dict``) whenever the shape changes.
SCHEMA = 1

_KEYS = (
    "schema",
    "ticket",
    "policy",
    "rematched",
    "ids",
    "last",
    "statuses",
    "priorities",
    "first_stop",
    "first_solve",
    "last_solve",
    "opening_pending",
    "answered",
    "waiting",
    "next_open",
    "periodic_open",
    "next_reply",
    "periodic",
)


def _iso(t: datetime) -> str:
    return t.isoformat()


#: Hex digits of an event's fingerprint: 48 bits, so two different events under one id
#: look alike with a chance of 1 in 2**48; 12 characters per applied event in a row.
FINGERPRINT_SIZE = 12


def event_form(event: Event) -> dict[str, Any]:
    """``event`` as ``event_to_dict`` writes it, with its instant in UTC.

    Two deliveries of one event may carry its instant in different offsets (a source's
    export and its webhook): they are the same event, as for ``==``.
    """
    body = event_to_dict(event)
    body["at"] = event.at.astimezone(UTC).isoformat()
    return body


def fingerprint(event: Event) -> str:
    """A short hash of ``event``'s JSON form (kind, id, instant in UTC and fields).

    BLAKE2b (``hashlib.blake2b`` with a 6-byte digest) of the compact JSON text with sorted
    keys: the same on every run and machine, unlike ``hash()``, which is salted per process.
    A field that is no JSON type (a desk's own event subclass) is written by its ``repr``;
    one that neither can write is an ``InputTypeError`` naming the event.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import CustomerMessage
        >>> t = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> fingerprint(CustomerMessage("m1", t))
        '0b2f8c21f274'
        >>> cet = timezone(timedelta(hours=1))
        >>> fingerprint(CustomerMessage("m1", t.astimezone(cet))) == fingerprint(CustomerMessage("m1", t))
        True
    """  # noqa: E501
    try:
        text = json.dumps(event_form(event), sort_keys=True, separators=(",", ":"), default=repr)
    except (TypeError, ValueError, RecursionError) as exc:
        # A desk's own event with a field neither JSON nor its repr can write: an int past
        # the 4,300-digit limit for text, a dict keyed by tuples, a list nested thousands deep.
        raise InputTypeError(
            f"event {safe_repr(event.id)} ({type(event).__name__}): its fields cannot be "
            f"written as JSON, which tells a redelivery from another event under its id "
            f"({type(exc).__name__}: {safe_repr(str(exc))}); give it fields JSON can write"
        ) from None
    digest = hashlib.blake2b(text.encode(), digest_size=FINGERPRINT_SIZE // 2)
    return digest.hexdigest()


def _stop_out(stop: Stop | None, names: Sequence[str]) -> list[Any] | None:
    if stop is None:
        return None
    return [_iso(stop[0]), stop[1], names[stop[2]] if stop[2] >= 0 else None]


def _cycles_out(cycles: list[Cycle], names: Sequence[str]) -> list[list[Any]]:
    return [[_iso(a), _stop_out(b, names)] for a, b in cycles]


def _ticket_to_dict(ticket: Ticket) -> dict[str, Any]:
    """The ticket as ``history_to_dict`` writes it, without the events.

    Written through a history without events, which refuses an export's count of reopens
    above what it shows; a live ticket's reopens come as events later, so the count is
    written beside it (and read back so by ``_ticket_from_dict``).
    """
    attributes = dict(ticket.attributes)
    count = attributes.pop(REOPENS_ATTRIBUTE, None)
    bare = ticket if count is None else attrs.evolve(ticket, attributes=attributes)
    out = history_to_dict(TicketHistory(bare, ()))
    del out["events"]
    if count is not None:
        out["attributes"][REOPENS_ATTRIBUTE] = count
    return out


def _ticket_from_dict(raw: Any) -> Ticket:
    """The ticket ``_ticket_to_dict`` wrote (its count of reopens checked as the ticket's)."""
    attributes = raw.get("attributes") if isinstance(raw, Mapping) else None
    if not isinstance(attributes, Mapping) or REOPENS_ATTRIBUTE not in attributes:
        return history_from_dict({**raw, "events": []}).ticket
    rest = {k: v for k, v in attributes.items() if k != REOPENS_ATTRIBUTE}
    ticket = history_from_dict({**raw, "attributes": rest, "events": []}).ticket
    counted = {**ticket.attributes, REOPENS_ATTRIBUTE: attributes[REOPENS_ATTRIBUTE]}
    return attrs.evolve(ticket, attributes=counted)


def _stored_ticket(raw: Any) -> Ticket:
    """The state's ``ticket``; a bad field is a ``ConfigError`` at its path in the state."""
    if not isinstance(raw, Mapping):
        raise ConfigError(
            f"expected the ticket as a table of its fields, got {safe_repr(raw)}", path="ticket"
        )
    try:
        return _ticket_from_dict(raw)
    except ConfigError as exc:
        # The ticket's reader names the field inside the ticket: name it inside the state.
        inner = f"ticket.{exc.path}" if exc.path else "ticket"
        raise ConfigError(f"cannot read the ticket: {exc.message}", path=inner) from None
    except (ServiceModelError, TypeError) as exc:
        raise ConfigError(f"cannot read the ticket: {exc}", path="ticket") from None


def facts_to_dict(facts: ClockFacts, ids: Mapping[str, str | None]) -> dict[str, Any]:
    """``facts`` and the applied event ids as plain JSON types (see the module docs).

    ``ids`` maps each applied id to its event's fingerprint, ``None`` for an id read from a
    state written before fingerprints were kept.
    """
    names = [p.name for p in facts.policies]
    ticket = _ticket_to_dict(facts.ticket)
    order = sorted(ids)
    out = _facts_dict(facts, order, names, ticket)
    found = [ids[i] for i in order]
    if any(f is not None for f in found):  # likewise: a state read from an old row keeps it
        out["fingerprints"] = found
    if facts.plabels is not None:  # written only when set: states without keep their shape
        out["priority_labels"] = list(facts.plabels)
    if facts.labelled:  # likewise, only for a ticket whose status changes had labels
        out["status_labels"] = [[_iso(t), label] for t, label in facts.labels]
    if facts.matches:  # likewise, only for a ticket matched to another policy
        out["matches"] = [_stop_out(entry, names) for entry in facts.matches]
        out["held_matches"] = list(facts.held_matches)
    if len(facts.priorities) > 1:  # likewise, only for a ticket whose priority changed
        out["held"] = list(facts.held)
    created = facts.created_ticket
    if ids and created is not None:  # with no event applied, the ticket is as created
        out["created_fields"] = {"group": created.group, "assignee": created.assignee}
    return out


def _facts_dict(
    facts: ClockFacts, ids: list[str], names: list[str], ticket: dict[str, Any]
) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "ticket": ticket,
        "policy": names[facts.policy] if facts.policy >= 0 else None,
        "rematched": facts.rematched,
        "ids": ids,
        "last": _iso(facts.last),
        "statuses": [[_iso(t), s.value] for t, s in facts.statuses],
        "priorities": [[_iso(t), p.value] for t, p in facts.priorities],
        "first_stop": _stop_out(facts.first_stop, names),
        "first_solve": _stop_out(facts.first_solve, names),
        "last_solve": _stop_out(facts.last_solve, names),
        "opening_pending": facts.opening_pending,
        "answered": facts.answered,
        "waiting": facts.waiting,
        "next_open": _iso(facts.next_open) if facts.next_open is not None else None,
        "periodic_open": _iso(facts.periodic_open) if facts.periodic_open is not None else None,
        "next_reply": _cycles_out(facts.next_reply, names),
        "periodic": _cycles_out(facts.periodic, names),
    }


class _Reader:
    """Reads the values of one state dict; every error names its key."""

    def __init__(self, policies: Sequence[SLAPolicy]) -> None:
        self.index = {p.name: i for i, p in enumerate(policies)}
        self.ticket: str | None = None  # the ticket's id, once read

    def instant(self, value: Any, path: str) -> datetime:
        return read_instant(value, path)

    def optional_instant(self, value: Any, path: str) -> datetime | None:
        return None if value is None else self.instant(value, path)

    def flag(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            raise ConfigError(f"expected true or false, got {safe_repr(value)}", path=path)
        return value

    def policy(self, value: Any, path: str, removed: int | None = None) -> int:
        """The index of the policy named ``value`` (``-1``: none).

        A name the set no longer has is an error, or ``removed`` when that is given.
        """
        if value is None:
            return -1
        if not isinstance(value, str):
            raise ConfigError(f"expected a policy name or null, got {safe_repr(value)}", path=path)
        if removed is not None and value not in self.index:
            return removed
        if value not in self.index:
            # A desk loads many rows: say whose, for the ticket to replay.
            whose = f" (ticket {safe_repr(self.ticket)})" if self.ticket is not None else ""
            raise ConfigError(
                f"the state names policy {safe_repr(value)}, which is not in the policy set "
                f"{sorted(self.index)}{whose}; a clock that stopped under a removed policy "
                "cannot be measured (replay the ticket's events under the new set instead)",
                path=path,
            )
        return self.index[value]

    def stop(self, value: Any, path: str) -> Stop | None:
        """``[instant, priorities in force, policy name]`` or ``None``."""
        if value is None:
            return None
        items = as_list(value, path, "[instant, priorities, policy]")
        # ``type ... is int``: true is no count of priority changes (bool subclasses int).
        if len(items) != 3 or type(items[1]) is not int or items[1] < 1:
            raise ConfigError(
                f"expected [instant, priorities, policy], got {safe_repr(value)}", path=path
            )
        return (
            self.instant(items[0], f"{path}[0]"),
            items[1],
            self.policy(items[2], f"{path}[2]"),
        )

    def timeline(self, value: Any, path: str, kind: type[Any]) -> list[tuple[datetime, Any]]:
        out: list[tuple[datetime, Any]] = []
        for i, (t, v) in enumerate(self.pairs(value, path)):
            try:
                item = kind(v)
            except ValueError:
                raise ConfigError(f"unknown value {safe_repr(v)}", path=f"{path}[{i}][1]") from None
            at = self.instant(t, f"{path}[{i}][0]")
            if out and at < out[-1][0]:
                raise ConfigError(
                    f"entry at {at.isoformat()} is before the one at {out[-1][0].isoformat()}; "
                    "a timeline is in time order",
                    path=f"{path}[{i}][0]",
                )
            out.append((at, item))
        if not out:
            raise ConfigError("expected at least one entry", path=path)
        return out

    def pairs(self, value: Any, path: str) -> list[tuple[Any, Any]]:
        out = []
        for i, item in enumerate(as_list(value, path)):
            pair = as_list(item, f"{path}[{i}]", "a pair")
            if len(pair) != 2:
                raise ConfigError(f"expected a pair, got {safe_repr(item)}", path=f"{path}[{i}]")
            out.append((pair[0], pair[1]))
        return out

    def labels(self, value: Any, path: str) -> list[tuple[datetime, str | None]]:
        """The source's status names: ``[instant, name or null]`` entries, one per change."""
        out: list[tuple[datetime, str | None]] = []
        for i, (t, label) in enumerate(self.pairs(value, path)):
            if label is not None and not (isinstance(label, str) and label.strip()):
                raise ConfigError(
                    f"expected a status name (a string) or null, got {safe_repr(label)}",
                    path=f"{path}[{i}][1]",
                )
            at = self.instant(t, f"{path}[{i}][0]")
            if out and at <= out[-1][0]:
                raise ConfigError(
                    f"entry at {at.isoformat()} is not after the one at "
                    f"{out[-1][0].isoformat()}; a label timeline has one entry per instant, "
                    "in time order",
                    path=f"{path}[{i}][0]",
                )
            out.append((at, label))
        if not out:
            raise ConfigError("expected at least one entry", path=path)
        return out

    def matches(self, value: Any, path: str) -> list[Stop]:
        """The policy timeline: ``[instant, priorities, policy]`` entries.

        A policy the set no longer has reads as none: the clocks it governed before the
        ticket moved on are measured as if no target had applied then.
        """
        out: list[Stop] = []
        for i, item in enumerate(as_list(value, path)):
            entry = as_list(item, f"{path}[{i}]", "[instant, priorities, policy]")
            if len(entry) != 3 or type(entry[1]) is not int or entry[1] < 1:
                raise ConfigError(
                    f"expected [instant, priorities, policy], got {safe_repr(item)}",
                    path=f"{path}[{i}]",
                )
            at = self.instant(entry[0], f"{path}[{i}][0]")
            if out and at < out[-1][0]:
                raise ConfigError(
                    f"entry at {at.isoformat()} is before the one at {out[-1][0].isoformat()}; "
                    "a timeline is in time order",
                    path=f"{path}[{i}][0]",
                )
            out.append((at, entry[1], self.policy(entry[2], f"{path}[{i}][2]", removed=-1)))
        return out

    def cycles(self, value: Any, path: str) -> list[Cycle]:
        return [
            (self.instant(a, f"{path}[{i}][0]"), self.stop(b, f"{path}[{i}][1]"))
            for i, (a, b) in enumerate(self.pairs(value, path))
        ]


#: ``_Reader.policy`` of a name the policy set no longer has, where that is no error.
_REMOVED = -2


def _check_schema(version: Any) -> None:
    if type(version) is int and version == SCHEMA:  # not True or 1.0, which equal 1
        return
    if isinstance(version, int) and not isinstance(version, bool) and version < SCHEMA:
        hint = "it was written by an older servicemodel and cannot be upgraded"
    else:
        hint = "it was written by a newer servicemodel, or is not a TicketSLA state"
    raise ConfigError(
        f"unsupported TicketSLA state schema {safe_repr(version)} (this version reads "
        f"schema {SCHEMA}): {hint}; rebuild the state with TicketSLA.replay from the "
        "ticket's stored events",
        path="schema",
    )


def _priority_labels(value: Any, n: int) -> list[str | None]:
    """The source's priority names, one per priority timeline entry."""
    labels = as_list(value, "priority_labels", "a list of priority names")
    if len(labels) != n or not all(x is None or (isinstance(x, str) and x.strip()) for x in labels):
        raise ConfigError(
            f"expected {n} priority names (strings or null), one per entry of priorities, "
            f"got {safe_repr(value)}",
            path="priority_labels",
        )
    return list(labels)


def _fingerprints(table: Mapping[str, Any], ids: Sequence[str]) -> dict[str, str | None]:
    """The applied ids, each with its event's fingerprint (``None``: written before them)."""
    path = "fingerprints"
    if path not in table:
        return dict.fromkeys(ids)
    found = as_list(table[path], path, "a list of event fingerprints, one per id")
    if len(found) != len(ids):
        raise ConfigError(
            f"expected {len(ids)} fingerprints (or null), one per entry of ids, got {len(found)}",
            path=path,
        )
    out = dict(zip(ids, found, strict=True))
    # One pass over the whole list for the usual row; the loop below finds the culprit.
    # (``is None``, not ``list.count``: that compares with ``==``, which an array answers
    # with an array.)
    good = [f for f in found if type(f) is str and len(f) == FINGERPRINT_SIZE]
    if (
        len(out) == len(ids)
        and _HEX.fullmatch("".join(good))
        and len(good) + sum(f is None for f in found) == len(found)
    ):
        return out
    seen: dict[str, Any] = {}
    for i, (key, value) in enumerate(zip(ids, found, strict=True)):
        if value is not None and not (
            isinstance(value, str) and len(value) == FINGERPRINT_SIZE and _HEX.fullmatch(value)
        ):
            raise ConfigError(
                f"expected an event fingerprint ({FINGERPRINT_SIZE} lowercase hex digits) or "
                f"null, got {safe_repr(value)}",
                path=f"{path}[{i}]",
            )
        if key in seen and seen[key] != value:
            raise ConfigError(
                f"event id {safe_repr(key)} is listed twice with different fingerprints",
                path=f"{path}[{i}]",
            )
        seen[key] = value
    return out


#: Lowercase hex digits, as ``hexdigest`` writes them.
_HEX = re.compile("[0-9a-f]*")


def _event_ids(value: Any) -> Sequence[str]:
    """A stored state's applied event ids: text, none holding a NUL (no event's id does)."""
    ids = as_list(value, "ids", "a list of event ids")
    if not all(isinstance(i, str) for i in ids):
        raise ConfigError("event ids must be strings", path="ids")
    for i, event_id in enumerate(ids):
        if "\x00" in event_id:
            raise ConfigError(
                f"an event id cannot hold a NUL, got {safe_repr(event_id)}", path=f"ids[{i}]"
            )
    return ids


def facts_from_dict(
    data: Mapping[str, Any], policies: Sequence[SLAPolicy]
) -> tuple[ClockFacts, dict[str, str | None]]:
    """Read what ``facts_to_dict`` wrote; a wrong schema or shape is a ``ConfigError``."""
    if isinstance(data, str | bytes | bytearray):
        # The database row itself, not yet parsed: the usual first mistake with to_dict().
        raise ConfigError(
            f"expected a TicketSLA state, got {type(data).__name__} {safe_repr(data)}: "
            "read the stored JSON first, TicketSLA.from_dict(json.loads(row), policies)"
        )
    table = fields(
        data,
        required=_KEYS,
        optional=(
            "priority_labels",
            "status_labels",
            "matches",
            "held",
            "held_matches",
            "created_fields",
            "fingerprints",
        ),
        what="a TicketSLA state",
    )
    _check_schema(table["schema"])
    r = _Reader(policies)
    ticket = _stored_ticket(table["ticket"])
    r.ticket = ticket.id
    facts = ClockFacts(ticket, tuple(policies))
    statuses = r.timeline(table["statuses"], "statuses", Status)
    priorities = r.timeline(table["priorities"], "priorities", Priority)
    ids = _event_ids(table["ids"])
    facts.statuses, facts.priorities = statuses, priorities
    if "priority_labels" in table:
        facts.plabels = _priority_labels(table["priority_labels"], len(priorities))
    elif facts.plabels is not None:  # a state written by hand: only the ticket's name known
        facts.plabels = [*([None] * (len(priorities) - 1)), ticket.priority_label]
    facts.last = r.instant(table["last"], "last")
    if "status_labels" in table:
        facts.labels = r.labels(table["status_labels"], "status_labels")
    # The policy in force when the state was written only tells whether the ticket was
    # matched again: a removed one is no error (no clock is measured under it), unlike the
    # policy of a stopped clock.
    stored = r.policy(table["policy"], "policy", removed=_REMOVED)
    # The set may have changed since the state was written: match the ticket again.
    facts.policy = match(facts.policies, ticket)
    moved = r.flag(table["rematched"], "rematched")
    facts.rematched = moved or facts.policy != stored
    facts.first_stop = r.stop(table["first_stop"], "first_stop")
    facts.first_solve = r.stop(table["first_solve"], "first_solve")
    facts.last_solve = r.stop(table["last_solve"], "last_solve")
    facts.opening_pending = r.flag(table["opening_pending"], "opening_pending")
    facts.answered = r.flag(table["answered"], "answered")
    facts.waiting = r.flag(table["waiting"], "waiting")
    facts.next_open = r.optional_instant(table["next_open"], "next_open")
    facts.periodic_open = r.optional_instant(table["periodic_open"], "periodic_open")
    facts.next_reply = r.cycles(table["next_reply"], "next_reply")
    facts.periodic = r.cycles(table["periodic"], "periodic")
    if "matches" in table:
        facts.matches = r.matches(table["matches"], "matches")
    elif moved and ids and "created_fields" not in table:
        _refuse_without_matches(ticket)
    stops = [facts.first_stop, facts.first_solve, facts.last_solve, *facts.matches]
    stops += [b for _, b in facts.next_reply + facts.periodic]
    if any(s is not None and s[1] > len(priorities) for s in stops):
        raise ConfigError(
            "a stop counts more priority changes than the state has", path="priorities"
        )
    _check_instants(facts)
    _check_clocks(facts)
    facts.held = _held(table.get("held"), "held", facts.priorities, facts)
    facts.held_matches = _held(table.get("held_matches"), "held_matches", facts.matches, facts)
    facts.created_ticket = _created_ticket(table, facts, bool(ids))
    return facts, _fingerprints(table, ids)


def _refuse_without_matches(ticket: Ticket) -> None:
    """Refuse a state stored before the policy timeline, for a ticket matched again.

    Before ``matches`` was kept, a clock of a ticket that moved to another policy was
    measured as if the policy it ended under had applied from the clock's start; now the
    targets of each policy apply from when it came into force, and a breach under an
    earlier one is final. Such a state cannot say when the ticket moved, so loading it
    would measure its clocks unlike a replay of its events, silently. Only a state that
    also lacks ``created_fields`` (kept since soon after ``matches``) and applied events
    can be that old: a current state of a ticket matched again by an event has
    ``matches``, and one matched again only by a changed policy set measures every clock
    from its start, which needs no timeline.
    """
    raise ConfigError(
        f"ticket {safe_repr(ticket.id)}: the state was stored before the policy timeline "
        "was kept, and the ticket was matched to another policy since its creation, so its "
        "clocks cannot be measured from when each policy applied; replay it once with "
        "TicketSLA.replay(policies, ticket_as_created, events) and store the result",
        path="matches",
    )


def _created_ticket(table: Mapping[str, Any], facts: ClockFacts, applied: bool) -> Ticket | None:
    """The ticket as created: the stored one with the fields its events changed put back.

    Events change four fields: the priority and its source name (their first entries in
    ``priorities`` and ``priority_labels``) and the group and assignee, which no timeline
    holds: ``created_fields`` keeps them. The id, the creation and every other field are the
    stored ticket's, so they cannot disagree with it. A state written before the key was
    kept has it only if no event was applied (an assignment change leaves no other trace):
    otherwise ``None``, and [`TicketSLA.rebuild`][servicemodel.sla.TicketSLA.rebuild] says so.
    """
    ticket = facts.ticket
    path = "created_fields"
    if path not in table:
        return None if applied else ticket
    created = fields(
        table[path], path=path, required=("group", "assignee"), what="the fields as created"
    )
    for key in ("group", "assignee"):
        field = created[key]
        if field is not None and not isinstance(field, str):
            raise ConfigError(
                f"expected the {key} as created (a string or null), got {safe_repr(field)}",
                path=f"{path}.{key}",
            )
        if not applied and field != getattr(ticket, key):
            raise ConfigError(
                f"the {key} as created is {safe_repr(field)}, but no event was applied and "
                f"the ticket's {key} is {safe_repr(getattr(ticket, key))}",
                path=f"{path}.{key}",
            )
    plabels = facts.plabels
    return attrs.evolve(
        ticket,
        priority=facts.priorities[0][1],
        priority_label=plabels[0] if plabels is not None else None,
        group=created["group"],
        assignee=created["assignee"],
    )


def _held(
    value: Any, path: str, timeline: Sequence[tuple[Any, ...]], facts: ClockFacts
) -> list[int]:
    """The entries of ``timeline`` applied while the ticket was solved (ascending indices).

    A state written before they were stored has none: they are the entries whose instant
    follows a resolved status, which differs from the recorded order only for a change
    recorded after a status change at its own instant.
    """
    if value is None:
        statuses = facts.statuses
        out = []
        for k in range(1, len(timeline)):
            i = bisect_left(statuses, timeline[k][0], key=_first)
            if i > 0 and statuses[i - 1][1].is_resolved:
                out.append(k)
        return out
    items = as_list(value, path, "a list of entry indices")
    n = len(timeline)
    for i, k in enumerate(items):
        if type(k) is not int or not 1 <= k < n or (i and k <= items[i - 1]):
            raise ConfigError(
                f"expected ascending indices of entries 1 to {n - 1}, got {safe_repr(value)}",
                path=f"{path}[{i}]",
            )
    _check_held(set(items), path, timeline, facts)
    return list(items)


def _check_held(
    held: set[int],
    path: str,
    timeline: Sequence[tuple[Any, ...]],
    facts: ClockFacts,
) -> None:
    """Refuse an entry marked not held that no order of events leaves unheld.

    Being held matters only for an entry at an instant after whose events the ticket is
    solved. Such an entry is held, unless a status event at its own instant came after it
    (a solve, or a reopen and a solve again): then the status timeline has an entry there,
    or (a zero-length reopen leaves none) the last solve is at that instant or later. An
    entry that is not held with neither would be measured without an error but unlike
    any replay of the events, so it is refused (a state edited or corrupted in storage).
    """
    statuses, last_solve = facts.statuses, facts.last_solve
    for k in range(1, len(timeline)):
        if k in held:
            continue
        at = timeline[k][0]
        since, status = statuses[bisect_right(statuses, at, key=_first) - 1]
        if status.is_resolved and since < at and (last_solve is None or last_solve[0] < at):
            raise ConfigError(
                f"entry {k} ({at.isoformat()}) is not held, but the ticket was solved from "
                f"{since.isoformat()} until after it, with no status event at its instant; "
                "rebuild the state with TicketSLA.replay from the ticket's stored events",
                path=path,
            )


def _first(entry: tuple[datetime, Any]) -> datetime:
    return entry[0]


def _check_instants(facts: ClockFacts) -> None:
    """Every instant of a state lies between the ticket's creation and its last event.

    A state whose instants do not (edited or corrupted in storage) would be measured
    without an error but wrongly, so it is refused.
    """
    created, last = facts.created, facts.last
    found: list[tuple[str, datetime | None]] = [
        ("statuses[0][0]", facts.statuses[0][0]),
        ("priorities[0][0]", facts.priorities[0][0]),
        (f"statuses[{len(facts.statuses) - 1}][0]", facts.statuses[-1][0]),
        (f"priorities[{len(facts.priorities) - 1}][0]", facts.priorities[-1][0]),
        ("next_open", facts.next_open),
        ("periodic_open", facts.periodic_open),
        (f"status_labels[{len(facts.labels) - 1}][0]", facts.labels[-1][0]),
    ]
    for name in ("first_stop", "first_solve", "last_solve"):
        stop = getattr(facts, name)
        found.append((f"{name}[0]", None if stop is None else stop[0]))
    found += [(f"matches[{i}][0]", entry[0]) for i, entry in enumerate(facts.matches)]
    for name in ("next_reply", "periodic"):
        for i, (start, stop) in enumerate(getattr(facts, name)):
            found.append((f"{name}[{i}][0]", start))
            found.append((f"{name}[{i}][1][0]", None if stop is None else stop[0]))
    if last < created:
        raise ConfigError(
            f"last event at {last.isoformat()} is before the ticket's creation "
            f"({created.isoformat()})",
            path="last",
        )
    for path, at in found:
        if at is not None and not created <= at <= last:
            raise ConfigError(
                f"instant {at.isoformat()} is outside the ticket's life, from its creation "
                f"({created.isoformat()}) to its last event ({last.isoformat()})",
                path=path,
            )
    for name, timeline in (
        ("statuses", facts.statuses),
        ("priorities", facts.priorities),
        ("status_labels", facts.labels),
    ):
        if timeline[0][0] != created:
            raise ConfigError(
                f"a timeline starts at the ticket's creation ({created.isoformat()})",
                path=name,
            )


def _refuse(message: str, path: str) -> ConfigError:
    return ConfigError(
        f"{message}; no order of events leaves a state so: rebuild it with "
        "TicketSLA.replay from the ticket's stored events",
        path=path,
    )


def _check_clocks(facts: ClockFacts) -> None:
    """The clocks of a state agree with each other as every replay of events leaves them.

    A state edited or corrupted in storage can hold instants inside the ticket's life that
    still contradict each other: a cycle that stops before it starts (measured as no time),
    cycles out of order, a first reply answered with no stop (measured as unanswered), a
    running clock on a solved ticket. Each would be measured without an error but unlike
    any replay, so it is refused, naming the key.
    """
    _check_cycles(facts.next_reply, facts.next_open, "next_reply", "next_open")
    _check_cycles(facts.periodic, facts.periodic_open, "periodic", "periodic_open")
    _check_answered(facts)
    _check_solves(facts)


def _check_cycles(cycles: list[Cycle], running: datetime | None, name: str, key: str) -> None:
    """Finished cycles each stop at or after their start, in order, before the running one."""
    previous: datetime | None = None
    for i, (start, stop) in enumerate(cycles):
        if stop is None:
            raise _refuse(f"a finished {name} cycle has no stop", f"{name}[{i}][1]")
        if previous is not None and start < previous:
            raise _refuse(
                f"cycle {i} starts at {start.isoformat()}, before the cycle before it "
                f"stopped ({previous.isoformat()})",
                f"{name}[{i}][0]",
            )
        if stop[0] < start:
            raise _refuse(
                f"cycle {i} stops at {stop[0].isoformat()}, before it starts ({start.isoformat()})",
                f"{name}[{i}][1][0]",
            )
        previous = stop[0]
    if running is not None and previous is not None and running < previous:
        raise _refuse(
            f"the running cycle starts at {running.isoformat()}, before the last finished "
            f"one stopped ({previous.isoformat()})",
            key,
        )


def _check_answered(facts: ClockFacts) -> None:
    """The first reply's flags: answered once the first reply clock stopped, and only then
    a next reply clock; an opening message only on a ticket an agent created."""
    if facts.answered and facts.first_stop is None:
        raise _refuse("answered is true but first_stop is null", "first_stop")
    if not facts.answered:
        if facts.waiting:
            raise _refuse("waiting is set but answered is false", "waiting")
        if facts.next_open is not None:
            raise _refuse("next_open is set but answered is false", "next_open")
        if facts.next_reply:
            raise _refuse("next_reply cycles ran but answered is false", "next_reply")
    if facts.opening_pending and not facts.ticket.created_by_agent:
        raise _refuse(
            "opening_pending is true, but the ticket was not created by an agent",
            "opening_pending",
        )


def _when(stop: Stop | None) -> str:
    return "null" if stop is None else stop[0].isoformat()


def _check_solves(facts: ClockFacts) -> None:
    """The solves agree with each other, with the first reply clock and with the status."""
    first, last = facts.first_solve, facts.last_solve
    if (first is None) != (last is None) or (
        first is not None and last is not None and last[0] < first[0]
    ):
        raise _refuse(
            f"first_solve ({_when(first)}) and last_solve ({_when(last)}) disagree",
            "last_solve",
        )
    if first is not None and (facts.first_stop is None or first[0] < facts.first_stop[0]):
        raise _refuse(
            f"the ticket was first solved at {_when(first)}, but the first reply clock "
            f"stopped at {_when(facts.first_stop)}: a solve stops it",
            "first_stop",
        )
    status = facts.statuses[-1][1]
    if not status.is_resolved:
        if facts.waiting:
            raise _refuse(f"waiting is true on a {status.value} ticket", "waiting")
        return
    if last is None:
        raise _refuse(f"the ticket is {status.value}, but last_solve is null", "last_solve")
    for key, running in (("next_open", facts.next_open), ("periodic_open", facts.periodic_open)):
        if running is not None:
            raise _refuse(
                f"a clock runs from {running.isoformat()} on a {status.value} ticket", key
            )
