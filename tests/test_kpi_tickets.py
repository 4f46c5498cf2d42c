"""Ticket-history KPIs: laws (merge, permutation, bounds) and agreement with reference formulas."""

from __future__ import annotations

import itertools
import math
import pickle
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, MergeError, NaiveDatetimeError
from servicemodel.kpi import (
    Backlog,
    Durations,
    FirstContactResolution,
    FirstReplyTime,
    ReopenRate,
    ResolutionRate,
    ResolutionTime,
    SLAAttainment,
    TimeSummary,
    wilson_interval,
)
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Event,
    InternalNote,
    Reopen,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.strategies import histories

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
H = timedelta(hours=1)
MIN = timedelta(minutes=1)

history_lists = st.lists(histories(max_events=6), max_size=8)


# --- independent reference formulas -------------------------------------------------------
# Written from the definitions in DOMAIN.md by walking the raw events, without the model's
# derived helpers (first_reply_at, solve_times, reopens, status_at).


def ref_statuses(h: TicketHistory) -> list[tuple[datetime, Status]]:
    """(instant, status) after each status-changing event, starting with NEW at creation."""
    # Instants in UTC: two datetimes of one ZoneInfo compare and subtract by wall clock in
    # Python, which is wrong in the repeated hour after the clocks go back.
    out = [(h.ticket.created_at.astimezone(UTC), Status.NEW)]
    for ev in h.events:
        if isinstance(ev, StatusChange):
            out.append((ev.at.astimezone(UTC), ev.status))
        elif isinstance(ev, Reopen):
            out.append((ev.at.astimezone(UTC), Status.OPEN))
    return out


def resolved(s: Status) -> bool:
    return s in (Status.SOLVED, Status.CLOSED)


def ref_transitions(h: TicketHistory) -> tuple[list[datetime], list[datetime]]:
    solves, reopens = [], []
    seq = ref_statuses(h)
    for (_, a), (t, b) in itertools.pairwise(seq):
        if not resolved(a) and resolved(b):
            solves.append(t)
        if resolved(a) and not resolved(b):
            reopens.append(t)
    return solves, reopens


def ref_status_at(h: TicketHistory, t: datetime) -> Status:
    current = Status.NEW
    for at, status in ref_statuses(h):
        if at <= t:
            current = status
    return current


def ref_first_reply(h: TicketHistory) -> datetime | None:
    replies = [e.at.astimezone(UTC) for e in h.events if type(e) is AgentReply]
    k = 1 if h.ticket.created_by_agent else 0
    return replies[k] if len(replies) > k else None


def nearest_rank(values: list[float], q: float) -> float:
    xs = sorted(values)
    return xs[max(1, math.ceil(q * len(xs) / 100 - 1e-9)) - 1]


def ref_fcr(h: TicketHistory, window: timedelta, max_replies: int) -> bool | None:
    solves, reopens = ref_transitions(h)
    if not solves:
        return None
    if h.ticket.first_contact is not None:
        return h.ticket.first_contact
    s = solves[0]
    replies = [e for e in h.events if type(e) is AgentReply and e.at <= s]
    allowed = max_replies + (1 if h.ticket.created_by_agent else 0)
    later_messages = [e for e in h.events if type(e) is CustomerMessage and s < e.at <= s + window]
    return (
        len(replies) <= allowed
        and not later_messages
        and not any(s < r <= s + window for r in reopens)
    )


def splits(draw: Any, items: list[Any]) -> list[list[Any]]:
    cuts = sorted(draw(st.lists(st.integers(0, len(items)), max_size=4)))
    bounds = [0, *cuts, len(items)]
    return [items[a:b] for a, b in itertools.pairwise(bounds)]


@st.composite
def split_lists(draw: Any) -> tuple[list[TicketHistory], list[list[TicketHistory]]]:
    items = draw(history_lists)
    return items, splits(draw, items)


AS_OF = T0 + timedelta(days=2)


def factories() -> list[Any]:
    return [
        ResolutionRate.empty(),
        ResolutionRate.empty(as_of=AS_OF),
        ReopenRate.empty(),
        FirstContactResolution.empty(),
        FirstContactResolution.empty(window=timedelta(hours=5), max_replies=2, as_of=AS_OF),
        Backlog.empty(as_of=AS_OF),
        FirstReplyTime.empty(),
        FirstReplyTime.empty(calendar=WallClock(), unit="s", percentiles=(10, 75, 99)),
        ResolutionTime.empty(),
        ResolutionTime.empty(which="first", unit="d"),
    ]


