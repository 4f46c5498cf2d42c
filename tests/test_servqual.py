"""Tests for servicemodel.servqual (SERVQUAL gap scores) and its Hypothesis strategy."""

from __future__ import annotations

import csv
import itertools
import math
import pickle
import statistics
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, MergeError, RecordError, ScaleError
from servicemodel.kpi import Estimate, t_quantile
from servicemodel.servqual import (
    DIMENSIONS,
    SERVQUAL_1988,
    SERVQUAL_1991,
    DimensionWeights,
    Instrument,
    Servqual,
    ServqualResponse,
    responses_from_rows,
    standard_instrument,
)
from servicemodel.strategies._servqual import servqual_responses

ROOT = Path(__file__).resolve().parent.parent

# Parasuraman, Zeithaml & Berry (1988, J. Retailing 64(1)), Table 1 / (1991, J. Retailing 67(4)):
# tangibles 1-4, reliability 5-9, responsiveness 10-13, assurance 14-17, empathy 18-22.
PUBLISHED_MAP = {
    "tangibles": [1, 2, 3, 4],
    "reliability": [5, 6, 7, 8, 9],
    "responsiveness": [10, 11, 12, 13],
    "assurance": [14, 15, 16, 17],
    "empathy": [18, 19, 20, 21, 22],
}
REVERSED_1988 = {10, 11, 12, 13, 18, 19, 20, 21, 22}

instruments = st.sampled_from([SERVQUAL_1991, SERVQUAL_1988])
weight_vectors = st.lists(st.integers(0, 100), min_size=5, max_size=5).filter(any)


def _weights(raw: list[int]) -> DimensionWeights:
    total = sum(raw)
    return DimensionWeights.from_points(
        dict(zip(DIMENSIONS, [100 * r / total for r in raw], strict=True))
    )


def _full(value: int) -> dict[int, int]:
    return dict.fromkeys(range(1, 23), value)


# --- instrument data -----------------------------------------------------------------------


def test_standard_mapping_matches_the_published_instrument() -> None:
    for inst in (SERVQUAL_1988, SERVQUAL_1991):
        assert inst.dimensions == tuple(PUBLISHED_MAP)
        for dim, items in PUBLISHED_MAP.items():
            assert list(inst.items_of(dim)) == items
        assert inst.item_numbers == tuple(range(1, 23))
    assert SERVQUAL_1988.reverse_scored == REVERSED_1988
    assert SERVQUAL_1991.reverse_scored == frozenset()
    assert standard_instrument(1988) is SERVQUAL_1988
    assert standard_instrument() is SERVQUAL_1991
    with pytest.raises(ConfigError, match="version must be 1988 or 1991"):
        standard_instrument(2001)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("build", "path", "message"),
    [
        (lambda: Instrument.from_dimensions("x", {}), "dimensions", "at least one dimension"),
        (lambda: Instrument("x", ("a",), [(1, "b")]), "items[0]", "unknown dimension 'b'"),
        (lambda: Instrument("x", ("a", "b"), [(1, "a")]), "dimensions[1]", "'b' has no items"),
        (lambda: Instrument("x", ("a",), [(1, "a"), (1, "a")]), "items[1]", "duplicate item 1"),
        (lambda: Instrument("x", ("a",), [(0, "a")]), "items[0]", "int ≥ 1"),
        (lambda: Instrument("x", ("a", "a"), [(1, "a")]), "dimensions[1]", "duplicate dimension"),
        (lambda: Instrument("x", ("a",), [(1, "a")], [2]), "reverse_scored", r"\[2\]"),
        (lambda: Instrument("x", ("a",), [(1, "a")], scale=(5, 1)), "scale", "low must be below"),
        (lambda: Instrument("", ("a",), [(1, "a")]), "name", "non-blank"),
    ],
)
def test_custom_instrument_validation(build: object, path: str, message: str) -> None:
    assert callable(build)
    with pytest.raises(ConfigError, match=message) as info:
        build()
    assert info.value.path == path


