"""Boundary rules of the KPIs and the reconciliation that the rest of the suite left untested.

Each test pins one documented rule at the instant where a plausible slip (``<`` for ``<=``, a
step that keeps the wrong end, a clock read by wall clock) would change the figure; the
expected values follow from the rule as docs/kpi.md, docs/survival.md and docs/exports.md
state it, worked out by hand or by an independent reference written here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.kpi import (
    CES,
    CSAT,
    Durations,
    FirstContactResolution,
    FirstReplySurvival,
    Ratings,
    ResolutionSurvival,
    periods,
)
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Reopen,
    SatisfactionRating,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.reconcile import (
    VendorVerdict,
    freshdesk_verdicts,
    jsm_verdicts,
    reconcile,
    zendesk_verdicts,
)
from servicemodel.sla import SLAPolicy, Target, evaluate

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
H = timedelta(hours=1)
S = timedelta(seconds=1)
WINDOW = timedelta(days=3)


# --- first contact resolution: the edges of (s, s + window] and "up to s" ----------------------


def _solved_ticket(*after: object, replies_before: int = 1) -> TicketHistory:
    """A ticket created at T0, with ``replies_before`` replies before its first solve at
    T0 + 2h, then ``after`` (events at or after the solve, in this order)."""
    events: list[object] = [AgentReply(f"r{i}", T0 + (i + 1) * 10 * timedelta(minutes=1))
                            for i in range(replies_before)]  # fmt: skip
    events.append(StatusChange("s", T0 + 2 * H, status="solved"))
    events.extend(after)
    return TicketHistory(Ticket("T", T0), events)  # type: ignore[arg-type]


SOLVED = T0 + 2 * H


def test_a_reopen_exactly_at_the_end_of_the_window_is_inside_it() -> None:
    # Rule 2: not reopened in (s, s + window]; the window's last instant is in it.
    at_end = _solved_ticket(Reopen("o", SOLVED + WINDOW))
    after_end = _solved_ticket(Reopen("o", SOLVED + WINDOW + S))
    fcr = FirstContactResolution.empty(window=WINDOW)
    assert fcr.judge(at_end) is False
    assert fcr.judge(after_end) is True


def test_a_reply_at_the_solve_instant_is_a_reply_up_to_the_solve() -> None:
    # Rule 1: at most max_replies public agent replies up to s -- s included, whichever of
    # the two events of that instant the export lists first.
    after_solve = _solved_ticket(AgentReply("r-at-s", SOLVED))
    fcr = FirstContactResolution.empty(window=WINDOW, max_replies=1)
    assert fcr.judge(after_solve) is False
    assert FirstContactResolution.empty(window=WINDOW, max_replies=2).judge(after_solve) is True
    later = _solved_ticket(AgentReply("r-later", SOLVED + S))
    assert fcr.judge(later) is True


def test_a_window_that_ends_at_as_of_is_judged_not_pending() -> None:
    # Events at as_of have happened, so a window (s, s + window] ending at as_of is wholly
    # seen: the ticket is judged. One microsecond earlier the window is still open.
    h = _solved_ticket()
    closed = FirstContactResolution.empty(window=WINDOW, as_of=SOLVED + WINDOW).add(h)
    assert (closed.solved, closed.first_contact, closed.pending) == (1, 1, 0)
    assert closed.result().n == 1
    just_before = SOLVED + WINDOW - timedelta(microseconds=1)
    still_open = FirstContactResolution.empty(window=WINDOW, as_of=just_before).add(h)
    assert (still_open.solved, still_open.pending) == (0, 1)
    assert still_open.result().missing == 1


# Offsets from the first solve, on a grid that holds the edges of the window.
_EDGES = (-H, timedelta(0), S, WINDOW - S, WINDOW, WINDOW + S)


@st.composite
def _fcr_cases(draw: st.DrawFn) -> tuple[TicketHistory, int, datetime | None]:
    """A ticket solved at SOLVED, with replies, messages and a reopen on the edges' grid.

    Events at the solve instant come after the solving event (a reply before it in the list
    is before the solve whatever its instant); ties among the later ones keep the drawn order.
    """
    replies = draw(st.lists(st.sampled_from(_EDGES[:3]), max_size=3))
    messages = draw(st.lists(st.sampled_from(_EDGES), max_size=2))
    reopen = draw(st.none() | st.sampled_from(_EDGES[2:]))
    drawn: list[tuple[timedelta, object]] = [
        *((d, AgentReply(f"a{i}", SOLVED + d)) for i, d in enumerate(replies)),
        *((d, CustomerMessage(f"m{i}", SOLVED + d)) for i, d in enumerate(messages)),
    ]
    if reopen is not None:
        drawn.append((reopen, Reopen("o", SOLVED + reopen)))
    drawn.sort(key=lambda pair: pair[0])  # stable
    zero = timedelta(0)
    events = [ev for d, ev in drawn if d < zero]
    events.append(StatusChange("s", SOLVED, status="solved"))
    events += [ev for d, ev in drawn if d >= zero]
    most = draw(st.integers(0, 2))
    ends = [SOLVED + WINDOW - S, SOLVED + WINDOW, SOLVED + 2 * WINDOW]
    as_of = draw(st.none() | st.sampled_from(ends))
    return TicketHistory(Ticket("T", T0 - 2 * H), events), most, as_of  # type: ignore[arg-type]


def _fcr_reference(h: TicketHistory, most: int, as_of: datetime | None) -> bool | None:
    """docs/kpi.md's three rules, read literally (None: pending at as_of)."""
    end = SOLVED + WINDOW
    if as_of is not None and end > as_of:
        return None
    replies = sum(1 for e in h.events if isinstance(e, AgentReply) and e.at <= SOLVED)
    message = any(isinstance(e, CustomerMessage) and SOLVED < e.at <= end for e in h.events)
    reopened = any(isinstance(e, Reopen) and SOLVED < e.at <= end for e in h.events)
    return replies <= most and not message and not reopened


