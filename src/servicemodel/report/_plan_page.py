"""A weekly staffing plan (and its check by simulation) as one self-contained HTML page.

The page is built from the report's blocks (``report._page``: the same style sheet, tables,
chart figures and shell as the report page), so it has the same guarantees: inline CSS and
SVG, no script and nothing fetched, a text alternative and a data table for every chart,
colour-blind-safe colours with shapes or text besides, a print style, and the same bytes for
the same plan. Its sections: the plan's totals; the week as two heatmaps (agents needed, and
scheduled staff after shrinkage), whose data tables hold every interval's count tagged
``data-key="agents|INDEX"`` / ``"scheduled|INDEX"``; the service level against agents in the
busiest interval; and, given a [`PlanCheck`][servicemodel.forecast.PlanCheck], the simulated
against the target service level per interval (``data-key="simulated|INDEX"``).

Examples:
    >>> from servicemodel.staffing import ServiceLevelTarget, plan_intervals
    >>> plan = plan_intervals([0, 100], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    >>> page = render_plan_html(plan, charts=False)
    >>> page.startswith("<!DOCTYPE html>"), 'data-key="agents|1"' in page, "<script" in page
    (True, True, False)
"""

from __future__ import annotations

from html import escape

from servicemodel._config import safe_repr
from servicemodel._numbers import level_percent
from servicemodel._validators import require_type
from servicemodel.errors import InputTypeError, StaffingError
from servicemodel.forecast import PlanCheck
from servicemodel.report._charts import Chart
from servicemodel.report._page import chart_html, page, reorders, table_html
from servicemodel.report._plan_charts import (
    check_chart,
    heatmap_chart,
    peak_index,
    service_curve_chart,
)
from servicemodel.report._svg import have_matplotlib
from servicemodel.report._tables import Cell, Table
from servicemodel.staffing import (
    AbandonmentTarget,
    AsaTarget,
    ErlangATarget,
    OccupancyTarget,
    ServiceLevelTarget,
    WeeklyPlan,
)

__all__ = ["render_plan_html"]

#: Rules of this page only: the heatmaps' tables are wide and dense.
_CSS = """
figure.wide{margin:.8rem 0}
figure.narrow{max-width:36rem}
table.dense td,table.dense th{padding:.1rem .25rem;font-size:.75rem}
"""


def _target_text(target: ErlangATarget) -> str:
    if isinstance(target, ServiceLevelTarget):
        return f"{level_percent(target.fraction)} % answered within {target.within:g} s"
    if isinstance(target, AsaTarget):
        return f"average speed of answer at most {target.seconds:g} s"
    if isinstance(target, OccupancyTarget):
        return f"occupancy at most {level_percent(target.maximum)} %"
    assert isinstance(target, AbandonmentTarget)
    return f"at most {level_percent(target.maximum)} % abandoning"


def _meta(plan: WeeklyPlan, check: PlanCheck | None) -> list[str]:
    model = "Erlang C" if plan.model == "erlang-c" else "Erlang A"
    if plan.patience is not None:
        model += f" (mean patience {plan.patience:g} s)"
    lines = [
        f"{model}; target: " + "; ".join(_target_text(t) for t in plan.targets),
        f"shrinkage {level_percent(plan.shrinkage)} %; "
        + (f"{plan.concurrency} contacts per agent at once; " if plan.concurrency > 1 else "")
        + f"{len(plan.rows)} intervals of {plan.interval / 60:g} minutes"
        + (f" from {plan.rows[0].start.isoformat()}" if plan.rows and plan.rows[0].start else ""),
    ]
    if check is not None:
        verdict = (
            "no interval short of the target"
            if check.passed
            else f"{len(check.short)} interval(s) short of the target"
        )
        lines.append(f"Checked by simulation: {len(check.intervals)} intervals, {verdict}.")
    return lines


def _hours(value: float) -> str:
    return f"{value:.1f} h"


def _summary(plan: WeeklyPlan) -> Table:
    rows = plan.rows
    h = plan.interval / 3600
    figures = (
        ("Intervals", "intervals", str(len(rows))),
        ("Intervals staffed", "staffed", str(sum(1 for r in rows if r.agents))),
        ("Contacts forecast", "calls", f"{sum(r.calls for r in rows):.1f}"),
        ("Agent hours on contacts", "agent_hours", _hours(plan.total_agent_hours)),
        ("Agent hours, fractional (FTE)", "fte_hours", _hours(sum(r.fte for r in rows) * h)),
        ("Scheduled hours", "scheduled_hours", _hours(sum(r.scheduled for r in rows) * h)),
        (
            "Scheduled hours, fractional",
            "scheduled_fte_hours",
            _hours(sum(r.scheduled_fte for r in rows) * h),
        ),
        ("Most agents at once", "peak_agents", str(max((r.agents for r in rows), default=0))),
        (
            "Most scheduled at once",
            "peak_scheduled",
            str(max((r.scheduled for r in rows), default=0)),
        ),
    )
    body = tuple((Cell(label), Cell(text, key=f"plan|{key}")) for label, key, text in figures)
    return Table("plan-summary", "The plan in figures", ("Figure", "Value"), body)


