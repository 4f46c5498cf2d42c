"""Kaplan–Meier survival of ticket times (issue 14): laws, literature, lifelines, tickets, docs."""

from __future__ import annotations

import contextlib
import io
import itertools
import math
import pickle
import re
import warnings
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    MergeError,
    NaiveDatetimeError,
    ScaleError,
)
from servicemodel.kpi import (
    Durations,
    FirstReplySurvival,
    FirstReplyTime,
    ResolutionSurvival,
    SurvivalTimes,
    logrank,
)
from servicemodel.model import AgentReply, InternalNote, Reopen, StatusChange, Ticket, TicketHistory
from servicemodel.strategies import aware_datetimes, histories, tickets

ROOT = Path(__file__).resolve().parents[1]
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

# --- strategies -------------------------------------------------------------------------------

TIMES = st.one_of(
    st.integers(min_value=0, max_value=40).map(float),  # many ties
    st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
)
PAIRS = st.lists(st.tuples(TIMES, st.booleans()), max_size=40)
UNCENSORED = st.lists(TIMES, min_size=1, max_size=40)
PERCENTILES = st.sampled_from([1, 10, 25, 33.3, 50, 66.7, 75, 90, 95, 99, 100])
NEAR_T0 = aware_datetimes(min_value=datetime(2026, 3, 1), max_value=datetime(2026, 3, 8))
TICKET_HISTORIES = st.lists(
    histories(tickets=tickets(created_at=NEAR_T0), max_events=8, max_gap=timedelta(days=1)),
    max_size=8,
)
AS_OF = datetime(2026, 3, 6, 12, tzinfo=UTC)


def _pairs(times: list[float], events: list[bool]) -> list[tuple[float, bool]]:
    return list(zip(times, events, strict=True))


def _acc(pairs: list[tuple[float, bool]], **params: Any) -> SurvivalTimes:
    return SurvivalTimes.empty(**params).add_many(pairs)


# --- the conformance suite (run in tests/test_accumulator_protocol.py, one line there) ---------


def _first_reply_empty() -> FirstReplySurvival:
    return FirstReplySurvival.empty(as_of=AS_OF)


def _resolution_empty() -> ResolutionSurvival:
    return ResolutionSurvival.empty(as_of=AS_OF)


CONFORMANCE_CASES = [
    pytest.param(
        SurvivalTimes.empty, PAIRS, SurvivalTimes.empty(unit="min"), True, id="survival-times"
    ),
    pytest.param(
        _first_reply_empty,
        TICKET_HISTORIES,
        FirstReplySurvival.empty(as_of=AS_OF + timedelta(days=1)),
        True,
        id="first-reply-survival",
    ),
    pytest.param(
        _resolution_empty,
        TICKET_HISTORIES,
        ResolutionSurvival.empty(as_of=AS_OF, which="first"),
        True,
        id="resolution-survival",
    ),
]


# --- laws -------------------------------------------------------------------------------------


@given(values=UNCENSORED, q=PERCENTILES)
def test_without_censoring_percentiles_are_the_nearest_rank_ones(
    values: list[float], q: float
) -> None:
    km = _acc([(v, True) for v in values]).result()
    est, why = km.percentile(q)
    assert why is None or "upper" in why
    assert est.value == Durations.empty().add_many(values).percentile(q).value


@given(pairs=PAIRS, data=st.data())
def test_censoring_a_ticket_later_never_lowers_survival_before_its_censoring_time(
    pairs: list[tuple[float, bool]], data: st.DataObject
) -> None:
    censored = [i for i, (_, observed) in enumerate(pairs) if not observed]
    assume(censored)
    i = data.draw(st.sampled_from(censored))
    t = pairs[i][0]
    later = data.draw(st.floats(min_value=t, max_value=2e6, allow_nan=False))
    moved = [*pairs[:i], (later, False), *pairs[i + 1 :]]
    before, after = _acc(pairs).result(), _acc(moved).result()
    for u in sorted({p[0] for p in pairs} | {later}):
        if u < t:
            assert after.survival_at(u) == before.survival_at(u)
        if u < later:
            assert after.survival_at(u) >= before.survival_at(u) - 1e-12