@given(_fcr_cases())
def test_fcr_at_the_edges_of_its_window_follows_the_rule(
    case: tuple[TicketHistory, int, datetime | None],
) -> None:
    h, most, as_of = case
    fcr = FirstContactResolution.empty(window=WINDOW, max_replies=most, as_of=as_of)
    expected = _fcr_reference(h, most, as_of)
    assert fcr.judge(h) is expected
    acc = fcr.add(h)
    assert acc.pending == (expected is None)
    assert acc.first_contact == (expected is True)


# --- means: the interval stays where the values can be -------------------------------------


@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=2, max_size=6))
def test_a_mean_duration_has_no_negative_lower_bound(values: list[float]) -> None:
    # docs/kpi.md: the mean's Student's t interval has its lower bound clipped at 0 (a
    # duration is never negative) -- at n = 2 too, where t(0.975, 1) = 12.7 puts it far below.
    est = Durations.empty().add_many(values).mean()
    assert est.lower is not None
    assert est.lower >= 0.0


def test_two_durations_far_apart_have_a_mean_interval_from_zero() -> None:
    # Mean 5, standard error 5, t(0.975, 1) = 12.706: 5 - 63.5 < 0, so the bound is 0.
    est = Durations.empty().add_many([0, 10]).mean()
    assert est.value == 5.0
    assert est.lower == 0.0
    assert est.upper is not None
    assert 68 < est.upper < 69


@given(st.sampled_from(["2.0", "1.0"]), st.data())
def test_a_ces_mean_interval_stays_on_its_scale(version: str, data: st.DataObject) -> None:
    # docs/intervals.md: a rating-scale mean's t interval is clipped to the scale, CES too.
    high = 7 if version == "2.0" else 5
    scores = data.draw(st.lists(st.integers(1, high), min_size=2, max_size=8))
    est = CES.empty(version=version).add_many(scores).result()  # type: ignore[arg-type]
    assert est.lower is not None
    assert est.upper is not None
    assert est.value is not None
    assert 1 <= est.lower <= est.value <= est.upper <= high


def test_ces_scores_near_the_top_have_the_top_as_upper_bound() -> None:
    # 7, 7, 6: mean 6.67, s = 0.577, t(0.975, 2) = 4.303: 6.67 + 1.43 is past 7.
    est = CES.empty().add_many([7, 7, 6]).result()
    assert est.upper == 7


