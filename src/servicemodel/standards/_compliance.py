"""Private: measuring standards on ticket histories -- the compliance view.

Response standards are measured through the SLA policies they compile to
([`ServiceStandards.policies`][servicemodel.standards.ServiceStandards.policies]): every
history is evaluated with [`evaluate`][servicemodel.sla.evaluate] and each clock counts toward
the standard of its channel, metric and priority in
[`SLAAttainment`][servicemodel.kpi.SLAAttainment] (achieved / (achieved + breached), Wilson
interval; clocks still running are left out and counted in ``missing``). Quality benchmarks
are measured with the KPI accumulators the goals report uses, on the same inputs: CSAT and
NPS from each ticket's latest rating of that survey (CSAT as the share of satisfied answers,
each judged on its own scale by
[`Ratings.satisfied_share`][servicemodel.kpi.Ratings.satisfied_share], as the report's KPI
section and the goals read them: 4-5 of 1-5, 6-7 of 1-7, "good" of good/bad),
[`ReopenRate`][servicemodel.kpi.ReopenRate], [`ResolutionRate`][servicemodel.kpi.ResolutionRate]
and [`FirstContactResolution`][servicemodel.kpi.FirstContactResolution] (review window
``fcr_window``).

The data are read as they stood at ``at`` (default: the last event, or ``observed_until``
where the export is known to reach later): tickets created later are left out and later
events are unknown.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
    >>> from servicemodel.standards import ResponseStandard, ServiceStandards
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> hs = [TicketHistory(Ticket(f"T{i}", t0, channel="chat"),
    ...                     [AgentReply("r", t0 + timedelta(minutes=i))]) for i in range(1, 21)]
    >>> s = ServiceStandards("Acme", [ResponseStandard("chat", "first_reply", "15m",
    ...                                                business=False, attainment=0.7)])
    >>> (check,) = measure(s, hs).checks
    >>> check.estimate.value, check.verdict.value, round(check.shortfall, 3)
    (0.75, 'at_risk', -0.071)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value
from servicemodel._validators import in_, instance_of, members_of, require_iterable
from servicemodel.errors import ConfigError, InputTypeError, require_instant
from servicemodel.goals import Comparator, SmartGoal
from servicemodel.kpi import (
    NPS,
    Estimate,
    FirstContactResolution,
    Ratings,
    ReopenRate,
    ResolutionRate,
    SLAAttainment,
)
from servicemodel.kpi._shared import check_level, level_value
from servicemodel.model import TicketHistory
from servicemodel.model._shared import Basis, Chosen, choose_snapshot, cut_history, given_once
from servicemodel.sla import evaluate
from servicemodel.standards._standards import ServiceStandards, response_index
from servicemodel.standards._values import (
    QUALITY_METRICS,
    QualityBenchmark,
    ResponseStandard,
    Verdict,
    shortfall,
    verdict,
)

__all__ = ["Compliance", "StandardCheck", "measure"]

ALL = "all"
_BASES: tuple[Basis, ...] = ("at", "last_event", "updated")


def _required_instant(_: Any, attribute: Any, value: Any) -> None:
    require_instant(value, f"Compliance.{attribute.name}")


def _instant(_: Any, attribute: Any, value: Any) -> None:
    # An aware instant in the supported range, as ``measure`` reads them (or ``None``).
    if value is not None:
        require_instant(value, f"Compliance.{attribute.name}")


@attrs.frozen
class StandardCheck:
    """One standard measured on the data: its estimate, verdict and shortfall.

    ``kind`` is ``"response"`` or ``"quality"``; ``channel`` is the channel (``"all"`` for a
    benchmark over all channels together); ``metric`` the SLA metric or quality KPI;
    ``priority`` the priority of a per-priority response standard (``None``: the channel's
    default, for every other priority). ``threshold`` is what the estimate is compared with:
    the required attainment share for a response standard, the benchmark for a quality one.
    ``shortfall`` is [`shortfall`][servicemodel.standards.shortfall] (``None`` without data).

    Examples:
        >>> from servicemodel.goals import Comparator
        >>> from servicemodel.kpi import Estimate
        >>> c = StandardCheck("quality", "all", "csat", None, "csat >= 0.85", Comparator.GE,
        ...                   0.85, "share", Estimate("CSAT", 0.8, 50, lower=0.67, upper=0.89),
        ...                   Verdict.MISSED, 0.0588)
        >>> c.label
        'all csat'
    """

    kind: str = attrs.field(validator=instance_of(str))
    channel: str = attrs.field(validator=instance_of(str))
    metric: str = attrs.field(validator=instance_of(str))
    priority: str | None = attrs.field(validator=instance_of(str, optional=True))
    standard: str = attrs.field(validator=instance_of(str))
    comparator: Comparator = attrs.field(validator=instance_of(Comparator))
    threshold: float = attrs.field(validator=instance_of((int, float)))
    unit: str = attrs.field(validator=instance_of(str))
    estimate: Estimate = attrs.field(validator=instance_of(Estimate))
    verdict: Verdict = attrs.field(validator=instance_of(Verdict))
    shortfall: float | None = attrs.field(validator=instance_of((int, float), optional=True))

    @property
    def label(self) -> str:
        """``channel metric [priority]``.

        Examples:
            >>> from servicemodel.goals import Comparator
            >>> from servicemodel.kpi import Estimate
            >>> StandardCheck("response", "chat", "first_reply", "urgent", "", Comparator.GE,
            ...               0.9, "share", Estimate("x", None, 0), Verdict.NO_DATA, None).label
            'chat first_reply [urgent]'
        """
        prio = f" [{self.priority}]" if self.priority else ""
        return f"{self.channel} {self.metric}{prio}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict``.

        Examples:
            >>> from servicemodel.goals import Comparator
            >>> from servicemodel.kpi import Estimate
            >>> StandardCheck("quality", "all", "nps", None, "nps >= 30", Comparator.GE, 30.0,
            ...               "points", Estimate("NPS", None, 0), Verdict.NO_DATA,
            ...               None).to_dict()["verdict"]
            'no_data'
        """
        e = self.estimate
        return {
            "kind": self.kind,
            "channel": self.channel,
            "metric": self.metric,
            "priority": self.priority,
            "standard": self.standard,
            "comparator": self.comparator.value,
            "threshold": self.threshold,
            "unit": self.unit,
            "value": e.value,
            "lower": e.lower,
            "upper": e.upper,
            "n": e.n,
            "missing": e.missing,
            "level": e.level,
            "verdict": self.verdict.value,
            "shortfall": self.shortfall,
        }


