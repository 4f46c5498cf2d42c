"""Render a report document as Markdown (GitHub-flavoured tables), same sections as the text.

Each figure is shown as ``value [lower, upper]`` with its ``n`` (see ``fmt_value``); text
from the data (ticket ids, segment and goal names) is escaped so it can neither break a table
nor inject markup: ``\\``, ``|``, ``*``, ``_``, backticks, brackets, ``#``, ``<`` and ``>``
are escaped and line breaks become spaces.

Examples:
    >>> from servicemodel.report import Source, build_report
    >>> print(render_markdown(build_report([], source=Source("x.jsonl"))).splitlines()[0])
    # servicemodel report: x.jsonl
"""

from __future__ import annotations

import re

from servicemodel._validators import require_type
from servicemodel.report._document import Report
from servicemodel.report._reconcile_tables import with_reconciliation
from servicemodel.report._tables import Cell, Table, layout, title_lines
from servicemodel.report._ticket_metrics_tables import with_ticket_metrics

__all__ = ["md_escape", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LEADING = re.compile(r"^([#>+=-])")


def md_escape(text: str, *, cell: bool = False) -> str:
    """Return ``text`` safe inside a Markdown paragraph (or a table ``cell``).

    Examples:
        >>> md_escape("a|b <script>*x*")
        'a\\\\|b &lt;script&gt;\\\\*x\\\\*'
    """
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    # A leading # > + = - starts a heading, quote or list in a paragraph, not in a cell.
    return text if cell else _LEADING.sub(r"\\\1", text)


def _cell(cell: Cell) -> str:
    parts = [md_escape(cell.text, cell=True)]
    if cell.interval:
        parts.append(md_escape(cell.interval, cell=True))
    if cell.n is not None:
        parts.append(f"n={cell.n}")
    if cell.counts:
        parts.append(cell.counts)
    if cell.flag and cell.key is None:
        parts.append("(partial)")
    return " ".join(parts)


def _table(table: Table) -> list[str]:
    lines = [f"**{md_escape(table.caption)}**", ""]
    lines.append("| " + " | ".join(md_escape(h, cell=True) for h in table.header) + " |")
    lines.append("|" + "|".join("---" for _ in table.header) + "|")
    if not table.rows:
        return [*lines[:2], "none"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return lines


def render_markdown(report: Report) -> str:
    """Return the report as Markdown: a title, then each section with its tables.

    Examples:
        >>> from servicemodel.report import build_report
        >>> "## KPIs" in render_markdown(build_report([]))
        True
    """
    require_type(report, Report, "report")
    head, *rest = title_lines(report)
    lines = [f"# servicemodel report: {md_escape(head)}", ""]
    lines += [md_escape(line) + "  " for line in rest]
    sections = with_reconciliation(layout(report), report.reconciliation)
    for section in with_ticket_metrics(sections, report.ticket_metrics):
        lines += ["", f"## {md_escape(section.title)}", ""]
        for paragraph in section.paragraphs:
            lines += [md_escape(paragraph), ""]
        for line, details in section.items:
            lines.append(f"- {md_escape(line)}")
            lines += [f"  - {md_escape(d)}" for d in details]
        if section.items:
            lines.append("")
        for table in section.tables:
            lines += [*_table(table), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
