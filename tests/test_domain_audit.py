"""The domain definitions checked against small independent oracles.

Each test states one rule of the project's domain notes (Zendesk's first reply time, one-touch
resolution, first contact resolution in business days, NPS and CSAT boundaries and intervals)
and recomputes it from the definition, in plain Python, on hand-made edge cases and, where the
rule is a law, on Hypothesis-drawn histories.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from statistics import NormalDist
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import InputTypeError, MergeError
from servicemodel.kpi import (
    CSAT,
    NPS,
    FirstContactResolution,
    FirstReplySurvival,
    FirstReplyTime,
    OneTouchRate,
    Ratings,
)
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Event,
    InternalNote,
    Reopen,
    SatisfactionRating,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.strategies import histories

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
H = timedelta(hours=1)
RESOLVED = {"solved", "closed"}


@st.composite
def bot_histories(draw: Any) -> TicketHistory:
    """Histories whose agent replies are each drawn automated or not."""
    h = draw(histories(max_events=10))
    events: list[Event] = []
    for ev in h.events:
        if isinstance(ev, AgentReply):
            ev = attrs.evolve(ev, automated=draw(st.booleans()))
        events.append(ev)
    return TicketHistory(h.ticket, events)


def oracle_first_reply(h: TicketHistory) -> datetime | None:
    """Zendesk's first reply: the first public agent comment that is no bot's, skipping the
    comment that opened an agent-created ticket."""
    replies = [e for e in h.events if type(e) is AgentReply]
    if h.ticket.created_by_agent:
        replies = replies[1:]
    humans = [r.at for r in replies if not r.automated]
    return humans[0] if humans else None


def oracle_resolved(h: TicketHistory, at: datetime | None = None) -> bool:
    status = "new"
    for ev in h.events:
        if at is not None and ev.at.astimezone(UTC) > at.astimezone(UTC):
            break
        if isinstance(ev, StatusChange):
            status = ev.status.value
        elif isinstance(ev, Reopen):
            status = "open"
    return status in RESOLVED


def oracle_touches(h: TicketHistory, at: datetime | None = None) -> int:
    replies = [e for e in h.events if type(e) is AgentReply]
    if h.ticket.created_by_agent:
        replies = replies[1:]
    if at is not None:
        replies = [r for r in replies if r.at.astimezone(UTC) <= at.astimezone(UTC)]
    return sum(not r.automated for r in replies)


# --- first reply time: bot replies never count ------------------------------------------------


@given(bot_histories())
def test_first_reply_skips_bot_replies(h: TicketHistory) -> None:
    assert h.first_reply_at() == oracle_first_reply(h)
    acc = FirstReplyTime.empty(unit="s").add(h)
    expected = oracle_first_reply(h)
    assert acc.censored == (expected is None)
    if expected is not None:
        elapsed = expected.astimezone(UTC) - h.created_at.astimezone(UTC)
        assert acc.result().median.value == elapsed.total_seconds()


def test_a_ticket_answered_only_by_a_bot_is_censored_not_zero() -> None:
    h = TicketHistory(
        Ticket("T", T0),
        [
            AgentReply("bot", T0, automated=True),  # an auto-responder at creation
            InternalNote("n", T0 + H),
        ],
    )
    assert h.first_reply_at() is None
    result = FirstReplyTime.empty().add(h).result()
    assert (result.n, result.censored) == (0, 1)
    curve = FirstReplySurvival.empty(as_of=T0 + 2 * H).add(h).result()
    assert curve.censored == 1
    assert curve["median"].value is None


def test_agent_created_ticket_first_reply_is_the_second_human_public_comment() -> None:
    events = [
        AgentReply("open", T0, agent="a"),  # the message that opened the ticket
        AgentReply("bot", T0 + H, automated=True),
        AgentReply("r", T0 + 3 * H, agent="a"),
    ]
    h = TicketHistory(Ticket("T", T0, created_by_agent=True), events)
    assert h.first_reply_at() == T0 + 3 * H
    # replies_to_customer still lists every public reply after the opening one
    assert [e.id for e in h.replies_to_customer()] == ["bot", "r"]


# --- one-touch: solved with fewer than 2 public agent replies ---------------------------------


@given(st.lists(bot_histories(), max_size=6))
def test_one_touch_rate_matches_the_definition(hs: list[TicketHistory]) -> None:
    resolved = [h for h in hs if oracle_resolved(h)]
    one_touch = [h for h in resolved if oracle_touches(h) < 2]
    acc = OneTouchRate.empty().add_many(hs)
    assert (acc.resolved, acc.one_touch) == (len(resolved), len(one_touch))
    est = acc.result()
    assert est.n == len(resolved)
    assert est.value == (len(one_touch) / len(resolved) if resolved else None)


@given(st.lists(bot_histories(), max_size=6), st.integers(0, 6 * 24 * 60))
def test_one_touch_rate_as_of_counts_only_what_happened_by_then(
    hs: list[TicketHistory], minutes: int
) -> None:
    as_of = T0 + timedelta(minutes=minutes)
    counted = [h for h in hs if h.created_at.astimezone(UTC) <= as_of and oracle_resolved(h, as_of)]
    acc = OneTouchRate.empty(as_of=as_of).add_many(hs)
    assert acc.resolved == len(counted)
    assert acc.one_touch == sum(oracle_touches(h, as_of) < 2 for h in counted)


@pytest.mark.parametrize(
    ("replies", "one_touch"),
    [(0, True), (1, True), (2, False), (3, False)],
)
def test_one_touch_boundary_is_two_replies(replies: int, one_touch: bool) -> None:
    events: list[Event] = [AgentReply(f"r{i}", T0 + i * H) for i in range(replies)]
    events.append(StatusChange("s", T0 + 5 * H, status="solved"))
    acc = OneTouchRate.empty().add(TicketHistory(Ticket("T", T0), events))
    assert (acc.resolved, acc.one_touch) == (1, int(one_touch))


def test_one_touch_skips_the_opening_message_notes_and_bots() -> None:
    events: list[Event] = [
        AgentReply("open", T0),  # opened the agent-created ticket
        InternalNote("n", T0 + H),
        AgentReply("bot", T0 + H, automated=True),
        AgentReply("r", T0 + 2 * H),
        StatusChange("s", T0 + 3 * H, status="solved"),
    ]
    h = TicketHistory(Ticket("T", T0, created_by_agent=True), events)
    assert OneTouchRate.empty().add(h).one_touch == 1
    # the same replies on a ticket the customer opened are two touches
    assert OneTouchRate.empty().add(TicketHistory(Ticket("T", T0), events)).one_touch == 0


def test_one_touch_denominator_is_resolved_tickets() -> None:
    open_ticket = TicketHistory(Ticket("A", T0), [AgentReply("r", T0 + H)])
    reopened = TicketHistory(
        Ticket("B", T0),
        [
            AgentReply("r", T0 + H),
            StatusChange("s", T0 + 2 * H, status="solved"),
            Reopen("o", T0 + 3 * H),
        ],
    )
    acc = OneTouchRate.empty().add_many([open_ticket, reopened])
    assert acc.result().value is None
    assert acc.result().n == 0
    # As of the solve, the reopened ticket was resolved with one reply.
    assert OneTouchRate.empty(as_of=T0 + 2 * H).add(reopened).one_touch == 1


def test_one_touch_refuses_bad_input_and_other_parameters() -> None:
    with pytest.raises(InputTypeError, match="TicketHistory"):
        OneTouchRate.empty().add("T-1")  # type: ignore[arg-type]
    with pytest.raises(MergeError):
        OneTouchRate.empty().merge(OneTouchRate.empty(as_of=T0))


#: For the accumulator conformance suite (tests/test_accumulator_protocol.py).
CONFORMANCE_CASES = [
    pytest.param(
        OneTouchRate.empty,
        st.lists(bot_histories(), max_size=8),
        OneTouchRate.empty(as_of=T0),
        True,
        id="one-touch-rate",
    )
]


# --- first contact resolution with a review window in business days --------------------------

#: 09:00-17:00 on weekdays: 24 hours of open time are three business days.
OFFICE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"})


def _solved_then(solved: datetime, later: list[Event]) -> TicketHistory:
    events: list[Event] = [
        AgentReply("r", solved),
        StatusChange("s", solved, status="solved"),
        *later,
    ]
    return TicketHistory(Ticket("T", solved - H), events)


def test_fcr_window_in_business_days_spans_the_weekend() -> None:
    friday_4pm = datetime(2026, 3, 6, 15, tzinfo=UTC)  # 16:00 in Berlin
    # A customer message on Tuesday: four calendar days later, under two business days later.
    tuesday = friday_4pm + timedelta(days=4)
    h = _solved_then(friday_4pm, [CustomerMessage("m", tuesday)])
    three_days = timedelta(days=3)
    assert FirstContactResolution.empty(window=three_days).judge(h) is True
    business = FirstContactResolution.empty(window=timedelta(hours=24), calendar=OFFICE)
    assert business.judge(h) is False
    # The window ends at calendar.add(solve, 24 h): Wednesday 16:00 Berlin; a message at that
    # instant is inside it, one a minute later is not.
    end = OFFICE.add(friday_4pm, timedelta(hours=24))
    assert end.astimezone(UTC) == datetime(2026, 3, 11, 15, tzinfo=UTC)
    assert business.judge(_solved_then(friday_4pm, [CustomerMessage("m", end)])) is False
    late = _solved_then(friday_4pm, [CustomerMessage("m", end + timedelta(minutes=1))])
    assert business.judge(late) is True


@given(
    st.integers(0, 14 * 24 * 60),
    st.integers(0, 10 * 24 * 60),
    st.integers(0, 40 * 60),
    st.booleans(),
)
def test_fcr_business_window_matches_elapsed_open_time(
    solve_minute: int, gap_minutes: int, window_minutes: int, reopen: bool
) -> None:
    solved = T0 + timedelta(minutes=solve_minute)
    later_at = solved + timedelta(minutes=gap_minutes)
    if reopen:
        later: list[Event] = [Reopen("o", later_at)]
    else:
        later = [CustomerMessage("m", later_at)]
    h = _solved_then(solved, later)
    window = timedelta(minutes=window_minutes)
    fcr = FirstContactResolution.empty(window=window, calendar=OFFICE)
    inside = gap_minutes > 0 and OFFICE.elapsed(solved, later_at) <= window
    assert fcr.judge(h) is (not inside)


@given(st.lists(histories(max_events=8), max_size=5), st.integers(0, 5 * 24 * 60))
def test_fcr_on_an_always_open_calendar_is_the_calendar_time_rule(
    hs: list[TicketHistory], minutes: int
) -> None:
    window = timedelta(minutes=minutes)
    plain = FirstContactResolution.empty(window=window, max_replies=2).add_many(hs)
    always = FirstContactResolution.empty(
        window=window, max_replies=2, calendar=BusinessCalendar.always()
    ).add_many(hs)
    assert (plain.solved, plain.first_contact, plain.pending) == (
        always.solved,
        always.first_contact,
        always.pending,
    )


def test_fcr_calendar_is_a_parameter() -> None:
    with pytest.raises(InputTypeError, match="calendar"):
        FirstContactResolution.empty(calendar="Europe/Berlin")
    with pytest.raises(MergeError):
        FirstContactResolution.empty().merge(FirstContactResolution.empty(calendar=OFFICE))


def test_fcr_window_past_the_calendar_range_never_closes() -> None:
    h = _solved_then(T0, [])
    huge = FirstContactResolution.empty(window=timedelta(days=10**6), calendar=OFFICE)
    assert huge.judge(h) is True


# --- NPS and CSAT: boundaries and intervals ---------------------------------------------------


def _nps_oracle(scores: list[int], level: float = 0.95) -> tuple[float, float, float]:
    n = len(scores)
    p = sum(s >= 9 for s in scores)  # 9-10
    d = sum(s <= 6 for s in scores)  # 0-6 (not "below 6")
    value = 100 * (p - d) / n
    z = NormalDist().inv_cdf(0.5 + level / 2)
    n2 = n + 3
    pa, da = (p + 0.75) / n2, (d + 0.75) / n2
    se = math.sqrt((pa + da - (pa - da) ** 2) / n2)
    lo = max(-100.0, 100 * (pa - da - z * se))
    hi = min(100.0, 100 * (pa - da + z * se))
    return value, min(lo, value), max(hi, value)


@given(st.lists(st.integers(0, 10), min_size=1, max_size=40))
def test_nps_is_the_adjusted_wald_of_rocks(scores: list[int]) -> None:
    est = NPS.empty().add_many(scores).result()
    value, lo, hi = _nps_oracle(scores)
    assert est.value == pytest.approx(value)
    assert est.lower == pytest.approx(lo)
    assert est.upper == pytest.approx(hi)
    assert -100 <= est.lower <= est.value <= est.upper <= 100


@pytest.mark.parametrize(("score", "kind"), [(6, "detractors"), (7, "passives"), (9, "promoters")])
def test_nps_at_n_1_classifies_the_boundary_scores(score: int, kind: str) -> None:
    acc = NPS.empty().add(score)
    assert getattr(acc, kind) == 1
    est = acc.result()
    assert est.n == 1
    assert est.value == {"detractors": -100.0, "passives": 0.0, "promoters": 100.0}[kind]
    assert est.lower is not None
    assert est.upper is not None
    assert -100 <= est.lower <= est.value <= est.upper <= 100


def _wilson(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    z = NormalDist().inv_cdf(0.5 + level / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@given(st.lists(st.integers(1, 5), min_size=1, max_size=40))
def test_csat_is_the_top_two_box_share_with_a_wilson_interval(scores: list[int]) -> None:
    est = CSAT.empty().add_many(scores).result()
    k = sum(s >= 4 for s in scores)  # 4 and 5 satisfied, 3 not
    assert est.value == k / len(scores)
    lo, hi = _wilson(k, len(scores))
    assert est.lower == pytest.approx(max(0.0, lo), abs=1e-12)
    assert est.upper == pytest.approx(min(1.0, hi), abs=1e-12)


def test_csat_good_bad_ignores_unanswered_surveys() -> None:
    """Zendesk's CSAT is good / (good + bad): offered but unanswered surveys are no rating."""

    def rated(i: int, score: int | None) -> TicketHistory:
        events: list[Event] = []
        if score is not None:
            events.append(SatisfactionRating("r", T0 + H, score=score, scale_min=0, scale_max=1))
        return TicketHistory(Ticket(f"T{i}", T0), events)

    unanswered = [rated(i, None) for i in range(3)]
    none = Ratings.satisfied_share().add_many(unanswered).result()
    assert (none.value, none.n) == (None, 0)
    mixed = Ratings.satisfied_share().add_many([*unanswered, rated(7, 1), rated(8, 0)]).result()
    assert (mixed.value, mixed.n) == (0.5, 2)


