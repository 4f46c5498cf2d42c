"""``kpi.LeaveOutPartial``: any ticket KPI over the histories it accepts, the partial ones it
refuses counted and named, never dropped silently.

The laws: over a mix of complete and partial histories, the wrapped KPI's result is the KPI's
own result over the histories it accepts, noted with how many it refused (``missing`` and the
``left_out`` count grow by that number, the method says why); over complete histories it is the
KPI's result unchanged; it follows the accumulator protocol (splits merge to one pass); and
every other error is raised as the KPI raises it.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, MergeError, PartialHistoryError
from servicemodel.kpi import (
    Backlog,
    Estimate,
    FirstContactResolution,
    FirstReplySurvival,
    FirstReplyTime,
    LeaveOutPartial,
    OneTouchRate,
    ReopenRate,
    ResolutionRate,
    ResolutionSurvival,
    ResolutionTime,
    by,
    periods,
)
from servicemodel.kpi._estimate import EstimateMapping
from servicemodel.kpi._left_out import LEFT_OUT, left_out_count
from servicemodel.model import PARTIAL_ATTRIBUTE, AgentReply, StatusChange, Ticket, TicketHistory
from servicemodel.model._partial import LOST
from servicemodel.strategies import histories
from test_accumulator_protocol import check_accumulator

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
#: A snapshot after everything the strategy draws (its instants stay within a few years).
AS_OF = datetime(2100, 1, 1, tzinfo=UTC)

#: The ticket KPIs that refuse partial histories, each as a factory of its empty accumulator.
KPIS: dict[str, Callable[[], Any]] = {
    "first reply time": lambda: FirstReplyTime.empty(unit="h"),
    "resolution time": lambda: ResolutionTime.empty(unit="h"),
    "reopen rate": ReopenRate.empty,
    "resolution rate": ResolutionRate.empty,
    "one-touch rate": OneTouchRate.empty,
    "FCR": lambda: FirstContactResolution.empty(window=timedelta(days=3), as_of=AS_OF),
    "backlog": lambda: Backlog.empty(as_of=AS_OF),
    "first reply survival": lambda: FirstReplySurvival.empty(as_of=AS_OF, unit="h"),
    "resolution survival": lambda: ResolutionSurvival.empty(as_of=AS_OF, unit="h"),
}


def partial(h: TicketHistory, lost: frozenset[str]) -> TicketHistory:
    """``h`` marked as a partial history lacking ``lost``."""
    attributes = {**h.ticket.attributes, PARTIAL_ATTRIBUTE: ",".join(sorted(lost))}
    return TicketHistory(attrs.evolve(h.ticket, attributes=attributes), h.events)


@st.composite
def mixes(draw: st.DrawFn) -> list[TicketHistory]:
    """Histories of distinct ids, some of them marked partial with some lost facts."""
    drawn = draw(st.lists(histories(), max_size=8, unique_by=lambda h: h.id))
    out = []
    for h in drawn:
        lost = draw(st.frozensets(st.sampled_from(sorted(LOST)), max_size=3))
        out.append(partial(h, lost) if lost else h)
    return out


def accepted(empty: Any, items: list[TicketHistory]) -> tuple[list[TicketHistory], int, set[str]]:
    """The histories the KPI accepts on its own, how many it refuses, and what they lack."""
    kept, refused, lost = [], 0, set()
    for h in items:
        try:
            empty.add(h)
        except PartialHistoryError as exc:
            refused += 1
            lost |= exc.lost
        else:
            kept.append(h)
    return kept, refused, lost


def estimates(result: Any) -> list[Estimate]:
    if isinstance(result, Estimate):
        return [result]
    assert isinstance(result, EstimateMapping)
    return [result[k] for k in result]


@pytest.mark.parametrize("name", sorted(KPIS))
@settings(max_examples=60, deadline=None)
@given(items=mixes())
def test_the_result_is_the_kpi_over_what_it_accepts_noted(name: str, items: Any) -> None:
    empty = KPIS[name]()
    kept, refused, lost = accepted(empty, items)
    acc = LeaveOutPartial(empty).add_many(items)
    assert (acc.used, acc.left_out, acc.lost) == (len(kept), refused, frozenset(lost))
    # One at a time gives the same as the batch.
    one_by_one = LeaveOutPartial(empty)
    for h in items:
        one_by_one = one_by_one.add(h)
    assert one_by_one.result() == acc.result()
    expected = estimates(empty.add_many(kept).result())
    got = estimates(acc.result())
    assert len(got) == len(expected)
    for e, g in zip(expected, got, strict=True):
        assert (g.value, g.n, g.lower, g.upper) == (e.value, e.n, e.lower, e.upper)
        assert g.missing == e.missing + refused
        assert left_out_count(g) == refused
        if refused:
            assert g.method.endswith(f"left out: partial history (lost: {', '.join(sorted(lost))})")
        else:
            assert g == e  # nothing left out: the KPI's own result, unchanged


@pytest.mark.parametrize("name", ["first reply time", "reopen rate", "backlog", "FCR"])
def test_it_follows_the_accumulator_protocol(name: str) -> None:
    factory = KPIS[name]
    check_accumulator(
        lambda: LeaveOutPartial(factory()),
        mixes(),
        LeaveOutPartial(
            ResolutionRate.empty() if name != "resolution rate" else ReopenRate.empty()
        ),
    )


def ticket(i: int, lost: str = "", reply_after: float | None = 1.0) -> TicketHistory:
    attributes = {PARTIAL_ATTRIBUTE: lost} if lost else {}
    events = [] if reply_after is None else [AgentReply(f"r{i}", T0 + timedelta(hours=reply_after))]
    return TicketHistory(Ticket(f"T{i}", T0, attributes=attributes), events)


def test_a_partial_history_the_kpi_can_use_is_used() -> None:
    # Lacking the reopens does not stop a first reply time.
    items = [ticket(1), ticket(2, "reopens,next_reply", 3.0)]
    acc = LeaveOutPartial(FirstReplyTime.empty(unit="h")).add_many(items)
    assert (acc.used, acc.left_out) == (2, 0)
    assert acc.result() == FirstReplyTime.empty(unit="h").add_many(items).result()


def test_nothing_usable_says_why() -> None:
    solved = ticket(1, "reopens")
    solved = TicketHistory(
        solved.ticket, [*solved.events, StatusChange("s", T0 + timedelta(hours=2), status="solved")]
    )
    est = LeaveOutPartial(ReopenRate.empty()).add(solved).result()
    assert (est.value, est.n, est.missing, est.count(LEFT_OUT)) == (None, 0, 1, 1)
    assert est.method.endswith("1 ticket left out: partial history (lost: reopens)")


def test_a_time_summary_says_how_many_were_left_out_in_its_header() -> None:
    items = [ticket(1), ticket(2, "first_reply"), ticket(3, "first_reply")]
    summary = LeaveOutPartial(FirstReplyTime.empty(unit="h")).add_many(items).result()
    assert summary.left_out == 2
    assert repr(summary).splitlines()[0] == (
        "first reply time (unit=h, n=1, censored=0, left_out=2)"
    )
    assert "left out=2" in summary._repr_html_()
    plain = FirstReplyTime.empty(unit="h").add_many(items[:1]).result()
    assert plain.left_out == 0
    assert "left_out" not in repr(plain).splitlines()[0]


def test_segments_are_noted_each() -> None:
    items = [ticket(1), ticket(2, "first_reply")]
    seg = (
        by(lambda h: h.id, LeaveOutPartial(FirstReplyTime.empty(unit="h"))).add_many(items).result()
    )
    noted = {k: left_out_count(v["median"]) for k, v in seg.items()}
    assert noted == {"T1": 0, "T2": 1}


def test_other_errors_are_raised_as_the_kpi_raises_them() -> None:
    with pytest.raises(InputTypeError, match="expected a TicketHistory, got str 'T2'"):
        LeaveOutPartial(ReopenRate.empty()).add_many([ticket(1), "T2"])
    # Wrappers of one KPI with other parameters do not merge, as the KPIs do not.
    with pytest.raises(MergeError):
        LeaveOutPartial(Backlog.empty(as_of=AS_OF)) + LeaveOutPartial(Backlog.empty(as_of=T0))
    with pytest.raises(InputTypeError, match="inner: expected a KPI accumulator"):
        LeaveOutPartial(object())


def test_it_pickles_with_its_counts() -> None:
    acc = LeaveOutPartial(ReopenRate.empty()).add_many([ticket(1), ticket(2, "resolution")])
    back = pickle.loads(pickle.dumps(acc))
    assert back == acc
    assert back.left_out == 1
    assert back.lost == {"resolution"}


def test_the_partial_history_error_names_what_is_lost_and_pickles() -> None:
    with pytest.raises(PartialHistoryError) as info:
        ReopenRate.empty().add(ticket(1, "resolution,next_reply"))
    assert info.value.lost == {"resolution"}
    again = pickle.loads(pickle.dumps(info.value))
    assert again.lost == {"resolution"}
    assert str(again) == str(info.value)


@attrs.frozen
class _Spy:
    """A KPI that counts its calls: a wrapper must add every accepted history in one batch."""

    calls: tuple[str, ...] = ()
    added: int = 0

    def add(self, item: Any) -> _Spy:
        if (
            PARTIAL_ATTRIBUTE in item.ticket.attributes
            and "reopens" in item.ticket.attributes[PARTIAL_ATTRIBUTE]
        ):
            raise PartialHistoryError("no reopens", lost=["reopens"])
        return _Spy((*self.calls, "add"), self.added + 1)

    def add_many(self, items: Any) -> _Spy:
        items = list(items)
        for item in items:
            self.add(item)  # refuses as add does
        return _Spy((*self.calls, "add_many"), self.added + len(items))

    def merge(self, other: _Spy) -> _Spy:
        return _Spy(self.calls + other.calls, self.added + other.added)

    def result(self, level: float = 0.95) -> Estimate:
        return Estimate("spy", float(self.added), self.added, level=level)


def test_accepted_partial_histories_join_the_one_batch() -> None:
    # A partial history is tried on the KPI as first given, never added one by one to the
    # grown KPI (whose add may copy everything it holds: quadratic over a large export).
    items = [ticket(i, "first_reply" if i % 3 else "reopens") for i in range(300)]
    acc = LeaveOutPartial(_Spy()).add_many(items)
    assert acc.inner.calls == ("add_many",)
    assert (acc.used, acc.left_out, acc.lost) == (200, 100, {"reopens"})
    assert acc.result().missing == 100


def test_a_probe_that_is_no_accumulator_is_refused() -> None:
    with pytest.raises(InputTypeError, match="probe: expected a KPI accumulator"):
        LeaveOutPartial(ReopenRate.empty(), probe="a")


@pytest.mark.parametrize("key", ["channel", periods("week")])
def test_segments_inside_are_refused_naming_the_other_order(key: Any) -> None:
    # Around by(...), the result is a SegmentResult with no place for the note: the left-out
    # tickets would vanish from every segment's figures. The error says how to wrap instead
    # (the other order is test_segments_are_noted_each).
    segmented = by(key, FirstReplyTime.empty(unit="h"))
    with pytest.raises(ConfigError, match=r"inner: cannot wrap segments by '(channel|period)'"):
        LeaveOutPartial(segmented)
    with pytest.raises(ConfigError, match=r"LeaveOutPartial\(FirstReplyTime\.empty\(\.\.\.\)\)"):
        LeaveOutPartial.empty(inner=segmented)


def test_an_accumulator_given_to_periods_names_by() -> None:
    # periods(...) is a key: periods("week", acc) took acc for the start bound.
    acc = LeaveOutPartial(ReopenRate.empty())
    with pytest.raises(InputTypeError, match=r"start: .*LeaveOutPartial.*by\(periods\('week'\)"):
        periods("week", acc)
    with pytest.raises(InputTypeError, match=r"^end: expected a date or an aware datetime"):
        periods("month", end=ReopenRate.empty())
