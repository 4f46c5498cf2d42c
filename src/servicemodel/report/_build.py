"""Build a whole report document from ticket histories and the report's options.

Examples:
    >>> from servicemodel.report import ReportOptions, build_report
    >>> report = build_report([], ReportOptions(tz="Europe/Berlin"))
    >>> report.kpi.tz, report.sla is None
    ('Europe/Berlin', True)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

import attrs

from servicemodel._config import one_of, safe_repr
from servicemodel._numbers import count_field, count_value, is_bool
from servicemodel._validators import require_type
from servicemodel.calendar import zone
from servicemodel.errors import ConfigError, InputTypeError, require_instant
from servicemodel.goals import SmartGoal
from servicemodel.io._shared import bulk
from servicemodel.kpi._shared import level_value
from servicemodel.model import TicketHistory
from servicemodel.reconcile import VendorVerdict
from servicemodel.report._checks import histories_of, members, of, optional
from servicemodel.report._checks import level as a_level
from servicemodel.report._detail import PolicyTally, build_detail
from servicemodel.report._document import Report, Source
from servicemodel.report._goals import build_goals
from servicemodel.report._kpi import breakdown_key, kpi_parts
from servicemodel.report._labels import unseen_labels
from servicemodel.report._overview import build_overview
from servicemodel.report._partial import OPEN_SHARE, PartialRule
from servicemodel.report._reconcile import LISTED, ReconcileTally
from servicemodel.report._select import select
from servicemodel.report._sla import SLAPlan, sla_section
from servicemodel.report._ticket_metrics import (
    Place,
    TicketMetricsSection,
    policy_calendar,
    ticket_metrics_section,
)
from servicemodel.sla import Measurement, PolicySet, SLAPolicy

__all__ = ["ReportOptions", "build_report"]

# The snapshot of an empty selection (nothing to censor: any instant gives the same curves).
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _zone(value: Any) -> tzinfo:
    if isinstance(value, tzinfo):
        return value
    if not isinstance(value, str):
        raise InputTypeError(f"tz: expected an IANA zone name or tzinfo, got {safe_repr(value)}")
    return zone(value, "tz")


def _instant(_: Any, attribute: Any, value: Any) -> None:
    # Checked where the instant enters (``--at``, ``--since``, ``--until``); used in UTC.
    if value is not None:
        require_instant(value, attribute.name)


def _after_since(options: Any, attribute: Any, value: Any) -> None:
    # An empty window selects nothing whatever the export: a swapped pair of bounds, not an
    # export with no tickets in it, so it is bad input rather than an empty report.
    _instant(options, attribute, value)
    since = options.since
    if value is not None and since is not None and value.astimezone(UTC) <= since.astimezone(UTC):
        raise ConfigError(
            f"{value.isoformat()} is not after since {since.isoformat()}: no ticket is created "
            "in [since, until); swap them?",
            path="until",
        )


def _breakdown(_: Any, __: Any, value: Any) -> None:
    if value is not None:
        breakdown_key(value)


def _share(_: Any, attribute: Any, value: Any) -> None:
    if is_bool(value) or not isinstance(value, int | float):
        raise InputTypeError(
            f"{attribute.name}: expected a share in (0, 1], got {type(value).__name__} "
            f"{safe_repr(value)}"
        )
    if not 0 < value <= 1:  # a number not allowed (0, 1.5, NaN): a ValueError
        raise ConfigError(
            f"expected a share in (0, 1], got {safe_repr(value)}", path=attribute.name
        )


def _goals(value: Any) -> tuple[SmartGoal, ...] | None:
    return None if value is None else members(value, SmartGoal, "goals")


def _verdicts(value: Any) -> tuple[VendorVerdict, ...] | None:
    if value is None:
        return None
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InputTypeError(
            f"vendor_verdicts: expected VendorVerdicts (an iterable), got {safe_repr(value)}"
        )
    found = tuple(value)
    for i, v in enumerate(found):
        if not isinstance(v, VendorVerdict):
            raise InputTypeError(
                f"vendor_verdicts[{i}]: expected a VendorVerdict, got {safe_repr(v)}"
            )
        # Compared with the snapshot in UTC: a naive instant would be read in local time.
        for name in _VERDICT_INSTANTS:
            when = getattr(v, name)
            if when is not None:
                require_instant(when, f"vendor_verdicts[{i}].{name}")
    return found


#: The instants of a vendor verdict, each checked where it enters the report (``stops`` are
#: checked with the verdict's other fields when the report is built).
_VERDICT_INSTANTS = ("breached_at", "fulfilled_at", "started_at", "target_since",
                     "paused_at", "elapsed_at", "due_at", "read_at")  # fmt: skip


def _texts(value: Any) -> tuple[str, ...]:
    """``vendor_bad_records``: the records set aside, each said as a text."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InputTypeError(
            f"vendor_bad_records: expected a list of texts, got {type(value).__name__} "
            f"{safe_repr(value)}"
        )
    items = list(value)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise InputTypeError(
                f"vendor_bad_records[{i}]: expected a text, got {type(item).__name__} "
                f"{safe_repr(item)}"
            )
    return tuple(items)


