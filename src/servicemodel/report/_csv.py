"""Render a report document as CSV: one tidy row per figure.

Columns ``section, metric, segment, period, value, lower, upper, n, base, note, missing, censored``
(``COLUMNS``): ``segment`` is ``key=value`` pairs joined by ``;`` (empty: all tickets), ``period``
an ISO week or month label (empty: the whole report), ``value`` / ``lower`` / ``upper`` in the
JSON's units (shares 0..1, NPS points, times in hours), an empty cell where there is no value,
``base`` the time base of a duration, and ``note`` why a figure has no value when the export cannot
support it ("not available from this export (lost: first_reply)", or "not reached yet" for a
Kaplan-Meier percentile the curve never falls to) or which tickets it left out ("12 tickets left
out: partial history (lost: first_reply)"); ``missing`` and ``censored`` are the counts the text,
HTML and Markdown reports give beside ``n`` (``missing=``, ``censored=``), named as the JSON names
them: 0 or more where a figure has an ``n``, empty where it has none (a count, a goal's target, a
breach's overrun) and on the ``scope`` and ``source`` rows. They come last, after ``note``, so a
reader of the CSV by position keeps working. Numbers keep full precision (``repr``), so the CSV and
the JSON agree exactly. After the figures come the report's scope and source, so a reader of the
CSV alone learns what the text report says above its figures: ``scope`` rows count the tickets
(``total``, ``after_snapshot``, ``outside_window``, ``selected``, ``future_events``,
``future_tickets``) in ``value`` and give the snapshot's instants and where it came from
(``as_of``, ``basis``, ``last_event``, ``made_at`` ...) in ``note``, as the JSON's ``scope`` shows
them, and each snapshot warning as a ``warning`` row; each SLA section warning (a policy's label no
ticket has) is an ``sla`` ``warning`` row; ``source`` rows count the records that could not be read
(``bad_records``, each then a ``bad_record`` row) and those skipped on purpose (``skipped``, the
reasons in ``note``), and each ``warning`` of an export visibly incomplete (tickets missing, in
``note``). A cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return) is prefixed with ``'`` (OWASP, "CSV Injection").

Examples:
    >>> from servicemodel.report import build_report
    >>> print(render_csv(build_report([])).splitlines()[0])
    section,metric,segment,period,value,lower,upper,n,base,note,missing,censored
"""

from __future__ import annotations

import csv
import io

from servicemodel._validators import require_type
from servicemodel.report._document import Report
from servicemodel.report._figures import COLUMNS, figures
from servicemodel.report._json import scope_data
from servicemodel.report._reconcile_render import reconcile_figures
from servicemodel.report._ticket_metrics_render import ticket_metrics_figures

__all__ = ["render_csv"]

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def render_csv(report: Report) -> str:
    """Return the report's figures as CSV text (a header, then one row per figure).

    Lines end with ``\\r\\n`` as RFC 4180 says.

    Examples:
        >>> from servicemodel.report import build_report
        >>> render_csv(build_report([])).splitlines()[1]
        'overview,tickets,,,0,,,,,,,'
    """
    require_type(report, Report, "report")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    found = figures(report)
    if report.reconciliation is not None:  # after the SLA section's, as the text shows them
        found += reconcile_figures(report.reconciliation)
    if report.ticket_metrics is not None:
        found += ticket_metrics_figures(report.ticket_metrics)
    for figure in found:
        writer.writerow([_cell(v) for v in figure.row()])
    for section, metric, value, note in _scope_and_source(report):
        cells = dict(zip(_SCOPE_COLUMNS, (section, metric, _cell(value), _cell(note)), strict=True))
        writer.writerow([cells.get(name, "") for name in COLUMNS])
    return out.getvalue()


#: The columns a ``scope`` or ``source`` row fills; the others are empty.
_SCOPE_COLUMNS = ("section", "metric", "value", "note")

_COUNTS = (
    "total", "after_snapshot", "outside_window", "selected", "future_events", "future_tickets",
)  # fmt: skip
_TEXTS = (
    "as_of", "since", "until", "basis", "last_event", "made_at", "refused_update",
    "refused_event", "empty_reason",
)  # fmt: skip


def _scope_and_source(report: Report) -> list[tuple[str, str, int | None, str | None]]:
    """The scope's and the source's rows: (section, metric, count, text), as the JSON has them."""
    rows: list[tuple[str, str, int | None, str | None]] = []
    scope = scope_data(report.scope, report.kpi.as_of)
    if scope is not None:
        rows += [("scope", key, scope[key], None) for key in _COUNTS]
        rows += [("scope", key, None, scope[key]) for key in _TEXTS if scope[key] is not None]
        rows += [("scope", "warning", None, text) for text in scope["warnings"]]
    if report.sla is not None:  # a policy's label no ticket has
        rows += [("sla", "warning", None, text) for text in report.sla.warnings()]
    source = report.source
    if source.bad_records:
        rows.append(("source", "bad_records", len(source.bad_records), None))
        rows += [("source", "bad_record", None, text) for text in source.bad_records]
    if source.skipped:
        rows.append(("source", "skipped", len(source.skipped), source.skipped_summary()))
    rows += [("source", "warning", None, text) for text in source.warnings]
    return rows
