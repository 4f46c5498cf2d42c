"""Private: a helpdesk's own verdict on one SLA clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import as_tuple
from servicemodel.errors import ConfigError, InputTypeError, require_instant
from servicemodel.sla import Metric

__all__ = ["Applied", "VendorVerdict", "check_verdict", "has_sla", "sla_in_force"]


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


#: One ``apply_sla`` of a verdict's history: when, and the target, business-hours flag and
#: policy it put in force (a target of ``None``: the SLA removed).
Applied = tuple[datetime, timedelta | None, bool | None, str | None]
"""One entry of [`VendorVerdict.applied`][servicemodel.reconcile.VendorVerdict]: the SLA a
vendor put on a clock at one instant.

A plain tuple ``(instant, target, business, policy)``: when it was applied (an aware
datetime), the target (``None``: the SLA was removed then), whether the target counts business
hours (``None``: not said) and the policy's title (``None``: not said). Exported for type hints
(``list[Applied]``) and for reading a history by position: ``when, target, business, policy =
verdict.applied[-1]`` is the SLA in force now.
"""


def _applied(value: Any) -> tuple[Applied, ...]:
    """The converter of ``applied``: a collection of entries, each a tuple (a list read from
    JSON becomes one, so that the verdict stays hashable and equal to one built with tuples)."""
    return tuple(tuple(e) if isinstance(e, list) else e for e in as_tuple(value, "applied"))


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
    changed between cycles). ``applied`` is the history of the SLA on the clock, each time
    it was applied, changed or removed, in the order the vendor recorded them:
    ``(instant, target, business, policy)`` entries (Zendesk: every ``apply_sla`` and
    ``apply_group_sla``, which are emitted "when a SLA policy is applied to a ticket or when
    an SLA policy or target is changed"; a target of ``None``: the event carried no SLA, which
    was removed then). Empty: not said, and the verdict's own target is taken as in force
    throughout. With a history, the last entry is the one in force now (its target, business
    flag and policy are the verdict's), a snapshot reads the one in force then, and a clock
    that had no SLA at an instant (none applied yet, or removed) and no breach by then has no
    vendor verdict at it (see ``has_sla``). ``paused_at`` is the instant the vendor's
    ``paused`` was said at (Zendesk: its latest ``pause`` or ``activate``, the flag holding
    from then on; JSM: the ``read_at`` its record was fetched at), ``elapsed_at`` the
    instant its ``elapsed`` was counted to (Zendesk: its latest ``update_status``; JSM: a
    completed cycle's stop, an ongoing cycle's ``read_at``); ``None``: not said. A snapshot
    before either instant has not seen that word, and a running clock's counted time is
    compared with ours at ``elapsed_at``. ``due_at`` is the instant the vendor states the
    clock is due (Freshdesk's ``fr_due_by``, ``due_by``, ``nr_due_by``; ``None``: not said),
    compared with our ``due_at``; ``reconcile`` refuses one before ``started_at``.
    ``read_at`` is the instant the vendor's record was fetched, its verdict being its state
    then (Freshdesk: ``read_at``, or the ticket's ``updated_at`` where later; ``None``: not
    said): a disagreement with our later breach names it.

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
    applied: tuple[Applied, ...] = attrs.field(default=(), converter=_applied)
    due_at: datetime | None = None
    read_at: datetime | None = None


def sla_in_force(v: VendorVerdict, at: datetime | None = None) -> Applied | None:
    """The entry of ``v.applied`` in force at ``at`` (``None``: now, the last one): the last
    one recorded at or before it, ``None`` if there is none (nothing applied yet, or no
    history). Instants are compared in UTC.

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> t = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> v = VendorVerdict("7", "resolution_time", 1, "active", applied=[
        ...     (t, timedelta(hours=8), False, "Gold"), (t + timedelta(hours=1), None, None, None)])
        >>> sla_in_force(v, t + timedelta(minutes=30))[3], sla_in_force(v)[1]
        ('Gold', None)
        >>> sla_in_force(v, t - timedelta(minutes=1)) is None
        True
    """
    if at is None:
        return v.applied[-1] if v.applied else None
    cut = at.astimezone(UTC)
    found = None
    for entry in v.applied:  # in the order recorded: at one instant, the later one is in force
        if entry[0].astimezone(UTC) <= cut and (
            found is None or entry[0].astimezone(UTC) >= found[0].astimezone(UTC)
        ):
            found = entry
    return found


def has_sla(v: VendorVerdict) -> bool:
    """Whether the vendor has a verdict on ``v``'s clock now: one without an ``applied``
    history always has (the reader does not say when its SLA came); with one, a clock whose
    SLA is in force (its last entry has a target) or that breached (Zendesk breaches only a
    clock it has a target for) has, one whose SLA was removed and that never breached has
    none. (At a snapshot, ``at_snapshot`` reads the entry in force then.)

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> t = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> gold = (t, timedelta(hours=8), False, "Gold")
        >>> removed = (t + timedelta(hours=1), None, None, None)
        >>> v = VendorVerdict("7", "resolution_time", 1, "active", applied=[gold])
        >>> has_sla(v), has_sla(attrs.evolve(v, applied=[gold, removed]))
        (True, False)
    """
    if not v.applied or v.breached_at is not None:
        return True
    return v.applied[-1][1] is not None


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
    (a ticket id ``7`` matches no ticket ``"7"``) or fail deep in the comparison. Values of
    the right type that no clock can have are a ``ConfigError`` naming the field: a negative
    target or counted time, a cycle below 0, a ``due_at`` before ``started_at`` (a vendor
    computes its due instant from the clock's start), a resume before its stop.

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
    _check_numbers(v, where)
    if not all(isinstance(n, str) for n in v.notes):
        raise InputTypeError(f"{where}.notes: expected texts, got {safe_repr(v.notes)}")
    for name in ("breached_at", "fulfilled_at", "started_at", "target_since", "paused_at",
                 "elapsed_at", "due_at", "read_at"):  # fmt: skip
        when = getattr(v, name)
        if when is not None:
            require_instant(when, f"{where}.{name}")
    _check_due(v, where)
    _check_stops(v.stops, f"{where}.stops")
    _check_applied(v.applied, f"{where}.applied")


#: Our metric names, which ``our_metric`` must be one of (``None``: no metric of ours).
_OURS = frozenset(m.value for m in Metric)


def _check_numbers(v: VendorVerdict, where: str) -> None:
    """Refuse values of the right type that no clock can have: a negative target or counted
    time (compared with ours, it made a difference out of nothing), a cycle below 0, and an
    ``our_metric`` that is none of ours (the verdict was listed as a clock of ours we lack,
    "we have no clock for it", where the reader meant a metric we have not got)."""
    for name in ("target", "elapsed"):
        value = getattr(v, name)
        if value is not None and value < timedelta(0):
            raise ConfigError(
                f"ticket {safe_repr(v.ticket_id)} {v.metric!r} #{v.instance}: expected a "
                f"duration of 0 or more, got {safe_repr(value)}",
                path=f"{where}.{name}",
            )
    if v.our_cycle is not None and v.our_cycle < 0:
        raise ConfigError(
            f"ticket {safe_repr(v.ticket_id)} {v.metric!r} #{v.instance}: expected a cycle "
            f"number of 0 or more, got {v.our_cycle}",
            path=f"{where}.our_cycle",
        )
    if v.our_metric is not None and v.our_metric not in _OURS:
        raise ConfigError(
            f"ticket {safe_repr(v.ticket_id)} {v.metric!r} #{v.instance}: unknown metric "
            f"{safe_repr(v.our_metric)}; expected one of {[m.value for m in Metric]} or None",
            path=f"{where}.our_metric",
        )


def _check_due(v: VendorVerdict, where: str) -> None:
    """Refuse a due instant before the clock's start: a vendor computes it from the start
    (Freshdesk's ``fr_due_by`` and ``due_by`` from the ticket's creation), so such a verdict
    is damaged, and compared as given it breached a clock before it started."""
    due, start = v.due_at, v.started_at
    if due is None or start is None or due.astimezone(UTC) >= start.astimezone(UTC):
        return
    raise ConfigError(
        f"ticket {safe_repr(v.ticket_id)} {v.metric!r} #{v.instance}: due at "
        f"{due.isoformat()}, before its clock started at {start.isoformat()}: a due instant "
        "is computed from the start",
        path=f"{where}.due_at",
    )


def _check_applied(applied: tuple[Any, ...], where: str) -> None:
    kinds = (timedelta, bool, str)  # of the target, the business flag, the policy
    for i, entry in enumerate(applied):
        if (
            not isinstance(entry, tuple)
            or len(entry) != 4
            or not all(
                value is None or isinstance(value, kind)
                for value, kind in zip(entry[1:], kinds, strict=True)
            )
        ):
            raise InputTypeError(
                f"{where}[{i}]: expected an (instant, target, business, policy) entry: a "
                f"timedelta or None, true, false or None, a text or None, got {safe_repr(entry)}"
            )
        require_instant(entry[0], f"{where}[{i}][0]")
        if entry[1] is not None and entry[1] < timedelta(0):
            raise ConfigError(
                f"expected a target of 0 or more, got {safe_repr(entry[1])}",
                path=f"{where}[{i}][1]",
            )


def _check_stops(stops: tuple[Any, ...], where: str) -> None:
    for i, stop in enumerate(stops):
        if not isinstance(stop, tuple) or len(stop) != 2:
            raise InputTypeError(
                f"{where}[{i}]: expected a (stopped, resumed) pair, got {safe_repr(stop)}"
            )
        stopped = require_instant(stop[0], f"{where}[{i}][0]")
        if stop[1] is not None:
            resumed = require_instant(stop[1], f"{where}[{i}][1]")
            if resumed.astimezone(UTC) < stopped.astimezone(UTC):
                raise ConfigError(
                    f"resumed at {resumed.isoformat()}, before it stopped at {stopped.isoformat()}",
                    path=f"{where}[{i}][1]",
                )
