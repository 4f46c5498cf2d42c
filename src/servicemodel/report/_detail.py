"""Report detail for the charts: survival curves per channel, SLA attainment per policy.

The text and JSON reports summarise a time by its median and p90; the HTML report also draws
the whole Kaplan–Meier curve of first reply and resolution, overall and per channel
([`FirstReplySurvival`][servicemodel.kpi.FirstReplySurvival],
[`ResolutionSurvival`][servicemodel.kpi.ResolutionSurvival]: hours of calendar time, a ticket
still waiting at the snapshot censored at its time so far), and the SLA attainment of each
policy ([`SLAAttainment`][servicemodel.kpi.SLAAttainment], Wilson interval), since a policy
set mixes customers with different targets.

A partial history lacking a curve's end (no first-reply or solved column, a ticket without
audits) is left out of that curve, as the KPI section leaves it out of the figure, and each
of the curve's estimates counts it (``left_out``, see ``_left_out``); a curve no ticket of its
segment can support is not drawn.

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

from servicemodel.errors import MergeError
from servicemodel.kpi import (
    FirstReplySurvival,
    ResolutionSurvival,
    Segmented,
    SLAAttainment,
    SurvivalCurve,
    by,
)
from servicemodel.model import Priority, TicketHistory
from servicemodel.report._document import AttainmentRow, CurveReport, Detail, PolicyAttainment
from servicemodel.report._left_out import Supported
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
            # A partial history that lacks the clock's end (no first-reply or solved column,
            # a ticket without audits) is left out of the curve and counted, as the KPI
            # section does (see ``_left_out``).
            acc = Supported(empty, _NEEDS[metric], metric, ("median", "p90"))
            overall, channels = acc.add_many(histories), by("channel", acc).add_many(histories)
        else:
            overall, channels = found
        read = _read(accumulated, _KPI_PART[metric], level) if found is not None else None
        if read is None:
            read = overall.result(level), list(channels.result(level).items())
        # A curve no ticket can support (every ticket of the scope lacks the fact) is no curve:
        # its figure reads "not available from this export" in the KPI section.
        if not isinstance(read[0], SurvivalCurve):
            continue
        out.append(CurveReport(metric, "Overall", read[0]))
        out += [
            CurveReport(metric, str(k), curve)
            for k, curve in read[1]
            if isinstance(curve, SurvivalCurve)
        ]
    return tuple(out)


def _read(done: OnePass | None, part: str, level: float) -> tuple[Any, list[Any]] | None:
    # The curves the KPI section already read from the same accumulators at this level.
    if done is None or done.read is None or done.read[0] != level:
        return None
    _, overall, channels = done.read
    return overall[part], [(k, results[part]) for k, results in channels.items()]


#: The KPI bundle's name of each curve's accumulator.
_KPI_PART = {"first_reply": "frt", "resolution": "resolution"}
#: What each curve needs that a partial history may lack (as the KPI section's figures).
_NEEDS = {"first_reply": frozenset({"first_reply"}), "resolution": frozenset({"resolution"})}


def _reuse(done: OnePass | None, part: str, empty: Any) -> tuple[Any, Segmented] | None:
    # The KPI section's accumulator of the same clock, if it is of the same kind and
    # parameters (snapshot, calendar, unit: ``merge`` refuses any difference); on an export
    # with partial histories, wrapped in the ``Supported`` that leaves them out.
    if done is None:
        return None
    overall = dict(done.overall.parts).get(part)
    inner = overall.inner if isinstance(overall, Supported) else overall
    if inner is None or type(inner) is not type(empty):
        return None
    try:
        inner.merge(empty)
    except MergeError:
        return None
    template: Any = empty
    if isinstance(overall, Supported):
        template = attrs.evolve(overall, inner=empty, used=0, left_out=0, lost=frozenset())
    parts = {k: dict(bundle.parts)[part] for k, bundle in done.channels.parts.items()}
    return overall, attrs.evolve(by("channel", template), parts=parts)


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