@attrs.frozen
class Compliance:
    """The compliance view: every standard measured, per channel, at one instant.

    ``basis`` says where the snapshot ``at`` came from, as an
    [`Assessment`][servicemodel.blueprint.Assessment] does: ``"at"`` (given),
    ``"last_event"`` (the export's last instant) or ``"updated"`` (``observed_until``, later
    than that); ``None`` for a view built by hand, or one at the time it was made itself (no
    instant of the export is up to it). ``last_event`` is the export's last instant taken.
    ``refused_update`` is an ``observed_until`` after ``made_at``, the time the view was made,
    and so not taken; ``refused_event`` the export's last event when after ``made_at``, with
    ``future_events`` events (creations included) of ``future_tickets`` tickets after it
    (``None`` / 0 when nothing was refused).

    Examples:
        >>> from servicemodel.standards import QualityBenchmark, ServiceStandards
        >>> from datetime import UTC, datetime
        >>> s = ServiceStandards("x", quality=[QualityBenchmark(None, "nps", 20)])
        >>> c = measure(s, [], at=datetime(2026, 3, 2, tzinfo=UTC))
        >>> c.by_channel()["all"][0].verdict
        <Verdict.NO_DATA: 'no_data'>
    """

    standards: ServiceStandards = attrs.field(validator=instance_of(ServiceStandards))
    # As an Assessment's: an aware instant, a level measure accepts, a count (a NaN level
    # or a naive instant was kept and written as such by to_dict).
    at: datetime = attrs.field(validator=_required_instant)
    level: float = attrs.field(
        converter=level_value, validator=lambda _i, _a, value: check_level(value)
    )
    tickets: int = attrs.field(converter=count_value, validator=count_field)
    checks: tuple[StandardCheck, ...] = attrs.field(validator=members_of(StandardCheck, tuple))
    basis: Basis | None = attrs.field(default=None, validator=in_((None, *_BASES)))
    last_event: datetime | None = attrs.field(default=None, validator=_instant)
    refused_update: datetime | None = attrs.field(default=None, validator=_instant)
    made_at: datetime | None = attrs.field(default=None, validator=_instant)
    refused_event: datetime | None = attrs.field(default=None, validator=_instant)
    future_events: int = attrs.field(default=0, converter=count_value, validator=count_field)
    future_tickets: int = attrs.field(default=0, converter=count_value, validator=count_field)

    def __attrs_post_init__(self) -> None:
        # Counts of what lies after a refused event, so only with one (to_dict writes them
        # only then), and never more tickets than events.
        if self.refused_event is None and (self.future_events or self.future_tickets):
            raise InputTypeError(
                f"Compliance: future_events={safe_repr(self.future_events)} and future_tickets="
                f"{safe_repr(self.future_tickets)} count what lies after refused_event, which is "
                "None"
            )
        if self.future_tickets > self.future_events:
            raise InputTypeError(
                f"Compliance: future_tickets={safe_repr(self.future_tickets)} is more than "
                f"future_events={safe_repr(self.future_events)}; each ticket has an event after"
            )

    def by_channel(self) -> dict[str, tuple[StandardCheck, ...]]:
        """The checks grouped by channel (``"all"`` first when present).

        Examples:
            >>> from datetime import UTC, datetime
            >>> from servicemodel.standards import ServiceStandards
            >>> measure(ServiceStandards("x"), [], at=datetime(2026, 3, 2, tzinfo=UTC)).by_channel()
            {}
        """
        out: dict[str, list[StandardCheck]] = {}
        if any(c.channel == ALL for c in self.checks):
            out[ALL] = []
        for c in self.checks:
            out.setdefault(c.channel, []).append(c)
        return {k: tuple(v) for k, v in out.items()}

    def goals(
        self, *, start: datetime, deadline: datetime, period: str = "week"
    ) -> tuple[SmartGoal, ...]:
        """SMART goals for the quality benchmarks missed, with the measured value as baseline.

        See [`ServiceStandards.goals`][servicemodel.standards.ServiceStandards.goals].

        Examples:
            >>> from datetime import UTC, datetime
            >>> from servicemodel.standards import ServiceStandards
            >>> c = measure(ServiceStandards("x"), [], at=datetime(2026, 3, 2, tzinfo=UTC))
            >>> c.goals(start=c.at, deadline=datetime(2026, 6, 1, tzinfo=UTC))
            ()
        """
        baselines = {
            (None if c.channel == ALL else c.channel, c.metric): c.estimate.value
            for c in self.checks
            if c.kind == "quality" and c.estimate.value is not None
        }
        return self.standards.goals(
            {k: v for k, v in baselines.items() if v is not None},
            start=start,
            deadline=deadline,
            period=period,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict``: the instant, the level, every check and the snapshot's basis
        (with ``last_event`` and what was refused, where there is something to say).

        Examples:
            >>> from datetime import UTC, datetime
            >>> from servicemodel.standards import ServiceStandards
            >>> measure(ServiceStandards("x"), [], at=datetime(2026, 3, 2, tzinfo=UTC)).to_dict()
            {'standards': 'x', 'at': '2026-03-02T00:00:00+00:00', 'level': 0.95, 'tickets': 0, 'checks': [], 'basis': 'at'}
        """  # noqa: E501
        return {
            "standards": self.standards.name,
            "at": self.at.isoformat(),
            "level": self.level,
            "tickets": self.tickets,
            "checks": [c.to_dict() for c in self.checks],
            **self._snapshot_dict(),
        }

    def _snapshot_dict(self) -> dict[str, Any]:
        """Where the snapshot came from and what was refused: only what there is to say."""
        out: dict[str, Any] = {}
        if self.basis is not None:
            out["basis"] = self.basis
        for name in ("last_event", "refused_update", "made_at", "refused_event"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value.isoformat()
        if self.refused_event is not None:
            out["future_events"] = self.future_events
            out["future_tickets"] = self.future_tickets
        return out


def _snapshot(history: TicketHistory, cutoff: datetime) -> TicketHistory:
    # The same rule as the report's snapshot: events after the cutoff are not known yet.
    return cut_history(history, cutoff)


def _chosen(
    histories: Iterable[TicketHistory],
    at: datetime | None,
    observed_until: datetime | None,
    now: datetime | None,
) -> tuple[list[TicketHistory], Chosen]:
    items = list(require_iterable(histories, "histories"))
    for i, h in enumerate(items):
        if not isinstance(h, TicketHistory):
            raise InputTypeError(
                f"histories[{i}]: expected a TicketHistory, got {type(h).__name__}"
            )
    given_once(items)  # a ticket given twice counted twice in every standard of its channel
    # The rule of assess and the report, with the same checks of every instant given.
    snap = choose_snapshot(items, at, observed_until, now, caller="measure")
    cutoff = snap.at.astimezone(UTC)
    chosen = [_snapshot(h, cutoff) for h in items if h.created_at.astimezone(UTC) <= cutoff]
    return chosen, snap


def measure(
    standards: ServiceStandards,
    histories: Iterable[TicketHistory],
    *,
    at: datetime | None = None,
    level: float = 0.95,
    fcr_window: timedelta = timedelta(days=3),
    observed_until: datetime | None = None,
    now: datetime | None = None,
) -> Compliance:
    """Measure every standard on ``histories``: the compliance view at ``at``.

    Response standards through the compiled SLA policies, quality benchmarks through the KPI
    accumulators (see the module docs). ``at`` is the snapshot, shown in the zone it is given
    in; by default it is the export's last event, or ``observed_until`` where that is later
    (an instant the export is known to reach, such as
    [`LoadResult.observed_until`][servicemodel.io.LoadResult]), by the rule of the report and
    [`assess`][servicemodel.blueprint.assess]: an ``observed_until`` after ``now``, the time
    the view is made (default: the wall clock), is refused, and so are events after ``now``
    (the snapshot is then the export's last instant up to ``now``);
    ``Compliance.basis``, ``refused_update`` and ``refused_event`` say so. Without ``now``
    or ``observed_until`` nothing is checked against the clock (histories built in Python, a
    simulation, may lie ahead of it). Every instant given is checked, ``at`` or not: an aware
    datetime in the supported range. ``fcr_window`` is the first-contact-resolution review
    window. Each ticket is counted once: two histories with the same ticket id are a
    [ConfigError][servicemodel.errors.ConfigError] naming the id and both places, as a
    reader refuses a ticket on two rows.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.standards import ServiceStandards
        >>> measure(ServiceStandards("x"), [])
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: measure needs at= when there are no histories

        >>> from servicemodel.model import Ticket, TicketHistory
        >>> h = TicketHistory(Ticket("T1", datetime(2026, 3, 2, tzinfo=UTC)), [])
        >>> measure(ServiceStandards("x"), [h, h])
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: histories[1]: ticket 'T1' is given twice (also histories[0]); give each ticket's history once
    """  # noqa: E501
    if not isinstance(standards, ServiceStandards):
        raise InputTypeError(f"expected ServiceStandards, got {type(standards).__name__}")
    chosen, snap = _chosen(histories, at, observed_until, now)
    cutoff = snap.at.astimezone(UTC)
    policies = standards.policies()
    tallies: dict[int, SLAAttainment] = {
        i: SLAAttainment.empty() for i in range(len(standards.response))
    }
    index = {id(s): i for i, s in enumerate(standards.response)}
    lookup = response_index(standards)
    by_channel: dict[str, list[TicketHistory]] = {}
    for h in chosen:
        by_channel.setdefault(h.ticket.channel, []).append(h)
        if policies.policies:
            for m in evaluate(policies, h, at=cutoff):
                found = lookup.get(m.policy, m.metric, m.priority)
                if found is not None:
                    i = index[id(found)]
                    tallies[i] = tallies[i].add(m)
    checks = [
        _response_check(s, tallies[i].result(level)) for i, s in enumerate(standards.response)
    ]
    for b in standards.quality:
        items = chosen if b.channel is None else by_channel.get(b.channel, [])
        est = quality_estimate(b.metric, items, level=level, as_of=cutoff, fcr_window=fcr_window)
        checks.append(_quality_check(b, est))
    return Compliance(
        standards,
        snap.at,
        level,
        len(chosen),
        tuple(_ordered(checks, standards)),
        snap.basis,
        snap.last_event,
        **snap.refusals(),
    )


def _ordered(checks: list[StandardCheck], standards: ServiceStandards) -> list[StandardCheck]:
    order = {c: i for i, c in enumerate((ALL, *standards.channels))}
    return sorted(checks, key=lambda c: (order.get(c.channel, len(order)), c.kind != "response"))


def quality_estimate(
    metric: str,
    histories: Sequence[TicketHistory],
    *,
    level: float = 0.95,
    as_of: datetime | None = None,
    fcr_window: timedelta = timedelta(days=3),
) -> Estimate:
    """The estimate of a quality KPI over ``histories`` (see the module docs for each rule).

    Examples:
        >>> quality_estimate("reopen_rate", []).n
        0
    """
    # Text first (``in`` compares with ==, an array answers in kind); an unknown name fell
    # through to FCR, a silently wrong estimate.
    if not isinstance(metric, str) or metric not in QUALITY_METRICS:
        raise ConfigError(
            f"unknown quality metric {safe_repr(metric)}; expected one of "
            f"{sorted(QUALITY_METRICS)}",
            path="metric",
        )
    # Built first, whatever the metric: as_of and fcr_window are read (and refused by name)
    # for every metric, not only FCR's (an as_of of "3" or a window of -1 was taken silently).
    fcr = FirstContactResolution.empty(window=fcr_window, as_of=as_of)
    if metric == "csat":
        # The report's KPI section and the goals' reading: each ticket's latest rating (a
        # customer who rates again has changed their mind) judged satisfied or not on its own
        # scale (6-7 of 1-7, "good" of good/bad, 4-5 of 1-5), never read as if it were 1-5.
        share: Estimate = Ratings.satisfied_share().add_many(histories).result(level)
        return share
    if metric == "nps":
        # As the report and the goals read it: each ticket's latest rating, a score on 0-10; one
        # on another scale, or not whole, is a ScaleError naming the ticket (it was rounded and
        # counted as if on 0-10).
        nps: Estimate = Ratings.empty(NPS.empty()).add_many(histories).result(level)
        return nps
    if metric == "reopen_rate":
        return ReopenRate.empty().add_many(histories).result(level)
    if metric == "resolution_rate":
        return ResolutionRate.empty().add_many(histories).result(level)
    return fcr.add_many(histories).result(level)


def _response_check(s: ResponseStandard, est: Estimate) -> StandardCheck:
    cmp = Comparator.GE
    gap = None if est.value is None else shortfall(est.value, cmp, s.attainment, worst=0.0)
    return StandardCheck(
        kind="response",
        channel=s.channel,
        metric=s.metric.value,
        priority=None if s.priority is None else s.priority.value,
        standard=s.describe(),
        comparator=cmp,
        threshold=s.attainment,
        unit="share",
        estimate=est,
        verdict=verdict(est, cmp, s.attainment),
        shortfall=gap,
    )


def _quality_check(b: QualityBenchmark, est: Estimate) -> StandardCheck:
    spec = b.spec
    gap = (
        None
        if est.value is None
        else shortfall(est.value, spec.comparator, b.threshold, worst=spec.worst)
    )
    return StandardCheck(
        kind="quality",
        channel=b.channel or ALL,
        metric=b.metric,
        priority=None,
        standard=b.describe(),
        comparator=spec.comparator,
        threshold=b.threshold,
        unit=spec.unit,
        estimate=est,
        verdict=verdict(est, spec.comparator, b.threshold),
        shortfall=gap,
    )
