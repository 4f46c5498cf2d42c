"""Render a report document as plain text: one block per section, tables and bars.

Shares are shown in percent with one decimal, times in hours; every KPI and SLA figure is
followed by its interval in brackets (``?`` for a bound the data cannot give at that level).

Examples:
    >>> from servicemodel.report import build_report
    >>> print(render_text(build_report([])).splitlines()[2])
    Overview
"""

from __future__ import annotations

from typing import Any

from servicemodel.goals import GoalState
from servicemodel.kpi import Estimate
from servicemodel.report._document import (
    AttainmentRow,
    GoalReport,
    GoalsSection,
    KPISection,
    Overview,
    Report,
    SLASection,
    TimeRow,
)
from servicemodel.report._kpi import METRICS

__all__ = ["goals_lines", "kpi_lines", "overview_lines", "render_text", "sla_lines"]


def render_text(report: Report) -> str:
    """Return the report as text: a title line, then each section, ending with a newline.

    Examples:
        >>> from servicemodel.report import Source, build_report
        >>> render_text(build_report([], source=Source("x.jsonl"))).splitlines()[0]
        'servicemodel report: x.jsonl'
    """
    bad = report.source.bad_records
    lines = [f"servicemodel report: {report.source.file}"]
    if bad:
        lines.append(f"{len(bad)} bad record(s) set aside, first: {bad[0]}")
    lines += ["", *overview_lines(report.overview)]
    lines += ["", *kpi_lines(report.kpi)]
    if report.sla is not None:
        lines += ["", *sla_lines(report.sla)]
    if report.goals is not None:
        lines += ["", *goals_lines(report.goals)]
    return "\n".join(lines) + "\n"


# --- overview -------------------------------------------------------------------------------


def _bar(n: int, top: int, width: int = 30) -> str:
    return "#" * max(1, round(width * n / top)) if top and n else ""


def overview_lines(section: Overview) -> list[str]:
    """Return the text lines of the overview section.

    Examples:
        >>> overview_lines(Overview(tickets=0, events=0))[:3]
        ['Overview', '========', 'tickets: 0   events: 0']
    """
    first = None if section.first_created is None else section.first_created.isoformat()
    last = None if section.last_created is None else section.last_created.isoformat()
    lines = [
        "Overview",
        "========",
        f"tickets: {section.tickets}   events: {section.events}",
        f"created: {first} .. {last}",
    ]
    for counts, title in (
        (section.by_channel, "By channel"),
        (section.by_priority, "By priority"),
        (section.by_status, "By final status"),
        (section.by_week, "By ISO week of creation"),
    ):
        total = sum(n for _, n in counts) or 1
        top = max((n for _, n in counts), default=0)
        lines += ["", title]
        for name, n in counts:
            lines.append(f"  {name:<10} {n:>6} {100 * n / total:5.1f} %  {_bar(n, top)}")
    return lines


# --- KPIs -----------------------------------------------------------------------------------


def _num(value: float, unit: str) -> str:
    if unit == "share":
        return f"{100 * value:.1f}"
    return f"{value:.1f}" if unit == "points" else f"{value:.2f}"


def _kpi_line(name: str, est: Estimate) -> str:
    unit = est.unit
    suffix = {"share": " %", "points": ""}.get(unit, f" {unit}")
    if est.value is None:
        value, interval = "–", ""
    else:
        value = _num(est.value, unit) + suffix
        lo = "?" if est.lower is None else _num(est.lower, unit)
        hi = "?" if est.upper is None else _num(est.upper, unit)
        interval = f"[{lo}, {hi}]"
    missing = f"  missing={est.missing}" if est.missing else ""
    return f"  {name:<24}{value:>10}   {interval:<20} n={est.n}{missing}"


def kpi_lines(section: KPISection) -> list[str]:
    """Return the text lines of the KPI section.

    Examples:
        >>> from servicemodel.report._kpi import build_kpi
        >>> kpi_lines(build_kpi([]))[0]
        'KPIs (95 % intervals; times in calendar h)'
    """
    level = f"{100 * section.level:g} %"
    head = f"KPIs ({level} intervals; times in {section.time_basis} {section.time_unit})"
    lines = [head, "=" * len(head), section.overall.label]
    lines += [_kpi_line(METRICS[key], section.overall.figure(key)) for key in METRICS]
    lines += [
        "",
        "missing: tickets never replied to / not resolved (censored, not counted as 0)",
    ]
    for scopes, title in (
        (section.by_channel, "By channel"),
        (section.by_week, "By ISO week of creation"),
    ):
        lines += ["", title, "-" * len(title)]
        for scope in scopes:
            lines.append(scope.label)
            lines += [_kpi_line(METRICS[key], scope.figure(key)) for key in METRICS]
    return lines


# --- SLA ------------------------------------------------------------------------------------


def _pct_interval(est: Estimate) -> str:
    if est.value is None:
        return ""
    lo = "?" if est.lower is None else f"{100 * est.lower:.1f}"
    hi = "?" if est.upper is None else f"{100 * est.upper:.1f}"
    return f"[{lo}, {hi}]"