def test_custom_instrument_works_end_to_end() -> None:
    inst = Instrument.from_dimensions(
        "short", {"speed": [1, 2], "care": [3]}, reverse_scored=[3], scale=(1, 5)
    )
    r = ServqualResponse({1: 5, 2: 4, 3: 1}, {1: 3, 2: 4, 3: 2})
    res = Servqual.empty(instrument=inst).add(r).result()
    assert res.dimension("speed").value == -1.0  # (−2 + 0) / 2
    # item 3 is reverse-scored on 1..5: E 1 -> 5, P 2 -> 4, gap −1
    assert res.dimension("care").value == -1.0
    with pytest.raises(ScaleError, match="E1: 7 is outside the 1–5 scale"):
        Servqual.empty(instrument=inst).add(ServqualResponse({1: 7, 2: 1, 3: 1}, r.perceptions))


# --- weights -------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [-0.1, 1.5, math.nan, math.inf])
def test_weight_outside_unit_interval(bad: float) -> None:
    weights = {"tangibles": bad, "reliability": 0.25, "responsiveness": 0.25, "assurance": 0.25}
    with pytest.raises(ConfigError, match=r"weight must be in \[0, 1\]") as info:
        DimensionWeights(weights)
    assert info.value.path == "weights.tangibles"


@given(raw=st.lists(st.floats(0, 1), min_size=5, max_size=5))
def test_weights_not_summing_to_one_are_errors(raw: list[float]) -> None:
    mapping = dict(zip(DIMENSIONS, raw, strict=True))
    if abs(math.fsum(raw) - 1) > 1e-9:
        with pytest.raises(ConfigError, match="weights must sum to 1"):
            DimensionWeights(mapping)
    else:
        assert DimensionWeights(mapping).weight("empathy") == raw[4]


@given(raw=st.lists(st.floats(-10, 10, allow_nan=False), min_size=5, max_size=5))
def test_weights_outside_range_are_errors(raw: list[float]) -> None:
    if all(0 <= w <= 1 for w in raw):
        return
    with pytest.raises(ConfigError, match=r"weight must be in \[0, 1\]"):
        DimensionWeights(dict(zip(DIMENSIONS, raw, strict=True)))


def test_weights_tolerance_and_types() -> None:
    DimensionWeights({"a": 0.5, "b": 0.5 + 5e-10})
    with pytest.raises(ConfigError, match="sum to 1"):
        DimensionWeights({"a": 0.5, "b": 0.5 + 2e-9})
    with pytest.raises(ConfigError, match="must be a number") as info:
        DimensionWeights({"a": True, "b": 0.0})
    assert info.value.path == "weights.a"
    with pytest.raises(ConfigError, match="no dimension weights"):
        DimensionWeights({})


def _real_types() -> list[object]:
    np = pytest.importorskip("numpy")
    return [float, Decimal, Fraction, np.float64, np.float32, np.float16, np.longdouble]


@given(cuts=st.lists(st.integers(0, 100), min_size=4, max_size=4), data=st.data())
def test_weights_of_any_real_number_type_are_the_weights_written(
    cuts: list[int], data: st.DataObject
) -> None:
    ends = [0, *sorted(cuts), 100]
    raw = [b - a for a, b in itertools.pairwise(ends)]  # five whole points summing to 100
    # Law: weights given as any real number type (numpy float32 as well as float64, Decimal,
    # Fraction) are the weights written in decimal: float32(0.37) is 0.37, as numpy prints it,
    # so float32 weights summing to 1 in decimal are accepted, not refused for 1.00000002.
    kind = data.draw(st.sampled_from(_real_types()))
    text = [f"{r / 100:.2f}" for r in raw]
    given = DimensionWeights(dict(zip(DIMENSIONS, [kind(t) for t in text], strict=True)))  # type: ignore[operator]
    assert given == DimensionWeights(dict(zip(DIMENSIONS, map(float, text), strict=True)))
    assert all(type(w) is float for _, w in given.weights)
    points = [data.draw(st.sampled_from([int, kind]))(r) for r in raw]  # type: ignore[operator]
    assert DimensionWeights.from_points(dict(zip(DIMENSIONS, points, strict=True))) == (
        DimensionWeights.from_points(dict(zip(DIMENSIONS, raw, strict=True)))
    )


