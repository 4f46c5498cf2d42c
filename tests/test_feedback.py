"""servicemodel.feedback: themes, theme changes (BH), channel mix and shift, rating ratio.

Reference values and where they come from:

- Benjamini & Hochberg (1995, J. R. Statist. Soc. B 57(1), 289–300), section 4: the 15
  p-values of the Neuhaus et al. myocardial-infarction study; at q* = 0.05 the step-up
  procedure rejects the four smallest (Bonferroni only three). The adjusted values are also
  checked against an independent brute-force definition below.
- Newcombe (1998, Statistics in Medicine 17, 873–890), Table II example (a), 56/70 − 48/80:
  method 10 (hybrid score) interval 0.0524 to 0.3339.
- Chi-square upper 5 % points (df 1–5 and 10: 3.841, 5.991, 7.815, 9.488, 11.070, 18.307)
  from the standard table of the NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.4;
  the survival function is also compared with closed forms for df 1, 2, 3 and even df.
- Pearson's chi-square of a table is recomputed independently here (expected counts from the
  margins) and, for 2×2 tables, equals the square of the pooled two-proportion z.
"""

from __future__ import annotations

import itertools
import math
import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import NormalDist
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import _docs as docs
from servicemodel.errors import ConfigError, InputTypeError, MergeError, ServiceModelError
from servicemodel.feedback import (
    POOLED,
    ChannelMix,
    PositiveNegative,
    ThemeCounts,
    ThemeSelector,
    benjamini_hochberg,
    channel_shift,
    chi_square_sf,
    difference_interval,
    ratio_estimate,
    theme_changes,
    two_proportion_test,
)
from servicemodel.kpi import by, periods, wilson_interval
from servicemodel.model import SatisfactionRating, Ticket, TicketHistory
from servicemodel.strategies import histories, satisfaction_ratings, themed_tickets

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

# --- Benjamini–Hochberg ----------------------------------------------------------------------

BH_1995 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240,
           0.4262, 0.5719, 0.6528, 0.7590, 1.000]  # fmt: skip


def _bh_brute(ps: list[float]) -> list[float]:
    """q_i = min over every p_j >= p_i of m·p_j / rank_j (ranks of the sorted list), capped at 1."""
    m = len(ps)
    ranked = sorted(ps)
    out = []
    for p in ps:
        candidates = [m * pj / (j + 1) for j, pj in enumerate(ranked) if pj >= p]
        out.append(min(1.0, *candidates))
    return out


def _step_up(ps: list[float], q: float) -> set[int]:
    """The 1995 procedure as written: reject H_(1..k), k the largest i with p_(i) <= i·q/m."""
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    k = max((i + 1 for i, idx in enumerate(order) if ps[idx] <= (i + 1) * q / m), default=0)
    return set(order[:k])


def test_bh_1995_worked_example_rejects_four() -> None:
    qs = benjamini_hochberg(BH_1995)
    assert [i for i, q in enumerate(qs) if q <= 0.05] == [0, 1, 2, 3]
    bonferroni = [i for i, p in enumerate(BH_1995) if p <= 0.05 / len(BH_1995)]
    assert bonferroni == [0, 1, 2]
    assert qs == pytest.approx(_bh_brute(BH_1995), abs=1e-15)


PVALUES = st.lists(st.floats(min_value=0, max_value=1), max_size=30)


@given(PVALUES)
def test_bh_q_values_are_at_least_p_monotone_and_at_most_one(ps: list[float]) -> None:
    qs = benjamini_hochberg(ps)
    assert len(qs) == len(ps)
    for p, q in zip(ps, qs, strict=True):
        assert p <= q <= 1
    for i in range(len(ps)):
        for j in range(len(ps)):
            if ps[i] <= ps[j]:
                assert qs[i] <= qs[j]
    assert qs == pytest.approx(_bh_brute(ps), rel=1e-12, abs=1e-15)


