"""servicemodel.qa follow-ups: labels that mix bools with numbers, ordinal α on ranks, QAScores
merge errors that name the field, Section and Scorecard names, and confidence levels shown
close to 100 %."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel._numbers import level_percent
from servicemodel.errors import ConfigError, InputTypeError, MergeError
from servicemodel.kpi import Estimate, compare
from servicemodel.qa import (
    Criterion,
    QAScores,
    Scale,
    Scorecard,
    Section,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
)
from servicemodel.strategies._qa import scorecards

# --- bools mixed with numbers ------------------------------------------------------------------

BOOLS = st.booleans()
NUMBERS = st.one_of(st.integers(-3, 3), st.sampled_from([0.0, 1.0, 2.5]))


@st.composite
def mixed_labels(draw: st.DrawFn, size: int = 8) -> list[Any]:
    """Labels of which at least one is a bool and one a number (``True == 1`` among them)."""
    labels = draw(st.lists(st.one_of(BOOLS, NUMBERS), min_size=size - 2, max_size=size - 2))
    labels += [draw(BOOLS), draw(NUMBERS)]
    return draw(st.permutations(labels))


def _flags_and_numbers(labels: list[Any]) -> tuple[set[str], set[str]]:
    return (
        {repr(x) for x in labels if isinstance(x, bool)},
        {repr(x) for x in labels if not isinstance(x, bool)},
    )


@given(first=mixed_labels(), second=mixed_labels())
def test_cohen_kappa_refuses_bools_mixed_with_numbers_and_names_one_of_each(
    first: list[Any], second: list[Any]
) -> None:
    with pytest.raises(InputTypeError, match="labels mix true/false with numbers") as info:
        cohen_kappa(first, second)
    message = str(info.value)
    flags, numbers = _flags_and_numbers(first + second)
    assert any(f"{f} (" in message for f in flags)
    assert any(f"{n} (" in message for n in numbers)


def test_the_mix_is_refused_even_when_each_rater_uses_one_kind() -> None:
    # Each list is of one kind; together True and 1 would have agreed on every subject.
    with pytest.raises(InputTypeError, match=r"True \(first\[0\]\) and 1 \(second\[0\]\)"):
        cohen_kappa([True, False, True], [1, 0, 1])


def test_weighted_kappa_refuses_bool_categories_for_numeric_labels() -> None:
    # categories [False, True] would order the labels 0 and 1 as if they were the same.
    with pytest.raises(InputTypeError, match=r"categories\[0\]"):
        cohen_kappa([0, 1, 1], [0, 1, 0], weights="linear", categories=[False, True])


@given(labels=mixed_labels(size=6))
def test_fleiss_kappa_refuses_bools_mixed_with_numbers(labels: list[Any]) -> None:
    subjects = [labels[0:2], labels[2:4], labels[4:6]]
    with pytest.raises(InputTypeError, match=r"labels mix true/false with numbers.*subjects\["):
        fleiss_kappa(subjects, resamples=0)


@given(labels=mixed_labels(size=6))
def test_krippendorff_alpha_nominal_refuses_bools_mixed_with_numbers(labels: list[Any]) -> None:
    units = [labels[0:2], labels[2:4], [*labels[4:6], None]]
    with pytest.raises(InputTypeError, match=r"labels mix true/false with numbers.*units\["):
        krippendorff_alpha(units, resamples=0)


@given(
    first=st.lists(BOOLS, min_size=2, max_size=12),
    data=st.data(),
)
def test_all_bool_labels_agree_as_the_same_labels_in_words(
    first: list[bool], data: st.DataObject
) -> None:
    second = data.draw(st.lists(BOOLS, min_size=len(first), max_size=len(first)))
    words = {True: "yes", False: "no"}
    as_bools = cohen_kappa(first, second)
    as_words = cohen_kappa([words[x] for x in first], [words[x] for x in second])
    assert as_bools.value == as_words.value
    assert as_bools.se == as_words.se
    units = [[a, b] for a, b in zip(first, second, strict=True)]
    assert (
        krippendorff_alpha(units, resamples=0).value
        == krippendorff_alpha([[words[x] for x in u] for u in units], resamples=0).value
    )
    assert fleiss_kappa(units, resamples=0).value == (
        fleiss_kappa([[words[x] for x in u] for u in units], resamples=0).value
    )


@given(
    first=st.lists(st.integers(0, 3), min_size=2, max_size=12),
    data=st.data(),
)
def test_an_int_and_the_whole_float_equal_to_it_are_one_label(
    first: list[int], data: st.DataObject
) -> None:
    # The chosen rule: 1 and 1.0 are one number, as a column read with a missing value gives
    # floats; replacing any int by its float changes no coefficient.
    second = data.draw(st.lists(st.integers(0, 3), min_size=len(first), max_size=len(first)))
    floats = data.draw(st.lists(st.booleans(), min_size=len(first), max_size=len(first)))
    first_mixed = [float(x) if f else x for x, f in zip(first, floats, strict=True)]
    assert cohen_kappa(first_mixed, second).value == cohen_kappa(first, second).value
    units = [[a, b] for a, b in zip(first, second, strict=True)]
    mixed_units = [[a, b] for a, b in zip(first_mixed, second, strict=True)]
    assert (
        krippendorff_alpha(mixed_units, resamples=0).value
        == krippendorff_alpha(units, resamples=0).value
    )


# --- ordinal α: numbers, of which only the order counts -----------------------------------------


def test_ordinal_alpha_refuses_text_and_says_to_give_ranks() -> None:
    with pytest.raises(InputTypeError, match=r"got str 'good'; give ordered labels as their ranks"):
        krippendorff_alpha([["good", "poor"], ["fair", "fair"]], level="ordinal")


@given(
    units=st.lists(
        st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=2, max_size=4),
        min_size=2,
        max_size=8,
    ),
    offset=st.integers(-10, 10),
)
def test_ordinal_alpha_depends_on_the_order_of_the_values_only(
    units: list[list[int | None]], offset: int
) -> None:
    # Krippendorff's ordinal metric ranks the values: a strictly increasing relabelling (here
    # x -> x³ + offset) leaves α unchanged.
    relabelled = [[None if x is None else x**3 + offset for x in u] for u in units]
    before = krippendorff_alpha(units, level="ordinal", resamples=0).value
    after = krippendorff_alpha(relabelled, level="ordinal", resamples=0).value
    assert (before is None) == (after is None)
    if before is not None and after is not None:
        assert after == pytest.approx(before, abs=1e-12)


# --- QAScores merge errors name the field ---------------------------------------------------------


@given(card=scorecards(), data=st.data())
def test_a_merge_of_different_scorecards_names_the_field_that_differs(
    card: Scorecard, data: st.DataObject
) -> None:
    places = [(s, c) for s, sec in enumerate(card.sections) for c in range(len(sec.criteria))]
    s, c = data.draw(st.sampled_from(places))
    old = card.sections[s].criteria[c]
    weight = data.draw(st.sampled_from([0.5, 7.0, 11.0]).filter(lambda w: w != old.weight))
    criteria = list(card.sections[s].criteria)
    criteria[c] = attrs.evolve(old, weight=weight)
    sections = list(card.sections)
    sections[s] = Section(sections[s].name, criteria)
    other = Scorecard(card.name, sections, pass_mark=card.pass_mark)
    for left, right, mine, theirs in (
        (card, other, old.weight, weight),
        (other, card, weight, old.weight),
    ):
        with pytest.raises(MergeError) as info:
            QAScores.empty(left) + QAScores.empty(right)
        assert str(info.value) == (
            "cannot merge QAScores of different scorecards: "
            f"sections[{s}].criteria[{c}].weight {mine!r} vs {theirs!r}"
        )


def test_a_merge_error_names_each_differing_field_and_counts_the_rest() -> None:
    five = Scale.parse("1-5")
    card = Scorecard("c", [Section("s", [Criterion("tone", five)])])
    other = Scorecard(
        "d",
        [Section("t", [Criterion("tone", five, critical=True)]), Section("u", [])],
        pass_mark=70,
    )
    with pytest.raises(MergeError) as info:
        QAScores.empty(card).merge(QAScores.empty(other))
    assert str(info.value) == (
        "cannot merge QAScores of different scorecards: name 'c' vs 'd'; pass_mark 80.0 vs "
        "70.0; sections[0].name 's' vs 't' (and 2 more)"
    )
    assert "Scorecard(" not in str(info.value)


# --- Section and Scorecard names ---------------------------------------------------------------

NAMES = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["", " ", "\t\n", "a\x00b", "\x00", "Opening"]),
    st.text(alphabet=" \t\n\x00", max_size=4),
)


def _outcome(build: Any) -> str:
    """``ok``, or the error's class and message without its path."""
    try:
        build()
    except ConfigError as exc:
        return f"{type(exc).__name__}: {exc.message}"
    return "ok"