def test_numpy_weights_are_accepted_and_numpy_bools_and_arrays_refused() -> None:
    np = pytest.importorskip("numpy")
    fifths = dict.fromkeys(DIMENSIONS, np.float32(0.2))
    acc = Servqual.empty(weights=fifths).add(ServqualResponse(_full(6), _full(5)))
    assert acc.weights == DimensionWeights(dict.fromkeys(DIMENSIONS, 0.2))
    assert acc.result().weighted is not None
    assert acc.result().weighted.value == pytest.approx(-1.0)
    for bad in (np.bool_(True), np.array([0.5]), "0.5"):
        with pytest.raises(ConfigError, match="must be a number") as info:
            DimensionWeights({"a": bad, "b": 0.5})
        assert info.value.path == "weights.a"
    with pytest.raises(ConfigError, match=r"weight must be in \[0, 1\]") as info:
        DimensionWeights({"a": np.float32("nan"), "b": 0.5})
    with pytest.raises(ConfigError, match="points must be ≥ 0") as info:
        DimensionWeights.from_points({"a": np.int64(110), "b": np.float32(-10)})
    assert info.value.path == "points.b"


def test_weights_from_points() -> None:
    w = DimensionWeights.from_points(
        {"tangibles": 10, "reliability": 32, "responsiveness": 22, "assurance": 19, "empathy": 17}
    )
    assert w.weight("reliability") == 0.32
    with pytest.raises(ConfigError, match="points must sum to 100, got 99") as info:
        DimensionWeights.from_points({"a": 50, "b": 49})
    assert info.value.path == "points"
    with pytest.raises(ConfigError, match="points must be ≥ 0") as info:
        DimensionWeights.from_points({"a": 110, "b": -10})
    assert info.value.path == "points.b"


def test_weights_must_match_the_instrument() -> None:
    with pytest.raises(ConfigError, match=r"no weight for \['reliability'"):
        Servqual.empty(weights={"tangibles": 1.0})
    five = dict.fromkeys(DIMENSIONS, 0.2)
    with pytest.raises(ConfigError, match=r"not dimensions of 'SERVQUAL 1991': \['price'\]"):
        Servqual.empty(weights={**five, "tangibles": 0.1, "price": 0.1})


# --- answers -------------------------------------------------------------------------------


@pytest.mark.parametrize(("bad", "message"), [(True, "bool"), (math.nan, "NaN"), (5.5, "whole")])
def test_bad_answers_are_scale_errors(bad: object, message: str) -> None:
    with pytest.raises(ScaleError, match=message):
        ServqualResponse({**_full(5), 3: bad}, _full(5))


@pytest.mark.parametrize("bad", [0, 8, -1])
def test_out_of_scale_answer(bad: int) -> None:
    with pytest.raises(ScaleError, match=f"P4: {bad} is outside the 1–7 scale"):
        Servqual.empty().add(ServqualResponse(_full(5), {**_full(5), 4: bad}))


def test_missing_and_unknown_items() -> None:
    e = _full(5)
    p = dict.fromkeys(range(1, 22), 5)
    with pytest.raises(RecordError, match="missing answer") as info:
        Servqual.empty().add(ServqualResponse(e, p, respondent="r9"))
    assert info.value.path == "P22"
    assert "r9" in str(info.value)
    with pytest.raises(RecordError, match="item 23 is not in instrument"):
        Servqual.empty().add(ServqualResponse({**e, 23: 4}, _full(5)))
    with pytest.raises(InputTypeError):
        ServqualResponse({"1": 5}, {1: 5})
    with pytest.raises(InputTypeError):
        ServqualResponse({1: "5"}, {1: 5})


