"""Tests for the support-desk simulation: Erlang C convergence, histories, calendar, laws."""

from __future__ import annotations

import importlib.util
import math
import random
import statistics
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, InputTypeError, NaiveDatetimeError
from servicemodel.goals import GoalState, SmartGoal
from servicemodel.kpi.tickets import FirstReplyTime, ResolutionRate, SLAAttainment
from servicemodel.model import AgentReply, Priority, Status, TicketHistory
from servicemodel.simulate import (
    Contact,
    Exponential,
    LogNormal,
    RateProfile,
    SimulationResult,
    SupportDesk,
    simulate,
)
from servicemodel.sla import (
    MeasurementState,
    Metric,
    SLAPolicy,
    Target,
    evaluate,
    evaluate_many,
)
from servicemodel.staffing import Workload, queue_metrics

T0 = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday


# --- convergence to Erlang C ---------------------------------------------------------------

# 200 contacts/h with AHT 180 s is the Call Centre Helper example (100 per 30 min): A = 10 Erlangs.
RATE, AHT, WITHIN = 200.0, 180.0, 20.0
HOURS, WARMUP, BATCHES = 2000, 10, 20


def _batch_means(run: SimulationResult) -> tuple[list[float], list[float]]:
    """Service level and ASA of BATCHES consecutive equal windows after the warm-up."""
    length = (HOURS - WARMUP) / BATCHES
    sl, asa = [], []
    for j in range(BATCHES):
        lo = T0 + timedelta(hours=WARMUP + j * length)
        s = run.summary(WITHIN, start=lo, end=lo + timedelta(hours=length))
        assert s.service_level is not None
        assert s.asa is not None
        sl.append(s.service_level)
        asa.append(s.asa)
    return sl, asa


@pytest.mark.parametrize("agents", [12, 14])
def test_stationary_simulation_converges_to_erlang_c(agents: int) -> None:
    """Simulated SL(20 s), ASA and occupancy agree with Erlang C within 4 batch-means SEs.

    Tolerance: 2,000 simulated hours (~400,000 contacts) after a 10 h warm-up (the queue starts
    empty) are cut into 20 batches of ~100 h. A batch holds ~20,000 contacts, while the wait
    process of an M/M/N queue at ρ ≤ 0.84 forgets its state within minutes, so batch means are
    close to independent and their standard error SE = sd(batches)/√20 is honest (the usual
    batch-means method, Law & Kelton ch. 9). We require |simulated − Erlang C| ≤ 4·SE: a false
    alarm has probability ~6e-5 per check for a random seed, and the seed is fixed. To keep the
    check sharp we also require SE itself to be small (SL within 0.01, ASA within 5 % of its
    prediction): a loose tolerance cannot hide a wrong simulation.
    """
    desk = SupportDesk(agents=agents, arrivals=RATE, handle_time=Exponential(AHT))
    run = simulate(desk, T0, T0 + timedelta(hours=HOURS), seed=2026, warmup=timedelta(hours=WARMUP))
    predicted = queue_metrics(Workload(calls=RATE, interval=3600, aht=AHT), agents, within=WITHIN)
    overall = run.summary(WITHIN)
    sl, asa = _batch_means(run)
    se_sl = statistics.stdev(sl) / math.sqrt(BATCHES)
    se_asa = statistics.stdev(asa) / math.sqrt(BATCHES)
    assert se_sl < 0.01
    assert se_asa < 0.05 * predicted.asa
    assert overall.service_level is not None
    assert overall.asa is not None
    assert abs(overall.service_level - predicted.service_level) <= 4 * se_sl
    assert abs(overall.asa - predicted.asa) <= 4 * se_asa
    # Occupancy is the handled work over capacity: its only noise is the work offered.
    assert overall.occupancy == pytest.approx(predicted.occupancy, rel=0.01)
    assert overall.abandoned == 0
    assert overall.censored == 0


# --- determinism and histories -------------------------------------------------------------


def test_same_seed_same_run_and_different_seed_differs() -> None:
    desk = SupportDesk(agents=2, arrivals=15, handle_time=LogNormal(400, cv=0.7), patience=600)
    end = T0 + timedelta(hours=12)
    a, b = simulate(desk, T0, end, seed=5), simulate(desk, T0, end, seed=5)
    c = simulate(desk, T0, end, seed=6)
    assert a.contacts() == b.contacts()
    assert a.histories() == b.histories()
    assert a.contacts() != c.contacts()


