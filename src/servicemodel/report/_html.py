"""Render a report document as one self-contained HTML page, with inline SVG charts.

The page has the text report's sections (overview, KPIs, SLA, goals) plus the survival curves,
each with its tables; the charts are inline SVG drawn by matplotlib (the ``report`` extra).
Nothing is loaded from anywhere: the CSS is inline, the charts are inline, no script, no
font, no image file; the page opens offline and prints (``@media print``: no shading behind
the text, no tables split across pages where avoidable, the folded data tables left out).
Every chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>``, sits in a
``<figure>`` with a caption, and has its data as a table in a ``<details>`` below it. Without
matplotlib the page still has every table, and says which extra draws the charts.

Every number cell carries ``data-key`` (its figure's ``section|metric|segment|period``), and
every chart ``data-series`` and ``data-marks``, the counts its SVG must hold.

Examples:
    >>> from servicemodel.report import build_report
    >>> page = render_html(build_report([]), charts=False)
    >>> page.startswith("<!DOCTYPE html>"), "http" in page.split("<body")[0]
    (True, False)
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from servicemodel._version import __version__
from servicemodel.report._charts import Chart, kpi_charts, sla_charts
from servicemodel.report._charts_time import goal_charts, survival_charts
from servicemodel.report._document import Report
from servicemodel.report._svg import have_matplotlib
from servicemodel.report._tables import Cell, Section, Table, layout, title_lines

__all__ = ["render_html"]

_CSS = """
:root{--ink:#1a1a1a;--muted:#555;--rule:#d0d0d0;--flag:#fff4d6;--accent:#0072B2}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:#fff;margin:0 auto;max-width:72rem;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.25rem;margin:2.2rem 0 .6rem;
border-bottom:2px solid var(--accent);padding-bottom:.2rem}
.meta{color:var(--muted);margin:.1rem 0}
nav ol{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;padding:0;list-style:none;margin:.8rem 0}
nav a{color:var(--accent)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.4rem 0 1.2rem;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border-bottom:1px solid var(--rule);padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f3f3;font-weight:600}
td.num{text-align:right;white-space:nowrap}
.ci,.n{display:block;color:var(--muted);font-size:.8em}
tr.partial td{background:var(--flag)}
.flag{font-size:.8em;color:#7a4a00}
.row{display:flex;flex-wrap:wrap;gap:0 1.5rem;align-items:flex-start}
.row caption{max-width:16rem;font-size:.9em}
.row td.num .ci,.row td.num .n{display:inline;margin-left:.3em}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(22rem,1fr));gap:1rem}
figure{margin:0;border:1px solid var(--rule);padding:.5rem;break-inside:avoid}
figcaption{font-size:.85rem;color:var(--muted);margin-top:.3rem}
svg.chart{width:100%;height:auto;display:block}
details{margin-top:.3rem;font-size:.85rem}
.note{background:#f6f6f6;border-left:4px solid var(--accent);padding:.5rem .8rem}
ul.goals li{margin:.4rem 0}ul.goals ul{color:var(--muted);font-size:.9em}
footer{margin-top:3rem;color:var(--muted);font-size:.8rem}
@media print{body{max-width:none;padding:0;font-size:10pt}nav,details{display:none}
h2{break-after:avoid}table,figure{break-inside:avoid}
.charts{grid-template-columns:1fr 1fr}th{background:none}tr.partial td{background:none}
tr.partial td:first-child::after{content:" (partial)"}a{color:inherit;text-decoration:none}}
"""

_NO_CHARTS = (
    "Charts need matplotlib: pip install 'servicemodel[report]'. "
    "Every figure is in the tables below."
)


def _cell(cell: Cell, header: bool = False) -> str:
    if header:
        return f'<th scope="row">{escape(cell.text)}</th>'
    if cell.key is None:
        flag = f' <span class="flag">partial: {escape(cell.flag)}</span>' if cell.flag else ""
        return f"<td>{escape(cell.text)}{flag}</td>"
    parts = [f'<span class="v">{escape(cell.text)}</span>']
    if cell.interval:
        parts.append(f'<span class="ci">{escape(cell.interval)}</span>')
    if cell.n is not None:
        parts.append(f'<span class="n">n={cell.n}</span>')
    return f'<td class="num" data-key="{escape(cell.key)}">{"".join(parts)}</td>'


def _table(table: Table, keyed: bool = True) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in table.header)
    rows = []
    for row in table.rows:
        cells = [_cell(row[0], header=row[0].key is None)]
        cells += [_cell(c if keyed else Cell(c.text, c.interval, c.n)) for c in row[1:]]
        partial = ' class="partial"' if row[0].flag else ""
        rows.append(f"<tr{partial}>{''.join(cells)}</tr>")
    body = "".join(rows) or f'<tr><td colspan="{len(table.header)}">none</td></tr>'
    return (
        f'<div class="scroll"><table id="{escape(table.id)}"><caption>{escape(table.caption)}'
        f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _chart(chart: Chart) -> str:
    svg = chart.svg or f'<p class="note">{escape(_NO_CHARTS)}</p>'
    return (
        f'<figure id="{chart.id}-figure" data-chart="{chart.id}" data-series="{chart.series}" '
        f'data-marks="{chart.marks}">{svg}<figcaption>{escape(chart.desc)}</figcaption>'
        f"<details><summary>Data of this chart</summary>{_table(chart.table, keyed=False)}"
        "</details></figure>"
    )


_CHARTS: dict[str, Callable[..., list[Chart]]] = {
    "kpi": kpi_charts,
    "sla": sla_charts,
    "goals": goal_charts,
    "survival": survival_charts,
}


def _section(report: Report, section: Section, draw: bool) -> str:
    out = [f'<section id="{section.id}"><h2>{escape(section.title)}</h2>']
    out += [f"<p>{escape(p)}</p>" for p in section.paragraphs]
    if section.items:
        items = []
        for line, details in section.items:
            sub = "".join(f"<li>{escape(d)}</li>" for d in details)
            items.append(f"<li>{escape(line)}" + (f"<ul>{sub}</ul>" if sub else "") + "</li>")
        out.append(f'<ul class="goals">{"".join(items)}</ul>')
    charts = [
        c for name in section.charts if name in _CHARTS for c in _CHARTS[name](report, draw=draw)
    ]
    if charts:
        out.append(f'<div class="charts">{"".join(_chart(c) for c in charts)}</div>')
    # Goal series tables are short and narrow: side by side.
    series = [t for t in section.tables if t.id.startswith("goal-")]
    out += [_table(t) for t in section.tables if t not in series]
    if series:
        out.append(f'<div class="row">{"".join(_table(t) for t in series)}</div>')
    out.append("</section>")
    return "\n".join(out)


def _generator(draw: bool) -> str:
    # The charts' bytes depend on matplotlib's version: say which one drew them.
    if not draw:
        return f"servicemodel {__version__}"
    import matplotlib

    return f"servicemodel {__version__}; matplotlib {matplotlib.__version__}"


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
    draw = charts and have_matplotlib()
    head, *rest = title_lines(report)
    sections = layout(report)
    nav = "".join(
        f'<li><a href="#{s.id}">{escape(s.title.split(" (")[0])}</a></li>' for s in sections
    )
    missing = "" if draw or not charts else f'<p class="note">{escape(_NO_CHARTS)}</p>'
    body = "\n".join(_section(report, s, draw) for s in sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="{escape(_generator(draw))}">'
        f"<title>servicemodel report: {escape(head)}</title>"
        f"<style>{_CSS}</style></head>\n<body>\n"
        f"<header><h1>servicemodel report: {escape(head)}</h1>"
        + "".join(f'<p class="meta">{escape(line)}</p>' for line in rest)
        + f'<nav aria-label="Sections"><ol>{nav}</ol></nav>{missing}</header>\n<main>\n'
        f"{body}\n</main>\n"
        f"<footer>Made by servicemodel {escape(__version__)}. Colours: Okabe–Ito palette. "
        "Intervals: see the methods in the documentation.</footer>\n</body></html>\n"
    )