@attrs.frozen
class WallClock:
    """A picklable stand-in calendar: business time = half the wall time."""

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        return (b - a) / 2


# --- laws ----------------------------------------------------------------------------------


@given(split_lists(), st.sampled_from(range(len(factories()))))
def test_merge_of_any_split_equals_one_pass(data: Any, which: int) -> None:
    items, parts = data
    empty = factories()[which]
    whole = empty.add_many(items)
    merged = sum((empty.add_many(p) for p in parts), empty)
    assert merged == whole
    assert sum(empty.add_many(p) for p in parts) == whole  # sum() starting from 0
    assert merged.result() == whole.result()


@given(history_lists, st.randoms(use_true_random=False), st.sampled_from(range(len(factories()))))
def test_permutation_does_not_change_results(items: Any, rnd: Any, which: int) -> None:
    empty = factories()[which]
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert empty.add_many(shuffled) == empty.add_many(items)


@given(history_lists, st.sampled_from(range(len(factories()))))
def test_add_one_by_one_equals_add_many_and_merge_identity(items: Any, which: int) -> None:
    empty = factories()[which]
    acc = empty
    for h in items:
        acc = acc.add(h)
    assert acc == empty.add_many(items)
    assert acc.merge(empty) == acc == empty.merge(acc)
    assert pickle.loads(pickle.dumps(acc)) == acc


@given(history_lists)
def test_proportions_are_in_unit_interval_with_interval_around_value(items: Any) -> None:
    for empty in factories()[:5]:
        est = empty.add_many(items).result()
        if est.n == 0:
            assert est.value is None
            continue
        assert 0.0 <= est.lower <= est.value <= est.upper <= 1.0


# --- agreement with reference formulas ----------------------------------------------------


@given(history_lists)
def test_rates_agree_with_reference(items: list[TicketHistory]) -> None:
    n_resolved = sum(resolved(ref_statuses(h)[-1][1]) for h in items)
    est = ResolutionRate.empty().add_many(items).result()
    assert est.n == len(items)
    assert est.count("successes") == n_resolved
    if items:
        assert est.value == pytest.approx(n_resolved / len(items))
        assert (est.lower, est.upper) == wilson_interval(n_resolved, len(items))

    solved = [h for h in items if ref_transitions(h)[0]]
    reopened = [h for h in solved if ref_transitions(h)[1]]
    est = ReopenRate.empty().add_many(items).result()
    assert (est.n, est.count("successes")) == (len(solved), len(reopened))


@given(history_lists, st.timedeltas(timedelta(0), timedelta(days=4)), st.integers(0, 3))
def test_fcr_agrees_with_reference(items: Any, window: timedelta, max_replies: int) -> None:
    verdicts = [ref_fcr(h, window, max_replies) for h in items]
    acc = FirstContactResolution.empty(window=window, max_replies=max_replies).add_many(items)
    assert acc.solved == sum(v is not None for v in verdicts)
    assert acc.first_contact == sum(v is True for v in verdicts)
    assert acc.pending == 0


@given(history_lists, st.integers(-3 * 24, 10 * 24))
def test_backlog_agrees_with_reference(items: Any, hours: int) -> None:
    as_of = T0 + timedelta(hours=hours)
    # Created at or before as_of, in UTC: a ticket created at as_of exists then.
    existing = [h for h in items if h.ticket.created_at.astimezone(UTC) <= as_of]
    backlog = sum(not resolved(ref_status_at(h, as_of)) for h in existing)
    est = Backlog.empty(as_of=as_of).add_many(items).result()
    assert est.n == len(existing)
    assert est.value == (backlog if existing else None)


@given(history_lists)
def test_first_reply_time_agrees_with_reference(items: list[TicketHistory]) -> None:
    times = []
    for h in items:
        first = ref_first_reply(h)
        if first is not None:
            times.append((first - h.ticket.created_at.astimezone(UTC)).total_seconds() / 60)
    summary = FirstReplyTime.empty(percentiles=(25, 90)).add_many(items).result()
    assert summary.censored == len(items) - len(times)
    assert summary.n == len(times)
    if not times:
        assert summary.median.value is None
        assert summary.mean.value is None
        return
    assert summary.mean.value == pytest.approx(sum(times) / len(times))
    assert summary.median.value == pytest.approx(nearest_rank(times, 50))
    assert summary["p90"].value == pytest.approx(nearest_rank(times, 90))
    assert summary["p25"].value == pytest.approx(nearest_rank(times, 25))
    assert all(e.missing == summary.censored for e in summary.values())