@given(pairs=PAIRS, cuts=st.lists(st.integers(min_value=0, max_value=40), max_size=4))
def test_merging_any_split_equals_one_pass(
    pairs: list[tuple[float, bool]], cuts: list[int]
) -> None:
    bounds = [0, *sorted(min(c, len(pairs)) for c in cuts), len(pairs)]
    parts = [_acc(pairs[a:b]) for a, b in itertools.pairwise(bounds)]
    assert sum(parts) == _acc(pairs)
    assert sum(parts).result() == _acc(pairs).result()


@given(pairs=PAIRS, seed=st.randoms(use_true_random=False))
def test_input_order_does_not_matter(pairs: list[tuple[float, bool]], seed: Any) -> None:
    shuffled = list(pairs)
    seed.shuffle(shuffled)
    assert _acc(shuffled) == _acc(pairs)


@given(pairs=PAIRS)
def test_accumulators_and_results_pickle(pairs: list[tuple[float, bool]]) -> None:
    acc = _acc(pairs, horizon=20)
    assert pickle.loads(pickle.dumps(acc)) == acc
    assert pickle.loads(pickle.dumps(acc.result())) == acc.result()


@given(pairs=PAIRS)
def test_curve_band_and_percentile_intervals_are_ordered(pairs: list[tuple[float, bool]]) -> None:
    km = _acc(pairs, percentiles=(10, 50, 90)).result()
    assert all(a >= b for a, b in zip(km.survival, km.survival[1:], strict=False))
    for lo, s, hi in zip(km.lower, km.survival, km.upper, strict=True):
        assert 0 <= lo <= s <= hi <= 1
    for key in ("p10", "median", "p90"):
        est, why = km[key], km.reason(key) or ""  # an Estimate refuses lower > value itself
        assert (est.value is None) == why.startswith(("the curve stays above", "no observations"))
        if est.value is not None:
            assert est.lower is not None
            assert (est.upper is None) == why.startswith("the band")


@given(values=UNCENSORED)
def test_without_censoring_the_restricted_mean_is_the_mean_and_its_variance_the_plug_in_one(
    values: list[float],
) -> None:
    tau = max(values)
    est, why = _acc([(v, True) for v in values]).result().restricted_mean(tau)
    n = len(values)
    mean = math.fsum(values) / n
    assert why is None
    assert est.value is not None
    assert est.se is not None
    assert est.value == pytest.approx(mean, rel=1e-9, abs=1e-9)
    plug_in = math.fsum((v - mean) ** 2 for v in values) / n**2
    assert est.se**2 == pytest.approx(plug_in, rel=1e-7, abs=1e-9)


def test_a_percentile_the_curve_never_reaches_is_undefined_with_a_reason() -> None:
    km = _acc([(1, True), (2, False), (3, False), (4, False)], percentiles=(20, 50)).result()
    assert km["p20"].value == 1.0
    assert km["median"].value is None
    assert km.reason("median") == (
        "the curve stays above 0.5 (S = 0.75 at 4 s, the last observed time)"
    )
    est, why = km.restricted_mean(10)
    assert est.value is None
    assert why is not None
    assert "beyond the last observed time" in why


def test_a_flat_step_at_exactly_one_minus_p_gives_the_step_start() -> None:
    # S = 0.5 exactly on [2, 3): the median is 2 (R survival would report the midpoint 2.5).
    km = _acc([(1, True), (2, True), (3, True), (4, True)]).result()
    assert km["median"].value == 2.0
    # 12/15 · 7/8 · 5/7 is exactly 1/2, but 0.5000000000000001 as a float product: the exact
    # re-check still finds S(3) <= 0.5, and the curve's value there is the exact 1/2 (a chart
    # of the float product crossed 0.5 one step after the median).
    assert 12 / 15 * (7 / 8) * (5 / 7) > 0.5
    pairs = [(1, True)] * 3 + [(1, False)] * 4 + [(2, True)] + [(3, True)] * 2 + [(9, False)] * 5
    km = _acc(pairs).result()
    assert km.survival[-1] == 0.5
    assert km["median"].value == 3.0


