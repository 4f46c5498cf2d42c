"""Fleiss' kappa is the documented formula's number, rounded once.

docs/qa.md: kappa = (P̄ - P̄e)/(1 - P̄e), P_i = (Σ_j n_ij² - m)/(m(m - 1)), P̄e = Σ p_j². The
counts are integers, so the exact value is a fraction; the coefficient is that fraction
rounded to the nearest float. Raters who agree exactly as often as chance have a kappa of
0, printed as 0 -- not a float's remainder such as -2.5e-16.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.qa import fleiss_kappa


def _exact(subjects: list[list[str]]) -> Fraction | None:
    n, m = len(subjects), len(subjects[0])
    totals: Counter[str] = Counter(label for s in subjects for label in s)
    p_bar = (
        sum(Fraction(sum(k * k for k in Counter(s).values()) - m, m * (m - 1)) for s in subjects)
        / n
    )
    p_e = sum(Fraction(t, n * m) ** 2 for t in totals.values())
    return None if p_e == 1 else (p_bar - p_e) / (1 - p_e)


@st.composite
def _ratings(draw: st.DrawFn) -> list[list[str]]:
    m = draw(st.integers(2, 6))
    labels = st.sampled_from("abcd")
    return draw(st.lists(st.lists(labels, min_size=m, max_size=m), min_size=1, max_size=30))


@given(_ratings())
def test_kappa_is_the_exact_fraction_rounded_once(subjects: list[list[str]]) -> None:
    exact = _exact(subjects)
    k = fleiss_kappa(subjects, resamples=0)
    if exact is None:  # one label only: chance agreement is 1, kappa undefined
        assert k.value is None
    else:
        assert k.value == float(exact)


@given(st.integers(1, 50))
def test_agreement_exactly_at_chance_is_a_kappa_of_0(copies: int) -> None:
    # P_i = 1/3, 1/3, 1 (P̄ = 5/9); p_a = 1/3, p_b = 2/3 (P̄e = 5/9): kappa 0.
    subjects = [["a", "a", "b"], ["a", "b", "b"], ["b", "b", "b"]] * copies
    k = fleiss_kappa(subjects, resamples=0)
    assert k.value == 0
    assert str(k).startswith("Fleiss' kappa 0 ")
