"""Report section: SLA attainment, first reply and resolution clock times, worst breaches.

Every history is measured against the policy set with
[`evaluate`][servicemodel.sla.evaluate] (final view unless ``at`` is given). Attainment per
metric and priority, and per metric over all priorities, is
[`SLAAttainment`][servicemodel.kpi.SLAAttainment]'s: ``achieved / (achieved + breached)`` with
a Wilson interval; clocks still active or paused are counted but left out of the ratio. Times
are the clocks' own elapsed time (pauses excluded), one row per metric and time base: a
target in business hours counts on its calendar, an urgent target in calendar time counts
every hour, and the two are never pooled. By default a row is a Kaplan-Meier estimate
([`SurvivalTimes`][servicemodel.kpi.SurvivalTimes]) where a clock still running or paused is
censored at its elapsed time so far; ``finished_only=True`` summarises the stopped clocks
only with [`Durations`][servicemodel.kpi.Durations] (nearest rank, order-statistic
intervals). A breach's overrun is ``elapsed - target``, in the target's base; instants are
shown in ``tz``.

A partial history (see [`lost_facts`][servicemodel.model.lost_facts]) is measured on the
clocks it can run: a metric whose clock needs a fact it lacks (or any metric of a pausing
policy in force for it, when it lacks the time in each status) leaves it out, and the metric's
row over all priorities says how many tickets it left out and why (``SLAPlan``), as each
priority's row does for the tickets of that priority. A metric no ticket can support is a row
with no value, "not available from this export (lost: ...)".

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
    >>> from servicemodel.sla import PolicySet, SLAPolicy, Target
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> ps = PolicySet([SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})])
    >>> hs = [TicketHistory(Ticket(f"T{i}", t0), [AgentReply("r", t0 + timedelta(minutes=20 * i))])
    ...       for i in range(1, 5)]
    >>> row = build_sla(hs, ps).attainment[0]
    >>> row.metric, row.priority, row.achieved, row.breached, row.attainment.value
    ('first_reply', 'normal', 3, 1, 0.75)
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo

import attrs

from servicemodel.io.summary._shared import metric_facts
from servicemodel.kpi import Durations, Estimate, SLAAttainment, SurvivalTimes
from servicemodel.model import (
    PARTIAL_ATTRIBUTE,
    Priority,
    TicketHistory,
    lost_facts,
)
from servicemodel.report._base import Base, base_of, same_calendar
from servicemodel.report._document import AttainmentRow, Breach, SLASection, TimeRow
from servicemodel.report._left_out import noted
from servicemodel.sla import (
    Measurement,
    MeasurementState,
    Metric,
    PolicySet,
    SLALeftOut,
    SLAPolicy,
    evaluate,
)
from servicemodel.sla._shared import without_metrics

__all__ = ["SLAPlan", "build_sla", "sla_section", "sla_unavailable", "without_metrics"]

#: The metrics whose elapsed times the section summarises.
_TIMED = (Metric.FIRST_REPLY, Metric.RESOLUTION)


_BREACHED = MeasurementState.BREACHED
_HOUR = timedelta(hours=1)  # the unit of the time rows ("h")
_ZERO = timedelta(0)

#: Where each clock state is counted in a tally's ``[achieved, breached, active, paused]``.
_SLOT = {
    MeasurementState.ACHIEVED: 0,
    MeasurementState.BREACHED: 1,
    MeasurementState.ACTIVE: 2,
    MeasurementState.PAUSED: 3,
}


class _Tally:
    """What one pass over the measurements collects (private, mutable while building)."""

    def __init__(self, worst: int, tz: tzinfo) -> None:
        self.worst = worst
        self.tz = tz
        self.tickets = 0
        self.measured = 0
        # Clock states counted per (metric, priority) as plain ints: an immutable
        # accumulator per measurement cost more than the measuring; built once at the end.
        self.counts: dict[tuple[Metric, Priority], list[int]] = {}
        # Elapsed time of each timed clock and whether it stopped, per metric and time base.
        self.elapsed: dict[tuple[Metric, Base], list[tuple[timedelta, bool]]] = {}
        # The kept breaches' measurements; each becomes a Breach only once it is among the worst.
        self.heap: list[tuple[float, int, Measurement]] = []
        self.seq = 0
        # base_of once per calendar object (a policy set holds a handful), not per clock.
        self.bases: dict[int, tuple[object, Base]] = {}
        # The calendars behind each business label given out so far, with their bases.
        self.labelled: dict[str, list[tuple[object, Base]]] = {}
        # Each timed metric's list in ``elapsed`` by calendar id (``_clocks``).
        self.clocks: dict[tuple[Metric, int], list[tuple[timedelta, bool]]] = {}

    def base(self, calendar: object) -> Base:
        found = self.bases.get(id(calendar))
        if found is None:
            # The calendar is kept beside its base so its id cannot be reused meanwhile.
            found = self.bases[id(calendar)] = (calendar, self._distinct(calendar))
        return found[1]

    def _distinct(self, calendar: object) -> Base:
        """``base_of(calendar)``, its label made distinct from an unequal calendar's.

        Two calendars that differ can be described alike (two classes of one's own with the
        same ``repr``, two calendars with as many holidays on different dates): pooled under
        one label, their clocks would be summarised as one time base. An equal calendar
        shares the base; an unequal one gets the label with ``(calendar 2)``, ``(calendar
        3)``, ... in the order first met. Calendar time is one base, whatever gives it.
        """
        base = base_of(calendar)
        if base.kind != "business":
            return base
        same = self.labelled.setdefault(base.label, [])
        for other, found in same:
            if same_calendar(other, calendar):
                return found
        if same:
            n = len(same) + 1
            while f"{base.label} (calendar {n})" in self.labelled:  # a label that reads so
                n += 1
            base = Base(base.kind, f"{base.label} (calendar {n})")
            self.labelled[base.label] = []
        same.append((calendar, base))
        return base

    def add_ticket(self, measurements: Sequence[Measurement]) -> None:
        self.tickets += 1
        if measurements:
            self.measured += 1
        counts = self.counts
        # One pass per measurement with the per-clock lookups inline (``_clocks``): this runs
        # for every clock of every ticket.
        clocks_of = self.clocks
        for m in measurements:
            metric, state = m.metric, m.state
            key = (metric, m.priority)
            slots = counts.get(key)
            if slots is None:
                slots = counts[key] = [0, 0, 0, 0]
            slots[_SLOT[state]] += 1
            if metric in _TIMED:
                cal = m.calendar
                clocks = clocks_of.get((metric, id(cal)))
                if clocks is None:
                    clocks = self._clocks(metric, cal)
                clocks.append((m.elapsed, m.stopped_at is not None))
            if state is _BREACHED and self.worst > 0:
                self._keep_breach(m)

    def _clocks(self, metric: Metric, calendar: object) -> list[tuple[timedelta, bool]]:
        """The list of ``metric``'s clocks on ``calendar``'s time base (shared by calendars
        of one base, so the clocks keep their order), cached by the calendar's id."""
        base = self.base(calendar)  # keeps the calendar alive: its id is not reused
        clocks = self.elapsed.get((metric, base))
        if clocks is None:
            clocks = self.elapsed[metric, base] = []
        self.clocks[metric, id(calendar)] = clocks
        return clocks

    def attainment(self) -> dict[tuple[Metric, Priority], SLAAttainment]:
        return {key: SLAAttainment(key[0].value, *slots) for key, slots in self.counts.items()}

    def _keep_breach(self, m: Measurement) -> None:
        # A bounded min-heap on overrun keeps the `worst` largest; -seq breaks ties so the
        # breach measured earlier (docs/report.md: the tickets' order as given, then a ticket's
        # metrics in Metric order, then cycles) is kept and listed first among equal overruns.
        self.seq += 1
        item = (-m.remaining.total_seconds(), -self.seq, m)
        if len(self.heap) < self.worst:
            heapq.heappush(self.heap, item)
        else:
            heapq.heappushpop(self.heap, item)