# --- SLA clocks: business calendar + pause + priority change, together -------------------------

_TARGET_HOURS = {"low": 40, "normal": 16, "high": 8, "urgent": 2}
#: The statuses each clock counts (Zendesk: requester wait counts new, open and on-hold; agent
#: work new and open; resolution everything but the policy's pause status, pending).
_COUNTED = {
    "first_reply": {"new", "open", "on_hold"},
    "resolution": {"new", "open", "on_hold"},
    "requester_wait": {"new", "open", "on_hold"},
    "agent_work": {"new", "open"},
}


def _sla_policy() -> Any:
    from servicemodel.sla import SLAPolicy, Target

    targets = {
        prio: [Target(metric, f"{hours}h") for metric in _COUNTED]
        for prio, hours in _TARGET_HOURS.items()
    }
    return SLAPolicy("office", targets, calendar=OFFICE)


_STEPS = st.lists(
    st.tuples(
        st.one_of(st.sampled_from([0, 0, 1, 60, 480, 1440]), st.integers(0, 36 * 60)),
        st.sampled_from(["open", "pending", "on_hold", "low", "normal", "high", "urgent", "reply"]),
    ),
    max_size=8,
)


def _clock_oracle(
    start: datetime, start_priority: str, steps: list[tuple[datetime, str]], metric: str
) -> str:
    """Achieved or breached, from the definition: the clock counts open business time while
    the status is one it counts; the target is the priority's in force from the clock's start;
    it breaches as soon as its elapsed time exceeds the target of the priority in force (a
    breach is final); several changes at one instant count as the last one. The first reply
    clock stops at the first public agent reply, or at the solve ("fulfilled on solve")."""
    counted = _COUNTED[metric]
    status, priority = "new", start_priority
    elapsed = timedelta(0)
    last = start
    for at, what in steps:
        if at > last:  # a stretch that lasts: its priority was in force
            if status in counted:
                elapsed += OFFICE.elapsed(last, at)
            if elapsed > timedelta(hours=_TARGET_HOURS[priority]):
                return "breached"
            last = at
        if what in _TARGET_HOURS:
            priority = what
        elif what == "solved" or (what == "reply" and metric == "first_reply"):
            break
        elif what != "reply":
            status = what
    over = elapsed > timedelta(hours=_TARGET_HOURS[priority])
    return "breached" if over else "achieved"