def _attainment_line(row: AttainmentRow) -> str:
    est = row.attainment
    ratio = "-" if est.value is None else f"{100 * est.value:.1f} %"
    priority = "all" if row.priority is None else row.priority
    return (
        f"{row.metric:<16} {priority:<8} {row.achieved:>6} {row.breached:>6} "
        f"{row.active:>6} {row.paused:>6} {ratio:>10}  {_pct_interval(est)}"
    ).rstrip()


def _h(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} h"


def _h_interval(est: Estimate) -> str:
    if est.value is None:
        return ""
    lo = "?" if est.lower is None else f"{est.lower:.1f}"
    hi = "?" if est.upper is None else f"{est.upper:.1f}"
    return f"[{lo}, {hi}]"


def _time_line(t: TimeRow) -> str:
    return (
        f"  {t.metric:<12} n={t.n:<6} median {_h(t.median.value):>9} "
        f"{_h_interval(t.median):<14} p90 {_h(t.p90.value):>9} {_h_interval(t.p90):<14} "
        f"({t.censored} still running, not counted)"
    )


def sla_lines(section: SLASection) -> list[str]:
    """Return the text lines of the SLA section: attainment table, times, worst breaches.

    Each metric's priority rows are followed by its row over all priorities (``all``).

    Examples:
        >>> from servicemodel.report._sla import build_sla
        >>> from servicemodel.sla import PolicySet
        >>> sla_lines(build_sla([], PolicySet([])))[-1]
        '  none'
    """
    level = f"{100 * section.level:g} %"
    lines = [
        "SLA attainment",
        "==============",
        f"{'metric':<16} {'priority':<8} {'achvd':>6} {'brchd':>6} {'active':>6} "
        f"{'paused':>6} {'attainment':>10}  {level} interval",
    ]
    totals = {row.metric: row for row in section.by_metric}
    for i, row in enumerate(section.attainment):
        lines.append(_attainment_line(row))
        following = section.attainment[i + 1] if i + 1 < len(section.attainment) else None
        if (following is None or following.metric != row.metric) and row.metric in totals:
            lines.append(_attainment_line(totals[row.metric]))
    lines.append(
        f"({section.measured_tickets} of {section.tickets} tickets matched a policy; "
        "attainment = achieved / (achieved + breached), Wilson interval)"
    )
    lines += ["", f"Business time of stopped clocks (nearest-rank percentiles, {level} intervals)"]
    lines += [_time_line(t) for t in section.business_time]
    lines += ["", "Worst breaches (by overrun)"]
    if not section.worst_breaches:
        lines.append("  none")
    for b in section.worst_breaches:
        due = None if b.due_at is None else b.due_at.isoformat()
        lines.append(
            f"  {b.ticket:<12} {b.metric:<16} {b.priority:<7} "
            f"over by {b.overrun.total_seconds() / 3600:.1f} h "
            f"(target {b.target.total_seconds() / 3600:g} h, due {due})"
        )
    return lines


# --- goals ----------------------------------------------------------------------------------


def _g(value: float | None) -> str:
    return "–" if value is None else f"{value:.3g}"


def _goal_lines(g: GoalReport) -> list[str]:
    status = g.status
    label = status.status.value.replace("_", " ").upper()
    lines = [f"- {g.goal.name}: {label}  {g.goal.describe()}"]
    unit = f" {g.unit}" if g.unit else ""
    latest: Any = status.latest
    if latest is not None:
        interval = (
            f" [{_g(latest.lower)}, {_g(latest.upper)}]"
            if latest.lower is not None or latest.upper is not None
            else ""
        )
        shown = "–" if status.progress is None else f"{100 * status.progress:.0f} %"
        missing = getattr(latest, "missing", 0)
        censored = f", {missing} censored" if missing else ""
        lines.append(
            f"    latest {_g(latest.value)}{unit}{interval} (n={latest.n}{censored}), "
            f"progress {shown}, projection {_g(status.projection)}{unit} at the deadline"
        )
    lines.append(f"    {status.reason}")
    lines.extend(f"    warning: {w}" for w in g.goal.warnings)
    return lines


def goals_lines(section: GoalsSection) -> list[str]:
    """Return the text lines of the goals section.

    Examples:
        >>> from servicemodel.report._goals import _doc_goal, build_goals
        >>> g = _doc_goal()
        >>> for line in goals_lines(build_goals([], [g], at=g.window[0])):
        ...     print(line)
        Goals at 2026-08-03T00:00:00+00:00 (1 goal: 1 not started)
        - email replies under 2 h: NOT STARTED  mean first_reply_time [channel=email] < 2 h ...
            no data since the start
    """
    summary = dict(section.summary)
    counts = ", ".join(
        f"{n} {state.replace('_', ' ')}"
        for state in (s.value for s in GoalState)
        if (n := summary.get(state))
    )
    plural = "goal" if len(section.goals) == 1 else "goals"
    head = f"Goals at {section.at.isoformat()} ({len(section.goals)} {plural}: {counts or 'none'})"
    lines = [head]
    for g in section.goals:
        lines += _goal_lines(g)
    return lines