def build_sla(
    histories: Iterable[TicketHistory],
    policies: PolicySet | SLAPolicy,
    *,
    at: datetime | None = None,
    worst: int = 10,
    level: float = 0.95,
    finished_only: bool = False,
    tz: tzinfo = UTC,
) -> SLASection:
    """Measure ``histories`` against ``policies`` and summarise them as the SLA section.

    Streams the histories (one ticket at a time); memory grows with the number of
    first-reply and resolution clocks (for the percentiles) and ``worst``.

    Examples:
        >>> build_sla([], PolicySet([])).attainment
        ()
    """
    measured = (evaluate(policies, h, at=at) for h in histories)
    return sla_section(
        measured, at=at, worst=worst, level=level, finished_only=finished_only, tz=tz
    )


def sla_section(
    measured: Iterable[Sequence[Measurement]],
    *,
    at: datetime | None = None,
    worst: int = 10,
    level: float = 0.95,
    finished_only: bool = False,
    tz: tzinfo = UTC,
    unavailable: Mapping[str, str] | None = None,
    left_out: Mapping[str, tuple[int, frozenset[str]]] | None = None,
    left_out_by_priority: Mapping[tuple[str, str], tuple[int, frozenset[str]]] | None = None,
) -> SLASection:
    """Summarise each ticket's measurements (one sequence per ticket) as the SLA section.

    ``build_report`` measures every ticket once and hands the same measurements to this
    section and to the per-policy detail, so no clock is evaluated twice. ``unavailable``
    (see ``sla_unavailable``) are the metrics some ticket's export cannot support, each with
    why; ``left_out`` (see ``SLAPlan``) how many tickets each leaves out, and the facts they
    lack. A metric measured on some ticket has its row over all priorities noted with the
    tickets it left out; a metric measured on none is a row with no value saying why.
    ``left_out_by_priority`` (see ``SLAPlan``) are the same counts per metric and priority:
    each priority row of a metric measured on some ticket is noted with its own, and a
    priority whose every ticket was left out is a row with no clock that says so.

    Examples:
        >>> sla_section([[], []]).tickets
        2
    """
    tally = _Tally(worst, tz)
    for measurements in measured:
        tally.add_ticket(measurements)
    attainment = tally.attainment()
    by_priority = left_out_by_priority or {}
    clocked = {metric for metric, _ in attainment}
    for metric_name, prio_name in by_priority:
        key = (Metric(metric_name), Priority(prio_name))
        if key[0] in clocked and key not in attainment:
            attainment[key] = SLAAttainment(metric_name)  # no clock: all its tickets left out
    rows = tuple(
        _priority_row(metric, prio, attainment[metric, prio], level, by_priority)
        for metric in Metric
        for prio in reversed(Priority)
        if (metric, prio) in attainment
    )
    totals: list[AttainmentRow] = []
    for metric in Metric:
        accs = [acc for (m, _), acc in attainment.items() if m is metric]
        if accs:
            row = _row(metric.value, None, functools.reduce(SLAAttainment.merge, accs), level)
            count, lost = (left_out or {}).get(metric.value, (0, frozenset()))
            if count:  # partial histories lacking what the clock needs: said, not guessed
                row = attrs.evolve(row, attainment=noted(row.attainment, count, lost))
            totals.append(row)
        elif metric.value in (unavailable or {}):
            totals.append(_unavailable_row(metric.value, (unavailable or {})[metric.value], level))
    return SLASection(
        tickets=tally.tickets,
        measured_tickets=tally.measured,
        evaluated_at=None if at is None else at.astimezone(tz),
        level=level,
        attainment=rows,
        by_metric=tuple(totals),
        times=tuple(
            _times(metric, base, tally.elapsed[metric, base], level, finished_only)
            for metric in _TIMED
            for base in sorted({b for m, b in tally.elapsed if m is metric}, key=_base_order)
        ),
        worst_breaches=tuple(
            _breach(m, tz, tally.base(m.calendar)) for _, _, m in sorted(tally.heap, reverse=True)
        ),
    )


