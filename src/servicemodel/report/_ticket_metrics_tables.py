"""The ticket metrics section laid out as tables, for the Markdown and HTML reports.

Examples:
    >>> from servicemodel.report._ticket_metrics import ticket_metrics_section
    >>> ticket_metrics_table_section(ticket_metrics_section([], [])).id
    'ticket-metrics'
"""

from __future__ import annotations

from servicemodel._numbers import two_decimals
from servicemodel.report._tables import Cell, Section, Table
from servicemodel.report._ticket_metrics import TicketMetricsSection
from servicemodel.report._ticket_metrics_render import TITLE, listing_head, notes

__all__ = ["ticket_metrics_table_section", "with_ticket_metrics"]


def _number(x: float | None, unit: str) -> str:
    """``x`` to two decimals at most, with ``unit`` (``–``: none).

    Examples:
        >>> _number(30.5, "min"), _number(42.001, "min"), _number(None, "s")
        ('30.5 min', '42 min', '–')
    """
    return "–" if x is None else f"{two_decimals(x)} {unit}"


def ticket_metrics_table_section(section: TicketMetricsSection) -> Section:
    """Return the section laid out as tables, for the Markdown and HTML reports.

    Examples:
        >>> from servicemodel.report._ticket_metrics import ticket_metrics_section
        >>> [t.id for t in ticket_metrics_table_section(ticket_metrics_section([], [])).tables]
        ['ticket-metrics-fields', 'ticket-metrics-kinds', 'ticket-metrics-disagreements']
    """
    fields = Table(
        "ticket-metrics-fields",
        "Durations compared per Ticket Metrics field",
        ("Field", "Clock", "Compared", "Agree", "Disagree"),
        tuple(
            (
                Cell(r.field),
                Cell(r.clock),
                Cell(str(r.compared)),
                Cell(str(r.agreed)),
                Cell(str(r.disagreed)),
            )
            for r in section.by_field
        ),
    )
    kinds = Table(
        "ticket-metrics-kinds",
        "Disagreements by kind",
        ("Kind", "Durations"),
        tuple((Cell(kind), Cell(str(n))) for kind, n in section.reasons),
    )
    listing = Table(
        "ticket-metrics-disagreements",
        listing_head(section),
        ("Ticket", "Field", "Clock", "Zendesk", "Ours", "Why"),
        tuple(
            (
                Cell(c.ticket_id),
                Cell(c.field),
                Cell(c.clock),
                Cell(_number(c.vendor, c.unit)),
                Cell(_number(c.ours, c.unit)),
                Cell(c.reason or ""),
            )
            for c in section.disagreements
        ),
    )
    said = tuple(f"{n[:1].upper()}{n[1:]}." for n in notes(section))
    return Section("ticket-metrics", TITLE, said, (fields, kinds, listing))


def with_ticket_metrics(
    sections: list[Section], section: TicketMetricsSection | None
) -> list[Section]:
    """``sections`` with the ticket metrics section before the goals (as the text has it).

    Examples:
        >>> with_ticket_metrics([], None)
        []
    """
    if section is None:
        return sections
    ids = [s.id for s in sections]
    at = ids.index("goals") if "goals" in ids else len(sections)
    return [*sections[:at], ticket_metrics_table_section(section), *sections[at:]]
