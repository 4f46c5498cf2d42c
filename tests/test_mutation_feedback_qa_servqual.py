"""Boundary rules of feedback, QA and SERVQUAL that the rest of the suite left untested.

Each test pins one documented rule at the point where a plausible slip (``>`` for ``>=``, a
blank that is not stripped, a scale end taken as 1) would change a user's number or verdict.
Expected values follow from the rule as docs/feedback.md, docs/qa.md and docs/servqual.md
state it (Cochran 1954 for the chi-square rule, Parasuraman, Zeithaml & Berry 1988 for
reverse scoring), worked out by hand in the comments, or from a published printout (SAS PROC
FREQ for Cohen's κ and the weighted κ of Cohen 1968 with Fleiss, Cohen & Everitt's 1969
standard errors).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.feedback import (
    POOLED,
    ChannelMix,
    ChannelShift,
    ThemeChanges,
    ThemeCounts,
    ThemeSelector,
    channel_shift,
    theme_changes,
)
from servicemodel.model import Ticket
from servicemodel.qa import Scale, cohen_kappa, fleiss_kappa, krippendorff_alpha
from servicemodel.servqual import Instrument, Servqual, ServqualResponse

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _mix(**counts: int) -> ChannelMix:
    return ChannelMix.empty().add_many([c for c, k in counts.items() for _ in range(k)])


# --- channel_shift: Cochran's rule at its two edges ---------------------------------------------
#
# docs/feedback.md: "no expected count below 1 and at most 20 % of them below 5" — an
# expected count of exactly 1, and exactly 20 % of the cells below 5, both meet the rule, so
# the table is tested as it is, with nothing pooled.
#
# Both tables have two periods of equal size, so every expected count is half its channel's
# total: E = row total · column total / n = column total / 2. email and chat swap 12 and 8
# between the periods (E = 10 each), every other channel is the same in both, so
# χ² = 4 · (12 − 10)² / 10 = 1.6.


def test_an_expected_count_of_exactly_one_meets_cochrans_rule() -> None:
    # sms: 1 + 1 contacts, E = 1 in both periods: 2 of 12 cells below 5 (17 %), none below 1.
    a = _mix(sms=1, email=12, chat=8, phone=10, web=10, social=10)
    b = _mix(sms=1, email=8, chat=12, phone=10, web=10, social=10)
    shift = channel_shift([a, b])
    assert shift.pooled == ()
    assert POOLED not in shift.channels
    assert len(shift.channels) == 6
    assert shift.df == (2 - 1) * (6 - 1)
    assert shift.statistic is not None
    assert math.isclose(shift.statistic, 1.6, rel_tol=1e-12)


def test_exactly_twenty_percent_of_cells_below_five_meets_cochrans_rule() -> None:
    # sms: 2 + 2 contacts, E = 2 in both periods: 2 of 10 cells below 5, exactly 20 %.
    a = _mix(sms=2, email=12, chat=8, phone=10, web=10)
    b = _mix(sms=2, email=8, chat=12, phone=10, web=10)
    shift = channel_shift([a, b])
    assert shift.pooled == ()
    assert len(shift.channels) == 5
    assert shift.df == 4
    assert shift.statistic is not None
    assert math.isclose(shift.statistic, 1.6, rel_tol=1e-12)
    # Chi-square with 4 degrees of freedom has the closed upper tail e^(−x/2)·(1 + x/2).
    assert shift.p_value is not None
    assert math.isclose(shift.p_value, math.exp(-0.8) * 1.8, rel_tol=1e-9)
    assert shift.shifted is False


def test_an_expected_count_of_exactly_five_is_not_below_five() -> None:
    # Column totals 10, 10, 10 over two periods of 15: every expected count is exactly 5, so
    # no cell is below 5 and nothing is pooled. χ² = 4 · 1² / 5 = 0.8 on 2 degrees of freedom,
    # whose upper tail is e^(−x/2).
    a = _mix(email=6, chat=4, phone=5)
    b = _mix(email=4, chat=6, phone=5)
    shift = channel_shift([a, b])
    assert shift.pooled == ()
    assert shift.channels == ("chat", "email", "phone")
    assert shift.df == 2
    assert math.isclose(shift.statistic, 0.8, rel_tol=1e-12)
    assert math.isclose(shift.p_value, math.exp(-0.4), rel_tol=1e-9)


def test_pooling_goes_on_down_to_two_columns() -> None:
    # Expected counts (two periods of 26): email 20; chat, fax and sms 2 each — 6 of 8 cells
    # below 5. Pooling chat and fax (the fewest contacts, ties by name) gives (pooled) E = 4:
    # still 4 of 6 cells below 5. sms joins: (pooled) E = 6, and the rule holds with two
    # columns. Observed email 22 | 18, (pooled) 4 | 8:
    # χ² = 2 · 2²/20 + 2 · 2²/6 = 0.4 + 4/3 on 1 degree of freedom (upper tail erfc(√(x/2))).
    a = _mix(email=22, chat=2, fax=2, sms=0)
    b = _mix(email=18, chat=2, fax=2, sms=4)
    shift = channel_shift([a, b])
    assert shift.pooled == ("chat", "fax", "sms")
    assert shift.channels == ("email", POOLED)
    assert shift.observed == ((22, 4), (18, 8))
    assert shift.df == 1
    statistic = 0.4 + 4 / 3
    assert math.isclose(shift.statistic, statistic, rel_tol=1e-12)
    assert math.isclose(shift.p_value, math.erfc(math.sqrt(statistic / 2)), rel_tol=1e-9)


# --- themes: blank text is no theme -------------------------------------------------------------
#
# docs/feedback.md: "An attribute that is missing, None, blank text, NaN ... or an infinity gives
# no theme"; a ticket with no theme counts in n and in the unthemed share.


@given(blank=st.text(alphabet=" \t\n\r\u00a0\u2003", min_size=1, max_size=6))
def test_an_attribute_of_blank_text_gives_no_theme(blank: str) -> None:
    tickets = [
        Ticket("T1", T0, attributes={"reason": blank}),
        Ticket("T2", T0, attributes={"reason": "billing"}),
    ]
    acc = ThemeCounts.empty("attr:reason").add_many(tickets)
    assert acc.themes == ("billing",)
    assert (acc.n, acc.unthemed) == (2, 1)
    assert ThemeSelector.parse("attr:reason").themes(tickets[0]) == frozenset()


# --- channel_shift: the verdict at p = alpha ----------------------------------------------------
#
# ChannelShift's docstring: "shifted is p_value < alpha" — strictly below; a p-value equal to
# alpha is no shift (unlike ThemeChange.significant, documented as q <= fdr).

_PROBABILITY = st.floats(min_value=0.0, max_value=1.0)


@given(alpha=st.floats(min_value=0.001, max_value=0.5), p=_PROBABILITY, equal=st.booleans())
def test_shifted_is_p_strictly_below_alpha(alpha: float, p: float, equal: bool) -> None:
    p = alpha if equal else p
    shift = ChannelShift((0, 1), ("a", "b"), ((5, 5), (5, 5)), 0.0, 1, p, alpha)
    assert shift.shifted is (p < alpha)
    if equal:
        assert shift.shifted is False


# --- theme_changes: the verdict at q = fdr ------------------------------------------------------
#
# docs/feedback.md: "Calling every theme with q ≤ fdr significant"; ThemeChange.significant is
# documented as q_value <= fdr — a q-value equal to the false discovery rate is a finding.


@given(fdr=st.floats(min_value=0.001, max_value=0.5), q=_PROBABILITY, equal=st.booleans())
def test_significant_is_q_at_most_fdr(fdr: float, q: float, equal: bool) -> None:
    q = fdr if equal else q
    before = ThemeCounts(n=10, counts={"a": 2}, selector="tags")
    after = ThemeCounts(n=10, counts={"a": 3}, selector="tags")
    change = attrs.evolve(theme_changes(before, after)["a"], q_value=q, fdr=fdr)
    assert change.significant is (q <= fdr)
    if equal:
        assert change.significant is True
        assert ThemeChanges((change,), fdr).rose() == ["a"]


# --- SERVQUAL: reverse scoring on a scale that does not start at 1 ------------------------------
#
# Instrument: "reverse_scored items (negatively worded) are turned around, low + high − x";
# docs/servqual.md gives 8 − x for the 1988 instrument's 1–7 scale. On a 0–10 scale the
# lowest answer, 0, becomes 10 — not 11 − 0, which would leave the scale.


@given(
    low=st.integers(min_value=-5, max_value=5),
    width=st.integers(min_value=1, max_value=10),
    data=st.data(),
)
def test_reverse_scoring_turns_the_scale_around_its_own_ends(
    low: int, width: int, data: st.DataObject
) -> None:
    high = low + width
    inst = Instrument.from_dimensions(
        "custom", {"d": [1, 2]}, reverse_scored=[2], scale=(low, high)
    )
    x = data.draw(st.integers(min_value=low, max_value=high))
    assert inst.reverse(2, x) == low + high - x
    assert low <= inst.reverse(2, x) <= high
    assert (inst.reverse(2, low), inst.reverse(2, high)) == (high, low)
    assert inst.reverse(1, x) == x  # not reverse-scored


def test_a_reversed_item_on_a_zero_to_ten_scale_scores_its_gap_from_the_turned_answers() -> None:
    inst = Instrument.from_dimensions("zero-ten", {"d": [1, 2]}, reverse_scored=[2], scale=(0, 10))
    # Item 2: E 0 → 10, P 3 → 7, gap 7 − 10 = −3. Item 1: E 6, P 8, gap +2. Dimension: −0.5.
    response = ServqualResponse({1: 6, 2: 0}, {1: 8, 2: 3})
    result = Servqual.empty(instrument=inst).add(response).result()
    assert result.item(2).value == -3
    assert result.item(1).value == 2
    assert result.dimension("d").value == -0.5
    # The turned answers themselves (SERVPERF reads the perception means): E (6 + 10)/2 = 8,
    # P (8 + 7)/2 = 7.5; a turn by 11 − x would give 8.5 and 8.
    assert dict(result.expectation_means) == {"d": 8.0}
    assert dict(result.perception_means) == {"d": 7.5}


# --- Cohen's κ: the z test's p-value and the weighted κ's standard errors -----------------------
#
# SAS PROC FREQ printout for "table10" (reproduced in statsmodels' stats/tests/
# test_inter_rater.py and its sandbox results): simple κ 0.4842, ASE under H0 0.1484, Z 3.2626,
# one-sided Pr > Z 0.0006, two-sided Pr > |Z| 0.0011; weighted κ (SAS's default
# Cicchetti–Allison weights, 1 − |i − j|/(k − 1): the linear weights of docs/qa.md) 0.4701,
# ASE 0.1457, 95 % limits 0.1845 and 0.7558, ASE under H0 0.1426, Z 3.2971, two-sided 0.0010.

TABLE10 = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]


def _from_table(table: list[list[int]]) -> tuple[list[int], list[int]]:
    """Two raters' labels, one pair per subject, from their cross table (rows: first)."""
    pairs = [
        (i, j) for i, row in enumerate(table) for j, count in enumerate(row) for _ in range(count)
    ]
    return [i for i, _ in pairs], [j for _, j in pairs]


