"""Private: an assessment as one self-contained HTML page (the report's HTML blocks).

The page shows what ``render_text`` and ``render_json`` show -- the same figures, formatted
the way the HTML report formats a number -- with the report page's guarantees (inline CSS and
SVG, no script, nothing fetched, a print style, the same bytes for the same assessment): the
ranked gaps as a bar chart of shortfall (its text alternative and data table below it) and a
table; compliance per channel; SERVQUAL gaps and QA scores when present. A verdict is never
told by colour alone: every bar and table row says it in words, with a symbol (✓ met, ! at
risk, ✗ missed, – no data), and the bars differ by hatching and end marker too.

Every figure cell carries ``data-key``: ``gap|value|RANK``, ``gap|shortfall|RANK``,
``compliance|CHANNEL|METRIC|PRIORITY``, ``servqual|DIMENSION``, ``qa|METRIC``.

Examples:
    >>> from datetime import UTC, datetime
    >>> from servicemodel.blueprint import Blueprint, assess
    >>> page = render_html(assess(Blueprint("A<b>"), [], at=datetime(2026, 3, 2, tzinfo=UTC)))
    >>> "A&lt;b&gt;" in page, "<script" in page
    (True, False)
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import attrs

from servicemodel._numbers import level_percent
from servicemodel._validators import require_type
from servicemodel.blueprint._assess import Assessment, Gap, left_out
from servicemodel.errors import InputTypeError
from servicemodel.kpi import Estimate
from servicemodel.kpi._shared import shorten
from servicemodel.report._shared import (
    Cell,
    Chart,
    Table,
    chart_html,
    figure,
    fmt_interval,
    fmt_value,
    have_matplotlib,
    page,
    reorders,
    snapshot_basis,
    style,
    table_html,
    to_svg,
)

__all__ = ["render_html"]

#: Okabe–Ito colours, marker shapes, hatching and words of each verdict.
_VERDICTS = {
    "met": ("#009E73", "o", "", "✓ met"),
    "at_risk": ("#E69F00", "^", "////", "! at risk"),
    "missed": ("#D55E00", "X", "xxx", "✗ missed"),
    "no_data": ("#999999", "", "", "– no data"),
}

_CSS = """
.verdict{font-weight:600;white-space:nowrap}
.verdict-met{color:#006b4f}.verdict-at_risk{color:#8a5a00}.verdict-missed{color:#a33a00}
.verdict-no_data{color:var(--muted)}
figure.bars{margin:.8rem 0;max-width:52rem}
"""


def verdict_text(value: str) -> str:
    """Return a verdict in words with its symbol.

    Examples:
        >>> verdict_text("at_risk")
        '! at risk'
    """
    return _VERDICTS[value][3]


def shortfall_text(value: float | None) -> str:
    """Return a shortfall as the text output writes it (signed percent, one decimal).

    Examples:
        >>> shortfall_text(0.1234), shortfall_text(None)
        ('+12.3 %', '–')
    """
    return "–" if value is None else f"{100 * value:+.1f} %"


def _est(e: Estimate, unit: str, key: str) -> Cell:
    # What was left out of n goes after the interval, as the text output and the report say it.
    missing = left_out(e)  # a Gap holds any estimate-like
    said = f"missing={missing}" if missing else ""
    interval = "; ".join(x for x in (fmt_interval(e.lower, e.upper, unit), said) if x)
    return Cell(fmt_value(e.value, unit), interval, e.n, key)


def _verdict_cell(value: str) -> str:
    return f'<span class="verdict verdict-{value}">{escape(verdict_text(value))}</span>'


def _marked(table_html_text: str) -> str:
    # Verdict cells hold plain words; give them their class (the words stay what a reader
    # and a grey print see).
    for value, (_, _, _, words) in _VERDICTS.items():
        table_html_text = table_html_text.replace(
            f"<td>{escape(words)}</td>", f"<td>{_verdict_cell(value)}</td>"
        )
    return table_html_text


def _gap_table(gaps: Sequence[Gap]) -> Table:
    rows = []
    for rank, g in enumerate(gaps, start=1):
        rows.append(
            (
                Cell(str(rank)),
                Cell(verdict_text(g.verdict.value)),
                Cell(shortfall_text(g.shortfall), key=f"gap|shortfall|{rank}"),
                Cell(g.source),
                Cell(g.name),
                _est(g.estimate, g.unit, f"gap|value|{rank}"),
                Cell(g.standard + (f" ({g.note})" if g.note else "")),
            )
        )
    head = ("Rank", "Verdict", "Shortfall", "Source", "Figure", "Measured", "Standard")
    return Table("gaps-table", "Gaps, largest shortfall first", head, tuple(rows))


#: A tick label's room for the gap's name, in characters.
_TICK_WIDTH = 38


def _label(g: Gap, width: int | None = None) -> str:
    """The gap's name and source: in full for the table and the caption, shortened to
    ``width`` by the charts' rule (``shorten``: cut in the middle, one line) for a tick."""
    name = g.name if width is None else shorten(g.name, width)
    return f"{name} ({g.source})"


def gap_chart(assessment: Assessment, *, draw: bool = True) -> Chart:
    """Return the bar chart of shortfall per figure, ranked, coloured and marked by verdict.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.blueprint import Blueprint, assess
        >>> gap_chart(assess(Blueprint("x"), [], at=datetime(2026, 3, 2, tzinfo=UTC))).marks
        0
    """
    ranked = list(enumerate(assessment.gaps, start=1))
    shown = [(r, g) for r, g in ranked if g.shortfall is not None]
    cid = "chart-gaps"
    title = "Shortfall from the standard, per figure"
    rows = tuple(
        (
            Cell(_label(g)),
            Cell(verdict_text(g.verdict.value)),
            Cell(shortfall_text(g.shortfall)),
            Cell(fmt_value(g.estimate.value, g.unit)),
        )
        for _, g in shown
    )
    table = Table(f"{cid}-data", title, ("Figure", "Verdict", "Shortfall", "Measured"), rows)
    counts = assessment.summary
    worst = shown[0][1] if shown else None
    desc = (
        f"Horizontal bars, one per measured figure ranked by shortfall (the distance from the "
        f"standard as a share of the way to the worst value; left of 0 is a margin): "
        f"{counts['missed']} missed, {counts['at_risk']} at risk, {counts['met']} met"
        + (
            f"; the largest, {_label(worst)}, {shortfall_text(worst.shortfall)} "
            f"({verdict_text(worst.verdict.value)})."
            if worst is not None
            else "."
        )
        + (
            f" {counts['no_data']} figure(s) without data are not drawn."
            if counts["no_data"]
            else ""
        )
    )
    chart = Chart(cid, title, desc, table, len(shown), len(shown))
    if draw and shown:
        chart = attrs.evolve(
            chart, svg=_gap_svg(chart, [g for _, g in shown], [r for r, _ in shown])
        )
    return chart


def _gap_svg(chart: Chart, gaps: Sequence[Gap], ranks: Sequence[int]) -> str:
    cid = chart.id
    values = [100 * (g.shortfall or 0.0) for g in gaps]
    span = max(max(values, default=0.0), 0.0) - min(min(values, default=0.0), 0.0) or 1.0
    with style():
        fig = figure(7.5, 0.9 + 0.2 * len(gaps))
        ax = fig.add_subplot()
        ys = list(range(len(gaps)))
        for y, g, v, rank in zip(ys, gaps, values, ranks, strict=True):
            colour, _, hatch, _ = _VERDICTS[g.verdict.value]
            ax.barh(
                y,
                v,
                height=0.7,
                color=colour,
                edgecolor="#333333",
                linewidth=0.4,
                hatch=hatch,
                gid=f"{cid}--series-bar-{rank}",
            )
            words = verdict_text(g.verdict.value).split(" ", 1)[1]
            ax.annotate(
                f"{words} {shortfall_text(g.shortfall)}",
                (v, y),
                xytext=(8 if v >= 0 else -8, 0),
                textcoords="offset points",
                ha="left" if v >= 0 else "right",
                va="center",
                fontsize=7,
            )
        for value, (colour, marker, _, words) in _VERDICTS.items():
            mine = [
                (v, y) for y, g, v in zip(ys, gaps, values, strict=True) if g.verdict.value == value
            ]
            if mine and marker:
                ax.plot(
                    [v for v, _ in mine],
                    [y for _, y in mine],
                    linestyle="none",
                    marker=marker,
                    markersize=5,
                    color=colour,
                    markeredgecolor="#1a1a1a",
                    markeredgewidth=0.6,
                    label=words,
                    gid=f"{cid}--marks-{value}",
                )
        ax.axvline(0, color="#1a1a1a", linewidth=0.8)
        ax.set_yticks(ys, [_label(g, _TICK_WIDTH) for g in gaps])
        ax.set_ylim(len(gaps) - 0.5, -0.5)  # the largest on top
        lo, hi = ax.get_xlim()
        ax.set_xlim(lo - 0.25 * span, hi + 0.3 * span)  # room for the labels
        ax.tick_params(axis="y", labelsize=7)
        ax.set_xlabel("shortfall, % of the way from the standard to the worst value")
        ax.grid(axis="y", visible=False)
        fig.legend(fontsize=7, loc="outside lower center", ncols=3)
        ax.set_title(chart.title, loc="left", fontsize=9)
        return to_svg(fig, cid, chart.title, chart.desc)


def _compliance_tables(assessment: Assessment) -> list[Table]:
    if assessment.compliance is None:
        return []
    tables: list[Table] = []
    head = ("Metric", "Priority", "Standard", "Measured", "Verdict", "Shortfall")
    for channel, checks in assessment.compliance.by_channel().items():
        # A channel's default holds for the priorities without their own standard: "all"
        # only when no priority of that metric has one (email first_reply with an urgent
        # target of its own covers low, normal and high, and says "others").
        own = {c.metric for c in checks if c.priority is not None}
        rows = tuple(
            (
                Cell(c.metric),
                Cell(c.priority or ("others" if c.metric in own else "all")),
                Cell(c.standard),
                _est(c.estimate, c.unit, f"compliance|{c.channel}|{c.metric}|{c.priority or ''}"),
                Cell(verdict_text(c.verdict.value)),
                Cell(shortfall_text(c.shortfall)),
            )
            for c in checks
        )
        tables.append(Table(f"compliance-{len(tables)}", f"Channel: {channel}", head, rows))
    return tables


def _servqual_table(assessment: Assessment) -> Table | None:
    result = assessment.servqual
    if result is None:
        return None
    e_means, p_means = dict(result.expectation_means), dict(result.perception_means)
    rows = [
        (
            Cell(dim),
            Cell(fmt_value(e_means[dim], "points")),
            Cell(fmt_value(p_means[dim], "points")),
            _est(est, "points", f"servqual|{dim}"),
        )
        for dim, est in result.dimension_gaps
    ]
    overall = [("overall (unweighted)", result.unweighted)]
    if result.weighted is not None:
        overall.append(("overall (weighted)", result.weighted))
    rows += [
        (Cell(label), Cell(""), Cell(""), _est(est, "points", f"servqual|{label}"))
        for label, est in overall
    ]
    head = ("Dimension", "Expectation", "Perception", "Gap (P − E)")
    return Table("servqual-table", f"SERVQUAL, {result.n} responses", head, tuple(rows))


def _qa_table(assessment: Assessment) -> Table | None:
    qa = assessment.qa
    if qa is None:
        return None
    rows = tuple(
        (
            Cell(est.metric),
            _est(est, "" if est.metric == "QA score" else "share", f"qa|{est.metric}"),
        )
        for est in (qa.mean, qa.pass_rate, qa.critical_failure_rate)
    )
    return Table("qa-table", f"QA, {qa.n} evaluations", ("Figure", "Value"), rows)


def _section(sid: str, title: str, paragraphs: Sequence[str], blocks: Sequence[str]) -> str:
    out = [f'<section id="{sid}"><h2>{escape(title)}</h2>']
    out += [f"<p>{escape(p)}</p>" for p in paragraphs]
    return "\n".join([*out, *blocks, "</section>"])


def _names(assessment: Assessment) -> tuple[str, ...]:
    """The blueprint's and the export's names that can reorder text (see ``text_html``)."""
    bp = assessment.blueprint
    found = {bp.name, *(m.name for m in [bp.support_model] if m is not None)}
    for g in assessment.gaps:
        found.update((g.name, g.standard, g.channel or ""))
    if assessment.compliance is not None:
        for channel, checks in assessment.compliance.by_channel().items():
            found.update((channel, *(c.standard for c in checks)))
    return tuple(sorted(n for n in found if reorders(n)))


def render_html(assessment: Assessment, *, charts: bool = True) -> str:
    """The assessment as one self-contained HTML page (the same figures as ``render_json``).

    ``charts=False`` (or no matplotlib) leaves the chart out and keeps every table; the same
    assessment gives the same bytes.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.blueprint import Blueprint, assess
        >>> a = assess(Blueprint("Acme"), [], at=datetime(2026, 3, 2, tzinfo=UTC))
        >>> render_html(a, charts=False).count('<section id="')
        1
    """
    if not isinstance(assessment, Assessment):
        raise InputTypeError(f"render_html needs an Assessment, got {type(assessment).__name__}")
    a = assessment
    require_type(charts, bool, "charts")  # an array's truth value raised ValueError
    draw = charts and have_matplotlib()
    bp = a.blueprint
    sections: list[tuple[str, str, str]] = []
    note = (
        "Shortfall: the distance from the standard as a share of the way to the metric's worst "
        "value (0 at the standard, negative a margin). Met: the value and its whole interval "
        "meet the standard; at risk: the value meets it but the interval does not rule out a "
        "miss; missed: the value misses it."
    )
    if any(left_out(g.estimate) for g in a.gaps):
        note += (
            " missing=: left out of n, not judged at the snapshot (a clock still running or "
            "paused, a time not yet stopped, a review window still open)."
        )
    names = _names(a)
    chart = gap_chart(a, draw=draw)
    blocks = [chart_html(chart, css_class="bars", names=names)] if chart.marks else []
    blocks.append(_marked(table_html(_gap_table(a.gaps), names=names)))
    sections.append(("gaps", "Gaps", _section("gaps", "Gaps", [note], blocks)))
    compliance = _compliance_tables(a)
    if compliance:
        blocks = [_marked(table_html(t, names=names)) for t in compliance]
        sections.append(
            (
                "compliance",
                "Compliance",
                _section("compliance", "Compliance per channel", [], blocks),
            )
        )
    extra = [("servqual", "SERVQUAL", _servqual_table(a)), ("qa", "QA", _qa_table(a))]
    for sid, label, table in extra:
        if table is not None:
            sections.append(
                (sid, label, _section(sid, label, [], [table_html(table, names=names)]))
            )
    counts = ", ".join(f"{verdict_text(k)} {v}" for k, v in a.summary.items())
    basis = snapshot_basis(a.basis, a.last_event, a.at.tzinfo, capped=a.refused_event is not None)
    meta = [
        f"at {a.at.isoformat()}{basis}; {a.tickets} tickets; "
        f"confidence level {level_percent(a.level)} %",
        *(f"warning: {w}" for w in a.warnings()),
        *([f"support model: {bp.support_model.name}"] if bp.support_model is not None else []),
        f"{len(a.gaps)} figures: {counts}",
    ]
    body = "\n".join(html for _, _, html in sections)
    return page(
        f"servicemodel assessment: {bp.name}",
        meta,
        [(s, t) for s, t, _ in sections],
        body,
        draw=draw,
        missing=charts and not draw,
        css=_CSS,
        names=names,
    )