@given(_STEPS, st.sampled_from(list(_TARGET_HOURS)), st.integers(0, 9 * 24 * 60), st.booleans())
def test_sla_clocks_with_calendar_pause_and_priority_changes(
    raw: list[tuple[int, str]], first_priority: str, created_minute: int, by_agent: bool
) -> None:
    from servicemodel.model import PriorityChange
    from servicemodel.sla import evaluate

    # Around the spring-forward night in Berlin (2026-03-29), so DST is crossed too.
    created = datetime(2026, 3, 23, 6, tzinfo=UTC) + timedelta(minutes=created_minute)
    steps: list[tuple[datetime, str]] = []
    at = created
    for gap, what in raw:
        at += timedelta(minutes=gap)
        steps.append((at, what))
    solved_at = at + timedelta(minutes=30)
    steps.append((solved_at, "solved"))
    # An agent-created ticket opens with the agent's message, which answers nobody.
    events: list[Event] = [AgentReply("opening", created)] if by_agent else []
    for i, (when, what) in enumerate(steps):
        if what == "reply":
            events.append(AgentReply(f"e{i}", when))
        elif what in _TARGET_HOURS:
            events.append(PriorityChange(f"e{i}", when, priority=what))
        else:
            events.append(StatusChange(f"e{i}", when, status=what))
    ticket = Ticket("T", created, priority=first_priority, created_by_agent=by_agent)
    h = TicketHistory(ticket, events)
    found = {m.metric.value: m.state.value for m in evaluate(_sla_policy(), h)}
    expected = {
        metric: _clock_oracle(created, first_priority, steps, metric) for metric in _COUNTED
    }
    assert found == expected