def _metric_inputs(value: Any) -> tuple[Any, ...] | None:
    """``ticket_metrics``: records, pages or files, as ``zendesk_ticket_metrics`` reads them."""
    if value is None:
        return None
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InputTypeError(
            "ticket_metrics: expected Ticket Metrics records, pages or files (an iterable), "
            f"got {safe_repr(value)}"
        )
    return tuple(value)


def _shared_ids(value: Any) -> tuple[str, ...]:
    """``ticket_metrics_shared_replies``: reply (event) ids, as texts."""
    return members(value, str, "ticket_metrics_shared_replies")


def _places(value: Any) -> tuple[Place, ...]:
    """``ticket_metrics_places``: (file, path within it, line) of each record."""
    found = members(value, tuple, "ticket_metrics_places")
    for i, place in enumerate(found):
        if (
            len(place) != 3
            or not all(isinstance(x, str) for x in place[:2])
            or not (place[2] is None or (type(place[2]) is int and place[2] > 0))
        ):
            raise InputTypeError(
                f"ticket_metrics_places[{i}]: expected (file, path, line or None), got "
                f"{safe_repr(place)}"
            )
    return found


def _others(value: Any) -> tuple[tuple[str, str], ...]:
    """``ticket_metrics_others``: (ticket id, what it says) of each record not read."""
    found = members(value, tuple, "ticket_metrics_others")
    for i, pair in enumerate(found):
        if len(pair) != 2 or not all(isinstance(x, str) for x in pair):
            raise InputTypeError(
                f"ticket_metrics_others[{i}]: expected (ticket id, text), got {safe_repr(pair)}"
            )
    return found


def _one_place_each(options: Any, _: Any, value: tuple[Place, ...]) -> None:
    """``ticket_metrics_places``: none, or one for each of ``ticket_metrics``' items."""
    records = options.ticket_metrics
    if value and len(value) != len(records or ()):  # contradicts ticket_metrics: a ValueError
        raise ConfigError(
            f"expected one place for each of the {len(records or ())} items of ticket_metrics, "
            f"or none, got {len(value)}",
            path="ticket_metrics_places",
        )


def _on_error(_: Any, attribute: Any, value: Any) -> None:
    if not one_of(value, ("raise", "collect")):  # (an array compares element-wise)
        raise ConfigError(
            f"expected 'raise' or 'collect', got {safe_repr(value)}", path=attribute.name
        )


def _needs_policies(options: Any, _: Any, value: Any) -> None:
    # Our verdicts are the SLA section's: without policies there is nothing to put beside.
    if value is not None and options.policies is None:
        raise ConfigError(
            "the vendor's SLA verdicts are compared with the SLA section's: give policies too",
            path="vendor_verdicts",
        )


def _tolerance(_: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, timedelta):
        raise InputTypeError(
            f"{attribute.name}: expected a timedelta of 0 or more, got {type(value).__name__} "
            f"{safe_repr(value)}"
        )
    if value < timedelta(0):  # a timedelta not allowed: a ValueError
        raise ConfigError(
            f"expected a timedelta of 0 or more, got {safe_repr(value)}", path=attribute.name
        )


