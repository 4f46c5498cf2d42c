"""Private: Zendesk's ticket metric events read into vendor verdicts.

The event shapes follow Zendesk's "Ticket Metric Events" API reference
(https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metric_events/) and its
"Ticket metric event types reference"
(https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-metric-event-types-reference).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import digits_order
from servicemodel._validators import check_on_error, require_iterable
from servicemodel.errors import RecordError, require_instant
from servicemodel.io import OnError

# The Zendesk adapter's translation layer: one error shape for every Zendesk record.
from servicemodel.io.zendesk._shared import fail, read_id, read_instant, read_mapping
from servicemodel.reconcile._verdict import VendorVerdict
from servicemodel.sla import Metric

__all__ = ["POLICY_UNKNOWN", "ZENDESK_METRICS", "notes_seen_at", "rerun_notes", "zendesk_verdicts"]

_Key = tuple[str, str, int]
#: An event's place among the events of one instant (see ``_rank``).
_Rank = tuple[datetime, int, int, str, str, int, str]
#: Of two events at one instant that their ids do not order (one id, or none), which came
#: first: a ``pause`` before an ``activate`` (the clock runs), a ``breach`` before a
#: ``fulfill`` (the breach stands) and an ``activate`` before a ``fulfill`` (the clock
#: stopped). Other types are only compared with their own.
_TIE_ORDER: Mapping[str, int] = {"pause": 1, "activate": 2, "breach": 3, "fulfill": 4}


@attrs.define(slots=True)
class _Clock:
    """What the events said so far about one (ticket, metric, instance).

    Every field is kept so that the verdict does not depend on the order of the events: the
    latest target, every fulfilment and activation, each breach by its event id.
    """

    # Every apply_sla / apply_group_sla by its rank: (target, business, policy); the latest
    # is in force, and a snapshot reads the one in force then.
    applies: dict[_Rank, tuple[timedelta | None, bool | None, str | None]] = attrs.field(
        factory=dict
    )
    breaches: dict[str, datetime] = attrs.field(factory=dict)
    # Each breach's rank, and every activate's and fulfil's: a breach, a fulfil and an
    # activate of one instant are in the order of their ids (when the clock stood stopped,
    # ``stops``, and whether a breach came before the fulfilment).
    breach_ranks: dict[str, _Rank] = attrs.field(factory=dict)
    fulfil_ranks: set[_Rank] = attrs.field(factory=set)
    activate_ranks: set[_Rank] = attrs.field(factory=set)
    deleted: set[str] = attrs.field(factory=set)
    started: datetime | None = None  # the first activate
    activated: datetime | None = None  # the latest activate
    paused: datetime | None = None  # the latest pause
    # The latest pause and activate by rank: at one instant the event of the higher id came
    # later (a ticket created pending has its activate and its pause in one second).
    pause_rank: _Rank | None = None
    activate_rank: _Rank | None = None
    status_at: _Rank | None = None  # the latest update_status, and its minutes
    minutes: tuple[float | None, float | None] = (None, None)  # (calendar, business)


def _target(sla: Mapping[str, Any], path: str, tid: str) -> timedelta:
    if "target_in_seconds" in sla:
        raw, unit = sla["target_in_seconds"], "seconds"
    else:
        raw, unit = sla.get("target"), "minutes"
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0:
        raise fail(f"{path}.target", tid, "sla.target", raw, "expected a number of " + unit)
    return _span(raw, unit, f"{path}.target", tid, "sla.target")


def _span(raw: float, unit: str, path: str, tid: str, field: str) -> timedelta:
    """``raw`` ``unit`` as a timedelta; NaN, an infinity or past timedelta's range is an error."""
    try:
        return timedelta(**{unit: raw})
    except (OverflowError, ValueError):
        raise fail(
            path, tid, field, raw, f"expected a number of {unit} (finite, under 10**9 days)"
        ) from None