def _first_time_at_or_below(times: tuple[float, ...], band: tuple[float, ...], limit: float) -> Any:
    return next((t for t, b in zip(times, band, strict=True) if b <= limit), None)


@given(pairs=PAIRS, q=PERCENTILES)
def test_a_percentile_interval_inverts_the_band_as_it_is(
    pairs: list[tuple[float, bool]], q: float
) -> None:
    # Brookmeyer & Crowley as lifelines and R survival take it: each limit is the first time
    # its band curve is at or below 1 - q/100, compared as the band is (no tolerance).
    km = _acc(pairs, percentiles=(q,)).result()
    est, _ = km.percentile(q)
    assume(est.value is not None)
    limit = float(1 - Fraction(repr(float(q))) / 100)  # 1 - q/100, rounded once
    assert est.lower == _first_time_at_or_below(km.times, km.lower, limit)
    # The upper curve only where the band is defined (S > 0), as R survival takes it.
    defined = [(t, b) for t, b, s in zip(km.times, km.upper, km.survival, strict=True) if s > 0]
    assert est.upper == _first_time_at_or_below(
        tuple(t for t, _ in defined), tuple(b for _, b in defined), limit
    )


@given(pairs=PAIRS, q=PERCENTILES)
def test_a_percentile_has_no_upper_bound_where_only_s_zero_reaches_it(
    pairs: list[tuple[float, bool]], q: float
) -> None:
    # Where S = 0 nobody is at risk and the band says nothing about the population: its
    # [0, 0] there gave the last time as an upper bound, which covered a true p90 of 10
    # uncensored times in about 65 % of samples at 95 %.
    km = _acc(pairs, percentiles=(q,)).result()
    est, why = km.percentile(q)
    assume(est.value is not None)
    if est.upper is not None:
        assert km.survival_at(est.upper) > 0
    elif km.survival[-1] == 0 and all(
        b > float(1 - Fraction(repr(float(q))) / 100)
        for b, s in zip(km.upper, km.survival, strict=True)
        if s
    ):
        assert why is not None
        assert "where the band is undefined" in why


def test_the_p90_of_ten_uncensored_times_has_no_upper_bound() -> None:
    km = _acc([(float(t), True) for t in range(1, 11)], unit="h").result()
    est = km["p90"]
    assert (est.value, est.lower, est.upper) == (9.0, 7.0, None)
    assert km.reason("p90") == (
        "the band's upper curve stays above 0.1 until S = 0 at 10 h, where the band is "
        "undefined (nobody left at risk), so p90 has no upper bound"
    )


def _exact_steps(pairs: list[tuple[float, bool]]) -> list[tuple[float, int, int, Fraction]]:
    """Kaplan–Meier from its definition, in rational arithmetic: (t, n at risk, d, S(t))."""
    steps, s = [], Fraction(1)
    for t in sorted({t for t, observed in pairs if observed}):
        n = sum(1 for x, _ in pairs if x >= t)
        d = sum(1 for x, observed in pairs if x == t and observed)
        s *= Fraction(n - d, n)
        steps.append((t, n, d, s))
    return steps


@given(pairs=PAIRS, q=PERCENTILES)
def test_a_percentile_is_the_first_time_the_exact_curve_reaches_one_minus_p(
    pairs: list[tuple[float, bool]], q: float
) -> None:
    # With censoring and at exact ties (S = 3/4 on the nose, which lifelines' float product
    # can miss by an ulp), the smallest event time with S(t) <= 1 - q/100, decided exactly.
    target = 1 - Fraction(repr(float(q))) / 100
    exact = next((t for t, _, _, s in _exact_steps(pairs) if s <= target), None)
    assert _acc(pairs, percentiles=(q,)).result().percentile(q)[0].value == exact