@attrs.frozen
class ReportOptions:
    """What a report covers: its zone, snapshot, selection, SLA policies, goals and estimator.

    ``tz`` (an IANA name or ``ZoneInfo``) sets weeks and periods, and every instant is printed
    in it; ``at`` is the snapshot for every section (default: the export's last event, or
    ``observed_until`` where that is later): tickets created after it are left out and events
    after it are unknown; ``observed_until`` is an instant the export is known to reach
    without an event there -- pass a helpdesk load's
    [`LoadResult.observed_until`][servicemodel.io.LoadResult] (its tickets' latest update), as
    ``servicemodel report`` does; ``at`` always wins over it. An ``observed_until`` after
    ``now``, the time the report is made (default: the wall clock when
    [`build_report`][servicemodel.report.build_report] runs), is no time an export read now
    can reach -- a skewed helpdesk clock or a typo -- and is refused: the snapshot stays the
    last event, and the report says so (``Scope.refused_update``, its warnings). Events after
    ``now`` are refused alike (a clock skewed into the future, a day and month swapped, a
    year 2062): the snapshot is the export's last instant up to ``now``, and the report says
    how many events and tickets lie after it (``Scope.refused_event``). Without ``now`` and
    ``observed_until`` nothing is checked: histories built in Python (a simulation) may lie
    ahead of the clock; ``servicemodel report`` gives the clock; ``since`` /
    ``until`` select tickets by creation (``since <= created < until``); ``policies`` adds
    the SLA section and ``goals`` the goals section; ``level`` is the intervals' confidence
    level. Time KPIs are Kaplan-Meier estimates (open tickets censored at the snapshot) unless
    ``finished_only``; ``by`` (``channel``, ``priority``, ``group``, ``agent``, ``tag`` or
    ``attr:NAME``) adds a breakdown of the KPIs; ``partial_open_share`` is the share of
    unresolved tickets from which a period is flagged partial; ``allow_unknown_segments``
    turns a goal's segment value that no ticket has from an error into a warning;
    ``include_partial`` lets goals use partial periods (they are left out by default).
    ``vendor_verdicts`` (any iterable of
    [`VendorVerdict`][servicemodel.reconcile.VendorVerdict]s; needs ``policies``) adds the
    vendor reconciliation section: breach instants within ``reconcile_tolerance`` agree, the
    first ``reconcile_listed`` disagreements are listed, and ``vendor_bad_records`` are the
    vendor records set aside while reading them (shown in the section).
    ``ticket_metrics`` (Zendesk's Ticket Metrics records, pages or files, as
    [`zendesk_ticket_metrics`][servicemodel.reconcile.zendesk_ticket_metrics] reads them)
    adds the ticket metrics section: Zendesk's durations beside ours on the selection, in
    business minutes on the SLA policies' calendar when they share one;
    ``ticket_metrics_places`` says where each record was read (``(file, path, line)``, for
    the errors; one for each item of ``ticket_metrics``, or none), ``ticket_metrics_on_error``
    whether a bad record stops the report (``"raise"``) or is set aside (``"collect"``), and
    ``ticket_metrics_shared_replies`` the replies that came through ticket sharing, which
    Zendesk's first reply time does not count (``zendesk.load(...).shared_replies``;
    ``servicemodel report`` passes them); ``ticket_metrics_others`` the records of a ticket
    not read that differ from the one read, as (ticket id, text) (``read_metric_records``'
    ``others``: the section notes those of the tickets it compares).

    Examples:
        >>> ReportOptions(tz="Europe/Berlin").tz
        zoneinfo.ZoneInfo(key='Europe/Berlin')
        >>> from datetime import UTC, datetime
        >>> day = datetime(2026, 3, 2, tzinfo=UTC)
        >>> ReportOptions(since=day, until=day)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: until: 2026-03-02T00:00:00+00:00 is not after since ...
        >>> ReportOptions(tz="Mars/Olympus")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: tz: unknown time zone 'Mars/Olympus'
    """

    tz: tzinfo = attrs.field(default=UTC, converter=_zone)
    policies: PolicySet | SLAPolicy | None = attrs.field(
        default=None, validator=optional((PolicySet, SLAPolicy))
    )
    goals: tuple[SmartGoal, ...] | None = attrs.field(default=None, converter=_goals)
    at: datetime | None = attrs.field(default=None, validator=_instant)
    level: float = attrs.field(default=0.95, converter=level_value, validator=a_level)
    since: datetime | None = attrs.field(default=None, validator=_instant)
    until: datetime | None = attrs.field(default=None, validator=_after_since)
    finished_only: bool = attrs.field(default=False, validator=of(bool))
    by: str | None = attrs.field(default=None, validator=_breakdown)
    partial_open_share: float = attrs.field(default=OPEN_SHARE, validator=_share)
    allow_unknown_segments: bool = attrs.field(default=False, validator=of(bool))
    include_partial: bool = attrs.field(default=False, validator=of(bool))
    vendor_verdicts: tuple[VendorVerdict, ...] | None = attrs.field(
        default=None, converter=_verdicts, validator=_needs_policies
    )
    vendor_bad_records: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    reconcile_tolerance: timedelta = attrs.field(default=timedelta(minutes=1), validator=_tolerance)
    reconcile_listed: int = attrs.field(
        default=LISTED, converter=count_value, validator=count_field
    )
    observed_until: datetime | None = attrs.field(default=None, validator=_instant)
    now: datetime | None = attrs.field(default=None, validator=_instant)
    ticket_metrics: tuple[Any, ...] | None = attrs.field(default=None, converter=_metric_inputs)
    ticket_metrics_places: tuple[Place, ...] = attrs.field(
        default=(), converter=_places, validator=_one_place_each
    )
    ticket_metrics_on_error: str = attrs.field(default="raise", validator=_on_error)
    ticket_metrics_shared_replies: tuple[str, ...] = attrs.field(default=(), converter=_shared_ids)
    ticket_metrics_others: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_others)