def _metric_event(raw: Any, path: str) -> tuple[_Key, str, datetime, Mapping[str, Any]]:
    ev = read_mapping(raw, path, None, "metric event")
    tid = read_id(ev.get("ticket_id"), f"{path}.ticket_id", None, "ticket_id")
    metric = ev.get("metric")
    if not isinstance(metric, str) or not metric:
        raise fail(f"{path}.metric", tid, "metric", metric, "expected a metric name")
    # instance_id is optional in the reference ("Mandatory: false"): absent or null is 1.
    instance = ev.get("instance_id")
    instance = 1 if instance is None else instance
    # Below 2**63, as the instance numbers of a reconciliation are: a longer int is no count.
    if isinstance(instance, bool) or not isinstance(instance, int) or not 0 <= instance < 2**63:
        raise fail(f"{path}.instance_id", tid, "instance_id", instance,
                    "expected a whole number of 0 or more, below 2**63")  # fmt: skip
    kind = ev.get("type")
    if not isinstance(kind, str):
        raise fail(f"{path}.type", tid, "type", kind, "expected an event type")
    # In UTC from here on: instants are compared and subtracted in UTC.
    at = read_instant(ev.get("time"), f"{path}.time", tid, "time").astimezone(UTC)
    return (tid, metric, instance), kind, at, ev


def _events_of(raw: Any, path: str) -> Iterator[tuple[Any, str]]:
    """An event, or each event of an export page (``{"ticket_metric_events": [...], ...}``)."""
    if isinstance(raw, Mapping) and "ticket_metric_events" in raw:
        events = raw["ticket_metric_events"]
        if not isinstance(events, list):
            raise fail(f"{path}.ticket_metric_events", None, "ticket_metric_events", events,
                        "expected a list of metric events")  # fmt: skip
        for j, ev in enumerate(events):
            yield ev, f"{path}.ticket_metric_events[{j}]"
    else:
        yield raw, path


def _verdict_events(metric_events: Iterable[Any]) -> Iterator[RecordError | tuple[Any, ...]]:
    for i, raw in enumerate(require_iterable(metric_events, "metric_events")):
        try:
            for ev, path in _events_of(raw, f"metric_events[{i}]"):
                try:
                    yield (*_metric_event(ev, path), path)
                except RecordError as exc:
                    yield exc
        except RecordError as exc:
            yield exc


def zendesk_verdicts(
    metric_events: Iterable[Mapping[str, Any]],
    *,
    on_error: OnError = "raise",
    start_time: datetime | None = None,
) -> tuple[tuple[VendorVerdict, ...], tuple[RecordError, ...]]:
    """Zendesk's SLA verdicts, one per (ticket, metric, instance) an SLA was applied to.

    Reads ticket metric events (``/incremental/ticket_metric_events`` or per ticket), or the
    export's pages (``{"ticket_metric_events": [...], "next_page": ..., "end_time": ...}``),
    in any order, an event exported twice counting once: ``apply_sla`` (``apply_group_sla``
    for a group SLA) gives the policy and target, the latest one in force (at one instant, the
    one of the higher ``id``) and every one kept, in that order, in ``applied`` (so that a
    snapshot reads the one in force then, or none before the first); ``breach`` the
    breach instant; ``fulfill`` the stop (of several, the first since the last ``activate``:
    only an ``activate`` takes a fulfilment back), an ``activate`` after it (a reopen) running
    the clock again; ``pause`` a pause; ``update_status`` the time counted. Events of one
    instant, whatever their types, are taken in the order of their ``id``s, Zendesk's order of
    recording them: an ``activate`` of a higher id than the ``fulfill`` of its second runs the
    clock again, as a ``pause`` of a higher id than the ``activate`` pauses it and a
    ``breach`` of a higher id than the ``fulfill`` never happened. Zendesk's rule for
    ``deleted``: an event marked deleted is ignored (a breach deleted in a later export cancels
    the same event read earlier). A clock never given an SLA (every ``apply_sla`` without
    one) nor breached gives no verdict; one whose SLA a later ``apply_sla`` removed keeps its
    verdict, with no target and its history, which ``reconcile`` reads as no vendor verdict
    now (unless breached) and a snapshot before the removal as the verdict then.

    A breach with no SLA in force before it among the events (no ``apply_sla`` before it --
    at its instant, of a lower id --, or only one that removed the SLA) is Zendesk's breach all the same -- its reference
    emits ``breach`` "when a SLA target is breached", so some SLA was in force -- but which
    policy and target decided it is not in the events: the verdict is breached, with the
    target and policy the events give (none, without any ``apply_sla``), and a note, shown
    with any disagreement on the clock, that the vendor's policy is unknown. Only when the
    export is known to start after the clock did is the SLA said to have been applied before
    the export: give ``start_time``, the incremental export's ``start_time`` (aware), and a
    clock whose first ``activate`` is before it, or absent (Zendesk emits one for every metric
    "regardless of whether the ticket is being measured by an SLA policy", so the clock and
    its ticket began before the export), is noted as such; without ``start_time``, or for a
    clock first activated inside the export, the note says only that no ``apply_sla`` before
    the breach is among the events.
    Holds one small state per clock; returns the verdicts sorted by ticket, metric and
    instance, and the errors set aside (``on_error="collect"``).

    Examples:
        >>> evs = [
        ...   {"ticket_id": 7, "metric": "reply_time", "instance_id": 1, "type": "apply_sla",
        ...    "time": "2026-03-02T09:00:00Z", "sla": {"target": 60, "business_hours": False,
        ...    "policy": {"title": "Gold"}}},
        ...   {"ticket_id": 7, "metric": "reply_time", "instance_id": 1, "type": "breach",
        ...    "time": "2026-03-02T10:00:00Z"}]
        >>> (v,), errors = zendesk_verdicts(evs)
        >>> v.state, v.policy, v.target, v.breached_at.isoformat()
        ('breached', 'Gold', datetime.timedelta(seconds=3600), '2026-03-02T10:00:00+00:00')
        >>> (v,), errors = zendesk_verdicts(evs[1:])  # the breach alone
        >>> v.state, v.target, v.notes
        ('breached', None, ("vendor's policy unknown: no apply_sla before its breach among Zendesk's events",))
    """  # noqa: E501
    check_on_error(on_error)
    start = None if start_time is None else require_instant(start_time, "start_time")
    clocks: dict[_Key, _Clock] = {}
    errors: list[RecordError] = []
    for item in _verdict_events(metric_events):
        try:
            if isinstance(item, RecordError):
                raise item
            key, kind, at, ev, path = item
            _apply(clocks.setdefault(key, _Clock()), kind, at, ev, path, key[0])
        except RecordError as exc:
            if on_error == "raise":
                raise
            errors.append(exc)
    out = (_verdict(key, c, start) for key, c in sorted(clocks.items()))
    return tuple(v for v in out if v is not None), tuple(errors)


