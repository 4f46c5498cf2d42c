"""The KPI section's fast paths give exactly what the plain definitions give.

The ticket clocks, first contact resolution, ratings, the count tables, the Kaplan-Meier
columns and the overview read each history with fewer calls than their definitions (instants
read once in UTC, a status lookup skipped when the history ends by the snapshot, the replies
before the solving event counted without reading their instants). Each law here compares with
the plain computation, written out as the accumulators defined it, over histories in zones
with daylight saving time; equality is exact (``==`` on floats, intervals and curves).
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ServiceModelError
from servicemodel.kpi import (
    CSAT,
    NPS,
    FirstContactResolution,
    FirstReplySurvival,
    Ratings,
    ResolutionSurvival,
    SurvivalTimes,
    by,
    periods,
)
from servicemodel.kpi._count_table import count_rows, merge_rows
from servicemodel.kpi._survival_curve import _bands, _Columns, _exact_survival
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Priority,
    Status,
    Ticket,
    TicketHistory,
    require_facts,
)
from servicemodel.report._kpi import _bundle
from servicemodel.report._overview import build_overview
from servicemodel.report._passes import _read, one_pass
from servicemodel.strategies import histories

SOME = st.lists(histories(max_events=8), max_size=8)
#: Histories where replies, messages, solves and reopens follow each other closely.
BUSY = st.lists(
    histories(
        min_events=1,
        max_events=8,
        kinds=["agent_reply", "customer_message", "status_change", "reopen"],
        max_gap=timedelta(hours=30),
    ),
    min_size=1,
    max_size=6,
)
BERLIN = ZoneInfo("Europe/Berlin")


def _utc(t: datetime) -> datetime:
    return t.astimezone(UTC)


def _snapshot(data: st.DataObject, hs: list[TicketHistory]) -> datetime:
    # An instant that cuts a history: one of its events' instants, or just after the last.
    instants = [_utc(e.at) for h in hs for e in h.events] + [_utc(h.created_at) for h in hs]
    if not instants:
        return datetime(2026, 3, 2, tzinfo=UTC)
    return data.draw(st.sampled_from([*instants, max(instants) + timedelta(hours=1)]))


# --- the ticket clocks -----------------------------------------------------------------------


def _plain_clock(acc: Any, hs: list[TicketHistory]) -> Any:
    # The accumulator as defined: one pair() per ticket, the pairs counted by SurvivalTimes.
    pairs = [acc.pair(h) for h in hs]
    times = acc.times.add_many([(d, o) for d, o in (p for p in pairs if p is not None)])
    return type(acc)(**{**_fields(acc), "times": times, "not_created": pairs.count(None)})


def _fields(acc: Any) -> dict[str, Any]:
    return {k: getattr(acc, k) for k in ("as_of", "calendar", "which") if hasattr(acc, k)}


@given(st.one_of(SOME, BUSY), st.booleans(), st.data())
@settings(max_examples=100)
def test_ticket_clocks_equal_their_pairs(
    hs: list[TicketHistory], business: bool, data: st.DataObject
) -> None:
    as_of = _snapshot(data, hs)
    calendar = (
        BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"}) if business else None
    )
    clocks = [
        FirstReplySurvival.empty(as_of=as_of, calendar=calendar, unit="h"),
        ResolutionSurvival.empty(as_of=as_of, calendar=calendar),
        ResolutionSurvival.empty(as_of=as_of, calendar=calendar, which="first"),
    ]
    for empty in clocks:
        fast = empty.add_many(hs)
        assert fast == _plain_clock(empty, hs)
        assert fast.result() == _plain_clock(empty, hs).result()


@given(st.one_of(SOME, BUSY), st.sampled_from(["UTC", "Europe/Berlin"]), st.data())
@settings(max_examples=60)
def test_the_single_pass_reads_equal_reading_each_history_again(
    hs: list[TicketHistory], zone: str, data: st.DataObject
) -> None:
    # The clocks given the instants one_pass read (for its grouping) equal the clocks reading
    # them again; one_pass's groups, weeks and open counts equal a pass per segmentation.
    as_of = _snapshot(data, hs)
    reads = [_read(h) for h in hs]
    for empty in (
        FirstReplySurvival.empty(as_of=as_of, unit="h"),
        ResolutionSurvival.empty(as_of=as_of),
        ResolutionSurvival.empty(as_of=as_of, which="first"),
    ):
        assert empty._add_read(hs, reads) == empty.add_many(hs)
    hs = [h for h in hs if _utc(h.created_at) <= as_of]  # as a report selects them
    bundle = _bundle(None, "h", timedelta(days=3), as_of, False, {})
    week = periods("week", tz=zone)
    done = one_pass(hs, bundle, week, as_of)
    assert done.overall == bundle.add_many(hs)
    assert done.weeks == by(week, bundle).add_many(hs)
    assert done.channels == by("channel", bundle).add_many(hs)
    assert done.tickets == Counter(week(h) for h in hs)
    assert done.still_open == Counter(week(h) for h in hs if not h.is_resolved(at=as_of))


def test_the_single_pass_puts_a_ticket_in_its_week_in_the_key_zone() -> None:
    # Sunday 23:30 in UTC is Monday 00:30 in Berlin: another ISO week.
    created = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    h = TicketHistory(Ticket("T", created), [])
    bundle = _bundle(None, "h", timedelta(days=3), created, False, {})
    for zone, monday in (("UTC", date(2026, 2, 23)), ("Europe/Berlin", date(2026, 3, 2))):
        done = one_pass([h], bundle, periods("week", tz=zone), created)
        assert list(done.weeks.parts) == [monday] == list(done.tickets)


@given(
    st.lists(
        st.tuples(
            st.one_of(st.floats(0, 1e6), st.integers(0, 10**6), st.just(-0.0)),
            st.booleans(),
        ),
        max_size=30,
    )
)
def test_survival_times_fast_pairs_equal_checked_pairs(pairs: list[tuple[Any, bool]]) -> None:
    empty = SurvivalTimes.empty(unit="min")
    checked = [empty._pair(p) for p in pairs]
    events = Counter(t for t, o in checked if o)
    censored = Counter(t for t, o in checked if not o)
    rows = tuple((t, events[t], censored[t]) for t in sorted(events.keys() | censored.keys()))
    assert empty.add_many(pairs).rows == rows


# --- first contact resolution and ratings ----------------------------------------------------


def _plain_judge(acc: FirstContactResolution, h: TicketHistory) -> tuple[bool | None, bool]:
    # FirstContactResolution's rule as first written: every event read, in UTC.
    first_solved = h.first_solved_at()
    if first_solved is None or (acc.as_of is not None and _utc(first_solved) > _utc(acc.as_of)):
        return None, False
    solved_at = _utc(first_solved)
    flag = h.ticket.first_contact
    if acc.use_source_flag and flag is not None:
        return flag, False
    require_facts(h, ("reopens", "next_reply"), what="first contact resolution")
    end = solved_at + acc.window
    if acc.as_of is not None and end > _utc(acc.as_of):
        return None, True
    replies = 0
    for ev in h.events:
        at = _utc(ev.at)
        if at > end:
            break
        if isinstance(ev, AgentReply) and at <= solved_at:
            replies += 1
        elif isinstance(ev, CustomerMessage) and at > solved_at:
            return False, False
    if replies - (1 if h.ticket.created_by_agent else 0) > acc.max_replies:
        return False, False
    if any(solved_at < _utc(r) <= end for r in h.reopens()):
        return False, False
    return True, False


@given(
    st.one_of(SOME, BUSY),
    st.booleans(),
    st.sampled_from([timedelta(0), timedelta(hours=5), timedelta(days=3)]),
    st.data(),
)
@settings(max_examples=100)
def test_first_contact_resolution_equals_the_rule_on_every_event(
    hs: list[TicketHistory], snapshot: bool, window: timedelta, data: st.DataObject
) -> None:
    as_of = _snapshot(data, hs).astimezone(BERLIN) if snapshot else None
    for max_replies in (0, 1):
        acc = FirstContactResolution.empty(window=window, max_replies=max_replies, as_of=as_of)
        verdicts = [_plain_judge(acc, h) for h in hs]
        got = acc.add_many(hs)
        assert (got.solved, got.first_contact, got.pending) == (
            sum(v is not None and not w for v, w in verdicts),
            sum(v is True and not w for v, w in verdicts),
            sum(w for _, w in verdicts),
        )
        assert [acc.judge(h) for h in hs] == [v for v, _ in verdicts]


def _outcome(fn: Any) -> Any:
    try:
        return fn()
    except ServiceModelError as exc:  # the same error, naming the same ticket and rating
        return type(exc), str(exc)


@given(SOME)
def test_ratings_read_from_the_events_equal_the_history_lookup(hs: list[TicketHistory]) -> None:
    adapters = [
        Ratings.satisfied_share(),
        Ratings.satisfied_share(latest_only=False),
        Ratings.empty(NPS.empty()),
        Ratings.empty(CSAT.empty(), latest_only=False),
    ]
    for empty in adapters:

        def plain(empty: Ratings = empty) -> Ratings:
            scores = [s for h in hs for s in empty.scores(h)]
            return attrs.evolve(empty, accumulator=empty.accumulator.add_many(scores))

        assert _outcome(lambda empty=empty: empty.add_many(hs)) == _outcome(plain)


# --- count tables and the curve's columns ----------------------------------------------------


ROWS = st.lists(
    st.tuples(st.floats(0, 100, allow_nan=False), st.integers(0, 3), st.integers(0, 3)),
    max_size=12,
)


def _plain_merge(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        (ta, da, ca), (tb, db, cb) = a[i], b[j]
        if ta == tb:
            out.append((ta, da + db, ca + cb))
            i, j = i + 1, j + 1
        elif ta < tb:
            out.append(a[i])
            i += 1
        else:
            out.append(b[j])
            j += 1
    return tuple(out + list(a[i:]) + list(b[j:]))


@given(ROWS, ROWS)
def test_merge_rows_is_the_merge_of_sorted_lists_for_any_rows(a: list[Any], b: list[Any]) -> None:
    # Any rows, sorted or not (a hand-built state): the same walk, the same result.
    assert merge_rows(tuple(a), tuple(b)) == (
        _plain_merge(tuple(a), tuple(b)) if a and b else tuple(a or b)
    )


@given(st.lists(st.floats(0, 50)), st.lists(st.floats(0, 50)))
def test_count_rows_counts_each_time(observed: list[float], censored: list[float]) -> None:
    ev, ce = Counter(observed), Counter(censored)
    assert count_rows(observed, censored) == tuple(
        (t, ev[t], ce[t]) for t in sorted(ev.keys() | ce.keys())
    )


def _plain_band(s: float, gw: float, z: float) -> tuple[float, float]:
    if s >= 1.0 or gw == 0.0:
        return s, s
    if s <= 0.0 or not math.isfinite(gw):
        return 0.0, 0.0
    spread = z * math.sqrt(gw) / math.log(s)
    return s ** math.exp(-spread), s ** math.exp(spread)


@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), max_size=40),
    st.sampled_from([0.8, 0.95, 0.99]),
)
def test_curve_columns_equal_the_step_by_step_definition(counts: list[Any], level: float) -> None:
    from servicemodel.kpi._intervals import z_for_level

    rows = tuple((float(i), d, c) for i, (d, c) in enumerate(counts) if d or c)
    cols = _Columns(rows)
    n = sum(d + c for _, d, c in rows)
    at_risk, s, gw, steps = n, 1.0, 0.0, []
    for t, d, c in rows:
        if d:
            s *= (at_risk - d) / at_risk
            gw = gw + d / (at_risk * (at_risk - d)) if at_risk > d else math.inf
            steps.append((t, at_risk, d, s, gw))
        at_risk -= d + c
    assert cols.n == n
    columns = (cols.times, cols.at_risk, cols.deaths, cols.survival, cols.greenwood)
    assert list(zip(*columns, strict=True)) == steps
    z = z_for_level(level)
    se, lower, upper = _bands(cols, z)
    assert se == tuple(
        st_[3] * math.sqrt(st_[4]) if math.isfinite(st_[4]) else 0.0 for st_ in steps
    )
    assert list(zip(lower, upper, strict=True)) == [_plain_band(st_[3], st_[4], z) for st_ in steps]
    for i in range(len(steps)):
        product = Fraction(1)
        for _, n_i, d_i, _, _ in steps[: i + 1]:
            product *= Fraction(n_i - d_i, n_i)
        assert _exact_survival(cols.at_risk, cols.deaths, i) == product


# --- the overview ----------------------------------------------------------------------------


@given(SOME, st.sampled_from([UTC, BERLIN]))
def test_overview_counts_equal_a_pass_per_count(hs: list[TicketHistory], tz: Any) -> None:
    section = build_overview(hs, tz=tz)
    weeks: Counter[str] = Counter()
    for h in hs:
        iso = h.created_at.astimezone(tz).isocalendar()
        weeks[f"{iso.year}-W{iso.week:02d}"] += 1
    created = [h.created_at for h in hs]
    assert section.events == sum(len(h.events) for h in hs)
    assert section.first_created == (min(created).astimezone(tz) if created else None)
    assert section.last_created == (max(created).astimezone(tz) if created else None)
    if created:
        assert section.first_created is not None
        assert section.first_created.utcoffset() == min(created).astimezone(tz).utcoffset()
    assert section.by_channel == tuple(Counter(h.ticket.channel for h in hs).most_common())
    assert section.by_priority == tuple(
        (p.value, n) for p in Priority if (n := sum(1 for h in hs if h.ticket.priority is p))
    )
    assert section.by_status == tuple(
        (s.value, n)
        for s in Status
        if (n := sum(1 for h in hs if h.status_spans()[-1].status is s))
    )
    # The weeks between also appear, with 0 (test_report_overview_weeks.py).
    assert tuple((w, n) for w, n in section.by_week if n) == tuple(sorted(weeks.items()))