def _priority_row(
    metric: Metric,
    prio: Priority,
    acc: SLAAttainment,
    level: float,
    left_out: Mapping[tuple[str, str], tuple[int, frozenset[str]]],
) -> AttainmentRow:
    row = _row(metric.value, prio.value, acc, level)
    count, lost = left_out.get((metric.value, prio.value), (0, frozenset()))
    if count:  # partial histories of this priority lacking what the clock needs
        row = attrs.evolve(row, attainment=noted(row.attainment, count, lost))
    return row


def _policies(policies: PolicySet | SLAPolicy) -> tuple[SLAPolicy, ...]:
    return (policies,) if isinstance(policies, SLAPolicy) else tuple(policies.policies)


def sla_unavailable(
    histories: Sequence[TicketHistory], policies: PolicySet | SLAPolicy
) -> dict[str, str]:
    """The metrics of ``policies`` some history cannot support, each with the reason the report
    prints: a fact its export does not hold (no first-reply or solve column, no replies after
    the first in a one-row export or an event log that maps no reply), and every metric of a
    policy that *pauses* when the export holds no time in each status (the library's
    ``evaluate`` refuses such a policy with ``PartialHistoryError``; the report says why and
    goes on with its other sections). The report measures such a metric on the tickets that
    can support it (``SLAPlan``) and prints this reason only where none can.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.model import Ticket
        >>> from servicemodel.sla import Target
        >>> t = Ticket("T", datetime(2026, 3, 2, tzinfo=UTC),
        ...            attributes={PARTIAL_ATTRIBUTE: "first_reply"})
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h"),
        ...                                Target("resolution", "1d")]}, pause=[])
        >>> sla_unavailable([TicketHistory(t, [])], p)
        {'first_reply': 'not available from this export (lost: first_reply)'}
    """
    lost: set[str] = set()
    for h in histories:
        if PARTIAL_ATTRIBUTE in h.ticket.attributes:  # a complete history lacks nothing
            lost |= lost_facts(h)
    if not lost:
        return {}
    out: dict[str, str] = {}
    for metric in Metric:
        if any(metric in p.metrics for p in _policies(policies)):
            missing = lost & set(metric_facts(metric))
            if missing:
                out[metric.value] = f"{NOT_AVAILABLE} (lost: {', '.join(sorted(missing))})"
    if "pauses" in lost:
        for name, why in _paused(policies).items():
            out.setdefault(name, why)
    return out