def test_common_random_numbers_offer_the_same_contacts_to_every_staffing() -> None:
    end = T0 + timedelta(hours=24)
    runs = [
        simulate(SupportDesk(agents=n, arrivals=30, handle_time=300), T0, end, seed=9)
        for n in (3, 4, 6)
    ]
    offered = [[(c.arrived_at, c.handle) for c in r.contacts()] for r in runs]
    assert offered[0] == offered[1] == offered[2]
    asa = [r.summary().asa for r in runs]
    assert asa[0] is not None
    assert asa[1] is not None
    assert asa[2] is not None
    assert asa[0] > asa[1] > asa[2]


def test_histories_follow_the_canonical_model() -> None:
    desk = SupportDesk(agents=1, arrivals=10, handle_time=300, patience=300, channel="Chat")
    run = simulate(desk, T0, T0 + timedelta(hours=24), seed=11)
    contacts = run.contacts()
    histories = run.histories()
    assert len(histories) == len(contacts) > 100
    abandoned = 0
    for c, h in zip(contacts, histories, strict=True):
        assert h.id == c.id
        assert h.created_at == c.arrived_at
        assert h.ticket.channel == "chat"
        assert h.events[0].kind == "customer_message"
        assert h.events[0].at == c.arrived_at
        assert h.ticket.attributes["abandoned"] is c.abandoned
        if c.abandoned:
            abandoned += 1
            assert h.first_reply_at() is None
            assert h.status_at(h.last_event_at) is Status.CLOSED
            assert c.abandoned_at is not None
            assert h.last_event_at == c.abandoned_at
        else:
            assert h.first_reply_at() == c.answered_at
            assert h.final_assignee() == c.agent
            assert h.solved_at() == c.solved_at
            replies = [e for e in h.events if isinstance(e, AgentReply)]
            assert len(replies) == 1
            assert replies[0].agent == c.agent
    assert abandoned > 0
    assert run.summary().abandoned == abandoned


def test_histories_feed_the_kpi_accumulators() -> None:
    """First reply time over the histories is the simulated wait; abandoned ones are censored."""
    desk = SupportDesk(agents=3, arrivals=40, handle_time=240, patience=120)
    run = simulate(desk, T0, T0 + timedelta(hours=48), seed=12)
    s = run.summary(start=T0)
    frt = FirstReplyTime.empty(unit="s").add_many(run.histories())
    assert frt.n == s.answered
    assert frt.censored == s.abandoned > 0
    assert s.asa is not None
    assert frt.result().mean.value == pytest.approx(s.asa, rel=1e-9)
    rate = ResolutionRate.empty().add_many(run.histories()).result()
    assert rate.value == pytest.approx(1.0)  # solved or closed: every ticket is resolved


def test_infinite_patience_equals_no_abandonment() -> None:
    end = T0 + timedelta(hours=48)
    base = SupportDesk(agents=2, arrivals=20, handle_time=330)
    patient = SupportDesk(agents=2, arrivals=20, handle_time=330, patience=1e12)
    assert (
        simulate(base, T0, end, seed=4).contacts() == simulate(patient, T0, end, seed=4).contacts()
    )


def test_abandonment_rate_grows_as_patience_shrinks() -> None:
    end = T0 + timedelta(hours=500)
    rates = []
    for patience in (60, 300, 1800):
        desk = SupportDesk(agents=10, arrivals=200, handle_time=180, patience=patience)
        rate = simulate(desk, T0, end, seed=3).summary().abandonment_rate
        assert rate is not None
        rates.append(rate)
    assert rates[0] > rates[1] > rates[2] > 0


def test_not_draining_censors_contacts_still_waiting() -> None:
    # An overloaded desk (A = 2 Erlangs for 1 agent) leaves a queue at the end.
    desk = SupportDesk(agents=1, arrivals=24, handle_time=300)
    run = simulate(desk, T0, T0 + timedelta(hours=8), seed=1, drain=False)
    s = run.summary()
    assert s.censored > 0
    assert s.offered + s.censored == run.size
    censored = [h for h, w in zip(run.histories(), run.waits(), strict=True) if w is None]
    assert len(censored) == s.censored
    assert all(h.first_reply_at() is None and not h.is_resolved() for h in censored)
    for c in run.contacts():
        assert c.solved_at is None or c.solved_at < run.end


# --- arrivals ------------------------------------------------------------------------------


