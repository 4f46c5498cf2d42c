"""Private: the vendor's verdicts beside our measurements, clock by clock."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import members_of, require_iterable, require_type
from servicemodel.calendar._shared import MAX_SPAN_YEARS
from servicemodel.errors import MAX_INSTANT, MIN_INSTANT, ConfigError, InputTypeError, RecordError
from servicemodel.reconcile._freshdesk import latest_cycle
from servicemodel.reconcile._verdict import VendorVerdict, check_verdict, has_sla
from servicemodel.reconcile._zendesk import ZENDESK_METRICS
from servicemodel.sla import Measurement, MeasurementState, Metric
from servicemodel.sla._shared import clock_elapsed

__all__ = ["SIDE_LABELS", "ClockComparison", "Reconciliation", "reason_kind", "reconcile", "side"]

#: Our metrics with one clock per ticket: a vendor's second cycle of one has no match.
_ONE_CLOCK = frozenset({Metric.FIRST_REPLY, Metric.RESOLUTION, Metric.REQUESTER_WAIT,
                        Metric.AGENT_WORK})  # fmt: skip


# -- side by side ----------------------------------------------------------------------------


def _our_key(v: VendorVerdict) -> tuple[str, str, int, bool]:
    """(ticket, metric, cycle, whether we have such a metric) for a vendor verdict."""
    if v.source != "zendesk":  # the reader said which clock of ours it is about
        if v.our_metric is None:
            return v.ticket_id, v.metric, v.instance, False
        return v.ticket_id, v.our_metric, v.our_cycle or 0, True
    if v.metric == "reply_time":
        if v.instance <= 1:
            # Instance 1 is the first reply; 0 (Zendesk's ``measure`` instance) and below are
            # no reply of ours: cycle instance - 1, as for the other metrics, so that they
            # never take the first reply's clock from instance 1.
            return v.ticket_id, Metric.FIRST_REPLY.value, v.instance - 1, True
        return v.ticket_id, Metric.NEXT_REPLY.value, v.instance - 2, True
    found = ZENDESK_METRICS.get(v.metric)
    if found is None:
        return v.ticket_id, v.metric, v.instance, False
    return v.ticket_id, found[0].value, v.instance - found[1], True


class ClockVerdicts:
    """Private: the vendor verdicts seen so far, by the clock each is about.

    A clock takes one vendor verdict. The same verdict given twice (two exports read
    together) counts once; two different ones on one clock -- two vendor metrics mapped to
    one of ours (JSM ``names=``, two ``[sla_verdicts]`` rules), or two records of one clock
    that contradict each other -- are an error naming both, never a silent pick of one.
    """

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str, int], tuple[VendorVerdict, str]] = {}

    def first(self, v: VendorVerdict, where: str) -> bool:
        """True for a clock's first verdict, False for a copy of it; an error for another."""
        tid, metric, cycle, ours = _our_key(v)
        key = _clock_key(v)
        found = self.seen.get(key)
        if found is None:
            self.seen[key] = (v, where)
            return True
        other, at = found
        if same_verdict(other, v):
            return False
        clock = f"{metric}#{cycle}" if ours else f"{v.source} {metric!r} #{cycle}"
        # Two records of one vendor clock may say the same state: name what differs.
        same = (other.source, other.metric, other.instance) == (v.source, v.metric, v.instance)
        differ = f" (differing in {', '.join(_differing(other, v))})" if same else ""
        raise ConfigError(
            f"ticket {safe_repr(tid)} {clock} has two different vendor verdicts: "
            f"{_described(other)} ({at}) and {_described(v)}{differ}; a clock of ours takes "
            "one: map one vendor metric to each of ours (names=, [sla_verdicts]) or drop the "
            "stale record",
            path=where,
        )


def same_verdict(a: VendorVerdict, b: VendorVerdict) -> bool:
    """Whether two verdicts say the same of one clock: equal fields (instants as instants,
    whatever their zones), read as they are matched -- a Zendesk verdict's ``our_metric``
    and ``our_cycle`` are not read, another's ``our_cycle`` of ``None`` is cycle 0 -- and
    ``stops`` in time order. A copy of a verdict counts once; so does one that differs only
    in how it names the same clock.

    Examples:
        >>> a = VendorVerdict("7", "VIP", 1, "achieved", source="jsm", our_metric="resolution")
        >>> same_verdict(a, attrs.evolve(a, our_cycle=0)), same_verdict(a, attrs.evolve(a, state="breached"))
        (True, False)
    """  # noqa: E501
    return a == b or _as_matched(a) == _as_matched(b)


def _as_matched(v: VendorVerdict) -> VendorVerdict:
    if v.source == "zendesk":
        v = attrs.evolve(v, our_metric=None, our_cycle=None)
    else:
        v = attrs.evolve(v, our_cycle=v.our_cycle or 0)
    # When the record was fetched is not what it says: two fetches saying the same are one.
    v = attrs.evolve(v, read_at=None)
    return attrs.evolve(v, stops=sorted(v.stops, key=_stop_order))


def _stop_order(stop: tuple[datetime, datetime | None]) -> tuple[datetime, bool, datetime]:
    stopped, resumed = stop[0].astimezone(UTC), stop[1]
    return stopped, resumed is None, stopped if resumed is None else resumed.astimezone(UTC)


def _clock_key(v: VendorVerdict) -> tuple[str, str, int]:
    """The clock a verdict is about: one of ours, or the vendor's own (a metric we lack)."""
    tid, metric, cycle, ours = _our_key(v)
    return tid, metric if ours else f"{v.source}:{metric}", cycle


