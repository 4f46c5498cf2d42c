"""Survey-side primitives recomputed from their published definitions: regressions of a walk.

Student's t quantile (every mean interval: CSAT and CES means, SERVQUAL gaps, QA scores) is
checked against closed forms of the t distribution (Abramowitz & Stegun 26.7.3/26.7.4);
SERVQUAL against the per-respondent definition of Parasuraman, Zeithaml & Berry (1988, 1991);
NPS against Rocks (2016); and the inputs each of them refuses.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from fractions import Fraction
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    RecordError,
    ScaleError,
    UnknownKeyError,
)
from servicemodel.feedback import ChannelMix, ThemeCounts, channel_shift, theme_changes
from servicemodel.kpi import CES, CSAT, NPS, compare, proportion, t_quantile, z_for_level
from servicemodel.model import Ticket
from servicemodel.qa import (
    Criterion,
    Evaluation,
    QAScores,
    Scale,
    Scorecard,
    Section,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    load_evaluations,
    score,
)
from servicemodel.servqual import (
    SERVQUAL_1988,
    DimensionWeights,
    Instrument,
    Servqual,
    ServqualResponse,
    responses_from_rows,
)
from servicemodel.strategies._servqual import servqual_responses

# The largest level the intervals accept: 0.5 + level / 2 stays below 1 in floating point.
_TOP_LEVEL = 0.9999999999999998


def _t3_tail(t: float) -> float:
    """P(T > t) for 3 degrees of freedom, from its closed form (A&S 26.7.3), for t > 0."""
    u = t / math.sqrt(3)
    return (math.atan(1 / u) - u / (1 + u * u)) / math.pi


def _t4_tail(t: float) -> float:
    """P(T > t) for 4 degrees of freedom, from its closed form (A&S 26.7.4), for t > 0."""
    theta = math.atan(t / 2)
    return (1 - math.sin(theta) * (1 + math.cos(theta) ** 2 / 2)) / 2


@given(st.floats(min_value=1e-6, max_value=0.45))
def test_t_quantile_inverts_the_closed_form_tails_of_three_and_four_df(q: float) -> None:
    # Law: P(T > t_quantile(1 - q, df)) == q. The closed forms lose digits to cancellation
    # below q ~ 1e-6, hence the range and the tolerance.
    assert _t3_tail(t_quantile(1 - q, 3)) == pytest.approx(q, rel=1e-8)
    assert _t4_tail(t_quantile(1 - q, 4)) == pytest.approx(q, rel=1e-8)


@given(st.integers(3, 6000), st.floats(min_value=0.5, max_value=_TOP_LEVEL))
def test_t_quantile_is_finite_and_above_the_normal_quantile_at_every_level(
    df: int, level: float
) -> None:
    # Law: for every accepted level and df the critical value exists, and t's heavier tails
    # put it at or above the normal one. Newton steps on the distribution function divided
    # by zero for levels within a few floats of 1 (df = 94 at level 1 - 2.2e-16).
    t = t_quantile(0.5 + level / 2, df)
    assert math.isfinite(t)
    assert t >= z_for_level(level) * (1 - 1e-12)


@given(
    st.integers(3, 6000),
    st.floats(min_value=0.5, max_value=_TOP_LEVEL),
    st.floats(min_value=0.5, max_value=_TOP_LEVEL),
)
def test_t_quantile_grows_with_the_level_and_is_antisymmetric(df: int, a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert t_quantile(0.5 + low / 2, df) <= t_quantile(0.5 + high / 2, df)
    p = 0.5 + high / 2
    assert t_quantile(1 - p, df) == pytest.approx(-t_quantile(p, df), rel=1e-12)


@pytest.mark.parametrize(
    ("p", "df", "expected"),
    [
        # Values of scipy.stats.t.ppf; the expansion alone (used beyond 300 df) was off by
        # 1e-11 at the first, and 4e-8 further out.
        (0.9995, 301, 3.3231418181839993),
        (0.975, 1841, 1.961253395250573),
        (0.999, 30, 3.3851848668293045),
        (0.99999, 4999, 4.268987090290967),
        (1 - 1.1102230246251565e-16, 94, 9.96133850177087),
    ],
)
def test_t_quantile_matches_reference_values_to_1e_12(p: float, df: int, expected: float) -> None:
    assert t_quantile(p, df) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("p", "df", "expected"),
    [
        # Values of scipy.stats.t.ppf. Past 5000 df the expansion alone was kept at every p,
        # off by 1.1e-7 at the first, 3.5e-9 at the second and 4.5e-10 at the third.
        (1e-300, 5001, -39.7426387164087),
        (1e-300, 10000, -38.356384321004235),
        (1e-100, 5001, -21.765060127341144),
        (1e-300, 60000, -37.26012727542558),
    ],
)
def test_t_quantile_far_in_the_tail_past_5000_df_matches_reference_values(
    p: float, df: int, expected: float
) -> None:
    assert t_quantile(p, df) == pytest.approx(expected, rel=1e-12)
    # Law: t's tails shrink as df grows, across the switch at 5000 df too.
    assert -t_quantile(p, df - 1) > -t_quantile(p, df) > -t_quantile(p, df + 1)


def test_t_quantile_deep_in_the_tail_matches_the_power_law_of_three_df() -> None:
    # P(T > t) ~ 2 / (3π u³), u = t/√3, far out: 1e-200 puts t near 4.8e66.
    t = -t_quantile(1e-200, 3)
    u = t / math.sqrt(3)
    assert 2 / (3 * math.pi * u**3) == pytest.approx(1e-200, rel=1e-12)


def test_cauchy_quantile_of_a_tiny_probability_keeps_its_digits() -> None:
    # tan(π(p − ½)) gave -1.6e16 for p = 1e-300; the quantile is -1/(π p).
    assert t_quantile(1e-300, 1) == pytest.approx(-1 / (math.pi * 1e-300), rel=1e-12)
    q = 2.0**-40  # 1 - q is exact: the upper quantile mirrors the lower one
    assert t_quantile(1 - q, 1) == pytest.approx(-t_quantile(q, 1), rel=1e-12)
    assert t_quantile(q, 1) == pytest.approx(-1 / (math.pi * q), rel=1e-12)


def test_survey_means_at_the_top_level_have_finite_intervals() -> None:
    # CSAT and CES means at the largest accepted level raised a bare ZeroDivisionError.
    csat = CSAT.empty().add_many([1, 2, 3, 4, 5] * 19).result(_TOP_LEVEL, statistic="mean")
    ces = CES.empty().add_many([1, 4, 7] * 99).result(_TOP_LEVEL)
    for est in (csat, ces):
        assert est.lower is not None
        assert est.upper is not None
        assert est.lower <= est.value <= est.upper


# --- SERVQUAL: the per-respondent definition -------------------------------------------------

_WEIGHTS = DimensionWeights.from_points(
    {"tangibles": 11, "reliability": 32, "responsiveness": 22, "assurance": 19, "empathy": 16}
)


def _respondent_scores(response: ServqualResponse) -> tuple[dict[str, Fraction], Fraction]:
    """One respondent's dimension scores (mean item gap, 1988 items reversed) and overall."""
    dims: dict[str, Fraction] = {}
    for dim in SERVQUAL_1988.dimensions:
        items = SERVQUAL_1988.items_of(dim)
        gaps = [
            SERVQUAL_1988.reverse(i, response.perception(i))
            - SERVQUAL_1988.reverse(i, response.expectation(i))
            for i in items
        ]
        dims[dim] = Fraction(sum(gaps), len(gaps))
    return dims, sum(dims.values(), Fraction(0)) / len(dims)