def test_seasonal_profile_is_followed() -> None:
    """Counts per hour class match the profile within 4 Poisson standard deviations."""
    hourly = [2.0] * 8 + [40.0] * 10 + [2.0] * 6
    profile = RateProfile.weekly(hourly, days=[1] * 5 + [0] * 2, tz="Europe/Berlin")
    desk = SupportDesk(agents=30, arrivals=profile, handle_time=60)
    weeks = 20
    run = simulate(desk, T0, T0 + timedelta(weeks=weeks), seed=8)
    tz = profile.tz
    day = night = 0
    for c in run.contacts():
        local = c.arrived_at.astimezone(tz)
        assert local.weekday() < 5  # the weekend has rate 0
        if 8 <= local.hour < 18:
            day += 1
        else:
            night += 1
    # T0 is Monday 00:00 UTC = 01:00 Berlin; the first and last hour differ by the offset,
    # which is within the stated tolerance at 2 arrivals/h.
    expected_day = weeks * 5 * 10 * 40.0
    expected_night = weeks * 5 * 14 * 2.0
    assert abs(day - expected_day) <= 4 * math.sqrt(expected_day) + 4
    assert abs(night - expected_night) <= 4 * math.sqrt(expected_night) + 4


def test_lognormal_handle_times_have_the_stated_mean() -> None:
    rng = random.Random(1)
    d = LogNormal(mean=240, cv=1.2)
    draws = [d.sample(rng) for _ in range(50_000)]
    se = statistics.stdev(draws) / math.sqrt(len(draws))
    assert abs(statistics.fmean(draws) - 240) <= 4 * se


# --- business calendar ---------------------------------------------------------------------


def test_agents_work_only_while_the_calendar_is_open() -> None:
    cal = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"})
    desk = SupportDesk(agents=3, arrivals=12, handle_time=1200, calendar=cal)
    run = simulate(desk, T0, T0 + timedelta(weeks=2), seed=21)
    contacts = run.contacts()
    assert any(not cal.is_open(c.arrived_at) for c in contacts)
    for c in contacts:
        assert c.answered_at is not None
        assert c.solved_at is not None
        assert cal.is_open(c.answered_at)
        # Handling pauses at closing time: the open time it spans is exactly the handle time.
        worked = cal.elapsed(c.answered_at, c.solved_at).total_seconds()
        assert worked == pytest.approx(c.handle, abs=1e-3)
        if not cal.is_open(c.arrived_at):
            assert c.answered_at >= cal.next_open(c.arrived_at)
    s = run.summary()
    assert s.occupancy is not None
    assert 0 < s.occupancy < 1


def test_always_open_calendar_equals_no_calendar() -> None:
    end = T0 + timedelta(hours=30)
    plain = SupportDesk(agents=2, arrivals=10, handle_time=500)
    always = SupportDesk(agents=2, arrivals=10, handle_time=500, calendar=BusinessCalendar.always())
    assert (
        simulate(plain, T0, end, seed=2).contacts() == simulate(always, T0, end, seed=2).contacts()
    )


# --- queue laws on random desks ------------------------------------------------------------


@settings(max_examples=60)
@given(
    agents=st.integers(1, 4),
    rate=st.floats(0, 40),
    aht=st.floats(30, 1200),
    patience=st.none() | st.floats(10, 3000),
    lognormal=st.booleans(),
    drain=st.booleans(),
    seed=st.integers(0, 2**32),
)
def test_fifo_work_conserving_queue_laws(
    agents: int,
    rate: float,
    aht: float,
    patience: float | None,
    lognormal: bool,
    drain: bool,
    seed: int,
) -> None:
    handle = LogNormal(aht, cv=0.8) if lognormal else Exponential(aht)
    desk = SupportDesk(agents=agents, arrivals=rate, handle_time=handle, patience=patience)
    run = simulate(desk, T0, T0 + timedelta(hours=6), seed=seed, drain=drain)
    contacts = run.contacts()
    s = run.summary(within=60, start=T0)
    assert s.offered + s.censored == len(contacts) == len(run.histories())
    assert s.answered + s.abandoned == s.offered
    answered = [c for c in contacts if c.answered_at is not None]
    # FIFO: answers come in arrival order.
    answer_times = [c.answered_at for c in answered if c.answered_at is not None]
    assert answer_times == sorted(answer_times)
    for c in contacts:
        wait = c.wait
        assert wait is None or wait >= 0
        if c.abandoned:
            assert patience is not None
            assert c.answered_at is None
    # Never more than N in service, and nobody waits while an agent is idle.
    for c in contacts:
        t = c.arrived_at
        busy = len([o for o in answered if _in_service(o, t)])
        assert busy <= agents
        if c.wait is None or c.wait > 0:
            assert busy == agents