@given(PVALUES, st.sampled_from([0.01, 0.05, 0.1, 0.2]), st.randoms(use_true_random=False))
def test_bh_rejections_match_the_step_up_procedure_in_any_order(
    ps: list[float], q: float, rnd: Any
) -> None:
    qs = benjamini_hochberg(ps)
    # q-values within rounding of the threshold would make the comparison a coin toss.
    assume(all(abs(x - q) > 1e-12 for x in qs))
    assert {i for i, x in enumerate(qs) if x <= q} == _step_up(ps, q)
    order = list(range(len(ps)))
    rnd.shuffle(order)
    shuffled = benjamini_hochberg([ps[i] for i in order])
    assert shuffled == [qs[i] for i in order]


def test_bh_bad_input_names_the_index() -> None:
    with pytest.raises(ConfigError, match=r"p_values\[1\].*1.5"):
        benjamini_hochberg([0.1, 1.5])
    with pytest.raises(InputTypeError, match=r"p_values\[0\]"):
        benjamini_hochberg([True])


# --- two proportions, Newcombe, chi-square ---------------------------------------------------


def test_newcombe_1998_example_a() -> None:
    lo, hi = difference_interval(48, 80, 56, 70)
    assert (round(lo, 4), round(hi, 4)) == (0.0524, 0.3339)


