"""Report section: SLA attainment, business-time first reply and resolution, worst breaches.

Every history is measured against the policy set with
[`evaluate`][servicemodel.sla.evaluate] (final view unless ``at`` is given). Attainment per
metric and priority, and per metric over all priorities, is
[`SLAAttainment`][servicemodel.kpi.SLAAttainment]'s: ``achieved / (achieved + breached)`` with
a Wilson interval; clocks still active or paused are counted but left out of the ratio. Times
are the clocks' own elapsed time (business time on the target's calendar, pauses excluded) of
clocks that stopped, summarised by [`Durations`][servicemodel.kpi.Durations] (nearest-rank
percentiles with order-statistic intervals); a clock still running or paused has no value yet
(censored, not zero) and is counted as ``censored``. A breach's overrun is
``elapsed - target``.

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
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from servicemodel.kpi import Durations, SLAAttainment
from servicemodel.model import Priority, TicketHistory
from servicemodel.report._document import AttainmentRow, Breach, SLASection, TimeRow
from servicemodel.sla import Measurement, MeasurementState, Metric, PolicySet, SLAPolicy, evaluate

__all__ = ["build_sla"]

#: The metrics whose elapsed times the section summarises.
_TIMED = (Metric.FIRST_REPLY, Metric.RESOLUTION)


class _Tally:
    """What one pass over the measurements collects (private, mutable while building)."""

    def __init__(self, worst: int) -> None:
        self.worst = worst
        self.tickets = 0
        self.measured = 0
        self.attainment: dict[tuple[Metric, Priority], SLAAttainment] = {}
        # Elapsed time of each timed clock; None for a clock still running (censored).
        self.elapsed: dict[Metric, list[timedelta | None]] = {m: [] for m in _TIMED}
        self.heap: list[tuple[float, int, Breach]] = []
        self.seq = 0

    def add_ticket(self, measurements: Sequence[Measurement]) -> None:
        self.tickets += 1
        if measurements:
            self.measured += 1
        for m in measurements:
            key = (m.metric, m.priority)
            acc = self.attainment.get(key) or SLAAttainment.empty(metric=m.metric.value)
            self.attainment[key] = acc.add(m)
            if m.metric in self.elapsed:
                self.elapsed[m.metric].append(m.elapsed if m.stopped_at is not None else None)
            if m.state is MeasurementState.BREACHED and self.worst > 0:
                self._keep_breach(m)

    def _keep_breach(self, m: Measurement) -> None:
        # A bounded min-heap on overrun keeps the `worst` largest; -seq breaks ties so the
        # earlier breach wins among equal overruns.
        self.seq += 1
        item = (-m.remaining.total_seconds(), -self.seq, _breach(m))
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
) -> SLASection:
    """Measure ``histories`` against ``policies`` and summarise them as the SLA section.

    Streams the histories (one ticket at a time); memory grows with the number of
    first-reply and resolution clocks (for the percentiles) and ``worst``.

    Examples:
        >>> build_sla([], PolicySet([])).attainment
        ()
    """
    tally = _Tally(worst)
    for h in histories:
        tally.add_ticket(evaluate(policies, h, at=at))
    rows = tuple(
        _row(metric.value, prio.value, tally.attainment[metric, prio], level)
        for metric in Metric
        for prio in reversed(Priority)
        if (metric, prio) in tally.attainment
    )
    totals: list[AttainmentRow] = []
    for metric in Metric:
        accs = [acc for (m, _), acc in tally.attainment.items() if m is metric]
        if accs:
            totals.append(
                _row(metric.value, None, functools.reduce(SLAAttainment.merge, accs), level)
            )
    return SLASection(
        tickets=tally.tickets,
        measured_tickets=tally.measured,
        evaluated_at=at,
        level=level,
        attainment=rows,
        by_metric=tuple(totals),
        business_time=tuple(_times(m, tally.elapsed[m], level) for m in _TIMED),
        worst_breaches=tuple(item for _, _, item in sorted(tally.heap, reverse=True)),
    )


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


def _times(metric: Metric, elapsed: list[timedelta | None], level: float) -> TimeRow:
    durations = Durations.empty(metric=metric.value, unit="h").add_many(elapsed, skip_missing=True)
    return TimeRow(
        metric=metric.value,
        n=durations.n,
        censored=durations.missing,
        median=durations.percentile(50, level),
        p90=durations.percentile(90, level),
    )


def _breach(m: Measurement) -> Breach:
    return Breach(
        ticket=m.ticket_id,
        policy=m.policy,
        metric=m.metric.value,
        priority=m.priority.value,
        target=m.target.within,
        overrun=-m.remaining,
        due_at=m.due_at,
        stopped_at=m.stopped_at,
    )