def test_integral_floats_are_accepted() -> None:
    r = ServqualResponse({1: 6.0}, {1: 4})
    assert r.expectation(1) == 6
    assert isinstance(r.expectation(1), int)


# --- reference computation -----------------------------------------------------------------


def _respondent_scores(
    inst: Instrument, r: ServqualResponse, weights: DimensionWeights | None
) -> tuple[dict[str, Fraction], Fraction, Fraction | None]:
    """Dimension, unweighted and weighted scores of one respondent, written out by hand."""
    e, p = dict(r.expectations), dict(r.perceptions)
    dims: dict[str, Fraction] = {}
    for dim, items in PUBLISHED_MAP.items():
        gaps = []
        for i in items:
            ei, pi = e[i], p[i]
            if inst is SERVQUAL_1988 and i in REVERSED_1988:
                ei, pi = 8 - ei, 8 - pi
            gaps.append(Fraction(pi - ei))
        dims[dim] = sum(gaps, Fraction(0)) / len(gaps)
    unweighted = sum(dims.values(), Fraction(0)) / 5
    weighted = None
    if weights is not None:
        weighted = sum((Fraction(weights.weight(d)) * g for d, g in dims.items()), Fraction(0))
    return dims, unweighted, weighted


def _check(est: Estimate, scores: list[Fraction], reach: float = 6) -> None:
    """``est`` is the mean of ``scores`` with its t interval clipped to ``[-reach, reach]``."""
    n = len(scores)
    assert est.n == n
    mean = sum(scores, Fraction(0)) / n
    assert est.value == pytest.approx(float(mean), abs=1e-12)
    if n >= 2:
        sd = statistics.stdev([float(s) for s in scores])
        half = t_quantile(0.975, n - 1) * sd / math.sqrt(n)
        assert est.lower == pytest.approx(max(float(mean) - half, -reach), abs=1e-9)
        assert est.upper == pytest.approx(min(float(mean) + half, reach), abs=1e-9)


@given(
    inst=instruments,
    responses=st.data(),
    raw=weight_vectors,
)
def test_scores_match_a_hand_computation(
    inst: Instrument, responses: st.DataObject, raw: list[int]
) -> None:
    rs = responses.draw(st.lists(servqual_responses(instrument=inst), min_size=1, max_size=25))
    weights = _weights(raw)
    res = Servqual.empty(instrument=inst, weights=weights).add_many(rs).result()
    per = [_respondent_scores(inst, r, weights) for r in rs]
    for dim in DIMENSIONS:
        _check(res.dimension(dim), [d[dim] for d, _, _ in per])
    _check(res.unweighted, [u for _, u, _ in per])
    assert res.weighted is not None
    reach = 6 * float(sum((Fraction(weights.weight(d)) for d in DIMENSIONS), Fraction(0)))
    _check(res.weighted, [w for _, _, w in per if w is not None], reach)
    for item in (1, 10, 22):
        sign = -1 if inst is SERVQUAL_1988 and item in REVERSED_1988 else 1
        _check(res.item(item), [Fraction(sign * r.gap(item)) for r in rs])


def test_reverse_scoring_1988() -> None:
    # Expect 6 and perceive 3 on negatively worded item 10: scored 2 and 5, a gap of +3.
    e, p = {**_full(4), 10: 6}, {**_full(4), 10: 3}
    r = ServqualResponse(e, p)
    assert Servqual.empty(instrument=SERVQUAL_1988).add(r).result().item(10).value == 3.0
    assert Servqual.empty(instrument=SERVQUAL_1991).add(r).result().item(10).value == -3.0


