"""A right-typed value not allowed is a ConfigError; a value of the wrong type an InputTypeError.

The rule of ``servicemodel.errors``: a number out of range, a count too large, a text that is
not one of the allowed words, or values that contradict each other raise ``ConfigError`` (a
``ValueError``); something of the wrong type raises ``InputTypeError`` (a ``TypeError``).
These sites raised ``InputTypeError`` for both. Each case here says which error a call gives
and checks that the message names the value it refused.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _samples import sample_gap
from servicemodel._config import safe_repr
from servicemodel._numbers import as_count, check_count, count_field, count_value, whole_number
from servicemodel.calendar import BusinessCalendar
from servicemodel.calendar._algebra import MAX_NESTING, MAX_PARTS, CombinedCalendar
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.feedback import (
    ChannelMix,
    ThemeCounts,
    channel_shift,
    chi_square_sf,
    difference_interval,
    theme_changes,
    two_proportion_test,
)
from servicemodel.kpi import (
    CSAT,
    NPS,
    Durations,
    Estimate,
    SurvivalTimes,
    as_timedelta,
    churn_rate,
    compare,
    customer_lifetime_value,
    lifetime_value_from_orders,
    mean_estimate,
    nps_interval,
    proportion,
    ratio_estimate,
    retention_rate,
    wilson_interval,
)
from servicemodel.kpi._intervals import check_fraction, check_level
from servicemodel.model import Priority
from servicemodel.qa import (
    Criterion,
    Evaluation,
    QAScores,
    Scale,
    Scorecard,
    Section,
    cohen_kappa,
    krippendorff_alpha,
    score,
)
from servicemodel.report import ReportOptions
from servicemodel.report._labels import UnseenLabel
from servicemodel.simulate import SupportDesk, simulate
from servicemodel.sla import Metric, SLAPolicy, Target
from servicemodel.sla._partial import SLALeftOut
from servicemodel.standards import shortfall, verdict

LIMIT = 2**53
BIG = LIMIT + 1

CARD = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
SCORED = score(CARD, Evaluation("T1", "ann", "rob", datetime(2026, 3, 2, tzinfo=UTC), {"tone": 5}))
POLICY = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
UNITS = [[x, x % 3 + 1, None] for x in (1, 2, 3, 1, 2, 3, 3, 2, 1, 1)]
CURVE = SurvivalTimes.empty().add_many([(t, True) for t in range(1, 11)]).result()
A = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
B = BusinessCalendar.weekly("Asia/Tokyo", {"mon-fri": "09:00-17:00"})
_BEFORE = ThemeCounts(selector="tags", n=10, counts={"bug": 2})
_AFTER = ThemeCounts(selector="tags", n=10, counts={"bug": 6})
_MIX = ChannelMix(n=10, counts={"chat": 6, "email": 4})
_MIX2 = ChannelMix(n=10, counts={"chat": 3, "email": 7})


def _nested(levels: int) -> Any:
    cal: Any = A
    for i in range(levels):
        cal = (cal | B) if i % 2 else (cal & B)
    return cal


def _doubled(times: int) -> Any:
    cal: Any = A
    for _ in range(times):
        cal = cal | cal
    return cal


def _entry(n: Any) -> tuple[Any, ...]:
    return (Metric.FIRST_REPLY, Priority.NORMAL, n, frozenset({"replies"}))


#: Right-typed values not allowed: the call and the text its ConfigError must hold (the value).
NOT_ALLOWED: dict[str, tuple[Callable[[], Any], str]] = {
    # counts past 2**53
    "Estimate.n": (lambda: Estimate("x", None, BIG), str(BIG)),
    "Estimate.missing": (lambda: Estimate("x", None, 0, missing=BIG), str(BIG)),
    "proportion n": (lambda: proportion(0, BIG), f"n must be a count up to 2**53, got {BIG}"),
    "mean_estimate n": (lambda: mean_estimate(BIG, 1.0, 1.0), f"got {BIG}"),
    "ratio_estimate sum": (lambda: ratio_estimate(LIMIT, 1, metric="r"), f"got {LIMIT} + 1"),
    "churn_rate start": (
        lambda: churn_rate(start=BIG, lost=0),
        f"start must be a count up to 2**53, got {BIG}",
    ),
    "retention_rate new": (lambda: retention_rate(start=1, end=1, new=BIG), f"got {BIG}"),
    "difference_interval n1": (
        lambda: difference_interval(1, BIG, 1, 2),
        f"n1 must be a count up to 2**53, got {BIG}",
    ),
    # an Estimate's numbers
    "Estimate value nan": (lambda: Estimate("x", math.nan, 3), "nan is not a finite number"),
    "Estimate lower inf": (lambda: Estimate("x", 1.0, 3, lower=-math.inf), "-inf is not a finite"),
    "Estimate value huge int": (lambda: Estimate("x", 10**400, 3), "<int of about 401 digits>"),
    "proportion successes over n": (lambda: proportion(3, 2), "got 3 of 2"),
    # outcomes
    "clv margin nan": (
        lambda: customer_lifetime_value(margin=math.nan, retention=0.5, discount=0.1),
        "margin: NaN (nan)",
    ),
    "clv beyond floats": (
        lambda: customer_lifetime_value(margin=1.7e308, retention=0.99, discount=0.0),
        "m=1.7e+308",
    ),
    "orders lifespan inf": (
        lambda: lifetime_value_from_orders(
            average_order_value=1.0, purchase_frequency=1.0, lifespan=math.inf
        ),
        "lifespan: inf",
    ),
    # chi-square statistic past the float range
    "chi_square_sf statistic": (lambda: chi_square_sf(10**400, 1), "<int of about 401 digits>"),
    # qa
    "ScoredEvaluation score": (
        lambda: _scored_with(Fraction(201, 2)),
        "exact_score: expected an exact score (Fraction) in 0..100, got Fraction(201, 2)",
    ),
    "ScoredEvaluation negative": (lambda: _scored_with(-1), "in 0..100, got -1"),
    "krippendorff resamples": (
        lambda: krippendorff_alpha(UNITS, resamples=10**6 + 1),
        "resamples must be an int in 0..1000000, got 1000001",
    ),
    "QAScores passed": (lambda: QAScores(CARD, n=1, passed=2), "at most n=1, got 2 and 0"),
    "QAScores score_sum": (
        lambda: QAScores(CARD, n=1, passed=1, score_sum=Fraction(101)),
        "got Fraction(101, 1) and Fraction(0, 1)",
    ),
    # survey accumulators
    "CSAT statistic": (
        lambda: CSAT.empty().add(5).result(statistic="median"),  # type: ignore[arg-type]
        "statistic must be 'mean' or 'share', got 'median'",
    ),
    "CSAT end too far": (lambda: CSAT.empty(high=10**12), "got 1000000000000"),
    "CSAT low >= high": (lambda: CSAT.empty(low=5, high=5), "low < high, got 5..5"),
    "CSAT points": (lambda: CSAT.empty(low=1, high=2000), "CSAT scale 1..2000 has more than"),
    "CSAT satisfied_from": (lambda: CSAT.empty(satisfied_from=1), "satisfied_from=1"),
    # survival
    "percentile 0": (lambda: CURVE.percentile(0), "percentile must be in (0, 100], got 0"),
    "percentile nan": (lambda: CURVE.percentile(math.nan), "percentile: NaN (nan)"),
    "percentiles field": (lambda: SurvivalTimes.empty(percentiles=[150]), "got 150"),
    "horizon negative": (lambda: CURVE.restricted_mean(-1.5), "horizon must be >= 0, got -1.5"),
    "horizon field": (lambda: SurvivalTimes.empty(horizon=-2), "horizon must be >= 0, got -2"),
    "horizon inf": (lambda: SurvivalTimes.empty(horizon=math.inf), "horizon: inf"),
    "survival unit": (lambda: SurvivalTimes.empty(unit="weeks"), "got 'weeks'"),
    # blueprint, standards
    "Gap shortfall nan": (lambda: sample_gap(shortfall=math.nan), "Gap.shortfall: nan"),
    "Gap source": (lambda: sample_gap(source="survey"), "source: expected one of"),
    "comparator word": (lambda: shortfall(1.0, "=>", 2.0, None), "got '=>'"),
    "verdict comparator": (lambda: verdict(Estimate("x", 1.0, 3), "==", 2.0), "got '=='"),
    "shortfall no room": (lambda: shortfall(1.0, ">=", 2.0, 2.0), "a threshold of 2.0 leaves"),
    # sla
    "SLALeftOut count 0": (
        lambda: SLALeftOut(POLICY, entries=[_entry(0)]),
        "entries[0]: expected a count (int >= 1), got 0",
    ),
    "SLALeftOut twice": (
        lambda: SLALeftOut(POLICY, entries=[_entry(1), _entry(2)]),
        "entries[1]: first_reply at normal is given twice",
    ),
    # calendar algebra
    "calendar nesting": (
        lambda: _nested(MAX_NESTING) & A,
        f"at most {MAX_NESTING} levels deep, got 33",
    ),
    "calendar parts": (lambda: _doubled(14), f"at most {MAX_PARTS:,} calendars in all"),
    # durations
    "Durations exact with buckets": (lambda: Durations(zeros=2), "zeros=2"),
    "Durations sketch with values": (
        lambda: Durations(sketch=True, values=(4.5,)),
        "keeps no values, got 1 value(s) such as 4.5",
    ),
    "Durations timedelta unit": (
        lambda: Durations.empty(unit="tickets").add(timedelta(1)),
        "got 'tickets'",
    ),
    "as_timedelta unit": (lambda: as_timedelta(1.0, "weeks"), "unit 'weeks' is not a time unit"),
    # feedback accumulators
    "ChannelMix counts": (lambda: ChannelMix(n=3, counts={"chat": 2}), "n=3, got (('chat', 2),)"),
    "ThemeCounts counts": (
        lambda: ThemeCounts(selector="tags", n=3, counts={"bug": 5}),
        "'bug' has 5 tickets",
    ),
    # report options
    "partial_open_share 0": (lambda: ReportOptions(partial_open_share=0), "(0, 1], got 0"),
    "partial_open_share nan": (lambda: ReportOptions(partial_open_share=math.nan), "got nan"),
    "reconcile_tolerance": (
        lambda: ReportOptions(reconcile_tolerance=timedelta(seconds=-1)),
        "got datetime.timedelta(days=-1, seconds=86399)",
    ),
    "ticket_metrics_places": (
        lambda: ReportOptions(ticket_metrics=[{}], ticket_metrics_places=[("f", "p", 1)] * 2),
        "items of ticket_metrics, or none, got 2",
    ),
    "UnseenLabel where": (
        lambda: UnseenLabel("desk", "priority", "p1", ("P1",)),  # type: ignore[arg-type]
        "where: expected one of ['pause', 'targets'], got 'priority'",
    ),
    # fractions strictly between 0 and 1
    "fdr": (lambda: theme_changes(_BEFORE, _AFTER, fdr=1.5), "fdr must be a number strictly"),
    "alpha": (lambda: channel_shift([_MIX, _MIX2], alpha=0), "got 0"),
}


#: Values of the wrong type at the same sites: an InputTypeError naming the value.
WRONG_TYPE: dict[str, tuple[Callable[[], Any], str]] = {
    "Estimate value text": (lambda: Estimate("x", "1.0", 3), "str '1.0'"),  # type: ignore[arg-type]
    "clv margin text": (
        lambda: customer_lifetime_value(margin="1", retention=0.5, discount=0.1),  # type: ignore[arg-type]
        "str '1'",
    ),
    "chi_square_sf statistic text": (lambda: chi_square_sf("1", 1), "'1'"),  # type: ignore[arg-type]
    "ScoredEvaluation float": (lambda: _scored_with(50.0), "float 50.0"),
    "krippendorff resamples float": (
        lambda: krippendorff_alpha(UNITS, resamples=50.0),  # type: ignore[arg-type]
        "got float 50.0",
    ),
    "CSAT statistic number": (
        lambda: CSAT.empty().add(5).result(statistic=1),  # type: ignore[arg-type]
        "got int 1",
    ),
    "percentile text": (lambda: CURVE.percentile("50"), "'50'"),  # type: ignore[arg-type]
    "percentile bool": (lambda: CURVE.percentile(True), "a bool is not a number, got True"),
    "horizon bool": (lambda: SurvivalTimes.empty(horizon=True), "a bool is not a number"),
    "survival unit number": (lambda: SurvivalTimes.empty(unit=60), "got int 60"),  # type: ignore[arg-type]
    "Gap source number": (lambda: sample_gap(source=1), "source"),
    "comparator number": (lambda: shortfall(1.0, 5, 2.0, None), "got int 5"),  # type: ignore[arg-type]
    "SLALeftOut count float": (
        lambda: SLALeftOut(POLICY, entries=[_entry(1.0)]),
        "got float 1.0",
    ),
    "as_timedelta unit number": (lambda: as_timedelta(1.0, 60), "unit int 60"),  # type: ignore[arg-type]
    "partial_open_share text": (lambda: ReportOptions(partial_open_share="0.5"), "str '0.5'"),  # type: ignore[arg-type]
    "partial_open_share bool": (lambda: ReportOptions(partial_open_share=True), "bool True"),
    "reconcile_tolerance seconds": (
        lambda: ReportOptions(reconcile_tolerance=60),  # type: ignore[arg-type]
        "got int 60",
    ),
    "UnseenLabel where number": (
        lambda: UnseenLabel("desk", 1, "p1", ("P1",)),  # type: ignore[arg-type]
        "got int 1",
    ),
    "fdr text": (lambda: theme_changes(_BEFORE, _AFTER, fdr="0.05"), "str '0.05'"),  # type: ignore[arg-type]
    "alpha bool": (lambda: channel_shift([_MIX, _MIX2], alpha=True), "bool True"),
}


def _scored_with(exact_score: Any) -> Any:
    """A ScoredEvaluation as ``score`` makes one, with ``exact_score`` in its place."""
    import attrs

    return attrs.evolve(SCORED, exact_score=exact_score)


@pytest.mark.parametrize("site", sorted(NOT_ALLOWED))
def test_a_right_typed_value_not_allowed_is_a_config_error_naming_it(site: str) -> None:
    call, shown = NOT_ALLOWED[site]
    with pytest.raises(ConfigError) as info:
        call()
    assert isinstance(info.value, ValueError)
    assert not isinstance(info.value, TypeError)
    assert shown in str(info.value)


@pytest.mark.parametrize("site", sorted(WRONG_TYPE))
def test_a_value_of_the_wrong_type_stays_an_input_type_error_naming_it(site: str) -> None:
    call, shown = WRONG_TYPE[site]
    with pytest.raises(InputTypeError) as info:
        call()
    assert isinstance(info.value, TypeError)
    assert not isinstance(info.value, ValueError)
    assert shown in str(info.value)


def test_dask_split_every_below_2_is_a_config_error_and_no_int_an_input_type_error() -> None:
    pytest.importorskip("dask")
    from servicemodel.dask import accumulate

    with pytest.raises(ConfigError, match=r"^split_every must be an int ≥ 2, got 1$"):
        accumulate([5, 4], CSAT.empty(), split_every=1)
    with pytest.raises(InputTypeError, match=r"^split_every must be an int ≥ 2, got float 2\.0$"):
        accumulate([5, 4], CSAT.empty(), split_every=2.0)  # type: ignore[arg-type]


# --- properties ------------------------------------------------------------------------------

#: Count arguments read by their callers' own names, each given one count.
COUNTS: dict[str, Callable[[int], Any]] = {
    "proportion n": lambda k: proportion(0, k),
    "proportion missing": lambda k: proportion(0, 1, missing=k),
    "Estimate n": lambda k: Estimate("x", None, k),
    "mean_estimate missing": lambda k: mean_estimate(2, 1.0, 1.0, missing=k),
    "churn_rate start": lambda k: churn_rate(start=k, lost=0),
    "difference_interval n2": lambda k: difference_interval(1, 2, 0, k),
}


@pytest.mark.parametrize("site", sorted(COUNTS))
@given(big=st.integers(LIMIT + 1, 2**200))
def test_any_count_past_2_53_is_a_config_error_naming_it(site: str, big: int) -> None:
    with pytest.raises(ConfigError) as info:
        COUNTS[site](big)
    assert safe_repr(big) in str(info.value)


@pytest.mark.parametrize("site", sorted(COUNTS))
@given(count=st.integers(1, LIMIT))
def test_any_count_up_to_2_53_is_accepted(site: str, count: int) -> None:
    COUNTS[site](count)  # raises nothing


@given(successes=st.integers(0, LIMIT), n=st.integers(0, LIMIT))
def test_proportion_refuses_successes_over_n_and_takes_the_rest(successes: int, n: int) -> None:
    if successes <= n:
        assert proportion(successes, n).n == n
        return
    with pytest.raises(ConfigError) as info:
        proportion(successes, n)
    assert f"got {successes} of {n}" in str(info.value)


@given(st.fractions() | st.integers(-(10**6), 10**6))
def test_an_exact_score_is_kept_in_0_100_and_refused_as_a_config_error_outside(x: Any) -> None:
    if 0 <= x <= 100:
        assert _scored_with(x).exact_score == x
        return
    with pytest.raises(ConfigError) as info:
        _scored_with(x)
    assert safe_repr(x) in str(info.value)


@given(st.floats() | st.integers(-3, 3) | st.fractions())
def test_level_fdr_and_alpha_are_checked_by_one_rule_in_the_same_words(x: Any) -> None:
    # The three fractions are read by check_fraction: a number accepted by one is accepted by
    # all, a number refused by one is refused by all, each naming itself and the value.
    calls: dict[str, Callable[[], Any]] = {
        "level": lambda: check_level(x),
        "fdr": lambda: theme_changes(_BEFORE, _AFTER, fdr=x),
        "alpha": lambda: channel_shift([_MIX, _MIX2], alpha=x),
    }
    # A Fraction is a number as an int or a float is (the one rule of number parameters),
    # read as its float.
    f = float(x)
    if 0 < f < 1 and 0.5 + f / 2 < 1:
        assert check_fraction(x, "alpha") == f
        for call in calls.values():
            call()
        return
    if 0 < f < 1:  # a level too close to 1 for a critical value; fdr and alpha take it
        assert check_fraction(x, "fdr") == f
        return
    for name, call in calls.items():
        with pytest.raises(ConfigError) as refused:
            call()
        assert str(refused.value).startswith(
            f"{name} must be a number strictly between 0 and 1, got {safe_repr(x)}"
        )


# --- counts: the shared readers and the sites that check counts themselves -------------------

#: Public count arguments (the readers in ``_numbers`` and the sites with their own check),
#: each given one value, with the name its refusal shows.
COUNT_ARGUMENTS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "proportion successes": (lambda k: proportion(k, 2**60 // 2**8), "successes"),
    "proportion n": (lambda k: proportion(0, k), "n"),
    "proportion missing": (lambda k: proportion(0, 1, missing=k), "missing"),
    "wilson_interval successes": (lambda k: wilson_interval(k, 2**52), "successes"),
    "wilson_interval n": (lambda k: wilson_interval(0, k), "n"),
    "nps_interval promoters": (lambda k: nps_interval(k, 0, 2**52), "promoters"),
    "nps_interval n": (lambda k: nps_interval(0, 0, k), "n"),
    "Estimate n": (lambda k: Estimate("x", None, k), "n"),
    "mean_estimate missing": (lambda k: mean_estimate(2, 1.0, 1.0, missing=k), "missing"),
    "churn_rate start": (lambda k: churn_rate(start=k, lost=0), "start"),
    "retention_rate start": (lambda k: retention_rate(start=k, end=0, new=0), "start"),
    "ratio_estimate denominator": (lambda k: ratio_estimate(0, k, metric="r"), "denominator"),
    "difference_interval n2": (lambda k: difference_interval(1, 2, 0, k), "n2"),
    "two_proportion_test x1": (lambda k: two_proportion_test(k, 2**52, 0, 1), "x1"),
    "NPS missing": (lambda k: NPS(missing=k), "missing"),
    "NPS counts[0]": (lambda k: NPS(counts=(k,) + (0,) * 10), "counts[0]"),
    "Durations count": (lambda k: Durations(count=k), "count"),
    "ReportOptions reconcile_listed": (
        lambda k: ReportOptions(reconcile_listed=k),
        "reconcile_listed",
    ),
    "SupportDesk agents": (lambda k: SupportDesk(agents=k, arrivals=4, handle_time=300), "agents"),
}

#: Numbers of a count's type whose value is no count.
NO_COUNT_NUMBERS = st.one_of(
    st.integers(max_value=-1),
    st.integers(-(2**63), -1).map(np.int64),
    st.integers(-(2**53), -1).map(float),
    st.floats(-1e15, 1e15).filter(lambda x: not x.is_integer()),
    st.sampled_from([math.nan, np.float64("nan"), math.inf, -math.inf]),
)


@pytest.mark.parametrize("site", sorted(COUNT_ARGUMENTS))
@given(bad=NO_COUNT_NUMBERS)
def test_a_number_that_is_no_count_is_a_config_error_naming_it(site: str, bad: Any) -> None:
    # negative, fractional, NaN or infinite: of a count's type (an int, a float, a numpy
    # number), with a value not allowed. proportion(-1, 2) and wilson_interval(-1, 2) agree.
    call, name = COUNT_ARGUMENTS[site]
    with pytest.raises(ConfigError) as info:
        call(bad)
    assert isinstance(info.value, ValueError)
    assert not isinstance(info.value, TypeError)
    text = str(info.value)
    assert name in text
    if not math.isfinite(bad):
        assert str(float(bad)) in text  # nan, inf, -inf
    elif float(bad).is_integer():
        assert str(int(bad)) in text  # -2 (a site's own check) or -2.0 (a count reader)
    else:
        assert safe_repr(bad) in text


@pytest.mark.parametrize("site", sorted(COUNT_ARGUMENTS))
@pytest.mark.parametrize("bad", [True, False, np.True_, "3", None], ids=repr)
def test_a_bool_or_text_for_a_count_is_an_input_type_error_naming_it(site: str, bad: Any) -> None:
    call, name = COUNT_ARGUMENTS[site]
    with pytest.raises(InputTypeError) as info:
        call(bad)
    assert isinstance(info.value, TypeError)
    assert not isinstance(info.value, ValueError)
    assert name in str(info.value)
    assert safe_repr(bad) in str(info.value)


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (-1, ConfigError),
        (np.int64(-1), ConfigError),
        (2.5, ConfigError),
        (True, InputTypeError),
        (math.nan, ConfigError),
        (Decimal("-1"), ConfigError),
        ("1", InputTypeError),
    ],
    ids=repr,
)
def test_the_count_readers_agree(bad: Any, error: type[Exception]) -> None:
    # as_count (an argument), check_count (a value held), count_field (a stored field) and
    # whole_number give one error for one value.
    import attrs

    @attrs.frozen
    class Tally:
        n: int = attrs.field(converter=count_value, validator=count_field)

    for read in (
        lambda: as_count(bad, "n"),
        lambda: check_count(bad, "n"),
        lambda: Tally(bad),
        lambda: proportion(bad, 2),
        lambda: wilson_interval(bad, 2),
    ):
        with pytest.raises(error):
            read()
    if not (isinstance(bad, int | np.integer | Decimal) and not isinstance(bad, bool)):
        with pytest.raises(error, match=r"^n must be a whole number, got "):
            whole_number(bad, "n")


# --- real(), and value conditions that were type errors ---------------------------------------


def test_real_splits_a_wrong_type_from_a_value_not_allowed() -> None:
    import attrs

    from servicemodel._validators import real

    @attrs.frozen
    class Run:
        warmup: float = attrs.field(validator=real())

    with pytest.raises(ConfigError, match=r"^warmup: np\.float64\(nan\) is not a number \(NaN\)$"):
        Run(np.float64("nan"))
    with pytest.raises(ConfigError, match=r"^warmup: <int of about 401 digits> is beyond the "):
        Run(10**400)
    with pytest.raises(InputTypeError, match=r"^warmup: Decimal\('NaN'\) is not a number"):
        Run(Decimal("NaN"))  # type: ignore[arg-type]  # a Decimal is no int or float, whatever it holds
    with pytest.raises(InputTypeError, match=r"^warmup: expected int or float, got str '1'$"):
        Run("1")  # type: ignore[arg-type]


VALUE_CONDITIONS: dict[str, tuple[Callable[[], Any], str]] = {
    "compare units": (
        lambda: compare(proportion(1, 2), NPS.empty().add(9)),
        "cannot compare 'share' with 'points' estimates",
    ),
    "compare parameters": (
        lambda: compare(CSAT.empty().add(5), CSAT.empty(high=7).add(5)),
        "different parameters: high 5 vs 7",
    ),
    "compare no se": (
        lambda: compare(NPS.empty(), NPS.empty().add(9)),
        "a value and a standard error on both sides",
    ),
    "cohen_kappa lengths": (
        lambda: cohen_kappa(["a"], ["a", "b"]),
        "got 1 and 2 ratings",
    ),
    "weighted kappa NaN label": (
        lambda: cohen_kappa([1.0, math.nan], [1.0, 2.0], weights="linear"),
        "got nan",
    ),
    "CombinedCalendar one operand": (
        lambda: CombinedCalendar("union", (A,)),
        "a union needs two operands, got 1",
    ),
    "CombinedCalendar three for a difference": (
        lambda: CombinedCalendar("difference", (A, B, A)),
        "a difference needs two operands, got 3",
    ),
    "NPS counts of another length": (
        lambda: NPS(counts=(1, 2)),
        "counts must have 11 entries for the scale 0..10, got 2",
    ),
    "survival row negative time": (
        lambda: _survival_rows([(-1.0, 1, 0)]),
        "(-1.0, 1, 0)",
    ),
    "survival row NaN time": (
        lambda: _survival_rows([(math.nan, 1, 0)]),
        "(nan, 1, 0)",
    ),
    "survival row negative count": (
        lambda: _survival_rows([(1.0, -1, 0)]),
        "(1.0, -1, 0)",
    ),
    "simulate offsets not finite": (
        lambda: _run_with_offsets(math.inf),
        "expected finite numbers, got float inf",
    ),
    "simulate offsets of another length": (
        lambda: _run_with_offsets(None, length=0),
        "a value per arrival",
    ),
}

VALUE_CONDITIONS_WRONG_TYPE: dict[str, tuple[Callable[[], Any], str]] = {
    "compare no estimate": (lambda: compare(1, 2), "compare needs Estimates or accumulators"),
    "weighted kappa text label": (
        lambda: cohen_kappa(["a", "b"], ["a", "b"], weights="linear"),
        "needs ordered categories",
    ),
    "survival row no tuple": (lambda: _survival_rows([[1.0, 1, 0]]), "list [1.0, 1, 0]"),
    "survival row bool count": (lambda: _survival_rows([(1.0, True, 0)]), "(1.0, True, 0)"),
    "simulate offsets text": (lambda: _run_with_offsets("1"), "got str '1'"),
}


def _survival_rows(rows: list[Any]) -> Any:
    """A survival accumulator holding ``rows`` in place of its own."""
    import attrs

    return attrs.evolve(SurvivalTimes.empty(), rows=tuple(rows))


def _run_with_offsets(offset: Any, *, length: int | None = None) -> Any:
    """A short run whose first contact's answer offset is ``offset`` (or a tuple of ``length``)."""
    import attrs

    run = simulate(
        SupportDesk(agents=2, arrivals=30, handle_time=300),
        datetime(2026, 3, 2, 9, tzinfo=UTC),
        datetime(2026, 3, 2, 10, tzinfo=UTC),
        seed=1,
    )
    n = len(run._arrive)
    assert n > 0
    if length is not None:
        return attrs.evolve(run, answer=tuple([0.0] * length))
    return attrs.evolve(run, answer=(offset, *run._answer[1:]))


@pytest.mark.parametrize("site", sorted(VALUE_CONDITIONS))
def test_a_value_condition_on_right_typed_values_is_a_config_error(site: str) -> None:
    call, shown = VALUE_CONDITIONS[site]
    with pytest.raises(ConfigError) as info:
        call()
    assert isinstance(info.value, ValueError)
    assert shown in str(info.value)


@pytest.mark.parametrize("site", sorted(VALUE_CONDITIONS_WRONG_TYPE))
def test_the_same_checks_keep_a_wrong_type_an_input_type_error(site: str) -> None:
    call, shown = VALUE_CONDITIONS_WRONG_TYPE[site]
    with pytest.raises(InputTypeError) as info:
        call()
    assert shown in str(info.value)
