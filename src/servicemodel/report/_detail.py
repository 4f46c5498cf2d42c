"""Report detail for the charts: survival curves per channel, SLA attainment per policy.

The text and JSON reports summarise a time by its median and p90; the HTML report also draws
the whole Kaplan–Meier curve of first reply and resolution, overall and per channel
([`FirstReplySurvival`][servicemodel.kpi.FirstReplySurvival],
[`ResolutionSurvival`][servicemodel.kpi.ResolutionSurvival]: hours of calendar time, a ticket
still waiting at the snapshot censored at its time so far), and the SLA attainment of each
policy ([`SLAAttainment`][servicemodel.kpi.SLAAttainment], Wilson interval), since a policy
set mixes customers with different targets.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> hs = [TicketHistory(Ticket(f"T{i}", t0, channel="chat"),
    ...                     [AgentReply("r", t0 + timedelta(hours=i))]) for i in range(1, 5)]
    >>> detail = build_detail(hs, as_of=t0 + timedelta(days=1))
    >>> [(c.metric, c.segment, c.curve.n) for c in detail.curves][:2]
    [('first_reply', 'Overall', 4), ('first_reply', 'chat', 4)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import attrs

from servicemodel.errors import MergeError, PartialHistoryError
from servicemodel.kpi import FirstReplySurvival, ResolutionSurvival, Segmented, SLAAttainment, by
from servicemodel.model import Priority, TicketHistory
from servicemodel.report._document import AttainmentRow, CurveReport, Detail, PolicyAttainment
from servicemodel.report._passes import OnePass
from servicemodel.sla import (
    Measurement,
    MeasurementState,
    Metric,
    PolicySet,
    SLAPolicy,
    evaluate,
)

__all__ = ["PolicyTally", "build_detail"]


def build_detail(
    histories: Sequence[TicketHistory],
    *,
    as_of: datetime,
    policies: PolicySet | SLAPolicy | None = None,
    level: float = 0.95,
    by_policy: PolicyTally | None = None,
    accumulated: OnePass | None = None,
) -> Detail:
    """Return the survival curves (overall, per channel) and, with policies, their attainment.

    ``by_policy`` is a tally already fed with every ticket's measurements at ``as_of``
    (``build_report`` measures each ticket once for the SLA section and this detail); without
    it, ``policies`` are evaluated here. ``accumulated`` is the KPI section's pass over the
    same histories: its curves are reused when they were accumulated the same way.

    Examples:
        >>> from datetime import UTC, datetime
        >>> build_detail([], as_of=datetime(2026, 1, 5, tzinfo=UTC)).by_policy
        ()
    """
    if by_policy is None and policies is not None:
        by_policy = PolicyTally()
        for h in histories:
            by_policy.add(evaluate(policies, h, at=as_of))
    return Detail(
        curves=_curves(histories, as_of, level, accumulated),
        by_policy=() if by_policy is None else by_policy.rows(level),
    )


def _curves(
    histories: Sequence[TicketHistory],
    as_of: datetime,
    level: float,
    accumulated: OnePass | None = None,
) -> tuple[CurveReport, ...]:
    out: list[CurveReport] = []
    for metric, kind in (("first_reply", FirstReplySurvival), ("resolution", ResolutionSurvival)):
        empty = kind.empty(as_of=as_of, unit="h")
        found = _reuse(accumulated, _KPI_PART[metric], empty)
        if found is None:
            try:
                overall = empty.add_many(histories)
                channels = by("channel", empty).add_many(histories)
            except PartialHistoryError:
                # The export has no column for it (no first reply, no solve): no curve, as
                # the KPI section shows the figure as not available.
                continue
        else:
            overall, channels = found
        read = _read(accumulated, _KPI_PART[metric], level) if found is not None else None
        if read is None:
            read = overall.result(level), list(channels.result(level).items())
        out.append(CurveReport(metric, "Overall", read[0]))
        out += [CurveReport(metric, str(k), curve) for k, curve in read[1]]
    return tuple(out)


def _read(done: OnePass | None, part: str, level: float) -> tuple[Any, list[Any]] | None:
    # The curves the KPI section already read from the same accumulators at this level.
    if done is None or done.read is None or done.read[0] != level:
        return None
    _, overall, channels = done.read
    return overall[part], [(k, results[part]) for k, results in channels.items()]


#: The KPI bundle's name of each curve's accumulator.
_KPI_PART = {"first_reply": "frt", "resolution": "resolution"}


def _reuse(done: OnePass | None, part: str, empty: Any) -> tuple[Any, Segmented] | None:
    # The KPI section's accumulator of the same clock, if it is of the same kind and
    # parameters (snapshot, calendar, unit: ``merge`` refuses any difference).
    if done is None:
        return None
    overall = dict(done.overall.parts).get(part)
    if overall is None or type(overall) is not type(empty):
        return None
    try:
        overall.merge(empty)
    except MergeError:
        return None
    parts = {k: dict(bundle.parts)[part] for k, bundle in done.channels.parts.items()}
    return overall, attrs.evolve(by("channel", empty), parts=parts)


#: Where each clock state is counted in a tally's ``[achieved, breached, active, paused]``.
_SLOT = {
    MeasurementState.ACHIEVED: 0,
    MeasurementState.BREACHED: 1,
    MeasurementState.ACTIVE: 2,
    MeasurementState.PAUSED: 3,
}


class PolicyTally:
    """Clock states counted per policy, metric and priority (private, mutable while building).

    Examples:
        >>> PolicyTally().rows(0.95)
        ()
    """

    def __init__(self) -> None:
        # Plain int counts: an immutable accumulator per measurement costs more than measuring.
        self.counts: dict[tuple[str, Metric, Priority], list[int]] = {}

    def add(self, measurements: Iterable[Measurement]) -> None:
        """Count one ticket's measurements."""
        counts = self.counts
        for m in measurements:
            key = (m.policy, m.metric, m.priority)
            slots = counts.get(key)
            if slots is None:
                slots = counts[key] = [0, 0, 0, 0]
            slots[_SLOT[m.state]] += 1

    def rows(self, level: float) -> tuple[PolicyAttainment, ...]:
        """Per policy: a row per metric and priority, then the metric over all priorities."""
        tally = {key: SLAAttainment(key[1].value, *slots) for key, slots in self.counts.items()}
        names = list(dict.fromkeys(policy for policy, _, _ in tally))
        out: list[PolicyAttainment] = []
        for policy in names:
            for metric in Metric:
                accs = [
                    (prio, tally[policy, metric, prio])
                    for prio in reversed(Priority)
                    if (policy, metric, prio) in tally
                ]
                out += [
                    PolicyAttainment(policy, _row(metric, prio, acc, level)) for prio, acc in accs
                ]
                if accs:
                    total = SLAAttainment.empty(metric=metric.value)
                    for _, acc in accs:
                        total = total.merge(acc)
                    out.append(PolicyAttainment(policy, _row(metric, None, total, level)))
        return tuple(out)


def _row(metric: Metric, prio: Priority | None, acc: SLAAttainment, level: float) -> AttainmentRow:
    return AttainmentRow(
        metric=metric.value,
        priority=None if prio is None else prio.value,
        achieved=acc.achieved,
        breached=acc.breached,
        active=acc.active,
        paused=acc.paused,
        attainment=acc.result(level),
    )