# --- weighted kappa for ordinal scales ---------------------------------------------------------

_ORDINAL_PAIRS = st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=30)


@given(_ORDINAL_PAIRS, st.sampled_from(["linear", "quadratic"]))
def test_weighted_kappa_is_one_minus_observed_over_chance_disagreement(
    pairs: list[tuple[int, int]], weights: str
) -> None:
    """κ_w = 1 − Σ_u d(a_u, b_u) / ((1/n) Σ_u Σ_v d(a_u, b_v)) on the equally spaced 1..5 scale
    (Cohen 1968), with d = |a − b| (linear) or (a − b)² (quadratic)."""
    from servicemodel.qa import cohen_kappa

    power = 1 if weights == "linear" else 2
    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    n = len(pairs)
    observed = sum(abs(x - y) ** power for x, y in pairs)
    chance = sum(abs(x - y) ** power for x in a for y in b) / n
    k = cohen_kappa(a, b, weights=weights, categories=[1, 2, 3, 4, 5])  # type: ignore[arg-type]
    if chance == 0:
        assert k.value is None
    else:
        assert k.value == pytest.approx(1 - observed / chance, abs=1e-12)
        assert k.metric == f"Cohen's weighted kappa ({weights})"


@given(st.lists(st.tuples(st.sampled_from("ny"), st.sampled_from("ny")), min_size=1, max_size=30))
def test_weighted_kappa_on_two_categories_is_cohens_kappa(pairs: list[tuple[str, str]]) -> None:
    from servicemodel.qa import cohen_kappa

    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    plain = cohen_kappa(a, b)
    for weights in ("linear", "quadratic"):
        w = cohen_kappa(a, b, weights=weights, categories=["n", "y"])  # type: ignore[arg-type]
        if plain.value is None:
            assert w.value is None
            continue
        assert w.value == pytest.approx(plain.value, abs=1e-12)
        # (square roots of variances that round to a few 1e-16 when they are 0)
        assert w.se == pytest.approx(plain.se, abs=1e-7)
        assert w.se_null == pytest.approx(plain.se_null, abs=1e-7)