def _mean_and_half_width(values: list[Fraction]) -> tuple[float, float]:
    n = len(values)
    mean = sum(values, Fraction(0)) / n
    m2 = sum(((v - mean) ** 2 for v in values), Fraction(0))
    return float(mean), t_quantile(0.975, n - 1) * math.sqrt(float(m2 / (n - 1) / n))


@given(st.lists(servqual_responses(instrument=SERVQUAL_1988), min_size=2, max_size=12))
def test_servqual_scores_are_means_of_respondents_own_scores(responses: list[Any]) -> None:
    # Law: G_d and the overall scores are the means over respondents of their own dimension
    # and overall scores, and their t intervals are those of those per-respondent scores.
    result = Servqual.empty(instrument=SERVQUAL_1988, weights=_WEIGHTS).add_many(responses)
    res = result.result()
    per = [_respondent_scores(r) for r in responses]
    weights = {d: Fraction(_WEIGHTS.weight(d)) for d in SERVQUAL_1988.dimensions}
    columns: dict[str, list[Fraction]] = {
        **{d: [dims[d] for dims, _ in per] for d in SERVQUAL_1988.dimensions},
        "unweighted": [overall for _, overall in per],
        "weighted": [sum((weights[d] * dims[d] for d in dims), Fraction(0)) for dims, _ in per],
    }
    for name, values in columns.items():
        est = (
            res.unweighted
            if name == "unweighted"
            else res.weighted
            if name == "weighted"
            else res.dimension(name)
        )
        assert est is not None
        mean, half = _mean_and_half_width(values)
        assert est.value == pytest.approx(mean, rel=1e-12, abs=1e-12)
        # Clipped to the scores' possible range: ±6 on 1–7, ±6·Σw for the weighted score.
        reach = 6 * (float(sum(weights.values(), Fraction(0))) if name == "weighted" else 1)
        if half > 0:
            assert est.upper == pytest.approx(min(mean + half, reach), rel=1e-9, abs=1e-12)
            assert est.lower == pytest.approx(max(mean - half, -reach), rel=1e-9, abs=1e-12)