@given(history_lists, st.sampled_from(["full", "first"]))
def test_resolution_time_agrees_with_reference(items: Any, which: str) -> None:
    times = []
    for h in items:
        solves, _ = ref_transitions(h)
        final_resolved = resolved(ref_statuses(h)[-1][1])
        end = (
            (solves[0] if solves else None)
            if which == "first"
            else (solves[-1] if final_resolved else None)
        )
        if end is not None:
            times.append((end - h.ticket.created_at.astimezone(UTC)) / H)
    summary = ResolutionTime.empty(which=which).add_many(items).result()  # type: ignore[arg-type]
    assert summary.n == len(times)
    assert summary.censored == len(items) - len(times)
    if times:
        assert summary.median.value == pytest.approx(nearest_rank(times, 50))


@given(st.lists(st.sampled_from(["achieved", "breached", "active", "paused"]), max_size=40))
def test_sla_attainment_agrees_with_reference(states: list[str]) -> None:
    ms = [SimpleNamespace(state=s, metric="first_reply", priority="high") for s in states]
    est = SLAAttainment.empty().add_many(ms).result()
    a, b = states.count("achieved"), states.count("breached")
    assert est.n == a + b
    assert est.missing == states.count("active") + states.count("paused")
    assert est.value == (a / (a + b) if a + b else None)
    assert est.count("active") == states.count("active")


# --- examples and regressions -------------------------------------------------------------


def hist(events: list[Event], **ticket: Any) -> TicketHistory:
    return TicketHistory(Ticket(ticket.pop("id", "T"), T0, **ticket), events)


def test_internal_notes_do_not_count_and_unreplied_tickets_are_censored() -> None:
    noted = hist([InternalNote("n", T0 + MIN), AgentReply("r", T0 + 30 * MIN)])
    silent = hist([InternalNote("n", T0 + MIN)], id="S")
    s = FirstReplyTime.empty().add_many([noted, silent]).result()
    assert s.median.value == 30.0  # not 1 (the note), and the silent ticket is not 0
    assert (s.n, s.censored, s.median.missing) == (1, 1, 1)


def test_agent_created_ticket_counts_from_second_reply() -> None:
    h = hist([AgentReply("o", T0), AgentReply("r", T0 + 2 * H)], created_by_agent=True)
    assert FirstReplyTime.empty(unit="h").add(h).result().median.value == 2.0


def test_business_time_uses_the_calendar() -> None:
    from servicemodel.calendar import BusinessCalendar

    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    friday = datetime(2026, 3, 6, 16, tzinfo=UTC)
    h = TicketHistory(Ticket("T", friday), [AgentReply("r", friday + timedelta(days=3))])
    calendar_time = FirstReplyTime.empty(unit="h").add(h).result().median.value
    business = FirstReplyTime.empty(unit="h", calendar=cal).add(h).result()
    assert calendar_time == 72.0
    assert business.median.value == 8.0  # Fri 16-17 + Mon 9-16
    assert business.metric == "first reply time (business)"
    acc = FirstReplyTime.empty(unit="h", calendar=cal).add(h)
    assert pickle.loads(pickle.dumps(acc)) == acc
    with pytest.raises(MergeError):
        acc.merge(FirstReplyTime.empty(unit="h"))


def test_times_accept_numbers_timedeltas_and_columns() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    by_values = FirstReplyTime.empty().add_many([5, timedelta(minutes=10), None])
    by_pandas = FirstReplyTime.empty().add_many(pd.Series([5.0, 10.0, None]))
    by_polars = FirstReplyTime.empty().add_many(pl.Series([5.0, 10.0, None]))
    assert by_values == by_pandas == by_polars
    assert by_values.censored == 1


def test_sketch_mode_keeps_percentiles_within_relative_accuracy() -> None:
    hs = [
        hist([AgentReply("r", T0 + timedelta(seconds=37 * i + 1))], id=f"T{i}") for i in range(500)
    ]
    exact = FirstReplyTime.empty(unit="s").add_many(hs).result()
    sketch = FirstReplyTime.empty(unit="s", sketch=True, relative_accuracy=0.01).add_many(hs)
    approx = sketch.result()
    for key in ("median", "p90"):
        assert approx[key].value == pytest.approx(exact[key].value, rel=0.01)
    with pytest.raises(MergeError):
        sketch.merge(FirstReplyTime.empty(unit="s"))


