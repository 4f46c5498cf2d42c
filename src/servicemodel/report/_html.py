"""Render a report document as one self-contained HTML page, with inline SVG charts.

The page has the text report's sections (overview, KPIs, SLA, vendor reconciliation, goals)
plus the survival curves, each with its tables; the charts are inline SVG drawn by matplotlib
(the ``report`` extra).
Nothing is loaded from anywhere: the CSS is inline, the charts are inline, no script, no
font, no image file; the page opens offline and prints (``@media print``: no shading behind
the text, no tables split across pages where avoidable, the folded data tables left out).
Every chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>``, sits in a
``<figure>`` with a caption, and has its data as a table in a ``<details>`` below it. Without
matplotlib the page still has every table, and says which extra draws the charts.

The names the export supplies (ticket ids, channels, groups, tags, policies, goals, the file)
are isolated in ``<bdi>`` wherever they hold right-to-left letters or direction controls, so
an override character in a name cannot reverse the text around it.

Every number cell carries ``data-key`` (its figure's ``section|metric|segment|period``), and
every chart ``data-series`` and ``data-marks``, the counts its SVG must hold.

Examples:
    >>> from servicemodel.report import build_report
    >>> page = render_html(build_report([]), charts=False)
    >>> page.startswith("<!DOCTYPE html>"), "http" in page.split("<body")[0]
    (True, False)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from servicemodel._validators import require_type
from servicemodel.report._charts import Chart, kpi_charts, sla_charts
from servicemodel.report._charts_time import goal_charts, survival_charts
from servicemodel.report._document import Report
from servicemodel.report._figures import figures
from servicemodel.report._page import chart_html, page, reorders, table_html, text_html
from servicemodel.report._reconcile_tables import with_reconciliation
from servicemodel.report._svg import have_matplotlib
from servicemodel.report._tables import Section, layout, title_lines
from servicemodel.report._ticket_metrics_tables import with_ticket_metrics

__all__ = ["render_html"]

_CHARTS: dict[str, Callable[..., list[Chart]]] = {
    "kpi": kpi_charts,
    "sla": sla_charts,
    "goals": goal_charts,
    "survival": survival_charts,
}


def names_of(report: Report) -> tuple[str, ...]:
    """The names the report's data supplies that can reorder text (see ``text_html``).

    Every figure's segment names them (``channel=chat``, ``policy=P;priority=high``,
    ``rank=1;ticket=T-7;...``, ``goal=NPS 30``), with the file and the curves' segments.

    Examples:
        >>> from servicemodel.report import Source, build_report
        >>> names_of(build_report([], source=Source("\u202egpj.jsonl")))
        ('\u202egpj.jsonl',)
    """
    found = {report.source.file, *(c.segment for c in report.detail.curves)}
    if report.goals is not None:
        found.update(g.goal.name or "" for g in report.goals.goals)
    for fig in figures(report):
        found.update(part.split("=", 1)[1] for part in fig.segment.split(";") if "=" in part)
    return tuple(sorted(n for n in found if reorders(n)))


def _section(report: Report, section: Section, draw: bool, names: Iterable[str]) -> str:
    out = [f'<section id="{section.id}"><h2>{text_html(section.title, names)}</h2>']
    out += [f"<p>{text_html(p, names)}</p>" for p in section.paragraphs]
    if section.items:
        items = []
        for line, details in section.items:
            sub = "".join(f"<li>{text_html(d, names)}</li>" for d in details)
            items.append(
                f"<li>{text_html(line, names)}" + (f"<ul>{sub}</ul>" if sub else "") + "</li>"
            )
        out.append(f'<ul class="goals">{"".join(items)}</ul>')
    charts = [
        c for name in section.charts if name in _CHARTS for c in _CHARTS[name](report, draw=draw)
    ]
    if charts:
        drawn = "".join(chart_html(c, names=names) for c in charts)
        out.append(f'<div class="charts">{drawn}</div>')
    # Goal series tables are short and narrow: side by side.
    series = [t for t in section.tables if t.id.startswith("goal-")]
    out += [table_html(t, names=names) for t in section.tables if t not in series]
    if series:
        out.append(f'<div class="row">{"".join(table_html(t, names=names) for t in series)}</div>')
    out.append("</section>")
    return "\n".join(out)


def render_html(report: Report, *, charts: bool = True) -> str:
    """Return the report as one self-contained HTML page (UTF-8 text, ending with a newline).

    ``charts=False`` (or no matplotlib) leaves the charts out; the page says how to get them.
    The same report gives the same bytes.

    Examples:
        >>> from servicemodel.report import Source, build_report
        >>> page = render_html(build_report([], source=Source("a<b>.jsonl")), charts=False)
        >>> "a&lt;b&gt;.jsonl" in page, "<script" in page
        (True, False)
    """
    require_type(charts, bool, "charts")
    require_type(report, Report, "report")
    draw = charts and have_matplotlib()
    head, *rest = title_lines(report)
    sections = with_ticket_metrics(
        with_reconciliation(layout(report), report.reconciliation), report.ticket_metrics
    )
    nav = [(s.id, s.title.split(" (")[0]) for s in sections]
    names = names_of(report)
    body = "\n".join(_section(report, s, draw, names) for s in sections)
    missing = charts and not draw
    title = f"servicemodel report: {head}"
    return page(title, rest, nav, body, draw=draw, missing=missing, names=names)