@given(name=NAMES)
def test_a_section_name_is_read_from_a_file_as_it_is_built(name: str) -> None:
    five = Scale.parse("1-5")
    built = _outcome(lambda: Section(name, [Criterion("a", five)]))
    read = _outcome(
        lambda: Scorecard.from_dict(
            {"name": "x", "sections": [{"name": name, "criteria": [{"id": "a", "scale": "1-5"}]}]}
        )
    )
    assert built == read
    assert (built == "ok") == (bool(name.strip()) and "\x00" not in name)


@given(name=NAMES)
def test_a_scorecard_name_is_read_from_a_file_as_it_is_built(name: str) -> None:
    five = Scale.parse("1-5")
    built = _outcome(lambda: Scorecard(name, [Section("s", [Criterion("a", five)])]))
    read = _outcome(
        lambda: Scorecard.from_dict(
            {"name": name, "sections": [{"name": "s", "criteria": [{"id": "a", "scale": "1-5"}]}]}
        )
    )
    assert built == read
    assert (built == "ok") == (bool(name.strip()) and "\x00" not in name)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "expected a non-blank section name, got ''"),
        ("  ", "expected a non-blank section name, got '  '"),
        ("a\x00b", r"a section name cannot hold a NUL, got 'a\x00b'"),
    ],
)
def test_a_blank_or_nul_section_name_is_refused_with_its_path(name: str, message: str) -> None:
    data = {"name": "x", "sections": [{"name": name, "criteria": [{"id": "a", "scale": "1-5"}]}]}
    with pytest.raises(ConfigError) as info:
        Scorecard.from_dict(data)
    assert str(info.value) == f"sections[0].name: {message}"
    with pytest.raises(ConfigError) as built:
        Section(name, [Criterion("a", Scale.parse("1-5"))])
    assert str(built.value) == f"name: {message}"