def set_aside_conflicts(
    verdicts: Sequence[VendorVerdict],
) -> tuple[tuple[VendorVerdict, ...], tuple[RecordError, ...]]:
    """Private: ``verdicts`` without the clocks that have two different vendor verdicts, and
    one error naming both for each such clock (``on_error="collect"``: the other clocks still
    count, where ``ClockVerdicts`` refuses the whole stream).

    Two different verdicts of one vendor clock (one source, metric and instance: two exports
    holding one ticket in different states) are bad records of that clock; two vendor metrics
    on one clock of ours (JSM ``names=`` mapping a VIP SLA and the standard one to one metric,
    both with a goal on some tickets) are a mapping that does not fit those tickets. Either way
    every verdict of the clock is set aside, never a silent pick of one. A copy of a verdict
    counts once, as in ``ClockVerdicts``.

    Examples:
        >>> a = VendorVerdict("7", "resolution_time", 1, "achieved")
        >>> kept, bad = set_aside_conflicts([a, a, attrs.evolve(a, state="breached")])
        >>> kept, str(bad[0]).split(":")[0]
        ((), 'vendor_verdicts[2]')
    """
    by_clock: dict[tuple[str, str, int], list[int]] = {}
    for i, v in enumerate(verdicts):
        by_clock.setdefault(_clock_key(v), []).append(i)
    dropped: set[int] = set()
    errors: list[RecordError] = []
    for indices in by_clock.values():
        distinct: list[int] = []
        for i in indices:
            if not any(same_verdict(verdicts[i], verdicts[j]) for j in distinct):
                distinct.append(i)
        if len(distinct) < 2:
            continue
        dropped.update(indices)
        errors.append(_conflict(verdicts, distinct[0], distinct[1], len(indices)))
    kept = tuple(v for i, v in enumerate(verdicts) if i not in dropped)
    return kept, tuple(errors)


def _conflict(verdicts: Sequence[VendorVerdict], i: int, j: int, n: int) -> RecordError:
    first, second = verdicts[i], verdicts[j]
    tid, metric, cycle, ours = _our_key(first)
    clock = f"{metric}#{cycle}" if ours else f"{first.source} {metric!r} #{cycle}"
    same = (first.source, first.metric, first.instance) == (
        second.source, second.metric, second.instance)  # fmt: skip
    why = (
        f"records of one vendor clock that differ in {', '.join(_differing(first, second))}"
        if same
        else "two vendor metrics mapped to one clock of ours (names=, [sla_verdicts])"
    )
    return RecordError(
        f"ticket {safe_repr(tid)} {clock} has two different vendor verdicts: "
        f"{_described(first)} (vendor_verdicts[{i}]) and {_described(second)}, {why}; its "
        f"{n} verdict(s) set aside",
        path=f"vendor_verdicts[{j}]",
    )


def _differing(a: VendorVerdict, b: VendorVerdict) -> list[str]:
    return [f.name for f in attrs.fields(VendorVerdict) if getattr(a, f.name) != getattr(b, f.name)]


def _described(v: VendorVerdict) -> str:
    return f"{v.source} {v.metric!r} #{v.instance} {v.state}"


def _state(m: Measurement) -> str:
    if m.state is MeasurementState.ACHIEVED:
        return "achieved"
    if m.state is MeasurementState.BREACHED:
        return "breached"
    return "active"  # active or paused: no verdict yet