def _event_id(ev: Mapping[str, Any], at: datetime, path: str, tid: str) -> str:
    """The event's own id, which stays the same when an export repeats the event."""
    found = ev.get("id")
    return read_id(found, f"{path}.id", tid, "id") if found is not None else at.isoformat()


def _rank(ev: Mapping[str, Any], at: datetime, payload: str, path: str, tid: str) -> _Rank:
    """Where an event stands among the clock's events: by time, then, at one instant
    (Zendesk's times are whole seconds: a policy applied at creation and a trigger's priority
    change often share one; so do a ticket's activate and pause when it is created pending),
    by its ``id`` -- Zendesk numbers events in the order it records them -- and, without one
    (after those with one) or between two events of one id, by its type (``_TIE_ORDER``) and
    what it says, so that the order the events are read in never decides. One rule for every
    type: ``apply_sla`` against ``apply_sla``, ``pause`` against ``activate``, ``breach``,
    ``activate`` and ``fulfill`` against each other.

    A numeric id is compared as a number without turning it into an int (an id of more than
    4,300 digits is text Python refuses to convert): by its length without leading zeros,
    then its digits; ``"012"`` and ``12`` are one number, told apart by their text. Other
    ids come after the numeric ones, by their text.
    """
    said = _canonical(ev.get(payload))
    kind = _TIE_ORDER.get(str(ev.get("type")), 0)
    found = ev.get("id")
    if found is None:
        return at, 2, 0, "", "", kind, said
    eid = read_id(found, f"{path}.id", tid, "id")
    found = digits_order(eid)
    if found is not None:
        return at, 0, found[0], found[1], eid, kind, said
    return at, 1, 0, eid, eid, kind, said


def _canonical(value: Any) -> str:
    """``value`` as one text whatever its keys' order (a JSON value; anything else by repr)."""
    try:
        return json.dumps(value, sort_keys=True, default=repr)
    except (TypeError, ValueError, RecursionError):  # mixed keys, a cycle, a huge int, depth
        return safe_repr(value, limit=10_000)