def test_servqual_refuses_an_array_answer_a_bool_item_and_a_respondent_that_is_no_text() -> None:
    answers = dict.fromkeys(range(1, 23), 5)
    # numpy arrays have __index__: operator.index raised a bare TypeError.
    with pytest.raises(InputTypeError, match=r"E1: expected one whole-number answer.*array"):
        ServqualResponse({**answers, 1: np.array([5, 6])}, answers)
    row = {**{f"E{i}": "5" for i in range(1, 23)}, **{f"P{i}": "5" for i in range(1, 23)}}
    with pytest.raises(RecordError, match=r"line 2: P7: .*array"):
        list(responses_from_rows([{**row, "P7": np.array([5, 6])}]))
    # True is an int equal to 1: it reversed item 1.
    with pytest.raises(ConfigError, match=r"reverse_scored\[0\].*bool True"):
        Instrument.from_dimensions("i", {"a": [1, 2]}, reverse_scored=[True])
    for label in (float("nan"), 7, b"r1"):
        with pytest.raises(InputTypeError, match="respondent: expected text or None"):
            ServqualResponse(answers, answers, respondent=label)


def test_servqual_names_a_huge_answer_briefly() -> None:
    answers = dict.fromkeys(range(1, 23), 5)
    with pytest.raises(ScaleError, match=r"E3: <int of about 309 digits> is outside") as info:
        Servqual.empty().add(ServqualResponse({**answers, 3: 1e308}, answers))
    assert len(str(info.value)) < 120


# --- inputs that iterate badly -----------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda x: Servqual.empty().add_many(x),
        lambda x: ThemeCounts.empty().add_many(x),
        lambda x: ChannelMix.empty(channels=x),
        lambda x: channel_shift(x),
        lambda x: Scorecard(
            "c", [Section("s", [Criterion("a", Scale.parse("1-5"))])]
        ).normalised_weights(x),
    ],
)
def test_a_zero_dimensional_array_is_no_collection(call: Any) -> None:
    # A 0-d array has __iter__, but iterating it raises a bare TypeError.
    with pytest.raises(InputTypeError, match="array"):
        call(np.array(5))