def test_fcr_rule_parts_and_source_flag() -> None:
    solve = StatusChange("s", T0 + H, status="solved")
    one_touch = hist([AgentReply("r", T0 + MIN), solve])
    two_touch = hist([AgentReply("r", T0 + MIN), AgentReply("r2", T0 + 2 * MIN), solve])
    follow_up = hist([AgentReply("r", T0 + MIN), solve, CustomerMessage("c", T0 + 2 * H)])
    late_follow_up = hist([AgentReply("r", T0 + MIN), solve, CustomerMessage("c", T0 + 99 * H)])
    reopened = hist(
        [solve, Reopen("o", T0 + 3 * H), StatusChange("s2", T0 + 4 * H, status="solved")]
    )
    flagged = hist(
        [AgentReply("r", T0 + MIN), AgentReply("r2", T0 + 2 * MIN), solve], first_contact=True
    )
    fcr = FirstContactResolution.empty(window=timedelta(days=3))
    assert [fcr.judge(h) for h in (one_touch, two_touch, follow_up, late_follow_up, reopened)] == [
        True,
        False,
        False,
        True,
        False,
    ]
    assert fcr.judge(flagged) is True
    assert FirstContactResolution.empty(use_source_flag=False).judge(flagged) is False
    assert FirstContactResolution.empty(max_replies=2).judge(two_touch) is True


def test_fcr_window_still_open_is_pending_not_counted() -> None:
    h = hist([AgentReply("r", T0 + MIN), StatusChange("s", T0 + H, status="solved")])
    acc = FirstContactResolution.empty(as_of=T0 + 2 * H).add(h)
    assert (acc.solved, acc.pending) == (0, 1)
    est = acc.result()
    assert est.value is None
    assert est.missing == 1
    assert FirstContactResolution.empty(as_of=T0 + 4 * 24 * H).add(h).result().value == 1.0


def test_resolution_rate_as_of_counts_status_at_that_instant() -> None:
    h = hist([StatusChange("s", T0 + 5 * H, status="solved")])
    later = TicketHistory(Ticket("L", T0 + 10 * H), [])
    assert ResolutionRate.empty(as_of=T0 + H).add_many([h, later]).result().value == 0.0
    acc = ResolutionRate.empty(as_of=T0 + 6 * H).add_many([h, later])
    assert (acc.created, acc.resolved) == (1, 1)


def test_backlog_counts_tickets_created_at_or_before() -> None:
    h = hist([StatusChange("s", T0 + 5 * H, status="solved")])
    assert Backlog.empty(as_of=T0 - MIN).add(h).result().value is None  # not created yet
    assert Backlog.empty(as_of=T0).add(h).result().value == 1  # created at as_of: it exists
    assert Backlog.empty(as_of=T0 + H).add(h).result().value == 1
    assert Backlog.empty(as_of=T0 + 5 * H).add(h).result().value == 0
    with pytest.raises(NaiveDatetimeError):
        Backlog.empty(as_of=datetime(2026, 3, 2))


def test_sla_attainment_reads_enums_filters_metric_and_rejects_unknown_states() -> None:
    import enum

    class State(enum.StrEnum):
        ACHIEVED = "achieved"
        BREACHED = "breached"

    ms = [
        SimpleNamespace(state=State.ACHIEVED, metric="first_reply", priority="high"),
        SimpleNamespace(state=State.BREACHED, metric="resolution", priority="high"),
    ]
    assert SLAAttainment.empty().add_many(ms).result().value == 0.5
    assert SLAAttainment.empty(metric="first_reply").add_many(ms).result().value == 1.0
    with pytest.raises(ConfigError, match="unknown SLA state 'late'"):
        SLAAttainment.empty().add(SimpleNamespace(state="late", metric="x", priority=None))
    with pytest.raises(InputTypeError):
        SLAAttainment.empty().add(42)  # type: ignore[arg-type]
    with pytest.raises(MergeError):
        SLAAttainment.empty(metric="a").merge(SLAAttainment.empty(metric="b"))


def test_merge_errors_name_the_parameters() -> None:
    with pytest.raises(MergeError, match="different parameters"):
        FirstContactResolution.empty(window=timedelta(days=3)).merge(
            FirstContactResolution.empty(window=timedelta(days=5))
        )
    with pytest.raises(MergeError):
        ResolutionTime.empty(which="first").merge(ResolutionTime.empty())
    with pytest.raises(MergeError):
        ReopenRate.empty().merge(ResolutionRate.empty())  # type: ignore[arg-type]
    # One protocol: `+` with another kind is a MergeError too (it used to return NotImplemented).
    with pytest.raises(MergeError, match="ReopenRate with ResolutionRate"):
        _ = ReopenRate.empty() + ResolutionRate.empty()  # type: ignore[operator]