def _applied(payload_name: str) -> Callable[[_Clock, datetime, Mapping[str, Any], str, str], None]:
    def apply(clock: _Clock, at: datetime, ev: Mapping[str, Any], path: str, tid: str) -> None:
        payload = ev.get(payload_name)
        # "The SLA policy and target being enforced ..., if any": none means no SLA any more.
        sla = None if payload is None else read_mapping(payload, f"{path}.{payload_name}", tid,
                                                      payload_name)  # fmt: skip
        target = None if sla is None else _target(sla, f"{path}.{payload_name}", tid)
        rank = _rank(ev, at, payload_name, path, tid)
        business = None if sla is None else sla.get("business_hours")
        policy = None if sla is None else sla.get("policy")
        # Optional, but a flag of another type was read as not said: a "true" text dropped
        # it, so a calendar-time clock of ours was never told apart from it. (The policy is
        # no part of the comparison: an odd title is kept as not said.)
        if business is not None and not isinstance(business, bool):
            raise fail(f"{path}.{payload_name}.business_hours", tid,
                        f"{payload_name}.business_hours", business,
                        "expected true, false or null")  # fmt: skip
        title = policy.get("title") if isinstance(policy, Mapping) else None
        # Kept by rank, not only the latest: a snapshot before a later apply_sla reads the
        # one in force then (or none, before the first). One event read twice is one rank.
        clock.applies[rank] = (
            target,
            business if isinstance(business, bool) else None,
            title if isinstance(title, str) else None,
        )

    return apply


def _breach(clock: _Clock, at: datetime, ev: Mapping[str, Any], path: str, tid: str) -> None:
    eid = _event_id(ev, at, path, tid)
    clock.breaches[eid] = at
    clock.breach_ranks[eid] = _rank(ev, at, "", path, tid)


def _fulfill(clock: _Clock, at: datetime, ev: Mapping[str, Any], path: str, tid: str) -> None:
    clock.fulfil_ranks.add(_rank(ev, at, "", path, tid))


def _activate(clock: _Clock, at: datetime, ev: Mapping[str, Any], path: str, tid: str) -> None:
    rank = _rank(ev, at, "", path, tid)
    clock.activated = _latest(clock.activated, at)
    clock.activate_rank = _latest_rank(clock.activate_rank, rank)
    clock.activate_ranks.add(rank)
    clock.started = at if clock.started is None else min(clock.started, at)


def _pause(clock: _Clock, at: datetime, ev: Mapping[str, Any], path: str, tid: str) -> None:
    clock.paused = _latest(clock.paused, at)
    clock.pause_rank = _latest_rank(clock.pause_rank, _rank(ev, at, "", path, tid))


def _status(clock: _Clock, at: datetime, ev: Mapping[str, Any], path: str, tid: str) -> None:
    where = f"{path}.status"
    status = read_mapping(ev.get("status"), where, tid, "status")
    # Checked before the age test, so that a bad event is an error in any order.
    minutes = (_minutes(status, "calendar", where, tid), _minutes(status, "business", where, tid))
    rank = _rank(ev, at, "status", path, tid)
    if clock.status_at is not None and rank < clock.status_at:
        return
    clock.status_at, clock.minutes = rank, minutes


def _minutes(status: Mapping[str, Any], name: str, path: str, tid: str) -> float | None:
    value = status.get(name)
    if value is None:
        return None  # not counted in this kind of time
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        # "30" (a file converted by hand) was taken for no count, silently: the counted
        # time then was never compared.
        raise fail(f"{path}.{name}", tid, f"status.{name}", value,
                    "expected a number of minutes (0 or more) or null")  # fmt: skip
    _span(value, "minutes", f"{path}.{name}", tid, f"status.{name}")  # the verdict's timedelta
    return value


def _latest(known: datetime | None, at: datetime) -> datetime:
    return at if known is None else max(known, at)


def _latest_rank(known: _Rank | None, rank: _Rank) -> _Rank:
    return rank if known is None else max(known, rank)


_Handler = Callable[[_Clock, datetime, Mapping[str, Any], str, str], None]
#: Event types that say something about a verdict; ``measure`` (instance 0: the metric is
#: measured on the ticket) and any type Zendesk adds later say nothing and are skipped.
_HANDLERS: Mapping[str, _Handler] = {
    "apply_sla": _applied("sla"),
    "apply_group_sla": _applied("group_sla"),
    "breach": _breach,
    "fulfill": _fulfill,
    "activate": _activate,
    "pause": _pause,
    "update_status": _status,
}