def test_example_in_numbers() -> None:
    # Two respondents, reliability gaps −2 and 0 on every item; everything else 0.
    e = _full(6)
    r1 = ServqualResponse(e, {**e, **dict.fromkeys(range(5, 10), 4)})
    r2 = ServqualResponse(e, e)
    res = Servqual.empty().add_many([r1, r2]).result()
    rel = res.dimension("reliability")
    assert rel.value == -1.0
    assert rel.n == 2
    # sd of (−2, 0) is √2; t(0.975, 1) = 12.7062; half width 12.7062·√2/√2 — which reaches
    # past the possible gaps (−6 to 6 on a 1–7 scale): the interval is clipped to them.
    assert (rel.lower, rel.upper) == (-6.0, 6.0)
    assert rel.se is not None
    assert t_quantile(0.975, 1) * rel.se == pytest.approx(12.7062047, rel=1e-6)
    assert res.unweighted.value == pytest.approx(-0.2)
    assert res.dimension("tangibles").value == 0.0
    assert dict(res.expectation_means)["reliability"] == 6.0
    assert dict(res.perception_means)["reliability"] == 5.0


def test_normal_interval_and_levels() -> None:
    e = _full(6)
    rs = [ServqualResponse(e, _full(v)) for v in (4, 5, 6, 7, 5, 6)]
    acc = Servqual.empty().add_many(rs)
    t_est = acc.result().unweighted
    z_est = acc.result(interval="normal").unweighted
    assert z_est.method == "normal"
    assert z_est.lower is not None
    assert t_est.lower is not None
    assert z_est.lower > t_est.lower  # t is wider for small n
    with pytest.raises(ConfigError, match=r"got 1\.5"):
        acc.result(level=1.5)
    with pytest.raises(ConfigError, match="'wald'"):
        acc.result(interval="wald")  # type: ignore[arg-type]


def test_single_respondent_has_no_interval_and_empty_has_no_value() -> None:
    res = Servqual.empty().add(ServqualResponse(_full(6), _full(5))).result()
    assert res.unweighted.value == -1.0
    assert res.unweighted.lower is None
    empty = Servqual.empty().result()
    assert empty.unweighted.value is None
    assert empty.dimension("empathy").n == 0


# --- laws ----------------------------------------------------------------------------------


@given(inst=instruments, data=st.data())
def test_identical_answers_give_zero_gaps(inst: Instrument, data: st.DataObject) -> None:
    rs = data.draw(st.lists(servqual_responses(instrument=inst), min_size=1, max_size=20))
    same = [ServqualResponse(r.expectations, r.expectations) for r in rs]
    res = Servqual.empty(instrument=inst, weights=dict.fromkeys(DIMENSIONS, 0.2)).add_many(same)
    out = res.result()
    estimates = [e for _, e in out.item_gaps] + [e for _, e in out.dimension_gaps]
    estimates += [out.unweighted, out.weighted] if out.weighted else [out.unweighted]
    for est in estimates:
        assert est.value == 0.0
        if est.n >= 2:
            assert est.lower == 0.0
            assert est.upper == 0.0


_SMALL_SCALES = st.sampled_from([(1, 5), (0, 10), (-3, 3)])