# --- QA scorecards -----------------------------------------------------------------------------

_SPECS = st.sampled_from(["yes_no", "1-5", "0-10", "1-3", "1-7"])


def _as_written(point: Any, draw_case: bool) -> Any:
    """A point as a config file may spell it: text, in another case, with spaces."""
    text = str(point)
    return f" {text.upper()} " if draw_case else text


@given(_SPECS.flatmap(lambda spec: st.tuples(st.just(spec), st.data())))
def test_a_critical_criterion_fails_on_its_points_however_they_are_written(case: Any) -> None:
    # Law: fail_on written as text ("No", "2") fails exactly the answers read to those points;
    # it was kept as written, so 'no' or 2 never matched and a critical failure never fired.
    spec, data = case
    scale = Scale.parse(spec)
    failing = data.draw(
        st.lists(st.sampled_from(scale.points), min_size=1, max_size=len(scale.points) - 1)
        .map(lambda ps: list(dict.fromkeys(ps)))
        .filter(lambda ps: len(ps) < len(scale.points))
    )
    written = [_as_written(p, data.draw(st.booleans())) for p in failing]
    if spec != "yes_no":
        written = [w.strip() for w in written]
    criterion = Criterion("c", scale, critical=True, fail_on=written)
    card = Scorecard("card", [Section("s", [criterion])])
    for point in scale.points:
        scored = score(card, Evaluation("T", "a", "r", date(2026, 1, 1), {"c": point}))
        assert bool(scored.critical_failures) == (point in failing)


@given(st.integers(1, 5), st.sampled_from([np.int64, np.int32, np.uint8, int]))
def test_a_numpy_integer_answer_scores_as_its_int(answer: int, kind: Any) -> None:
    # A frame's column gives numpy integers; they were refused as "not a whole number".
    card = Scorecard("card", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
    plain = score(card, Evaluation("T", "a", "r", date(2026, 1, 1), {"tone": answer}))
    typed = score(card, Evaluation("T", "a", "r", date(2026, 1, 1), {"tone": kind(answer)}))
    assert typed.exact_score == plain.exact_score == Fraction(answer - 1, 4) * 100
    with pytest.raises(InputTypeError):
        QAScores.empty(card).add_many(np.array(5))


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (float("nan"), ConfigError),
        (pd.NA, InputTypeError),
        (pd.NaT, InputTypeError),
        ([1], InputTypeError),
    ],
)
def test_agreement_refuses_nan_like_and_unhashable_labels(bad: Any, error: type) -> None:
    # NaN never equals NaN (each one its own category); pandas.NA raised a bare TypeError.
    # A NaN is a number not allowed as a label; NA, NaT and a list are no label at all.
    with pytest.raises(error, match=r"first\[1\]: a rating must be"):
        cohen_kappa([1, bad, 2], [1, 2, 2])
    with pytest.raises(error, match=r"subjects\[0\]\[1\]: a rating must be"):
        fleiss_kappa([["a", bad], ["a", "b"]])
    with pytest.raises(error, match="a rating must be"):
        krippendorff_alpha([[1, bad], [1, 1]])


# --- feedback ----------------------------------------------------------------------------------

_T0 = datetime(2026, 3, 2, tzinfo=UTC)


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.sampled_from(["", " ", "\t"]),
            st.sampled_from(["billing", "Ärger", "支払い", "🙂"]),
        ),
        max_size=12,
    )
)
def test_a_missing_or_blank_reason_is_no_theme(reasons: list[Any]) -> None:
    # Law: missing, None and blank text are unthemed; blank text became a theme " ". (NaN, a
    # pandas column's empty cell, became a theme "nan": a ticket now refuses it, since strict
    # JSON has no NaN, and the frame readers read it as a missing value.)
    tickets = [Ticket(f"T{i}", _T0, attributes={"reason": r}) for i, r in enumerate(reasons)]
    counts = ThemeCounts.empty("attr:reason").add_many(tickets)
    named = [r for r in reasons if isinstance(r, str) and r.strip()]
    assert counts.unthemed == len(reasons) - len(named)
    assert dict(counts.counts) == {r: named.count(r) for r in set(named)}