COUNTS = st.integers(1, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


def _pearson(rows: list[list[int]]) -> float:
    n = sum(map(sum, rows))
    cols = [sum(r[j] for r in rows) for j in range(len(rows[0]))]
    total = 0.0
    for r in rows:
        for j, o in enumerate(r):
            e = sum(r) * cols[j] / n
            total += (o - e) ** 2 / e
    return total


@given(COUNTS, COUNTS)
def test_two_proportion_z_squared_is_pearson_chi_square(a: Any, b: Any) -> None:
    (x1, n1), (x2, n2) = a, b
    z, p = two_proportion_test(x1, n1, x2, n2)
    if 0 < x1 + x2 < n1 + n2:
        chi2 = _pearson([[x1, n1 - x1], [x2, n2 - x2]])
        assert z * z == pytest.approx(chi2, rel=1e-9, abs=1e-12)
        assert p == pytest.approx(chi_square_sf(chi2, 1), rel=1e-9, abs=1e-15)
        assert math.copysign(1, z) == math.copysign(1, x2 / n2 - x1 / n1) or z == 0
    else:
        assert (z, p) == (0.0, 1.0)


@given(COUNTS, COUNTS)
def test_newcombe_interval_contains_the_difference_and_stays_in_range(a: Any, b: Any) -> None:
    (x1, n1), (x2, n2) = a, b
    lo, hi = difference_interval(x1, n1, x2, n2)
    d = x2 / n2 - x1 / n1
    assert -1 <= lo <= d <= hi <= 1
    # It is built from the Wilson intervals as Newcombe's formula says.
    _l1, u1 = wilson_interval(x1, n1)
    l2, _u2 = wilson_interval(x2, n2)
    assert lo == pytest.approx(max(-1, d - math.hypot(x2 / n2 - l2, u1 - x1 / n1)), abs=1e-12)


@pytest.mark.parametrize(
    ("df", "critical"),
    [(1, 3.841), (2, 5.991), (3, 7.815), (4, 9.488), (5, 11.070), (10, 18.307)],
)
def test_chi_square_table_of_upper_five_percent_points(df: int, critical: float) -> None:
    assert chi_square_sf(critical, df) == pytest.approx(0.05, abs=2e-4)


def _closed_form(x: float, df: int) -> float:
    if df == 1:
        return math.erfc(math.sqrt(x / 2))
    if df == 3:
        return math.erfc(math.sqrt(x / 2)) + math.sqrt(2 * x / math.pi) * math.exp(-x / 2)
    half = x / 2  # even df: a Poisson tail
    return math.exp(-half) * sum(half**k / math.factorial(k) for k in range(df // 2))


@given(st.floats(min_value=1e-6, max_value=300), st.sampled_from([1, 2, 3, 4, 6, 10, 30]))
def test_chi_square_sf_matches_closed_forms(x: float, df: int) -> None:
    assert chi_square_sf(x, df) == pytest.approx(_closed_form(x, df), rel=1e-9, abs=1e-300)


def test_chi_square_sf_edges() -> None:
    assert chi_square_sf(0.0, 3) == 1.0
    assert chi_square_sf(math.inf, 3) == 0.0
    with pytest.raises(ConfigError, match="df: expected an int from 1 to 1,000,000, got 0"):
        chi_square_sf(1.0, 0)
    for bad in (True, 1.5):
        with pytest.raises(InputTypeError, match="df"):
            chi_square_sf(1.0, bad)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="statistic: expected a number, got nan"):
        chi_square_sf(math.nan, 1)


# --- the ratio of two counts ---------------------------------------------------------------


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from([0.8, 0.95, 0.99]))
def test_ratio_estimate_is_honest(a: int, b: int, level: float) -> None:
    est = ratio_estimate(a, b, metric="r", level=level)
    assert est.n == a + b
    if a + b == 0:
        assert (est.value, est.lower, est.upper) == (None, None, None)
        return
    lo, hi = wilson_interval(a, a + b, level)
    assert est.lower is not None
    assert math.isfinite(est.lower)
    assert est.lower == pytest.approx(lo / (1 - lo), rel=1e-12, abs=0)
    if b == 0:
        assert est.value is None
        assert est.upper is None
    else:
        assert est.value == a / b
        assert est.upper is not None
        assert est.lower <= est.value <= est.upper
        assert est.upper == pytest.approx(hi / (1 - hi), rel=1e-9)


def test_ratio_estimate_refuses_bad_counts() -> None:
    with pytest.raises(
        ConfigError, match=r"negative must be a count \(a whole number >= 0\), got int -1"
    ):
        ratio_estimate(1, -1, metric="r", names=("positive", "negative"))
    with pytest.raises(InputTypeError, match="numerator"):
        ratio_estimate(True, 1, metric="r")  # type: ignore[arg-type]


# --- themes ----------------------------------------------------------------------------------

TICKETS = st.lists(themed_tickets(), max_size=25)


# For the shared conformance suite (tests/test_accumulator_protocol.py): one line there runs
# these, and the test below runs them here too.
CONFORMANCE_CASES = [
    pytest.param(
        lambda: ThemeCounts.empty("tags"), TICKETS, ThemeCounts.empty("attr:reason"), True,
        id="themes-tags",
    ),
    pytest.param(
        lambda: ThemeCounts.empty({"bug": "defect"}), TICKETS, ThemeCounts.empty("tags"), True,
        id="themes-mapping",
    ),
    pytest.param(
        ChannelMix.empty, TICKETS, ChannelMix.empty(channels=["email", "chat", "phone", "social"]),
        True, id="channel-mix",
    ),
    pytest.param(
        PositiveNegative.empty,
        st.lists(st.one_of(satisfaction_ratings(), histories(max_events=6)), max_size=20),
        PositiveNegative.empty(positive_from=9, negative_to=6),
        True,
        id="positive-negative",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("factory", "items", "other", "exact"), CONFORMANCE_CASES)
def test_accumulators_follow_the_protocol(
    factory: Any, items: Any, other: Any, exact: bool
) -> None:
    """Merging any split equals one pass, identities, operators, pickling (the one suite)."""
    from test_accumulator_protocol import check_accumulator  # here: that module imports this one

    check_accumulator(factory, items, other, exact=exact)


@given(TICKETS, st.lists(st.integers(0, 30), max_size=4))
def test_theme_counts_merge_of_any_split_equals_one_pass(tickets: list[Ticket], cuts: Any) -> None:
    bounds = [0, *sorted(c % (len(tickets) + 1) for c in cuts), len(tickets)]
    empty = ThemeCounts.empty("attr:reason")
    parts = [empty.add_many(tickets[i:j]) for i, j in itertools.pairwise(bounds)]
    assert sum(parts) == empty.add_many(tickets)


@given(TICKETS)
def test_theme_shares_with_one_theme_per_ticket_sum_to_one(tickets: list[Ticket]) -> None:
    res = ThemeCounts.empty("attr:reason").add_many(tickets).result()
    assume(res.n > 0)
    total = sum(e.value for e in res.values() if e.value is not None)
    assert total + (res.unthemed.value or 0) == pytest.approx(1.0)
    for theme, est in res.items():
        assert est.count("successes") == sum(t.attributes.get("reason") == theme for t in tickets)


@given(TICKETS)
def test_tag_themes_count_every_tag(tickets: list[Ticket]) -> None:
    acc = ThemeCounts.empty("tags").add_many(TicketHistory(t, []) for t in tickets)
    for theme in {tag for t in tickets for tag in t.tags}:
        assert acc.count(theme) == sum(theme in t.tags for t in tickets)
    assert acc.unthemed == sum(not t.tags for t in tickets)
    shares = acc.result()
    counts = [e.count("successes") for e in shares.values()]
    assert counts == sorted(counts, reverse=True)


def test_mapping_selector_rolls_tags_up() -> None:
    sel = ThemeSelector.parse({"refund": "billing", "invoice": "billing", "sso": "login"})
    t = Ticket("T", T0, tags={"refund", "invoice", "vip"})
    assert sel.themes(t) == frozenset({"billing"})
    acc = ThemeCounts.empty(sel).add(t)
    assert (acc.n, acc.count("billing"), acc.unthemed) == (1, 1, 0)


def test_attribute_themes_keep_flags_and_numbers_and_counts_are_checked() -> None:
    flagged = Ticket("T", T0, attributes={"vip": True, "code": 7})
    assert ThemeSelector.parse("attr:vip").themes(flagged) == frozenset({"true"})
    assert ThemeSelector.parse("attr:code").themes(flagged) == frozenset({"7"})
    with pytest.raises(ConfigError, match="'bug' has 5 tickets"):
        ThemeCounts(selector="tags", n=3, counts={"bug": 5})
    with pytest.raises(ConfigError, match="adding up to n=3"):
        ChannelMix(n=3, counts={"chat": 2})


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_float_attribute_is_its_theme_when_finite_and_never_a_theme_otherwise(
    value: float,
) -> None:
    # Law: a finite float is a reason code, kept as its text (a whole one below 2**53 as its
    # digits, the theme of the same int); NaN and the infinities never become a theme "nan"
    # or "inf": a ticket refuses them (strict JSON has none).
    if not math.isfinite(value):
        with pytest.raises(ConfigError, match=r"attributes\.reason: .*finite"):
            Ticket("T", T0, attributes={"reason": value})
        return
    t = Ticket("T", T0, attributes={"reason": value})
    themes = ThemeSelector.parse("attr:reason").themes(t)
    whole = value.is_integer() and abs(value) < 2**53
    assert themes == frozenset({str(int(value)) if whole else str(value)})
    acc = ThemeCounts.empty("attr:reason").add(t)
    assert (acc.n, acc.unthemed) == (1, 0)


def test_selector_errors_name_the_value() -> None:
    with pytest.raises(ConfigError, match=r"selector: unknown theme selector 'tag'"):
        ThemeSelector.parse("tag")
    with pytest.raises(ConfigError, match=r"selector\['refund'\]: expected a non-blank theme name"):
        ThemeSelector.parse({"refund": ""})
    with pytest.raises(ConfigError, match="empty tag"):
        ThemeSelector.parse({})
    with pytest.raises(InputTypeError, match="record: expected a Ticket or TicketHistory, got int"):
        ThemeCounts.empty().add(3)


def test_theme_counts_by_period() -> None:
    tickets = [Ticket(f"T{i}", T0 + timedelta(days=20 * i), tags={"bug"}) for i in range(4)]
    res = by(periods("month"), ThemeCounts.empty()).add_many(tickets).result()
    assert [r.n for r in res.values()] == [2, 1, 1]  # 2 and 22 March, 11 April, 1 May
    rows = res.to_records()
    assert rows[0]["theme"] == "bug"
    assert rows[0]["count"] == 2


# --- theme changes -------------------------------------------------------------------------


def _counts(n: int, **themes: int) -> ThemeCounts:
    return ThemeCounts(selector="tags", n=n, counts=themes)


def test_theme_changes_adjust_all_themes_together() -> None:
    before = _counts(200, billing=20, login=40, bug=30, docs=10)
    after = _counts(220, billing=55, login=25, bug=34, docs=11)
    changes = theme_changes(before, after)
    ps = {}
    for theme in ("billing", "login", "bug", "docs"):
        x1, x2 = before.count(theme), after.count(theme)
        ps[theme] = two_proportion_test(x1, 200, x2, 220)[1]
    qs = dict(zip(ps, benjamini_hochberg(list(ps.values())), strict=True))
    for c in changes:
        assert c.p_value == ps[c.theme]
        assert c.q_value == qs[c.theme]
        assert c.difference == after.count(c.theme) / 220 - before.count(c.theme) / 200
        assert c.lower <= c.difference <= c.upper
    assert changes.rose() == ["billing"]
    assert [c.q_value for c in changes] == sorted(c.q_value for c in changes)
    assert changes.to_records()[0]["theme"] == "billing"


@given(
    st.integers(1, 300).flatmap(
        lambda n: st.tuples(
            st.just(n), st.dictionaries(st.sampled_from("abcde"), st.integers(0, n))
        )
    ),
    st.integers(1, 300).flatmap(
        lambda n: st.tuples(
            st.just(n), st.dictionaries(st.sampled_from("abcde"), st.integers(0, n))
        )
    ),
)
def test_swapping_the_periods_flips_directions_and_keeps_p_and_q(a: Any, b: Any) -> None:
    before, after = _counts(a[0], **a[1]), _counts(b[0], **b[1])
    forward, backward = theme_changes(before, after), theme_changes(after, before)
    assert len(forward) == len(set(a[1]) | set(b[1]))
    for c in forward:
        r = backward[c.theme]
        assert r.p_value == pytest.approx(c.p_value, abs=1e-15)
        assert r.q_value == pytest.approx(c.q_value, abs=1e-15)
        assert r.difference == pytest.approx(-c.difference, abs=1e-15)
        flip = {"rose": "fell", "fell": "rose", "same": "same"}
        assert r.direction == flip[c.direction] or abs(c.difference) < 1e-15
        assert c.p_value <= c.q_value <= 1


def test_theme_changes_bad_input() -> None:
    with pytest.raises(ConfigError, match="after: has no tickets"):
        theme_changes(_counts(3, a=1), ThemeCounts.empty())
    with pytest.raises(MergeError, match="attr:reason"):
        theme_changes(_counts(3, a=1), ThemeCounts.empty("attr:reason").add(Ticket("T", T0)))
    with pytest.raises(InputTypeError, match="before: expected a ThemeCounts"):
        theme_changes({"a": 1}, _counts(3, a=1))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="fdr"):
        theme_changes(_counts(3, a=1), _counts(3, a=1), fdr=1.0)


# --- channels --------------------------------------------------------------------------------


@given(TICKETS)
def test_channel_shares_sum_to_one(tickets: list[Ticket]) -> None:
    res = ChannelMix.empty().add_many(tickets).result()
    if not tickets:
        assert res.n == 0
        assert len(res) == 0
        return
    assert sum(e.value for e in res.values() if e.value is not None) == pytest.approx(1.0)
    assert sum(e.count("successes") for e in res.values()) == len(tickets)


def test_unknown_channel_names_the_ticket_and_value() -> None:
    acc = ChannelMix.empty(channels=["email", "chat"])
    with pytest.raises(ConfigError, match=r"channel: ticket 'T9' has unknown channel 'fax'"):
        acc.add(TicketHistory(Ticket("T9", T0, channel="fax"), []))
    with pytest.raises(ConfigError, match=r"channels\[1\]"):
        ChannelMix.empty(channels=["email", ""])
    with pytest.raises(InputTypeError, match="channels"):
        ChannelMix.empty(channels="email")
    with pytest.raises(InputTypeError, match=r"got float 1\.5"):
        ChannelMix.empty().add(1.5)
    # Listed channels with no contacts still appear, with no value.
    res = acc.add("chat").result()
    assert list(res) == ["chat", "email"]
    assert res["email"].value == 0.0


def test_channel_shift_statistic_is_pearson_with_the_right_df() -> None:
    months = {
        "jan": ChannelMix.empty().add_many(["email"] * 52 + ["chat"] * 20 + ["phone"] * 18),
        "feb": ChannelMix.empty().add_many(["email"] * 40 + ["chat"] * 35 + ["phone"] * 20),
        "mar": ChannelMix.empty().add_many(["email"] * 33 + ["chat"] * 41 + ["phone"] * 19),
    }
    shift = channel_shift(months)
    table = [[52, 20, 18], [40, 35, 20], [33, 41, 19]]
    # columns are sorted by name: chat, email, phone
    sorted_table = [[r[1], r[0], r[2]] for r in table]
    assert shift.observed == tuple(map(tuple, sorted_table))
    assert shift.statistic == pytest.approx(_pearson(sorted_table), rel=1e-12)
    assert shift.df == 4
    assert shift.pooled == ()
    assert shift.p_value == pytest.approx(chi_square_sf(_pearson(sorted_table), 4))
    assert shift.shifted is True


def test_channel_shift_against_scipy_when_installed() -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    rows = [[30, 12, 9, 5], [22, 25, 11, 8], [18, 31, 12, 9]]
    names = ["chat", "email", "phone", "social"]
    mixes = [
        ChannelMix.empty().add_many([c for c, k in zip(names, r, strict=True) for _ in range(k)])
        for r in rows
    ]
    shift = channel_shift(mixes)
    chi2, p, df, _ = scipy_stats.chi2_contingency(rows, correction=False)
    assert shift.statistic == pytest.approx(chi2)
    assert shift.df == df
    assert shift.p_value == pytest.approx(p, rel=1e-9)


def test_channel_shift_pools_small_channels_by_cochrans_rule() -> None:
    a = ChannelMix.empty().add_many(["email"] * 50 + ["chat"] * 45 + ["fax"] * 3 + ["sms"] * 2)
    b = ChannelMix.empty().add_many(["email"] * 40 + ["chat"] * 55 + ["fax"] * 4 + ["sms"] * 3)
    shift = channel_shift([a, b])
    assert shift.pooled == ("fax", "sms")
    assert POOLED in shift.channels
    assert len(shift.channels) == 3
    assert shift.observed[0][-1] == 5
    assert shift.df == 2
    # Every expected count now meets the rule.
    assert shift.p_value is not None


def test_channel_shift_without_a_valid_test_says_why() -> None:
    tiny = ChannelMix.empty().add_many(["email", "chat"])
    shift = channel_shift({"a": tiny, "b": tiny})
    assert shift.p_value is None
    assert shift.shifted is None
    assert "Cochran" in shift.note
    assert "no test" in repr(shift)
    assert channel_shift([ChannelMix.empty().add("chat")] * 2).note.startswith(
        "needs at least two channels"
    )
    empty_period = channel_shift({"a": ChannelMix.empty(), "b": tiny})
    assert empty_period.periods == ("b",)
    with pytest.raises(InputTypeError, match="period 'x': expected a ChannelMix"):
        channel_shift({"x": 3})
    with pytest.raises(ConfigError, match="alpha"):
        channel_shift([tiny, tiny], alpha=0)


def test_channel_shift_reads_a_segmented_accumulator() -> None:
    tickets = [
        Ticket(f"T{i}", T0 + timedelta(days=35 * (i % 2)), channel="chat" if i % 3 else "email")
        for i in range(120)
    ]
    seg = by(periods("month"), ChannelMix.empty()).add_many(tickets)
    shift = channel_shift(seg)
    assert len(shift.periods) == 2
    assert shift.p_value is not None


# --- positive to negative --------------------------------------------------------------------


def _rating(score: float, lo: int = 1, hi: int = 5, survey: str = "csat") -> SatisfactionRating:
    return SatisfactionRating("r", T0, score=score, scale_min=lo, scale_max=hi, survey=survey)


def test_midpoint_and_explicit_cut_offs() -> None:
    pn = PositiveNegative.empty()
    assert [pn.classify(_rating(s)) for s in (1, 2, 3, 4, 5)] == [-1, -1, 0, 1, 1]
    assert [pn.classify(_rating(s, 0, 1)) for s in (0, 1)] == [-1, 1]
    nps = PositiveNegative.empty(survey="nps", positive_from=9, negative_to=6)
    scores = [nps.classify(_rating(s, 0, 10, "nps")) for s in range(11)]
    assert scores == [-1] * 7 + [0, 0] + [1, 1]


@given(st.lists(satisfaction_ratings(), max_size=40))
def test_ratio_counts_match_a_direct_tally(ratings: list[SatisfactionRating]) -> None:
    acc = PositiveNegative.empty().add_many(ratings)
    mids = [(r.score - (r.scale_min + r.scale_max) / 2) for r in ratings]
    assert acc.positive == sum(m > 0 for m in mids)
    assert acc.negative == sum(m < 0 for m in mids)
    est = acc.result()
    assert est.missing == sum(m == 0 for m in mids)
    assert est.value is None or math.isfinite(est.value)
    if acc.negative == 0:
        assert est.value is None
        assert est.upper is None


def test_histories_count_their_latest_rating_only() -> None:
    h = TicketHistory(Ticket("T", T0), [
        SatisfactionRating("a", T0, score=1), SatisfactionRating("b", T0 + timedelta(1), score=5),
        SatisfactionRating("c", T0 + timedelta(2), score=9, survey="nps", scale_max=10),
    ])  # fmt: skip
    assert (PositiveNegative.empty().add(h).positive, PositiveNegative.empty().add(h).negative) == (
        1,
        0,
    )
    both = PositiveNegative.empty(latest_only=False).add(h)
    assert (both.positive, both.negative) == (1, 1)


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
@pytest.mark.parametrize("field", ["positive_from", "negative_to"])
def test_a_cut_off_that_is_not_finite_is_refused_by_name(field: str, bad: float) -> None:
    # positive_from=inf would class no rating positive, negative_to=-inf none negative.
    cuts: dict[str, float] = {"positive_from": 9, "negative_to": 6, field: bad}
    with pytest.raises(ConfigError, match=f"{field}: expected a finite number or None, got"):
        PositiveNegative.empty(**cuts)  # type: ignore[arg-type]


def test_positive_negative_bad_input() -> None:
    with pytest.raises(ConfigError, match="negative_to: give both"):
        PositiveNegative.empty(positive_from=4)
    with pytest.raises(ConfigError, match="negative_to: 4 must be below positive_from 4"):
        PositiveNegative.empty(positive_from=4, negative_to=4)
    with pytest.raises(InputTypeError, match="positive_from"):
        PositiveNegative.empty(positive_from="4", negative_to=2)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="got str"):
        PositiveNegative.empty().add("5")