# --- survival: a reply at as_of is observed ----------------------------------------------------


def test_a_first_reply_at_exactly_as_of_is_an_event_not_a_censoring() -> None:
    # docs/survival.md: events at exactly as_of have happened -- a reply at as_of is observed.
    h = TicketHistory(Ticket("T", T0), [AgentReply("r", T0 + 2 * H)])
    berlin = (T0 + 2 * H).astimezone(ZoneInfo("Europe/Berlin"))  # the same instant
    for as_of in (T0 + 2 * H, berlin):
        km = FirstReplySurvival.empty(as_of=as_of, unit="h").add_many([h]).result()
        assert (km.events, km.censored) == (1, 0)
        assert km["median"].value == 2.0
        one = FirstReplySurvival.empty(as_of=as_of, unit="h").add(h).result()
        assert (one.events, one.censored) == (1, 0)
    before = FirstReplySurvival.empty(as_of=T0 + 2 * H - S, unit="h").add_many([h]).result()
    assert (before.events, before.censored) == (0, 1)


# --- periods: a fixed range is [start, end) in local time --------------------------------------


def test_a_record_at_local_midnight_of_the_end_date_is_outside_the_range() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    days = periods("day", start=date(2026, 3, 2), end=date(2026, 3, 4), tz="Europe/Berlin")
    at_end = TicketHistory(Ticket("E", datetime(2026, 3, 4, tzinfo=berlin)), [])
    last_in = TicketHistory(Ticket("L", datetime(2026, 3, 4, tzinfo=berlin) - S), [])
    at_start = TicketHistory(Ticket("F", datetime(2026, 3, 2, tzinfo=berlin)), [])
    assert days(at_end) is None
    assert days(last_in) == date(2026, 3, 3)
    assert days(at_start) == date(2026, 3, 2)


# --- Freshdesk: a clock stopped at its due instant is in time ---------------------------------


@given(st.sampled_from([-S, timedelta(0), S]))
def test_a_freshdesk_clock_stopped_at_its_due_instant_is_achieved(offset: timedelta) -> None:
    # freshdesk_verdicts: a clock stopped at or before its due instant was in time (the
    # library's boundary rule too: t <= due exactly when the elapsed time is within target).
    # Only a stop after it is late.
    fr_due, due = T0 + H, T0 + 8 * H
    iso = "%Y-%m-%dT%H:%M:%SZ"
    ticket = {
        "id": 7,
        "status": 4,
        "created_at": T0.strftime(iso),
        "updated_at": (due + offset).strftime(iso),
        "fr_due_by": fr_due.strftime(iso),
        "fr_escalated": False,
        "due_by": due.strftime(iso),
        "is_escalated": False,
        "stats": {
            "first_responded_at": (fr_due + offset).strftime(iso),
            "resolved_at": (due + offset).strftime(iso),
            "reopened_at": None,
        },
    }
    verdicts, errors = freshdesk_verdicts([[ticket]])
    assert errors == ()
    states = {v.our_metric: v.state for v in verdicts}
    expected = "breached" if offset > timedelta(0) else "achieved"
    assert states == {"first_reply": expected, "resolution": expected}


# --- ratings: the latest one, and the top two points of a five-point scale --------------------


def test_a_re_rating_replaces_the_earlier_rating() -> None:
    # docs/kpi.md: Ratings counts the latest rating per ticket by default.
    h = TicketHistory(
        Ticket("T", T0),
        [SatisfactionRating("r1", T0 + H, score=1), SatisfactionRating("r2", T0 + 2 * H, score=5)],
    )
    assert Ratings.empty(CSAT.empty()).scores(h) == [5]
    assert Ratings.empty(CSAT.empty(), latest_only=False).scores(h) == [1, 5]
    latest = Ratings.empty(CSAT.empty()).add(h).accumulator
    assert isinstance(latest, CSAT)
    assert (latest.n, latest.satisfied) == (1, 1)
    every = Ratings.empty(CSAT.empty(), latest_only=False).add(h).accumulator
    assert isinstance(every, CSAT)
    assert (every.n, every.satisfied) == (2, 1)