# --- confidence levels close to 1 ----------------------------------------------------------------


@given(level=st.floats(min_value=0.5, max_value=1.0, exclude_max=True))
def test_a_level_short_of_one_never_reads_as_100_percent(level: float) -> None:
    text = level_percent(level)
    assert text != "100"
    assert float(text) < 100
    shown = repr(Estimate("x", 0.5, 10, lower=0.4, upper=0.6, level=level))
    assert shown.endswith(f"(n=10, {text} %)")
    assert "100 %" not in shown


@given(level=st.integers(500, 999).map(lambda k: k / 1000))
def test_the_usual_levels_show_as_before(level: float) -> None:
    # Levels of up to three decimals (0.95, 0.9, 0.999) keep their six-digit display.
    assert level_percent(level) == f"{100 * level:g}"


def test_a_level_of_0_999999999999_is_written_out_and_0_95_is_95() -> None:
    near = Estimate("x", 0.5, 10, lower=0.4, upper=0.6, level=0.999999999999)
    assert repr(near) == "x 0.5 ±0.1 (n=10, 99.9999999999 %)"
    assert near.describe() == "x 0.5 (99.9999999999 % CI 0.4 to 0.6), n=10"
    with_se = attrs.evolve(near, se=0.05)
    change = compare(with_se, attrs.evolve(with_se, value=0.6), level=0.999999999999)
    assert repr(change).endswith("(99.9999999999 %)")
    usual = Estimate("x", 0.5, 10, lower=0.4, upper=0.6)
    assert repr(usual) == "x 0.5 ±0.1 (n=10, 95 %)"
    assert level_percent(1) == "100"