def test_a_blank_channel_is_refused_and_a_lookup_by_na_is_an_unknown_key() -> None:
    for blank in ("", "  "):
        with pytest.raises(ConfigError, match="channel: expected a non-blank channel name"):
            ChannelMix.empty().add(blank)
    both = ThemeCounts.empty().add(Ticket("T", _T0, tags={"bug"}))
    with pytest.raises(UnknownKeyError, match=r"no theme <NA>; the themes are \['bug'\]"):
        theme_changes(both, both)[pd.NA]


# --- NPS: Rocks (2016) -------------------------------------------------------------------------


@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_nps_is_the_adjusted_wald_of_rocks(p: int, passives: int, d: int, level: float) -> None:
    # Law: value 100(P - D)/n; bounds 100((p' - d') ± z·SE') clipped, widened to the value.
    n = p + passives + d
    acc = NPS(counts=(d, 0, 0, 0, 0, 0, 0, passives, 0, p, 0))
    est = acc.result(level)
    if n == 0:
        assert est.value is None
        return
    z = NormalDist().inv_cdf(0.5 + level / 2)
    pa, da = (p + 0.75) / (n + 3), (d + 0.75) / (n + 3)
    se = math.sqrt((pa + da - (pa - da) ** 2) / (n + 3))
    value = 100 * (p - d) / n
    assert est.value == pytest.approx(value, rel=1e-12, abs=1e-12)
    assert est.lower == pytest.approx(min(value, 100 * max(-1, pa - da - z * se)), abs=1e-10)
    assert est.upper == pytest.approx(max(value, 100 * min(1, pa - da + z * se)), abs=1e-10)


@given(st.floats(min_value=0, max_value=100), st.integers(1, 5))
def test_a_critical_failure_never_passes_whatever_the_pass_mark(mark: float, other: int) -> None:
    # Law (docs/qa.md): the fail score is 0, and a critical failure never passes, even with
    # pass_mark 0 (the page said it would then pass; the code has always refused it).
    card = Scorecard(
        "card",
        [
            Section(
                "s",
                [
                    Criterion("verify", Scale.parse("yes_no"), critical=True),
                    Criterion("tone", Scale.parse("1-5")),
                ],
            )
        ],
        pass_mark=mark,
    )
    failed = score(
        card, Evaluation("T", "a", "r", date(2026, 1, 1), {"verify": "no", "tone": other})
    )
    assert failed.score == 0
    assert not failed.passed


_CHANNELS = ["email", "chat", "phone", "social", "fax", "sms"]


@given(
    st.lists(
        st.lists(st.integers(0, 60), min_size=len(_CHANNELS), max_size=len(_CHANNELS)),
        min_size=2,
        max_size=4,
    )
)
def test_channel_shift_pools_into_one_column_and_keeps_every_contact(
    table: list[list[int]],
) -> None:
    # Law: one "(pooled)" column holds exactly the channels in shift.pooled, every contact
    # stays in the table, and the statistic is Pearson's on the table reported. Pooling the
    # two smallest columns each time made a second column also named "(pooled)".
    mixes = [
        ChannelMix.empty().add_many(
            [c for c, k in zip(_CHANNELS, row, strict=True) for _ in range(k)]
        )
        for row in table
    ]
    shift = channel_shift(mixes)
    assert len(set(shift.channels)) == len(shift.channels)
    kept = [row for row in table if sum(row)]
    if shift.p_value is None:
        return
    columns = dict(zip(shift.channels, zip(*shift.observed, strict=True), strict=True))
    for j, channel in enumerate(_CHANNELS):
        column = [row[j] for row in kept]
        if channel in shift.pooled:
            continue
        if any(column):
            assert list(columns[channel]) == column
    pooled = [sum(row[_CHANNELS.index(c)] for c in shift.pooled) for row in kept]
    assert list(columns.get("(pooled)", [0] * len(kept))) == pooled
    n = sum(map(sum, shift.observed))
    col_totals = [sum(col) for col in zip(*shift.observed, strict=True)]
    chi2 = sum(
        (o - sum(row) * c / n) ** 2 / (sum(row) * c / n)
        for row in shift.observed
        for o, c in zip(row, col_totals, strict=True)
    )
    assert shift.statistic == pytest.approx(chi2, rel=1e-12)
    assert shift.df == (len(shift.observed) - 1) * (len(shift.channels) - 1)


