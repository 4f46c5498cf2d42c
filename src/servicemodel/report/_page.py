"""The HTML building blocks every servicemodel page shares: CSS, tables, chart figures, shell.

The report page ([`render_html`][servicemodel.report.render_html]), the staffing plan page
([`render_plan_html`][servicemodel.report.render_plan_html]) and the blueprint assessment
page ([`servicemodel.blueprint.render_html`][servicemodel.blueprint.render_html]) are built
from these, so they look alike, print alike and are checked alike: a table cell that shows a
figure carries ``data-key``, a chart figure ``data-chart``, ``data-series`` and
``data-marks``; nothing is loaded from anywhere (inline CSS, inline SVG, no script).

User-supplied names (ticket ids, groups, tags, channels, policy and goal names, file names)
that hold right-to-left letters or direction controls are isolated in ``<bdi>``
([`text_html`][servicemodel.report._page.text_html]): a right-to-left override (U+202E) in a
name reverses the name at most, never the text around it.

Examples:
    >>> from servicemodel.report._tables import Cell, Table
    >>> html = table_html(Table("t", "a<b", ("x",), ((Cell("1", key="k|1"),),)))
    >>> 'data-key="k|1"' in html, "a&lt;b" in html
    (True, True)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from html import escape

from servicemodel._version import __version__
from servicemodel.report._charts import Chart
from servicemodel.report._tables import Cell, Table

__all__ = [
    "CSS",
    "NO_CHARTS",
    "cell_html",
    "chart_html",
    "generator",
    "page",
    "reorders",
    "table_html",
    "text_html",
]

#: The pages' style sheet (a page may append rules of its own).
CSS = """
:root{--ink:#1a1a1a;--muted:#555;--rule:#d0d0d0;--flag:#fff4d6;--accent:#0072B2}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:#fff;margin:0 auto;max-width:72rem;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .3rem;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin:2.2rem 0 .6rem;
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
figure{margin:0;border:1px solid var(--rule);padding:.5rem;break-inside:avoid;min-width:0}
figcaption{font-size:.85rem;color:var(--muted);margin-top:.3rem;overflow-wrap:anywhere}
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

#: What a page says where a chart would be when matplotlib is missing.
NO_CHARTS = (
    "Charts need matplotlib: pip install 'servicemodel[report]'. "
    "Every figure is in the tables below."
)


#: Bidi classes that can reorder text: right-to-left letters, Arabic digits, and the explicit
#: embeddings, overrides and isolates (Unicode Standard Annex #9, table 4).
_REORDERING = frozenset(
    {"R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
)


def reorders(text: str) -> bool:
    """Whether ``text`` holds a character that can change the order text is shown in.

    Examples:
        >>> reorders("email"), reorders("\u05e2\u05d1\u05e8\u05d9\u05ea"), reorders("a\u202eb")
        (False, True, True)
    """
    return any(unicodedata.bidirectional(ch) in _REORDERING for ch in text)


def text_html(text: str, names: Iterable[str] = ()) -> str:
    """Return ``text`` escaped, each of ``names`` in it that ``reorders`` isolated in ``<bdi>``.

    A name of left-to-right letters cannot move the text around it, so only the names that
    can are wrapped; text that can but holds none of ``names`` is isolated whole.

    Examples:
        >>> text_html("Goal \u202eevil: CSAT >= 90 %", ["\u202eevil"])
        'Goal <bdi>\u202eevil</bdi>: CSAT &gt;= 90 %'
        >>> text_html("x\u202ey"), text_html("a<b")
        ('<bdi>x\u202ey</bdi>', 'a&lt;b')
    """
    if not reorders(text):
        return escape(text)
    found = sorted({n for n in names if n and n in text and reorders(n)}, key=len, reverse=True)
    if not found:
        return f"<bdi>{escape(text)}</bdi>"
    parts = re.split("(" + "|".join(map(re.escape, found)) + ")", text)
    # re.split with one group: the names are at the odd positions.
    return "".join(
        f"<bdi>{escape(part)}</bdi>" if i % 2 else escape(part) for i, part in enumerate(parts)
    )


def cell_html(cell: Cell, header: bool = False, names: Iterable[str] = ()) -> str:
    """Return one ``<td>`` (a figure's value, interval and ``n``, keyed) or row ``<th>``."""
    if header:
        return f'<th scope="row">{text_html(cell.text, names)}</th>'
    if cell.key is None:
        flag = f' <span class="flag">partial: {escape(cell.flag)}</span>' if cell.flag else ""
        return f"<td>{text_html(cell.text, names)}{flag}</td>"
    parts = [f'<span class="v">{escape(cell.text)}</span>']
    if cell.interval:
        parts.append(f'<span class="ci">{escape(cell.interval)}</span>')
    if cell.n is not None:
        parts.append(f'<span class="n">n={cell.n}</span>')
    if cell.counts:
        parts.append(f'<span class="n">{escape(cell.counts)}</span>')
    return f'<td class="num" data-key="{escape(cell.key)}">{"".join(parts)}</td>'


def table_html(table: Table, keyed: bool = True, names: Iterable[str] = ()) -> str:
    """Return a scrollable ``<table>``; ``keyed=False`` drops the cells' ``data-key``.

    A row whose first cell has no key starts with a row header; ``names`` (see ``text_html``)
    are isolated in the caption and the text cells.
    """
    names = tuple(names)
    head = "".join(f'<th scope="col">{text_html(h, names)}</th>' for h in table.header)
    rows = []
    for row in table.rows:
        cells = [cell_html(row[0], header=row[0].key is None, names=names)]
        cells += [
            cell_html(c if keyed else Cell(c.text, c.interval, c.n), names=names) for c in row[1:]
        ]
        partial = ' class="partial"' if row[0].flag else ""
        rows.append(f"<tr{partial}>{''.join(cells)}</tr>")
    body = "".join(rows) or f'<tr><td colspan="{len(table.header)}">none</td></tr>'
    return (
        f'<div class="scroll"><table id="{escape(table.id)}">'
        f"<caption>{text_html(table.caption, names)}"
        f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def chart_html(
    chart: Chart, keyed: bool = False, css_class: str = "", names: Iterable[str] = ()
) -> str:
    """Return a chart's ``<figure>``: its SVG (or why not), caption, data table.

    A chart with nothing to draw says so (``Chart.empty``); one not drawn for want of
    matplotlib names the extra.

    The data table sits folded in a ``<details>``; ``keyed`` keeps its cells' ``data-key``
    (for a chart whose table is the only place its figures are shown). ``names`` are
    isolated in the caption and the table (see ``text_html``).
    """
    names = tuple(names)
    svg = chart.svg or f'<p class="note">{escape(chart.empty or NO_CHARTS)}</p>'
    klass = f' class="{css_class}"' if css_class else ""
    return (
        f'<figure id="{chart.id}-figure"{klass} data-chart="{chart.id}" '
        f'data-series="{chart.series}" data-marks="{chart.marks}">{svg}'
        f"<figcaption>{text_html(chart.desc, names)}</figcaption>"
        "<details><summary>Data of this chart</summary>"
        f"{table_html(chart.table, keyed=keyed, names=names)}"
        "</details></figure>"
    )


def generator(draw: bool) -> str:
    """Return the page's generator: servicemodel's version, and matplotlib's if it drew."""
    # The charts' bytes depend on matplotlib's version: say which one drew them.
    if not draw:
        return f"servicemodel {__version__}"
    import matplotlib

    return f"servicemodel {__version__}; matplotlib {matplotlib.__version__}"


def page(
    title: str,
    meta: Sequence[str],
    nav: Sequence[tuple[str, str]],
    body: str,
    *,
    draw: bool,
    missing: bool = False,
    css: str = "",
    footer: str = "Intervals: see the methods in the documentation.",
    names: Iterable[str] = (),
) -> str:
    """Return a whole page: head, ``<h1>`` ``title``, meta lines, section links, ``body``.

    ``nav`` is ``(section id, label)`` per section; ``missing`` adds the note that charts need
    matplotlib; ``css`` is appended to the shared style sheet; ``names`` are isolated in the
    heading and the meta lines (see ``text_html``; a ``<title>`` holds no markup).

    Examples:
        >>> html = page("T<1>", ["m"], [("a", "A")], "<p>x</p>", draw=False)
        >>> html.startswith("<!DOCTYPE html>"), "<title>T&lt;1&gt;</title>" in html
        (True, True)
    """
    names = tuple(names)
    links = "".join(
        f'<li><a href="#{escape(sid)}">{text_html(label, names)}</a></li>' for sid, label in nav
    )
    note = f'<p class="note">{escape(NO_CHARTS)}</p>' if missing else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="{escape(generator(draw))}">'
        f"<title>{escape(title)}</title>"
        f"<style>{CSS}{css}</style></head>\n<body>\n"
        f"<header><h1>{text_html(title, names)}</h1>"
        + "".join(f'<p class="meta">{text_html(line, names)}</p>' for line in meta)
        + f'<nav aria-label="Sections"><ol>{links}</ol></nav>{note}</header>\n<main>\n'
        f"{body}\n</main>\n"
        f"<footer>Made by servicemodel {escape(__version__)}. Colours: Okabe–Ito palette. "
        f"{escape(footer)}</footer>\n</body></html>\n"
    )
