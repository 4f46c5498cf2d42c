"""A new user's hostile walk of SERVQUAL, the blueprint and QA: what it found, pinned.

Each test is one input a user tried that raised an exception of another kind than the
library's, or gave a number no respondent, rater or standard could give. The expected values
follow from the definitions in docs/servqual.md, docs/qa.md and docs/blueprint.md, worked out
by hand in the comments.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests._deadline import deadline

from servicemodel.blueprint import Blueprint, QABenchmarks, assess
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    RecordError,
    ScaleError,
    ServiceModelError,
    UnknownKeyError,
)
from servicemodel.qa import (
    Criterion,
    Evaluation,
    Scale,
    Scorecard,
    calibrate,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    load_evaluations,
)
from servicemodel.servqual import (
    SERVQUAL_1988,
    DimensionWeights,
    Instrument,
    Servqual,
    ServqualResponse,
    responses_from_rows,
)

# --- SERVQUAL ---------------------------------------------------------------------------


def test_reversing_an_answer_off_the_scale_is_a_scale_error_not_a_negative_score() -> None:
    # 8 − 99 = −91: no answer on the 1–7 scale turns into that.
    with pytest.raises(ScaleError, match=r"item 10: 99 is outside the 1–7 scale"):
        SERVQUAL_1988.reverse(10, 99)
    with pytest.raises(ScaleError, match=r"item 1: 0 is outside"):
        SERVQUAL_1988.reverse(1, 0)  # not reverse-scored, still off the scale


def test_reversing_an_answer_to_an_item_not_in_the_instrument_names_the_item() -> None:
    # Item 23 is in no dimension of the 22-item instrument: returning the answer unchanged
    # would say it is a positively worded item.
    with pytest.raises(UnknownKeyError, match=r"item 23 is not in instrument 'SERVQUAL 1988'"):
        SERVQUAL_1988.reverse(23, 3)


@given(
    low=st.integers(min_value=-(2**53), max_value=2**53 - 1),
    width=st.integers(min_value=1, max_value=2**20),
    data=st.data(),
)
def test_reverse_keeps_every_answer_on_its_scale(low: int, width: int, data: st.DataObject) -> None:
    high = min(low + width, 2**53)
    inst = Instrument.from_dimensions("x", {"d": [1, 2]}, reverse_scored=[2], scale=(low, high))
    inside = data.draw(st.integers(min_value=low, max_value=high))
    assert low <= inst.reverse(2, inside) <= high
    outside = data.draw(st.integers(min_value=high + 1) | st.integers(max_value=low - 1))
    with pytest.raises(ScaleError):
        inst.reverse(2, outside)


@pytest.mark.parametrize("scale", [(1, 10**400), (-(10**400), 10**400), (-(2**53) - 1, 0)])
def test_a_scale_beyond_2_to_the_53_is_refused_when_built(scale: tuple[int, int]) -> None:
    # It was accepted, and result() then raised OverflowError turning the sums into floats.
    with pytest.raises(ConfigError, match=r"^scale: ends must lie within ±2\*\*53"):
        Instrument.from_dimensions("huge", {"d": [1]}, scale=scale)


def test_the_widest_scale_allowed_still_scores() -> None:
    inst = Instrument.from_dimensions("wide", {"d": [1]}, scale=(-(2**53), 2**53))
    acc = Servqual.empty(instrument=inst).add_many(
        [ServqualResponse({1: 2**53}, {1: -(2**53)}), ServqualResponse({1: 0}, {1: 0})]
    )
    # Gaps −2**54 and 0: mean −2**53, and the interval stays within ±2**54.
    gap = acc.result().item(1)
    assert gap.value == -(2.0**53)
    assert gap.lower is not None
    assert gap.upper is not None
    assert -(2.0**54) <= gap.lower <= gap.value <= gap.upper <= 2.0**54


def test_points_near_the_float_maximum_sum_exactly_instead_of_overflowing() -> None:
    # Each point and the total are finite floats; their float sum is not (fsum raised
    # OverflowError). 1e308 + 1e308 is not 1e308: a ConfigError naming the points.
    with pytest.raises(ConfigError, match=r"^points: points must sum to 1e\+308, got more than"):
        DimensionWeights.from_points({"a": 1e308, "b": 1e308}, total=1e308)
    w = DimensionWeights.from_points({"a": 1e308, "b": 5e307}, total=1.5e308)
    assert w.weight("a") == pytest.approx(2 / 3)
    assert w.weight("b") == pytest.approx(1 / 3)


def test_a_zero_written_as_minus_zero_is_a_weight_of_zero() -> None:
    w = DimensionWeights.from_points({"a": 100, "b": -0.0})
    assert repr(w.weight("b")) == "0.0"
    assert repr(DimensionWeights({"a": 1, "b": -0.0}).weight("b")) == "0.0"


_ROW = {**{f"E{i}": "6" for i in range(1, 23)}, **{f"P{i}": "5" for i in range(1, 23)}}


@pytest.mark.parametrize("digits", [21, 4301, 5000])
def test_a_cell_of_thousands_of_digits_is_off_the_scale_not_a_value_error(digits: int) -> None:
    # int() refuses text of more than 4300 digits with a bare ValueError.
    with pytest.raises(RecordError, match=r"^line 2: E1: '9+…?' is outside the 1–7 scale"):
        next(responses_from_rows([{**_ROW, "E1": "9" * digits}]))


def test_leading_zeros_do_not_count_as_digits() -> None:
    (response,) = responses_from_rows([{**_ROW, "E1": "0" * 40 + "5"}])
    assert response.expectation(1) == 5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rows": None}, r"^rows: expected an iterable of items, got NoneType None"),
        ({"rows": 5}, r"^rows: expected an iterable of items, got int 5"),
        ({"rows": [_ROW], "instrument": 1988}, r"^instrument: expected Instrument, got int"),
        ({"rows": [_ROW], "instrument": None}, r"^instrument: expected Instrument, got None"),
        ({"rows": [_ROW], "start_line": None}, r"^start_line: expected an int \(a line"),
        ({"rows": [_ROW], "start_line": "2"}, r"^start_line: expected an int .* str '2'"),
        ({"rows": [_ROW], "start_line": 2.0}, r"^start_line: expected an int .* float 2.0"),
        ({"rows": [_ROW], "start_line": True}, r"^start_line: expected an int .* bool True"),
    ],
)
def test_responses_from_rows_checks_its_arguments_when_called(
    kwargs: dict[str, Any], message: str
) -> None:
    # They were read when the first response was drawn: a bare TypeError or AttributeError
    # (None + 0, None.scale), or "line 2.0" in every message.
    with pytest.raises(InputTypeError, match=message):
        responses_from_rows(**kwargs)


_SAME = dict.fromkeys(range(1, 23), 5)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"n": None}, r"^n must be a count"),
        ({"gap_sums": (0,) * 21}, r"^gap_sums: expected 22 integer sums, got"),
        ({"instrument": None}, r"^instrument: expected Instrument, got NoneType None"),
        ({"respondents": {"r1"}}, r"^respondents: expected a frozenset of labels"),
    ],
)
def test_adding_to_an_accumulator_evolved_out_of_shape_names_the_field(
    changes: dict[str, Any], message: str
) -> None:
    # add read the fields unchecked: None + 1, zip(strict=True) of 21 and 22 sums and
    # None.scale were a bare TypeError, ValueError and AttributeError.
    broken = attrs.evolve(Servqual.empty(), **changes)
    with pytest.raises(ServiceModelError, match=message):
        broken.add(ServqualResponse(_SAME, _SAME))
    with pytest.raises(ServiceModelError, match=message):
        broken.add_many([ServqualResponse(_SAME, _SAME)])


def test_an_instrument_of_many_dimensions_scores_without_a_hang() -> None:
    # result() went over every dimension for each dimension's score (cubic: half a minute
    # for 1000 one-item dimensions). Two respondents: gaps all −1, and −1/0 alternating, so
    # overall −1 and −0.5: mean −0.75.
    size = 600
    inst = Instrument.from_dimensions("wide", {f"d{i}": [i + 1] for i in range(size)})
    e = {i + 1: 5 for i in range(size)}
    acc = Servqual.empty(instrument=inst).add_many(
        [ServqualResponse(e, dict.fromkeys(e, 4)), ServqualResponse(e, {i: 4 + i % 2 for i in e})]
    )
    with deadline(5, "result() of 600 dimensions"):
        result = acc.result()
    assert result.unweighted.value == -0.75
    assert result.unweighted.se == pytest.approx(0.25)


@settings(max_examples=60)
@given(
    answers=st.lists(
        st.tuples(
            st.lists(st.integers(1, 5), min_size=4, max_size=4),
            st.lists(st.integers(1, 5), min_size=4, max_size=4),
        ),
        min_size=1,
        max_size=8,
    ),
    points=st.lists(st.integers(0, 100), min_size=3, max_size=3).filter(lambda p: sum(p) > 0),
)
def test_overall_scores_are_the_mean_and_spread_of_respondents_own_scores(
    answers: list[tuple[list[int], list[int]]], points: list[int]
) -> None:
    # The law behind the sums: each overall score's mean and standard error are those of the
    # respondents' own overall scores (docs/servqual.md, "Intervals"), computed here directly.
    inst = Instrument.from_dimensions(
        "three", {"a": [1], "b": [2, 3], "c": [4]}, reverse_scored=[3], scale=(1, 5)
    )
    weights = DimensionWeights.from_points(dict(zip("abc", points, strict=True)), total=sum(points))
    responses = [ServqualResponse(dict(enumerate(e, 1)), dict(enumerate(p, 1))) for e, p in answers]
    result = Servqual.empty(instrument=inst, weights=weights).add_many(responses).result()

    def own(r: ServqualResponse, w: dict[str, Fraction]) -> Fraction:
        gap = {i: inst.reverse(i, r.perception(i)) - inst.reverse(i, r.expectation(i)) for i in e1}
        dims = {"a": Fraction(gap[1]), "b": Fraction(gap[2] + gap[3], 2), "c": Fraction(gap[4])}
        return sum((w[d] * dims[d] for d in dims), Fraction(0))

    e1 = range(1, 5)
    third = {d: Fraction(1, 3) for d in "abc"}
    given_w = {d: Fraction(weights.weight(d)) for d in "abc"}
    for est, w in ((result.unweighted, third), (result.weighted, given_w)):
        assert est is not None
        scores = [own(r, w) for r in responses]
        n = len(scores)
        mean = sum(scores, Fraction(0)) / n
        assert est.value == pytest.approx(float(mean), abs=1e-12)
        if n > 1:
            var = sum(((x - mean) ** 2 for x in scores), Fraction(0)) / (n - 1)
            assert est.se == pytest.approx(math.sqrt(float(var / n)), abs=1e-12)


# --- QA -----------------------------------------------------------------------------------


@pytest.mark.parametrize("point", [True, False, 5.0, Decimal(5), Fraction(5), 5 + 0j, "5"])
def test_scale_value_refuses_what_is_no_point_though_it_equals_one(point: object) -> None:
    # True == 1 and 5.0 == 5: the rank lookup found them, so value(True) was 0 (the rank of 1)
    # although read(True) refuses a bool as an answer.
    with pytest.raises(ScaleError, match=r"^point: .* is not a point of the scale '1-5'"):
        Scale.parse("1-5").value(point)


def test_scale_value_takes_the_points_read_gives() -> None:
    np = pytest.importorskip("numpy")
    assert Scale.parse("1-5").value(np.int64(4)) == Fraction(3, 4)
    assert Scale.parse("yes_no").value("no") == 0
    with pytest.raises(ScaleError, match=r"^point: 1 is not a point of the scale 'yes_no'"):
        Scale.parse("yes_no").value(1)


@given(spec=st.sampled_from(["yes_no", "1-5", "0-10", "1-7"]), data=st.data())
def test_scale_value_of_a_read_answer_is_its_rank(spec: str, data: st.DataObject) -> None:
    scale = Scale.parse(spec)
    rank = data.draw(st.integers(min_value=0, max_value=len(scale.points) - 1))
    point = scale.read(str(scale.points[rank]))
    assert scale.value(point) == Fraction(rank, len(scale.points) - 1)


def test_a_critical_criterion_with_no_failing_point_is_a_config_error() -> None:
    # fail_on = [] made a critical criterion no answer could fail: critical in name only.
    with pytest.raises(ConfigError, match=r"^fail_on: a critical criterion needs a point"):
        Criterion("verify", Scale.parse("yes_no"), critical=True, fail_on=[])
    table = {"name": "s", "criteria": [{"id": "v", "scale": "1-5", "critical": True}]}
    table["criteria"][0]["fail_on"] = []
    with pytest.raises(ConfigError, match=r"^sections\[0\]\.criteria\[0\]\.fail_on: "):
        Scorecard.from_dict({"name": "card", "sections": [table]})
    # Not critical: fail_on decides nothing, and an empty one is allowed as before.
    assert Criterion("tone", Scale.parse("1-5"), fail_on=[]).fail_on == ()


# --- the blueprint ------------------------------------------------------------------------

_CARD_TABLE = {
    "name": "card",
    "sections": [{"name": "s", "criteria": [{"id": "tone", "scale": "1-5"}]}],
}
_CARD = Scorecard.from_dict(_CARD_TABLE)
_AT = datetime(2026, 3, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pass_rate": 70}, r"^pass_rate: expected a share in \[0, 1\], got 70 \(for 70 %"),
        ({"critical_failure_rate": -1}, r"^critical_failure_rate: expected a share in \[0, 1\]"),
        ({"critical_failure_rate": 1e308}, r"^critical_failure_rate: expected a share"),
        ({"pass_rate": float("nan")}, r"^pass_rate: expected a finite number, got nan"),
        ({"pass_rate": "0.8"}, r"^pass_rate: expected a number, got '0.8'"),
        ({"pass_rate": True}, r"^pass_rate: expected a number, got True"),
        ({"pass_rate": 0}, r"^pass_rate: pass_rate >= 0 always holds"),
        ({"critical_failure_rate": 1}, r"^critical_failure_rate: critical_failure_rate <= 1"),
    ],
)
def test_qa_benchmarks_are_checked_when_built_as_when_read(
    kwargs: dict[str, object], message: str
) -> None:
    # Built in Python they were not checked at all: pass_rate=70 ranked a 60 % pass rate
    # 0.99 short, critical_failure_rate=1e308 read as met, a Fraction failed in the label.
    with pytest.raises(ConfigError, match=message):
        QABenchmarks(**kwargs)  # type: ignore[arg-type]


def test_qa_benchmarks_of_any_real_number_kind_are_kept_as_floats() -> None:
    bench = QABenchmarks(pass_rate=Fraction(1, 2), critical_failure_rate=-0.0)
    assert (bench.pass_rate, repr(bench.critical_failure_rate)) == (0.5, "0.0")
    # Ten evaluations, 4 of 5 points ("tone" 1-5): each scores 75, below the pass mark 80,
    # so the pass rate is 0 and misses 0.5 by its whole: (0.5 − 0) / (0.5 − 0) = 1.
    evaluations = [
        Evaluation(f"T{i}", "ann", "rob", date(2026, 3, 2), {"tone": 4}) for i in range(10)
    ]
    blueprint = Blueprint("acme", scorecard=_CARD, qa=bench)
    gaps = {g.name: g for g in assess(blueprint, [], at=_AT, evaluations=evaluations).gaps}
    assert gaps["QA pass rate"].standard == "QA pass rate >= 0.5"
    assert gaps["QA pass rate"].shortfall == 1.0


@pytest.mark.parametrize("share", [0.3, 0.9])
def test_a_qa_share_read_from_a_blueprint_names_its_path(share: float) -> None:
    table = {"name": "acme", "qa": {"scorecard": _CARD_TABLE, "pass_rate": share * 100}}
    with pytest.raises(ConfigError, match=r"^qa\.pass_rate: expected a share in \[0, 1\]"):
        Blueprint.from_dict(table)


@given(share=st.floats(min_value=0, max_value=1, exclude_min=True))
def test_every_pass_rate_share_but_the_worst_is_a_benchmark(share: float) -> None:
    assert QABenchmarks(pass_rate=share).pass_rate == share
    via_blueprint = Blueprint.from_dict(
        {"name": "acme", "qa": {"scorecard": _CARD_TABLE, "pass_rate": share}}
    )
    assert via_blueprint.qa == QABenchmarks(pass_rate=share)


@pytest.mark.parametrize("version", [1988.0, [1988], "1991", True])
def test_a_servqual_version_of_another_kind_is_refused_at_its_path(version: object) -> None:
    with pytest.raises(ConfigError, match=r"^servqual\.version: expected 1988 or 1991"):
        Blueprint.from_dict({"name": "acme", "servqual": {"version": version}})


def test_a_servqual_version_array_is_a_config_error_not_a_truth_value_error() -> None:
    np = pytest.importorskip("numpy")
    with pytest.raises(ConfigError, match=r"^servqual\.version: expected 1988 or 1991"):
        Blueprint.from_dict({"name": "acme", "servqual": {"version": np.array([1988, 1991])}})


@pytest.mark.parametrize("name", ["", " ", "\t\n"])
def test_a_blueprint_built_in_python_needs_a_name_as_one_read(name: str) -> None:
    with pytest.raises(ConfigError, match=r"^name: expected a non-blank name"):
        Blueprint(name)


@pytest.mark.parametrize("window", [timedelta(0), timedelta(days=-1), -timedelta.resolution])
def test_a_blueprint_built_in_python_needs_a_positive_fcr_window_as_one_read(
    window: timedelta,
) -> None:
    with pytest.raises(ConfigError, match=r"^fcr_window: duration must be positive"):
        Blueprint("acme", fcr_window=window)


# --- rater agreement ----------------------------------------------------------------------

_UNITS = [[1, 1], [1, 2], [2, 2]]


@pytest.mark.parametrize(
    ("level", "error"),
    [
        (None, InputTypeError),
        ("0.95", InputTypeError),
        (True, InputTypeError),
        (float("inf"), ConfigError),
        (float("nan"), ConfigError),
        (10**400, ConfigError),
        (1e308, ConfigError),
        (1.5, ConfigError),
        (0, ConfigError),
    ],
)
def test_a_bootstrap_confidence_level_is_checked_before_the_bootstrap(
    level: object, error: type[Exception]
) -> None:
    # The percentiles read the level first: None or text was a bare TypeError, an infinity or
    # a huge number an OverflowError, NaN a ValueError from math.floor.
    with pytest.raises(error, match=r"^level must be a number strictly between 0 and 1, got"):
        fleiss_kappa(_UNITS, level=level)  # type: ignore[arg-type]
    with pytest.raises(error, match=r"^confidence must be a number strictly between 0 and 1"):
        krippendorff_alpha(_UNITS, confidence=level)  # type: ignore[arg-type]
    evaluations = [
        Evaluation(f"T{i}", "ann", rater, date(2026, 3, 2), {"tone": 1 + (i + len(rater)) % 5})
        for i in range(4)
        for rater in ("rob", "kim")
    ]
    with pytest.raises(error, match=r"^confidence must be a number strictly between 0 and 1"):
        calibrate(evaluations, _CARD, confidence=level)  # type: ignore[arg-type]


@given(level=st.floats(min_value=0.01, max_value=0.99))
def test_a_wider_bootstrap_level_never_narrows_the_interval(level: float) -> None:
    units = [[1, 1, 2], [2, 2, 2], [1, 3, 3], [3, 3, 3], [1, 2, 1], [2, 2, 3]]
    narrow = krippendorff_alpha(units, level="interval", confidence=level, resamples=200)
    wide = krippendorff_alpha(
        units, level="interval", confidence=min(0.995, level + 0.005), resamples=200
    )
    assert narrow.lower is not None
    assert narrow.upper is not None
    assert wide.lower is not None
    assert wide.upper is not None
    # The same seed draws the same resamples: a wider level takes percentiles further out.
    assert wide.lower <= narrow.lower <= narrow.upper <= wide.upper


@pytest.mark.parametrize("card", [None, "card.toml", _CARD_TABLE])
def test_reading_or_calibrating_against_no_scorecard_names_the_argument(card: object) -> None:
    # With no evaluations (or before the first), the scorecard's criteria were read first:
    # an AttributeError from deep inside.
    with pytest.raises(InputTypeError, match=r"^scorecard: expected Scorecard, got "):
        load_evaluations(["ticket_id,agent,rater,date,tone"], card)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match=r"^scorecard: expected Scorecard, got "):
        calibrate([], card)  # type: ignore[arg-type]


def _weighted_kappa_by_definition(a: list[int], b: list[int], k: int, power: int) -> Fraction:
    """Cohen's (1968) weighted κ straight from its definition, in fractions (categories 0..k-1)."""
    n = len(a)

    def w(i: int, j: int) -> Fraction:
        return 1 - Fraction(abs(i - j), k - 1) ** power

    p_o = sum((w(i, j) for i, j in zip(a, b, strict=True)), Fraction(0)) / n
    p_e = sum(
        (Fraction(a.count(i) * b.count(j), n * n) * w(i, j) for i in range(k) for j in range(k)),
        Fraction(0),
    )
    return (p_o - p_e) / (1 - p_e)


@given(
    data=st.data(),
    k=st.integers(min_value=2, max_value=6),
    power=st.sampled_from([1, 2]),
)
def test_weighted_kappa_is_its_definition(data: st.DataObject, k: int, power: int) -> None:
    n = data.draw(st.integers(min_value=2, max_value=20))
    a = data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    b = data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    weights = "linear" if power == 1 else "quadratic"
    got = cohen_kappa(a, b, weights=weights, categories=range(k))
    p_e_is_one = got.value is None
    if not p_e_is_one:
        assert got.value == float(_weighted_kappa_by_definition(a, b, k, power))


def test_weighted_kappa_of_hundreds_of_categories_without_a_hang() -> None:
    # The sums over pairs of categories ran in fractions: 3.5 s for 300 categories.
    k = 400
    a = list(range(k)) * 2
    b = list(reversed(range(k))) * 2
    with deadline(3, "weighted kappa of 400 categories"):
        got = cohen_kappa(a, b, weights="quadratic")
    # The raters' orders are exactly reversed: complete quadratic disagreement, κ = −1.
    assert got.value == -1.0