def _in_service(contact: Contact, t: datetime) -> bool:
    start, end = contact.answered_at, contact.solved_at
    return start is not None and start <= t and (end is None or t < end)


# --- validation ----------------------------------------------------------------------------


def test_invalid_configuration_is_rejected_with_a_path() -> None:
    with pytest.raises(ConfigError, match="agents"):
        SupportDesk(agents=0, arrivals=10, handle_time=60)
    with pytest.raises(InputTypeError):
        SupportDesk(agents=True, arrivals=10, handle_time=60)
    with pytest.raises(ConfigError, match="handle_time"):
        SupportDesk(agents=1, arrivals=10, handle_time=-5)
    with pytest.raises(ConfigError, match="arrivals"):
        SupportDesk(agents=1, arrivals=-1, handle_time=60)
    with pytest.raises(ConfigError, match=r"per_hour"):
        RateProfile((1.0,) * 24)
    with pytest.raises(ConfigError, match=r"per_hour\[3\]"):
        RateProfile((1.0,) * 3 + (math.nan,) + (1.0,) * 164)
    with pytest.raises(ConfigError, match="cv"):
        LogNormal(60, cv=0)
    with pytest.raises(InputTypeError, match="calendar"):
        SupportDesk(agents=1, arrivals=1, handle_time=60, calendar="24/7")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="channel"):
        SupportDesk(agents=1, arrivals=1, handle_time=60, channel="live chat!")
    desk = SupportDesk(agents=1, arrivals=1, handle_time=60)
    with pytest.raises(NaiveDatetimeError):
        simulate(desk, datetime(2026, 1, 5), T0)
    with pytest.raises(ConfigError, match="end"):
        simulate(desk, T0, T0 - timedelta(hours=1))
    with pytest.raises(ConfigError, match="warmup"):
        simulate(desk, T0, T0 + timedelta(hours=1), warmup=timedelta(hours=2))


# --- SLA clocks and goals on simulated histories -------------------------------------------


def _first_reply_policy(seconds: int) -> SLAPolicy:
    return SLAPolicy("chat", {p.value: [Target("first_reply", f"{seconds}s")] for p in Priority})


def test_sla_clocks_run_on_simulated_histories() -> None:
    """A first-reply clock stops at the answer, or when an abandoned contact is closed.

    The SLA module's rule is that resolving a ticket ends its reply clocks, so a customer who
    gave up within T counts as achieved for the SLA, though not for the queue's service level
    (answered within T / offered): both numbers are checked against the contacts.
    """
    desk = SupportDesk(agents=12, arrivals=200, handle_time=180, patience=300)
    run = simulate(desk, T0, T0 + timedelta(hours=12), seed=31)
    policy = _first_reply_policy(20)
    achieved = breached = abandoned_within = 0
    for c, h in zip(run.contacts(), run.histories(), strict=True):
        (m,) = evaluate(policy, h)
        assert m.metric is Metric.FIRST_REPLY
        assert m.started_at == c.arrived_at
        assert m.state.is_final
        assert c.wait is not None
        assert (m.state is MeasurementState.ACHIEVED) == (c.wait <= 20)
        if c.abandoned:
            assert m.stopped_at == c.abandoned_at
            abandoned_within += c.wait <= 20
        else:
            assert m.stopped_at == c.answered_at
        achieved += m.state is MeasurementState.ACHIEVED
        breached += m.state is MeasurementState.BREACHED
    s = run.summary(within=20, start=T0)
    assert s.abandoned > 0
    assert abandoned_within > 0
    assert s.answered_within > 0
    assert achieved == s.answered_within + abandoned_within
    assert achieved + breached == s.offered
    attainment = SLAAttainment.empty().add_many(evaluate_many(policy, run.histories()))
    assert (attainment.achieved, attainment.breached) == (achieved, breached)