@given(
    inst=st.one_of(
        instruments,
        _SMALL_SCALES.map(
            lambda scale: Instrument.from_dimensions(
                "short", {"tangibles": [1, 2], "reliability": [3]}, reverse_scored=[2], scale=scale
            )
        ),
    ),
    data=st.data(),
    level=st.sampled_from([0.8, 0.95, 0.999]),
    interval=st.sampled_from(["t", "normal"]),
)
def test_every_interval_bound_lies_in_the_possible_gap_range(
    inst: Instrument, data: st.DataObject, level: float, interval: str
) -> None:
    # Law: a gap P − E lies in [low − high, high − low], and so does every mean of gaps (a
    # dimension, the unweighted score); the weighted score in that range times Σw. Few
    # respondents at the scale's ends give wide t intervals that would reach past it.
    low, high = inst.scale
    ends = st.sampled_from([low, low + 1, high - 1, high])
    answers = st.fixed_dictionaries(dict.fromkeys(inst.item_numbers, ends))
    rs = data.draw(st.lists(st.builds(ServqualResponse, answers, answers), min_size=2, max_size=4))
    raw = data.draw(st.lists(st.integers(0, 3), min_size=len(inst.dimensions),
                             max_size=len(inst.dimensions)).filter(any))  # fmt: skip
    weights = DimensionWeights.from_points(
        dict(zip(inst.dimensions, raw, strict=True)), total=sum(raw)
    )
    out = Servqual.empty(instrument=inst, weights=weights).add_many(rs)
    res = out.result(level=level, interval=interval)  # type: ignore[arg-type]
    span = high - low
    reach_w = span * math.fsum(weights.weight(d) for d in inst.dimensions)
    checked = [(e, span) for _, e in res.item_gaps] + [(e, span) for _, e in res.dimension_gaps]
    checked += [(res.unweighted, span)]
    assert res.weighted is not None
    checked += [(res.weighted, reach_w)]
    for est, reach in checked:
        assert est.value is not None
        assert est.lower is not None
        assert est.upper is not None
        assert -reach <= est.lower <= est.value <= est.upper <= reach


@given(inst=instruments, data=st.data(), raw=weight_vectors)
def test_swapping_negates_every_gap(inst: Instrument, data: st.DataObject, raw: list[int]) -> None:
    rs = data.draw(st.lists(servqual_responses(instrument=inst), min_size=1, max_size=20))
    w = _weights(raw)
    a = Servqual.empty(instrument=inst, weights=w).add_many(rs).result()
    b = Servqual.empty(instrument=inst, weights=w).add_many(r.swapped() for r in rs).result()
    pairs = list(zip([e for _, e in a.item_gaps], [e for _, e in b.item_gaps], strict=True))
    pairs += zip([e for _, e in a.dimension_gaps], [e for _, e in b.dimension_gaps], strict=True)
    pairs += [(a.unweighted, b.unweighted)]
    assert a.weighted is not None
    assert b.weighted is not None
    pairs += [(a.weighted, b.weighted)]
    for x, y in pairs:
        assert x.value is not None
        assert y.value is not None
        assert y.value == pytest.approx(-x.value, abs=1e-12)
        if x.lower is not None:
            assert y.upper == pytest.approx(-x.lower, abs=1e-9)


@given(inst=instruments, data=st.data())
def test_merge_of_any_split_equals_one_pass(inst: Instrument, data: st.DataObject) -> None:
    rs = data.draw(st.lists(servqual_responses(instrument=inst), max_size=30))
    cuts = sorted(data.draw(st.lists(st.integers(0, len(rs)), max_size=4)))
    bounds = [0, *cuts, len(rs)]
    empty = Servqual.empty(instrument=inst, weights=dict.fromkeys(DIMENSIONS, 0.2))
    parts = [empty.add_many(rs[a:b]) for a, b in itertools.pairwise(bounds)]
    one_pass = empty.add_many(rs)
    order = data.draw(st.permutations(parts))
    assert sum(order) == one_pass
    merged = parts[0]
    for part in parts[1:]:
        merged = merged.merge(part)
    assert merged == one_pass
    assert merged.result() == one_pass.result()


@given(data=st.data())
def test_merge_laws(data: st.DataObject) -> None:
    def acc() -> Servqual:
        return Servqual.empty().add_many(data.draw(st.lists(servqual_responses(), max_size=5)))

    a, b, c = acc(), acc(), acc()
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert a + Servqual.empty() == a
    assert Servqual.empty() + a == a
    assert pickle.loads(pickle.dumps(a)) == a


