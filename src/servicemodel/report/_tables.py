"""The report laid out as titled sections of tables, shared by the Markdown and HTML renderers.

Every number cell is made from a [`Figure`][servicemodel.report.Figure] (so it carries the
figure's ``key``) and shows its value, interval and ``n`` the way ``fmt_value`` and
``fmt_interval`` write them. The renderers only turn this layout into their markup.

Examples:
    >>> from servicemodel.report import build_report
    >>> [s.id for s in layout(build_report([]))]
    ['overview', 'kpi']
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from servicemodel._numbers import level_percent
from servicemodel.report._document import Report, SLASection
from servicemodel.report._figures import Figure, figures, fmt_interval, fmt_value
from servicemodel.report._kpi import METRICS
from servicemodel.report._left_out import left_out_note
from servicemodel.report._set_aside import set_aside_lines
from servicemodel.report._text import goals_lines, kpi_lines, scope_line, scope_warnings

__all__ = ["Cell", "Section", "Table", "layout", "title_lines"]


@attrs.frozen
class Cell:
    """One table cell: its text, and for a figure its interval, ``n``, key and flag.

    ``counts`` is what follows ``n``, as the text report prints it: ``missing=3``,
    ``censored=2`` (tickets of a Kaplan-Meier time still waiting), or empty.

    Examples:
        >>> Cell("85.7 %", "[84.0, 87.2]", 10, "kpi|csat||").key
        'kpi|csat||'
    """

    text: str
    interval: str = ""
    n: int | None = None
    key: str | None = None
    flag: str = ""
    counts: str = ""


@attrs.frozen
class Table:
    """A table: its id, caption, column headers and rows of cells."""

    id: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@attrs.frozen
class Section:
    """A section: id, title, paragraphs, tables, the charts drawn with it and a bullet list.

    ``items`` is a list of ``(line, sub-lines)`` (the goals, each with its details).
    """

    id: str
    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[str, ...] = ()
    items: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _cell(fig: Figure, flag: str = "") -> Cell:
    """A figure's cell: value, interval (or why there is none), ``n`` and the text's counts.

    Examples:
        >>> f = Figure("kpi", "frt_p90", "", "", None, n=4, unit="h", note="not reached yet",
        ...            censored=2)
        >>> c = _cell(f)
        >>> c.text, c.interval, c.n, c.counts
        ('–', 'not reached yet', 4, 'censored=2')
    """
    interval = fmt_interval(fig.lower, fig.upper, fig.unit)
    counts = [f"{name}={n}" for name, n in (("missing", fig.missing), ("censored", fig.censored))]
    return Cell(
        fmt_value(fig.value, fig.unit),
        # No value and a note: why (the export cannot support it), where the interval goes; a
        # value and a note: the tickets it left out (partial histories), after the interval.
        "; ".join(part for part in (interval, fig.note) if part),
        None if fig.unit == "count" else fig.n,
        fig.key,
        flag,
        # As the text report: a count of 0 is not printed.
        " ".join(c for c in counts if not c.endswith("=0")),
    )


def title_lines(report: Report) -> list[str]:
    """Return the report's heading lines: source, bad records (by reason, the first few), scope.

    Examples:
        >>> from servicemodel.report import Source, build_report
        >>> title_lines(build_report([], source=Source("x.jsonl")))[0]
        'x.jsonl'
    """
    lines = [report.source.file, *set_aside_lines(report.source.bad_records)]
    if report.source.skipped:
        lines.append(report.source.skipped_summary())
    lines += [f"warning: {w}" for w in report.source.warnings]
    if report.scope is not None:
        lines.append(scope_line(report.scope, report.kpi.as_of))
        lines += scope_warnings(report.scope, report.kpi.as_of)
    return lines


def layout(report: Report) -> list[Section]:
    """Return the report's sections in the text report's order, each with its tables.

    Examples:
        >>> from servicemodel.report import build_report
        >>> layout(build_report([]))[1].tables[0].header[:2]
        ('Scope', 'CSAT (satisfied share)')
    """
    index = {f.key: f for f in figures(report)}
    sections = [_overview(report, index), _kpi(report, index)]
    if report.sla is not None:
        sections.append(_sla(report, report.sla, index))
    if report.goals is not None:
        sections.append(_goals(report, index))
    if any(c.curve.n for c in report.detail.curves):
        sections.append(_survival(report))
    return sections


def _counts(title: str, tid: str, rows: Sequence[tuple[str, Figure]]) -> Table:
    total = sum(int(f.value or 0) for _, f in rows) or 1
    body = tuple(
        (Cell(label), _cell(f), Cell(f"{100 * int(f.value or 0) / total:.1f} %"))
        for label, f in rows
    )
    key = title.split(" ", 1)[-1]  # "ISO week of creation": upper-case the first letter only
    return Table(tid, title, (key[:1].upper() + key[1:], "Tickets", "Share"), body)


def _overview(report: Report, index: dict[str, Figure]) -> Section:
    o = report.overview
    first = "–" if o.first_created is None else o.first_created.isoformat()
    last = "–" if o.last_created is None else o.last_created.isoformat()
    head = Table(
        "overview-totals",
        "Totals",
        ("Tickets", "Events", "First created", "Last created"),
        (
            (
                _cell(index["overview|tickets||"]),
                _cell(index["overview|events||"]),
                Cell(first),
                Cell(last),
            ),
        ),
    )
    tables = [head]
    for name, title, counts in (
        ("channel", "By channel", o.by_channel),
        ("priority", "By priority", o.by_priority),
        ("status", "By final status", o.by_status),
    ):
        rows = [(label, index[f"overview|tickets|{name}={label}|"]) for label, _ in counts]
        tables.append(_counts(title, f"overview-{name}", rows))
    weeks = [(w, index[f"overview|tickets||{w}"]) for w, _ in o.by_week]
    tables.append(_counts("By ISO week of creation", "overview-week", weeks))
    return Section("overview", "Overview", tables=tuple(tables), charts=("overview",))


def _kpi(report: Report, index: dict[str, Figure]) -> Section:
    kpi = report.kpi
    header = ("Scope", *METRICS.values())

    def row(label: str, segment: str, period: str, flag: str = "") -> tuple[Cell, ...]:
        cells = [_cell(index[f"kpi|{key}|{segment}|{period}"], flag) for key in METRICS]
        return (Cell(label, flag=flag), *cells)

    overall = [row("Overall", "", "")]
    overall += [row(s.label, f"channel={s.label}", "") for s in kpi.by_channel]
    weeks = [row(s.label, "", s.label, s.partial or "") for s in kpi.by_week]
    tables = [
        Table("kpi-overall", "Overall and by channel", header, tuple(overall)),
        Table("kpi-week", "By ISO week of creation", header, tuple(weeks)),
    ]
    if kpi.shown_breakdown():
        extra = [row(s.label, f"{kpi.breakdown}={s.label}", "") for s in kpi.shown_breakdown()]
        tables.append(Table("kpi-breakdown", f"By {kpi.breakdown}", header, tuple(extra)))
    head = kpi_lines(kpi)[0]
    notes = [" ".join(line for line in kpi_lines(kpi) if line.startswith(("Times", "snapshot")))]
    notes += [f"Week {s.label} is partial: {s.partial}." for s in kpi.by_week if s.partial]
    return Section("kpi", head, tuple(notes), tuple(tables), charts=("kpi",))


def _attainment_rows(
    report: Report, section: SLASection, index: dict[str, Figure]
) -> tuple[tuple[Cell, ...], ...]:
    rows = []
    for r in (*section.attainment, *section.by_metric):
        prio = "all" if r.priority is None else r.priority
        seg = "" if r.priority is None else f"priority={r.priority}"
        fig = index[f"sla|{r.metric} attainment|{seg}|"]
        counts = (r.achieved, r.breached, r.active, r.paused)
        rows.append((Cell(r.metric), Cell(prio), *(Cell(str(c)) for c in counts), _cell(fig)))
    return tuple(rows)


def _sla(report: Report, section: SLASection, index: dict[str, Figure]) -> Section:
    level = f"{level_percent(section.level)} %"
    head = ("Metric", "Priority", "Achieved", "Breached", "Active", "Paused", "Attainment")
    tables = [
        Table(
            "sla-attainment",
            f"Attainment ({level} Wilson intervals)",
            head,
            _attainment_rows(report, section, index),
        )
    ]
    if report.detail.by_policy:
        rows = []
        for item in report.detail.by_policy:
            r = item.row
            seg = f"policy={item.policy}" + (
                "" if r.priority is None else f";priority={r.priority}"
            )
            fig = index[f"sla|{r.metric} attainment|{seg}|"]
            prio = "all" if r.priority is None else r.priority
            rows.append((Cell(item.policy), Cell(r.metric), Cell(prio), _cell(fig)))
        tables.append(
            Table(
                "sla-policy",
                "Attainment per policy",
                ("Policy", "Metric", "Priority", "Attainment"),
                tuple(rows),
            )
        )
    times = []
    for t in section.times:
        med = index[f"sla|{t.metric} median|base={t.base.kind}|"]
        p90 = index[f"sla|{t.metric} p90|base={t.base.kind}|"]
        times.append(
            (
                Cell(t.metric),
                Cell(t.base.label),
                Cell(str(t.n)),
                Cell(str(t.censored)),
                _cell(med),
                _cell(p90),
            )
        )
    # Kaplan-Meier counts a running clock among its clocks, censored; a finished-only time
    # counts the stopped ones and leaves the running ones out, as the text says them.
    km = not section.times or section.times[0].estimator == "kaplan-meier"
    counts = ("Clocks", "Censored") if km else ("Stopped clocks", "Still running, not counted")
    tables.append(
        Table(
            "sla-times",
            "Clock times, pauses excluded (hours)",
            ("Metric", "Base", *counts, "Median", "p90"),
            tuple(times),
        )
    )
    breaches = []
    for rank, b in enumerate(section.worst_breaches, 1):
        seg = f"rank={rank};ticket={b.ticket};policy={b.policy};metric={b.metric};"
        fig = index[f"sla|breach overrun|{seg}priority={b.priority}|"]
        due = "–" if b.due_at is None else b.due_at.isoformat()
        target = f"{b.target.total_seconds() / 3600:g} h of {b.base.label}"
        breaches.append(
            (
                Cell(b.ticket),
                Cell(b.policy),
                Cell(b.metric),
                Cell(b.priority),
                _cell(fig),
                Cell(target),
                Cell(due),
            )
        )
    tables.append(
        Table(
            "sla-breaches",
            "Worst breaches (by overrun)",
            ("Ticket", "Policy", "Metric", "Priority", "Over by", "Target", "Due"),
            tuple(breaches),
        )
    )
    when = "" if section.evaluated_at is None else f" at {section.evaluated_at.isoformat()}"
    note = f"{section.tally(when)}; attainment = achieved / (achieved + breached), Wilson interval."
    warned = tuple(f"warning: {w}" for w in section.warnings())
    return Section("sla", "SLA attainment", (*warned, note), tuple(tables), charts=("sla",))


def _goals(report: Report, index: dict[str, Figure]) -> Section:
    assert report.goals is not None
    lines = goals_lines(report.goals)
    summary = []
    tables = []
    for i, g in enumerate(report.goals.goals):
        name = g.goal.name or ""
        seg = f"goal={name}"
        summary.append(
            (
                Cell(name),
                Cell(g.status.status.value.replace("_", " ")),
                _cell(index[f"goals|target|{seg}|"]),
                _cell(index[f"goals|progress|{seg}|"]),
                _cell(index[f"goals|projection|{seg}|"]),
            )
        )
        rows = [
            (Cell(p.period, flag=p.partial or ""), _cell(index[f"goals|value|{seg}|{p.period}"]))
            for p in g.series
        ]
        tables.append(
            Table(f"goal-{i}", f"{name}: {g.goal.describe()}", ("Period", "Value"), tuple(rows))
        )
    head = ("Goal", "Status", "Target", "Progress", "Trend at the deadline")
    tables.insert(0, Table("goals-summary", "Goals", head, tuple(summary)))
    items: list[tuple[str, tuple[str, ...]]] = []
    for line in lines[1:]:
        if line.startswith("- "):
            items.append((line[2:], ()))
        elif items:
            items[-1] = (items[-1][0], (*items[-1][1], line.strip()))
    return Section("goals", lines[0], (), tuple(tables), ("goals",), tuple(items))


def _survival(report: Report) -> Section:
    note = (
        "Kaplan–Meier curves in hours of calendar time: the share of tickets still waiting "
        "for a first reply or a resolution after t hours; tickets still waiting at the "
        "snapshot are censored at their time so far. Shaded: pointwise log-log band."
    )
    rows = []
    for c in report.detail.curves:
        km = c.curve
        rows.append(
            (
                Cell(c.metric),
                Cell(c.segment),
                Cell(str(km.n)),
                Cell(str(km.censored)),
                Cell(fmt_value(km["median"].value, "h")),
                Cell(fmt_value(km["p90"].value, "h")),
            )
        )
    table = Table(
        "survival-summary",
        "Curves",
        ("Metric", "Segment", "Tickets", "Censored", "Median", "p90"),
        tuple(rows),
    )
    # Partial histories lacking a curve's end are left out of it: said once per metric.
    left = [
        f"{c.metric.replace('_', ' ').capitalize()} curves: {dropped}."
        for c in report.detail.curves
        if c.segment == "Overall" and (dropped := left_out_note(c.curve["median"]))
    ]
    return Section(
        "survival",
        "Time to first reply and to resolution",
        (note, *left),
        (table,),
        charts=("survival",),
    )
