"""Rules of the arrival forecast, its backtest and plan check, self-service deflection, journeys
and blueprints that the rest of the suite left untested.

Each test pins one documented rule where a plausible slip (``<`` for ``<=``, a sample variance
for a population one, a window that keeps the wrong end) would change a figure or a verdict;
the expected values follow from the rule as docs/staffing.md, docs/selfservice.md,
docs/journey.md and docs/blueprint.md (and the docstrings) state it, worked out by hand or by
an independent reference written here.
"""

from __future__ import annotations

import csv
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import NormalDist, fmean, variance

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.blueprint import Assessment, Blueprint, Gap, assess, render_text
from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, StaffingError
from servicemodel.forecast import (
    HistoryTooShortError,
    IntervalCheck,
    PlanCheck,
    backtest,
    check_plan,
    forecast_arrivals,
    handle_times,
)
from servicemodel.forecast._check import _check_work
from servicemodel.goals import Comparator
from servicemodel.io import load_jsonl
from servicemodel.journey import Journey
from servicemodel.kpi import Estimate
from servicemodel.model import SatisfactionRating, Ticket, TicketHistory
from servicemodel.qa import load_evaluations
from servicemodel.servqual import responses_from_rows
from servicemodel.staffing import ServiceLevelTarget, plan_intervals
from servicemodel.standards import Verdict

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
S = timedelta(seconds=1)
#: Monday 09:00-09:30, the 19th half hour of the week (Monday 00:00 is slot 0).
SLOT = 18


def _weeks_of_counts(counts: list[int], slot: int = SLOT, channel: str = "chat") -> list[Ticket]:
    """``counts[w]`` contacts in ``slot`` of week ``w`` from MONDAY, none anywhere else."""
    start = timedelta(minutes=30 * slot)
    return [
        Ticket(f"T{slot}-{w}-{k}", MONDAY + timedelta(weeks=w) + start + timedelta(seconds=k),
               channel=channel)
        for w, n in enumerate(counts)
        for k in range(n)
    ]  # fmt: skip


# --- the forecast interval: mean ± z·√(max(mean, s²)·(1 + 1/n)) ------------------------------


def _documented_interval(counts: list[int], level: float) -> tuple[float, float, float]:
    """docs/staffing.md: mean ± z·√(max(mean, s²)·(1 + 1/n)), two-sided ``level``, clipped at 0;
    s² is the sample variance of the n weekly counts."""
    n = len(counts)
    mean = fmean(counts)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    half = z * math.sqrt(max(mean, variance(counts)) * (1 + 1 / n))
    return mean, max(0.0, mean - half), mean + half


@given(
    counts=st.lists(st.integers(0, 40), min_size=2, max_size=4),
    level=st.sampled_from([0.5, 0.8, 0.9, 0.95]),
)
def test_the_forecast_interval_is_the_documented_one(counts: list[int], level: float) -> None:
    tickets = [*_weeks_of_counts(counts), Ticket("X", MONDAY, channel="chat")]
    until = MONDAY + timedelta(weeks=len(counts))
    f = forecast_arrivals(tickets, since=MONDAY, until=until, recent=None, level=level)
    # The extra contact at Monday 00:00 of the first week is slot 0 of that week.
    counts0 = [1] + [0] * (len(counts) - 1)
    for slot, seen in ((SLOT, counts), (0, counts0)):
        mean, low, high = _documented_interval(seen, level)
        got = (f.mean["chat"][slot], f.low["chat"][slot], f.high["chat"][slot])
        assert all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
                   for a, b in zip(got, (mean, low, high), strict=True)), (slot, got)  # fmt: skip
    assert f.weeks_used == len(counts)