@given(pairs=PAIRS, share=st.floats(min_value=0.0, max_value=1.0))
def test_the_restricted_mean_variance_is_klein_and_moeschberger_4_5_2(
    pairs: list[tuple[float, bool]], share: float
) -> None:
    # Σ_{t_i < τ} A_i² d_i / (n_i (n_i - d_i)), A_i = ∫_{t_i}^τ S, from the definition.
    assume(pairs)
    tau = share * max(t for t, _ in pairs)
    steps = _exact_steps(pairs)

    def area(a: float, b: float) -> float:
        level = next((float(s) for t, _, _, s in reversed(steps) if t <= a), 1.0)
        total, since = 0.0, a
        for t, _, _, s in steps:
            if a < t < b:
                total += level * (t - since)
                level, since = float(s), t
        return total + level * (b - since)

    variance = math.fsum(
        area(t, tau) ** 2 * d / (n * (n - d)) for t, n, d, _ in steps if t < tau and n > d
    )
    est, why = _acc(pairs).result().restricted_mean(tau)
    assert why is None
    assert est.value == pytest.approx(area(0.0, tau), rel=1e-9, abs=1e-9)
    assert est.se is not None
    assert est.se**2 == pytest.approx(variance, rel=1e-9, abs=1e-12)


def test_a_band_just_above_one_minus_p_has_not_reached_it() -> None:
    # The exact re-check of S within 1e-9 of 1 - q/100 is for S alone; a lower curve at
    # 0.5000000001 is above 1/2, so the median's lower limit is the next step (as lifelines'
    # median_survival_times and R's quantile.survfit read the band).
    km = _acc([(float(t), True) for t in range(1, 11)], unit="h").result()
    lower = (0.8, 0.7, 0.6, 0.5000000001, 0.4, 0.3, 0.2, 0.1, 0.05, 0.0)
    est, _ = attrs.evolve(km, lower=lower).percentile(50)
    assert (est.lower, est.value) == (5.0, 5.0)


@pytest.mark.parametrize(
    ("item", "error", "match"),
    [
        ((-1, True), ScaleError, "negative duration -1"),
        ((math.nan, True), ScaleError, "NaN"),
        ((math.inf, False), ScaleError, "inf"),
        ((timedelta(seconds=-5), True), ScaleError, "negative duration"),
        ((5, 1), InputTypeError, "observed must be a bool"),
        ((5, None), InputTypeError, "observed must be a bool"),
        (5, InputTypeError, "expected a \\(duration, observed\\) pair"),
        (("5", True), InputTypeError, "'5'"),
        ((True, True), ScaleError, "bool"),
    ],
)
def test_bad_items_are_refused_naming_the_value(item: Any, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        SurvivalTimes.empty().add(item)


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ConfigError, match=r"unit.*'weeks'"):
        SurvivalTimes.empty(unit="weeks")
    with pytest.raises(ConfigError, match="percentile"):
        SurvivalTimes.empty(percentiles=(0,))
    with pytest.raises(ConfigError, match="horizon"):
        SurvivalTimes.empty(horizon=-1)
    with pytest.raises(NaiveDatetimeError, match="as_of"):
        FirstReplySurvival.empty(as_of=datetime(2026, 3, 2))  # type: ignore[arg-type]
    with pytest.raises(MergeError):
        SurvivalTimes.empty(horizon=5) + SurvivalTimes.empty()


def test_timedeltas_and_numbers_in_the_unit_agree() -> None:
    a = SurvivalTimes.empty(unit="min").add_many([(timedelta(minutes=90), True), (30, False)])
    b = SurvivalTimes.empty(unit="min").add_many([(90, True), (timedelta(seconds=1800), False)])
    assert a == b
    assert a.rows == ((30.0, 0, 1), (90.0, 1, 0))


# --- published worked examples ----------------------------------------------------------------