def test_a_four_of_five_is_satisfied_in_the_satisfied_share() -> None:
    # Top-2-box: 4-5 of 1-5 (and 6-7 of 1-7) are satisfied; a 3 is not.
    def share(score: int, high: int) -> float | None:
        rating = SatisfactionRating("r", T0 + H, score=score, scale_min=1, scale_max=high)
        h = TicketHistory(Ticket("T", T0), [rating])
        value: float | None = Ratings.satisfied_share().add(h).result().value
        return value

    assert (share(4, 5), share(3, 5), share(6, 7), share(5, 7)) == (1.0, 0.0, 1.0, 0.0)


# --- JSM: withinCalendarHours true says nothing about the calendar ---------------------------


def test_an_ongoing_jsm_cycle_within_its_hours_says_nothing_of_its_calendar() -> None:
    # docs/exports-jira.md: false means a working-hours calendar; true says nothing (a 24/7
    # clock is never outside its hours), so business stays unknown.
    def business(within: bool) -> bool | None:
        cycle = {
            "startTime": {"iso8601": "2026-03-02T09:00:00+0100"},
            "breached": False,
            "goalDuration": {"millis": 3600000},
            "withinCalendarHours": within,
        }
        rec = {"name": "Time to first response", "ongoingCycle": cycle}
        (v,), errors = jsm_verdicts(sla={"SD-1": {"values": [rec]}})
        assert errors == ()
        return v.business

    assert business(True) is None
    assert business(False) is True


# --- Zendesk: a pause and an activate of one instant, in the order of their ids -----------------


def _pause_and_activate(activate_id: int | None, pause_id: int | None) -> VendorVerdict:
    base = {"ticket_id": 7, "metric": "requester_wait_time", "instance_id": 1}
    at = "2026-03-02T09:00:00Z"
    sla = {"target": 480, "business_hours": False, "policy": {"title": "Gold"}}
    events = [
        {**base, "id": 1, "type": "apply_sla", "time": at, "sla": sla},
        {**base, "id": activate_id, "type": "activate", "time": at},
        {**base, "id": pause_id, "type": "pause", "time": at},
    ]
    (v,), errors = zendesk_verdicts(events)
    assert errors == ()
    return v


def test_a_ticket_created_pending_is_paused() -> None:
    # docs/exports.md: events of one instant are taken in the order of their ids, which Zendesk
    # numbers in the order it records them; a pause is in force "until the next activate".
    # A ticket created pending gets its activate, then its pause, in one second.
    v = _pause_and_activate(2, 3)
    assert (v.state, v.paused) == ("active", True)
    # The reverse order of ids: the activate came last and took the pause back.
    v = _pause_and_activate(3, 2)
    assert (v.state, v.paused) == ("active", False)
    # Given in any order, the verdict is the same.
    base = {"ticket_id": 7, "metric": "requester_wait_time", "instance_id": 1}
    at = "2026-03-02T09:00:00Z"
    sla = {"target": 480, "business_hours": False}
    events = [
        {**base, "id": 3, "type": "pause", "time": at},
        {**base, "id": 2, "type": "activate", "time": at},
        {**base, "id": 1, "type": "apply_sla", "time": at, "sla": sla},
    ]
    (v,), _ = zendesk_verdicts(events)
    assert v.paused is True


def _fulfil_and_breach(fulfil_id: int | None, breach_id: int | None) -> VendorVerdict:
    base = {"ticket_id": 7, "metric": "reply_time", "instance_id": 1}
    sla = {"target": 60, "business_hours": False, "policy": {"title": "Gold"}}
    due = "2026-03-02T10:00:00Z"
    events = [
        {**base, "id": 1, "type": "apply_sla", "time": "2026-03-02T09:00:00Z", "sla": sla},
        {**base, "id": 2, "type": "activate", "time": "2026-03-02T09:00:00Z"},
        {**base, "id": breach_id, "type": "breach", "time": due},
        {**base, "id": fulfil_id, "type": "fulfill", "time": due},
    ]
    (v,), errors = zendesk_verdicts(events)
    assert errors == ()
    return v