class SLAPlan:
    """How each ticket is measured: complete ones against ``policies``, a partial one on the
    clocks it can run, each metric it cannot run counting it as left out when a target for
    the metric applies to it ([`SLALeftOut`][servicemodel.sla.SLALeftOut], whose rule the
    library's ``evaluate(..., partial="leave_out")`` follows too).

    ``unavailable`` is ``sla_unavailable`` of every ticket (the reason a metric no ticket
    could support is printed with), ``left_out`` the count and lost facts per metric,
    ``left_out_by_priority`` per metric and priority (the ticket's priority at its last
    event), ``tally`` the ``SLALeftOut`` they come from.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.model import Ticket
        >>> from servicemodel.sla import Target
        >>> t0 = datetime(2026, 3, 2, tzinfo=UTC)
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]}, pause=[])
        >>> hs = [TicketHistory(Ticket("A", t0), []), TicketHistory(Ticket("B", t0,
        ...       attributes={PARTIAL_ATTRIBUTE: "first_reply"}), [])]
        >>> plan = SLAPlan(hs, p)
        >>> plan.left_out, [len(m) for m in plan.evaluations(hs, at=t0)]
        ({'first_reply': (1, frozenset({'first_reply'}))}, [1, 0])
    """

    def __init__(self, histories: Sequence[TicketHistory], policies: PolicySet | SLAPolicy):
        self.policies = policies
        self.unavailable = sla_unavailable(histories, policies)
        self.tally = SLALeftOut.empty(policies).add_many(histories)
        lost = self.tally.lost
        self.left_out: dict[str, tuple[int, frozenset[str]]] = {
            metric.value: (count, lost[metric]) for metric, count in self.tally.counts.items()
        }
        self.left_out_by_priority: dict[tuple[str, str], tuple[int, frozenset[str]]] = {
            (metric.value, prio.value): (count, facts)
            for metric, prio, count, facts in self.tally.entries
        }

    def evaluations(
        self, histories: Iterable[TicketHistory], at: datetime | None
    ) -> Iterator[tuple[Measurement, ...]]:
        """Each ticket's measurements, a partial one's without the metrics it cannot support."""
        return SLALeftOut.empty(self.policies, at=at).evaluations(histories)