# Freireich et al. (1963), *Blood* 21(6): weeks of remission of leukemia patients, as tabulated
# in Kleinbaum & Klein, *Survival Analysis: A Self-Learning Text* (3rd ed., Springer 2012),
# ch. 1–2 ("remission data"), and in Klein & Moeschberger, *Survival Analysis* (2nd ed.,
# Springer 2003), section 1.2 and Example 4.1 (6-MP group).
MP6_TIMES = [6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35]
MP6_EVENTS = [True] * 9 + [False] * 12
PLACEBO_TIMES = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]


def _mp6() -> SurvivalTimes:
    return SurvivalTimes.empty(unit="d").add_many(_pairs(MP6_TIMES, MP6_EVENTS))


def _placebo() -> SurvivalTimes:
    return SurvivalTimes.empty(unit="d").add_many([(t, True) for t in PLACEBO_TIMES])


def test_6mp_kaplan_meier_table_and_greenwood_errors() -> None:
    km = _mp6().result()
    # Kleinbaum & Klein (2012), ch. 2, KM table for group 1 (columns t(f), n(f), m(f), S(t(f)))
    # and Klein & Moeschberger (2003), Table 4.1B (S and Greenwood standard error).
    assert km.times == (6, 7, 10, 13, 16, 22, 23)
    assert km.at_risk == (21, 17, 15, 12, 11, 7, 6)
    assert km.deaths == (3, 1, 1, 1, 1, 1, 1)
    table_s = (0.8571, 0.8067, 0.7529, 0.6902, 0.6275, 0.5378, 0.4482)
    table_se = (0.0764, 0.0869, 0.0963, 0.1068, 0.1141, 0.1282, 0.1346)
    assert [round(s, 4) for s in km.survival] == list(table_s)
    assert [round(s, 4) for s in km.se] == list(table_se)


def test_6mp_and_placebo_medians() -> None:
    # Kleinbaum & Klein (2012), ch. 2: median remission 23 weeks (6-MP) and 8 weeks (placebo).
    assert _mp6().result()["median"].value == 23
    assert _placebo().result()["median"].value == 8
    # Placebo KM (K&K ch. 2 table for group 2): 0.905 .. 0.048, then 0 at week 23.
    placebo = _placebo().result()
    assert [round(s, 3) for s in placebo.survival] == [
        0.905, 0.810, 0.762, 0.667, 0.571, 0.381, 0.286, 0.190, 0.143, 0.095, 0.048, 0.0
    ]  # fmt: skip


def test_6mp_logrank_test() -> None:
    # Kleinbaum & Klein (2012), ch. 2: O1 = 9, E1 = 19.25, O2 = 21, E2 = 10.75,
    # log-rank statistic 16.79 (chi-square, 1 df), p = 0.000 (R survdiff gives 16.8, p = 4e-5).
    r = logrank(_mp6(), _placebo())
    assert r.observed == (9, 21)
    assert [round(e, 2) for e in r.expected] == [19.25, 10.75]
    assert round(r.statistic, 2) == 16.79
    assert r.p_value == pytest.approx(4.17e-5, rel=1e-2)
    assert logrank(_placebo(), _mp6()).statistic == pytest.approx(r.statistic, rel=1e-12)


# --- agreement with lifelines -----------------------------------------------------------------


def _lifelines() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its own imports' deprecations are not ours
        pytest.importorskip("lifelines")
        import lifelines
        import lifelines.statistics
        import lifelines.utils
    return lifelines


CENSORED = st.lists(
    st.tuples(st.integers(min_value=1, max_value=30).map(float), st.booleans()),
    min_size=2,
    max_size=40,
).filter(lambda ps: any(o for _, o in ps))