def _apply(
    clock: _Clock, kind: str, at: datetime, ev: Mapping[str, Any], path: str, tid: str
) -> None:
    deleted = ev.get("deleted")
    if deleted is not None and not isinstance(deleted, bool):
        # A "true" text taken for live would count a breach Zendesk took back.
        raise fail(f"{path}.deleted", tid, "deleted", deleted, "expected true or false")
    if deleted:
        # "In general, you can ignore any event where deleted is true" (the API reference).
        # A breach read earlier from another export of the same event is cancelled too.
        if kind == "breach":
            clock.deleted.add(_event_id(ev, at, path, tid))
        return
    handler = _HANDLERS.get(kind)
    if handler is not None:
        handler(clock, at, ev, path, tid)


#: How the note on a breach with no SLA in force before it begins (``at_snapshot`` drops it at
#: a snapshot before the breach, which has not seen it).
POLICY_UNKNOWN = "vendor's policy unknown"


def _policy_unknown(
    c: _Clock, breach: _Rank, started: datetime | None, start: datetime | None
) -> tuple[str, ...]:
    """The note on a breach no ``apply_sla`` among the events put in force, or none.

    ``breach`` is the breach's rank: an ``apply_sla`` of its second is before it when its id
    is lower (``_rank``). Zendesk breaches only a clock with a target, so one was in force;
    the events do not say which. That it was applied before the export is said only when
    ``start`` (the export's ``start_time``) is known and the clock's first ``activate`` is
    before it or absent: every metric has an ``activate``, so the clock -- and its ticket --
    began before the export.
    """
    in_force = None
    for rank in sorted(c.applies):  # in the order recorded: the latest before the breach
        if rank < breach:
            in_force = c.applies[rank][0]
    if in_force is not None:
        return ()
    if start is not None and (started is None or started < start.astimezone(UTC)):
        return (
            f"{POLICY_UNKNOWN}: its clock started before the export's start_time "
            f"{start.astimezone(UTC).isoformat()}, so its SLA was applied before the export",
        )
    return (f"{POLICY_UNKNOWN}: no apply_sla before its breach among Zendesk's events",)


def _verdict(key: _Key, c: _Clock, start: datetime | None = None) -> VendorVerdict | None:
    live = [eid for eid in c.breaches if eid not in c.deleted]
    applied = tuple((rank[0], *c.applies[rank]) for rank in sorted(c.applies))
    if not live and all(target is None for _, target, _, _ in applied):
        return None  # no SLA ever applied and no breach: no verdict
    # The latest apply_sla is in force now; one that removed the SLA leaves a verdict with no
    # target, which ``has_sla`` says is no verdict now (unless breached), kept so that a
    # snapshot before the removal reads the verdict then.
    since, target, business, policy = applied[-1] if applied else (None, None, None, None)
    # Fulfilled unless activated again later (a reopen: "activate events are also used to
    # indicate that a ticket metric is no longer ... fulfilled"), and then at the first
    # fulfill of the last run: a fulfill says "the end state of that metric has been
    # fulfilled", and only an activate takes that back, so a later fulfill with no activate
    # between (a second solve) restates a stop that already stood.
    stretches = _stretches(c)
    stops = tuple((f[0], None if a is None else a[0]) for f, a in stretches)
    # The fulfil the clock stands stopped at, and the first breach left: by rank, so that
    # at one instant the one recorded first (the lower id) came first.
    done = stretches[-1][0] if stretches and stretches[-1][1] is None else None
    first_breach = min((c.breach_ranks[eid] for eid in live), default=None)
    fulfilled = None if done is None else done[0]
    breached = None if first_breach is None else first_breach[0]
    if first_breach is not None and (done is None or first_breach < done):
        state = "breached"
    elif fulfilled is not None:
        # A breach instant after the fulfilment never happened (Zendesk usually deletes it).
        state, breached = "achieved", None
    else:
        state = "active"
    paused = paused_at = None
    if state == "active" and c.paused is not None:
        # By rank: a pause and an activate of one instant are in the order of their ids.
        paused = c.activate_rank is None or (
            c.pause_rank is not None and c.pause_rank > c.activate_rank
        )
        # Said by the latest pause or activate: a snapshot before it has not seen it.
        paused_at = c.paused if paused or c.activated is None else c.activated
    calendar, minutes_business = c.minutes
    counted = minutes_business if business else calendar
    notes = rerun_notes(key[1], stops)
    if state == "breached" and first_breach is not None:
        notes += _policy_unknown(c, first_breach, c.started, start)
    return VendorVerdict(
        key[0], key[1], key[2], state, policy, target, business, breached, fulfilled,
        None if counted is None else timedelta(minutes=counted), paused, c.started,
        target_since=None if target is None else since,
        stops=stops, notes=notes, paused_at=paused_at,
        elapsed_at=None if counted is None or c.status_at is None else c.status_at[0],
        applied=applied,
    )  # fmt: skip