def _fce_weighted(pairs: list[tuple[int, int]], k: int, power: int) -> tuple[float, float, float]:
    """Fleiss, Cohen & Everitt (1969) eqs. for weighted kappa, written on the full k×k table."""
    n = len(pairs)
    p = [[0.0] * k for _ in range(k)]
    for x, y in pairs:
        p[x - 1][y - 1] += 1 / n
    row = [sum(p[i]) for i in range(k)]
    col = [sum(p[i][j] for i in range(k)) for j in range(k)]
    w = [[1 - (abs(i - j) / (k - 1)) ** power for j in range(k)] for i in range(k)]
    po = sum(w[i][j] * p[i][j] for i in range(k) for j in range(k))
    pe = sum(w[i][j] * row[i] * col[j] for i in range(k) for j in range(k))
    kw = (po - pe) / (1 - pe)
    wi = [sum(col[j] * w[i][j] for j in range(k)) for i in range(k)]
    wj = [sum(row[i] * w[i][j] for i in range(k)) for j in range(k)]
    cells = range(k)
    var = (
        sum(p[i][j] * (w[i][j] - (wi[i] + wj[j]) * (1 - kw)) ** 2 for i in cells for j in cells)
        - (kw - pe * (1 - kw)) ** 2
    )
    var0 = sum(row[i] * col[j] * (w[i][j] - (wi[i] + wj[j])) ** 2 for i in cells for j in cells)
    var0 -= pe**2
    scale = n * (1 - pe) ** 2
    return kw, math.sqrt(max(var, 0) / scale), math.sqrt(max(var0, 0) / scale)


