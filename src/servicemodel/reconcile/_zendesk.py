"""Private: Zendesk's ticket metric events read into vendor verdicts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from servicemodel.errors import RecordError
from servicemodel.io.eventlog._stream import OnError

# The Zendesk adapter's translation layer: one error shape for every Zendesk record.
from servicemodel.io.zendesk._fields import _fail, _id, _instant, _mapping
from servicemodel.reconcile._verdict import VendorVerdict
from servicemodel.sla import Metric

__all__ = ["ZENDESK_METRICS", "zendesk_verdicts"]


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


#: Zendesk metric name -> (our metric, the instance_id of our cycle 0).
ZENDESK_METRICS: Mapping[str, tuple[Metric, int]] = {
    "requester_wait_time": (Metric.REQUESTER_WAIT, 1),
    "agent_work_time": (Metric.AGENT_WORK, 1),
    "resolution_time": (Metric.RESOLUTION, 1),
    "periodic_update_time": (Metric.PERIODIC_UPDATE, 1),
}