def test_kappa_p_value_is_the_two_sided_one_sas_prints() -> None:
    k = cohen_kappa(*_from_table(TABLE10))
    assert round(k.p_value, 4) == 0.0011


def test_linear_weighted_kappa_matches_the_sas_printout() -> None:
    k = cohen_kappa(*_from_table(TABLE10), weights="linear", categories=[0, 1, 2])
    assert round(k.value, 4) == 0.4701
    assert round(k.se, 4) == 0.1457
    assert (round(k.lower, 4), round(k.upper, 4)) == (0.1845, 0.7558)
    assert round(k.se_null, 4) == 0.1426
    assert round(k.z, 4) == 3.2971
    assert round(k.p_value, 4) == 0.0010


# --- QA: what a scale and a Fleiss table need ---------------------------------------------------
#
# Scale.parse reads "<low>-<high>" with whole numbers, low < high: a one-point range has no
# second point to rank against (index / (points − 1) would divide by 0). fleiss_kappa needs
# "the same number m ≥ 2 of ratings" for every subject: with one rating per subject there is
# no pair to agree or disagree. Both are ConfigErrors, never a ZeroDivisionError.


@given(low=st.integers(min_value=0, max_value=99))
def test_a_one_point_range_is_no_scale(low: int) -> None:
    with pytest.raises(ConfigError, match="low < high"):
        Scale.parse(f"{low}-{low}")
    assert Scale.parse(f"{low}-{low + 1}").points == (low, low + 1)