def test_two_weeks_that_disagree_widen_the_interval_past_poisson() -> None:
    # Weeks of 1 and 5 contacts: mean 3, s² = 8 (sample variance, n − 1 = 1) > 3, so the
    # variance is 8·(1 + 1/2) = 12; z = 1.281552 for 80 %: 3 ± 4.4395, low clipped at 0.
    f = forecast_arrivals(_weeks_of_counts([1, 5]), since=MONDAY,
                          until=MONDAY + timedelta(weeks=2), level=0.8)  # fmt: skip
    assert f.mean["chat"][SLOT] == 3.0
    assert f.low["chat"][SLOT] == 0.0
    assert math.isclose(f.high["chat"][SLOT], 3 + 1.2815516 * math.sqrt(12), rel_tol=1e-7)


def test_the_open_half_hours_are_those_the_calendar_is_open() -> None:
    # Weekdays 08:00-18:00: Monday's half hours 08:00 (slot 16) to 17:30 (slot 35) are open,
    # 07:30 (15) and 18:00 (36) closed, and the closed ones are forecast as 0.
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "08:00-18:00"})
    tickets = _weeks_of_counts([2, 2], slot=16) + _weeks_of_counts([3, 3], slot=36)
    f = forecast_arrivals(tickets, calendar=cal, since=MONDAY, until=MONDAY + timedelta(weeks=2))
    assert [s for s in range(48) if f.open[s]] == list(range(16, 36))
    assert f.mean["chat"][16] == 2.0
    assert f.mean["chat"][36] == 0.0


# --- which weeks the profile averages ---------------------------------------------------------


def test_the_profile_is_the_mean_of_the_last_recent_weeks() -> None:
    # forecast_arrivals: "the mean count of each half hour of the week over the last
    # ``recent`` full weeks". Weeks of 0, 4 and 6 contacts with recent=2: (4 + 6) / 2 = 5.
    tickets = [*_weeks_of_counts([0, 4, 6]), Ticket("X", MONDAY, channel="chat")]
    until = MONDAY + timedelta(weeks=3)
    f = forecast_arrivals(tickets, since=MONDAY, until=until, recent=2)
    assert (f.weeks_used, f.mean["chat"][SLOT]) == (2, 5.0)
    every = forecast_arrivals(tickets, since=MONDAY, until=until, recent=None)
    assert (every.weeks_used, every.mean["chat"][SLOT]) == (3, 10 / 3)


def test_the_default_recent_is_eight_weeks() -> None:
    # Ten weeks of history, 1 contact a week in the slot, then 9 in weeks 3..9 and 1 in 0..1:
    # the default (recent=8) averages weeks 2..9.
    counts = [1, 1, 5, 9, 9, 9, 9, 9, 9, 9]
    f = forecast_arrivals(_weeks_of_counts(counts), since=MONDAY,
                          until=MONDAY + timedelta(weeks=10))  # fmt: skip
    assert f.weeks_used == 8
    assert f.mean["chat"][SLOT] == (5 + 9 * 7) / 8


# --- handle times: given values win, a handle time must be > 0 --------------------------------


def test_given_handle_times_win_over_the_historys() -> None:
    # handle_times: "``given`` values win over the history's".
    t = [Ticket("A", MONDAY, channel="chat", attributes={"handle_time": 300})]
    assert handle_times(t, given={"chat": 240}) == {"chat": 240.0}


def test_a_handle_time_of_zero_is_refused() -> None:
    # A handle time must be > 0: a zero one would plan no agents for any load.
    with pytest.raises(StaffingError, match="must be > 0"):
        handle_times([Ticket("A", MONDAY, channel="chat", attributes={"handle_time": 0})])
    with pytest.raises(StaffingError, match="must be > 0"):
        handle_times([], given={"chat": 0})


# --- backtest: MAE and MASE by hand (Hyndman & Koehler 2006) -----------------------------------