def test_merge_mismatch() -> None:
    with pytest.raises(MergeError, match="different instruments"):
        Servqual.empty() + Servqual.empty(instrument=SERVQUAL_1988)
    with pytest.raises(MergeError, match="weights"):
        Servqual.empty().merge(Servqual.empty(weights=dict.fromkeys(DIMENSIONS, 0.2)))
    # One accumulator protocol (servicemodel.kpi.MergeOperators): anything but another
    # Servqual is a MergeError, and only 0 (as sum() starts) may be added on the left.
    with pytest.raises(MergeError):
        Servqual.empty().merge(3)  # type: ignore[arg-type]
    with pytest.raises(MergeError, match="cannot add False"):
        _ = False + Servqual.empty()


# --- respondents count once ----------------------------------------------------------------


def test_a_respondent_added_twice_is_a_merge_error_naming_it() -> None:
    e = _full(6)
    once = Servqual.empty().add(ServqualResponse(e, _full(5), respondent="r1"))
    assert once.respondents == frozenset({"r1"})
    again = ServqualResponse(e, _full(7), respondent="r1")
    with pytest.raises(MergeError, match="respondent 'r1' was already added"):
        once.add(again)
    with pytest.raises(MergeError, match="respondent 'r1' was already added"):
        once.add_many([ServqualResponse(e, e, respondent="r2"), again])
    with pytest.raises(MergeError, match="respondent 'r2' was already added"):
        Servqual.empty().add_many([ServqualResponse(e, e, respondent="r2")] * 2)
    with pytest.raises(MergeError, match="respondent 'r1' is in both parts"):
        once + Servqual.empty().add(again)
    # Responses without a label cannot be told apart: each counts.
    anonymous = Servqual.empty().add_many([ServqualResponse(e, e)] * 3)
    assert (anonymous + anonymous).n == 6
    assert anonymous.respondents == frozenset()


@given(data=st.data())
def test_labelled_respondents_merge_as_one_pass_and_a_shared_one_is_refused(
    data: st.DataObject,
) -> None:
    # Law: with distinct labels, merging any split equals one pass (labels included); a part
    # holding a label another part holds is refused by add, add_many and merge alike.
    rs = data.draw(
        st.lists(servqual_responses(respondent=True), min_size=1, max_size=8, unique_by=_respondent)
    )
    cut = data.draw(st.integers(0, len(rs)))
    a, b = Servqual.empty().add_many(rs[:cut]), Servqual.empty().add_many(rs[cut:])
    one_pass = Servqual.empty().add_many(rs)
    assert a + b == b + a == one_pass
    assert one_pass.respondents == {r.respondent for r in rs}
    twice = data.draw(st.sampled_from(rs))
    again = ServqualResponse(twice.perceptions, twice.expectations, respondent=twice.respondent)
    with pytest.raises(MergeError, match=f"respondent '{twice.respondent}' was already added"):
        one_pass.add(again)
    with pytest.raises(MergeError, match=f"respondent '{twice.respondent}' was already added"):
        one_pass.add_many([again])
    with pytest.raises(MergeError, match=f"respondent '{twice.respondent}' is in both parts"):
        one_pass.merge(Servqual.empty().add(again))


def _respondent(r: ServqualResponse) -> str | None:
    return r.respondent


def test_respondents_of_the_wrong_kind_are_refused_by_merge_and_result() -> None:
    bad = attrs.evolve(Servqual.empty(), respondents=["r1"])
    e = dict.fromkeys(range(1, 23), 6)
    labelled = ServqualResponse(e, e, respondent="r2")
    # add and add_many too: they raised a bare TypeError (a list | a set).
    calls = (
        bad.result,
        lambda: bad.merge(Servqual.empty()),
        lambda: bad.add(labelled),
        lambda: bad.add_many([labelled]),
        lambda: attrs.evolve(Servqual.empty(), respondents=7).add_many([labelled]),
    )
    for call in calls:
        with pytest.raises(InputTypeError, match="respondents: expected a frozenset"):
            call()


# --- loading -------------------------------------------------------------------------------


