"""Laws of the report's vendor SLA reconciliation section, as Hypothesis properties.

- The section's counts are ``reconcile``'s on the same inputs: per metric and over all,
  agreements + disagreements = compared, the per-metric counts sum to the total, the kinds are
  ``Reconciliation.reasons()``, and the listed disagreements are the first of ``reconcile``'s
  in the section's order.
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
from servicemodel.reconcile import VendorVerdict, reconcile
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


@st.composite
def _inputs(draw: st.DrawFn) -> tuple[list[TicketHistory], Any, list[VendorVerdict]]:
    found = draw(st.lists(histories(max_events=6), min_size=1, max_size=5,
                          unique_by=lambda h: h.id))  # fmt: skip
    policy = draw(policies(metrics=[Metric.FIRST_REPLY, Metric.NEXT_REPLY, Metric.RESOLUTION]))
    ids = [h.id for h in found]
    # Verdicts without instants: none is taken back by the snapshot (tested on its own).
    verdicts = draw(st.lists(_zendesk(ids) | _jsm(ids), max_size=12))
    return found, policy, verdicts


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
    assert overall.compared == len(expected.clocks)
    assert overall.agreed == expected.agreements
    assert overall.agreed + overall.disagreed == overall.compared
    assert dict(overall.reasons) == dict(expected.reasons())
    per_metric = Counter(c.metric for c in expected.clocks)
    agreed = Counter(c.metric for c in expected.clocks if c.agrees)
    assert {r.metric: r.compared for r in section.by_metric} == dict(per_metric)
    assert {r.metric: r.agreed for r in section.by_metric} == {m: agreed[m] for m in per_metric}
    for row in section.by_metric:
        assert row.agreed + row.disagreed == row.compared
        assert sum(n for _, n in row.reasons) == row.disagreed
        assert row.agreement.n == row.compared
    assert sum(r.compared for r in section.by_metric) == overall.compared
    assert sum(r.agreed for r in section.by_metric) == overall.agreed
    assert section.outside == sum(v.ticket_id not in ids for v in verdicts)
    assert section.verdicts + section.outside == len(verdicts)
    want = sorted(expected.disagreements, key=clock_order)[:listed]
    assert [(c.ticket_id, c.metric, c.cycle, c.reason) for c in section.disagreements] == [
        (c.ticket_id, c.metric, c.cycle, c.reason) for c in want
    ]


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
