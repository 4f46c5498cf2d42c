"""The report document: a frozen value built once, then rendered as text or JSON.

A [`Report`][servicemodel.report.Report] holds its sections; each section holds the figures
the primitives computed (an [`Estimate`][servicemodel.kpi.Estimate] with its interval and
``n``, a [`GoalStatus`][servicemodel.goals.GoalStatus], counts). Nothing in the document is
formatted: the renderers decide how a number is shown, so the text and the JSON always agree.

Examples:
    >>> from datetime import UTC
    >>> source = Source("export.jsonl")
    >>> source.file, source.bad_records
    ('export.jsonl', ())
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import as_tuple, require_type
from servicemodel.errors import InputTypeError, UnknownKeyError
from servicemodel.goals import GoalStatus, SmartGoal
from servicemodel.io import Skipped
from servicemodel.kpi import Estimate, SurvivalCurve
from servicemodel.kpi._shared import level_value
from servicemodel.report._base import CALENDAR, Base
from servicemodel.report._checks import count, count_in, counts_of, members, of, optional, texts
from servicemodel.report._checks import level as a_level
from servicemodel.report._labels import UnseenLabel
from servicemodel.report._reconcile import ReconcileRow, ReconcileSection
from servicemodel.report._select import Scope
from servicemodel.report._ticket_metrics import TicketMetricsSection

__all__ = [
    "AttainmentRow",
    "Base",
    "Breach",
    "CurveReport",
    "Detail",
    "GoalReport",
    "GoalsSection",
    "KPIScope",
    "KPISection",
    "Overview",
    "PolicyAttainment",
    "ReconcileRow",
    "ReconcileSection",
    "Report",
    "SLASection",
    "Scope",
    "SeriesPoint",
    "Source",
    "TimeRow",
    "UnseenLabel",
]


def _strings(value: Any) -> tuple[str, ...]:
    return texts(value, "bad_records")


def _warnings(value: Any) -> tuple[str, ...]:
    return texts(value, "warnings")


def _skips(value: Any) -> tuple[Skipped, ...]:
    return members(value, Skipped, "skipped")


def _by_channel(value: Any) -> tuple[tuple[str, int], ...]:
    return counts_of(value, "by_channel")


def _by_priority(value: Any) -> tuple[tuple[str, int], ...]:
    return counts_of(value, "by_priority")


def _by_status(value: Any) -> tuple[tuple[str, int], ...]:
    return counts_of(value, "by_status")


def _by_week(value: Any) -> tuple[tuple[str, int], ...]:
    return counts_of(value, "by_week")


def _summary(value: Any) -> tuple[tuple[str, int], ...]:
    return counts_of(value, "summary")


def _tuple_of(kind: type | tuple[type, ...]) -> Any:
    """attrs validator: the field is a tuple of ``kind`` (the builders pass tuples)."""

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, tuple):
            require_type(value, tuple, attribute.name)
        for i, item in enumerate(value):
            require_type(item, kind, f"{attribute.name}[{i}]")

    return check


def _figures(value: Any) -> tuple[tuple[str, Estimate], ...]:
    items = as_tuple(value, "figures")
    for i, item in enumerate(items):
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
            raise InputTypeError(
                f"figures[{i}]: expected a (key, Estimate) pair, got {safe_repr(item)}"
            )
        require_type(item[1], Estimate, f"figures[{i}][1]")
    return items


@attrs.frozen
class Source:
    """Where the report's data came from: the file, the records set aside and those skipped.

    ``bad_records`` are errors (a record that could not be read); ``skipped`` are records a
    helpdesk export holds and the loader left out on purpose (a deleted or merged ticket),
    each with its reason ([`LoadResult.skipped`][servicemodel.io.LoadResult]); ``warnings``
    say where the export is visibly incomplete by its own pages' word, tickets missing from
    it ([`LoadResult.warnings`][servicemodel.io.LoadResult]), and, from ``servicemodel
    report``, each file given more than once and read once.

    Examples:
        >>> from servicemodel.io import Skipped
        >>> Source("t.csv", ["line 2: bad"]).bad_records
        ('line 2: bad',)
        >>> Source("t.json", skipped=[Skipped("9", "deleted")]).skipped[0].reason
        'deleted'
    """

    file: str = attrs.field(validator=of(str))
    bad_records: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    skipped: tuple[Skipped, ...] = attrs.field(default=(), converter=_skips)
    warnings: tuple[str, ...] = attrs.field(default=(), converter=_warnings)

    def skipped_summary(self) -> str:
        """Return one line saying how many records were skipped and why ("" if none).

        Examples:
            >>> from servicemodel.io import Skipped
            >>> Source("t.json", skipped=[Skipped("9", "deleted"), Skipped("7", "merged"),
            ...                            Skipped("8", "deleted")]).skipped_summary()
            '3 record(s) skipped on purpose: 2 deleted, 1 merged'
        """
        if not self.skipped:
            return ""
        reasons: dict[str, int] = {}
        for s in self.skipped:
            reasons[s.reason] = reasons.get(s.reason, 0) + 1
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
        return f"{len(self.skipped)} record(s) skipped on purpose: {why}"


@attrs.frozen
class Overview:
    """What is in the export: counts by channel, priority, final status and ISO week.

    ``first_created`` and ``last_created`` are in the report's time zone; each ``by_*`` is a
    tuple of ``(name, count)`` pairs in display order.

    Examples:
        >>> Overview(tickets=0, events=0).by_channel
        ()
    """

    tickets: int = attrs.field(converter=count_in, validator=count)
    events: int = attrs.field(converter=count_in, validator=count)
    first_created: datetime | None = attrs.field(default=None, validator=optional(datetime))
    last_created: datetime | None = attrs.field(default=None, validator=optional(datetime))
    by_channel: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_by_channel)
    by_priority: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_by_priority)
    by_status: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_by_status)
    by_week: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_by_week)


@attrs.frozen
class KPIScope:
    """The KPI figures of one scope (overall, a channel, a week), each an Estimate.

    ``partial`` says why a period's scope is partial (``None``: complete, or not a period).

    Examples:
        >>> from servicemodel.kpi import Estimate, SurvivalCurve
        >>> KPIScope("Overall", (("csat", Estimate("CSAT", 0.9, 10)),)).figure("csat").value
        0.9
    """

    label: str = attrs.field(validator=of(str))
    figures: tuple[tuple[str, Estimate], ...] = attrs.field(converter=_figures)
    partial: str | None = attrs.field(default=None, validator=optional(str))

    def figure(self, key: str) -> Estimate:
        """Return the figure named ``key`` (a key of the KPI section's metrics).

        Examples:
            >>> from servicemodel.kpi import Estimate, SurvivalCurve
            >>> KPIScope("x", (("nps", Estimate("NPS", 10.0, 4)),)).figure("nps").n
            4
        """
        require_type(key, str, "key")
        for name, estimate in self.figures:
            if name == key:
                return estimate
        held = [name for name, _ in self.figures]
        raise UnknownKeyError(f"no figure {key!r} in scope {self.label!r}; it holds {held}")


@attrs.frozen
class KPISection:
    """KPIs with intervals, overall, per channel, per ISO week of creation and per breakdown.

    Every time figure is in ``base`` (``time_basis`` is its kind) and ``time_unit``;
    ``estimator`` is ``"kaplan-meier"`` (open tickets censored at ``as_of``) or
    ``"finished-only"`` (finished tickets only, open ones counted as missing).

    Examples:
        >>> from datetime import timedelta
        >>> s = KPISection(0.95, "UTC", "calendar", "h", timedelta(days=3), 0, KPIScope("", ()))
        >>> s.time_basis
        'calendar'
    """

    level: float = attrs.field(converter=level_value, validator=a_level)
    tz: str = attrs.field(validator=of(str))
    time_basis: str = attrs.field(validator=of(str))
    time_unit: str = attrs.field(validator=of(str))
    fcr_window: timedelta = attrs.field(validator=of(timedelta))
    tickets: int = attrs.field(converter=count_in, validator=count)
    overall: KPIScope = attrs.field(validator=of(KPIScope))
    by_channel: tuple[KPIScope, ...] = attrs.field(default=(), validator=_tuple_of(KPIScope))
    by_week: tuple[KPIScope, ...] = attrs.field(default=(), validator=_tuple_of(KPIScope))
    base: Base = attrs.field(default=CALENDAR, validator=of(Base))
    estimator: str = attrs.field(default="kaplan-meier", validator=of(str))
    as_of: datetime | None = attrs.field(default=None, validator=optional(datetime))
    breakdown: str | None = attrs.field(default=None, validator=optional(str))
    by_breakdown: tuple[KPIScope, ...] = attrs.field(default=(), validator=_tuple_of(KPIScope))

    def shown_breakdown(self) -> tuple[KPIScope, ...]:
        """The breakdown's scopes a rendering shows: none for ``channel``, which every report
        already shows as ``by_channel`` (the same scopes, printed twice otherwise).

        Examples:
            >>> from datetime import timedelta
            >>> s = KPISection(0.95, "UTC", "calendar", "h", timedelta(days=3), 0,
            ...                KPIScope("", ()), breakdown="channel",
            ...                by_breakdown=(KPIScope("chat", ()),))
            >>> import attrs
            >>> s.shown_breakdown(), len(attrs.evolve(s, breakdown="group").shown_breakdown())
            ((), 1)
        """
        return () if self.breakdown == "channel" else self.by_breakdown


@attrs.frozen
class AttainmentRow:
    """SLA attainment of one metric (and one priority, or ``None`` for all priorities).

    ``attainment`` is [`SLAAttainment`][servicemodel.kpi.SLAAttainment]'s result: achieved /
    (achieved + breached) with its Wilson interval; clocks still running are its ``missing``.

    Examples:
        >>> from servicemodel.kpi import SLAAttainment
        >>> row = AttainmentRow("first_reply", "high", 3, 1, 0, 0,
        ...                     SLAAttainment(None, 3, 1).result())
        >>> row.attainment.value
        0.75
    """

    metric: str = attrs.field(validator=of(str))
    priority: str | None = attrs.field(validator=optional(str))
    achieved: int = attrs.field(converter=count_in, validator=count)
    breached: int = attrs.field(converter=count_in, validator=count)
    active: int = attrs.field(converter=count_in, validator=count)
    paused: int = attrs.field(converter=count_in, validator=count)
    attainment: Estimate = attrs.field(validator=of(Estimate))


@attrs.frozen
class TimeRow:
    """Elapsed time of one SLA metric's clocks in one time base: median and p90.

    ``base`` is the clocks' time base (never two bases in one row). With ``estimator``
    ``"kaplan-meier"`` a clock still running or paused is censored at its elapsed time so far
    ([`SurvivalTimes`][servicemodel.kpi.SurvivalTimes]); with ``"finished-only"`` only the
    stopped clocks count ([`Durations`][servicemodel.kpi.Durations], nearest rank) and the
    others are ``censored``. ``n`` is the clocks the estimates stand on; unit ``h``.

    Examples:
        >>> from servicemodel.kpi import Durations
        >>> d = Durations.empty(unit="h").add_many([1, 2, 3])
        >>> TimeRow("resolution", 3, 0, d.percentile(50), d.percentile(90)).median.value
        2.0
    """

    metric: str = attrs.field(validator=of(str))
    n: int = attrs.field(converter=count_in, validator=count)
    censored: int = attrs.field(converter=count_in, validator=count)
    median: Estimate = attrs.field(validator=of(Estimate))
    p90: Estimate = attrs.field(validator=of(Estimate))
    base: Base = attrs.field(default=CALENDAR, validator=of(Base))
    estimator: str = attrs.field(default="finished-only", validator=of(str))


@attrs.frozen
class Breach:
    """One breached SLA clock, for the worst-breaches list.

    Examples:
        >>> from datetime import timedelta
        >>> Breach("T1", "p", "first_reply", "high", timedelta(hours=1), timedelta(hours=2),
        ...        None, None).overrun
        datetime.timedelta(seconds=7200)
    """

    ticket: str = attrs.field(validator=of(str))
    policy: str = attrs.field(validator=of(str))
    metric: str = attrs.field(validator=of(str))
    priority: str = attrs.field(validator=of(str))
    target: timedelta = attrs.field(validator=of(timedelta))
    overrun: timedelta = attrs.field(validator=of(timedelta))
    due_at: datetime | None = attrs.field(validator=optional(datetime))
    stopped_at: datetime | None = attrs.field(validator=optional(datetime))
    base: Base = attrs.field(default=CALENDAR, validator=of(Base))


@attrs.frozen
class SLASection:
    """SLA attainment per metric and priority, elapsed times, and the worst breaches.

    ``attainment`` has a row per metric and priority; ``by_metric`` a row per metric over
    all priorities; ``times`` the first-reply and resolution times, a row per metric and time
    base (clocks in business hours and clocks in calendar time are never pooled); instants
    are in the report's zone. ``worst_breaches`` are the breaches of largest overrun, largest
    first; equal overruns keep the order they were measured in (the tickets' order as given,
    then one ticket's metrics in ``Metric`` order, then cycles), the earlier first.
    ``unseen_labels`` are the policies' source labels (``label:NAME`` in ``pause`` or among
    the targets) that no ticket of the export has: compared exactly, a label cased otherwise
    never matches, so each is a warning (``warnings``).

    Examples:
        >>> SLASection(0, 0, None, 0.95).attainment
        ()
    """

    tickets: int = attrs.field(converter=count_in, validator=count)
    measured_tickets: int = attrs.field(converter=count_in, validator=count)
    evaluated_at: datetime | None = attrs.field(validator=optional(datetime))
    level: float = attrs.field(converter=level_value, validator=a_level)
    attainment: tuple[AttainmentRow, ...] = attrs.field(
        default=(), validator=_tuple_of(AttainmentRow)
    )
    by_metric: tuple[AttainmentRow, ...] = attrs.field(
        default=(), validator=_tuple_of(AttainmentRow)
    )
    times: tuple[TimeRow, ...] = attrs.field(default=(), validator=_tuple_of(TimeRow))
    worst_breaches: tuple[Breach, ...] = attrs.field(default=(), validator=_tuple_of(Breach))
    unseen_labels: tuple[UnseenLabel, ...] = attrs.field(
        default=(), validator=_tuple_of(UnseenLabel)
    )

    def warnings(self) -> tuple[str, ...]:
        """What the reader must know about the policies, one text each: the labels unseen.

        Examples:
            >>> s = SLASection(0, 0, None, 0.95, unseen_labels=(UnseenLabel("p", "pause", "X"),))
            >>> s.warnings()
            ("policy 'p' pauses on label:X, which no status change of the export has (labels are compared exactly; the export's: none)",)
        """  # noqa: E501
        return tuple(u.text() for u in self.unseen_labels)

    def tally(self, when: str = "") -> str:
        """How many tickets were measured (``when``: `` at <instant>``), as renderings print it.

        When some metrics are not available from the export, or leave out partial histories
        that cannot support them, a ticket a policy matched may have no clock measured, so the
        count says "measured" rather than "matched a policy".

        Examples:
            >>> SLASection(5, 3, None, 0.95).tally(" at noon")
            '3 of 5 tickets matched a policy at noon'
        """
        require_type(when, str, "when")
        counted = f"{self.measured_tickets} of {self.tickets} tickets"
        if any(r.attainment.method.startswith("not available") for r in self.by_metric):
            return (
                f"{counted} had a clock measured{when}; metrics not available from this export "
                "are not measured"
            )
        if any(dict(r.attainment.counts).get("left_out") for r in self.by_metric):
            return (
                f"{counted} had a clock measured{when}; a partial history is left out of the "
                "metrics it cannot support"
            )
        return f"{counted} matched a policy{when}"


@attrs.frozen
class SeriesPoint:
    """One period of a goal's KPI series: its label, its start and its estimate.

    A median or percentile time is a Kaplan-Meier estimate, as a KPI time is: its tickets
    still waiting at the cutoff are inside ``n`` and counted as ``censored``, which every
    format gives beside ``n`` (the JSON's ``censored``, the CSV's column, ``censored=`` in
    HTML and Markdown). A mean time, a share, NPS or a rate has no censored tickets (a mean's
    waiting tickets are in ``missing``), nor does a ``finished_only`` time: ``censored`` is 0.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.kpi import Estimate, SurvivalCurve
        >>> SeriesPoint("2026-W32", datetime(2026, 8, 3, tzinfo=UTC), Estimate("x", 1.0, 3)).period
        '2026-W32'
        >>> km = Estimate("p50", 2.0, 5, counts=(("censored", 2), ("events", 3)))
        >>> SeriesPoint("2026-W32", datetime(2026, 8, 3, tzinfo=UTC), km).censored
        2
    """

    period: str = attrs.field(validator=of(str))
    start: datetime = attrs.field(validator=of(datetime))
    estimate: Estimate = attrs.field(validator=of(Estimate))
    partial: str | None = attrs.field(default=None, validator=optional(str))

    @property
    def censored(self) -> int:
        """The tickets of a Kaplan-Meier estimate still waiting at the cutoff (0 for others)."""
        return int(dict(self.estimate.counts).get("censored", 0))


@attrs.frozen
class GoalReport:
    """One goal in the report: the goal, its unit, its series and its status.

    Examples:
        >>> GoalReport.__name__
        'GoalReport'
    """

    goal: SmartGoal = attrs.field(validator=of(SmartGoal))
    unit: str = attrs.field(validator=of(str))
    status: GoalStatus = attrs.field(validator=of(GoalStatus))
    series: tuple[SeriesPoint, ...] = attrs.field(validator=_tuple_of(SeriesPoint))
    treatment: str = attrs.field(default="", validator=of(str))


@attrs.frozen
class GoalsSection:
    """Each SMART goal's status at ``at``, with a count of goals per state.

    Examples:
        >>> from datetime import UTC, datetime
        >>> GoalsSection(datetime(2026, 8, 3, tzinfo=UTC), False, 0.95).summary
        ()
    """

    at: datetime = attrs.field(validator=of(datetime))
    strict: bool = attrs.field(validator=of(bool))
    level: float = attrs.field(converter=level_value, validator=a_level)
    goals: tuple[GoalReport, ...] = attrs.field(default=(), validator=_tuple_of(GoalReport))
    summary: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_summary)


@attrs.frozen
class CurveReport:
    """One Kaplan–Meier curve of the report: first reply or resolution, overall or a channel.

    ``metric`` is ``"first_reply"`` or ``"resolution"``; ``segment`` is ``"Overall"`` or a
    channel; ``curve`` the [`SurvivalCurve`][servicemodel.kpi.SurvivalCurve] (hours of
    calendar time, tickets still waiting censored at the snapshot).

    Examples:
        >>> from servicemodel.kpi import SurvivalTimes
        >>> CurveReport("resolution", "chat", SurvivalTimes.empty().result()).curve.n
        0
    """

    metric: str = attrs.field(validator=of(str))
    segment: str = attrs.field(validator=of(str))
    curve: SurvivalCurve = attrs.field(validator=of(SurvivalCurve))


@attrs.frozen
class PolicyAttainment:
    """SLA attainment of one policy, metric and priority (``None``: all its priorities).

    Examples:
        >>> from servicemodel.kpi import SLAAttainment
        >>> row = AttainmentRow("resolution", None, 1, 1, 0, 0, SLAAttainment(None, 1, 1).result())
        >>> PolicyAttainment("standard", row).row.attainment.value
        0.5
    """

    policy: str = attrs.field(validator=of(str))
    row: AttainmentRow = attrs.field(validator=of(AttainmentRow))


@attrs.frozen
class Detail:
    """What the charts draw beyond the text report: survival curves, attainment per policy.

    Neither the text nor the JSON output shows it; the HTML report draws it (and lists it in
    its tables), the CSV lists ``by_policy``.

    Examples:
        >>> Detail().curves
        ()
    """

    curves: tuple[CurveReport, ...] = attrs.field(default=(), validator=_tuple_of(CurveReport))
    by_policy: tuple[PolicyAttainment, ...] = attrs.field(
        default=(), validator=_tuple_of(PolicyAttainment)
    )


@attrs.frozen
class Report:
    """A whole report: source, overview and KPIs, with the SLA, goals and other sections asked for.

    ``reconciliation`` puts the vendor's SLA verdicts beside the SLA section's (built when
    ``ReportOptions.vendor_verdicts`` is given); ``ticket_metrics`` Zendesk's Ticket Metrics
    durations beside our times (built when ``ReportOptions.ticket_metrics`` is given).

    Build one with [`build_report`][servicemodel.report.build_report]; render it with
    [`render_text`][servicemodel.report.render_text] or
    [`render_json`][servicemodel.report.render_json].

    Examples:
        >>> from servicemodel.report import build_report
        >>> build_report([]).overview.tickets
        0
    """

    source: Source = attrs.field(validator=of(Source))
    overview: Overview = attrs.field(validator=of(Overview))
    kpi: KPISection = attrs.field(validator=of(KPISection))
    sla: SLASection | None = attrs.field(default=None, validator=optional(SLASection))
    goals: GoalsSection | None = attrs.field(default=None, validator=optional(GoalsSection))
    scope: Scope | None = attrs.field(default=None, validator=optional(Scope))
    detail: Detail = attrs.field(default=Detail(), validator=of(Detail))
    reconciliation: ReconcileSection | None = attrs.field(
        default=None, validator=optional(ReconcileSection)
    )
    ticket_metrics: TicketMetricsSection | None = attrs.field(
        default=None, validator=optional(TicketMetricsSection)
    )

    def sections(self) -> dict[str, Any]:
        """Return the sections present, by key (``overview``, ``kpi``, ``sla``, ``goals`` ...).

        The keys in order: ``overview``, ``kpi``, ``sla``, ``reconciliation``,
        ``ticket_metrics``, ``goals``.

        Examples:
            >>> from servicemodel.report import build_report
            >>> list(build_report([]).sections())
            ['overview', 'kpi']
        """
        found = {
            "overview": self.overview,
            "kpi": self.kpi,
            "sla": self.sla,
            "reconciliation": self.reconciliation,
            "ticket_metrics": self.ticket_metrics,
            "goals": self.goals,
        }
        return {key: section for key, section in found.items() if section is not None}
