"""Render a report document as JSON-ready data (plain dicts, lists, numbers and strings).

Each figure is written with its full precision; an interval is written next to its value
(``lower``/``upper``, or ``<name>_lower``/``<name>_upper`` where a record holds several
figures). Instants are ISO 8601 strings in the report's zone. Every duration figure carries
its ``base`` (``"calendar time"`` or ``"business hours of ..."``), its ``base_kind`` and its
``estimator`` (``"kaplan-meier"`` or ``"finished-only"``). The shape is published as a JSON
Schema, ``servicemodel/report/schema/report-1.json`` (``SCHEMA_VERSION``).

Examples:
    >>> from servicemodel.report import build_report
    >>> data = report_to_dict(build_report([]))
    >>> list(data), data["overview"]["tickets"]
    (['schema', 'source', 'scope', 'overview', 'kpi'], 0)
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from servicemodel._validators import require_type
from servicemodel.kpi import Estimate
from servicemodel.report._base import CALENDAR, Base
from servicemodel.report._document import (
    AttainmentRow,
    Breach,
    GoalReport,
    GoalsSection,
    KPIScope,
    KPISection,
    Overview,
    Report,
    Scope,
    SLASection,
    TimeRow,
    UnseenLabel,
)
from servicemodel.report._left_out import figure_note, left_out
from servicemodel.report._reconcile_render import reconcile_data
from servicemodel.report._ticket_metrics_render import ticket_metrics_data

__all__ = [
    "SCHEMA_VERSION",
    "goals_data",
    "kpi_data",
    "overview_data",
    "render_json",
    "report_to_dict",
    "sla_data",
]

_HOUR = timedelta(hours=1)

#: The version of the JSON Schema the output follows (``schema/report-<version>.json``).
SCHEMA_VERSION = 1
_SCHEMA_ID = f"https://servicemodel.dev/schema/report-{SCHEMA_VERSION}.json"


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def render_json(report: Report) -> str:
    """Return the report as indented JSON text, ending with a newline.

    Examples:
        >>> from servicemodel.report import build_report
        >>> render_json(build_report([])).startswith('{\\n  "schema": ')
        True
    """
    require_type(report, Report, "report")
    return json.dumps(report_to_dict(report), indent=2, default=str) + "\n"


def report_to_dict(report: Report) -> dict[str, Any]:
    """Return the report as JSON-ready data: ``source``, ``overview``, ``kpi`` (and more).

    ``sla``, ``reconciliation``, ``ticket_metrics`` and ``goals`` are present when the report
    has those sections.

    Examples:
        >>> from servicemodel.report import Source, build_report
        >>> report_to_dict(build_report([], source=Source("x.jsonl")))["source"]
        {'file': 'x.jsonl', 'bad_records': [], 'warnings': []}
    """
    require_type(report, Report, "report")
    data: dict[str, Any] = {
        "schema": _SCHEMA_ID,
        "source": _source(report),
        "scope": scope_data(report.scope, report.kpi.as_of),
        "overview": overview_data(report.overview),
        "kpi": kpi_data(report.kpi),
    }
    if report.sla is not None:
        data["sla"] = sla_data(report.sla)
    if report.reconciliation is not None:
        data["reconciliation"] = reconcile_data(report.reconciliation)
    if report.ticket_metrics is not None:
        data["ticket_metrics"] = ticket_metrics_data(report.ticket_metrics)
    if report.goals is not None:
        data["goals"] = goals_data(report.goals)
    return data


def scope_data(scope: Scope | None, as_of: datetime | None = None) -> dict[str, Any] | None:
    """Return what the report covers as JSON-ready data (instants in the zone of ``as_of``).

    Examples:
        >>> scope_data(Scope(None, None, None, 0, 0, 0, 0))["empty_reason"]
        'the export holds no tickets'
    """
    if scope is None:
        return None
    zone = None if as_of is None else as_of.tzinfo

    def shown(when: datetime | None) -> str | None:
        return None if when is None else _iso(when.astimezone(zone) if zone else when)

    return {
        "as_of": shown(scope.as_of),
        "since": shown(scope.since),
        "until": shown(scope.until),
        "total": scope.total,
        "after_snapshot": scope.after_snapshot,
        "outside_window": scope.outside_window,
        "selected": scope.selected,
        "empty_reason": scope.empty_reason(zone),
        # Where the snapshot came from (--at, the last event, the tickets' latest update).
        "basis": scope.basis,
        "last_event": shown(scope.last_event),
        # A latest update after the time the report was made, refused as the snapshot.
        "refused_update": shown(scope.refused_update),
        "made_at": shown(scope.made_at),
        # The export's last event when after the time the report was made, refused as the
        # snapshot, and the events (creations included) and tickets after that time.
        "refused_event": shown(scope.refused_event),
        "future_events": scope.future_events,
        "future_tickets": scope.future_tickets,
        "warnings": list(scope.warnings(zone)),
    }


def overview_data(section: Overview) -> dict[str, Any]:
    """Return the overview section as JSON-ready data.

    Examples:
        >>> overview_data(Overview(tickets=1, events=0, by_channel=[("chat", 1)]))["by_channel"]
        {'chat': 1}
    """
    return {
        "tickets": section.tickets,
        "first_created": _iso(section.first_created),
        "last_created": _iso(section.last_created),
        "events": section.events,
        "by_channel": dict(section.by_channel),
        "by_priority": dict(section.by_priority),
        "by_status": dict(section.by_status),
        "by_week": dict(section.by_week),
    }


def _estimate(est: Estimate) -> dict[str, Any]:
    out: dict[str, Any] = {
        "value": est.value,
        "lower": est.lower,
        "upper": est.upper,
        "n": est.n,
        "missing": est.missing,
        "unit": est.unit,
    }
    # The export lacks what the figure needs (see report._kpi), or some tickets do and were
    # left out (see report._left_out): say so.
    note = figure_note(est)
    if note:
        out["note"] = note
    if left_out(est):
        out["left_out"] = left_out(est)
    return out


def _base(base: Base, estimator: str) -> dict[str, Any]:
    return {"base": base.label, "base_kind": base.kind, "estimator": estimator}


#: The KPI figures that are durations (they carry their base).
_DURATIONS = ("frt_p50", "frt_p90", "resolution_p50", "resolution_p90")


def _censored(est: Estimate) -> int:
    # Finished-only times count the censored tickets in ``missing``, beside those left out.
    return int(dict(est.counts).get("censored", est.missing - left_out(est)))


def _scope(scope: KPIScope, section: KPISection) -> dict[str, dict[str, Any]]:
    out = {}
    for key, est in scope.figures:
        record = _estimate(est)
        if key in _DURATIONS:
            record |= _base(section.base, section.estimator) | {"censored": _censored(est)}
        out[key] = record
    return out


def kpi_data(section: KPISection) -> dict[str, Any]:
    """Return the KPI section as JSON-ready data: each figure's value, interval, n and unit.

    Examples:
        >>> from servicemodel.report._kpi import build_kpi
        >>> kpi_data(build_kpi([]))["overall"]["csat"]["n"]
        0
    """
    return {
        "level": section.level,
        "tz": section.tz,
        "time_basis": section.time_basis,
        "base": section.base.label,
        "estimator": section.estimator,
        "as_of": _iso(section.as_of),
        "time_unit": section.time_unit,
        "fcr_window_hours": section.fcr_window / _HOUR,
        "tickets": section.tickets,
        "overall": _scope(section.overall, section),
        "by_channel": {scope.label: _scope(scope, section) for scope in section.by_channel},
        "by_week": {scope.label: _scope(scope, section) for scope in section.by_week},
        "partial_weeks": {
            scope.label: scope.partial for scope in section.by_week if scope.partial is not None
        },
        "breakdown": section.breakdown,
        "by_breakdown": {scope.label: _scope(scope, section) for scope in section.by_breakdown},
    }


def _attainment(row: AttainmentRow) -> dict[str, Any]:
    est = row.attainment
    return {
        "metric": row.metric,
        "priority": row.priority,
        "achieved": row.achieved,
        "breached": row.breached,
        "active": row.active,
        "paused": row.paused,
        "attainment": est.value,
        "attainment_lower": est.lower,
        "attainment_upper": est.upper,
        # The export cannot support the metric (see report._sla.sla_unavailable), or some
        # partial histories cannot and were left out of it (report._sla.SLAPlan): say so.
        **_left_out_fields(est),
    }


def _times(row: TimeRow) -> dict[str, Any]:
    return {
        "metric": row.metric,
        **_base(row.base, row.estimator),
        "n": row.n,
        "censored": row.censored,
        "median_hours": row.median.value,
        "p90_hours": row.p90.value,
        "median_lower_hours": row.median.lower,
        "median_upper_hours": row.median.upper,
        "p90_lower_hours": row.p90.lower,
        "p90_upper_hours": row.p90.upper,
    }


def _breach(b: Breach) -> dict[str, Any]:
    return {
        "ticket": b.ticket,
        "policy": b.policy,
        "metric": b.metric,
        "priority": b.priority,
        "base": b.base.label,
        "base_kind": b.base.kind,
        "target_hours": b.target.total_seconds() / 3600,
        "overrun_hours": b.overrun.total_seconds() / 3600,
        "due_at": _iso(b.due_at),
        "stopped_at": _iso(b.stopped_at),
    }


def _unseen(u: UnseenLabel) -> dict[str, Any]:
    return {
        "policy": u.policy,
        "where": u.where,
        "label": u.label,
        "export_labels": list(u.export_labels),
    }


def sla_data(section: SLASection) -> dict[str, Any]:
    """Return the SLA section as JSON-ready data, each attainment and time with its interval.

    ``attainment`` has a record per metric and priority, ``by_metric`` one per metric over all
    priorities (``priority`` is ``None``); ``level`` is the intervals' confidence level;
    ``warnings`` are the section's warnings (``SLASection.warnings``) and ``unseen_labels``
    the labels they name, each with ``policy``, ``where`` (``pause`` or ``targets``),
    ``label`` and the ``export_labels`` of that kind.

    Examples:
        >>> from servicemodel.report._sla import build_sla
        >>> from servicemodel.sla import PolicySet
        >>> sla_data(build_sla([], PolicySet([])))["times"]
        []
    """
    return {
        "tickets": section.tickets,
        "measured_tickets": section.measured_tickets,
        "evaluated_at": _iso(section.evaluated_at),
        "attainment": [_attainment(row) for row in section.attainment],
        "times": [_times(row) for row in section.times],
        "worst_breaches": [_breach(b) for b in section.worst_breaches],
        "level": section.level,
        "by_metric": [_attainment(row) for row in section.by_metric],
        # The policies' labels no ticket of the export has: each said, and what it names.
        "warnings": list(section.warnings()),
        "unseen_labels": [_unseen(u) for u in section.unseen_labels],
    }


def _goal(g: GoalReport) -> dict[str, Any]:
    timed = g.goal.kpi in ("first_reply_time", "resolution_time")
    base = {"base": CALENDAR.label, "base_kind": CALENDAR.kind} if timed else {}
    return {
        **base,
        "name": g.goal.name,
        "description": g.goal.describe(),
        "goal": g.goal.to_dict(),
        "unit": g.unit,
        "treatment": g.treatment,
        "warnings": list(g.goal.warnings),
        "status": g.status.to_dict(),
        "series": [
            {
                "period": point.period,
                "start": point.start.isoformat(),
                "value": point.estimate.value,
                "lower": point.estimate.lower,
                "upper": point.estimate.upper,
                "n": point.estimate.n,
                "missing": point.estimate.missing,
                "censored": point.censored,
                **_left_out_fields(point.estimate),
                "partial": point.partial,
            }
            for point in g.series
        ],
    }


def _left_out_fields(est: Estimate) -> dict[str, Any]:
    """A goal point's note and count of tickets left out (partial histories), if any."""
    note = figure_note(est)
    return {
        **({"note": note} if note else {}),
        **({"left_out": left_out(est)} if left_out(est) else {}),
    }


def goals_data(section: GoalsSection) -> dict[str, Any]:
    """Return the goals section as JSON-ready data: each goal, its status and its series.

    Examples:
        >>> from datetime import UTC, datetime
        >>> goals_data(GoalsSection(datetime(2026, 8, 3, tzinfo=UTC), False, 0.95))["goals"]
        []
    """
    return {
        "at": section.at.isoformat(),
        "strict": section.strict,
        "level": section.level,
        "goals": [_goal(g) for g in section.goals],
        "summary": dict(section.summary),
    }


def _source(report: Report) -> dict[str, Any]:
    source: dict[str, Any] = {
        "file": report.source.file,
        "bad_records": list(report.source.bad_records),
    }
    if report.source.skipped:  # optional: absent when the loader skipped nothing
        source["skipped"] = [{"id": s.id, "reason": s.reason} for s in report.source.skipped]
    # Always present, as sla.warnings is: a reader checks one key, never its absence.
    source["warnings"] = list(report.source.warnings)
    return source