@given(_ORDINAL_PAIRS, st.sampled_from([1, 2]))
def test_weighted_kappa_standard_errors_follow_fleiss_cohen_everitt(
    pairs: list[tuple[int, int]], power: int
) -> None:
    from servicemodel.qa import cohen_kappa

    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    weights = "linear" if power == 1 else "quadratic"
    k = cohen_kappa(a, b, weights=weights, categories=[1, 2, 3, 4, 5])  # type: ignore[arg-type]
    if k.value is None:
        return
    kw, se, se0 = _fce_weighted(pairs, 5, power)
    assert k.value == pytest.approx(kw, abs=1e-12)
    assert k.se == pytest.approx(se, abs=1e-9)
    assert k.se_null == pytest.approx(se0, abs=1e-9)


def test_weighted_kappa_needs_an_ordered_scale() -> None:
    from servicemodel.errors import ConfigError
    from servicemodel.qa import cohen_kappa

    with pytest.raises(InputTypeError, match="categories"):
        cohen_kappa(["low", "high"], ["high", "high"], weights="linear")
    with pytest.raises(ConfigError, match="'medium'"):
        cohen_kappa(["low", "medium"], ["low", "low"], weights="linear", categories=["low", "high"])
    with pytest.raises(ConfigError, match="repeat"):
        cohen_kappa([1], [1], weights="linear", categories=[1, 1, 2])
    with pytest.raises(ConfigError, match="weights"):
        cohen_kappa([1], [1], weights="cubic")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="weights"):
        cohen_kappa([1], [1], categories=[1, 2])
    # Unused points of the scale still set its spacing: 1 vs 2 is a near miss on 1..5.
    near = cohen_kappa([1, 2, 5], [2, 2, 5], weights="linear", categories=[1, 2, 3, 4, 5])
    far = cohen_kappa([1, 2, 5], [2, 2, 5], weights="linear")  # the scale 1, 2, 5
    assert near.value is not None
    assert far.value is not None
    assert near.value > far.value


# --- next reply time: one cycle per unanswered customer message, after the first reply ---------


def _next_reply_oracle(start_priority: str, steps: list[tuple[datetime, str]]) -> list[str]:
    """The verdict of each next-reply cycle, from the definition: a cycle starts at a customer
    message once the first reply has been sent and no cycle is running, and stops at the next
    public agent reply or at the solve; it counts open business time outside *pending*, against
    the target of the priority in force, a breach being final (changes at one instant count as
    the last one)."""
    status, priority = "new", start_priority
    # An agent-created ticket's opening message is sent at creation, before every step: the
    # first reply step is the first reply either way.
    replies_seen = 0
    running = False
    elapsed, last = timedelta(0), None
    verdicts: list[str] = []
    breached = False
    for at, what in steps:
        if running and last is not None and at > last:
            if status != "pending":
                elapsed += OFFICE.elapsed(last, at)
            if elapsed > timedelta(hours=_TARGET_HOURS[priority]):
                breached = True
            last = at
        if what in ("reply", "solved") and running:
            over = elapsed > timedelta(hours=_TARGET_HOURS[priority])
            verdicts.append("breached" if breached or over else "achieved")
            running = False
        if what == "reply":
            replies_seen += 1
        elif what == "msg":
            if replies_seen >= 1 and not running:
                running, elapsed, last, breached = True, timedelta(0), at, False
        elif what in _TARGET_HOURS:
            priority = what
        elif what != "solved":
            status = what
    return verdicts


@given(
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from([0, 0, 1, 60, 480, 1440]), st.integers(0, 36 * 60)),
            st.sampled_from(
                ["open", "pending", "low", "urgent", "reply", "reply", "msg", "msg", "msg"]
            ),
        ),
        max_size=10,
    ),
    st.sampled_from(list(_TARGET_HOURS)),
    st.integers(0, 9 * 24 * 60),
    st.booleans(),
)
def test_next_reply_cycles_with_calendar_pause_and_priority_changes(
    raw: list[tuple[int, str]], first_priority: str, created_minute: int, by_agent: bool
) -> None:
    from servicemodel.model import PriorityChange
    from servicemodel.sla import SLAPolicy, Target, evaluate

    policy = SLAPolicy(
        "office",
        {p: [Target("next_reply", f"{h}h")] for p, h in _TARGET_HOURS.items()},
        calendar=OFFICE,
    )
    created = datetime(2026, 3, 23, 6, tzinfo=UTC) + timedelta(minutes=created_minute)
    steps: list[tuple[datetime, str]] = []
    at = created
    for gap, what in raw:
        at += timedelta(minutes=gap)
        steps.append((at, what))
    steps.append((at + timedelta(minutes=30), "solved"))
    events: list[Event] = [AgentReply("opening", created)] if by_agent else []
    for i, (when, what) in enumerate(steps):
        if what == "reply":
            events.append(AgentReply(f"e{i}", when))
        elif what == "msg":
            events.append(CustomerMessage(f"e{i}", when))
        elif what in _TARGET_HOURS:
            events.append(PriorityChange(f"e{i}", when, priority=what))
        else:
            events.append(StatusChange(f"e{i}", when, status=what))
    ticket = Ticket("T", created, priority=first_priority, created_by_agent=by_agent)
    found = sorted(
        (m.cycle, m.state.value) for m in evaluate(policy, TicketHistory(ticket, events))
    )
    assert [state for _, state in found] == _next_reply_oracle(first_priority, steps)


