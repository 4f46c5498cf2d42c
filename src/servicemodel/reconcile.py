"""Vendor SLA verdicts beside ours: where Zendesk and servicemodel agree, and why not.

[`zendesk_verdicts`][servicemodel.reconcile.zendesk_verdicts] reads Zendesk's ticket metric
events into one [`VendorVerdict`][servicemodel.reconcile.VendorVerdict] per ticket, metric and
instance; [`reconcile`][servicemodel.reconcile.reconcile] puts each beside our
[`Measurement`][servicemodel.sla.Measurement] of the same clock (from
[`evaluate_many`][servicemodel.sla.evaluate_many]), counts agreements and explains each
disagreement it can: the vendor has no clock for it, we have none, the verdicts differ (and
whether the targets or the business-hours flag differ too), or both breached at instants
further apart than a tolerance.

Zendesk's metrics and ours:

| Zendesk metric (instance) | ours (cycle) |
|---|---|
| ``reply_time`` (1) | ``first_reply`` (0) |
| ``reply_time`` (n >= 2) | ``next_reply`` (n - 2) |
| ``periodic_update_time`` (n) | ``periodic_update`` (n - 1) |
| ``requester_wait_time`` | ``requester_wait`` |
| ``agent_work_time`` | ``agent_work`` |
| ``resolution_time`` | ``resolution`` |
| ``pausable_update_time``, ``group_ownership_time`` | none: "we have no such metric" |

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
    >>> from servicemodel.sla import SLAPolicy, Target, evaluate_many
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> h = TicketHistory(Ticket("7", t0), [AgentReply("r", t0 + timedelta(minutes=90))])
    >>> policy = SLAPolicy("gold", {"normal": [Target("first_reply", "1h", business=False)]})
    >>> vendor = [VendorVerdict("7", "reply_time", 1, "breached", "Gold", timedelta(hours=1),
    ...                         False, t0 + timedelta(hours=1))]
    >>> r = reconcile(vendor, evaluate_many(policy, [h]))
    >>> r.agreements, len(r.disagreements)
    (1, 0)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from servicemodel.errors import RecordError
from servicemodel.io.eventlog._stream import OnError

# The Zendesk adapter's translation layer: one error shape for every Zendesk record.
from servicemodel.io.zendesk._fields import _fail, _id, _instant, _mapping
from servicemodel.sla import Measurement, MeasurementState, Metric

__all__ = [
    "ClockComparison",
    "Reconciliation",
    "VendorVerdict",
    "reconcile",
    "zendesk_verdicts",
]


@attrs.frozen
class VendorVerdict:
    """A helpdesk's own verdict on one SLA clock: one ticket, metric and instance.

    ``metric`` is the vendor's name (Zendesk: ``reply_time``, ``requester_wait_time``, …);
    ``instance`` its instance number (Zendesk ``instance_id``: for ``reply_time``, 1 is the
    first reply, 2 and up the next replies). ``state`` is ``"breached"``, ``"achieved"`` or
    ``"active"``. ``target`` is the applied target (business time when ``business``);
    ``elapsed`` the time the vendor counted at fulfilment, when it says.

    Examples:
        >>> VendorVerdict("7", "reply_time", 1, "achieved").state
        'achieved'
    """

    ticket_id: str
    metric: str
    instance: int
    state: str = attrs.field(validator=attrs.validators.in_(("achieved", "breached", "active")))
    policy: str | None = None
    target: timedelta | None = None
    business: bool | None = None
    breached_at: datetime | None = None
    fulfilled_at: datetime | None = None
    elapsed: timedelta | None = None


# -- Zendesk ticket metric events ------------------------------------------------------------


def _target(sla: Mapping[str, Any], path: str, tid: str) -> timedelta:
    if "target_in_seconds" in sla:
        raw, unit = sla["target_in_seconds"], "seconds"
    else:
        raw, unit = sla.get("target"), "minutes"
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 0:
        raise _fail(f"{path}.sla.target", tid, "sla.target", raw, "expected a number of " + unit)
    return timedelta(**{unit: raw})


def _metric_event(
    raw: Any, path: str
) -> tuple[tuple[str, str, int], str, datetime, Mapping[str, Any]]:
    ev = _mapping(raw, path, None, "metric event")
    tid = _id(ev.get("ticket_id"), f"{path}.ticket_id", None, "ticket_id")
    metric = ev.get("metric")
    if not isinstance(metric, str) or not metric:
        raise _fail(f"{path}.metric", tid, "metric", metric, "expected a metric name")
    instance = ev.get("instance_id", 1)
    if isinstance(instance, bool) or not isinstance(instance, int) or instance < 0:
        raise _fail(f"{path}.instance_id", tid, "instance_id", instance, "expected a whole number")
    kind = ev.get("type")
    if not isinstance(kind, str):
        raise _fail(f"{path}.type", tid, "type", kind, "expected an event type")
    # In UTC from here on: instants are compared and subtracted in UTC.
    at = _instant(ev.get("time"), f"{path}.time", tid, "time").astimezone(UTC)
    return (tid, metric, instance), kind, at, ev


def _verdict_events(metric_events: Iterable[Any]) -> Iterator[RecordError | tuple[Any, ...]]:
    for i, raw in enumerate(metric_events):
        try:
            yield _metric_event(raw, f"metric_events[{i}]")
        except RecordError as exc:
            yield exc


def zendesk_verdicts(
    metric_events: Iterable[Mapping[str, Any]], *, on_error: OnError = "raise"
) -> tuple[tuple[VendorVerdict, ...], tuple[RecordError, ...]]:
    """Zendesk's SLA verdicts, one per (ticket, metric, instance) an SLA was applied to.

    Reads ticket metric events (``/incremental/ticket_metric_events`` or per ticket) in any
    order: ``apply_sla`` gives the policy and target, ``breach`` the breach instant (a breach
    marked ``deleted`` no longer counts), ``fulfill`` the stop, ``update_status`` the time
    counted. Clocks without an ``apply_sla`` had no target and give no verdict. Holds one small
    state per clock; returns the verdicts sorted by ticket, metric and instance, and the errors
    set aside (``on_error="collect"``).

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
    """
    clocks: dict[tuple[str, str, int], dict[str, Any]] = {}
    errors: list[RecordError] = []
    for i, item in enumerate(_verdict_events(metric_events)):
        if isinstance(item, RecordError):
            if on_error == "raise":
                raise item
            errors.append(item)
            continue
        key, kind, at, ev = item
        clock = clocks.setdefault(key, {})
        try:
            _apply(clock, kind, at, ev, f"metric_events[{i}]", key[0])
        except RecordError as exc:
            if on_error == "raise":
                raise
            errors.append(exc)
    out = [_verdict(key, c) for key, c in sorted(clocks.items()) if "target" in c]
    return tuple(out), tuple(errors)


def _apply(
    clock: dict[str, Any], kind: str, at: datetime, ev: Mapping[str, Any], path: str, tid: str
) -> None:
    if kind == "apply_sla":
        sla = _mapping(ev.get("sla"), f"{path}.sla", tid, "sla")
        clock["target"] = _target(sla, path, tid)
        business = sla.get("business_hours")
        clock["business"] = business if isinstance(business, bool) else None
        policy = sla.get("policy")
        clock["policy"] = policy.get("title") if isinstance(policy, Mapping) else None
    elif kind == "breach":
        if ev.get("deleted") is True:
            return
        if clock.get("breached_at") is None or at < clock["breached_at"]:
            clock["breached_at"] = at
    elif kind == "fulfill":
        clock["fulfilled_at"] = at
    elif kind == "activate":
        clock.pop("fulfilled_at", None)  # activated again after a fulfilment (a reopen)
    elif kind == "update_status":
        status = _mapping(ev.get("status"), f"{path}.status", tid, "status")
        which = "business" if clock.get("business") else "calendar"
        minutes = status.get(which)
        if isinstance(minutes, int | float) and not isinstance(minutes, bool):
            clock["elapsed"] = timedelta(minutes=minutes)


def _verdict(key: tuple[str, str, int], c: Mapping[str, Any]) -> VendorVerdict:
    breached, fulfilled = c.get("breached_at"), c.get("fulfilled_at")
    if breached is not None and (fulfilled is None or breached <= fulfilled):
        state = "breached"
    elif fulfilled is not None:
        # A breach instant after the fulfilment never happened (Zendesk usually deletes it).
        state, breached = "achieved", None
    else:
        state = "active"
    return VendorVerdict(
        key[0], key[1], key[2], state, c.get("policy"), c.get("target"), c.get("business"),
        breached, fulfilled, c.get("elapsed"),
    )  # fmt: skip


# -- side by side ----------------------------------------------------------------------------

#: Zendesk metric name -> (our metric, the instance_id of our cycle 0).
ZENDESK_METRICS: Mapping[str, tuple[Metric, int]] = {
    "requester_wait_time": (Metric.REQUESTER_WAIT, 1),
    "agent_work_time": (Metric.AGENT_WORK, 1),
    "resolution_time": (Metric.RESOLUTION, 1),
    "periodic_update_time": (Metric.PERIODIC_UPDATE, 1),
}


def _our_key(v: VendorVerdict) -> tuple[str, str, int, bool]:
    """(ticket, metric, cycle, whether we have such a metric) for a vendor verdict."""
    if v.metric == "reply_time":
        if v.instance <= 1:
            return v.ticket_id, Metric.FIRST_REPLY.value, 0, True
        return v.ticket_id, Metric.NEXT_REPLY.value, v.instance - 2, True
    found = ZENDESK_METRICS.get(v.metric)
    if found is None:
        return v.ticket_id, v.metric, v.instance, False
    return v.ticket_id, found[0].value, v.instance - found[1], True


def _state(m: Measurement) -> str:
    if m.state is MeasurementState.ACHIEVED:
        return "achieved"
    if m.state is MeasurementState.BREACHED:
        return "breached"
    return "active"  # active or paused: no verdict yet


@attrs.frozen
class ClockComparison:
    """One clock of one ticket: the vendor's verdict beside ours, and why they differ.

    ``vendor_state`` / ``our_state`` are ``"achieved"``, ``"breached"``, ``"active"`` or
    ``None`` (no clock). ``reason`` is ``None`` when they agree.

    Examples:
        >>> ClockComparison("7", "first_reply", 0, "achieved", None, reason="we have no clock "
        ...                 "for it").agrees
        False
    """

    ticket_id: str
    metric: str
    cycle: int
    vendor_state: str | None
    our_state: str | None
    vendor_breached_at: datetime | None = None
    our_breached_at: datetime | None = None
    reason: str | None = None

    @property
    def agrees(self) -> bool:
        """True when both have the clock, the same verdict and close breach instants."""
        return self.reason is None

    def __str__(self) -> str:
        clock = f"ticket {self.ticket_id} {self.metric}#{self.cycle}"
        sides = f"vendor {self.vendor_state or '-'}, ours {self.our_state or '-'}"
        return f"{clock}: {sides}" + (f" -- {self.reason}" if self.reason else "")


def _explain(v: VendorVerdict, m: Measurement, tolerance: timedelta) -> str | None:
    ours = _state(m)
    extra = []
    if v.target is not None and v.target != m.target.within:
        extra.append(f"targets differ: vendor {v.target}, ours {m.target.within}")
    if v.business is not None and v.business != m.target.business:
        extra.append(
            f"vendor counts {'business' if v.business else 'calendar'} time, "
            f"ours {'business' if m.target.business else 'calendar'} time"
        )
    if v.state != ours:
        return "; ".join([f"verdict differs: vendor {v.state}, ours {ours}", *extra])
    if v.state == "breached" and v.breached_at is not None and m.breached_at is not None:
        gap = abs(v.breached_at.astimezone(UTC) - m.breached_at.astimezone(UTC))
        if gap > tolerance:
            return "; ".join([f"breach instants differ by {gap} (tolerance {tolerance})", *extra])
    return None


@attrs.frozen
class Reconciliation:
    """Every clock compared, with counts and a text rendering.

    Examples:
        >>> r = Reconciliation((ClockComparison("7", "first_reply", 0, "achieved", "achieved"),))
        >>> print(r)
        1 clocks compared: 1 agree, 0 disagree
    """

    clocks: tuple[ClockComparison, ...]
    tolerance: timedelta = timedelta(minutes=1)

    @property
    def agreements(self) -> int:
        """How many clocks agree."""
        return sum(c.agrees for c in self.clocks)

    @property
    def disagreements(self) -> tuple[ClockComparison, ...]:
        """The clocks that disagree, each with its reason."""
        return tuple(c for c in self.clocks if not c.agrees)

    def reasons(self) -> Counter[str]:
        """How many disagreements of each kind (the reason up to its first colon or comma)."""
        return Counter(_kind(c.reason) for c in self.disagreements if c.reason)

    def to_text(self) -> str:
        """A short report: the counts, then one line per disagreement."""
        n = len(self.clocks)
        lines = [f"{n} clocks compared: {self.agreements} agree, {n - self.agreements} disagree"]
        lines += [f"  {c}" for c in self.disagreements]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def _kind(reason: str) -> str:
    for stop in (":", " by ", " ("):
        reason = reason.split(stop, 1)[0]
    return reason


def reconcile(
    vendor_verdicts: Iterable[VendorVerdict],
    measurements: Iterable[Measurement],
    *,
    tolerance: timedelta = timedelta(minutes=1),
) -> Reconciliation:
    """Put the vendor's verdict and breach instant beside ours for every ticket and metric.

    Clocks are matched by (ticket id, metric, cycle) through the table in the module docs.
    ``measurements`` are read once (an ``evaluate_many`` stream is fine); the vendor verdicts
    are held by key. Clocks come out in the order of the measurements, then the vendor-only
    clocks in the vendor's order.

    Examples:
        >>> v = VendorVerdict("9", "pausable_update_time", 1, "achieved")
        >>> print(reconcile([v], []))
        1 clocks compared: 0 agree, 1 disagree
          ticket 9 pausable_update_time#1: vendor achieved, ours - -- we have no such metric
    """
    vendor: dict[tuple[str, str, int], VendorVerdict] = {}
    unknown: list[VendorVerdict] = []
    for v in vendor_verdicts:
        tid, metric, cycle, ours = _our_key(v)
        if ours:
            vendor[(tid, metric, cycle)] = v
        else:
            unknown.append(v)
    out: list[ClockComparison] = []
    for m in measurements:
        key = (m.ticket_id, m.metric.value, m.cycle)
        found = vendor.pop(key, None)
        if found is None:
            reason: str | None = "vendor has no clock for it"
        else:
            reason = _explain(found, m, tolerance)
        out.append(
            ClockComparison(
                *key,
                found.state if found else None,
                _state(m),
                found.breached_at if found else None,
                m.breached_at if m.state is MeasurementState.BREACHED else None,
                reason,
            )
        )
    for (tid, metric, cycle), v in vendor.items():
        out.append(ClockComparison(tid, metric, cycle, v.state, None, v.breached_at, None,
                                   "we have no clock for it"))  # fmt: skip
    for v in unknown:
        out.append(ClockComparison(v.ticket_id, v.metric, v.instance, v.state, None,
                                   v.breached_at, None, "we have no such metric"))  # fmt: skip
    return Reconciliation(tuple(out), tolerance)
