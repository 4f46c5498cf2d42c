"""The report's figures as tidy rows, and how the HTML and Markdown reports show a number.

One [`Figure`][servicemodel.report.Figure] per number of the report: a count of the
overview, a KPI estimate of a scope, an SLA attainment (per metric and priority, per metric,
per policy), a clock time, a breach's overrun, and for each goal its target, progress,
projection and series. ``key`` names a figure uniquely; the HTML report tags the cell that
shows it with ``data-key`` so a test can find every figure of the JSON on the page.

Units are the JSON's: shares in 0..1, NPS in points, times in hours of ``base``.

Examples:
    >>> from servicemodel.report import build_report
    >>> [f.metric for f in figures(build_report([]))][:2]
    ['tickets', 'events']
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value, is_bool, real_number
from servicemodel._validators import instance_of, require_type
from servicemodel.errors import InputTypeError
from servicemodel.kpi import Estimate
from servicemodel.report._document import (
    AttainmentRow,
    GoalReport,
    KPIScope,
    KPISection,
    Overview,
    Report,
    SLASection,
)
from servicemodel.report._left_out import figure_note, left_out_note

__all__ = ["COLUMNS", "Figure", "figures", "fmt_interval", "fmt_value"]

#: The CSV's columns, in order (``note``: why a figure has no value, when the export cannot
#: support it, e.g. "not available from this export (lost: first_reply)", or which tickets it
#: left out, e.g. "12 tickets left out: partial history (lost: first_reply)"; ``missing`` and
#: ``censored``: the counts beside ``n``). New columns go at the end, so a reader of the CSV
#: by position keeps working.
COLUMNS = (
    "section", "metric", "segment", "period", "value", "lower", "upper", "n", "base", "note",
    "missing", "censored",
)  # fmt: skip

_DURATIONS = ("frt_p50", "frt_p90", "resolution_p50", "resolution_p90")

#: The CSV's columns counted beside ``n``: empty where a figure has no ``n``.
_BESIDE_N = frozenset({"missing", "censored"})


#: The text fields: ``key`` joins them (a huge int there broke ``str()``), the CSV writes them.
_TEXT = instance_of(str)


def _number_or_none(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: ``None`` or a finite int or float (not a bool), as the CSV shows it."""
    if value is None:
        return
    if is_bool(value) or not isinstance(value, int | float):
        raise InputTypeError(
            f"{attribute.name}: expected a number or None, got {type(value).__name__} "
            f"{safe_repr(value)}"
        )
    real_number(value, attribute.name)  # refuses NaN, infinities and ints past the float range