def build_report(
    histories: Sequence[TicketHistory],
    options: ReportOptions | None = None,
    *,
    source: Source | None = None,
) -> Report:
    """Build the report document of ``histories``: overview, KPIs, and SLA and goals if asked.

    Every section is built from the same selection (see ``ReportOptions``): the tickets
    created by the snapshot instant and within ``[since, until)``, each as it stood then.
    Each section is computed once, from the library's primitives (the KPI accumulators,
    [`evaluate`][servicemodel.sla.evaluate],
    [`SmartGoal.evaluate`][servicemodel.goals.SmartGoal.evaluate]); render the result with
    [`render_text`][servicemodel.report.render_text] or
    [`render_json`][servicemodel.report.render_json]. ``report.scope`` says what was
    selected, and why nothing was when the selection is empty.

    Examples:
        >>> build_report([]).source
        Source(file='', bad_records=(), skipped=(), warnings=())
        >>> build_report([]).scope.empty_reason()
        'the export holds no tickets'
    """
    # The collector is paused while the sections are built: they create millions of short-lived
    # acyclic objects (freed by reference counting) and caches on every history, and its
    # passes over the growing set of live objects cost about a fifth of the time (see bulk()).
    chosen = histories_of(histories)
    if options is not None:
        require_type(options, ReportOptions, "options")
    if source is not None:
        require_type(source, Source, "source")
    with bulk():
        return _build(chosen, options, source)


