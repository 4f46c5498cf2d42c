"""Laws of the report's vendor SLA reconciliation section, as Hypothesis properties.

- The section's counts are ``reconcile``'s on the same inputs, each clock on one side: per
  metric and over all, compared + ours_only + vendor_only = every clock ``reconcile`` returns
  (the sides told apart here by ``reconcile``'s reason texts), agreed + disagreed = compared,
  the per-metric rows sum to the overall row (counts and kinds), the kinds are
  ``Reconciliation.reasons()`` of each side's clocks, and the listing is the first
  disagreements, then the first one-sided clocks, in the section's order.
- The agreement share never counts a one-sided clock: verdicts on clocks we do not run, and
  tickets the vendor has no verdict for, change ``vendor_only`` / ``ours_only`` and leave
  compared, agreed and the share (its interval too) as they were.
- Vendor data changes nothing else: a report with the section, once the section is taken out,
  renders byte for byte as the report built without vendor data, in every format.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.model import TicketHistory
from servicemodel.reconcile import ClockComparison, Reconciliation, VendorVerdict, reconcile
from servicemodel.reconcile._compare import _our_key
from servicemodel.report import (
    ReportOptions,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from servicemodel.report._reconcile import clock_order
from servicemodel.sla import Metric, evaluate_many
from servicemodel.strategies import histories, policies
from test_report_reconcile import _side  # a clock's side from reconcile's reason text

_ZENDESK = ("reply_time", "resolution_time", "requester_wait_time", "agent_work_time",
            "periodic_update_time", "pausable_update_time", "group_ownership_time")  # fmt: skip
_STATES = ("achieved", "breached", "active")


def _zendesk(ids: list[str]) -> st.SearchStrategy[VendorVerdict]:
    return st.builds(
        VendorVerdict,
        ticket_id=st.sampled_from([*ids, "not-in-the-export"]),
        metric=st.sampled_from(_ZENDESK),
        instance=st.integers(0, 3),
        state=st.sampled_from(_STATES),
        target=st.none() | st.sampled_from([timedelta(hours=1), timedelta(hours=8)]),
        business=st.none() | st.booleans(),
    )


def _jsm(ids: list[str]) -> st.SearchStrategy[VendorVerdict]:
    return st.builds(
        VendorVerdict,
        ticket_id=st.sampled_from([*ids, "not-in-the-export"]),
        metric=st.sampled_from(["Time to first response", "Time to resolution", "Custom"]),
        instance=st.integers(1, 3),
        state=st.sampled_from(_STATES),
        source=st.just("jsm"),
        our_metric=st.none() | st.sampled_from([m.value for m in Metric]),
        our_cycle=st.integers(0, 2),
    )


def _clock(v: VendorVerdict) -> tuple[str, str, int]:
    """The clock a verdict is about, as ``reconcile`` matches it."""
    tid, metric, cycle, ours = _our_key(v)
    return tid, metric if ours else f"{v.source}:{metric}", cycle


@st.composite
def _inputs(draw: st.DrawFn) -> tuple[list[TicketHistory], Any, list[VendorVerdict]]:
    found = draw(st.lists(histories(max_events=6), min_size=1, max_size=5,
                          unique_by=lambda h: h.id))  # fmt: skip
    policy = draw(policies(metrics=[Metric.FIRST_REPLY, Metric.NEXT_REPLY, Metric.RESOLUTION]))
    ids = [h.id for h in found]
    # Verdicts without instants: none is taken back by the snapshot (tested on its own).
    # One verdict per clock: two on one clock are an error (tested on their own).
    verdicts = draw(st.lists(_zendesk(ids) | _jsm(ids), max_size=12, unique_by=_clock))
    return found, policy, verdicts


def _want(clocks: list[ClockComparison]) -> dict[str, Any]:
    """A row's counts and kinds, from ``reconcile``'s clocks."""
    both = [c for c in clocks if _side(c) == "both"]
    one = [c for c in clocks if _side(c) != "both"]
    return {
        "compared": len(both),
        "agreed": sum(c.agrees for c in clocks),
        "ours_only": sum(_side(c) == "ours_only" for c in clocks),
        "vendor_only": sum(_side(c) == "vendor_only" for c in clocks),
        "reasons": dict(Reconciliation(tuple(both)).reasons()),
        "one_sided": dict(Reconciliation(tuple(one)).reasons()),
    }


def _got(row: Any) -> dict[str, Any]:
    return {
        "compared": row.compared,
        "agreed": row.agreed,
        "ours_only": row.ours_only,
        "vendor_only": row.vendor_only,
        "reasons": dict(row.reasons),
        "one_sided": dict(row.one_sided),
    }


@settings(deadline=None)
@given(_inputs(), st.integers(0, 5))
def test_the_sections_counts_are_reconciles(
    inputs: tuple[list[TicketHistory], Any, list[VendorVerdict]], listed: int
) -> None:
    found, policy, verdicts = inputs
    options = ReportOptions(policies=policy, vendor_verdicts=verdicts, reconcile_listed=listed)
    report = build_report(found, options)
    section = report.reconciliation
    assert section is not None
    assert report.scope is not None
    # Every ticket is selected (the snapshot is the last event): the same measurements.
    assert report.scope.selected == len(found)
    ids = {h.id for h in found}
    expected = reconcile(
        [v for v in verdicts if v.ticket_id in ids],
        evaluate_many(policy, found, at=report.scope.as_of),
    )
    overall = section.overall
    clocks = list(expected.clocks)
    assert _got(overall) == _want(clocks)
    # Every clock reconcile returns is counted once, on one side.
    assert overall.compared + overall.ours_only + overall.vendor_only == len(clocks)
    assert overall.clocks == len(clocks)
    assert overall.agreed + overall.disagreed == overall.compared
    for row in section.by_metric:
        assert _got(row) == _want([c for c in clocks if c.metric == row.metric])
        assert row.agreed + row.disagreed == row.compared
        assert sum(n for _, n in row.reasons) == row.disagreed
        assert sum(n for _, n in row.one_sided) == row.ours_only + row.vendor_only
        assert row.agreement.n == row.compared
    # The per-metric rows sum to the overall row, counts and kinds.
    for name in ("compared", "agreed", "ours_only", "vendor_only"):
        assert sum(getattr(r, name) for r in section.by_metric) == getattr(overall, name)
    for name in ("reasons", "one_sided"):
        summed: Counter[str] = Counter()
        for r in section.by_metric:
            summed.update(dict(getattr(r, name)))
        assert summed == Counter(dict(getattr(overall, name)))
    assert {r.metric for r in section.by_metric} == {c.metric for c in clocks}
    assert section.outside == sum(v.ticket_id not in ids for v in verdicts)
    assert section.verdicts + section.outside == len(verdicts)
    two = sorted((c for c in expected.disagreements if _side(c) == "both"), key=clock_order)
    one = sorted((c for c in expected.disagreements if _side(c) != "both"), key=clock_order)
    want = [*two, *one][:listed]
    assert [(c.ticket_id, c.metric, c.cycle, c.reason) for c in section.disagreements] == [
        (c.ticket_id, c.metric, c.cycle, c.reason) for c in want
    ]


def _share(row: Any) -> tuple[int, int, Any]:
    return row.compared, row.agreed, row.agreement


def _no_such_metric(ids: list[str]) -> st.SearchStrategy[VendorVerdict]:
    """Verdicts on clocks we never run: metrics we have none of."""
    return st.builds(
        VendorVerdict,
        ticket_id=st.sampled_from(ids),
        metric=st.sampled_from(["pausable_update_time", "group_ownership_time"]),
        instance=st.integers(1, 3),
        state=st.sampled_from(_STATES),
    ) | st.builds(
        VendorVerdict,
        ticket_id=st.sampled_from(ids),
        metric=st.just("Custom"),
        instance=st.integers(1, 3),
        state=st.sampled_from(_STATES),
        source=st.just("jsm"),
        our_metric=st.none(),
    )


@settings(deadline=None, max_examples=60)
@given(_inputs(), st.data())
def test_the_agreement_share_never_counts_a_one_sided_clock(
    inputs: tuple[list[TicketHistory], Any, list[VendorVerdict]], data: st.DataObject
) -> None:
    found, policy, verdicts = inputs
    ids = {h.id for h in found}
    extra = data.draw(
        st.lists(histories(max_events=6), max_size=3, unique_by=lambda h: h.id).map(
            lambda hs: [h for h in hs if h.id not in {*ids, "not-in-the-export"}]
        ),
        label="tickets the vendor has no verdict for",
    )
    taken = {_clock(v) for v in verdicts}  # one verdict per clock
    more = data.draw(
        st.lists(_no_such_metric(sorted(ids)), min_size=1, max_size=5, unique_by=_clock).map(
            lambda vs: [v for v in vs if _clock(v) not in taken]
        )
    )
    # One snapshot for every run: the last instant of all the tickets, so that each ticket's
    # measurements are the same whichever tickets are in the report.
    at = max(h.last_event_at for h in [*found, *extra])

    def section(hs: list[TicketHistory], vs: list[VendorVerdict]) -> Any:
        options = ReportOptions(policies=policy, vendor_verdicts=vs, at=at)
        got = build_report(hs, options).reconciliation
        assert got is not None
        return got

    plain = section(found, verdicts)
    # Vendor verdicts on clocks we do not run: each one vendor-only, the share untouched.
    added = section(found, [*verdicts, *more])
    assert _share(added.overall) == _share(plain.overall)
    assert added.overall.vendor_only == plain.overall.vendor_only + len(more)
    assert added.overall.ours_only == plain.overall.ours_only
    # Tickets the vendor has no verdict for: each of our clocks on them ours-only.
    wider = section([*found, *extra], verdicts)
    theirs = sum(1 for _ in evaluate_many(policy, extra, at=at))
    assert _share(wider.overall) == _share(plain.overall)
    assert wider.overall.ours_only == plain.overall.ours_only + theirs
    assert wider.overall.vendor_only == plain.overall.vendor_only
    # And the share is the compared clocks' alone: agreed / compared, n = compared.
    share = plain.overall.agreement
    assert share.n == plain.overall.compared
    if plain.overall.compared:
        assert share.value == plain.overall.agreed / plain.overall.compared
    else:
        assert share.value is None


def _renderings(report: Any) -> list[str]:
    return [
        render_text(report),
        render_json(report),
        render_markdown(report),
        render_csv(report),
        render_html(report, charts=False),
    ]


@settings(deadline=None, max_examples=40)
@given(_inputs())
def test_vendor_data_changes_no_other_section(
    inputs: tuple[list[TicketHistory], Any, list[VendorVerdict]],
) -> None:
    found, policy, verdicts = inputs
    plain = build_report(found, ReportOptions(policies=policy))
    assert plain.reconciliation is None
    with_vendor = build_report(found, ReportOptions(policies=policy, vendor_verdicts=verdicts))
    assert with_vendor.reconciliation is not None
    assert _renderings(attrs.evolve(with_vendor, reconciliation=None)) == _renderings(plain)
    # And the section adds to each format: its title (or its CSV section) appears.
    texts = _renderings(with_vendor)
    assert "Vendor SLA reconciliation" in texts[0]
    assert '"reconciliation"' in texts[1]
    assert "## Vendor SLA reconciliation" in texts[2]
    assert "\r\nreconcile,compared,," in texts[3]
    assert 'id="reconciliation"' in texts[4]
    assert all("reconcil" not in t.lower() for t in _renderings(plain))