@attrs.frozen
class ClockComparison:
    """One clock of one ticket: the vendor's verdict beside ours, and why they differ.

    ``metric`` is ours, or the vendor's where we have no such metric; ``cycle`` is counted
    from 0 on both sides: our cycle, and on a metric we lack the vendor's instance *n* as
    cycle *n* - 1, as its instances of our metrics are (Zendesk's ``measure`` instance 0 is
    cycle -1: no clock of ours). ``vendor_instance`` is the vendor's own number of the clock
    (Zendesk's ``instance_id``, JSM's cycle from 1; ``None``: the vendor has no verdict for
    it). ``vendor_state`` / ``our_state`` are ``"achieved"``, ``"breached"``, ``"active"`` or
    ``None`` (no clock). ``reason`` is ``None`` when they agree.

    Examples:
        >>> ClockComparison("7", "first_reply", 0, "achieved", None, reason="we have no clock "
        ...                 "for it", vendor_instance=1).agrees
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
    vendor_instance: int | None = None

    @property
    def agrees(self) -> bool:
        """True when both have the clock, the same verdict and close breach instants."""
        return self.reason is None

    def __str__(self) -> str:
        clock = f"ticket {self.ticket_id} {self.metric}#{self.cycle}"
        sides = f"vendor {self.vendor_state or '-'}, ours {self.our_state or '-'}"
        return f"{clock}: {sides}" + (f" -- {self.reason}" if self.reason else "")


#: How a clock that does not agree is marked in a listing, by its side (as the report marks it).
SIDE_LABELS = {"both": "disagrees", "ours_only": "ours only", "vendor_only": "vendor only"}


def side(c: ClockComparison) -> str:
    """Which sides have a verdict for the clock: ``"both"``, ``"ours_only"`` or
    ``"vendor_only"`` (``reconcile`` leaves ``our_state`` empty on a clock only the vendor
    has, and ``vendor_state`` on one only we measured)."""
    if c.our_state is None:
        return "vendor_only"
    if c.vendor_state is None:
        return "ours_only"
    return "both"


def _explain(v: VendorVerdict, m: Measurement, tolerance: timedelta) -> str | None:
    ours = _state(m)
    due = _due_difference(v, m, tolerance)
    extra = []
    if v.target is not None and v.target != m.target.within:
        extra.append(f"targets differ: vendor {v.target}, ours {m.target.within}")
    if v.business is not None and v.business != m.target.business:
        extra.append(
            f"vendor counts {'business' if v.business else 'calendar'} time, "
            f"ours {'business' if m.target.business else 'calendar'} time"
        )
    extra += _clock_differences(v, m, tolerance)
    if v.state != ours:
        # Due instants within the tolerance are one deadline, but a fetch or snapshot between
        # them still parts the verdicts: their difference, and its cause, is then named too.
        due = due or _due_difference(v, m, ZERO)
        one = [] if due else _one_deadline(v, m)
        return "; ".join([f"verdict differs: vendor {v.state}, ours {ours}", *_fetched_before(v, m),
                          *_breach_ahead(v, m, tolerance),
                          *([due] if due else one), *extra])  # fmt: skip
    if due is not None:
        return "; ".join([due, *extra])
    if v.due_at is not None:
        return None  # its breach is its due instant passing: compared as the due instants
    if v.state == "breached" and v.breached_at is not None and m.breached_at is not None:
        gap = abs(v.breached_at.astimezone(UTC) - m.breached_at.astimezone(UTC))
        counted = _counted_between(m, v.breached_at, m.breached_at) if gap > tolerance else gap
        if counted is None or counted > tolerance:
            # The tolerance is held against the counted time: name it where it is not the gap.
            of = (
                ""
                if counted is None or counted == gap
                else f"{counted} of the clock's counted time; "
            )
            differ = f"breach instants differ by {gap} ({of}tolerance {tolerance})"
            return "; ".join([differ, *_breach_gap(v, m, tolerance), *extra])
    return None


def _breach_gap(v: VendorVerdict, m: Measurement, tolerance: timedelta) -> list[str]:
    """What may part two breach instants where ours is the later: our clock's pauses before
    the vendor's breach, time the vendor counted towards its target and we did not (the pause
    statuses differ, or the vendor's metric does not pause). Pauses between the two instants
    explain nothing: they are already left out of the counted time the tolerance is held
    against. Said where it is more than the tolerance."""
    if v.breached_at is None or m.breached_at is None:
        return []
    theirs, ours = v.breached_at.astimezone(UTC), m.breached_at.astimezone(UTC)
    paused = _paused(m, theirs) if ours > theirs else ZERO
    if paused <= tolerance:
        return []
    return [f"our clock was paused for {paused} before the vendor's breach: the pause statuses "
            "differ, or the vendor's clock does not pause"]  # fmt: skip


def _breach_ahead(v: VendorVerdict, m: Measurement, tolerance: timedelta) -> list[str]:
    """Why a vendor breach beside a clock of ours still running may be no disagreement: the
    vendor dates it after our snapshot. Zendesk records a ``breach`` event ahead, at the
    instant the target will run out (voided by a fulfilment before it), so an export holds
    breaches that had not happened when ours was measured; said with whether that instant is
    our own due instant."""
    breached = v.breached_at
    if v.state != "breached" or breached is None or _state(m) != "active":
        return []
    at = breached.astimezone(UTC)
    if at <= m.evaluated_at.astimezone(UTC):
        return []
    ours = m.due_at
    counted = None if ours is None else _counted_between(m, at, ours)
    same = (
        f", our due instant too ({_iso(ours.astimezone(UTC))})"
        if ours is not None and counted is not None and counted <= tolerance
        else ""
    )
    return [f"the vendor's breach at {_iso(at)} is after our snapshot "
            f"({_iso(m.evaluated_at.astimezone(UTC))}): a breach recorded ahead, at the instant "
            f"the target runs out{same}, had not happened when ours was measured"]  # fmt: skip


def _fetched_before(v: VendorVerdict, m: Measurement) -> list[str]:
    """Why a vendor clock active beside ours breached may be no disagreement: the vendor's
    verdict is its state when the record was fetched (``read_at``), and ours breached after
    that, before the snapshot it was measured at. Not said where the vendor's own due instant
    is after the snapshot: its clock would be active then too, the fetch explains nothing."""
    read, breached = v.read_at, m.breached_at
    if v.state != "active" or _state(m) != "breached" or read is None or breached is None:
        return []
    if breached.astimezone(UTC) <= read.astimezone(UTC):
        return []
    if v.due_at is not None and v.due_at.astimezone(UTC) > m.evaluated_at.astimezone(UTC):
        return []
    return [f"the vendor's verdict is as of its fetch at {_iso(read)}, before the snapshot "
            f"({_iso(m.evaluated_at)}): ours breached after the fetch, at "
            f"{_iso(breached)}"]  # fmt: skip


def _due_difference(v: VendorVerdict, m: Measurement, tolerance: timedelta) -> str | None:
    """How the vendor's due instant differs from ours, and why where it can be told (``None``:
    the same instant of the clock, or one side states none -- ours while paused).

    Two instants with none of our clock's counted time between them are one deadline (a
    target that runs out at a close is due at the next opening; a vendor may state the close).
    Otherwise the difference is named with its sign, then what explains it: the part of it
    our calendar counts as closed (another calendar's hours or holidays; said where the
    vendor's instant is outside our hours, or earlier with no pause of ours), a vendor due time
    that is the target counted in calendar time where ours counts business hours, our pauses
    (ours moved by them; the vendor's due time is its value when the ticket was fetched), or,
    with no pause of ours, the vendor's pauses and priority changes an export without status
    history does not show.
    """
    if v.due_at is None or m.due_at is None:
        return None
    theirs, ours = v.due_at.astimezone(UTC), m.due_at.astimezone(UTC)
    gap = theirs - ours
    if abs(gap) <= tolerance:
        return None
    counted = _counted_between(m, theirs, ours)
    if counted is not None and counted <= tolerance:
        return None
    later = "later" if gap > ZERO else "earlier"
    out = [f"due instants differ by {abs(gap)} (vendor {later}): vendor {_iso(theirs)}, ours "
           f"{_iso(ours)}"]  # fmt: skip
    paused = _paused(m, ours)
    # Closed hours between the two instants point to another calendar only where nothing
    # else accounts for them: the vendor's due instant falls outside our hours, or it is
    # earlier with no pause of ours (a vendor's pause moves its due instant later, and our
    # pause moves ours: the nights such a pause spans say nothing of the calendars).
    closed = _closed_between(m, theirs, ours)
    calendar = (
        closed is not None
        and closed > tolerance
        and (_outside_hours(m, theirs) or (gap < ZERO and paused <= tolerance))
    )
    if calendar:
        out.append(f"{closed} of it is closed on our calendar: the vendor's "
                   "business hours or holidays differ from ours")  # fmt: skip
    start = m.started_at.astimezone(UTC)
    hours = m.target.business and abs(theirs - start - m.target.within) <= tolerance
    if hours:
        out.append(f"the vendor's due instant is {m.target.within} of calendar time after "
                   "the start: it counts calendar hours, ours business hours")  # fmt: skip
    if paused > tolerance:
        out.append(f"our clock was paused for {paused} before its due instant (ours moved by "
                   "it); the vendor's is its value when the ticket was fetched")  # fmt: skip
    elif gap > ZERO:
        out.append("ours was never paused: the vendor moves its due instant by each pause of "
                   "its SLA timer and recomputes it on a priority change, which an export "
                   "without status history does not show")  # fmt: skip
    elif not (calendar or hours):
        out.append("ours was never paused and the vendor's is earlier: the vendor counts time "
                   "ours does not (other business hours or holidays, or a shorter "
                   "target)")  # fmt: skip
    return "; ".join(out)


def _closed_between(m: Measurement, a: datetime, b: datetime) -> timedelta | None:
    """The time our clock's calendar is closed between two instants, whatever our clock did
    then (its pauses and its stop are not closed hours); ``None`` across more years than one
    calendar query may span (see ``_counted_between``)."""
    lo, hi = sorted((a.astimezone(UTC), b.astimezone(UTC)))
    if not m.target.business or m.calendar is None:
        return ZERO
    if hi.year - lo.year > MAX_SPAN_YEARS - 2:
        return None
    return hi - lo - m.calendar.elapsed(lo, hi)


def _outside_hours(m: Measurement, when: datetime) -> bool:
    """Whether ``when`` is in our calendar's closed time, other than at a close itself (where a
    vendor may date a target running out there)."""
    cal = m.calendar
    if not m.target.business or cal is None:
        return False
    # Kept inside the supported range: a vendor due instant in its last microsecond
    # (9998-12-30T23:59:59.999999Z) is looked at from its left side alone.
    lo = max(when - _INSTANT, MIN_INSTANT)
    hi = min(when + _INSTANT, MAX_INSTANT - _INSTANT)
    return cal.elapsed(lo, max(hi, lo)) == ZERO


#: The shortest step either side of an instant: no open time around it, not even up to it.
_INSTANT = timedelta(microseconds=1)


def _one_deadline(v: VendorVerdict, m: Measurement) -> list[str]:
    """Why verdicts differ beside due instants that are one deadline of our clock: apart on
    the wall clock with none of our counted time between them (a target that runs out at a
    close is due at the next opening here; the vendor states the close; or our clock was
    paused between them, a resolve and a reopen at the vendor's due instant). Whatever
    stopped or was read in that uncounted time is late for the vendor and in time for us."""
    if v.due_at is None or m.due_at is None:
        return []
    lo, hi = sorted((v.due_at.astimezone(UTC), m.due_at.astimezone(UTC)))
    if hi == lo:
        return []
    paused = _paused(m, hi) - _paused(m, lo)
    inside = [
        (what, when.astimezone(UTC))
        for what, when in (("ours stopped", m.stopped_at), ("the ticket was fetched", v.read_at))
        if when is not None and lo < when.astimezone(UTC) <= hi
    ]
    said = "".join(f"; {what} at {_iso(when)}, between them" for what, when in inside[:1])
    theirs, ours = v.due_at.astimezone(UTC), m.due_at.astimezone(UTC)
    if paused > ZERO:
        return [f"the due instants are one deadline of our clock: vendor {_iso(theirs)}, ours "
                f"{_iso(ours)}, none of our counted time between them (our clock was paused "
                f"for {paused} between them; ours moved by it, the vendor's is its value when "
                "the ticket was fetched); the vendor counts the paused time after its due "
                f"instant as late, we do not{said}"]  # fmt: skip
    return [f"the due instants are one deadline of our clock: vendor {_iso(theirs)}, ours "
            f"{_iso(ours)}, none of our counted time between them (a target that runs out "
            "at a close is due at the next opening); the vendor counts the closed time after "
            f"its due instant as late, we do not{said}"]  # fmt: skip


#: No time.
ZERO = timedelta(0)


def _paused(m: Measurement, until: datetime) -> timedelta:
    """How long our clock stood paused between its start and ``until`` (the gaps between its
    running spans)."""
    total = ZERO
    for (_, stopped), (resumed, _) in zip(m.spans, m.spans[1:], strict=False):
        if stopped is None or stopped >= until:
            break
        total += min(resumed, until) - stopped
    return total


def _counted_between(m: Measurement, a: datetime, b: datetime) -> timedelta | None:
    """The time our clock counts between two instants (its calendar's open, un-paused time).

    A target that runs out exactly at a close is due, by the boundary rule, at the next
    opening, while a vendor may date the breach at the close itself (JSM's ``breachTime``):
    the two instants are one instant of the clock's time, nothing counted between them, and
    the same breach. A measurement built without its counted spans: the wall-clock gap.
    ``None`` when the clock would count across more years than one calendar query may span
    (a vendor's placeholder due date, 9999-12-31, beside a running clock of ours): the
    instants are then centuries apart, and a disagreement whatever the calendar counts.

    Examples:
        >>> from servicemodel.sla import SLAPolicy, Target, evaluate
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> (m,) = evaluate(SLAPolicy("p", {"normal": [Target("first_reply", "1h")]}),
        ...                 TicketHistory(Ticket("7", t0), []), at=t0)
        >>> print(_counted_between(m, t0, t0 + timedelta(days=7)))
        7 days, 0:00:00
        >>> print(_counted_between(m, t0, datetime(9000, 1, 1, tzinfo=UTC)))
        None
    """
    lo, hi = sorted((a.astimezone(UTC), b.astimezone(UTC)))
    if not m.spans:
        return hi - lo
    # Nothing is counted before the clock started or after it stopped for good: only the
    # instants inside its spans are asked of the calendar.
    start, stop = m.spans[0][0].astimezone(UTC), m.spans[-1][1]
    lo, hi = max(lo, start), max(hi, start)
    if stop is not None:
        lo, hi = min(lo, stop.astimezone(UTC)), min(hi, stop.astimezone(UTC))
    # The calendar refuses a query across more than MAX_SPAN_YEARS of its (local) years; a
    # UTC year is at most one off a local one at either end.
    if hi.year - lo.year > MAX_SPAN_YEARS - 2:
        return None
    return clock_elapsed(m.calendar, m.spans, hi) - clock_elapsed(m.calendar, m.spans, lo)


def _clock_differences(v: VendorVerdict, m: Measurement, tolerance: timedelta) -> list[str]:
    """What else differs between the two clocks: pauses, counted time, target changes."""
    out = []
    running = m.stopped_at is None and m.state is not MeasurementState.PAUSED
    if v.paused is True and running:
        out.append("vendor clock paused, ours running: the pause statuses differ")
    elif v.paused is False and m.state is MeasurementState.PAUSED:
        # Whatever the vendor's verdict: a JSM ongoing cycle already breached says whether it
        # is paused too (Zendesk says so only of an active clock).
        out.append("ours paused, vendor clock running: the pause statuses differ")
    ours, at = _ours_counted(v, m, tolerance)
    if v.elapsed is not None and ours is not None and abs(v.elapsed - ours) > tolerance:
        counted = f"counted time differs: vendor {v.elapsed}, ours {ours}"
        if at is not None:
            counted += f" (both at {_iso(at)}, {_WHEN[at == _when(v)]})"
        if v.started_at is not None and v.fulfilled_at is not None:
            span = v.fulfilled_at.astimezone(UTC) - v.started_at.astimezone(UTC)
            if span - v.elapsed > tolerance:
                counted += f" (the vendor left {span - v.elapsed} of its {span} span out: its calendar or pauses)"  # noqa: E501
        out.append(counted)
    out += _ran_on(v, m, tolerance)
    out += _target_changes(v, m, tolerance)
    return out + list(v.notes)


#: How the instant both counted times are taken at is named: the vendor's reading, or its stop.
_WHEN = {True: "when the vendor's was read", False: "when the vendor's clock stopped"}


def _when(v: VendorVerdict) -> datetime:
    assert v.elapsed_at is not None
    return v.elapsed_at.astimezone(UTC)


def _ran_again(m: Measurement, done: datetime, tolerance: timedelta) -> datetime | None:
    """When our clock ran again after standing stopped at ``done`` (within the tolerance): a
    reopen our clock runs on for; ``None`` if it did not stop there or never ran again."""
    stop = done.astimezone(UTC)
    for (_, stopped), (resumed, _) in zip(m.spans, m.spans[1:], strict=False):
        if stopped is None:
            break
        if abs(stopped.astimezone(UTC) - stop) <= tolerance and resumed.astimezone(UTC) > stop:
            return resumed.astimezone(UTC)
    return None


def _ours_counted(
    v: VendorVerdict, m: Measurement, tolerance: timedelta
) -> tuple[timedelta | None, datetime | None]:
    """Our counted time at the instant the vendor's was counted to, so that like is compared
    with like, and that instant (``None``: ours as measured). Ours as measured when the vendor
    does not say that instant (``elapsed_at``) or when both clocks stood stopped by then (a
    final figure beside our final one); ours at ``elapsed_at`` while its clock still ran (a
    JSM ongoing cycle read at ``read_at``, a Zendesk ``update_status`` of a running metric);
    ours at the vendor's stop when our clock ran on after it -- it has not stopped, or it
    stopped then and ran again (a reopen our clock runs on for, where JSM starts a new cycle):
    our later time is no part of the vendor's figure. ``None`` (not compared) when that
    instant is after our snapshot, which does not know our clock then."""
    if v.elapsed_at is None:
        return m.elapsed, None
    read = _when(v)
    done = v.fulfilled_at
    if done is not None and done.astimezone(UTC) <= read:
        if m.stopped_at is not None and _ran_again(m, done, tolerance) is None:
            return m.elapsed, None
        read = done.astimezone(UTC)
    if read > m.evaluated_at.astimezone(UTC):
        return None, None
    if not m.spans:  # a measurement built without its counted spans: as measured
        return m.elapsed, None
    ours = clock_elapsed(m.calendar, m.spans, read)
    return ours, (None if ours == m.elapsed else read)


def _ran_on(v: VendorVerdict, m: Measurement, tolerance: timedelta) -> list[str]:
    """Whether our clock ran on after the vendor's stopped: a cause of their verdicts parting
    that neither the targets nor the counted time show (both counted the same to the vendor's
    stop). Said where our clock counted more than the tolerance after it."""
    done = v.fulfilled_at
    if done is None or v.state == "active" or done.astimezone(UTC) > m.evaluated_at.astimezone(UTC):
        return []
    stop = done.astimezone(UTC)
    if m.spans:
        until = m.evaluated_at if m.stopped_at is None else m.stopped_at
        after = _counted_between(m, stop, until)
    else:
        after = None
    if after is None or after <= tolerance:
        return []
    again = _ran_again(m, done, tolerance)
    if again is not None:
        return [f"the vendor's clock stopped at {_iso(stop)}; ours stopped then too and ran "
                f"again at {_iso(again)} (a reopen ours runs on for, the vendor did not: its "
                f"next cycle, or no reopen on its side), counting {after} more"]  # fmt: skip
    if m.stopped_at is None:
        return [f"the vendor's clock stopped at {_iso(stop)}, ours did not: it counted {after} "
                "more by our snapshot (what stopped the vendor's is no stop of ours, or not "
                "in the ticket's history)"]  # fmt: skip
    return [f"the vendor's clock stopped at {_iso(stop)}, ours at "
            f"{_iso(m.stopped_at.astimezone(UTC))}, counting {after} more"]  # fmt: skip


def _target_changes(v: VendorVerdict, m: Measurement, tolerance: timedelta) -> list[str]:
    """Whether the targets in force were set at different instants: a priority or policy
    change one side made and the other did not, or made at another time. A change both made
    together explains nothing and is left unsaid; so is a target the vendor set after its
    clock breached (the one that decided the breach was set before, when is not said)."""
    start = m.started_at.astimezone(UTC)
    ours = None if m.target_since is None else m.target_since.astimezone(UTC)
    ours = None if ours == start else ours  # set as the clock started: no change
    if v.target_since is None:  # the vendor does not say when its target was set
        return [] if ours is None else [f"our target changed at {_iso(ours)} (a priority change)"]
    theirs: datetime | None = v.target_since.astimezone(UTC)
    breach = v.breached_at
    if theirs is not None and breach is not None and theirs - breach > tolerance:
        return []
    began = start if v.started_at is None else v.started_at.astimezone(UTC)
    if theirs is not None and theirs - began <= tolerance:
        theirs = None  # set as its clock started: no change
    if ours is None and theirs is None:
        return []
    if ours is not None and theirs is not None and abs(ours - theirs) <= tolerance:
        return []
    said = "did not change" if ours is None else f"changed at {_iso(ours)}"
    vendor = "did not change" if theirs is None else f"was set at {_iso(theirs)}"
    return [f"targets set at different times: ours {said}, the vendor's {vendor} "
            "(a priority or policy change)"]  # fmt: skip


def _iso(when: datetime) -> str:
    return when.isoformat()


def _note_latest(
    latest: dict[tuple[str, str], VendorVerdict],
    last: dict[tuple[str, str], tuple[int, Measurement]],
    m: Measurement,
    at: int,
) -> None:
    """Keep ``m`` (compared at ``out[at]``) if it is the latest cycle so far of a metric a
    vendor verdict is about whichever cycle is the latest."""
    key = (m.ticket_id, m.metric.value)
    if key in latest and (key not in last or last[key][1].cycle < m.cycle):
        last[key] = (at, m)


def _match_latest(
    latest: dict[tuple[str, str], VendorVerdict],
    last: dict[tuple[str, str], tuple[int, Measurement]],
    out: list[ClockComparison],
    vendor: dict[tuple[str, str, int], VendorVerdict],
    tolerance: timedelta,
) -> None:
    """Put each verdict on a ticket's latest cycle beside our last measurement of that metric
    (at its place in ``out``, our earlier cycles staying "vendor has no clock for it"); one
    we have no measurement for joins ``vendor`` as cycle 0, a clock only the vendor has."""
    for (tid, metric), v in latest.items():
        if (tid, metric) not in last:
            vendor.setdefault((tid, metric, 0), v)
            continue
        at, m = last[(tid, metric)]
        out[at] = ClockComparison(tid, metric, m.cycle, v.state, _state(m), v.breached_at,
                                  out[at].our_breached_at, _explain(v, m, tolerance),
                                  v.instance)  # fmt: skip


def _vendor_only(v: VendorVerdict, metric: str, cycle: int, known: bool = True) -> str:
    if v.due_at is not None:
        # A vendor that states a due instant (Freshdesk) applied a policy to the ticket. Ours
        # measured none of its clocks: no policy matched, or (a report's partial histories)
        # the ticket was left out -- which of the two is not known here.
        if not known:
            return (
                "we have no clock for it: we measured no clock of the ticket (no policy of ours "
                "applies to it, or its history cannot run our policy's clocks)"
            )
        if metric in {m.value for m in _ONE_CLOCK}:
            # A clock that starts with the ticket: it is missing only without a target.
            return f"we have no clock for it: our policy for the ticket sets no {metric} target"
        # A clock that starts on an event (a next reply: a customer message after a reply)
        # may not have started on our side although our policy sets its target.
        return (
            f"we have no clock for it: our policy for the ticket sets no {metric} target, or "
            f"our {metric} clock has not started (the event that starts it is not in the "
            "ticket's history)"
        )
    if cycle >= 1 and metric in {m.value for m in _ONE_CLOCK}:
        return (
            f"a cycle we do not run: vendor {v.metric!r} cycle {v.instance} (restarted, as after "
            f"a reopen); ours runs one {metric} clock per ticket"
        )
    return "we have no clock for it"


def _measured_before(
    measured: dict[tuple[str, str, int], tuple[int, tuple[object, ...]]],
    key: tuple[str, str, int],
    m: Measurement,
    i: int,
) -> bool:
    """Whether ``m``'s clock was measured before (a copy: skipped); a different measurement of
    one clock (two policies, or two snapshots, evaluated into one stream) is an error naming
    both, never a silent pick of one."""
    said = (m.policy, m.state, m.target, m.started_at, m.stopped_at, m.breached_at, m.elapsed,
            m.evaluated_at, m.due_at)  # fmt: skip
    found = measured.get(key)
    if found is None:
        measured[key] = (i, said)
        return False
    if found[1] == said:
        return True
    raise ConfigError(
        f"ticket {safe_repr(key[0])} {key[1]}#{key[2]} is measured twice, differently "
        f"(measurements[{found[0]}] and here): a clock of ours takes one measurement; evaluate "
        "each ticket once, under one policy and at one instant",
        path=f"measurements[{i}]",
    )


def check_tolerance(value: object, name: str) -> None:
    """Refuse a tolerance that is no timedelta of 0 or more: an int failed deep in the
    comparison with a bare TypeError, and a negative one made every breach instant, even one
    equal to ours, "differ by 0:00:00".

    Examples:
        >>> check_tolerance(timedelta(minutes=-1), "tolerance")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: tolerance: expected a timedelta of 0 or more, got datetime.timedelta(days=-1, seconds=86340)
    """  # noqa: E501
    if not isinstance(value, timedelta):
        raise InputTypeError(
            f"{name}: expected a timedelta of 0 or more, got {type(value).__name__} "
            f"{safe_repr(value)}"
        )
    if value < ZERO:
        raise ConfigError(f"expected a timedelta of 0 or more, got {safe_repr(value)}", path=name)


@attrs.frozen
class Reconciliation:
    """Every clock put side by side, with counts and a text rendering.

    A clock is *compared* when both sides have a verdict for it, and then agrees or
    disagrees; a clock only one side has (``our_state`` or ``vendor_state`` is ``None``) is
    counted apart, as "only ours" or "only the vendor's", as the report's reconciliation
    section counts it.

    Examples:
        >>> r = Reconciliation((ClockComparison("7", "first_reply", 0, "achieved", "achieved"),
        ...                     ClockComparison("8", "first_reply", 0, None, "breached",
        ...                                     reason="vendor has no clock for it")))
        >>> print(r)
        1 clocks compared: 1 agree, 0 disagree; 1 only ours, 0 only the vendor's
          ours only    ticket 8 first_reply#0: vendor -, ours breached -- vendor has no clock for it
    """

    clocks: tuple[ClockComparison, ...] = attrs.field(validator=members_of(ClockComparison, tuple))
    tolerance: timedelta = attrs.field(
        default=timedelta(minutes=1),
        validator=lambda _, attribute, value: check_tolerance(value, attribute.name),
    )

    @property
    def agreements(self) -> int:
        """How many clocks agree."""
        return sum(c.agrees for c in self.clocks)

    @property
    def disagreements(self) -> tuple[ClockComparison, ...]:
        """The clocks that do not agree, each with its reason.

        The clocks only one side has are among them; the text rendering and the report count
        those apart.
        """
        return tuple(c for c in self.clocks if not c.agrees)

    def reasons(self) -> Counter[str]:
        """How many disagreements of each kind (the reason up to its first colon or comma)."""
        return Counter(reason_kind(c.reason) for c in self.disagreements if c.reason)

    def to_text(self) -> str:
        """A short report: the counts, then one line per clock that does not agree.

        The counts are those of the report's section: the clocks compared (both sides have a
        verdict), how many of them agree and disagree, then the clocks only ours and only the
        vendor's, which are no disagreement on a verdict. Each line is marked ``disagrees``,
        ``ours only`` or ``vendor only``, the disagreements first, each group in the order of
        ``clocks``.
        """
        sides = Counter(side(c) for c in self.clocks)
        compared, agree = sides["both"], self.agreements
        lines = [
            f"{compared} clocks compared: {agree} agree, {compared - agree} disagree; "
            f"{sides['ours_only']} only ours, {sides['vendor_only']} only the vendor's"
        ]
        listed = sorted(self.disagreements, key=lambda c: side(c) != "both")  # stable
        lines += [f"  {SIDE_LABELS[side(c)]:<11}  {c}" for c in listed]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def reason_kind(reason: str) -> str:
    """The kind of a disagreement's reason: its words before the values (``": "``, ``" by "``,
    ``" ("``), as the report counts them.

    Examples:
        >>> reason_kind("breach instants differ by 0:05:00 (tolerance 0:01:00)")
        'breach instants differ'
    """
    for stop in (":", " by ", " ("):
        reason = reason.split(stop, 1)[0]
    return reason


def _held(
    vendor_verdicts: Iterable[VendorVerdict],
) -> tuple[
    dict[tuple[str, str, int], VendorVerdict],
    dict[tuple[str, str], VendorVerdict],
    list[VendorVerdict],
]:
    """The vendor verdicts by the clock of ours each is about; those on a ticket's latest
    cycle of a metric (Freshdesk's one nr_due_by), matched with our last measurement of it
    once every measurement is seen; and those on a metric we lack, in their order."""
    vendor: dict[tuple[str, str, int], VendorVerdict] = {}
    latest: dict[tuple[str, str], VendorVerdict] = {}
    held = ClockVerdicts()
    unknown: list[VendorVerdict] = []
    for i, v in enumerate(require_iterable(vendor_verdicts, "vendor_verdicts")):
        check_verdict(
            require_type(v, VendorVerdict, f"vendor_verdicts[{i}]"), f"vendor_verdicts[{i}]"
        )
        if not has_sla(v):
            continue  # its SLA was removed and it never breached: no vendor verdict now
        tid, metric, cycle, ours = _our_key(v)
        if not held.first(v, f"vendor_verdicts[{i}]"):
            continue  # the same verdict given twice (two overlapping exports): counted once
        if ours and latest_cycle(v):
            latest[(tid, metric)] = v
        elif ours:
            vendor[(tid, metric, cycle)] = v
        else:
            unknown.append(v)
    return vendor, latest, unknown


def reconcile(
    vendor_verdicts: Iterable[VendorVerdict],
    measurements: Iterable[Measurement],
    *,
    tolerance: timedelta = timedelta(minutes=1),
) -> Reconciliation:
    """Put the vendor's verdict and breach instant beside ours for every ticket and metric.

    Clocks are matched by (ticket id, metric, cycle): Zendesk's through the table in the
    module docs, other vendors' through the verdict's ``our_metric`` and ``our_cycle``.
    ``measurements`` are read once (an ``evaluate_many`` stream is fine); the vendor verdicts
    are held by key. A clock takes one vendor verdict: a copy of one counts once, and two
    different verdicts on one clock (two vendor metrics mapped to one of ours) are a
    ``ConfigError`` naming both; so, on our side, is a clock measured twice differently (a
    copy of a measurement counts once). A ``tolerance`` must be a timedelta of 0 or more.
    Clocks come out in the order of the measurements, then the
    vendor-only clocks in the vendor's order. Each clock's ``cycle`` is counted from 0 on both
    sides, a vendor metric we lack's too (its instance *n* is cycle *n* - 1), and the vendor's
    own number is its ``vendor_instance``. A verdict whose ``applied`` history ends with its
    SLA removed, and that never breached, is no vendor verdict now and is left out. A verdict
    whose fields are not of their types (a ticket id that is a number, an instance that is
    text) is an ``InputTypeError`` naming it; one whose values no clock can have (a negative
    target, a ``due_at`` before its ``started_at``) a ``ConfigError`` naming it.

    Examples:
        >>> v = VendorVerdict("9", "pausable_update_time", 1, "achieved")
        >>> print(reconcile([v], []))
        0 clocks compared: 0 agree, 0 disagree; 0 only ours, 1 only the vendor's
          vendor only  ticket 9 pausable_update_time#0: vendor achieved, ours - -- we have no such metric
        >>> reconcile([v], []).clocks[0].vendor_instance
        1
    """  # noqa: E501
    check_tolerance(tolerance, "tolerance")
    vendor, latest, unknown = _held(vendor_verdicts)
    last: dict[tuple[str, str], tuple[int, Measurement]] = {}
    tickets: set[str] = set()
    out: list[ClockComparison] = []
    # Each clock of ours once: a copy (one history evaluated twice) counts once, where it was
    # listed again as "vendor has no clock for it" beside the vendor's verdict it took.
    measured: dict[tuple[str, str, int], tuple[int, tuple[object, ...]]] = {}
    for i, m in enumerate(require_iterable(measurements, "measurements")):
        require_type(m, Measurement, f"measurements[{i}]")
        key = (m.ticket_id, m.metric.value, m.cycle)
        if _measured_before(measured, key, m, i):
            continue
        tickets.add(m.ticket_id)
        _note_latest(latest, last, m, len(out))
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
                found.instance if found else None,
            )
        )
    _match_latest(latest, last, out, vendor, tolerance)
    for (tid, metric, cycle), v in vendor.items():
        out.append(ClockComparison(tid, metric, cycle, v.state, None, v.breached_at, None,
                                   _vendor_only(v, metric, cycle, tid in tickets),
                                   v.instance))  # fmt: skip
    for v in unknown:
        # A metric we lack is numbered as the vendor's metrics we have are: its instance n
        # is cycle n - 1 (instances count from 1: Zendesk's instance_id, JSM's cycles, the
        # export's one verdict per ticket), so a listing never mixes two numberings.
        out.append(ClockComparison(v.ticket_id, v.metric, v.instance - 1, v.state, None,
                                   v.breached_at, None, "we have no such metric",
                                   v.instance))  # fmt: skip
    return Reconciliation(tuple(out), tolerance)