def test_bad_inputs_raise_specific_errors() -> None:
    with pytest.raises(InputTypeError):
        ReopenRate.empty().add("T-1")  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        FirstReplyTime.empty(unit="weeks")
    with pytest.raises(ConfigError):
        FirstReplyTime.empty(percentiles=(50, 101))
    with pytest.raises(InputTypeError):
        FirstReplyTime.empty(calendar="UTC")  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        FirstContactResolution.empty(window=timedelta(days=-1))


def test_time_summary_records_and_mapping() -> None:
    summary = FirstReplyTime.empty(percentiles=(50, 90, 99)).add_many([1, 2, 3, None]).result()
    assert isinstance(summary, TimeSummary)
    assert list(summary) == ["mean", "median", "p90", "p99"]
    rows = summary.to_records()
    assert [r["statistic"] for r in rows] == list(summary)
    assert all(r["censored"] == 1 and r["n"] == 3 for r in rows)
    assert "censored=1" in repr(summary)


def test_empty_results_have_no_value() -> None:
    for empty in factories():
        res = empty.result()
        estimates = list(res.values()) if isinstance(res, TimeSummary) else [res]
        for est in estimates:
            assert est.value is None
            assert est.n == 0


def test_durations_are_shared_with_the_distribution_accumulator() -> None:
    acc = FirstReplyTime.empty(unit="s").add_many([1, 2, 3])
    assert isinstance(acc.durations, Durations)
    assert acc.durations.values == (1.0, 2.0, 3.0)


def test_sla_attainment_reads_the_sla_modules_measurements() -> None:
    from servicemodel.io import load_jsonl
    from servicemodel.kpi import by
    from servicemodel.sla import SLAPolicy, Target, evaluate_many

    root = Path(__file__).resolve().parents[1]
    sample = load_jsonl(root / "examples" / "data" / "tickets.jsonl").histories[:400]
    policy = SLAPolicy(
        "p",
        {
            "normal": [Target("first_reply", "2h", business=False)],
            "high": [Target("first_reply", "1h", business=False)],
        },
    )
    measurements = list(evaluate_many(policy, sample))
    states = Counter(m.state.value for m in measurements)
    est = SLAAttainment.empty(metric="first_reply").add_many(measurements).result()
    assert est.n == states["achieved"] + states["breached"] > 0
    assert est.value == states["achieved"] / est.n
    per_priority = by("priority", SLAAttainment.empty()).add_many(measurements).result()
    assert sum(e.n for e in per_priority.values()) == est.n


def test_rates_name_their_numerator_and_denominator() -> None:
    solved = hist([AgentReply("r", T0 + MIN), StatusChange("s", T0 + H, status="solved")])
    waiting = hist([], id="W")
    rate = ResolutionRate.empty().add_many([solved, waiting]).result()
    assert (rate.count("resolved"), rate.count("created")) == (1, 2)
    record = ReopenRate.empty().add_many([solved, waiting]).result().to_record()
    assert (record["count_reopened"], record["count_solved"]) == (0, 1)
    fcr = FirstContactResolution.empty().add(solved).result()
    assert (fcr.count("first_contact"), fcr.count("solved"), fcr.count("pending")) == (1, 1, 0)


def test_times_across_a_dst_fold_are_real_elapsed_time() -> None:
    # America/Santiago falls back from 00:00 to 23:00 on 2026-04-05: the wall clock shows a
    # reply one minute after creation, but 61 minutes really passed. (The change is read from
    # the zone data in use, see _zones: this one while the data have it.)
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from _zones import SANTIAGO_BACK_2026, change_like
    from servicemodel.kpi import FirstContactResolution, FirstReplyTime
    from servicemodel.model import AgentReply, StatusChange, Ticket, TicketHistory

    zone = ZoneInfo("America/Santiago")
    back = change_like("America/Santiago", SANTIAGO_BACK_2026)
    created = (back.at - timedelta(minutes=30)).astimezone(zone)  # first 23:30 (UTC-3)
    reply = (back.at + timedelta(minutes=31)).astimezone(zone)  # second 23:31 (UTC-4)
    assert (reply.fold, reply.replace(tzinfo=None) - created.replace(tzinfo=None)) == (
        1,
        timedelta(minutes=61) - (back.before - back.after),
    )
    h = TicketHistory(
        Ticket("T", created),
        [AgentReply("r", reply), StatusChange("s", reply, status="solved")],
    )
    summary = FirstReplyTime.empty(unit="min").add(h).result()
    assert summary["mean"].value == pytest.approx(61.0)
    # The FCR window is real time too: a reopen 24 h of real time later is inside a 1-day window.
    assert FirstContactResolution.empty(window=timedelta(days=1)).judge(h) is True