def test_public_names_have_the_public_module_and_pickle() -> None:
    import servicemodel.feedback as fb

    for name in fb.__all__:
        obj = getattr(fb, name)
        if isinstance(obj, type) or callable(obj):
            assert obj.__module__ == "servicemodel.feedback", name
    acc = ThemeCounts.empty({"a": "b"}).add(Ticket("T", T0, tags={"a"}))
    assert pickle.loads(pickle.dumps(acc)) == acc
    assert issubclass(ConfigError, ServiceModelError)


# --- the sample data and the docs ------------------------------------------------------------


def test_sample_complaints_show_the_april_changes() -> None:
    from servicemodel.io import load_jsonl

    loaded = load_jsonl(ROOT / "examples" / "data" / "feedback_tickets.jsonl", on_error="collect")
    assert loaded.errors == ()
    seg = by(periods("quarter", tz="Europe/Berlin"), ThemeCounts.empty("attr:reason"))
    parts = seg.add_many(loaded.histories).parts
    q1, q2 = (parts[k] for k in sorted(parts))
    changes = theme_changes(q1, q2)
    assert "billing" in changes.rose()
    assert "login" in changes.fell()


BLOCKS = docs.blocks("feedback.md")


def test_docs_page_has_examples() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_docs_block_prints_what_its_comments_say(block: str) -> None:
    assert docs.run(block, "feedback.md") == docs.promised(block)


def test_normal_quantile_used_by_the_references_is_the_stdlib_one() -> None:
    # The tables above are two-sided 5 % points: z(0.975)² is the df-1 critical value.
    assert NormalDist().inv_cdf(0.975) ** 2 == pytest.approx(3.841, abs=5e-4)
