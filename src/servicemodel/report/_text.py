"""Render a report document as plain text: one block per section, tables and bars.

Shares are shown in percent with one decimal, times in hours of the base the section names;
every KPI and SLA figure is followed by its interval in brackets (``?`` for a bound the data
cannot give at that level). Instants are shown in the report's zone.

Examples:
    >>> from servicemodel.report import build_report
    >>> print(render_text(build_report([])).splitlines()[3])
    Overview
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Any

from servicemodel._numbers import level_percent
from servicemodel._validators import require_type
from servicemodel.goals import GoalState
from servicemodel.kpi import Estimate
from servicemodel.report._document import (
    AttainmentRow,
    GoalReport,
    GoalsSection,
    KPIScope,
    KPISection,
    Overview,
    Report,
    Scope,
    SLASection,
    TimeRow,
)
from servicemodel.report._figures import num
from servicemodel.report._goal_checks import TIME_KPIS
from servicemodel.report._kpi import METRICS
from servicemodel.report._left_out import left_out, left_out_note
from servicemodel.report._reconcile_render import reconcile_lines
from servicemodel.report._set_aside import set_aside_lines
from servicemodel.report._ticket_metrics_render import ticket_metrics_lines

__all__ = [
    "goals_lines",
    "kpi_lines",
    "overview_lines",
    "render_text",
    "scope_line",
    "scope_warnings",
    "sla_lines",
    "snapshot_basis",
]


def render_text(report: Report) -> str:
    """Return the report as text: a title line, then each section, ending with a newline.

    Examples:
        >>> from servicemodel.report import Source, build_report
        >>> render_text(build_report([], source=Source("x.jsonl"))).splitlines()[0]
        'servicemodel report: x.jsonl'
    """
    require_type(report, Report, "report")
    lines = [f"servicemodel report: {report.source.file}"]
    lines += set_aside_lines(report.source.bad_records)
    if report.source.skipped:
        lines.append(report.source.skipped_summary())
    lines += [f"warning: {w}" for w in report.source.warnings]
    if report.scope is not None:
        lines.append(scope_line(report.scope, report.kpi.as_of))
        lines += scope_warnings(report.scope, report.kpi.as_of)
    lines += ["", *overview_lines(report.overview)]
    lines += ["", *kpi_lines(report.kpi)]
    if report.sla is not None:
        lines += ["", *sla_lines(report.sla)]
    if report.reconciliation is not None:
        lines += ["", *reconcile_lines(report.reconciliation)]
    if report.ticket_metrics is not None:
        lines += ["", *ticket_metrics_lines(report.ticket_metrics)]
    if report.goals is not None:
        lines += ["", *goals_lines(report.goals)]
    return "\n".join(lines) + "\n"


# --- scope ----------------------------------------------------------------------------------


def scope_line(scope: Scope, as_of: datetime | None = None) -> str:
    """Return the line saying what the report covers (instants in the zone of ``as_of``).

    Examples:
        >>> from datetime import UTC, datetime
        >>> t = datetime(2026, 11, 2, 7, tzinfo=UTC)
        >>> scope_line(Scope(t, None, None, 10, 2, 0, 8, "at"))
        'snapshot at 2026-11-02T07:00:00+00:00 (--at): 8 of 10 tickets (2 created after the snapshot)'
        >>> scope_line(Scope(t, datetime(2026, 10, 1, tzinfo=UTC), None, 10, 0, 3, 7, "at"))
        'snapshot at 2026-11-02T07:00:00+00:00 (--at): 7 of 10 tickets (3 created before --since 2026-10-01T00:00:00+00:00)'
        >>> scope_line(Scope(None, None, None, 0, 0, 0, 0))
        'no snapshot (no ticket to take it from): 0 of 0 tickets'
    """  # noqa: E501
    zone = None if as_of is None else as_of.tzinfo
    when = None if scope.as_of is None else scope.as_of.astimezone(zone).isoformat()
    left = []
    if scope.after_snapshot:
        left.append(f"{scope.after_snapshot} created after the snapshot")
    since = None if scope.since is None else scope.since.astimezone(zone).isoformat()
    until = None if scope.until is None else scope.until.astimezone(zone).isoformat()
    if since is not None and until is not None:
        left.append(f"{scope.outside_window} created outside [{since}, {until})")
    elif since is not None:  # one bound: no "None" for the other ("[..., None)")
        left.append(f"{scope.outside_window} created before --since {since}")
    elif until is not None:
        left.append(f"{scope.outside_window} created at or after --until {until}")
    tail = f" ({'; '.join(left)})" if left else ""
    if when is None:  # no ticket to take the snapshot from and no --at: say so, not "None"
        return f"no snapshot (no ticket to take it from): {scope.selected} of {scope.total} tickets"
    return (
        f"snapshot at {when}{_basis(scope, zone)}: {scope.selected} of {scope.total} tickets{tail}"
    )


def scope_warnings(scope: Scope, as_of: datetime | None = None) -> list[str]:
    """Return the scope's warnings as the report's lines under the scope line ("warning: ").

    Examples:
        >>> scope_warnings(Scope(None, None, None, 0, 0, 0, 0))
        []
    """
    zone = None if as_of is None else as_of.tzinfo
    return [f"warning: {w}" for w in scope.warnings(zone)]


def _basis(scope: Scope, zone: tzinfo | None) -> str:
    """Where the snapshot came from, in words (nothing when the scope does not say).

    Examples:
        >>> from datetime import UTC, datetime
        >>> t = datetime(2026, 3, 5, 10, tzinfo=UTC)
        >>> _basis(Scope(t, None, None, 1, 0, 0, 1, "updated", datetime(2026, 3, 4, tzinfo=UTC)), UTC)
        " (the tickets' latest update; the last event was 2026-03-04T00:00:00+00:00)"
    """  # noqa: E501
    return snapshot_basis(
        scope.basis, scope.last_event, zone, capped=scope.refused_event is not None
    )


def snapshot_basis(
    basis: str | None, last_event: datetime | None, zone: tzinfo | None, *, capped: bool = False
) -> str:
    """Where a snapshot came from, in the words of the report's scope line (``basis`` as the
    scope's: ``"at"``, ``"last_event"``, ``"updated"``; nothing when it is not known).
    ``capped``: events after the time the report was made (in the future) were refused, so
    the last event taken is the last one up to that time.

    Examples:
        >>> snapshot_basis("last_event", None, None), snapshot_basis(None, None, None)
        (" (the export's last event)", '')
        >>> snapshot_basis("last_event", None, None, capped=True)
        " (the export's last event not in the future; see the warning)"
    """
    upto = " not in the future" if capped else ""
    see = "; see the warning" if capped else ""
    if basis == "at":
        return " (--at)"
    if basis == "last_event":
        return f" (the export's last event{upto}{see})"
    if basis == "updated" and last_event is not None:
        last = last_event.astimezone(zone).isoformat()
        return f" (the tickets' latest update; the last event{upto} was {last}{see})"
    return ""


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
        f"created: {first} .. {last}" if first is not None else "created: no tickets selected",
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
        width = max((len(name) for name, _ in counts), default=0)  # a long name keeps columns
        rows = _quiet_weeks(counts) if counts is section.by_week else counts
        for name, n in rows:
            if n is None:  # a run of weeks without tickets, said in one line
                lines.append(f"  {name}")
                continue
            lines.append(
                f"  {name:<{max(10, width)}} {n:>6} {100 * n / total:5.1f} %  {_bar(n, top)}"
            )
    return lines


def _quiet_weeks(
    counts: tuple[tuple[str, int], ...],
) -> list[tuple[str, int | None]]:
    """The overview's weeks, a run of two or more weeks without tickets as one row.

    Every week is listed (0 where no ticket was created: no silent gap), but a log over
    years with quiet stretches would print a row per empty week; the KPI section's weeks
    are folded the same way. The JSON, CSV, Markdown and HTML list each week.

    Examples:
        >>> _quiet_weeks((("W1", 3), ("W2", 0), ("W3", 0), ("W4", 0), ("W5", 1), ("W6", 0)))
        [('W1', 3), ('W2 .. W4  no tickets (3 weeks)', None), ('W5', 1), ('W6', 0)]
    """
    rows: list[tuple[str, int | None]] = []
    run: list[str] = []
    for name, n in (*counts, (None, None)):
        if name is not None and n == 0:
            run.append(name)
            continue
        if len(run) >= 2:
            rows.append((f"{run[0]} .. {run[-1]}  no tickets ({len(run)} weeks)", None))
        else:
            rows += [(week, 0) for week in run]
        run = []
        if name is not None:
            rows.append((name, n))
    return rows


# --- KPIs -----------------------------------------------------------------------------------


def _num(value: float, unit: str) -> str:
    if unit == "share":
        return num(100 * value, ".1f")
    return num(value, ".1f") if unit == "points" else num(value, ".2f")


def _kpi_line(name: str, est: Estimate, estimator: str = "") -> str:
    unit = est.unit
    suffix = {"share": " %", "points": ""}.get(unit, f" {unit}")
    if est.value is None:
        value, interval = "–", ""
    else:
        value = _num(est.value, unit) + suffix
        lo = "?" if est.lower is None else _num(est.lower, unit)
        hi = "?" if est.upper is None else _num(est.upper, unit)
        interval = f"[{lo}, {hi}]"
    censored = dict(est.counts).get("censored", 0) if estimator == "kaplan-meier" else 0
    if est.value is None and est.method.startswith("not available"):
        interval = est.method  # the export lacks what the figure needs (see report._kpi)
    if est.value is None and censored:
        # The Kaplan-Meier curve never falls that far: too many still wait to say (not 0).
        interval = "not reached yet"
    missing = f"  missing={est.missing}" if est.missing else ""
    if censored:
        missing += f"  censored={censored}"
    # Partial histories lacking what the figure needs: left out (in missing=), and said why.
    note = left_out_note(est)
    if note:
        missing += f"  ({note})"
    return f"  {name:<24}{value:>10}   {interval:<20} n={est.n}{missing}"


def _scope_lines(scope: KPIScope, section: KPISection) -> list[str]:
    label = scope.label if scope.partial is None else f"{scope.label}  PARTIAL: {scope.partial}"
    timed = ("frt_p50", "frt_p90", "resolution_p50", "resolution_p90")
    return [label] + [
        _kpi_line(METRICS[key], scope.figure(key), section.estimator if key in timed else "")
        for key in METRICS
    ]


def kpi_lines(section: KPISection) -> list[str]:
    """Return the text lines of the KPI section.

    Examples:
        >>> from servicemodel.report._kpi import build_kpi
        >>> kpi_lines(build_kpi([]))[0]
        'KPIs (95 % intervals; times in h of calendar time)'
    """
    level = f"{level_percent(section.level)} %"
    head = f"KPIs ({level} intervals; times in {section.time_unit} of {section.base.label})"
    lines = [head, "=" * len(head), *_scope_lines(section.overall, section)]
    lines += ["", *_estimator_note(section)]
    scopes_by_title = [
        (section.by_channel, "By channel"),
        (section.by_week, "By ISO week of creation"),
    ]
    if section.shown_breakdown():
        scopes_by_title.append((section.shown_breakdown(), f"By {section.breakdown}"))
    for scopes, title in scopes_by_title:
        lines += ["", title, "-" * len(title)]
        if scopes is section.by_week:
            lines += _week_lines(scopes, section)
            continue
        for scope in scopes:
            lines += _scope_lines(scope, section)
    return lines


def _empty(scope: KPIScope) -> bool:
    return scope.partial is None and all(est.n == 0 for _, est in scope.figures)


def _week_lines(scopes: tuple[KPIScope, ...], section: KPISection) -> list[str]:
    """Each week's figures; a run of two or more weeks with nothing to measure is one line.

    A log over years with quiet stretches (BPI Challenge 2013: two years, most tickets in the
    last weeks) otherwise prints a block of dashes per empty week. The JSON and CSV keep
    every week.

    Examples:
        >>> from servicemodel.kpi import Estimate
        >>> from servicemodel.report._kpi import build_kpi
        >>> none = (("csat", Estimate("CSAT", None, 0)),)
        >>> weeks = tuple(KPIScope(w, none) for w in ("W1", "W2", "W3"))
        >>> _week_lines(weeks, build_kpi([]))
        ['W1 .. W3  nothing to measure: n=0 for every figure (3 weeks)']
        >>> _week_lines(weeks[1:], build_kpi([]))[0]
        'W2 .. W3  nothing to measure: n=0 for every figure (2 weeks)'
    """
    lines: list[str] = []
    run: list[KPIScope] = []
    for scope in (*scopes, None):
        if scope is not None and _empty(scope):
            run.append(scope)
            continue
        if len(run) == 1:  # one quiet week keeps its block: a gap in a trend, shown as one
            lines += _scope_lines(run[0], section)
        elif run:
            lines.append(
                f"{run[0].label} .. {run[-1].label}  nothing to measure: "
                f"n=0 for every figure ({len(run)} weeks)"
            )
        run = []
        if scope is not None:
            lines += _scope_lines(scope, section)
    return lines


def _estimator_note(section: KPISection) -> list[str]:
    when = None if section.as_of is None else section.as_of.isoformat()
    window = f"{section.fcr_window / timedelta(hours=1):g} h"
    notes = [
        f"FCR: tickets solved in the last {window} before the snapshot (the review window) may",
        "still be reopened: not judged yet (missing=), neither first-contact resolved nor not.",
    ]
    scopes = (section.overall, *section.by_channel, *section.by_week, *section.by_breakdown)
    if any(left_out(est) for scope in scopes for _, est in scope.figures):
        # missing= above also counts these: say so where the reader learns what it means.
        notes += [
            "Partial histories: a ticket whose export lacks a fact a figure needs is left out",
            "of that figure and counted in its missing= too, as the note beside it says.",
        ]
    if section.estimator == "kaplan-meier":
        return [
            "Times: Kaplan-Meier estimates; tickets not yet replied to / resolved at the",
            f"snapshot {when} are censored at their time so far (censored=), not dropped.",
            *notes,
        ]
    return [
        "Times: FINISHED TICKETS ONLY (--finished-only); tickets not yet replied to / resolved",
        f"at {when} are left out (missing=), which biases the times toward fast tickets.",
        *notes,
    ]


# --- SLA ------------------------------------------------------------------------------------


def _pct_interval(est: Estimate) -> str:
    if est.value is None:
        return ""
    lo = "?" if est.lower is None else num(100 * est.lower, ".1f")
    hi = "?" if est.upper is None else num(100 * est.upper, ".1f")
    return f"[{lo}, {hi}]"


def _attainment_line(row: AttainmentRow) -> str:
    est = row.attainment
    ratio = "-" if est.value is None else f"{num(100 * est.value, '.1f')} %"
    priority = "all" if row.priority is None else row.priority
    interval = _pct_interval(est)
    if est.value is None and est.method.startswith("not available"):
        interval = est.method  # the export lacks what the metric needs (see report._sla)
    note = left_out_note(est)  # partial histories lacking what the clock needs
    if note:
        interval = f"{interval}  ({note})" if interval else f"({note})"
    return (
        f"{row.metric:<16} {priority:<8} {row.achieved:>6} {row.breached:>6} "
        f"{row.active:>6} {row.paused:>6} {ratio:>10}  {interval}"
    ).rstrip()


def _h(value: float | None) -> str:
    return "-" if value is None else f"{num(value, '.1f')} h"


def _h_interval(est: Estimate) -> str:
    if est.value is None:
        return ""
    lo = "?" if est.lower is None else num(est.lower, ".1f")
    hi = "?" if est.upper is None else num(est.upper, ".1f")
    return f"[{lo}, {hi}]"


def _time_line(t: TimeRow) -> str:
    note = (
        f"({t.censored} still running, censored)"
        if t.estimator == "kaplan-meier"
        else f"({t.censored} still running, not counted)"
    )
    return (
        f"  {t.metric:<12} n={t.n:<6} median {_h(t.median.value):>9} "
        f"{_h_interval(t.median):<14} p90 {_h(t.p90.value):>9} {_h_interval(t.p90):<14} "
        f"{note}"
    )


def _times_lines(section: SLASection, level: str) -> list[str]:
    if not section.times:
        return ["", "Clock times: no first reply or resolution clocks"]
    how = (
        "Kaplan-Meier, running clocks censored"
        if section.times[0].estimator == "kaplan-meier"
        else "stopped clocks only, nearest rank"
    )
    lines = ["", f"Clock times, pauses excluded ({how}; {level} intervals)"]
    bases = list(dict.fromkeys(t.base for t in section.times))
    for base in bases:
        lines.append(f" in hours of {base.label}:")
        lines += [_time_line(t) for t in section.times if t.base == base]
    return lines


def sla_lines(section: SLASection) -> list[str]:
    """Return the text lines of the SLA section: attainment table, times, worst breaches.

    Its warnings (a policy's label no ticket has) come under the title, before the table.
    Each metric's priority rows are followed by its row over all priorities (``all``).

    Examples:
        >>> from servicemodel.report._sla import build_sla
        >>> from servicemodel.sla import PolicySet
        >>> sla_lines(build_sla([], PolicySet([])))[-1]
        '  none'
    """
    level = f"{level_percent(section.level)} %"
    lines = [
        "SLA attainment",
        "==============",
        *(f"warning: {w}" for w in section.warnings()),
        f"{'metric':<16} {'priority':<8} {'achvd':>6} {'brchd':>6} {'active':>6} "
        f"{'paused':>6} {'attainment':>10}  {level} interval",
    ]
    totals = {row.metric: row for row in section.by_metric}
    for i, row in enumerate(section.attainment):
        lines.append(_attainment_line(row))
        following = section.attainment[i + 1] if i + 1 < len(section.attainment) else None
        if (following is None or following.metric != row.metric) and row.metric in totals:
            lines.append(_attainment_line(totals[row.metric]))
    measured = {row.metric for row in section.attainment}
    # A metric not measured (the export cannot support it) has its total row only.
    lines += [_attainment_line(r) for r in section.by_metric if r.metric not in measured]
    when = "" if section.evaluated_at is None else f" at {section.evaluated_at.isoformat()}"
    lines.append(
        f"({section.tally(when)}; attainment = achieved / (achieved + breached), Wilson interval)"
    )
    lines += _times_lines(section, level)
    lines += ["", "Worst breaches (by overrun; hours in the target's base)"]
    if not section.worst_breaches:
        lines.append("  none")
    for b in section.worst_breaches:
        due = None if b.due_at is None else b.due_at.isoformat()
        base = "calendar time" if b.base.kind == "calendar" else "business hours"
        lines.append(
            f"  {b.ticket:<12} {b.policy:<12} {b.metric:<16} {b.priority:<7} "
            f"over by {b.overrun.total_seconds() / 3600:.1f} h "
            f"(target {b.target.total_seconds() / 3600:g} h of {base}, due {due})"
        )
    return lines


# --- goals ----------------------------------------------------------------------------------


def _g(value: float | None) -> str:
    return "–" if value is None else f"{value:.3g}"


def _g_bound(bound: float | None) -> str:
    """A bound of a goal's interval: ``?`` where it is missing, as estimates show it."""
    return "?" if bound is None else f"{bound:.3g}"


def _goal_lines(g: GoalReport) -> list[str]:
    status = g.status
    label = status.status.value.replace("_", " ").upper()
    lines = [f"- {g.goal.name}: {label}  {g.goal.describe()}"]
    unit = f" {g.unit}" if g.unit else ""
    latest: Any = status.latest
    if latest is not None:
        interval = (
            f" [{_g_bound(latest.lower)}, {_g_bound(latest.upper)}]"
            if latest.lower is not None or latest.upper is not None
            else ""
        )
        shown = "–" if status.progress is None else f"{100 * status.progress:.0f} %"
        dropped = left_out(latest) if isinstance(latest, Estimate) else 0
        # Kaplan-Meier counts the waiting tickets in n, censored at the snapshot (its
        # ``counts``): "n=41, 1 of them censored". A mean (finished tickets only) leaves them
        # out of n (in ``missing``): "n=40, 1 still waiting, not counted", as the SLA
        # section's finished-only times say of their running clocks. Never "censored" for
        # tickets outside n: read beside the Kaplan-Meier line it would count them twice.
        held = dict(getattr(latest, "counts", ())).get("censored")
        if held is not None:
            censored = f", {held} of them censored" if held else ""
        else:
            missing = getattr(latest, "missing", 0) - dropped
            why = " still waiting" if g.goal.kpi in TIME_KPIS else ""
            censored = f", {missing}{why}, not counted" if missing else ""
        if dropped:
            censored += f", {dropped} left out (partial history)"
        period = "" if status.latest_period is None else f" {_period(g, status.latest_period)}"
        lines.append(
            f"    latest{period} {_g(latest.value)}{unit}{interval} (n={latest.n}{censored}), "
            f"progress {shown}"
        )
        if status.projection is not None:
            lines.append(
                f"    trend line (least squares) at the deadline {_g(status.projection)}{unit}, "
                f"{_slope(g, status.slope_per_day, unit)}"
            )
    lines.append(f"    {status.reason}")
    if g.treatment:
        lines.append(f"    {g.treatment}")
    lines.extend(f"    warning: {w}" for w in g.goal.warnings)
    return lines


def _slope(g: GoalReport, slope: float | None, unit: str) -> str:
    if slope is None:
        return "no slope"
    if slope == 0:
        return f"slope 0{unit}/day (flat)"
    better = (slope < 0) == g.goal.direction.lower_is_better
    return f"slope {slope:+.3g}{unit}/day ({'improving' if better else 'worsening'})"


def _period(g: GoalReport, key: Any) -> str:
    for point in g.series:
        if point.start == key:
            return point.period
    return key.isoformat() if isinstance(key, datetime) else str(key)


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
            mean over finished tickets only (waiting ones not counted)
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