def _fit(pairs: list[tuple[float, bool]]) -> Any:
    lifelines = _lifelines()
    times, events = zip(*pairs, strict=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return lifelines.KaplanMeierFitter().fit(list(times), [int(e) for e in events])


@given(pairs=CENSORED)
def test_curve_greenwood_and_loglog_band_agree_with_lifelines(
    pairs: list[tuple[float, bool]],
) -> None:
    kmf = _fit(pairs)
    km = _acc(pairs).result()
    sf = kmf.survival_function_["KM_estimate"]
    ci = kmf.confidence_interval_
    for t, s, lo, hi in zip(km.times, km.survival, km.lower, km.upper, strict=True):
        assert s == pytest.approx(sf.loc[t], rel=1e-9, abs=1e-12)
        assert lo == pytest.approx(ci.iloc[:, 0].loc[t], rel=1e-9, abs=1e-12)
        assert hi == pytest.approx(ci.iloc[:, 1].loc[t], rel=1e-9, abs=1e-12)


@given(pairs=CENSORED)
def test_median_and_its_interval_agree_with_lifelines(pairs: list[tuple[float, bool]]) -> None:
    lifelines = _lifelines()
    kmf = _fit(pairs)
    km = _acc(pairs).result()
    # lifelines compares floats: keep away from S = 0.5 on the nose (its rounding, not ours)
    assume(all(abs(s - 0.5) > 1e-9 for s in km.survival))
    assume(all(abs(b - 0.5) > 1e-9 for b in (*km.lower, *km.upper)))
    est = km["median"]
    expected = kmf.median_survival_time_
    assert (est.value if est.value is not None else math.inf) == expected
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bounds = lifelines.utils.median_survival_times(kmf.confidence_interval_)
    lo, hi = bounds.iloc[0, 0], bounds.iloc[0, 1]
    if est.value is not None:
        assert (est.lower if est.lower is not None else math.inf) == lo
        # lifelines reads the band as [0, 0] where S = 0 and so takes the last time as the
        # upper limit; that is the one place the libraries differ (no upper limit here).
        if est.upper is None and km.survival[-1] == 0 and hi == km.times[-1]:
            return
        assert (est.upper if est.upper is not None else math.inf) == hi


@given(pairs=CENSORED, share=st.floats(min_value=0.05, max_value=1.0))
def test_restricted_mean_agrees_with_lifelines(
    pairs: list[tuple[float, bool]], share: float
) -> None:
    lifelines = _lifelines()
    tau = share * max(t for t, _ in pairs)
    est, why = _acc(pairs).result().restricted_mean(tau)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = lifelines.utils.restricted_mean_survival_time(_fit(pairs), t=tau)
    assert why is None
    assert est.value == pytest.approx(expected, rel=1e-9, abs=1e-9)


@given(a=CENSORED, b=CENSORED)
def test_logrank_agrees_with_lifelines(
    a: list[tuple[float, bool]], b: list[tuple[float, bool]]
) -> None:
    lifelines = _lifelines()
    ta, ea = zip(*a, strict=True)
    tb, eb = zip(*b, strict=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = lifelines.statistics.logrank_test(ta, tb, ea, eb)
    r = logrank(_acc(a), _acc(b))
    assert r.statistic == pytest.approx(expected.test_statistic, rel=1e-9, abs=1e-12)
    assert r.p_value == pytest.approx(expected.p_value, rel=1e-9, abs=1e-12)


# --- ticket clocks ----------------------------------------------------------------------------


def _history(tid: str, created: datetime, *events: Any) -> TicketHistory:
    return TicketHistory(Ticket(tid, created), list(events))


def test_first_reply_censors_open_tickets_at_as_of_and_ignores_later_events() -> None:
    as_of = T0 + timedelta(hours=3)
    hs = [
        _history("a", T0, AgentReply("r", T0 + timedelta(minutes=30))),
        _history("b", T0, InternalNote("n", T0 + timedelta(minutes=5))),  # no reply: censored
        _history("c", T0, AgentReply("r", T0 + timedelta(hours=5))),  # replied after as_of
        _history("d", T0 + timedelta(hours=4)),  # created after as_of
    ]
    acc = FirstReplySurvival.empty(as_of=as_of).add_many(hs)
    assert acc.times.rows == ((30.0, 1, 0), (180.0, 0, 2))
    assert acc.not_created == 1
    assert acc.n == 3


def test_censoring_time_is_measured_in_utc_across_a_dst_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    created = datetime(2026, 3, 28, 12, tzinfo=berlin)  # the night after has 23 hours
    as_of = datetime(2026, 3, 29, 12, tzinfo=berlin)
    pair = FirstReplySurvival.empty(as_of=as_of).pair(_history("t", created))
    assert pair == (timedelta(hours=23), False)


def test_resolution_full_and_first_as_of() -> None:
    h = _history(
        "t",
        T0,
        StatusChange("s1", T0 + timedelta(hours=2), status="solved"),
        Reopen("o", T0 + timedelta(hours=5)),
        StatusChange("s2", T0 + timedelta(hours=8), status="solved"),
    )
    full = ResolutionSurvival.empty
    assert full(as_of=T0 + timedelta(hours=3)).pair(h) == (timedelta(hours=2), True)
    assert full(as_of=T0 + timedelta(hours=6)).pair(h) == (timedelta(hours=6), False)
    assert full(as_of=T0 + timedelta(hours=9)).pair(h) == (timedelta(hours=8), True)
    first = ResolutionSurvival.empty(as_of=T0 + timedelta(hours=6), which="first")
    assert first.pair(h) == (timedelta(hours=2), True)


class _HalfTime:
    """A calendar open half of every hour (for checking that elapsed() is what counts)."""

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        return (b.astimezone(UTC) - a.astimezone(UTC)) / 2

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _HalfTime)

    def __hash__(self) -> int:
        return 0


def test_business_time_comes_from_the_calendar() -> None:
    acc = FirstReplySurvival.empty(as_of=T0 + timedelta(hours=4), calendar=_HalfTime())
    acc = acc.add_many(
        [_history("a", T0, AgentReply("r", T0 + timedelta(hours=1))), _history("b", T0)]
    )
    assert acc.times.rows == ((30.0, 1, 0), (120.0, 0, 1))
    assert acc.times.metric == "first reply time (business)"


REPLIED = histories(min_events=2, max_events=4, kinds=["agent_reply", "internal_note"])


@given(hs=st.lists(REPLIED, min_size=1, max_size=12))
def test_with_every_ticket_replied_by_as_of_km_equals_the_finished_only_percentiles(
    hs: list[TicketHistory],
) -> None:
    assume(all(h.first_reply_at() is not None for h in hs))
    as_of = datetime(2040, 1, 1, tzinfo=UTC)
    km = FirstReplySurvival.empty(as_of=as_of).add_many(hs).result()
    finished = FirstReplyTime.empty().add_many(hs).result()
    assert km.censored == 0
    assert km["median"].value == pytest.approx(finished["median"].value, rel=1e-12)
    assert km["p90"].value == pytest.approx(finished["p90"].value, rel=1e-12)


def test_dask_folds_the_ticket_clock() -> None:
    dask = pytest.importorskip("dask")
    import dask.bag as db

    from servicemodel.dask import accumulate

    hs = [
        _history(f"T{i}", T0, AgentReply("r", T0 + timedelta(minutes=7 * i))) for i in range(1, 30)
    ] + [_history("open", T0)]
    empty = FirstReplySurvival.empty(as_of=T0 + timedelta(hours=3))
    with dask.config.set(scheduler="sync"):
        folded = accumulate(db.from_sequence(hs, npartitions=4), empty)
    assert folded == empty.add_many(hs)


# --- docs/survival.md -------------------------------------------------------------------------

PAGE = (ROOT / "docs" / "survival.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", PAGE, re.S)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_docs_block_prints_what_its_comments_say(block: str) -> None:
    expected = [
        line.split("# ", 1)[1].strip()
        for line in block.splitlines()
        if line.lstrip().startswith("print(") and "# " in line
    ]
    out = io.StringIO()
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out):
        exec(compile(block, "survival.md", "exec"), {"__name__": "docs"})
    assert [line.strip() for line in out.getvalue().splitlines()] == expected