# --- service level X/Y: how abandons count is a parameter --------------------------------------


@given(
    st.integers(0, 10**6),
    st.sampled_from([0.0, 10.0, 20.0, 60.0]),
    st.sampled_from([0.0, 5.0, 30.0]),
    st.integers(1, 3),
)
def test_service_level_counts_abandons_as_asked(
    seed: int, within: float, short: float, agents: int
) -> None:
    """The ICMI variants, each recomputed from the contacts one by one."""
    from servicemodel.simulate import SupportDesk, simulate

    desk = SupportDesk(agents=agents, arrivals=40, handle_time=180, patience=60)
    run = simulate(desk, T0, T0 + 2 * H, seed=seed)
    contacts = run.contacts()
    answered = [c for c in contacts if c.answered_at is not None]
    gave_up = [c for c in contacts if c.answered_at is None and c.abandoned_at is not None]
    offered = len(answered) + len(gave_up)
    fast = sum(c.wait is not None and c.wait <= within for c in answered)
    short_gave_up = sum(c.wait is not None and c.wait <= within for c in gave_up)
    expected = {
        "missed": (fast, offered),
        "ignored": (fast, len(answered)),
        "met_if_short": (fast + short_gave_up, offered),
        "excluded_if_short": (fast, offered - short_gave_up),
    }
    for abandons, (num, den) in expected.items():
        s = run.summary(within, start=T0, end=T0 + 2 * H, abandons=abandons, short_abandon=short)
        assert s.offered == offered
        assert s.abandoned_within == short_gave_up
        assert s.service_level == (num / den if den else None)
        hung_up_fast = sum(c.wait is not None and c.wait < short for c in gave_up)
        kept = offered - hung_up_fast
        assert s.short_abandoned == hung_up_fast
        assert s.abandonment_rate == ((len(gave_up) - hung_up_fast) / kept if kept else None)


def test_service_level_options_are_checked() -> None:
    from servicemodel.errors import ConfigError
    from servicemodel.simulate import SupportDesk, simulate

    run = simulate(SupportDesk(agents=1, arrivals=4, handle_time=60), T0, T0 + H, seed=1)
    with pytest.raises(ConfigError, match="abandons"):
        run.summary(abandons="dropped")
    with pytest.raises(ConfigError, match="short_abandon"):
        run.summary(short_abandon=-1)
    default = run.summary()
    assert default == run.summary(abandons="missed", short_abandon=0)
    assert default.abandons == "missed"


def _fcr_oracle(h: TicketHistory, window: timedelta, max_replies: int) -> bool | None:
    """First contact resolution from its rule: at the first solve s, at most max_replies
    public agent replies that are contacts (no bot's, not an agent-created ticket's opening
    message), and no customer message or reopen in (s, s + window]."""
    status, solved = "new", None
    reopens: list[datetime] = []
    for ev in h.events:
        before = status
        if isinstance(ev, StatusChange):
            status = ev.status.value
        elif isinstance(ev, Reopen):
            status = "open"
        if before not in RESOLVED and status in RESOLVED and solved is None:
            solved = ev.at.astimezone(UTC)
        if before in RESOLVED and status not in RESOLVED:
            reopens.append(ev.at.astimezone(UTC))
    if solved is None:
        return None
    end = solved + window
    replies = [e for e in h.events if type(e) is AgentReply]
    if h.ticket.created_by_agent:
        replies = replies[1:]
    contacts = sum(not r.automated and r.at.astimezone(UTC) <= solved for r in replies)
    messages = [e.at.astimezone(UTC) for e in h.events if isinstance(e, CustomerMessage)]
    return (
        contacts <= max_replies
        and not any(solved < m <= end for m in messages)
        and not any(solved < r <= end for r in reopens)
    )


@given(bot_histories(), st.integers(0, 4 * 24 * 60), st.integers(0, 3))
def test_fcr_matches_its_rule_with_bot_replies(
    h: TicketHistory, minutes: int, max_replies: int
) -> None:
    window = timedelta(minutes=minutes)
    fcr = FirstContactResolution.empty(
        window=window, max_replies=max_replies, use_source_flag=False
    )
    assert fcr.judge(h) == _fcr_oracle(h, window, max_replies)


