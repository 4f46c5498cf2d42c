"""The ticket metrics section (Zendesk's durations beside ours) as text and JSON.

Examples:
    >>> from servicemodel.report._ticket_metrics import ticket_metrics_section
    >>> ticket_metrics_lines(ticket_metrics_section([], []))[2]
    '0 durations compared on 0 tickets: 0 agree, 0 disagree'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from servicemodel.reconcile import DurationComparison
from servicemodel.report._figures import Figure
from servicemodel.report._ticket_metrics import TicketMetricsRow, TicketMetricsSection

__all__ = [
    "TITLE",
    "listing_head",
    "notes",
    "ticket_metrics_data",
    "ticket_metrics_figures",
    "ticket_metrics_lines",
]

TITLE = "Zendesk's ticket metrics beside ours"

#: Where every comparison is, ticket by ticket (the section lists the first disagreements).
_EVERY = "every comparison: servicemodel.reconcile.zendesk_ticket_metrics"


def listing_head(section: TicketMetricsSection) -> str:
    """The listing's heading: how many disagreements, how many shown.

    Examples:
        >>> from servicemodel.report._ticket_metrics import ticket_metrics_section
        >>> listing_head(ticket_metrics_section([], []))
        'Disagreements (0), by ticket, field and clock'
    """
    shown = len(section.disagreements)
    if shown == section.disagreed:
        return f"Disagreements ({shown}), by ticket, field and clock"
    return (
        f"First {shown} of {section.disagreed} disagreements, by ticket, field and clock ({_EVERY})"
    )


def notes(section: TicketMetricsSection) -> list[str]:
    said = [section.summary(), section.basis()]
    if section.left_out():
        said.append(section.left_out())
    return said


def ticket_metrics_lines(section: TicketMetricsSection) -> list[str]:
    """Return the text lines of the section: counts per field and clock, the reasons by
    kind, and the first disagreements."""
    width = max(32, *(len(r.field) for r in section.by_field)) if section.by_field else 32
    lines = [TITLE, "=" * len(TITLE), *notes(section), ""]
    lines.append(f"{'field':<{width}} {'clock':<8} {'compared':>8} {'agree':>6} {'disagree':>8}")
    lines += [
        f"{r.field:<{width}} {r.clock:<8} {r.compared:>8} {r.agreed:>6} {r.disagreed:>8}"
        for r in section.by_field
    ]
    lines += ["", "Disagreements by kind"]
    lines += [f"  {kind:<40} {n:>6}" for kind, n in section.reasons] or ["  none"]
    lines += ["", listing_head(section)]
    lines += [f"  {c}" for c in section.disagreements] or ["  none"]
    return lines


def _row_data(row: TicketMetricsRow) -> dict[str, Any]:
    return {
        "field": row.field,
        "clock": row.clock,
        "compared": row.compared,
        "agreed": row.agreed,
        "disagreed": row.disagreed,
        "reasons": [{"kind": kind, "count": n} for kind, n in row.reasons],
    }


def _comparison_data(c: DurationComparison) -> dict[str, Any]:
    return {
        "ticket_id": c.ticket_id,
        "field": c.field,
        "clock": c.clock,
        "unit": c.unit,
        "vendor": c.vendor,
        "ours": c.ours,
        "reason": c.reason,
        "path": c.path,
    }


def ticket_metrics_data(section: TicketMetricsSection) -> dict[str, Any]:
    """Return the section as JSON-ready data.

    Examples:
        >>> from servicemodel.report._ticket_metrics import ticket_metrics_section
        >>> ticket_metrics_data(ticket_metrics_section([], []))["compared"]
        0
    """
    return {
        "calendar": section.calendar or None,
        "rounding": section.rounding,
        "tickets": section.tickets,
        "unmatched": section.unmatched,
        "compared": section.compared,
        "agreed": section.agreed,
        "disagreed": section.disagreed,
        "by_field": [_row_data(r) for r in section.by_field],
        "reasons": [{"kind": kind, "count": n} for kind, n in section.reasons],
        "listed": section.listed,
        "disagreements": [_comparison_data(c) for c in section.disagreements],
        "outside": section.outside,
        "bad_records": list(section.bad_records),
        "differing_records": list(section.differing),
    }


_S = "ticket_metrics"


def _counted(
    seg: str, counts: Iterable[tuple[str, int]], reasons: Iterable[tuple[str, int]]
) -> list[Figure]:
    """The count figures of one segment (the section's ``""``, a field and clock's), then
    its disagreements by kind (``kind=...`` after the segment)."""
    out = [Figure(_S, name, seg, "", n, unit="count") for name, n in counts]
    out += [
        Figure(_S, "disagreements", ";".join(filter(None, (seg, f"kind={kind}"))), "", n,
               unit="count")
        for kind, n in reasons
    ]  # fmt: skip
    return out


def ticket_metrics_figures(section: TicketMetricsSection) -> list[Figure]:
    """Return the section's figures (CSV rows): the counts, per field and clock, the kinds,
    and one per listed disagreement.

    Examples:
        >>> from servicemodel.report._ticket_metrics import ticket_metrics_section
        >>> [f.metric for f in ticket_metrics_figures(ticket_metrics_section([], []))][:3]
        ['tickets', 'unmatched', 'outside']
    """
    out = _counted(
        "",
        (
            ("tickets", section.tickets),
            ("unmatched", section.unmatched),
            ("outside", section.outside),
            ("bad_records", len(section.bad_records)),
            ("compared", section.compared),
            ("agreed", section.agreed),
            ("disagreed", section.disagreed),
        ),
        section.reasons,
    )
    for row in section.by_field:
        out += _counted(
            f"field={row.field};clock={row.clock}",
            (("compared", row.compared), ("agreed", row.agreed), ("disagreed", row.disagreed)),
            row.reasons,
        )
    for rank, c in enumerate(section.disagreements, 1):
        seg = f"rank={rank};ticket={c.ticket_id};field={c.field};clock={c.clock}"
        out.append(Figure(_S, "disagreement", seg, "", None, note=str(c)))
    return out