def test_a_one_week_backtest_by_hand() -> None:
    # Three full weeks, 1, 3 and 6 contacts in one half hour and none in the other 335. The
    # held-out week 3 is forecast from weeks 1-2: 2 in that slot, 0 elsewhere, so
    # MAE = |6 − 2| / 336; seasonal naive (week 2): |6 − 3| / 336. The in-sample scale is the
    # seasonal-naive MAE over weeks 1-2 only: |3 − 1| / 336. MASE = 4/2 = 2, naive 3/2.
    # The 80 % interval there is 2 ± 1.2816·√(max(2, 2)·1.5) = [0, 4.22]: 6 is outside; every
    # other slot forecasts [0, 0] and holds its 0. Coverage 335/336.
    bt = backtest(_weeks_of_counts([1, 3, 6]), weeks=1, since=MONDAY,
                  until=MONDAY + timedelta(weeks=3), recent=None, level=0.8)  # fmt: skip
    assert bt.weeks == (MONDAY.date() + timedelta(weeks=2),)
    row = {r.channel: r for r in bt.rows}["chat"]
    assert row.slots == 336
    assert math.isclose(row.mae, 4 / 336)
    assert math.isclose(row.naive_mae, 3 / 336)
    assert math.isclose(row.mase, 2.0)
    assert math.isclose(row.naive_mase, 1.5)
    assert math.isclose(row.coverage, 335 / 336)


def test_a_backtest_needs_weeks_plus_two_full_weeks() -> None:
    # "Needs ``weeks + 2`` full weeks": exactly that many is enough, one fewer is not.
    tickets = _weeks_of_counts([1, 3, 6, 2])
    until = MONDAY + timedelta(weeks=4)
    assert len(backtest(tickets, weeks=2, since=MONDAY, until=until).weeks) == 2
    with pytest.raises(HistoryTooShortError):
        backtest(tickets, weeks=3, since=MONDAY, until=until)


# --- the plan check's verdict ------------------------------------------------------------------


@given(target=st.floats(0.05, 0.95), below=st.floats(0.0, 0.05))
def test_an_interval_is_short_only_when_its_top_is_below_the_target(
    target: float, below: float
) -> None:
    # IntervalCheck: "``short`` is True when even ``high`` is below the target": a top that
    # reaches the target exactly is no evidence of a miss.
    def check(high: float) -> IntervalCheck:
        return IntervalCheck(0, None, 3, target, 0.9, high, 0.0, high, 40)

    assert check(target).short is False
    assert PlanCheck(20.0, 0.95, (check(target),)).passed
    top = target - below
    assert check(top).short is (top < target)


def test_the_steady_work_bound_refuses_only_what_passes_it() -> None:
    # check_plan: "an interval whose expected simulated contacts pass ``MAX_CHECK_WORK``
    # (600,000) is refused". 60,000 contacts an hour over 9 batches of an hour after an hour of
    # warm-up is 600,000 exactly: at the bound, not past it; one batch more is past it.
    _check_work(60_000.0, 3600.0, 9, 0)
    with pytest.raises(StaffingError, match="600,000"):
        _check_work(60_000.0, 3600.0, 10, 0)


def test_a_contact_answered_at_once_meets_a_target_of_zero_seconds_in_the_week_check() -> None:
    # "Answered within Y seconds" includes Y: with Y = 0 the service level is the share of
    # contacts that do not wait, 1 − P_w in Erlang C (SL(t) = 1 − P_w·e^(−(N − A)t/h) at t = 0).
    # 10 contacts per half hour of 3 minutes (1 Erlang) with the agents an 80 % in 0 s plan
    # gives: P_w is small, so most contacts are answered at once and the week is not short.
    calls = [10.0 if 20 <= i < 28 else 0.0 for i in range(336)]
    target = ServiceLevelTarget(0.8, 0)
    plan = plan_intervals(calls, aht=180, targets=[target], start=MONDAY)
    check = check_plan(plan, mode="week", weeks=4, seed=3)
    rows = [c for c in check.intervals if c.contacts]
    assert len(rows) == 8
    assert all(c.predicted >= 0.8 for c in rows)  # Erlang C's 1 − P_w for the planned agents
    met = sum(c.simulated * c.contacts for c in rows)
    assert met / sum(c.contacts for c in rows) >= 0.8
    assert check.passed


