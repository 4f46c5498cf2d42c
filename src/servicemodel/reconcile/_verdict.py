"""Private: a helpdesk's own verdict on one SLA clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import as_tuple
from servicemodel.errors import ConfigError, InputTypeError, require_instant

__all__ = ["VendorVerdict", "check_verdict"]


def _notes(value: Any) -> tuple[str, ...]:
    """The converter of ``notes``: a collection of texts (a number or ``None`` is refused)."""
    notes = as_tuple(value, "notes")
    for note in notes:
        if not isinstance(note, str):
            raise InputTypeError(
                f"notes: expected texts, got {type(note).__name__} {safe_repr(note)}"
            )
    return notes


def _stops(value: Any) -> tuple[tuple[datetime, datetime | None], ...]:
    """The converter of ``stops``: a collection of (stopped, resumed) pairs, as a tuple; a
    pair given as a list (read from JSON) becomes a tuple, so that the verdict stays
    hashable and equal to one built with tuples."""
    return tuple(tuple(p) if isinstance(p, list) else p for p in as_tuple(value, "stops"))


#: A vendor verdict's states.
STATES = ("achieved", "breached", "active")


def _state(_: Any, __: Any, value: Any) -> None:
    if not isinstance(value, str) or value not in STATES:
        raise ConfigError(f"expected one of {list(STATES)}, got {safe_repr(value)}", path="state")


@attrs.frozen
class VendorVerdict:
    """A helpdesk's own verdict on one SLA clock: one ticket, metric and instance.

    ``metric`` is the vendor's name (Zendesk: ``reply_time``, ``requester_wait_time``, …; Jira
    Service Management: the SLA's name, ``Time to first response``); ``instance`` its instance
    number (Zendesk ``instance_id``: for ``reply_time``, 1 is the first reply, 2 and up the
    next replies; JSM: the cycle, from 1). ``state`` is ``"breached"``, ``"achieved"`` or
    ``"active"``. ``target`` is the applied target (business time when ``business``);
    ``elapsed`` the time the vendor counted, when it says.

    ``source`` names the vendor. For ``"zendesk"`` the metric is matched to ours through the
    table in the module docs; any other reader says which of our clocks the verdict is about
    in ``our_metric`` and ``our_cycle`` (``our_metric=None``: we have no such metric).
    ``paused`` is the vendor's own word that the clock is paused now, ``started_at`` when its
    clock started, ``target_since`` when the target in force was set (Zendesk: its latest
    ``apply_sla``; ``None``: not said), ``stops`` each time the clock stopped and, if it ran
    again (a reopen), when: ``(stopped, resumed)`` pairs in time order (Zendesk: its
    ``fulfill`` and the ``activate`` after it; empty: only ``fulfilled_at`` is known), and
    ``notes`` what the vendor's records say that may explain a difference (a goal that
    changed between cycles). ``paused_at`` is the instant the vendor's ``paused`` was said
    at (Zendesk: its latest ``pause`` or ``activate``, the flag holding from then on; JSM:
    the ``read_at`` its record was fetched at), ``elapsed_at`` the instant its ``elapsed``
    was counted to (Zendesk: its latest ``update_status``; JSM: a completed cycle's stop, an
    ongoing cycle's ``read_at``); ``None``: not said. A snapshot before either instant has
    not seen that word, and a running clock's counted time is compared with ours at
    ``elapsed_at``.

    Examples:
        >>> VendorVerdict("7", "reply_time", 1, "achieved").state
        'achieved'
        >>> VendorVerdict("SD-1", "Time to resolution", 1, "active", source="jsm",
        ...               our_metric="resolution", our_cycle=0, paused=True).paused
        True
    """

    ticket_id: str
    metric: str
    instance: int
    state: str = attrs.field(validator=_state)
    policy: str | None = None
    target: timedelta | None = None
    business: bool | None = None
    breached_at: datetime | None = None
    fulfilled_at: datetime | None = None
    elapsed: timedelta | None = None
    paused: bool | None = None
    started_at: datetime | None = None
    source: str = "zendesk"
    our_metric: str | None = None
    our_cycle: int | None = None
    notes: tuple[str, ...] = attrs.field(default=(), converter=_notes)
    target_since: datetime | None = None
    stops: tuple[tuple[datetime, datetime | None], ...] = attrs.field(default=(), converter=_stops)
    paused_at: datetime | None = None
    elapsed_at: datetime | None = None


#: A verdict's fields whose type the comparison relies on (``VendorVerdict`` checks only its
#: state): what each must be, ``None`` allowed where the field is optional. (``policy`` is
#: not compared: a reader's odd policy title costs nothing here.)
_FIELD_TYPES: tuple[tuple[str, type | tuple[type, ...], bool, str], ...] = (
    ("ticket_id", str, False, "a ticket id (text)"),
    ("metric", str, False, "a metric name (text)"),
    ("instance", int, False, "an instance number"),
    ("source", str, False, "a vendor name (text)"),
    ("our_metric", str, True, "one of our metric names (text) or None"),
    ("our_cycle", int, True, "a cycle number or None"),
    ("target", timedelta, True, "a timedelta or None"),
    ("elapsed", timedelta, True, "a timedelta or None"),
    ("business", bool, True, "true, false or None"),
    ("paused", bool, True, "true, false or None"),
)
#: Instance and cycle numbers are shown in the section: an int too long to print is no number.
_NUMBER_LIMIT = 2**63


def check_verdict(v: VendorVerdict, where: str) -> None:
    """Refuse a verdict whose fields are not of the types the comparison needs.

    ``VendorVerdict`` is a plain record (readers build it); one built by hand with an id that
    is a number, an instance that is text or a naive instant would otherwise be miscounted
    (a ticket id ``7`` matches no ticket ``"7"``) or fail deep in the comparison.

    Examples:
        >>> check_verdict(VendorVerdict(7, "reply_time", 1, "achieved"), "vendor_verdicts[0]")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: vendor_verdicts[0].ticket_id: expected a ticket id (text), got 7
    """  # noqa: E501
    for name, kind, optional, what in _FIELD_TYPES:
        value = getattr(v, name)
        if value is None and optional:
            continue
        wrong = not isinstance(value, kind) or (kind is int and isinstance(value, bool))
        if not wrong and kind is int and not -_NUMBER_LIMIT < value < _NUMBER_LIMIT:
            wrong = True
        if wrong:
            raise InputTypeError(f"{where}.{name}: expected {what}, got {safe_repr(value)}")
    if not all(isinstance(n, str) for n in v.notes):
        raise InputTypeError(f"{where}.notes: expected texts, got {safe_repr(v.notes)}")
    for name in ("breached_at", "fulfilled_at", "started_at", "target_since", "paused_at",
                 "elapsed_at"):  # fmt: skip
        when = getattr(v, name)
        if when is not None:
            require_instant(when, f"{where}.{name}")
    _check_stops(v.stops, f"{where}.stops")


def _check_stops(stops: tuple[Any, ...], where: str) -> None:
    for i, stop in enumerate(stops):
        if not isinstance(stop, tuple) or len(stop) != 2:
            raise InputTypeError(
                f"{where}[{i}]: expected a (stopped, resumed) pair, got {safe_repr(stop)}"
            )
        require_instant(stop[0], f"{where}[{i}][0]")
        if stop[1] is not None:
            require_instant(stop[1], f"{where}[{i}][1]")