def _paused(policies: PolicySet | SLAPolicy) -> dict[str, str]:
    """Every metric of a policy that pauses, with why: a policy that pauses runs each clock on
    the time in each status, which an export without status times does not hold."""
    out: dict[str, str] = {}
    for p in _policies(policies):
        on = [str(s) for s in sorted(p.pause)] + [f"label:{x}" for x in sorted(p.pause_labels)]
        if on:
            why = f"{NOT_AVAILABLE} (lost: pauses; policy {p.name!r} pauses on {', '.join(on)})"
            for metric in p.metrics:
                out.setdefault(metric.value, why)
    return out


#: How an SLA figure the export cannot support is labelled (as the KPI section's).
NOT_AVAILABLE = "not available from this export"


def _unavailable_row(metric: str, why: str, level: float) -> AttainmentRow:
    est = Estimate(f"{metric} attainment", None, 0, level=level, method=why)
    return AttainmentRow(metric, None, 0, 0, 0, 0, est)


def _row(metric: str, priority: str | None, acc: SLAAttainment, level: float) -> AttainmentRow:
    return AttainmentRow(
        metric=metric,
        priority=priority,
        achieved=acc.achieved,
        breached=acc.breached,
        active=acc.active,
        paused=acc.paused,
        attainment=acc.result(level),
    )


def _base_order(base: Base) -> tuple[bool, str]:
    return (base.kind != "business", base.label)


def _times(
    metric: Metric,
    base: Base,
    clocks: list[tuple[timedelta, bool]],
    level: float,
    finished_only: bool,
) -> TimeRow:
    name = f"{metric.value} ({base.label})"
    if finished_only:
        stopped = [t for t, done in clocks if done]
        durations = Durations.empty(metric=name, unit="h").add_many(stopped)
        return TimeRow(
            metric=metric.value,
            n=durations.n,
            censored=len(clocks) - len(stopped),
            median=durations.percentile(50, level),
            p90=durations.percentile(90, level),
            base=base,
            estimator="finished-only",
        )
    # In hours as the accumulator reads a timedelta (``value / 1 h``), so each pair takes its
    # fast path (a finite non-negative float); a negative time, which no clock has, goes as it
    # is, to fail as it always did.
    pairs = [(t / _HOUR, done) if t >= _ZERO else (t, done) for t, done in clocks]
    curve = SurvivalTimes.empty(metric=name, unit="h").add_many(pairs).result(level)
    return TimeRow(
        metric=metric.value,
        n=curve.n,
        censored=curve.censored,
        median=curve["median"],
        p90=curve["p90"],
        base=base,
        estimator="kaplan-meier",
    )


def _breach(m: Measurement, tz: tzinfo, base: Base) -> Breach:
    return Breach(
        ticket=m.ticket_id,
        policy=m.policy,
        metric=m.metric.value,
        priority=m.priority.value,
        target=m.target.within,
        overrun=-m.remaining,
        due_at=None if m.due_at is None else m.due_at.astimezone(tz),
        stopped_at=None if m.stopped_at is None else m.stopped_at.astimezone(tz),
        base=base,
    )