def test_a_goal_tracks_simulated_staffing_plans() -> None:
    """Erlang C says 14 agents reach 80 % in 20 s and 12 do not; a SMART goal on the SLA agrees."""
    start, deadline = T0, T0 + timedelta(days=2)
    goal = SmartGoal(
        name="first reply in 20 s for 80 %",
        kpi="sla_attainment",
        comparator=">=",
        target=0.8,
        baseline=0.6,
        objective="answer chats while the customer is still there",
        start=start,
        deadline=deadline,
    )
    policy = _first_reply_policy(20)
    states = {}
    for agents in (12, 14):
        desk = SupportDesk(agents=agents, arrivals=200, handle_time=180)
        run = simulate(desk, T0, T0 + timedelta(hours=24), seed=32)
        blocks: dict[datetime, list[TicketHistory]] = {}
        for h in run.histories():
            hours = (h.created_at - T0) // timedelta(hours=6) * 6
            blocks.setdefault(T0 + timedelta(hours=hours), []).append(h)
        series = {
            t: SLAAttainment.empty().add_many(evaluate_many(policy, hs)).result()
            for t, hs in blocks.items()
        }
        assert len(series) == 4
        states[agents] = goal.evaluate(series, at=T0 + timedelta(hours=24)).status
    assert states[14] is GoalState.ACHIEVED
    assert states[12] is GoalState.AT_RISK


# --- time zones ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime(2026, 3, 28, 12), datetime(2026, 3, 30, 12)),  # spring forward: 47 h
        (datetime(2026, 10, 24, 12), datetime(2026, 10, 26, 12)),  # fall back: 49 h
    ],
)
def test_a_run_given_in_local_time_is_the_same_run_in_utc(start: datetime, end: datetime) -> None:
    """Across a DST change the run covers the real elapsed time and no event lands in a gap."""
    berlin = ZoneInfo("Europe/Berlin")
    cal = BusinessCalendar.weekly("Europe/Berlin", {"mon-sun": ["00:00-01:30", "02:30-24:00"]})
    profile = RateProfile.weekly([12.0] * 24, tz="Europe/Berlin")
    desk = SupportDesk(agents=2, arrivals=profile, handle_time=400, patience=900, calendar=cal)
    t0, t1 = start.replace(tzinfo=berlin), end.replace(tzinfo=berlin)
    local = simulate(desk, t0, t1, seed=3)
    utc = simulate(desk, t0.astimezone(UTC), t1.astimezone(UTC), seed=3)
    assert local.size == utc.size > 400
    assert local.waits() == utc.waits()
    for a, b in zip(local.contacts(), utc.contacts(), strict=True):
        assert a.arrived_at.tzinfo is berlin
        pairs = [(a.arrived_at, b.arrived_at), (a.answered_at, b.answered_at)]
        pairs += [(a.solved_at, b.solved_at), (a.abandoned_at, b.abandoned_at)]
        for x, y in pairs:
            assert (x is None) == (y is None)
            if x is None or y is None:
                continue
            assert x.astimezone(UTC) == y
            assert x.astimezone(UTC).astimezone(berlin) == x  # a real local time, not a gap
            assert cal.is_open(x) or x in (a.arrived_at, a.abandoned_at, a.solved_at)
        assert t0.astimezone(UTC) <= a.arrived_at.astimezone(UTC) < t1.astimezone(UTC)
        assert a.wait is not None
        assert a.wait >= 0
    for h in local.histories():  # canonical: events in order by instant
        assert h.created_at.tzinfo is berlin
    s_local, s_utc = local.summary(60), utc.summary(60)
    assert (s_local.offered, s_local.answered_within, s_local.asa, s_local.occupancy) == (
        s_utc.offered,
        s_utc.answered_within,
        s_utc.asa,
        s_utc.occupancy,
    )


# --- the docs' table -----------------------------------------------------------------------


def test_the_docs_table_of_simulated_against_predicted_is_what_the_script_prints() -> None:
    """docs/staffing.md shows plot_staffing.py's table; every Erlang C value is in its interval."""
    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location(
        "plot_staffing", root / "examples" / "plot_staffing.py"
    )
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    rows = script.run(1000, 2026)
    assert script.table(rows) in (root / "docs" / "staffing.md").read_text(encoding="utf-8")
    for r in rows:
        assert abs(r["sl_sim"] - r["sl_erlang"]) <= r["sl_ci"]
        assert abs(r["asa_sim"] - r["asa_erlang"]) <= r["asa_ci"]
    smallest = min(r["agents"] for r in rows if r["sl_erlang"] >= 0.8)
    assert smallest == 14
