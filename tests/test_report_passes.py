"""The report's single passes give the figures of the separate passes they replace.

``build_report`` measures each ticket's SLA once (shared by the SLA section and the detail),
accumulates the KPI section once (overall, channel and week figures are merges of (week,
channel) groups) and reuses those curves for the charts. Each law compares with the plain
computation: every accumulator run over every history, every ticket evaluated again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.kpi import by, periods
from servicemodel.model import TicketHistory
from servicemodel.report import ReportOptions, build_report
from servicemodel.report._detail import build_detail
from servicemodel.report._kpi import _bundle
from servicemodel.report._passes import merge_all, one_pass
from servicemodel.report._select import select
from servicemodel.report._sla import build_sla
from servicemodel.sla import PolicySet
from servicemodel.strategies import histories

POLICIES = PolicySet.from_file(
    Path(__file__).resolve().parents[1] / "examples" / "policies" / "standard.toml"
)
SOME = st.lists(histories(max_events=6), max_size=10, unique_by=lambda h: h.ticket.id)


def _as_of(hs: list[TicketHistory]) -> datetime:
    if not hs:
        return datetime(2026, 1, 5, tzinfo=UTC)
    return max(h.last_event_at.astimezone(UTC) for h in hs)


@given(SOME)
@settings(max_examples=40)
def test_one_pass_equals_a_pass_per_segmentation(hs: list[TicketHistory]) -> None:
    as_of = _as_of(hs)
    empty = _bundle(None, "h", timedelta(days=3), as_of, False, {})
    week = periods("week", tz="Europe/Berlin")
    done = one_pass(hs, empty, week, as_of)
    assert done.overall.result() == empty.add_many(hs).result()
    assert done.channels.result() == by("channel", empty).add_many(hs).result()
    assert done.weeks.result() == by(week, empty).add_many(hs).result()
    assert sum(done.tickets.values()) == len(hs)
    assert sum(done.still_open.values()) == sum(not h.is_resolved(at=as_of) for h in hs)


@given(st.lists(st.integers(0, 20), max_size=9))
def test_merge_all_is_the_left_fold(counts: list[int]) -> None:
    # A balanced tree of merges sums the same counts as merging one after another.
    from servicemodel.kpi import SLAAttainment

    accs = [SLAAttainment(None, achieved=c, breached=1) for c in counts]
    folded = SLAAttainment.empty()
    for acc in accs:
        folded = folded.merge(acc)
    assert merge_all(accs, SLAAttainment.empty()) == folded


@given(SOME)
@settings(max_examples=25)
def test_report_measures_once_with_the_same_figures(hs: list[TicketHistory]) -> None:
    report = build_report(hs, ReportOptions(policies=POLICIES, tz="Europe/Berlin"))
    chosen, scope = select(hs)
    if scope.as_of is None:
        return  # nothing selected: no ticket to measure (checked by the empty report's tests)
    tz = report.kpi.as_of.tzinfo
    assert tz is not None
    assert report.sla == build_sla(chosen, POLICIES, at=scope.as_of, tz=tz)
    assert report.detail == build_detail(chosen, as_of=scope.as_of, policies=POLICIES)