#: Metrics with an instance per reply. The reference (``instance_id``): it tracks "each
#: instance of a metric event that can occur more than once per ticket, such as the
#: reply_time event. The value increments over the lifetime of the ticket" -- a number is
#: never used again, so one instance's events are one clock, whatever their order.
_ONCE = frozenset({"reply_time", "periodic_update_time", "pausable_update_time"})


def rerun_notes(
    metric: str, stops: tuple[tuple[datetime, datetime | None], ...]
) -> tuple[str, ...]:
    """What a clock that ran again after a fulfilment may explain: a reopen (or, for a
    reply metric, whose instances are numbered anew for each reply, its fulfilment taken
    back: "activate events are also used to indicate that a ticket metric is no longer ...
    fulfilled")."""
    why = "a reopen"
    if metric in _ONCE:  # a later reply would have a new instance number
        why = (
            "its fulfilment taken back: Zendesk numbers each reply's instance anew, so this is "
            "no later reply"
        )
    return tuple(
        f"the vendor's clock ran again at {resumed.isoformat()} after its fulfilment at "
        f"{stopped.isoformat()} ({why})"
        for stopped, resumed in stops
        if resumed is not None
    )


def notes_seen_at(v: VendorVerdict, cut: datetime, *, breach_stands: bool) -> tuple[str, ...]:
    """A Zendesk verdict's ``notes`` without those a snapshot at ``cut`` has not seen.

    These are explanations from the future: "the vendor's clock ran again at ..." of a
    fulfilment taken back after ``cut``, and the note that the vendor's policy is unknown
    about a breach that is no breach then (``breach_stands`` false: at or after ``cut``, or
    while the clock stood stopped then). The notes are told apart here, where they are
    written, so no reader depends on their wording. A verdict of another source keeps its
    notes.

    Examples:
        >>> from datetime import UTC, datetime
        >>> t = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> later = datetime(2026, 3, 4, 9, tzinfo=UTC)
        >>> v = VendorVerdict("1", "reply_time", 1, "breached", breached_at=later,
        ...                   stops=((t, later),), notes=(*rerun_notes("reply_time", ((t, later),)),
        ...                   f"{POLICY_UNKNOWN}: no apply_sla before its breach"))
        >>> len(v.notes), notes_seen_at(v, datetime(2026, 3, 3, tzinfo=UTC), breach_stands=False)
        (2, ())
    """
    if v.source != "zendesk":
        return v.notes
    notes = v.notes
    if not breach_stands:
        notes = tuple(n for n in notes if not n.startswith(POLICY_UNKNOWN))
    later = tuple(
        (at, back) for at, back in v.stops if back is not None and back.astimezone(UTC) > cut
    )
    if not later:
        return notes
    future = set(rerun_notes(v.metric, later))
    return tuple(n for n in notes if n not in future)


def _stretches(c: _Clock) -> tuple[tuple[_Rank, _Rank | None], ...]:
    """(stopped, resumed) for each stretch the clock stood fulfilled, by rank: from a fulfil
    to the first activate after it (a reopen; at one instant, the activate of a higher id),
    the earliest fulfil of a stretch."""
    activates = sorted(c.activate_ranks)
    out: dict[_Rank | None, _Rank] = {}
    for rank in sorted(c.fulfil_ranks):
        after = bisect.bisect_right(activates, rank)
        out.setdefault(activates[after] if after < len(activates) else None, rank)
    return tuple(sorted(((at, resumed) for resumed, at in out.items()), key=lambda s: s[0]))


#: Zendesk metric name -> (our metric, the instance_id of our cycle 0). ``reply_time`` is
#: matched by instance (1: first reply, 2 and up: next replies); ``pausable_update_time`` and
#: the group SLA's ``group_ownership_time`` have no metric of ours.
ZENDESK_METRICS: Mapping[str, tuple[Metric, int]] = {
    "requester_wait_time": (Metric.REQUESTER_WAIT, 1),
    "agent_work_time": (Metric.AGENT_WORK, 1),
    "resolution_time": (Metric.RESOLUTION, 1),
    "periodic_update_time": (Metric.PERIODIC_UPDATE, 1),
}