def test_an_auto_acknowledgement_is_no_contact() -> None:
    events: list[Event] = [
        AgentReply("ack", T0, automated=True),  # "we got your message"
        AgentReply("r", T0 + H),
        StatusChange("s", T0 + H, status="solved"),
    ]
    h = TicketHistory(Ticket("T", T0), events)
    assert FirstContactResolution.empty().judge(h) is True


@given(
    st.lists(st.integers(0, 10), min_size=1, max_size=40),
    st.lists(st.integers(0, 10), min_size=1, max_size=40),
)
def test_two_nps_are_compared_by_the_wald_z(before: list[int], after: list[int]) -> None:
    """z = Δ / sqrt(SE₁² + SE₂²) with SE = 100·sqrt((p + d − (p − d)²)/n)."""
    from servicemodel.kpi import compare

    def nps_and_se(scores: list[int]) -> tuple[float, float]:
        n = len(scores)
        p = sum(s >= 9 for s in scores) / n
        d = sum(s <= 6 for s in scores) / n
        return 100 * (p - d), 100 * math.sqrt((p + d - (p - d) ** 2) / n)

    (v1, se1), (v2, se2) = nps_and_se(before), nps_and_se(after)
    c = compare(NPS.empty().add_many(before), NPS.empty().add_many(after))
    assert c.difference == pytest.approx(v2 - v1, abs=1e-9)
    se = math.sqrt(se1**2 + se2**2)
    assert c.se == pytest.approx(se, abs=1e-9)
    if se > 1e-9:
        assert c.z == pytest.approx((v2 - v1) / se, rel=1e-9, abs=1e-9)


# --- periodic (pausable) update: the gaps between public agent replies -------------------------


def _periodic_oracle(start_priority: str, steps: list[tuple[datetime, str]]) -> list[str]:
    """The verdict of each periodic-update cycle: a cycle runs from each public agent reply
    to the next reply or the solve, counting open business time outside *pending* (the
    pausable update), against the target of the priority in force, a breach being final."""
    status, priority = "new", start_priority
    running, breached = False, False
    elapsed: timedelta = timedelta(0)
    last: datetime | None = None
    verdicts: list[str] = []
    for at, what in steps:
        if running and last is not None and at > last:
            if status != "pending":
                elapsed += OFFICE.elapsed(last, at)
            if elapsed > timedelta(hours=_TARGET_HOURS[priority]):
                breached = True
            last = at
        if what in ("reply", "solved") and running:
            over = elapsed > timedelta(hours=_TARGET_HOURS[priority])
            verdicts.append("breached" if breached or over else "achieved")
            running = False
        if what == "reply":
            running, elapsed, last, breached = True, timedelta(0), at, False
        elif what in _TARGET_HOURS:
            priority = what
        elif what not in ("solved", "msg"):
            status = what
    return verdicts


@given(
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from([0, 0, 1, 60, 480, 1440]), st.integers(0, 36 * 60)),
            st.sampled_from(["open", "pending", "low", "urgent", "reply", "reply", "msg"]),
        ),
        max_size=10,
    ),
    st.sampled_from(list(_TARGET_HOURS)),
    st.integers(0, 9 * 24 * 60),
)
def test_periodic_update_cycles_with_calendar_pause_and_priority_changes(
    raw: list[tuple[int, str]], first_priority: str, created_minute: int
) -> None:
    from servicemodel.model import PriorityChange
    from servicemodel.sla import SLAPolicy, Target, evaluate

    policy = SLAPolicy(
        "office",
        {p: [Target("periodic_update", f"{h}h")] for p, h in _TARGET_HOURS.items()},
        calendar=OFFICE,
    )
    created = datetime(2026, 3, 23, 6, tzinfo=UTC) + timedelta(minutes=created_minute)
    steps: list[tuple[datetime, str]] = []
    at = created
    for gap, what in raw:
        at += timedelta(minutes=gap)
        steps.append((at, what))
    steps.append((at + timedelta(minutes=30), "solved"))
    events: list[Event] = []
    for i, (when, what) in enumerate(steps):
        if what == "reply":
            events.append(AgentReply(f"e{i}", when))
        elif what == "msg":
            events.append(CustomerMessage(f"e{i}", when))
        elif what in _TARGET_HOURS:
            events.append(PriorityChange(f"e{i}", when, priority=what))
        else:
            events.append(StatusChange(f"e{i}", when, status=what))
    h = TicketHistory(Ticket("T", created, priority=first_priority), events)
    found = sorted((m.cycle, m.state.value) for m in evaluate(policy, h))
    assert [state for _, state in found] == _periodic_oracle(first_priority, steps)