def test_a_breach_recorded_after_a_fulfil_of_its_instant_never_happened() -> None:
    # docs/exports.md: a fulfil is achieved, or breached if a breach came first; events of one
    # instant are in the order of their ids. The reply at the due second was recorded first.
    v = _fulfil_and_breach(3, 4)
    assert (v.state, v.breached_at) == ("achieved", None)
    # The breach recorded first: breached, at that instant.
    v = _fulfil_and_breach(4, 3)
    assert v.state == "breached"
    assert v.breached_at == datetime(2026, 3, 2, 10, tzinfo=UTC)


# --- periods: an ISO week is labelled with its ISO year ----------------------------------------


def test_a_week_across_new_year_is_labelled_with_its_iso_year() -> None:
    # ISO 8601: week 1 is the week holding the year's first Thursday, so Monday 30 December
    # 2024 starts 2025-W01, and Monday 29 December 2025 starts 2026-W01; 28 December 2026 is
    # in 2026-W53 (2026 begins on a Thursday).
    weeks = periods("week")
    assert weeks.label(date(2024, 12, 30)) == "2025-W01"
    assert weeks.label(date(2025, 12, 29)) == "2026-W01"
    assert weeks.label(date(2026, 12, 28)) == "2026-W53"


# --- survival: a first resolution at as_of is observed ----------------------------------------


def test_a_first_resolution_at_exactly_as_of_is_an_event() -> None:
    # docs/survival.md: a solve at as_of is observed (which="first" as "full").
    h = TicketHistory(
        Ticket("T", T0),
        [StatusChange("s", T0 + 3 * H, status="solved"), Reopen("o", T0 + 5 * H)],
    )
    for which in ("first", "full"):
        km = ResolutionSurvival.empty(as_of=T0 + 3 * H, which=which).add_many([h]).result()
        assert (km.events, km.censored) == (1, 0)
        assert km["median"].value == 3.0
    later = ResolutionSurvival.empty(as_of=T0 + 5 * H, which="first").add_many([h]).result()
    assert (later.events, later.censored) == (1, 0)
    reopened = ResolutionSurvival.empty(as_of=T0 + 5 * H).add_many([h]).result()
    assert (reopened.events, reopened.censored) == (0, 1)


# --- reconcile: a vendor target set within the tolerance of its clock's start is no change -----


def test_a_vendor_target_set_within_the_tolerance_of_the_start_is_no_change() -> None:
    # docs/exports.md: a change both sides made together (within tolerance) explains nothing;
    # a target set as the clock started (within the tolerance, its end included) is no change.
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
    (m,) = evaluate(policy, TicketHistory(Ticket("T", T0), []), at=T0 + 3 * H)

    def reason(set_after: timedelta) -> str:
        v = VendorVerdict(
            "T", "reply_time", 1, "achieved", target=H, business=False,
            started_at=T0, target_since=T0 + set_after,
        )  # fmt: skip
        (clock,) = reconcile([v], [m]).clocks
        assert clock.reason is not None
        return clock.reason

    tolerance = timedelta(minutes=1)
    assert "targets set at different times" not in reason(tolerance)
    assert "targets set at different times" in reason(tolerance + S)


# --- percentiles: the interval holds its value, interpolated ones too -----------------------


@given(
    st.lists(st.integers(0, 1000), min_size=1, max_size=12),
    st.integers(0, 100),
    st.sampled_from([0.5, 0.9, 0.95]),
)
def test_a_linear_percentile_lies_within_its_interval(
    values: list[int], q: int, level: float
) -> None:
    # docs/kpi.md: the bounds are order statistics [x(l), x(u)] and an estimate's interval
    # holds its value. An interpolated percentile can lie above x(u) where u is the rank just
    # below its position (two values, q = 1 %: u = 1): the bound is then the value itself.
    est = Durations.empty().add_many(values).percentile(q, level, method="linear")
    assert est.value is not None
    assert est.lower is None or est.lower <= est.value
    assert est.upper is None or est.value <= est.upper


def test_the_p1_of_two_values_by_interpolation_has_itself_as_upper_bound() -> None:
    # Type 7: h = (2 - 1) * 0.01 = 0.01, so 1 + 0.01 * (2 - 1) = 1.01; u = 1 (x(1) = 1 < 1.01).
    est = Durations.empty().add_many([1, 2]).percentile(1, method="linear")
    assert (est.value, est.lower, est.upper) == (1.01, None, 1.01)