def _row(**overrides: str) -> dict[str, str]:
    row = {"respondent": "r1"}
    row.update({f"E{i}": "6" for i in range(1, 23)})
    row.update({f"P{i}": "5" for i in range(1, 23)})
    row.update(overrides)
    return row


def test_loader_refuses_a_respondent_read_twice_naming_both_lines() -> None:
    rows = [_row(), _row(respondent="r2"), _row(P3="7")]
    said = "line 4: respondent: 'r1' was already read on line 2"
    with pytest.raises(RecordError, match=said) as info:
        list(responses_from_rows(rows))
    assert (info.value.line, info.value.path) == (4, "respondent")
    # Rows without a respondent are not matched with each other.
    assert len(list(responses_from_rows([_row(respondent=""), _row(respondent="")]))) == 2


def test_a_blank_respondent_is_no_label() -> None:
    # A blank cell (" ") was a label, so two such rows were one respondent read twice; and
    # ServqualResponse(respondent="") made a Servqual refuse a second one as "already added".
    rows = [_row(respondent=" "), _row(respondent="\t")]
    assert [r.respondent for r in responses_from_rows(rows)] == [None, None]
    for blank in ("", " "):
        with pytest.raises(ConfigError, match="respondent: expected a non-blank respondent label"):
            ServqualResponse({1: 6}, {1: 5}, respondent=blank)


def test_loader_reads_rows() -> None:
    rows = [_row(), _row(respondent="r2", P3="7", segment="vip")]
    rs = list(responses_from_rows(rows))
    assert [r.respondent for r in rs] == ["r1", "r2"]
    assert rs[1].gap(3) == 1


@pytest.mark.parametrize(
    ("override", "column", "message"),
    [
        ({"E5": "x"}, "E5", "not a whole number: 'x'"),
        ({"P9": ""}, "P9", "missing answer"),
        ({"P9": "8"}, "P9", "8 is outside the 1–7 scale"),
        ({"E1": "5.5"}, "E1", "not a whole number"),
        ({"E23": "5"}, "E23", "item 23 is not in instrument"),
    ],
)
def test_loader_errors_name_line_and_field(
    override: dict[str, str], column: str, message: str
) -> None:
    rows = [_row(), _row(respondent="r2"), _row(respondent="r3", **override)]
    with pytest.raises(RecordError, match=message) as info:
        list(responses_from_rows(rows))
    assert info.value.line == 4  # header is line 1, rows start at line 2
    assert info.value.path == column


def test_loader_missing_column() -> None:
    row = _row()
    del row["P17"]
    with pytest.raises(RecordError, match="line 7: P17: missing answer"):
        list(responses_from_rows([row], start_line=7))


# --- example data --------------------------------------------------------------------------


def test_shipped_example_survey() -> None:
    path = ROOT / "examples" / "data" / "servqual.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rs = list(responses_from_rows(csv.DictReader(fh)))
    res = Servqual.empty().add_many(rs).result()
    assert 200 <= res.n <= 1000
    worst = sorted(res.dimension_gaps, key=lambda kv: kv[1].value or 0.0)
    assert {worst[0][0], worst[1][0]} == {"reliability", "responsiveness"}
    assert all((e.value or 0.0) < 0 for _, e in res.dimension_gaps)


def test_strategy_options() -> None:
    # Out of the scale is a ConfigError, a wrong type an InputTypeError; both name the strategy.
    with pytest.raises(ConfigError, match=r"servqual_responses: .*got min_value 0"):
        servqual_responses(min_value=0)
    with pytest.raises(InputTypeError, match=r"servqual_responses: instrument .* 'SERVQUAL'"):
        servqual_responses(instrument="SERVQUAL")  # type: ignore[arg-type]


@given(servqual_responses(respondent=True, min_value=2, max_value=6))
def test_strategy_draws_valid_responses(r: ServqualResponse) -> None:
    assert r.respondent
    assert all(2 <= a <= 6 for _, a in r.expectations + r.perceptions)
    assert Servqual.empty().add(r).n == 1