def _build(
    histories: Sequence[TicketHistory], options: ReportOptions | None, source: Source | None
) -> Report:
    # Long for its docstring and one keyword per option passed to each section; no branches.
    opts = options if options is not None else ReportOptions()
    # The time the report is made, read once, where there is an update to check against it
    # (it checks the events too; without either, histories built in Python, a simulation, may
    # lie ahead of the clock).
    now = opts.now
    if now is None and opts.observed_until is not None:
        now = datetime.now(UTC)
    chosen, scope = select(
        histories,
        at=opts.at,
        since=opts.since,
        until=opts.until,
        observed_until=opts.observed_until,
        now=now,
    )
    rule = PartialRule(scope.as_of, scope.since, scope.until, opts.partial_open_share, opts.tz)
    as_of = scope.as_of
    # Each ticket is measured once; the SLA section and the per-policy detail share the
    # measurements (``as_of`` is None only when nothing was selected). A metric a partial
    # history cannot support (no first-reply or solved column, no audits) is not measured on
    # it: the ticket is left out of that metric and counted, and a metric no ticket can
    # support is shown as not available.
    by_policy = None if opts.policies is None else PolicyTally()
    plan = None if opts.policies is None else SLAPlan(chosen, opts.policies)
    policies = opts.policies
    # The vendor's verdicts are reconciled with the same measurements, one ticket at a time.
    reconciler = _reconciler(opts, chosen, as_of, policies)
    # The KPI pass's curves are reused by the detail's charts (same clocks, same snapshot).
    kpi, accumulated = kpi_parts(
        chosen,
        tz=opts.tz,
        level=opts.level,
        as_of=as_of,
        finished_only=opts.finished_only,
        breakdown=opts.by,
        partial=rule,
    )
    sla = (
        None
        if plan is None
        else sla_section(
            _measured(chosen, plan, as_of, by_policy, reconciler),
            at=as_of,
            level=opts.level,
            finished_only=opts.finished_only,
            tz=opts.tz,
            unavailable=plan.unavailable,
            left_out=plan.left_out,
            left_out_by_priority=plan.left_out_by_priority,
        )
    )
    if sla is not None and policies is not None:
        # Judged against every ticket of the export, selected or not: a label no ticket has
        # is a policy that cannot match the export's labels, not a quiet week.
        sla = attrs.evolve(sla, unseen_labels=unseen_labels(policies, histories))
    return Report(
        source=source if source is not None else Source(""),
        overview=build_overview(chosen, tz=opts.tz),
        kpi=kpi,
        sla=sla,
        goals=None
        if opts.goals is None
        else build_goals(
            chosen,
            opts.goals,
            at=as_of,
            level=opts.level,
            partial=rule,
            finished_only=opts.finished_only,
            allow_unknown_segments=opts.allow_unknown_segments,
            tz=opts.tz,
            include_partial=opts.include_partial,
        ),
        scope=scope,
        # The charts' curves and per-policy attainment (the text and JSON do not show them).
        detail=build_detail(
            chosen,
            as_of=as_of or _EPOCH,
            policies=policies,
            level=opts.level,
            by_policy=by_policy,
            accumulated=accumulated,
        ),
        # Built after the SLA section, whose pass fed it every ticket's measurements.
        reconciliation=None if reconciler is None else reconciler.section(),
        ticket_metrics=_ticket_metrics(opts, chosen),
    )


def _ticket_metrics(
    opts: ReportOptions, chosen: Sequence[TicketHistory]
) -> TicketMetricsSection | None:
    if opts.ticket_metrics is None:
        return None
    return ticket_metrics_section(
        chosen,
        opts.ticket_metrics,
        places=opts.ticket_metrics_places,
        calendar=policy_calendar(opts.policies),
        on_error=opts.ticket_metrics_on_error,
        shared_replies=opts.ticket_metrics_shared_replies,
        others=opts.ticket_metrics_others,
    )


def _reconciler(
    opts: ReportOptions,
    chosen: Sequence[TicketHistory],
    as_of: datetime | None,
    policies: PolicySet | SLAPolicy | None,
) -> ReconcileTally | None:
    if opts.vendor_verdicts is None or policies is None:
        return None
    return ReconcileTally(
        opts.vendor_verdicts,
        {h.id for h in chosen},
        at=as_of,
        tz=opts.tz,
        level=opts.level,
        tolerance=opts.reconcile_tolerance,
        listed=opts.reconcile_listed,
        bad_records=opts.vendor_bad_records,
    )


def _measured(
    histories: Sequence[TicketHistory],
    plan: SLAPlan,
    at: datetime | None,
    tally: PolicyTally | None,
    reconciler: ReconcileTally | None = None,
) -> Iterator[Sequence[Measurement]]:
    # Streams each ticket's measurements to the SLA section, counting them per policy on the
    # way for the detail (built after the section, from the same pass), and handing them to
    # the vendor reconciliation when there is one.
    # ``plan.evaluations``: ``evaluate`` of each (a partial history without the metrics it
    # cannot support); on a complete export, the policies and ``at`` checked once.
    for measurements in plan.evaluations(histories, at):
        if tally is not None:
            tally.add(measurements)
        if reconciler is not None:
            reconciler.add(measurements)
        yield measurements
