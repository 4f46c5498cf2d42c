"""The vendor reconciliation section laid out as tables, for the Markdown and HTML reports.

Every number cell is made from one of the section's figures
(``report._reconcile_render.reconcile_figures``), so it carries the figure's ``key``.

Examples:
    >>> from servicemodel.report._reconcile import ReconcileTally
    >>> reconcile_table_section(ReconcileTally([], set()).section()).id
    'reconciliation'
"""

from __future__ import annotations

from datetime import datetime

from servicemodel._numbers import level_percent
from servicemodel.report._figures import Figure, fmt_interval, fmt_value
from servicemodel.report._reconcile import ReconcileRow, ReconcileSection, side
from servicemodel.report._reconcile_render import (
    SIDE_LABELS,
    TITLE,
    listing_head,
    reconcile_figures,
    rule_text,
    summary_text,
)
from servicemodel.report._tables import Cell, Section, Table

__all__ = ["reconcile_table_section", "with_reconciliation"]

_S = "reconcile"
_LISTING_HEADER = ("Side", "Ticket", "Metric", "Cycle", "Vendor instance", "Vendor", "Ours",
                   "Vendor breach", "Our breach", "Why")  # fmt: skip


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def _cell(fig: Figure) -> Cell:
    n = None if fig.unit == "count" else fig.n
    return Cell(fmt_value(fig.value, fig.unit), fmt_interval(fig.lower, fig.upper, fig.unit), n,
                fig.key)  # fmt: skip


def _metric_rows(section: ReconcileSection, index: dict[str, Figure]) -> list[tuple[Cell, ...]]:
    rows = []
    for row in (*section.by_metric, section.overall):
        seg = "" if row is section.overall else f"metric={row.metric}"
        names = ("compared", "agreed", "disagreed", "agreement", "ours_only", "vendor_only")
        rows.append((Cell(row.metric), *(_cell(index[f"{_S}|{n}|{seg}|"]) for n in names)))
    return rows


def _kind_rows(
    section: ReconcileSection, name: str, index: dict[str, Figure]
) -> tuple[tuple[Cell, ...], ...]:
    """One row per metric and kind: of the disagreements, or of the one-sided clocks."""

    def kinds(r: ReconcileRow) -> tuple[tuple[str, int], ...]:
        return r.reasons if name == "disagreements" else r.one_sided

    return tuple(
        (Cell(r.metric), Cell(kind), _cell(index[f"{_S}|{name}|metric={r.metric};kind={kind}|"]))
        for r in section.by_metric
        for kind, _ in kinds(r)
    )


def reconcile_table_section(section: ReconcileSection) -> Section:
    """Return the section laid out as tables, for the Markdown and HTML reports.

    Examples:
        >>> from servicemodel.report._reconcile import ReconcileTally
        >>> [t.id for t in reconcile_table_section(ReconcileTally([], set()).section()).tables]
        ['reconcile-metrics', 'reconcile-kinds', 'reconcile-one-sided', 'reconcile-disagreements']
    """
    index = {f.key: f for f in reconcile_figures(section)}
    level = f"{level_percent(section.level)} %"
    metrics = Table(
        "reconcile-metrics",
        f"Clocks compared per metric ({level} Wilson intervals)",
        ("Metric", "Compared", "Agree", "Disagree", "Agreement", "Ours only", "Vendor only"),
        tuple(_metric_rows(section, index)),
    )
    kinds = Table(
        "reconcile-kinds",
        "Disagreements by kind",
        ("Metric", "Kind", "Clocks"),
        _kind_rows(section, "disagreements", index),
    )
    one_sided = Table(
        "reconcile-one-sided",
        "Clocks one side lacks, by reason",
        ("Metric", "Reason", "Clocks"),
        _kind_rows(section, "one_sided", index),
    )
    listing = Table(
        "reconcile-disagreements",
        listing_head(section),
        _LISTING_HEADER,
        tuple(
            (
                Cell(SIDE_LABELS[side(c)]),
                Cell(c.ticket_id),
                Cell(c.metric),
                Cell(str(c.cycle)),
                Cell("–" if c.vendor_instance is None else str(c.vendor_instance)),
                Cell(c.vendor_state or "–"),
                Cell(c.our_state or "–"),
                Cell(_iso(c.vendor_breached_at) or "–"),
                Cell(_iso(c.our_breached_at) or "–"),
                Cell(c.reason or ""),
            )
            for c in section.disagreements
        ),
    )
    notes = [
        f"{summary_text(section)}.",
        f"{rule_text(section)[:1].upper()}{rule_text(section)[1:]}.",
    ]
    if section.left_out():
        notes.append(f"{section.left_out()[:1].upper()}{section.left_out()[1:]}.")
    return Section("reconciliation", TITLE, tuple(notes), (metrics, kinds, one_sided, listing))


def with_reconciliation(sections: list[Section], section: ReconcileSection | None) -> list[Section]:
    """``sections`` with the reconciliation's after the SLA section (as the text report has it).

    Examples:
        >>> with_reconciliation([], None)
        []
    """
    if section is None:
        return sections
    ids = [s.id for s in sections]
    at = ids.index("sla") + 1 if "sla" in ids else len(sections)
    return [*sections[:at], reconcile_table_section(section), *sections[at:]]