def test_a_holiday_is_left_out_of_the_backtests_errors_and_its_scale() -> None:
    # WeeklyCounts: closed slots -- nights, holidays, closures -- are left out of every
    # estimate; the seasonal-naive scale compares a half hour with the same half hour the
    # week before, so a pair with a closed side is no observation either.
    # Weekdays 08:00-18:00, the second Monday a holiday. Monday 09:00 (slot 18) has 1, 10
    # (on the holiday), 4 and 6 contacts; Tuesday 09:00 (slot 66) 0, 2, 2 and 2.
    # In-sample pairs (weeks 2-1 and 3-2) open on both sides: Tuesday to Friday, 80 slots
    # each; only Tuesday 09:00 differs, by 2 then 0: scale = 2 / 160.
    # Week 4 from weeks 1-3: Monday 09:00 (1 + 4) / 2 = 2.5 (the holiday left out), Tuesday
    # 09:00 4/3; errors 3.5 and 2/3 over 100 open slots: MAE = 1/24, MASE = 80/24.
    # Seasonal naive: |6 − 4| = 2 over 100 slots, MASE 0.02 · 80 = 1.6.
    cal = BusinessCalendar.weekly(
        "UTC", {"mon-fri": "08:00-18:00"}, holidays=[(MONDAY + timedelta(weeks=1)).date()]
    )
    tickets = _weeks_of_counts([1, 10, 4, 6]) + _weeks_of_counts([0, 2, 2, 2], slot=66)
    bt = backtest(tickets, weeks=1, calendar=cal, since=MONDAY,
                  until=MONDAY + timedelta(weeks=4), recent=None)  # fmt: skip
    row = {r.channel: r for r in bt.rows}["chat"]
    assert row.slots == 100
    assert math.isclose(row.mae, 1 / 24)
    assert math.isclose(row.mase, 80 / 24)
    assert math.isclose(row.naive_mase, 1.6)


# --- journeys ------------------------------------------------------------------------------------


def test_a_stage_paired_with_itself_is_no_backward_transition() -> None:
    # Journey: "Moving backward is allowed only for the ``(from, to)`` pairs in ``backward``",
    # and a pair whose ``to`` does not come before its ``from`` is refused: a stage does not
    # come before itself.
    with pytest.raises(ConfigError, match="not a backward transition"):
        Journey.default(backward=[("support", "support")])


# --- blueprints: the shortfall's worst values ---------------------------------------------------

#: docs/blueprint.md and the assessment's module docs: the worst value of each goal KPI
#: (None: a time, measured by the relative overrun).
GOAL_WORST = {"csat": 0.0, "nps": -100.0, "reopen_rate": 1.0, "resolution_rate": 0.0,
              "first_reply_time": None, "resolution_time": None}  # fmt: skip


def _documented_shortfall(value: float, lower_is_better: bool, threshold: float,
                          worst: float | None) -> float:  # fmt: skip
    """docs/blueprint.md: higher is better (threshold − value) / (threshold − worst); lower is
    better (value − threshold) / (worst − threshold); no worst value: the relative overrun."""
    if worst is None:
        return (value - threshold) / threshold
    if lower_is_better:
        return (value - threshold) / (worst - threshold)
    return (threshold - value) / (threshold - worst)