def _check_input(plan: object, check: object, interval: int | None) -> None:
    if not isinstance(plan, WeeklyPlan):
        raise InputTypeError(f"render_plan_html needs a WeeklyPlan, got {safe_repr(plan)}")
    if check is not None and not isinstance(check, PlanCheck):
        raise InputTypeError(f"check must be a PlanCheck or None, got {safe_repr(check)}")
    n = len(plan.rows)
    if check is not None and any(not 0 <= c.index < n for c in check.intervals):
        raise StaffingError(f"the check has intervals beyond the plan's {n} rows: not its check")
    if interval is not None and (
        isinstance(interval, bool) or not isinstance(interval, int) or not 0 <= interval < n
    ):
        raise StaffingError(f"interval must be a row index in [0, {n}), got {safe_repr(interval)}")
    if interval is not None and plan.rows[interval].calls == 0:
        raise StaffingError(f"interval {interval} has no contacts: no service level to draw")


def _section(sid: str, title: str, paragraphs: list[str], blocks: list[str]) -> str:
    out = [f'<section id="{sid}"><h2>{escape(title)}</h2>']
    out += [f"<p>{escape(p)}</p>" for p in paragraphs]
    return "\n".join([*out, *blocks, "</section>"])


def _wide(chart: Chart) -> str:
    # A week's chart needs the page's whole width; its table is the place of its figures.
    return chart_html(chart, keyed=True, css_class="wide").replace(
        f'<table id="{chart.table.id}">', f'<table id="{chart.table.id}" class="dense">', 1
    )


def render_plan_html(
    plan: WeeklyPlan,
    check: PlanCheck | None = None,
    *,
    interval: int | None = None,
    charts: bool = True,
    source: str | None = None,
) -> str:
    """Return ``plan`` (and its ``check`` by simulation) as one self-contained HTML page.

    ``interval`` is the row whose service level against agents is drawn (default: the one
    with the most contacts); ``source`` names the history in the title. ``charts=False`` (or
    no matplotlib) leaves the charts out and keeps every table. The same input gives the same
    bytes.

    Examples:
        >>> from servicemodel.staffing import ServiceLevelTarget, plan_intervals
        >>> plan = plan_intervals([100], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
        >>> html = render_plan_html(plan, charts=False, source="<b>x.jsonl")
        >>> "&lt;b&gt;x.jsonl" in html, "<b>" in html
        (True, False)
    """
    _check_input(plan, check, interval)
    if source is not None and not isinstance(source, str):
        raise InputTypeError(f"source must be a text or None, got {safe_repr(source)}")
    require_type(charts, bool, "charts")  # an array's truth value raised ValueError
    draw = charts and have_matplotlib()
    sections = []
    summary = (
        "Each interval is staffed on its own as a steady queue (see the staffing docs); "
        "scheduled staff is agents ÷ (1 − shrinkage), rounded up."
    )
    sections.append(
        ("plan", "The plan", _section("plan", "The plan", [summary], [table_html(_summary(plan))]))
    )
    week = [_wide(heatmap_chart(plan, f, draw=draw)) for f in ("agents", "scheduled")]
    sections.append(("week", "The week", _section("week", "The week", [], week)))
    peak = peak_index(plan) if interval is None else interval
    if peak is not None:
        curve = service_curve_chart(plan, peak, draw=draw)
        note = (
            "How the service level in the busiest interval grows with each agent: the "
            "flattening curve is why the last agents cost more than they add."
            if interval is None
            else "How the service level in this interval grows with each agent."
        )
        sections.append(
            (
                "curve",
                "Service level against agents",
                _section(
                    "curve",
                    "Service level against agents",
                    [note],
                    [chart_html(curve, keyed=True, css_class="narrow")],
                ),
            )
        )
    if check is not None:
        text = (
            "Each checked interval simulated (the share of its contacts answered in time, "
            f"{level_percent(check.level)} % batch-means interval) against the target. An interval "
            "is short when even the top of its interval is below the target."
        )
        chart = check_chart(plan, check, draw=draw)
        sections.append(
            (
                "check",
                "Checked by simulation",
                _section("check", "Checked by simulation", [text], [_wide(chart)]),
            )
        )
    title = "servicemodel staffing plan" + (f": {source}" if source else "")
    body = "\n".join(html for _, _, html in sections)
    nav = [(sid, label) for sid, label, _ in sections]
    missing = charts and not draw
    return page(
        title,
        _meta(plan, check),
        nav,
        body,
        draw=draw,
        missing=missing,
        css=_CSS,
        footer="Service levels: Erlang C or A per interval; simulation: servicemodel.simulate.",
        # The history's file is the one name the page shows that its user supplied.
        names=[source] if source and reorders(source) else [],
    )