def test_channel_shift_example_that_made_two_pooled_columns() -> None:
    counts = [
        {"email": 12, "chat": 6, "phone": 22},
        {"chat": 2, "phone": 20, "social": 5, "fax": 2, "sms": 11},
        {"email": 3, "chat": 13, "phone": 80, "social": 11, "fax": 9, "sms": 84},
    ]
    mixes = [
        ChannelMix.empty().add_many([c for c, k in m.items() for _ in range(k)]) for m in counts
    ]
    shift = channel_shift(mixes)
    assert shift.channels.count("(pooled)") == 1
    # fax and email (the two smallest) form the column, then social joins it; the old rule
    # pooled chat and social into a second "(pooled)" column.
    assert shift.channels == ("chat", "phone", "sms", "(pooled)")
    assert shift.observed == ((6, 22, 0, 12), (2, 20, 11, 7), (13, 80, 84, 23))
    assert shift.pooled == ("email", "fax", "social")


def test_a_byte_order_mark_is_no_part_of_the_first_column(tmp_path: Any) -> None:
    # A spreadsheet's "CSV UTF-8" starts with a BOM: the QA loader read the first column as
    # '\ufeffticket_id' (unknown column), SERVQUAL rows as '\ufeffE1' (then "E1: missing").
    card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
    text = "ticket_id,agent,rater,date,tone\nT1,zoë,rob,2026-01-05,4\n"
    path = tmp_path / "qa.csv"
    path.write_text(text, encoding="utf-8-sig")
    assert [e.ticket_id for e in load_evaluations(path, card)] == ["T1"]
    assert len(load_evaluations(("\ufeff" + text).splitlines(), card)) == 1
    row = {"\ufeffE1": "5", **{f"E{i}": "5" for i in range(2, 23)}}
    row |= {f"P{i}": "4" for i in range(1, 23)}
    (response,) = responses_from_rows([row])
    assert response.gap(1) == -1


def test_compare_refuses_survey_accumulators_of_different_scales() -> None:
    # DOMAIN: the CES version belongs to the type so scores of different scales never mix;
    # compare gave "CES 2.0 vs CES 1.0 change -6".
    # The parameters are named as a MergeError names them: only those that differ, by field.
    with pytest.raises(ConfigError, match=r"different parameters: version '2.0' vs '1.0'$"):
        compare(CES.empty().add_many([7, 6]), CES.empty(version="1.0").add_many([1, 2]))
    with pytest.raises(
        ConfigError, match=r"different parameters: high 5 vs 7; satisfied_from 4 vs 6$"
    ):
        compare(CSAT.empty().add(5), CSAT.empty(high=7, satisfied_from=6).add(7))


@given(st.integers(30, 400), st.integers(30, 400))
def test_compare_keeps_small_p_values(n1: int, n2: int) -> None:
    # Law: p = 2(1 − Φ(|z|)) = erfc(|z|/√2), which stays positive while z is finite and not
    # astronomically large; 2·(1 − Φ) was exactly 0 from |z| ≈ 8.3 on.
    a = proportion(n1 // 10, n1)
    b = proportion(n2 - n2 // 10, n2)
    c = compare(a, b)
    assert c.p_value == pytest.approx(math.erfc(abs(c.z) / math.sqrt(2)), rel=1e-12)
    if abs(c.z) < 37:
        assert c.p_value > 0