def test_fleiss_kappa_needs_two_ratings_per_subject() -> None:
    for subjects in ([["a"], ["b"], ["a"]], [["a", None], [None, "b"]]):
        with pytest.raises(ConfigError, match="at least 2"):
            fleiss_kappa(subjects)


# --- bootstrap intervals: one unit is no sample to resample -------------------------------------
#
# docs/qa.md: the bootstrap intervals resample subjects (units) with replacement. From one
# subject every resample is that subject again, so a percentile interval would be the point
# [κ, κ] — certainty from one observation (the same reading as docs/qa.md gives for a zero
# standard error: "a small sample's accident, not certainty"). There is no interval.


def test_a_single_unit_gives_a_coefficient_but_no_bootstrap_interval() -> None:
    # One unit rated 1 and 2: o(1,2) = o(2,1) = 1, D_o = 1, D_e = 2·1·1/(2·1) = 1, α = 0.
    alpha = krippendorff_alpha([[1, 2]])
    assert alpha.value == 0.0
    assert (alpha.n, alpha.lower, alpha.upper) == (1, None, None)
    # Fleiss: one subject rated a, a, b: P̄ = (2² + 1² − 3)/(3·2) = 1/3, P̄e = (2/3)² + (1/3)²
    # = 5/9, κ = (1/3 − 5/9)/(1 − 5/9) = −1/2.
    kappa = fleiss_kappa([["a", "a", "b"]])
    assert math.isclose(kappa.value, -0.5, rel_tol=1e-12)
    assert (kappa.n, kappa.lower, kappa.upper) == (1, None, None)