def test_every_goal_servqual_and_qa_gap_of_the_example_uses_its_documented_worst() -> None:
    bp = Blueprint.from_file(EXAMPLES / "blueprint.toml")
    hs = load_jsonl(EXAMPLES / "data" / "tickets.jsonl").histories
    assert bp.scorecard is not None
    evaluations = load_evaluations(EXAMPLES / "data" / "qa_evaluations.csv", bp.scorecard)
    with open(EXAMPLES / "data" / "servqual.csv", newline="") as handle:
        survey = list(responses_from_rows(csv.DictReader(handle)))
    a = assess(bp, hs, survey=survey, evaluations=evaluations)
    kpis = {g.name: g.kpi for g in bp.goals}
    qa_worst = {"QA score": 0.0, "QA pass rate": 0.0, "QA critical-failure rate": 1.0}
    checked = set()
    for gap in a.gaps:
        if gap.source == "standard" or gap.estimate.value is None:
            continue
        if gap.source == "goal":
            worst = GOAL_WORST[kpis[gap.name] or ""]
        elif gap.source == "servqual":
            worst = 1 - 7  # a gap P − E on the 1-7 scale is at worst −6
        else:
            worst = qa_worst[gap.name]
        want = _documented_shortfall(
            gap.estimate.value, gap.comparator.lower_is_better, gap.threshold, worst
        )
        assert gap.shortfall is not None
        assert math.isclose(gap.shortfall, want, rel_tol=1e-9, abs_tol=1e-12), gap.name
        checked.add(gap.source if gap.source != "goal" else kpis[gap.name])
    assert {"nps", "csat", "reopen_rate", "servqual", "qa"} <= checked
    assert {g.name for g in a.gaps if g.source == "qa"} == set(qa_worst)


def test_a_csat_mean_goal_is_held_against_the_worst_rating_of_one() -> None:
    # The assessment's module docs: "the CSAT mean 1 (on 1-5)" is its worst value. Ratings 3,
    # 4 and 5 in one week: mean 4; against a target of 4.5, (4.5 − 4) / (4.5 − 1) = 1/7.
    goal = {
        "name": "CSAT mean 4.5",
        "objective": "Satisfied customers",
        "kpi": "csat",
        "statistic": "mean",
        "period": "week",
        "comparator": ">=",
        "target": 4.5,
        "baseline": 4.0,
        "max_improvement": 1.0,
        "tz": "UTC",
        "start": "2026-03-02",
        "deadline": "2026-03-30",
    }
    bp = Blueprint.from_dict({"name": "x", "goals": [goal]})
    hs = [
        TicketHistory(Ticket(f"T{score}", MONDAY + timedelta(hours=score)),
                      [SatisfactionRating(f"r{score}", MONDAY + timedelta(hours=score + 1),
                                          score=score)])
        for score in (3, 4, 5)
    ]  # fmt: skip
    (gap,) = assess(bp, hs, at=MONDAY + timedelta(weeks=1)).gaps
    assert gap.estimate.value == 4.0
    assert gap.shortfall is not None
    assert math.isclose(gap.shortfall, 1 / 7)


def test_a_ticket_created_at_the_snapshot_counts_in_the_assessment() -> None:
    # The snapshot reads every ticket as it stood at ``at``: tickets created *later* are left
    # out, so one created at ``at`` itself is in.
    at = MONDAY + timedelta(hours=5)
    hs = [TicketHistory(Ticket("A", at), []), TicketHistory(Ticket("B", at + S), [])]
    assert assess(Blueprint("x"), hs, at=at).tickets == 1


def test_a_channel_listed_twice_in_another_case_is_refused() -> None:
    # Blueprint channels: a channel listed twice, "perhaps in another case", is a slip.
    with pytest.raises(ConfigError, match="listed twice") as info:
        Blueprint.from_dict({"name": "x", "channels": ["email", "Email"]})
    assert info.value.path == "channels[1]"


def test_the_text_keeps_a_negative_figure_and_shows_no_minus_zero() -> None:
    # A SERVQUAL gap of -1.5 points is below expectation and is printed with its sign; a bound
    # of -0.0004 rounds to 0.0, not "-0.0", a value below zero the data never had.
    gap = Gap("servqual", "reliability", "perception >= expectation (gap >= 0)", None,
              Comparator.GE, 0.0, "points",
              Estimate("reliability", -1.5, 40, lower=-2.0, upper=-0.0004), Verdict.MISSED,
              0.25)  # fmt: skip
    a = Assessment(Blueprint("x"), MONDAY, 0.95, 0, None, None, None, None, (gap,))
    assert "measured -1.5 [-2.0, 0.0] n=40;" in render_text(a)