def _count_or_none(_instance: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        count_field(_instance, attribute, value)


@attrs.frozen
class Figure:
    """One number of the report, with where it belongs, its interval, ``n`` and time base.

    ``unit`` (``share``, ``points``, ``h``, ``count``, or a goal's unit) says how to show it;
    it is not a CSV column (the metric implies it). ``note`` says why there is no value when
    the export cannot support the figure, or when a Kaplan-Meier percentile is "not reached
    yet" (as the text and JSON reports say). ``missing`` and ``censored`` are the counts the
    text report prints beside ``n`` (``censored``: tickets of a Kaplan-Meier time still
    waiting at the snapshot), for the HTML and Markdown tables and the CSV's last two
    columns.

    Examples:
        >>> Figure("kpi", "csat", "channel=chat", "", 0.8, 0.7, 0.9, 20, "", "share").key
        'kpi|csat|channel=chat|'
    """

    section: str = attrs.field(validator=_TEXT)
    metric: str = attrs.field(validator=_TEXT)
    segment: str = attrs.field(validator=_TEXT)
    period: str = attrs.field(validator=_TEXT)
    value: float | int | None = attrs.field(validator=_number_or_none)
    lower: float | None = attrs.field(default=None, validator=_number_or_none)
    upper: float | None = attrs.field(default=None, validator=_number_or_none)
    n: int | None = attrs.field(default=None, converter=count_value, validator=_count_or_none)
    base: str = attrs.field(default="", validator=_TEXT)
    unit: str = attrs.field(default="", validator=_TEXT)
    note: str = attrs.field(default="", validator=_TEXT)
    missing: int = attrs.field(default=0, converter=count_value, validator=count_field)
    censored: int = attrs.field(default=0, converter=count_value, validator=count_field)

    @property
    def key(self) -> str:
        """Return ``section|metric|segment|period``, unique within one report."""
        return f"{self.section}|{self.metric}|{self.segment}|{self.period}"

    def row(self) -> tuple[object, ...]:
        """Return the CSV row: the ``COLUMNS`` values, ``None`` for an empty cell.

        ``missing`` and ``censored`` are counted beside ``n``: empty where there is no ``n``
        (a count, a goal's target, a breach's overrun), 0 or more where there is.

        Examples:
            >>> Figure("overview", "tickets", "", "", 3, unit="count").row()
            ('overview', 'tickets', '', '', 3, None, None, None, '', '', None, None)
            >>> Figure("kpi", "frt_p50", "", "", 0.5, 0.4, 0.7, 9, "calendar time", "h",
            ...        missing=1, censored=2).row()[-5:]
            (9, 'calendar time', '', 1, 2)
        """
        counted = self.n is not None
        return tuple(
            getattr(self, name) if counted or name not in _BESIDE_N else None for name in COLUMNS
        )


def num(value: float, spec: str) -> str:
    """Return ``format(value, spec)`` without the sign of a negative zero.

    An interval bound of -0.0004 shown with one decimal is "-0.0", which reads as a value
    below zero the data never had; the text, Markdown and HTML reports show "0.0".

    Examples:
        >>> num(-0.0004, ".1f"), num(-0.0, ".3g"), num(-0.05, ".1f")
        ('0.0', '0', '-0.1')
    """
    text = format(value, spec)
    if text.startswith("-") and not text.strip("-0."):
        return text[1:]
    return text


def fmt_value(value: float | None, unit: str) -> str:
    """Return ``value`` as the HTML and Markdown reports show it (``–`` for no value).

    Shares in percent with one decimal, points with one, hours with two, counts whole.

    Examples:
        >>> fmt_value(0.8571, "share"), fmt_value(39.12, "points"), fmt_value(1.1666, "h")
        ('85.7 %', '39.1', '1.17 h')
    """
    if value is None:
        return "–"
    if unit == "share":
        return f"{num(100 * value, '.1f')} %"
    if unit == "points":
        return num(value, ".1f")
    if unit == "count":
        return f"{int(value)}"
    if unit == "h":
        return f"{num(value, '.2f')} h"
    return num(value, ".3g") + (f" {unit}" if unit else "")


def fmt_interval(lower: float | None, upper: float | None, unit: str) -> str:
    """Return the interval ``[lower, upper]`` in the value's unit, ``?`` for a missing bound.

    Examples:
        >>> fmt_interval(0.84, 0.872, "share"), fmt_interval(1.5, None, "h")
        ('[84.0, 87.2]', '[1.50, ?]')
    """
    if lower is None and upper is None:
        return ""

    def one(x: float | None) -> str:
        if x is None:
            return "?"
        if unit == "share":
            return num(100 * x, ".1f")
        if unit in ("points",):
            return num(x, ".1f")
        return num(x, ".2f") if unit == "h" else num(x, ".3g")

    return f"[{one(lower)}, {one(upper)}]"


def figures(report: Report) -> list[Figure]:
    """Return every figure of ``report``, section by section, in the text report's order.

    Examples:
        >>> from servicemodel.report import build_report
        >>> figures(build_report([]))[0]
        Figure(section='overview', metric='tickets', segment='', period='', value=0, ...)
    """
    require_type(report, Report, "report")
    out = list(_overview(report.overview))
    out += _kpi(report.kpi)
    if report.sla is not None:
        out += _sla(report.sla, report)
    if report.goals is not None:
        for g in report.goals.goals:
            out += _goal(g)
    return out


def _overview(section: Overview) -> Iterator[Figure]:
    yield Figure("overview", "tickets", "", "", section.tickets, unit="count")
    yield Figure("overview", "events", "", "", section.events, unit="count")
    for name, counts in (
        ("channel", section.by_channel),
        ("priority", section.by_priority),
        ("status", section.by_status),
    ):
        for label, n in counts:
            yield Figure("overview", "tickets", f"{name}={label}", "", n, unit="count")
    for week, n in section.by_week:
        yield Figure("overview", "tickets", "", week, n, unit="count")


#: The note of a Kaplan-Meier percentile the curve never falls to (the text report's words).
NOT_REACHED = "not reached yet"


def _estimate(
    section: str,
    metric: str,
    segment: str,
    period: str,
    est: Estimate,
    base: str = "",
    estimator: str = "",
) -> Figure:
    # The export lacks what the figure needs (see report._kpi), or some tickets do and were
    # left out (see report._left_out): say so, as text and JSON do.
    note = figure_note(est)
    censored = dict(est.counts).get("censored", 0) if estimator == "kaplan-meier" else 0
    if est.value is None and censored:
        # The curve never falls that far: too many tickets still wait to say (not "no data").
        # As the text report: said first, then which tickets the figure left out (alone, the
        # left-out note read as if those tickets were why there is no value).
        left = left_out_note(est)
        note = f"{NOT_REACHED}; {left}" if left else NOT_REACHED
    return Figure(
        section, metric, segment, period, est.value, est.lower, est.upper, est.n, base, est.unit,
        note, est.missing, censored,
    )  # fmt: skip


def _scope(scope: KPIScope, kpi: KPISection, segment: str, period: str) -> Iterator[Figure]:
    for key, est in scope.figures:
        timed = key in _DURATIONS
        base = kpi.base.label if timed else ""
        yield _estimate("kpi", key, segment, period, est, base, kpi.estimator if timed else "")


def _kpi(kpi: KPISection) -> Iterator[Figure]:
    yield from _scope(kpi.overall, kpi, "", "")
    for scope in kpi.by_channel:
        yield from _scope(scope, kpi, f"channel={scope.label}", "")
    for scope in kpi.by_week:
        yield from _scope(scope, kpi, "", scope.label)
    for scope in kpi.shown_breakdown():
        yield from _scope(scope, kpi, f"{kpi.breakdown}={scope.label}", "")


def _attainment(row: AttainmentRow, policy: str = "") -> Figure:
    parts = [f"policy={policy}"] if policy else []
    if row.priority is not None:
        parts.append(f"priority={row.priority}")
    return _estimate("sla", f"{row.metric} attainment", ";".join(parts), "", row.attainment)


def _sla(section: SLASection, report: Report) -> Iterator[Figure]:
    for row in (*section.attainment, *section.by_metric):
        yield _attainment(row)
    for item in report.detail.by_policy:
        yield _attainment(item.row, item.policy)
    for t in section.times:
        for stat, est in (("median", t.median), ("p90", t.p90)):
            # Its estimator too: a Kaplan-Meier time counts its clocks still running as
            # censored, as the KPI times do; a finished-only one leaves them out, so they are
            # missing (its row says "still running, not counted").
            figure = _estimate("sla", f"{t.metric} {stat}", "", "", est, t.base.label, t.estimator)
            missing = est.missing + (t.censored if t.estimator != "kaplan-meier" else 0)
            yield attrs.evolve(figure, segment=f"base={t.base.kind}", unit="h", missing=missing)
    for rank, b in enumerate(section.worst_breaches, 1):
        yield Figure(
            "sla",
            "breach overrun",
            f"rank={rank};ticket={b.ticket};policy={b.policy};metric={b.metric};"
            f"priority={b.priority}",
            "",
            b.overrun.total_seconds() / 3600,
            base=b.base.label,
            unit="h",
        )


def _goal(g: GoalReport) -> Iterator[Figure]:
    name = g.goal.name or ""
    unit = g.unit
    status = g.status
    yield Figure("goals", "target", f"goal={name}", "", g.goal.target_value, unit=unit)
    yield Figure("goals", "progress", f"goal={name}", "", status.progress, unit="share")
    yield Figure("goals", "projection", f"goal={name}", "", status.projection, unit=unit)
    for point in g.series:
        est = point.estimate
        # A median or percentile time is a Kaplan-Meier estimate, as a KPI time: its tickets
        # still waiting are in n, censored, and a percentile the curve never falls to is "not
        # reached yet". A mean's waiting tickets are in missing (as the JSON's series gives
        # it), and it has no such count.
        km = "kaplan-meier" if "censored" in dict(est.counts) else ""
        figure = _estimate("goals", "value", f"goal={name}", point.period, est, "", km)
        yield attrs.evolve(figure, unit=unit)
