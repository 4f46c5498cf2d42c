"""How each renderer shows the vendor reconciliation section: text, JSON, figures and tables.

The section (``ReconcileSection``) is built once; these functions only format it. Shares are in
percent with one decimal in text, Markdown and HTML, 0..1 in JSON and CSV; instants are ISO
8601 in the report's zone. The figures (CSV rows, and the ``data-key`` of the HTML cells) are
in section ``reconcile``: per metric (segment ``metric=<name>``; all clocks: no segment)
``compared``, ``agreed``, ``disagreed``, ``agreement`` (with its Wilson interval, over the
compared clocks only), ``ours_only`` and ``vendor_only`` (the clocks one side lacks),
``disagreements`` per kind and ``one_sided`` per kind (segment ``...;kind=<kind>``);
``verdicts``, ``outside`` and ``not_started``; and each listed clock (``disagreement``, or
``one_sided_clock`` with ``;side=ours_only`` or ``;side=vendor_only``, segment
``rank=...;ticket=...;metric=...;cycle=...``, then ``;vendor_instance=N`` when the vendor has
a verdict for it, the explanation in ``note``). Cycles are counted from 0 on both sides (a
vendor metric we lack's instance *n* is cycle *n* - 1); ``vendor_instance`` is the vendor's
own number (JSON ``vendor_instance``, the Markdown and HTML listing's "Vendor instance").

Examples:
    >>> from servicemodel.report._reconcile import ReconcileTally
    >>> reconcile_lines(ReconcileTally([], set()).section())[:2]
    ['Vendor SLA reconciliation', '=========================']
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from servicemodel._numbers import level_percent
from servicemodel.reconcile import ClockComparison
from servicemodel.reconcile._shared import SIDE_LABELS, reason_kind
from servicemodel.report._figures import Figure, num
from servicemodel.report._reconcile import ReconcileRow, ReconcileSection, side

__all__ = [
    "SIDE_LABELS",
    "TITLE",
    "listing_head",
    "numbering",
    "reconcile_data",
    "reconcile_figures",
    "reconcile_lines",
    "rule_text",
    "summary_text",
]

#: The section's title in every format.
TITLE = "Vendor SLA reconciliation"


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def summary_text(section: ReconcileSection) -> str:
    when = "" if section.evaluated_at is None else f" at {section.evaluated_at.isoformat()}"
    o = section.overall
    return (
        f"SLA verdicts from {section.vendor_names()} beside ours{when}: {o.compared} clocks "
        f"compared, {o.agreed} agree, {o.disagreed} disagree; {o.ours_only} only ours, "
        f"{o.vendor_only} only the vendor's"
    )


#: How each vendor's own numbers become the cycles of the listing, by ``VendorVerdict.source``
#: (the readers' rules: ``zendesk_verdicts``' metric table, ``jsm_verdicts``' cycle order,
#: an export's verdict columns giving one verdict per ticket).
_NUMBERING = {
    "zendesk": "Zendesk's instance n is cycle n - 1 (reply_time n >= 2: next_reply n - 2)",
    "jsm": (
        "Jira Service Management's completedCycles in order, then its ongoingCycle, are cycles "
        "0, 1, ... (vendor instance n is cycle n - 1)"
    ),
    "export": "the export's verdict columns give one verdict per ticket: cycle 0",
    "freshdesk": (
        "Freshdesk's fr_due_by and due_by are cycle 0, its one nr_due_by the ticket's latest "
        "next_reply cycle"
    ),
}


def numbering(source: str) -> str:
    """How ``source``'s own numbers become the listing's cycles (counted from 0).

    Examples:
        >>> numbering("jsm")
        "Jira Service Management's completedCycles in order, then its ongoingCycle, are cycles 0, 1, ... (vendor instance n is cycle n - 1)"
        >>> numbering("servicenow")
        'servicenow: the cycle its reader names (a metric we lack: instance n is cycle n - 1)'
    """  # noqa: E501
    found = _NUMBERING.get(source)
    if found is not None:
        return found
    return f"{source}: the cycle its reader names (a metric we lack: instance n is cycle n - 1)"


def rule_parts(section: ReconcileSection) -> tuple[str, ...]:
    """The rule in parts: what is compared, when a clock agrees, the share, what is apart,
    and how the cycles are numbered -- each vendor of the section its own way (a Jira
    Service Management section says nothing of Zendesk's ``reply_time``).

    Examples:
        >>> from servicemodel.reconcile import VendorVerdict
        >>> from servicemodel.report._reconcile import ReconcileTally
        >>> jsm = VendorVerdict("SD-1", "Time to resolution", 1, "achieved", source="jsm",
        ...                     our_metric="resolution", our_cycle=0)
        >>> rule_parts(ReconcileTally([jsm], {"SD-1"}).section())[-1][:72]
        "cycles counted from 0 on both sides: Jira Service Management's completed"
    """
    vendors = [numbering(v) for v in section.vendors] or ["the vendor's instance n is cycle n - 1"]
    # Freshdesk states due instants, which are compared whatever the verdict.
    instants = "breach instants"
    if "freshdesk" in section.vendors:
        instants = "breach instants (due instants, where the vendor states them)"
    return (
        "compared: the clocks both sides have a verdict for",
        f"a clock agrees when the verdicts are the same and the {instants} within "
        f"{section.tolerance} of each other, counted in our clock's time",
        "agreement = agree / compared, Wilson interval",
        "a clock only one side has is counted apart (ours only, vendor only), never in the "
        "agreement",
        f"cycles counted from 0 on both sides: {vendors[0]}",
        *vendors[1:],
    )


def rule_text(section: ReconcileSection) -> str:
    return "; ".join(rule_parts(section))


# --- text -----------------------------------------------------------------------------------


def _share(est: Any) -> tuple[str, str]:
    if est.value is None:
        return "-", ""
    lo = "?" if est.lower is None else num(100 * est.lower, ".1f")
    hi = "?" if est.upper is None else num(100 * est.upper, ".1f")
    return f"{num(100 * est.value, '.1f')} %", f"[{lo}, {hi}]"


def _row_line(row: ReconcileRow, width: int) -> str:
    value, interval = _share(row.agreement)
    return (
        f"{row.metric:<{width}} {row.compared:>8} {row.agreed:>6} {row.disagreed:>8} "
        f"{value:>10}  {interval:<14} {row.ours_only:>9} {row.vendor_only:>11}"
    )


def listing_head(section: ReconcileSection) -> str:
    """The listing's heading: how many disagreements and one-sided clocks, how many shown.

    Examples:
        >>> from servicemodel.report._reconcile import ReconcileTally
        >>> listing_head(ReconcileTally([], set()).section())
        'Disagreements (0) and clocks one side lacks (0), disagreements first, each by ticket, metric and cycle'
    """  # noqa: E501
    o = section.overall
    two, one = o.disagreed, o.ours_only + o.vendor_only
    order = "disagreements first, each by ticket, metric and cycle"
    shown = len(section.disagreements)
    if shown == two + one:
        return f"Disagreements ({two}) and clocks one side lacks ({one}), {order}"
    return f"First {shown} of {two} disagreements and {one} clocks one side lacks ({order})"


def _kind_lines(pairs: list[tuple[str, str, int]], width: int) -> list[str]:
    return [f"  {m:<{width}} {kind:<28} {n:>6}" for m, kind, n in pairs] or ["  none"]


def reconcile_lines(section: ReconcileSection) -> list[str]:
    """Return the text lines of the section: counts per metric, kinds, first disagreements.

    Examples:
        >>> from servicemodel.report._reconcile import ReconcileTally
        >>> reconcile_lines(ReconcileTally([], set()).section())[2]
        "SLA verdicts from the vendor beside ours: 0 clocks compared, 0 agree, 0 disagree; 0 only ours, 0 only the vendor's"
    """  # noqa: E501
    level = f"{level_percent(section.level)} % interval"
    rows = (*section.by_metric, section.overall)
    width = max(16, *(len(r.metric) for r in rows))
    lines = [TITLE, "=" * len(TITLE), summary_text(section)]
    rule = [f" {part};" for part in rule_parts(section)]
    lines += [f"({rule[0][1:]}", *rule[1:-1], f"{rule[-1][:-1]})"]
    if section.left_out():
        lines.append(f"({section.left_out()})")
    lines.append(
        f"{'metric':<{width}} {'compared':>8} {'agree':>6} {'disagree':>8} "
        f"{'agreement':>10}  {level:<14} {'ours only':>9} {'vendor only':>11}"
    )
    lines += [_row_line(r, width) for r in rows]
    lines += ["", "Disagreements by kind"]
    lines += _kind_lines([(r.metric, k, n) for r in section.by_metric for k, n in r.reasons], width)
    lines += ["", "Clocks one side lacks, by reason"]
    lines += _kind_lines(
        [(r.metric, k, n) for r in section.by_metric for k, n in r.one_sided], width
    )
    lines += ["", listing_head(section)]
    lines += [f"  {SIDE_LABELS[side(c)]:<11}  {c}" for c in section.disagreements] or ["  none"]
    return lines


# --- JSON -----------------------------------------------------------------------------------


def _row_data(row: ReconcileRow) -> dict[str, Any]:
    est = row.agreement
    return {
        "metric": row.metric,
        "compared": row.compared,
        "agreed": row.agreed,
        "disagreed": row.disagreed,
        "agreement": est.value,
        "agreement_lower": est.lower,
        "agreement_upper": est.upper,
        "reasons": dict(row.reasons),
        "ours_only": row.ours_only,
        "vendor_only": row.vendor_only,
        "one_sided": dict(row.one_sided),
    }


def _clock_data(c: ClockComparison) -> dict[str, Any]:
    return {
        "ticket": c.ticket_id,
        "metric": c.metric,
        "cycle": c.cycle,
        "side": side(c),
        "vendor_state": c.vendor_state,
        "our_state": c.our_state,
        "vendor_breached_at": _iso(c.vendor_breached_at),
        "our_breached_at": _iso(c.our_breached_at),
        "kind": reason_kind(c.reason or ""),
        "reason": c.reason,
        "vendor_instance": c.vendor_instance,
    }


def reconcile_data(section: ReconcileSection) -> dict[str, Any]:
    """Return the section as JSON-ready data (shares 0..1, instants ISO 8601).

    Examples:
        >>> from servicemodel.report._reconcile import ReconcileTally
        >>> reconcile_data(ReconcileTally([], set()).section())["overall"]["compared"]
        0
    """
    return {
        "vendors": list(section.vendors),
        "evaluated_at": _iso(section.evaluated_at),
        "level": section.level,
        "tolerance_seconds": section.tolerance.total_seconds(),
        "verdicts": section.verdicts,
        "outside": section.outside,
        "not_started": section.not_started,
        "bad_records": list(section.bad_records),
        "overall": _row_data(section.overall),
        "by_metric": [_row_data(r) for r in section.by_metric],
        "listed": section.listed,
        "disagreements": [_clock_data(c) for c in section.disagreements],
    }


# --- figures (CSV, HTML and Markdown cells) -------------------------------------------------

_S = "reconcile"


def _row_figures(row: ReconcileRow, overall: bool) -> Iterator[Figure]:
    seg = "" if overall else f"metric={row.metric}"
    for name, n in (("compared", row.compared), ("agreed", row.agreed),
                    ("disagreed", row.disagreed)):  # fmt: skip
        yield Figure(_S, name, seg, "", n, unit="count")
    est = row.agreement
    yield Figure(_S, "agreement", seg, "", est.value, est.lower, est.upper, est.n, unit="share")
    yield Figure(_S, "ours_only", seg, "", row.ours_only, unit="count")
    yield Figure(_S, "vendor_only", seg, "", row.vendor_only, unit="count")
    for name, kinds in (("disagreements", row.reasons), ("one_sided", row.one_sided)):
        for kind, n in kinds:
            yield Figure(_S, name, ";".join(filter(None, (seg, f"kind={kind}"))), "", n,
                         unit="count")  # fmt: skip


def _listed_segment(rank: int, c: ClockComparison) -> str:
    seg = f"rank={rank};ticket={c.ticket_id};metric={c.metric};cycle={c.cycle}"
    which = side(c)
    seg = seg if which == "both" else f"{seg};side={which}"
    # Added last, so that the keys before it read as they always have.
    return seg if c.vendor_instance is None else f"{seg};vendor_instance={c.vendor_instance}"


def reconcile_figures(section: ReconcileSection) -> list[Figure]:
    """Return the section's figures, one per number (and one per listed disagreement).

    Examples:
        >>> from servicemodel.report._reconcile import ReconcileTally
        >>> [f.metric for f in reconcile_figures(ReconcileTally([], set()).section())][:4]
        ['verdicts', 'outside', 'not_started', 'compared']
    """
    out = [
        Figure(_S, "verdicts", "", "", section.verdicts, unit="count"),
        Figure(_S, "outside", "", "", section.outside, unit="count"),
        Figure(_S, "not_started", "", "", section.not_started, unit="count"),
    ]
    out += _row_figures(section.overall, overall=True)
    for row in section.by_metric:
        out += _row_figures(row, overall=False)
    for rank, c in enumerate(section.disagreements, 1):
        sides = f"vendor {c.vendor_state or '-'}, ours {c.our_state or '-'}"
        note = f"{sides}: {c.reason}"
        name = "disagreement" if side(c) == "both" else "one_sided_clock"
        out.append(Figure(_S, name, _listed_segment(rank, c), "", None, note=note))
    return out
